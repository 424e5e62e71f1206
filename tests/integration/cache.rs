//! The build cache: a warm build reuses what did not change, and its site is byte for byte the
//! site a cold build (`--no-cache`, fresh output) makes of the same repository.

use crate::support::{Site, assert_same, snapshot};

/// Build `site` warm (into its own output, with its cache), then cold into a fresh folder, and
/// assert both sites are identical. Returns the warm build's stderr.
pub fn warm_equals_cold(site: &Site) -> String {
    let warm = site.build(&[]);
    assert_eq!(warm.code, 0, "{}", warm.stderr);
    let (_cold_dir, cold_out, cold) = crate::support::build_cold(site.root(), "2026-03-01");
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    assert_same(&snapshot(&site.out()), &snapshot(&cold_out));
    warm.stderr
}

#[test]
fn a_rebuild_with_nothing_changed_keeps_the_site_and_matches_a_cold_build() {
    let site = Site::fixture("mixed");
    let first = site.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(site.root().join(".charta-cache/pages.bin").is_file());
    let before = snapshot(&site.out());
    let stderr = warm_equals_cold(&site);
    assert!(stderr.contains("unchanged since the last build"), "{stderr}");
    assert_same(&before, &snapshot(&site.out()));
}

#[test]
fn a_changed_document_is_rendered_again_and_the_rest_reused() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let path = site.root().join("sop/release.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## ", "## Changed: ")).unwrap();
    let stderr = warm_equals_cold(&site);
    assert!(stderr.contains("unchanged since the last build"), "some files reused: {stderr}");
    assert!(site.page("sop/release/index.html").contains("Changed: "));
}

#[test]
fn a_page_edited_by_hand_or_a_stray_file_is_not_trusted() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let page = site.out().join("sop/release/index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("<h1", "<h1 data-edited")).unwrap();
    std::fs::write(site.out().join("stray.html"), "not charta's").unwrap();
    warm_equals_cold(&site);
    assert!(!site.page("sop/release/index.html").contains("data-edited"));
    assert!(!site.out().join("stray.html").exists());
}

#[test]
fn search_words_kept_by_a_build_that_made_no_search_index_are_those_of_a_cold_build() {
    // A page edited by hand: its document's pages are made again, the search index stands, and
    // the cache is stored with the other documents' words as the last build kept them. A
    // changed document then makes the index again from them.
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let page = site.out().join("sop/release/index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("<h1", "<h1 data-edited")).unwrap();
    let kept = site.build(&[]);
    assert_eq!(kept.code, 0, "{}", kept.stderr);
    assert!(!kept.stderr.contains("the next build will render every page"), "{}", kept.stderr);
    let path = site.root().join("sop/release.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## ", "## Changed: ")).unwrap();
    let stderr = warm_equals_cold(&site);
    assert!(stderr.contains("unchanged since the last build"), "some files reused: {stderr}");
    let words = std::fs::read_to_string(site.out().join("assets/search/words.js")).unwrap();
    assert!(words.contains("changed"), "{words}");
}

