//! Unit tests of [`super`].

use super::*;

pub(super) fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| (*p).to_owned()).collect()
}

/// The Markdown files `list` finds under `root` (one collection, the root itself).
fn documents(root: &Path, exclude: &[&str]) -> BTreeSet<String> {
    let collection = Collection { path: ".".into(), kind: "document".into(), ..Default::default() };
    let exclude: Vec<String> = exclude.iter().map(|p| (*p).to_owned()).collect();
    let matcher = ignores::exclude(root, &exclude).unwrap();
    list(root, &[collection], &[], matcher).found.into_iter().map(|f| f.rel_path).collect()
}

pub(super) fn write_all(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn markdown_a_gitignore_or_ignore_file_names_is_no_document() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_all(
        root,
        &[
            (".gitignore", "vendor/\n*.local.md\n"),
            ("policies/.ignore", "scratch.md\n"),
            ("policies/.gitignore", "!keep.local.md\n"),
            ("policies/a.md", "x"),
            ("policies/b.local.md", "x"),
            ("policies/keep.local.md", "x"),
            ("policies/scratch.md", "x"),
            ("vendor/theme/README.md", "x"),
            ("target/doc/x.md", "x"),
        ],
    );
    assert_eq!(documents(root, &[]), set(&["policies/a.md", "policies/keep.local.md", "target/doc/x.md"]));
    // charta.toml's `exclude`, in the same syntax, from the root.
    assert_eq!(documents(root, &["target/", "keep.*"]), set(&["policies/a.md"]));
}

#[test]
fn a_document_git_tracks_is_read_though_an_ignore_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let repo = git2::Repository::init(&root).unwrap();
    write_all(
        &root,
        &[
            (".gitignore", "drafts/\n*.tmp.md\n"),
            ("sop/kept.tmp.md", "x"),
            ("sop/local.tmp.md", "x"),
            ("drafts/tracked.md", "x"),
            ("drafts/local.md", "x"),
            ("private/notes.md", "x"),
            ("sop/a.md", "x"),
        ],
    );
    std::fs::write(root.join(".git/info/exclude"), "private/\n").unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("sop/kept.tmp.md")).unwrap();
    index.add_path(Path::new("drafts/tracked.md")).unwrap();
    index.write().unwrap();
    // `.git/info/exclude` is each clone's own: the same repository reads the same everywhere.
    assert_eq!(
        documents(&root, &[]),
        set(&["drafts/tracked.md", "private/notes.md", "sop/a.md", "sop/kept.tmp.md"])
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    /// A path under the root is written as its components joined by `/`, whether it is taken as
    /// it is or made the long way: with `.`, `..`, empty parts, a leading or trailing `/`, and
    /// names that are not ASCII.
    #[test]
    fn a_relative_path_taken_as_written_is_the_path_its_components_make(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "a", "policies", ".", "..", "", ".hidden", "a.md", "é", "x y", "...",
        ]), 0..6)
    ) {
        let written = parts.join("/");
        let path = Path::new(&written);
        proptest::prop_assert_eq!(rel_string(path), joined(path));
    }
}

#[test]
fn paths_a_collection_writes_loosely_are_made_the_long_way() {
    for (written, want) in [
        ("./policies/a.md", "./policies/a.md"),
        ("policies//a.md", "policies/a.md"),
        ("policies/", "policies"),
    ] {
        assert_eq!(rel_string(Path::new(written)), want, "{written}");
    }
    assert_eq!(rel_string(Path::new("policies/a.md")), "policies/a.md");
}

