//! Stage 1: which files of a collection are not documents: what `exclude` of charta.toml names,
//! and what `.gitignore` and `.ignore` files inside the repository ignore (a file git tracks
//! excepted, as every checkout has it).

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::Path;

/// The ignore files of the folders a walk has entered, and charta.toml's `exclude`.
pub struct Ignores<'a> {
    root: &'a Path,
    /// charta.toml's `exclude`: patterns in `.gitignore` syntax, from the root.
    exclude: Gitignore,
    /// By root-relative folder ("" is the root), each folder entered: its `.ignore`, then its
    /// `.gitignore` (the first with a say decides).
    folders: ByFolder,
    /// Which files git tracks, when the root is in a repository.
    git: Git,
    /// Ignored folders that hold a file git tracks: entered, and only tracked files in them kept.
    tracked_in_ignored: Vec<String>,
}

/// charta.toml's `exclude` as one matcher; the error names the pattern git's syntax rejects.
pub fn exclude(root: &Path, patterns: &[String]) -> Result<Gitignore, String> {
    let mut builder = GitignoreBuilder::new(root);
    for pattern in patterns {
        builder.add_line(None, pattern).map_err(|e| {
            format!(
                "`exclude`: `{}` is not a pattern ({e}); write them as in .gitignore: `vendor/`, `drafts/**/*.md`",
                crate::escape::visible(pattern)
            )
        })?;
    }
    builder.build().map_err(|e| format!("`exclude`: {e}"))
}

impl<'a> Ignores<'a> {
    /// `git`: which files git tracks, read at most once however many walks share it.
    pub fn new(root: &'a Path, exclude: Gitignore, git: Git) -> Self {
        // Not `.git/info/exclude` nor the user's excludes file: each clone has its own, and the
        // same repository must give the same site on every machine.
        Ignores { root, exclude, folders: Default::default(), git, tracked_in_ignored: Vec::new() }
    }

    /// Read the ignore files of the folder at `rel` and of every folder above it up to the root,
    /// each folder once. A pattern git would reject is skipped, as git skips it.
    pub fn enter(&mut self, rel: &str) {
        let ends = std::iter::once(0).chain(rel.match_indices('/').map(|(i, _)| i)).chain([rel.len()]);
        for end in ends {
            let here = &rel[..end];
            if self.folders.contains_key(here) {
                continue;
            }
            let dir = self.root.join(here);
            let found = [".ignore", ".gitignore"]
                .iter()
                .map(|name| dir.join(name))
                .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()))
                .map(|p| Gitignore::new(p).0)
                .collect();
            self.folders.insert(here.to_owned(), found);
        }
    }

    /// Whether the entry at `rel` (root-relative) is left out: excluded by charta.toml, or
    /// ignored by the nearest ignore file with a say and not tracked by git (for a folder: no
    /// file under it tracked).
    pub fn skips(&mut self, rel: &str, is_dir: bool) -> bool {
        if excluded(&self.exclude, self.root, rel, is_dir) {
            return true;
        }
        if within_any(&self.tracked_in_ignored, rel) {
            return !self.git.tracked(rel, is_dir);
        }
        match nearest_say(self.root, &self.folders, rel, is_dir) {
            Some(true) if self.git.tracked(rel, is_dir) => {
                if is_dir {
                    self.tracked_in_ignored.push(rel.to_owned());
                }
                false
            }
            Some(ignored) => ignored,
            None => false,
        }
    }
}

/// Whether `rel` is under one of `folders` (root-relative paths, each without a closing `/`).
fn within_any(folders: &[String], rel: &str) -> bool {
    folders.iter().any(|folder| rel.strip_prefix(folder.as_str()).is_some_and(|r| r.starts_with('/')))
}

/// Each folder's ignore files (its `.ignore`, then its `.gitignore`), by root-relative path ("" is
/// the root).
pub(super) type ByFolder = foldhash::HashMap<String, Vec<Gitignore>>;

/// Whether charta.toml's `exclude` names `rel` (root-relative) or a folder above it. No path is
/// made when it names nothing (most charta.toml files).
pub(super) fn excluded(exclude: &Gitignore, root: &Path, rel: &str, is_dir: bool) -> bool {
    !exclude.is_empty() && exclude.matched_path_or_any_parents(root.join(rel), is_dir).is_ignore()
}

/// What the nearest ignore file above `rel` (root-relative) with a say about it says: ignored
/// (`Some(true)`), kept by a `!` pattern (`Some(false)`), or nothing. No path is made when no
/// folder above it has an ignore file (the most common case).
pub(super) fn nearest_say(root: &Path, by_folder: &ByFolder, rel: &str, is_dir: bool) -> Option<bool> {
    let folders = rel.rmatch_indices('/').map(|(at, _)| &rel[..at]).chain([""]);
    let mut matchers = folders.flat_map(|folder| by_folder.get(folder).into_iter().flatten()).peekable();
    matchers.peek()?;
    let path = root.join(rel);
    matchers.find_map(|matcher| match matcher.matched(&path, is_dir) {
        Match::Ignore(_) => Some(true),
        Match::Whitelist(_) => Some(false),
        Match::None => None,
    })
}

/// Which files git tracks, when the root is in a repository: read from git's index the first
/// time an ignore file ignores something, which in most repositories is never (the index is read
/// whole and its checksum verified: a few milliseconds at 10,000 files). One reading shared by
/// its clones: the walks of the collections, on their threads, and the look-up of linked files
/// after them (each read it again when each had its own: once per collection that held an
/// ignored file).
#[derive(Clone)]
pub struct Git(std::sync::Arc<GitIndex>);

struct GitIndex {
    root: std::path::PathBuf,
    index: std::sync::OnceLock<Option<std::sync::Mutex<crate::history::Ignored>>>,
}

impl std::fmt::Debug for Git {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Git").field("root", &self.0.root).finish_non_exhaustive()
    }
}

impl Git {
    pub fn new(root: &Path) -> Self {
        Git(std::sync::Arc::new(GitIndex { root: root.to_owned(), index: std::sync::OnceLock::new() }))
    }

    /// Whether git's index has been read (by this or by a clone of it).
    #[cfg(test)]
    pub(super) fn is_read(&self) -> bool {
        self.0.index.get().is_some()
    }

    /// Whether git tracks the file at `rel`, or for a folder any file under it.
    pub(super) fn tracked(&self, rel: &str, is_dir: bool) -> bool {
        self.holds(rel, is_dir) == Some(true)
    }

    /// Whether git tracks the file at `rel` (for a folder, any file under it); None when the
    /// root is in no git repository, which has nothing to say.
    pub fn holds(&self, rel: &str, is_dir: bool) -> Option<bool> {
        let index =
            self.0.index.get_or_init(|| crate::history::Ignored::of(&self.0.root).map(std::sync::Mutex::new));
        let git = index.as_ref()?.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A root git tracks nothing of (in a repository of a home directory, say) is as good as
        // outside git: its ignore files decide.
        git.tracks_any().then(|| if is_dir { git.tracks_under(rel) } else { git.tracks(rel) })
    }
}
