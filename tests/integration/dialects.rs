//! Repositories written in other tools' front matter build as they are.

use crate::support::{Site, header_value};

#[test]
fn a_t1pal_repository_shows_people_by_name_and_its_location() {
    let site = Site::fixture("t1pal");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Its titles are file names (`title: design-control`): a warning each, and the page shows
    // the first heading instead.
    assert!(run.stderr.contains("(0 errors, 2 warnings, "), "{}", run.stderr);
    assert!(
        run.stderr.contains("sops/design/design-control.md:4:8: warning[document/title-is-file-name]: the title `design-control` is a file name, not a title: the site shows its first heading, `Design control`"),
        "{}",
        run.stderr
    );
    let html = site.page("sops/design/design-control/index.html");
    assert_eq!(header_value(&html, "Document ID"), "SOP-DC-001");
    assert_eq!(header_value(&html, "Author(s)"), "Jordan Doe");
    assert_eq!(header_value(&html, "Approver(s)"), "Alex Smith");
    assert_eq!(header_value(&html, "Approved"), "2024-03-05");
    assert_eq!(header_value(&html, "Effective"), "2024-03-12");
    assert_eq!(header_value(&html, "Version"), "05");
    assert_eq!(header_value(&html, "Location"), "mdn_qms/sops/design");
    assert!(html.contains("<h1><span class=\"doc-id\">SOP-DC-001</span> Design control</h1>"), "{html}");
    assert!(html.contains("data-lang=\"bash\" tabindex=\"0\"><code><span class=\"hl-"));
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

/// An organisation's own names for charta's fields (`[fields.aliases]` in charta.toml) are
/// read as those fields, each with a note naming the field, so `--fail-on error` passes and the
/// JSON report shows what was mapped. Without the table the same names are unknown fields, and
/// the approval they hold is missing.
#[test]
fn an_organisations_own_field_names_are_read_as_charta_fields() {
    use crate::rules::{case, check_json, found};
    let site = case("frontmatter-alias");
    let text = std::fs::read_to_string(site.root().join("policies/case.md")).unwrap();
    let text =
        text.replace("owner: alice", "Document Owner: alice").replace("approver: bob", "signed_off_by: bob");
    site.write("policies/case.md", &text);
    let without = found(&check_json(&site).1);
    assert!(without.contains(&"frontmatter/unknown-field policies/case.md:4".to_owned()), "{without:?}");
    assert!(without.iter().any(|f| f.starts_with("approval/missing")), "{without:?}");

    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write(
        "charta.toml",
        &format!(
            "{config}\n[fields.aliases]\n\"Document Owner\" = \"owner\"\nsigned_off_by = \"approvers\"\n"
        ),
    );
    // Names charta.toml declares are the organisation's own: read, and nothing noted.
    let (code, json) = check_json(&site);
    assert_eq!(found(&json), Vec::<String>::new());
    assert_eq!(code, 0);

    // A name for no field of charta's, or one charta reads already, is refused at once.
    site.write("charta.toml", &format!("{config}\n[fields.aliases]\nsigned_off_by = \"signatures\"\n"));
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`signatures` is not a field of charta's"), "{}", run.stderr);
    site.write("charta.toml", &format!("{config}\n[fields.aliases]\napprover = \"owner\"\n"));
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("line 20: [fields.aliases] `approver` is already a name charta reads, as `approvers`"),
        "{}",
        run.stderr
    );
    // Bug (a cold try's r4.sh): another tool's name declared for the very field it is read as
    // was refused, so the team that writes `approver` had a note on every document and no way
    // to say it meant it. Declared, it is read with nothing noted.
    let approver =
        text.replace("signed_off_by: bob", "approver: bob").replace("Document Owner: alice", "owner: alice");
    site.write("policies/case.md", &approver);
    site.write("charta.toml", &format!("{config}\n[fields.aliases]\napprover = \"approvers\"\n"));
    let (code, json) = check_json(&site);
    assert_eq!((code, found(&json)), (0, Vec::<String>::new()));
}

