//! Commands: a file per command, whose `main` reads its arguments, runs the stages and prints;
//! the stages it shares with others (analysis, the root, the date) are here.

mod adopt;
pub mod approve;
pub mod build;
pub mod check;
pub mod export;
mod folders;
mod history_read;
pub mod init;
mod keys;
pub mod lifecycle;
pub mod manual;
pub mod new;
pub mod retire;
pub mod review;
mod review_caps;
pub mod reviews;
pub mod revise;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod signals;
pub mod site_files;
pub mod snapshot;
pub mod terminal;
pub mod watchdog;

use crate::config::{self, Config};
use crate::finding::Finding;
use crate::history::{self, History};
use crate::library::{self, Library, Retain};
use crate::load;
use crate::roster::Roster;
use crate::timeline::Timeline;
use anyhow::{Context, Result};
pub use folders::{collections, missing_folders};
pub use history_read::read_history;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The root: `--root`, else the nearest folder upwards holding `charta.toml`, else `cwd`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf> {
    let root = match explicit {
        Some(r) => crate::confine::given(r, "--root")?,
        None => cwd.ancestors().find(|d| d.join(config::FILE_NAME).is_file()).unwrap_or(cwd).to_owned(),
    };
    let meta = std::fs::metadata(&root)
        .with_context(|| format!("cannot read the root folder {}", root.display()))?;
    if !meta.is_dir() {
        anyhow::bail!(
            "the root {} is not a folder; pass --root with the repository's folder",
            root.display()
        );
    }
    root.canonicalize().with_context(|| format!("cannot resolve the root folder {}", root.display()))
}

/// `-c FILE`, else `ROOT/charta.toml` when present, else the defaults. The paths a file inside
/// the repository names are relative to its folder; those of a file elsewhere, to the root.
pub fn load_config(root: &Path, explicit: Option<&Path>) -> Result<Config> {
    let mut config = read_config(root, explicit)?;
    // The forge's links name files from the repository's top, which the root may be below.
    if config.site.repo_url.is_some() {
        config.site.repo_folder = crate::history::folder_in_repository(root).unwrap_or_default();
    }
    Ok(config)
}

/// `--config`, else `charta.toml` at the root when there is one, else the defaults.
fn read_config(root: &Path, explicit: Option<&Path>) -> Result<Config> {
    match explicit {
        Some(path) => {
            let mut config = Config::from_file(&crate::confine::given(path, "-c")?)?;
            // The root's own charta.toml, named: what the history says of it is this file's.
            let own = root.join(config::FILE_NAME).canonicalize().ok();
            config.given = own.is_none() || path.canonicalize().ok() != own;
            let folder = path.canonicalize().ok().and_then(|p| {
                p.parent()
                    .and_then(|dir| dir.strip_prefix(root).ok())
                    .map(|rel| rel.to_string_lossy().into_owned())
            });
            if let Some(folder) = folder {
                config.rebase(&folder.replace('\\', "/"));
            }
            Ok(config)
        }
        None => {
            let path = crate::confine::join(root, config::FILE_NAME, "the configuration")?;
            if path.is_file() { Config::from_file(&path) } else { Ok(Config::default()) }
        }
    }
}

/// Where `build` writes: `--out` (relative to the current folder; the operator's choice, so
/// anywhere), else `site.output_dir`, which must stay inside the repository.
pub fn output_dir(root: &Path, config: &Config, out: Option<&Path>) -> Result<PathBuf> {
    Ok(match out {
        Some(o) if o.is_absolute() => crate::confine::given(o, "--out")?,
        Some(o) => std::env::current_dir()?.join(crate::confine::given(o, "--out")?),
        None => crate::confine::join(root, &config.site.output_dir, "charta.toml's site.output_dir")?,
    })
}

/// The build cache folder, `site.cache_dir`, inside the repository.
pub fn cache_dir(root: &Path, config: &Config) -> Result<PathBuf> {
    crate::confine::join(root, &config.site.cache_dir, "charta.toml's site.cache_dir")
}

