//! Release snapshots for `charta build`: each release tag built as a whole site under
//! `releases/<tag>/`, from the files the tag holds; an unchanged snapshot is taken from the last
//! build's site, file by file, as the build cache records it.

use crate::finding::Finding;
use crate::history::{History, Release};
use crate::output::cache::releases::Snapshots;
use crate::output::cache::{Cache, Entry, Key, Stamp};
use crate::output::{Sink, Staging};
use crate::rules;
use crate::site::{self, Placement, Switch};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

fn dir(release: &Release) -> String {
    format!("releases/{}", release.folder)
}

/// [`dir`] as a site's folder is named, with its `/`: how the switcher and the pages name it.
fn folder(release: &Release) -> String {
    format!("{}/", dir(release))
}

/// Most releases the version switcher names: every page of every snapshot carries it, so a
/// switcher naming every release made the site grow with the square of the tags.
const SWITCHED: usize = 10;

/// The version switcher: the current site, then the [`SWITCHED`] newest releases, and the
/// page's own release (`active`) where it is older; then, where there are more, the releases
/// page that lists them all.
pub fn switcher(history: Option<&History>, active: &str) -> Vec<Switch> {
    let mut out = vec![Switch { label: "Current".into(), dir: String::new(), active: active.is_empty() }];
    let ordered = history.map(|h| crate::releases::in_order(&h.releases)).unwrap_or_default();
    for (n, r) in ordered.iter().rev().enumerate() {
        let d = folder(r);
        if n < SWITCHED || d == active {
            out.push(Switch { label: r.name.clone(), active: d == active, dir: d });
        }
    }
    if ordered.len() > SWITCHED {
        let label = format!("All {} releases", ordered.len());
        out.push(Switch { label, dir: "releases/".into(), active: false });
    }
    out
}

/// The folder of every release's snapshot (`releases/v1/`).
pub fn folders(history: Option<&History>) -> Vec<String> {
    history.map_or_else(Vec::new, |h| h.releases.iter().map(folder).collect())
}

/// What every snapshot takes from today's charta.toml, whatever the release's own said: how much
/// of its findings the site shows, and whether it asks search engines to leave it out. The
/// findings of a snapshot are today's (its rules run now), so a team that hides them now hides
/// them there too.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct ShownNow {
    pub findings: crate::config::FindingsShown,
    pub noindex: bool,
}

impl ShownNow {
    pub fn of(config: &crate::config::Config) -> ShownNow {
        ShownNow { findings: config.site.findings, noindex: config.site.noindex }
    }
}

/// What a snapshot's pages are made from: the release's commit, date and message, charta (`tool`: its version
/// and binary), the templates and theme, what it takes from today's configuration, and the
/// version switcher on every page, which names every release (so a new tag makes each
/// snapshot again, as a cold build would).
fn key(history: &History, release: &Release, (templates, shown): Made, tool: &Key) -> Key {
    crate::fingerprint::of(&(
        shown,
        tool,
        &release.commit.id,
        release.date.to_string(),
        &release.message,
        templates.fingerprint,
        site::templates::THEME,
        switcher(Some(history), &folder(release)),
        history_then(history, release),
    ))
}

/// What the `history/*` rules of a release read of the history ([`timelines_then`]) that its
/// commit alone does not fix: which commits up to it changed each of its documents, as the
/// history was read (by today's collections: a folder no longer one is not followed), the
/// texts merged branches gave them, and whether every text is read.
fn history_then(history: &History, release: &Release) -> Key {
    let Some(then) = crate::releases::then::of(history, release) else {
        return crate::fingerprint::of_debug(&[&"no history rules"]);
    };
    let versions: Vec<_> = then
        .documents
        .iter()
        .map(|(path, (held, versions))| {
            let each = versions.iter().map(|v| {
                let merged = history.merged.get(&v.commit).and_then(|m| m.files.get(*held));
                (&history.commits[v.commit].id, v.blob, v.published, merged)
            });
            (path, held, each.collect::<Vec<_>>())
        })
        .collect();
    crate::fingerprint::of_debug(&[&versions, &history.read_every_text])
}

