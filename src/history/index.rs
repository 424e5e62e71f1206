//! Edge (git): whether a file is one a repository holds, as `confine::given` asks of a link on
//! a path given on the command line.

use std::path::Path;

/// Whether the index of the repository that holds `root` has anything at or under `folder` (a
/// real path in it): a file committed there, or a submodule there, in any letter case (a
/// checkout on macOS or Windows writes `.Charta-Cache/` into `.charta-cache/`). The repository
/// is `root`'s, never one found inside `folder`. False outside a repository, and where its
/// index cannot be read (libgit2 reads no split or sparse index: a checkout's own setting, which
/// no pull request's files choose).
pub fn tracks_under(root: &Path, folder: &Path) -> bool {
    let Ok(repo) = git2::Repository::discover(root) else { return false };
    let Some(top) = repo.workdir().and_then(|w| w.canonicalize().ok()) else { return false };
    let real = folder.canonicalize().unwrap_or_else(|_| folder.to_owned());
    let Ok(rel) = real.strip_prefix(&top) else { return false };
    let rel = rel.to_string_lossy().replace('\\', "/");
    let rel = rel.trim_matches('/').as_bytes();
    let Ok(index) = repo.index() else { return false };
    // Compared as bytes, in any case: no string made for each of the index's entries.
    index.iter().any(|e| {
        let (head, rest) = e.path.split_at(rel.len().min(e.path.len()));
        head.eq_ignore_ascii_case(rel) && (rel.is_empty() || rest.is_empty() || rest[0] == b'/')
    })
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

#[cfg(test)]
mod tests {
    use super::tracks_under;

    /// A repository at a new folder whose index holds `entries` (path, mode).
    fn repository(entries: &[(&str, u32)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let blob = repo.blob(b"x").unwrap();
        let mut index = repo.index().unwrap();
        for (path, mode) in entries {
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: *mode,
                uid: 0,
                gid: 0,
                file_size: 1,
                id: blob,
                flags: path.len() as u16,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).unwrap();
        }
        index.write().unwrap();
        dir
    }

    /// Bug (a cold review): a pull request's cache folder went unseen as a submodule (one
    /// gitlink entry, `.charta-cache`, with no file under it in the index; and its own `.git`
    /// was taken for the repository's) or in another letter case (`.Charta-Cache/`, one
    /// folder on macOS and Windows).
    #[test]
    fn a_folder_is_tracked_by_a_file_under_it_a_submodule_there_or_another_case() {
        for (entries, tracked) in [
            (&[(".charta-cache/replaced-site/index.html", 0o100644)][..], true),
            (&[(".charta-cache", 0o160000)][..], true),
            (&[(".Charta-Cache/code.bin", 0o100644)][..], true),
            (&[(".charta-cache-old/code.bin", 0o100644), ("policies/a.md", 0o100644)][..], false),
        ] {
            let dir = repository(entries);
            let folder = dir.path().join(".charta-cache");
            std::fs::create_dir_all(&folder).unwrap();
            // A submodule's checkout holds a `.git` of its own: not the repository asked of.
            std::fs::write(folder.join(".git"), "gitdir: elsewhere\n").unwrap();
            assert_eq!(tracks_under(dir.path(), &folder), tracked, "{entries:?}");
        }
    }
}
