//! Stage 3, the `history/*` rules: what git's history of a document says happened to its text,
//! against what the document records (its revision entries and its approval), and whether there
//! is a whole history to compare with. These rules read the committed texts they compare.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::{BlobId, Commit, History};
use crate::source::Span;
use jiff::civil::Date;

/// A revision entry as history compares them: (version, date).
type Entry = (Option<String>, Option<Date>);

/// A committed text as history compares them: its body (trimmed), its revision entries, and the
/// approval date it records.
struct Read {
    body: String,
    entries: Vec<Entry>,
    approved: Option<Date>,
}

fn read(path: &str, text: &str) -> Read {
    let parsed = crate::frontmatter::read(path, text);
    let entries = parsed
        .meta
        .revisions
        .into_iter()
        .map(|r| (r.version.map(|v| v.value), r.date.map(|d| d.value)))
        .collect();
    Read {
        body: parsed.body.trim().to_owned(),
        entries,
        approved: parsed.meta.approval_date.map(|d| d.value),
    }
}

fn who(c: &Commit) -> String {
    if c.email.is_empty() { c.author.clone() } else { format!("{} <{}>", c.author, c.email) }
}

/// `history/changed-after-approval` and `history/unrecorded-change` for one document.
pub fn check(doc: &Document, history: &History) -> Vec<Finding> {
    let Some(versions) = history.files.get(&doc.path) else {
        return Vec::new();
    };
    let current: Vec<Entry> = doc
        .meta
        .revisions
        .iter()
        .map(|r| (r.version.as_ref().map(|v| v.value.clone()), r.date.as_ref().map(|d| d.value)))
        .collect();
    let mut out = Vec::new();
    // The version before this one: its blob, then its body and revision entries once read. A
    // version is read only when it has one before or after it to compare with, and then once: a
    // document committed once (most of a new repository) is not read at all.
    let mut previous: Option<(BlobId, Option<Read>)> = None;
    // Whether a text before the one compared already recorded the approval the document states
    // now: from there on, every change comes after that approval, whatever a later commit does
    // to the date in between (removes it, changes it, puts it back).
    let approved = doc.meta.approval_date.as_ref().map(|a| a.value);
    let mut approval_recorded = false;
    for fv in versions {
        let Some(blob) = fv.blob else {
            previous = None;
            continue;
        };
        let Some((before_blob, before)) = previous.take() else {
            previous = Some((blob, None));
            continue;
        };
        let read_blob = |blob| history.text(blob).map(|text| read(&doc.path, &text));
        let (before, this) = match (before.map_or_else(|| read_blob(before_blob), Ok), read_blob(blob)) {
            (Ok(before), Ok(this)) => (before, this),
            (Err(e), _) | (_, Err(e)) => {
                // This change is reported; the next one is compared with this text again.
                out.push(unreadable_change(doc, history, fv.commit, &e));
                previous = Some((blob, None));
                continue;
            }
        };
        approval_recorded |= approved.is_some() && before.approved == approved;
        if before.body != this.body {
            let change = Change { commit: fv.commit, had: &before.entries, approval_recorded };
            out.extend(change_finding(doc, history, &current, &change, this.entries == before.entries));
        }
        previous = Some((blob, Some(this)));
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
fn unreadable_change(doc: &Document, history: &History, commit: usize, error: &anyhow::Error) -> Finding {
    let c = &history.commits[commit];
    Finding::new(
        Rule::HistoryUnreadable,
        &doc.path,
        Span::file(),
        format!("the change made by commit {} on {} could not be compared: {error:#}", c.short(), c.date),
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
    current: &[Entry],
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
    let recorded = current.iter().any(|e| e.1.is_some_and(|d| d >= c.not_before) && !had.contains(e));
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
