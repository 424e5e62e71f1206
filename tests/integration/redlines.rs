//! Redlines as an auditor follows them: each commit that changed a version again under the
//! same label has a redline of its own, and a change after approval links the redline of
//! everything committed since the approval.

use crate::history::{V1, V2, policy};
use crate::support::{Repo, header_value, strip_tags};
use git2::Oid;

const PATH: &str = "policies/access.md";
const PAGE: &str = "policies/access/index.html";

/// Version 1.0, approved on 2025-01-10: the main line's first commit.
fn approved_one(r: &Repo) -> Oid {
    r.commit_on(
        &[],
        true,
        "2025-01-10",
        "Alice",
        "Access policy 1.0",
        &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))],
    )
}

/// 1.0 approved, then `edits` (a body each) committed by Mallory with no new approval, a day
/// apart: the commits, oldest first.
fn edited(r: &Repo, edits: &[&str]) -> Vec<Oid> {
    let mut head = approved_one(r);
    let mut made = Vec::new();
    for (i, body) in edits.iter().enumerate() {
        let text = policy("1.0", "2025-01-10", V1, body);
        let date = format!("2025-02-{:02}", i + 1);
        head = r.commit_on(&[head], true, &date, "Mallory", &format!("Edit {}", i + 1), &[(PATH, &text)]);
        made.push(head);
    }
    made
}

fn short(oid: Oid) -> String {
    oid.to_string()[..8].to_owned()
}

