//! Stage 4: the search index, in parts a page loads as scripts (not fetched JSON, so search
//! works when the site is opened from disk), each small enough to load while typing:
//!
//! - `assets/search/index.js`: every document's ID, title, kind, owner, status, controls and
//!   page, and the names of the shards;
//! - `assets/search/<n>.js`: a shard, the words that begin with its name, each with the
//!   documents and sections it occurs in;
//! - `assets/search/words.js`: every word, for finding the ones a mistyped word is close to;
//! - `assets/search/text/<page folder>.js`: one document's sections as plain text, for the
//!   snippets of its results.
//!
//! The index names its build (a hash of every document's part), which the search page and
//! script put on each file they load (`?v=`): a browser that kept files of an earlier build
//! never mixes them with this one's.

use crate::site::file::Shelf;
use crate::site::file::{Emit, Output};
use crate::site::view::DocView;
use crate::site::words::Sections;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

mod shards;
mod words;

pub use words::shelf_lanes;
use words::{PassWords, Text, WHOLE, Words};

/// One document's part of the index, made while its page is rendered (so its text need not be
/// kept) and kept, as the cache keeps it, until the index is written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Entry {
    /// `[id, title, kind, owner, status, controls, page]`, as JSON.
    meta: Arc<str>,
    /// Its words, each with the sections it occurs in unless only the first, sorted by their
    /// first byte: `keep staff:0,3` (sections in base 36), with where each pass of the index
    /// ([`shards::PASSES`]) finds its own.
    /// The build cache stores them apart from the rest of the entry and a rebuild reads them
    /// back only when the index is made ([`Entry::give_words`]), not while the listing pages
    /// are: at 10,000 documents, 34 MB that a one-edit build held at its peak. Those this build
    /// makes wait on its shelf, where there is one ([`crate::site::Shelf`]), not in memory.
    #[serde(skip)]
    words: OnceLock<Words>,
    /// A hash of its meta, its words in the order its text first uses them, and its text file:
    /// its part of the build's name, made with the entry so the index need not read the words
    /// again for it.
    part: u64,
}

/// A hash that is the same on every run and machine for the same bytes: `foldhash` with a fixed
/// seed (not for security: only to tell one build's files from another's).
fn stable_hash(parts: &[&[u8]]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = foldhash::fast::FixedState::with_seed(0x6368_6172_7461).build_hasher();
    for part in parts {
        h.write_usize(part.len());
        h.write(part);
    }
    h.finish()
}

impl Entry {
    /// Whether it has its words: one read back from the build cache has none until given them.
    pub fn has_words(&self) -> bool {
        self.words.get().is_some()
    }

    /// Its words, unless it was read back from the build cache and they have not been given:
    /// read back from the shelf where they were put there (whole, or pass by pass where the
    /// shelf does not keep them whole).
    pub fn words(&self) -> Option<Result<Cow<'_, str>>> {
        let words = self.words.get()?;
        let (shelf, at, len, passes) = match &words.text {
            Text::Here(text) => return Some(Ok(Cow::Borrowed(&**text))),
            Text::Shelved { shelf, at, len, passes } => (shelf, at, *len, passes),
        };
        let mut out = Vec::with_capacity(len);
        let read = match at {
            Some(at) => shelf.read(WHOLE, *at, len, &mut out),
            None => passes.iter().enumerate().try_for_each(|(pass, at)| {
                let part = words::pass_range(words.starts(), len, pass).len();
                shelf.read(1 + pass, *at, part, &mut out)
            }),
        };
        Some(read.and_then(|()| {
            String::from_utf8(out).map(Cow::Owned).context("the search words read back are not UTF-8")
        }))
    }

    /// Give an entry read back from the build cache its words (an entry that has them keeps
    /// its own).
    pub fn give_words(&self, words: Arc<str>) {
        let _ = self.words.set(Words::new(words));
    }
}

/// Where the text of the document whose page is `page` is written, from the site's root
/// (`search.js` finds it the same way).
fn text_file(page: &str) -> String {
    let folder = page.strip_suffix("/index.html").or_else(|| page.strip_suffix(".html")).unwrap_or(page);
    format!("assets/search/text/{folder}.js")
}

/// A value as JavaScript: JSON, with `</` escaped so that no script element can be closed
/// from inside.
fn script_value<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    // Copied only when there is something to escape: most texts hold no `</`.
    if json.contains("</") { json.replace("</", "<\\/") } else { json }
}

