//! Stage 4: the search index's shards, made a few first letters at a time: each pass gathers
//! the postings of the words whose first byte is in its range, sorted, and the shards they make
//! are written before the next pass, so the postings of every word are never held at once
//! (at 10,000 documents whose code blocks number their lines, 230,000 words). A document's
//! words are sorted by their first byte, so each pass reads only its own part of them.

use super::base36;
use crate::site::file::{Emit, Output};
use anyhow::Result;
use rayon::prelude::*;
use std::fmt::Write as _;

/// The most bytes of postings a shard holds unless one word alone needs more.
const SHARD_BYTES: usize = 64 * 1024;

/// The longest shard name: words that share more are one shard, however large.
const MOST_DEPTH: usize = 32;

/// The first bytes of the words of each pass, in order, together every byte: digits, then the
/// letters in parts of about the same share of English words (and of the generated corpus's
/// postings, 8-13% each), then every other byte. Two passes run at a time, so the postings
/// held at once are two parts': with four passes, the last two held 61% of that corpus's.
pub const PASSES: [(u8, u8); 10] = [
    (0, b'9'),
    (b':', b'b'),
    (b'c', b'd'),
    (b'e', b'h'),
    (b'i', b'l'),
    (b'm', b'o'),
    (b'p', b'q'),
    (b'r', b'r'),
    (b's', b's'),
    (b't', u8::MAX),
];

/// The postings of each word whose first byte is in pass `pass` (of [`PASSES`]), sorted by
/// word, from each document's words of the pass (`documents`, in the register's order): the
/// documents the word occurs in, each as the distance from the one before (base 36), with the
/// sections after a `:` unless it is only the first.
pub fn postings<'a>(documents: &[&'a str], pass: usize) -> Vec<(&'a str, String)> {
    let Some(&(low, high)) = PASSES.get(pass) else { return Vec::new() };
    let mut postings: foldhash::HashMap<&'a str, (usize, String)> = foldhash::HashMap::default();
    for (n, words) in documents.iter().enumerate() {
        for item in words.split(' ') {
            // Only words of the pass, whatever the entry holds: a word in two passes' shards
            // would break their order.
            let Some(&b) = item.as_bytes().first() else { continue };
            if b < low || b > high {
                continue;
            }
            let (word, sections) = item.split_once(':').map_or((item, None), |(w, s)| (w, Some(s)));
            let (last, list) = postings.entry(word).or_insert_with(|| (0, String::new()));
            if !list.is_empty() {
                list.push(' ');
            }
            base36(n - *last, list);
            *last = n;
            if let Some(sections) = sections {
                list.push(':');
                list.push_str(sections);
            }
        }
    }
    let mut words: Vec<(&str, String)> = postings.into_iter().map(|(w, (_, p))| (w, p)).collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    words
}

/// Where in `words` (items separated by spaces, sorted by their first byte) the items of each
/// pass begin: the first item whose first byte is the pass's lowest or more, the length of
/// `words` when none is. Read once, from the start: each start is an item's (so a boundary of
/// characters) and none is before the one of the pass before, whatever `words` holds.
pub fn starts(words: &str) -> [usize; PASSES.len()] {
    let bytes = words.as_bytes();
    let mut starts = [bytes.len(); PASSES.len()];
    let mut pass = 0;
    let items = std::iter::once(0).chain(memchr::memchr_iter(b' ', bytes).map(|space| space + 1));
    for at in items {
        let Some(&b) = bytes.get(at).filter(|&&b| b != b' ') else { continue };
        while pass < PASSES.len() && PASSES[pass].0 <= b {
            starts[pass] = at;
            pass += 1;
        }
        if pass == PASSES.len() {
            break;
        }
    }
    starts
}

/// The bytes a word and its postings take in a shard, as [`split`] counts them.
fn size<W: AsRef<str>>((word, postings): &(W, String)) -> usize {
    word.as_ref().len() + postings.len() + 6
}

/// The shards written so far, from the passes' words in order.
pub struct Shards<'e> {
    prefix: &'e str,
    emit: Emit<'e>,
    names: Vec<String>,
    /// `window.CHARTA_WORDS("every word in order")`, so far.
    vocabulary: String,
    /// The words of the passes so far while all of them fit one shard (an index that small is
    /// one shard, named ""); empty once they do not, and the shards are written as they come.
    pending: Vec<(String, String)>,
    streaming: bool,
    /// Words in the vocabulary so far.
    words: usize,
}

impl<'e> Shards<'e> {
    pub fn new(prefix: &'e str, emit: Emit<'e>) -> Self {
        let vocabulary = String::from("window.CHARTA_WORDS(\"");
        Shards {
            prefix,
            emit,
            names: Vec::new(),
            vocabulary,
            pending: Vec::new(),
            streaming: false,
            words: 0,
        }
    }

