//! Stage 3: `history/committed-together`: approvals of one document that came onto the line in
//! commits committed on one day, though written on days before it (a rebase: a pull request's
//! commits rebased onto the line, or the line's own history rewritten). Each commit counts from
//! the day it was committed ([`crate::history::Commit::landed`]), so of those versions only the
//! last is in force from that day and the others never were on their own: said once for each
//! such day, so that an auditor reading "never in force" knows why, and what a rewrite hides.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::{Commit, History};
use crate::source::Span;
use crate::timeline::{Facts, Said, Timeline};
use jiff::civil::Date;

/// One finding for each day on which commits committed onto the line, one of them at least
/// written on an earlier day (rebased there), brought `doc` two new approvals or more (at
/// `approval_date`, or the top of the file). An approval is new when its date is later than
/// every approval a text before those commits stated: a text that keeps the approval in force
/// (a typo fixed, approvers renamed) approves nothing.
pub fn check(doc: &Document, timeline: &Timeline, history: &History) -> Vec<Finding> {
    // The texts on the line, each with its commit.
    let texts: Vec<(&Commit, &Facts)> = timeline
        .steps
        .iter()
        .filter_map(|s| match &s.said {
            Said::Read(f) => Some((history.commits.get(s.commit)?, f)),
            _ => None,
        })
        .collect();
    let approved = |f: &Facts| f.approval.as_ref().filter(|a| !a.pending).map(|a| a.date);
    let span = doc.meta.fields.get("approval_date").unwrap_or(Span::file());
    let mut out = Vec::new();
    let mut before: Option<Date> = None;
    for run in texts.chunk_by(|a, b| a.0.landed == b.0.landed) {
        let latest_before = before;
        before = before.max(run.iter().filter_map(|(_, f)| approved(f)).max());
        let day = run[0].0.landed;
        if !run.iter().any(|(c, _)| c.landed > c.date) {
            continue;
        }
        // The run's new approvals, each once (by its date), in order, with the text that
        // first stated it.
        let mut new: Vec<(Date, &Commit, &Facts)> = Vec::new();
        for &(c, f) in run {
            if let Some(date) = approved(f).filter(|d| latest_before.is_none_or(|b| *d > b))
                && !new.iter().any(|n| n.0 == date)
            {
                new.push((date, c, f));
            }
        }
        let Some((last, earlier)) = new.split_last().filter(|(_, earlier)| !earlier.is_empty()) else {
            continue;
        };
        let label = |(date, c, f): &(Date, &Commit, &Facts)| match f.version.as_deref() {
            Some(v) => format!("version `{v}` (approved {date})"),
            None => format!("the text of commit {} (approved {date})", c.short()),
        };
        let earlier: Vec<String> = earlier.iter().map(label).collect();
        let (from, to) = (
            new.iter().map(|n| n.1.date).min().unwrap_or(day),
            new.iter().map(|n| n.1.date).max().unwrap_or(day),
        );
        let (never, own) = if earlier.len() == 1 { ("was", "its") } else { ("were", "their") };
        out.push(
            Finding::new(
                Rule::HistoryCommittedTogether,
                &doc.path,
                span,
                format!(
                    "{} approvals came onto the main line in commits committed on {day}, though written from {from} to {to} (a rebase): only the last, {}, is in force from that day, and {} never {never} in force on {own} own; if these commits replaced ones already on the line (its history rewritten), the days before {day} that they were in force are not in this history",
                    new.len(),
                    label(last),
                    crate::finding::both(&earlier),
                ),
            )
            .help(Rule::HistoryCommittedTogether.fix()),
        );
    }
    out
}
