//! Stage 4: one document's pages (its own page and, with git history, an archived page per past
//! version and a redline per change), handed to the sink as they are made, and what the pages
//! that list documents need of it.

use super::cache::{Entry, Key, Stamp};
use super::markdown::{self, Links};
use super::render::{Output, Pages, Sink, Texts};
use super::versions;
use super::view::{self, Inputs};
use crate::document::Document;
use crate::finding::Finding;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What the pages that list documents need of one's body and history, once its own pages are
/// written (its [`Row`](super::view::Row) is known before).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Done {
    pub(super) search: String,
    pub(super) feed: Vec<super::feed::Item>,
    pub(super) assets: BTreeSet<String>,
    /// The code blocks of its pages, in the code cache.
    pub code: Vec<Key>,
}

/// Hand `file` to the sink, noting its path.
pub(super) fn put(sink: &dyn Sink, files: &mut Vec<(String, Stamp)>, file: Output) -> Result<()> {
    files.push((file.path().to_owned(), Stamp::default()));
    sink.put(file)
}

/// What every document's pages are made with.
pub(super) struct Context<'a> {
    pub inp: &'a Inputs<'a>,
    pub out: &'a Pages<'a>,
    /// Source path of every document -> its page.
    pub pages: &'a BTreeMap<String, String>,
    /// The same pages, to ask whether a folder holds one.
    pub page_files: &'a super::paths::PageFiles,
    pub texts: Texts<'a>,
    pub sink: &'a dyn Sink,
}

/// Render document `index` (`doc`, whose pages are keyed `key`) with its `findings`.
pub(super) fn render(
    cx: &Context,
    index: usize,
    doc: &Document,
    key: Key,
    findings: &[&Finding],
) -> Result<Entry<Done>> {
    let (inp, out) = (cx.inp, cx.out);
    let page = &cx.pages[&doc.path];
    let mut files = Vec::new();
    let mut view = view::document(inp, doc, page, findings);
    let links = Links {
        source: &doc.path,
        page,
        pages: cx.pages,
        title: &view.title,
        code: out.code,
        images: cx.inp.images,
    };
    let text = (cx.texts)(index, doc)?;
    let body = markdown::render(text.get(doc.body_start..).unwrap_or(""), &links);
    let plan = inp
        .history
        .map(|h| {
            versions::plan(doc, page, cx.page_files, h, inp.roster, inp.config.history.max_versions, &text)
        })
        .transpose()?;
    drop(text);
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
    ctx.insert("toc", &body.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect::<Vec<_>>());
    put(cx.sink, &mut files, out.render("document.html", &view.page, &ctx)?)?;
    if let Some(plan) = &plan {
        for file in super::pages::versions(inp, out, doc, plan, cx.pages)? {
            put(cx.sink, &mut files, file)?;
        }
    }
    let data = Done {
        code: body.code,
        search: super::search::entry(&view, &body.words),
        feed: super::feed::items(&view, plan.as_ref()),
        assets: body.assets,
    };
    Ok(Entry { key, files, data })
}
