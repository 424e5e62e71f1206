//! Stage 4: the pages that look across documents: the register, collection pages, findings
//! report, reviews and their calendar, the control matrix, people, sitemap and the theme's files
//! (from the documents' rows, while their own pages are rendered), then the search index and the
//! feed (once every document's body and history has been read).

use super::documents::Done;
use super::file::{Emit, Output};
use super::render::Site;
use super::view::{Badge, DocLink, Row};
use super::{feed, highlight, overview, report_page, search, templates};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A collection as the register and its own page show it.
#[derive(Serialize)]
struct Group {
    title: String,
    page: String,
    path: String,
    /// Each a [`Row`], as a template value.
    docs: Vec<tera::Value>,
}

/// A document's row as the listing pages' templates get it, made into template values once:
/// the register, reviews, controls and people pages name each document many times over, and a
/// template value is shared, not copied, wherever it is put.
pub(super) struct Listed<'a> {
    pub row: &'a Row,
    /// The [`Row`].
    pub value: tera::Value,
    /// Its [`DocLink`].
    pub link: tera::Value,
}

#[derive(Serialize)]
struct Count {
    badge: Badge,
    count: usize,
}

/// The listing pages made from the documents' rows alone (every one but the search index and
/// the feed), into `emit`. Runs beside the rendering of the documents.
pub(super) fn from_rows(site: &Site, rows: &[Row], emit: Emit) -> Result<()> {
    let (inp, out, findings, nav, place) = (site.inp, &site.out, site.findings, &site.nav, site.place);
    let listed: Vec<Listed> = rows
        .iter()
        .map(|row| Listed {
            row,
            value: tera::Value::from_serializable(row),
            link: tera::Value::from_serializable(&DocLink::from(row)),
        })
        .collect();
    let mut members: Vec<Vec<&Listed>> = nav.iter().map(|_| Vec::new()).collect();
    for (doc, l) in inp.library.documents.iter().zip(&listed) {
        if let Some(m) = members.get_mut(doc.collection) {
            m.push(l);
        }
    }
    let groups: Vec<Group> = nav
        .iter()
        .zip(members)
        .map(|(n, mut m)| {
            m.sort_by(|a, b| a.row.id.cmp(&b.row.id).then_with(|| a.row.source.cmp(&b.row.source)));
            Group {
                title: n.title.clone(),
                page: n.page.clone(),
                path: n.path.clone(),
                docs: m.into_iter().map(|l| l.value.clone()).collect(),
            }
        })
        .collect();
    let by_source: BTreeMap<&str, &Listed> = listed.iter().map(|l| (l.row.source.as_str(), l)).collect();

    // The pages that look across documents, one job per kind of page.
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
            ctx.insert("counts", &counts(rows.iter().map(|r| &r.badge)));
            ctx.insert("findings_total", &findings.len());
            files.push(out.render("index.html", "index.html", &ctx)?);
            Ok(files)
        }),
        Box::new(|| Ok(vec![report_page::render(out, inp, findings, &site.pages)?])),
        Box::new(|| overview::reviews(out, inp, &by_source)),
        Box::new(|| Ok(vec![overview::controls(out, inp, &by_source)?])),
        Box::new(|| overview::people(out, inp, &by_source)),
        Box::new(|| {
            let mut files = Vec::new();
            for (template, path) in [("search.html", "search/index.html"), ("404.html", "404.html")] {
                files.push(out.render(template, path, &out.ctx(path))?);
            }
            if let Some(base) = inp.config.site.base_url.as_deref().filter(|_| place.release.is_none()) {
                let mut urls: Vec<String> =
                    vec!["index.html".into(), "reviews/index.html".into(), "controls/index.html".into()];
                urls.extend(rows.iter().map(|r| r.page.clone()));
                urls.extend(groups.iter().map(|g| g.page.clone()));
                let base = base.trim_end_matches('/');
                let mut ctx = tera::Context::new();
                ctx.insert("urls", &urls.iter().map(|u| format!("{base}/{u}")).collect::<Vec<_>>());
                let xml = out
                    .tera
                    .render("sitemap.xml", &ctx)
                    .map_err(|e| anyhow::anyhow!("{}", templates::chain(&e)))?;
                files.push(Output::Bytes { path: "sitemap.xml".into(), bytes: xml.into_bytes() });
            }
            for (path, text) in templates::THEME {
                let path = format!("{}{path}", place.prefix);
                files.push(Output::Bytes { path, bytes: text.as_bytes().to_vec() });
            }
            let css = highlight::css().into_bytes();
            files.push(Output::Bytes { path: format!("{}assets/highlight.css", place.prefix), bytes: css });
            Ok(files)
        }),
    ];
    // The jobs on rayon's threads, each page written as soon as its job is done. In a cold build
    // the documents' pages keep both threads busy and this changes nothing; in a rebuild after
    // one edit these pages are most of the work, and two jobs at a time take 11% off it (13 MB
    // more at 10,000 documents, 155 -> 169 MB). Every job runs to its end, and the first failure
    // in job order is the one returned: the same error on every run.
    let done: Vec<Result<()>> =
        jobs.par_iter().with_max_len(1).map(|job| job()?.into_iter().try_for_each(emit)).collect();
    done.into_iter().collect()
}

/// The listing pages that need what the documents' bodies and histories gave (the search index
/// and the feed), into `emit`.
pub(super) fn from_done(site: &Site, done: &[&Done], emit: Emit) -> Result<()> {
    emit(search::index(&site.place.prefix, done.iter().map(|d| d.search.as_str())))?;
    if site.place.release.is_none() {
        let items: Vec<&feed::Item> = done.iter().flat_map(|d| &d.feed).collect();
        let feed = feed::atom(site.inp, &items);
        emit(Output::Bytes { path: "feed.xml".into(), bytes: feed.into_bytes() })?;
    }
    Ok(())
}

fn counts<'a>(badges: impl Iterator<Item = &'a Badge>) -> Vec<Count> {
    let mut by_label: BTreeMap<(String, String), usize> = BTreeMap::new();
    for b in badges {
        *by_label.entry((b.class.clone(), b.label.clone())).or_default() += 1;
    }
    by_label
        .into_iter()
        .map(|((class, label), count)| Count { badge: Badge { label, class }, count })
        .collect()
}
