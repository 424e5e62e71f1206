//! Stage 1: which link targets exist as a walk of the repository's root would find them, each
//! folder listed once (or taken from the walk's own listing), with the same rules as the walk:
//! hidden names, `node_modules`, skipped folders, ignore files, charta.toml's `exclude`.

use super::{ignores, rel_string, walk};
use ignore::gitignore::Gitignore;
use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// What [`Lookup::existing`] works with, and the folders it has looked at so far: one lookup asked
/// several times lists each folder once (check asks for the documents, then for the other files
/// they link to, which are mostly in the same folders).
pub struct Lookup<'a> {
    root: &'a Path,
    skip: &'a [PathBuf],
    skip_rel: Vec<String>,
    /// By root-relative path ("" is the root), each listed once: its listing, or None when a
    /// walk of the root would not reach it.
    folders: foldhash::HashMap<String, Option<Listing>>,
    /// Folders a walk listed, taken into `folders` when a look-up first reaches them.
    listed: foldhash::HashMap<String, Listing>,
    /// Which files git tracks, when the root is in a repository: never ignored.
    git: ignores::Git,
    /// The `.ignore`, then the `.gitignore`, of each folder listed that has them, by
    /// root-relative path: the same rules, read from the same files, on every machine (not
    /// git's, which add each clone's `.git/info/exclude` and the user's excludes file).
    ignores: ignores::ByFolder,
    /// charta.toml's `exclude`.
    exclude: &'a Gitignore,
}

/// The names in a folder and their types (links as links). Hashed with foldhash, as are the
/// folders looked at: every document the walk found is looked up here, on one thread, before
/// any is parsed (BENCHMARKS.md, twentieth session).
type Listing = foldhash::HashMap<OsString, std::fs::FileType>;

impl<'a> Lookup<'a> {
    /// `listings`: folders a walk has just listed whole (see [`Walked::listings`]), each used
    /// in place of listing it again.
    pub fn new(root: &'a Path, skip: &'a [PathBuf], exclude: &'a Gitignore, listings: Listings) -> Self {
        let Listings { folders, git, .. } = listings;
        Lookup {
            listed: folders,
            root,
            skip,
            // As root-relative paths, the form of the targets: compared as strings, not joined to
            // the root and compared component by component for every name.
            skip_rel: skip.iter().filter_map(|s| s.strip_prefix(root).ok().map(rel_string)).collect(),
            folders: Default::default(),
            git: git.unwrap_or_else(|| ignores::Git::new(root)),
            ignores: Default::default(),
            exclude,
        }
    }

    /// Of `targets` (root-relative paths that documents link to), those that exist as a walk of the
    /// root would find them: a regular file, or a folder holding one, reached without following
    /// links, not through a hidden folder, `node_modules` or `skip`, tracked by git in a git
    /// repository (outside one, not ignored by a `.gitignore` or `.ignore` on the way), not
    /// excluded by charta.toml, every name
    /// matching exactly
    /// (also where the file system ignores case, so that a link that works here works on the web
    /// server). Only the folders on the way to a target are listed, each once: the cost follows the
    /// links, not what else the repository holds (a build folder, a virtual environment).
    pub fn existing(&mut self, targets: &BTreeSet<String>) -> BTreeSet<String> {
        targets.iter().filter(|target| self.exists(target)).cloned().collect()
    }

    /// Whether one target exists (see [`Lookup::existing`]).
    fn exists(&mut self, target: &str) -> bool {
        let (parent, name) = target.rsplit_once('/').unwrap_or(("", target));
        if !self.walkable(target, name) {
            return false;
        }
        let Some(kind) = self.folder(parent).and_then(|l| l.get(OsStr::new(name))).copied() else {
            return false;
        };
        if self.ignored(target, kind.is_dir()) {
            return false;
        }
        kind.is_file()
            || (kind.is_dir() && walk(&self.root.join(target), self.skip).any(|e| e.file_type().is_file()))
    }

    /// Whether `target` is left out (a file a clean checkout lacks is not there to link to or
    /// publish): excluded by charta.toml; in a git repository, not tracked by git (a file an
    /// earlier step of a CI job wrote into the checkout, such as a cloud credential, is not the
    /// repository's to publish, whatever the `.gitignore` a pull request brings says); outside
    /// one, ignored itself or in a folder that is ignored (as git has it, a `!` deeper down does
    /// not bring it back).
    fn ignored(&self, target: &str, is_dir: bool) -> bool {
        if ignores::excluded(self.exclude, self.root, target, is_dir) {
            return true;
        }
        match self.git.holds(target, is_dir) {
            Some(tracked) => !tracked,
            None => self.an_ignore_file_leaves_out(target, is_dir),
        }
    }

