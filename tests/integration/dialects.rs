//! Repositories written in other tools' front matter build as they are.

use crate::support::{Site, header_value};

#[test]
fn a_t1pal_repository_shows_people_by_name_and_its_location() {
    let site = Site::fixture("t1pal");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("(0 errors, 0 warnings, "), "{}", run.stderr);
    let html = site.page("sops/design/design-control/index.html");
    assert_eq!(header_value(&html, "Document ID"), "SOP-DC-001");
    assert_eq!(header_value(&html, "Author(s)"), "Jordan Doe");
    assert_eq!(header_value(&html, "Approver(s)"), "Alex Smith");
    assert_eq!(header_value(&html, "Approved"), "2024-03-05");
    assert_eq!(header_value(&html, "Effective"), "2024-03-12");
    assert_eq!(header_value(&html, "Version"), "05");
    assert_eq!(header_value(&html, "Location"), "mdn_qms/sops/design");
    assert!(html.contains("<h1><span class=\"doc-id\">SOP-DC-001</span> Design control</h1>"), "{html}");
    assert!(html.contains("data-lang=\"bash\"><code><span class=\"hl-"));
    assert!(html.contains("href=\"../../../policies/quality-policy/index.html\""));
}

#[test]
fn comply_documents_without_an_opening_fence() {
    let site = Site::fixture("zero-config");
    site.write(
        "policies/incident.md",
        "name: Security Incident Response Policy\nacronym: SIRP\nsatisfies:\n  TSC:\n    - CC7.3\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n\n# Purpose and Scope\n\nText.\n",
    );
    assert_eq!(site.build(&[]).code, 0);
    let html = site.page("policies/incident/index.html");
    assert_eq!(header_value(&html, "Document ID"), "SIRP");
    assert!(html.contains("Security Incident Response Policy"));
    assert!(html.contains("TSC CC7.3"));
    assert!(html.contains("<td>2018-06-01</td>"));
    assert!(html.contains("Initial document"));
    assert!(!html.contains("acronym: SIRP"), "front matter must not leak into the body");
}
