//! The days each version of a document was in force, in register.json: one version at a time,
//! whatever dates its texts and commits state.

use crate::history::{V1, V2, policy};
use crate::support::Repo;

const PATH: &str = "policies/access.md";

/// POL-009's 1.0 approved and committed on 2025-01-10, then `second` (1.1 approved and
/// committed on 2025-06-01 unless given) committed on 2025-06-01.
fn two_versions(second: Option<String>) -> Repo {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    let second = second.unwrap_or_else(|| policy("1.1", "2025-06-01", V2, "Two."));
    r.commit("2025-06-01", "Alice", "1.1", &[(PATH, &second)]);
    r
}

/// Version `version` (1.2 or 1.3, following 1.1) approved on `approved`.
fn next(version: &str, approved: &str) -> String {
    let mut entries = V2.to_vec();
    entries.push(("1.2", "2025-03-20", "Shorter sessions."));
    if version == "1.3" {
        entries.push(("1.3", "2025-09-20", "Longer passwords."));
    }
    policy(version, approved, &entries, &format!("Text of {version}."))
}

/// Each version's (label, in force from, to) of the site built, in label order.
fn built(r: &Repo) -> Vec<(String, String, String)> {
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut got = crate::versions::periods(r);
    got.sort();
    got
}

fn own(label: &str, from: &str, to: &str) -> (String, String, String) {
    (label.to_owned(), from.to_owned(), to.to_owned())
}

/// Bug: a version stating an approval date older than the start of the version it replaced
/// (1.2 committed in September, "approved" in March, while 1.1 was in force from June) was in
/// force from that date: two versions in force on the same days, and 1.1 for one day. Since
/// the 27th session such a version is never in force at all: its text, which replaced 1.1's,
/// cannot have been approved in March, before 1.1 was (it restates 1.1's approval, and check
/// reports the change); 1.1 stays in force. An approval dated between the two (recorded late,
/// not out of order) starts it, but (since the 39th session) not before its words reached the
/// line: committed with its approval in September, it replaced 1.1 then; in review on the
/// line since June, the approval in July approved what the line held, from July.
#[test]
fn a_version_approved_before_the_version_it_replaced_does_not_overlap_it() {
    let periods_with = |approved: &str, in_review: bool| {
        let r = two_versions(None);
        if in_review {
            let review = next("1.2", "2025-06-01").replace("status: approved", "status: review");
            r.commit("2025-06-15", "Alice", "1.2 for review", &[(PATH, &review)]);
        }
        r.commit("2025-09-01", "Alice", "1.2", &[(PATH, &next("1.2", approved))]);
        built(&r)
    };
    let (v1, v2) = (own("1.0", "2025-01-10", "2025-05-31"), own("1.1", "2025-06-01", "-"));
    assert_eq!(periods_with("2025-03-01", false), [v1.clone(), v2, own("1.2", "-", "-")]);
    // Approved in July, committed in September: in force from September, 1.1 until then.
    let v2 = own("1.1", "2025-06-01", "2025-08-31");
    assert_eq!(periods_with("2025-07-01", false), [v1.clone(), v2, own("1.2", "2025-09-01", "-")]);
    // In review on the line from June, its approval of July recorded in September: from July.
    let v2 = own("1.1", "2025-06-01", "2025-06-30");
    assert_eq!(periods_with("2025-07-01", true), [v1, v2, own("1.2", "2025-07-01", "-")]);
}

/// Bug (found by a cold review of the fix above): a version superseded before the day it was
/// to take effect (1.1 approved in June to take effect next December, 1.2 approved in
/// September) held its successor back to that day: 1.0 was listed in force until then, and the
/// current version not yet in force. 1.1 was never in force; 1.2 took over from 1.0.
#[test]
fn a_version_superseded_before_it_took_effect_was_never_in_force() {
    let later = policy("1.1", "2025-06-01", V2, "Two.")
        .replace("status: approved", "effective_date: 2026-12-01\nstatus: approved");
    let r = two_versions(Some(later));
    r.commit("2025-09-01", "Alice", "1.2", &[(PATH, &next("1.2", "2025-09-01"))]);
    let expected =
        [own("1.0", "2025-01-10", "2025-08-31"), own("1.1", "-", "-"), own("1.2", "2025-09-01", "-")];
    assert_eq!(built(&r), expected);
}

/// Bug (found by the same review): whether a version approved before the one it replaced was
/// in force from its approval or its commit depended on `[history] max_versions`: the version
/// before it was not listed, so not compared.
#[test]
fn in_force_periods_do_not_depend_on_how_many_versions_are_listed() {
    let r = two_versions(None);
    r.commit("2025-09-01", "Alice", "1.2", &[(PATH, &next("1.2", "2025-03-01"))]);
    r.commit("2025-10-01", "Alice", "1.3", &[(PATH, &next("1.3", "2025-10-01"))]);
    let toml = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &format!("{toml}\n[history]\nmax_versions = 2\n"));
    // 1.2, stating an approval before 1.1's, was never in force (see above), listed or not.
    assert_eq!(built(&r), [own("1.2", "-", "-"), own("1.3", "2025-10-01", "-")]);
}

