//! `charta build`: analyse (as `check` does), render the site and its release snapshots, write.

use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::library::Retain;
use crate::output::cache::{Cache, Key};
use crate::site;
use anyhow::{Context as _, Result};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub struct Options<'a> {
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    pub out: Option<&'a Path>,
    pub today: Date,
    /// Fail (write nothing) when a finding reaches this severity.
    pub strict: Option<Severity>,
    /// Reuse unchanged pages from the last build, and record this one (`site.cache_dir`).
    pub cache: bool,
    /// Where the build lists what a signal must remove (cmd/signals.rs handles the signals).
    pub unfinished: &'a crate::output::Unfinished,
    /// `--keys-from`: the branch whose roster holds the signing keys, over charta.toml's.
    pub keys_from: Option<&'a str>,
    /// The process ends after this build: what it read is let go without freeing it value by
    /// value. False for a caller that builds again and again (`charta serve`).
    pub last: bool,
}

#[derive(Debug)]
pub struct Summary {
    pub documents: usize,
    pub files: usize,
    /// Files taken unchanged from the last build (the build cache).
    pub reused: usize,
    pub releases: usize,
    pub findings: Vec<Finding>,
    pub out: PathBuf,
    /// True when `--strict` stopped the build before anything was written.
    pub refused: bool,
    /// Problems that did not stop the build (the build cache could not be written).
    pub warnings: Vec<String>,
}

impl Summary {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity && f.waived.is_none()).count()
    }
}

