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
