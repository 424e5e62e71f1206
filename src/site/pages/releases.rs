//! Stage 4: the releases page (`releases/index.html`: every release tag with its date, message
//! and commit) and, for each release, what changed since it (`changes/since-<tag>/`, up to the
//! working tree) and in it (`changes/in-<tag>/`, from the release before), with a redline per
//! changed document. Current site only, with git history and at least one release.

use crate::config::Config;
use crate::document::Document;
use crate::fingerprint;
use crate::frontmatter::schema::Names;
use crate::history::{History, Release};
use crate::releases::{self, Changes, Held, Summary};
use crate::site::context::{Pages, Site};
use crate::site::file::{Emit, Taken, Texts};
use crate::site::pages::redline::Redline;
use crate::site::{diff, paths};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// One side of a comparison: a release (where its snapshot's pages are), or the working tree
/// (`release: None`).
struct Set<'a> {
    release: Option<&'a Release>,
    /// The working tree's documents, whose texts `texts` gives; none for a release (its texts
    /// come from git) or for the start, before the first release.
    docs: &'a [Document],
    /// Each document as the comparison needs it, in the library's order.
    summaries: Vec<Summary>,
    /// Source path -> page, from the site's root.
    pages: BTreeMap<String, String>,
    label: String,
    /// The field names its charta.toml adds (`[fields] aliases`): how its texts are read.
    names: Names,
}

impl<'a> Set<'a> {
    /// `release`'s set, from its configuration and its documents' summaries
    /// ([`releases::summaries`]): a release's documents are compared by their summaries, and
    /// never all held at once. (At 10,000 documents a release's whole library is 45 MB; every
    /// release's was once held until every page of every release was made.) `name` is the
    /// release's folder in the site.
    fn release(release: &'a Release, name: &str, (config, summaries): (Config, Vec<Summary>)) -> Set<'a> {
        let sources: Vec<&str> = summaries.iter().map(|s| s.held.path.as_str()).collect();
        let pages = paths::assign(&sources, crate::site::context::RESERVED)
            .into_iter()
            .map(|(src, dir)| (src, format!("releases/{name}/{dir}/index.html")))
            .collect();
        Set {
            release: Some(release),
            docs: &[],
            summaries,
            pages,
            label: format!("release {}", release.name),
            names: config.fields.aliases,
        }
    }

    /// Before the first release: no documents.
    fn start() -> Set<'a> {
        Set {
            release: None,
            docs: &[],
            summaries: Vec::new(),
            pages: BTreeMap::new(),
            label: "the start".into(),
            names: Names::new(),
        }
    }
}

/// A document as a changes page lists it.
#[derive(Serialize)]
struct Item {
    id: String,
    title: String,
    old_version: String,
    new_version: String,
    old_page: String,
    new_page: String,
    redline: String,
    /// Retired in the newer set.
    retired: bool,
}

#[derive(Serialize)]
struct Listing<'a> {
    title: String,
    from: &'a str,
    to: &'a str,
    since: String,
    until: String,
    added: Vec<Item>,
    changed: Vec<Item>,
    retired: Vec<Item>,
    removed: Vec<Item>,
    reviews: Vec<Review>,
}

#[derive(Serialize)]
struct Review {
    date: String,
    id: String,
    title: String,
    by: String,
    summary: String,
    page: String,
}

/// A release as the releases page lists it.
#[derive(Serialize)]
struct Row {
    name: String,
    date: String,
    /// Its commit's date, where the tag is of a later day ("" otherwise).
    committed: String,
    message: String,
    commit: String,
    commit_id: String,
    snapshot: String,
    since: Counts,
    within: Counts,
    previous: String,
}

#[derive(Serialize)]
struct Counts {
    page: String,
    added: usize,
    changed: usize,
    retired: usize,
    removed: usize,
    reviews: usize,
}

impl Counts {
    fn of(page: String, c: &Changes) -> Counts {
        Counts {
            page,
            added: c.added.len(),
            changed: c.changed.len(),
            retired: c.retired.len(),
            removed: c.removed.len(),
            reviews: c.reviews.len(),
        }
    }
}

