//! Stage 4: what every page of a site is made with: where every document's page is, what every
//! page shares (the template context, the navigation), and the typed inputs each unit of pages
//! is made from ([`Site::frame`], [`Site::input`]), which the output layer hashes into its keys.

use super::file::Output;
use super::highlight::Highlighter;
use super::inputs::Inputs;
use super::paths;
pub use super::placement::{Placement, Snapshot, Switch};
use super::view::{self, Row};
use crate::document::Document;
use crate::finding::Finding;
use crate::library::GRAIN;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    /// `[site] noindex`: every page asks search engines to leave it out.
    noindex: bool,
    /// `[site] findings`: `all`, `summary` or `hidden`, what a document's page says of its findings.
    findings: crate::config::FindingsShown,
    /// Where the icon, the logo and the extra style sheets are published (from the site's
    /// top: `{{ top }}{{ site.favicon }}`); "" and empty when charta.toml names none.
    favicon: String,
    logo: String,
    extra_css: Vec<String>,
    /// An SVG icon or logo as a `data:` URL, in place of the path above.
    favicon_data: &'a str,
    logo_data: &'a str,
    /// `[site] repo_url`'s address of a commit without its id ("" without one): commit ids
    /// link to `{{ site.commit_base }}{{ id }}`.
    commit_base: String,
}

#[derive(Serialize, Clone)]
pub(in crate::site) struct NavItem {
    pub title: String,
    pub page: String,
    pub path: String,
}

/// Folders of the site that are not documents' pages.
pub(in crate::site) const RESERVED: &[&str] = &[
    "as-of",
    "assets",
    "changes",
    "collections",
    "report",
    "releases",
    "removed",
    "reviews",
    "controls",
    "people",
    "search",
    "feed.xml",
    "404.html",
];

/// Renders pages with the shared context; paths are relative to the site's own root.
pub(in crate::site) struct Pages<'a> {
    pub tera: &'a tera::Tera,
    base: tera::Context,
    prefix: &'a str,
    /// The path of `[site] base_url`, when there is one (see [`Pages::site_url`]).
    site_path: Option<&'a str>,
    /// `[site] base_url`, when there is one: each page's canonical address starts with it.
    base_url: Option<&'a str>,
    pub code: &'a dyn Highlighter,
    /// Where the documents' search words wait for the index; None: in memory.
    pub shelf: Option<std::sync::Arc<dyn super::Shelf>>,
}

impl Pages<'_> {
    pub fn ctx(&self, path: &str) -> tera::Context {
        let mut ctx = self.base.clone();
        let root = paths::root_prefix(path);
        // From a snapshot's page to the top of the whole output: up through its prefix too.
        let top = format!("{root}{}", "../".repeat(self.prefix.matches('/').count()));
        ctx.insert("root", &root);
        ctx.insert("top", &top);
        // Where the page is published (`<link rel="canonical">`), when `base_url` says; "" else.
        let canonical = self.base_url.map_or_else(String::new, |base| {
            format!("{}/{}{}", base.trim_end_matches('/'), self.prefix, path.trim_end_matches("index.html"))
        });
        ctx.insert("canonical", &canonical);
        ctx
    }

    /// The path of the whole output on its host, from `[site] base_url` (`/isms/`, or `/`);
    /// None without one.
    pub fn site_url(&self) -> Option<String> {
        self.site_path.map(|path| if path.is_empty() { "/".to_owned() } else { format!("/{path}/") })
    }

    /// The folder this site is written under ("" for the current site).
    pub fn prefix(&self) -> &str {
        self.prefix
    }

    pub fn render(&self, template: &str, path: &str, ctx: &tera::Context) -> Result<Output> {
        let page = format!("{}{path}", self.prefix);
        let render = || {
            let mut out = super::running::Capped::default();
            self.tera.render_to(template, ctx, &mut out).map(|()| out.bytes)
        };
        let html = super::running::timed(template, &page, render)
            .map_err(|e| anyhow::anyhow!("{}", super::templates::chain(&e)))
            .and_then(|bytes| String::from_utf8(bytes).map_err(|e| anyhow::anyhow!("{e}")))
            .with_context(|| format!("cannot render {}{path} with the template {template}", self.prefix))?;
        let html = if path.ends_with(".html") { super::policy::apply(html) } else { html };
        Ok(Output::Bytes { path: page, bytes: html.into_bytes() })
    }
}

/// What every page of a site is made from beyond what every page of the build is (charta, its
/// templates, the configuration, roster, date and history: the build's own key): where the site
/// sits, where every document's page is (links between documents) and the SVG images pages show
/// inside them. Its hash is part of every page's key.
#[derive(Serialize)]
pub struct Frame<'a> {
    prefix: &'a str,
    release: &'a Option<Snapshot>,
    switcher: &'a [Switch],
    pages: &'a BTreeMap<String, String>,
    removed_pages: &'a crate::site::hrefs::Kept,
    images: &'a BTreeMap<String, String>,
}

