//! Warm builds equal cold builds where the inputs of every page change: a new collection folder,
//! a new release tag, a build told to trust nothing from before.

use crate::cache::warm_equals_cold;
use crate::support::{Repo, Site, snapshot};

/// A folder of a collection's name, empty, added to a repository with no configuration: every
/// page's navigation gains it. The warm build said "unchanged" and kept the old pages.
#[test]
fn a_new_collection_folder_is_in_the_warm_build_as_in_the_cold() {
    let site = Site::fixture("zero-config");
    site.write("policies/access.md", "---\ntitle: Access\n---\n\n# Access\n");
    let first = site.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = snapshot(&site.out());
    std::fs::create_dir(site.root().join("sop")).unwrap();
    warm_equals_cold(&site);
    assert_ne!(before, snapshot(&site.out()), "the new folder changed nothing");
}

/// A repository with a release tagged `v1`, built once.
fn released() -> Repo {
    let r = Repo::new();
    r.site.write(".gitignore", "public/\n.charta-cache/\n");
    let first = r.commit("2025-01-05", "Alice", "First issue", &[]);
    r.tag("v1", first);
    let built = r.site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    r
}

/// Tagging a new release: the pages kept of the older release kept a version switcher without
/// the new tag.
#[test]
fn a_new_release_tag_is_in_the_switcher_of_the_kept_releases() {
    let r = released();
    let text = std::fs::read_to_string(r.site.root().join("policies/clean.md")).unwrap();
    let second =
        r.commit("2025-02-01", "Alice", "A sentence", &[("policies/clean.md", &format!("{text}\nMore.\n"))]);
    r.tag("v2", second);
    warm_equals_cold(&r.site);
    assert!(r.site.page("releases/v1/index.html").contains("releases/v2/"));
}

/// `--no-cache` into the output of an earlier build kept that build's release snapshots as they
/// were, edits by hand included.
#[test]
fn a_build_without_the_cache_makes_the_release_snapshots_again() {
    let r = released();
    let page = r.site.out().join("releases/v1/index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("<h1", "<h1 data-edited")).unwrap();
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!r.site.page("releases/v1/index.html").contains("data-edited"));
}