/// The releases page and every changes page, with their redlines, into `emit`; `texts` gives a
/// current document's text (by its index in the library). A redline made from what the last
/// build's was made from is taken from it (`taken`), not made again: one document edited, the
/// others' redlines since each release stand. Nothing without history or releases.
/// A release git cannot give whole is left out (its snapshot's warning says why).
pub fn pages(site: &Site, texts: Texts, emit: Emit, taken: Taken) -> Result<()> {
    let inp = site.inp;
    let Some(history) = inp.history.filter(|h| !h.releases.is_empty() && site.place.release.is_none()) else {
        return Ok(());
    };
    let now = Set {
        release: None,
        docs: &inp.library.documents,
        summaries: Summary::all(&inp.library.documents, inp.roster),
        pages: site.pages.clone(),
        label: "now".into(),
        names: inp.config.fields.aliases.clone(),
    };
    let out = &site.out;
    let mut rows = Vec::new();
    // The release before: what the next compares with when its history holds it.
    let mut before = Set::start();
    let ordered = releases::in_order(&history.releases);
    // In the order they were made, which is not always the order of their tags' dates; one
    // release's documents at a time, summarised.
    for (k, release) in ordered.iter().enumerate() {
        let name = release.folder.clone();
        let Some(old) = set_of(history, release)? else { continue };
        let since_dir = format!("changes/since-{name}/");
        let mut since = releases::between(&old.summaries, &now.summaries);
        reviewed::set_apart(history, (&old, &now), &mut since, texts)?;
        listing(out, history, (&old, &now), &since, &since_dir, (texts, emit, taken))?;
        let within_dir = format!("changes/in-{name}/");
        // The latest release before it that its history holds and git gives (a release
        // candidate tagged on a branch not merged by then is not): the one just before, else
        // read again; none, the start.
        let mut again = Some(Set::start());
        for held in ordered[..k].iter().rev().filter(|r| release.before.contains(&r.name)) {
            if before.release.is_some_and(|b| b.name == held.name) {
                again = None;
                break;
            }
            if let Some(set) = set_of(history, held)? {
                again = Some(set);
                break;
            }
        }
        let previous = again.as_ref().unwrap_or(&before);
        let mut within = releases::between(&previous.summaries, &old.summaries);
        reviewed::set_apart(history, (previous, &old), &mut within, texts)?;
        listing(out, history, (previous, &old), &within, &within_dir, (texts, emit, taken))?;
        rows.push(Row {
            name: release.name.clone(),
            date: release.date.to_string(),
            committed: crate::site::Snapshot::committed(release),
            message: release.message.clone().unwrap_or_default(),
            commit: release.commit.short().to_owned(),
            commit_id: release.commit.id.clone(),
            snapshot: format!("releases/{name}/index.html"),
            since: Counts::of(format!("{since_dir}index.html"), &since),
            within: Counts::of(format!("{within_dir}index.html"), &within),
            previous: previous.release.map(|r| r.name.clone()).unwrap_or_default(),
        });
        before = old;
    }
    rows.reverse();
    let mut ctx = out.ctx("releases/index.html");
    ctx.insert("releases", &rows);
    emit(out.render("releases.html", "releases/index.html", &ctx)?)
}

/// The page at `dir` listing `changes` from `old` to `new`, and a redline per changed document.
fn listing(
    out: &Pages,
    history: &History,
    (old, new): (&Set, &Set),
    changes: &Changes,
    dir: &str,
    (texts, emit, taken): (Texts, Emit, Taken),
) -> Result<()> {
    let page_of = |set: &Set, h: &Held| set.pages.get(&h.path).cloned().unwrap_or_default();
    let item = |then: Option<&Held>, now: Option<&Held>| Item {
        id: now.or(then).map(|h| h.id.clone()).unwrap_or_default(),
        title: now.or(then).map(|h| h.title.clone()).unwrap_or_default(),
        old_version: then.map(|h| h.version.clone()).unwrap_or_default(),
        new_version: now.map(|h| h.version.clone()).unwrap_or_default(),
        old_page: then.map(|h| page_of(old, h)).unwrap_or_default(),
        new_page: now.map(|h| page_of(new, h)).unwrap_or_default(),
        redline: String::new(),
        retired: now.is_some_and(|h| h.retired),
    };
    // A folder per changed document under `dir`, from its id, unique whatever the ids' case.
    let changed_ids = changes.changed.iter().chain(&changes.retired).map(|(_, n)| n.id.as_str());
    let folders = paths::people_dirs(changed_ids);
    let mut changed = Vec::new();
    let mut retired = Vec::new();
    let pairs = changes.changed.iter().map(|p| (p, false)).chain(changes.retired.iter().map(|p| (p, true)));
    for (((then, now), is_retired), folder) in pairs.zip(folders) {
        let mut it = item(Some(then), Some(now));
        if then.digest != now.digest {
            let page = format!("{dir}{folder}/index.html");
            it.redline.clone_from(&page);
            // Everything the redline is made from beyond what every page is (the build's key and
            // the site's frame): the two texts by their digests, how each side reads its fields,
            // and what the page says of each side.
            let made_from = fingerprint::of(&(
                &page,
                then,
                now,
                (&old.label, &new.label),
                (&old.names, &new.names),
                (&it.old_page, &it.new_page),
            ));
            if !taken(&format!("{}{page}", out.prefix()), made_from)? {
                redline(out, history, (old, new), (then, now), &it, &page, (texts, emit))?;
            }
        }
        if is_retired { retired.push(it) } else { changed.push(it) }
    }
    let new_pages: BTreeMap<&str, String> = new
        .summaries
        .iter()
        .rev()
        .map(|d| (d.held.id.as_str(), new.pages.get(&d.held.path).cloned().unwrap_or_default()))
        .collect();
    let listing = Listing {
        title: match old.release {
            Some(r) if new.release.is_none() => format!("What changed since release {}", r.name),
            _ => format!("What changed in {}", new.label),
        },
        from: &old.label,
        to: &new.label,
        since: old.release.map(|r| r.date.to_string()).unwrap_or_default(),
        until: new.release.map(|r| r.date.to_string()).unwrap_or_default(),
        added: changes.added.iter().map(|h| item(None, Some(h))).collect(),
        changed,
        retired,
        removed: changes.removed.iter().map(|h| item(Some(h), None)).collect(),
        reviews: changes
            .reviews
            .iter()
            .map(|r| Review {
                date: r.date.to_string(),
                id: r.id.clone(),
                title: r.title.clone(),
                by: r.by.clone(),
                summary: r.summary.clone(),
                page: new_pages.get(r.id.as_str()).cloned().unwrap_or_default(),
            })
            .collect(),
    };
    let page = format!("{dir}index.html");
    let mut ctx = out.ctx(&page);
    ctx.insert("changes", &listing);
    emit(out.render("changes.html", &page, &ctx)?)
}

