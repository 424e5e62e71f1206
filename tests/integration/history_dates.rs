//! The days commits state, as the history rules read them: a commit dated after the day of the
//! check.

use crate::history::{V1, V2, policy};
use crate::rules::check_json;
use crate::support::Repo;

const PATH: &str = "policies/access.md";

/// The findings of `rule` in a JSON report.
fn of_rule<'a>(json: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect()
}

/// Bug (a trial of real teams' workflows): an approval committed with a clock a year ahead
/// (dated 2027, the check on 2026-03-01) made the site say the approved version was in force
/// "not yet" and the one before still in force, while the register named the approved one,
/// and nothing said why. It is said once, at the first document changed, with the others
/// changed as its `also`; commits dated on or before the day are not named; and several such
/// commits (one clock, or a `--today` before the history ends) are said once for all.
#[test]
fn a_commit_dated_after_today_is_said_once_for_the_documents_it_changed() {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let v1 = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    let backup = v1.replace("POL-009", "POL-010").replace("Access policy", "Backup policy");
    r.commit("2025-01-10", "Alice", "1.0", &[("policies/access.md", &v1), ("policies/backup.md", &backup)]);
    // A day ahead of the check's: a commit made east of it, this evening (found by a cold
    // review: a team in Sydney, checked on a UTC runner, was told its clock was wrong).
    let ahead = v1.replace("eight", "nine");
    r.commit("2026-03-02", "Alice", "Tonight, in Sydney", &[("policies/access.md", &ahead)]);
    let (_, json) = check_json(&r.site);
    assert_eq!(of_rule(&json, "history/dated-after-today"), Vec::<&serde_json::Value>::new());
    let v2 = policy("1.1", "2026-02-01", V2, "Passwords have at least twelve characters.");
    let backup2 = v2.replace("POL-009", "POL-010").replace("Access policy", "Backup policy");
    r.commit(
        "2027-02-01",
        "Mallory",
        "Approve 1.1",
        &[("policies/access.md", &v2), ("policies/backup.md", &backup2)],
    );
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/dated-after-today");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["path"], "policies/access.md");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["also"], serde_json::json!(["policies/backup.md"]), "{json:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("\"Approve 1.1\", by Mallory")
            && message.contains("is dated 2027-02-01, after today (2026-03-01)"),
        "{message}"
    );
    // Two more: one finding still, naming the three.
    let v3 = v2.replace("twelve", "fourteen");
    r.commit("2027-03-01", "Mallory", "Longer", &[("policies/access.md", &v3)]);
    r.commit(
        "2027-04-01",
        "Mallory",
        "Longer still",
        &[("policies/access.md", &v3.replace("fourteen", "sixteen"))],
    );
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/dated-after-today");
    assert_eq!(found.len(), 1, "{json:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.starts_with("3 commits are dated after today (2026-03-01): "), "{message}");
    assert!(message.contains("(\"Longer still\", by Mallory) on 2027-04-01:"), "{message}");
}

/// Found by a cold review: a commit dated a year ahead that changed a document removed since
/// was not said, though the removed document's page counted it in force until the day before
/// that date, after its removal.
#[test]
fn a_commit_dated_after_today_is_said_of_a_document_removed_since() {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let v1 = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    r.commit("2025-01-10", "Alice", "1.0", &[("policies/access.md", &v1)]);
    r.commit("2027-03-01", "Mallory", "Edit", &[("policies/access.md", &v1.replace("eight", "six"))]);
    std::fs::remove_file(r.site.root().join("policies/access.md")).unwrap();
    r.commit("2026-02-01", "Alice", "Retire", &[]);
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/dated-after-today");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["path"], "policies/access.md");
    assert!(
        found[0]["message"].as_str().unwrap().contains("(\"Edit\", by Mallory) is dated 2027-03-01"),
        "{json:#}"
    );
}

/// Found by a cold review of the committer dates' reading (43rd session): a commit written in
/// 2025 but committed with a clock in 2030 kept the version it replaced in force until 2030, and
/// nothing said so: only author dates were looked at. The day a version is counted from is the
/// later of the two, and so is the day this rule reads.
#[test]
fn a_commit_committed_after_today_is_said_though_it_was_written_before() {
    let (r, _) = approved_in_january();
    r.commit_landed(("2025-07-10", "2030-01-01"), "Mallory", "Approve 1.1", &[(PATH, &second("2025-07-10"))]);
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/dated-after-today");
    assert_eq!(found.len(), 1, "{json:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("is committed on 2030-01-01 (written on 2025-07-10), after today (2026-03-01)"),
        "{message}"
    );
}

/// Found by a cold review (43rd session): with each commit counted from the day it was
/// committed, two approvals rebased onto the line on one day (here the line's own commits
/// rewritten, `git rebase` of main and a force-push) left 1.1 "never in force" and 1.0 in force
/// until the rewrite, and nothing said why. It is said once, naming the versions, the days
/// they were written and what a rewrite hides; one approval rebased alone, and commits not
/// rebased, say nothing.
#[test]
fn approvals_committed_onto_the_line_together_are_said_once() {
    let (r, _) = approved_in_january();
    r.commit_landed(("2025-06-01", "2025-12-01"), "Alice", "1.1", &[(PATH, &second("2025-06-01"))]);
    let (_, json) = check_json(&r.site);
    assert_eq!(of_rule(&json, "history/committed-together"), Vec::<&serde_json::Value>::new());
    r.commit_landed(("2025-09-01", "2025-12-01"), "Alice", "1.2", &[(PATH, &third("1.2", "2025-09-01"))]);
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/committed-together");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["severity"], "note");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "2 approvals came onto the main line in commits committed on 2025-12-01, though written from 2025-06-01 to 2025-09-01 (a rebase): only the last, version `1.2` (approved 2025-09-01), is in force from that day, and version `1.1` (approved 2025-06-01) never was in force on its own"
        ),
        "{message}"
    );
}

