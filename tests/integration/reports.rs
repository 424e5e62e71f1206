//! `charta check`'s reports: each valid for its consumer, snapshotted, and the exit codes.

use crate::support::{Site, charta};

const TODAY: &str = "2026-03-01";

/// The mixed fixture with a waiver: findings of every severity, one of them waived.
pub(crate) fn site() -> Site {
    let site = Site::fixture("mixed");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write(
        "charta.toml",
        &format!("{config}\n[[waivers]]\nrule = \"roster/unknown-person\"\ndocument = \"SOP-001\"\nreason = \"Contractor joins the roster in March\"\nexpires = 2026-03-31\n"),
    );
    site.write("sop/notes.md", "# Working notes\n\nNo front matter: one warning.\n");
    site
}

fn report(site: &Site, format: &str, extra: &[&str]) -> (i32, String) {
    let out = site.root().join(format!("report.{format}"));
    let root = site.root().to_str().unwrap();
    let mut args = vec![
        "check",
        "--root",
        root,
        "--today",
        TODAY,
        "--format",
        format,
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = charta(&args);
    assert_ne!(run.code, 2, "{}", run.stderr);
    (run.code, std::fs::read_to_string(out).unwrap())
}

#[test]
fn every_format_is_stable() {
    let site = site();
    for format in ["human", "json", "sarif", "junit", "github"] {
        let (_, text) = report(&site, format, &[]);
        insta::assert_snapshot!(format!("report_{format}"), text);
    }
}

#[test]
fn json_matches_its_documented_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/report.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_, text) = report(&site(), "json", &[]);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(json["today"], TODAY);
    // Regression: `source/invalid-utf8` failed the schema's pattern for rule ids. Every rule id
    // charta has is one the schema takes.
    for rule in charta::finding::Rule::ALL {
        let mut one = json.clone();
        one["findings"][0]["rule"] = serde_json::json!(rule.id());
        let errors: Vec<String> = validator.iter_errors(&one).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", rule.id());
    }
    let waived: Vec<_> =
        json["findings"].as_array().unwrap().iter().filter(|f| !f["waived"].is_null()).collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["document"], "SOP-001");
}

#[test]
fn sarif_has_every_rule_and_a_located_result_per_finding() {
    let (_, text) = report(&site(), "sarif", &[]);
    let sarif: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["properties"]["today"], TODAY);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), charta::finding::Rule::ALL.len());
    assert!(rules.iter().all(|r| r["help"]["text"].as_str().is_some_and(|t| !t.is_empty())));
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], id);
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].as_str().is_some_and(|u| !u.starts_with('/')));
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }
    // The waived finding is left out: code scanning ignores suppressions and would open an alert.
    assert!(results.iter().all(|r| r.get("suppressions").is_none()));
    assert!(!results.iter().any(|r| r["ruleId"] == "roster/unknown-person"), "{text}");
    let (_, text) = report(&site(), "sarif", &["--include-waived"]);
    let sarif: serde_json::Value = serde_json::from_str(&text).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<_> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["ruleId"], "roster/unknown-person");
}

/// The official SARIF 2.1.0 schema (tests/schemas), its formats checked (a URI must be one).
/// Its pattern for `run.language` ends `]?$`, a `]` the Rust regex engines read as an unopened
/// class; escaped here, it means what it meant (an optional `]`), and nothing else changes.
fn sarif_schema() -> jsonschema::Validator {
    let text = include_str!("../schemas/sarif-schema-2.1.0.json").replace("{2}]?$", "{2}\\\\]?$");
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
}

