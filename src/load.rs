//! Stage 1: find the Markdown files of each collection, in a stable order, and read them; what
//! cannot be listed or read is said why, as data (`rules::source` makes the findings).

use crate::config::{Collection, Config};
use crate::source::SourceFile;
use ignore::gitignore::Gitignore;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;
/// Largest file read into memory (a file a release links to, a past charta.toml).
pub const MAX_FILE_SIZE: u64 = 100 << 20;
/// Largest Markdown read, from disk or git: 50 times the corpora's largest; a page takes up to
/// 250 times its text in memory (a table of millions of cells: 16 MiB took 4 GB).
pub const MAX_MARKDOWN_SIZE: u64 = 4 << 20;

/// The collections to read: the configured ones, else `policies/` and `sop/` when present,
/// else the whole root.
pub fn collections(root: &Path, config: &Config) -> Vec<Collection> {
    collections_in(config, |dir| root.join(dir).is_dir())
}

/// The collections, given a way to tell whether a folder exists (on disk, or in a git tree).
pub fn collections_in(config: &Config, exists: impl Fn(&str) -> bool) -> Vec<Collection> {
    if !config.collections.is_empty() {
        return config.collections.clone();
    }
    let defaults: Vec<Collection> = [("policies", "policy"), ("sop", "sop")]
        .into_iter()
        .filter(|(dir, _)| exists(dir))
        .map(|(path, kind)| Collection {
            path: path.into(),
            kind: kind.into(),
            title: None,
            ..Default::default()
        })
        .collect();
    if defaults.is_empty() {
        vec![Collection { path: ".".into(), kind: "document".into(), title: None, ..Default::default() }]
    } else {
        defaults
    }
}

/// The first collection a root-relative path belongs to.
pub fn collection_of(collections: &[Collection], path: &str) -> Option<usize> {
    collections.iter().position(|c| {
        let dir = c.path.trim_matches('/');
        dir == "." || dir.is_empty() || path.starts_with(&format!("{dir}/"))
    })
}

/// Whether a walk of `collections` goes to the file at `path` (root-relative) as a document:
/// Markdown, in a collection, no hidden name nor `node_modules` below the collection's folder
/// (which charta.toml may name hidden). What charta.toml excludes is the caller's to say.
pub fn walked_to(collections: &[Collection], path: &str) -> bool {
    let Some(c) = collection_of(collections, path) else { return false };
    let dir = collections[c].path.trim_matches('/');
    let below = if dir == "." || dir.is_empty() {
        Some(path)
    } else {
        path.strip_prefix(dir).and_then(|p| p.strip_prefix('/'))
    };
    is_markdown(Path::new(path))
        && below.is_some_and(|b| {
            b.split('/').all(|part| !(part.is_empty() || part.starts_with('.') || part == "node_modules"))
        })
}

/// Whether the file at `path` (root-relative) is one the site publishes as a document: one a
/// walk of `collections` goes to ([`walked_to`]), not in the static folder `static_dir` (whose
/// files are published as they are), and not one charta.toml's `exclude` names (`excluded`).
pub fn site_document(
    collections: &[Collection],
    static_dir: &str,
    excluded: &ignore::gitignore::Gitignore,
    path: &str,
) -> bool {
    let static_dir = static_dir.trim_matches('/');
    let in_static = !static_dir.is_empty()
        && (path == static_dir || path.strip_prefix(static_dir).is_some_and(|p| p.starts_with('/')));
    walked_to(collections, path)
        && !in_static
        && !excluded.matched_path_or_any_parents(path, false).is_ignore()
}

/// Whether the file at `path` is Markdown by its name: `.md` or `.markdown`, in any case
/// (`POLICY.MD` is Markdown to git's forges and editors, so it is a document here too).
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A Markdown file's name without its ending (`.md` or `.markdown`, in any case); another
/// name as it is.
pub fn markdown_stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, ending)) if is_markdown(Path::new(name)) && !ending.contains('/') => stem,
        _ => name,
    }
}

/// A relative path as charta writes one: its components joined by `/`.
fn rel_string(rel: &Path) -> String {
    // A walk makes each path by joining a name to its folder's, so the part under the root is
    // nearly always written that way already: taken as it is, with no list of its components
    // made and joined again (a fifth of the walk's instructions, BENCHMARKS.md, twentieth
    // session).
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(written) = rel.to_str()
        && written.split('/').all(|part| !part.is_empty() && part != ".")
    {
        return written.to_owned();
    }
    joined(rel)
}

/// [`rel_string`] the long way, whatever the path: each component, `/` between them.
fn joined(rel: &Path) -> String {
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// A sorted walk that does not follow links and skips hidden folders, `node_modules` and `skip`;
/// what cannot be read is left out.
fn walk<'a>(dir: &Path, skip: &'a [PathBuf]) -> impl Iterator<Item = walkdir::DirEntry> + use<'a> {
    walk_all(dir, skip).filter_map(Result::ok)
}

