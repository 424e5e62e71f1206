//! Stage 1 (I/O): the repository's git history, read in-process in one pass: which commits
//! changed which document, the text after each change, and the release tags.

use anyhow::{Context, Result};
use git2::{Commit as GitCommit, DiffOptions, Repository, Sort};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    pub date: Date,
    pub author: String,
    pub email: String,
    pub summary: String,
}

impl Commit {
    pub fn short(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }
}

/// A file as one commit left it; `None` when the commit deleted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileVersion {
    /// Index into `History::commits`.
    pub commit: usize,
    pub text: Option<String>,
}

/// A release tag and the files of the root at that tag (root-relative paths).
#[derive(Debug, Clone)]
pub struct Release {
    pub name: String,
    pub commit: Commit,
    pub files: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    /// Oldest first, along the first-parent line of HEAD.
    pub commits: Vec<Commit>,
    /// Root-relative path -> its versions, oldest first (only commits that changed it).
    pub files: BTreeMap<String, Vec<FileVersion>>,
    pub releases: Vec<Release>,
    /// The clone is shallow: history is cut off, so history rules cannot be trusted.
    pub shallow: bool,
}

fn commit_info(c: &GitCommit) -> Commit {
    let author = c.author();
    let when = author.when();
    let date = jiff::Timestamp::from_second(when.seconds())
        .ok()
        .and_then(|t| {
            let offset = jiff::tz::Offset::from_seconds(when.offset_minutes() * 60).ok()?;
            Some(t.to_zoned(offset.to_time_zone()).date())
        })
        .unwrap_or(Date::constant(1970, 1, 1));
    Commit {
        id: c.id().to_string(),
        date,
        author: author.name().unwrap_or_default().to_owned(),
        email: author.email().unwrap_or_default().to_owned(),
        summary: c.summary().ok().flatten().unwrap_or_default().to_owned(),
    }
}

/// Read the history of the repository holding `root`. `tracked` says which root-relative paths
/// to follow (the documents); `releases` is a glob of tag names (`v*`). None outside a repository.
pub fn read(root: &Path, tracked: impl Fn(&str) -> bool, releases: &str) -> Result<Option<History>> {
    let Ok(repo) = Repository::discover(root) else {
        return Ok(None);
    };
    let Some(workdir) = repo.workdir() else {
        return Ok(None);
    };
    let workdir = workdir.canonicalize().with_context(|| format!("cannot resolve {}", workdir.display()))?;
    let prefix = root
        .strip_prefix(&workdir)
        .map(|p| p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
        .unwrap_or_default();
    let to_rel = |path: &str| -> Option<String> {
        if prefix.is_empty() {
            Some(path.to_owned())
        } else {
            path.strip_prefix(&prefix).and_then(|p| p.strip_prefix('/')).map(str::to_owned)
        }
    };
    let mut history = History { shallow: repo.is_shallow(), ..History::default() };
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
        return Ok(Some(history));
    };
    let mut walk = repo.revwalk().context("cannot walk the git history")?;
    walk.push(head.id())?;
    walk.simplify_first_parent()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    let mut opts = DiffOptions::new();
    if !prefix.is_empty() {
        opts.pathspec(&prefix);
    }
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let index = history.commits.len();
        history.commits.push(commit_info(&commit));
        let tree = commit.tree()?;
        let parent = commit.parents().next().map(|p| p.tree()).transpose()?;
        let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut opts))?;
        for delta in diff.deltas() {
            let new = delta.new_file();
            let Some(rel) = new.path().and_then(|p| p.to_str()).and_then(to_rel) else { continue };
            if !tracked(&rel) {
                continue;
            }
            let text = if delta.status() == git2::Delta::Deleted {
                None
            } else {
                let blob = repo.find_blob(new.id())?;
                Some(crate::source::SourceFile::decode(blob.content()).0)
            };
            history.files.entry(rel).or_default().push(FileVersion { commit: index, text });
        }
    }
    let names = repo.tag_names(Some(releases))?;
    for name in names.iter().filter_map(|n| n.ok().flatten()) {
        let Ok(commit) = repo.revparse_single(name).and_then(|o| o.peel_to_commit()) else { continue };
        let mut files = BTreeMap::new();
        let tree = commit.tree()?;
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                let full = format!("{dir}{}", entry.name().unwrap_or_default());
                if let Some(rel) = to_rel(&full)
                    && let Ok(blob) = repo.find_blob(entry.id())
                {
                    files.insert(rel, blob.content().to_vec());
                }
            }
            git2::TreeWalkResult::Ok
        })?;
        history.releases.push(Release { name: name.to_owned(), commit: commit_info(&commit), files });
    }
    history.releases.sort_by(|a, b| a.commit.date.cmp(&b.commit.date).then_with(|| a.name.cmp(&b.name)));
    Ok(Some(history))
}
