//! Stage 5: which pages of a site are made again. The site comes in units (each document's
//! pages; the pages that list documents), each keyed by the hash of the typed inputs the site
//! makes it from ([`Site::frame`], [`Site::input`]) under the build's own key: a unit whose key
//! the last build recorded, and whose files are still as it wrote them, is taken from the last
//! site; every other unit is rendered into the sink. Among the listing pages, a redline is keyed
//! by its own inputs too, and taken alone when they are unchanged ([`Parts`]).

use super::cache::{Cache, Entry, Parts, Stamp};
use crate::fingerprint::{self, Key};
use crate::library::GRAIN;
use crate::site::{Done, Output, Site};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

/// Where rendered files go as they are made: the staging folder of a build, or a list in tests.
/// Pages are handed over one by one (from several threads), so the site is never all in memory.
pub trait Sink: Sync {
    fn put(&self, output: Output) -> Result<()>;

    /// Take these files of the previous site as they are, if each still has the stamp the last
    /// build recorded; false (and nothing taken) when one does not.
    fn reuse(&self, files: &[(String, Stamp)]) -> Result<bool>;

    /// True when the previous site holds exactly these files, each with its stamp, and besides
    /// them only the release snapshots' folders `snapshots` (`releases/v1/`, checked by their
    /// own stamps): then it is already what this build would write, and stays as it is.
    fn unchanged(&self, files: &[&(String, Stamp)], snapshots: &[String]) -> bool;

    /// The content hash of a file of the repository a page links to (None when there is none).
    fn fingerprint(&self, path: &str) -> Option<Key>;
}

/// What [`render`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The pages went to the sink.
    Rendered,
    /// Nothing changed since the last build: its site, of `files` files, is this build's.
    Unchanged { files: usize },
}

pub use crate::site::Texts;

/// Hand `output` to `sink`, noting its path in `files` when `cache` records what a unit wrote.
/// Without a cache (`--no-cache`, a release snapshot's pages) nothing is noted: at 10,000
/// documents, 30,000 paths that would be held to the end of the pages and then dropped.
fn put(sink: &dyn Sink, cache: &Cache, files: &Mutex<Vec<(String, Stamp)>>, output: Output) -> Result<()> {
    if cache.enabled() {
        files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((output.path().to_owned(), Stamp::default()));
    }
    sink.put(output)
}

/// Render `site` into `sink`, each unit taken from the last build (`cache`) when its key is
/// unchanged and its files stand, each document's text fetched from `texts` when its pages are
/// made and freed once they are written.
pub fn render(
    site: &Site,
    texts: Texts,
    sink: &dyn Sink,
    cache: &Cache,
    rendered: &(dyn Fn() + Sync),
) -> Result<Outcome> {
    let documents = site.documents();
    let frame = fingerprint::of(&site.frame());
    let keys: Vec<Key> = (0..documents.len())
        .into_par_iter()
        .with_max_len(GRAIN)
        .map(|i| cache.key(&(frame, site.input(i))))
        .collect();
    // The findings are the same for the key looked up here and the key recorded at the end.
    let findings = fingerprint::of(site.findings());
    let previous = previous_site(site, &findings, &frame, &keys, sink, cache);
    if let Some((entries, listing)) = &previous
        && cache.may_keep()
    {
        // Nothing changed, and the site is as that build left it: it stays as it is.
        let files: Vec<&(String, Stamp)> =
            entries.iter().flat_map(|e| &e.files).chain(&listing.files).collect();
        if sink.unchanged(&files, site.snapshot_folders()) {
            return Ok(Outcome::Unchanged { files: files.len() });
        }
    }
    let previous = previous.map(|(_, listing)| listing);

    // Each document's pages, in parallel, written as soon as they are rendered: Markdown and
    // highlighting are most of the work. What the listing pages need is kept, the pages are not.
    // An unchanged document's entry is the last build's, shared rather than copied.
    let render_documents = || -> Result<Vec<Arc<Entry<Done>>>> {
        documents
            .par_iter()
            .enumerate()
            .zip(&keys)
            .with_max_len(GRAIN)
            .map(|((index, doc), key)| -> Result<Arc<Entry<Done>>> {
                if let Some(entry) = cache.doc(&doc.path, key)
                    && sink.reuse(&entry.files)?
                {
                    rendered();
                    return Ok(Arc::clone(entry));
                }
                let files = Mutex::default();
                let data = site.document(index, texts(index, doc)?, &|o| put(sink, cache, &files, o))?;
                let files = files.into_inner().unwrap_or_else(PoisonError::into_inner);
                rendered();
                Ok(Arc::new(Entry { key: *key, files, data }))
            })
            .collect()
    };
    // The listing pages need only each document's row (front matter and findings), and the
    // releases' changes pages the documents' texts: they are made beside the documents' own
    // pages, unless the last build's can stand. Made while few documents' entries are held,
    // not after them all, their values and texts meet less in memory: a cold build with a
    // release peaked 40 MB higher at 10,000 documents when they came last.
    let listing_files = Mutex::default();
    // The listing pages' parts this build made or took (see `Parts`): recorded with them.
    let parts = Mutex::default();
    let taken = |path: &str, made_from: Key| {
        take_part(sink, cache, &listing_files, &parts, path, (&frame, made_from))
    };
    let across = || -> Result<()> {
        site.listing(&site.rows(), &|o| put(sink, cache, &listing_files, o))?;
        site.changes(texts, &|o| put(sink, cache, &listing_files, o), &taken)
    };
    let listing = || match previous {
        Some(_) => Ok(false),
        None => across().map(|()| true),
    };
    let (done, listed) = rayon::join(render_documents, listing);
    let (done, listed) = (done?, listed?);

    // Every document, finding and linked file as the last build found them (`previous` was found
    // by the key this build's listing pages have): those pages stand, if nobody touched them.
    if let Some(entry) = previous
        && sink.reuse(&entry.files)?
    {
        cache.record_site(entry.clone());
    } else {
        if !listed {
            // The last build's listing pages were expected to stand but could not be taken.
            across()?;
        }
        // The words of the documents whose pages were reused, for the search index.
        cache.load_words().context("cannot make the search index (build again)")?;
        let data: Vec<&Done> = done.iter().map(|d| &d.data).collect();
        site.index_and_feed(&data, &|o| put(sink, cache, &listing_files, o))?;
        let assets = site.assets(data.into_iter());
        let key = listing_key(
            cache,
            &frame,
            done.iter().map(|d| &d.key),
            &findings,
            &assets,
            site.published(),
            sink,
        );
        // Copies last: a file the site generates itself wins over a copy of the same name. What
        // `[site]` publishes before the linked files: it was named for its place.
        for (path, source) in site.published() {
            put(sink, cache, &listing_files, Output::Copy { source: source.clone(), path: path.clone() })?;
        }
        for a in assets {
            let path = crate::links::published_name(a).into_owned();
            put(sink, cache, &listing_files, site.asset(a, path)?)?;
        }
        let files = listing_files.into_inner().unwrap_or_else(PoisonError::into_inner);
        let parts = parts.into_inner().unwrap_or_else(PoisonError::into_inner);
        cache.record_site(Entry { key, files, data: parts });
    }
    for (doc, entry) in documents.iter().zip(done) {
        cache.record_doc(&doc.path, entry);
    }
    Ok(Outcome::Rendered)
}

