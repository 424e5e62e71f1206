//! Stage 4: `register.json`, the site's machine-readable register and history: every document
//! with what its page's header says, its findings' rule ids, and its versions oldest first,
//! each with when it was in force, who approved it and its commits. Its schema is
//! `docs/register.schema.json`; auditors' tools and charta's own tests read it.

use crate::site::file::Output;
use crate::site::view::{CommitRef, DocView, VersionView};
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct Document<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    kind: &'a str,
    /// As front matter writes it: draft, review, approved, retired.
    status: Option<String>,
    version: Option<&'a str>,
    owner: Option<&'a str>,
    authors: Vec<&'a str>,
    approvers: Vec<&'a str>,
    approval_date: Option<&'a str>,
    next_review: Option<&'a str>,
    /// The rule ids of its findings, in the order the findings are reported.
    findings: Vec<&'a str>,
    versions: Vec<Version<'a>>,
    /// How many older versions `[history] max_versions` leaves out of `versions`: what was in
    /// force before the first of them is not known from this file.
    versions_not_kept: usize,
    /// What the code chain proves of the approval it states, when `[evidence]` is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    approval_evidence: Option<&'a crate::evidence::Proof>,
    /// For a document removed from the repository (`crate::removed`): when, and by which commit.
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<Removal<'a>>,
    /// The id of the document that replaces it, when its `superseded_by` names one of the site.
    #[serde(skip_serializing_if = "Option::is_none")]
    superseded_by: Option<&'a str>,
}

#[derive(Serialize)]
struct Removal<'a> {
    date: &'a str,
    commit: &'a str,
}

#[derive(Serialize)]
struct Version<'a> {
    label: &'a str,
    in_force_from: Option<&'a str>,
    in_force_to: Option<&'a str>,
    approval_date: Option<&'a str>,
    approvers: &'a [String],
    commits: &'a [CommitRef],
    /// The page showing this version, root-relative.
    page: &'a str,
    /// It withdrew the document: from its first day in force, none of it was in force.
    retired: bool,
    /// What the code chain proves of the approval it states, when `[evidence]` is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    approval_evidence: Option<&'a crate::evidence::Proof>,
}

/// "" as JSON's null.
fn given(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// One document's entry, as JSON: `d` as its page shows it, with its `versions` (newest
/// first, as its page lists them), and for a removed document the day and commit that removed
/// it. Made while its page is rendered, so nothing of it is kept but this.
pub fn entry(
    d: &DocView,
    (versions, not_kept): (&[VersionView], usize),
    findings: bool,
    removed: Option<(&str, &str)>,
) -> Arc<str> {
    let entry = Document {
        id: &d.id,
        title: &d.title,
        path: &d.source,
        kind: &d.kind,
        status: given(&d.status).map(str::to_lowercase),
        version: given(&d.version),
        owner: d.owner.as_ref().map(|o| o.name.as_str()),
        authors: d.authors.iter().map(|a| a.name.as_str()).collect(),
        approvers: d.approvers.iter().map(|a| a.name.as_str()).collect(),
        approval_date: given(&d.approved),
        next_review: given(&d.next_review),
        findings: d.findings.iter().filter(|_| findings).map(|f| f.rule).collect(),
        versions: versions
            .iter()
            .rev()
            .map(|v| Version {
                label: &v.label,
                in_force_from: v.in_force_from.as_deref(),
                in_force_to: v.in_force_to.as_deref(),
                approval_date: given(&v.approved),
                approvers: &v.approver_names,
                commits: &v.commits,
                page: &v.page,
                retired: v.retired,
                approval_evidence: v.proof.as_ref(),
            })
            .collect(),
        versions_not_kept: not_kept,
        approval_evidence: d.proof.as_ref(),
        removed: removed.map(|(date, commit)| Removal { date, commit }),
        superseded_by: d.succession.as_ref().and_then(|s| s.successor.as_ref()).map(|s| s.id.as_str()),
    };
    Arc::from(serde_json::to_string(&entry).unwrap_or_else(|_| "null".to_owned()))
}

/// `register.json`: `{"documents": [...], "removed": [...]}`, the entries in the register's
/// order, then those of the documents removed from the repository.
pub fn file(prefix: &str, entries: Vec<Arc<str>>, removed: &[Arc<str>]) -> Output {
    Output::Joined {
        path: format!("{prefix}register.json"),
        open: "{\"documents\":[".into(),
        parts: entries,
        close: removed_then_close(removed, "]}\n"),
    }
}

/// `],"removed":[` and the removed documents' entries, then `close`.
pub fn removed_then_close(removed: &[Arc<str>], close: &str) -> std::borrow::Cow<'static, str> {
    let mut text = String::from("],\"removed\":[");
    let mut joined = Vec::new();
    let _ = Output::write_joined(&mut joined, "", removed, "");
    text.push_str(&String::from_utf8_lossy(&joined));
    text.push_str(close);
    text.into()
}
