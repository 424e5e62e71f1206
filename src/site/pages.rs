//! Stage 4: the pages of a document's history: an archived page per superseded version, with a
//! banner, and a redline page per consecutive pair of versions.

use super::file::Output;
use super::markdown::{self, Links};
use super::render::Pages;
use super::versions::Plan;
use super::view::{self, Inputs};
use crate::document::Document;
use anyhow::Result;
use std::collections::BTreeMap;

pub(super) fn versions(
    inp: &Inputs,
    out: &Pages,
    doc: &Document,
    plan: &Plan,
    pages: &BTreeMap<String, String>,
) -> Result<Vec<Output>> {
    let mut files = Vec::new();
    let current = &pages[&doc.path];
    for a in &plan.archived {
        // An archived version is shown as it was, with its own front matter; its findings
        // belong to the current version and are not repeated.
        let mut view = view::document(inp, &a.doc, &a.page, &[]);
        view.versions.clone_from(&plan.list);
        let links = Links {
            source: &doc.path,
            page: &a.page,
            pages,
            title: &view.title,
            code: out.code,
            images: inp.images,
        };
        let body = markdown::render(a.doc.body(), &links);
        let mut ctx = out.ctx(&a.page);
        ctx.insert("doc", &view);
        ctx.insert("body", &body.html);
        ctx.insert("toc", &body.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect::<Vec<_>>());
        ctx.insert(
            "superseded",
            &BTreeMap::from([("by", a.superseded_by.as_str()), ("current", current.as_str())]),
        );
        files.push(out.render("document.html", &a.page, &ctx)?);
    }
    for r in &plan.redlines {
        let mut ctx = out.ctx(&r.page);
        ctx.insert("redline", r);
        ctx.insert("doc_id", &doc.id());
        ctx.insert("doc_title", &doc.title());
        ctx.insert("doc_page", current);
        files.push(out.render("diff.html", &r.page, &ctx)?);
    }
    Ok(files)
}