/// Bug (a cold review's fm1.sh): Hugo's TOML front matter (`+++`) was "no front matter": the
/// page's id was the file's name, its block was shown as text, and nothing of it was checked.
/// It is read, checked and shown as a YAML block is; the lifecycle commands, which edit YAML
/// line by line, say they do not edit it.
#[test]
fn a_hugo_document_with_toml_front_matter_is_read_checked_and_shown() {
    let site = Site::fixture("zero-config");
    site.write(
        "policies/data.md",
        "+++\nid = \"POL-004\"\ntitle = \"Data handling\"\nowner = \"alice\"\nversion = \"1.2\"\nstatus = \"approved\"\napprovers = [\"bob\"]\napproval_date = 2025-01-10\nreview_period = \"5 minutes\"\n+++\n# Data handling\n\nText.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("policies/data.md:9:17: error[frontmatter/invalid-value]"), "{}", run.stderr);
    assert!(!run.stderr.contains("frontmatter/missing"), "{}", run.stderr);
    let html = site.page("policies/data/index.html");
    assert_eq!(header_value(&html, "Document ID"), "POL-004");
    assert_eq!(header_value(&html, "Version"), "1.2");
    assert_eq!(header_value(&html, "Approved"), "2025-01-10");
    assert!(!html.contains("+++"), "the block is not shown as text");
    let edit = crate::support::charta_in(site.root(), &["review", "POL-004", "--by", "alice"]);
    assert_eq!(edit.code, 2, "{}", edit.stderr);
    assert!(
        edit.stderr.contains("its front matter is TOML (`+++`), which charta reads but does not edit"),
        "{}",
        edit.stderr
    );
}

/// Bug (a cold try on the shared corpora): a page in a `kind = "policy"` collection that wrote
/// only a title and a site's keys (`weight`, `date`) was read as a Hugo page and asked for its
/// title alone, whatever charta.toml's `[required_fields] policy` listed: the team's own list
/// was silently not applied, and a policy with no owner passed. A list charta.toml writes for
/// the kind is asked of such a page too; with none (or only a `default`), a Hugo page is asked
/// for its title, as before.
#[test]
fn a_site_page_in_a_collection_whose_fields_charta_toml_lists_is_asked_for_them() {
    use crate::rules::{check_json, found};
    let site = Site::fixture("zero-config");
    site.write(
        "policies/access.md",
        "---\ntitle: Access control\nweight: 10\ndate: 2025-01-10\n---\n# Access\n",
    );
    site.write("charta.toml", "[[collections]]\npath = \"policies\"\nkind = \"policy\"\n");
    let (code, json) = check_json(&site);
    // Asked for its title alone, and said once to state no document control (a newcomer's
    // trial: such a page passed in silence, as if controlled), which does not fail the check.
    assert_eq!(found(&json), ["frontmatter/no-document-control policies/access.md:1"]);
    assert_eq!(code, 0);
    let config = |list: &str| {
        format!(
            "[[collections]]\npath = \"policies\"\nkind = \"policy\"\n\n[required_fields]\n{list} = [\"title\", \"owner\", \"effective_date\"]\n"
        )
    };
    site.write("charta.toml", &config("policy"));
    let (code, json) = check_json(&site);
    assert_eq!(found(&json), ["frontmatter/missing-field policies/access.md:1"]);
    let finding =
        json["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "frontmatter/missing-field");
    assert_eq!(finding.unwrap()["message"], "the front matter has no `owner`", "{json:#}");
    assert_eq!(code, 1);
    // The page's `date` is its effective date, as its page shows it (a cold review: asked for
    // an `effective_date`, it was told it had none, beside a page saying "Effective 2025-01-10").
    assert_eq!(site.build(&[]).code, 0);
    assert!(site.page("policies/access/index.html").contains("2025-01-10"));
    // `default` is every kind's: the pages of a handbook beside the policies are not asked.
    site.write("charta.toml", &config("default"));
    let (_, json) = check_json(&site);
    assert_eq!(found(&json), ["frontmatter/no-document-control policies/access.md:1"]);
}

/// Bug (a team-workflow trial): a Hugo page with `draft: true`, which Hugo does not publish,
/// was read as a document in force from its first commit: the register and the as-of view
/// listed it so, the feed announced it, and its page had no word of its not being in force.
/// It is a draft now; `draft: false` changes nothing, and a status written beside it decides.
#[test]
fn a_hugo_page_marked_draft_is_a_draft_not_a_document_in_force() {
    let r = crate::support::Repo::new();
    let page = |title: &str, extra: &str| {
        format!("---\ntitle: {title}\ndate: 2026-01-05\nweight: 4\n{extra}---\n\n### Purpose\n\nText.\n")
    };
    r.commit(
        "2026-01-20",
        "Alice",
        "Pages",
        &[
            ("policies/incident.md", &page("Incident response (not yet adopted)", "draft: true\n")),
            ("policies/backup.md", &page("Backup", "draft: false\n")),
            // A document of charta's (control fields) states its status: `draft` is a site's.
            (
                "policies/access.md",
                "---\nid: POL-001\ntitle: Access\nowner: alice\nversion: \"1.0\"\ndraft: true\n---\n# Access\n",
            ),
        ],
    );
    let run = r.site.build(&[]);
    assert!(run.code < 2, "{}", run.stderr);
    let register: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let of =
        |id: &str| register["documents"].as_array().unwrap().iter().find(|d| d["id"] == id).unwrap().clone();
    let (incident, backup) = (of("incident"), of("backup"));
    assert_eq!(incident["status"], "draft", "{incident}");
    assert!(
        incident["versions"].as_array().unwrap().iter().all(|v| v["in_force_from"].is_null()),
        "{incident}"
    );
    assert!(backup["versions"][0]["in_force_from"].is_string(), "{backup}");
    let feed = r.site.page("feed.xml");
    assert!(!feed.contains("not yet adopted") && feed.contains("Backup"), "{feed}");
    assert!(of("POL-001")["status"].is_null(), "{register}");
    assert!(
        run.stderr.contains("policies/access.md") && run.stderr.contains("no `status`"),
        "{}",
        run.stderr
    );
}

/// Bug (a SOC 2 team's trial): a comply policy's overdue review was said at its `name:` line
/// and told to record "a `type: review` revision", which comply's entries cannot hold; its
/// control declared not applicable was to be removed from "the document's `controls`", which it
/// writes as `satisfies`. Each is said in comply's terms, at the line the schedule runs from.
#[test]
fn a_comply_documents_findings_say_what_to_do_in_its_own_terms() {
    let site = Site::fixture("zero-config");
    site.write(
        "charta.toml",
        "[[collections]]\npath = \"policies\"\nkind = \"policy\"\n\n[[frameworks]]\nname = \"TSC\"\ncontrols = [{ id = \"P1.1\", applicable = false, justification = \"No personal data\" }]\n",
    );
    site.write(
        "policies/vendor.md",
        "name: Vendor Policy\nacronym: VP\nsatisfies:\n  TSC:\n    - P1.1\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n\n# Purpose\n\nText.\n",
    );
    let (_, json) = crate::rules::check_json(&site);
    let of = |rule: &str| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule && f["path"] == "policies/vendor.md")
            .cloned()
            .unwrap_or_else(|| panic!("{json:#}"))
    };
    let overdue = of("review/overdue");
    assert_eq!(overdue["line"], 6, "{overdue:#}");
    assert_eq!(
        overdue["help"],
        "review the document, then record it with `charta review VP` (an entry in its `majorRevisions`)"
    );
    let excluded = of("control/not-applicable");
    assert!(
        excluded["help"].as_str().unwrap().starts_with("remove the control from the document's `satisfies`"),
        "{excluded:#}"
    );
}
