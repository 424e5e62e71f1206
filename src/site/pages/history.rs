//! Stage 4: a document's past versions: the list on its page, an archived page per superseded
//! version (with a banner), and a redline page per consecutive pair.

use crate::document::Document;
use crate::history::History;
use crate::roster::Roster;
use crate::site::context::Pages;
use crate::site::diff::{self, FieldChange};
use crate::site::file::Output;
use crate::site::inputs::Inputs;
use crate::site::markdown::{self, Links};
use crate::site::paths;
use crate::site::view::{self, Badge, CommitRef, VersionView};
use crate::timeline::Timeline;
use crate::versions::{self, Version};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// A superseded version, rendered as a page of its own.
pub struct Archived {
    pub page: String,
    pub doc: Document,
    pub superseded_by: String,
}

/// A redline between two consecutive versions.
#[derive(Serialize)]
pub struct Redline {
    #[serde(skip)]
    pub page: String,
    pub from: String,
    pub to: String,
    pub from_page: String,
    pub to_page: String,
    pub date: String,
    /// Who made the commit, as git records it: "committed by", never the change's author.
    pub author: String,
    /// Who wrote the change: the author of the new version's revision entry, as the roster
    /// names them ("" when it records none).
    pub changed_by: String,
    pub commit: String,
    pub summary: String,
    /// Every commit whose changes it shows, oldest first: from the one after the last commit
    /// of the version before to the last commit of this one.
    pub spans: Vec<SpanCommit>,
    pub fields: Vec<FieldChange>,
    pub body: String,
}

/// A commit a redline spans, as its page lists it.
#[derive(Serialize)]
pub struct SpanCommit {
    pub commit: String,
    pub date: String,
    pub author: String,
    pub summary: String,
}

pub struct Plan {
    pub list: Vec<VersionView>,
    pub archived: Vec<Archived>,
    pub redlines: Vec<Redline>,
}

/// The folder of a version's pages, beside the document's page: `v` and the label, or where
/// another document's page lies there (`sop/a/v1.0.md` beside `sop/a.md` at version 1.0), that
/// with `-version` added, so that neither stops the build.
fn version_dir(doc_page: &str, label: &str, pages: &paths::PageFiles) -> String {
    let dir = doc_page.trim_end_matches("index.html").trim_end_matches('/');
    let folder = format!("{dir}/{}", paths::segment(&format!("v{label}")));
    if pages.under(&folder) { format!("{folder}-version") } else { folder }
}

