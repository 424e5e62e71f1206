//! Stage 1 (I/O): the files charta reads again or whole, each a regular file when it is opened
//! and never larger than charta reads.

use super::{MAX_FILE_SIZE, MAX_MARKDOWN_SIZE};
use crate::source::SourceFile;
use std::path::Path;

/// The text of a document read again (for its page, or the lines a report quotes), as [`super::read`]
/// decodes it: a regular file only, never more than [`MAX_MARKDOWN_SIZE`]; the caller compares it
/// with what was checked.
pub fn read_again(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    open_regular(path)?.0.take(MAX_MARKDOWN_SIZE).read_to_end(&mut bytes)?;
    Ok(SourceFile::decode_owned(bytes).0)
}

/// The whole text of a file charta reads at the start (charta.toml, the roster): a regular file
/// of at most [`MAX_FILE_SIZE`], as UTF-8. A larger one is refused before it is read, not held
/// in memory whole (a hostile pull request's charta.toml of gigabytes).
pub fn read_whole(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let (file, size) = open_regular(path)?;
    if size > MAX_FILE_SIZE {
        let why =
            format!("it is {} MiB; charta reads files of up to {} MiB", size >> 20, MAX_FILE_SIZE >> 20);
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, why));
    }
    let mut text = String::new();
    file.take(MAX_FILE_SIZE).read_to_string(&mut text)?;
    Ok(text)
}

/// `path` opened for reading, with its size, if it is a regular file when it is opened (one
/// `fstat` says both): the walk takes only
/// those, but a FIFO put in a document's place since would make `open` wait for a writer for
/// ever (`O_NONBLOCK` lets it return; on a regular file the flag changes nothing).
pub(super) fn open_regular(path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let why = "it is not a regular file (a folder, a FIFO or a device is in its place)";
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, why));
    }
    Ok((file, meta.len()))
}
