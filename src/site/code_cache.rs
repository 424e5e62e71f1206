//! Stage 4 support: highlighted code blocks by the hash of their language and text, kept across
//! builds in the cache folder (`code.bin`, a stream of bincode records), so that a page rendered
//! again (on another day, with another template) does not highlight its code again. Highlighting
//! is most of a cold build's time.

use super::cache::{Key, codec, encoder};
use super::highlight;
use bincode::Options as _;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::BufWriter;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

const FILE: &str = "code.bin";
/// The file's first record, with the key of the charta that wrote it.
const FORMAT: &str = "charta-code-1";

/// What this build adds to the file: a fresh file, written as blocks are highlighted.
struct Fresh {
    file: BufWriter<tempfile::NamedTempFile>,
    keys: HashSet<Key>,
    failed: bool,
}

pub struct CodeCache {
    dir: Option<PathBuf>,
    /// charta's version and binary: highlighting may differ between them.
    tool: Key,
    /// Stored blocks, LZ4-compressed (highlighted HTML is several times the size of the code).
    old: OnceLock<Stored>,
    fresh: Mutex<Option<Fresh>>,
}

/// The stored file, read whole, and where each block lies in it (None: a language syntect does
/// not know). One buffer rather than one per block: the file of 10,000 documents holds 15,000.
#[derive(Default)]
struct Stored {
    bytes: Vec<u8>,
    blocks: HashMap<Key, Option<Range<usize>>>,
}

impl Stored {
    fn get(&self, key: &Key) -> Option<Option<&[u8]>> {
        self.blocks.get(key).map(|at| at.clone().map(|r| &self.bytes[r]))
    }
}

impl CodeCache {
    /// No cache: every block is highlighted.
    pub fn none() -> CodeCache {
        CodeCache { dir: None, tool: [0; 32], old: OnceLock::new(), fresh: Mutex::new(None) }
    }

    /// The cache in `dir`, read the first time a block is asked for.
    pub fn open(dir: &Path, tool: Key) -> CodeCache {
        CodeCache { dir: Some(dir.to_owned()), tool, old: OnceLock::new(), fresh: Mutex::new(None) }
    }

    fn key(&self, code: &str, lang: &str) -> Key {
        let mut h = Sha256::new();
        h.update(self.tool);
        h.update(lang.as_bytes());
        h.update([0]);
        h.update(code.as_bytes());
        h.finalize().into()
    }

    fn old(&self) -> &Stored {
        self.old.get_or_init(|| self.dir.as_deref().map(|d| read(d, &self.tool)).unwrap_or_default())
    }

    /// `code` highlighted as `lang` (None for a language syntect does not know), and its key.
    pub fn highlight(&self, code: &str, lang: &str) -> (Key, Option<String>) {
        let key = self.key(code, lang);
        if self.dir.is_none() {
            return (key, highlight::highlight(code, lang));
        }
        if let Some(packed) = self.old().get(&key) {
            let html = packed.map(|p| lz4_flex::decompress_size_prepended(p).ok().map(String::from_utf8));
            match html {
                None => return (key, None),
                Some(Some(Ok(html))) => return (key, Some(html)),
                // A damaged entry: highlight again.
                _ => {}
            }
        }
        let html = highlight::highlight(code, lang);
        self.append(key, html.as_deref().map(|h| lz4_flex::compress_prepend_size(h.as_bytes())));
        (key, html)
    }

    fn append(&self, key: Key, packed: Option<Vec<u8>>) {
        let Some(dir) = &self.dir else { return };
        let mut fresh = self.fresh.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if fresh.is_none() {
            match start(dir, &self.tool) {
                Some(f) => *fresh = Some(f),
                None => return,
            }
        }
        if let Some(f) = fresh.as_mut()
            && f.keys.insert(key)
        {
            f.failed |= encoder().serialize_into(&mut f.file, &(key, packed)).is_err();
        }
    }

    /// Keep what this build highlighted, and the stored blocks of `live` (every block the site's
    /// pages hold); drop the rest. The file is rewritten only when this build highlighted
    /// something new or some stored block is no longer used.
    pub fn save(self, live: &HashSet<Key>) -> std::io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let fresh = self.fresh.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Read now if nothing needed it during the build: what is still used is carried over.
        let old = self.old.get_or_init(|| read(dir, &self.tool));
        let stale = old.blocks.keys().any(|k| !live.contains(k));
        let Some(mut f) = fresh.or_else(|| stale.then(|| start(dir, &self.tool)).flatten()) else {
            return Ok(());
        };
        if f.failed {
            return Ok(());
        }
        let mut carried: Vec<&Key> =
            old.blocks.keys().filter(|k| live.contains(*k) && !f.keys.contains(*k)).collect();
        carried.sort();
        for key in carried {
            let record = (key, old.get(key).flatten());
            encoder().serialize_into(&mut f.file, &record).map_err(std::io::Error::other)?;
        }
        let tmp = f.file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        tmp.as_file().sync_data().ok();
        tmp.persist(dir.join(FILE)).map_err(|e| e.error)?;
        Ok(())
    }
}

