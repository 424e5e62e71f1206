//! Document control: when a document's next periodic review falls due, and which documents are
//! due when. The `review/*` rules are in `rules/review.rs`.

use crate::config::Config;
use crate::document::{Document, Period, RevisionType, Status};
use jiff::civil::Date;

/// The date of the last approval or periodic review; for a document that records neither and
/// states no status (strongdm/comply's, whose `majorRevisions` are its whole record, a review
/// among them: what it shows is in force), its latest revision entry: a document revised three
/// years ago and never since is due. A draft or a version in review with no approval is not.
pub fn last_reviewed(doc: &Document) -> Option<Date> {
    last_reviewed_of(&doc.meta)
}

/// [`last_reviewed`] of what a text's front matter says (`m`).
pub fn last_reviewed_of(m: &crate::document::Meta) -> Option<Date> {
    let dated = |kind: Option<RevisionType>| {
        m.revisions
            .iter()
            .filter(move |r| kind.is_none_or(|k| r.kind == k))
            .filter_map(|r| r.date.as_ref().map(|d| d.value))
    };
    [m.approval_date.as_ref(), m.last_reviewed.as_ref()]
        .into_iter()
        .flatten()
        .map(|d| d.value)
        .chain(dated(Some(RevisionType::Review)))
        .max()
        .or_else(|| dated(None).max().filter(|_| m.status.is_none()))
}

/// The period that applies: the document's own, else the configured default.
pub fn period<'a>(doc: &'a Document, default: Option<&'a Period>) -> Option<&'a Period> {
    doc.meta.review_period.as_ref().map(|p| &p.value).or(default)
}

/// The last review plus the period: when the period says the next review falls due; never
/// later than the period its approval approved allows. A draft or a version in review: when
/// the version in force is due, where the history tells (`Document::review_cap`).
pub fn by_period(doc: &Document, default: Option<&Period>) -> Option<Date> {
    use crate::document::ReviewCap;
    let stated = || period(doc, default).zip(last_reviewed(doc)).and_then(|(p, from)| p.after(from));
    match doc.review_cap {
        None => stated(),
        Some(ReviewCap::NoLater(cap)) => Some(stated().map_or(cap, |stated| stated.min(cap))),
        Some(ReviewCap::InForce(day)) => Some(day),
        Some(ReviewCap::NothingInForce) => None,
    }
}

/// The last periodic review a text records (`last_reviewed`, a `type: review` entry), not its
/// approval: what a draft's own front matter may say of the version in force.
pub fn reviewed_of(m: &crate::document::Meta) -> Option<Date> {
    let entries = m.revisions.iter().filter(|r| r.kind == RevisionType::Review);
    let entries = entries.filter_map(|r| r.date.as_ref().map(|d| d.value));
    m.last_reviewed.as_ref().map(|d| d.value).into_iter().chain(entries).max()
}

/// Next review: the explicit `next_review`, else the last review plus the period; never later
/// than the period allows (a `next_review` moved out past it postpones nothing, and
/// `review/next-beyond-period` says so).
pub fn next_review(doc: &Document, default: Option<&Period>) -> Option<Date> {
    let by_period = by_period(doc, default);
    match &doc.meta.next_review {
        Some(d) => Some(by_period.map_or(d.value, |p| d.value.min(p))),
        None => by_period,
    }
}

/// Whether the document is due for periodic review at all: retired documents are not, nor
/// drafts of a document never approved. The draft of a new version is: its approval fields are
/// the version in force's, whose review falls due whatever is being drafted.
pub fn is_live(doc: &Document) -> bool {
    use crate::document::ReviewCap;
    match (doc.meta.status.as_ref().map(|s| s.value), doc.review_cap) {
        (Some(Status::Retired), _) | (_, Some(ReviewCap::NothingInForce)) => false,
        // Its approval fields cleared for the next version: due as the version in force is,
        // where the history tells.
        (_, Some(ReviewCap::InForce(_))) => true,
        (Some(Status::Draft), _) => doc.meta.approval_date.is_some(),
        _ => true,
    }
}

/// The last day that counts as "due soon": `warn_before` from today, 30 days by default.
pub fn due_soon_until(today: Date, config: &Config) -> Option<Date> {
    match &config.review.warn_before {
        Some(p) => p.after(today),
        None => today.checked_add(jiff::Span::new().days(30)).ok(),
    }
}

/// A live document's next periodic review.
#[derive(Debug, Clone, Copy)]
pub struct Due<'a> {
    pub doc: &'a Document,
    pub next: Date,
    /// Days from today: negative when overdue.
    pub days: i32,
}

