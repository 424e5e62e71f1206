//! Stage 4: every page of the site, from the library and its findings, handed to a sink as it is
//! made. Pure but for the sink: the only input is what it is given; files to copy are named, not read.

use super::cache::{self, Cache, Entry, Key, Stamp};
use super::code_cache::CodeCache;
use super::documents::{self, Done};
use super::listing;
use super::paths;
use super::view::{self, Inputs, Row};
use crate::document::Document;
use crate::finding::Finding;
use crate::library::GRAIN;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Rendered content.
    Bytes { path: String, bytes: Vec<u8> },
    /// A file of the repository the documents link to (an image, a PDF), copied from `source`
    /// (root-relative) to `path`, which differs only for a file a browser would run
    /// ([`crate::links::published_name`]).
    Copy { source: String, path: String },
}

impl Output {
    pub fn path(&self) -> &str {
        match self {
            Output::Bytes { path, .. } | Output::Copy { path, .. } => path,
        }
    }
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
}

#[derive(Serialize, Clone)]
pub(super) struct NavItem {
    pub title: String,
    pub page: String,
    pub path: String,
}

/// A link of the version switcher: the current site or a release snapshot.
#[derive(Serialize, Clone, Debug)]
pub struct Switch {
    pub label: String,
    /// Root-relative folder of that site ("" for the current one).
    pub dir: String,
    pub active: bool,
}

/// Where this site sits among the current site and its release snapshots.
#[derive(Clone, Debug, Default)]
pub struct Placement {
    /// Folder the site is written under ("" for the current site, `releases/v1.0/` for a snapshot).
    pub prefix: String,
    /// For a snapshot: its release name and date.
    pub release: Option<(String, String)>,
    pub switcher: Vec<Switch>,
}

/// Folders of the site that are not documents' pages.
const RESERVED: &[&str] = &[
    "assets",
    "collections",
    "report",
    "releases",
    "reviews",
    "controls",
    "people",
    "search",
    "feed.xml",
    "404.html",
];

/// Renders pages with the shared context; paths are relative to the site's own root.
pub(super) struct Pages<'a> {
    pub tera: &'a tera::Tera,
    base: tera::Context,
    prefix: &'a str,
    /// Highlighted code kept across builds.
    pub code: &'a CodeCache,
}

impl Pages<'_> {
    pub fn ctx(&self, path: &str) -> tera::Context {
        let mut ctx = self.base.clone();
        let root = paths::root_prefix(path);
        // From a snapshot's page to the top of the whole output: up through its prefix too.
        let top = format!("{root}{}", "../".repeat(self.prefix.matches('/').count()));
        ctx.insert("root", &root);
        ctx.insert("top", &top);
        ctx
    }

    /// The folder this site is written under ("" for the current site).
    pub fn prefix(&self) -> &str {
        self.prefix
    }

    pub fn render(&self, template: &str, path: &str, ctx: &tera::Context) -> Result<Output> {
        let html = self
            .tera
            .render(template, ctx)
            .map_err(|e| anyhow::anyhow!("{}", super::templates::chain(&e)))
            .with_context(|| format!("cannot render {}{path} with the template {template}", self.prefix))?;
        let html = if path.ends_with(".html") { super::policy::apply(html) } else { html };
        Ok(Output::Bytes { path: format!("{}{path}", self.prefix), bytes: html.into_bytes() })
    }
}

/// Where rendered files go as they are made: the staging folder of a build, or a list in tests.
/// Pages are handed over one by one (from several threads), so the site is never all in memory.
pub trait Sink: Sync {
    fn put(&self, output: Output) -> Result<()>;

    /// Take these files of the previous site as they are, if each still has the stamp the last
    /// build recorded; false (and nothing taken) when one does not.
    fn reuse(&self, files: &[(String, Stamp)]) -> Result<bool>;

