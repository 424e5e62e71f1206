//! Every rule fires on its planted case, at the right file and line, and on nothing else.
//! Each folder of `tests/fixtures/rules/` is laid over `_base/` (a clean repository); its
//! `expect` file lists the findings `charta check` must report, as `rule path:line`.

use crate::support::{Site, charta};
use std::path::Path;

const TODAY: &str = "2026-03-01";

pub fn check_json(site: &Site) -> (i32, serde_json::Value) {
    let report = site.root().join("report.json");
    let run = charta(&[
        "check",
        "--root",
        site.root().to_str().unwrap(),
        "--today",
        TODAY,
        "--format",
        "json",
        "--output",
        report.to_str().unwrap(),
    ]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let json = std::fs::read_to_string(report).unwrap();
    (run.code, serde_json::from_str(&json).unwrap())
}

/// The findings, less the one note every copy outside git gets (`history/not-a-repository`:
/// these fixtures are plain folders; the history rules are tested on real repositories).
pub fn found(json: &serde_json::Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] != "history/not-a-repository")
        .map(|f| format!("{} {}:{}", f["rule"].as_str().unwrap(), f["path"].as_str().unwrap(), f["line"]))
        .collect()
}

pub fn case(name: &str) -> Site {
    let site = Site::fixture("rules/_base");
    let overlay = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules").join(name);
    for entry in walkdir::WalkDir::new(&overlay).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&overlay).unwrap().to_str().unwrap().to_owned();
            site.write(&rel, &std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    site
}

#[test]
fn the_clean_repository_has_no_finding() {
    let site = Site::fixture("rules/_base");
    let (code, json) = check_json(&site);
    assert_eq!(found(&json), Vec::<String>::new());
    assert_eq!(code, 0);
}

#[test]
fn every_rule_fires_on_its_planted_case_and_nothing_else() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_'))
        .collect();
    names.sort();
    let mut failures = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for name in &names {
        let expect = std::fs::read_to_string(dir.join(name).join("expect")).unwrap();
        let want: Vec<String> = expect.lines().map(str::to_owned).collect();
        let site = case(name);
        let (code, json) = check_json(&site);
        let got = found(&json);
        if got != want {
            failures.push(format!("{name}: expected {want:?}, found {got:?}"));
        }
        let fails = want.iter().any(|w| {
            let rule = w.split(' ').next().unwrap();
            charta::finding::Rule::from_id(rule).unwrap().default_severity()
                == charta::finding::Severity::Error
        });
        if code != i32::from(fails) {
            failures.push(format!("{name}: exit code {code}"));
        }
        covered.extend(want.iter().map(|w| w.split(' ').next().unwrap().to_owned()));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every rule about documents' content has a planted case (the source/* rules need files
    // that cannot be read, the history/* and evidence/* rules git repositories, signed for the
    // latter: tested elsewhere).
    for rule in
        charta::finding::Rule::ALL.iter().filter(|r| !matches!(r.family(), "source" | "history" | "evidence"))
    {
        assert!(covered.contains(rule.id()), "no planted case for {}", rule.id());
    }
}

/// What a sentence of a finding must not be: an article before the wrong sound ("has no an
/// author"), a word said twice, a placeholder or debug value left in, unbalanced code marks,
/// or doubled spaces (and a message ends with no full stop: the report's lines have none).
fn wording_faults(text: &str) -> Vec<String> {
    let mut faults = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        let (a, b) = (pair[0].to_ascii_lowercase(), pair[1]);
        let next = b.trim_start_matches(['(', '"']);
        let first = next.chars().next().unwrap_or(' ').to_ascii_lowercase();
        // Code (`owner`) and numbers are read by their sound, which letters cannot tell.
        let spoken = first.is_ascii_alphabetic() && !next.starts_with('`');
        if spoken && a == "a" && "aeio".contains(first) {
            faults.push(format!("`a {next}`"));
        }
        if spoken && a == "an" && !"aeiouh".contains(first) {
            faults.push(format!("`an {next}`"));
        }
        let determiners = ["a", "an", "the", "no", "each", "every"];
        if determiners.contains(&a.as_str()) && ["a", "an", "the"].contains(&b) {
            faults.push(format!("`{a} {b}`"));
        }
        if a.chars().all(char::is_alphabetic) && a == b.to_ascii_lowercase() {
            faults.push(format!("`{a} {b}` said twice"));
        }
    }
    for leftover in ["{}", "{:?}", "Some(", "None", "\"\"", "  ", " ,", " ."] {
        if text.contains(leftover) {
            faults.push(format!("holds `{leftover}`"));
        }
    }
    if text.matches('`').count() % 2 == 1 {
        faults.push("an unclosed `".to_owned());
    }
    faults
}

