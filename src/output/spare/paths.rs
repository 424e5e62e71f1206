//! Stage 5: the paths a kept site held when a build took it, as a set: end to end in one string,
//! each found by its place in it, rather than each in an allocation of its own. A site of
//! 140,000 files and their folders listed as separate strings was 18 MB of a rebuild's peak,
//! held from its first page to its last.

use hashbrown::HashTable;
use std::hash::BuildHasher;

#[derive(Debug, Default)]
pub struct Paths {
    /// Every path, one after another.
    text: String,
    /// Where each path is in `text`: its start and end.
    table: HashTable<(u32, u32)>,
    hasher: foldhash::fast::FixedState,
}

impl Paths {
    /// Add `path`; false when the set holds too much text to say where another path is (4 GB),
    /// and nothing is added.
    pub fn insert(&mut self, path: &str) -> bool {
        let hash = self.hasher.hash_one(path);
        let Paths { text, table, hasher } = self;
        if table.find(hash, |&(s, e)| &text[s as usize..e as usize] == path).is_some() {
            return true;
        }
        let (Ok(start), Ok(end)) = (u32::try_from(text.len()), u32::try_from(text.len() + path.len())) else {
            return false;
        };
        text.push_str(path);
        let text = &*text;
        table.insert_unique(hash, (start, end), |&(s, e)| hasher.hash_one(&text[s as usize..e as usize]));
        true
    }

    pub fn contains(&self, path: &str) -> bool {
        let hash = self.hasher.hash_one(path);
        self.table.find(hash, |&(s, e)| &self.text[s as usize..e as usize] == path).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Every path, in no order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.table.iter().map(|&(s, e)| &self.text[s as usize..e as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_held_once_and_found_whole() {
        let mut paths = Paths::default();
        assert!(paths.is_empty());
        for p in ["sop/a/index.html", "sop/a", "sop", "sop/a"] {
            assert!(paths.insert(p));
        }
        assert!(paths.contains("sop/a") && paths.contains("sop") && paths.contains("sop/a/index.html"));
        // The start of a path, or two paths end to end, is no path of the set.
        assert!(!paths.contains("sop/a/index") && !paths.contains("sop/asop"));
        let mut all: Vec<&str> = paths.iter().collect();
        all.sort_unstable();
        assert_eq!(all, ["sop", "sop/a", "sop/a/index.html"]);
    }
}