/// Bug (found by the same review): a working copy not yet committed, stating an approval
/// before the last committed version's, was listed in force from that version's first day,
/// which then was in force for one day. Until it is committed, the committed version is the
/// one in force.
#[test]
fn an_uncommitted_version_approved_before_the_last_committed_one_is_not_in_force_yet() {
    let r = two_versions(None);
    r.site.write(PATH, &next("1.2", "2025-03-01"));
    let expected =
        [own("1.0", "2025-01-10", "2025-05-31"), own("1.1", "2025-06-01", "-"), own("1.2", "-", "-")];
    assert_eq!(built(&r), expected);
}

/// Bug (found by the same review): versions whose commits are dated before the version they
/// followed (a rebase of an old branch) were in force before it, and it never. Since the 27th
/// session: 1.2, approved in April on that branch and committed after 1.1 (approved in June),
/// restates 1.1's approval (its text, rebased over 1.1's, was not the one approved in April),
/// so it is never in force and 1.1 stays in force.
#[test]
fn versions_committed_with_dates_before_the_one_they_followed_are_in_force_after_it() {
    let r = two_versions(None);
    r.commit("2025-04-02", "Alice", "1.2", &[(PATH, &next("1.2", "2025-04-01"))]);
    let expected =
        [own("1.0", "2025-01-10", "2025-05-31"), own("1.1", "2025-06-01", "-"), own("1.2", "-", "-")];
    assert_eq!(built(&r), expected);
    // Approved again after the rebase, it takes over from that approval.
    r.commit("2025-07-01", "Alice", "1.2 approved", &[(PATH, &next("1.2", "2025-07-01"))]);
    let v2 = own("1.1", "2025-06-01", "2025-06-30");
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2025-05-31"), v2, own("1.2", "2025-07-01", "-")]);
}

/// Bug (a new user's trial, 43rd session): a pull request approving 1.2 on its branch in June,
/// rebased onto the line and fast-forwarded there in August (GitHub's "rebase and merge"), was
/// in force from June: its commit keeps its author's day from the branch, and charta read no
/// other. The line held 1.1 until August, as the commit's committer date says; merged with a
/// merge commit instead, the same change was already in force from the merge.
#[test]
fn a_version_rebased_onto_the_line_is_in_force_from_the_day_it_landed_not_the_day_it_was_written() {
    let r = two_versions(None);
    r.commit("2025-07-01", "Alice", "Unrelated", &[("notes.txt", "Notes.\n")]);
    r.commit_landed(("2025-06-20", "2025-08-05"), "Alice", "1.2", &[(PATH, &next("1.2", "2025-06-20"))]);
    let landed = built(&r);
    assert_eq!(
        landed,
        [
            own("1.0", "2025-01-10", "2025-05-31"),
            own("1.1", "2025-06-01", "2025-08-04"),
            own("1.2", "2025-08-05", "-")
        ]
    );
}

/// Found by a cold review of the first reading of committer dates (43rd session), which
/// believed one only where the commits around it bore it out: the two commits of one pull
/// request rebased onto the line share their committer date, and neither was believed (1.2 in
/// force from the day it was written on the branch); and a second pull request, written before
/// the first landed, moved the first one's day back once it landed in turn. Each commit landed
/// on the later of its two dates, whatever comes after it.
#[test]
fn the_commits_of_pull_requests_rebased_onto_the_line_landed_on_their_committer_dates() {
    let r = two_versions(None);
    r.commit("2025-07-01", "Alice", "Unrelated", &[("notes.txt", "Notes.\n")]);
    let draft = next("1.2", "2025-06-01").replace("status: approved", "status: draft");
    r.commit_landed(("2025-06-18", "2025-08-05"), "Alice", "1.2 drafted", &[(PATH, &draft)]);
    r.commit_landed(("2025-06-20", "2025-08-05"), "Alice", "1.2", &[(PATH, &next("1.2", "2025-06-20"))]);
    let first = [
        own("1.0", "2025-01-10", "2025-05-31"),
        own("1.1", "2025-06-01", "2025-08-04"),
        own("1.2", "2025-08-05", "-"),
    ];
    assert_eq!(built(&r), first);
    // A second pull request, written in July, lands in September: the first keeps its day.
    r.commit_landed(("2025-07-15", "2025-09-10"), "Alice", "1.3", &[(PATH, &next("1.3", "2025-07-15"))]);
    let got = built(&r);
    assert_eq!(got[..2], first[..2]);
    assert_eq!(got[2], own("1.2", "2025-08-05", "2025-09-09"));
    assert_eq!(got[3], own("1.3", "2025-09-10", "-"));
}

/// A line rewritten whole (`git rebase --root` to tidy it, run on one day) gives every commit
/// that day as its committer date: it says nothing of when each landed, and the versions keep
/// the periods their author dates give (believing it, every version but the last would have
/// been "never in force").
#[test]
fn a_line_rebased_whole_on_one_day_keeps_each_version_in_force_as_its_author_dates_say() {
    let rewritten = "2025-12-01";
    let r = Repo::new();
    r.commit_landed(
        ("2025-01-10", rewritten),
        "Alice",
        "1.0",
        &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))],
    );
    r.commit_landed(
        ("2025-06-01", rewritten),
        "Alice",
        "1.1",
        &[(PATH, &policy("1.1", "2025-06-01", V2, "Two."))],
    );
    r.commit_landed(("2025-09-01", rewritten), "Alice", "1.2", &[(PATH, &next("1.2", "2025-09-01"))]);
    assert_eq!(
        built(&r),
        [
            own("1.0", "2025-01-10", "2025-05-31"),
            own("1.1", "2025-06-01", "2025-08-31"),
            own("1.2", "2025-09-01", "-")
        ]
    );
}