/// Every finding of every planted case (which together fire every rule about documents), and
/// every rule's catalogue text, reads as plain English: see [`wording_faults`]. Regression:
/// "this revision entry has no an author".
#[test]
fn every_message_reads_as_plain_english() {
    assert_eq!(wording_faults("this revision entry has no an author"), ["`no an`"]);
    assert_eq!(wording_faults("a owner is a `owner`, an approver"), ["`a owner`"]);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut failures = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('_') {
            continue;
        }
        let (_, json) = check_json(&case(&name));
        for f in json["findings"].as_array().unwrap() {
            let (message, help) = (f["message"].as_str().unwrap(), f["help"].as_str().unwrap());
            seen += 1;
            if message.ends_with('.') {
                failures.push(format!("{name}: `{message}` ends with a full stop"));
            }
            for text in [message, help] {
                for fault in wording_faults(text) {
                    failures.push(format!("{name}: {fault} in `{text}`"));
                }
            }
        }
    }
    for rule in charta::finding::Rule::ALL {
        for text in [rule.summary(), rule.fix()] {
            for fault in wording_faults(text) {
                failures.push(format!("{}: {fault} in `{text}`", rule.id()));
            }
        }
    }
    assert!(seen > 40, "{seen} findings read");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Regression: documents under a hidden collection folder are found by the walk but are not
/// files of the site, and a quick reading of links took a code block's `[text](b.md)` there for
/// a link to one of them, and reported it broken.
#[test]
fn a_link_to_a_document_of_a_hidden_or_ignored_collection_folder_is_no_broken_link() {
    // Bug: a collection folder charta.toml names is read whatever its name or an ignore file
    // above it says, and each of its documents has a page the site links to; but check took
    // only the documents a walk of the root reaches for link targets, and reported a link to
    // one of the others as broken ("there, but hidden ... so not on the site").
    let broken = |site: &Site| -> Vec<serde_json::Value> {
        let (_, report) = check_json(site);
        let findings = report["findings"].as_array().unwrap().clone();
        findings.into_iter().filter(|f| f["rule"] == "document/broken-link").collect()
    };
    let site = Site { dir: tempfile::tempdir().unwrap() };
    site.write("charta.toml", "[[collections]]\npath = \".handbook/policies\"\nkind = \"policy\"\n");
    site.write(".handbook/policies/a.md", "---\nid: POL-1\ntitle: A\n---\n\n```\nsee [text](b.md)\n```\n");
    site.write(".handbook/policies/b.md", "---\nid: POL-2\ntitle: B\n---\n\nText.\n");
    assert_eq!(broken(&site), Vec::<serde_json::Value>::new());
    site.write(".handbook/policies/a.md", "---\nid: POL-1\ntitle: A\n---\n\nSee [b](b.md) and [c](c.md).\n");
    let found = broken(&site);
    // The link to the document is not broken; the one to a file that is not there is.
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0]["message"].as_str().unwrap().contains("c.md"), "{found:#?}");
    assert!(!found[0]["message"].as_str().unwrap().contains("b.md"), "{found:#?}");
    // The site links it to the document's page.
    let run = site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("handbook/policies/a/index.html").contains("handbook/policies/b/index.html\">b</a>"));

    // The same for a collection in a folder an ignore file ignores, beside one of the root.
    let site = Site { dir: tempfile::tempdir().unwrap() };
    site.write(
        "charta.toml",
        "[[collections]]\npath = \".\"\nkind = \"policy\"\n[[collections]]\npath = \"drafts/sop\"\nkind = \"sop\"\n",
    );
    site.write(".gitignore", "drafts/\n");
    site.write("top.md", "---\nid: POL-1\ntitle: Top\n---\n\nSee [the SOP](drafts/sop/s.md).\n");
    site.write("drafts/sop/s.md", "---\nid: SOP-1\ntitle: S\n---\n\nText.\n");
    assert_eq!(broken(&site), Vec::<serde_json::Value>::new());
    let run = site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("top/index.html").contains("drafts/sop/s/index.html\">the SOP</a>"));
}

