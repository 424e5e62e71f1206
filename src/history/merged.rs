//! Stage 1 (I/O): what a merge on the first-parent line brought in: the commits of the merged
//! branch, and the texts they gave the files the merge changed. The first-parent line shows a
//! merged branch as one step; an approval recorded on the branch and an edit made after it
//! arrive together, and only the branch's own commits tell them apart.

use super::{BlobId, Commit, commit_info};
use anyhow::{Context, Result};
use git2::{Commit as GitCommit, Oid, Repository, Sort};
use std::collections::BTreeMap;
use std::path::Path;

/// The branch one merge brought in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The commits of the merged branch's own line (the first-parent line of the merge's second
    /// parent, back to where it left the line merged into), oldest first.
    pub commits: Vec<Commit>,
    /// Root-relative path (as at the merge) -> each text the branch's commits gave the file,
    /// oldest first: (index into `commits`, its blob; None where a commit removed it). Only the
    /// files the merge changed, and only where a commit changed them.
    pub files: BTreeMap<String, Vec<(usize, Option<BlobId>)>>,
}

/// Most commits of a merged branch read: a merge of a long-lived branch (a release line merged
/// back) is read up to this many of its latest commits.
const MOST_COMMITS: usize = 1_000;

/// The branch `merge` (a commit with two or more parents) brought in, for the files at `paths`
/// (root-relative; `prefix` is the root's folder in the repository). None when the merge's
/// second parent is on the line merged into already (nothing of a branch to read).
pub fn read(repo: &Repository, merge: &GitCommit, prefix: &str, paths: &[String]) -> Result<Option<Merged>> {
    let (Ok(first), Ok(second)) = (merge.parent_id(0), merge.parent_id(1)) else { return Ok(None) };
    let context = || format!("cannot walk the branch merged by commit {}", merge.id());
    let mut walk = repo.revwalk().with_context(context)?;
    walk.push(second).with_context(context)?;
    walk.hide(first).with_context(context)?;
    walk.simplify_first_parent().with_context(context)?;
    walk.set_sorting(Sort::TOPOLOGICAL).with_context(context)?;
    let mut line: Vec<Oid> = walk.take(MOST_COMMITS).collect::<Result<_, _>>().with_context(context)?;
    if line.is_empty() {
        return Ok(None);
    }
    line.reverse();
    let blob_at = |commit: &GitCommit, path: &str| -> Result<Option<BlobId>> {
        let tree =
            commit.tree().with_context(|| format!("cannot read the tree of commit {}", commit.id()))?;
        let full = if prefix.is_empty() { path.to_owned() } else { format!("{prefix}/{path}") };
        Ok(tree
            .get_path(Path::new(&full))
            .ok()
            .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
            .map(|e| BlobId(e.id())))
    };
    let oldest = repo.find_commit(line[0]).with_context(|| format!("cannot read commit {}", line[0]))?;
    // What each file was where the branch left the line: the first parent of its oldest commit.
    let mut before: Vec<Option<BlobId>> = match oldest.parent(0) {
        Ok(fork) => paths.iter().map(|p| blob_at(&fork, p)).collect::<Result<_>>()?,
        Err(_) => vec![None; paths.len()],
    };
    let mut merged = Merged::default();
    for oid in line {
        let commit = repo.find_commit(oid).with_context(|| format!("cannot read commit {oid}"))?;
        let index = merged.commits.len();
        merged.commits.push(commit_info(&commit));
        for (path, was) in paths.iter().zip(before.iter_mut()) {
            let now = blob_at(&commit, path)?;
            if now != *was {
                merged.files.entry(path.clone()).or_default().push((index, now));
                *was = now;
            }
        }
    }
    Ok(Some(merged))
}