/// Bug (found by a second review): two versions approved and committed on one day were both
/// in force that day.
#[test]
fn of_two_versions_that_began_on_one_day_the_last_is_in_force() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.commit("2025-01-10", "Alice", "1.1", &[(PATH, &policy("1.1", "2025-01-10", V2, "Two."))]);
    assert_eq!(built(&r), [own("1.0", "-", "-"), own("1.1", "2025-01-10", "-")]);
}

/// Bug (found by a cold review): with 1.1 approved to take effect on a later day, the page of
/// 1.0, in force until then, said it was superseded, and 1.1's page said nothing of 1.1 not
/// being in force yet.
#[test]
fn a_version_that_takes_effect_later_leaves_the_one_before_in_force_until_then() {
    let later = policy("1.1", "2025-06-01", V2, "Two.")
        .replace("status: approved", "effective_date: 2026-06-01\nstatus: approved");
    let r = two_versions(Some(later));
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2026-05-31"), own("1.1", "2026-06-01", "-")]);
    let old = crate::support::strip_tags(&r.site.page("policies/access/v1.0/index.html"));
    let said = "In force: this is version 1.0, in force since 2025-01-10 until 2026-05-31; version 1.1 is not in force yet.";
    assert!(old.contains(said), "{old}");
    let new = crate::support::strip_tags(&r.site.page("policies/access/index.html"));
    assert!(new.contains("takes effect on 2026-06-01: not in force yet."), "{new}");
    assert!(new.contains("Version 1.0, approved on 2025-01-10, is in force."), "{new}");
}

/// Bug (found by the same review): with 1.1 to take effect later and a draft 1.2 over it, 1.1's
/// page said "Superseded ... In force from 2026-06-01 to ." and 1.0's named the draft as the
/// version not yet in force; a removed document's versions ran on past its removal, its 1.0
/// badged "In force".
#[test]
fn a_version_to_take_effect_later_under_a_draft_and_after_a_removal() {
    let later = policy("1.1", "2025-06-01", V2, "Two.")
        .replace("status: approved", "effective_date: 2026-06-01\nstatus: approved");
    let r = two_versions(Some(later));
    let draft = next("1.2", "2025-06-01").replace("status: approved", "status: draft");
    r.commit("2025-09-01", "Alice", "1.2 draft", &[(PATH, &draft)]);
    built(&r);
    let page =
        |v: &str| crate::support::strip_tags(&r.site.page(&format!("policies/access/v{v}/index.html")));
    let said = "Not in force yet: this is version 1.1, approved to take effect on 2026-06-01.";
    assert!(page("1.1").contains(said), "{}", page("1.1"));
    assert!(page("1.0").contains("until 2026-05-31; version 1.1 is not in force yet."), "{}", page("1.0"));
    // Removed before 1.1 took effect: 1.0 in force until the day before, 1.1 never.
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit("2026-01-15", "Alice", "Remove", &[("policies/other.md", "# Notes\n")]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let removed = &json["removed"][0]["versions"];
    let periods: Vec<String> = removed
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{} {} {}", v["label"], v["in_force_from"], v["in_force_to"]))
        .collect();
    assert!(periods.contains(&"\"1.0\" \"2025-01-10\" \"2026-01-14\"".to_owned()), "{periods:?}");
    assert!(periods.contains(&"\"1.1\" null null".to_owned()), "{periods:?}");
    let old = r.site.page("removed/policies/access/v1.0/index.html");
    assert!(old.contains("badge-retired\">Superseded<"), "{old}");
}

/// Bug (found by a cold review): a version that raised the version and kept the approval date
/// of the one before (committed a month after that approval: nobody approved its text) was
/// listed in force from its commit, and the approved version only until then, while `check`
/// reported its change as never approved. It was never in force: the approved version is.
#[test]
fn a_version_stating_the_approval_date_of_the_one_before_is_never_in_force() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    let entries = [V1[0], ("1.1", "2025-01-10", "Shorter passwords.")];
    r.commit("2025-02-10", "Alice", "1.1", &[(PATH, &policy("1.1", "2025-01-10", &entries, "Two."))]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "-"), own("1.1", "-", "-")]);
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains("This text records no approval of its own"), "{page}");
    assert!(page.contains("Version 1.0, approved on 2025-01-10, is in force."), "{page}");
    let root = r.site.root().to_str().unwrap();
    let check =
        crate::support::charta(&["check", "--root", root, "--today", "2026-03-01", "--format", "json"]);
    assert!(check.stdout.contains("history/changed-after-approval"), "{}", check.stdout);
    // Approved with a date of its own, it takes over from that day.
    r.commit("2025-03-01", "Alice", "1.1", &[(PATH, &policy("1.1", "2025-03-01", &entries, "Two."))]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2025-02-28"), own("1.1", "2025-03-01", "-")]);
}

/// Bug (found by a cold review): a version whose effective date was before its approval date
/// was in force from the effective date, before anyone approved it, and nothing said so.
#[test]
fn a_version_is_never_in_force_before_its_approval_whatever_its_effective_date() {
    let r = Repo::new();
    let early =
        policy("1.0", "2025-03-01", V1, "One.").replace("status:", "effective_date: 2025-01-01\nstatus:");
    r.commit("2025-03-01", "Alice", "1.0", &[(PATH, &early)]);
    assert_eq!(built(&r), [own("1.0", "2025-03-01", "-")]);
    let root = r.site.root().to_str().unwrap();
    let check =
        crate::support::charta(&["check", "--root", root, "--today", "2026-03-01", "--format", "json"]);
    assert!(check.stdout.contains("approval/effective-before-approval"), "{}", check.stdout);
}

