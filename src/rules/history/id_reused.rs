//! Stage 3, `history/id-reused`: a document states the id of one removed from the repository
//! and does not go on from it (`crate::timeline::Predecessor::continued_by`, or it was there
//! before that one was written): another document under an id that was taken. An id names one
//! controlled document for good; the removed one's versions are kept apart (under `removed/`),
//! and this one's history starts with it.

use super::commit_words;
use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::History;
use crate::timeline::Timeline;

/// `history/id-reused`, at the document's `id`, naming the removed document and the commit
/// that removed it.
pub(super) fn check(doc: &Document, history: &History, timeline: &Timeline) -> Option<Finding> {
    let reused = timeline.reused.as_ref()?;
    let id = doc.meta.id.as_ref()?;
    let removed = history.commits.get(reused.removed)?;
    let message = format!(
        "{} was the id of {}, removed by {}; this document does not go on from it ({}), so it is another document under a taken id: their versions are kept apart",
        id.value,
        reused.path,
        commit_words(removed),
        reused.why
    );
    Some(Finding::new(Rule::HistoryIdReused, &doc.path, id.span, message).help(Rule::HistoryIdReused.fix()))
}
