//! Stage 3: `history/dated-after-today`: a commit that changed documents states a day later
//! than the day of the check. No commit of the repository can have been made after today: its
//! author's clock was wrong, or the date was written by hand. Every day the site counts from it
//! (a version in force "not yet", the one before in force until then) is counted from a day
//! that did not happen, so the auditor is told, once per commit.

use crate::finding::{Finding, Rule};
use crate::history::{Commit, History};
use crate::library::Library;
use crate::source::Span;
use crate::timeline::Timeline;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// One finding per commit dated after `today` that gave a document of `library` a text (on the
/// line, or on a branch a merge brought in), at the first of the documents it changed, the
/// others as its `also`. `until`: a release's commit, whose snapshot sees the line up to it.
pub fn check(
    library: &Library,
    timelines: &[Timeline],
    (history, until): (&History, Option<usize>),
    today: Date,
) -> Vec<Finding> {
    // Each commit (by its id, for one order on every run) and the documents it changed.
    let mut dated: BTreeMap<&str, (&Commit, Vec<&str>)> = BTreeMap::new();
    for (doc, timeline) in library.documents.iter().zip(timelines) {
        let on_line = timeline.steps.iter().filter(|s| until.is_none_or(|u| s.commit <= u));
        let mut commits: Vec<&Commit> = Vec::new();
        for step in on_line {
            commits.extend(history.commits.get(step.commit));
            if let (Some(branch), Some(merged)) =
                (timeline.branches.get(&step.commit), history.merged.get(&step.commit))
            {
                commits.extend(branch.iter().filter_map(|b| merged.commits.get(b.commit)));
            }
        }
        for c in commits.into_iter().filter(|c| c.date > today) {
            let entry = dated.entry(c.id.as_str()).or_insert_with(|| (c, Vec::new()));
            if entry.1.last() != Some(&doc.path.as_str()) {
                entry.1.push(doc.path.as_str());
            }
        }
    }
    let mut out: Vec<Finding> = dated
        .into_values()
        .map(|(c, mut paths)| {
            paths.sort_unstable();
            paths.dedup();
            let first = paths.remove(0);
            let these = if paths.is_empty() { "this document's" } else { "these documents'" };
            Finding::new(
                Rule::HistoryDatedAfterToday,
                first,
                Span::file(),
                format!(
                    "commit {} (\"{}\", by {}) is dated {}, after today ({today}): a clock set wrong, or a date written by hand; the days {these} versions were in force are counted from that day",
                    c.short(),
                    c.summary,
                    c.author,
                    c.date
                ),
            )
            .help(Rule::HistoryDatedAfterToday.fix())
            .about(paths.into_iter().map(str::to_owned).collect())
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