pub fn run(opts: &Options) -> Result<Summary> {
    let mut config = super::load_config(opts.root, opts.config)?;
    if let Some(branch) = opts.keys_from {
        config.evidence.keys_from = Some(branch.to_owned());
    }
    let out = super::output_dir(opts.root, &config, opts.out)?;
    // Nothing is made beside an output that may not be replaced (no lock, no sweep).
    crate::output::target::check_target(opts.root, &out)?;
    let sources: Vec<PathBuf> =
        crate::load::collections(opts.root, &config).iter().map(|c| opts.root.join(&c.path)).collect();
    crate::output::target::check_not_sources(&out, &sources)?;
    if opts.cache {
        crate::output::target::check_apart(&out, &super::cache_dir(opts.root, &config)?)?;
    }
    // One build at a time into an output: a warm build takes pages from the site another
    // could be replacing.
    let lock = crate::output::OutputLock::acquire(&out, opts.unfinished, |lock| {
        let _ = writeln!(
            std::io::stderr(),
            "charta: another build is writing {}; waiting for it to finish ({} is locked)",
            crate::escape::visible(&out.display().to_string()),
            crate::escape::visible(&lock.display().to_string())
        );
    })?;
    let swept = crate::output::publish::sweep(&lock);
    let templates =
        site::templates::load(Some(&crate::confine::join(opts.root, "templates", "the templates folder")?))?;
    // The texts are not kept while pages are made, only their digests: each is read again when
    // its page is rendered (and must be the text that was checked), then freed. Memory stays
    // flat with the corpus.
    let started = std::time::Instant::now();
    // The configured output folder is never read as input either, wherever `--out` puts this
    // build's: a site an earlier build left there holds Markdown files of its own (`check`
    // leaves it out too).
    let skip = [out.clone(), super::output_dir(opts.root, &config, None)?];
    let mut a = super::analyze(opts.root, config, &skip, opts.today, Retain::Digests)?;
    super::terminal::tell_stage(
        format_args!(
            "read and checked {} ({}, {} of history)",
            super::terminal::counted(a.library.documents.len(), "document"),
            super::terminal::counted(a.findings.len(), "finding"),
            super::terminal::counted(a.history.as_ref().map_or(0, |h| h.commits.len()), "commit")
        ),
        started.elapsed(),
    );
    let releases = a.history.as_ref().map_or(0, |h| h.releases.len());
    let mut summary = Summary {
        documents: a.library.documents.len(),
        files: 0,
        reused: 0,
        releases,
        findings: Vec::new(),
        out,
        refused: false,
        warnings: swept,
    };
    if crate::rules::fails(&a.findings, opts.strict) {
        summary.refused = true;
        summary.findings = a.findings;
        return Ok(summary);
    }
    let root = opts.root;
    let texts = move |_: usize, doc: &Document| -> Result<String> {
        let path = root.join(&doc.path);
        let text = crate::load::read_again(&path)
            .with_context(|| format!("cannot read {} again", path.display()))?;
        anyhow::ensure!(
            Document::digest_of(&text) == doc.digest,
            "{} changed while charta was building the site; run charta build again",
            doc.path
        );
        Ok(text)
    };
    let history = a.history.as_ref();
    let images = svg_images(opts.root, &a.files);
    let published = super::site_files::find(opts.root, &a.config)?;
    let removed = removed_documents(opts.root, &a);
    let inputs = site::Inputs {
        library: &a.library,
        roster: &a.roster,
        config: &a.config,
        today: opts.today,
        history,
        timelines: &a.timelines,
        files: &a.files,
        images: &images,
        published: &published,
        removed: &removed,
        tree: None,
        approvals: &a.approvals,
    };
    let place = site::Placement {
        switcher: super::snapshot::switcher(history, ""),
        snapshots: super::snapshot::folders(history),
        ..site::Placement::default()
    };
    // Nothing from the last build is trusted without the cache: not even its release snapshots.
    let cache_dir = super::cache_dir(opts.root, &a.config)?;
    // A cache folder committed to the repository is the repository's content, anyone's in a
    // pull request: what it says of pages and highlighted code is not taken, nor its kept site.
    let committed = opts.cache && crate::history::tracks_under(opts.root, &cache_dir);
    if committed {
        summary.warnings.push(format!(
            "the cache folder {} is committed to the repository, so it is not used (a pull request could put pages in it); remove it from git (`git rm -r --cached {0}`) and add it to .gitignore",
            crate::escape::visible(&a.config.site.cache_dir)
        ));
    }
    let cache = if opts.cache && !committed {
        let tool = tool_key();
        // Without the last site (a CI job that restores only the cache), no page can be reused.
        let site = crate::output::target::is_marked(&summary.out);
        Cache::open_for(&cache_dir, inputs.key(&templates, &tool), tool, site)
    } else {
        Cache::disabled()
    };
    // Which release snapshots stand, and how many files they hold when every one does.
    let shown = super::snapshot::ShownNow::of(&a.config);
    let standing = history.map(|h| super::snapshot::standing(h, (&templates, shown), &cache, &summary.out));
    let releases_kept: Option<usize> = standing.iter().flatten().copied().sum();
    let mut cache = if releases_kept.is_some() { cache } else { cache.rebuild_site() };
    let mut staging = crate::output::Staging::new(opts.root, &lock)?;
    if opts.cache && !committed {
        staging = staging.recycling(cache_dir.join(crate::output::spare::NAME));
    }
    // The documents' search words wait for the index in files beside the output, not in memory;
    // whole too only for the build cache.
    let shelf = crate::output::shelf::beside(&summary.out, site::shelf_lanes(cache.enabled()));
    let site = site::Site::new(&inputs, &a.findings, &templates.tera, &place, cache.code())?.shelved(shelf);
    let started = std::time::Instant::now();
    let progress = super::terminal::Progress::new(a.library.documents.len(), "rendering");
    let outcome = crate::output::units::render(&site, &texts, &staging, &cache, &|| progress.tick())?;
    progress.finish();
    drop(site);
    super::terminal::tell_stage(format_args!("rendered the pages"), started.elapsed());
    if let crate::output::Outcome::Unchanged { files } = outcome {
        // The previous site is this build's, file for file: nothing to write.
        drop(staging);
        // The release snapshots stand too (checked above), and are part of the site.
        let files = files + releases_kept.unwrap_or(0);
        summary.files = files;
        summary.reused = files;
        summary.findings = std::mem::take(&mut a.findings);
        let_go((a, templates, cache), opts.last);
        return Ok(summary);
    }
    if let Some(h) = history {
        // A release is built from a library of its own, or taken from the last build's site
        // with the record of its files: the current library is freed first (its documents,
        // their timelines, the files they link to), and so is what the cache recorded of the
        // current site's pages, stored now.
        drop(std::mem::take(&mut a.library));
        drop(std::mem::take(&mut a.timelines));
        drop(std::mem::take(&mut a.files));
        if let Err(e) = cache.save_site(&|path| staging.stamp_of(path)) {
            summary.warnings.push(format!("{e:#}; the next build will render every page"));
        }
        summary.warnings.extend(super::snapshot::render(
            h,
            (&templates, shown),
            &cache,
            standing.unwrap_or_default(),
            &staging,
        )?);
    }
    let started = std::time::Instant::now();
    let written = staging.finish()?;
    super::terminal::tell_stage(
        format_args!("put {} files in place ({} unchanged)", written.files, written.reused),
        started.elapsed(),
    );
    summary.files = written.files;
    summary.reused = written.reused;
    // The site is in place: a cache that cannot be written (a read-only checkout) only means the
    // next build renders everything.
    let started = std::time::Instant::now();
    if let Err(e) = cache.save(&written.stamps) {
        summary.warnings.push(format!("{e:#}; the next build will render every page"));
    }
    super::terminal::tell_stage(format_args!("stored the build cache"), started.elapsed());
    summary.findings = std::mem::take(&mut a.findings);
    // The cache holds every document's search words, feed and register entry, as it stored them.
    let_go((a, templates, cache, written), opts.last);
    Ok(summary)
}

