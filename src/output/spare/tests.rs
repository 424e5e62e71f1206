//! Unit tests of [`super`].

use super::*;
use crate::output::publish::{OutputLock, Unfinished};
use crate::output::staging::{MARKER, Staging};
use crate::output::units::Sink as _;
use crate::site::Output;

fn tree(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        let path = dir.path().join(f);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, f).unwrap();
    }
    dir
}

/// Every file under `dir`, root-relative, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_str().unwrap().replace('\\', "/"))
        .collect();
    files.sort_unstable();
    files
}

#[test]
fn a_kept_site_is_taken_whole() {
    let kept = tree(&[".charta-site", "index.html", "sop/a/index.html"]);
    let staging = tempfile::tempdir().unwrap();
    assert!(take(kept.path(), staging.path(), ".charta-site"));
    assert!(!kept.path().exists());
    assert_eq!(files_in(staging.path()), [".charta-site", "index.html", "sop/a/index.html"]);
}

#[test]
fn a_cache_folder_charta_did_not_make_is_never_deleted_and_a_linked_site_not_taken() {
    let staging = tempfile::tempdir().unwrap();
    let foreign = tree(&["index.html"]);
    assert!(!take(foreign.path(), staging.path(), ".charta-site"));
    // Not charta's (no marker): neither taken nor removed.
    assert!(foreign.path().join("index.html").is_file());
    // Nor replaced by the old site when a build keeps it.
    let old = tree(&[".charta-site", "index.html"]);
    assert_eq!(keep(old.path().to_owned(), foreign.path()), Err(old.path().to_owned()));
    assert!(foreign.path().join("index.html").is_file());

    #[cfg(unix)]
    {
        let outside = tree(&["secret.txt"]);
        let linked = tree(&[".charta-site", "index.html"]);
        std::os::unix::fs::symlink(outside.path(), linked.path().join("sop")).unwrap();
        assert!(!take(linked.path(), staging.path(), ".charta-site"));
        assert!(!linked.path().exists());
        // The link went, not what it pointed to.
        assert!(outside.path().join("secret.txt").is_file());
    }
    assert_eq!(std::fs::read_dir(staging.path()).unwrap().count(), 0);
}

