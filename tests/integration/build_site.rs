//! Building a repository with every kind of document: header block, revisions, links, code,
//! findings on pages, raw HTML escaped.

use crate::support::{Site, header_value};

#[test]
fn header_block_shows_people_by_name_and_roles_with_holders() {
    let site = Site::fixture("mixed");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.page("policies/information-security/index.html");
    assert_eq!(header_value(&html, "Document ID"), "POL-001");
    assert_eq!(header_value(&html, "Classification"), "Internal");
    assert_eq!(header_value(&html, "Version"), "1.10");
    assert_eq!(header_value(&html, "Owner"), "Chief Technology Officer (Tobi Okafor)");
    assert_eq!(header_value(&html, "Author(s)"), "Tobi Okafor");
    assert_eq!(header_value(&html, "Approver(s)"), "Rhea Morgan");
    assert_eq!(header_value(&html, "Approved"), "2026-02-01");
    assert_eq!(header_value(&html, "Effective"), "2026-02-08");
    assert_eq!(header_value(&html, "Next review"), "2027-02-01");
    assert_eq!(header_value(&html, "Location"), "https://isms.example.com/policies/information-security/");
}

#[test]
fn revisions_are_listed_newest_first_whatever_the_file_order() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    for (page, first, last) in [
        ("policies/information-security/index.html", "2026-01-25", "2024-01-15"),
        ("sop/release/index.html", "2025-05-30", "2024-05-01"),
    ] {
        let html = site.page(page);
        let table = &html[html.find("Revision history").unwrap()..];
        let a = table.find(first).unwrap();
        let b = table.find(last).unwrap();
        assert!(a < b, "{page}: {first} should come before {last}");
    }
}

#[test]
fn links_between_documents_go_to_pages_and_files_are_copied() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let html = site.page("policies/information-security/index.html");
    assert!(html.contains("href=\"../../sop/release/index.html#steps\""), "{html}");
    assert!(html.contains("href=\"../../img/flow.png\""));
    assert_eq!(std::fs::read(site.out().join("img/flow.png")).unwrap(), b"PNG-BYTES");
    let html = site.page("sop/release/index.html");
    assert!(html.contains("href=\"../../policies/information-security/index.html\""));
}

#[test]
fn code_is_highlighted_with_classes_and_a_stylesheet() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let html = site.page("sop/release/index.html");
    assert!(
        html.contains(
            "<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\"><code><span class=\"hl-source hl-rust\">"
        ),
        "{html}"
    );
    assert!(site.page("assets/highlight.css").contains(".hl-"));
}

#[test]
fn heading_ids_are_unique_and_raw_html_is_escaped() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let html = site.page("policies/information-security/index.html");
    assert!(html.contains("<h2 id=\"scope\">Scope</h2>"));
    assert!(html.contains("<h2 id=\"scope-1\">Scope</h2>"));
    assert!(html.contains("&lt;script&gt;alert"), "raw HTML must be shown as text");
    assert!(!html.contains("<script>alert"));
}

#[test]
fn findings_are_shown_on_their_page_and_the_build_goes_on() {
    let site = Site::fixture("mixed");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("sop/broken.md:3:8: error[frontmatter/invalid-yaml]"), "{}", run.stderr);
    assert!(run.stderr.contains("sop/release.md:5:20: error[roster/unknown-person]"), "{}", run.stderr);
    let broken = site.page("sop/broken/index.html");
    assert!(broken.contains("frontmatter/invalid-yaml"));
    assert!(broken.contains("sop/broken.md:3:8"));
    assert!(broken.contains("Still rendered."));
    let release = site.page("sop/release/index.html");
    assert!(release.contains("author `nobody-we-know` is not in the roster"), "{release}");
    let register = site.page("index.html");
    assert!(register.contains("Non-compliant"));
}

#[test]
fn the_register_lists_every_document_by_collection() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let html = site.page("index.html");
    for needle in ["POL-001", "SOP-001", ">broken<", "Policies", "policies/information-security/index.html"] {
        assert!(html.contains(needle), "{needle} missing from the register");
    }
    let sops = site.page("collections/sop/index.html");
    assert!(sops.contains("SOP-001") && !sops.contains("POL-001"));
}

#[test]
fn the_same_input_builds_the_same_bytes() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let first = crate::support::snapshot(&site.out());
    let other = site.root().join("elsewhere");
    assert_eq!(site.build(&["--out", other.to_str().unwrap()]).code, 0);
    crate::support::assert_same(&first, &crate::support::snapshot(&other));
}

#[test]
fn the_projects_own_isms_builds_with_no_finding() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().unwrap();
    let run = crate::support::charta(&[
        "build",
        "--root",
        root,
        "--out",
        out.path().to_str().unwrap(),
        "--today",
        "2026-12-02",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // No finding, but what the checkout itself causes: a shallow clone in CI, or a copy with
    // no .git at all (a source archive).
    let findings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("]: ")).collect();
    let about_the_checkout =
        |l: &&str| l.contains("[history/shallow-clone]") || l.contains("[history/not-a-repository]");
    assert!(findings.iter().all(about_the_checkout), "{}", run.stderr);
    let shallow = run.stderr.contains("[history/shallow-clone]");
    assert!(run.stderr.contains(if shallow { "(1 error, " } else { "(0 errors, " }), "{}", run.stderr);
    for page in [
        "policies/information-security",
        "policies/acceptable-use",
        "policies/supplier-and-dependency",
        "sop/release",
        "sop/code-review",
        "sop/dependency-update",
        "sop/vulnerability-handling",
        "sop/document-control",
        "sop/code-chain",
    ] {
        assert!(out.path().join(page).join("index.html").is_file(), "{page}");
    }
}

#[test]
fn the_findings_page_lists_every_finding_by_rule() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let html = site.page("report/index.html");
    assert!(html.contains("<code>frontmatter/invalid-yaml</code>"), "{html}");
    assert!(html.contains("<code>roster/unknown-person</code>"));
    assert!(html.contains("href=\"../sop/release/index.html\">SOP-001</a>"), "{html}");
    assert!(html.contains("sop/release.md:5:20"));
}

#[test]
fn strict_builds_write_nothing_when_a_finding_fails() {
    let site = Site::fixture("mixed");
    let run = site.build(&["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.out().exists());
    assert!(run.stderr.contains("--strict"), "{}", run.stderr);
    let clean = Site::fixture("rules/_base");
    assert_eq!(clean.build(&["--strict"]).code, 0);
    assert!(clean.out().join("index.html").is_file());
}
