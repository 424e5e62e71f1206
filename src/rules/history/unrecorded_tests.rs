//! Unit tests of [`super`]'s `history/unrecorded-change`: which revision entries record a change.

use super::tests::{CLOCK, Commits};
use super::*;
use crate::rules::testing::assert_found;

/// The text of `policies/a.md` approved on `approved`, with `entries` as written, and `body`.
fn text(approved: &str, entries: &[&str], body: &str) -> String {
    let entries: String =
        entries.iter().map(|e| format!("  - {{{e}, author: alice, summary: s}}\n")).collect();
    format!("---\nid: A\napproval_date: {approved}\nrevisions:\n{entries}---\n{body}\n")
}

/// Bug (a cold try as a team works): a periodic review recorded (`type: review`) between two
/// approvals counted as the revision entry of the change approved next, so a change made
/// after the review and approved with no entry was not said. A review records that nothing
/// changed; the change still has no entry.
#[test]
fn a_review_entry_does_not_record_the_change_approved_after_it() {
    let first = r#"version: "1.0", date: 2025-01-05"#;
    let review = r#"version: "1.0", date: 2025-02-01, type: review"#;
    let commits: Commits = vec![
        ("2025-01-10", text("2025-01-10", &[first], "One.")),
        ("2025-02-01", text("2025-01-10", &[first, review], "One.")),
        ("2025-03-01", text("2025-01-10", &[first, review], "Two.")),
        ("2025-03-10", text("2025-03-10", &[first, review], "Two.")),
    ];
    let (_dir, history) = crate::history::testing::committed("policies/a.md", &commits, None);
    let last = &commits[3].1;
    let doc = Document::parse("policies/a.md", 0, last.as_str());
    let found = check(&doc, &Timeline::of(&doc, &history), &history, CLOCK);
    let want =
        ("history/unrecorded-change", 4, "recorded a new approval of a text that 1 commit changed since");
    assert_found(&found, &[want], last);
    // An entry for the change records it.
    let change = r#"version: "1.1", date: 2025-03-10"#;
    let mut commits = commits;
    commits[3].1 = text("2025-03-10", &[first, review, change], "Two.");
    let (_dir, history) = crate::history::testing::committed("policies/a.md", &commits, None);
    let doc = Document::parse("policies/a.md", 0, commits[3].1.as_str());
    let found = check(&doc, &Timeline::of(&doc, &history), &history, CLOCK);
    assert_found(&found, &[], &commits[3].1);
}
