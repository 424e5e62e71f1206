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

/// A git repository in a new folder holding `files`, with `tracked` added to git's index (as
/// `git add --force` would, whatever the ignore files say): the folder, and the repository's
/// root.
pub(super) fn repository(files: &[(&str, &str)], tracked: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let repo = git2::Repository::init(&root).unwrap();
    write_all(&root, files);
    let mut index = repo.index().unwrap();
    for path in tracked {
        index.add_path(Path::new(path)).unwrap();
    }
    index.write().unwrap();
    (dir, root)
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
    let (_dir, root) = repository(
        &[
            (".gitignore", "drafts/\n*.tmp.md\n"),
            ("sop/kept.tmp.md", "x"),
            ("sop/local.tmp.md", "x"),
            ("drafts/tracked.md", "x"),
            ("drafts/local.md", "x"),
            ("private/notes.md", "x"),
            ("sop/a.md", "x"),
        ],
        &["sop/kept.tmp.md", "drafts/tracked.md"],
    );
    std::fs::write(root.join(".git/info/exclude"), "private/\n").unwrap();
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

/// The walks of several collections, each on its thread, and the look-up of linked files after
/// them read git's index once between them: each read it again when each had its own (once per
/// collection holding an ignored file, and once more for an ignored link target).
#[test]
fn git_s_index_is_read_once_for_every_walk_and_the_lookup() {
    let (_dir, root) = repository(
        &[
            (".gitignore", "*.tmp.md\n"),
            ("sop/a.md", "x"),
            ("sop/kept.tmp.md", "x"),
            ("policies/b.md", "x"),
            ("policies/local.tmp.md", "x"),
        ],
        &["sop/kept.tmp.md"],
    );
    let walked = list(&root, &[collection("sop"), collection("policies")], &[], Gitignore::empty());
    let found: BTreeSet<String> = walked.found.iter().map(|f| f.rel_path.clone()).collect();
    assert_eq!(found, set(&["policies/b.md", "sop/a.md", "sop/kept.tmp.md"]));
    let git = walked.listings.git.clone().expect("the walks hand on their reading of git's index");
    assert!(git.is_read());
    // A clone shares the reading: the look-up, given the listings, asks the same one.
    let fresh = ignores::Git::new(&root);
    let shared = fresh.clone();
    assert!(!shared.is_read());
    assert!(fresh.tracked("sop/kept.tmp.md", false) && !fresh.tracked("policies/local.tmp.md", false));
    assert!(shared.is_read());
    let none = Gitignore::empty();
    let mut lookup = Lookup::new(&root, &[], &none, walked.listings);
    let targets = set(&["sop/kept.tmp.md", "policies/local.tmp.md"]);
    assert_eq!(lookup.existing(&targets), set(&["sop/kept.tmp.md"]));
}

/// A repository with what a walk leaves out or a look-up must refuse: ignore files with `!`
/// patterns, hidden and `node_modules` folders, a static folder the walk skips, a folder
/// charta.toml excludes, tracked files in ignored places, links. Its folder, its root, what
/// the walk skips, and the exclusion.
pub(super) fn lookup_fixture() -> (tempfile::TempDir, PathBuf, [PathBuf; 1], Gitignore) {
    let (dir, root) = repository(
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
        &["policies/tracked.key", "build/keep.md"],
    );
    std::fs::create_dir_all(root.join("policies/empty")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("policies/a.md"), root.join("policies/link.md")).unwrap();
        std::os::unix::fs::symlink(root.join("sop"), root.join("policies/sop-link")).unwrap();
    }
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
fn the_documents_found_do_not_depend_on_the_order_of_the_collections() {
    // Bug: `build/` is ignored and holds one tracked file. The root's walk goes in for that
    // file alone; a walk of `build` listed after it kept only that file too, while listed
    // first it had `build/local.md` as well: the order of charta.toml's collections decided
    // which files were controlled documents.
    let (_dir, root, walk_skip, exclude) = lookup_fixture();
    let found = |collections: &[Collection]| -> Vec<(String, String)> {
        let walked = list(&root, collections, &walk_skip, exclude.clone());
        let mut found: Vec<(String, String)> =
            walked.found.into_iter().map(|f| (f.rel_path, collections[f.collection].path.clone())).collect();
        found.sort();
        found
    };
    let named = |found: &[(String, String)]| found.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    let root_first = found(&[collection("."), collection("build")]);
    let build_first = found(&[collection("build"), collection(".")]);
    assert_eq!(named(&root_first), named(&build_first));
    // A collection folder is read whole, whatever an ignore file above it says (as when it is
    // the only collection); the root's walk keeps only the tracked file of the ignored folder,
    // and the first collection holding a file names it.
    let build = |found: &[(String, String)]| {
        found.iter().filter(|(p, _)| p.starts_with("build/")).cloned().collect::<Vec<_>>()
    };
    let pair = |p: &str, c: &str| (p.to_owned(), c.to_owned());
    assert_eq!(
        build(&found(&[collection("build")])),
        [pair("build/keep.md", "build"), pair("build/local.md", "build")]
    );
    assert_eq!(build(&root_first), [pair("build/keep.md", "."), pair("build/local.md", "build")]);
    assert_eq!(build(&build_first), [pair("build/keep.md", "build"), pair("build/local.md", "build")]);
    assert_eq!(build(&found(&[collection(".")])), [pair("build/keep.md", ".")]);
}

/// Bug (a cold try's r3.sh): `policies/Old-Policy.MD`, a policy seven years overdue, was no
/// document: not checked, not published, and `charta check` passed. Forges and editors take
/// `.MD` for Markdown; so does charta, and its page is named without the ending.
#[test]
fn a_markdown_file_whose_ending_is_in_capitals_is_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let files = [("a.md", ""), ("B.MD", ""), ("c.Markdown", ""), ("d.txt", ""), ("e.MDX", ""), ("MD", "")];
    write_all(dir.path(), &files);
    assert_eq!(documents(dir.path(), &[]), set(&["B.MD", "a.md", "c.Markdown"]));
    for (name, stem) in
        [("Old-Policy.MD", "Old-Policy"), ("a.markdown", "a"), ("a.txt", "a.txt"), ("md", "md")]
    {
        assert_eq!(markdown_stem(name), stem, "{name}");
    }
    let doc = crate::document::Document::parse("policies/Old-Policy.MD", 0, "# Old\n");
    assert_eq!(doc.file_stem(), "Old-Policy");
}

