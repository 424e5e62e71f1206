//! Stage 2: when the review of a document's version in force falls due, as its committed texts
//! say: what a draft or a version in review is due by while the next version is worked on.

use super::{Facts, Timeline};
use crate::document::ReviewCap;
use crate::history::History;
use jiff::civil::Date;

impl Timeline {
    /// When the review of the version in force falls due, by the last committed text in force
    /// (neither a draft nor in review): its last approval or review (or `reviewed`, a review
    /// the document records since, when later) plus the period its approval approved (that of
    /// the first text stating its approval day), or the one it states when shorter, and never
    /// after the `next_review` it states. A text states none: `default`, or where
    /// `history_periods`, charta.toml's when the approval was recorded. Nothing in force where
    /// that text retired the document; None where there is none, or it states no approval.
    pub fn in_force_review(
        &self,
        history: &History,
        (default, history_periods): (Option<&crate::document::Period>, bool),
        reviewed: Option<Date>,
    ) -> Option<ReviewCap> {
        let texts: Vec<(usize, &Facts)> = self.texts().collect();
        let &(at, last) = texts.iter().rev().find(|(_, f)| !f.pending)?;
        if last.retired {
            return Some(ReviewCap::NothingInForce);
        }
        let day = last.approval.as_ref()?.date;
        let from = last.reviewed.max(reviewed)?;
        // The text that recorded the approval: a later one stating its day (its approvers or
        // version corrected) approved nothing of its own, its period neither.
        let stating = |f: &Facts| !f.pending && f.approval.as_ref().is_some_and(|a| a.date == day);
        let &(recorded_at, recorded) = texts.iter().find(|(_, f)| stating(f)).unwrap_or(&(at, last));
        let then = history_periods.then(|| history.review_period_at(recorded_at)).flatten();
        let then = then.as_ref().map_or(default, Option::as_ref);
        let approved = recorded.period.as_deref().or(then).and_then(|p| p.after(from));
        let stated = last.period.as_deref().or(default).and_then(|p| p.after(from));
        let due = match (approved, stated) {
            (Some(approved), Some(stated)) => Some(approved.min(stated)),
            (approved, stated) => approved.or(stated),
        };
        let due = match (due, last.next_review) {
            (Some(due), Some(next)) => Some(due.min(next)),
            (due, next) => due.or(next),
        };
        due.map(ReviewCap::InForce)
    }
}
