//! Stage 5: the files a build's site holds so far, by path: each claimed before it is written
//! (two pages for one path are an error) and stamped once it is, for the build cache. The paths
//! are kept end to end in one string rather than each in an allocation of its own: with four
//! release snapshots at 10,000 documents (114,000 files), two maps of separate strings added
//! 20 MB to a build's peak memory, spread among the pages of everything else it allocated.

use super::cache::Stamp;
use hashbrown::HashTable;
use std::hash::BuildHasher;
use std::ops::Range;

#[derive(Default)]
pub struct Files {
    /// Every path claimed, one after another.
    text: String,
    /// Where each path is in `text`, and its stamp once its file is in place.
    table: HashTable<Slot>,
    hasher: foldhash::fast::FixedState,
}

struct Slot {
    start: usize,
    end: usize,
    stamp: Option<Stamp>,
}

impl Files {
    fn hash(&self, path: &str) -> u64 {
        self.hasher.hash_one(path)
    }

    fn find(&self, path: &str) -> Option<&Slot> {
        self.table.find(self.hash(path), |s| &self.text[s.start..s.end] == path)
    }

    /// Claim `path` for a file of this build: false when it is claimed already.
    pub fn claim(&mut self, path: &str) -> bool {
        let hash = self.hash(path);
        let Files { text, table, hasher } = self;
        if table.find(hash, |s| &text[s.start..s.end] == path).is_some() {
            return false;
        }
        let start = text.len();
        text.push_str(path);
        let slot = Slot { start, end: text.len(), stamp: None };
        let text = &*text;
        table.insert_unique(hash, slot, |s| hasher.hash_one(&text[s.start..s.end]));
        true
    }

    /// Record the stamp of the file at `path` (claimed first if it was not).
    pub fn stamp(&mut self, path: &str, stamp: Stamp) {
        self.claim(path);
        let hash = self.hash(path);
        let Files { text, table, .. } = self;
        if let Some(slot) = table.find_mut(hash, |s| &text[s.start..s.end] == path) {
            slot.stamp = Some(stamp);
        }
    }

    /// Whether `path` is claimed.
    pub fn claimed(&self, path: &str) -> bool {
        self.find(path).is_some()
    }

    /// The stamp of the file at `path`, if it is in place.
    pub fn get(&self, path: &str) -> Option<&Stamp> {
        self.find(path)?.stamp.as_ref()
    }

    /// Where the path claimed next will begin: the paths claimed between two marks are those
    /// [`Files::claimed_in`] the span from one to the other (the files of one release snapshot).
    pub fn mark(&self) -> usize {
        self.text.len()
    }

    /// For each of `spans` (each from one mark to a later one, none overlapping another), the
    /// paths claimed in it, in no order; in one pass over every path, however many spans.
    pub fn claimed_in(&self, spans: &[Range<usize>]) -> Vec<Vec<&str>> {
        // An empty span holds no path, and would hide the span that starts where it does.
        let mut order: Vec<usize> = (0..spans.len()).filter(|&i| !spans[i].is_empty()).collect();
        order.sort_by_key(|&i| spans[i].start);
        let mut found = vec![Vec::new(); spans.len()];
        for slot in self.table.iter().filter(|s| s.start < s.end) {
            // The last span that starts at or before the path, if the path ends inside it.
            let after = order.partition_point(|&i| spans[i].start <= slot.start);
            let Some(&i) = after.checked_sub(1).and_then(|at| order.get(at)) else { continue };
            if slot.end <= spans[i].end {
                found[i].push(&self.text[slot.start..slot.end]);
            }
        }
        found
    }

    /// Every path claimed, in no order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.table.iter().map(|s| &self.text[s.start..s.end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_claimed_once_and_stamped_once_its_file_is_in_place() {
        let mut files = Files::default();
        assert!(files.claim("index.html"));
        assert!(files.claim("sop/a/index.html"));
        assert!(!files.claim("index.html"));
        // A path that is the start of another is a path of its own.
        assert!(!files.claimed("sop/a"));
        assert!(files.claimed("sop/a/index.html"));
        assert_eq!(files.get("index.html"), None);
        let stamp = Stamp { len: 3, inode: 7, modified: (1, 2) };
        files.stamp("index.html", stamp.clone());
        files.stamp("feed.xml", stamp.clone());
        assert_eq!(files.get("index.html"), Some(&stamp));
        assert_eq!(files.get("feed.xml"), Some(&stamp));
        assert!(!files.claim("feed.xml"));
        let mut paths: Vec<&str> = files.paths().collect();
        paths.sort_unstable();
        assert_eq!(paths, ["feed.xml", "index.html", "sop/a/index.html"]);
        // Many paths: the table grows, and every path is still found where it is.
        for i in 0..5000 {
            assert!(files.claim(&format!("releases/v1/sop/{i}/index.html")));
        }
        assert!((0..5000).all(|i| files.claimed(&format!("releases/v1/sop/{i}/index.html"))));
        assert_eq!(files.get("index.html"), Some(&stamp));
    }

    #[test]
    fn the_paths_claimed_between_two_marks_are_those_claimed_meanwhile() {
        let mut files = Files::default();
        files.claim("index.html");
        let from = files.mark();
        files.claim("releases/v1/index.html");
        files.stamp("releases/v1/feed.xml", Stamp { len: 1, inode: 2, modified: (3, 4) });
        // Claimed before, so not again: it stays outside the marks.
        assert!(!files.claim("index.html"));
        let to = files.mark();
        files.claim("releases/v2/index.html");
        let end = files.mark();
        let mut found = files.claimed_in(&[to..end, from..to, to..to]);
        found[1].sort_unstable();
        assert_eq!(
            found,
            [vec!["releases/v2/index.html"], vec!["releases/v1/feed.xml", "releases/v1/index.html"], vec![]]
        );
    }
}
