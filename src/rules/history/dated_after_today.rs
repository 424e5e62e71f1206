//! Stage 3: `history/dated-after-today`: a commit that changed documents states a day later
//! than the day of the check, by more than a time zone can make it. No commit of the repository can have been made after today: its
//! author's clock was wrong, or the date was written by hand. Every day the site counts from it
//! (a version in force "not yet", the one before in force until then) is counted from a day
//! that did not happen, so the auditor is told, once for all such commits.

use crate::finding::{Finding, Rule};
use crate::history::{Commit, History};
use crate::library::Library;
use crate::source::Span;
use crate::timeline::Timeline;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// One finding for every commit dated after the day after `today` (a time zone ahead) that gave a document of `library` a text
/// (on the line, or on a branch a merge brought in), naming the first three, at the first of
/// the documents they changed, the others as its `also`. `until`: a release's commit, whose snapshot sees the line up to it.
pub fn check(
    library: &Library,
    timelines: &[Timeline],
    (history, until): (&History, Option<usize>),
    today: Date,
) -> Vec<Finding> {
    // Each commit (by its id, for one order on every run) and the documents it changed.
    let mut dated: BTreeMap<&str, (&Commit, Vec<&str>)> = BTreeMap::new();
    // A commit's day is the later of its author's and its committer's, each in their time
    // zone: a day ahead of the check's is a commit made this evening east of it (Sydney's
    // morning is London's night before).
    let latest = today.tomorrow().unwrap_or(today);
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
        for c in commits.into_iter().filter(|c| c.landed > latest) {
            let entry = dated.entry(c.id.as_str()).or_insert_with(|| (c, Vec::new()));
            if entry.1.last() != Some(&doc.path.as_str()) {
                entry.1.push(doc.path.as_str());
            }
        }
    }
    // The documents removed since: their days in force are counted from their commits too
    // (a removed policy in force until a day after its removal). Named after those there now.
    let mut gone: Vec<&str> = Vec::new();
    for (path, versions) in &history.removed {
        let gave = versions.iter().filter(|v| v.published && v.blob.is_some());
        let commits = gave
            .filter(|v| until.is_none_or(|u| v.commit <= u))
            .filter_map(|v| history.commits.get(v.commit));
        let mut here = false;
        for c in commits.filter(|c| c.landed > latest) {
            dated.entry(c.id.as_str()).or_insert_with(|| (c, Vec::new()));
            here = true;
        }
        if here {
            gone.push(path.as_str());
        }
    }
    // Said once for them all: one wrong clock dates every commit made on that machine, and a
    // `--today` set before the history ends dates every later one so.
    let mut paths: Vec<&str> = dated.values().flat_map(|(_, paths)| paths.iter().copied()).collect();
    paths.sort_unstable();
    paths.dedup();
    paths.extend(gone);
    if paths.is_empty() {
        return Vec::new();
    }
    let first = paths.remove(0);
    let mut commits: Vec<&Commit> = dated.into_values().map(|(c, _)| c).collect();
    commits.sort_by(|a, b| (a.landed, &a.id).cmp(&(b.landed, &b.id)));
    let named: Vec<String> = commits
        .iter()
        .take(3)
        .map(|c| format!("{} (\"{}\", by {})", c.short(), c.summary, c.author))
        .collect();
    let which = match commits.as_slice() {
        [c] => format!("commit {} is {}, after today ({today})", named.join(""), when(c)),
        _ => {
            let dated: Vec<String> =
                named.iter().zip(&commits).map(|(n, c)| format!("{n} on {}", c.landed)).collect();
            let more = match commits.len() - dated.len() {
                0 => String::new(),
                more => format!(" and {more} more"),
            };
            format!("{} commits are dated after today ({today}): {}{more}", commits.len(), dated.join(", "))
        }
    };
    let these = if paths.is_empty() { "this document's" } else { "these documents'" };
    vec![
        Finding::new(
            Rule::HistoryDatedAfterToday,
            first,
            Span::file(),
            format!(
                "{which}: a clock set wrong, a date written by hand, or a `--today` before the history ends; the days {these} versions were in force are counted from those dates"
            ),
        )
        .help(Rule::HistoryDatedAfterToday.fix())
        .about(paths.into_iter().map(str::to_owned).collect()),
    ]
}

/// The day `commit` is dated as the finding names it: its author's, or its committer's where
/// that is later (the day its versions are counted from).
fn when(commit: &Commit) -> String {
    if commit.landed > commit.date {
        format!("committed on {} (written on {})", commit.landed, commit.date)
    } else {
        format!("dated {}", commit.date)
    }
}
