//! Stage 1 (I/O): what a merge on the first-parent line brought in: the commits of the merged
//! branch, and the texts they gave the files the merge changed. The first-parent line shows a
//! merged branch as one step; an approval recorded on the branch and an edit made after it
//! arrive together, and only the branch's own commits tell them apart.

use super::{BlobId, Commit, commit_info};
use anyhow::{Context, Result};
use git2::{Commit as GitCommit, ObjectType, Oid, Repository, Tree};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The branch one merge brought in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The commits of the merged branch's own line (the first-parent line of the merge's second
    /// parent, back to where it left the line merged into) that changed one of `files`, oldest
    /// first.
    pub commits: Vec<Commit>,
    /// Path (as at the merge; root-relative once [`super::changes::walk`] is done) -> each
    /// text the branch's commits gave the file, oldest first. Only the files the merge changed,
    /// and only where a commit changed them.
    pub files: BTreeMap<String, Vec<BranchText>>,
    /// When a branch had more than [`MOST_COMMITS`] commits of its own (only its latest were
    /// read): the files the merge changed, as `files` names them.
    pub cut: Vec<String>,
}

/// A text a branch commit gave a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BranchText {
    /// Index into [`Merged::commits`].
    pub commit: usize,
    /// None where the commit removed the file.
    pub blob: Option<BlobId>,
    /// The file was where the site publishes documents from (see [`super::FileVersion`]).
    pub published: bool,
}

/// Most commits of a merged branch read: a merge of a long-lived branch (a release line merged
/// back) is read up to this many of its latest commits, and `history/long-branch` says so. Each
/// costs a commit and a tree looked up: 300 merges of 1,000-commit branches took 4 s and 0.5 GB
/// read whole.
pub const MOST_COMMITS: usize = 250;

/// The branch `merge` (a commit with two or more parents) brought in, for the files at `paths`
/// (from the top of the repository, as at the merge): the first-parent line of its second
/// parent (and of each later one), back to a commit of `line` (the first-parent line merged
/// into, as far as it has been walked) or [`MOST_COMMITS`]. Each step is one commit looked up: no walk of
/// what the line merged into holds (a branch forked from the first commit of a long history
/// would cost all of it, once a merge). None when the second parent is on the line already.
/// A file renamed on the branch, or on the line merged into while the branch was open, is
/// looked up under the name it had at each commit of the branch.
/// An octopus merge (more than two parents) brought in a branch per parent after the first:
/// each is read so, back to the line or to a commit an earlier one's walk took. A file is
/// given the texts of the first of them that changed it: two branches' texts of one file are
/// no sequence (one approves, the other edits what was approved before), and read as one they
/// would make the edit look approved.
pub fn read<'r>(
    repo: &'r Repository,
    merge: &GitCommit<'r>,
    paths: &[String],
    line: &HashSet<Oid>,
    published: &dyn Fn(&str) -> bool,
) -> Result<Option<Merged>> {
    let mut all: Option<Merged> = None;
    let mut walked: HashSet<Oid> = HashSet::new();
    for n in 1..merge.parent_count() {
        let Ok(parent) = merge.parent(n) else { continue };
        let Some(branch) = read_branch(repo, merge, parent, paths, (line, &mut walked), published)? else {
            continue;
        };
        let into = all.get_or_insert_with(Merged::default);
        if !branch.cut.is_empty() {
            into.cut = paths.to_vec();
        }
        let offset = into.commits.len();
        into.commits.extend(branch.commits);
        for (path, texts) in branch.files {
            let texts = texts.into_iter().map(|t| BranchText { commit: t.commit + offset, ..t });
            into.files.entry(path).or_insert_with(|| texts.collect());
        }
    }
    Ok(all)
}

