//! Unit tests of [`super`]: the look-up of link targets, alone and given the walk's listings.

use super::*;
use crate::load::tests::{collection, lookup_fixture, repository, set, write_all};
use crate::load::{joined, list};
use walkdir::WalkDir;

/// The targets one fresh lookup finds.
fn existing(
    root: &Path,
    skip: &[PathBuf],
    exclude: &Gitignore,
    targets: &BTreeSet<String>,
) -> BTreeSet<String> {
    Lookup::new(root, skip, exclude, Listings::default()).existing(targets)
}

#[test]
fn files_a_gitignore_names_are_not_there_to_link_to() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_all(
        root,
        &[
            (".gitignore", "*.key\nsecrets/\nbuild\n"),
            ("forms/.gitignore", "!keep.key\ndraft-*\n"),
            ("api.key", "x"),
            ("forms/keep.key", "x"),
            ("forms/draft-1.pdf", "x"),
            ("forms/final.pdf", "x"),
            ("secrets/token.txt", "x"),
            ("build/out.pdf", "x"),
        ],
    );
    let targets = set(&[
        "api.key",
        "forms/keep.key",
        "forms/draft-1.pdf",
        "forms/final.pdf",
        "secrets/token.txt",
        "build/out.pdf",
        "build",
    ]);
    assert_eq!(
        existing(root, &[], &Gitignore::empty(), &targets),
        set(&["forms/final.pdf", "forms/keep.key"])
    );
    // `.ignore` files count too, and charta.toml's `exclude`.
    std::fs::write(root.join("forms/.ignore"), "final.pdf\n").unwrap();
    assert_eq!(existing(root, &[], &Gitignore::empty(), &targets), set(&["forms/keep.key"]));
    let exclude = ignores::exclude(root, &["forms/".to_owned()]).unwrap();
    assert_eq!(existing(root, &[], &exclude, &targets), set(&[]));
}

/// Bug (a hostile review's r3.sh): in a git repository, a file neither tracked nor ignored
/// (`gcp-key.json`, written into the checkout by an earlier step of the CI job) was published
/// when a document linked to it: the pull request's own `.gitignore` was all that stood in the
/// way. In a git repository only what git tracks is there to link to: a file git tracks though
/// an ignore file names it (added with --force) is in every checkout; one it does not track,
/// ignored or not, is in none.
#[test]
fn in_a_git_repository_only_what_git_tracks_is_there_to_link_to() {
    let (_dir, root) = repository(
        &[
            (".gitignore", "*.pdf\nbuild/\n"),
            ("build/.gitignore", "!keep.txt\n"),
            ("build/keep.txt", "x"),
            ("forms/tracked.pdf", "x"),
            ("forms/local.pdf", "x"),
            ("forms/form.txt", "x"),
            ("forms/kept.txt", "x"),
            ("gcp-key.json", "{}"),
            ("private/notes.txt", "x"),
        ],
        &["forms/tracked.pdf", "forms/kept.txt"],
    );
    std::fs::write(root.join(".git/info/exclude"), "private/\n").unwrap();
    let targets = set(&[
        "build/keep.txt",
        "forms/tracked.pdf",
        "forms/local.pdf",
        "forms/form.txt",
        "forms/kept.txt",
        "gcp-key.json",
        "private/notes.txt",
        "forms",
    ]);
    let none = Gitignore::empty();
    assert_eq!(existing(&root, &[], &none, &targets), set(&["forms", "forms/kept.txt", "forms/tracked.pdf"]));
}

#[test]
fn link_targets_exist_as_a_walk_of_the_root_finds_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    };
    for rel in [
        "policies/a.md",
        "img/logo.png",
        "forms/nested/form.pdf",
        ".github/template.md",
        "docs/.drafts/only.md",
        "node_modules/pkg/readme.md",
        "public/index.html",
    ] {
        write(rel);
    }
    std::fs::create_dir_all(root.join("empty")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("policies/a.md"), root.join("policies/link.md")).unwrap();
        std::os::unix::fs::symlink(root.join("img"), root.join("pictures")).unwrap();
    }
    let targets = set(&[
        "policies/a.md",
        "img/logo.png",
        "img",
        "forms",
        "forms/nested/form.pdf",
        "policies/missing.md",
        "missing/a.md",
        "Policies/a.md",
        "policies/A.md",
        "policies/a.md/deeper",
        ".github/template.md",
        "docs/.drafts/only.md",
        "docs",
        "node_modules/pkg/readme.md",
        "public/index.html",
        "empty",
        "policies/link.md",
        "pictures/logo.png",
    ]);
    let got = existing(root, &[root.join("public")], &Gitignore::empty(), &targets);
    let want = set(&["forms", "forms/nested/form.pdf", "img", "img/logo.png", "policies/a.md"]);
    assert_eq!(got, want);
    // What the whole-root walk of earlier versions found, for the same targets.
    let walked: BTreeSet<String> = walk(root, &[root.join("public")])
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(rel_string))
        .collect();
    let by_walk: BTreeSet<String> = targets
        .iter()
        .filter(|t| walked.contains(*t) || walked.iter().any(|f| f.starts_with(&format!("{t}/"))))
        .cloned()
        .collect();
    assert_eq!(got, by_walk);
}

#[test]
fn a_link_through_many_folders_is_settled_at_the_first_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a/a")).unwrap();
    std::fs::write(dir.path().join("a/a/f.md"), "x").unwrap();
    // `a/a` is there, `a/a/a` is not: the other 99,997 folders are never looked for, and a
    // path this deep costs neither a deep recursion nor a listing per name.
    let deep = ["a"; 100_000].join("/");
    let got = existing(dir.path(), &[], &Gitignore::empty(), &set(&[&deep, "a/a/f.md", "a/a/a/f.md"]));
    assert_eq!(got, set(&["a/a/f.md"]));
}

