//! Stage 2: the documents removed from the repository by the id their last text states, and
//! whether a document stating that id now goes on from one (the same document, moved in two
//! commits) or is another given a taken id.

use super::{Entry, entry_of};
use crate::history::History;

/// The files removed and not re-created at their path, by the id their last text states: where
/// a document now at another path came from when it was removed and added back in separate
/// commits (a move git's rename detection cannot see).
#[derive(Debug, Default)]
pub struct Predecessors(pub(super) std::collections::BTreeMap<String, Predecessor>);

/// A removed file, as its last text left it: what tells the same document moved from another
/// one given its id.
#[derive(Debug)]
pub struct Predecessor {
    pub path: String,
    /// The commit that removed it (an index into `History::commits`).
    pub removed: usize,
    /// Its newest revision entry and its version.
    newest: Option<Entry>,
    version: Option<String>,
}

impl Predecessor {
    /// Whether a document whose first text at its path states `m` goes on from this one: its
    /// revision entries hold this one's newest (a document moved keeps its revision history);
    /// where this one had none, its version is no lower. Else why not: a new document given a
    /// removed one's id starts its own history.
    pub fn continued_by(&self, m: &crate::document::Meta) -> Result<(), &'static str> {
        match self.newest {
            Some(_) if m.revisions.is_empty() => Err("its text states no revision history, that one had one"),
            Some(newest) if !m.revisions.iter().any(|r| entry_of(r) == newest) => {
                Err("its revision history does not hold that one's newest entry")
            }
            Some(_) => Ok(()),
            None => match (&self.version, &m.version) {
                (Some(before), Some(now))
                    if crate::revision::compare_versions(&now.value, before) == std::cmp::Ordering::Less =>
                {
                    Err("its version is lower than that one's")
                }
                _ => Ok(()),
            },
        }
    }
}

/// The version a revision entry states ("" for none).
fn version_of(r: &crate::document::Revision) -> &str {
    r.version.as_ref().map_or("", |v| v.value.as_str())
}

impl Predecessors {
    /// Each id a removed file's last text states, with that file's path.
    pub fn ids(&self) -> Vec<(String, String)> {
        self.0.iter().map(|(id, p)| (id.clone(), p.path.clone())).collect()
    }

    /// The path of the removed file whose last text states `id`.
    pub fn path(&self, id: Option<&str>) -> Option<&str> {
        self.0.get(id?).map(|p| p.path.as_str())
    }

    /// Read from `history`: each removed file's last text, for its id. When several removed
    /// files state one id, the last removed.
    pub fn of(history: &History, names: &crate::frontmatter::schema::Names) -> Predecessors {
        let mut by_id: Vec<(usize, String, Predecessor)> = history
            .removed
            .iter()
            .filter_map(|(path, versions)| {
                let removed = versions.last()?.commit;
                let blob = versions.iter().rev().find_map(|v| v.blob)?;
                let text = history.text(blob).ok()?;
                let m = crate::frontmatter::read_named(path, &text, names).meta;
                let newest = m
                    .revisions
                    .iter()
                    .max_by(|a, b| crate::revision::compare_versions(version_of(a), version_of(b)));
                let newest = newest.map(entry_of);
                let version = m.version.map(|v| v.value);
                Some((removed, m.id?.value, Predecessor { path: path.clone(), removed, newest, version }))
            })
            .collect();
        by_id.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        Predecessors(by_id.into_iter().map(|(_, id, p)| (id, p)).collect())
    }
}

/// A removed document whose id a document now states, though it does not go on from it
/// ([`Predecessor::continued_by`]): another document, given an id that was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reused {
    /// Where the removed document was.
    pub path: String,
    /// The commit that removed it (an index into `History::commits`).
    pub removed: usize,
    /// Why this document is not that one, in words.
    pub why: &'static str,
}
