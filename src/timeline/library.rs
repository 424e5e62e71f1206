//! Stage 2: every document's timeline, read once for the rules and the site; and what other
//! documents held their paths before them, kept as removed documents.

use super::{Predecessors, Timeline};
use crate::document::Document;
use crate::frontmatter::schema::Names;
use crate::history::History;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// The timelines of `documents` (in their order) in `history`, each text's fields read by
/// `names`. A document that held a current document's path before it and left is added to
/// `history`'s removed files, as a file deleted is (the site keeps its versions); one gone on at
/// another path (two documents that swapped paths) has its timeline joined with what it left.
pub fn of_library(documents: &[Document], history: &mut History, names: &Names) -> Vec<Timeline> {
    let predecessors = Predecessors::of(history, names);
    let current = super::current(documents);
    let (mut timelines, earlier): (Vec<Timeline>, Vec<_>) = documents
        .par_iter()
        .with_max_len(crate::library::GRAIN)
        .map(|d| Timeline::joined_and_earlier(d, history, (&predecessors, &current), names))
        .unzip();
    let mut left = BTreeSet::new();
    for (doc, versions) in documents.iter().zip(earlier) {
        if let Some(versions) = versions {
            history.removed.insert(doc.path.clone(), versions);
            left.insert(doc.path.as_str());
        }
    }
    if !left.is_empty() {
        let predecessors = Predecessors::of(history, names);
        for (doc, timeline) in documents.iter().zip(timelines.iter_mut()) {
            let id = doc.meta.id.as_ref().map(|id| id.value.as_str());
            if predecessors.path(id).is_some_and(|p| p != doc.path && left.contains(p)) {
                *timeline = Timeline::joined(doc, history, (&predecessors, &current), names);
            }
        }
    }
    timelines
}
