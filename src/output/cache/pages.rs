//! Stage 5: `pages.bin`, what the last build recorded of the site's units, as a run of records
//! read one at a time: the whole file is never in memory beside what it decodes to (at 10,000
//! documents, 35 MB that a one-edit build held at its peak). The file is the cache's format and
//! part (a postcard string, as every cache file starts), then records, each its length (LEB128)
//! and a postcard value: the build's key, the number of documents and the listing pages' entry;
//! then one record per document; then one per document of its search words, which are read
//! only when a build makes the search index ([`load_words`]), so that a rebuild does not hold
//! them while it makes the listing pages (at 10,000 documents, 34 MB of its peak).

use super::{Entry, Key, Parts, encoding};
use crate::site::Done;
use anyhow::Context;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

/// The file's name in the cache folder.
pub const FILE: &str = "pages.bin";

/// Each document's entry, by its path.
pub type Docs = HashMap<String, Arc<Entry<Done>>>;

/// What the file holds: the build's key, each document's entry (without its search words),
/// the listing pages', and where the words are.
pub type Units = (Key, Docs, Option<Entry<Parts>>, Words);

/// Where the documents' search words are in the file read: kept open, so that they are read
/// from that very file (on Unix, whatever happens to its name meanwhile).
#[derive(Debug)]
pub struct Words {
    file: std::fs::File,
    /// Where their records begin, and how many there are.
    at: u64,
    count: u64,
}

/// Read `FILE` in `dir` if it is of `format` and for the build key `global`; None when there is
/// no such file, or it is damaged, of another format, or for another build.
pub fn read(dir: &Path, format: &str, global: &Key) -> Option<Units> {
    let file = crate::confine::open_own(&dir.join(FILE)).ok()?;
    // No record can be longer than the file: a damaged length asks for nothing larger.
    let size = file.metadata().ok()?.len();
    let mut reader = Records { inner: BufReader::with_capacity(1 << 16, file), left: size, buf: Vec::new() };
    if reader.next()? != format.as_bytes() {
        return None;
    }
    let (key, count, site): (Key, u64, Option<Entry<Parts>>) = encoding::read(reader.next()?)?;
    if key != *global {
        return None;
    }
    let mut docs = HashMap::with_capacity(usize::try_from(count.min(size)).ok()?);
    for _ in 0..count {
        let (path, entry): (String, Entry<Done>) = encoding::read(reader.next()?)?;
        docs.insert(path, Arc::new(entry));
    }
    // The words' records are checked, not kept: each borrowed from the buffer, for a document
    // of the file. A damaged file is then an empty cache here, not a failed build later.
    let at = size - reader.left;
    for _ in 0..count {
        let (path, _): (&str, &str) = encoding::read(reader.next()?)?;
        if !docs.contains_key(path) {
            return None;
        }
    }
    let file = reader.inner.into_inner();
    Some((key, docs, site, Words { file, at, count }))
}

/// Give each document of `docs` that this build reused (its entry is shared: this build holds
/// it too) its search words from `words`; None when the file was damaged since it was read (so
/// that they no longer decode or name its documents), or a reused document has none. The words
/// of an entry this build made again are not read: a build that renders every page again (the
/// next day) would hold them beside its own from the search index until the cache is stored.
pub fn load_words(words: Words, docs: &Docs) -> Option<()> {
    let reused = |e: &Arc<Entry<Done>>| Arc::strong_count(e) > 1;
    let Words { mut file, at, count } = words;
    let size = file.metadata().ok()?.len();
    file.seek(SeekFrom::Start(at)).ok()?;
    let mut reader = Records {
        inner: BufReader::with_capacity(1 << 16, file),
        left: size.checked_sub(at)?,
        buf: Vec::new(),
    };
    for _ in 0..count {
        let (path, words): (&str, &str) = encoding::read(reader.next()?)?;
        let entry = docs.get(path)?;
        if reused(entry) {
            entry.data.search().give_words(Arc::from(words));
        }
    }
    docs.values().filter(|e| reused(e)).all(|e| e.data.search().has_words()).then_some(())
}

