//! With no charta.toml and no roster, any folder of Markdown still builds a useful site.

use crate::support::Site;

#[test]
fn every_markdown_file_gets_a_page_except_hidden_ones() {
    let site = Site::fixture("zero-config");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["README/index.html", "notes/a/index.html", "notes/plain/index.html", "index.html"] {
        assert!(site.out().join(page).is_file(), "{page} missing");
    }
    assert!(!site.out().join("notes/.hidden").exists());
    assert!(site.page("notes/a/index.html").contains("Note A"));
    assert!(site.page("notes/plain/index.html").contains("<span class=\"doc-id\">plain</span> plain"));
    // No front matter: one warning each, at line 1.
    assert!(run.stderr.contains("notes/plain.md:1:1: warning[frontmatter/missing]"), "{}", run.stderr);
}

#[test]
fn a_rebuild_does_not_read_its_own_output() {
    let site = Site::fixture("zero-config");
    assert_eq!(site.build(&[]).code, 0);
    let first = crate::support::snapshot(&site.out());
    assert_eq!(site.build(&[]).code, 0);
    crate::support::assert_same(&first, &crate::support::snapshot(&site.out()));
}

#[test]
fn a_root_that_is_not_a_folder_is_an_error_with_exit_2() {
    let run = crate::support::charta(&["build", "--root", "/no/such/folder"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("/no/such/folder"), "{}", run.stderr);
}

#[test]
fn the_root_is_found_upwards_from_a_subfolder() {
    let site = Site::fixture("mixed");
    let run = crate::support::charta_in(&site.root().join("sop"), &["build", "--today", "2026-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.out().join("sop/release/index.html").is_file());
    assert!(!site.root().join("sop/public").exists());
}

#[test]
fn today_comes_from_the_environment_when_not_given() {
    let site = Site::fixture("mixed");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["build", "--root", site.root().to_str().unwrap()])
        .env("CHARTA_TODAY", "2030-01-01")
        // Build stamps may follow SOURCE_DATE_EPOCH; what is overdue never does.
        .env("SOURCE_DATE_EPOCH", "946684800")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("as of 2030-01-01"), "{stderr}");
    // Every approved document is long overdue by then.
    assert!(site.page("index.html").contains("Overdue"));
    let run =
        crate::support::charta(&["build", "--root", site.root().to_str().unwrap(), "--today", "2026-02-30"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2026-02-30"), "{}", run.stderr);
}
