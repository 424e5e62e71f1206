//! Stage 4: every page of the site, from the library and its findings, handed to a sink as it is
//! made. Pure but for the sink: the only input is what it is given; files to copy are named, not read.

use super::markdown::{self, Links};
use super::view::{self, Badge, Inputs, Row};
use super::{paths, report_page, versions};
use crate::finding::Finding;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Rendered content.
    Bytes { path: String, bytes: Vec<u8> },
    /// A file of the repository the documents link to (an image, a PDF), copied as it is.
    Copy { path: String },
    /// A folder of the previous site, kept as it was (an unchanged release snapshot).
    Keep { path: String },
}

impl Output {
    pub fn path(&self) -> &str {
        match self {
            Output::Bytes { path, .. } | Output::Copy { path } | Output::Keep { path } => path,
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
    title: String,
    page: String,
    path: String,
}

#[derive(Serialize)]
struct Count {
    badge: Badge,
    count: usize,
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
    tera: &'a tera::Tera,
    base: tera::Context,
    prefix: &'a str,
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
        Ok(Output::Bytes { path: format!("{}{path}", self.prefix), bytes: html.into_bytes() })
    }
}

/// Where rendered files go as they are made: the staging folder of a build, or a list in tests.
/// Pages are handed over one by one (from several threads), so the site is never all in memory.
pub trait Sink: Sync {
    fn put(&self, output: Output) -> Result<()>;
}

/// What the pages that list documents need of one, once its own pages are written.
struct Done {
    row: Row,
    search: String,
    feed: Vec<super::feed::Item>,
    assets: BTreeSet<String>,
}

/// A collection as the register and its own page show it.
#[derive(Serialize)]
struct Group<'a> {
    title: String,
    page: String,
    path: String,
    docs: Vec<&'a Row>,
}

