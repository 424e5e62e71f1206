//! Stage 1 (I/O): the walk of the history: the first-parent line of HEAD, and each file's
//! versions along it, followed through renames and moves, across the whole repository: a
//! document that came into the root folder from elsewhere keeps its history from before.

use super::renames::{own_versions, renames};
use super::{BlobId, Commit, FileVersion, Files, Published, commit_info, merged::Merged};
use anyhow::{Context, Result};
use git2::{Commit as GitCommit, ObjectType, Oid, Repository, Sort, Tree};
use std::collections::BTreeMap;
use std::path::Path;

/// The first-parent history of `head`, oldest first, and each tracked file's versions: one pass
/// that opens only the trees that changed, and reads no file but where a commit both removed and
/// added Markdown files that are not the same bytes (a move with edits, see [`super::renames`]). A
/// file's versions follow it through renames and moves: every Markdown file is followed, and
/// those `tracked` are kept, each version saying whether the file was `published` there (a
/// path the site publishes a document from). And for each merge on the line that changed a tracked file, by
/// the index of its commit, the branch it brought in ([`super::merged`]).
///
/// Paths are root-relative (`prefix` is the root's folder in the repository, "" at the top).
/// Where the root is a folder of the repository, the walk reads that folder's trees alone,
/// unless a file came into it from elsewhere in the repository: then the whole repository's
/// trees, so that it keeps its history from before (and one moved out leaves the root as a
/// removal). The whole repository costs ten times as much where most commits change other
/// folders (BENCHMARKS.md).
pub fn walk(
    repo: &Repository,
    head: &GitCommit,
    prefix: &str,
    (tracked, published): (impl Fn(&str) -> bool, impl Published),
) -> Result<Line> {
    let paths = (&tracked, &published);
    if !prefix.is_empty()
        && let Some(line) = walk_in(repo, head, prefix, paths, Scope::RootFolder)?
    {
        return Ok(line);
    }
    walk_in(repo, head, prefix, paths, Scope::Repository)?
        .context("the walk of the git history stopped short; please report it")
}

/// The trees a walk reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The root folder's: None as soon as a file comes into it from elsewhere.
    RootFolder,
    Repository,
}

