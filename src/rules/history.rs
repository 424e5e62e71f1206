//! Stage 3, the `history/*` rules: what git's history of a document says happened to its text,
//! against what the document records (its revision entries and its approval), and whether there
//! is a whole history to compare with. They read each document's timeline (`crate::timeline`),
//! made before the rules run.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::{Commit, History};
use crate::source::Span;
use crate::timeline::{self, Entry, Said, Timeline};
use jiff::civil::Date;

fn who(c: &Commit) -> String {
    if c.email.is_empty() { c.author.clone() } else { format!("{} <{}>", c.author, c.email) }
}

/// `history/changed-after-approval` and `history/unrecorded-change` for one document, from its
/// `timeline`: each change of its text against what the document records.
pub fn check(doc: &Document, timeline: &Timeline, history: &History) -> Vec<Finding> {
    // Each of the document's revision entries now: its date, and what a timeline calls it.
    let current: Vec<(Option<Date>, Entry)> = doc
        .meta
        .revisions
        .iter()
        .map(|r| {
            let date = r.date.as_ref().map(|d| d.value);
            (date, timeline::entry(r.version.as_ref().map(|v| v.value.as_str()), date))
        })
        .collect();
    let mut out = Vec::new();
    // Whether a text before the one compared already recorded the approval the document states
    // now: from there on, every change comes after that approval, whatever a later commit does
    // to the date in between (removes it, changes it, puts it back).
    let approved = doc.meta.approval_date.as_ref().map(|a| a.value);
    let mut approval_recorded = false;
    for pair in timeline.steps.windows(2) {
        let (before, this) = (&pair[0], &pair[1]);
        if before.blob.is_none() || this.blob.is_none() {
            continue;
        }
        let (before, now) = match (&before.said, &this.said) {
            (Said::Read(before), Said::Read(now)) => (before, now),
            (Said::Unreadable(e), _) | (_, Said::Unreadable(e)) => {
                // This change is reported; the next one is compared with this text again.
                out.push(unreadable_change(doc, history, this.commit, e));
                continue;
            }
            // A text with another next to it is always read (`Timeline::of`).
            _ => continue,
        };
        approval_recorded |= approved.is_some() && before.approved == approved;
        if before.body != now.body {
            let change = Change { commit: this.commit, had: &before.entries, approval_recorded };
            out.extend(change_finding(doc, history, &current, &change, now.entries == before.entries));
        }
    }
    out
}

/// A commit that changed a document's text, as [`change_finding`] judges it.
struct Change<'a> {
    commit: usize,
    /// The revision entries of the text before it.
    had: &'a [Entry],
    /// Whether a text before it recorded the approval the document states now.
    approval_recorded: bool,
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

/// The finding, if any, about a commit that changed the text of `doc`; `same_entries` says
/// whether it left the revision entries as they were.
///
/// Whether the change came after the approval is not told by the commit's own date, which whoever
/// commits sets to anything (a commit dated 1970, a rebase): the change came after the approval
/// when a text before it already recorded the approval the document states now, and the commit
/// was made on or after the approval's day, counting the dates of the commits it follows
/// ([`crate::history::Commit::not_before`]); a change made before an approval written in ahead
/// of its day is not. Such a change is reported unless the document's latest change entry is
/// dated after the approval: then `approval/predates-revision` says the approval is stale, once.
fn change_finding(
    doc: &Document,
    history: &History,
    current: &[(Option<Date>, Entry)],
    change: &Change,
    same_entries: bool,
) -> Option<Finding> {
    let m = &doc.meta;
    let revisions_span = m.fields.get("revisions").copied().unwrap_or(Span::file());
    let c = &history.commits[change.commit];
    let had = change.had;
    let after_approval =
        m.approval_date.as_ref().filter(|a| change.approval_recorded && c.not_before >= a.value);
    // Recorded: an entry dated on or after the commit that the text before it did not have.
    let recorded =
        current.iter().any(|(date, e)| date.is_some_and(|d| d >= c.not_before) && !had.contains(e));
    let stale_approval = |approved: Date| {
        crate::revision::latest_change(doc).and_then(|r| r.date.as_ref()).is_some_and(|d| d.value > approved)
    };
    if let Some(approved) = after_approval.filter(|a| !stale_approval(a.value)) {
        Some(
            Finding::new(Rule::HistoryChangedAfterApproval, &doc.path, approved.span, format!(
                "commit {} (dated {}) by {} changed the text after its approval on {} was recorded, and no revision entry dated after the approval records it: \"{}\"",
                c.short(), c.date, who(c), approved.value, c.summary
            ))
            .help(Rule::HistoryChangedAfterApproval.fix()),
        )
    } else if after_approval.is_none() && !recorded && same_entries {
        Some(
            Finding::new(
                Rule::HistoryUnrecordedChange,
                &doc.path,
                revisions_span,
                format!(
                    "commit {} on {} by {} changed the text but added no revision entry: \"{}\"",
                    c.short(),
                    c.date,
                    who(c),
                    c.summary
                ),
            )
            .help(Rule::HistoryUnrecordedChange.fix()),
        )
    } else {
        None
    }
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
            "the git history is truncated (a shallow clone): history rules cannot be trusted",
        ),
        Some(_) => Vec::new(),
    }
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

#[cfg(test)]
mod tests;
