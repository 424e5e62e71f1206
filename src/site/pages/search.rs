//! Stage 4: the search index, shipped as a script (not fetched JSON) so search works when the
//! site is opened from disk.

use crate::site::file::Output;
use crate::site::view::DocView;
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'a str,
    owner: String,
    status: &'a str,
    controls: String,
    url: &'a str,
    /// The body's distinct words, lower-cased.
    words: &'a str,
}

/// One document's entry of the index, as JSON (made while its page is rendered, so the words
/// need not be kept).
pub fn entry(d: &DocView, words: &str) -> Arc<str> {
    let entry = Entry {
        id: &d.id,
        title: &d.title,
        kind: &d.kind,
        owner: d.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
        status: &d.badge.label,
        controls: d
            .controls
            .iter()
            .map(|c| format!("{} {}", c.framework, c.id))
            .collect::<Vec<_>>()
            .join(" "),
        url: &d.page,
        words,
    };
    // JSON is valid JavaScript; `</` is escaped so the script cannot be closed from inside.
    // Kept until the index is written, for every document: no spare capacity.
    Arc::from(serde_json::to_string(&entry).unwrap_or_else(|_| "null".to_owned()).replace("</", "<\\/"))
}

/// `assets/search-index.js`: `window.CHARTA_SEARCH = [...]`, one entry per document.
pub fn index(prefix: &str, entries: Vec<Arc<str>>) -> Output {
    Output::Joined {
        path: format!("{prefix}assets/search-index.js"),
        open: "window.CHARTA_SEARCH = [",
        parts: entries,
        close: "];\n",
    }
}
