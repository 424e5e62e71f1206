//! Stage 5: how the build cache's files are encoded (postcard). Values are read from
//! the file's bytes in memory, so a damaged or foreign file is an error, never an allocation
//! larger than the file; they are written straight into the file, and a failed write reports
//! the file's own I/O error (a full disk), not the encoder's.

use serde::{Deserialize, Serialize};
use std::io::Write;

/// Encode `value` into `out` as it goes.
pub fn write<T: Serialize + ?Sized>(out: &mut impl Write, value: &T) -> std::io::Result<()> {
    let mut failed = None;
    let flavor = Writing { out, failed: &mut failed };
    match postcard::serialize_with_flavor(value, flavor) {
        Ok(()) => Ok(()),
        Err(e) => Err(failed.unwrap_or_else(|| std::io::Error::other(e))),
    }
}

/// `value` encoded, as bytes.
pub fn bytes<T: Serialize + ?Sized>(value: &T) -> std::io::Result<Vec<u8>> {
    postcard::to_stdvec(value).map_err(std::io::Error::other)
}

/// The value `bytes` begin with (what follows is left unread), or None when they do not hold
/// one.
pub fn read<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Option<T> {
    postcard::from_bytes(bytes).ok()
}

/// postcard's output into an `io::Write`, keeping the write's error (postcard's own writer
/// reports every failed write as a full buffer).
struct Writing<'a, W> {
    out: W,
    failed: &'a mut Option<std::io::Error>,
}

impl<W: Write> Writing<'_, W> {
    fn keep(&mut self, written: std::io::Result<()>) -> postcard::Result<()> {
        written.map_err(|e| {
            *self.failed = Some(e);
            postcard::Error::SerializeBufferFull
        })
    }
}

impl<W: Write> postcard::ser_flavors::Flavor for Writing<'_, W> {
    type Output = ();

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        let written = self.out.write_all(&[data]);
        self.keep(written)
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        let written = self.out.write_all(data);
        self.keep(written)
    }

    fn finalize(mut self) -> postcard::Result<()> {
        let flushed = self.out.flush();
        self.keep(flushed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes `room` bytes and then fails as a full disk does.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn what_is_written_reads_back_and_a_failed_write_is_the_writers_error() {
        let value = (String::from("charta"), [7u8; 32], vec![(1u64, Some(u64::MAX))]);
        let mut out = Vec::new();
        write(&mut out, &value).unwrap();
        assert_eq!(out, bytes(&value).unwrap());
        // Trailing bytes are left unread.
        out.extend_from_slice(b"rest");
        assert_eq!(read::<(String, [u8; 32], Vec<(u64, Option<u64>)>)>(&out), Some(value.clone()));

        let e = write(&mut Full { room: 10 }, &value).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::StorageFull);
    }

    #[test]
    fn a_length_larger_than_the_bytes_is_none_not_an_allocation() {
        // A vector said to hold 2^63 entries, in nine bytes.
        let mut huge = vec![0xff; 8];
        huge.push(0x7f);
        assert_eq!(read::<Vec<u64>>(&huge), None);
        assert_eq!(read::<String>(&huge), None);
    }
}
