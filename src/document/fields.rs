//! Stage 2: where a document's front matter writes each field, by key, as a map ordered by key.
//!
//! Ten thousand documents are held at once, each with a dozen fields: a map of its own per
//! document (three tree nodes and a string per key, 1.2 KB) was a fifth of what `check` keeps.
//! Here the keys share one string and the entries one list, kept sorted by key.

use crate::source::Span;

/// Each field's key, as the document writes it (or as charta reads an alias of it), and the
/// place it is written; every key at most once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    /// Every key, one after the other.
    keys: String,
    /// Each key's range in `keys` and where it is written, sorted by key.
    entries: Vec<(u32, u32, Span)>,
}

impl Fields {
    fn key(&self, (start, end, _): &(u32, u32, Span)) -> &str {
        &self.keys[*start as usize..*end as usize]
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|e| self.key(e).cmp(key))
    }

    /// Where `key` is written.
    pub fn get(&self, key: &str) -> Option<Span> {
        self.position(key).ok().map(|i| self.entries[i].2)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Records `key` at `span`; a key already recorded keeps its first place.
    pub fn insert(&mut self, key: &str, span: Span) {
        let Err(at) = self.position(key) else { return };
        let start = self.keys.len();
        self.keys.push_str(key);
        // A front matter is a few kilobytes: its keys' lengths add up to far less than 4 GB.
        let (start, end) = (crate::source::to_u32(start), crate::source::to_u32(self.keys.len()));
        self.entries.insert(at, (start, end, span));
    }

    /// Every key and where it is written, in the order of the keys.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Span)> {
        self.entries.iter().map(|e| (self.key(e), e.2))
    }

    /// Where each field is written, in the order of the keys.
    pub fn values(&self) -> impl Iterator<Item = Span> + '_ {
        self.entries.iter().map(|e| e.2)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drop the spare capacity the string and the list grew with.
    pub fn shrink(&mut self) {
        self.keys.shrink_to_fit();
        self.entries.shrink_to_fit();
    }
}

impl<'a> FromIterator<(&'a str, Span)> for Fields {
    fn from_iter<I: IntoIterator<Item = (&'a str, Span)>>(items: I) -> Self {
        let mut fields = Fields::default();
        for (key, span) in items {
            fields.insert(key, span);
        }
        fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_by_key_and_listed_in_the_order_of_their_keys_as_a_map_lists_them() {
        let written = [("title", 2), ("id", 3), ("revisions", 9), ("approvers", 4), ("extra", 12)];
        let fields: Fields = written.iter().map(|(k, l)| (*k, Span::new(*l, 1))).collect();
        let map: std::collections::BTreeMap<&str, Span> =
            written.iter().map(|(k, l)| (*k, Span::new(*l, 1))).collect();
        assert_eq!(fields.iter().collect::<Vec<_>>(), map.iter().map(|(k, s)| (*k, *s)).collect::<Vec<_>>());
        assert_eq!(fields.values().collect::<Vec<_>>(), map.values().copied().collect::<Vec<_>>());
        for (key, line) in written {
            assert_eq!(fields.get(key), Some(Span::new(line, 1)), "{key}");
            assert!(fields.contains_key(key));
        }
        assert_eq!((fields.get("owner"), fields.contains_key("revision")), (None, false));
        assert_eq!(fields.len(), 5);
    }

    #[test]
    fn a_key_recorded_twice_keeps_its_first_place() {
        let mut fields = Fields::default();
        fields.insert("owner", Span::new(2, 1));
        fields.insert("owner", Span::new(7, 1));
        assert_eq!(fields.iter().collect::<Vec<_>>(), [("owner", Span::new(2, 1))]);
        assert!(Fields::default().is_empty());
    }
}