#[test]
fn a_listing_page_edited_by_hand_is_made_again_when_every_document_is_unchanged() {
    // Every document's pages are reused, so the listing pages are expected to stand too; the
    // edited register makes the build render them after all.
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let register = site.out().join("index.html");
    let text = std::fs::read_to_string(&register).unwrap();
    std::fs::write(&register, text.replace("<h1", "<h1 data-edited")).unwrap();
    let stderr = warm_equals_cold(&site);
    assert!(stderr.contains("unchanged since the last build"), "documents reused: {stderr}");
    assert!(!site.page("index.html").contains("data-edited"));
}
#[test]
fn templates_configuration_roster_date_and_linked_files_invalidate_the_cache() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    // A template override.
    site.write(
        "templates/404.html",
        "{% extends \"charta/404.html\" %}{% block title %}Lost{% endblock title %}",
    );
    warm_equals_cold(&site);
    assert!(site.page("404.html").contains("Lost"));
    // The configuration: the site's title is on every page.
    let toml = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &toml.replace("Northwind Health ISMS", "Retitled ISMS"));
    warm_equals_cold(&site);
    assert!(site.page("sop/release/index.html").contains("Retitled ISMS"));
    // A linked file's content (same name, same size).
    let png = site.root().join("img/flow.png");
    let mut bytes = std::fs::read(&png).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&png, &bytes).unwrap();
    warm_equals_cold(&site);
    assert_eq!(std::fs::read(site.out().join("img/flow.png")).unwrap(), bytes);
    // Another day: due dates move, every page is made again (its code from the code cache).
    assert!(site.root().join(".charta-cache/code.bin").is_file());
    let root = site.root().to_str().unwrap();
    let later = crate::support::charta(&["build", "--root", root, "--today", "2027-06-01"]);
    assert_eq!(later.code, 0, "{}", later.stderr);
    assert!(!later.stderr.contains("unchanged since the last build"), "{}", later.stderr);
    let (_cold_dir, cold_out, cold) = crate::support::build_cold(site.root(), "2027-06-01");
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    assert_same(&snapshot(&site.out()), &snapshot(&cold_out));
}

#[test]
fn a_cache_that_is_not_charta_s_is_ignored() {
    let site = Site::fixture("mixed");
    // Bytes that read as enormous lengths: never an allocation of that size, never a panic.
    site.write(
        ".charta-cache/pages.bin",
        "\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}\u{7f} garbage, not a cache",
    );
    site.write(
        ".charta-cache/code.bin",
        "\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}\u{7f}\u{7f} garbage, not a cache",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    warm_equals_cold(&site);
}

#[test]
fn a_cache_that_cannot_be_written_is_a_warning_not_a_failed_build() {
    let site = Site::fixture("mixed");
    // A file where the cache folder would go: nothing can be stored there.
    site.write(".charta-cache", "in the way");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: ") && run.stderr.contains("cache"), "{}", run.stderr);
    assert!(site.out().join("index.html").is_file());
    warm_equals_cold(&site);
}

#[cfg(unix)]
#[test]
fn a_rebuild_writes_over_the_site_the_last_build_replaced() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::fixture("mixed");
    let kept = site.root().join(".charta-cache/replaced-site");
    assert_eq!(site.build(&[]).code, 0);
    let inode = |dir: &std::path::Path, rel: &str| std::fs::metadata(dir.join(rel)).unwrap().ino();
    let register = inode(&site.out(), "index.html");
    // One document changes: the first site is kept, its pages shared with the new one.
    let path = site.root().join("sop/release.md");
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("## ", "## Changed: ")).unwrap();
    warm_equals_cold(&site);
    assert!(kept.join(".charta-site").is_file());
    assert_eq!(inode(&kept, "index.html"), register);
    // Another day, every page made again: into the kept site's files where the live site does
    // not share them, the register among them; the live site is then the one kept.
    let root = site.root().to_str().unwrap();
    let later = crate::support::charta(&["build", "--root", root, "--today", "2026-09-01"]);
    assert_eq!(later.code, 0, "{}", later.stderr);
    assert_eq!(inode(&site.out(), "index.html"), register);
    let (_cold_dir, cold_out, cold) = crate::support::build_cold(site.root(), "2026-09-01");
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    assert_same(&snapshot(&site.out()), &snapshot(&cold_out));
    assert!(kept.join("sop/release/index.html").is_file());
    // A linked file that is gone from the repository is gone from the site, though the kept
    // site has a copy.
    assert!(kept.join("img/flow.png").is_file());
    std::fs::remove_file(site.root().join("img/flow.png")).unwrap();
    warm_equals_cold(&site);
    assert!(!site.out().join("img/flow.png").exists());
}

