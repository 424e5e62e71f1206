//! Unit tests of [`super`].

use super::super::Entry;
use super::super::tests::{MemoryShelf, shelved};
use super::super::words::{PassWords, Words};
use super::*;
use std::sync::Mutex;

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

/// The shards' names and files, made pass by pass as the index makes them.
fn in_passes(words: &[(&str, String)]) -> (Vec<String>, String, Vec<(usize, String)>) {
    let files = Mutex::new(Vec::new());
    let emit = |o: Output| {
        if let Output::Bytes { path, bytes } = o {
            let n = path.trim_start_matches("assets/search/").trim_end_matches(".js").parse().unwrap();
            files.lock().unwrap().push((n, String::from_utf8(bytes).unwrap()));
        }
        Ok(())
    };
    let mut shards = Shards::new("", &emit);
    for (low, high) in PASSES {
        let pass = words.iter().filter(|(w, _)| (low..=high).contains(&w.as_bytes()[0])).cloned().collect();
        shards.add(pass).unwrap();
    }
    let (names, vocabulary) = shards.finish().unwrap();
    let mut files = files.into_inner().unwrap();
    files.sort();
    (names, vocabulary, files)
}

/// Whether the shards made pass by pass from `words` are those of splitting them all at once.
fn same_as_at_once(words: &[(&str, String)]) -> Result<(), proptest::test_runner::TestCaseError> {
    let mut all = Vec::new();
    split(words, 0, &mut all);
    let (names, vocabulary, files) = in_passes(words);
    let want: Vec<&str> = all.iter().map(|(name, _)| *name).collect();
    proptest::prop_assert_eq!(names, want);
    proptest::prop_assert_eq!(files.len(), all.len());
    for ((n, js), (_, part)) in files.iter().zip(&all) {
        let listed: Vec<String> = part.iter().map(|(w, p)| format!("\"{w}\":\"{p}\"")).collect();
        proptest::prop_assert_eq!(js, &format!("window.CHARTA_SHARD({n}, {{{}}});\n", listed.join(",")));
    }
    let every: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
    proptest::prop_assert_eq!(vocabulary, format!("window.CHARTA_WORDS(\"{}\");\n", every.join(" ")));
    Ok(())
}

/// A case the property test below found when a pass after the first was split from depth 0
/// (into one shard named ""): all the words together are just over a shard, so they split by
/// first character (`0`, `a`, `b`, `p`), though no pass alone is over a shard and the last one
/// holds a word with nothing after it.
#[test]
fn words_just_over_a_shard_split_by_first_character_in_every_pass() {
    let sizes = [("00", 29_737), ("00aa", 12_982), ("a", 2_252), ("a0", 13_321), ("b", 7_205), ("p", 0)];
    let words: Vec<(&str, String)> = sizes.iter().map(|(w, n)| (*w, "1".repeat(*n))).collect();
    same_as_at_once(&words).unwrap();
}

proptest::proptest! {
    /// Made pass by pass, the shards are what splitting all the words at once makes: the same
    /// names, numbers and words, whatever the words' first characters and sizes (one shard
    /// for a small index, a word alone larger than a shard, words that all begin alike).
    #[test]
    fn shards_made_in_passes_are_those_of_all_words_at_once(
        words in proptest::collection::btree_map("[0-9abgpzé][a-c0-9]{0,3}", 0..30_000usize, 0..40)
    ) {
        let words: Vec<(&str, String)> = words.iter().map(|(w, n)| (w.as_str(), "1".repeat(*n))).collect();
        same_as_at_once(&words)?;
    }
}

proptest::proptest! {
    /// A pass finds in a document's words (sorted by first byte) exactly those that begin in
    /// its range, whatever the words and however many begin alike.
    #[test]
    fn each_pass_finds_exactly_its_own_words(
        words in proptest::collection::vec("[0-9a-zé:~][a-z0-9:,]{0,4}", 0..60)
    ) {
        let mut words = words;
        words.sort_by_key(|w| w.as_bytes()[0]);
        let text = words.join(" ");
        // In memory (read back from the build cache) and on a shelf (made by this build).
        let here = Entry { words: std::sync::OnceLock::from(Words::new(text.clone().into())), ..Entry::default() };
        let shelf: std::sync::Arc<dyn crate::site::Shelf> = std::sync::Arc::new(MemoryShelf::default());
        shelf.put(1, b"what another document put first").unwrap();
        shelf.put(3, b"what another document put first").unwrap();
        let shelved = shelved(&text, &shelf);
        let mut found = Vec::new();
        for (pass, (low, high)) in PASSES.into_iter().enumerate() {
            let read = PassWords::of(&[&here, &shelved], pass).unwrap();
            let [part, again] = read.each()[..] else { unreachable!() };
            proptest::prop_assert_eq!(part, again);
            let want: Vec<&str> =
                words.iter().map(String::as_str).filter(|w| (low..=high).contains(&w.as_bytes()[0])).collect();
            let got: Vec<&str> = part.split(' ').filter(|w| !w.is_empty()).collect();
            proptest::prop_assert_eq!(&got, &want);
            found.extend(got.into_iter().map(str::to_owned));
        }
        proptest::prop_assert_eq!(found, words.iter().map(String::as_str).collect::<Vec<_>>());
    }

    /// Whatever a document's words hold (read back from a build cache, they are the file's),
    /// each pass's part of them is a part of them: no pass starts before the one before it or
    /// inside a character.
    #[test]
    fn the_passes_of_any_words_are_in_order_and_on_characters(text in "[ a-zé0-9:~\\x00]{0,40}") {
        let starts = starts(&text);
        proptest::prop_assert!(starts.windows(2).all(|w| w[0] <= w[1]));
        proptest::prop_assert!(starts.iter().all(|&s| text.is_char_boundary(s)));
    }
}

/// The passes take every first byte once, in order: each begins after the one before ends.
#[test]
fn the_passes_cover_every_byte_in_order() {
    assert_eq!(PASSES[0].0, 0);
    assert_eq!(PASSES[PASSES.len() - 1].1, u8::MAX);
    assert!(PASSES.windows(2).all(|w| w[0].1.checked_add(1) == Some(w[1].0)));
}