/// Bug (found by a cold review): a version approved for a day after the site's day was listed
/// as in force "2026-09-01 – now", a period that begins after now.
#[test]
fn a_version_that_takes_effect_later_is_listed_as_not_yet_in_force() {
    let r = two_versions(Some(policy("1.1", "2026-09-01", V2, "Two.")));
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2026-08-31"), own("1.1", "2026-09-01", "-")]);
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains("<td>from 2026-09-01, not yet</td>"), "{page}");
    assert!(
        page.contains(
            "<td><span class=\"date\">2025-01-10</span> – <span class=\"date\">2026-08-31</span></td>"
        ),
        "{page}"
    );
}

/// Bug (found by a cold review): the page of a past version showed the last text of that
/// version under its approval ("Approved 2025-01-10, in force to 2025-03-31"), though that
/// text was changed after the approval and nothing approved the change: the approver had
/// approved another text. The page says when it was changed, by whom, and links the change.
#[test]
fn a_past_version_changed_after_its_approval_says_so_on_its_page() {
    let r = two_versions(None);
    let page = {
        built(&r);
        r.site.page("policies/access/v1.0/index.html")
    };
    assert!(!page.contains("Changed after its approval"), "{page}");
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.commit("2025-02-01", "Mallory", "quick fix", &[(PATH, &policy("1.0", "2025-01-10", V1, "Two."))]);
    r.commit("2025-06-01", "Alice", "1.1", &[(PATH, &policy("1.1", "2025-06-01", V2, "Three."))]);
    let page = {
        built(&r);
        r.site.page("policies/access/v1.0/index.html")
    };
    assert!(
        page.contains("<strong>Changed after its approval</strong>: this text was changed on 2025-02-01"),
        "{page}"
    );
    assert!(page.contains("by Mallory) after the approval of 2025-01-10"), "{page}");
}

/// Bugs (found by a second cold review): a version label changed on a text left as approved
/// ("1" became "1.0") was said to record "no approval of its own"; so was a working copy not
/// yet committed; and the page of a past version whose approval only restated the one before
/// said it was "changed after its approval" at its second change, not that it never was in
/// force.
#[test]
fn only_a_committed_text_changed_under_a_kept_approval_is_said_to_record_no_approval() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1", &[(PATH, &policy("1", "2025-01-10", V1, "One."))]);
    r.commit("2025-02-10", "Alice", "relabel", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    built(&r);
    let page = r.site.page("policies/access/index.html");
    assert!(!page.contains("records no approval of its own"), "{page}");
    r.site.write(PATH, &policy("1.1", "2025-01-10", V1, "Uncommitted."));
    built(&r);
    let page = r.site.page("policies/access/index.html");
    assert!(!page.contains("records no approval of its own"), "{page}");
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.commit("2025-02-01", "Alice", "1.1", &[(PATH, &policy("1.1", "2025-01-10", V1, "Two."))]);
    r.commit("2025-02-15", "Alice", "1.1 again", &[(PATH, &policy("1.1", "2025-01-10", V1, "Three."))]);
    r.commit("2025-06-01", "Alice", "1.2", &[(PATH, &policy("1.2", "2025-06-01", V2, "Four."))]);
    built(&r);
    let page = r.site.page("policies/access/v1.1/index.html");
    assert!(!page.contains("Changed after its approval") && page.contains("Never in force."), "{page}");
}

/// Bug (found by a cold review): a document removed on 2025-02-01 and restored at its path on
/// 2025-03-01 was listed in force throughout ("2025-01-10 – now"), so the register as of a day
/// in February named a document the repository did not hold. The version before the removal
/// ends the day before it; the restored text is in force from its restoration.
#[test]
fn a_document_removed_and_restored_was_not_in_force_while_it_was_gone() {
    let r = Repo::new();
    let text = policy("1.0", "2025-01-10", V1, "One.");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &text)]);
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit("2025-02-01", "Alice", "remove", &[]);
    r.commit("2025-03-01", "Alice", "restore", &[(PATH, &text)]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2025-01-31"), own("1.0", "2025-03-01", "-")]);
}

/// Found by a cold review (43rd session): a removal written on 2025-07-15 on a branch and
/// rebased onto the line on 2025-08-10 ended the last version's days in force on 2025-08-09,
/// but the removed document's page and register.json said it was removed on 2025-07-15, before
/// the days they said it was in force. Both are the day the removal came to the line.
#[test]
fn a_removal_rebased_onto_the_line_is_dated_the_day_it_came_there() {
    let r = two_versions(None);
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit_landed(("2025-07-15", "2025-08-10"), "Alice", "remove", &[]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let removed = &json["removed"][0];
    assert_eq!(removed["removed"]["date"], "2025-08-10", "{json:#}");
    let last = removed["versions"].as_array().unwrap().iter().find(|v| v["label"] == "1.1").unwrap();
    assert_eq!(last["in_force_to"], "2025-08-09", "{json:#}");
}

/// Bug (found by a third cold review): a working copy not yet committed that raised the
/// version over a changed text and kept the approval date was listed in force from that
/// date, and the committed, approved version never. Until a text is committed and approved,
/// the committed version is the one in force.
#[test]
fn an_uncommitted_text_keeping_the_approval_date_is_not_in_force() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.site.write(PATH, &policy("1.1", "2025-01-10", V1, "Weaker."));
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "-"), own("1.1", "-", "-")]);
}

