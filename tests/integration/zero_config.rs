//! With no charta.toml and no roster, any folder of Markdown still builds a useful site.

use crate::support::Site;

#[test]
fn every_markdown_file_gets_a_page_except_hidden_ones() {
    let site = Site::fixture("zero-config");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "README/index.html",
        "notes/a/index.html",
        "notes/plain/index.html",
        "index.html",
    ] {
        assert!(site.out().join(page).is_file(), "{page} missing");
    }
    assert!(!site.out().join("notes/.hidden").exists());
    assert!(site.page("notes/a/index.html").contains("Note A"));
    assert!(
        site.page("notes/plain/index.html")
            .contains("<span class=\"doc-id\">plain</span> plain")
    );
    // No front matter: one warning each, at line 1.
    assert!(
        run.stderr
            .contains("notes/plain.md:1:1: warning[frontmatter/missing]"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_rebuild_does_not_read_its_own_output() {
    let site = Site::fixture("zero-config");
    assert_eq!(site.build(&[]).code, 0);
    let first = crate::support::snapshot(&site.out());
    assert_eq!(site.build(&[]).code, 0);
    assert_eq!(first, crate::support::snapshot(&site.out()));
}

#[test]
fn a_root_that_is_not_a_folder_is_an_error_with_exit_2() {
    let run = crate::support::charta(&["build", "--root", "/no/such/folder"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("/no/such/folder"), "{}", run.stderr);
}
