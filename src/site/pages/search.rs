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

use crate::site::file::{Emit, Output};
use crate::site::view::DocView;
use crate::site::words::Sections;
use anyhow::Result;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::sync::Arc;

/// The most bytes of postings a shard holds unless one word alone needs more.
const SHARD_BYTES: usize = 64 * 1024;

/// The longest shard name: words that share more are one shard, however large.
const MOST_DEPTH: usize = 32;

/// One document's part of the index, made while its page is rendered (so its text need not be
/// kept) and kept, as the cache keeps it, until the index is written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Entry {
    /// `[id, title, kind, owner, status, controls, page]`, as JSON.
    meta: Arc<str>,
    /// Its words, each with the sections it occurs in: `staff:0,3 keep:0` (sections in base 36).
    words: Arc<str>,
    /// A hash of its text file, for the build's name.
    text: u64,
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

/// Where the text of the document whose page is `page` is written, from the site's root
/// (`search.js` finds it the same way).
fn text_file(page: &str) -> String {
    let folder = page.strip_suffix("/index.html").or_else(|| page.strip_suffix(".html")).unwrap_or(page);
    format!("assets/search/text/{folder}.js")
}

/// A value as JavaScript: JSON, with `</` escaped so that no script element can be closed
/// from inside.
fn script_value<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()).replace("</", "<\\/")
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

/// One document's entry of the index and the file of its text (under `prefix`).
pub fn entry(prefix: &str, d: &DocView, body: Sections) -> (Entry, Output) {
    let owner = d.owner.as_ref().map(|o| o.name.as_str()).unwrap_or_default();
    let controls: Vec<String> = d.controls.iter().map(|c| format!("{} {}", c.framework, c.id)).collect();
    let text = text_file(&d.page);
    let meta = script_value(&(&d.id, &d.title, &d.kind, owner, &d.badge.label, controls.join(" "), &d.page));
    let mut words = String::new();
    for (word, sections) in body.words() {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
        if sections == [0] {
            continue;
        }
        for (i, &s) in sections.iter().enumerate() {
            words.push(if i == 0 { ':' } else { ',' });
            base36(usize::from(s), &mut words);
        }
    }
    let sections: Vec<(&str, &str, &str)> =
        body.sections.iter().map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.trim_end())).collect();
    let file = format!("window.CHARTA_TEXT({}, {});\n", script_value(&d.page), script_value(&sections));
    let entry =
        Entry { meta: Arc::from(meta), words: Arc::from(words), text: stable_hash(&[file.as_bytes()]) };
    (entry, Output::Bytes { path: format!("{prefix}{text}"), bytes: file.into_bytes() })
}

/// The first `n` characters of `word` (all of it when shorter).
fn first(word: &str, n: usize) -> &str {
    word.char_indices().nth(n).map_or(word, |(i, _)| &word[..i])
}