/// Regression: a file name with a space, an accent or `%` went into `artifactLocation.uri` as it
/// is, which is no URI (SARIF1002); `columnKind` was missing, `fullDescription` repeated the short
/// one, and there was no `automationDetails`.
#[test]
fn sarif_is_valid_against_the_official_schema_for_any_file_name() {
    let site = site();
    site.write("sop/access review (v2) 100% caf\u{e9}#1.md", "# Notes\n\nNo front matter: one warning.\n");
    for extra in [&[][..], &["--include-waived"][..]] {
        let (_, text) = report(&site, "sarif", extra);
        let sarif: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> =
            sarif_schema().iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:?}");
        let run = &sarif["runs"][0];
        let uris: Vec<&str> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
            .collect();
        assert!(uris.contains(&"sop/access%20review%20(v2)%20100%25%20caf%C3%A9%231.md"), "{uris:?}");
        assert!(uris.iter().all(|u| url::Url::parse("file:///repo/").unwrap().join(u).is_ok()), "{uris:?}");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["automationDetails"]["id"], "charta/");
        for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
            assert_ne!(rule["fullDescription"], rule["shortDescription"], "{rule}");
        }
    }
}

#[test]
fn junit_is_xml_with_a_case_per_document_and_family() {
    let (_, text) = report(&site(), "junit", &[]);
    let doc = roxmltree::Document::parse(&text).unwrap();
    // Regression: the root carried `skipped`, which junit-10.xsd (tests/junit_xsd.rs) refuses.
    assert_eq!(doc.root_element().attribute("skipped"), None);
    let suites: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 5, "one suite per document, one for charta.toml (not a repository)");
    let failures: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("failure")).collect();
    assert!(failures.iter().any(|f| f.attribute("type") == Some("frontmatter/invalid-yaml")));
    // Regression: the element was empty, and GitLab shows only its text: now where and what.
    for f in &failures {
        let text = f.text().unwrap_or_default();
        assert!(text.contains(":") && text.contains("\nhelp: "), "{text:?}");
    }
    // The waived finding does not fail its case.
    assert!(!failures.iter().any(|f| f.attribute("type") == Some("roster/unknown-person")));
    let cases = doc.descendants().filter(|n| n.has_tag_name("testcase")).count();
    assert_eq!(cases, 4 * 10 + 1, "10 rule families per document");
    // Regression: a family that did not run (no [evidence], no git) was a passing case, as if
    // it had checked something. It is skipped, saying why.
    let skipped: Vec<(&str, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("skipped"))
        .map(|n| (n.parent().unwrap().attribute("name").unwrap(), n.attribute("message").unwrap()))
        .collect();
    assert_eq!(skipped.len(), 8, "{skipped:?}");
    assert!(skipped.contains(&("evidence", "charta.toml's [evidence] asks for no evidence")), "{skipped:?}");
    assert!(skipped.iter().any(|(f, why)| *f == "history" && why.starts_with("no git history was read")));
}

#[test]
fn github_commands_follow_the_workflow_syntax() {
    let (_, text) = report(&site(), "github", &[]);
    let commands: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert!(!commands.is_empty());
    for line in &commands {
        let (head, message) = line[2..].split_once("::").unwrap();
        let (command, props) = head.split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&command), "{line}");
        let keys: Vec<&str> = props.split(',').map(|p| p.split_once('=').unwrap().0).collect();
        assert_eq!(keys, ["file", "line", "col", "title"], "{line}");
        assert!(!message.contains('\n'));
    }
    assert!(commands.iter().any(|l| {
        l.starts_with("::notice file=sop/release.md,line=5,col=20,title=roster/unknown-person::")
    }));
}

#[test]
fn exit_codes_follow_fail_on() {
    let site = site();
    assert_eq!(report(&site, "json", &[]).0, 1);
    assert_eq!(report(&site, "json", &["--fail-on", "never"]).0, 0);
    let clean = Site::fixture("rules/_base");
    assert_eq!(report(&clean, "json", &[]).0, 0);
    assert_eq!(report(&clean, "json", &["--fail-on", "warning"]).0, 0);
    // A warning fails only --fail-on warning.
    clean.write("policies/extra.md", "# No front matter\n");
    assert_eq!(report(&clean, "json", &[]).0, 0);
    assert_eq!(report(&clean, "json", &["--fail-on", "warning"]).0, 1);
    let run = charta(&["check", "--format", "yaml"]);
    assert_eq!(run.code, 2, "bad usage is exit 2");
}

