//! Unit tests of `history/review-period-lengthened` (`super::super::review_period_lengthened`),
//! each case over a repository made for it.

use super::*;

const RULE: &str = "history/review-period-lengthened";

/// A text of `policies/a.md` approved on `approved` (none when empty), its review period on
/// line 4 (none when empty), its status and body.
fn text(approved: &str, period: &str, status: &str, body: &str) -> String {
    let approved = if approved.is_empty() { String::new() } else { format!("approval_date: {approved}\n") };
    let period = if period.is_empty() { String::new() } else { format!("review_period: {period}\n") };
    format!("---\nid: A\n{approved}{period}status: {status}\n---\n{body}\n")
}

/// Each case's history committed, and the rule on its last text with charta.toml's `default`.
fn assert_lengthened(cases: &[Case<Commits>], default: Option<&str>) {
    let default = default.and_then(crate::document::Period::parse);
    let clock =
        Clock { default: default.as_ref(), today: jiff::civil::date(2026, 6, 1), history_periods: false };
    assert_rule(RULE, cases, clock);
}

#[test]
fn a_review_period_lengthened_after_the_approval_with_no_new_approval_is_said_once_with_the_approved_due_day()
{
    let approved = |period: &str| text("2025-01-10", period, "approved", "One.");
    let cases: &[Case<Commits>] = &[
        // The period approved with the text: nothing to say.
        (vec![("2025-01-10", approved("12 months"))], &[]),
        // Shortened: reviews come sooner, nothing is postponed.
        (vec![("2025-01-10", approved("12 months")), ("2025-03-01", approved("6 months"))], &[]),
        // The same period in other words.
        (vec![("2025-01-10", approved("12 months")), ("2025-03-01", approved("1 year"))], &[]),
        (
            vec![("2025-01-10", approved("12 months")), ("2025-03-01", approved("36 months"))],
            &[(RULE, 4, "lengthened after the approval on 2025-01-10 was recorded (commit ")],
        ),
        // The due day the approved period gives, and that it has passed (today is 2026-06-01);
        // the commit that lengthened it, not the one after.
        (
            vec![
                ("2025-01-10", approved("12 months")),
                ("2025-03-01", approved("36 months")),
                ("2025-04-01", text("2025-01-10", "36 months", "approved", "One, again.")),
            ],
            &[(RULE, 4, "from `12 months` to `36 months`, with no new approval, by commit ")],
        ),
        (
            vec![("2025-01-10", approved("12 months")), ("2025-03-01", approved("36 months"))],
            &[(RULE, 4, "on 2026-01-10, a day that has passed")],
        ),
        // A new approval records the longer period.
        (
            vec![
                ("2025-01-10", approved("12 months")),
                ("2025-03-01", text("2025-03-01", "36 months", "approved", "One.")),
            ],
            &[],
        ),
        // Found by a review: the approvers changed in the commit that lengthened it, the approval
        // date kept: no approval of the longer period.
        (
            vec![
                ("2025-01-10", approved("12 months")),
                ("2025-03-01", approved("36 months").replace("status:", "approvers: [bob]\nstatus:")),
            ],
            &[(RULE, 4, "lengthened after the approval on 2025-01-10")],
        ),
        // Proposed in a draft: the approval it awaits decides it.
        (
            vec![
                ("2025-01-10", approved("12 months")),
                ("2025-03-01", text("2025-01-10", "36 months", "draft", "One.")),
            ],
            &[],
        ),
        // Lengthened and put back: the approved period again.
        (
            vec![
                ("2025-01-10", approved("12 months")),
                ("2025-03-01", approved("36 months")),
                ("2025-04-01", approved("12 months")),
            ],
            &[],
        ),
        // Removed, with no default to fall back on: the review would never fall due.
        (
            vec![("2025-01-10", approved("12 months")), ("2025-03-01", approved(""))],
            &[(RULE, 3, "removed after the approval on 2025-01-10")],
        ),
        // Never approved: nothing to compare with.
        (
            vec![
                ("2025-01-10", text("", "12 months", "draft", "One.")),
                ("2025-03-01", text("", "36 months", "draft", "One.")),
            ],
            &[],
        ),
    ];
    assert_lengthened(cases, None);
}

#[test]
fn a_review_period_removed_falls_back_to_charta_toml_s_and_is_lengthened_only_when_that_is_longer() {
    let approved = |period: &str| text("2025-01-10", period, "approved", "One.");
    let removed = vec![("2025-01-10", approved("12 months")), ("2025-03-01", approved(""))];
    assert_lengthened(&[(removed.clone(), &[])], Some("12 months"));
    assert_lengthened(
        &[(removed, &[(RULE, 3, "to charta.toml's `24 months` (the document states none)")])],
        Some("24 months"),
    );
    // Stated where it had been the default: shorter or equal is nothing, longer is.
    let stated = |period: &str| vec![("2025-01-10", approved("")), ("2025-03-01", approved(period))];
    assert_lengthened(&[(stated("12 months"), &[])], Some("12 months"));
    assert_lengthened(
        &[(
            stated("3 years"),
            &[(RULE, 4, "from charta.toml's `12 months` (the document states none) to `3 years`")],
        )],
        Some("12 months"),
    );
}
