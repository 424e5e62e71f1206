//! `register.json`, the site's machine-readable register and history, on a repository with a
//! merge, a move, a release and a draft: valid against `docs/register.schema.json`, with each
//! version's in-force period; and the pages of superseded versions.

use crate::history::{V1, V2, policy};
use crate::support::Repo;

const PATH: &str = "policies/access.md";
const MOVED: &str = "policies/security/access.md";

fn repository() -> Repo {
    let r = Repo::new();
    let one = r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    r.tag("v1", one);
    // 1.1 approved on a branch, merged days later.
    let branch = r.commit_on(
        &[one],
        false,
        "2025-05-30",
        "Alice",
        "1.1",
        &[(PATH, &policy("1.1", "2025-05-30", V2, "Twelve."))],
    );
    let merged = r.commit_on(&[one, branch], true, "2025-06-03", "Alice", "Merge pull request #7", &[]);
    // Moved to a folder of its own.
    let text = std::fs::read_to_string(r.site.root().join(PATH)).unwrap();
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    let moved = r.commit_on(&[merged], true, "2025-07-01", "Alice", "Reorganise", &[(MOVED, &text)]);
    // 1.2 approved on 2025-09-01, in force from 2025-09-15.
    let v3 = [V2, &[("1.2", "2025-09-01", "Longer still.")][..]].concat();
    let twelve = policy("1.2", "2025-09-01", &v3, "Sixteen.")
        .replace("approval_date: 2025-09-01\n", "approval_date: 2025-09-01\neffective_date: 2025-09-15\n");
    let draft = policy("0.1", "2025-01-10", V1, "Draft.")
        .replace("POL-009", "POL-010")
        .replace("approval_date: 2025-01-10\n", "")
        .replace("status: approved", "status: draft");
    r.commit_on(
        &[moved],
        true,
        "2025-09-01",
        "Alice",
        "1.2",
        &[(MOVED, &twelve), ("policies/draft.md", &draft)],
    );
    r
}