/// Found by a review of the rule above: a pull request that fixed a typo under 1.0's approval
/// and then approved 1.1, rebased onto the line, was said to bring two approvals, "1.0 never
/// in force on its own", though 1.0 had been in force since January; and a pull request whose
/// last commit was written on the day it landed was not said, though its first approval was
/// never in force. Three approvals landing together are listed in words.
#[test]
fn only_new_approvals_committed_together_are_said_whatever_day_each_was_written() {
    let (r, v1) = approved_in_january();
    let typo = v1.replace("at least eight", "at least  eight");
    r.commit_landed(("2025-06-01", "2025-07-01"), "Alice", "Typo", &[(PATH, &typo)]);
    r.commit_landed(("2025-06-02", "2025-07-01"), "Alice", "1.1", &[(PATH, &second("2025-06-02"))]);
    let (_, json) = check_json(&r.site);
    assert_eq!(of_rule(&json, "history/committed-together"), Vec::<&serde_json::Value>::new(), "{json:#}");
    r.commit_landed(("2025-08-01", "2025-12-01"), "Alice", "1.2", &[(PATH, &third("1.2", "2025-08-01"))]);
    r.commit_landed(("2025-09-01", "2025-12-01"), "Alice", "1.3", &[(PATH, &third("1.3", "2025-09-01"))]);
    r.commit("2025-12-01", "Alice", "1.4", &[(PATH, &third("1.4", "2025-12-01"))]);
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/committed-together");
    assert_eq!(found.len(), 1, "{json:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains(
            "only the last, version `1.4` (approved 2025-12-01), is in force from that day, and version `1.2` (approved 2025-08-01) and version `1.3` (approved 2025-09-01) never were in force on their own"
        ),
        "{message}"
    );
}

/// A repository whose POL-009 1.0 was approved and committed on 2025-01-10, and that text.
fn approved_in_january() -> (Repo, String) {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let v1 = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &v1)]);
    (r, v1)
}

/// POL-009 1.1, approved on `approved`.
fn second(approved: &str) -> String {
    policy("1.1", approved, V2, "Passwords have at least twelve characters.")
}