/// The branch of one parent of `merge`, from `tip`; `walked`: commits an earlier parent's walk
/// took, where this one stops too (and adds its own).
fn read_branch<'r>(
    repo: &'r Repository,
    merge: &GitCommit<'r>,
    tip: GitCommit<'r>,
    paths: &[String],
    (line, walked): (&HashSet<Oid>, &mut HashSet<Oid>),
    published: &dyn Fn(&str) -> bool,
) -> Result<Option<Merged>> {
    let mut branch: Vec<GitCommit<'r>> = Vec::new();
    let mut next = Some(tip);
    let mut cut = false;
    while let Some(commit) = next.take() {
        if line.contains(&commit.id()) || walked.contains(&commit.id()) {
            break;
        }
        if branch.len() == MOST_COMMITS {
            // Cut short, unless what is beyond was merged into the line before (a long-lived
            // branch merged again): asked only here, as it may walk much of the history.
            let before = merge.parent_id(0).ok();
            cut = before.is_none_or(|line| !repo.graph_descendant_of(line, commit.id()).unwrap_or(false));
            break;
        }
        next = commit.parent(0).ok();
        branch.push(commit);
    }
    walked.extend(branch.iter().map(GitCommit::id));
    if branch.is_empty() {
        return Ok(None);
    }
    branch.reverse();
    let snapshot = |commit: &GitCommit<'r>| tree_of(commit).map(|tree| Snapshot::new(repo, tree));
    let trees: Vec<Snapshot> = branch.iter().map(snapshot).collect::<Result<_>>()?;
    // Where the branch left the line: the first parent of its oldest commit.
    let fork = match branch[0].parent(0) {
        Ok(fork) => Some(snapshot(&fork)?),
        Err(_) => None,
    };
    let merged_tree = snapshot(merge)?;
    let mut merged = Merged { cut: if cut { paths.to_vec() } else { Vec::new() }, ..Merged::default() };
    // Each file's blob at the fork and at each commit of the branch, oldest first. The
    // Markdown files each step removed are found once, for all the files, where one needs them.
    let mut gone: Vec<Option<Vec<(String, Oid)>>> = vec![None; branch.len() + 1];
    let mut blobs: Vec<Vec<(Option<BlobId>, bool)>> = Vec::with_capacity(paths.len());
    for path in paths {
        let mut name = path.clone();
        let mut at: Vec<(Option<BlobId>, bool)> = vec![(None, false); branch.len() + 1];
        let mut child = &merged_tree;
        for (i, tree) in
            trees.iter().enumerate().rev().map(|(i, t)| (i + 1, t)).chain(fork.iter().map(|t| (0, t)))
        {
            name = name_before(repo, (tree, child), &mut gone[i], name)?;
            at[i] = (tree.blob(&name), published(&name));
            child = tree;
        }
        blobs.push(at);
    }
    for (c, commit) in branch.iter().enumerate() {
        // Only the commits that changed one of the files are kept.
        let index = merged.commits.len();
        let mut changed = false;
        for (path, at) in paths.iter().zip(&blobs) {
            if at[c + 1].0 != at[c].0 {
                let (blob, published) = at[c + 1];
                merged.files.entry(path.clone()).or_default().push(BranchText {
                    commit: index,
                    blob,
                    published,
                });
                changed = true;
            }
        }
        if changed {
            merged.commits.push(commit_info(commit));
        }
    }
    Ok(Some(merged))
}

fn tree_of<'r>(commit: &GitCommit<'r>) -> Result<Tree<'r>> {
    commit.tree().with_context(|| format!("cannot read the tree of commit {}", commit.id()))
}

/// A commit's tree, with the folders looked up in it kept: a folder of thousands of documents
/// is read once a commit, not once a document (libgit2 keeps no tree that large).
struct Snapshot<'r> {
    repo: &'r Repository,
    tree: Tree<'r>,
    folders: RefCell<HashMap<String, Option<Tree<'r>>>>,
}

impl<'r> Snapshot<'r> {
    fn new(repo: &'r Repository, tree: Tree<'r>) -> Self {
        Snapshot { repo, tree, folders: RefCell::default() }
    }

    /// The blob at `path`, if a file is there.
    fn blob(&self, path: &str) -> Option<BlobId> {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let mut folders = self.folders.borrow_mut();
        let tree = if folder.is_empty() {
            Some(&self.tree)
        } else {
            let found = folders.entry(folder.to_owned()).or_insert_with(|| {
                let entry = self.tree.get_path(Path::new(folder)).ok()?;
                entry.to_object(self.repo).ok()?.into_tree().ok()
            });
            found.as_ref()
        };
        let entry = tree?.get_name(name)?;
        (entry.kind() == Some(ObjectType::Blob)).then(|| BlobId(entry.id()))
    }
}

/// The name in `parent` of the file at `name` in `child` (a commit's tree and its parent's):
/// the Markdown file `child` no longer has that was moved there (as the first-parent walk pairs
/// them, [`super::renames::renames`]), else the same name (where the file is, was removed, or
/// is not yet). `gone` is what `child` removed, found the first time it is needed.
fn name_before(
    repo: &Repository,
    (parent, child): (&Snapshot, &Snapshot),
    gone: &mut Option<Vec<(String, Oid)>>,
    name: String,
) -> Result<String> {
    if parent.blob(&name).is_some() {
        return Ok(name);
    }
    let Some(BlobId(now)) = child.blob(&name) else { return Ok(name) };
    if gone.is_none() {
        *gone = Some(super::changes::removed_markdown(repo, &parent.tree, &child.tree)?);
    }
    let gone = gone.as_deref().unwrap_or_default();
    let pairs = super::renames::renames(repo, gone, &[(name.clone(), now)]);
    Ok(pairs.first().map_or(name, |&(r, _)| gone[r].0.clone()))
}