#[test]
fn output_dash_is_standard_output() {
    let site = site();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .current_dir(site.root())
        .args(["check", "--today", TODAY, "--format", "json", "--output", "-"])
        .env_remove("CHARTA_TODAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["today"], TODAY);
    assert!(!site.root().join("-").exists(), "no file named `-`");
}

/// Run charta with its standard output and error going to pipes that nobody reads any more, as
/// in `charta check | head` once `head` has its lines: every write fails with a broken pipe.
fn into_closed_pipes(args: &[&str]) -> i32 {
    let (out_reader, out_writer) = std::io::pipe().unwrap();
    let (err_reader, err_writer) = std::io::pipe().unwrap();
    drop((out_reader, err_reader));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(args)
        .stdout(out_writer)
        .stderr(err_writer)
        .env_remove("CHARTA_TODAY")
        .status()
        .unwrap();
    status.code().unwrap_or(-1)
}

#[test]
fn a_reader_that_stops_early_ends_the_output_not_the_command() {
    let site = site();
    let root = site.root().to_str().unwrap();
    // check keeps the exit code of its findings; 101 would be a panic, 2 a failure of charta.
    for format in ["human", "json", "sarif"] {
        assert_eq!(
            into_closed_pipes(&["check", "--root", root, "--today", TODAY, "--format", format]),
            1,
            "{format}"
        );
    }
    assert_eq!(into_closed_pipes(&["check", "--root", root, "--today", TODAY, "--fail-on", "never"]), 0);
    // build tells its findings on standard error after the site is in place.
    assert_eq!(into_closed_pipes(&["build", "--root", root, "--today", TODAY]), 0);
    assert!(site.page("index.html").contains("SOP-001"));
    assert_eq!(into_closed_pipes(&["rules"]), 0);
    for format in ["human", "json", "csv"] {
        let code = into_closed_pipes(&["reviews", "--root", root, "--today", TODAY, "--format", format]);
        assert_eq!(code, 0, "{format}");
    }
    // An error of charta's own is still exit 2 when it cannot even be told.
    assert_eq!(into_closed_pipes(&["check", "--root", "/nonexistent/charta-root", "--today", TODAY]), 2);
}

#[test]
fn a_waiver_makes_a_failing_finding_pass_until_it_expires() {
    let site = Site::fixture("rules/_base");
    site.write(
        "policies/case.md",
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/rules/roster-unknown-person/policies/case.md"),
        )
        .unwrap(),
    );
    assert_eq!(report(&site, "json", &[]).0, 1);
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &format!("{config}\n[[waivers]]\nrule = \"roster/unknown-person\"\ndocument = \"policies/case.md\"\nreason = \"Zed joins in March\"\nexpires = 2026-03-31\n"));
    let (code, text) = report(&site, "human", &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("waived: Zed joins in March (waived until 2026-03-31)"), "{text}");
    // On the site the waived finding is shown, and does not make the document non-compliant.
    assert_eq!(site.build(&[]).code, 0);
    let page = site.page("policies/case/index.html");
    assert!(page.contains("badge-approved") && page.contains("Zed joins in March"), "{page}");
    let run = charta(&["check", "--root", site.root().to_str().unwrap(), "--today", "2026-04-01"]);
    assert_eq!(run.code, 1);
}

#[test]
fn rules_lists_every_rule_with_its_help() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta")).arg("rules").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in charta::finding::Rule::ALL {
        assert!(text.contains(rule.id()) && text.contains(rule.fix()), "{}", rule.id());
    }
    // For editors and scripts: the same, as JSON.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, charta::finding::Rule::ALL.iter().map(|r| r.id()).collect::<Vec<_>>());
    for (r, rule) in rules.iter().zip(charta::finding::Rule::ALL) {
        assert_eq!(
            (r["family"].as_str(), r["severity"].as_str()),
            (Some(rule.family()), Some(rule.default_severity().as_str()))
        );
        assert_eq!((r["summary"].as_str(), r["fix"].as_str()), (Some(rule.summary()), Some(rule.fix())));
    }
}

