//! Unit tests of [`super`].

use super::words::{Text, WHOLE, Words};
use super::*;

/// A shelf in memory, for the tests of the passes.
#[derive(Default)]
pub(super) struct MemoryShelf(std::sync::Mutex<std::collections::BTreeMap<usize, Vec<u8>>>, pub(super) bool);

impl Shelf for MemoryShelf {
    fn put(&self, lane: usize, bytes: &[u8]) -> Result<u64> {
        let mut lanes = self.0.lock().unwrap();
        let kept = lanes.entry(lane).or_default();
        let at = kept.len() as u64;
        kept.extend_from_slice(bytes);
        Ok(at)
    }

    fn read(&self, lane: usize, at: u64, len: usize, out: &mut Vec<u8>) -> Result<()> {
        let lanes = self.0.lock().unwrap();
        let at = usize::try_from(at)?;
        out.extend_from_slice(
            lanes.get(&lane).and_then(|k| k.get(at..at + len)).context("beyond what was kept")?,
        );
        Ok(())
    }

    /// Every lane, or every one but the words whole (`.1`).
    fn keeps(&self, lane: usize) -> bool {
        lane != WHOLE || !self.1
    }

    fn read_lane(&self, lane: usize, out: &mut Vec<u8>) -> Result<()> {
        out.extend_from_slice(self.0.lock().unwrap().get(&lane).map_or(&[][..], Vec::as_slice));
        Ok(())
    }
}

/// An entry of `words` (sorted by first byte) put on `shelf`, as a build puts one.
pub(super) fn shelved(words: &str, shelf: &Arc<dyn Shelf>) -> Entry {
    let starts = shards::starts(words);
    let text = Text::shelved(words, &starts, shelf).unwrap();
    Entry {
        meta: Arc::from("[]"),
        words: OnceLock::from(Words { text, starts: OnceLock::from(starts) }),
        part: 0,
    }
}

fn entry(words: &str) -> Entry {
    Entry { meta: Arc::from("[]"), words: OnceLock::from(Words::new(Arc::from(words))), part: 0 }
}

#[test]
fn a_script_value_cannot_close_its_script_element() {
    assert_eq!(script_value("a </script><script>x()</script> b"), r#""a <\/script><script>x()<\/script> b""#);
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

/// The files of the index of `entries`, by path.
fn files(entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
    let files = std::sync::Mutex::new(Vec::new());
    let emit = |o: Output| {
        if let Output::Bytes { path, bytes } = o {
            files.lock().unwrap().push((path, bytes));
        }
        Ok(())
    };
    index("", &entries.iter().collect::<Vec<_>>(), &emit).unwrap();
    // The shards are written on two threads, in either order.
    let mut files = files.into_inner().unwrap();
    files.sort();
    files
}

#[test]
fn an_index_of_words_on_a_shelf_is_the_index_of_the_same_words_in_memory() {
    // Enough words for several shards, in every pass, some in many documents.
    let texts: Vec<String> = (0..300)
        .map(|d| {
            let mut words: Vec<String> = (0..40)
                .map(|w| {
                    format!(
                        "{}{}x{}:{}",
                        ["0", "a", "c", "e", "i", "m", "p", "r", "s", "t", "é"][w % 11],
                        w,
                        d % 97,
                        w % 3
                    )
                })
                .collect();
            words.sort_by_key(|w| w.as_bytes()[0]);
            words.join(" ")
        })
        .collect();
    let here: Vec<Entry> = texts.iter().map(|t| entry(t)).collect();
    let shelf: Arc<dyn Shelf> = Arc::new(MemoryShelf::default());
    let on_shelf: Vec<Entry> = texts.iter().map(|t| shelved(t, &shelf)).collect();
    let made = files(&here);
    assert!(made.len() > 4, "{} files", made.len());
    assert_eq!(files(&on_shelf), made);
    // A rebuild's index: some entries read back from the build cache, the rest shelved.
    let mixed: Vec<Entry> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| if i % 3 == 0 { entry(t) } else { shelved(t, &shelf) })
        .collect();
    assert_eq!(files(&mixed), made);
    // What the build cache stores of each, whole.
    for (e, text) in on_shelf.iter().zip(&texts) {
        assert_eq!(e.words().unwrap().unwrap(), text.as_str());
    }
    // A shelf that keeps only the passes' words (no build cache to store them whole).
    let passes_only: Arc<dyn Shelf> = Arc::new(MemoryShelf(Default::default(), true));
    let on_passes: Vec<Entry> = texts.iter().map(|t| shelved(t, &passes_only)).collect();
    assert_eq!(files(&on_passes), made);
    for (e, text) in on_passes.iter().zip(&texts) {
        assert_eq!(e.words().unwrap().unwrap(), text.as_str());
    }
    let mut whole = Vec::new();
    passes_only.read_lane(WHOLE, &mut whole).unwrap();
    assert!(whole.is_empty(), "nothing kept whole");
}