/// Bugs (found by a cold review of the fix above): a document brought back with a version
/// approved before its removal (1.1 approved on 2025-01-25, restored on 2025-03-01) was listed
/// in force through the gap again; the version before the removal was said to be "superseded
/// by version 1.1"; and a removal committed with its date set back (before the approval it
/// removed) made that version never in force.
#[test]
fn a_restored_document_is_in_force_from_its_restoration_and_the_removal_is_said() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit("2025-02-01", "Alice", "remove", &[]);
    r.commit("2025-03-01", "Alice", "restore", &[(PATH, &policy("1.1", "2025-01-25", V2, "Two."))]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2025-01-31"), own("1.1", "2025-03-01", "-")]);
    let page = r.site.page("policies/access/v1.0/index.html");
    assert!(page.contains("<strong>Removed, later restored</strong>: this is version 1.0; the document was removed from the repository on 2025-02-01"), "{page}");
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit("2025-01-05", "Alice", "remove, dated back", &[]);
    r.commit("2025-03-01", "Alice", "restore", &[(PATH, &policy("1.1", "2025-03-01", V2, "Two."))]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2025-01-10"), own("1.1", "2025-03-01", "-")]);
}

/// Each version's (label, in force from, to, retired) in register.json.
fn with_retired(r: &Repo) -> Vec<(String, String, String, bool)> {
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let doc = json["documents"].as_array().unwrap().iter().find(|d| d["id"] == "POL-009").unwrap().clone();
    let day = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or("-").to_owned();
    let versions = doc["versions"].as_array().unwrap().iter();
    versions
        .map(|v| (day(v, "label"), day(v, "in_force_from"), day(v, "in_force_to"), v["retired"] == true))
        .collect()
}

/// Bug: a document retired as `charta retire` writes it (its status `retired` and a
/// `type: retirement` entry, the version number kept) was one version, retired, so the register
/// said it was withdrawn from the day it was approved, and the as-of register listed it
/// withdrawn on days it was in force. The retirement begins a version of its own (under the
/// same number), withdrawn from the retirement entry's date (recorded two days late here, as an
/// approval may be); the approved text was in force until then. With a new version number, the
/// register was right but the page said the retirement version was "in force".
#[test]
fn a_document_retired_under_its_version_number_was_in_force_until_the_retirement() {
    let retired = |version: &str| {
        let mut entries = V1.to_vec();
        entries.push((version, "2025-06-01", "No longer needed.\n    type: retirement"));
        policy(version, "2025-01-10", &entries, "One.").replace("status: approved", "status: retired")
    };
    let yes = |label: &str, from: &str, to: &str, retired: bool| {
        (label.to_owned(), from.to_owned(), to.to_owned(), retired)
    };
    for version in ["1.0", "1.1"] {
        let r = Repo::new();
        r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
        r.commit("2025-06-03", "Alice", "retire", &[(PATH, &retired(version))]);
        let expected = [yes("1.0", "2025-01-10", "2025-05-31", false), yes(version, "2025-06-01", "-", true)];
        assert_eq!(with_retired(&r), expected, "retired as {version}");
        let page = r.site.page("policies/access/index.html");
        assert!(page.contains("withdrawn from 2025-06-01"), "{page}");
    }
}

/// Bugs (found by a cold review of the fix above, rt2.sh and rt3.sh): a document retired then
/// set back to approved by hand (no new approval) was one version from the retirement on, "in
/// force from 2025-06-01" on days its text said retired; and a document retired while its
/// last text was a draft of the next version was never withdrawn (the retirement restated the
/// approval in force, so it was taken for no version at all), 1.0 in force for ever.
#[test]
fn a_retirement_undone_or_made_over_a_draft_is_shown_as_it_happened() {
    let yes = |label: &str, from: &str, to: &str, retired: bool| {
        (label.to_owned(), from.to_owned(), to.to_owned(), retired)
    };
    let retired = |version: &str, body: &str| {
        let mut entries = V1.to_vec();
        entries.push((version, "2025-06-01", "No longer needed.\n    type: retirement"));
        policy(version, "2025-01-10", &entries, body).replace("status: approved", "status: retired")
    };
    let one = policy("1.0", "2025-01-10", V1, "One.");
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &one)]);
    r.commit("2025-06-01", "Alice", "retire", &[(PATH, &retired("1.0", "One."))]);
    r.commit("2025-07-01", "Alice", "back", &[(PATH, &one)]);
    let expected = [
        yes("1.0", "2025-01-10", "2025-05-31", false),
        yes("1.0", "2025-06-01", "2025-06-30", true),
        yes("1.0", "2025-07-01", "-", false),
    ];
    assert_eq!(with_retired(&r), expected);
    assert!(r.site.page("policies/access/index.html").contains("withdrawn from 2025-06-01 to 2025-06-30"));

    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &one)]);
    let draft =
        policy("1.1", "2025-01-10", V1, "One, redrafted.").replace("status: approved", "status: draft");
    r.commit("2025-03-01", "Alice", "draft 1.1", &[(PATH, &draft)]);
    r.commit("2025-06-01", "Alice", "retire", &[(PATH, &retired("1.1", "One, redrafted."))]);
    let got = with_retired(&r);
    assert_eq!(got[0], yes("1.0", "2025-01-10", "2025-05-31", false), "{got:?}");
    assert_eq!(got.last(), Some(&yes("1.1", "2025-06-01", "-", true)), "{got:?}");
}