/// Write `units` into `FILE` in `dir`, with `format` first: beside, then renamed, so a reader
/// never sees half a file.
pub fn write(
    dir: &Path,
    format: &str,
    (global, docs, site): (&Key, &Docs, &Option<Entry<Parts>>),
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, tempfile::NamedTempFile::new_in(dir)?);
    let mut buf = Vec::new();
    record(&mut out, format.as_bytes())?;
    put(&mut out, &mut buf, &(global, docs.len() as u64, site))?;
    for (path, entry) in docs {
        put(&mut out, &mut buf, &(path, entry))?;
    }
    for (path, entry) in docs {
        let words = entry
            .data
            .search()
            .words()
            .with_context(|| format!("the search words of {path} were not read"))??;
        put(&mut out, &mut buf, &(path, &*words))?;
    }
    let tmp = out.into_inner().map_err(std::io::IntoInnerError::into_error)?;
    tmp.persist(dir.join(FILE))?;
    Ok(())
}

/// `value` as a record, encoded into `buf` (reused from record to record) first.
fn put<T: Serialize>(out: &mut impl Write, buf: &mut Vec<u8>, value: &T) -> std::io::Result<()> {
    buf.clear();
    encoding::write(buf, value)?;
    record(out, buf)
}

/// One record: the length of `bytes` as LEB128, then `bytes`.
fn record(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    let mut n = bytes.len() as u64;
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.write_all(&[low])?;
            break;
        }
        out.write_all(&[low | 0x80])?;
    }
    out.write_all(bytes)
}