fn base36(mut n: usize, out: &mut String) {
    // Most numbers here are a section or the step to the next document: one digit.
    if n < 36 {
        out.push(char::from(b"0123456789abcdefghijklmnopqrstuvwxyz"[n]));
        return;
    }
    let mut digits = [0u8; 16];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[n % 36];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

/// One document's entry of the index and the file of its text (under `prefix`); its words put
/// on `shelf` when there is one.
pub fn entry(
    prefix: &str,
    d: &DocView,
    body: Sections,
    shelf: Option<&Arc<dyn Shelf>>,
) -> Result<(Entry, Output)> {
    let owner = d.owner.as_ref().map(|o| o.name.as_str()).unwrap_or_default();
    let controls: Vec<String> = d.controls.iter().map(|c| format!("{} {}", c.framework, c.id)).collect();
    let text_file = text_file(&d.page);
    let meta = script_value(&(&d.id, &d.title, &d.kind, owner, &d.badge.label, controls.join(" "), &d.page));
    let mut words = String::new();
    let mut items = Vec::new();
    for (word, sections) in body.words() {
        if !words.is_empty() {
            words.push(' ');
        }
        let start = words.len();
        words.push_str(word);
        if sections != [0] {
            for (i, &s) in sections.iter().enumerate() {
                words.push(if i == 0 { ':' } else { ',' });
                base36(usize::from(s), &mut words);
            }
        }
        items.push((word.as_bytes().first().copied().unwrap_or_default(), start, words.len()));
    }
    let sections: Vec<(&str, &str, &str)> =
        body.sections.iter().map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.trim_end())).collect();
    let file = format!("window.CHARTA_TEXT({}, {});\n", script_value(&d.page), script_value(&sections));
    let file_hash = stable_hash(&[file.as_bytes()]);
    let part = stable_hash(&[meta.as_bytes(), words.as_bytes(), &file_hash.to_le_bytes()]);
    // By first byte only, which is all the passes need (a stable sort keeps the rest in order).
    items.sort_by_key(|&(first, ..)| first);
    let mut sorted = String::with_capacity(words.len());
    for &(_, start, end) in &items {
        if !sorted.is_empty() {
            sorted.push(' ');
        }
        sorted.push_str(&words[start..end]);
    }
    let starts = shards::starts(&sorted);
    let text = match shelf {
        Some(shelf) => Text::shelved(&sorted, &starts, shelf)?,
        None => Text::Here(Arc::from(sorted)),
    };
    let words = Words { text, starts: OnceLock::from(starts) };
    let entry = Entry { meta: Arc::from(meta), words: OnceLock::from(words), part };
    Ok((entry, Output::Bytes { path: format!("{prefix}{text_file}"), bytes: file.into_bytes() }))
}

/// The name of the build: a hash of every document's part of the index, in order.
fn build_name(entries: &[&Entry]) -> String {
    let mut whole = std::hash::BuildHasher::build_hasher(&foldhash::fast::FixedState::with_seed(0));
    for e in entries {
        std::hash::Hasher::write_u64(&mut whole, e.part);
    }
    format!("{:016x}", std::hash::Hasher::finish(&whole))
}

/// The index's files under `prefix`, from every document's entry in the order of the
/// register, into `emit` one by one; the name of the build, which `index.js` holds too.
pub fn index(prefix: &str, entries: &[&Entry], emit: Emit) -> Result<String> {
    anyhow::ensure!(
        entries.iter().all(|e| e.has_words()),
        "a document's search words were not read back from the build cache (a bug in charta)"
    );
    let build = build_name(entries);
    // Where each pass's words begin in the words read back from the build cache, found on
    // rayon's threads (an entry made in this build has them already).
    entries.par_iter().filter_map(|e| e.words.get()).for_each(|w| {
        w.starts();
    });
    let mut shards = shards::Shards::new(prefix, emit);
    // Two passes at a time, one per thread; each pass's words, sorted, follow the last pass's.
    // A pass reads back from the shelf only its own words of each document.
    for pass in (0..shards::PASSES.len()).step_by(2) {
        let next = pass + 1 < shards::PASSES.len();
        let (first, second) = rayon::join(
            || PassWords::of(entries, pass),
            || next.then(|| PassWords::of(entries, pass + 1)).transpose(),
        );
        let (first, second) = (first?, second?);
        let (first, second) = rayon::join(
            || shards::postings(&first.each(), pass),
            || second.as_ref().map(|words| shards::postings(&words.each(), pass + 1)),
        );
        shards.add(first)?;
        if let Some(second) = second {
            shards.add(second)?;
        }
    }
    let (names, vocabulary) = shards.finish()?;
    let mut head = format!("window.CHARTA_SEARCH = {{\"build\":\"{build}\",\"shards\":");
    head.push_str(&script_value(&names));
    head.push_str(",\"documents\":[");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            head.push(',');
        }
        head.push_str(&e.meta);
    }
    head.push_str("]};\n");
    emit(Output::Bytes { path: format!("{prefix}assets/search/index.js"), bytes: head.into_bytes() })?;
    emit(Output::Bytes { path: format!("{prefix}assets/search/words.js"), bytes: vocabulary.into_bytes() })?;
    Ok(build)
}

#[cfg(test)]
mod tests;
