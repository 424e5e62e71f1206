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
    let field = |names: &[&str]| names.iter().find_map(|n| m.fields.get(n)).unwrap_or(Span::file());
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
    if let Some(d) = m.last_reviewed.as_ref().filter(|d| d.value > today) {
        out.push(at(
            Rule::ReviewFutureDate,
            d.span,
            format!("last reviewed on {}, which is after today ({today})", d.value),
        ));
    }
    if !is_live(doc) {
        return out;
    }
    if let (Some(stated), Some(due)) =
        (&m.next_review, crate::review::by_period(doc, config.review.period.as_ref()))
        && stated.value > due
    {
        out.push(at(
            Rule::ReviewNextBeyondPeriod,
            stated.span,
            format!(
                "`next_review: {}` is later than the review period allows after the last review or approval: the review is due on {due}",
                stated.value
            ),
        ));
    }
    let Some(next) = next_review(doc, config.review.period.as_ref()) else {
        return out;
    };
    // A comply document's schedule runs from its last `majorRevisions` entry.
    let span = field(&["next_review", "review_period", "last_reviewed", "approval_date", "majorRevisions"]);
    let when = crate::review::days_in_words(crate::review::days_until(next, today));
    if next < today {
        let overdue = at(Rule::ReviewOverdue, span, format!("the periodic review was due on {next}: {when}"));
        out.push(overdue.help(to_record(doc)));
    } else if due_soon_until(today, config).is_some_and(|until| next <= until) {
        out.push(at(Rule::ReviewDueSoon, span, format!("the periodic review is due on {next}: {when}")));
    }
    out
}

/// How to record the review of `doc`, in its own dialect's terms: a comply document has no
/// `type: review` entry, and `charta review` writes one into its `majorRevisions`.
fn to_record(doc: &Document) -> String {
    let id = crate::escape::shell_arg(&doc.id());
    match doc.dialect {
        crate::document::Dialect::Comply => format!(
            "review the document, then record it with `charta review {id}` (an entry in its `majorRevisions`)"
        ),
        _ => format!(
            "review the document, then record it with `charta review {id}` (a `type: review` revision), or approve a new version"
        ),
    }
}

/// `review/no-period`, once for the repository (at charta.toml): live documents with no review
/// period of their own when charta.toml sets none (`[review] period = "none"`): nothing says
/// when they are reviewed again. One configuration choice, said once, not on every document.
pub fn unscheduled(library: &crate::library::Library, config: &Config) -> Option<Finding> {
    if config.review.period.is_some() {
        return None;
    }
    let paths: Vec<&str> = library
        .documents
        .iter()
        // One whose history says when it is due (a period removed with no approval: the
        // approved one's day) has its day.
        .filter(|d| d.readable && is_live(d) && period(d, None).is_none() && d.review_cap.is_none())
        .map(|d| d.path.as_str())
        .collect();
    let (n, first) = (paths.len(), paths.first()?);
    let others = match n {
        1 => String::new(),
        2 => format!(" and {}", paths[1]),
        _ => format!(" and {} others", n - 1),
    };
    Some(
        Finding::new(
            Rule::ReviewNoPeriod,
            crate::config::FILE_NAME,
            Span::file(),
            format!(
                "{n} document{} in force {} no review period, and charta.toml's [review] period is \"none\": nothing says when {} reviewed again ({first}{others})",
                if n == 1 { "" } else { "s" },
                if n == 1 { "has" } else { "have" },
                if n == 1 { "it is" } else { "they are" },
            ),
        )
        .help(Rule::ReviewNoPeriod.fix()),
    )
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
            // Retired documents and drafts never approved are not reviewed. The draft of a new
            // version is: the version in force's review falls due whatever is being drafted.
            ((yearly, "status: draft\n"), &[]),
            (
                (yearly, "status: draft\napproval_date: 2020-01-01\n"),
                &[("review/overdue", 3, "the periodic review was due on 2021-01-01")],
            ),
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
            // No period anywhere: 12 months, so an approval six years old is overdue.
            (
                ("", "status: approved\napproval_date: 2020-01-10\n"),
                &[("review/overdue", 3, "the periodic review was due on 2021-01-10")],
            ),
            (("", "approval_date: 2025-12-01\nreview_period: 12 months\n"), &[]),
            // Opted out: nothing is due for a document without its own period.
            (("[review]\nperiod = \"none\"\n", "status: approved\napproval_date: 2020-01-10\n"), &[]),
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

    /// Regression: one configuration gap was a `review/no-period` warning on every document (49
    /// on one repository). Now it is one finding at charta.toml, with the count.
    #[test]
    fn documents_left_unscheduled_by_charta_toml_are_one_finding_for_the_repository() {
        let docs = |texts: &[&str]| crate::library::Library {
            collections: Vec::new(),
            documents: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Document::parse(&format!("policies/{i}.md"), 0, format!("---\n{t}---\n")))
                .collect(),
        };
        let none = Config::parse("[review]\nperiod = \"none\"\n").unwrap();
        let library = docs(&[
            "status: approved\napproval_date: 2020-01-01\n",
            "approval_date: 2021-01-01\n",
            "status: approved\n",
            // Its own period, a draft, a retired document: not left unscheduled.
            "approval_date: 2021-01-01\nreview_period: 6 months\n",
            "status: draft\n",
            "status: retired\napproval_date: 2020-01-01\n",
        ]);
        let found = unscheduled(&library, &none).unwrap();
        assert_eq!((found.path.as_str(), found.rule), ("charta.toml", Rule::ReviewNoPeriod));
        assert!(found.message.starts_with("3 documents in force have no review period"), "{}", found.message);
        assert!(found.message.ends_with("(policies/0.md and 2 others)"), "{}", found.message);
        // The default (12 months), or a period of its own: nothing to say.
        assert!(unscheduled(&library, &Config::parse("").unwrap()).is_none());
        assert!(
            unscheduled(&docs(&["approval_date: 2021-01-01\nreview_period: 6 months\n"]), &none).is_none()
        );
    }
}
