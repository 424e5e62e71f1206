//! Stage 3, the `history/*` rules: what git's history of a document says happened to its text,
//! against what the document records (its revision entries and its approval), and whether there
//! is a whole history to compare with. They read each document's timeline (`crate::timeline`),
//! made before the rules run.

use crate::document::{Document, RevisionType};
use crate::finding::{Finding, Rule};
use crate::history::{Commit, History};
use crate::source::Span;
use crate::timeline::{self, Facts, Record, Said, Step, Timeline};

fn who(c: &Commit) -> String {
    if c.email.is_empty() { c.author.clone() } else { format!("{} <{}>", c.author, c.email) }
}

/// One committed text of a document that was read: its commit, and what it says.
type Read<'a> = (usize, &'a Facts);

/// `history/changed-after-approval` and `history/unrecorded-change` for one document, from its
/// `timeline`, each said at most once; `history/unreadable` for a text git could not give.
///
/// An approval is judged by content and commit order, never by the dates commits state (which
/// whoever commits sets to anything: a rebase, a wrong clock, a commit dated 1970). The
/// approval record a text states (approval date, approvers, version) approves the text of the
/// first commit that stated it; the document changed after its approval when its last committed
/// text says something else. A record that comes back after a commit took it away approves
/// nothing new, so removing the approval for a commit does not hide the change made in it; nor
/// does one that only restates the approval before it (its approval date kept, its approvers or
/// version changed: the timeline reads it as that approval); and a merge, squash or rebase that
/// brings an approved text in states its record with it.
pub fn check(doc: &Document, timeline: &Timeline, history: &History, clock: Clock) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut read: Vec<Read> = Vec::new();
    out.extend(id_reused::check(doc, history, timeline));
    let committed: Vec<&Step> = timeline.steps.iter().filter(|s| s.blob.is_some()).collect();
    for (i, step) in committed.iter().enumerate() {
        match &step.said {
            Said::Read(facts) => read.push((step.commit, facts)),
            // The change this text was part of (the one it made, or for the first text the one
            // made to it) could not be compared; the texts on either side are compared instead.
            Said::Unreadable(e) => {
                let change =
                    if i > 0 { step.commit } else { committed.get(1).map_or(step.commit, |s| s.commit) };
                out.push(unreadable_change(doc, history, change, e));
            }
            Said::NotRead => {}
        }
    }
    // The last committed text must be among those read: else what it says is not known.
    if committed.last().is_none_or(|s| !matches!(s.said, Said::Read(_))) {
        return out;
    }
    out.extend(changed_after_approval(doc, history, timeline, &read));
    out.extend(unrecorded_changes(doc, history, &read));
    out.extend(review_period_lengthened::check(doc, history, timeline, &read, clock));
    out.extend(reinstated_without_approval::check(doc, history, timeline, &read));
    out
}

/// What a review period is judged by: charta.toml's default period, the day of the check, and
/// whether the history's charta.toml is the one in use (the root's, not `-c`'s): then its
/// period when an approval was recorded is the one that approval approved.
#[derive(Debug, Clone, Copy)]
pub struct Clock<'a> {
    pub default: Option<&'a crate::document::Period>,
    pub today: jiff::civil::Date,
    pub history_periods: bool,
}