/// [`walk`] with the errors: a folder that cannot be listed (its permissions, a path over the
/// system's limit) is an error in place of its entries, and the walk goes on past it.
fn walk_all<'a>(
    dir: &Path,
    skip: &'a [PathBuf],
) -> walkdir::FilterEntry<walkdir::IntoIter, impl FnMut(&walkdir::DirEntry) -> bool + use<'a>> {
    sorted_walk(dir).filter_entry(|e| walked_into(e, skip))
}

/// Every entry under `dir`, sorted, links not followed.
fn sorted_walk(dir: &Path) -> walkdir::IntoIter {
    WalkDir::new(dir)
        .follow_links(false)
        // By name: entries of one folder share their parent, so their whole paths compare as their
        // names do, without splitting each path into components for every comparison.
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
}

/// Whether a walk takes the entry: not hidden (below the folder walked), not `node_modules`, not
/// one of `skip`.
fn walked_into(e: &walkdir::DirEntry, skip: &[PathBuf]) -> bool {
    let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
    let skipped = skip.iter().any(|s| e.path() == s) || e.file_name() == "node_modules";
    !(hidden || skipped)
}

/// A Markdown file of a collection, found by the walk and not read yet.
#[derive(Debug, Clone)]
pub struct Found {
    pub rel_path: String,
    pub path: PathBuf,
    /// Index into the collections.
    pub collection: usize,
}

/// What a walk of the collections found.
#[derive(Debug, Default)]
pub struct Walked {
    /// The Markdown files, in walk order.
    pub found: Vec<Found>,
    /// The folders that could not be listed, each once: their documents are missing, the rest of
    /// the collection is read.
    pub unlisted: Vec<Unlisted>,
    /// The listing of every folder the walks went through, for [`Lookup::new`]; none from a
    /// collection whose walk met an error (a listing it made may lack what could not be read) or
    /// a name that is not UTF-8.
    pub listings: Listings,
}

/// A folder of a collection that the walk could not list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unlisted {
    /// Root-relative (`.` for the root), or as the system gave it when outside the root.
    pub path: String,
    /// The system's reason.
    pub why: String,
}

/// A file of a collection that was found but not read.
#[derive(Debug)]
pub enum Unread {
    /// Opening or reading it failed.
    Failed { rel_path: String, error: std::io::Error },
    /// It is larger than [`MAX_MARKDOWN_SIZE`].
    TooLarge { rel_path: String, size: u64 },
}

/// Walk every collection (sorted, hidden folders and `skip` excluded, links not followed): its
/// Markdown files, each once (the first collection holding it names it), in walk order. What
/// `exclude` names and what ignore files ignore ([`ignores::Ignores`]) is left out. Each
/// collection is walked as if it were the only one, so which files are documents does not
/// depend on the order charta.toml lists the collections in; only which collection names a
/// file two of them hold does.
pub fn list(root: &Path, collections: &[Collection], skip: &[PathBuf], exclude: Gitignore) -> Walked {
    use rayon::prelude::*;
    // Each collection walked on a thread of its own (the walk is one thread's work before any
    // document is parsed: a listing of every folder), then taken in order. Git's index, when a
    // walk needs it, is read once for them all.
    let git = ignores::Git::new(root);
    let walks: Vec<CollectionWalk> =
        collections
            .par_iter()
            .enumerate()
            .map(|(collection, c)| {
                let mut walk = CollectionWalk::default();
                let mut listings = Some(Listings::default());
                let mut ignores = ignores::Ignores::new(root, exclude.clone(), git.clone());
                walk_recorded(root, &root.join(&c.path), skip, &mut ignores, &mut listings, |entry| {
                    match entry {
                        Err(e) => walk.unlisted.extend(unlisted_folder(root, &e)),
                        Ok((rel_path, entry)) => {
                            if is_markdown(entry.path()) {
                                walk.found.push(Found { rel_path, path: entry.into_path(), collection });
                            }
                        }
                    }
                });
                walk.listings = listings;
                walk
            })
            .collect();
    let mut walked = Walked::default();
    // Each folder once, though two collections may both hold it.
    let mut unlisted = BTreeSet::new();
    for walk in walks {
        walked.found.extend(walk.found);
        unlisted.extend(walk.unlisted);
        // A walk's listings are its own folders' exactly, whatever another walk met.
        if let Some(listings) = walk.listings {
            for (folder, listing) in listings.folders {
                walked.listings.folders.entry(folder).or_insert(listing);
            }
        }
    }
    // A file two collections hold, named by the first (nothing to look for with one collection).
    if collections.len() > 1 {
        let mut seen = foldhash::HashSet::with_capacity_and_hasher(walked.found.len(), Default::default());
        let first: Vec<bool> = walked.found.iter().map(|f| seen.insert(f.rel_path.as_str())).collect();
        let mut first = first.into_iter();
        walked.found.retain(|_| first.next().unwrap_or(true));
    }
    walked.unlisted = unlisted.into_iter().collect();
    walked.listings.git = Some(git);
    walked
}