    /// True when the previous site holds exactly these files, each with its stamp: then it is
    /// already what this build would write, and stays as it is.
    fn unchanged(&self, files: &[&(String, Stamp)]) -> bool;

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

/// Where the renderer gets a document's text (the library's documents no longer hold it, see
/// [`crate::library::Library::take_texts`]): by its index and document. It must be the text
/// that was checked (`Document::digest`).
pub type Texts<'a> = &'a (dyn Fn(usize, &Document) -> Result<String> + Sync);

/// Render the site of `inp` into `sink`, each document's text fetched from `texts` when its
/// pages are made and freed once they are written.
pub fn render(
    inp: &Inputs,
    texts: Texts,
    findings: &[Finding],
    tera: &tera::Tera,
    place: &Placement,
    sink: &dyn Sink,
    cache: &Cache,
) -> Result<Outcome> {
    let sources: Vec<&str> = inp.library.documents.iter().map(|d| d.path.as_str()).collect();
    let pages: BTreeMap<String, String> = paths::assign(&sources, RESERVED)
        .into_iter()
        .map(|(src, dir)| (src, format!("{dir}/index.html")))
        .collect();
    let by_path = crate::finding::by_path(findings);
    let mut base = tera::Context::new();
    let site = &inp.config.site;
    let description = site.description.as_deref().unwrap_or("");
    base.insert("site", &SiteView { title: &site.title, description, language: &site.language });
    base.insert("today", &inp.today.to_string());
    base.insert("charta_version", env!("CARGO_PKG_VERSION"));
    base.insert("switcher", &place.switcher);
    base.insert(
        "release",
        &place.release.as_ref().map(|(name, date)| BTreeMap::from([("name", name), ("date", date)])),
    );
    let nav: Vec<NavItem> = inp
        .library
        .collections
        .iter()
        .map(|c| NavItem {
            title: c.display_title(),
            page: format!(
                "collections/{}/index.html",
                paths::segment(if c.path == "." { &c.kind } else { &c.path })
            ),
            path: c.path.clone(),
        })
        .collect();
    base.insert("nav", &nav);
    let out = Pages { tera, base, prefix: &place.prefix, code: cache.code() };
    // What every page of this site depends on beyond the build's own key: where it sits, and
    // where every document's page is (links between documents), and the SVG images pages show
    // inside them.
    let frame = cache::key_of(&[&place.prefix, &place.release, &place.switcher, &pages, &inp.images]);
    let keys: Vec<Key> = inp
        .library
        .documents
        .par_iter()
        .map(|doc| {
            let doc_findings = by_path.get(doc.path.as_str()).map_or(&[][..], Vec::as_slice);
            cache.key(&[&frame, &doc.path, &doc.collection, &doc_findings], &doc.digest)
        })
        .collect();
    // The findings are the same for the key looked up here and the key recorded at the end.
    let findings_key = cache::key_of(&[&findings]);
    let previous = previous_site(inp, &findings_key, &frame, &keys, &pages, place, sink, cache);
    if let Some((entries, site)) = &previous
        && cache.may_keep()
    {
        // Nothing changed, and the site is as that build left it: it stays as it is.
        let files: Vec<&(String, Stamp)> = entries.iter().flat_map(|e| &e.files).chain(&site.files).collect();
        if sink.unchanged(&files) {
            return Ok(Outcome::Unchanged { files: files.len() });
        }
    }
    let previous = previous.map(|(_, site)| site);

    // The listing pages need only each document's row (front matter and findings): they are made
    // beside the documents' own pages, unless the last build's can stand.
    let rows = || -> Vec<Row> {
        inp.library
            .documents
            .par_iter()
            .with_max_len(GRAIN)
            .map(|doc| {
                let doc_findings = by_path.get(doc.path.as_str()).map_or(&[][..], Vec::as_slice);
                view::row(inp, doc, &pages[&doc.path], doc_findings)
            })
            .collect()
    };

    // Each document's pages, in parallel, written as soon as they are rendered: Markdown and
    // highlighting are most of the work. What the listing pages need is kept, the pages are not.
    let page_files = paths::PageFiles::new(&pages);
    let cx = documents::Context { inp, out: &out, pages: &pages, page_files: &page_files, texts, sink };
    // An unchanged document's entry is the last build's, shared rather than copied.
    let documents = || -> Result<Vec<Arc<Entry<Done>>>> {
        inp.library
            .documents
            .par_iter()
            .enumerate()
            .zip(keys)
            .with_max_len(GRAIN)
            .map(|((index, doc), key)| -> Result<Arc<Entry<Done>>> {
                let doc_findings = by_path.get(doc.path.as_str()).map_or(&[][..], Vec::as_slice);
                if let Some(entry) = cache.doc(&doc.path, &key)
                    && sink.reuse(&entry.files)?
                {
                    return Ok(Arc::clone(entry));
                }
                documents::render(&cx, index, doc, key, doc_findings).map(Arc::new)
            })
            .collect()
    };
    let listing = || match previous {
        Some(_) => Ok(None),
        None => listing::from_rows(&cx, findings, &rows(), &nav, place).map(Some),
    };
    let (done, listed) = rayon::join(documents, listing);
    let (done, listed) = (done?, listed?);

    // Every document, finding and linked file as the last build found them (`previous` was found
    // by the key this build's listing pages have): those pages stand, if nobody touched them.
    if let Some(entry) = previous
        && sink.reuse(&entry.files)?
    {
        cache.record_site(entry.clone());
    } else {
        let mut files = match listed {
            Some(files) => files,
            // The last build's listing pages were expected to stand but could not be taken.
            None => listing::from_rows(&cx, findings, &rows(), &nav, place)?,
        };
        listing::from_done(&cx, &done, place, &mut files)?;
        let assets = assets(done.iter().map(|d| &d.data), inp, &pages, place);
        let key = site_key(cache, &frame, done.iter().map(|d| &d.key), &findings_key, &assets, sink);
        // Linked files last: a file the site generates itself wins over a copy of the same name.
        for a in assets {
            let path = crate::links::published_name(a).into_owned();
            documents::put(sink, &mut files, Output::Copy { source: a.clone(), path })?;
        }
        cache.record_site(Entry { key, files, data: () });
    }
    for (doc, entry) in inp.library.documents.iter().zip(done) {
        cache.record_doc(&doc.path, entry);
    }
    Ok(Outcome::Rendered)
}

/// Files of the repository the documents link to, copied beside the pages (current site only):
/// only those the analysis found publishable, never a hidden, ignored or missing one, whatever
/// the link says (`../.git/config`).
fn assets<'a>(
    done: impl Iterator<Item = &'a Done>,
    inp: &Inputs,
    pages: &BTreeMap<String, String>,
    place: &Placement,
) -> BTreeSet<&'a String> {
    if place.release.is_some() {
        return BTreeSet::new();
    }
    // Where the site has a page, a linked file of the same name cannot be: the page wins (a file
    // `guide` linked beside a document `guide.md`, whose page is in `guide/`).
    let page_files = paths::PageFiles::new(pages);
    done.flat_map(|d| &d.assets)
        .filter(|a| !pages.contains_key(*a) && inp.files.contains(*a))
        .filter(|a| !page_files.under(&crate::links::published_name(a)))
        .collect()
}

