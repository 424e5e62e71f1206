//! Stage 1 (I/O): which files git ignores, for the walk that decides what may be published.

use git2::Repository;
use std::path::{Path, PathBuf};

/// Git's own ignore rules for the repository holding a folder: every `.gitignore` on the way,
/// `.git/info/exclude` and the user's excludes file, as git applies them (a file under an
/// ignored folder stays ignored whatever a deeper `!` says); a file git tracks is never ignored,
/// since every clean checkout has it.
pub struct Ignored {
    repo: Repository,
    index: Option<git2::Index>,
    /// The folder, relative to the repository's working tree.
    prefix: PathBuf,
}

impl Ignored {
    /// None outside a git repository (or in a bare one).
    pub fn of(root: &Path) -> Option<Ignored> {
        let repo = Repository::discover(root).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let prefix = root.strip_prefix(&workdir).ok()?.to_owned();
        let index = repo.index().ok();
        Some(Ignored { repo, index, prefix })
    }

    /// Whether git ignores `rel` (relative to the folder given to [`Ignored::of`]).
    pub fn ignores(&self, rel: &str) -> bool {
        let path = self.prefix.join(rel);
        let tracked = self.index.as_ref().is_some_and(|index| index.get_path(&path, 0).is_some());
        !tracked && self.repo.is_path_ignored(&path).unwrap_or(false)
    }
}
