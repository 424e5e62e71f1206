//! Stage 1 (I/O): what a merge on the first-parent line brought in: the commits of the merged
//! branch, and the texts they gave the files the merge changed. The first-parent line shows a
//! merged branch as one step; an approval recorded on the branch and an edit made after it
//! arrive together, and only the branch's own commits tell them apart.

use super::{BlobId, Commit, commit_info};
use anyhow::{Context, Result};
use git2::{Commit as GitCommit, Oid};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The branch one merge brought in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The commits of the merged branch's own line (the first-parent line of the merge's second
    /// parent, back to where it left the line merged into) that changed one of `files`, oldest
    /// first.
    pub commits: Vec<Commit>,
    /// Path (as at the merge; root-relative once [`super::changes::walk`] is done) -> each text the branch's commits gave the file,
    /// oldest first: (index into `commits`, its blob; None where a commit removed it). Only the
    /// files the merge changed, and only where a commit changed them.
    pub files: BTreeMap<String, Vec<(usize, Option<BlobId>)>>,
}

/// Most commits of a merged branch read: a merge of a long-lived branch (a release line merged
/// back) is read up to this many of its latest commits. Each costs a commit and a tree looked
/// up: 300 merges of 1,000-commit branches took 4 s and 0.5 GB read whole.
const MOST_COMMITS: usize = 250;

/// The branch `merge` (a commit with two or more parents) brought in, for the files at `paths`
/// (from the top of the repository): the first-parent line of
/// its second parent, back to a commit of `line` (the first-parent line merged into, as far as
/// it has been walked) or [`MOST_COMMITS`]. Each step is one commit looked up: no walk of
/// what the line merged into holds (a branch forked from the first commit of a long history
/// would cost all of it, once a merge). None when the second parent is on the line already.
pub fn read(merge: &GitCommit, paths: &[String], line: &HashSet<Oid>) -> Result<Option<Merged>> {
    let Ok(second) = merge.parent(1) else { return Ok(None) };
    let mut branch: Vec<GitCommit> = Vec::new();
    let mut next = Some(second);
    while let Some(commit) = next.take() {
        if line.contains(&commit.id()) || branch.len() == MOST_COMMITS {
            break;
        }
        next = commit.parent(0).ok();
        branch.push(commit);
    }
    if branch.is_empty() {
        return Ok(None);
    }
    branch.reverse();
    let blob_at = |commit: &GitCommit, path: &str| -> Result<Option<BlobId>> {
        let tree =
            commit.tree().with_context(|| format!("cannot read the tree of commit {}", commit.id()))?;
        Ok(tree
            .get_path(Path::new(path))
            .ok()
            .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
            .map(|e| BlobId(e.id())))
    };
    // What each file was where the branch left the line: the first parent of its oldest commit.
    let mut before: Vec<Option<BlobId>> = match branch[0].parent(0) {
        Ok(fork) => paths.iter().map(|p| blob_at(&fork, p)).collect::<Result<_>>()?,
        Err(_) => vec![None; paths.len()],
    };
    let mut merged = Merged::default();
    for commit in &branch {
        // Only the commits that changed one of the files are kept.
        let index = merged.commits.len();
        let mut changed = false;
        for (path, was) in paths.iter().zip(before.iter_mut()) {
            let now = blob_at(commit, path)?;
            if now != *was {
                merged.files.entry(path.clone()).or_default().push((index, now));
                *was = now;
                changed = true;
            }
        }
        if changed {
            merged.commits.push(commit_info(commit));
        }
    }
    Ok(Some(merged))
}
