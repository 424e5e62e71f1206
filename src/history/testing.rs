//! Test support: repositories made for a case, and their history.

use super::History;
use git2::{Repository, Signature, Time};
use jiff::civil::Date;
use std::path::Path;

/// A repository whose commits leave `path` with each text in turn, each dated its day
/// and summarised `edit N`, with the blob of the `damaged`-th text taken out of git; and its
/// history.
pub fn committed(
    path: &str,
    commits: &[(&str, String)],
    damaged: Option<usize>,
) -> (tempfile::TempDir, History) {
    let steps: Vec<(&str, Option<&str>)> =
        commits.iter().map(|(day, text)| (*day, Some(text.as_str()))).collect();
    let (dir, root) = repository(path, &steps);
    if let Some(i) = damaged {
        let blob = crate::history::blob_id(&commits[i].1).to_string();
        std::fs::remove_file(root.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    }
    let history = crate::history::read(&root, (|p: &str| p == path, Everywhere), "v*").unwrap().unwrap();
    (dir, history)
}

/// Every path published, whatever the collections.
pub struct Everywhere;

impl crate::history::Published for Everywhere {
    fn now(&self) -> &[crate::config::Collection] {
        &[]
    }
    fn publishes(&self, _: &str, _: Option<&[crate::config::Collection]>) -> bool {
        true
    }
}

/// As [`committed`], then a commit on `gone` that removes the file.
pub fn removed(path: &str, commits: &[(&str, String)], gone: &str) -> (tempfile::TempDir, History) {
    let mut steps: Vec<(&str, Option<&str>)> =
        commits.iter().map(|(day, text)| (*day, Some(text.as_str()))).collect();
    steps.push((gone, None));
    let (dir, root) = repository(path, &steps);
    let history = crate::history::read(&root, (|p: &str| p == path, Everywhere), "v*").unwrap().unwrap();
    (dir, history)
}

/// A repository with a commit per step: `path` with the text, or removed; each on its day.
fn repository(path: &str, steps: &[(&str, Option<&str>)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let repo = Repository::init(&root).unwrap();
    std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
    let mut parent: Option<git2::Oid> = None;
    for (i, (day, text)) in steps.iter().enumerate() {
        let mut index = repo.index().unwrap();
        match text {
            Some(text) => {
                std::fs::write(root.join(path), text).unwrap();
                index.add_path(Path::new(path)).unwrap();
            }
            None => {
                std::fs::remove_file(root.join(path)).unwrap();
                index.remove_path(Path::new(path)).unwrap();
            }
        }
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let noon = day.parse::<Date>().unwrap().at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).unwrap();
        let alice = Signature::new("Alice", "alice@example.org", &Time::new(noon.timestamp().as_second(), 0));
        let alice = alice.unwrap();
        let parents: Vec<git2::Commit> = parent.iter().map(|p| repo.find_commit(*p).unwrap()).collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        let message = format!("edit {}", i + 1);
        parent = Some(repo.commit(Some("HEAD"), &alice, &alice, &message, &tree, &parents).unwrap());
    }
    (dir, root)
}