#[test]
fn pruning_leaves_exactly_what_was_claimed() {
    let staged = tree(&[
        ".charta-site",
        "index.html",
        "sop/a/index.html",
        "sop/gone/index.html",
        "gone/deep/x.html",
        "releases/v1/index.html",
        "releases/v1/old.html",
    ]);
    let mut claimed = crate::output::files::Files::default();
    for path in ["index.html", "sop/a/index.html", "releases/v1"] {
        claimed.claim(path);
    }
    prune(staged.path(), &claimed).unwrap();
    // A claimed folder (a release snapshot copied whole) is the build's to fill.
    assert_eq!(
        files_in(staged.path()),
        ["index.html", "releases/v1/index.html", "releases/v1/old.html", "sop/a/index.html"]
    );
    assert!(!staged.path().join("gone").exists() && !staged.path().join("sop/gone").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn the_new_site_and_the_live_one_exchange_names_in_one_step() {
    let tmp = tempfile::tempdir().unwrap();
    let (staged, out) = (tmp.path().join(".public.charta-new-aaaaaa"), tmp.path().join("public"));
    for (dir, text) in [(&staged, "new"), (&out, "old")] {
        std::fs::create_dir(dir).unwrap();
        std::fs::write(dir.join("index.html"), text).unwrap();
    }
    assert!(exchange(&staged, &out).unwrap());
    assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
    assert_eq!(std::fs::read_to_string(staged.join("index.html")).unwrap(), "old");
    swap(staged.clone(), &out, None).unwrap();
    assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
    assert!(!staged.exists());
}

#[cfg(unix)]
#[test]
fn a_file_with_a_second_name_is_not_a_sole_name() {
    let dir = tree(&["a"]);
    let a = dir.path().join("a");
    assert!(sole_name(&std::fs::metadata(&a).unwrap()));
    std::fs::hard_link(&a, dir.path().join("b")).unwrap();
    let (ma, mb) = (std::fs::metadata(&a).unwrap(), std::fs::metadata(dir.path().join("b")).unwrap());
    assert!(!sole_name(&ma));
    assert!(same_file(&ma, &mb));
}

/// A live site whose `a.html` the kept site shares by hard link (a page the last build
/// reused), and a kept site with a file of its own and one this build will not write.
#[cfg(unix)]
fn live_and_kept() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let (out, spare) = (tmp.path().join("public"), tmp.path().join(".charta-cache/replaced-site"));
    for dir in [&out, &spare] {
        std::fs::create_dir_all(dir.join("sop")).unwrap();
        std::fs::write(dir.join(MARKER), "").unwrap();
    }
    std::fs::write(out.join("sop/a.html"), "live a").unwrap();
    std::fs::write(out.join("b.html"), "live b").unwrap();
    std::fs::hard_link(out.join("sop/a.html"), spare.join("sop/a.html")).unwrap();
    std::fs::write(spare.join("b.html"), "older b").unwrap();
    std::fs::write(spare.join("gone.html"), "older").unwrap();
    (tmp, out, spare)
}

#[cfg(unix)]
fn put_both(staging: &Staging) {
    for (path, text) in [("sop/a.html", "new a"), ("b.html", "new b")] {
        staging.put(Output::Bytes { path: path.to_owned(), bytes: text.as_bytes().to_vec() }).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn writing_into_the_kept_site_never_touches_the_live_one() {
    let read = |p: PathBuf| std::fs::read_to_string(p).unwrap();
    // A build that fails after writing: the live site is as it was.
    let (tmp, out, spare) = live_and_kept();
    let lock = OutputLock::acquire(&out, &Unfinished::default(), |_| {}).unwrap();
    let staging = Staging::new(tmp.path(), &lock).unwrap().recycling(spare.clone());
    put_both(&staging);
    drop(staging);
    assert_eq!(read(out.join("sop/a.html")), "live a");
    assert_eq!(read(out.join("b.html")), "live b");

    // A build that finishes: its files are in place, nothing else; the site it replaced is kept.
    let (tmp, out, spare) = live_and_kept();
    let lock = OutputLock::acquire(&out, &Unfinished::default(), |_| {}).unwrap();
    let staging = Staging::new(tmp.path(), &lock).unwrap().recycling(spare.clone());
    put_both(&staging);
    staging.finish().unwrap();
    drop(lock);
    assert_eq!(read(out.join("sop/a.html")), "new a");
    assert_eq!(read(out.join("b.html")), "new b");
    assert!(!out.join("gone.html").exists());
    assert_eq!(read(spare.join("sop/a.html")), "live a");
    assert_eq!(read(spare.join("b.html")), "live b");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_kept_file_where_the_build_needs_a_folder_and_a_kept_folder_where_it_writes_a_file_both_give_way() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, spare) = (tmp.path().join("public"), tmp.path().join(".charta-cache/replaced-site"));
    std::fs::create_dir_all(out.join("sop")).unwrap();
    std::fs::write(out.join(MARKER), "").unwrap();
    // The kept site: a file named like a folder the build needs, a folder named like a file
    // it writes (with a file inside), and a page the build writes again.
    std::fs::create_dir_all(spare.join("b.html/inner")).unwrap();
    for (path, text) in [(MARKER, ""), ("sop", "a file"), ("b.html/inner/x.html", "x"), ("c.html", "older c")]
    {
        std::fs::write(spare.join(path), text).unwrap();
    }
    let lock = OutputLock::acquire(&out, &Unfinished::default(), |_| {}).unwrap();
    let staging = Staging::new(tmp.path(), &lock).unwrap().recycling(spare.clone());
    for (path, text) in [("sop/a.html", "new a"), ("b.html", "new b"), ("c.html", "c")] {
        staging.put(Output::Bytes { path: path.to_owned(), bytes: text.as_bytes().to_vec() }).unwrap();
    }
    staging.finish().unwrap();
    drop(lock);
    assert_eq!(files_in(&out), [MARKER, "b.html", "c.html", "sop/a.html"]);
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    assert_eq!(
        (read("sop/a.html"), read("b.html"), read("c.html")),
        ("new a".into(), "new b".into(), "c".into())
    );
}

#[test]
fn a_deep_kept_site_is_checked_and_pruned_without_outgrowing_a_threads_stack() {
    // 1,500 folders one inside the other: the deepest a path of 4,096 bytes allows, about.
    let deep = vec!["d"; 1500].join("/");
    let kept = tree(&[".charta-site", "index.html", &format!("{deep}/old.html"), "sop/a/b/index.html"]);
    let staging = tempfile::tempdir().unwrap();
    assert!(take(kept.path(), staging.path(), ".charta-site"));
    let mut claimed = crate::output::files::Files::default();
    claimed.claim("index.html");
    claimed.claim("sop/a/b/index.html");
    prune(staging.path(), &claimed).unwrap();
    assert_eq!(files_in(staging.path()), ["index.html", "sop/a/b/index.html"]);
    assert!(!staging.path().join("d").exists());
}