#[test]
fn each_commit_that_changed_a_version_again_has_its_own_redline_of_that_commit_alone() {
    let r = Repo::new();
    let one = approved_one(&r);
    let first = r.commit_on(
        &[one],
        true,
        "2025-05-30",
        "Alice",
        "Version 1.1",
        &[(PATH, &policy("1.1", "2025-05-30", V2, "Twelve."))],
    );
    let a = policy("1.1", "2025-05-30", V2, "Twelve, and a passphrase.");
    let second = r.commit_on(&[first], true, "2025-06-02", "Mallory", "Add a passphrase", &[(PATH, &a)]);
    let b = policy("1.1", "2025-05-30", V2, "Twelve, and a passphrase of four words.");
    let third = r.commit_on(&[second], true, "2025-06-09", "Mallory", "Four words", &[(PATH, &b)]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let page = r.site.page(PAGE);
    for (oid, before, added, absent) in
        [(second, first, "passphrase", "four words"), (third, second, "four words", "Eight")]
    {
        let redline = format!("policies/access/v1.1/changes/{}/index.html", short(oid));
        assert!(page.contains(&format!("href=\"../../{redline}\"")), "{redline} not linked:\n{page}");
        let diff = r.site.page(&redline);
        let text = strip_tags(&diff);
        // Its commit alone, from the text the commit before left.
        assert!(text.contains(&format!("1.1 as of {}", short(before))), "{text}");
        assert!(text.contains(&format!("1.1 as of {}", short(oid))), "{text}");
        assert!(!diff.contains("Commits shown"), "{diff}");
        assert!(diff.contains(&format!("<ins>{added}")) || diff.contains(added), "{diff}");
        assert!(!text.contains(absent), "{absent} in {redline}:\n{text}");
    }
    // The redline from 1.0 to 1.1 is of 1.1 as approved, by its commit; the two commits after
    // the approval are not in it, and it links what they changed.
    let whole = r.site.page("policies/access/v1.1/diff/index.html");
    assert!(whole.contains(&format!("<code>{}</code>", short(first))), "{whole}");
    for oid in [second, third] {
        assert!(!whole.contains(&format!("<code>{}</code>", short(oid))), "{whole}");
    }
    assert!(!strip_tags(&whole).contains("passphrase"), "{whole}");
    assert!(whole.contains("Changed after its approval."), "{whole}");
    assert!(whole.contains("href=\"../../../../policies/access/since-approval/index.html\""), "{whole}");
}

/// Bug (an auditor's reading): the redline "What changed from version 1.0 to 1.1", which the
/// versions table and the feed link as the change 1.1 made, showed an edit committed after
/// 1.1's approval as part of it: text no one approved, read as approved.
#[test]
fn a_versions_redline_shows_it_as_approved_not_an_edit_made_after() {
    let r = Repo::new();
    let one = approved_one(&r);
    let approved = policy("1.1", "2025-05-30", V2, "Reviewed at least once a year.");
    let first = r.commit_on(&[one], true, "2025-05-30", "Alice", "Version 1.1", &[(PATH, &approved)]);
    let edit = policy("1.1", "2025-05-30", V2, "Reviewed at least once every two years.");
    r.commit_on(&[first], true, "2025-06-10", "Dan", "Fix wording", &[(PATH, &edit)]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diff = r.site.page("policies/access/v1.1/diff/index.html");
    let text = strip_tags(&diff);
    assert!(text.contains("once a year") && !text.contains("two years"), "{text}");
    assert!(diff.contains("Changed after its approval."), "{diff}");
}

/// Bug (a QA manager's try): 1.0 approved, edited by a commit no one approved, then 1.1
/// approved. The redline "from 1.0 to 1.1" started at 1.0's last text, so the unapproved edit
/// read as part of approved 1.0 and not as part of the change 1.1's approval covered. It starts
/// at 1.0 as approved now, and lists the edit's commit among those it shows.
#[test]
fn a_versions_redline_starts_at_the_version_before_as_approved() {
    let r = Repo::new();
    let edit = edited(&r, &["Eight. Six for service accounts."])[0];
    let v11 = policy("1.1", "2025-05-30", V2, "Twelve. Six for service accounts.");
    r.commit("2025-05-30", "Alice", "Version 1.1", &[(PATH, &v11)]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diff = r.site.page("policies/access/v1.1/diff/index.html");
    let text = strip_tags(&diff);
    assert!(text.contains("1.0 as approved"), "{text}");
    assert!(
        diff.contains("<del>Eight.</del>") && diff.contains("<ins>Twelve. Six for service accounts.</ins>"),
        "the unapproved edit is not shown as part of the change: {diff}"
    );
    assert!(diff.contains(&short(edit)), "the edit's commit is not listed: {text}");
}

#[test]
fn a_change_after_approval_links_the_redline_of_everything_committed_since() {
    let r = Repo::new();
    let edits = edited(&r, &["Six.", "Four."]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page(PAGE);
    let since = "policies/access/since-approval/index.html";
    assert!(page.contains(&format!("href=\"../../{since}\">What changed since the approval")), "{page}");
    let diff = r.site.page(since);
    let text = strip_tags(&diff);
    assert!(text.contains("1.0 as approved"), "{text}");
    // Both edits, and the text from the approved one to the last.
    for oid in &edits {
        assert!(diff.contains(&format!("<code>{}</code>", short(*oid))), "{diff}");
    }
    assert!(text.contains("Eight") && text.contains("Four"), "{text}");
}

/// Bug (a trial adopting a real QMS): a text changed after its approval was shown as "version
/// 1.0, approved" with no word on the text itself that it was not the text approved: with the
/// site's findings hidden, only a badge. Its banner says so, on screen and on every printed
/// page, and leads to what changed; a waiver of the finding (a team's own rule for typos) is
/// the team's word that it may stand.
#[test]
fn a_text_changed_after_its_approval_says_so_above_it_whatever_findings_the_site_shows() {
    let r = Repo::new();
    edited(&r, &["Six.", "Four."]);
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &config.replacen("[site]\n", "[site]\nfindings = \"hidden\"\n", 1));
    assert_eq!(r.site.build(&[]).code, 0);
    let page = r.site.page(PAGE);
    let said = "Not in force.</strong> This text was changed after its approval on 2025-01-10 was recorded, and no approval covers the change: version 1.0 as approved is in force, not this text.";
    assert!(page.contains(said), "{page}");
    let since = "policies/access/since-approval/index.html";
    assert!(
        page.contains(&format!("href=\"../../{since}\">What changed since the approval</a>.</div>")),
        "{page}"
    );
    assert!(page.contains("NOT IN FORCE"), "{page}");
    // Waived: the team's word stands.
    let waiver = "\n[[waivers]]\nrule = \"history/changed-after-approval\"\ndocument = \"POL-009\"\nreason = \"Typos are fixed without approval (SOP-001).\"\nexpires = 2027-01-01\n";
    r.site.write("charta.toml", &format!("{config}{waiver}"));
    assert_eq!(r.site.build(&[]).code, 0);
    assert!(!r.site.page(PAGE).contains("Not in force."), "{}", r.site.page(PAGE));
}

#[test]
fn one_commit_after_approval_links_that_commits_own_redline() {
    let r = Repo::new();
    let edits = edited(&r, &["Six."]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page(PAGE);
    let own = format!("policies/access/v1.0/changes/{}/index.html", short(edits[0]));
    assert!(page.contains(&format!("href=\"../../{own}\">What changed since the approval")), "{page}");
    assert!(!r.site.out().join("policies/access/since-approval").exists());
}

#[test]
fn an_approved_document_has_no_redline_since_its_approval() {
    let r = Repo::new();
    approved_one(&r);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!r.site.page(PAGE).contains("What changed since the approval"));
    assert!(!r.site.out().join("policies/access/since-approval").exists());
}

/// Regression (tried on tailscale's policies): a `git mv` under the same version was listed as
/// "changed again", with a redline that showed no change.
#[test]
fn a_move_that_left_the_text_as_it_was_is_not_a_change_again() {
    let r = Repo::new();
    let edits = edited(&r, &["Six."]);
    let text = std::fs::read_to_string(r.site.root().join(PATH)).unwrap();
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.site.write("policies/security/access.md", &text);
    let moved = r.commit_on(&[edits[0]], true, "2025-03-01", "Alice", "Move", &[]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("policies/security/access/index.html");
    assert!(page.contains(&short(edits[0])), "{page}");
    assert!(!page.contains(&format!("changed again 2025-03-01 <code>{}", short(moved))), "{page}");
    assert!(!r.site.out().join(format!("policies/security/access/v1.0/changes/{}", short(moved))).exists());
}

/// Bug (a cold try as a team works): the redline of 1.0 -> 1.1, a change made and approved in
/// 2025, named as its commit the yearly review committed under 1.1 a year later ("Commit
/// 2026-01-05 ... yearly review"). The heading names the commit that made 1.1; the later one
/// is among the commits shown.
#[test]
fn a_version_s_redline_names_the_commit_that_made_it_not_a_later_review() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    let approved = policy("1.1", "2025-06-01", V2, "Two.");
    r.commit("2025-06-01", "Alice", "Access policy 1.1", &[(PATH, &approved)]);
    let review = "  - version: \"1.1\"\n    date: 2026-01-05\n    author: bob\n    type: review\n    summary: Still right.\n";
    let reviewed = approved.replace("---\n\n#", &format!("{review}---\n\n#"));
    r.commit("2026-01-05", "Bob", "yearly review", &[(PATH, &reviewed)]);
    let built = r.site.build(&["--no-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = r.site.page("policies/access/v1.1/diff/index.html");
    let first = header_value(&page, "First commit");
    assert!(first.starts_with("2025-06-01 "), "{first}");
    assert_eq!(header_value(&page, "Commit message"), "Access policy 1.1");
    assert!(page.contains("yearly review"), "listed among the commits shown: {page}");
}

/// Bug (a cold try as a team works): the redline of a retirement named the author of the
/// version's change as the author of the change; the retirement entry's author retired it.
#[test]
fn a_retirement_s_redline_names_who_retired_it() {
    let r = Repo::new();
    let approved = policy("1.0", "2025-01-10", V1, "One.");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    let retirement = "  - version: \"1.0\"\n    date: 2025-09-01\n    author: bob\n    type: retirement\n    summary: Withdrawn.\n";
    let retired = approved
        .replace("status: approved", "status: retired")
        .replace("---\n\n#", &format!("{retirement}---\n\n#"));
    r.commit("2025-09-01", "Bob", "Retire", &[(PATH, &retired)]);
    let built = r.site.build(&["--no-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let diffs: Vec<String> = walk(&r.site.out().join("policies/access"))
        .into_iter()
        .filter(|p| p.ends_with("diff/index.html"))
        .collect();
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    let page = std::fs::read_to_string(&diffs[0]).unwrap();
    assert_eq!(header_value(&page, "Author of the change"), "Bob Boss");
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path.to_string_lossy().into_owned());
        }
    }
    out
}
