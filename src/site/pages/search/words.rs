//! Stage 4: a document's words for the search index, where they wait until it is made: in
//! memory, or on the build's shelf ([`Shelf`]), whole and a pass at a time.

use super::{Entry, shards};
use crate::site::file::Shelf;
use anyhow::{Context as _, Result};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A document's words, sorted by their first byte, and where the words of each pass begin in
/// them: found once, in one reading of them, where the passes read the words of every document
/// (at 10,000 documents each pass looking its own up by bisection was 2% of a cold build).
/// Found as the entry is made, while its words are fresh; for words read back from the build
/// cache, on both threads just before the index is made ([`super::index`]), not one by one as they
/// are read.
#[derive(Clone)]
pub(super) struct Words {
    pub(super) text: Text,
    pub(super) starts: OnceLock<[usize; shards::PASSES.len()]>,
}

/// Where a document's words are: in memory (read back from the build cache, or where the build
/// has no shelf), or on the build's shelf.
#[derive(Clone)]
pub(super) enum Text {
    Here(Arc<str>),
    /// On the shelf: whole on its lane [`WHOLE`], at `at`, and each pass's part on the pass's
    /// own lane (1 + the pass), at `passes`, where the index reads a pass's lane at once.
    Shelved {
        shelf: Arc<dyn Shelf>,
        /// None where the shelf does not keep the words whole: then they are the passes' parts.
        at: Option<u64>,
        len: usize,
        passes: [u64; shards::PASSES.len()],
    },
}

/// The lanes a build's shelf keeps: each pass's words, and the words whole when a build cache
/// is to store them (`whole`).
pub fn shelf_lanes(whole: bool) -> std::ops::Range<usize> {
    usize::from(!whole)..1 + shards::PASSES.len()
}

/// The shelf's lane of the documents' words whole, for the build cache; lane 1 + n holds the
/// words of pass n.
pub(super) const WHOLE: usize = 0;

/// Where the words of pass `pass` lie in words `len` bytes long whose passes begin at
/// `starts`: empty past the last pass.
pub(super) fn pass_range(starts: &[usize; shards::PASSES.len()], len: usize, pass: usize) -> Range<usize> {
    let start = starts.get(pass).copied().unwrap_or(len);
    start..starts.get(pass + 1).copied().unwrap_or(len).max(start)
}

impl Text {
    /// `words` (whose passes begin at `starts`) put on `shelf`: whole, and each pass's part.
    pub(super) fn shelved(
        words: &str,
        starts: &[usize; shards::PASSES.len()],
        shelf: &Arc<dyn Shelf>,
    ) -> Result<Text> {
        let mut passes = [0; shards::PASSES.len()];
        for (pass, at) in passes.iter_mut().enumerate() {
            let part = words.as_bytes().get(pass_range(starts, words.len(), pass)).unwrap_or_default();
            *at = shelf.put(1 + pass, part)?;
        }
        let at = shelf.keeps(WHOLE).then(|| shelf.put(WHOLE, words.as_bytes())).transpose()?;
        Ok(Text::Shelved { shelf: Arc::clone(shelf), at, len: words.len(), passes })
    }
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.text {
            Text::Here(text) => f.debug_tuple("Words").field(text).finish(),
            Text::Shelved { at, len, .. } => {
                f.debug_struct("Shelved").field("at", at).field("len", len).finish()
            }
        }
    }
}

impl Words {
    pub(super) fn new(text: Arc<str>) -> Words {
        Words { text: Text::Here(text), starts: OnceLock::new() }
    }

    /// Where the words of each pass begin; only words in memory are read for them (shelved
    /// ones were given theirs when they were put away).
    pub(super) fn starts(&self) -> &[usize; shards::PASSES.len()] {
        self.starts.get_or_init(|| match &self.text {
            Text::Here(text) => shards::starts(text),
            Text::Shelved { len, .. } => [*len; shards::PASSES.len()],
        })
    }

    pub(super) fn len(&self) -> usize {
        match &self.text {
            Text::Here(text) => text.len(),
            Text::Shelved { len, .. } => *len,
        }
    }
}

impl Entry {
    /// Its words of pass `pass` (an index into [`shards::PASSES`]), each followed by a space
    /// but the last of all, as the index reads them once [`super::index`] has made sure that every
    /// entry has its words: borrowed where they are in memory, else read from the shelf onto
    /// the end of `read`.
    fn of_pass<'e>(
        &'e self,
        pass: usize,
        lane: Option<&Arc<dyn Shelf>>,
        read: &mut Vec<u8>,
    ) -> Result<Part<'e>> {
        let Some(words) = self.words.get() else { return Ok(Part::Here("")) };
        let Range { start, end } = pass_range(words.starts(), words.len(), pass);
        match &words.text {
            Text::Here(text) => Ok(Part::Here(text.get(start..end).unwrap_or_default())),
            Text::Shelved { shelf, passes, .. } => {
                let at = usize::try_from(passes.get(pass).copied().unwrap_or_default())?;
                // Read with the rest of its lane already (from the start of `read`), or on its own.
                if let Some(read_from) = lane
                    && std::ptr::addr_eq(Arc::as_ptr(read_from), Arc::as_ptr(shelf))
                {
                    return Ok(Part::Read(at..at + (end - start)));
                }
                let from = read.len();
                shelf.read(1 + pass, at as u64, end - start, read)?;
                Ok(Part::Read(from..read.len()))
            }
        }
    }
}

/// An entry's words of a pass: borrowed from the entry, or where they are in the pass's bytes
/// read from the shelf.
pub(super) enum Part<'e> {
    Here(&'e str),
    Read(Range<usize>),
}

/// Every entry's words of one pass, in the entries' order.
pub(super) struct PassWords<'e> {
    read: String,
    parts: Vec<Part<'e>>,
}

impl<'e> PassWords<'e> {
    /// Each entry's words of pass `pass`: the pass's whole lane read at once from the shelf of
    /// the entries made in this build (each build's pages have a shelf of their own).
    pub(super) fn of(entries: &[&'e Entry], pass: usize) -> Result<PassWords<'e>> {
        let mut read = Vec::new();
        let shelf = entries.iter().find_map(|e| match e.words.get().map(|w| &w.text) {
            Some(Text::Shelved { shelf, .. }) => Some(Arc::clone(shelf)),
            _ => None,
        });
        if let Some(shelf) = &shelf {
            shelf.read_lane(1 + pass, &mut read)?;
        }
        let parts =
            entries.iter().map(|e| e.of_pass(pass, shelf.as_ref(), &mut read)).collect::<Result<Vec<_>>>()?;
        // Each part is whole words of a text that was UTF-8 when it was put away.
        let read = String::from_utf8(read).context("the search words read back are not UTF-8")?;
        anyhow::ensure!(
            parts.iter().all(|p| match p {
                Part::Here(_) => true,
                Part::Read(range) => read.get(range.clone()).is_some(),
            }),
            "the search words read back are not those put away (a bug in charta)"
        );
        Ok(PassWords { read, parts })
    }

    pub(super) fn each(&self) -> Vec<&str> {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Here(words) => *words,
                Part::Read(range) => self.read.get(range.clone()).unwrap_or_default(),
            })
            .collect()
    }
}
