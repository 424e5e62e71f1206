//! Stage 5: the shelf of a build's search words ([`crate::site::Shelf`]): temporary files with
//! no name, made beside the output folder (where the staging folder is), so that nothing of them
//! is left behind by a build however it ends, and nothing of them is published.

use crate::site::Shelf;
use anyhow::{Context, Result};
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// Bytes put on a lane are gathered up to this many before they are written: each document's
/// words are a few kilobytes, and a write a document would be a system call each.
const GATHER: usize = 256 * 1024;

/// The lanes of a shelf: a file each, what is gathered for it, and how much of it is written.
pub struct FileShelf {
    /// Lane `first + n` is `lanes[n]`; the lanes before `first` are not kept.
    first: usize,
    lanes: Vec<Lane>,
    /// The folder the files are in, for what a failed read says.
    folder: std::path::PathBuf,
}

struct Lane {
    file: File,
    gathered: Mutex<Gathered>,
    /// Bytes of the file written so far: what is kept below this is read from the file at once.
    written: AtomicU64,
}

#[derive(Default)]
struct Gathered {
    bytes: Vec<u8>,
    /// Where `bytes` start in the file.
    at: u64,
    /// True once a write failed (a full disk): what is put from then on stays in memory, as the
    /// words did before there was a shelf, and the build goes on.
    here: bool,
}

/// A shelf of the lanes `lanes` (the lanes before them are not kept), in temporary files in the
/// folder of `beside`; None where none can be made there (the words are then kept in memory, as
/// they always were).
pub fn beside(beside: &Path, lanes: std::ops::Range<usize>) -> Option<Arc<dyn Shelf>> {
    if !cfg!(any(unix, windows)) {
        return None;
    }
    let folder = beside.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let first = lanes.start;
    let lanes = lanes
        .map(|_| {
            let file = tempfile::tempfile_in(folder).ok()?;
            Some(Lane { file, gathered: Mutex::default(), written: AtomicU64::new(0) })
        })
        .collect::<Option<Vec<Lane>>>()?;
    Some(Arc::new(FileShelf { first, lanes, folder: folder.to_owned() }))
}

impl Lane {
    /// Write what is gathered, unless a write failed before (the caller holds the lock). A
    /// write that fails keeps what is gathered in memory from then on.
    fn flush(&self, gathered: &mut Gathered) {
        if gathered.here {
            return;
        }
        if write_at(&self.file, &gathered.bytes, gathered.at).is_err() {
            gathered.here = true;
            return;
        }
        gathered.at += gathered.bytes.len() as u64;
        gathered.bytes.clear();
        self.written.store(gathered.at, Ordering::Release);
    }

    fn read(&self, at: u64, len: usize, out: &mut Vec<u8>) -> Result<()> {
        let end = at + len as u64;
        let start = out.len();
        let from_file = |to: u64, out: &mut Vec<u8>| -> Result<()> {
            let n = usize::try_from(to.saturating_sub(at))?;
            out.resize(start + n, 0);
            read_at(&self.file, &mut out[start..], at)
                .context("cannot read the search words back from their temporary file")
        };
        if end <= self.written.load(Ordering::Acquire) {
            return from_file(end, out);
        }
        let mut gathered = self.gathered.lock().unwrap_or_else(PoisonError::into_inner);
        anyhow::ensure!(
            at <= end && end <= gathered.at + gathered.bytes.len() as u64,
            "search words read beyond what was kept (a bug in charta)"
        );
        self.flush(&mut gathered);
        // What is below `gathered.at` is in the file; the rest, after a failed write, here.
        let split = end.min(gathered.at).max(at);
        if split > at {
            from_file(split, out)?;
        }
        if end > split {
            let here = usize::try_from(split - gathered.at)?..usize::try_from(end - gathered.at)?;
            out.extend_from_slice(gathered.bytes.get(here).unwrap_or_default());
        }
        Ok(())
    }
}

impl FileShelf {
    /// What a read that failed says: where, and what to do.
    fn read_failed(&self) -> String {
        format!(
            "the search words kept in a temporary file in {} could not be read back; nothing of this build was published: build again",
            crate::escape::visible(&self.folder.display().to_string())
        )
    }

    fn lane(&self, lane: usize) -> Result<&Lane> {
        lane.checked_sub(self.first)
            .and_then(|n| self.lanes.get(n))
            .context("no such lane of the search words (a bug in charta)")
    }
}

