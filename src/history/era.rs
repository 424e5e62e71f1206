//! Edge (git): the collections a commit's own `charta.toml` named. A collection folder renamed
//! with its `charta.toml` (`policies/` to `isms/policies/`) published its documents from the old
//! folder until then: judged by today's configuration alone, each document's versions, in-force
//! days and removals before the rename were lost.

use crate::config::{Collection, Config};
use git2::{Oid, Repository, Tree};
use std::collections::BTreeSet;
use std::path::Path;

/// Most collections a commit's charta.toml is read with: each path a commit changed is looked
/// for in each of them. A charta.toml of a pull request naming thousands (and reverted) would
/// otherwise make every later check slow; past that, the commit's are today's.
pub const MOST_COLLECTIONS: usize = 1_000;

/// What decides a commit's collections: its `charta.toml` (by blob), and for the defaults a
/// configuration without collections takes, whether `policies/` and `sop/` are there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Key(Option<Oid>, bool, bool);

/// The collections of one stretch of history with one [`Key`].
pub struct Era {
    key: Option<Key>,
    /// None where they are today's, or where the commit's charta.toml cannot be read.
    pub collections: Option<Vec<Collection>>,
    /// Every collection of an era so far that today's charta.toml does not name.
    pub seen: Vec<Collection>,
    /// Their folders, and today's.
    folders: BTreeSet<String>,
}

impl Era {
    pub fn new() -> Era {
        Era { key: None, collections: None, seen: Vec::new(), folders: BTreeSet::new() }
    }

    /// Move to the commit whose tree is `whole` (the repository's), the root being the folder
    /// `prefix` of it; `now`: today's collections.
    pub fn at(&mut self, repo: &Repository, whole: &Tree, prefix: &str, now: &[Collection]) {
        let path = |name: &str| if prefix.is_empty() { name.to_owned() } else { format!("{prefix}/{name}") };
        let entry = |name: &str| whole.get_path(Path::new(&path(name))).ok();
        let is_dir = |name: &str| entry(name).is_some_and(|e| e.kind() == Some(git2::ObjectType::Tree));
        let config = entry(crate::config::FILE_NAME)
            .filter(|e| e.kind() == Some(git2::ObjectType::Blob) && e.filemode() & 0o170000 == 0o100000)
            .map(|e| e.id());
        let key = Key(config, is_dir("policies"), is_dir("sop"));
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        let parsed = match config {
            Some(id) => super::Objects::blob_within(repo, id, crate::load::MAX_FILE_SIZE)
                .and_then(|b| std::str::from_utf8(b.content()).ok().and_then(|t| Config::parse(t).ok())),
            None => Some(Config::default()),
        };
        // A folder outside the root (`..`, `/`), which today's charta.toml would be refused
        // for, holds nothing of the history either.
        self.collections = parsed
            .map(|c| crate::load::collections_in(&c, is_dir))
            .map(|c| c.into_iter().filter(|c| crate::confine::is_inside(&c.path)).collect::<Vec<_>>())
            .filter(|c| !c.is_empty() && c.len() <= MOST_COLLECTIONS && !same(c, now));
        if self.folders.is_empty() {
            self.folders.extend(now.iter().map(|c| Collection::folder(&c.path)));
        }
        for c in self.collections.iter().flatten() {
            if self.folders.insert(Collection::folder(&c.path)) {
                self.seen.push(c.clone());
            }
        }
    }
}

/// Two lists of collections with the same folders.
fn same(a: &[Collection], b: &[Collection]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| Collection::folder(&a.path) == Collection::folder(&b.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree of a repository's commit holding only `charta.toml` with `text`.
    fn tree_of<'r>(repo: &'r Repository, text: &str) -> Tree<'r> {
        let blob = repo.blob(text.as_bytes()).unwrap();
        let mut builder = repo.treebuilder(None).unwrap();
        builder.insert(crate::config::FILE_NAME, blob, 0o100644).unwrap();
        repo.find_tree(builder.write().unwrap()).unwrap()
    }

    fn config(folders: impl Iterator<Item = String>) -> String {
        folders.map(|f| format!("[[collections]]\npath = \"{f}\"\nkind = \"policy\"\n")).collect()
    }

    /// Bug (a cold review of the fix, perf2.sh): each collection of a commit's charta.toml was
    /// looked for in every one seen before, so a charta.toml naming 20,000 folders, or 400
    /// commits naming 100 each, took check 11 and 44 s. Folders seen are a set, and a
    /// charta.toml naming more than [`MOST_COLLECTIONS`] is not read for the history.
    #[test]
    fn collections_of_earlier_commits_are_kept_once_and_a_flood_of_them_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let now = vec![Collection { path: "isms".into(), kind: "policy".into(), ..Default::default() }];
        let mut era = Era::new();
        era.at(&repo, &tree_of(&repo, &config(["policies".to_owned()].into_iter())), "", &now);
        assert_eq!(era.collections.as_ref().map(Vec::len), Some(1));
        // Another charta.toml naming the same folder and one more, and today's.
        let more = config(["policies", "sop", "isms"].iter().map(|s| (*s).to_owned()));
        era.at(&repo, &tree_of(&repo, &more), "", &now);
        let seen: Vec<&str> = era.seen.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(seen, ["policies", "sop"]);
        let flood = config((0..=MOST_COLLECTIONS).map(|n| format!("f{n}")));
        era.at(&repo, &tree_of(&repo, &flood), "", &now);
        assert!(era.collections.is_none());
        assert_eq!(era.seen.len(), 2);
    }
}