/// The commits among `read` (from the second on) that changed the content of the text before.
fn changes<'a>(read: &'a [Read<'a>]) -> impl Iterator<Item = usize> + 'a {
    read.windows(2).filter(|w| w[0].1.body != w[1].1.body).map(|w| w[1].0)
}

/// `history/changed-after-approval`, once: the last committed text is not the text the approval
/// the document states now was first recorded with, and no later approval records it. When a
/// merge brought the approval in, it was recorded on the merged branch: an edit made there
/// after it, or a change the merge itself made, counts.
fn changed_after_approval<'a>(
    doc: &Document,
    history: &'a History,
    timeline: &'a Timeline,
    read: &[Read<'a>],
) -> Option<Finding> {
    let approved = doc.meta.approval_date.as_ref()?;
    let Since { merge, on_branch, texts } = since_approval(doc, history, timeline, read)?;
    let (recorded, approved_text) = *texts.first()?;
    if texts.last()?.1.body == approved_text.body {
        return None;
    }
    // A change entry dated after the approval: `approval/predates-revision` says the approval is
    // stale, once, for the changes up to that entry's day. Those made after it no entry records:
    // said here (a waiver of that rule, or its finding naming the entry, hid them).
    // Up to the text that first recorded that entry; by its day where none of those compared
    // did (then a change committed later that day is taken as the entry's).
    let stale = crate::revision::latest_change(doc)
        .filter(|r| r.date.as_ref().is_some_and(|d| d.value > approved.value))
        .map(|r| {
            let date = r.date.as_ref().map(|d| d.value);
            let key = crate::timeline::entry(r.version.as_ref().map(|v| v.value.as_str()), date);
            (texts.iter().position(|(_, f)| f.entries.contains(&key)), date)
        });
    let recorded_by = |at: usize, c: &Commit| match stale {
        None => false,
        Some((Some(k), _)) => at <= k,
        Some((None, day)) => day.is_some_and(|d| c.made <= d),
    };
    // The changes since the text was last the one approved (a revert may have brought it
    // back), less those a new approval recorded (an approval between, since stated over).
    let back = texts.iter().rposition(|(_, f)| f.body == approved_text.body).unwrap_or(0);
    let since: Vec<&Commit> = texts[back..]
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0].1.body != w[1].1.body && !approved_anew(w[0].1, w[1].1))
        .filter(|(i, w)| !recorded_by(back + i + 1, w[1].0))
        .map(|(_, w)| w[1].0)
        .collect();
    let (Some(earliest), Some(latest)) = (since.first(), since.last()) else { return None };
    let n = since.len();
    let on = match on_branch {
        true => format!(", on the branch merged by commit {}", history.commits[merge].short()),
        false => String::new(),
    };
    // The approval in force's day, which a text restating it may not state.
    let day = approved_text.approval.as_ref().map_or(approved.value, |a| a.date);
    let head = format!(
        "the text changed after its approval on {day} was recorded (commit {}{on})",
        recorded.short()
    );
    let message = if n == 1 {
        format!("{head}: 1 commit changed it since with no new approval, {}", commit_words(earliest))
    } else {
        format!(
            "{head}: {n} commits changed it since with no new approval; the first, {}; the last, {}",
            commit_words(earliest),
            commit_words(latest)
        )
    };
    Some(
        Finding::new(Rule::HistoryChangedAfterApproval, &doc.path, approved.span, message)
            .help(Rule::HistoryChangedAfterApproval.fix()),
    )
}

/// The texts of a document since the approval it states now was recorded.
struct Since<'a> {
    /// The commit of the line that brought the approval in: the one that recorded it, or the
    /// merge of the branch that did.
    merge: usize,
    /// The approval was recorded on the branch `merge` merged.
    on_branch: bool,
    /// Each text from the one the approval was recorded with to the last, with its commit.
    texts: Vec<(&'a Commit, &'a Facts)>,
}

/// The texts since the approval `doc` states was recorded, on the line or on the branch whose
/// merge brought it in. A text in draft or review that already states the approval fields
/// approves nothing: the approval is recorded where a text states it and is not pending.
fn since_approval<'a>(
    doc: &Document,
    history: &'a History,
    timeline: &'a Timeline,
    read: &[Read<'a>],
) -> Option<Since<'a>> {
    let now = timeline.stated(&doc.meta);
    let first = read.iter().position(|(_, f)| f.approves(now))?;
    let merge = read[first].0;
    let branch = on_branch(history, timeline, merge, now);
    let on_branch = branch.is_some();
    let texts = branch
        .into_iter()
        .flatten()
        .chain(read[first..].iter().map(|&(c, f)| (&history.commits[c], f)))
        .collect();
    Some(Since { merge, on_branch, texts })
}