#[test]
fn the_readme_documents_every_rule() {
    let readme = include_str!("../../README.md");
    for rule in charta::finding::Rule::ALL {
        assert!(readme.contains(&format!("`{}`", rule.id())), "README lacks {}", rule.id());
    }
}

#[test]
fn reviews_lists_overdue_and_due_documents_by_owner() {
    let site = crate::rules_case("review-overdue");
    let soon = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules/review-due-soon/policies/case.md");
    site.write("policies/soon.md", &std::fs::read_to_string(soon).unwrap().replace("POL-002", "POL-003"));
    let root = site.root().to_str().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["reviews", "--root", root, "--today", TODAY, "--within", "30d", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv,
        "owner,next_review,days,state,id,title,path,when,waived,held_by\n\
         Alice Author,2026-01-10,-50,overdue,POL-002,Case policy,policies/case.md,50 days overdue,,\n\
         Alice Author,2026-03-15,14,due,POL-003,Case policy,policies/soon.md,in 14 days,,\n"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["reviews", "--root", root, "--today", TODAY])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Alice Author\n  OVERDUE  2026-01-10  POL-002"), "{text}");
    assert!(text.contains("1 overdue, 1 due within 60 days"), "{text}");
    // Bug (a QA manager's trial): a document owned by a role was listed under the role's name,
    // apart from what its holder owns by name, where the site lists it under each holder.
    let by_role = std::fs::read_to_string(site.root().join("policies/soon.md")).unwrap();
    let by_role = by_role.replace("POL-003", "POL-004").replace("owner: alice", "owner: Engineer");
    assert!(by_role.contains("owner: Engineer"), "{by_role}");
    site.write("policies/engineering.md", &by_role);
    let out = charta(&["reviews", "--root", root, "--today", TODAY]);
    assert!(out.stdout.contains("Erin Engineer\n  DUE      2026-03-15  POL-004"), "{}", out.stdout);
    assert!(out.stdout.contains("(in 14 days, as Engineer)"), "{}", out.stdout);
    assert!(!out.stdout.lines().any(|l| l == "Engineer"), "{}", out.stdout);
    assert!(out.stdout.contains("1 overdue, 2 due within 60 days"), "{}", out.stdout);
    // Bugs (a cold review of that): one who left holds the role no longer (the site lists only
    // those who hold it on the day); and a name with a comma ("Doe, Jane") was split in two.
    site.write("policies/engineering.md", &by_role.replace("owner: Engineer", "owner: CEO"));
    let roster = std::fs::read_to_string(site.root().join("roster.yaml")).unwrap();
    site.write("roster.yaml", &roster.replace("name: Frank Second", "name: \"Second, Frank\""));
    let out = charta(&["reviews", "--root", root, "--today", TODAY]);
    assert!(
        out.stdout.contains("Bob Boss\n  DUE") && out.stdout.contains("Second, Frank\n  DUE"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Dave Former"), "{}", out.stdout);
    let json = charta(&["reviews", "--root", root, "--today", TODAY, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let row = json["reviews"].as_array().unwrap().iter().find(|r| r["id"] == "POL-004").unwrap().clone();
    assert_eq!(row["held_by"], serde_json::json!(["Bob Boss", "Second, Frank"]), "{row:#}");
}

#[test]
fn terminal_control_characters_in_a_document_are_shown_not_sent() {
    let site = Site::fixture("rules/_base");
    let case = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/rules/roster-unknown-person/policies/case.md"),
    )
    .unwrap();
    // An author whose name holds an ESC (YAML's `\e`), and a line of the body with a raw one: each
    // would drive a terminal (clear the screen, turn it red) if printed as it is.
    let case = case
        .replace("authors: [alice, zed]", "authors: [alice, \"eve\\e[2J\"]")
        .replace("See the [clean policy](clean.md).", "See the [red\u{1b}[31m policy](missing.md).");
    site.write("policies/case.md", &case);
    let root = site.root().to_str().unwrap();
    // Standard output is a pipe here: the human report has no colours, and nothing is stripped.
    let run = charta(&["check", "--root", root, "--today", TODAY]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    assert!(run.stdout.contains("`eve\u{241b}[2J`"), "{}", run.stdout);
    // So does the quoted source line.
    assert!(run.stdout.contains("See the [red\u{241b}[31m policy](missing.md)."), "{}", run.stdout);
    // Reports for programs keep the value as written, escaped as their format escapes it.
    let (_, json) = report(&site, "json", &[]);
    assert!(json.contains("eve\\u001b[2J"), "{json}");
}

/// GitLab's Code Quality report: an issue per finding not waived, with GitLab's fields and
/// severities, and a fingerprint that stays the same when lines above the finding move (so a
/// merge request shows only what it added or fixed) and differs between findings.
#[test]
fn gitlab_code_quality_has_an_issue_per_finding_with_stable_fingerprints() {
    let site = site();
    let (_, text) = report(&site, "gitlab", &[]);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let (_, json) = report(&site, "json", &[]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let unwaived = json["findings"].as_array().unwrap().iter().filter(|f| f["waived"].is_null()).count();
    assert_eq!(issues.len(), unwaived);
    let mut prints = std::collections::BTreeSet::new();
    for i in &issues {
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&i["severity"].as_str().unwrap()),
            "{i}"
        );
        assert!(charta::finding::Rule::from_id(i["check_name"].as_str().unwrap()).is_some(), "{i}");
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1, "{i}");
        assert!(!i["description"].as_str().unwrap().is_empty());
        assert!(prints.insert(i["fingerprint"].as_str().unwrap().to_owned()), "a fingerprint twice: {i}");
    }
    // Lines added above a broken link move its finding down; its fingerprint stays.
    let link = |issues: &[serde_json::Value]| -> (String, u64) {
        let i = issues
            .iter()
            .find(|i| i["check_name"] == "document/broken-link" && i["location"]["path"] == "sop/linked.md")
            .unwrap();
        (i["fingerprint"].as_str().unwrap().to_owned(), i["location"]["lines"]["begin"].as_u64().unwrap())
    };
    site.write("sop/linked.md", "# Linked\n\nSee [the form](forms/gone.pdf).\n");
    let (_, text) = report(&site, "gitlab", &[]);
    let before = link(&serde_json::from_str::<Vec<serde_json::Value>>(&text).unwrap());
    site.write("sop/linked.md", "# Linked\n\nA new paragraph.\n\nSee [the form](forms/gone.pdf).\n");
    let (_, text) = report(&site, "gitlab", &[]);
    let after = link(&serde_json::from_str::<Vec<serde_json::Value>>(&text).unwrap());
    assert_eq!((before.0 == after.0, before.1, after.1), (true, 3, 5));
}

/// Regression: the fingerprint hashed the message, and an overdue review's says how many days
/// overdue it is: each day's pipeline had a new finding and a fixed one, nothing having changed.
#[test]
fn gitlab_fingerprints_stay_the_same_from_one_day_to_the_next() {
    let site = Site::fixture("rules/_base");
    let overdue = |today: &str| -> Vec<(String, String)> {
        let out = site.root().join("quality.json");
        let root = site.root().to_str().unwrap();
        let args = [
            "check",
            "--root",
            root,
            "--today",
            today,
            "--format",
            "gitlab",
            "--output",
            out.to_str().unwrap(),
        ];
        assert_ne!(charta(&args).code, 2);
        let issues: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
        issues
            .iter()
            .filter(|i| i["check_name"] == "review/overdue")
            .map(|i| {
                (i["description"].as_str().unwrap().to_owned(), i["fingerprint"].as_str().unwrap().to_owned())
            })
            .collect()
    };
    // Due on 2027-01-10: one day overdue on the 11th, two on the 12th (the cold review: "day"
    // became "days"), twelve on the 22nd.
    let days: Vec<_> = ["2027-01-11", "2027-01-12", "2027-01-22"].iter().map(|d| overdue(d)).collect();
    assert!(days.iter().all(|d| d.len() == 1), "{days:?}");
    assert_ne!(days[0][0].0, days[1][0].0, "the messages count the days");
    assert!(days.iter().all(|d| d[0].1 == days[0][0].1), "{days:?}");
}

/// Regression: every error was an annotation, though GitHub shows ten of each kind per step,
/// and nothing went to the step summary. Twelve documents with an error each: ten annotations,
/// two plain lines that say where and what (never a command), and the summary lists all twelve.
#[test]
fn github_shows_ten_annotations_of_a_kind_and_the_step_summary_lists_every_finding() {
    let site = Site::fixture("rules/_base");
    for i in 0..12 {
        site.write(&format!("policies/broken-{i:02}.md"), "---\nid: [unclosed\n---\n");
    }
    site.write("policies/::error::evil|<b>.md", "---\nid: [unclosed\n---\n");
    let summary = site.root().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let root = site.root().to_str().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["check", "--root", root, "--today", TODAY, "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let errors = text.lines().filter(|l| l.starts_with("::error ")).count();
    assert_eq!(errors, 10, "{text}");
    let plain: Vec<&str> = text.lines().filter(|l| l.starts_with("charta: policies/")).collect();
    assert_eq!(plain.len(), 3, "{text}");
    assert!(plain.iter().all(|l| l.contains("error[frontmatter/invalid-yaml]")), "{plain:?}");
    assert!(text.contains("charta: 3 more findings are the plain lines above"), "{text}");
    // The file named like a command is a property's value, escaped: it starts no command.
    assert!(!text.contains("::error::evil"), "{text}");
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("earlier step\n### charta check\n"), "{written}");
    let rows = written.lines().filter(|l| l.starts_with("| error |")).count();
    assert_eq!(rows, 13, "{written}");
    assert!(written.contains("| policies/::error::evil\\|&lt;b&gt;.md:2:5 |"), "{written}");
}

#[test]
fn sarif_rules_link_to_their_description_on_the_published_findings_page() {
    let site = Site::fixture("mixed");
    let root = site.root().to_str().unwrap();
    let run = charta(&["check", "--root", root, "--today", "2026-03-01", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(site.build(&[]).code, 0);
    let page = site.page("report/index.html");
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let uri = rule["helpUri"].as_str().unwrap_or_else(|| panic!("{id} has no helpUri"));
        let anchor = uri.strip_prefix("https://isms.example.com/report/#").unwrap_or_else(|| panic!("{uri}"));
        assert!(
            page.contains(&format!("<tr id=\"{anchor}\"><td><code>{id}</code>")),
            "{id}: #{anchor} not on the page"
        );
    }
    // Without a base_url there is no published page to link to.
    let plain = Site::fixture("zero-config");
    let run = charta(&["check", "--root", plain.root().to_str().unwrap(), "--format", "sarif"]);
    assert!(!run.stdout.contains("helpUri"), "{}", run.stdout);
}

#[test]
fn reports_a_forge_reads_name_files_from_the_repositorys_top_when_the_root_is_a_folder_of_it() {
    // The action's `root: isms`: GitHub, code scanning and GitLab name files from the top.
    let dir = tempfile::tempdir().unwrap();
    git2::Repository::init(dir.path()).unwrap();
    let root = dir.path().join("isms");
    crate::support::copy_dir(Site::fixture("mixed").root(), &root);
    let run = |format: &str| {
        charta(&["check", "--root", root.to_str().unwrap(), "--today", "2026-03-01", "--format", format])
            .stdout
    };
    assert!(run("github").contains("::error file=isms/sop/broken.md,"), "{}", run("github"));
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert!(uri.as_str().unwrap().starts_with("isms/"), "{uri}");
    assert!(run("gitlab").contains("\"path\": \"isms/sop/broken.md\""), "{}", run("gitlab"));
    // The reports for people and scripts stay relative to the root charta was given.
    assert!(run("json").contains("\"path\": \"sop/broken.md\""));
}