/// The templates the snapshots are made with, and what they take from today's configuration.
pub type Made<'a> = (&'a site::templates::Templates, ShownNow);

/// Whether the snapshot of `release` the last build wrote (`stored`, from the cache) stands:
/// it is what this build would make, and the previous site (`previous`) still holds it as
/// written, each file with its stamp and no other file in its folder. Its entry when it does.
fn kept<'s>(
    history: &History,
    release: &Release,
    made: Made,
    tool: &Key,
    stored: &'s Snapshots,
    previous: &Path,
) -> Option<&'s Entry<()>> {
    let entry = stored.get(&dir(release)).filter(|e| e.key == key(history, release, made, tool))?;
    let same = entry.files.iter().all(|(path, stamp)| {
        crate::confine::is_plain(path)
            && std::fs::symlink_metadata(previous.join(path))
                .is_ok_and(|m| m.is_file() && Stamp::of(&m) == *stamp)
    });
    let files = walkdir::WalkDir::new(previous.join(dir(release)))
        .into_iter()
        .filter(|e| e.as_ref().is_ok_and(|e| !e.file_type().is_dir()))
        .count();
    (same && files == entry.files.len()).then_some(entry)
}

/// For each release, in order, how many files the snapshot the last build wrote holds, when it
/// stands (see [`kept`]); all None without a cache (`--no-cache` trusts nothing from before).
/// Decided before the current site's pages are made (whether the whole site may stand), from
/// what the cache stored; the entries themselves are not held through those pages, and are
/// read again when the snapshots' turn comes ([`render`]).
pub fn standing(history: &History, made: Made, cache: &Cache, previous: &Path) -> Vec<Option<usize>> {
    let stored = cache.stored_releases();
    let tool = cache.tool();
    history
        .releases
        .iter()
        .map(|release| kept(history, release, made, tool?, &stored, previous).map(|entry| entry.files.len()))
        .collect()
}

/// Every release snapshot, into `staging`: taken from the last build's site when it stood
/// (`standing`, from [`standing`]) and the cache still records it so, else built. Returns a
/// warning for each release left out because git cannot give one of its files (a damaged
/// object): the rest of the site is built.
pub fn render(
    history: &History,
    made: Made,
    cache: &Cache,
    standing: Vec<Option<usize>>,
    staging: &Staging,
) -> Result<Vec<String>> {
    let mut stored =
        if standing.iter().any(Option::is_some) { cache.stored_releases() } else { Snapshots::new() };
    let mut left_out = Vec::new();
    for (release, stood) in history.releases.iter().zip(standing) {
        let d = dir(release);
        // Its key, worked out once (it walks the release's files and their history).
        let this = cache.tool().map(|tool| key(history, release, made, tool));
        // The entry read again is the one that stood: the same key and as many files (the
        // output is locked; staging checks each file's stamp once more as it takes it).
        let entry =
            stored.remove(&d).filter(|e| this.as_ref() == Some(&e.key) && stood == Some(e.files.len()));
        if let Some(entry) = entry
            && staging.reuse(&entry.files)?
        {
            cache.record_release(&d, entry);
            continue;
        }
        // Its documents are all read from git before any page is made (their digests): a
        // release git cannot give whole is left out before it has put anything into the site.
        // Its files are those the site claims while it is made. Nothing else claims a path
        // meanwhile: the current site's pages and copies are all claimed before the first
        // snapshot, the snapshots are made one by one, and a snapshot copies nothing (its
        // linked files are written from its tree, so each claims a path or stops the build).
        let from = staging.claims_mark();
        // Its search words wait for its index in files of its own, freed once it is built.
        let shelf = crate::output::shelf::beside(staging.out(), site::shelf_lanes(false));
        match build(history, release, made, (staging, shelf)) {
            Ok(()) => {}
            Err(e) if e.downcast_ref::<crate::releases::Unreadable>().is_some() => {
                left_out.push(format!("{e:#}; the release is left out of the site"));
                continue;
            }
            Err(e) => return Err(e),
        }
        if let Some(this) = this {
            cache.record_built_release(&d, this, from..staging.claims_mark());
        }
    }
    Ok(left_out)
}