/// Whether `after` records an approval of its own, where `before` is the text before it: a
/// new record that neither restates the approval before nor is pending.
fn approved_anew(before: &Facts, after: &Facts) -> bool {
    after.record != before.record && !after.restates && !after.pending
}

/// When `merge` (a commit of the first-parent line) is a merge whose branch recorded the
/// approval `now`: the branch's texts from the first that states it, with their commits.
fn on_branch<'a>(
    history: &'a History,
    timeline: &'a Timeline,
    merge: usize,
    now: Option<Record>,
) -> Option<Vec<(&'a Commit, &'a Facts)>> {
    let steps = timeline.branches.get(&merge)?;
    let merged = history.merged.get(&merge)?;
    let read = |s: &'a timeline::BranchStep| match &s.said {
        Said::Read(f) => Some((merged.commits.get(s.commit)?, f)),
        _ => None,
    };
    let from = steps.iter().position(|s| read(s).is_some_and(|(_, f)| f.approves(now)))?;
    Some(steps[from..].iter().filter_map(read).collect())
}

/// `history/unrecorded-change`, once per document: each new approval record (not one that only
/// restates the approval before, see `crate::timeline::Timeline::mark_restatements`) of a text
/// whose content changed since the approval before it, with no revision entry the text before
/// did not have; one finding names how many, and the first and the last. Drafting before a
/// document's first approval is not reported: its first approval's entries are its record.
fn unrecorded_changes(doc: &Document, history: &History, read: &[Read]) -> Option<Finding> {
    // The T1Pal QMS keeps no revision list: there is no entry to ask for.
    if doc.dialect == crate::document::Dialect::T1pal && doc.meta.fields.get("revisions").is_none() {
        return None;
    }
    let span = doc.meta.fields.get("revisions").unwrap_or(Span::file());
    // Each approval record where it first appears (a draft's or a version in review's fields
    // are the approval before's, not one of their own).
    let mut approvals: Vec<usize> = Vec::new();
    for (i, (_, f)) in read.iter().enumerate() {
        let approves = f.record.is_some() && f.approval.as_ref().is_some_and(|a| !a.pending);
        if approves && !approvals.iter().any(|&a| read[a].1.record == f.record) {
            approvals.push(i);
        }
    }
    let unrecorded: Vec<String> = approvals
        .windows(2)
        .filter_map(|w| {
            let (before, after) = (read[w[0]].1, read[w[1]].1);
            // A review entry records that nothing changed.
            let recorded = after.entries.iter().any(|e| !before.entries.contains(e) && !after.reviews.contains(e));
            if before.body == after.body || recorded {
                return None;
            }
            // The days a revision entry for the change may bear: from the approval before (an
            // entry of that day the text before lacked is new) to this one. One the document
            // holds now, added since, records it after the fact: the history cannot change,
            // the record can be completed.
            let (a, b) = (before.approval.as_ref()?.date, after.approval.as_ref()?.date);
            // A later approval dated before the one before it (a date corrected) still has days.
            let (from, to) = (a.min(b), a.max(b));
            let completed = doc.meta.revisions.iter().filter(|r| r.kind != RevisionType::Review).any(|r| {
                let date = r.date.as_ref().map(|d| d.value);
                date.is_some_and(|d| from <= d && d <= to)
                    && !before.entries.contains(&timeline::entry(r.version.as_ref().map(|v| v.value.as_str()), date))
            });
            if completed {
                return None;
            }
            let n = changes(&read[w[0]..=w[1]]).count();
            Some(format!(
                "{} recorded a new approval of a text that {n} commit{} changed since the approval before (commit {}), but added no revision entry; one dated from {from} to {to} records it",
                commit_words(&history.commits[read[w[1]].0]),
                if n == 1 { "" } else { "s" },
                history.commits[read[w[0]].0].short(),
            ))
        })
        .collect();
    let message = match unrecorded.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [first, .., last] => format!(
            "{} approvals recorded changes with no revision entry for them; the first: {first}; the last: {last}",
            unrecorded.len()
        ),
    };
    Some(
        Finding::new(Rule::HistoryUnrecordedChange, &doc.path, span, message)
            .help(Rule::HistoryUnrecordedChange.fix()),
    )
}

