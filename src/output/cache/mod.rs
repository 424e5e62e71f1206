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
pub mod releases;

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
const FORMAT: &str = "charta-cache-14";

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

/// The keys of the pages among the listing pages that are made from inputs of their own (a
/// redline of what changed since a release), sorted: each the hash of the page's path and what
/// it is made from. Such a page is taken from the last build when its key is among the last
/// build's, though the listing pages are made again. Keys alone, 32 bytes a page: at four
/// releases of 10,000 documents there are 26,000 such pages.
pub type Parts = Vec<Key>;

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
    site: Option<Entry<Parts>>,
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
    /// Whether the output folder holds a site of charta's: without one, nothing the last build
    /// stored is read (no page and no release snapshot can be taken from it).
    previous_site: bool,
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
            previous_site: false,
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
            previous_site: site,
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
    pub fn site(&self, key: &Key) -> Option<&Entry<Parts>> {
        self.old.site.as_ref().filter(|e| e.key == *key)
    }

    /// The stamp the last build's file `path` had, when it was one of the listing pages' parts
    /// (see [`Parts`]) with the key `key` (of its path and what it is made from) this build
    /// gives it: then it is what this build would make.
    pub fn part(&self, path: &str, key: &Key) -> Option<Stamp> {
        let site = self.old.site.as_ref().filter(|e| e.data.binary_search(key).is_ok())?;
        // Both stored sorted (see `write_site`); what is not is simply not found.
        let at = site.files.binary_search_by(|(p, _)| p.as_str().cmp(path)).ok()?;
        Some(site.files[at].1.clone())
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

    pub fn record_site(&self, entry: Entry<Parts>) {
        if self.enabled() {
            self.lock().site = Some(entry);
        }
    }

    /// Charta itself, when the cache is on: what a release snapshot's key starts from.
    pub fn tool(&self) -> Option<&Key> {
        self.enabled().then_some(&self.tool)
    }

    /// What the last build wrote for each release snapshot (folder -> its entry), read from the
    /// cache each time it is asked and not held by the cache: a build asks once to decide
    /// whether its whole site may stand, and once more to take the snapshots, after the current
    /// site's pages (with four releases of 10,000 documents, 12 MB it would otherwise hold
    /// through them). Empty without a cache or a previous site.
    pub fn stored_releases(&self) -> releases::Snapshots {
        match &self.dir {
            Some(dir) if self.previous_site => releases::read(dir),
            _ => releases::Snapshots::default(),
        }
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
        self.write_site(stamp_of).map(drop)
    }

    /// [`Cache::save_site`], handing back what it stored rather than freeing it (None when it
    /// stored nothing).
    fn write_site(&mut self, stamp_of: &dyn Fn(&str) -> Option<Stamp>) -> Result<Option<Stored>> {
        if self.site_saved {
            return Ok(None);
        }
        self.site_saved = true;
        let Some(dir) = self.dir.clone() else { return Ok(None) };
        // Taken first: on any failure below it is dropped here, with the file it was writing,
        // not kept by a cache its owner may never free.
        let code = std::mem::replace(&mut self.code, CodeCache::none());
        self.load_words()?;
        // The last build's entries go first: those this build reused are then its own alone,
        // and are stamped below in place rather than copied.
        drop(std::mem::take(&mut self.old));
        let mut stored = std::mem::take(&mut *self.lock());
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
            site.data.sort_unstable();
            site.data.dedup();
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
        pages_saved.map(|()| Some(stored))
    }

    /// Store what this build recorded (the site's own pages and code unless
    /// [`Cache::save_site`] did, and the release snapshots), with the stamps its files have now
    /// that they are in place (`stamps`: output path -> stamp). The cache keeps what it stored
    /// of the site's pages until it is itself dropped (or let go at the end of the process).
    pub fn save(&mut self, stamps: &crate::output::files::Files) -> Result<()> {
        // What was stored stays with the cache, for its owner to let go: at the end of a
        // process, without freeing 100,000 entries one by one (a second on one thread).
        if let Some(stored) = self.write_site(&|path| stamps.get(path).cloned())? {
            *self.lock() = stored;
        }
        let Some(dir) = self.dir.take() else { return Ok(()) };
        let recorded = std::mem::take(&mut *self.releases());
        releases::write(&dir, recorded, stamps)
            .with_context(|| format!("cannot write the release cache in {}", dir.display()))
    }
}

#[cfg(test)]
mod tests;
