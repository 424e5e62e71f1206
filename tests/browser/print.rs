//! Printed copies, as Chromium prints them to PDF and `pdftotext` (poppler-utils) reads them
//! back: every page of a document carries its id, version, "Uncontrolled when printed", the day
//! it was printed and its page number of how many; the register prints every column and its date.

use std::path::Path;
use std::process::Command;

/// The text of `page` of the site at `site`, printed by Chromium: one string per printed page.
fn printed(site: &Path, page: &str, pdf: &Path) -> Vec<String> {
    let status = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", site.join(page).display()))
        .status()
        .expect("chromium is installed");
    assert!(status.success());
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    let text = String::from_utf8(text.stdout).unwrap();
    text.split('\u{c}').filter(|p| !p.trim().is_empty()).map(str::to_owned).collect()
}

#[test]
#[ignore = "needs chromium and pdftotext; .ci/run runs it"]
fn every_printed_page_is_a_labelled_uncontrolled_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (root, out) = (dir.path().join("repo"), dir.path().join("site"));
    crate::copy_fixture(&root);
    // A policy long enough for several pages.
    let path = root.join("policies/access-control.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for i in 1..40 {
        text.push_str(&format!(
            "\n## Section {i}\n\nEvery account is reviewed each quarter by its owner; access no longer needed is removed within five working days.\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    crate::build(&root, &out, "2026-03-01");

    let pages = printed(&out, "policies/access-control/index.html", &dir.path().join("doc.pdf"));
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let today = jiff::Zoned::now().date().to_string();
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        for needle in [
            "POL-001 · version 1.0 · Access control policy".to_owned(),
            "Uncontrolled when printed".to_owned(),
            format!("Page {n} of {}", pages.len()),
            format!("Printed {today}"),
        ] {
            assert!(page.contains(&needle), "page {n} lacks {needle:?}:\n{page}");
        }
    }

    let register = printed(&out, "index.html", &dir.path().join("register.pdf")).join("\n");
    assert!(register.contains("Register as of 2026-03-01"), "{register}");
    // Every column, dates whole.
    for needle in ["Status", "Owner", "Approved", "2025-02-10", "2026-02-10", "Page 1 of"] {
        assert!(register.contains(needle), "the printed register lacks {needle:?}:\n{register}");
    }
}
