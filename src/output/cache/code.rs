//! Stage 5: highlighted code blocks by the hash of their language and text, kept across
//! builds in the cache folder (`code.bin`), so that a page rendered again (on another day, with
//! another template) does not highlight its code again. Highlighting is most of a cold build's
//! time.
//!
//! `code.bin` is a header (format and the charta that wrote it), the LZ4-compressed blocks one
//! after another, an index (each block's key and where its bytes lie), and last the index's
//! offset in 8 bytes. A build reads the index alone, and a block's bytes only when a page asks
//! for them: a rebuild after one edit does not load every block of the site.

use super::encoding;
use crate::fingerprint::Key;
use crate::site::highlight::{self, Highlighter};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

const FILE: &str = "code.bin";
/// The file's first record (the cache's version and this part), with the key of the charta
/// that wrote it.
fn format() -> String {
    super::format("code")
}
/// The index's offset at the end of the file: a `u64`, little-endian, in 8 bytes.
const TRAILER: u64 = 8;

/// Where a block lies in the file: (offset, length), or None for a language syntect does not know.
type Place = Option<(u64, u64)>;

/// What this build adds to the file: a fresh file, written as blocks are highlighted.
struct Fresh {
    file: BufWriter<tempfile::NamedTempFile>,
    /// Where the next block's bytes go.
    end: u64,
    index: Vec<(Key, Place)>,
    keys: HashSet<Key>,
    failed: bool,
}

impl Fresh {
    fn add(&mut self, key: Key, packed: Option<&[u8]>) {
        if !self.keys.insert(key) {
            return;
        }
        let place = packed.map(|p| {
            self.failed |= self.file.write_all(p).is_err();
            let at = (self.end, p.len() as u64);
            self.end += p.len() as u64;
            at
        });
        self.index.push((key, place));
    }
}

pub struct CodeCache {
    dir: Option<PathBuf>,
    /// charta's version and binary: highlighting may differ between them.
    tool: Key,
    /// The stored file's index, read the first time a block is asked for.
    old: OnceLock<Stored>,
    fresh: Mutex<Option<Fresh>>,
}

/// The stored file, open, and where each block lies in it (None: a language syntect does not
/// know). Blocks are LZ4-compressed: highlighted HTML is several times the size of the code.
#[derive(Default)]
pub(super) struct Stored {
    file: Option<Mutex<File>>,
    blocks: HashMap<Key, Option<Range<u64>>>,
}