/// A repository with what a walk leaves out or a look-up must refuse: ignore files with `!`
/// patterns, hidden and `node_modules` folders, a static folder the walk skips, a folder
/// charta.toml excludes, tracked files in ignored places, links. Its folder, its root, what
/// the walk skips, and the exclusion.
pub(super) fn lookup_fixture() -> (tempfile::TempDir, PathBuf, [PathBuf; 1], Gitignore) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let repo = git2::Repository::init(&root).unwrap();
    write_all(
        &root,
        &[
            (".gitignore", "build/\n"),
            ("policies/.gitignore", "draft-*.md\n*.key\n"),
            ("policies/.ignore", "!draft-kept.md\n"),
            ("policies/a.md", "x"),
            ("policies/draft-1.md", "x"),
            ("policies/draft-kept.md", "x"),
            ("policies/tracked.key", "x"),
            ("policies/local.key", "x"),
            ("policies/.hidden/h.md", "x"),
            ("policies/node_modules/m.md", "x"),
            ("policies/assets/logo.png", "x"),
            ("policies/assets/.gitignore", "*.tmp\n"),
            ("policies/assets/scratch.tmp", "x"),
            ("policies/static/style.css", "x"),
            ("policies/build/out.md", "x"),
            ("policies/private/p.md", "x"),
            ("sop/b.md", "x"),
            ("sop/policies/nested.md", "x"),
            (".drafts/d.md", "x"),
            ("build/keep.md", "x"),
            ("build/local.md", "x"),
        ],
    );
    std::fs::create_dir_all(root.join("policies/empty")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("policies/a.md"), root.join("policies/link.md")).unwrap();
        std::os::unix::fs::symlink(root.join("sop"), root.join("policies/sop-link")).unwrap();
    }
    let mut index = repo.index().unwrap();
    for tracked in ["policies/tracked.key", "build/keep.md"] {
        index.add_path(Path::new(tracked)).unwrap();
    }
    index.write().unwrap();
    // The walk leaves out the static folder and `private/` (as check does with site.static_dir
    // and charta.toml's `exclude`); the look-ups are not told of the static folder.
    let walk_skip = [root.join("policies/static")];
    let exclude = ignores::exclude(&root, &["policies/private/".to_owned()]).unwrap();
    (dir, root, walk_skip, exclude)
}

pub(super) fn collection(path: &str) -> Collection {
    Collection { path: path.into(), kind: "policy".into(), ..Default::default() }
}

#[test]
fn a_file_two_collections_hold_is_found_once_named_by_the_first() {
    let (_dir, root, walk_skip, exclude) = lookup_fixture();
    let found = |collections: &[Collection]| -> Vec<(String, usize)> {
        let walked = list(&root, collections, &walk_skip, exclude.clone());
        walked.found.into_iter().map(|f| (f.rel_path, f.collection)).collect()
    };
    let sop = [("sop/b.md".to_owned(), 0), ("sop/policies/nested.md".to_owned(), 0)];
    // The root first: it names every file, the sop collection none.
    let root_first = found(&[collection("."), collection("sop")]);
    assert!(sop.iter().all(|s| root_first.contains(s)), "{root_first:?}");
    assert!(root_first.iter().all(|(_, c)| *c == 0), "{root_first:?}");
    // The sop collection first: its files are its own, in its walk's order, then the root's others.
    let sop_first = found(&[collection("sop"), collection(".")]);
    assert_eq!(sop_first[..2], sop, "{sop_first:?}");
    assert!(sop_first[2..].iter().all(|(p, c)| *c == 1 && !p.starts_with("sop/")), "{sop_first:?}");
    assert_eq!(sop_first.len(), root_first.len());
}

#[test]
fn a_collection_in_a_folder_an_earlier_walk_entered_for_its_tracked_files_keeps_only_those() {
    let (_dir, root, walk_skip, exclude) = lookup_fixture();
    let found = |collections: &[Collection]| -> Vec<(String, usize)> {
        let walked = list(&root, collections, &walk_skip, exclude.clone());
        let build = walked.found.into_iter().filter(|f| f.rel_path.starts_with("build/"));
        build.map(|f| (f.rel_path, f.collection)).collect()
    };
    // `build/` is ignored and holds one tracked file: the root's walk goes in for it alone, and a
    // walk of `build` after it (as one walk after the other) keeps to what it learnt.
    assert_eq!(found(&[collection("."), collection("build")]), [("build/keep.md".to_owned(), 0)]);
    // Walked first, `build` has every file of its own.
    assert_eq!(
        found(&[collection("build"), collection(".")]),
        [("build/keep.md".to_owned(), 0), ("build/local.md".to_owned(), 0)]
    );
}
