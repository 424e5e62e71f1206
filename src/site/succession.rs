//! Stage 4: which documents replace which. A retired document's `superseded_by` names its
//! successor by id; its page links there, and the successor's page names what it replaced.

use crate::document::Document;
use crate::library::Library;
use serde::Serialize;
use std::collections::BTreeMap;

/// A document another page links to, by its id and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRef {
    pub id: String,
    pub title: String,
    /// Its page, from the site's root.
    pub page: String,
}

/// What replaced a document and what it replaced, as its page says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Succession {
    /// The document named by its `superseded_by`, when the site has one of that id.
    pub successor: Option<DocRef>,
    /// The documents whose `superseded_by` names this one, in the library's order.
    pub predecessors: Vec<DocRef>,
}

/// The succession of every document that has one, by source path; `pages` maps each source
/// path to its page. A `superseded_by` that names no other document links nowhere (and is
/// `document/invalid-successor`).
pub fn of(library: &Library, pages: &BTreeMap<String, String>) -> BTreeMap<String, Succession> {
    let mut out: BTreeMap<String, Succession> = BTreeMap::new();
    let reference = |d: &Document| DocRef {
        id: d.id(),
        title: d.title(),
        page: pages.get(&d.path).cloned().unwrap_or_default(),
    };
    for (i, next) in library.successors() {
        let Some(n) = next.filter(|n| *n != i) else { continue };
        let (doc, next) = (&library.documents[i], &library.documents[n]);
        out.entry(doc.path.clone()).or_default().successor = Some(reference(next));
        out.entry(next.path.clone()).or_default().predecessors.push(reference(doc));
    }
    out
}
