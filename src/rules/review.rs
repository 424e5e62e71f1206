//! Stage 3, the `review/*` rules: whether a document's periodic review is set, and whether it
//! is due.

use crate::config::Config;
use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::review::{due_soon_until, is_live, last_reviewed, next_review, period};
use crate::source::Span;
use jiff::civil::Date;

/// `review/*` for `doc`: a review period no longer than the maximum; for a live document, a
/// period at all, and its next review neither past nor within `warn_before` of `today`.
pub fn check(doc: &Document, config: &Config, today: Date) -> Vec<Finding> {
    let m = &doc.meta;
    let mut out = Vec::new();
    let at = |rule, span, msg: String| Finding::new(rule, &doc.path, span, msg).help(Rule::fix(rule));
    let field = |names: &[&str]| names.iter().find_map(|n| m.fields.get(*n).copied()).unwrap_or(Span::file());
    if let (Some(p), Some(max)) = (&m.review_period, &config.review.max_period) {
        let from = last_reviewed(doc).unwrap_or(today);
        if p.value.after(from) > max.after(from) {
            out.push(at(
                Rule::ReviewPeriodTooLong,
                p.span,
                format!("review period `{}` is longer than the maximum `{}`", p.value.text, max.text),
            ));
        }
    }
    if !is_live(doc) {
        return out;
    }
    let Some(next) = next_review(doc, config.review.period.as_ref()) else {
        if period(doc, config.review.period.as_ref()).is_none() {
            out.push(at(
                Rule::ReviewNoPeriod,
                field(&["review_period", "approval_date", "status"]),
                "no review period: nothing says when this document must be reviewed again".into(),
            ));
        }
        return out;
    };
    let span = field(&["next_review", "review_period", "last_reviewed", "approval_date"]);
    if next < today {
        let when = crate::review::days_in_words(crate::review::days_until(next, today));
        out.push(at(Rule::ReviewOverdue, span, format!("the periodic review was due on {next}: {when}")));
    } else if due_soon_until(today, config).is_some_and(|until| next <= until) {
        let when = crate::review::days_in_words(crate::review::days_until(next, today));
        out.push(at(Rule::ReviewDueSoon, span, format!("the periodic review is due on {next}: {when}")))
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Case, assert_found, doc};

    #[test]
    fn reviews_have_a_period_no_longer_than_the_maximum_and_are_not_late() {
        let yearly = "[review]\nperiod = \"12 months\"\n";
        let bounded = "[review]\nmax_period = \"12 months\"\nwarn_before = \"10 days\"\n";
        // Each case: charta.toml, then the front matter (from line 2 on). Today is 2026-03-01.
        let cases: &[Case<(&str, &str)>] = &[
            ((yearly, "approval_date: 2025-06-01\n"), &[]),
            (
                (yearly, "approval_date: 2025-01-01\n"),
                &[("review/overdue", 2, "the periodic review was due on 2026-01-01: 59 days overdue")],
            ),
            // The latest review counts, and a document's own period beats the default.
            ((yearly, "approval_date: 2025-01-01\nlast_reviewed: 2025-12-01\n"), &[]),
            (
                (yearly, "approval_date: 2025-01-01\nreview_period: 6 months\nlast_reviewed: 2025-08-01\n"),
                &[("review/overdue", 3, "due on 2026-02-01: 28 days overdue")],
            ),
            // Drafts and retired documents are not reviewed.
            ((yearly, "status: draft\napproval_date: 2020-01-01\n"), &[]),
            ((yearly, "status: retired\napproval_date: 2020-01-01\n"), &[]),
            (
                (yearly, "approval_date: 2025-03-20\n"),
                &[("review/due-soon", 2, "the periodic review is due on 2026-03-20: in 19 days")],
            ),
            ((bounded, "approval_date: 2025-03-20\nreview_period: 12 months\n"), &[]),
            (
                (bounded, "approval_date: 2025-03-05\nreview_period: 12 months\n"),
                &[("review/due-soon", 3, "due on 2026-03-05: in 4 days")],
            ),
            (
                (yearly, "next_review: 2026-02-01\napproval_date: 2025-12-01\n"),
                &[("review/overdue", 2, "due on 2026-02-01: 28 days overdue")],
            ),
            (
                (bounded, "approval_date: 2025-12-01\nreview_period: 2 years\n"),
                &[(
                    "review/period-too-long",
                    3,
                    "review period `2 years` is longer than the maximum `12 months`",
                )],
            ),
            // Too long is said of drafts too: their period will apply once they are approved.
            (
                (bounded, "status: draft\nreview_period: 18 months\n"),
                &[("review/period-too-long", 3, "review period `18 months` is longer than the maximum")],
            ),
            (
                ("", "status: approved\napproval_date: 2025-12-01\n"),
                &[(
                    "review/no-period",
                    3,
                    "no review period: nothing says when this document must be reviewed again",
                )],
            ),
            (("", "approval_date: 2025-12-01\nreview_period: 12 months\n"), &[]),
            // A period but nothing to count from: nothing is due yet.
            ((yearly, "status: approved\n"), &[]),
        ];
        let today = Date::constant(2026, 3, 1);
        for ((toml, front), want) in cases {
            let config = Config::parse(toml).unwrap();
            let text = format!("---\n{front}---\n");
            assert_found(&check(&doc(&text), &config, today), want, &text);
        }
    }
}
