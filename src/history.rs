//! Stage 1 (I/O): the repository's git history, read in-process in one pass: which commits
//! changed which document, the text after each change, and the release tags.

use anyhow::{Context, Result};
use git2::{Commit as GitCommit, ObjectType, Oid, Repository, Sort, Tree};
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
    /// Root-relative path -> its versions, oldest first (only commits that changed it). With
    /// [`Texts::Compared`], only the files two or more commits changed.
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

/// Which committed texts [`read`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// Every version of every file: what a site's version pages show.
    All,
    /// Only the files that two or more commits changed, the ones history rules compare
    /// (`check`): in most repositories most documents were committed once.
    Compared,
}

/// Read the history of the repository holding `root`. `tracked` says which root-relative paths
/// to follow (the documents); `releases` is a glob of tag names (`v*`). None outside a repository.
pub fn read(
    root: &Path,
    tracked: impl Fn(&str) -> bool,
    releases: &str,
    texts: Texts,
) -> Result<Option<History>> {
    // libgit2 hashes every object it reads again, to compare with its name (SHA-1 with collision
    // detection: a third of the time it spends reading a repository's documents). git itself
    // does not: objects are checked when they arrive (a clone or fetch hashes every object it
    // receives) and by `git fsck`; zlib still checks each object's compressed bytes.
    git2::opts::strict_hash_verification(false);
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
    let mut previous: Option<Tree> = None;
    // Each tracked file's changes: the commit, and the blob it left (None: deleted).
    let mut changes: BTreeMap<String, Vec<(usize, Option<git2::Oid>)>> = BTreeMap::new();
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let index = history.commits.len();
        history.commits.push(commit_info(&commit));
        let tree = root_tree(&repo, &commit, &prefix)?;
        let mut changed = Vec::new();
        changed_files(&repo, previous.as_ref(), tree.as_ref(), "", &mut changed)?;
        for (rel, blob) in changed {
            if tracked(&rel) {
                changes.entry(rel).or_default().push((index, blob));
            }
        }
        previous = tree;
    }
    for (rel, versions) in changes {
        if texts == Texts::Compared && versions.len() < 2 {
            continue;
        }
        let mut read = Vec::with_capacity(versions.len());
        for (commit, blob) in versions {
            let text = match blob {
                Some(id) => Some(crate::source::SourceFile::decode(repo.find_blob(id)?.content()).0),
                None => None,
            };
            read.push(FileVersion { commit, text });
        }
        history.files.insert(rel, read);
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

/// The tree of the root folder (`prefix` in the repository) at a commit; None if absent there.
fn root_tree<'r>(repo: &'r Repository, commit: &GitCommit<'r>, prefix: &str) -> Result<Option<Tree<'r>>> {
    let tree = commit.tree()?;
    if prefix.is_empty() {
        return Ok(Some(tree));
    }
    let entry = tree.get_path(Path::new(prefix)).ok();
    Ok(entry.and_then(|e| e.to_object(repo).ok()).and_then(|o| o.into_tree().ok()))
}

/// The files that differ between two trees (root-relative paths under `dir`), with the new
/// blob, or None where the file was removed. Subtrees with equal ids are not opened, and the two
/// entry lists are merged in git's own order: one pass over history reads only what changed.
fn changed_files(
    repo: &Repository,
    old: Option<&Tree>,
    new: Option<&Tree>,
    dir: &str,
    out: &mut Vec<(String, Option<Oid>)>,
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
        let tree = |e: &Option<git2::TreeEntry>| {
            e.as_ref()
                .filter(|e| e.kind() == Some(ObjectType::Tree))
                .and_then(|e| repo.find_tree(e.id()).ok())
        };
        let blob = |e: &Option<git2::TreeEntry>| {
            e.as_ref().filter(|e| e.kind() == Some(ObjectType::Blob)).map(|e| e.id())
        };
        let (ot, nt) = (tree(&o), tree(&n));
        if ot.is_some() || nt.is_some() {
            changed_files(repo, ot.as_ref(), nt.as_ref(), &path, out)?;
        }
        match (blob(&o), blob(&n)) {
            (_, Some(id)) => out.push((path, Some(id))),
            (Some(_), None) => out.push((path, None)),
            (None, None) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{Signature, Time};

    /// Commit the root's files as they are, removing from the index those that are gone.
    fn commit(repo: &Repository, seconds: i64, message: &str) {
        let mut index = repo.index().unwrap();
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let who = Signature::new("Ann", "ann@example.org", &Time::new(seconds, 0)).unwrap();
        let parents: Vec<git2::Commit> =
            repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(Some("HEAD"), &who, &who, message, &tree, &parents).unwrap();
    }

    #[test]
    fn check_keeps_only_the_texts_of_files_changed_more_than_once() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("once.md", "committed once\n");
        write("twice.md", "first\n");
        write("gone.md", "added, then deleted\n");
        commit(&repo, 1_700_000_000, "first");
        write("twice.md", "second\n");
        std::fs::remove_file(dir.path().join("gone.md")).unwrap();
        commit(&repo, 1_700_100_000, "second");
        let files = |texts| {
            let h = read(dir.path(), |_| true, "v*", texts).unwrap().unwrap();
            assert_eq!(h.commits.len(), 2);
            h.files
        };
        let all = files(Texts::All);
        assert_eq!(all.keys().collect::<Vec<_>>(), ["gone.md", "once.md", "twice.md"]);
        assert_eq!(all["once.md"], [FileVersion { commit: 0, text: Some("committed once\n".into()) }]);
        let compared = files(Texts::Compared);
        assert_eq!(compared.keys().collect::<Vec<_>>(), ["gone.md", "twice.md"]);
        assert_eq!(compared["twice.md"], all["twice.md"]);
        assert_eq!(
            compared["gone.md"],
            [
                FileVersion { commit: 0, text: Some("added, then deleted\n".into()) },
                FileVersion { commit: 1, text: None },
            ]
        );
    }
}
