//! Stage 2: where a document's front matter writes each field, by key, as a map ordered by key.
//!
//! Ten thousand documents are held at once, each with a dozen fields: a map of its own per
//! document (three tree nodes and a string per key, 1.2 KB) was a fifth of what `check` keeps.
//! Here the keys share one string and the entries one list, kept sorted by key.

use crate::source::Span;

/// Each field's key, as the document writes it (or as charta reads an alias of it), and the
/// place it is written; every key at most once. Made whole from its entries (`collect`), in
/// O(n log n) whatever their order: a front matter is written by whoever opens a pull request.
#[derive(Debug, Clone, Default)]
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

    /// Where the front matter writes the field charta calls `canonical`, under whichever name
    /// it reads as that field (its own, another tool's, the T1Pal QMS's, or one of `aliases`,
    /// charta.toml's `[fields.aliases]`).
    pub fn written(&self, aliases: &crate::frontmatter::schema::Names, canonical: &str) -> Option<Span> {
        self.iter().find_map(|(k, span)| {
            // The T1Pal QMS's own names for charta's fields.
            let t1pal = match k {
                "revision" => Some("version"),
                "document_id" => Some("id"),
                _ => None,
            };
            let name = t1pal.or_else(|| crate::frontmatter::schema::alias_in(aliases, k)).unwrap_or(k);
            (name == canonical).then_some(span)
        })
    }

    /// Every key and where it is written, in the order of the keys.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Span)> {
        self.entries.iter().map(|e| (self.key(e), e.2))
    }

    /// Where each field is written, in the order of the keys.
    pub fn values(&self) -> impl Iterator<Item = Span> + '_ {
        self.entries.iter().map(|e| e.2)
    }
}

/// Two are equal when they hold the same keys at the same places, as two maps are, however
/// their keys were laid out.
impl PartialEq for Fields {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

/// From keys and places in any order; of a key given twice, the first place is kept.
impl<'a> FromIterator<(&'a str, Span)> for Fields {
    fn from_iter<I: IntoIterator<Item = (&'a str, Span)>>(items: I) -> Self {
        let mut items: Vec<(&str, Span)> = items.into_iter().collect();
        // Stable: the first of equal keys stays first, and is the one kept.
        items.sort_by(|a, b| a.0.cmp(b.0));
        items.dedup_by(|later, first| later.0 == first.0);
        let mut keys = String::with_capacity(items.iter().map(|(k, _)| k.len()).sum());
        let entries = items
            .into_iter()
            .map(|(key, span)| {
                let start = keys.len();
                keys.push_str(key);
                // A front matter's keys add up to far less than 4 GB (files are capped at 100 MB).
                (crate::source::to_u32(start), crate::source::to_u32(keys.len()), span)
            })
            .collect();
        Fields { keys, entries }
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
        assert_eq!(fields.iter().count(), 5);
    }

    #[test]
    fn a_key_given_twice_keeps_its_first_place() {
        let given = [("owner", 2), ("id", 3), ("owner", 7), ("id", 1)];
        let fields: Fields = given.iter().map(|(k, l)| (*k, Span::new(*l, 1))).collect();
        assert_eq!(fields.iter().collect::<Vec<_>>(), [("id", Span::new(3, 1)), ("owner", Span::new(2, 1))]);
        assert_eq!(Fields::default().iter().count(), 0);
    }

    #[test]
    fn keys_compare_byte_for_byte_as_a_maps_strings_do() {
        // Upper case before lower, an empty key first, other scripts after ASCII; no key is
        // found under another case.
        let written = ["title", "Title", "", "été", "Zeta", "revision", "revisions", "日付"];
        let fields: Fields =
            written.iter().enumerate().map(|(i, k)| (*k, Span::new(i as u32 + 2, 1))).collect();
        let mut sorted = written.to_vec();
        sorted.sort();
        assert_eq!(fields.iter().map(|(k, _)| k).collect::<Vec<_>>(), sorted);
        assert_eq!((fields.get("Title"), fields.get("TITLE")), (Some(Span::new(3, 1)), None));
        assert_eq!((fields.get(""), fields.get("日付")), (Some(Span::new(4, 1)), Some(Span::new(9, 1))));
    }

    #[test]
    fn equal_when_they_hold_the_same_keys_at_the_same_places_in_whatever_order_they_came() {
        let a: Fields = [("a", Span::new(2, 1)), ("b", Span::new(3, 1))].into_iter().collect();
        let b: Fields = [("b", Span::new(3, 1)), ("a", Span::new(2, 1))].into_iter().collect();
        let c: Fields = [("b", Span::new(4, 1)), ("a", Span::new(2, 1))].into_iter().collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn the_most_keys_a_front_matter_may_hold_given_in_reverse_come_out_in_order() {
        let keys: Vec<String> = (0..crate::yaml::NODE_BUDGET / 2).rev().map(|i| format!("k{i:05}")).collect();
        let fields: Fields =
            keys.iter().enumerate().map(|(i, k)| (k.as_str(), Span::new(i as u32, 1))).collect();
        assert_eq!(fields.iter().count(), keys.len());
        assert!(fields.iter().zip(fields.iter().skip(1)).all(|(a, b)| a.0 < b.0));
        assert_eq!(fields.get("k00000"), Some(Span::new(keys.len() as u32 - 1, 1)));
    }
}
