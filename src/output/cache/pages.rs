//! Stage 5: `pages.bin`, what the last build recorded of the site's units, as a run of records
//! read one at a time: the whole file is never in memory beside what it decodes to (at 10,000
//! documents, 35 MB that a one-edit build held at its peak). The file is the cache's format and
//! part (a postcard string, as every cache file starts), then records, each its length (LEB128)
//! and a postcard value: the build's key, the number of documents and the listing pages' entry;
//! then one record per document.

use super::{Entry, Key, encoding};
use crate::site::Done;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::sync::Arc;

/// The file's name in the cache folder.
pub const FILE: &str = "pages.bin";

/// Each document's entry, by its path.
pub type Docs = HashMap<String, Arc<Entry<Done>>>;

/// What the file holds: the build's key, each document's entry, the listing pages'.
pub type Units = (Key, Docs, Option<Entry<()>>);

/// Read `FILE` in `dir` if it is of `format` and for the build key `global`; None when there is
/// no such file, or it is damaged, of another format, or for another build.
pub fn read(dir: &Path, format: &str, global: &Key) -> Option<Units> {
    let file = std::fs::File::open(dir.join(FILE)).ok()?;
    // No record can be longer than the file: a damaged length asks for nothing larger.
    let size = file.metadata().ok()?.len();
    let mut reader = Records { inner: BufReader::with_capacity(1 << 16, file), left: size, buf: Vec::new() };
    if reader.next()? != format.as_bytes() {
        return None;
    }
    let (key, count, site): (Key, u64, Option<Entry<()>>) = encoding::read(reader.next()?)?;
    if key != *global {
        return None;
    }
    let mut docs = HashMap::with_capacity(usize::try_from(count.min(size)).ok()?);
    for _ in 0..count {
        let (path, entry): (String, Entry<Done>) = encoding::read(reader.next()?)?;
        docs.insert(path, Arc::new(entry));
    }
    Some((key, docs, site))
}

/// Write `units` into `FILE` in `dir`, with `format` first: beside, then renamed, so a reader
/// never sees half a file.
pub fn write(
    dir: &Path,
    format: &str,
    (global, docs, site): (&Key, &Docs, &Option<Entry<()>>),
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, tempfile::NamedTempFile::new_in(dir)?);
    let mut buf = Vec::new();
    record(&mut out, format.as_bytes())?;
    put(&mut out, &mut buf, &(global, docs.len() as u64, site))?;
    for (path, entry) in docs {
        put(&mut out, &mut buf, &(path, entry))?;
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
                (
                    format!("sop/{i}.md"),
                    Arc::new(Entry { key: [i as u8; 32], files: Vec::new(), data: Done::default() }),
                )
            })
            .collect()
    }

    #[test]
    fn what_is_written_is_read_back_record_by_record() {
        let dir = tempfile::tempdir().unwrap();
        let docs = units(300);
        let site =
            Entry { key: [9; 32], files: vec![("index.html".to_owned(), Default::default())], data: () };
        write(dir.path(), FORMAT, (&[1; 32], &docs, &Some(site.clone()))).unwrap();
        let (key, read_docs, read_site) = read(dir.path(), FORMAT, &[1; 32]).unwrap();
        assert_eq!(key, [1; 32]);
        assert_eq!(read_docs.len(), 300);
        assert_eq!(read_docs["sop/7.md"].key, [7; 32]);
        assert_eq!(read_site.unwrap().files, site.files);
        // Another build's key, or another format: nothing.
        assert!(read(dir.path(), FORMAT, &[2; 32]).is_none());
        assert!(read(dir.path(), "other pages", &[1; 32]).is_none());
    }

    #[test]
    fn a_damaged_or_cut_file_is_nothing_and_asks_for_no_more_memory_than_it_has() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), FORMAT, (&[1; 32], &units(10), &None)).unwrap();
        let whole = std::fs::read(dir.path().join(FILE)).unwrap();
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