/// POL-009 1.1 approved on `first`, and 1.2 (its revisions listing 1.1 first) on `then`.
fn eleven_and_twelve(first: &str, then: &str) -> (String, String) {
    let mut entries = V1.to_vec();
    entries.push(("1.1", first, "Stronger passwords."));
    let v11 = policy("1.1", first, &entries, "Passwords have at least twelve characters.");
    entries.push(("1.2", then, "Shorter sessions."));
    (v11, policy("1.2", then, &entries, "Passwords have at least twelve characters. Sessions end."))
}

/// The third version of POL-009, `version` approved on `approved`.
fn third(version: &str, approved: &str) -> String {
    let mut entries = V2.to_vec();
    entries.push((version, approved, "Shorter sessions."));
    policy(version, approved, &entries, &format!("Text of {version}."))
}

/// Bug (a trial of real teams' workflows): 1.1 approved in Tokyo on 2025-03-02 at 01:00
/// (+09:00), and 1.2 approved fifteen hours later in California, on 2025-03-01 at 23:30
/// (-08:00), each dated by its approver's own calendar. The two commits' days were compared as
/// written, so the later seemed the earlier: 1.2 was "never in force", 1.1 in force still, and
/// check said the text changed after 1.1's approval with no new one. The moments are compared;
/// each day is its own signer's.
#[test]
fn approvals_made_in_two_time_zones_are_in_force_in_the_order_they_were_made() {
    let (r, _) = approved_in_january();
    let (v11, v12) = eleven_and_twelve("2025-03-02", "2025-03-01");
    let tokyo = "2025-03-02T01:00:00+09:00";
    let first = r.commit_landed((tokyo, tokyo), "Alice", "1.1", &[(PATH, &v11)]);
    let california = "2025-03-01T23:30:00-08:00";
    let then = r.commit_landed((california, california), "Alice", "1.2", &[(PATH, &v12)]);
    let (_, json) = check_json(&r.site);
    assert_eq!(
        of_rule(&json, "history/changed-after-approval"),
        Vec::<&serde_json::Value>::new(),
        "{json:#}"
    );
    // The table's dates do go back a day: that is the document's to correct.
    assert_eq!(of_rule(&json, "revision/out-of-order").len(), 1, "{json:#}");
    r.site.build(&["--no-cache"]);
    let mut periods = crate::versions::periods(&r);
    periods.sort();
    let period = |v: &str, from: &str, to: &str| (v.to_owned(), from.to_owned(), to.to_owned());
    // In calendar days, 1.1 was replaced on the day it came: in force on none.
    assert_eq!(
        periods,
        [
            period("1.0", "2025-01-10", "2025-03-01"),
            period("1.1", "-", "-"),
            period("1.2", "2025-03-02", "-")
        ]
    );
    // Released in that order too (a first try at the fix listed v1.1 as the newer release).
    r.tag("v1.1", first);
    r.tag("v1.2", then);
    r.site.build(&["--no-cache"]);
    let releases = crate::support::strip_tags(&r.site.page("releases/index.html"));
    assert!(releases.contains("since v1.1: 0 added, 1 changed"), "{releases}");
}

/// Bug (a cold review of the fix above): the zone a commit states told the day of the latest
/// moment before it, so 1.2, committed dated 1970 in UTC-11:00 after 1.1 was approved in
/// Tokyo on 2025-06-01 (at 03:00 UTC), was "made" on 2025-05-31 and approved that day: the
/// change after 1.1's approval went unsaid, and 1.2 was in force. A moment set back moves no
/// day: the commit was made no earlier than 1.1's day, as 1.1's calendar tells it.
#[test]
fn a_commit_dated_back_in_a_western_zone_still_changed_the_text_after_its_approval() {
    let (r, _) = approved_in_january();
    let tokyo = "2025-06-01T12:00:00+09:00";
    r.commit_landed((tokyo, tokyo), "Alice", "1.1", &[(PATH, &second("2025-06-01"))]);
    let mut entries = V2.to_vec();
    entries.push(("1.2", "2025-05-31", "Relaxed."));
    let relaxed = policy("1.2", "2025-05-31", &entries, "Passwords have at least six characters.");
    let back = "1970-01-01T00:00:00-11:00";
    r.commit_landed((back, back), "Mallory", "Relax", &[(PATH, &relaxed)]);
    let (_, json) = check_json(&r.site);
    assert_eq!(of_rule(&json, "history/changed-after-approval").len(), 1, "{json:#}");
}