/// The roster (`roster` of charta.toml, inside the repository), or an empty one when there is
/// no `roster.yaml` and charta.toml names none. A roster charta.toml names must exist: with a
/// typo in its path, every person would be checked against an empty roster.
pub fn load_roster(root: &Path, config: &Config) -> Result<Roster> {
    let path = crate::confine::join(root, &config.roster, "charta.toml's roster")?;
    if path.is_file() {
        return Roster::from_file(&path);
    }
    anyhow::ensure!(
        !config.roster_named,
        "charta.toml: `roster = \"{}\"` names a file that does not exist ({}); create it, or correct the path (it is relative to the repository root)",
        crate::escape::visible(&config.roster),
        crate::escape::visible(&path.display().to_string()),
    );
    Ok(Roster::default())
}

/// Load the configuration and analyse the repository, leaving out the configured output folder.
pub fn analyze_repository(
    root: &Path,
    config: Option<&Path>,
    today: Date,
    retain: Retain,
) -> Result<Analysis> {
    let config = load_config(root, config)?;
    let out_dir = output_dir(root, &config, None)?;
    analyze(root, config, std::slice::from_ref(&out_dir), today, retain)
}

/// Everything `check` knows, and the first half of `build`.
pub struct Analysis {
    pub config: Config,
    pub roster: Roster,
    /// Every document, with its file's text when `analyze` was asked to keep it.
    pub library: Library,
    /// Every finding, sorted, with `charta.toml`'s severities and waivers applied.
    pub findings: Vec<Finding>,
    /// None outside a git repository (or with `[history] enabled = false`), and in a clone that
    /// holds only part of its history (`incomplete`).
    pub history: Option<History>,
    /// The clone is shallow or partial: its history (cut off at a first commit, which then
    /// seems to have made every document; or without its past texts) was read for
    /// `history/shallow-clone` or `history/partial-clone` only; the rest of the run is as
    /// outside git, so that nothing states what that history seems to say.
    pub incomplete: bool,
    /// Each document's timeline, in the library's order (empty without history).
    pub timelines: Vec<Timeline>,
    /// The files documents link to that exist for the site: each document, and what a walk of
    /// the root finds.
    pub files: BTreeSet<String>,
    /// Each document's approvals, past and present, with their proofs, in the library's order
    /// (empty unless `[evidence]` is on).
    pub approvals: Vec<Vec<crate::evidence::Approval>>,
}

