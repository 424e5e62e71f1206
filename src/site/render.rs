//! Stage 4: every page of the site as bytes in memory, from the library and its findings. Pure:
//! the only input is what it is given; files to copy are named, not read.

use super::markdown::{self, Links};
use super::view::{self, Badge, DocView, Inputs};
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
    docs: Vec<DocView>,
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

pub fn render(
    inp: &Inputs,
    findings: &[Finding],
    tera: &tera::Tera,
    place: &Placement,
) -> Result<Vec<Output>> {
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

    // Documents, in parallel: rendering Markdown and highlighting code is most of the work.
    let docs: Vec<(DocView, markdown::Rendered, Option<versions::Plan>)> = inp
        .library
        .documents
        .par_iter()
        .map(|doc| {
            let page = &pages[&doc.path];
            let doc_findings = by_path.get(doc.path.as_str()).map_or(&[][..], Vec::as_slice);
            let mut view = view::document(inp, doc, page, doc_findings);
            let links = Links { source: &doc.path, page, pages: &pages, title: &view.title };
            let body = markdown::render(&doc.body, &links);
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
            (view, body, plan)
        })
        .collect();

    let mut groups: Vec<NavItem> = inp
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
            docs: Vec::new(),
        })
        .collect();
    for (doc, (view, _, _)) in inp.library.documents.iter().zip(&docs) {
        if let Some(g) = groups.get_mut(doc.collection) {
            g.docs.push(view.clone());
        }
    }
    for g in &mut groups {
        g.docs.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.source.cmp(&b.source)));
    }
    let nav: Vec<NavItem> = groups.iter().map(|g| NavItem { docs: Vec::new(), ..g.clone() }).collect();
    base.insert("nav", &nav);
    let out = Pages { tera, base, prefix: &place.prefix };

    let per_doc: Vec<Vec<Output>> = docs
        .par_iter()
        .zip(&inp.library.documents)
        .map(|((view, body, plan), doc)| -> Result<Vec<Output>> {
            let mut files = Vec::new();
            let mut ctx = out.ctx(&view.page);
            ctx.insert("doc", view);
            ctx.insert("body", &body.html);
            ctx.insert(
                "toc",
                &body.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect::<Vec<_>>(),
            );
            files.push(out.render("document.html", &view.page, &ctx)?);
            if let Some(plan) = plan {
                files.extend(super::pages::versions(inp, &out, doc, plan, &pages)?);
            }
            Ok(files)
        })
        .collect::<Result<_>>()?;
    let mut outputs: Vec<Output> = per_doc.into_iter().flatten().collect();

    for g in &groups {
        let mut ctx = out.ctx(&g.page);
        ctx.insert("collection", g);
        outputs.push(out.render("collection.html", &g.page, &ctx)?);
    }
    outputs.push(report_page::render(&out, inp, findings, &pages)?);
    let views: BTreeMap<&str, &DocView> = docs.iter().map(|(v, _, _)| (v.source.as_str(), v)).collect();
    outputs.extend(super::overview::reviews(&out, inp, &views)?);
    outputs.push(super::overview::controls(&out, inp, &views)?);
    outputs.extend(super::overview::people(&out, inp, &views)?);
    let words: Vec<(&DocView, &[String])> = docs.iter().map(|(v, b, _)| (v, b.words.as_slice())).collect();
    outputs.push(super::search::index(&place.prefix, &words));
    for (template, path) in [("search.html", "search/index.html"), ("404.html", "404.html")] {
        outputs.push(out.render(template, path, &out.ctx(path))?);
    }
    if let Some(base) = inp.config.site.base_url.as_deref().filter(|_| place.release.is_none()) {
        let mut urls: Vec<String> =
            vec!["index.html".into(), "reviews/index.html".into(), "controls/index.html".into()];
        urls.extend(docs.iter().map(|(v, _, _)| v.page.clone()));
        urls.extend(groups.iter().map(|g| g.page.clone()));
        let base = base.trim_end_matches('/');
        let mut ctx = tera::Context::new();
        ctx.insert("urls", &urls.iter().map(|u| format!("{base}/{u}")).collect::<Vec<_>>());
        let xml = tera
            .render("sitemap.xml", &ctx)
            .map_err(|e| anyhow::anyhow!("{}", super::templates::chain(&e)))?;
        outputs.push(Output::Bytes { path: "sitemap.xml".into(), bytes: xml.into_bytes() });
    }
    let mut ctx = out.ctx("index.html");
    ctx.insert("groups", &groups);
    ctx.insert("counts", &counts(docs.iter().map(|(v, _, _)| &v.badge)));
    ctx.insert("findings_total", &findings.len());
    outputs.push(out.render("index.html", "index.html", &ctx)?);
    if place.release.is_none() {
        let items: Vec<super::feed::Item> =
            docs.iter().flat_map(|(v, _, plan)| super::feed::items(v, plan.as_ref())).collect();
        let feed = super::feed::atom(inp, &items);
        outputs.push(Output::Bytes { path: "feed.xml".into(), bytes: feed.into_bytes() });
    }

    for (path, text) in super::templates::THEME {
        outputs
            .push(Output::Bytes { path: format!("{}{path}", place.prefix), bytes: text.as_bytes().to_vec() });
    }
    let css = super::highlight::css().into_bytes();
    outputs.push(Output::Bytes { path: format!("{}assets/highlight.css", place.prefix), bytes: css });
    if place.release.is_none() {
        let assets: BTreeSet<&String> = docs.iter().flat_map(|(_, b, _)| &b.assets).collect();
        outputs.extend(
            assets.into_iter().filter(|a| !pages.contains_key(*a)).map(|a| Output::Copy { path: a.clone() }),
        );
    }
    outputs.sort_by(|a, b| a.path().cmp(b.path()));
    outputs.dedup_by(|a, b| a.path() == b.path());
    Ok(outputs)
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