/// Bug (the same review): a commit dated in the year 11476 (git takes it), which tells no
/// day, was taken as the latest moment of the line: every later commit's day was told from it,
/// as 1970, and a change after an approval went unsaid. It moves no other commit's day.
#[test]
fn a_commit_dated_past_the_calendar_moves_no_other_commits_day() {
    let (r, _) = approved_in_january();
    let mut entries =
        vec![("1.0", "2025-01-05", "First issue."), ("1.1", "2025-06-01", "Stronger passwords.")];
    let v11 = policy("1.1", "2025-06-01", &entries, "Passwords have at least twelve characters.");
    r.commit("2025-06-01", "Alice", "1.1", &[(PATH, &v11)]);
    far_ahead(&r, ("README.md", "# Notes\n"));
    // The entry of 1.1 dated back too, so that the entries keep their order.
    entries[1].1 = "2025-04-20";
    entries.push(("1.2", "2025-05-01", "Relaxed."));
    let relaxed = policy("1.2", "2025-05-01", &entries, "Passwords have at least six characters.");
    r.commit("2025-06-10", "Mallory", "Relax", &[(PATH, &relaxed)]);
    let (_, json) = check_json(&r.site);
    assert_eq!(of_rule(&json, "history/changed-after-approval").len(), 1, "{json:#}");
}

/// Commits `file` dated in the year 11476 (300,000,000,000 seconds since 1970), which git and
/// libgit2 read, and libgit2 does not write (it keeps 32 bits): its bytes written by hand.
fn far_ahead(r: &Repo, (path, text): (&str, &str)) {
    r.site.write(path, text);
    let mut index = r.repo.index().unwrap();
    index.add_path(std::path::Path::new(path)).unwrap();
    index.write().unwrap();
    let tree = r.repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig =
        git2::Signature::new("Mallory", "mallory@example.org", &git2::Time::new(1_234_567_890, 0)).unwrap();
    let head = r.repo.head().unwrap();
    let branch = head.name().unwrap().to_owned();
    let parent = head.peel_to_commit().unwrap();
    let buffer = r.repo.commit_create_buffer(&sig, &sig, "Notes", &tree, &[&parent]).unwrap();
    let bytes = buffer.as_str().unwrap().replace(" 1234567890 +0000", " 300000000000 +0000");
    let oid = r.repo.odb().unwrap().write(git2::ObjectType::Commit, bytes.as_bytes()).unwrap();
    r.repo.reference(&branch, oid, true, "far ahead").unwrap();
}

/// Bug (the same review): with a commit's landing day told by its committer's calendar alone,
/// 1.1 (written in Tokyo on 2025-05-20) and 1.2 (written there on 2025-06-02 at 08:00) rebased
/// onto the line in California a second apart, on 2025-06-01, were said to be committed
/// together "on 2025-06-01, though written from 2025-05-20 to 2025-06-02": committed before
/// it was written, and 1.2 in force from a day before its approval. A commit lands no earlier
/// than the day its author wrote it.
#[test]
fn a_commit_rebased_west_of_where_it_was_written_lands_no_earlier_than_its_author_wrote_it() {
    let (r, _) = approved_in_january();
    let (v11, v12) = eleven_and_twelve("2025-05-20", "2025-06-02");
    r.commit_landed(
        ("2025-05-20T08:00:00+09:00", "2025-06-01T17:00:00-07:00"),
        "Alice",
        "1.1",
        &[(PATH, &v11)],
    );
    r.commit_landed(
        ("2025-06-02T08:00:00+09:00", "2025-06-01T17:00:01-07:00"),
        "Alice",
        "1.2",
        &[(PATH, &v12)],
    );
    let (_, json) = check_json(&r.site);
    assert_eq!(of_rule(&json, "history/committed-together"), Vec::<&serde_json::Value>::new(), "{json:#}");
}