    /// Whether an ignore file of the folders listed ignores `rel` or a folder above it (git
    /// tracking it or not).
    fn an_ignore_file_leaves_out(&self, rel: &str, is_dir: bool) -> bool {
        let says_ignored =
            |rel, is_dir| ignores::nearest_say(self.root, &self.ignores, rel, is_dir) == Some(true);
        let mut folders = rel.match_indices('/').map(|(at, _)| &rel[..at]);
        folders.any(|folder| says_ignored(folder, true)) || says_ignored(rel, is_dir)
    }

    /// Whether a walk goes into the entry `name` at `rel`: not hidden, not `node_modules`, not
    /// skipped.
    fn walkable(&self, rel: &str, name: &str) -> bool {
        let excluded = name.is_empty() || name.starts_with('.') || name == "node_modules";
        !(excluded || self.skip_rel.iter().any(|s| s == rel))
    }

    /// The listing of the folder at `rel`, when a walk of the root reaches it.
    fn folder(&mut self, rel: &str) -> Option<&Listing> {
        if !self.folders.contains_key(rel) {
            // From the root down, each folder on the way not looked at yet; the first one a walk
            // would not reach settles it (a link may name thousands of folders that do not exist).
            let ends = std::iter::once(0).chain(rel.match_indices('/').map(|(i, _)| i)).chain([rel.len()]);
            for end in ends {
                let here = &rel[..end];
                if self.folders.contains_key(here) {
                    continue;
                }
                let reached = here.is_empty() || {
                    let (parent, name) = here.rsplit_once('/').unwrap_or(("", here));
                    self.walkable(here, name)
                        && self
                            .folders
                            .get(parent)
                            .and_then(Option::as_ref)
                            .and_then(|l| l.get(OsStr::new(name)))
                            .is_some_and(std::fs::FileType::is_dir)
                };
                if !reached {
                    self.folders.insert(rel.to_owned(), None);
                    break;
                }
                let listing = self.listed.remove(here).unwrap_or_else(|| list_folder(&self.root.join(here)));
                // A pattern git would reject is skipped, as git skips it.
                let matchers: Vec<Gitignore> = [".ignore", ".gitignore"]
                    .into_iter()
                    .filter(|name| listing.get(OsStr::new(name)).is_some_and(std::fs::FileType::is_file))
                    .map(|name| Gitignore::new(self.root.join(here).join(name)).0)
                    .collect();
                if !matchers.is_empty() {
                    self.ignores.insert(here.to_owned(), matchers);
                }
                self.folders.insert(here.to_owned(), Some(listing));
            }
        }
        self.folders.get(rel).and_then(Option::as_ref)
    }
}

/// The names in a folder and their types; nothing for a folder that cannot be read, as a walk
/// would skip it.
fn list_folder(dir: &Path) -> Listing {
    let Ok(entries) = std::fs::read_dir(dir) else { return Listing::default() };
    entries.filter_map(Result::ok).filter_map(|e| Some((e.file_name(), e.file_type().ok()?))).collect()
}

/// Folders listed whole by a walk, by root-relative path ("" is the root): a [`Lookup`] given
/// them does not list them again (a collection folder of 5,000 documents is a tenth of check's
/// serial start, BENCHMARKS.md, 22nd session).
#[derive(Debug, Default)]
pub struct Listings {
    pub(super) folders: foldhash::HashMap<String, Listing>,
    /// The walk met a name that is not UTF-8: charta's paths (written with U+FFFD in its place)
    /// may then name two files as one, or a file that is not there, so the walk records no
    /// listing from then on (and drops those it had): a look-up lists those folders itself.
    pub(super) inexact: bool,
    /// Which files git tracks, as the walks read it (if they had to): not read again.
    pub(super) git: Option<ignores::Git>,
}

impl Listings {
    /// Each entry of a folder the walk is in, hidden or not, as its listing would have it.
    pub(super) fn record(&mut self, rel_path: &str, entry: &walkdir::DirEntry) {
        if self.inexact {
            return;
        }
        if entry.file_name().to_str().is_none() {
            self.inexact = true;
            self.folders.clear();
            return;
        }
        let folder = rel_path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let listing = match self.folders.get_mut(folder) {
            Some(listing) => listing,
            None => self.folders.entry(folder.to_owned()).or_default(),
        };
        listing.insert(entry.file_name().to_owned(), entry.file_type());
    }
}

#[cfg(test)]
mod tests;