impl Shelf for FileShelf {
    fn put(&self, lane: usize, bytes: &[u8]) -> Result<u64> {
        let lane = self.lane(lane)?;
        let mut gathered = lane.gathered.lock().unwrap_or_else(PoisonError::into_inner);
        let at = gathered.at + gathered.bytes.len() as u64;
        gathered.bytes.extend_from_slice(bytes);
        if gathered.bytes.len() >= GATHER {
            lane.flush(&mut gathered);
        }
        Ok(at)
    }

    fn read(&self, lane: usize, at: u64, len: usize, out: &mut Vec<u8>) -> Result<()> {
        self.lane(lane)?.read(at, len, out).with_context(|| self.read_failed())
    }

    fn read_lane(&self, lane: usize, out: &mut Vec<u8>) -> Result<()> {
        let lane = self.lane(lane)?;
        let end = {
            let gathered = lane.gathered.lock().unwrap_or_else(PoisonError::into_inner);
            gathered.at + gathered.bytes.len() as u64
        };
        lane.read(0, usize::try_from(end)?, out).with_context(|| self.read_failed())
    }

    fn keeps(&self, lane: usize) -> bool {
        // Not through `lane`: an error made to be dropped costs a backtrace's capture each time.
        lane.checked_sub(self.first).is_some_and(|n| n < self.lanes.len())
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match std::os::windows::fs::FileExt::seek_write(file, bytes, at) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                bytes = &bytes[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn write_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_put_is_read_back_whether_gathered_or_written() {
        let dir = tempfile::tempdir().unwrap();
        let shelf = beside(&dir.path().join("site"), 0..2).unwrap();
        let small = shelf.put(0, b"keep staff:0,3").unwrap();
        assert_eq!(shelf.put(1, b"other lane").unwrap(), 0);
        let mut out = b"x".to_vec();
        // Still gathered: read back all the same.
        shelf.read(0, small + 5, 5, &mut out).unwrap();
        assert_eq!(out, b"xstaff");
        let large = vec![b'a'; GATHER + 10];
        let at = shelf.put(0, &large).unwrap();
        assert_eq!(at, 14);
        let after = shelf.put(0, b"word").unwrap();
        let mut out = Vec::new();
        shelf.read(0, after, 4, &mut out).unwrap();
        shelf.read(0, at + GATHER as u64, 10, &mut out).unwrap();
        shelf.read(0, small, 4, &mut out).unwrap();
        assert_eq!(out, b"wordaaaaaaaaaakeep");
        let mut lane = Vec::new();
        shelf.read_lane(1, &mut lane).unwrap();
        assert_eq!(lane, b"other lane");
        lane.clear();
        shelf.read_lane(0, &mut lane).unwrap();
        assert_eq!(lane.len(), 14 + GATHER + 10 + 4);
        // Nothing is left in the folder: the files have no names.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(shelf.read(0, after, 5, &mut Vec::new()).is_err());
        assert!(shelf.put(2, b"no such lane").is_err());
        assert!(shelf.keeps(1) && !shelf.keeps(2));
        // Lanes left out are not kept.
        let passes_only = beside(&dir.path().join("site"), 1..3).unwrap();
        assert!(!passes_only.keeps(0) && passes_only.keeps(1) && passes_only.keeps(2));
    }

    /// Regression: a full disk stopped the build (it ran where the words had been in memory):
    /// now what cannot be written stays in memory.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_disk_that_is_full_keeps_the_words_in_memory() {
        // Writes to /dev/full always fail with "no space left on device".
        let Ok(full) = std::fs::OpenOptions::new().read(true).write(true).open("/dev/full") else { return };
        let lane = Lane { file: full, gathered: Mutex::default(), written: AtomicU64::new(0) };
        let shelf = FileShelf { first: 0, lanes: vec![lane], folder: "/dev".into() };
        let first = shelf.put(0, b"first ").unwrap();
        let large = vec![b'b'; GATHER];
        let at = shelf.put(0, &large).unwrap();
        let last = shelf.put(0, b"last").unwrap();
        let mut out = Vec::new();
        shelf.read(0, first, 6, &mut out).unwrap();
        shelf.read(0, last, 4, &mut out).unwrap();
        shelf.read(0, at + GATHER as u64 - 2, 2, &mut out).unwrap();
        assert_eq!(out, b"first lastbb");
        let mut whole = Vec::new();
        shelf.read_lane(0, &mut whole).unwrap();
        assert_eq!(whole.len(), 6 + GATHER + 4);
    }
}
