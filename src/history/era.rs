//! Edge (git): the collections a commit's own `charta.toml` named. A collection folder renamed
//! with its `charta.toml` (`policies/` to `isms/policies/`) published its documents from the old
//! folder until then: judged by today's configuration alone, each document's versions, in-force
//! days and removals before the rename were lost.

use crate::config::{Collection, Config};
use git2::{Oid, Repository, Tree};
use std::path::Path;

/// What decides a commit's collections: its `charta.toml` (by blob), and for the defaults a
/// configuration without collections takes, whether `policies/` and `sop/` are there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Key(Option<Oid>, bool, bool);

/// The collections of one stretch of history with one [`Key`].
pub struct Era {
    key: Option<Key>,
    /// None where they are today's, or where the commit's charta.toml cannot be read.
    pub collections: Option<Vec<Collection>>,
    /// Every collection of an era so far that today's charta.toml does not name, by folder.
    pub seen: Vec<Collection>,
}

impl Era {
    pub fn new() -> Era {
        Era { key: None, collections: None, seen: Vec::new() }
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
            Some(id) => repo
                .find_blob(id)
                .ok()
                .and_then(|b| std::str::from_utf8(b.content()).ok().and_then(|t| Config::parse(t).ok())),
            None => Some(Config::default()),
        };
        // A folder outside the root (`..`, `/`), which today's charta.toml would be refused
        // for, holds nothing of the history either.
        self.collections = parsed
            .map(|c| crate::load::collections_in(&c, is_dir))
            .map(|c| c.into_iter().filter(|c| crate::confine::is_inside(&c.path)).collect::<Vec<_>>())
            .filter(|c| !c.is_empty() && !same(c, now));
        let folder = |c: &Collection| Collection::folder(&c.path);
        for c in self.collections.iter().flatten() {
            if !now.iter().chain(&self.seen).any(|n| folder(n) == folder(c)) {
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