/// The set of `release`'s documents, summarised; None where git cannot give it whole (its
/// snapshot's warning says why).
fn set_of<'a>(history: &History, release: &'a Release) -> Result<Option<Set<'a>>> {
    match releases::summaries(history, release) {
        Ok(read) => Ok(Some(Set::release(release, &release.folder, read))),
        Err(e) if e.downcast_ref::<releases::Unreadable>().is_some() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The redline at `page` of one document from `then` (in `old`) to `now` (in `new`), as `it`
/// lists it, into `emit`.
fn redline(
    out: &Pages,
    history: &History,
    (old, new): (&Set, &Set),
    (then, now): (&Held, &Held),
    it: &Item,
    page: &str,
    (texts, emit): (Texts, Emit),
) -> Result<()> {
    let old_text = text_of(history, old, then, texts)?;
    let new_text = text_of(history, new, now, texts)?;
    // Read as each side's charta.toml names its fields, as its own pages read them.
    let a = Document::parse_named(&then.path, 0, old_text, &old.names);
    let b = Document::parse_named(&now.path, 0, new_text, &new.names);
    let redline = Redline {
        page: page.to_owned(),
        from: format!("{} ({})", shown(&then.version), old.label),
        to: format!("{} ({})", shown(&now.version), new.label),
        from_page: it.old_page.clone(),
        to_page: it.new_page.clone(),
        date: String::new(),
        author: String::new(),
        changed_by: String::new(),
        commit: String::new(),
        commit_id: String::new(),
        commit_role: "Commit",
        summary: String::new(),
        spans: Vec::new(),
        fields: diff::field_changes(&a, &b),
        body: super::redline::Body::Html(diff::body_html(a.body().trim(), b.body().trim())),
        unapproved: None,
    };
    let mut ctx = out.ctx(page);
    ctx.insert("redline", &redline);
    ctx.insert("doc_id", &now.id);
    ctx.insert("doc_title", &now.title);
    ctx.insert("doc_page", &it.new_page);
    emit(out.render("diff.html", page, &ctx)?)
}

/// A version as a redline's heading names it ("What changed from version ...").
fn shown(version: &str) -> &str {
    if version.is_empty() { "(none)" } else { version }
}

/// The text of `held` in `set`: from git for a release, else the working tree's.
fn text_of(history: &History, set: &Set, held: &Held, texts: Texts) -> Result<String> {
    match set.release {
        Some(r) => Ok(releases::text(history, r, &held.path)?.unwrap_or_default()),
        None => {
            // A library is sorted by path: found without a walk through every document.
            let index = set
                .docs
                .binary_search_by(|d| d.path.as_str().cmp(&held.path))
                .map_err(|_| anyhow::anyhow!("{} is not in the library", held.path))?;
            texts(index, &set.docs[index])
        }
    }
}

mod reviewed;
