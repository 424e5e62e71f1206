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
    folders: foldhash::HashMap<String, Vec<Gitignore>>,
    /// Which files git tracks, when the root is in a repository.
    git: Option<crate::history::Ignored>,
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
    pub fn new(root: &'a Path, exclude: Gitignore) -> Self {
        // Not `.git/info/exclude` nor the user's excludes file: each clone has its own, and the
        // same repository must give the same site on every machine.
        let git = crate::history::Ignored::of(root);
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
        let excluded = || self.exclude.matched_path_or_any_parents(self.root.join(rel), is_dir);
        if !self.exclude.is_empty() && excluded().is_ignore() {
            return true;
        }
        let within = |folder: &String| rel.strip_prefix(folder.as_str()).is_some_and(|r| r.starts_with('/'));
        if self.tracked_in_ignored.iter().any(within) {
            return !self.tracked(rel, is_dir);
        }
        let folders = rel.rmatch_indices('/').map(|(at, _)| &rel[..at]).chain([""]);
        let mut matchers = folders.flat_map(|f| self.folders.get(f).into_iter().flatten()).peekable();
        // No ignore file above it (the most common case): no path to make.
        if matchers.peek().is_none() {
            return false;
        }
        let path = self.root.join(rel);
        {
            for matcher in matchers {
                match matcher.matched(&path, is_dir) {
                    Match::Ignore(_) if self.tracked(rel, is_dir) => {
                        if is_dir {
                            self.tracked_in_ignored.push(rel.to_owned());
                        }
                        return false;
                    }
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
        }
        false
    }

    fn tracked(&self, rel: &str, is_dir: bool) -> bool {
        self.git.as_ref().is_some_and(|git| if is_dir { git.tracks_under(rel) } else { git.tracks(rel) })
    }
}
