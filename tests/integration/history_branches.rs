//! What the site shows of a pull request's branch merged with `--no-ff`: the texts the
//! first-parent line does not hold.

use crate::history::merged_branch;
use crate::support::strip_tags;

/// Bug: an edit made on a pull request's branch after its approval was reported by
/// `history/changed-after-approval`, but the document's page linked no redline of it: the
/// approved text is on the branch, and the line's first text is already the edited one.
#[test]
fn an_edit_after_approval_on_a_merged_branch_links_a_redline_from_the_approved_text() {
    let r = merged_branch(true, false);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("policies/access/index.html");
    let since = "policies/access/since-approval/index.html";
    assert!(page.contains(&format!("href=\"../../{since}\">What changed since the approval")), "{page}");
    let text = strip_tags(&r.site.page(since));
    assert!(text.contains("1.1 as approved"), "{text}");
    assert!(text.contains("twelve") && text.contains("six"), "{text}");
    // The header names the branch's commit that recorded the approval, and the merge.
    let merge = r.repo.head().unwrap().peel_to_commit().unwrap();
    let approval = merge.parent(1).unwrap().parent(0).unwrap();
    let short = |c: &git2::Commit| c.id().to_string()[..8].to_owned();
    let header = strip_tags(&page);
    let recorded = format!(
        "recorded in commit {} 2025-06-01 on a branch merged by commit {}",
        short(&approval),
        short(&merge)
    );
    assert!(header.contains(&recorded), "{header}");
    // A clean pull request: nothing changed since the approval, no redline.
    let r = merged_branch(false, false);
    assert_eq!(r.site.build(&[]).code, 0);
    assert!(!r.site.page("policies/access/index.html").contains("What changed since the approval"));
}

/// Bug (found by a cold review of 5fd23d1): a document removed on a pull request's branch and
/// added back with an edit, its approval unchanged, lost what the branch had before the removal:
/// following its name back from the merge stopped there, and the edit went unreported.
#[test]
fn a_document_removed_and_added_back_on_a_branch_keeps_what_the_branch_gave_it() {
    use crate::history::{V1, V2, policy};
    let path = "policies/access.md";
    let r = crate::support::Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let main = r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    let approved = policy("1.1", "2025-06-01", V2, "Twelve characters.");
    let branch = r.commit_on(&[main], false, "2025-06-01", "Alice", "1.1", &[(path, &approved)]);
    std::fs::remove_file(r.site.root().join(path)).unwrap();
    let branch = r.commit_on(&[branch], false, "2025-06-02", "Alice", "Remove", &[]);
    let relaxed = policy("1.1", "2025-06-01", V2, "Six characters.");
    let branch = r.commit_on(&[branch], false, "2025-06-03", "Mallory", "Add it back", &[(path, &relaxed)]);
    r.commit_on(&[main, branch], true, "2025-06-04", "Alice", "Merge pull request #3", &[]);
    let json: serde_json::Value = serde_json::from_str(&crate::history::check(&r.site)).unwrap();
    let found: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "history/changed-after-approval")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(found.len(), 1, "{json:#}");
    assert!(found[0].contains("Mallory") && found[0].contains("Add it back"), "{}", found[0]);
}

