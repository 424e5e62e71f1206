//! Stage 4: the search index, shipped as a script (not fetched JSON) so search works when the
//! site is opened from disk; and the sitemap.

use super::render::Output;
use super::view::DocView;
use serde::Serialize;

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
    words: String,
}

/// `assets/search-index.js`: `window.CHARTA_SEARCH = [...]`, one entry per document.
pub fn index(prefix: &str, docs: &[(&DocView, &[String])]) -> Output {
    let entries: Vec<Entry> = docs
        .iter()
        .map(|(d, words)| Entry {
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
            words: words.join(" "),
        })
        .collect();
    // JSON is valid JavaScript; `</` is escaped so the script cannot be closed from inside.
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_owned()).replace("</", "<\\/");
    Output::Bytes {
        path: format!("{prefix}assets/search-index.js"),
        bytes: format!("window.CHARTA_SEARCH = {json};\n").into_bytes(),
    }
}
