//! Stage 4: a site's pages on request, handed out through an [`Emit`]: a document's (its page,
//! past versions and redlines), or the pages that list documents. Pure: values in, files out.
//! Which pages are made again and which are taken from the last build is the output layer's
//! choice (`crate::output::units`).

use super::context::Site;
use super::file::{Emit, Output};
use super::pages::document::{self, Done};
use super::pages::{
    Listed, controls, feed, people, register, register_json, removed, report, reviews, search, sitemap, theme,
};
use super::view::{DocLink, Row};
use anyhow::{Context as _, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

impl Site<'_> {
    /// Document `index`'s pages from its `text` (the text that was checked), into `emit`; what
    /// the listing pages need of it is returned.
    pub fn document(&self, index: usize, text: String, emit: Emit) -> Result<Done> {
        let doc = &self.documents()[index];
        let approvals = self.inp.approvals.get(index).map_or(&[][..], Vec::as_slice);
        document::render(
            self,
            doc,
            (self.inp.timelines.get(index), approvals),
            text,
            self.findings_of(doc),
            emit,
        )
    }

    /// The pages that list documents and need only their rows (every one but the search index
    /// and the feed), into `emit`. Runs beside the rendering of the documents.
    pub fn listing(&self, rows: &[Row], emit: Emit) -> Result<()> {
        let (inp, out) = (self.inp, &self.out);
        let listed: Vec<Listed> = rows
            .iter()
            .map(|row| Listed { row, link: tera::Value::from_serializable(&DocLink::from(row)) })
            .collect();
        let documents = self.documents();
        let by_source: BTreeMap<&str, &Listed> = listed.iter().map(|l| (l.row.source.as_str(), l)).collect();
        let base_url = inp.config.site.base_url.as_deref().filter(|_| self.place.release.is_none());
        // `[site] noindex`: no sitemap offers the pages to search engines.
        let sitemap_base = base_url.filter(|_| !inp.config.site.noindex);

        let views = self
            .place
            .release
            .is_none()
            .then(|| register::Views { releases: inp.history.is_some_and(|h| !h.releases.is_empty()) });
        // The pages that look across documents, one job per kind of page.
        let jobs: Vec<Box<dyn Fn() -> Result<()> + Sync + '_>> = vec![
            Box::new(|| {
                // The rows as template values, made here and dropped with the register's pages,
                // which alone read them (made for every job and held beside them all, they and
                // the links took 27 MB at 10,000 documents).
                let groups = register::groups(&self.nav, rows, |i| documents[i].collection);
                register::pages(out, (&groups, rows), self.findings.len(), views, emit)
            }),
            // `[site] findings = "hidden"`: the site publishes no findings, so no page of them.
            Box::new(|| match inp.config.site.findings {
                crate::config::FindingsShown::Hidden => Ok(()),
                _ => emit(report::render(out, inp, self.findings, &self.pages)?),
            }),
            Box::new(|| reviews::reviews(out, inp, &by_source, emit)),
            Box::new(|| controls::controls(out, inp, &by_source, emit)),
            Box::new(|| people::people(out, inp, &by_source, emit)),
            Box::new(|| {
                theme::files(out)?.into_iter().try_for_each(emit)?;
                if let Some(base) = sitemap_base {
                    // A document's page changed last when git last changed its file (rows are in
                    // the library's order, as timelines are): the commit's date, or a later one
                    // its history shows (a back-dated commit after a newer one). Not in a shallow
                    // clone, whose first commit seems to change every file; a listing page has
                    // no such date.
                    let changed = |i: usize| {
                        let history = inp.history.filter(|h| !h.incomplete())?;
                        let step = inp.timelines.get(i)?.steps.last()?;
                        Some(history.commits.get(step.commit)?.not_before.to_string())
                    };
                    let pages = rows
                        .iter()
                        .enumerate()
                        .map(|(i, r)| (r.page.clone(), changed(i)))
                        .chain(self.nav.iter().map(|n| (n.page.clone(), None)));
                    emit(sitemap::page(out, base, pages)?)?;
                }
                Ok(())
            }),
        ];
        // Two lanes of jobs, one per thread, each page written as soon as it is made. In a
        // cold build the documents' pages keep both threads busy and this changes little; in a
        // rebuild after one edit these pages are most of the work. Each job holds the template
        // values of the rows it lists and of its pages, so which jobs meet decides the peak
        // memory: fixed lanes make it the same on every run (with any two jobs at a time it
        // varied by 15 MB at 10,000 documents). The lanes are about even in time: reviews then
        // register (0.20 s at 10,000 documents) beside people, controls, report and theme
        // (0.22 s). Every job runs to its end, and the first failure in job order is the one
        // returned: the same error on every run.
        let lane =
            |order: &[usize]| -> Vec<(usize, Result<()>)> { order.iter().map(|&i| (i, jobs[i]())).collect() };
        let (a, b) = rayon::join(|| lane(&[2, 0]), || lane(&[4, 3, 1, 5]));
        let mut done: Vec<(usize, Result<()>)> = a.into_iter().chain(b).collect();
        done.sort_by_key(|(i, _)| *i);
        done.into_iter().try_for_each(|(_, r)| r)
    }

    /// The releases page and what changed since and in each release (current site only, with
    /// releases), into `emit`; `texts` gives a current document's text. A redline the caller
    /// can take from the last build (`taken`) is not made again.
    pub fn changes(&self, texts: super::Texts, emit: Emit, taken: super::Taken) -> Result<()> {
        super::pages::releases::pages(self, texts, emit, taken)
    }

    /// The search index, `register.json` and the feed, from what each document's pages gave,
    /// with the pages of the documents removed from the repository, into `emit`.
    pub fn index_and_feed(&self, done: &[&Done], emit: Emit) -> Result<()> {
        // The search index beside the rest: each is a walk over every document on one thread.
        let index = || {
            let build =
                search::index(&self.place.prefix, &done.iter().map(|d| &d.search).collect::<Vec<_>>(), emit)?;
            // The search page loads the index of this build.
            let mut ctx = self.out.ctx("search/index.html");
            ctx.insert("search_build", &build);
            emit(self.out.render("search.html", "search/index.html", &ctx)?)
        };
        let (index, rest) = rayon::join(index, || {
            let removed = removed::pages(self, emit)?;
            self.register_and_feed(done, &removed, emit)
        });
        index.and(rest)
    }

    /// `register.json` and, for the current site, the as-of register's data and the feed;
    /// `removed` holds the entries of the documents removed from the repository.
    fn register_and_feed(&self, done: &[&Done], removed: &[Arc<str>], emit: Emit) -> Result<()> {
        emit(register_json::file(
            &self.place.prefix,
            done.iter().map(|d| Arc::clone(&d.register)).collect(),
            removed,
        ))?;
        if self.place.release.is_none() {
            // The as-of register's data: register.json as a script, which file:// pages load.
            emit(Output::Joined {
                path: "as-of/register.js".into(),
                open: "window.CHARTA_REGISTER = {\"documents\":[".into(),
                parts: done.iter().map(|d| Arc::clone(&d.register)).collect(),
                close: register_json::removed_then_close(removed, "]};\n"),
            })?;
            let items: Vec<feed::Item> = done.iter().flat_map(|d| d.feed.each()).collect();
            let feed = feed::atom(self.inp, &items);
            emit(Output::Bytes { path: "feed.xml".into(), bytes: feed.into_bytes() })?;
        }
        Ok(())
    }

    /// Files of the repository the documents link to, to be copied beside the pages: only
    /// those the analysis found publishable (for a release, those of its tree), never a hidden,
    /// ignored or missing one, whatever the link says (`../.git/config`), and none where the
    /// site has a page.
    pub fn assets<'d>(&self, done: impl Iterator<Item = &'d Done>) -> BTreeSet<&'d String> {
        // Where the site has a page, a linked file of the same name cannot be: the page wins (a
        // file `guide` linked beside a document `guide.md`, whose page is in `guide/`). So does
        // a release snapshot's file.
        done.flat_map(|d| &d.assets)
            .filter(|a| !self.pages.contains_key(*a) && self.inp.files.contains(*a))
            .filter(|a| {
                let name = crate::links::published_name(a);
                !self.page_files.under(&name) && !super::context::in_a_snapshot(self.place, &name)
            })
            .collect()
    }

    /// The file of the site that publishes the linked file `asset` at `path`: a copy of the
    /// working tree's file, or for a release the file as its tree holds it.
    pub fn asset(&self, asset: &str, path: String) -> Result<Output> {
        let Some((history, files)) = self.inp.tree else {
            return Ok(Output::Copy { source: asset.to_owned(), path });
        };
        let blob = files.get(asset).with_context(|| format!("{asset} is not in the release's tree"))?;
        Ok(Output::Bytes { path: format!("{}{path}", self.place.prefix), bytes: history.bytes(*blob)? })
    }

    /// The files `[site]` publishes as they are, by site path: none in a release snapshot, and
    /// none where the site's own pages stand (see `Site::new`).
    pub fn published(&self) -> &BTreeMap<String, String> {
        &self.published
    }
}
