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

/// Bug (a cold review): a build with `--out` elsewhere read the site an earlier build left in
/// the configured output folder: its `README.md` (from the static folder) became a document.
#[test]
fn a_build_elsewhere_does_not_read_the_configured_output_folder() {
    let site = Site::fixture("zero-config");
    site.write("charta.toml", "[site]\nstatic_dir = \"static\"\n");
    site.write("static/README.md", "# Read me\n");
    assert_eq!(site.build(&[]).code, 0);
    assert!(site.out().join("README.md").is_file());
    let other = tempfile::tempdir().unwrap();
    let run = site.build(&["--no-cache", "--out", other.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!other.path().join("public").exists(), "the old site was read as documents");
    crate::support::assert_same(
        &crate::support::snapshot(&site.out()),
        &crate::support::snapshot(other.path()),
    );
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

/// Regression: a collection whose folder was misspelt (`polices`) was read as an empty folder,
/// and `check` passed on zero documents; a `links_root` naming no folder was taken as given.
/// Bug (a cold try's r2.sh): the misspelt folder then stopped check and build (exit 2), and
/// so did a folder git did not keep (`charta init`'s empty `sop/`, absent from every clone; a
/// collection whose last document was removed): a finding at the collection's table, an
/// error, and the rest of the repository is checked and built.
#[test]
fn a_folder_charta_toml_names_that_does_not_exist_is_an_error_naming_the_key() {
    let site = Site::fixture("zero-config");
    site.write("charta.toml", "[[collections]]\npath = \"notes\"\nkind = \"note\"\n\n[[collections]]\npath = \"polices\"\nkind = \"policy\"\n");
    let check =
        crate::support::charta(&["check", "--root", site.root().to_str().unwrap(), "--today", "2026-03-01"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("charta.toml:5:1: error[collection/missing-folder]: the collection `path = \"polices\"` names no folder"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("collection/empty"), "said once: {}", run.stderr);
    assert!(site.out().join("index.html").exists(), "the rest is built");
    site.write("charta.toml", "[site]\nlinks_root = \"content\"\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`[site] links_root = \"content\"` names no folder"), "{}", run.stderr);
}

/// Regression: a folder with no Markdown at all passed the check, having checked nothing.
#[test]
fn a_repository_with_no_document_fails_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "nothing here is Markdown\n").unwrap();
    let run =
        crate::support::charta(&["check", "--root", tmp.path().to_str().unwrap(), "--today", "2026-03-01"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("error[source/no-documents]: no Markdown document was found in the repository"),
        "{}",
        run.stdout
    );
}

/// Links from the root (`/x`, as Hugo writes them) are read from `[site] links_root`: checked
/// like any other link, and published to the same file. Regression: they were never checked,
/// and left dead links in the site.
#[test]
fn links_from_the_root_are_checked_and_published_from_the_links_root() {
    let site = Site::fixture("zero-config");
    site.write(
        "charta.toml",
        "[site]\nlinks_root = \"content\"\n\n[[collections]]\npath = \"content\"\nkind = \"page\"\n",
    );
    site.write("content/handbook/access.md", "---\ntitle: Access\n---\nSee the [form](/forms/request.pdf), the [handbook](/handbook/), [gone](/gone/x.pdf) and [gone again](/gone/x.pdf).\n\nThe [review](/handbook/review/) and [its page](review).\n");
    site.write("content/handbook/review.md", "---\ntitle: Review\n---\nBody.\n");
    site.write("content/forms/request.pdf", "%PDF-1.4\n");
    let run = site.build(&[]);
    let broken: Vec<&str> = run.stderr.lines().filter(|l| l.contains("[document/broken-link]")).collect();
    assert_eq!(
        broken,
        [
            "content/handbook/access.md:4:65: error[document/broken-link]: the link `/gone/x.pdf` points to nothing: no file `content/gone/x.pdf`"
        ],
        "{}",
        run.stderr
    );
    let page = site.page("content/handbook/access/index.html");
    assert!(page.contains("href=\"../../../content/forms/request.pdf\""), "{page}");
    assert!(site.out().join("content/forms/request.pdf").is_file());
    // `x/` names the page of `x.md`, as static-site generators publish it.
    assert!(page.contains("href=\"../../../content/handbook/review/index.html\">review</a>"), "{page}");
    assert!(page.contains("href=\"../../../content/handbook/review/index.html\">its page</a>"), "{page}");
    // Without `links_root`, a link from the root that names nothing from the repository's root
    // is read from Hugo's `content/` (GitLab's handbook): the same links, the same one finding.
    site.write("charta.toml", "[[collections]]\npath = \"content\"\nkind = \"page\"\n");
    let run = crate::support::charta(&["check", "--root", site.root().to_str().unwrap()]);
    let broken: Vec<&str> = run.stdout.lines().filter(|l| l.contains("[document/broken-link]")).collect();
    assert_eq!(
        broken,
        [
            "content/handbook/access.md:4:65: error[document/broken-link]: the link `/gone/x.pdf` points to nothing: no file `gone/x.pdf`"
        ],
        "{}",
        run.stdout
    );
    // Where nothing is in `content/` either, the help says what the setting is for.
    assert!(
        run.stdout.contains("when nothing is there, from `content/` or without its first folder"),
        "{}",
        run.stdout
    );
    let built = site.build(&[]);
    assert!(
        site.page("content/handbook/access/index.html")
            .contains("href=\"../../../content/forms/request.pdf\""),
        "{}",
        built.stderr
    );
}

/// A site published under a path (`base_url = "https://example.org/isms/"`) links its own pages
/// as `/isms/x/`, and the rest of its host as `/privacy/`. Regression: both were "no file".
#[test]
fn links_from_the_root_under_the_base_url_path_are_the_sites_own_and_others_lead_to_the_host() {
    let site = Site::fixture("zero-config");
    site.write("charta.toml", "[site]\nbase_url = \"https://example.org/isms/\"\n");
    site.write("notes/b/index.md", "---\ntitle: B\n---\nB.\n");
    site.write("notes/links.md", "---\ntitle: Links\n---\n[b](/isms/notes/b/) [a](/isms/notes/a) [privacy](/privacy/#cookies) [gone](/isms/notes/gone/)\n");
    let run = site.build(&[]);
    let broken: Vec<&str> = run.stderr.lines().filter(|l| l.contains("[document/broken-link]")).collect();
    assert_eq!(
        broken,
        [
            "notes/links.md:4:69: error[document/broken-link]: the link `/isms/notes/gone/` points to nothing: no file `notes/gone`"
        ],
        "{}",
        run.stderr
    );
    let page = site.page("notes/links/index.html");
    for link in [
        "href=\"../../notes/b/index.html\">b</a>",
        "href=\"../../notes/a/index.html\">a</a>",
        "href=\"https://example.org/privacy/#cookies\">privacy</a>",
    ] {
        assert!(page.contains(link), "{link}: {page}");
    }
}

/// Regression: the paths of a configuration file given with `-c` were read from the root, so
/// `isms/charta.toml` naming `policies` and `people.yaml` read the root's (or nothing).
#[test]
fn paths_in_a_configuration_file_are_relative_to_its_folder() {
    let site = Site::fixture("zero-config");
    site.write(
        "isms/charta.toml",
        "roster = \"people.yaml\"\n\n[[collections]]\npath = \"policies\"\nkind = \"policy\"\n",
    );
    site.write("isms/people.yaml", "people:\n  - id: alice\n    name: Alice Adams\n");
    site.write(
        "isms/policies/a.md",
        "---\nid: POL-1\ntitle: A\nowner: alice\nversion: \"1\"\nstatus: draft\n---\n# A\n",
    );
    let root = site.root().to_str().unwrap().to_owned();
    let config = site.root().join("isms/charta.toml");
    let run = crate::support::charta(&[
        "check",
        "--root",
        &root,
        "-c",
        config.to_str().unwrap(),
        "--today",
        "2026-03-01",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["summary"]["documents"], 1, "{json}");
    // `owner: alice` is found in isms/people.yaml: no roster/unknown-person.
    assert!(!run.stdout.contains("roster/unknown-person"), "{}", run.stdout);
}

/// Bug (a cold try's r7.sh): with no charta.toml, a repository holding `policies/` and
/// `Policies/` (or `standards/` beside `policies/`) had only `policies/` checked: the other
/// folder's documents were neither checked nor published, and check passed without a word.
/// A folder outside every collection whose Markdown states what a controlled document does is
/// named once; a page of a site (a title and a weight) or a README is not.
#[test]
fn controlled_documents_outside_every_collection_are_named_once_per_folder() {
    let site = Site::fixture("zero-config");
    std::fs::remove_file(site.root().join("charta.toml")).ok();
    let policy = |id: &str| format!("---\nid: {id}\ntitle: T\nowner: alice\nstatus: draft\n---\n# T\n");
    site.write("policies/a.md", &policy("POL-1"));
    site.write("Policies/b.md", &policy("POL-2"));
    site.write("Policies/c.md", &policy("POL-3"));
    site.write("docs/about.md", "---\ntitle: About\nweight: 2\n---\nA site's page.\n");
    site.write("README.md", "---\nowner: alice\n---\n# How to contribute\n");
    let run = crate::support::charta(&[
        "check",
        "--root",
        site.root().to_str().unwrap(),
        "--today",
        "2026-03-01",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let uncovered: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "collection/uncovered-folder")
        .map(|f| (f["path"].as_str().unwrap().to_owned(), f["message"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(uncovered.len(), 1, "{uncovered:?}");
    assert_eq!(uncovered[0].0, "Policies/b.md");
    assert!(uncovered[0].1.starts_with("`Policies` holds 2 Markdown files that state"), "{uncovered:?}");
}
