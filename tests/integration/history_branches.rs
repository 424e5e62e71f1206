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