/// Bug (a team-workflow trial and an auditor's reading of cloud.gov's site): the "Commit author"
/// of a version a `--no-ff` merge brought in was whoever pressed merge, who wrote none of it;
/// the branch's authors appeared nowhere on the page. They are named now, then who merged.
#[test]
fn a_version_a_merge_brought_in_names_the_branchs_authors_then_who_merged() {
    use crate::history::{V1, V2, policy};
    let path = "policies/access.md";
    let r = crate::support::Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let main = r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    let branch = r.commit_on(
        &[main],
        false,
        "2025-06-01",
        "Erin",
        "1.1",
        &[(path, &policy("1.1", "2025-06-01", V2, "Twelve."))],
    );
    let merged = r.commit_on(
        &[main, branch],
        true,
        "2025-06-03",
        "Bob",
        "Merge pull request #9",
        &[(path, &policy("1.1", "2025-06-01", V2, "Twelve."))],
    );
    // A branch made from Erin's, merged after it (found by a cold review): 1.2 is Frank's
    // alone, though the walk of its branch passes Erin's commit.
    let mut three = V2.to_vec();
    three.push(("1.2", "2025-07-01", "Sixteen."));
    let twelve = policy("1.2", "2025-07-01", &three, "Sixteen.");
    let stacked = r.commit_on(&[branch], false, "2025-07-01", "Frank", "1.2", &[(path, &twelve)]);
    r.commit_on(&[merged, stacked], true, "2025-07-02", "Bob", "Merge pull request #10", &[(path, &twelve)]);
    assert!(r.site.build(&[]).code < 2);
    let rows = crate::support::strip_tags(&r.site.page("policies/access/index.html"));
    assert!(rows.contains("Erin Engineer (merged by Bob Boss)"), "{rows}");
    assert!(rows.contains("Frank Second (merged by Bob Boss)"), "{rows}");
    assert!(!rows.contains("Erin Engineer, Frank"), "{rows}");
    assert!(rows.contains("Alice Author"), "{rows}");
}