/// Bug (a cold review's ef2.sh, left open by the 28th session): 1.1 approved on 2025-06-01 to
/// take effect on 2026-06-01, then its effective date moved to 2025-06-01 by a commit nobody
/// approved: check says the text changed after its approval, but the register showed 1.1 in
/// force from the moved day, a year before the day its approval said. A version is in force
/// as its approved text states.
#[test]
fn an_effective_date_moved_after_the_approval_does_not_move_the_day_in_force() {
    let later = policy("1.1", "2025-06-01", V2, "Two.")
        .replace("status: approved", "effective_date: 2026-06-01\nstatus: approved");
    let r = two_versions(Some(later.clone()));
    let moved = later.replace("effective_date: 2026-06-01", "effective_date: 2025-06-01");
    r.commit("2025-07-01", "Mallory", "fix a date", &[(PATH, &moved)]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2026-05-31"), own("1.1", "2026-06-01", "-")]);
    // The page shows the text as it is, with the finding that says it changed unapproved.
    let page = crate::support::strip_tags(&r.site.page("policies/access/index.html"));
    assert!(page.contains("the text changed after its approval on 2025-06-01"), "{page}");
    // Approved anew with the moved date, it is in force from it.
    let approved = moved.replace("approval_date: 2025-06-01", "approval_date: 2025-07-10");
    r.commit("2025-07-10", "Alice", "approve the date", &[(PATH, &approved)]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2025-07-09"), own("1.1", "2025-07-10", "-")]);
}

/// Bug (a cold try of team histories): a policy moved to an `archive/` folder no collection
/// holds (withdrawn) and moved back a month later was listed in force through the month it was
/// withdrawn; removed and added back, it was not. Withdrawn either way: in force until the
/// move out, and again from the move back.
#[test]
fn a_document_moved_out_of_its_collection_and_back_was_not_in_force_between() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    let text = std::fs::read_to_string(r.site.root().join(PATH)).unwrap();
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit("2025-04-01", "Alice", "Withdraw", &[("archive/access.md", &text)]);
    std::fs::remove_file(r.site.root().join("archive/access.md")).unwrap();
    r.commit("2025-05-01", "Alice", "Restore", &[(PATH, &text)]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2025-03-31"), own("1.0", "2025-05-01", "-")]);
}

/// Bug (a cold try of team histories): a team that keeps `version: "1.0"` and approves each
/// change with a new approval date had one version, in force from the first approval with the
/// last one's text: what was in force in February was a text approved in June. Each approval
/// of other words is a version of its own; approved again with the same words (a periodic
/// review), and edited without a new approval, the version goes on.
#[test]
fn each_approval_of_new_words_under_one_version_number_starts_its_own_period() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.commit("2025-02-01", "Alice", "Edit", &[(PATH, &policy("1.0", "2025-01-10", V1, "Two."))]);
    r.commit("2025-03-01", "Alice", "Approve", &[(PATH, &policy("1.0", "2025-03-01", V1, "Two."))]);
    r.commit("2025-04-01", "Alice", "Review", &[(PATH, &policy("1.0", "2025-04-01", V1, "Two."))]);
    r.commit("2025-06-01", "Alice", "Approve", &[(PATH, &policy("1.0", "2025-06-01", V1, "Three."))]);
    assert_eq!(
        built(&r),
        [
            own("1.0", "2025-01-10", "2025-02-28"),
            own("1.0", "2025-03-01", "2025-05-31"),
            own("1.0", "2025-06-01", "-")
        ]
    );
}

/// Bug (a cold review of the fix above): a periodic review of unchanged words, whose first
/// approval stated an effective date after it (in the past by the review), split the version
/// (the date counted as words while later than the approval); and a pull request that
/// approved the same words again and then edited them, merged with `--no-ff`, was listed as
/// new words approved. Neither is a new version.
#[test]
fn a_review_of_the_same_words_is_no_new_version_whatever_its_effective_date_or_branch() {
    let first = policy("1.0", "2025-01-10", V1, "One.")
        .replace("status: approved", "effective_date: 2025-02-01\nstatus: approved");
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &first)]);
    r.commit("2026-01-10", "Alice", "Review", &[(PATH, &policy("1.0", "2026-01-10", V1, "One."))]);
    assert_eq!(built(&r).len(), 1, "{:?}", built(&r));

    let r = Repo::new();
    let main = r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    let reviewed = policy("1.0", "2025-06-01", V1, "One.");
    let review = r.commit_on(&[main], false, "2025-06-01", "Alice", "Review", &[(PATH, &reviewed)]);
    let edited = reviewed.replace("One.", "Changed.");
    let edit = r.commit_on(&[review], false, "2025-06-02", "Alice", "Edit", &[(PATH, &edited)]);
    r.commit_on(&[main, edit], true, "2025-06-03", "Alice", "Merge", &[]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "-")]);
}

