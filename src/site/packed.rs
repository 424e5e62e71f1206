//! Stage 4: a text kept compressed (LZ4) until it is written: what each document's pages give
//! the pages that list them all (its search entry, its `register.json` entry) is held for every
//! document at once, in memory and in the build cache, and is several times smaller so.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Packed(Vec<u8>);

impl Packed {
    pub fn pack(text: &str) -> Packed {
        let mut bytes = lz4_flex::compress_prepend_size(text.as_bytes());
        bytes.shrink_to_fit();
        Packed(bytes)
    }

    /// The text's length in bytes, without unpacking it (LZ4's size prefix).
    pub fn len(&self) -> usize {
        self.0.get(..4).map_or(0, |n| u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text; "" for bytes that are not a packed text (a damaged cache is rendered again
    /// before it gets here: its key would not match).
    pub fn unpack(&self) -> String {
        lz4_flex::decompress_size_prepended(&self.0)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_unpacks_as_it_was_and_knows_its_length() {
        let text = "{\"id\":\"POL-1\",\"title\":\"Access — control\"}".repeat(20);
        let packed = Packed::pack(&text);
        assert!(packed.0.len() < text.len() / 4, "{} bytes", packed.0.len());
        assert_eq!(packed.len(), text.len());
        assert_eq!(packed.unpack(), text);
        assert_eq!(Packed::default().unpack(), "");
    }
}