/// Plan the version pages of `doc` (its current page at `page`), from its history and timeline;
/// the newest `max` versions.
pub fn plan(
    doc: &Document,
    page: &str,
    pages: &paths::PageFiles,
    (history, timeline): (&History, &Timeline),
    roster: &Roster,
    max: usize,
    (working, working_blob): (&str, crate::history::BlobId),
) -> anyhow::Result<Plan> {
    let mut all: Vec<Version> = versions::of(doc, timeline, history, working, working_blob);
    let current_label = doc.meta.version.as_ref().map(|v| v.value.clone());
    let skip = all.len().saturating_sub(max);
    let mut plan = Plan { list: Vec::new(), archived: Vec::new(), redlines: Vec::new() };
    let count = all.len();
    let last = count.saturating_sub(1);
    // Each version's text is parsed at most once, and only when a page shows more of it than
    // the working copy's document already says: a redline on either side, an archived page, or
    // a committed text that is not the working copy's.
    let parse = |text: &str| Document::parse(&doc.path, doc.collection, text.to_owned());
    // The version before, its page, and its document if it was parsed.
    let mut previous: Option<(Version, String, Option<Document>)> = None;
    for (i, v) in all.drain(..).enumerate() {
        let is_current = i == last && current_label.as_deref().is_none_or(|c| c == v.label);
        let listed = i >= skip;
        let next_redline = i + 1 < count && i + 1 >= skip;
        let mut vdoc: Option<Document> = None;
        let commit = &history.commits[v.first];
        let this_page = if is_current {
            page.to_owned()
        } else {
            format!("{}/index.html", version_dir(page, &v.label, pages))
        };
        let mut diff_page = None;
        if let Some((prev, prev_page, pdoc)) = previous.take().filter(|_| listed) {
            let pdoc = pdoc.unwrap_or_else(|| parse(&prev.text));
            let vdoc = vdoc.get_or_insert_with(|| parse(&v.text));
            let path = format!("{}/diff/index.html", version_dir(page, &v.label, pages));
            plan.redlines.push(Redline {
                page: path.clone(),
                from: prev.label.clone(),
                to: v.label.clone(),
                from_page: prev_page,
                to_page: this_page.clone(),
                date: commit.date.to_string(),
                author: commit.author.clone(),
                changed_by: entry_authors(roster, vdoc, &v.label),
                commit: commit.short().to_owned(),
                summary: commit.summary.clone(),
                spans: timeline
                    .steps
                    .iter()
                    .filter(|s| s.blob.is_some() && s.commit > prev.last && s.commit <= v.last)
                    .map(|s| {
                        let c = &history.commits[s.commit];
                        SpanCommit {
                            commit: c.short().to_owned(),
                            date: c.date.to_string(),
                            author: c.author.clone(),
                            summary: c.summary.clone(),
                        }
                    })
                    .collect(),
                fields: diff::field_changes(&pdoc, vdoc),
                body: diff::body_html(pdoc.body().trim(), vdoc.body().trim()),
            });
            diff_page = Some(path);
        }
        if listed {
            if vdoc.is_none() && !doc.is_text(&v.text) {
                vdoc = Some(parse(&v.text));
            }
            // No document of its own: the text is the working copy's.
            let m = &vdoc.as_ref().unwrap_or(doc).meta;
            let commits = timeline
                .steps
                .iter()
                .filter(|s| s.blob.is_some() && (v.first..=v.last).contains(&s.commit))
                .map(|s| {
                    let c = &history.commits[s.commit];
                    CommitRef { id: c.id.clone(), date: c.date.to_string(), author: c.author.clone() }
                })
                .collect();
            plan.list.push(VersionView {
                in_force_from: in_force_from(m, Some(commit.date)),
                in_force_to: None,
                commits,
                approver_names: m
                    .approvers
                    .iter()
                    .map(|a| crate::site::view::person(roster, &a.value).name)
                    .collect(),
                label: v.label.clone(),
                date: commit.date.to_string(),
                author: roster
                    .person(&commit.email)
                    .or(roster.person(&commit.author))
                    .map_or_else(|| commit.author.clone(), |p| p.name.clone()),
                commit: commit.short().to_owned(),
                later: (v.last != v.first).then(|| {
                    let c = &history.commits[v.last];
                    format!("{} {} by {}", c.date, c.short(), c.author)
                }),
                approvers: names(roster, &m.approvers),
                approved: m.approval_date.as_ref().map(|d| d.value.to_string()).unwrap_or_default(),
                page: this_page.clone(),
                diff: diff_page,
                current: is_current,
            });
            if !is_current {
                let superseded_by = current_label.clone().unwrap_or_else(|| "the current version".to_owned());
                // The next version's redline reads this document too.
                let archived = if next_redline {
                    vdoc.get_or_insert_with(|| parse(&v.text)).clone()
                } else {
                    vdoc.take().unwrap_or_else(|| parse(&v.text))
                };
                plan.archived.push(Archived { page: this_page.clone(), doc: archived, superseded_by });
            }
        }
        previous = Some((v, this_page, vdoc));
    }
    plan.list.reverse();
    if !plan.list.iter().any(|v| v.current) && !plan.list.is_empty() {
        // The working copy has a version no commit holds yet.
        plan.list.insert(0, working_version(doc, page, roster, "not committed"));
    }
    in_force_to(&mut plan.list);
    Ok(plan)
}

