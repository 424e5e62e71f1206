//! Stage 5: the build cache, one store in a folder of its own (`.charta-cache` by default), of
//! one version ([`FORMAT`]) in three files: the site's units (`pages.bin`, emptied by a new day
//! or commit), highlighted code (`code.bin`, read block by block) and release snapshots
//! (`releases.bin`, which depend on neither). A document's pages are reused from the previous
//! site when the hash of everything they are made from is unchanged; so are the pages that list
//! documents, when no document changed. A reused file is first checked against what the last
//! build wrote (size, inode, modification stamp), so a site edited by hand is rendered again.
//! What is reused is the very bytes a cold build writes.

pub mod code;
pub mod encoding;
mod pages;
mod releases;

pub use crate::fingerprint::Key;
use crate::site::Done;
use anyhow::{Context, Result};
use code::CodeCache;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The version of the whole cache: every file of it starts with this and the part it holds
/// (`pages`, `code`, `releases`), and a file of another version is not read. Bump when what any
/// part stores, how keys are made, or how the files are encoded changes.
const FORMAT: &str = "charta-cache-11";

/// The first record of a cache file holding `part`.
fn format(part: &str) -> String {
    format!("{FORMAT} {part}")
}

/// What identifies a file the last build wrote, so that a changed one is not trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub inode: u64,
    pub modified: (i64, i64),
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp { len: meta.len(), inode: meta.ino(), modified: (meta.mtime(), meta.mtime_nsec()) }
        }
        #[cfg(not(unix))]
        {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (d.as_secs() as i64, i64::from(d.subsec_nanos())));
            Stamp { len: meta.len(), inode: 0, modified }
        }
    }
}

/// The files one unit (a document, or the listing pages) produced, and what it made besides.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry<T> {
    pub key: Key,
    pub files: Vec<(String, Stamp)>,
    pub data: T,
}

#[derive(Debug, Default)]
struct Stored {
    /// Everything every page depends on: charta, templates, configuration, roster, date...
    global: Key,
    /// Shared, not copied, with the build that reuses them.
    docs: HashMap<String, Arc<Entry<Done>>>,
    site: Option<Entry<()>>,
}

/// The cache of one build: what the last build stored, and what this one records.
pub struct Cache {
    dir: Option<PathBuf>,
    code: CodeCache,
    /// Whether the previous site may stand as it is when nothing changed.
    keep: bool,
    global: Key,
    /// Charta itself (its version and binary): what highlighted code and release snapshots
    /// depend on.
    tool: Key,
    old: Stored,
    /// Where the last build's search words are, until [`Cache::load_words`] reads them.
    old_words: Mutex<Option<pages::Words>>,
    new: Mutex<Stored>,
    old_releases: releases::Snapshots,
    new_releases: Mutex<releases::Recorded>,
    /// Whether the site's own pages and code are stored already ([`Cache::save_site`]).
    site_saved: bool,
}

impl Cache {
    /// No cache: everything is rendered, nothing is stored.
    pub fn disabled() -> Cache {
        Cache {
            dir: None,
            code: CodeCache::none(),
            keep: false,
            global: [0; 32],
            tool: [0; 32],
            old: Stored::default(),
            old_words: Mutex::default(),
            new: Mutex::default(),
            old_releases: releases::Snapshots::default(),
            new_releases: Mutex::default(),
            site_saved: false,
        }
    }

    /// Open the cache in `dir` for a build whose every page depends on `global`, by a charta
    /// identified by `tool` (what highlighted code depends on). An unreadable, foreign or stale
    /// cache is simply empty.
    pub fn open(dir: &Path, global: Key, tool: Key) -> Cache {
        Cache::open_for(dir, global, tool, true)
    }

    /// As [`Cache::open`], for a build whose output folder holds a site of charta's (`site`) or
    /// does not: then no page can be taken from it, and what the last build stored about its
    /// pages is not read at all (at 10,000 documents, 100 MB of memory for nothing).
    pub fn open_for(dir: &Path, global: Key, tool: Key, site: bool) -> Cache {
        // The format and the build's key, the first records, decide before the rest is decoded.
        let (old, old_words) = site
            .then(|| pages::read(dir, &format("pages"), &global))
            .flatten()
            .map(|(global, docs, site, words)| (Stored { global, docs, site }, Some(words)))
            .unwrap_or_default();
        let new = Stored { global, ..Stored::default() };
        Cache {
            dir: Some(dir.to_owned()),
            code: CodeCache::open(dir, tool),
            keep: true,
            global,
            tool,
            old,
            old_words: Mutex::new(old_words),
            new: Mutex::new(new),
            old_releases: if site { releases::read(dir) } else { releases::Snapshots::default() },
            new_releases: Mutex::default(),
            site_saved: false,
        }
    }

    /// Never let the previous site stand as it is (something outside the pages changed, such
    /// as a release snapshot): unchanged pages are still reused one by one.
    pub fn rebuild_site(mut self) -> Cache {
        self.keep = false;
        self
    }

