//! Stage 4: what the site is made of: files, each a path and its bytes (or a file of the
//! repository to copy), handed out one by one as they are made.

use anyhow::Result;
use std::borrow::Cow;
use std::sync::Arc;

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Rendered content.
    Bytes { path: String, bytes: Vec<u8> },
    /// A file of the repository the documents link to (an image, a PDF), copied from `source`
    /// (root-relative) to `path`, which differs only for a file a browser would run
    /// ([`crate::links::published_name`]).
    Copy { source: String, path: String },
    /// A JSON list of entries each document's page gave, written as `open`, the `parts`
    /// separated by commas, and `close`: the entries are shared with what made them, never
    /// copied into one string (at 10,000 documents the search index alone is 20 MB).
    Joined { path: String, open: Cow<'static, str>, parts: Vec<Arc<str>>, close: Cow<'static, str> },
}

impl Output {
    /// What a [`Output::Joined`] writes: `open`, the `parts` separated by commas, `close`.
    pub fn write_joined(
        out: &mut impl std::io::Write,
        open: &str,
        parts: &[Arc<str>],
        close: &str,
    ) -> std::io::Result<()> {
        out.write_all(open.as_bytes())?;
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(part.as_bytes())?;
        }
        out.write_all(close.as_bytes())
    }

    pub fn path(&self) -> &str {
        match self {
            Output::Bytes { path, .. } | Output::Copy { path, .. } | Output::Joined { path, .. } => path,
        }
    }
}

/// Where the files of the site go as they are made (from several threads), so that the site is
/// never all in memory: what the caller does with them (write them, list them) is its own.
pub type Emit<'a> = &'a (dyn Fn(Output) -> Result<()> + Sync);

/// Where a document's text comes from when its pages are made (the library's documents no
/// longer hold it, see [`crate::library::Library::take_texts`]): by its index and document. It
/// must be the text that was checked (`Document::digest`).
pub type Texts<'a> = &'a (dyn Fn(usize, &crate::document::Document) -> Result<String> + Sync);

/// Asked before a page made from inputs of its own among the listing pages is made (a redline of
/// what changed since a release), with its output path and the hash of those inputs: true when
/// the caller put the last build's page, made from the same, into the site instead (see
/// `output::cache::Parts`), so that it is not made again.
pub type Taken<'a> = &'a (dyn Fn(&str, crate::fingerprint::Key) -> Result<bool> + Sync);

/// Where the documents' search words wait for the search index, out of memory: a document's are
/// put there as its page is made and read back when the index is made and when the build cache
/// stores them (at 100,000 documents, 340 MB a cold build held otherwise from its first page to
/// its end). What is put goes on one of a few lanes, each read back a part at a time or whole.
/// Kept by the output layer, as files are.
pub trait Shelf: Send + Sync {
    /// Keep `bytes` on lane `lane`; where they are kept on it.
    fn put(&self, lane: usize, bytes: &[u8]) -> Result<u64>;
    /// Append to `out` the `len` bytes kept at `at` on lane `lane`.
    fn read(&self, lane: usize, at: u64, len: usize, out: &mut Vec<u8>) -> Result<()>;
    /// Append to `out` everything kept on lane `lane`.
    fn read_lane(&self, lane: usize, out: &mut Vec<u8>) -> Result<()>;
    /// Whether lane `lane` is to be kept at all (a build without a cache has no use for the
    /// documents' words whole).
    fn keeps(&self, lane: usize) -> bool;
}