/// Every path under `root`, hidden ones too, each folder with and without a `/x.md` under it,
/// and some that are not there: what a look-up may be asked.
fn every_target(root: &Path) -> BTreeSet<String> {
    let mut targets = set(&["missing.md", "policies/missing.md", "Policies/a.md", ".hidden/x.md"]);
    for entry in WalkDir::new(root).min_depth(1).follow_links(false).into_iter().filter_map(Result::ok) {
        let rel = joined(entry.path().strip_prefix(root).unwrap());
        if entry.file_type().is_dir() {
            targets.insert(format!("{rel}/x.md"));
        }
        targets.insert(rel);
    }
    targets
}

#[test]
fn a_lookup_given_the_walks_listings_finds_what_one_listing_every_folder_finds() {
    let (_dir, root, walk_skip, exclude) = lookup_fixture();
    let targets = every_target(&root);
    for collections in [
        vec![collection("policies"), collection("sop")],
        vec![collection("."), collection("sop")],
        vec![collection(".drafts"), collection("build"), collection("policies/assets")],
    ] {
        let walked = list(&root, &collections, &walk_skip, exclude.clone());
        assert!(!walked.listings.folders.is_empty(), "{collections:?}: the walk recorded no listing");
        let given = Lookup::new(&root, &[], &exclude, walked.listings).existing(&targets);
        let fresh = Lookup::new(&root, &[], &exclude, Listings::default()).existing(&targets);
        assert_eq!(given, fresh, "{collections:?}");
    }
}

/// A name that is not UTF-8 is written with U+FFFD in charta's paths, which then may name
/// another file or none: a walk that meets one hands on no listing, and the look-up lists each
/// folder itself.
#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_leaves_the_lookup_to_list_the_folders_itself() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write_all(&root, &[("sop/a.md", "x"), ("sop/d\u{fffd}/other.png", "x")]);
    std::fs::write(root.join("sop").join(OsStr::from_bytes(b"b\xff.md")), "x").unwrap();
    std::fs::create_dir_all(root.join("sop").join(OsStr::from_bytes(b"d\xff"))).unwrap();
    std::fs::write(root.join("sop").join(OsStr::from_bytes(b"d\xff/only.png")), "x").unwrap();
    let none = Gitignore::empty();
    let walked = list(&root, &[collection("sop")], &[], none.clone());
    assert!(walked.listings.folders.is_empty());
    let paths: BTreeSet<String> = walked.found.iter().map(|f| f.rel_path.clone()).collect();
    assert!(paths.contains("sop/b\u{fffd}.md"), "{paths:?}");
    let mut lookup = Lookup::new(&root, &[], &none, walked.listings);
    // The two folders `d\xff` and `d\u{fffd}` are one path to charta: the look-up lists the real one.
    let targets = set(&["sop/a.md", "sop/b\u{fffd}.md", "sop/d\u{fffd}/only.png", "sop/d\u{fffd}/other.png"]);
    assert_eq!(lookup.existing(&targets), set(&["sop/a.md", "sop/d\u{fffd}/other.png"]));
}

/// Bugs (a review of the tracked-files fix, r4.sh and r7.sh): a link into a submodule
/// (`../shared/form.pdf`) was broken, its files not in the parent's index; and a root inside a
/// repository that tracks none of it (a home directory kept in git) had every link broken. A
/// submodule's files are tracked by its own repository; a root git tracks nothing of is as
/// good as outside git.
///
/// Bug (a hostile review): every file under a gitlink counted as tracked, so a pull request
/// that committed one (`git update-index --cacheinfo 160000,...,ci-out`, no `.gitmodules`
/// needed) had whatever a CI step wrote into that folder, empty in the clone, published. Only
/// what the submodule checked out there tracks is.
#[test]
fn a_submodule_s_files_are_tracked_and_a_root_git_tracks_nothing_of_is_outside_git() {
    let (_dir, root) = repository(
        &[
            ("shared/form.pdf", "x"),
            ("shared/written-by-ci.json", "x"),
            ("ci-out/token.json", "x"),
            ("forms/local.pdf", "x"),
            ("kept.txt", "x"),
        ],
        &["kept.txt"],
    );
    // `shared` is a submodule checked out: a repository of its own that tracks form.pdf.
    let sub = git2::Repository::init(root.join("shared")).unwrap();
    let mut sub_index = sub.index().unwrap();
    sub_index.add_path(Path::new("form.pdf")).unwrap();
    sub_index.write().unwrap();
    let repo = git2::Repository::open(&root).unwrap();
    let mut index = repo.index().unwrap();
    let id = git2::Oid::from_str("0123456789abcdef0123456789abcdef01234567").unwrap();
    for path in ["shared", "ci-out"] {
        let entry = git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o160000,
            uid: 0,
            gid: 0,
            file_size: 0,
            id,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        };
        index.add(&entry).unwrap();
    }
    index.write().unwrap();
    let none = Gitignore::empty();
    let targets = set(&[
        "shared/form.pdf",
        "shared/written-by-ci.json",
        "shared",
        "ci-out/token.json",
        "forms/local.pdf",
        "kept.txt",
    ]);
    assert_eq!(existing(&root, &[], &none, &targets), set(&["kept.txt", "shared", "shared/form.pdf"]));

    let (_home, top) = repository(&[("dot", "x"), ("site/forms/f.pdf", "x")], &["dot"]);
    let site = top.join("site");
    assert_eq!(existing(&site, &[], &none, &set(&["forms/f.pdf"])), set(&["forms/f.pdf"]));
}