/// A part of the listing pages at `path` (a redline), made from what hashes to `made_from` in
/// the site's frame: its key recorded in `parts` when the cache is on, and taken from the
/// last build when that build made it from the same and its file stands (then it is recorded in
/// `files` as a page put would be). True when taken.
fn take_part(
    sink: &dyn Sink,
    cache: &Cache,
    files: &Mutex<Vec<(String, Stamp)>>,
    parts: &Mutex<Parts>,
    path: &str,
    made_from: (&Key, Key),
) -> Result<bool> {
    if !cache.enabled() {
        return Ok(false);
    }
    // The path is part of the key: a key found names this page made from the same.
    let key = cache.key(&(path, made_from));
    parts.lock().unwrap_or_else(PoisonError::into_inner).push(key);
    let Some(stamp) = cache.part(path, &key) else { return Ok(false) };
    let file = (path.to_owned(), stamp);
    if !sink.reuse(std::slice::from_ref(&file))? {
        return Ok(false);
    }
    files.lock().unwrap_or_else(PoisonError::into_inner).push((file.0, Stamp::default()));
    Ok(true)
}

/// The key of the pages that look across documents: every document's key, every finding (the
/// key of them all), and the content of every linked file.
fn listing_key<'a>(
    cache: &Cache,
    frame: &Key,
    keys: impl Iterator<Item = &'a Key>,
    findings: &Key,
    assets: &BTreeSet<&String>,
    published: &BTreeMap<String, String>,
    sink: &dyn Sink,
) -> Key {
    let keys: Vec<&Key> = keys.collect();
    let prints: Vec<(&String, Option<Key>)> = assets.iter().map(|a| (*a, sink.fingerprint(a))).collect();
    let published: Vec<(&String, &String, Option<Key>)> =
        published.iter().map(|(path, source)| (path, source, sink.fingerprint(source))).collect();
    cache.key(&(frame, keys, findings, prints, published))
}

/// When every document is as the last build found it, and so are the findings and linked files:
/// the last build's entries for the documents, and for the listing pages.
fn previous_site<'c>(
    site: &Site,
    findings: &Key,
    frame: &Key,
    keys: &[Key],
    sink: &dyn Sink,
    cache: &'c Cache,
) -> Option<(Vec<&'c Entry<Done>>, &'c Entry<Parts>)> {
    let entries: Vec<&Entry<Done>> = site
        .documents()
        .iter()
        .zip(keys)
        .map(|(d, k)| cache.doc(&d.path, k).map(|e| &**e))
        .collect::<Option<_>>()?;
    let assets = site.assets(entries.iter().map(|e| &e.data));
    let listing =
        cache.site(&listing_key(cache, frame, keys.iter(), findings, &assets, site.published(), sink))?;
    Some((entries, listing))
}