/// The records of a file, one at a time, each read into the same buffer.
struct Records<R> {
    inner: R,
    /// Bytes of the file not yet read.
    left: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> Records<R> {
    /// The next record's bytes; None at the end of the file or for a damaged length.
    fn next(&mut self) -> Option<&[u8]> {
        let mut len: u64 = 0;
        for shift in (0..64).step_by(7) {
            let mut byte = [0];
            self.inner.read_exact(&mut byte).ok()?;
            self.left = self.left.checked_sub(1)?;
            len |= u64::from(byte[0] & 0x7f) << shift;
            if byte[0] & 0x80 == 0 {
                if len > self.left {
                    return None;
                }
                self.left -= len;
                self.buf.resize(usize::try_from(len).ok()?, 0);
                self.inner.read_exact(&mut self.buf).ok()?;
                return Some(&self.buf);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMAT: &str = "test-format pages";

    fn units(n: usize) -> Docs {
        (0..n)
            .map(|i| {
                let data = Done::default();
                data.search().give_words(Arc::from(format!("word{i} staff:0,{i}")));
                (format!("sop/{i}.md"), Arc::new(Entry { key: [i as u8; 32], files: Vec::new(), data }))
            })
            .collect()
    }

    #[test]
    fn a_rebuild_reads_the_search_words_only_when_the_index_needs_them() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), FORMAT, (&[1; 32], &units(300), &None)).unwrap();
        let (_, docs, _, words) = read(dir.path(), FORMAT, &[1; 32]).unwrap();
        // Read back, the entries hold no words: the listing pages are made without them.
        assert!(docs.values().all(|e| !e.data.search().has_words()));
        let reused: Vec<_> = docs.values().map(Arc::clone).collect();
        load_words(words, &docs).unwrap();
        assert_eq!(docs["sop/7.md"].data.search().words().unwrap().unwrap(), "word7 staff:0,7");
        assert!(reused.iter().all(|e| e.data.search().has_words()));
    }

    /// Regression: a build that rendered every page again (the next day) read back the last
    /// build's words of every document, though it used none of them, and held them beside its
    /// own until the cache was stored.
    #[test]
    fn the_words_of_entries_the_build_made_again_are_not_read_back() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), FORMAT, (&[1; 32], &units(10), &None)).unwrap();
        let (_, docs, _, words) = read(dir.path(), FORMAT, &[1; 32]).unwrap();
        let reused = Arc::clone(&docs["sop/3.md"]);
        load_words(words, &docs).unwrap();
        assert_eq!(reused.data.search().words().unwrap().unwrap(), "word3 staff:0,3");
        let without: Vec<&str> =
            docs.iter().filter(|(_, e)| !e.data.search().has_words()).map(|(p, _)| p.as_str()).collect();
        assert_eq!(without.len(), 9, "{without:?}");
    }

    #[test]
    fn search_words_that_changed_in_the_file_since_it_was_read_are_none() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), FORMAT, (&[1; 32], &units(10), &None)).unwrap();
        let path = dir.path().join(FILE);
        let (_, docs, _, words) = read(dir.path(), FORMAT, &[1; 32]).unwrap();
        // The file cut short after it was read, in place: the open file sees it.
        let whole = std::fs::read(&path).unwrap();
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(whole.len() as u64 - 5).unwrap();
        assert!(load_words(words, &docs).is_none());
        // A document the file holds no words for: not every document has words.
        write(dir.path(), FORMAT, (&[1; 32], &units(2), &None)).unwrap();
        let (_, mut docs, _, words) = read(dir.path(), FORMAT, &[1; 32]).unwrap();
        let reused = Arc::new(Entry { key: [0; 32], files: Vec::new(), data: Done::default() });
        docs.insert("sop/9.md".into(), Arc::clone(&reused));
        assert!(load_words(words, &docs).is_none());
    }

    #[test]
    fn search_words_damaged_in_a_file_at_rest_make_it_no_cache_not_a_failed_build() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), FORMAT, (&[1; 32], &units(3), &None)).unwrap();
        let path = dir.path().join(FILE);
        let whole = std::fs::read(&path).unwrap();
        // A word's bytes no longer UTF-8, its record's length as it was.
        let mut bad = whole.clone();
        let at = bad.windows(5).rposition(|w| w == b"word1").unwrap();
        bad[at] = 0xff;
        std::fs::write(&path, &bad).unwrap();
        assert!(read(dir.path(), FORMAT, &[1; 32]).is_none());
        // Words for a document the file has no entry for.
        let mut other = whole.clone();
        let at = other.windows(8).rposition(|w| w == b"sop/1.md").unwrap();
        other[at + 4] = b'9';
        std::fs::write(&path, &other).unwrap();
        assert!(read(dir.path(), FORMAT, &[1; 32]).is_none());
        std::fs::write(&path, &whole).unwrap();
        assert!(read(dir.path(), FORMAT, &[1; 32]).is_some());
    }

    #[test]
    fn an_entry_whose_words_were_never_read_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut docs = units(2);
        docs.insert(
            "sop/x.md".into(),
            Arc::new(Entry { key: [0; 32], files: Vec::new(), data: Done::default() }),
        );
        let e = write(dir.path(), FORMAT, (&[1; 32], &docs, &None)).unwrap_err();
        assert!(format!("{e:#}").contains("search words of sop/x.md"), "{e:#}");
        assert!(!dir.path().join(FILE).exists());
    }

    #[test]
    fn what_is_written_is_read_back_record_by_record() {
        let dir = tempfile::tempdir().unwrap();
        let docs = units(300);
        let parts: Parts = vec![[4; 32]];
        let site =
            Entry { key: [9; 32], files: vec![("index.html".to_owned(), Default::default())], data: parts };
        write(dir.path(), FORMAT, (&[1; 32], &docs, &Some(site.clone()))).unwrap();
        let (key, read_docs, read_site, _) = read(dir.path(), FORMAT, &[1; 32]).unwrap();
        assert_eq!(key, [1; 32]);
        assert_eq!(read_docs.len(), 300);
        assert_eq!(read_docs["sop/7.md"].key, [7; 32]);
        let read_site = read_site.unwrap();
        assert_eq!((read_site.files, read_site.data), (site.files, site.data));
        // Another build's key, or another format: nothing.
        assert!(read(dir.path(), FORMAT, &[2; 32]).is_none());
        assert!(read(dir.path(), "other pages", &[1; 32]).is_none());
    }

    #[test]
    fn a_damaged_or_cut_file_is_nothing_and_asks_for_no_more_memory_than_it_has() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), FORMAT, (&[1; 32], &units(10), &None)).unwrap();
        let whole = std::fs::read(dir.path().join(FILE)).unwrap();
        // Cut in the search words, which are not decoded when the file is read: found all the same.
        std::fs::write(dir.path().join(FILE), &whole[..whole.len() - 5]).unwrap();
        assert!(read(dir.path(), FORMAT, &[1; 32]).is_none());
        // The header record's length said to be 2^63 bytes: refused before anything is allocated.
        let mut huge = Vec::new();
        record(&mut huge, FORMAT.as_bytes()).unwrap();
        huge.extend([0xff; 9]);
        huge.push(0x7f);
        std::fs::write(dir.path().join(FILE), &huge).unwrap();
        assert!(read(dir.path(), FORMAT, &[1; 32]).is_none());
    }
}
