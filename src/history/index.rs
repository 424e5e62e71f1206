//! Edge (git): whether a file is one a repository holds, as `confine::given` asks of a link on
//! a path given on the command line.

use std::path::Path;

/// Whether git's index holds any file under `folder` (a real path): a folder committed to the
/// repository. False outside a repository, or where the index cannot be read.
pub fn tracks_under(folder: &Path) -> bool {
    let Some(top) = folder.ancestors().find(|a| a.join(".git").exists()) else { return false };
    let Ok(rel) = folder.strip_prefix(top) else { return false };
    let rel = format!("{}/", rel.to_string_lossy().replace('\\', "/").trim_end_matches('/'));
    let Ok(index) = git2::Repository::open(top).and_then(|r| r.index()) else { return false };
    index.iter().any(|e| e.path.starts_with(rel.as_bytes()))
}

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