/// Bug (a cold review): a document put back as a FIFO after the walk found it (the human report
/// of `check` reads each document with findings again, at the end) made `check` wait for ever
/// in `open`. What is not a regular file when it is opened is not read, and says so.
#[cfg(unix)]
#[test]
fn a_document_swapped_for_a_fifo_is_not_read_and_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
        0,
    )
    .unwrap();
    let found = Found { rel_path: "a.md".into(), path: path.clone(), collection: 0 };
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(read(found).err().map(|e| format!("{e:?}")));
        // As `build` reads a text again for its page, and `check` for the lines it quotes.
        let _ = send.send(read_again(&path).err().map(|e| e.to_string()));
    });
    for _ in 0..2 {
        let error = receive.recv_timeout(std::time::Duration::from_secs(10)).expect("read returned");
        assert!(error.is_some_and(|e| e.contains("not a regular file")));
    }
}

/// Bug (the known gaps: every file of a pull request is hostile): a charta.toml or roster of
/// gigabytes was read into memory whole before anything was said of it. It is refused by its
/// size, unread, and the error says so.
#[test]
fn a_configuration_larger_than_charta_reads_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["charta.toml", "roster.yaml"] {
        let path = dir.path().join(name);
        std::fs::File::create(&path).unwrap().set_len(MAX_FILE_SIZE + 1).unwrap();
        let error = if name == "charta.toml" {
            crate::config::Config::from_file(&path).map(drop).unwrap_err()
        } else {
            crate::roster::Roster::from_file(&path).map(drop).unwrap_err()
        };
        let said = format!("{error:#}");
        assert!(
            said.contains(name) && said.contains("it is 100 MiB; charta reads files of up to 100 MiB"),
            "{said}"
        );
    }
    std::fs::write(dir.path().join("charta.toml"), "[site]\ntitle = \"T\"\n").unwrap();
    assert!(crate::config::Config::from_file(&dir.path().join("charta.toml")).is_ok());
}