/// Load, parse, assemble and run the rules. `skip` are folders not to read (the output); `retain` is
/// what the documents keep of their texts.
pub fn analyze(
    root: &Path,
    mut config: Config,
    skip: &[PathBuf],
    today: Date,
    retain: Retain,
) -> Result<Analysis> {
    let mut stages = terminal::Stages::start();
    let roster = load_roster(root, &config)?;
    let collections = collections(root, &config)?;
    // The static folder's files are published as they are, never read as documents.
    let mut not_documents = skip.to_vec();
    if !config.site.static_dir.is_empty() {
        not_documents.push(crate::confine::join(
            root,
            &config.site.static_dir,
            "charta.toml's site.static_dir",
        )?);
    }
    let excluded = config.excluded(root);
    let load::Walked { found, unlisted, listings } =
        load::list(root, &collections, &not_documents, excluded.clone());
    stages.done(format_args!("listed {} files", found.len()));
    // The git history is read while the documents are parsed: it needs only the collections.
    let read_history = || read_history(root, &config, &collections, (skip, &excluded));
    // The files found in the collections: a body whose links all lead to them needs no parsing
    // for its links (whether each leads somewhere is decided below).
    let mut found_paths: BTreeSet<String> = found.iter().map(|f| f.rel_path.clone()).collect();
    let mut lookup = load::Lookup::new(root, skip, &excluded, listings);
    let ((mut library, mut findings), history) = rayon::join(
        || library::read(collections.clone(), found, retain, &config.fields.aliases, &found_paths),
        read_history,
    );
    findings.extend(unlisted.iter().map(crate::rules::source::unlisted));
    stages.done(format_args!("parsed the documents and read the history"));
    // A history git cannot give (a damaged commit or tree) is a finding, and the run goes on
    // without history: the documents as they are are still checked and built.
    let mut history = history.unwrap_or_else(|e| {
        findings.push(crate::rules::history::unreadable(&e));
        config.history.enabled = false;
        None
    });
    // Only what the documents link to is looked up on disk, not every file under the root.
    let mut targets: Vec<String> = library
        .documents
        .par_iter()
        .flat_map_iter(|d| {
            // Every place it may lead (`links::candidates`) is looked up.
            let root = crate::links::Root::of(&config.site);
            d.links.iter().flat_map(move |link| crate::links::candidates(root, &d.path, &link.value))
        })
        // A link `x/` may name the page of `x.md`: looked up too.
        .flat_map_iter(|t| {
            let page = crate::links::page_source(&t);
            std::iter::once(t).chain(page)
        })
        .collect();
    // Sorted on both threads here, so that the set below finds them in order and only
    // checks it, then takes out the repeats.
    targets.par_sort_unstable();
    let targets = BTreeSet::from_iter(targets);
    // Every document read has a page, wherever its collection folder is (hidden, or ignored:
    // charta.toml names it), and a link to it leads there: as the site links it, so the check
    // counts it. A file found but not read (too large, unreadable) has no page, and is looked
    // up like any other file: one in a hidden or ignored folder is withheld, never published.
    // The files found, less those not read (rare: the set is only filtered when there are any).
    if found_paths.len() != library.documents.len() {
        let read = |p: &String| library.documents.binary_search_by(|d| d.path.as_str().cmp(p)).is_ok();
        found_paths.retain(read);
    }
    let documents = found_paths;
    // Each other target looked up once. The sets are walked side by side
    // (`difference`, `intersection`), not each target looked up in the other: at 100,000
    // documents, 40 ms on one thread.
    let others: BTreeSet<String> = targets.difference(&documents).cloned().collect();
    let mut files = lookup.existing(&others);
    files.extend(targets.intersection(&documents).cloned());
    // Targets that are there but not for a site (hidden, ignored, a link): said so in the finding.
    let withheld: BTreeSet<String> = targets
        .difference(&files)
        .filter(|t| !t.is_empty() && std::fs::symlink_metadata(root.join(t)).is_ok())
        .cloned()
        .collect();
    // What git's history says of each document, read once for the rules and the site.
    // (None in a clone with only part of its history: nothing reads them.)
    let timelines = match history.as_mut().filter(|h| !h.incomplete()) {
        Some(h) => {
            // charta.toml's period changed, committed or not: every text is asked what its
            // approval approved (`history/review-period-lengthened`).
            h.read_every_text |= !config.given && h.periods_changed(config.review.period.as_ref());
            crate::timeline::of_library(&library.documents, h, &config.fields.aliases)
        }
        None => Vec::new(),
    };
    if let Some(h) = history.as_ref().filter(|h| !h.incomplete()) {
        review_caps::set(&mut library, &timelines, h, (&config, today));
    }
    // The roster's signing keys, when it lists any; and when `[evidence]` asks for evidence,
    // what the history's signatures say (not in a shallow clone, whose history is cut off).
    let (keyring, key_findings) = keys::keyring(root, &config, &roster, history.as_ref())?;
    findings.extend(key_findings);
    let verdicts = match history.as_ref().filter(|h| config.evidence.enabled() && !h.incomplete()) {
        Some(h) => {
            let mut verdicts = crate::evidence::Verdicts::of(h, &history::signatures::read(h)?, &keyring);
            if let Some((release, allowed)) = config.evidence.promotion() {
                verdicts.promotion = match history::promotion::read(h, release, allowed)? {
                    Some(routes) => crate::evidence::Promotion::Routes(routes),
                    None => crate::evidence::Promotion::Missing(release.to_owned()),
                };
            }
            Some(verdicts)
        }
        None => None,
    };
    // The forge whose signed web merges vouch for who made them: someone of the roster.
    let forge = match config.evidence.forge.as_deref() {
        Some(name) => Some(roster.index(name).with_context(|| {
            format!(
                "charta.toml: [evidence] forge = \"{}\" is no one in the roster: add the forge to {} as an entry (id: {0}) with the key it signs the merges made on its web pages with (GitHub's is published at https://github.com/web-flow.gpg)",
                crate::escape::visible(name),
                crate::escape::visible(&config.roster)
            )
        })?),
        None => None,
    };
    let approvals: Vec<Vec<crate::evidence::Approval>> = match (&history, &verdicts) {
        (Some(h), Some(verdicts)) => {
            let chain = crate::evidence::proof::Chain { history: h, verdicts, roster: &roster, forge };
            library
                .documents
                .par_iter()
                .zip(&timelines)
                .map(|(d, t)| crate::evidence::proof::approvals(d, t, &chain))
                .collect()
        }
        _ => Vec::new(),
    };
    // Where Markdown is, when no collection holds any: what `source/no-documents` points to.
    // Else the Markdown outside every collection that states what a controlled document does:
    // what `collection/uncovered-folder` points to.
    let (elsewhere, uncovered) = match library.documents.is_empty() {
        true => (load::markdown_under(root, &not_documents, excluded.clone()), Vec::new()),
        false => {
            let outside = load::outside_collections(root, &collections, &not_documents, excluded.clone());
            (Vec::new(), folders::controlled(root, outside, &config.fields.aliases))
        }
    };
    // One a document links to stays off the site, as the finding says: the link is to a file
    // there but not published.
    let (mut files, mut withheld) = (files, withheld);
    for path in &uncovered {
        if files.remove(path) {
            withheld.insert(path.clone());
        }
    }
    let registries = crate::rules::Registries {
        roster: &roster,
        config: &config,
        files: &files,
        withheld: &withheld,
        today,
        history: history.as_ref(),
        until: None,
        timelines: &timelines,
        verdicts: verdicts.as_ref(),
        approvals: &approvals,
        elsewhere: &elsewhere,
        missing_folders: &missing_folders(root, &config, &collections),
        uncovered: &uncovered,
    };
    stages.done(format_args!("looked up links, timelines and evidence"));
    // With the findings about files that could not become documents (unreadable, not UTF-8),
    // folders that could not be listed, and a history that could not be read.
    let findings = crate::rules::run(&library, &registries, findings);
    stages.done(format_args!("ran the rules"));
    let incomplete = history.as_ref().is_some_and(History::incomplete);
    let (history, timelines, approvals) =
        if incomplete { (None, Vec::new(), Vec::new()) } else { (history, timelines, approvals) };
    Ok(Analysis { config, roster, library, findings, history, incomplete, timelines, files, approvals })
}

/// Write a file that must not exist yet: created and written in one step, so that a file made
/// since it was looked for (by another process) is an error, not overwritten.
pub(crate) fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
}

/// Replace the file at `path` with `text` in one step: written beside it, with its permissions,
/// then renamed over it, so that a failed write leaves the file as it was.
pub(crate) fn write_replacing(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    let permissions =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.permissions();
    let mut file =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    file.as_file()
        .set_permissions(permissions)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path).map_err(|e| e.error).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// The root and the date every command works from.
fn resolve(common: &crate::cli::Common) -> Result<(PathBuf, Date)> {
    let cwd = std::env::current_dir()?;
    let root = find_root(common.root.as_deref(), &cwd)?;
    Ok((root, today(common)))
}

/// `--today`, else the local date. The one place charta reads the clock (`serve` asks again
/// for each build).
fn today(common: &crate::cli::Common) -> Date {
    common.today.unwrap_or_else(|| jiff::Zoned::now().date())
}

/// 1 when the run failed (a finding at or above the threshold, a refused build), else 0.
fn exit_code(failed: bool) -> std::process::ExitCode {
    if failed { std::process::ExitCode::from(1) } else { std::process::ExitCode::SUCCESS }
}
