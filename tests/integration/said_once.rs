//! One gap of a whole collection (a required field none of its documents states, or front
//! matter none has) is one finding, at its first document, that each of the others shows too.

use crate::rules::check_json;
use crate::support::{Site, charta};

const CONFIG: &str = "[[collections]]\npath = \"sop\"\nkind = \"sop\"\n\n[required_fields]\nsop = [\"id\", \"title\", \"owner\", \"version\"]\n";

/// Four SOPs with no `owner`; `b.md` also lacks its `id`.
fn site() -> Site {
    let site = Site::fixture("zero-config");
    site.write("charta.toml", CONFIG);
    for (name, id) in [("a", "id: SOP-1\n"), ("b", ""), ("c", "id: SOP-3\n"), ("d", "id: SOP-4\n")] {
        site.write(
            &format!("sop/{name}.md"),
            &format!("---\n{id}title: {name}\nversion: \"1.0\"\n---\n# {name}\n"),
        );
    }
    site
}

fn findings(json: &serde_json::Value, rule: &str) -> Vec<serde_json::Value> {
    json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).cloned().collect()
}

/// Bug (the innolitics QMS, 65 documents none of which writes `owner`): 65 findings of
/// `frontmatter/missing-field` said one gap of the repository, and buried its 8 duplicate ids.
#[test]
fn a_required_field_no_document_of_a_collection_states_is_said_once_not_on_each() {
    let site = site();
    let (code, json) = check_json(&site);
    assert_eq!(code, 1);
    let missing = findings(&json, "frontmatter/missing-field");
    let said: Vec<(&str, &str)> =
        missing.iter().map(|f| (f["path"].as_str().unwrap(), f["message"].as_str().unwrap())).collect();
    assert_eq!(
        said,
        [
            ("sop/a.md", "none of the documents in `sop` has `owner` in its front matter"),
            // b's own gap is b's alone: said on b, without the collection's.
            ("sop/b.md", "the front matter has no `id`"),
        ],
        "{json:#}"
    );
    assert_eq!(missing[0]["also"], serde_json::json!(["sop/b.md", "sop/c.md", "sop/d.md"]));
    assert!(missing[0]["help"].as_str().unwrap().contains("each of the 4 documents"), "{json:#}");
    assert!(missing[1].get("also").is_none(), "{json:#}");
    // One document that states it: each of the others lacks it on its own account.
    site.write("sop/d.md", "---\nid: SOP-4\ntitle: d\nowner: o\nversion: \"1.0\"\n---\n# d\n");
    let (_, json) = check_json(&site);
    let paths: Vec<String> = findings(&json, "frontmatter/missing-field")
        .iter()
        .map(|f| format!("{} {}", f["path"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        paths,
        [
            "sop/a.md the front matter has no `owner`",
            "sop/b.md the front matter has no `id` or `owner`",
            "sop/c.md the front matter has no `owner`"
        ]
    );
}

/// A check of one document of the collection (`charta check sop/c.md`, as a pull request's CI
/// runs it on the files it changed) and its page still say what it lacks.
#[test]
fn a_gap_said_once_is_shown_by_a_check_of_one_of_its_documents_and_on_its_page() {
    let site = site();
    let root = site.root().to_str().unwrap();
    let run = crate::support::charta_in(site.root(), &["check", "--today", "2026-03-01", "sop/c.md"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "sop/a.md:1:1: error[frontmatter/missing-field]: none of the documents in `sop` has `owner`"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("also: sop/b.md, sop/c.md, sop/d.md"), "{}", run.stdout);
    assert!(!run.stdout.contains("no `id`"), "{}", run.stdout);
    let run = charta(&["build", "--root", root, "--today", "2026-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("sop/c/index.html").contains("none of the documents in `sop` has `owner`"));
}

/// Bug (openregulatory's templates, cloud.gov's documents): a collection of which no document
/// has front matter gave 90 warnings alike, one per file.
#[test]
fn a_collection_without_any_front_matter_is_said_once() {
    let site = Site::fixture("zero-config");
    site.write("charta.toml", CONFIG);
    for name in ["a", "b", "c"] {
        site.write(&format!("sop/{name}.md"), &format!("# {name}\n\nText.\n"));
    }
    let (_, json) = check_json(&site);
    let missing = findings(&json, "frontmatter/missing");
    assert_eq!(missing.len(), 1, "{json:#}");
    assert_eq!(missing[0]["path"], "sop/a.md");
    assert_eq!(missing[0]["also"], serde_json::json!(["sop/b.md", "sop/c.md"]));
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("none of the documents in `sop` has front matter")
    );
    // One document with front matter: each of the others is one to correct.
    site.write("sop/c.md", "---\nid: SOP-3\ntitle: c\nowner: o\nversion: \"1.0\"\n---\n# c\n");
    let (_, json) = check_json(&site);
    let paths: Vec<String> = findings(&json, "frontmatter/missing")
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["sop/a.md", "sop/b.md"]);
}

/// A document with a waiver of the rule keeps its own finding, which the waiver covers; the
/// gap of the others is said once for them.
#[test]
fn a_waived_document_keeps_its_own_finding_out_of_the_gap_said_once() {
    let site = site();
    site.write("sop/e.md", "---\nid: SOP-5\ntitle: e\nversion: \"1.0\"\n---\n# e\n");
    site.write(
        "charta.toml",
        &format!("{CONFIG}\n[[waivers]]\nrule = \"frontmatter/missing-field\"\ndocument = \"SOP-4\"\nreason = \"owner being appointed\"\nexpires = 2026-06-01\n"),
    );
    let (_, json) = check_json(&site);
    let said: Vec<String> = findings(&json, "frontmatter/missing-field")
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f["path"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
                f["waived"].is_string()
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            "sop/a.md none of the documents in `sop` has `owner` in its front matter false",
            "sop/b.md the front matter has no `id` false",
            "sop/d.md the front matter has no `owner` true",
        ],
        "{json:#}"
    );
    let gap = &findings(&json, "frontmatter/missing-field")[0];
    assert_eq!(gap["also"], serde_json::json!(["sop/b.md", "sop/c.md", "sop/e.md"]));
}