/// One release, built from its own documents, configuration and roster, as of its own date.
fn build(
    history: &History,
    release: &Release,
    (templates, now): Made,
    (sink, shelf): (&dyn Sink, Option<std::sync::Arc<dyn crate::site::Shelf>>),
) -> Result<()> {
    // Its documents are read from git before any page is made.
    let crate::releases::Tree { mut config, roster, library } = crate::releases::tree(history, release)?;
    (config.site.findings, config.site.noindex) = (now.findings, now.noindex);
    // A release publishes no file of `[site]` (`published` below), so its pages name no icon,
    // logo or style sheet: the current site's may be other files, or none.
    (config.site.favicon, config.site.logo) = (None, None);
    config.site.extra_css.clear();
    let files: BTreeSet<String> = release.files.keys().cloned().collect();
    // The release's day: its tag's, never before its commit was made (the history dates it so,
    // `history::tags::date`: a tag dated back would make approvals of that day look later).
    let today = release.date;
    let none = BTreeSet::new();
    let timelines = timelines_then(history, release, &library, &config.fields.aliases);
    let reg = rules::Registries {
        roster: &roster,
        config: &config,
        files: &files,
        withheld: &none,
        today,
        history: timelines.as_ref().map(|_| history),
        until: release.line,
        timelines: timelines.as_deref().unwrap_or_default(),
        verdicts: None,
        approvals: &[],
        elsewhere: &[],
        missing_folders: &[],
        uncovered: &[],
    };
    let findings: Vec<Finding> = rules::run(&library, &reg, Vec::new());
    // The files its documents link to, as its tree holds them, published with its pages: the
    // form or diagram as it was at the release, not as it is now.
    let linked = linked_files(history, &library, &config, &release.files);
    let images = svg_images(history, release, &linked);
    let published = site::Published::default();
    let inputs = site::Inputs {
        library: &library,
        roster: &roster,
        config: &config,
        today,
        history: None,
        timelines: &[],
        files: &linked,
        images: &images,
        published: &published,
        removed: &[],
        tree: Some((history, &release.files)),
        approvals: &[],
    };
    let d = folder(release);
    let place = Placement {
        prefix: d.clone(),
        release: Some(site::Snapshot {
            name: release.name.clone(),
            date: release.date.to_string(),
            message: release.message.clone().unwrap_or_default(),
            committed: site::Snapshot::committed(release),
            off_line: timelines.is_none(),
        }),
        switcher: switcher(Some(history), &d),
        snapshots: Vec::new(),
    };
    // Read again for its page: a text git gave once and not now (the repository changed under
    // the build) stops the build, since the release has pages in the site by then; it is not
    // an Unreadable release to leave out.
    let texts = |_: usize, doc: &crate::document::Document| -> Result<String> {
        let again =
            crate::releases::text(history, release, &doc.path).map_err(|e| anyhow::anyhow!("{e:#}"))?;
        again.with_context(|| format!("release {}: {} is not in its tree", release.name, doc.path))
    };
    let site = site::Site::new(&inputs, &findings, &templates.tera, &place, &site::highlight::Direct)?
        .shelved(shelf);
    crate::output::units::render(&site, &texts, sink, &Cache::disabled(), &|| {})?;
    Ok(())
}