impl Stored {
    /// A block's stored bytes: Some(None) for a language syntect does not know; None when the
    /// block is not stored or cannot be read.
    fn get(&self, key: &Key) -> Option<Option<Vec<u8>>> {
        let Some(range) = self.blocks.get(key)?.clone() else { return Some(None) };
        let mut file = self.file.as_ref()?.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut bytes = vec![0; usize::try_from(range.end - range.start).ok()?];
        file.seek(SeekFrom::Start(range.start)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        Some(Some(bytes))
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
        self.old.get_or_init(|| self.dir.as_deref().and_then(|d| read(d, &self.tool)).unwrap_or_default())
    }

    /// `code` highlighted as `lang` (None for a language syntect does not know), and its key.
    pub fn highlight(&self, code: &str, lang: &str) -> (Key, Option<String>) {
        let key = self.key(code, lang);
        if self.dir.is_none() {
            return (key, highlight::highlight(code, lang));
        }
        if let Some(packed) = self.old().get(&key) {
            let html = packed.map(|p| lz4_flex::decompress_size_prepended(&p).ok().map(String::from_utf8));
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
        if let Some(f) = fresh.as_mut() {
            f.add(key, packed.as_deref());
        }
    }

    /// Keep what this build highlighted, and the stored blocks of `live` (every block the site's
    /// pages hold); drop the rest. The file is rewritten only when this build highlighted
    /// something new or some stored block is no longer used.
    pub fn save(self, live: &HashSet<Key>) -> std::io::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let fresh = self.fresh.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        // Read now if nothing needed it during the build: what is still used is carried over.
        let old = self.old();
        let stale = old.blocks.keys().any(|k| !live.contains(k));
        let Some(mut f) = fresh.or_else(|| stale.then(|| start(dir, &self.tool)).flatten()) else {
            return Ok(());
        };
        if f.failed {
            return Ok(());
        }
        // Carried in the order they lie in the old file, read through one buffer.
        let mut carried: Vec<(&Key, &Option<Range<u64>>)> =
            old.blocks.iter().filter(|(k, _)| live.contains(*k) && !f.keys.contains(*k)).collect();
        carried.sort_by_key(|(k, at)| (at.as_ref().map(|r| r.start), **k));
        if let Some(file) = &old.file {
            let file = file.lock().unwrap_or_else(std::sync::PoisonError::into_inner).try_clone()?;
            let mut reader = BufReader::with_capacity(1 << 16, file);
            let mut at = reader.seek(SeekFrom::Start(0))?;
            for (key, range) in carried {
                let Some(range) = range else {
                    f.add(*key, None);
                    continue;
                };
                // A block that cannot be read (the file changed under this build) ends the
                // carrying: what is left out is highlighted again when a page needs it.
                let Some(bytes) = carry(&mut reader, at, range) else { break };
                at = range.end;
                f.add(*key, Some(&bytes));
            }
        }
        if f.failed {
            return Ok(());
        }
        let index_at = f.end;
        encoding::write(&mut f.file, &f.index)?;
        f.file.write_all(&index_at.to_le_bytes())?;
        let tmp = f.file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
        tmp.as_file().sync_data().ok();
        tmp.persist(dir.join(FILE)).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Highlighter for CodeCache {
    fn highlight(&self, code: &str, lang: &str) -> (Key, Option<String>) {
        CodeCache::highlight(self, code, lang)
    }
}

/// The bytes at `range` of the old file, read on from `at` (forward, except in a damaged file
/// whose blocks overlap).
fn carry(reader: &mut BufReader<File>, at: u64, range: &Range<u64>) -> Option<Vec<u8>> {
    reader.seek_relative(i64::try_from(i128::from(range.start) - i128::from(at)).ok()?).ok()?;
    let mut bytes = vec![0; usize::try_from(range.end - range.start).ok()?];
    reader.read_exact(&mut bytes).ok()?;
    Some(bytes)
}

/// A new file, its header written.
fn start(dir: &Path, tool: &Key) -> Option<Fresh> {
    std::fs::create_dir_all(dir).ok()?;
    let mut file = BufWriter::new(tempfile::NamedTempFile::new_in(dir).ok()?);
    let header = encoding::bytes(&(format(), tool)).ok()?;
    file.write_all(&header).ok()?;
    let end = header.len() as u64;
    Some(Fresh { file, end, index: Vec::new(), keys: HashSet::new(), failed: false })
}

/// The stored file's index, if the file is this charta's and whole; None otherwise (a missing,
/// foreign, older or damaged file: its blocks are highlighted again).
pub(super) fn read(dir: &Path, tool: &Key) -> Option<Stored> {
    let mut file = crate::confine::open_own(&dir.join(FILE)).ok()?;
    let len = file.metadata().ok()?.len();
    // This charta's header, byte for byte: a file of another format or another charta differs.
    let expected = encoding::bytes(&(format(), tool)).ok()?;
    let header_len = expected.len() as u64;
    if len < header_len + TRAILER {
        return None;
    }
    let mut header = vec![0; expected.len()];
    file.read_exact(&mut header).ok()?;
    if header != expected {
        return None;
    }
    let mut trailer = [0; TRAILER as usize];
    file.seek(SeekFrom::Start(len - TRAILER)).ok()?;
    file.read_exact(&mut trailer).ok()?;
    let index_at = u64::from_le_bytes(trailer);
    if !(header_len..=len - TRAILER).contains(&index_at) {
        return None;
    }
    let mut index = vec![0; usize::try_from(len - TRAILER - index_at).ok()?];
    file.seek(SeekFrom::Start(index_at)).ok()?;
    file.read_exact(&mut index).ok()?;
    // Never more entries than the index's bytes allow: a damaged length is an error, not a
    // huge allocation.
    let index: Vec<(Key, Place)> = encoding::read(&index)?;
    let mut blocks = HashMap::with_capacity(index.len());
    for (key, place) in index {
        let range = match place {
            None => None,
            Some((at, n)) => {
                let end = at.checked_add(n).filter(|end| at >= header_len && *end <= index_at)?;
                Some(at..end)
            }
        };
        blocks.insert(key, range);
    }
    Some(Stored { file: Some(Mutex::new(file)), blocks })
}

#[cfg(test)]
mod tests;
