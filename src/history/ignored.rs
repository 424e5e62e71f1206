//! Stage 1 (I/O): which files git tracks, for the walks that decide what is read and what may be
//! published (a tracked file is never ignored: every clean checkout has it).

use git2::Repository;
use std::path::{Path, PathBuf};

/// The files git tracks in the repository holding a folder (its index). The ignore rules
/// themselves are read from the repository's ignore files by `load`, the same on every machine:
/// not git's, which add each clone's `.git/info/exclude` and the user's excludes file.
pub struct Ignored {
    index: Option<git2::Index>,
    /// The folder, relative to the repository's working tree.
    prefix: PathBuf,
}

/// Where `root` is inside the working tree of the git repository holding it (`isms` for a
/// charta site in a folder of a larger repository; "" at the top); None outside git.
pub fn folder_in_repository(root: &Path) -> Option<String> {
    let repo = Repository::discover(root).ok()?;
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let prefix = root.canonicalize().ok()?.strip_prefix(&workdir).ok()?.to_owned();
    Some(prefix.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
}

impl Ignored {
    /// None outside a git repository (or in a bare one).
    pub fn of(root: &Path) -> Option<Ignored> {
        let repo = Repository::discover(root).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let prefix = root.strip_prefix(&workdir).ok()?.to_owned();
        let index = repo.index().ok();
        Some(Ignored { index, prefix })
    }

    /// Whether git tracks the file `rel`.
    pub fn tracks(&self, rel: &str) -> bool {
        let path = self.prefix.join(rel);
        self.index.as_ref().is_some_and(|index| index.get_path(&path, 0).is_some())
    }

    /// Whether git tracks a file under the folder `rel`.
    pub fn tracks_under(&self, rel: &str) -> bool {
        let Some(index) = &self.index else { return false };
        let prefix = self.prefix.join(rel);
        let mut prefix = prefix.to_string_lossy().replace('\\', "/");
        prefix.push('/');
        index
            .find_prefix(prefix.as_bytes())
            .is_ok_and(|at| index.get(at).is_some_and(|entry| entry.path.starts_with(prefix.as_bytes())))
    }
}
