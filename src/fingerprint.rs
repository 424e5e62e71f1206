//! Support: content hashes (SHA-256) of typed values, what the build cache's keys are made of.
//! A value is hashed in its serialised form (postcard), written into the hash as it goes.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// A content hash.
pub type Key = [u8; 32];

/// The hash of `value`'s serialised form: two values hash alike when they serialise alike.
pub fn of<T: Serialize + ?Sized>(value: &T) -> Key {
    let mut hasher = Hashing(Sha256::new());
    // Hashing cannot fail; a value serde cannot serialise (a map with non-string keys is fine
    // in postcard) hashes what it wrote, which no such value in charta reaches.
    let _ = postcard::serialize_with_flavor::<T, _, ()>(value, &mut hasher);
    hasher.0.finalize().into()
}

/// The hash of the `Debug` form of values, in order: for the domain values that have no
/// serialised form (the configuration, the roster), whose `Debug` writes every field. Each
/// must write the same text for the same value whatever a hash map's seed: the roster's writes
/// its maps sorted.
pub fn of_debug(parts: &[&dyn std::fmt::Debug]) -> Key {
    let mut h = Hashing(Sha256::new());
    for p in parts {
        // Writing into a hash cannot fail; a `Debug` impl that reports an error hashes what it wrote.
        let _ = std::fmt::Write::write_fmt(&mut h, format_args!("{p:?}"));
        h.0.update([0xff]);
    }
    h.0.finalize().into()
}

struct Hashing(Sha256);

impl std::fmt::Write for Hashing {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

impl postcard::ser_flavors::Flavor for &mut Hashing {
    type Output = ();

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.update([data]);
        Ok(())
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.update(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_tells_values_apart_by_every_field_and_their_boundaries() {
        assert_eq!(of(&("a", 1u32)), of(&("a", 1u32)));
        assert_ne!(of(&("a", 1u32)), of(&("a", 2u32)));
        // Lengths are part of the form: ("ab", "") and ("a", "b") differ.
        assert_ne!(of(&("ab", "")), of(&("a", "b")));
        assert_ne!(of_debug(&[&"ab", &""]), of_debug(&[&"a", &"b"]));
    }
}