pub fn render(
    inp: &Inputs,
    findings: &[Finding],
    tera: &tera::Tera,
    place: &Placement,
    sink: &dyn Sink,
) -> Result<()> {
    let sources: Vec<&str> = inp.library.documents.iter().map(|d| d.path.as_str()).collect();
    let pages: BTreeMap<String, String> = paths::assign(&sources, RESERVED)
        .into_iter()
        .map(|(src, dir)| (src, format!("{dir}/index.html")))
        .collect();
    let mut by_path: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_path.entry(f.path.as_str()).or_default().push(f);
    }
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
    let out = Pages { tera, base, prefix: &place.prefix };

    // Each document's pages, in parallel, written as soon as they are rendered: Markdown and
    // highlighting are most of the work. What the listing pages need is kept, the pages are not.
    let done: Vec<Done> = inp
        .library
        .documents
        .par_iter()
        .map(|doc| -> Result<Done> {
            let page = &pages[&doc.path];
            let doc_findings = by_path.get(doc.path.as_str()).map_or(&[][..], Vec::as_slice);
            let mut view = view::document(inp, doc, page, doc_findings);
            let links = Links { source: &doc.path, page, pages: &pages, title: &view.title };
            let body = markdown::render(doc.body(), &links);
            let plan = inp
                .history
                .map(|h| versions::plan(doc, page, h, inp.roster, inp.config.history.max_versions));
            if let Some(plan) = &plan {
                view.versions.clone_from(&plan.list);
                // Each revision entry is matched to the commit where its version first appears.
                for rev in &mut view.revisions {
                    if let Some(v) = plan.list.iter().find(|v| v.label == rev.version && !v.date.is_empty()) {
                        rev.commit = format!("{} {}", v.commit, v.date);
                    }
                }
            }
            let mut ctx = out.ctx(&view.page);
            ctx.insert("doc", &view);
            ctx.insert("body", &body.html);
            ctx.insert(
                "toc",
                &body.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect::<Vec<_>>(),
            );
            sink.put(out.render("document.html", &view.page, &ctx)?)?;
            if let Some(plan) = &plan {
                for file in super::pages::versions(inp, &out, doc, plan, &pages)? {
                    sink.put(file)?;
                }
            }
            Ok(Done {
                search: super::search::entry(&view, &body.words),
                feed: super::feed::items(&view, plan.as_ref()),
                row: Row::from(&view),
                assets: body.assets,
            })
        })
        .collect::<Result<_>>()?;

    let mut groups: Vec<Group> = nav
        .iter()
        .map(|n| Group { title: n.title.clone(), page: n.page.clone(), path: n.path.clone(), docs: Vec::new() })
        .collect();
    for (doc, d) in inp.library.documents.iter().zip(&done) {
        if let Some(g) = groups.get_mut(doc.collection) {
            g.docs.push(&d.row);
        }
    }
    for g in &mut groups {
        g.docs.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.source.cmp(&b.source)));
    }
    let rows: BTreeMap<&str, &Row> = done.iter().map(|d| (d.row.source.as_str(), &d.row)).collect();

    // The pages that look across documents do not depend on each other: made in parallel.
    let jobs: Vec<Box<dyn Fn() -> Result<Vec<Output>> + Sync + '_>> = vec![
        Box::new(|| {
            let mut files = Vec::new();
            for g in &groups {
                let mut ctx = out.ctx(&g.page);
                ctx.insert("collection", g);
                files.push(out.render("collection.html", &g.page, &ctx)?);
            }
            let mut ctx = out.ctx("index.html");
            ctx.insert("groups", &groups);
            ctx.insert("counts", &counts(done.iter().map(|d| &d.row.badge)));
            ctx.insert("findings_total", &findings.len());
            files.push(out.render("index.html", "index.html", &ctx)?);
            Ok(files)
        }),
        Box::new(|| Ok(vec![report_page::render(&out, inp, findings, &pages)?])),
        Box::new(|| super::overview::reviews(&out, inp, &rows)),
        Box::new(|| Ok(vec![super::overview::controls(&out, inp, &rows)?])),
        Box::new(|| super::overview::people(&out, inp, &rows)),
        Box::new(|| Ok(vec![super::search::index(&place.prefix, done.iter().map(|d| d.search.as_str()))])),
        Box::new(|| {
            let mut files = Vec::new();
            for (template, path) in [("search.html", "search/index.html"), ("404.html", "404.html")] {
                files.push(out.render(template, path, &out.ctx(path))?);
            }
            if let Some(base) = inp.config.site.base_url.as_deref().filter(|_| place.release.is_none()) {
                let mut urls: Vec<String> =
                    vec!["index.html".into(), "reviews/index.html".into(), "controls/index.html".into()];
                urls.extend(done.iter().map(|d| d.row.page.clone()));
                urls.extend(groups.iter().map(|g| g.page.clone()));
                let base = base.trim_end_matches('/');
                let mut ctx = tera::Context::new();
                ctx.insert("urls", &urls.iter().map(|u| format!("{base}/{u}")).collect::<Vec<_>>());
                let xml = tera
                    .render("sitemap.xml", &ctx)
                    .map_err(|e| anyhow::anyhow!("{}", super::templates::chain(&e)))?;
                files.push(Output::Bytes { path: "sitemap.xml".into(), bytes: xml.into_bytes() });
            }
            if place.release.is_none() {
                let items: Vec<&super::feed::Item> = done.iter().flat_map(|d| &d.feed).collect();
                let feed = super::feed::atom(inp, &items);
                files.push(Output::Bytes { path: "feed.xml".into(), bytes: feed.into_bytes() });
            }
            for (path, text) in super::templates::THEME {
                let path = format!("{}{path}", place.prefix);
                files.push(Output::Bytes { path, bytes: text.as_bytes().to_vec() });
            }
            let css = super::highlight::css().into_bytes();
            files.push(Output::Bytes { path: format!("{}assets/highlight.css", place.prefix), bytes: css });
            Ok(files)
        }),
    ];
    let made: Vec<Vec<Output>> = jobs.par_iter().map(|job| job()).collect::<Result<_>>()?;
    for file in made.into_iter().flatten() {
        sink.put(file)?;
    }
    // Linked files last: a file the site generates itself wins over a copy of the same name.
    if place.release.is_none() {
        let assets: BTreeSet<&String> = done.iter().flat_map(|d| &d.assets).collect();
        for a in assets.into_iter().filter(|a| !pages.contains_key(*a)) {
            sink.put(Output::Copy { path: a.clone() })?;
        }
    }
    Ok(())
}

fn counts<'a>(badges: impl Iterator<Item = &'a Badge>) -> Vec<Count> {
    let mut by_label: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    for b in badges {
        *by_label.entry((b.class, b.label.clone())).or_default() += 1;
    }
    by_label
        .into_iter()
        .map(|((class, label), count)| Count { badge: Badge { label, class }, count })
        .collect()
}
