//! Stage 1 (I/O): which files git tracks, for the walks that decide what is read and what may be
//! published (a tracked file is never ignored: every clean checkout has it).

use git2::Repository;
use std::path::{Path, PathBuf};

/// The files git tracks in the repository holding a folder (its index). The ignore rules
/// themselves are read from the repository's ignore files by `load`, the same on every machine:
/// not git's, which add each clone's `.git/info/exclude` and the user's excludes file.
/// The index's paths are kept, not libgit2's index itself, so that the walks of the collections,
/// each on a thread of its own, can share one reading of it.
pub struct Ignored {
    /// Each path the index holds, as git writes it (from the working tree's top, `/` between
    /// names), sorted as git sorts them, with whether it is there at stage 0 (not only as a side
    /// of a conflicted merge).
    paths: Vec<(Box<[u8]>, bool)>,
    /// The folder, relative to the repository's working tree.
    prefix: PathBuf,
}

/// How deep submodules within submodules are followed.
const SUBMODULE_DEPTH: usize = 4;

/// The paths the index of the submodule checked out at `gitlink` (as the index of the
/// repository whose working tree is `workdir` writes it) tracks, put in `paths` as that index
/// would write them; those of its own submodules too, `depth` levels down. Nothing when no
/// repository of its own is checked out there.
fn submodule_paths(
    (top, workdir): (&Path, &Path),
    gitlink: &[u8],
    depth: usize,
    paths: &mut Vec<(Box<[u8]>, bool)>,
) {
    let Ok(name) = std::str::from_utf8(gitlink) else { return };
    let Ok(folder) = workdir.join(name).canonicalize() else { return };
    // Nothing outside the top repository's working tree is read, wherever a link leads.
    if !folder.starts_with(top) {
        return;
    }
    let Some(index) = submodule_index(top, &folder) else { return };
    for entry in index.iter() {
        let stage0 = (entry.flags >> 12) & 0x3 == 0;
        if entry.mode == 0o160000 && depth > 0 {
            let mut inner = Vec::new();
            submodule_paths((top, &folder), &entry.path, depth - 1, &mut inner);
            paths.extend(inner.into_iter().map(|(p, s)| (prefixed(gitlink, &p), s)));
        }
        paths.push((prefixed(gitlink, &entry.path), stage0));
    }
}

/// The index of the repository checked out at `folder`, a submodule's: not the one holding
/// it, found upwards from an empty folder. Where git refuses to open it for its owner (a CI
/// container's checkout, whose top folder alone is a `safe.directory`), its index file is read
/// as it is, through the `.git` its checkout made: only the paths it lists are read of it.
fn submodule_index(top: &Path, folder: &Path) -> Option<git2::Index> {
    match Repository::open(folder) {
        Ok(repo) => {
            let own = repo.workdir()?.canonicalize().ok()?;
            (own == folder).then(|| repo.index().ok()).flatten()
        }
        Err(e) if e.code() == git2::ErrorCode::Owner => index_file(top, folder),
        Err(_) => None,
    }
}

/// The index file of the checkout at `folder`, read through its `.git`: a folder, or a file
/// naming one (`gitdir: ../.git/modules/name`, as `git submodule` writes it); never one outside
/// `top`, the working tree holding them all (canonical), whatever the file names.
fn index_file(top: &Path, folder: &Path) -> Option<git2::Index> {
    let dot_git = folder.join(".git");
    let git_dir = match std::fs::symlink_metadata(&dot_git).ok()? {
        meta if meta.is_dir() => dot_git,
        meta if meta.is_file() => {
            let text = crate::load::read_whole(&dot_git).ok()?;
            folder.join(text.lines().next()?.strip_prefix("gitdir:")?.trim())
        }
        _ => return None,
    };
    let index = git_dir.join("index").canonicalize().ok()?;
    index.starts_with(top).then(|| git2::Index::open(&index).ok()).flatten()
}