/// A commit as findings name it: `commit 1a2b3c4d on 2025-09-01 by Mallory <m@x>: "summary"`.
fn commit_words(c: &Commit) -> String {
    format!("commit {} on {} by {}: \"{}\"", c.short(), c.date, who(c), c.summary)
}

/// `history/unreadable`: the change `commit` made to `doc` could not be compared, because git
/// could not give one of its two texts.
fn unreadable_change(doc: &Document, history: &History, commit: usize, error: &str) -> Finding {
    let c = &history.commits[commit];
    Finding::new(
        Rule::HistoryUnreadable,
        &doc.path,
        Span::file(),
        format!("the change made by commit {} on {} could not be compared: {error}", c.short(), c.date),
    )
    .help(Rule::HistoryUnreadable.fix())
}

/// `history/not-a-repository` and `history/shallow-clone`: the findings about the history as a
/// whole, at charta.toml.
pub fn repository(history: Option<&History>) -> Vec<Finding> {
    let at = |rule: Rule, message: &str| {
        vec![Finding::new(rule, crate::config::FILE_NAME, Span::file(), message).help(rule.fix())]
    };
    match history {
        None => at(
            Rule::HistoryNotARepository,
            "the root is not in a git repository: no versions, diffs or history rules",
        ),
        Some(h) if h.shallow => at(
            Rule::HistoryShallowClone,
            "the git history is truncated (a shallow clone): the history rules were not run, and a site built here shows no versions",
        ),
        Some(h) if h.partial => at(
            Rule::HistoryPartialClone,
            "the clone is partial (cloned with --filter): past texts are not here, so the history rules were not run, and a site built here shows no versions",
        ),
        Some(h) => long_branches(h),
    }
}

/// `history/long-branch`: each merge whose branch was read only in part, once, at charta.toml,
/// about the documents it changed (as its `also`).
fn long_branches(history: &History) -> Vec<Finding> {
    let most = crate::history::merged::MOST_COMMITS;
    history
        .merged
        .iter()
        .filter(|(_, m)| !m.cut.is_empty())
        .map(|(&commit, m)| {
            let c = &history.commits[commit];
            let n = m.cut.len();
            let these = if n == 1 { "the document it changed".to_owned() } else { format!("the {n} documents it changed") };
            Finding::new(
                Rule::HistoryLongBranch,
                crate::config::FILE_NAME,
                Span::file(),
                format!(
                    "commit {} on {} merged a branch of more than {most} commits of its own: only its latest {most} were read, so what the earlier ones did to {these} is not compared",
                    c.short(),
                    c.date
                ),
            )
            .help(Rule::HistoryLongBranch.fix())
            .about(m.cut.clone())
        })
        .collect()
}

/// `history/unreadable` for a history git could not give at all: the run goes on without it.
pub fn unreadable(error: &anyhow::Error) -> Finding {
    Finding::new(
        Rule::HistoryUnreadable,
        crate::config::FILE_NAME,
        Span::file(),
        format!(
            "cannot read the git history: {error:#}; versions, redlines, releases and history rules are off for this run"
        ),
    )
    .help(Rule::HistoryUnreadable.fix())
}

pub mod approver_authored_change;
pub mod committed_together;
pub mod dated_after_today;
mod id_reused;
mod reinstated_without_approval;
mod review_period_lengthened;
pub use review_period_lengthened::{approved_due, default_lengthened};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod unrecorded_tests;