/// Each document of a release's library as the history up to the release's commit shows it
/// (in the library's order; [`crate::releases::then`]): what the `history/*` rules say of the
/// release, as `check` at that commit says it of texts that stayed at their paths, or moved
/// in one commit. Not joined with a document removed and added back in two commits, as
/// `check` joins one (nor told apart from one given a removed one's id). None for a release
/// off the first-parent line (a tag on a branch) or in a shallow clone.
fn timelines_then(
    history: &History,
    release: &Release,
    library: &crate::library::Library,
    names: &crate::frontmatter::schema::Names,
) -> Option<Vec<crate::timeline::Timeline>> {
    let then = crate::releases::then::of(history, release)?;
    // The documents of the release, by id: whose texts a path held before another did.
    let current = crate::timeline::current(&library.documents);
    let timelines = library.documents.par_iter().map(|doc| {
        let Some((held, versions)) = then.documents.get(doc.path.as_str()) else {
            return crate::timeline::Timeline::default();
        };
        let mut timeline =
            crate::timeline::Timeline::of_versions(held, versions.iter().copied(), history, names);
        timeline.split_off_earlier_document(held, history, &current);
        if doc.meta.pending() {
            timeline.read_unread(held, history, names);
        }
        timeline.mark_restatements(history);
        timeline
    });
    Some(timelines.collect())
}

/// The files of the release's tree (`tree`) that its documents link to, as the current site
/// finds them on disk (`load::Lookup::existing`): not Markdown documents' pages, not through a hidden
/// folder or `node_modules`, none the release's charta.toml excludes, none larger than any file
/// charta reads.
fn linked_files(
    history: &History,
    library: &crate::library::Library,
    config: &crate::config::Config,
    tree: &std::collections::BTreeMap<String, crate::history::BlobId>,
) -> BTreeSet<String> {
    let root = crate::links::Root::of(&config.site);
    // As the current site copies them: none hidden, none its charta.toml excludes.
    let excluded = config.excluded(std::path::Path::new(""));
    library
        .documents
        .iter()
        .flat_map(|d| {
            d.links.iter().flat_map(move |link| crate::links::candidates(root, &d.path, &link.value))
        })
        .filter(|t| tree.contains_key(t) && crate::removed::walkable(t))
        // One larger than any file charta reads is not read into memory to be published.
        .filter(|t| history.readable_size(tree[t.as_str()]))
        .filter(|t| !excluded.matched_path_or_any_parents(t, false).is_ignore())
        // A controlled document no collection of the release covered, as on the current site.
        .filter(|t| {
            let outside = crate::load::is_markdown(std::path::Path::new(t))
                && library.documents.binary_search_by(|d| d.path.as_str().cmp(t)).is_err();
            // Read as the current site reads one on disk: decoded whatever its bytes, and one
            // larger than a document is not read (the cold review: a Latin-1 note was withheld
            // here and published there).
            let blob = tree[t.as_str()];
            let text = || history.bytes(blob).ok().map(|b| crate::source::SourceFile::decode_owned(b).0);
            !outside
                || !history.readable_markdown(blob)
                || text()
                    .is_some_and(|text| !super::folders::states_control(t, &text, &config.fields.aliases))
        })
        .collect()
}

/// The SVG files among `linked`, with their text as the release's tree holds it: shown inside
/// the pages that show them as images, as the current site's are (`cmd::build`).
fn svg_images(
    history: &History,
    release: &Release,
    linked: &BTreeSet<String>,
) -> std::collections::BTreeMap<String, String> {
    linked
        .iter()
        .filter(|f| f.rsplit_once('.').is_some_and(|(_, ending)| ending.eq_ignore_ascii_case("svg")))
        .filter_map(|f| {
            let bytes = history.bytes(*release.files.get(f)?).ok()?;
            let small = bytes.len() as u64 <= super::build::MAX_INLINE_SVG;
            String::from_utf8(bytes).ok().filter(|_| small).map(|text| (f.clone(), text))
        })
        .collect()
}
