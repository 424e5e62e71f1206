//! Stage 3 (pure): one document's standing, assessed once from its dates and its findings (after
//! severities and waivers): next review, whether it is due, the badge. The site's pages and
//! `charta reviews` format an [`Assessment`] and never work it out again.

use crate::config::Config;
use crate::document::{Document, Status};
use crate::finding::{Finding, Rule, Severity};
use crate::review;
use jiff::civil::Date;

/// Where a document stands with its periodic review, as of the day assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    /// The next review date has passed.
    Overdue,
    /// The next review falls within the warning window (`review.warn_before`, 30 days).
    DueSoon,
    /// A next review later than that.
    Scheduled,
    /// No next review: none can be worked out, or the document is a draft or retired.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub status: Option<Status>,
    /// The next review date, worked out for any document (a draft's is shown, never due).
    pub next_review: Option<Date>,
    /// Days from the day assessed to the next review: negative when overdue.
    pub days: Option<i32>,
    pub review: ReviewState,
    /// The reason of the waiver covering the finding that says the review is overdue or due.
    pub waived: Option<String>,
    /// Errors that are not waived.
    pub errors: usize,
}

impl Assessment {
    /// `findings` are the document's own, with the configuration's severities and waivers.
    pub fn of(doc: &Document, config: &Config, today: Date, findings: &[&Finding]) -> Assessment {
        // A retired document has no next review: it is out of force for good.
        let next_review =
            review::next_review(doc, config.review.period.as_ref()).filter(|_| !doc.meta.retired());
        let days = next_review.map(|n| review::days_until(n, today));
        let soon = review::due_soon_until(today, config);
        let review = match next_review.filter(|_| review::is_live(doc)) {
            Some(n) if n < today => ReviewState::Overdue,
            Some(n) if soon.is_some_and(|s| n <= s) => ReviewState::DueSoon,
            Some(_) => ReviewState::Scheduled,
            None => ReviewState::None,
        };
        let waived = findings
            .iter()
            .filter(|f| matches!(f.rule, Rule::ReviewOverdue | Rule::ReviewDueSoon))
            .find_map(|f| f.waived.clone());
        let errors = findings.iter().filter(|f| f.severity == Severity::Error && f.waived.is_none()).count();
        Assessment {
            status: doc.meta.status.as_ref().map(|s| s.value),
            next_review,
            days,
            review,
            waived,
            errors,
        }
    }

    /// Whether the review is overdue or due soon (what a person's page lists as due).
    pub fn is_due(&self) -> bool {
        matches!(self.review, ReviewState::Overdue | ReviewState::DueSoon)
    }

    /// The badge, as (label, CSS class): an overdue review first, then errors that are not
    /// waived, then a review overdue or due soon whose finding is waived (said so), then one due
    /// soon, then the document's status.
    pub fn badge(&self) -> (&'static str, &'static str) {
        match (self.review, &self.waived) {
            (ReviewState::Overdue, None) => ("Overdue", "overdue"),
            _ if self.errors > 0 => ("Non-compliant", "non-compliant"),
            (ReviewState::Overdue, Some(_)) => ("Overdue, waived", "waived"),
            (ReviewState::DueSoon, None) => ("Due soon", "due-soon"),
            (ReviewState::DueSoon, Some(_)) => ("Due soon, waived", "waived"),
            _ => match self.status {
                Some(s) => (
                    s.label(),
                    match s {
                        Status::Approved => "approved",
                        Status::Draft => "draft",
                        Status::Review => "review",
                        Status::Retired => "retired",
                    },
                ),
                None => ("No status", "none"),
            },
        }
    }

    /// When the review falls, in words: "12 days overdue", "due today", "in 1 day", with
    /// ", waived" when the finding about it is.
    pub fn when(&self) -> Option<String> {
        let days = self.days.filter(|_| self.review != ReviewState::None)?;
        let mut text = review::days_in_words(days);
        if self.waived.is_some() && self.is_due() {
            text.push_str(", waived");
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn doc(front: &str) -> Document {
        Document::parse("a.md", 0, format!("---\n{front}\n---\n\nBody.\n"))
    }

    #[test]
    fn each_state_its_badge_and_words() {
        let today = Date::constant(2026, 3, 1);
        let config = Config::default();
        let approved =
            |date: &str| format!("status: approved\napproval_date: {date}\nreview_period: 12 months");
        let overdue = Finding::new(Rule::ReviewOverdue, "a.md", Span::file(), "due");
        let mut waived = overdue.clone();
        waived.waived = Some("audit moved".into());
        let mut waived_soon = Finding::new(Rule::ReviewDueSoon, "a.md", Span::file(), "soon");
        waived_soon.waived = Some("audit moved".into());
        let error = Finding::new(Rule::ApprovalMissing, "a.md", Span::file(), "no approval");
        // (front matter, findings, badge, words)
        type Case<'a> = (String, Vec<&'a Finding>, (&'a str, &'a str), Option<&'a str>);
        let cases: Vec<Case> = vec![
            (approved("2025-02-28"), vec![&overdue], ("Overdue", "overdue"), Some("1 day overdue")),
            (
                approved("2025-02-20"),
                vec![&waived],
                ("Overdue, waived", "waived"),
                Some("9 days overdue, waived"),
            ),
            (approved("2025-03-02"), vec![], ("Due soon", "due-soon"), Some("in 1 day")),
            (approved("2025-03-01"), vec![], ("Due soon", "due-soon"), Some("due today")),
            (approved("2025-03-02"), vec![&error], ("Non-compliant", "non-compliant"), Some("in 1 day")),
            (
                approved("2025-02-20"),
                vec![&waived, &error],
                ("Non-compliant", "non-compliant"),
                Some("9 days overdue, waived"),
            ),
            (
                approved("2025-03-05"),
                vec![&waived_soon],
                ("Due soon, waived", "waived"),
                Some("in 4 days, waived"),
            ),
            (approved("2025-12-01"), vec![], ("Approved", "approved"), Some("in 275 days")),
            ("status: draft\nreview_period: 12 months".into(), vec![], ("Draft", "draft"), None),
            // The draft of a new version: the version in force is overdue.
            (
                "status: draft\napproval_date: 2024-01-01\nreview_period: 12 months".into(),
                vec![&overdue],
                ("Overdue", "overdue"),
                Some("424 days overdue"),
            ),
            ("title: x".into(), vec![], ("No status", "none"), None),
        ];
        for (front, findings, badge, when) in cases {
            let a = Assessment::of(&doc(&front), &config, today, &findings);
            assert_eq!(a.badge(), badge, "{front}");
            assert_eq!(a.when().as_deref(), when, "{front}");
        }
    }
}