/// `path` under the folder `gitlink`, as an index writes it.
fn prefixed(gitlink: &[u8], path: &[u8]) -> Box<[u8]> {
    [gitlink, b"/", path].concat().into_boxed_slice()
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
        // The stage is two bits of the flags (libgit2's GIT_INDEX_ENTRY_STAGESHIFT).
        let index = repo.index().ok();
        let gitlinks: Vec<Box<[u8]>> = (index.iter().flat_map(git2::Index::iter))
            .filter(|entry| entry.mode == 0o160000)
            .map(|entry| entry.path.into_boxed_slice())
            .collect();
        let mut paths: Vec<(Box<[u8]>, bool)> = (index.iter().flat_map(git2::Index::iter))
            .map(|entry| (entry.path.into_boxed_slice(), (entry.flags >> 12) & 0x3 == 0))
            .collect();
        // What a submodule checked out tracks, as its own index says: not every file under its
        // folder (a gitlink committed with no submodule behind it is an empty folder in a
        // clone, where a CI step may write).
        for gitlink in &gitlinks {
            submodule_paths((&workdir, &workdir), gitlink, SUBMODULE_DEPTH, &mut paths);
        }
        // Sorted already in any index git writes; a path at several stages is kept once.
        paths.sort_by(|a, b| a.0.cmp(&b.0));
        paths.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            kept.1 |= same && later.1;
            same
        });
        Some(Ignored { paths, prefix })
    }

    /// `rel` (root-relative) as the index writes it.
    fn in_index(&self, rel: &str) -> Vec<u8> {
        let path = self.prefix.join(rel);
        let bytes = path.as_os_str().as_encoded_bytes();
        if cfg!(windows) {
            bytes.iter().map(|&b| if b == b'\\' { b'/' } else { b }).collect()
        } else {
            bytes.to_vec()
        }
    }

    /// Whether git tracks the file `rel`: the index holds it, or that of a submodule checked
    /// out that it is in.
    pub fn tracks(&self, rel: &str) -> bool {
        let path = self.in_index(rel);
        self.paths.binary_search_by(|(p, _)| (**p).cmp(&path[..])).is_ok_and(|at| self.paths[at].1)
    }

    /// Whether git tracks a file under the folder `rel`.
    pub fn tracks_under(&self, rel: &str) -> bool {
        let mut prefix = self.in_index(rel);
        prefix.push(b'/');
        let at = self.paths.partition_point(|(p, _)| **p < prefix[..]);
        self.paths.get(at).is_some_and(|(p, _)| p.starts_with(&prefix))
    }

    /// Whether git tracks anything under the root: a root in a repository that tracks none of
    /// it (a folder of a home directory kept in git) is as good as outside git.
    pub fn tracks_any(&self) -> bool {
        let prefix = self.in_index("");
        let prefix = prefix.strip_suffix(b"/").unwrap_or(&prefix);
        if prefix.is_empty() {
            return !self.paths.is_empty();
        }
        let mut under = prefix.to_vec();
        under.push(b'/');
        let at = self.paths.partition_point(|(p, _)| **p < under[..]);
        self.paths.get(at).is_some_and(|(p, _)| p.starts_with(&under))
    }
}

#[cfg(test)]
mod tests {
    /// Found by a cold review: a submodule git refuses to open for its owner (a CI container's
    /// checkout, only its top folder a `safe.directory`) had none of its files tracked, so links
    /// to them were broken. Its index is read through its `.git`, a folder or a file naming one.
    #[test]
    fn a_submodule_s_index_is_read_through_its_dot_git_folder_or_file() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("shared");
        let repo = git2::Repository::init(&sub).unwrap();
        std::fs::write(sub.join("form.pdf"), "x").unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(std::path::Path::new("form.pdf")).unwrap();
        index.write().unwrap();
        let top = dir.path().canonicalize().unwrap();
        let paths = |folder: &std::path::Path| -> Vec<Vec<u8>> {
            super::index_file(&top, folder).unwrap().iter().map(|e| e.path).collect()
        };
        assert_eq!(paths(&sub), [b"form.pdf".to_vec()]);
        // As `git submodule` leaves it: the repository under the top's `.git/modules`.
        std::fs::create_dir_all(dir.path().join(".git/modules")).unwrap();
        std::fs::rename(sub.join(".git"), dir.path().join(".git/modules/shared")).unwrap();
        std::fs::write(sub.join(".git"), "gitdir: ../.git/modules/shared\n").unwrap();
        assert_eq!(paths(&sub), [b"form.pdf".to_vec()]);
        // A `.git` naming a repository outside the working tree is not read.
        let outside = tempfile::tempdir().unwrap();
        std::fs::rename(dir.path().join(".git/modules/shared"), outside.path().join("shared")).unwrap();
        let far = outside.path().join("shared").canonicalize().unwrap();
        std::fs::write(sub.join(".git"), format!("gitdir: {}\n", far.display())).unwrap();
        assert!(super::index_file(&top, &sub).is_none());
        assert!(
            super::index_file(&outside.path().canonicalize().unwrap(), &sub).is_some(),
            "read where it is inside"
        );
        std::fs::remove_file(sub.join(".git")).unwrap();
        assert!(super::index_file(&top, &sub).is_none());
    }
}
