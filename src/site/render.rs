//! Stage 4: every page of the site as bytes in memory, from the library and its findings. Pure:
//! the only input is what it is given; files to copy are named, not read.

use super::markdown::{self, Links};
use super::paths;
use super::view::{self, Badge, DocView, Inputs};
use crate::finding::Finding;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Rendered content.
    Bytes { path: String, bytes: Vec<u8> },
    /// A file of the repository the documents link to (an image, a PDF), copied as it is.
    Copy { path: String },
}

impl Output {
    pub fn path(&self) -> &str {
        match self {
            Output::Bytes { path, .. } | Output::Copy { path } => path,
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
struct NavItem {
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

/// Folders of the site that are not documents' pages.
const RESERVED: &[&str] = &["assets", "collections", "report"];

pub fn render(inp: &Inputs, findings: &[Finding], tera: &tera::Tera) -> Result<Vec<Output>> {
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
    base.insert(
        "site",
        &SiteView {
            title: &site.title,
            description: site.description.as_deref().unwrap_or(""),
            language: &site.language,
        },
    );
    base.insert("today", &inp.today.to_string());
    base.insert("charta_version", env!("CARGO_PKG_VERSION"));

    // Documents, in parallel: rendering Markdown and highlighting code is most of the work.
    let rendered: Vec<(DocView, String, markdown::Rendered)> = inp
        .library
        .documents
        .par_iter()
        .map(|doc| {
            let page = &pages[&doc.path];
            let no_findings = Vec::new();
            let doc_findings = by_path.get(doc.path.as_str()).unwrap_or(&no_findings);
            let view = view::document(inp, doc, page, doc_findings);
            let links = Links { source: &doc.path, page, pages: &pages, title: &view.title };
            let body = markdown::render(&doc.body, &links);
            (view, page.clone(), body)
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
    for (doc, (view, _, _)) in inp.library.documents.iter().zip(&rendered) {
        if let Some(g) = groups.get_mut(doc.collection) {
            g.docs.push(view.clone());
        }
    }
    for g in &mut groups {
        g.docs.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.source.cmp(&b.source)));
    }
    let nav: Vec<NavItem> = groups.iter().map(|g| NavItem { docs: Vec::new(), ..g.clone() }).collect();
    base.insert("nav", &nav);

    let page_ctx = |path: &str| {
        let mut ctx = base.clone();
        ctx.insert("root", &paths::root_prefix(path));
        ctx
    };
    let render_page = |template: &str, path: &str, ctx: &tera::Context| -> Result<Output> {
        let html = tera
            .render(template, ctx)
            .map_err(|e| anyhow::anyhow!("{}", super::templates::chain(&e)))
            .with_context(|| format!("cannot render {path} with the template {template}"))?;
        Ok(Output::Bytes { path: path.to_owned(), bytes: html.into_bytes() })
    };

    let mut outputs: Vec<Output> = rendered
        .par_iter()
        .map(|(view, page, body)| {
            let mut ctx = page_ctx(page);
            ctx.insert("doc", view);
            ctx.insert("body", &body.html);
            ctx.insert(
                "toc",
                &body.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect::<Vec<_>>(),
            );
            render_page("document.html", page, &ctx)
        })
        .collect::<Result<_>>()?;

    for g in &groups {
        let mut ctx = page_ctx(&g.page);
        ctx.insert("collection", g);
        outputs.push(render_page("collection.html", &g.page, &ctx)?);
    }
    let report_page = "report/index.html";
    let mut ctx = page_ctx(report_page);
    let docs: BTreeMap<&str, (String, &str)> =
        inp.library.documents.iter().map(|d| (d.path.as_str(), (d.id(), pages[&d.path].as_str()))).collect();
    ctx.insert("rules", &report_rules(findings, &docs));
    ctx.insert("total", &findings.len());
    ctx.insert("waived", &findings.iter().filter(|f| f.waived.is_some()).count());
    outputs.push(render_page("report.html", report_page, &ctx)?);

    let mut ctx = page_ctx("index.html");
    ctx.insert("groups", &groups);
    ctx.insert("counts", &counts(rendered.iter().map(|(v, _, _)| &v.badge)));
    ctx.insert("findings_total", &findings.len());
    outputs.push(render_page("index.html", "index.html", &ctx)?);

    for (path, text) in super::templates::THEME {
        outputs.push(Output::Bytes { path: (*path).to_owned(), bytes: text.as_bytes().to_vec() });
    }
    outputs.push(Output::Bytes {
        path: "assets/highlight.css".into(),
        bytes: super::highlight::css().into_bytes(),
    });
    let assets: std::collections::BTreeSet<&String> =
        rendered.iter().flat_map(|(_, _, b)| &b.assets).collect();
    outputs.extend(
        assets.into_iter().filter(|a| !pages.contains_key(*a)).map(|a| Output::Copy { path: a.clone() }),
    );
    outputs.sort_by(|a, b| a.path().cmp(b.path()));
    outputs.dedup_by(|a, b| a.path() == b.path());
    Ok(outputs)
}

#[derive(Serialize)]
struct RuleFindings {
    id: &'static str,
    summary: &'static str,
    fix: &'static str,
    findings: Vec<ReportRow>,
}

#[derive(Serialize)]
struct ReportRow {
    severity: &'static str,
    document: String,
    page: Option<String>,
    location: String,
    message: String,
    waived: Option<String>,
}

/// Every finding, by rule in catalogue order, then by document.
fn report_rules(findings: &[Finding], docs: &BTreeMap<&str, (String, &str)>) -> Vec<RuleFindings> {
    crate::finding::Rule::ALL
        .iter()
        .filter_map(|rule| {
            let rows: Vec<ReportRow> = findings
                .iter()
                .filter(|f| f.rule == *rule)
                .map(|f| {
                    let doc = docs.get(f.path.as_str());
                    ReportRow {
                        severity: f.severity.as_str(),
                        document: doc.map_or_else(|| f.path.clone(), |(id, _)| id.clone()),
                        page: doc.map(|(_, page)| (*page).to_owned()),
                        location: format!("{}:{}:{}", f.path, f.span.line, f.span.col),
                        message: f.message.clone(),
                        waived: f.waived.clone(),
                    }
                })
                .collect();
            (!rows.is_empty()).then(|| RuleFindings {
                id: rule.id(),
                summary: rule.summary(),
                fix: rule.fix(),
                findings: rows,
            })
        })
        .collect()
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
