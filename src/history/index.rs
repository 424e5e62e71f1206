//! Edge (git): whether a file is one a repository holds, as `confine::given` asks of a link on
//! a path given on the command line.

use std::path::Path;

/// Whether the file `name` in `folder` (a real path) is one a git repository holds: in the
/// index of the working tree `folder` is in. Where the index cannot be read, it is taken to be.
pub fn holds(folder: &Path, name: &std::ffi::OsStr) -> bool {
    let Some(top) = folder.ancestors().find(|a| a.join(".git").exists()) else { return false };
    let Ok(repo) = git2::Repository::open(top) else { return true };
    let Ok(index) = repo.index() else { return true };
    let Ok(rel) = folder.join(name).strip_prefix(top).map(Path::to_owned) else { return true };
    let rel = rel.to_string_lossy().replace('\\', "/");
    index.get_path(Path::new(&rel), 0).is_some()
}