    /// A pass's words, sorted, after the last pass's.
    pub fn add(&mut self, words: Vec<(&str, String)>) -> Result<()> {
        if self.streaming {
            return self.write(&words, 1);
        }
        // Past one shard, the index is split by first character at once, as `split` would
        // split all the words: each character's words on their own. The passes' first bytes
        // differ, so the words held from earlier passes make the same shards written apart.
        let bytes: usize = self.pending.iter().map(size).chain(words.iter().map(size)).sum();
        if self.pending.len() + words.len() > 1 && bytes > SHARD_BYTES {
            self.streaming = true;
            let pending = std::mem::take(&mut self.pending);
            self.write(&pending, 1)?;
            return self.write(&words, 1);
        }
        self.pending.extend(words.into_iter().map(|(word, postings)| (word.to_owned(), postings)));
        Ok(())
    }

    /// Writes what is left; the shards' names, in order, and `words.js`'s text.
    pub fn finish(mut self) -> Result<(Vec<String>, String)> {
        if !self.streaming {
            let pending = std::mem::take(&mut self.pending);
            self.write(&pending, 0)?;
        }
        self.vocabulary.push_str("\");\n");
        Ok((self.names, self.vocabulary))
    }

    /// `words` as shards, split from `depth`: from 1, first by their first character.
    fn write<W: AsRef<str> + Sync>(&mut self, words: &[(W, String)], depth: usize) -> Result<()> {
        let mut shards = Vec::new();
        if depth == 0 {
            split(words, 0, &mut shards);
        } else {
            let mut rest = words;
            while let Some((w, _)) = rest.first() {
                let key = first(w.as_ref(), 1);
                let n = rest.iter().take_while(|(v, _)| first(v.as_ref(), 1) == key).count();
                split(&rest[..n], 1, &mut shards);
                rest = &rest[n..];
            }
        }
        let base = self.names.len();
        self.names.extend(shards.iter().map(|(name, _)| (*name).to_owned()));
        for (word, _) in words {
            if self.words > 0 {
                self.vocabulary.push(' ');
            }
            self.vocabulary.push_str(word.as_ref());
            self.words += 1;
        }
        let (prefix, emit) = (self.prefix, self.emit);
        // The shards on both threads, each written as soon as it is made.
        shards.par_iter().enumerate().try_for_each(|(i, (_, part))| {
            let n = base + i;
            // A word is letters, digits and `.-_`, postings base-36 digits and `:, `: JSON
            // strings as they are, with nothing to escape.
            let mut js = format!("window.CHARTA_SHARD({n}, {{");
            for (i, (word, list)) in part.iter().enumerate() {
                let _ = write!(js, "{}\"{}\":\"{list}\"", if i == 0 { "" } else { "," }, word.as_ref());
            }
            js.push_str("});\n");
            emit(Output::Bytes { path: format!("{prefix}assets/search/{n}.js"), bytes: js.into_bytes() })
        })
    }
}

/// The first `n` characters of `word` (all of it when shorter).
fn first(word: &str, n: usize) -> &str {
    word.char_indices().nth(n).map_or(word, |(i, _)| &word[..i])
}

/// Splits `words` (sorted, each with its postings), which share their first `depth`
/// characters, into shards of at most [`SHARD_BYTES`]: each a name (the prefix its words
/// share) and its words.
fn split<'a, W: AsRef<str>>(
    words: &'a [(W, String)],
    depth: usize,
    out: &mut Vec<(&'a str, &'a [(W, String)])>,
) {
    let (Some((head, _)), Some((tail, _))) = (words.first(), words.last()) else { return };
    let (head, tail) = (head.as_ref(), tail.as_ref());
    let bytes: usize = words.iter().map(size).sum();
    if bytes <= SHARD_BYTES || words.len() == 1 || depth >= MOST_DEPTH {
        out.push((first(head, depth), words));
        return;
    }
    // Sorted, the words share what the first and the last share: split after it at once, not
    // one character at a time (two long words alike would go as deep as they are long).
    let shared = head.chars().zip(tail.chars()).take_while(|(a, b)| a == b).count();
    let depth = depth.max(shared.min(MOST_DEPTH - 1));
    let mut rest = words;
    while let Some((w, _)) = rest.first() {
        let key = first(w.as_ref(), depth + 1);
        let n = rest.iter().take_while(|(v, _)| first(v.as_ref(), depth + 1) == key).count();
        split(&rest[..n], depth + 1, out);
        rest = &rest[n..];
    }
}

#[cfg(test)]
mod tests;
