//! Document control over time: a document's versions, from its timeline (`crate::timeline`),
//! for its pages. The `history/*` rules, which compare the timeline's steps with what the
//! document records, are in `rules/history.rs`.

use crate::document::Document;
use crate::history::{BlobId, History};
use crate::timeline::{Said, Timeline};

/// One version of a document: the commits from the one that introduced its version label to
/// the last one before the next label, or before a text of the same label was put back in
/// draft or review (its approved text stays in force; the texts from then on are another).
#[derive(Debug, Clone)]
pub struct Version {
    /// The `version` field, or the first commit's short id when the document states none.
    pub label: String,
    /// An earlier version has the same label (one put back in draft or review, and what came
    /// of it): its pages need a folder of their own.
    pub repeated: bool,
    pub first: usize,
    pub last: usize,
    /// The document as the last commit of this version left it.
    pub text: String,
}

/// The versions of `doc`, oldest first, each with its text, from its `timeline`. `working` is
/// the document's text as it is now (decoded: without a byte-order mark): a committed text that
/// is the same bytes (git's id for it is the blob's: most documents of a repository are as last
/// committed) is not read from git, so a damaged copy of it in git takes nothing from the site.
/// A text git cannot give is left out (`rules::history::check` reports it as
/// `history/unreadable`): one damaged object does not stop the site. Only the last text of
/// each version is read, for its pages; the labels are the timeline's.
/// `working_blob` is git's id for `working` (`crate::history::blob_id`), computed once by the
/// caller.
pub fn of(
    doc: &Document,
    timeline: &Timeline,
    history: &History,
    working: &str,
    working_blob: BlobId,
) -> Vec<Version> {
    let is_working = |blob: BlobId| blob == working_blob;
    // Each version as (label, first, last, the blob its last commit left, whether its last
    // text is a draft or in review).
    let mut spans: Vec<(String, usize, usize, BlobId, bool)> = Vec::new();
    for step in &timeline.steps {
        let Some(blob) = step.blob else { continue };
        let (version, pending) = if is_working(blob) {
            (doc.meta.version.as_ref().map(|v| v.value.clone()), doc.meta.pending())
        } else {
            match &step.said {
                Said::Read(facts) => (facts.version.clone(), facts.pending),
                Said::Unreadable(_) => continue,
                // A text nothing compared (the only one of its run) and not the working copy's.
                Said::NotRead => match history.text(blob) {
                    Ok(text) => {
                        let meta = crate::frontmatter::read(&doc.path, &text).meta;
                        let pending = meta.pending();
                        (meta.version.map(|v| v.value), pending)
                    }
                    Err(_) => continue,
                },
            }
        };
        let label = version.unwrap_or_else(|| history.commits[step.commit].short().to_owned());
        match spans.last_mut() {
            // The same version goes on, unless its text was in force and is now pending again.
            Some((l, _, last, last_blob, was_pending)) if *l == label && (*was_pending || !pending) => {
                *last = step.commit;
                *last_blob = blob;
                *was_pending = pending;
            }
            _ => spans.push((label, step.commit, step.commit, blob, pending)),
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    spans
        .into_iter()
        .filter_map(|(label, first, last, blob, _)| {
            let text = if is_working(blob) { working.to_owned() } else { history.text(blob).ok()? };
            let repeated = !seen.insert(label.clone());
            Some(Version { label, repeated, first, last, text })
        })
        .collect()
}