/// A new file, its header written.
fn start(dir: &Path, tool: &Key) -> Option<Fresh> {
    std::fs::create_dir_all(dir).ok()?;
    let mut file = BufWriter::new(tempfile::NamedTempFile::new_in(dir).ok()?);
    encoder().serialize_into(&mut file, &(FORMAT, tool)).ok()?;
    Some(Fresh { file, keys: HashSet::new(), failed: false })
}

/// The stored blocks, if the file is this charta's; a partly written file gives what could be read.
fn read(dir: &Path, tool: &Key) -> Stored {
    let Ok(bytes) = std::fs::read(dir.join(FILE)) else { return Stored::default() };
    // No record is longer than the file.
    let codec = codec(bytes.len() as u64);
    let mut blocks = HashMap::new();
    let mut at = match codec.deserialize::<(String, Key)>(&bytes) {
        Ok(header) if header.0 == FORMAT && header.1 == *tool => size(codec, &header),
        _ => return Stored::default(),
    };
    // Each record borrows its block from the buffer; where it lies is kept, not a copy.
    while at < bytes.len() {
        let Ok((key, packed)) = codec.deserialize::<(Key, Option<&[u8]>)>(&bytes[at..]) else { break };
        let start = |p: &[u8]| p.as_ptr().addr() - bytes.as_ptr().addr();
        blocks.insert(key, packed.map(|p| start(p)..start(p) + p.len()));
        at = at.saturating_add(size(codec, &(key, packed)));
    }
    Stored { bytes, blocks }
}

/// The length `record`, just read, took in the file (within the codec's limit, the file's length;
/// past it, the end of the file, so that reading stops).
fn size(codec: impl bincode::Options, record: &impl serde::Serialize) -> usize {
    codec.serialized_size(record).map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOOL: Key = [7; 32];

    /// A cache in a fresh folder, and the key and HTML of `let x = 1;` highlighted there.
    fn cache_with_rust() -> (tempfile::TempDir, CodeCache, (Key, Option<String>)) {
        let dir = tempfile::tempdir().unwrap();
        let cache = CodeCache::open(dir.path(), TOOL);
        let rust = cache.highlight("let x = 1;\n", "rust");
        (dir, cache, rust)
    }

    #[test]
    fn blocks_are_kept_for_the_same_charta_and_only_while_used() {
        let (dir, cache, (used, html)) = cache_with_rust();
        let (unused, _) = cache.highlight("echo hi\n", "bash");
        cache.save(&HashSet::from([used])).unwrap();

        // Both were highlighted by that build: both kept, and found again.
        let again = CodeCache::open(dir.path(), TOOL);
        assert_eq!(again.old().blocks.len(), 2);
        assert_eq!(again.highlight("let x = 1;\n", "rust"), (used, html));
        again.save(&HashSet::from([used])).unwrap();
        // A block no page holds any more is dropped by the next build that saves.
        let third = CodeCache::open(dir.path(), TOOL);
        assert_eq!(third.old().blocks.keys().collect::<Vec<_>>(), vec![&used]);
        assert!(!third.old().blocks.contains_key(&unused));
        // Another charta (version or binary) highlights afresh.
        assert!(CodeCache::open(dir.path(), [8; 32]).old().blocks.is_empty());
    }

    #[test]
    fn a_file_cut_short_gives_the_blocks_before_the_cut() {
        let (dir, cache, (first, html)) = cache_with_rust();
        let (unknown, none) = cache.highlight("???\n", "no-such-language");
        assert!(none.is_none());
        // Written last, cut short below.
        let (last, _) = cache.highlight("echo hi\n", "bash");
        cache.save(&HashSet::from([first, unknown, last])).unwrap();
        let path = dir.path().join(FILE);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let again = CodeCache::open(dir.path(), TOOL);
        assert_eq!(again.old().blocks.len(), 2);
        assert_eq!(again.highlight("let x = 1;\n", "rust"), (first, html));
        assert_eq!(again.old().get(&unknown), Some(None));
        assert_eq!(again.old().get(&last), None);
    }

    #[test]
    fn a_damaged_file_is_empty_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), [0xff; 64]).unwrap();
        assert!(CodeCache::open(dir.path(), [0; 32]).old().blocks.is_empty());
    }
}