/// What one document's pages are made from beyond the [`Frame`]: its path, collection, findings
/// and text (by its digest).
#[derive(Serialize)]
pub struct Input<'a> {
    path: &'a str,
    collection: usize,
    findings: &'a [&'a Finding],
    digest: &'a [u8; 32],
    /// What the code chain proves of each of its approvals (its pages say it).
    approvals: &'a [crate::evidence::Approval],
    /// The documents that replaced it or that it replaced: their ids, titles and pages.
    succession: Option<&'a super::succession::Succession>,
    /// Its timeline (`crate::timeline`), hashed: its versions, in-force days and redlines. Not
    /// a function of the history alone: which ids the other documents hold now decides whether
    /// an earlier text at its path was it or another document.
    timeline: Option<crate::fingerprint::Key>,
}

/// The site of one library: the current site, or a release snapshot.
pub struct Site<'a> {
    pub(in crate::site) inp: &'a Inputs<'a>,
    pub(in crate::site) findings: &'a [Finding],
    by_path: BTreeMap<&'a str, Vec<&'a Finding>>,
    pub(in crate::site) place: &'a Placement,
    /// Source path of every document -> its page.
    pub(in crate::site) pages: BTreeMap<String, String>,
    /// The same pages, to ask whether a folder holds one.
    pub(in crate::site) page_files: paths::PageFiles,
    /// The documents removed from the repository whose pages the site keeps (current site
    /// only), with their versions.
    pub(in crate::site) removed: Vec<super::pages::kept::Planned>,
    /// Source path -> page of each of them: where a past version's link to one leads.
    pub(in crate::site) removed_pages: crate::site::hrefs::Kept,
    /// Which documents replace which, by source path (`superseded_by`).
    pub(in crate::site) successions: BTreeMap<String, super::succession::Succession>,
    /// What `[site]` publishes as it is (none in a release), less what would stand where the
    /// site writes its own pages and folders: site path -> source.
    pub(in crate::site) published: BTreeMap<String, String>,
    pub(in crate::site) nav: Vec<NavItem>,
    pub(in crate::site) out: Pages<'a>,
}

/// Whether the current site's file at `path` would be inside a release snapshot's folder
/// (`releases/v1/`), where the snapshot's own files go once
/// the current site's are written: a linked or published file there would stop the build as two
/// files for one path. The snapshot's file wins, as the site's own pages win over a linked file.
pub(in crate::site) fn in_a_snapshot(place: &Placement, path: &str) -> bool {
    place.release.is_none() && place.snapshots.iter().any(|dir| path.starts_with(dir.as_str()))
}

/// Whether a file published at `path` would take the place of the site's own pages: a name the
/// site writes a folder of, a folder holding a document's page, or a folder under one of the
/// site's own files.
fn clashes(path: &str, page_files: &paths::PageFiles) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let reserved_folder = parts.len() == 1 && RESERVED.contains(&parts[0]) && !parts[0].contains('.');
    let in_a_file = (1..parts.len()).any(|n| {
        let prefix = parts[..n].join("/");
        (n == 1 && (RESERVED.contains(&parts[0]) && parts[0].contains('.') || parts[0] == "index.html"))
            || page_files.contains(&prefix)
    });
    reserved_folder || in_a_file || page_files.under(path)
}