/// Every live document that has a next review date, soonest first.
pub fn schedule<'a>(docs: &'a [Document], config: &Config, today: Date) -> Vec<Due<'a>> {
    let mut due: Vec<Due> = docs
        .iter()
        .filter(|d| is_live(d))
        .filter_map(|doc| {
            let next = next_review(doc, config.review.period.as_ref())?;
            Some(Due { doc, next, days: days_until(next, today) })
        })
        .collect();
    due.sort_by(|a, b| a.next.cmp(&b.next).then_with(|| a.doc.path.cmp(&b.doc.path)));
    due
}

/// The live documents [`schedule`] leaves out: no review date can be told for them (no
/// approval, review or `next_review` to count from), in the library's order. A schedule that
/// says "0 overdue" of them would say what nobody checked.
pub fn unscheduled<'a>(docs: &'a [Document], config: &Config) -> Vec<&'a Document> {
    docs.iter().filter(|d| is_live(d) && next_review(d, config.review.period.as_ref()).is_none()).collect()
}

/// Days from `today` to the review date `next`: negative when it has passed.
pub fn days_until(next: Date, today: Date) -> i32 {
    (next - today).get_days()
}

/// How far a review date is from today, in words: "12 days overdue", "due today", "in 1 day".
/// Every output says it this way (`days` negative when overdue).
pub fn days_in_words(days: i32) -> String {
    let unit = |n: i32| if n == 1 { "day" } else { "days" };
    match days {
        d if d < 0 => format!("{} {} overdue", -d, unit(-d)),
        0 => "due today".to_owned(),
        d => format!("in {d} {}", unit(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_review_counts_from_the_latest_review() {
        let text = "---\napproval_date: 2025-01-31\nreview_period: 1 month\nrevisions:\n  - version: \"1\"\n    date: 2025-01-31\n  - version: \"1\"\n    date: 2025-03-31\n    type: review\n---\n";
        let doc = Document::parse("a.md", 0, text);
        assert!(doc.findings.is_empty(), "{:?}", doc.findings);
        assert_eq!(next_review(&doc, None), Some(Date::constant(2025, 4, 30)));
        let text = "---\napproval_date: 2025-01-31\n---\n";
        let doc = Document::parse("a.md", 0, text);
        assert_eq!(next_review(&doc, None), None);
        let yearly = Period::parse("12 months").unwrap();
        assert_eq!(next_review(&doc, Some(&yearly)), Some(Date::constant(2026, 1, 31)));
    }

    /// Bug (found by a cold review): a strongdm/comply policy last revised in June 2022 was
    /// never due (it states no approval), and `charta review` (which adds a revision entry, as
    /// comply keeps no other record) changed nothing. Its latest revision entry is its last
    /// review; a draft's or a version in review's entries are not.
    #[test]
    fn a_document_with_no_approval_or_status_is_due_from_its_latest_revision() {
        let yearly = Period::parse("12 months").unwrap();
        let comply = "name: Access\nacronym: AOTP\nmajorRevisions:\n  - date: Jun 1 2022\n    comment: First\n  - date: Jun 1 2025\n    comment: Annual review\n---\nText.\n";
        let doc = Document::parse("a.md", 0, comply);
        assert_eq!(next_review(&doc, Some(&yearly)), Some(Date::constant(2026, 6, 1)));
        let draft = "---\nstatus: review\nrevisions:\n  - {version: \"0.1\", date: 2022-06-01}\n---\n";
        assert_eq!(next_review(&Document::parse("b.md", 0, draft), Some(&yearly)), None);
    }

    /// Bug (found by a cold review): a `next_review` added years out, with no review recorded,
    /// turned an overdue document's badge to "Approved": the stated date was taken whatever the
    /// period. It can bring the review forward, never put it past the period.
    #[test]
    fn next_review_never_falls_after_the_period_allows() {
        let yearly = Period::parse("12 months").unwrap();
        let with = |next: &str| {
            Document::parse("a.md", 0, format!("---\napproval_date: 2023-01-10\nnext_review: {next}\n---\n"))
        };
        assert_eq!(next_review(&with("2026-12-31"), Some(&yearly)), Some(Date::constant(2024, 1, 10)));
        assert_eq!(next_review(&with("2023-06-30"), Some(&yearly)), Some(Date::constant(2023, 6, 30)));
        assert_eq!(next_review(&with("2026-12-31"), None), Some(Date::constant(2026, 12, 31)));
    }
}
