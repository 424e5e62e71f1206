//! Stage 2: each document of a release as the history had it at the release's commit: the
//! commits up to it that changed the file, found under the path the file has in the history
//! now (a document moved since is followed by its text at the release). What a snapshot's
//! `history/*` rules read, and what its cache key holds of them.

use crate::history::{BlobId, FileVersion, History, Release};
use std::collections::BTreeMap;

/// The history up to a release's commit, for its documents.
pub struct Then<'h> {
    /// The release's commit, an index on the line.
    pub line: usize,
    /// Each Markdown file of the release (its path there) -> the path the history keeps its
    /// versions under, and those versions up to the release, oldest first. A file whose text
    /// at the release no path's history holds (or several do) is not here.
    pub documents: BTreeMap<&'h str, (&'h str, Vec<&'h FileVersion>)>,
}

/// The history of `release`'s documents up to it; None for a release off the first-parent line
/// (its place in the history is not the line's) or in a shallow clone.
pub fn of<'h>(history: &'h History, release: &'h Release) -> Option<Then<'h>> {
    let line = release.line.filter(|_| !history.incomplete())?;
    let versions = |path: &str| history.files.get(path).or_else(|| history.removed.get(path));
    let upto = |all: &'h [FileVersion]| all.iter().filter(|v| v.commit <= line).collect::<Vec<_>>();
    let last = |then: &[&FileVersion]| then.last().and_then(|v| v.blob);
    // The paths whose history held each text at the release: made when a file is not at its
    // path any more (moved since, or another file moved there).
    let mut holding: Option<BTreeMap<BlobId, Vec<&'h str>>> = None;
    let mut documents = BTreeMap::new();
    for (path, &blob) in &release.files {
        if !crate::load::is_markdown(std::path::Path::new(path)) {
            continue;
        }
        if let Some(then) = versions(path).map(|all| upto(all)).filter(|then| last(then) == Some(blob)) {
            documents.insert(path.as_str(), (path.as_str(), then));
            continue;
        }
        let holding = holding.get_or_insert_with(|| {
            let mut by_blob: BTreeMap<BlobId, Vec<&'h str>> = BTreeMap::new();
            for (p, all) in history.files.iter().chain(&history.removed) {
                if let Some(b) = last(&upto(all)) {
                    by_blob.entry(b).or_default().push(p.as_str());
                }
            }
            by_blob
        });
        if let Some([moved]) = holding.get(&blob).map(Vec::as_slice) {
            let then = versions(moved).map(|all| upto(all)).unwrap_or_default();
            documents.insert(path.as_str(), (*moved, then));
        }
    }
    Some(Then { line, documents })
}