/// Bug (an auditor and a QA manager trying pull requests): an edit made on a pull request's
/// branch after its approval, merged with `--no-ff`, was shown as part of the approved version:
/// the version's redline ended at the merged text with no word of the edit, the versions table
/// listed no change after the approval, and once a later version replaced it, its page showed
/// the edited text as the one approved and the text approved appeared nowhere. As for an edit
/// made on the line itself: the version's redline ends at the text approved, the edit is a
/// change of its own by the branch's commit that made it, and a later version's redline starts
/// from the text approved.
#[test]
fn an_edit_after_approval_on_a_merged_branch_is_shown_apart_from_the_approved_version() {
    use crate::history::policy;
    let r = merged_branch(true, false);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let redline = strip_tags(&r.site.page("policies/access/v1.1/diff/index.html"));
    assert!(redline.contains("Changed after its approval"), "{redline}");
    assert!(redline.contains("twelve") && !redline.contains("six"), "{redline}");
    let page = strip_tags(&r.site.page("policies/access/index.html"));
    let edit = r.repo.head().unwrap().peel_to_commit().unwrap().parent(1).unwrap();
    let edit = edit.id().to_string()[..8].to_owned();
    assert!(page.contains(&format!("changed again 2025-06-02 {edit} by Mallory")), "{page}");
    let change = strip_tags(&r.site.page(&format!("policies/access/v1.1/changes/{edit}/index.html")));
    assert!(change.contains("twelve") && change.contains("six") && change.contains("Mallory"), "{change}");
    // Replaced by 1.2, approved on the line: 1.1's page says its text was changed after its
    // approval, and 1.2's redline starts from the text approved.
    let v3 = [
        ("1.0", "2025-01-05", "First issue."),
        ("1.1", "2025-05-30", "Stronger."),
        ("1.2", "2025-07-01", "Six."),
    ];
    let text = policy("1.2", "2025-07-01", &v3, "Passwords have at least six characters.");
    r.commit("2025-07-01", "Alice", "Access policy 1.2", &[("policies/access.md", &text)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let past = strip_tags(&r.site.page("policies/access/v1.1/index.html"));
    assert!(
        past.contains(&format!(
            "Changed after its approval: this text was changed on 2025-06-02 (commit {edit} by Mallory"
        )),
        "{past}"
    );
    let redline = strip_tags(&r.site.page("policies/access/v1.2/diff/index.html"));
    assert!(redline.contains("1.1 as approved") && redline.contains("twelve"), "{redline}");
    // A change of the line merged with the approved branch: the merge made the text nobody
    // approved, and is named as the change.
    let r = merged_branch(false, true);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let merge = r.repo.head().unwrap().peel_to_commit().unwrap().id().to_string()[..8].to_owned();
    let change = strip_tags(&r.site.page(&format!("policies/access/v1.1/changes/{merge}-merged/index.html")));
    assert!(change.contains("symbol") && change.contains("Merge pull request #8"), "{change}");
}

/// Bug (an auditor and a QA manager asking which version was in force on a day): a version
/// approved on a pull request's branch on 2025-06-01 and merged on 2025-06-03 was in force from
/// the 1st, though until the merge the line (and the site) held 1.0. It is in force from the
/// day its words reached the line.
#[test]
fn a_version_approved_on_a_branch_is_in_force_from_its_merge() {
    let r = merged_branch(false, false);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let periods = crate::versions::periods(&r);
    let own = |v: &str, from: &str, to: &str| (v.to_owned(), from.to_owned(), to.to_owned());
    assert_eq!(periods, [own("1.0", "2025-01-10", "2025-06-02"), own("1.1", "2025-06-03", "-")]);
}

/// Bug (a cold review of the fix above): with 1.1 drafted on the line before its approval on a
/// branch, the branch's edit after the approval was listed twice: as its own change, and again
/// as the merge's (from the draft to the merged text), credited to whoever merged.
#[test]
fn a_branch_edit_after_approval_is_listed_once_though_the_line_had_a_draft() {
    let r = draft_approved_on_a_branch(true);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let changes: Vec<_> = std::fs::read_dir(r.site.out().join("policies/access/v1.1/changes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let edit =
        r.repo.head().unwrap().peel_to_commit().unwrap().parent(1).unwrap().id().to_string()[..8].to_owned();
    assert_eq!(changes, [edit], "{changes:?}");
    let page = strip_tags(&r.site.page("policies/access/index.html"));
    assert_eq!(page.matches("changed again").count(), 1, "{page}");
}

/// Bug (a known gap of the 39th session): 1.1 drafted on the line, approved on a pull request's
/// branch on 2025-06-01 and merged on 2025-06-03, was in force from the 1st: the draft's words
/// were on the line, but as a draft, and the line held 1.0 in force until the merge.
#[test]
fn a_draft_on_the_line_approved_on_a_branch_is_in_force_from_its_merge() {
    let r = draft_approved_on_a_branch(false);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let own = |v: &str, from: &str, to: &str| (v.to_owned(), from.to_owned(), to.to_owned());
    let periods = crate::versions::periods(&r);
    assert_eq!(periods, [own("1.0", "2025-01-10", "2025-06-02"), own("1.1", "2025-06-03", "-")]);
}

/// 1.0 in force from 2025-01-10; 1.1 drafted on the line on 2025-05-30, approved on a pull
/// request's branch on 2025-06-01 (and, with `relaxed`, edited there on the 2nd), merged `--no-ff`
/// on the 3rd.
fn draft_approved_on_a_branch(relaxed: bool) -> crate::support::Repo {
    use crate::history::{V1, V2, policy};
    let path = "policies/access.md";
    let r = crate::support::Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    let draft = policy("1.1", "2025-01-10", V2, "Twelve.").replace("status: approved", "status: draft");
    let main = r.commit("2025-05-30", "Alice", "1.1 draft", &[(path, &draft)]);
    let mut merged = policy("1.1", "2025-06-01", V2, "Twelve.");
    let mut branch = r.commit_on(&[main], false, "2025-06-01", "Bob", "Approve 1.1", &[(path, &merged)]);
    if relaxed {
        merged = policy("1.1", "2025-06-01", V2, "Six.");
        branch = r.commit_on(&[branch], false, "2025-06-02", "Mallory", "Relax", &[(path, &merged)]);
    }
    r.commit_on(&[main, branch], true, "2025-06-03", "Alice", "Merge pull request #9", &[(path, &merged)]);
    r
}
