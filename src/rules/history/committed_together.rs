//! Stage 3: `history/committed-together`: approvals of one document that came onto the line in
//! commits committed on one day, though written on days before it (a rebase: a pull request's
//! commits rebased onto the line, or the line's own history rewritten). Each commit counts from
//! the day it was committed ([`crate::history::Commit::landed`]), so of those versions only the
//! last is in force from that day and the others never were on their own: said once for each
//! such day, so that an auditor reading "never in force" knows why, and what a rewrite hides.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::History;
use crate::source::Span;
use crate::timeline::{Said, Timeline};

/// One finding for each day on which commits rebased onto the line brought `doc` two approvals
/// or more (at `approval_date`, or the top of the file).
pub fn check(doc: &Document, timeline: &Timeline, history: &History) -> Vec<Finding> {
    // The texts on the line, each with the day its commit was committed where that is later
    // than the day it was written (else None: not rebased there).
    let texts: Vec<(Option<jiff::civil::Date>, usize, &crate::timeline::Facts)> = timeline
        .steps
        .iter()
        .filter_map(|s| match &s.said {
            Said::Read(f) => {
                let c = history.commits.get(s.commit)?;
                Some(((c.landed > c.date).then_some(c.landed), s.commit, f))
            }
            _ => None,
        })
        .collect();
    let span = doc.meta.fields.get("approval_date").unwrap_or(Span::file());
    let mut out = Vec::new();
    for run in texts.chunk_by(|a, b| a.0.is_some() && a.0 == b.0) {
        let Some(day) = run[0].0 else { continue };
        // The approvals the run states, each once, in order: a text in review states the one
        // before's, and a restatement states its approval again.
        let mut approvals: Vec<(u64, Option<&str>, usize)> = Vec::new();
        for &(_, commit, f) in run {
            if let Some(record) = f.record.filter(|_| !f.pending && !f.restates)
                && !approvals.iter().any(|a| a.0 == record)
            {
                approvals.push((record, f.version.as_deref(), commit));
            }
        }
        if approvals.len() < 2 {
            continue;
        }
        let label = |(_, version, commit): &(u64, Option<&str>, usize)| match version {
            Some(v) => format!("`{v}`"),
            None => format!("the text of commit {}", history.commits[*commit].short()),
        };
        let labels: Vec<String> = approvals.iter().map(label).collect();
        let (last, earlier) = labels.split_last().unwrap_or((&labels[0], &[]));
        let days = run.iter().map(|&(_, commit, _)| history.commits[commit].date);
        let (from, to) = (days.clone().min().unwrap_or(day), days.max().unwrap_or(day));
        let never = if earlier.len() == 1 { "never was" } else { "never were" };
        out.push(
            Finding::new(
                Rule::HistoryCommittedTogether,
                &doc.path,
                span,
                format!(
                    "versions {} and {last} were approved on commits written from {from} to {to}, but all were committed onto the main line on {day} (a rebase): only {last} is in force from that day, and {} {never} on its own; if these commits replaced ones already on the line (its history rewritten), the days before {day} that they were in force are not in this history",
                    earlier.join(", "),
                    earlier.join(", ")
                ),
            )
            .help(Rule::HistoryCommittedTogether.fix()),
        );
    }
    out
}
