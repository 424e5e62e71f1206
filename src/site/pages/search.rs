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
use std::sync::{Arc, OnceLock};

mod shards;

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
    /// are: at 10,000 documents, 34 MB that a one-edit build held at its peak.
    #[serde(skip)]
    words: OnceLock<Words>,
    /// A hash of its meta, its words in the order its text first uses them, and its text file:
    /// its part of the build's name, made with the entry so the index need not read the words
    /// again for it.
    part: u64,
}

/// A document's words, sorted by their first byte, and where the words of each pass begin in
/// them: found once, in one reading of them, where the passes read the words of every document
/// (at 10,000 documents each pass looking its own up by bisection was 2% of a cold build).
/// Found as the entry is made, while its words are fresh; for words read back from the build
/// cache, on both threads just before the index is made ([`index`]), not one by one as they
/// are read.
#[derive(Debug, Clone)]
struct Words {
    text: Arc<str>,
    starts: OnceLock<[usize; shards::PASSES.len()]>,
}

impl Words {
    fn new(text: Arc<str>) -> Words {
        Words { text, starts: OnceLock::new() }
    }

    fn starts(&self) -> &[usize; shards::PASSES.len()] {
        self.starts.get_or_init(|| shards::starts(&self.text))
    }
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
    /// Its words, unless it was read back from the build cache and they have not been given.
    pub fn words(&self) -> Option<&Arc<str>> {
        self.words.get().map(|w| &w.text)
    }

    /// Give an entry read back from the build cache its words (an entry that has them keeps
    /// its own).
    pub fn give_words(&self, words: Arc<str>) {
        let _ = self.words.set(Words::new(words));
    }

    /// Its words of pass `pass` (an index into [`shards::PASSES`]), each followed by a space
    /// but the last of all, as the index reads them once [`index`] has made sure that every
    /// entry has its words.
    fn of_pass(&self, pass: usize) -> &str {
        let Some(words) = self.words.get() else { return "" };
        let starts = words.starts();
        let start = starts.get(pass).copied().unwrap_or(words.text.len());
        let end = starts.get(pass + 1).copied().unwrap_or(words.text.len());
        words.text.get(start..end).unwrap_or_default()
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

/// One document's entry of the index and the file of its text (under `prefix`).
pub fn entry(prefix: &str, d: &DocView, body: Sections) -> (Entry, Output) {
    let owner = d.owner.as_ref().map(|o| o.name.as_str()).unwrap_or_default();
    let controls: Vec<String> = d.controls.iter().map(|c| format!("{} {}", c.framework, c.id)).collect();
    let text = text_file(&d.page);
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
    let words = Words::new(Arc::from(sorted));
    words.starts();
    let entry = Entry { meta: Arc::from(meta), words: OnceLock::from(words), part };
    (entry, Output::Bytes { path: format!("{prefix}{text}"), bytes: file.into_bytes() })
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
        entries.iter().all(|e| e.words().is_some()),
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
    for pass in (0..shards::PASSES.len()).step_by(2) {
        let (first, second) = rayon::join(
            || shards::postings(entries, pass),
            || (pass + 1 < shards::PASSES.len()).then(|| shards::postings(entries, pass + 1)),
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
mod tests {
    use super::*;

    fn entry(words: &str) -> Entry {
        Entry { meta: Arc::from("[]"), words: OnceLock::from(Words::new(Arc::from(words))), part: 0 }
    }

    #[test]
    fn a_script_value_cannot_close_its_script_element() {
        assert_eq!(
            script_value("a </script><script>x()</script> b"),
            r#""a <\/script><script>x()<\/script> b""#
        );
        assert_eq!(script_value("</"), r#""<\/""#);
        assert_eq!(script_value("a < b / c"), r#""a < b / c""#);
    }

    #[test]
    fn postings_give_each_document_as_a_distance_and_its_sections() {
        let entries = [entry("keep:1 staff:0,2"), entry("keep"), entry("staff:z")];
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
        assert_eq!(paths, ["r/assets/search/0.js", "r/assets/search/index.js", "r/assets/search/words.js"]);
        let head = format!(
            "window.CHARTA_SEARCH = {{\"build\":\"{build}\",\"shards\":[\"\"],\"documents\":[[],[],[]]}};\n"
        );
        assert_eq!(files[1].1, head);
        assert_eq!(build.len(), 16);
        // Another part of one document (another text, meta or words) is another build.
        let mut other = entries.clone();
        other[1].part = 1;
        let none = |_: Output| Ok(());
        assert_ne!(index("r/", &other.iter().collect::<Vec<_>>(), &none).unwrap(), build);
        assert_eq!(index("r/", &entries.iter().collect::<Vec<_>>(), &none).unwrap(), build);
        assert_eq!(files[0].1, "window.CHARTA_SHARD(0, {\"keep\":\"0:1 1\",\"staff\":\"0:0,2 2:z\"});\n");
        assert_eq!(files[2].1, "window.CHARTA_WORDS(\"keep staff\");\n");
    }
}