/// What the walk of one collection found, before the walks are taken in order.
#[derive(Default)]
struct CollectionWalk {
    found: Vec<Found>,
    unlisted: Vec<Unlisted>,
    /// None after an error.
    listings: Option<Listings>,
}

/// Each regular file under `dir` (sorted; hidden folders, `node_modules` and `skip` left out, no
/// link followed) that `ignores` keeps, with its root-relative path, and each error of the walk.
/// `dir` itself is walked whatever an ignore file says of it: charta.toml names it.
pub fn walk_kept(
    root: &Path,
    dir: &Path,
    skip: &[PathBuf],
    ignores: &mut ignores::Ignores,
    each: impl FnMut(Result<(String, walkdir::DirEntry), walkdir::Error>),
) {
    walk_recorded(root, dir, skip, ignores, &mut None, each);
}

/// [`walk_kept`], and in `listings` (when Some) every entry of each folder it goes through,
/// hidden and ignored ones too; None after an error.
fn walk_recorded(
    root: &Path,
    dir: &Path,
    skip: &[PathBuf],
    ignores: &mut ignores::Ignores,
    listings: &mut Option<Listings>,
    mut each: impl FnMut(Result<(String, walkdir::DirEntry), walkdir::Error>),
) {
    let mut entries = sorted_walk(dir);
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                *listings = None;
                each(Err(e));
                continue;
            }
        };
        let rel_path = entry.path().strip_prefix(root).ok().map(rel_string);
        if let (Some(listings), Some(rel_path)) = (listings.as_mut(), &rel_path)
            && entry.depth() > 0
        {
            listings.record(rel_path, &entry);
        }
        let is_dir = entry.file_type().is_dir();
        if !walked_into(&entry, skip) {
            if is_dir {
                entries.skip_current_dir();
            }
            continue;
        }
        let Some(rel_path) = rel_path else { continue };
        if entry.depth() > 0 && ignores.skips(&rel_path, is_dir) {
            if is_dir {
                entries.skip_current_dir();
            }
        } else if is_dir {
            ignores.enter(&rel_path);
        } else if entry.file_type().is_file() {
            each(Ok((rel_path, entry)));
        }
    }
}

/// The folder (or file) an error of the walk names, and why. None for what is not there (a
/// collection folder that does not exist, an entry removed during the walk).
fn unlisted_folder(root: &Path, e: &walkdir::Error) -> Option<Unlisted> {
    let io = e.io_error();
    if io.is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) {
        return None;
    }
    let path = e.path()?;
    let rel = path.strip_prefix(root).map(rel_string).unwrap_or_else(|_| path.display().to_string());
    let path = if rel.is_empty() { ".".to_owned() } else { rel };
    let why = io.map_or_else(|| e.to_string(), ToString::to_string);
    Some(Unlisted { path, why })
}

/// Read one file (its size checked on the open file, so the walk itself stays a listing). A file
/// that cannot be read is said why, not an error.
pub fn read(found: Found) -> Result<SourceFile, Unread> {
    use std::io::Read as _;
    let Found { rel_path, path, collection } = found;
    let failed = |error| Unread::Failed { rel_path: rel_path.clone(), error };
    // A name that is not UTF-8 cannot be named in findings, pages and links as it is (the
    // build reads each text again by its name): left out, with a finding that says so.
    if path.to_str().is_none() {
        let why = "its name is not valid UTF-8 (shown with \u{FFFD}); rename it";
        return Err(failed(std::io::Error::new(std::io::ErrorKind::InvalidData, why)));
    }
    let (file, size) = open_regular(&path).map_err(failed)?;
    if size > MAX_MARKDOWN_SIZE {
        return Err(Unread::TooLarge { rel_path, size });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Never more than the limit, even if the file grows while it is read.
    file.take(MAX_MARKDOWN_SIZE).read_to_end(&mut bytes).map_err(failed)?;
    let (text, invalid_at) = SourceFile::decode_owned(bytes);
    Ok(SourceFile { rel_path, text, collection, invalid_at })
}

mod files;
pub mod ignores;
use files::open_regular;
pub use files::{read_again, read_whole};
mod markdown;
pub use markdown::{every_markdown_under, markdown_under, outside_collections};
mod lookup;
pub use lookup::{Listings, Lookup};
#[cfg(test)]
mod tests;