    /// Highlighted code, kept across builds.
    pub fn code(&self) -> &CodeCache {
        &self.code
    }

    pub fn enabled(&self) -> bool {
        self.dir.is_some()
    }

    pub fn may_keep(&self) -> bool {
        self.enabled() && self.keep
    }

    /// A unit's key: the hash of the build's key and what the unit is made from.
    pub fn key<T: Serialize + ?Sized>(&self, input: &T) -> Key {
        crate::fingerprint::of(&(self.global, input))
    }

    /// What the last build stored for document `source`, if its key is still `key`.
    pub fn doc(&self, source: &str, key: &Key) -> Option<&Arc<Entry<Done>>> {
        self.old.docs.get(source).filter(|e| e.key == *key)
    }

    /// The listing pages the last build stored, if their key is still `key`.
    pub fn site(&self, key: &Key) -> Option<&Entry<()>> {
        self.old.site.as_ref().filter(|e| e.key == *key)
    }

    /// Give the last build's entries their search words, which are read only now (see
    /// [`pages::load_words`]): before the search index is made, or the cache stored. A file
    /// damaged since it was opened (opened, it was whole) is removed, so that the next build
    /// starts afresh.
    pub fn load_words(&self) -> Result<()> {
        let words = self.old_words.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        let (Some(words), Some(dir)) = (words, &self.dir) else { return Ok(()) };
        if pages::load_words(words, &self.old.docs).is_some() {
            return Ok(());
        }
        let file = dir.join(pages::FILE);
        match std::fs::remove_file(&file) {
            Ok(()) => anyhow::bail!(
                "the build cache {} was damaged during the build, and is removed",
                file.display()
            ),
            Err(e) => anyhow::bail!(
                "the build cache {} was damaged during the build, and cannot be removed ({e}): remove it",
                file.display()
            ),
        }
    }

    pub fn record_doc(&self, source: &str, entry: Arc<Entry<Done>>) {
        if self.enabled() {
            self.lock().docs.insert(source.to_owned(), entry);
        }
    }

    pub fn record_site(&self, entry: Entry<()>) {
        if self.enabled() {
            self.lock().site = Some(entry);
        }
    }

    /// Charta itself, when the cache is on: what a release snapshot's key starts from.
    pub fn tool(&self) -> Option<&Key> {
        self.enabled().then_some(&self.tool)
    }

    /// What the last build wrote for the release snapshot in `dir`, if its key is still `key`.
    pub fn release(&self, dir: &str, key: &Key) -> Option<&Entry<()>> {
        self.old_releases.get(dir).filter(|e| e.key == *key)
    }

    /// A release snapshot taken from the last build's site as it recorded it.
    pub fn record_release(&self, dir: &str, entry: Entry<()>) {
        if self.enabled() {
            self.releases().kept.insert(dir.to_owned(), entry);
        }
    }

    /// A release snapshot this build made, whose files were claimed between the marks `claimed`
    /// of the site's record ([`crate::output::Staging::claims_mark`]).
    pub fn record_built_release(&self, dir: &str, key: Key, claimed: std::ops::Range<usize>) {
        if self.enabled() {
            self.releases().built.push(releases::Built { dir: dir.to_owned(), key, claimed });
        }
    }