/// Splits `words` (sorted, each with its postings), which share their first `depth`
/// characters, into shards of at most [`SHARD_BYTES`]: each a name (the prefix its words
/// share) and its words.
fn split<'a, 'w>(
    words: &'a [(&'w str, String)],
    depth: usize,
    out: &mut Vec<(&'w str, &'a [(&'w str, String)])>,
) {
    let (Some((head, _)), Some((tail, _))) = (words.first(), words.last()) else { return };
    let bytes: usize = words.iter().map(|(w, p)| w.len() + p.len() + 6).sum();
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
        let key = first(w, depth + 1);
        let n = rest.iter().take_while(|(v, _)| first(v, depth + 1) == key).count();
        split(&rest[..n], depth + 1, out);
        rest = &rest[n..];
    }
}

/// The name of the build: a hash of every document's part of the index, in order.
fn build_name(entries: &[&Entry]) -> String {
    let mut whole = std::hash::BuildHasher::build_hasher(&foldhash::fast::FixedState::with_seed(0));
    for e in entries {
        let part = stable_hash(&[e.meta.as_bytes(), e.words.as_bytes(), &e.text.to_le_bytes()]);
        std::hash::Hasher::write_u64(&mut whole, part);
    }
    format!("{:016x}", std::hash::Hasher::finish(&whole))
}

/// The postings of each word `keep` takes, sorted by word: the documents the word occurs in,
/// each as the distance from the one before (base 36), with the sections after a `:` unless it
/// is only the first.
fn postings<'a>(entries: &[&'a Entry], keep: impl Fn(&str) -> bool) -> Vec<(&'a str, String)> {
    let mut postings: foldhash::HashMap<&'a str, (usize, String)> = foldhash::HashMap::default();
    for (n, e) in entries.iter().enumerate() {
        for item in e.words.split(' ').filter(|w| !w.is_empty()) {
            let (word, sections) = item.split_once(':').map_or((item, None), |(w, s)| (w, Some(s)));
            if !keep(word) {
                continue;
            }
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

/// The index's files under `prefix`, from every document's entry in the order of the
/// register, into `emit` one by one; the name of the build, which `index.js` holds too.
pub fn index(prefix: &str, entries: &[&Entry], emit: Emit) -> Result<String> {
    // The words from `0` to `l` on one thread, the others on the other: each half sorted is in
    // order after the first (a word's first byte decides its half), and together they are
    // every word in order.
    let low = |w: &str| w.as_bytes().first().is_some_and(|&b| b < b'm');
    let ((build, mut words), high) =
        rayon::join(|| (build_name(entries), postings(entries, low)), || postings(entries, |w| !low(w)));
    words.extend(high);
    let mut shards = Vec::new();
    split(&words, 0, &mut shards);
    let names: Vec<&str> = shards.iter().map(|(name, _)| *name).collect();
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
    // The shards on both threads, each written as soon as it is made.
    shards.par_iter().enumerate().try_for_each(|(n, (_, part))| {
        // A word is letters, digits and `.-_`, postings base-36 digits and `:, `: JSON strings
        // as they are, with nothing to escape.
        let mut js = format!("window.CHARTA_SHARD({n}, {{");
        for (i, (word, list)) in part.iter().enumerate() {
            let _ = write!(js, "{}\"{word}\":\"{list}\"", if i == 0 { "" } else { "," });
        }
        js.push_str("});\n");
        emit(Output::Bytes { path: format!("{prefix}assets/search/{n}.js"), bytes: js.into_bytes() })
    })?;
    let mut vocabulary = String::from("window.CHARTA_WORDS(\"");
    for (i, (word, _)) in words.iter().enumerate() {
        if i > 0 {
            vocabulary.push(' ');
        }
        vocabulary.push_str(word);
    }
    vocabulary.push_str("\");\n");
    emit(Output::Bytes { path: format!("{prefix}assets/search/words.js"), bytes: vocabulary.into_bytes() })?;
    Ok(build)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(words: &str) -> Entry {
        Entry { meta: Arc::from("[]"), words: Arc::from(words), text: 0 }
    }

    #[test]
    fn postings_give_each_document_as_a_distance_and_its_sections() {
        let entries = [entry("staff:0,2 keep:1"), entry("keep"), entry("staff:z")];
        let files = std::sync::Mutex::new(Vec::new());
        let emit = |o: Output| {
            if let Output::Bytes { path, bytes } = o {
                files.lock().unwrap().push((path, String::from_utf8(bytes).unwrap()));
            }
            Ok(())
        };
        let build = index("r/", &entries.iter().collect::<Vec<_>>(), &emit).unwrap();
        let files = files.into_inner().unwrap();
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["r/assets/search/index.js", "r/assets/search/0.js", "r/assets/search/words.js"]);
        let head = format!(
            "window.CHARTA_SEARCH = {{\"build\":\"{build}\",\"shards\":[\"\"],\"documents\":[[],[],[]]}};\n"
        );
        assert_eq!(files[0].1, head);
        assert_eq!(build.len(), 16);
        // Another text of one document (its words as they were) is another build.
        let mut other = entries.clone();
        other[1].text = 1;
        let none = |_: Output| Ok(());
        assert_ne!(index("r/", &other.iter().collect::<Vec<_>>(), &none).unwrap(), build);
        assert_eq!(index("r/", &entries.iter().collect::<Vec<_>>(), &none).unwrap(), build);
        assert_eq!(files[1].1, "window.CHARTA_SHARD(0, {\"keep\":\"0:1 1\",\"staff\":\"0:0,2 2:z\"});\n");
        assert_eq!(files[2].1, "window.CHARTA_WORDS(\"keep staff\");\n");
    }

    #[test]
    fn shards_split_by_longer_prefixes_until_small_and_cover_every_word_once() {
        let big = "x".repeat(SHARD_BYTES / 3);
        let words: Vec<(&str, String)> = ["a", "ab", "abc", "abd", "b", "ca", "cb"]
            .iter()
            .map(|w| (*w, if w.starts_with('a') || *w == "ca" { big.clone() } else { "0".into() }))
            .collect();
        let mut shards = Vec::new();
        split(&words, 0, &mut shards);
        let names: Vec<&str> = shards.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["a", "ab", "abc", "abd", "b", "c"]);
        let covered: Vec<&str> = shards.iter().flat_map(|(_, w)| w.iter().map(|(w, _)| *w)).collect();
        assert_eq!(covered, ["a", "ab", "abc", "abd", "b", "ca", "cb"]);
        for (name, part) in &shards {
            assert!(part.iter().all(|(w, _)| w.starts_with(name)), "{name}");
        }
    }

    /// Regression: two long words alike in one document made the split go a character deeper
    /// per level, as deep as the words are long (a stack overflow at 40,000 characters).
    #[test]
    fn long_words_alike_split_at_once_and_no_deeper_than_the_longest_name() {
        let big = "x".repeat(SHARD_BYTES);
        let stem = "7".repeat(40_000);
        let words: Vec<(String, String)> =
            ["a", "b"].iter().map(|end| (format!("{stem}{end}"), big.clone())).collect();
        let words: Vec<(&str, String)> = words.iter().map(|(w, p)| (w.as_str(), p.clone())).collect();
        let mut shards = Vec::new();
        split(&words, 0, &mut shards);
        assert_eq!(shards.len(), 1, "one shard for words alike past the longest name");
        assert_eq!(shards[0].0.chars().count(), MOST_DEPTH);
        assert_eq!(shards[0].1.len(), 2);
        let words = [("ab1", big.clone()), ("ab2", big.clone()), ("ab3", big)];
        let mut shards = Vec::new();
        split(&words, 0, &mut shards);
        let names: Vec<&str> = shards.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["ab1", "ab2", "ab3"]);
    }
}
