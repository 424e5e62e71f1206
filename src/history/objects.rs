//! Stage 1 (I/O): git's object store, for the committed texts later stages ask for on any
//! thread; no object larger than any file charta reads is inflated.

use super::BlobId;
use anyhow::{Context, Result};
use git2::{Oid, Repository};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

/// Git's object store, opened once per worker thread: a libgit2 repository cannot be shared
/// between threads, and the pages that need committed texts are made on all of them.
pub(super) struct Objects {
    pub(super) git_dir: PathBuf,
    /// One per thread of the pool that read the history, then one for any other thread.
    open: Vec<Mutex<Option<Repository>>>,
}

impl std::fmt::Debug for Objects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Objects").field("git_dir", &self.git_dir).finish_non_exhaustive()
    }
}

impl Objects {
    /// `repo` (the one that read the history) is kept for the calling thread.
    pub(super) fn new(repo: Repository) -> Self {
        let git_dir = repo.path().to_owned();
        let open: Vec<_> = (0..=rayon::current_num_threads()).map(|_| Mutex::new(None)).collect();
        let objects = Objects { git_dir, open };
        *objects.slot().lock().unwrap_or_else(PoisonError::into_inner) = Some(repo);
        objects
    }

    fn slot(&self) -> &Mutex<Option<Repository>> {
        let shared = self.open.len() - 1;
        let index = rayon::current_thread_index().filter(|&i| i < shared).unwrap_or(shared);
        &self.open[index]
    }

    /// `f` of this thread's repository, opened when it has none yet.
    pub(super) fn with<T>(&self, f: impl FnOnce(&Repository) -> T) -> Result<T> {
        let mut slot = self.slot().lock().unwrap_or_else(PoisonError::into_inner);
        let repo = match slot.take() {
            Some(repo) => repo,
            None => Repository::open(&self.git_dir)
                .with_context(|| format!("cannot open the git repository {}", self.git_dir.display()))?,
        };
        let out = f(&repo);
        *slot = Some(repo);
        Ok(out)
    }

    /// `f` of the blob's bytes, when it is no larger than `(most, what)` says: the most bytes
    /// read of one such file, and what a file is.
    pub(super) fn read<T>(
        &self,
        BlobId(blob): BlobId,
        limit: (u64, &str),
        f: impl FnOnce(&[u8]) -> T,
    ) -> Result<T> {
        self.with(|repo| self.inflate(repo, blob, limit, f))?
    }

    fn inflate<T>(
        &self,
        repo: &Repository,
        blob: Oid,
        (most, what): (u64, &str),
        f: impl FnOnce(&[u8]) -> T,
    ) -> Result<T> {
        match Self::size(repo, blob) {
            // A blob a few megabytes of pack inflate to gigabytes (a pull request's old commit):
            // not read, as a file on disk that large is not.
            // Said without the repository's folder: a page or report may quote it, and the same
            // repository must make the same site wherever it is cloned.
            Some(size) if size > most => Err(anyhow::anyhow!(
                "git object {blob} is {size} bytes, more than the {} MiB charta reads of one {what}",
                most >> 20
            )),
            _ => repo.find_blob(blob).map(|b| f(b.content())).with_context(|| {
                format!(
                    "cannot read object {blob} from the git repository {}; `git fsck` checks the repository",
                    self.git_dir.display()
                )
            }),
        }
    }

    /// The blob `id` when it is no larger than `most` bytes, sized from its header before it is
    /// inflated; None when it is larger or git cannot give it. What every other reading of a
    /// committed file goes through (renames, charta.toml's past texts, a branch's key files).
    pub(super) fn blob_within(repo: &Repository, id: Oid, most: u64) -> Option<git2::Blob<'_>> {
        Self::size(repo, id).filter(|&size| size <= most)?;
        repo.find_blob(id).ok()
    }

    /// The size of an object, from its header (nothing inflated); None when git cannot say.
    pub(super) fn size(repo: &Repository, blob: Oid) -> Option<u64> {
        let (size, _) = repo.odb().ok()?.read_header(blob).ok()?;
        u64::try_from(size).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::Objects;

    /// The cold review: renames, charta.toml's past texts and a branch's key files inflated
    /// each blob before asking its size; a blob is now sized from its header first.
    #[test]
    fn a_blob_over_the_size_asked_is_not_given() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let id = repo.blob(b"eleven byte").unwrap();
        assert!(Objects::blob_within(&repo, id, 10).is_none());
        assert_eq!(Objects::blob_within(&repo, id, 11).unwrap().content(), b"eleven byte");
        assert!(Objects::blob_within(&repo, git2::Oid::ZERO_SHA1, 100).is_none());
    }
}