/// The key of the pages that look across documents: every document's key, every finding (the
/// key of them all), and the content of every linked file.
fn site_key<'a>(
    cache: &Cache,
    frame: &Key,
    keys: impl Iterator<Item = &'a Key>,
    findings: &Key,
    assets: &BTreeSet<&String>,
    sink: &dyn Sink,
) -> Key {
    let keys: Vec<&Key> = keys.collect();
    let prints: Vec<(&String, Option<Key>)> = assets.iter().map(|a| (*a, sink.fingerprint(a))).collect();
    cache.key(&[frame, &keys, findings, &prints], &[])
}

/// When every document is as the last build found it, and so are the findings and linked files:
/// the last build's entries for the documents, and for the listing pages.
#[allow(clippy::too_many_arguments)]
fn previous_site<'c>(
    inp: &Inputs,
    findings: &Key,
    frame: &Key,
    keys: &[Key],
    pages: &BTreeMap<String, String>,
    place: &Placement,
    sink: &dyn Sink,
    cache: &'c Cache,
) -> Option<(Vec<&'c Entry<Done>>, &'c Entry<()>)> {
    let entries: Vec<&Entry<Done>> = inp
        .library
        .documents
        .iter()
        .zip(keys)
        .map(|(d, k)| cache.doc(&d.path, k).map(|e| &**e))
        .collect::<Option<_>>()?;
    let assets = assets(entries.iter().map(|e| &e.data), inp, pages, place);
    let site = cache.site(&site_key(cache, frame, keys.iter(), findings, &assets, sink))?;
    Some((entries, site))
}
