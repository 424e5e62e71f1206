//! Stage 4: a document's revision table as its page shows it, newest first.

use super::{date, person};
use crate::document::{Revision, RevisionType};
use crate::roster::Roster;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    pub date: String,
    pub version: String,
    pub author: String,
    pub summary: String,
    pub is_review: bool,
    /// The entry that retired the document (`type: retirement`).
    pub is_retirement: bool,
    /// The commit that added this entry, and its date (with git history).
    pub commit: String,
    /// That commit's full id, for a link to it on the forge.
    pub commit_id: String,
    /// What a timeline calls this entry (`crate::timeline::entry`): how the commit that added
    /// it is found.
    #[serde(skip)]
    pub entry: crate::timeline::Entry,
}

/// Newest first, whichever order the file keeps them in.
pub(super) fn revisions(roster: &Roster, revs: &[Revision]) -> Vec<RevisionView> {
    let mut views: Vec<_> = revs
        .iter()
        .map(|r| RevisionView {
            date: date(r.date.as_ref().map(|d| d.value)),
            version: r.version.as_ref().map(|v| v.value.clone()).unwrap_or_default(),
            author: r
                .author
                .as_ref()
                .map(|a| a.value.split(", ").map(|n| person(roster, n).name).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            summary: r.summary.clone().unwrap_or_default(),
            is_review: r.kind == RevisionType::Review,
            is_retirement: r.kind == RevisionType::Retirement,
            commit: String::new(),
            commit_id: String::new(),
            entry: crate::timeline::entry(
                r.version.as_ref().map(|v| v.value.as_str()),
                r.date.as_ref().map(|d| d.value),
            ),
        })
        .collect();
    let dates: Vec<_> = revs.iter().filter_map(|r| r.date.as_ref().map(|d| d.value)).collect();
    if dates.first() < dates.last() {
        views.reverse();
    }
    views
}

/// What a retired document's banner says: when it was retired and why, from its latest
/// `type: retirement` entry, when it has one.
pub(super) fn retired_words(revs: &[Revision]) -> String {
    let entry = crate::revision::retirement(revs);
    let when = entry.and_then(|r| r.date.as_ref()).map(|d| format!(" on {}", d.value)).unwrap_or_default();
    let why = entry
        .and_then(|r| r.summary.as_deref())
        .map(|s| format!(": {}", s.trim_end_matches('.')))
        .unwrap_or_default();
    format!("This document was retired{when}{why}. It is no longer in force: do not follow it.")
}