    fn releases(&self) -> std::sync::MutexGuard<'_, releases::Recorded> {
        self.new_releases.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Stored> {
        self.new.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Store what this build recorded of the site's own pages and code (`pages.bin`,
    /// `code.bin`), each file with the stamp `stamp_of` gives it now that it is written (None:
    /// not written, such as a linked file that is missing), and free it. Called once the site's
    /// own pages are all made, before the release snapshots are built, so that a build does not
    /// hold both at once; [`Cache::save`] calls it when no one has. Written beside, then renamed:
    /// never half a file. A file that does not become the site's (a build that fails later)
    /// is never trusted: its stamps are those of files that are not there.
    pub fn save_site(&mut self, stamp_of: &dyn Fn(&str) -> Option<Stamp>) -> Result<()> {
        if self.site_saved {
            return Ok(());
        }
        self.site_saved = true;
        let Some(dir) = self.dir.clone() else { return Ok(()) };
        self.load_words()?;
        // The last build's entries go first: those this build reused are then its own alone,
        // and are stamped below in place rather than copied.
        drop(std::mem::take(&mut self.old));
        let mut stored = std::mem::take(&mut *self.lock());
        let code = std::mem::replace(&mut self.code, CodeCache::none());
        let restamp = |files: &mut Vec<(String, Stamp)>| {
            files.retain_mut(|(path, stamp)| match stamp_of(path) {
                Some(s) => {
                    *stamp = s;
                    true
                }
                None => false,
            });
            files.sort_by(|a, b| a.0.cmp(&b.0));
            files.dedup_by(|a, b| a.0 == b.0);
        };
        for e in stored.docs.values_mut() {
            restamp(&mut Arc::make_mut(e).files);
        }
        if let Some(site) = &mut stored.site {
            restamp(&mut site.files);
        }
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create the cache {}", dir.display()))?;
        let live: HashSet<Key> = stored.docs.values().flat_map(|e| e.data.code.iter().copied()).collect();
        // The two files at once, on both threads.
        let (code_saved, pages_saved) = rayon::join(
            || code.save(&live).with_context(|| format!("cannot write the code cache in {}", dir.display())),
            || {
                pages::write(&dir, &format("pages"), (&stored.global, &stored.docs, &stored.site))
                    .with_context(|| format!("cannot write the cache in {}", dir.display()))
            },
        );
        code_saved?;
        pages_saved
    }

    /// Store what this build recorded (the site's own pages and code unless
    /// [`Cache::save_site`] did, and the release snapshots), with the stamps its files have now
    /// that they are in place (`stamps`: output path -> stamp).
    pub fn save(mut self, stamps: &crate::output::files::Files) -> Result<()> {
        self.save_site(&|path| stamps.get(path).cloned())?;
        let Some(dir) = self.dir.take() else { return Ok(()) };
        drop(std::mem::take(&mut self.old_releases));
        let recorded = std::mem::take(&mut *self.releases());
        releases::write(&dir, recorded, stamps)
            .with_context(|| format!("cannot write the release cache in {}", dir.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use pages::FILE as PAGES;

    const GLOBAL: Key = [3; 32];

    fn entry(key: Key) -> Arc<Entry<Done>> {
        let data = Done::default();
        data.search().give_words(Arc::from("staff keep"));
        Arc::new(Entry { key, files: Vec::new(), data })
    }

    #[test]
    fn search_words_damaged_after_the_cache_was_opened_fail_the_build_and_the_cache_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
        cache.record_doc("a.md", entry([5; 32]));
        cache.save(&crate::output::files::Files::default()).unwrap();
        let cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
        assert!(cache.doc("a.md", &[5; 32]).unwrap().data.search().words().is_none());
        // The words' bytes made no longer UTF-8, in place.
        let path = dir.path().join(PAGES);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.windows(10).rposition(|w| w == b"staff keep").unwrap();
        bytes[at] = 0xff;
        std::io::Write::write_all(&mut std::fs::OpenOptions::new().write(true).open(&path).unwrap(), &bytes)
            .unwrap();
        let e = cache.load_words().unwrap_err();
        assert!(format!("{e:#}").contains("was damaged during the build, and is removed"), "{e:#}");
        assert!(!path.exists());
        // Asked again (as the cache is stored): nothing more to read.
        cache.load_words().unwrap();
        // The next build starts afresh.
        let cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
        assert!(cache.doc("a.md", &[5; 32]).is_none());
    }

    #[test]
    fn every_file_of_the_cache_starts_with_the_one_version_and_its_part() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
        cache.record_doc("a.md", entry([5; 32]));
        cache.record_release("releases/v1", Entry { key: [6; 32], files: Vec::new(), data: () });
        cache.code().highlight("fn main() {}", "rust");
        cache.save(&crate::output::files::Files::default()).unwrap();
        for (file, part) in [("pages.bin", "pages"), ("code.bin", "code"), ("releases.bin", "releases")] {
            let bytes = std::fs::read(dir.path().join(file)).unwrap();
            let first: String = encoding::read(&bytes).unwrap();
            assert_eq!(first, format!("{FORMAT} {part}"), "{file}");
        }
    }

    #[test]
    fn a_cache_of_the_previous_format_is_ignored_not_misread() {
        let dir = tempfile::tempdir().unwrap();
        let key = [5; 32];
        // This format: the document's entry is found again.
        let cache = Cache::open(dir.path(), GLOBAL, [0; 32]);
        cache.record_doc("a.md", entry(key));
        cache.save(&crate::output::files::Files::default()).unwrap();
        assert!(Cache::open(dir.path(), GLOBAL, [0; 32]).doc("a.md", &key).is_some());

        // The same entry in charta-cache-2, encoded by bincode with fixed-size integers: every
        // length in 8 bytes.
        let string = |out: &mut Vec<u8>, s: &str| {
            out.extend((s.len() as u64).to_le_bytes());
            out.extend(s.as_bytes());
        };
        let mut old = Vec::new();
        string(&mut old, "charta-cache-2");
        old.extend(GLOBAL);
        old.extend(1u64.to_le_bytes());
        string(&mut old, "a.md");
        old.extend(key);
        // No files; an empty search text, feed, asset set and code list; no listing pages.
        old.extend([0; 8 * 5]);
        old.push(0);
        std::fs::write(dir.path().join(PAGES), &old).unwrap();
        assert!(Cache::open(dir.path(), GLOBAL, [0; 32]).doc("a.md", &key).is_none());
    }
}