/// The documents removed from the repository that the site keeps the versions of: a removed
/// Markdown file of a collection, where a walk of the collections would have found it (not
/// hidden, not excluded by `[documents] exclude`, not in the static folder). One removed from
/// a collection an earlier charta.toml named (its folder renamed since) is listed under
/// today's collection of the same kind.
fn removed_documents(root: &Path, a: &super::Analysis) -> Vec<crate::removed::Removed> {
    let Some(history) = &a.history else { return Vec::new() };
    let excluded = a.config.excluded(root);
    let collections = &a.library.collections;
    let shown = |of: &[crate::config::Collection], path: &str| {
        crate::load::site_document(of, &a.config.site.static_dir, &excluded, path)
    };
    let kept = |path: &str| {
        if shown(collections, path) {
            return crate::load::collection_of(collections, path);
        }
        let then = &history.collections_then;
        let kind = &then.get(crate::load::collection_of(then, path).filter(|_| shown(then, path))?)?.kind;
        collections.iter().position(|c| &c.kind == kind)
    };
    crate::removed::of(history, (&a.library.documents, &a.timelines), kept, &a.config.fields.aliases)
}

/// Largest SVG image put inside a page; a larger one is published as text like other SVG files.
pub(super) const MAX_INLINE_SVG: u64 = 1 << 20;

/// The SVG files among the linked files `files` (all found inside the root, none through a
/// link), with their text: shown inside the pages that show them as images.
fn svg_images(root: &Path, files: &BTreeSet<String>) -> BTreeMap<String, String> {
    files
        .iter()
        .filter(|f| f.rsplit_once('.').is_some_and(|(_, ending)| ending.eq_ignore_ascii_case("svg")))
        .filter_map(|f| {
            let path = root.join(f);
            let small =
                std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_INLINE_SVG);
            let text = std::fs::read_to_string(path).ok().filter(|_| small)?;
            Some((f.clone(), text))
        })
        .collect()
}

/// What a build read and made, let go when it is the process's `last`: without freeing it value
/// by value (the process ends once the summary is printed; see BENCHMARKS.md). Freed otherwise,
/// so that a process that builds again and again (a preview server) keeps its memory flat.
fn let_go<T>(values: T, last: bool) {
    if last {
        std::mem::forget(values);
    } else {
        drop(values);
    }
}

/// charta itself, as what it makes depends on it: its version, and the very binary (so a
/// rebuilt charta renders again).
pub fn tool_key() -> Key {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| crate::output::cache::Stamp::of(&m))
        .unwrap_or_default();
    crate::fingerprint::of_debug(&[&env!("CARGO_PKG_VERSION"), &exe])
}

/// `charta build` from its command line: the site, and its findings and summary on standard error.
pub fn main(
    args: crate::cli::BuildArgs,
    unfinished: &crate::output::Unfinished,
) -> Result<std::process::ExitCode> {
    let started = std::time::Instant::now();
    let (root, today) = super::resolve(&args.common)?;
    let opts = Options {
        root: &root,
        config: args.common.config.as_deref(),
        out: args.out.as_deref(),
        today,
        strict: args.strict.then_some(Severity::Error),
        cache: !args.no_cache,
        unfinished,
        last: true,
        keys_from: args.keys_from.as_deref(),
    };
    super::signals::stop_on_signals(unfinished)?;
    super::watchdog::start(unfinished, std::time::Duration::from_secs(args.template_timeout));
    let summary = run(&opts)?;
    // The site is written (or refused) by now: what is told on standard error cannot
    // change the outcome, so a closed or failing standard error does not either.
    let _ = super::terminal::tell_build(&summary, started.elapsed(), today);
    Ok(super::exit_code(summary.refused))
}
