//! Document control over time: a document's versions from git history, for its pages. The
//! `history/*` rules, which compare history with what the document records, are in
//! `rules/history.rs`.

use crate::document::Document;
use crate::history::History;

/// One version of a document: the commits from the one that introduced its version label to
/// the last one before the next label.
#[derive(Debug, Clone)]
pub struct Version {
    /// The `version` field, or the first commit's short id when the document states none.
    pub label: String,
    pub first: usize,
    pub last: usize,
    /// The document as the last commit of this version left it.
    pub text: String,
}

/// The versions of `doc`, oldest first, each with its text. `working` is the document's text as
/// it is now (decoded: without a byte-order mark): a committed text that is the same bytes (git's
/// id for it is the blob's: most documents of a repository are as last committed) is neither
/// read from git nor parsed again,
/// so a damaged copy of it in git takes nothing from the site. Another text git cannot give is
/// left out (`rules::history::check` reports it as `history/unreadable`): one damaged object
/// does not stop the site.
pub fn of(doc: &Document, history: &History, working: &str) -> Vec<Version> {
    let mut out: Vec<Version> = Vec::new();
    let working_blob = std::cell::OnceCell::new();
    for fv in history.files.get(&doc.path).into_iter().flatten() {
        let Some(blob) = fv.blob else {
            continue;
        };
        let is_working = blob == *working_blob.get_or_init(|| crate::history::blob_id(working));
        let text = if is_working {
            working.to_owned()
        } else if let Ok(text) = history.text(blob) {
            text
        } else {
            continue;
        };
        let version = if is_working || doc.is_text(&text) {
            doc.meta.version.as_ref().map(|v| v.value.clone())
        } else {
            crate::frontmatter::read(&doc.path, &text).meta.version.map(|v| v.value)
        };
        let label = version.unwrap_or_else(|| history.commits[fv.commit].short().to_owned());
        match out.last_mut() {
            Some(v) if v.label == label => {
                v.last = fv.commit;
                v.text = text;
            }
            _ => out.push(Version { label, first: fv.commit, last: fv.commit, text }),
        }
    }
    out
}