fn walk_in(
    repo: &Repository,
    head: &GitCommit,
    prefix: &str,
    (tracked, published_in): (impl Fn(&str) -> bool, impl Published),
    scope: Scope,
) -> Result<Option<Line>> {
    let in_root = |path: &str| root_relative(prefix, path).is_some();
    let tracked = |path: &str| root_relative(prefix, path).is_some_and(&tracked);
    // The collections the commit's own charta.toml named, where they are not today's: looked
    // up at a commit only when it changed a path today's collections do not publish.
    let era = std::cell::RefCell::new(super::era::Era::new());
    let mut walk = repo.revwalk().context("cannot walk the git history")?;
    walk.push(head.id())?;
    walk.simplify_first_parent()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    let (mut commits, mut files, mut merges) = (Vec::new(), Files::new(), BTreeMap::<usize, Merged>::new());
    // Each file moved along the line (`History::moves`).
    let mut moved = super::moves::Moves::default();
    // Each commit that changed the root's charta.toml, and the blob it left (None: removed).
    let mut config_blobs: Vec<(usize, Option<Oid>)> = Vec::new();
    // The tree walked at the commit before (the root folder's, or the repository's), and the
    // repository's.
    let (mut previous, mut previous_whole): (Option<Tree>, Option<Tree>) = (None, None);
    // The commits of the line so far: where a merged branch's walk stops.
    let mut line: std::collections::HashSet<Oid> = std::collections::HashSet::new();
    for oid in walk {
        let oid = oid.context("cannot walk the git history")?;
        line.insert(oid);
        let commit = repo.find_commit(oid).with_context(|| format!("cannot read commit {oid}"))?;
        let index = commits.len();
        commits.push(commit_info(&commit));
        let whole = commit.tree().with_context(|| {
            format!("cannot read the tree {} of commit {}", commit.tree_id(), commit.id())
        })?;
        // Where the site published documents from at this commit: where it does today, or
        // where the commit's charta.toml said.
        let looked = std::cell::Cell::new(false);
        let published = |path: &str| {
            root_relative(prefix, path).is_some_and(|p| {
                published_in.publishes(p, None) || {
                    if !looked.replace(true) {
                        era.borrow_mut().at(repo, &whole, prefix, published_in.now());
                    }
                    era.borrow().collections.as_deref().is_some_and(|c| published_in.publishes(p, Some(c)))
                }
            })
        };
        // What this commit left at `path`.
        let version = |blob: Option<Oid>, path: &str| FileVersion {
            commit: index,
            blob: blob.map(BlobId),
            published: published(path),
        };
        let (tree, dir) = match scope {
            Scope::Repository => (Some(whole.clone()), ""),
            Scope::RootFolder => (folder_tree(repo, &whole, prefix), prefix),
        };
        let mut changed = Vec::new();
        changed_files(repo, previous.as_ref(), tree.as_ref(), dir, &mut changed)
            .with_context(|| format!("commit {oid}"))?;
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        // The documents this commit changed, as they are named after it: a merge's are looked
        // for on the branch it brought in.
        let mut touched: Vec<String> = Vec::new();
        for (rel, old, new) in changed {
            if root_relative(prefix, &rel) == Some(crate::config::FILE_NAME) {
                config_blobs.push((index, new));
            }
            if !(tracked(&rel) || crate::load::is_markdown(Path::new(&rel))) {
                continue;
            }
            if tracked(&rel) && new.is_some() {
                touched.push(rel.clone());
            }
            match (old, new) {
                (Some(old), None) => removed.push((rel, old)),
                (None, Some(new)) => added.push((rel, new)),
                (_, new) => {
                    let version = version(new, &rel);
                    files.entry(rel).or_default().push(version)
                }
            }
        }
        let moves = renames(repo, &removed, &added);
        if scope == Scope::RootFolder {
            let new: Vec<_> = (0..added.len())
                .filter(|&a| {
                    !moves.iter().any(|m| m.1 == a) && crate::load::is_markdown(Path::new(&added[a].0))
                })
                .map(|a| added[a].clone())
                .collect();
            if !new.is_empty() && came_from_elsewhere(repo, previous_whole.as_ref(), &whole, prefix, &new)? {
                return Ok(None);
            }
        }
        for &(r, a) in &moves {
            // The file goes on under its new path, with all it was before: its versions, and
            // what the branches merged before gave it.
            let (from, to) = (&removed[r].0, &added[a].0);
            if let (Some(f), Some(t)) = (root_relative(prefix, from), root_relative(prefix, to)) {
                moved.record(index, f, t);
            }
            let mut versions = files.remove(from).unwrap_or_default();
            if (in_root(from) && !in_root(to)) || (published(from) && !published(to)) {
                // Out of the root folder, or where the site does not publish from (a hidden
                // or excluded folder, one that is no collection): removed from the documents
                // the site holds, as a file deleted is; followed on, should it come back.
                let mut left = versions.clone();
                left.push(version(None, from));
                files.insert(from.clone(), left);
            }
            if !in_root(from) && in_root(to) {
                // Into the root folder: what the file held before it was this document (another
                // document, notes) is not its history, and is not published.
                versions = own_versions(repo, versions, &added[a]);
            }
            versions.push(version(Some(added[a].1), to));
            files.insert(to.clone(), versions);
            for branch in merges.values_mut() {
                if let Some(texts) = branch.files.remove(&removed[r].0) {
                    branch.files.insert(added[a].0.clone(), texts);
                }
                for path in branch.cut.iter_mut().filter(|p| **p == removed[r].0) {
                    path.clone_from(&added[a].0);
                }
            }
        }
        for (i, (rel, _)) in removed.into_iter().enumerate() {
            if !moves.iter().any(|&(r, _)| r == i) {
                let version = version(None, &rel);
                files.entry(rel).or_default().push(version);
            }
        }
        for (i, (rel, new)) in added.into_iter().enumerate() {
            if !moves.iter().any(|&(_, a)| a == i) {
                let version = version(Some(new), &rel);
                files.entry(rel).or_default().push(version);
            }
        }
        if commit.parent_count() > 1
            && !touched.is_empty()
            && let Some(branch) = super::merged::read(repo, &commit, &touched, &line, &published)?
        {
            merges.insert(index, branch);
        }
        (previous, previous_whole) = (tree, Some(whole));
    }
    // Files of the root folder removed and not there now, whatever folder they were in: a
    // document re-created at another path is joined with the one it was by its id
    // (`crate::timeline`).
    let removed: Files = files
        .iter()
        .filter(|(_, v)| v.last().is_some_and(|v| v.blob.is_none()))
        .filter_map(|(p, v)| Some((root_relative(prefix, p)?.to_owned(), v.clone())))
        .collect();
    let files: Files =
        files.into_iter().filter(|(p, _)| tracked(p)).map(|(p, v)| (relative(prefix, p), v)).collect();
    for branch in merges.values_mut() {
        let texts = std::mem::take(&mut branch.files);
        branch.files =
            texts.into_iter().filter(|(p, _)| in_root(p)).map(|(p, t)| (relative(prefix, p), t)).collect();
        let cut = std::mem::take(&mut branch.cut);
        // Of the documents today's collections publish (not a README or an excluded file).
        let document = |p: &String| {
            tracked(p) && root_relative(prefix, p).is_some_and(|r| published_in.publishes(r, None))
        };
        branch.cut = cut.into_iter().filter(document).map(|p| relative(prefix, p)).collect();
    }
    let collections_then = era.into_inner().seen;
    Ok(Some(Line { commits, files, removed, merged: merges, collections_then, config_blobs, moves: moved }))
}

