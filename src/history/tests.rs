//! Tests of the history read from git.

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
fn versions_name_blobs_whose_texts_are_read_on_any_thread() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("once.md", "\u{feff}committed once\n");
    write("twice.md", "first\n");
    write("gone.md", "added, then deleted\n");
    commit(&repo, 1_700_000_000, "first");
    write("twice.md", "second\n");
    std::fs::remove_file(dir.path().join("gone.md")).unwrap();
    commit(&repo, 1_700_100_000, "second");
    let h = read(dir.path(), (|_: &str| true, testing::Everywhere), "v*").unwrap().unwrap();
    assert_eq!(h.commits.len(), 2);
    assert_eq!(h.files.keys().collect::<Vec<_>>(), ["gone.md", "once.md", "twice.md"]);
    let commits = |path: &str| h.files[path].iter().map(|v| (v.commit, v.blob.is_some())).collect::<Vec<_>>();
    assert_eq!(commits("gone.md"), [(0, true), (1, false)]);
    assert_eq!(commits("twice.md"), [(0, true), (1, true)]);
    // Decoded as the working copy is (no byte-order mark), on this thread and on the pool's.
    let once = h.files["once.md"][0].blob.unwrap();
    assert_eq!(h.text(once).unwrap(), "committed once\n");
    assert_eq!(h.bytes(once).unwrap(), b"\xEF\xBB\xBFcommitted once\n");
    use rayon::prelude::*;
    let texts: Vec<String> =
        h.files["twice.md"].par_iter().map(|v| h.text(v.blob.unwrap()).unwrap()).collect();
    assert_eq!(texts, ["first\n", "second\n"]);
    // An object that is not in the repository is an error that says what to do.
    let err = h.text(BlobId(Oid::from_str("0123456789012345678901234567890123456789").unwrap())).unwrap_err();
    assert!(format!("{err:#}").contains("git fsck"), "{err:#}");
}

#[test]
fn a_committed_text_larger_than_any_file_read_is_not_inflated() {
    // A gigabyte of repeated lines packs into a few megabytes: a pull request's old commit
    // made a build take 7 GB. One byte over the limit is enough to show it is not read.
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    let limit = usize::try_from(crate::load::MAX_FILE_SIZE).unwrap();
    let mut big = b"---\ntitle: Big\n---\n".to_vec();
    big.resize(limit + 1, b'x');
    std::fs::write(dir.path().join("big.md"), &big).unwrap();
    drop(big);
    commit(&repo, 1_700_000_000, "a large text");
    std::fs::remove_file(dir.path().join("big.md")).unwrap();
    commit(&repo, 1_700_100_000, "taken out again");
    let h = read(dir.path(), (|_: &str| true, testing::Everywhere), "v*").unwrap().unwrap();
    let blob = h.files["big.md"][0].blob.unwrap();
    let err = format!("{:#}", h.text(blob).unwrap_err());
    assert!(
        err.contains("is 104857601 bytes, more than the 4 MiB charta reads of one Markdown file"),
        "{err}"
    );
    // Nor does it name where the repository is: a page may quote it (the cold review).
    assert!(!err.contains(dir.path().to_str().unwrap()), "{err}");
    let err = format!("{:#}", h.bytes(blob).unwrap_err());
    assert!(err.contains("more than the 100 MiB charta reads of one file"), "{err}");
}

/// Bug (a cold review): `promisor = no` (one of git's words for false) was read as a partial
/// clone: a whole clone failed the check with `history/partial-clone` and lost its history.
#[test]
fn a_partial_clone_is_told_by_git_s_own_true_words() {
    for (settings, partial) in [
        (&[][..], false),
        (&[("remote.origin.promisor", "true")][..], true),
        (&[("remote.origin.promisor", "Yes")][..], true),
        (&[("remote.origin.promisor", "no")][..], false),
        (&[("remote.origin.promisor", "off")][..], false),
        (&[("remote.origin.promisor", "0")][..], false),
        (&[("remote.origin.promisor", "false")][..], false),
        (&[("extensions.partialclone", "origin")][..], true),
        (&[("remote.origin.promisorx", "true")][..], false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let mut config = repo.config().unwrap();
        for (key, value) in settings {
            config.set_str(key, value).unwrap();
        }
        assert_eq!(is_partial(&repo), partial, "{settings:?}");
    }
}
