//! Document control over time: a document's versions from git history, and the rules that
//! compare history with what the document records.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::{Commit, History};
use crate::source::Span;
use jiff::civil::Date;

/// One version of a document: the commits from the one that introduced its version label to
/// the last one before the next label.
#[derive(Debug, Clone)]
pub struct Version {
    /// The `version` field, or the first commit's short id when the document states none.
    pub label: String,
    pub first: usize,
    pub last: usize,
    /// The document as the last commit of this version left it.
    pub text: String,
}

/// The versions of the document at `path`, oldest first.
pub fn of(path: &str, history: &History) -> Vec<Version> {
    let mut out: Vec<Version> = Vec::new();
    for fv in history.files.get(path).into_iter().flatten() {
        let Some(text) = &fv.text else {
            continue;
        };
        let parsed = crate::frontmatter::read(path, text);
        let label = parsed
            .meta
            .version
            .map(|v| v.value)
            .unwrap_or_else(|| history.commits[fv.commit].short().to_owned());
        match out.last_mut() {
            Some(v) if v.label == label => {
                v.last = fv.commit;
                v.text.clone_from(text);
            }
            _ => out.push(Version { label, first: fv.commit, last: fv.commit, text: text.clone() }),
        }
    }
    out
}

/// A revision entry as history compares them: (version, date).
type Entry = (Option<String>, Option<Date>);

/// A version's body, and its revision entries.
fn read(path: &str, text: &str) -> (String, Vec<Entry>) {
    let parsed = crate::frontmatter::read(path, text);
    let entries = parsed
        .meta
        .revisions
        .into_iter()
        .map(|r| (r.version.map(|v| v.value), r.date.map(|d| d.value)))
        .collect();
    (parsed.body.trim().to_owned(), entries)
}

fn who(c: &Commit) -> String {
    if c.email.is_empty() { c.author.clone() } else { format!("{} <{}>", c.author, c.email) }
}

/// `history/changed-after-approval` and `history/unrecorded-change` for one document.
pub fn check(doc: &Document, history: &History) -> Vec<Finding> {
    let Some(versions) = history.files.get(&doc.path) else {
        return Vec::new();
    };
    let m = &doc.meta;
    let revisions_span = m.fields.get("revisions").copied().unwrap_or(Span::file());
    let current: Vec<(Option<String>, Option<Date>)> = m
        .revisions
        .iter()
        .map(|r| (r.version.as_ref().map(|v| v.value.clone()), r.date.as_ref().map(|d| d.value)))
        .collect();
    let mut out = Vec::new();
    // Each version's body and revision entries, read once.
    let mut previous: Option<(String, Vec<Entry>)> = None;
    for fv in versions {
        let Some(text) = fv.text.as_deref() else {
            previous = None;
            continue;
        };
        let this = read(&doc.path, text);
        let Some((before_body, had)) = previous.replace(this.clone()) else {
            continue;
        };
        if before_body == this.0 {
            continue;
        }
        let c = &history.commits[fv.commit];
        let after_approval = m.approval_date.as_ref().filter(|a| c.date > a.value);
        // Recorded: an entry dated on or after the commit that the text before it did not have.
        let recorded = current.iter().any(|e| e.1.is_some_and(|d| d >= c.date) && !had.contains(e));
        if let Some(approved) = after_approval.filter(|_| !recorded) {
            out.push(
                Finding::new(Rule::HistoryChangedAfterApproval, &doc.path, approved.span, format!(
                    "commit {} on {} by {} changed the text after its approval on {}, and no revision entry records it: \"{}\"",
                    c.short(), c.date, who(c), approved.value, c.summary
                ))
                .help(Rule::HistoryChangedAfterApproval.fix()),
            );
        } else if after_approval.is_none() && !recorded && this.1 == had {
            out.push(
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
            );
        }
    }
    out
}

/// The findings about the history as a whole: shallow clone, or no repository.
pub fn repository_findings(history: Option<&History>) -> Vec<Finding> {
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