#[cfg(unix)]
#[test]
fn a_kept_site_with_links_out_of_it_is_removed_never_written_through() {
    let site = Site::fixture("mixed");
    let outside = tempfile::tempdir().unwrap();
    let kept = site.root().join(".charta-cache/replaced-site");
    site.write(".charta-cache/replaced-site/.charta-site", "");
    std::os::unix::fs::symlink(outside.path(), kept.join("sop")).unwrap();
    warm_equals_cold(&site);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // The kept folder itself a link to a folder outside, marked as a site; a changed document
    // makes the next build write.
    std::fs::write(outside.path().join(".charta-site"), "").unwrap();
    // (The planted folder was removed by the first build, which had no site to keep.)
    assert!(!kept.exists());
    std::os::unix::fs::symlink(outside.path(), &kept).unwrap();
    let path = site.root().join("sop/release.md");
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("## ", "## Changed: ")).unwrap();
    warm_equals_cold(&site);
    let names: Vec<_> = std::fs::read_dir(outside.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, [".charta-site"]);
    // The link went, and the site it replaced is kept in its place.
    assert!(kept.join("sop/release/index.html").is_file());
}

#[test]
fn a_changed_svg_image_shown_inside_a_page_is_shown_changed_by_a_warm_build() {
    let site = Site::fixture("mixed");
    site.write("img/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>one</title></svg>");
    site.write("sop/diagram.md", "---\ntitle: Diagram\n---\n![flow](../img/flow.svg)\n");
    warm_equals_cold(&site);
    let before = site.page("sop/diagram/index.html");
    site.write("img/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>two</title></svg>");
    warm_equals_cold(&site);
    assert_ne!(site.page("sop/diagram/index.html"), before);
}

/// Bug (a hostile review): a pull request that committed `.charta-cache/replaced-site/` (with
/// the site's marker and executable files) had it taken as the kept site of the last build: the
/// build wrote its pages into those files, whose modes (`rwxr-xr-x`, which Apache's
/// `XBitHack` reads as server-side includes) reached the published site, where a cold build
/// gives `rw-r--r--`. A cache folder the repository commits is the pull request's: not used.
#[test]
fn a_cache_folder_committed_to_the_repository_is_not_used() {
    use std::os::unix::fs::PermissionsExt as _;
    let r = crate::support::Repo::new();
    let kept = r.site.root().join(".charta-cache/replaced-site");
    std::fs::create_dir_all(&kept).unwrap();
    std::fs::write(kept.join(".charta-site"), "").unwrap();
    std::fs::write(kept.join("index.html"), "x").unwrap();
    std::fs::set_permissions(kept.join("index.html"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let repo = git2::Repository::open(r.site.root()).unwrap();
    let mut index = repo.index().unwrap();
    index.add_all([".charta-cache"], git2::IndexAddOption::FORCE, None).unwrap();
    index.write().unwrap();
    r.commit("2025-01-10", "Mallory", "A cache", &[]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("is committed to the repository, so it is not used"), "{}", run.stderr);
    let mode = std::fs::metadata(r.site.out().join("index.html")).unwrap().permissions().mode();
    assert_eq!(mode & 0o111, 0, "{mode:o}");
    assert_eq!(std::fs::read_to_string(kept.join("index.html")).unwrap(), "x");
}

/// Bug (a second cold review): a split git index, which libgit2 cannot read, was taken for a
/// committed cache folder: every build ran cold, warning of a cache nobody committed.
#[test]
fn a_split_git_index_is_not_taken_for_a_committed_cache() {
    let r = crate::support::Repo::new();
    r.commit("2025-01-10", "Alice", "Base", &[]);
    let split = std::process::Command::new("git")
        .args(["update-index", "--split-index"])
        .current_dir(r.site.root())
        .status();
    let Ok(split) = split else {
        eprintln!("no git binary here: the split-index case runs where git is installed");
        return;
    };
    assert!(split.success());
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("is committed to the repository"), "{}", run.stderr);
}