/// Whether any of the Markdown files `added` to the root folder `prefix` by a commit (whose
/// repository tree is `now`, the commit before's `before`) is one the same commit removed
/// from another folder of the repository: a move into the root folder.
fn came_from_elsewhere(
    repo: &Repository,
    before: Option<&Tree>,
    now: &Tree,
    prefix: &str,
    added: &[(String, Oid)],
) -> Result<bool> {
    let Some(before) = before else { return Ok(false) };
    let mut elsewhere = removed_markdown(repo, before, now)?;
    elsewhere.retain(|(path, _)| root_relative(prefix, path).is_none());
    Ok(!elsewhere.is_empty() && !renames(repo, &elsewhere, added).is_empty())
}

/// The Markdown files (path from the top, blob) the tree `before` has and `now` does not.
pub(super) fn removed_markdown(repo: &Repository, before: &Tree, now: &Tree) -> Result<Vec<(String, Oid)>> {
    let mut changed = Vec::new();
    changed_files(repo, Some(before), Some(now), "", &mut changed)?;
    Ok(changed
        .into_iter()
        .filter_map(|(path, old, new)| match (old, new) {
            (Some(old), None) if crate::load::is_markdown(Path::new(&path)) => Some((path, old)),
            _ => None,
        })
        .collect())
}

/// `path` (from the top of the repository) from the root folder `prefix`: None outside it.
pub fn root_relative<'p>(prefix: &str, path: &'p str) -> Option<&'p str> {
    if prefix.is_empty() {
        return Some(path);
    }
    path.strip_prefix(prefix).and_then(|p| p.strip_prefix('/'))
}

/// A path of the root folder, from the root folder.
fn relative(prefix: &str, path: String) -> String {
    match root_relative(prefix, &path) {
        Some(rel) => rel.to_owned(),
        None => path,
    }
}

/// What [`walk`] reads of the first-parent line (see [`super::History`]'s fields of those names);
/// the default, of a repository with no commit yet.
#[derive(Default)]
pub struct Line {
    pub commits: Vec<Commit>,
    pub files: Files,
    pub removed: Files,
    pub merged: BTreeMap<usize, Merged>,
    pub collections_then: Vec<crate::config::Collection>,
    /// Each commit that changed the root's charta.toml, with the blob it left (None: removed).
    pub config_blobs: Vec<(usize, Option<Oid>)>,
    pub moves: super::moves::Moves,
}

/// The tree of the folder `prefix` in a repository's tree; None if it has none.
fn folder_tree<'r>(repo: &'r Repository, whole: &Tree<'r>, prefix: &str) -> Option<Tree<'r>> {
    let entry = whole.get_path(Path::new(prefix)).ok()?;
    entry.to_object(repo).ok()?.into_tree().ok()
}

/// The files that differ between two trees (root-relative paths under `dir`), with the old blob
/// (None where the file was added) and the new (None where it was removed). Subtrees with equal ids are not opened, and the two
/// entry lists are merged in git's own order: one pass over history reads only what changed.
pub(super) fn changed_files(
    repo: &Repository,
    old: Option<&Tree>,
    new: Option<&Tree>,
    dir: &str,
    out: &mut Vec<(String, Option<Oid>, Option<Oid>)>,
) -> Result<()> {
    // Git orders entries by name, a tree's name as if it ended in `/`.
    fn key(e: &git2::TreeEntry) -> Vec<u8> {
        let mut k = e.name_bytes().to_vec();
        if e.kind() == Some(ObjectType::Tree) {
            k.push(b'/');
        }
        k
    }
    let mut a = old.into_iter().flat_map(|t| t.iter()).peekable();
    let mut b = new.into_iter().flat_map(|t| t.iter()).peekable();
    loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.id() == y.id() && x.name_bytes() == y.name_bytes() => {
                a.next();
                b.next();
                continue;
            }
            (Some(x), Some(y)) => key(x).cmp(&key(y)),
        };
        let (o, n) = match order {
            std::cmp::Ordering::Less => (a.next(), None),
            std::cmp::Ordering::Greater => (None, b.next()),
            std::cmp::Ordering::Equal => (a.next(), b.next()),
        };
        let name = n
            .as_ref()
            .or(o.as_ref())
            .map(|e| String::from_utf8_lossy(e.name_bytes()).into_owned())
            .unwrap_or_default();
        let path = if dir.is_empty() { name } else { format!("{dir}/{name}") };
        // A folder git cannot give is an error naming it, not a folder taken for empty.
        let tree = |e: &Option<git2::TreeEntry>| -> Result<Option<Tree>> {
            let Some(e) = e.as_ref().filter(|e| e.kind() == Some(ObjectType::Tree)) else { return Ok(None) };
            let tree = repo.find_tree(e.id());
            tree.map(Some).with_context(|| format!("cannot read the tree {} of the folder {path}", e.id()))
        };
        let blob = |e: &Option<git2::TreeEntry>| {
            e.as_ref().filter(|e| e.kind() == Some(ObjectType::Blob)).map(|e| e.id())
        };
        let (ot, nt) = (tree(&o)?, tree(&n)?);
        if ot.is_some() || nt.is_some() {
            changed_files(repo, ot.as_ref(), nt.as_ref(), &path, out)?;
        }
        match (blob(&o), blob(&n)) {
            (None, None) => {}
            (old, new) => out.push((path, old, new)),
        }
    }
    Ok(())
}