/// The document's version as its working copy states it, at `page`, with `commit` said of it.
pub fn working_version(doc: &Document, page: &str, roster: &Roster, commit: &str) -> VersionView {
    let m = &doc.meta;
    VersionView {
        label: m.version.as_ref().map_or_else(|| "working copy".to_owned(), |v| v.value.clone()),
        date: String::new(),
        author: String::new(),
        commit: commit.to_owned(),
        later: None,
        approvers: names(roster, &m.approvers),
        approved: m.approval_date.as_ref().map(|d| d.value.to_string()).unwrap_or_default(),
        page: page.to_owned(),
        diff: None,
        current: true,
        in_force_from: in_force_from(m, None),
        in_force_to: None,
        commits: Vec::new(),
        approver_names: m
            .approvers
            .iter()
            .map(|a| crate::site::view::person(roster, &a.value).name)
            .collect(),
    }
}

/// The first day a version whose front matter is `m`, first committed on `committed`, was in
/// force: its effective date, else its approval date, else that day; None when it never was (a
/// draft, or a version in review).
pub fn in_force_from(m: &crate::document::Meta, committed: Option<jiff::civil::Date>) -> Option<String> {
    use crate::document::Status;
    if m.status.as_ref().is_some_and(|s| matches!(s.value, Status::Draft | Status::Review)) {
        return None;
    }
    let day = m.effective_date.as_ref().or(m.approval_date.as_ref()).map(|d| d.value).or(committed)?;
    Some(day.to_string())
}

/// Each version's last day in force (`list`, newest first): the day before the next version in
/// force took over, never before its own first day; the newest in force has none.
fn in_force_to(list: &mut [VersionView]) {
    let mut next: Option<jiff::civil::Date> = None;
    for v in list.iter_mut() {
        let Some(from) = v.in_force_from.as_deref().and_then(|d| d.parse::<jiff::civil::Date>().ok()) else {
            continue;
        };
        v.in_force_to = next.map(|n| n.yesterday().unwrap_or(n).max(from).to_string());
        next = Some(from);
    }
}

/// Who wrote version `label` of `doc`: the authors of its revision entries for that version
/// that record a change, as the roster names them, comma-separated.
fn entry_authors(roster: &Roster, doc: &Document, label: &str) -> String {
    let mut names: Vec<String> = doc
        .meta
        .revisions
        .iter()
        .filter(|r| r.kind == crate::document::RevisionType::Change)
        .filter(|r| r.version.as_ref().is_some_and(|v| v.value == label))
        .filter_map(|r| r.author.as_ref())
        .flat_map(|a| {
            a.value.split(", ").map(|n| crate::site::view::person(roster, n).name).collect::<Vec<_>>()
        })
        .collect();
    names.dedup();
    names.join(", ")
}

/// People as the roster names them, comma-separated.
fn names(roster: &Roster, people: &[crate::source::Spanned<String>]) -> String {
    people.iter().map(|a| crate::site::view::person(roster, &a.value).name).collect::<Vec<_>>().join(", ")
}

/// The archived page of each superseded version and the redline of each change in `plan`.
pub(in crate::site) fn pages(
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
        // Only the current version can be due for review: a superseded one is said to be.
        view.badge = Badge { label: "Superseded".to_owned(), class: "retired".to_owned() };
        view.next_review = String::new();
        let listed = plan.list.iter().find(|v| v.page == a.page);
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
        let from = listed.and_then(|v| v.in_force_from.as_deref()).unwrap_or("");
        let to = listed.and_then(|v| v.in_force_to.as_deref()).unwrap_or("");
        ctx.insert(
            "superseded",
            &BTreeMap::from([
                ("by", a.superseded_by.as_str()),
                ("current", current.as_str()),
                ("from", from),
                ("to", to),
            ]),
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
