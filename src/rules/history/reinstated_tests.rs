//! Unit tests of `history/reinstated-without-approval` (`super::super::reinstated_without_approval`),
//! each case over a repository made for it.

use super::*;

const RULE: &str = "history/reinstated-without-approval";

/// A text of `policies/a.md` approved on `approved`, its status on line 4.
fn text(approved: &str, status: &str) -> String {
    format!("---\nid: A\napproval_date: {approved}\nstatus: {status}\n---\nOne.\n")
}

/// Bug (a cold try's s42.sh): a document retired by one commit and set back to `approved` by
/// another, its approval date kept, was shown in force again from that commit, and check said
/// nothing: one line restored a withdrawn policy with nobody's approval.
#[test]
fn a_retired_document_put_back_in_force_under_its_old_approval_is_said_once() {
    let cases: &[Case<Commits>] = &[
        // Approved, then retired: nothing to say.
        (
            vec![
                ("2025-01-10", text("2025-01-10", "approved")),
                ("2025-06-01", text("2025-01-10", "retired")),
            ],
            &[],
        ),
        (
            vec![
                ("2025-01-10", text("2025-01-10", "approved")),
                ("2025-06-01", text("2025-01-10", "retired")),
                ("2025-07-01", text("2025-01-10", "approved")),
            ],
            &[(RULE, 4, "the document was retired by commit ")],
        ),
        // Once, for the last reinstatement, naming the commit that put it back.
        (
            vec![
                ("2025-01-10", text("2025-01-10", "approved")),
                ("2025-06-01", text("2025-01-10", "retired")),
                ("2025-07-01", text("2025-01-10", "approved")),
                ("2025-08-01", text("2025-01-10", "retired")),
                ("2025-09-01", text("2025-01-10", "approved")),
            ],
            &[(RULE, 4, " on 2025-09-01 by ")],
        ),
        // The retirement's own approval date is no approval of the reinstatement.
        (
            vec![
                ("2025-01-10", text("2025-01-10", "approved")),
                ("2025-06-01", text("2025-06-01", "retired")),
                ("2025-07-01", text("2025-06-01", "approved")),
            ],
            &[(RULE, 4, "under the approval of 2025-06-01, recorded before it was retired")],
        ),
        // A new approval records the reinstatement.
        (
            vec![
                ("2025-01-10", text("2025-01-10", "approved")),
                ("2025-06-01", text("2025-01-10", "retired")),
                ("2025-07-01", text("2025-07-01", "approved")),
            ],
            &[],
        ),
        // Brought back as a draft, then set to approved: the commit that put it back in force
        // is the second (a review of the fix, r5.sh, named the draft's).
        (
            vec![
                ("2025-01-10", text("2025-01-10", "approved")),
                ("2025-06-01", text("2025-01-10", "retired")),
                ("2025-07-01", text("2025-01-10", "draft")),
                ("2025-08-01", text("2025-01-10", "approved")),
            ],
            &[(RULE, 4, " on 2025-08-01 by ")],
        ),
        // Brought back as a draft: not in force, its approval awaited.
        (
            vec![
                ("2025-01-10", text("2025-01-10", "approved")),
                ("2025-06-01", text("2025-01-10", "retired")),
                ("2025-07-01", text("2025-01-10", "draft")),
            ],
            &[],
        ),
    ];
    assert_rule(RULE, cases, CLOCK);
}