impl<'a> Site<'a> {
    /// The site of `inp` with its `findings`, placed at `place`, rendered with `tera`, code
    /// highlighted by `code`. Fails where a removed document's past text cannot be read.
    pub fn new(
        inp: &'a Inputs<'a>,
        findings: &'a [Finding],
        tera: &'a tera::Tera,
        place: &'a Placement,
        code: &'a dyn Highlighter,
    ) -> anyhow::Result<Site<'a>> {
        let sources: Vec<&str> = inp.library.documents.iter().map(|d| d.path.as_str()).collect();
        let pages: BTreeMap<String, String> = paths::assign(&sources, RESERVED)
            .into_iter()
            .map(|(src, dir)| (src, format!("{dir}/index.html")))
            .collect();
        let mut base = tera::Context::new();
        let site = &inp.config.site;
        let description = site.description.as_deref().unwrap_or("");
        let inline =
            |file: Option<&str>| file.and_then(|f| inp.published.inline.get(f)).map_or("", String::as_str);
        base.insert(
            "site",
            &SiteView {
                title: &site.title,
                description,
                language: &site.language,
                noindex: site.noindex,
                findings: site.findings,
                favicon: site.favicon.as_deref().map(crate::config::Site::published_as).unwrap_or_default(),
                logo: site.logo.as_deref().map(crate::config::Site::published_as).unwrap_or_default(),
                extra_css: site.extra_css.iter().map(|f| crate::config::Site::published_as(f)).collect(),
                favicon_data: inline(site.favicon.as_deref()),
                logo_data: inline(site.logo.as_deref()),
                commit_base: site.commit_base().unwrap_or_default(),
            },
        );
        base.insert("today", &inp.today.to_string());
        base.insert("charta_version", env!("CARGO_PKG_VERSION"));
        base.insert("switcher", &place.switcher);
        base.insert("release", &place.release);
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
        let page_files = paths::PageFiles::new(&pages);
        let published = match place.release {
            Some(_) => BTreeMap::new(),
            None => inp
                .published
                .files
                .iter()
                .filter(|(path, _)| !clashes(path, &page_files) && !in_a_snapshot(place, path))
                .map(|(path, source)| (path.clone(), source.clone()))
                .collect(),
        };
        let removed = super::pages::kept::planned(inp, place.release.is_none(), &page_files)?;
        let removed_pages = removed
            .iter()
            .map(|p| (inp.removed[p.index].doc.path.clone(), (p.page.clone(), inp.removed[p.index].commit)))
            .collect();
        Ok(Site {
            inp,
            findings,
            by_path: crate::finding::by_path(findings),
            place,
            successions: super::succession::of(inp.library, &pages),
            pages,
            published,
            page_files,
            removed,
            removed_pages,
            nav,
            out: Pages {
                tera,
                base,
                prefix: &place.prefix,
                site_path: site
                    .base_url
                    .as_ref()
                    .filter(|_| !site.url_origin.is_empty())
                    .map(|_| site.url_path.as_str()),
                base_url: site.base_url.as_deref().filter(|_| !site.url_origin.is_empty()),
                code,
                shelf: None,
            },
        })
    }

    /// The site, its documents' search words put on `shelf` until the index is made, not held
    /// in memory (None: held).
    pub fn shelved(mut self, shelf: Option<std::sync::Arc<dyn super::Shelf>>) -> Self {
        self.out.shelf = shelf;
        self
    }

    pub fn documents(&self) -> &'a [Document] {
        &self.inp.library.documents
    }

    pub fn findings(&self) -> &'a [Finding] {
        self.findings
    }

    /// What every page of this site is made from beyond the build's key.
    pub fn frame(&self) -> Frame<'_> {
        Frame {
            prefix: &self.place.prefix,
            release: &self.place.release,
            switcher: &self.place.switcher,
            pages: &self.pages,
            removed_pages: &self.removed_pages,
            images: self.inp.images,
        }
    }

    /// The folder of every release snapshot (`releases/v1/`) beside this site's own files.
    pub fn snapshot_folders(&self) -> &[String] {
        &self.place.snapshots
    }

    /// What document `index`'s pages are made from beyond the [`Frame`].
    pub fn input(&self, index: usize) -> Input<'_> {
        let doc = &self.documents()[index];
        Input {
            path: &doc.path,
            collection: doc.collection,
            findings: self.findings_of(doc),
            digest: &doc.digest,
            approvals: self.inp.approvals.get(index).map_or(&[], Vec::as_slice),
            succession: self.successions.get(&doc.path),
            timeline: self.inp.timelines.get(index).map(|t| crate::fingerprint::of_debug(&[t])),
        }
    }

    /// Where `view`, a page of `doc`, says it is (its Location): in a release snapshot, its own
    /// address under the release's folder, not the current version's.
    pub(in crate::site) fn locate(&self, doc: &Document, view: &mut super::view::DocView) {
        let base = self.inp.config.site.base_url.as_deref().filter(|_| !self.place.prefix.is_empty());
        if let (None, Some(base)) = (&doc.meta.location, base) {
            let page = view.page.trim_end_matches("index.html");
            view.location = format!("{}/{}{page}", base.trim_end_matches('/'), self.place.prefix);
        }
        if self.place.release.is_none()
            && let Some((source, edit)) = self.inp.config.site.forge_links(&doc.path)
        {
            (view.source_url, view.edit_url) = (source, edit);
        }
    }

    pub(in crate::site) fn findings_of(&self, doc: &Document) -> &[&'a Finding] {
        self.by_path.get(doc.path.as_str()).map_or(&[][..], Vec::as_slice)
    }

    /// Every document's row: what the listing pages show of it.
    pub fn rows(&self) -> Vec<Row> {
        self.documents()
            .par_iter()
            .with_max_len(GRAIN)
            .enumerate()
            .map(|(index, doc)| {
                let mut row = view::row(self.inp, doc, &self.pages[&doc.path], self.findings_of(doc));
                // Its text only restates an earlier approval: that one's version is in force.
                let version = doc.meta.version.as_ref().map(|v| v.value.as_str());
                if let Some(earlier) = self.inp.timelines.get(index).and_then(|t| t.restated_version(version))
                    && row.version_in_force == row.version
                {
                    row.version_in_force = earlier;
                }
                row
            })
            .collect()
    }
}