/// Found by the cold review of the fix above: a Markdown file of a hidden collection that
/// cannot be read (larger than charta reads) has no page, but counted as a document for links,
/// so a link to it was no broken link and the file was copied into the site, hidden folder and
/// all. And a link to the hidden folder itself passed as a folder holding documents, though the
/// site has no such folder (its pages are under `handbook/`).
#[test]
fn a_hidden_collections_unread_file_and_folder_are_no_link_targets_and_nothing_is_published() {
    let site = Site { dir: tempfile::tempdir().unwrap() };
    site.write("charta.toml", "[[collections]]\npath = \".handbook/policies\"\nkind = \"policy\"\n");
    site.write(
        ".handbook/policies/a.md",
        "---\nid: POL-1\ntitle: A\n---\n\nSee [b](b.md), [the log](big.md) and [all](./).\n",
    );
    site.write(".handbook/policies/b.md", "---\nid: POL-2\ntitle: B\n---\n\nText.\n");
    let big = std::fs::File::create(site.root().join(".handbook/policies/big.md")).unwrap();
    big.set_len(101 << 20).unwrap();
    let (_, report) = check_json(&site);
    let findings = report["findings"].as_array().unwrap();
    let broken: Vec<&serde_json::Value> =
        findings.iter().filter(|f| f["rule"] == "document/broken-link").collect();
    assert_eq!(broken.len(), 1, "{findings:#?}");
    let message = broken[0]["message"].as_str().unwrap();
    assert!(message.contains("big.md") && message.contains("./"), "{message}");
    assert!(!message.contains("`b.md`"), "{message}");
    site.build(&["--no-cache"]);
    let published: Vec<String> = walkdir::WalkDir::new(site.out())
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(site.out()).unwrap().to_string_lossy().into_owned())
        .filter(|p| p.contains("big") || p.starts_with(".handbook"))
        .collect();
    assert_eq!(published, Vec::<String>::new());
}

/// Regression: a document's `kind:` is its author's to write, and `kind: Policy` matched neither
/// `[approval.roles] policy` nor `[required_fields] policy`: an Engineer's approval passed, and
/// so did a missing `classification`.
#[test]
fn a_kind_written_in_other_capitals_is_held_to_its_kinds_roles_and_fields() {
    let site = Site::fixture("rules/_base");
    let toml = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write(
        "charta.toml",
        &format!("{toml}\n[required_fields]\npolicy = [\"id\", \"title\", \"classification\"]\n"),
    );
    let clean = std::fs::read_to_string(site.root().join("policies/clean.md")).unwrap();
    site.write("policies/clean.md", &clean.replace("approvers: [bob]", "approvers: [erin]\nkind: Policy"));
    let (_, json) = check_json(&site);
    let found = found(&json);
    assert!(found.contains(&"approval/role-not-allowed policies/clean.md:6".to_owned()), "{found:?}");
    assert!(found.iter().any(|f| f.starts_with("frontmatter/missing-field policies/clean.md")), "{found:?}");
}

/// Found by the cold review of `approval/role-held-by-no-one`: it fired on every repository with
/// no roster (where no approver's role is judged at all), and it replaced role-not-allowed
/// findings charta.toml had waived or set a severity for.
#[test]
fn a_role_held_by_no_one_is_not_said_without_a_roster_nor_over_what_charta_toml_decided() {
    let unheld = |site: &Site| {
        let toml = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
        site.write("charta.toml", &toml.replace("policy = [\"CEO\"]", "policy = [\"Chief Executive\"]"));
    };
    let site = Site::fixture("rules/_base");
    unheld(&site);
    std::fs::remove_file(site.root().join("roster.yaml")).unwrap();
    let (_, json) = check_json(&site);
    assert!(!found(&json).iter().any(|f| f.starts_with("approval/role")), "{:?}", found(&json));

    let site = Site::fixture("rules/_base");
    unheld(&site);
    let toml = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &format!("[rules]\n\"approval/role-not-allowed\" = \"note\"\n\n{toml}"));
    let (code, json) = check_json(&site);
    assert_eq!(found(&json), ["approval/role-not-allowed policies/clean.md:6"]);
    assert_eq!(code, 0);
}

/// Found by the cold review: an owner not active yet (`active_from` still to come) was pointed
/// at their `active_until` line.
#[test]
fn an_owner_not_active_yet_is_said_at_their_active_from_line() {
    let site = Site::fixture("rules/_base");
    let roster = std::fs::read_to_string(site.root().join("roster.yaml")).unwrap();
    site.write(
        "roster.yaml",
        &format!("{roster}\n  - id: nina\n    name: Nina New\n    roles: [CEO]\n    active_from: 2027-01-01\n    active_until: 2030-01-01\n"),
    );
    let lines = roster.lines().count();
    let clean = std::fs::read_to_string(site.root().join("policies/clean.md")).unwrap();
    site.write("policies/clean.md", &clean.replacen("owner: alice", "owner: nina", 1));
    let (_, json) = check_json(&site);
    let at = format!("roster/owner-inactive roster.yaml:{}", lines + 5);
    assert!(found(&json).contains(&at), "{at}: {:?}", found(&json));
}