/// The site's register.json, once it is checked against its schema.
fn valid_register(r: &Repo) -> serde_json::Value {
    let text = std::fs::read_to_string(r.site.out().join("register.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/register.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{json:#}");
    json
}

/// Each version of a document's entry as (label, in force from, to), "" for none.
pub fn periods(doc: &serde_json::Value) -> Vec<(&str, &str, &str)> {
    fn text(v: &serde_json::Value) -> &str {
        v.as_str().unwrap_or("")
    }
    let versions = doc["versions"].as_array().unwrap();
    versions.iter().map(|v| (text(&v["label"]), text(&v["in_force_from"]), text(&v["in_force_to"]))).collect()
}

#[test]
fn register_json_gives_each_versions_in_force_period_and_matches_its_schema() {
    let r = repository();
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = valid_register(&r);
    let docs = json["documents"].as_array().unwrap();
    let access = docs.iter().find(|d| d["path"] == MOVED).unwrap_or_else(|| panic!("{json:#}"));
    // 1.1, approved on 2025-05-30 on a pull request's branch, reached the line with its merge
    // on 2025-06-03: 1.0 was what the line held, and was in force, until then (before the 39th
    // session 1.1 was in force from its approval on the branch).
    let want =
        [("1.0", "2025-01-10", "2025-06-02"), ("1.1", "2025-06-03", "2025-09-14"), ("1.2", "2025-09-15", "")];
    assert_eq!(periods(access), want, "{access:#}");
    // Each version names its commits: 1.1 came in with the merge, made on the main line.
    let one_one = &access["versions"][1];
    assert_eq!(one_one["commits"][0]["date"], "2025-06-03", "{one_one:#}");
    assert_eq!(one_one["approvers"], serde_json::json!(["Bob Boss"]));
    assert_eq!(access["approval_date"], "2025-09-01");

    let draft = docs.iter().find(|d| d["path"] == "policies/draft.md").unwrap();
    assert_eq!(draft["status"], "draft");
    assert!(draft["versions"][0]["in_force_from"].is_null(), "a draft is never in force: {draft:#}");
}

#[test]
fn a_superseded_versions_page_says_when_it_was_in_force_and_carries_no_review_badge() {
    let r = repository();
    // Long after every review was due: only the current version may say so.
    let root = r.site.root().to_str().unwrap().to_owned();
    let run = crate::support::charta(&["build", "--root", &root, "--today", "2030-01-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let old = r.site.page("policies/security/access/v1.0/index.html");
    assert!(old.contains("In force from 2025-01-10 to 2025-06-02"), "{old}");
    assert!(old.contains(">Superseded<") && !old.contains(">Overdue<"), "{old}");
    let current = r.site.page("policies/security/access/index.html");
    assert!(current.contains(">Overdue<"), "{current}");
    assert!(current.contains("2025-09-15</span> – <span class=\"date\">now"), "{current}");
}

#[test]
fn a_draft_of_a_new_version_leaves_the_approved_one_in_force_and_its_review_due() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    // 1.1 is drafted: its approval fields are still 1.0's.
    let draft = policy("1.1", "2025-01-10", V2, "Twelve.").replace("status: approved", "status: draft");
    r.commit("2025-05-30", "Alice", "1.1 drafted", &[(PATH, &draft)]);
    let root = r.site.root().to_str().unwrap().to_owned();
    // 24 months after 1.0 was approved: its review is overdue, whatever is being drafted.
    // That 1.1 is not approved yet is what its status says: no finding.
    let check =
        crate::support::charta(&["check", "--root", &root, "--today", "2027-03-01", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == PATH)
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["review/overdue"], "{}", check.stdout);
    let run = crate::support::charta(&["build", "--root", &root, "--today", "2027-03-01"]);
    assert!(run.stderr.contains("built"), "{}", run.stderr);
    let old = r.site.page("policies/access/v1.0/index.html");
    assert!(
        old.contains("<strong>In force</strong>: this is version 1.0, in force since 2025-01-10"),
        "{old}"
    );
    assert!(!old.contains("Superseded"), "1.0 is the version in force: {old}");
}

/// A document deleted from the repository (not moved, not retired) was missing from the
/// register as of the days it was in force: its versions are kept under `removed/`, and
/// register.json lists it with the day it was removed.
#[test]
fn a_document_removed_from_the_repository_keeps_its_versions_for_the_register_as_of_a_date() {
    let r = Repo::new();
    let gone = "policies/gone.md";
    let other = policy("1.0", "2025-01-10", V1, "Kept.").replace("POL-009", "POL-001");
    r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[(gone, &policy("1.0", "2025-01-10", V1, "Eight.")), ("policies/kept.md", &other)],
    );
    r.commit("2025-05-30", "Alice", "1.1", &[(gone, &policy("1.1", "2025-05-30", V2, "Twelve."))]);
    // Never in force, then removed: nothing to keep. Hidden, then removed: never published.
    let draft = policy("0.1", "2025-01-10", V1, "Draft.")
        .replace("POL-009", "POL-010")
        .replace("status: approved", "status: draft");
    let hidden = policy("1.0", "2025-01-10", V1, "Hidden.").replace("POL-009", "POL-011");
    r.commit(
        "2025-06-01",
        "Alice",
        "more",
        &[("policies/draft.md", &draft), ("policies/.hidden/h.md", &hidden)],
    );
    for path in [gone, "policies/draft.md", "policies/.hidden/h.md"] {
        std::fs::remove_file(r.site.root().join(path)).unwrap();
    }
    r.commit("2025-08-20", "Alice", "Remove the old policies", &[]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = valid_register(&r);
    let removed = json["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1, "{json:#}");
    let entry = &removed[0];
    assert_eq!(entry["id"], "POL-009");
    assert_eq!(entry["removed"]["date"], "2025-08-20");
    assert_eq!(periods(entry), [("1.0", "2025-01-10", "2025-05-29"), ("1.1", "2025-05-30", "2025-08-19")]);
    assert_eq!(entry["versions"][1]["page"], "removed/policies/gone/index.html");
    let last = r.site.page("removed/policies/gone/index.html");
    assert!(last.contains("this document was removed from the repository on 2025-08-20"), "{last}");
    assert!(last.contains("in force from 2025-05-30 to 2025-08-19"), "{last}");
    let first = r.site.page("removed/policies/gone/v1.0/index.html");
    assert!(first.contains("In force from 2025-01-10 to 2025-05-29"), "{first}");
    // The as-of register's data holds it too; nothing of the draft or the hidden file is published.
    let data = std::fs::read_to_string(r.site.out().join("as-of/register.js")).unwrap();
    assert!(data.contains("\"removed\":[{\"id\":\"POL-009\""), "{data}");
    assert!(!data.contains("POL-010") && !data.contains("POL-011"), "{data}");
    assert!(!r.site.out().join("removed/policies/draft").exists());
    assert!(!r.site.out().join("removed/policies/.hidden").exists());
}

/// Bug (an auditor's printout): a superseded version's page, or a removed document's, printed
/// with the head an approved version in force prints ("POL-009 · version 1.0 · ..."): a sheet
/// taken from the printer read as the procedure in force.
#[test]
fn a_superseded_or_removed_versions_printed_pages_say_it_is_not_in_force() {
    let head = |page: &str| {
        let at = &page[page.find("@top-left").unwrap()..];
        at[..at.find('}').unwrap()].to_owned()
    };
    let r = repository();
    assert_eq!(r.site.build(&[]).code, 0);
    let old = head(&r.site.page("policies/security/access/v1.0/index.html"));
    assert!(old.contains("version 1.0") && old.contains("NOT IN FORCE"), "{old}");
    let current = head(&r.site.page("policies/security/access/index.html"));
    assert!(!current.contains("NOT IN FORCE"), "{current}");

    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    r.commit("2025-05-30", "Alice", "1.1", &[(PATH, &policy("1.1", "2025-05-30", V2, "Twelve."))]);
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit("2025-08-20", "Alice", "Remove it", &[]);
    assert_eq!(r.site.build(&[]).code, 0);
    for page in ["removed/policies/access/index.html", "removed/policies/access/v1.0/index.html"] {
        let label = head(&r.site.page(page));
        assert!(label.contains("NOT IN FORCE"), "{page}: {label}");
    }
}

/// `text` (of [`policy`]) as a version in review.
fn in_review(text: String) -> String {
    text.replace("status: approved", "status: review")
}

/// Found by the cold review: the register named 1.1 in force beside 2.0 in review, though 1.1
/// was written after the approval the text states (of 1.0, on 2025-10-10): never approved.
#[test]
fn the_version_in_force_beside_a_text_in_review_is_one_its_approval_covers() {
    let site = crate::support::Site::fixture("rules/_base");
    let revisions = [
        ("1.0", "2025-10-01", "First."),
        ("1.1", "2025-11-01", "Never approved."),
        ("2.0", "2025-12-01", "In review."),
    ];
    site.write("policies/clean.md", &in_review(policy("2.0", "2025-10-10", &revisions, "Text.")));
    assert_eq!(site.build(&[]).code, 0);
    let csv = site.page("register.csv");
    assert!(csv.contains(",2.0,1.0,In review,In review,"), "{csv}");
}

/// Bug (an auditor reading the register): a version in review with an error showed only
/// "Non-compliant"; that it was in review, not in force, was on its own page only. The register
/// and register.csv say both.
#[test]
fn a_failing_document_in_review_is_said_to_be_in_review_in_the_register() {
    let site = crate::support::Site::fixture("rules/_base");
    let revisions = [("1.0", "2025-10-01", "First."), ("1.1", "2025-12-01", "In review.")];
    let text = in_review(policy("1.1", "2025-10-10", &revisions, "Text."))
        .replace("owner: alice", "owner: nobody-we-know");
    site.write("policies/clean.md", &text);
    let old = policy("1.0", "2020-01-10", &[("1.0", "2020-01-01", "First.")], "Text.")
        .replace("POL-009", "POL-002");
    site.write("policies/old.md", &old);
    site.build(&[]);
    let csv = site.page("register.csv");
    assert!(csv.contains(",1.1,1.0,Non-compliant,In review,"), "{csv}");
    assert!(csv.contains(",1.0,1.0,Overdue,Approved,"), "{csv}");
    let register = site.page("index.html");
    assert!(
        register.contains("Non-compliant</span><br><span class=\"muted\">In review</span></td>"),
        "{register}"
    );
    // An approved document's status goes without saying under its badge.
    assert!(!register.contains("<span class=\"muted\">Approved</span>"), "{register}");
}

/// Bug (a compliance lead's trial): version 1.1 committed with 1.0's approval date still in it
/// (nobody approved 1.1) was named in force by register.csv's "Version in force" and the
/// register, while its page said 1.0 was. Both name 1.0.
#[test]
fn a_version_that_restates_the_approval_before_it_is_not_the_version_in_force_anywhere() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    let unapproved = policy("1.1", "2025-01-10", V2, "Twelve.");
    r.commit("2025-06-01", "Carol", "1.1, approval forgotten", &[(PATH, &unapproved)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains("Version 1.0, approved on 2025-01-10, is in force."), "{page}");
    let csv = r.site.page("register.csv");
    let row = csv.lines().find(|l| l.starts_with("POL-009,")).unwrap();
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!((cells[4], cells[5]), ("1.1", "1.0"), "{csv}");
    assert!(r.site.page("index.html").contains("<br><span class=\"muted\">1.0 in force</span>"));
}

/// Bug (a SOC 2 team's trial): a version brought in by a `--no-ff` merge listed only the merge
/// in register.json, by whoever merged it, while its page named the branch's authors: a reader
/// of the JSON took the merger for the change's author. The merge names them.
#[test]
fn a_merged_versions_commit_names_the_branch_authors_beside_who_merged_it() {
    let r = Repo::new();
    let one = r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    let branch = r.commit_on(
        &[one],
        false,
        "2025-05-30",
        "Dana",
        "1.1",
        &[(PATH, &policy("1.1", "2025-05-30", V2, "Twelve."))],
    );
    r.commit_on(&[one, branch], true, "2025-06-03", "Sam", "Merge pull request #7", &[]);
    assert_eq!(r.site.build(&[]).code, 0);
    let json = valid_register(&r);
    let access = json["documents"].as_array().unwrap().iter().find(|d| d["path"] == PATH).unwrap();
    let commits = &access["versions"][1]["commits"];
    assert_eq!(commits[0]["author"], "Sam", "{commits:#}");
    assert_eq!(commits[0]["branch_authors"], serde_json::json!(["Dana"]), "{commits:#}");
    assert!(access["versions"][0]["commits"][0].get("branch_authors").is_none(), "{access:#}");
}