/// Bug (a team's try): a document retired, then removed from the repository, had a page saying
/// its last version was "in force from" the day it was withdrawn "to" the day before its removal.
#[test]
fn a_retired_document_removed_later_was_withdrawn_not_in_force() {
    let r = Repo::new();
    let approved = policy("1.0", "2025-01-10", V1, "One.");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    let retired = approved.replace("status: approved", "status: retired");
    r.commit("2025-06-01", "Alice", "Retire", &[(PATH, &retired)]);
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit("2025-07-01", "Alice", "Archive", &[]);
    // Restored, still retired, and removed again (the cold review): no new withdrawal.
    r.commit("2025-08-01", "Alice", "Restore", &[(PATH, &retired)]);
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit("2025-08-03", "Alice", "Archive again", &[]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = crate::support::strip_tags(&r.site.page("removed/policies/access/index.html"));
    assert!(
        page.contains("This is its last version, 1.0: withdrawn on 2025-06-01, not in force since."),
        "{page}"
    );
    assert!(!page.contains("in force from 2025-06-01"), "{page}");
}

/// Bug (an auditor's reading): the row of a retirement showed the withdrawn version's approvers
/// and approval date beside "withdrawn from", which read as an approved withdrawal.
#[test]
fn a_retirement_row_names_no_approval_it_does_not_state() {
    let r = Repo::new();
    let approved = policy("1.0", "2025-01-10", V1, "One.");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    r.commit(
        "2025-06-01",
        "Alice",
        "Retire",
        &[(PATH, &approved.replace("status: approved", "status: retired"))],
    );
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("policies/access/index.html");
    let row = |needle: &str| {
        let at = page.find(needle).unwrap_or_else(|| panic!("{needle}: {page}"));
        let start = page[..at].rfind("<tr").unwrap();
        page[start..at + page[at..].find("</tr>").unwrap()].to_owned()
    };
    let withdrawn = row("withdrawn from 2025-06-01");
    assert!(!withdrawn.contains("Bob") && !withdrawn.contains("2025-01-10"), "{withdrawn}");
    let first = row("2025-01-10</span> – <span class=\"date\">2025-05-31");
    assert!(first.contains("Bob") && first.contains("2025-01-10"), "{first}");
    // register.json says the same of it.
    let register: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let versions = &register["documents"][0]["versions"];
    let retired = versions.as_array().unwrap().iter().find(|v| v["retired"] == true).unwrap();
    assert_eq!(
        (&retired["approvers"], &retired["approval_date"]),
        (&serde_json::json!([]), &serde_json::Value::Null)
    );
}

/// Bug (an auditor reading the site of a repository of unapproved policies, cloud.gov's): each
/// version's "In force" days were the days it was committed, beside empty "Approved" cells,
/// and nothing said that no one had approved any of them. The table says so where no version
/// states an approval, and only there.
#[test]
fn a_versions_table_with_no_approval_says_its_in_force_days_are_commit_days() {
    let r = Repo::new();
    let plain = |body: &str| {
        format!("---\nid: POL-009\ntitle: Access policy\nowner: alice\n---\n\n# Access policy\n\n{body}\n")
    };
    r.commit("2025-01-10", "Alice", "First", &[(PATH, &plain("One."))]);
    r.commit("2025-06-01", "Alice", "Second", &[(PATH, &plain("Two."))]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let said = "No version states an approval";
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains(said), "{page}");
    let approved = two_versions(None);
    assert_eq!(approved.site.build(&["--no-cache"]).code, 0);
    assert!(!approved.site.page("policies/access/index.html").contains(said));
    // Bug (a second cold review): nor a draft's, whose versions were never in force.
    let r = Repo::new();
    let draft = |body: &str| plain(body).replace("owner: alice\n", "owner: alice\nstatus: draft\n");
    r.commit("2025-01-10", "Alice", "First", &[(PATH, &draft("One."))]);
    r.commit("2025-06-01", "Alice", "Second", &[(PATH, &draft("Two."))]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    assert!(!r.site.page("policies/access/index.html").contains(said));
}

/// Bug (a compliance lead's trial, across time zones): 1.2 committed after 1.1's approval of
/// 2025-07-01 with an approval date of 2025-06-30 (which restates 1.1's approval: no one
/// approved 1.2 on a day before 1.1 was) had its header say "Approved 2025-06-30 recorded in
/// commit" 1.1's, a commit that recorded another day. No commit is cited for it.
#[test]
fn an_approval_day_is_never_cited_to_a_commit_that_recorded_another() {
    let v3 = [V2, &[("1.2", "2025-06-30", "Third.")]].concat();
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.commit("2025-07-01", "Alice", "1.1", &[(PATH, &policy("1.1", "2025-07-01", V2, "Two."))]);
    r.commit("2025-07-02", "Alice", "1.2", &[(PATH, &policy("1.2", "2025-06-30", &v3, "Three."))]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains("<th scope=\"row\">Approved</th><td>2025-06-30</td>"), "{page}");
    assert!(!page.contains("recorded in commit"), "{page}");
    // Where the day is the one recorded, the commit is cited.
    let r = two_versions(None);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    assert!(r.site.page("policies/access/index.html").contains("recorded in commit"));
}

/// Bugs (a cold review of the 39th session's changes): one commit of another file dated years
/// ahead (a wrong clock) held every later version back until that day, as the day its words
/// reached the line was read as the latest date of the line before it; and a document imported
/// retired (approved and withdrawn before git), then given a new owner, lost its withdrawal, as
/// a retirement of a draft that was never in force.
#[test]
fn a_future_dated_commit_holds_no_version_back_and_an_imported_retirement_stays() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    r.commit("2031-03-01", "Carol", "Unrelated, wrong clock", &[("NOTES.md", "notes\n")]);
    r.commit("2025-06-01", "Alice", "1.1", &[(PATH, &policy("1.1", "2025-06-01", V2, "Twelve."))]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2025-05-31"), own("1.1", "2025-06-01", "-")]);
    let r = Repo::new();
    let retired = policy("1.0", "2020-01-10", V1, "Old.").replace("status: approved", "status: retired");
    r.commit("2025-02-01", "Alice", "Import", &[(PATH, &retired)]);
    r.commit("2025-03-01", "Alice", "New owner", &[(PATH, &retired.replace("owner: alice", "owner: erin"))]);
    let got = built(&r);
    assert!(got.iter().all(|(_, from, _)| from != "-"), "{got:?}");
}

/// Bug (a trial adopting a real QMS): files committed as they were, their front matter and
/// first approval added the next day, each had a version "in force" for the day of the
/// adoption, approved by nobody, in the register, the as-of register and the feed. A text that
/// states no approval, committed before the document's first approval, was a draft of it.
#[test]
fn a_text_committed_before_the_documents_first_approval_was_never_in_force() {
    let r = Repo::new();
    let adopted = r.commit("2025-01-01", "Alice", "Adopt", &[(PATH, "# Access policy\n\nOne.\n")]);
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    let short = &adopted.to_string()[..8];
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "-"), own(short, "-", "-")]);
    let feed = r.site.page("feed.xml");
    assert!(!feed.contains(short), "{feed}");
    // Approved on a branch and merged days later (a cold review): the line held the adopted
    // words until the merge, so 1.0 is in force from it, not from its approval.
    let r2 = Repo::new();
    let adopted = r2.commit("2025-01-01", "Alice", "Adopt", &[(PATH, "# Access policy\n\nOne.\n")]);
    let approved = policy("1.0", "2025-01-10", V1, "One, approved.");
    let branch = r2.commit_on(&[adopted], false, "2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    r2.commit_on(&[adopted, branch], true, "2025-01-15", "Bob", "Merge", &[]);
    let short = &adopted.to_string()[..8];
    assert_eq!(built(&r2), [own("1.0", "2025-01-15", "-"), own(short, "-", "-")]);
    // A text that states itself approved, with no approval date (a cold review): in force as
    // it says, as before.
    let r3 = Repo::new();
    let stated = "---\nid: POL-009\ntitle: Access policy\nowner: alice\nversion: \"0.9\"\nstatus: approved\neffective_date: 2024-06-01\n---\n# Access policy\n\nZero.\n";
    r3.commit("2024-06-01", "Alice", "0.9", &[(PATH, stated)]);
    r3.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    assert_eq!(built(&r3), [own("0.9", "2024-06-01", "2025-01-09"), own("1.0", "2025-01-10", "-")]);
    // A document no text of which states an approval is as git shows it, as before.
    let page = "policies/handbook.md";
    r.commit("2025-02-01", "Alice", "Handbook", &[(page, "# Handbook\n\nOne.\n")]);
    r.commit("2025-03-01", "Alice", "Handbook again", &[(page, "# Handbook\n\nTwo.\n")]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let handbook = json["documents"].as_array().unwrap().iter().find(|d| d["path"] == page).unwrap();
    let from: Vec<&str> = handbook["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["in_force_from"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(from, ["2025-02-01", "2025-03-01"], "{handbook:#}");
}

/// Bug (a trial adopting a real QMS): 1.1, approved on its branch on 2025-06-01 with
/// `effective_date: 2025-06-01` and merged on 2025-06-03, was in force from the merge, as the
/// versions list said, while the header said only "Effective 2025-06-01". It says both.
#[test]
fn a_version_in_force_after_its_effective_date_says_both_in_its_header() {
    let r = Repo::new();
    let main = r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    let second = policy("1.1", "2025-06-01", V2, "Two.")
        .replace("status: approved", "effective_date: 2025-06-01\nstatus: approved");
    let branch = r.commit_on(&[main], false, "2025-06-01", "Alice", "1.1", &[(PATH, &second)]);
    r.commit_on(&[main, branch], true, "2025-06-03", "Bob", "Merge", &[]);
    assert_eq!(built(&r), [own("1.0", "2025-01-10", "2025-06-02"), own("1.1", "2025-06-03", "-")]);
    let page = r.site.page("policies/access/index.html");
    let effective = crate::support::header_value(&page, "Effective");
    assert_eq!(effective, "2025-06-01 (in force from 2025-06-03: see the versions below)");
    // 1.2 in review keeps 1.1's fields: its header shows no approval of its own, nor 1.1's
    // effective date as its own.
    let review =
        next("1.2", "2025-06-01").replace("status: approved", "effective_date: 2025-06-01\nstatus: review");
    r.commit("2025-09-01", "Alice", "1.2 in review", &[(PATH, &review)]);
    built(&r);
    let page = r.site.page("policies/access/index.html");
    assert_eq!(crate::support::header_value(&page, "Effective"), "—");
    // Retired: the header's date is the one it states, with no "in force from" its withdrawal
    // (a cold review).
    let retired = second.replace("status: approved", "status: retired");
    r.commit("2025-10-01", "Alice", "Retire", &[(PATH, &retired)]);
    built(&r);
    let page = r.site.page("policies/access/index.html");
    assert_eq!(crate::support::header_value(&page, "Effective"), "2025-06-01");
}
