//! Issue 30: a document's whole life from the command line (`revise`, `approve`, `review`,
//! `supersede` or `retire`) in each dialect that can hold it: charta's with its revisions
//! oldest first and newest first, the T1Pal QMS (mdn_qms, no revision list) and comply
//! (`majorRevisions`, review and retire only). Each resulting file is a snapshot; the same
//! document with CRLF line endings and a byte-order mark ends byte for byte the same but for
//! them; and `charta check`
//! reports nothing of the rules the commands are about afterwards.

use crate::rules::{check_json, found};
use crate::support::{Site, charta};

/// Run `charta <args>` on `site` as of 2026-03-01; its output, which must say it succeeded.
fn step(site: &Site, args: &[&str]) -> String {
    let mut all = vec![args[0], "--root", site.root().to_str().unwrap(), "--today", "2026-03-01"];
    all.extend_from_slice(&args[1..]);
    let run = charta(&all);
    assert_eq!(run.code, 0, "charta {args:?}: {}", run.stderr);
    run.stdout
}

/// The findings of `check` about `path`, less those of `ignored` rules.
fn findings(site: &Site, path: &str, ignored: &[&str]) -> Vec<String> {
    let (_, json) = check_json(site);
    found(&json)
        .into_iter()
        .filter(|f| f.contains(path) && !ignored.iter().any(|r| f.starts_with(r)))
        .collect()
}

/// Write `text` at `path` in `fixture` (with CRLF line endings when `crlf`), run each of
/// `steps` and return the file after each.
fn life(
    fixture: &str,
    path: &str,
    text: &str,
    crlf: bool,
    steps: &[&[&str]],
    extra: &[(&str, &str)],
) -> (Site, Vec<String>) {
    let site = Site::fixture(fixture);
    // CRLF with a byte-order mark, as Windows editors save: both must stay.
    let eol = |t: &str| if crlf { format!("\u{feff}{}", t.replace('\n', "\r\n")) } else { t.to_owned() };
    site.write(path, &eol(text));
    for (p, t) in extra {
        site.write(p, t);
    }
    let mut out = Vec::new();
    for args in steps {
        step(&site, args);
        let now = std::fs::read_to_string(site.root().join(path)).unwrap();
        assert_eq!(now.contains('\r'), crlf, "line endings changed by {args:?}");
        assert_eq!(now.starts_with('\u{feff}'), crlf, "byte-order mark changed by {args:?}");
        out.push(now.trim_start_matches('\u{feff}').replace("\r\n", "\n"));
    }
    (site, out)
}

/// The file after each step, as snapshots named `<case>_<n>_<command>`; and the same with CRLF
/// and a byte-order mark.
fn snapshots(
    case: &str,
    fixture: &str,
    path: &str,
    text: &str,
    steps: &[&[&str]],
    extra: &[(&str, &str)],
) -> Site {
    let (site, lf) = life(fixture, path, text, false, steps, extra);
    for (n, (args, file)) in steps.iter().zip(&lf).enumerate() {
        insta::assert_snapshot!(format!("lifecycle_{case}_{}_{}", n + 1, args[0]), file);
    }
    let (_, crlf) = life(fixture, path, text, true, steps, extra);
    assert_eq!(crlf, lf, "{case}: CRLF and LF differ beyond their line endings");
    site
}

/// `charta supersede POL-020 --by POL-030 --author bob` on `today`, with `extra` arguments.
fn supersede(site: &Site, today: &str, extra: &[&str]) -> crate::support::Run {
    let root = site.root().to_str().unwrap();
    let mut args = vec!["supersede", "--root", root, "--today", today];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["POL-020", "--by", "POL-030", "--author", "bob"]);
    charta(&args)
}

const CHARTA: &str = "---\nid: POL-020\ntitle: Access policy\nowner: alice\nauthors: [alice]\napprovers: [bob]\n\
approval_date: 2025-01-10\nversion: \"1.1\"\nstatus: approved\nreview_period: 12 months\nrevisions:\n  \
- version: \"1.0\"\n    date: 2024-06-01\n    author: alice\n    summary: First issue.\n  \
- version: \"1.1\"\n    date: 2025-01-05\n    author: alice\n    summary: Stronger passwords.\n---\n\n# Access policy\n\nText.\n";

const SUCCESSOR: &str = "---\nid: POL-030\ntitle: Identity policy\nowner: alice\nauthors: [alice]\napprovers: [bob]\n\
approval_date: 2026-02-20\nversion: \"1.0\"\nstatus: approved\nrevisions:\n  - version: \"1.0\"\n    date: 2026-02-15\n    \
author: alice\n    summary: First issue.\n---\n\n# Identity policy\n";

const STEPS: &[&[&str]] = &[
    &["revise", "POL-020", "--summary", "Keys: hardware only.", "--by", "alice", "--date", "2026-02-01"],
    &["approve", "POL-020", "--by", "bob", "--date", "2026-02-10"],
    &["review", "POL-020", "--by", "bob", "--date", "2026-02-25"],
    &["supersede", "POL-020", "--by", "POL-030", "--author", "bob"],
];

#[test]
fn charta_oldest_first_revise_approve_review_supersede() {
    let site = snapshots(
        "charta_oldest_first",
        "rules/_base",
        "policies/access.md",
        CHARTA,
        STEPS,
        &[("policies/identity.md", SUCCESSOR)],
    );
    assert_eq!(findings(&site, "policies/", &[]), Vec::<String>::new());
}

/// Regression: a successor never approved (in review, no approval yet) was accepted, leaving
/// nothing in force in the superseded document's place.
#[test]
fn a_successor_never_approved_is_refused() {
    let site = Site::fixture("rules/_base");
    site.write("policies/access.md", CHARTA);
    let unapproved =
        SUCCESSOR.replace("approval_date: 2026-02-20\n", "").replace("status: approved", "status: review");
    site.write("policies/identity.md", &unapproved);
    let run = supersede(&site, "2026-03-01", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is not in force (retired, or never approved)"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.root().join("policies/access.md")).unwrap(), CHARTA);
}

/// Bug (a team's try): a successor approved to take effect only later was accepted, and the
/// register as of the weeks between had nothing in force in the superseded document's place.
#[test]
fn a_successor_taking_effect_later_is_refused_until_it_does() {
    let site = Site::fixture("rules/_base");
    site.write("policies/access.md", CHARTA);
    let later = SUCCESSOR.replace("status: approved\n", "status: approved\neffective_date: 2026-04-01\n");
    site.write("policies/identity.md", &later);
    let run = supersede(&site, "2026-03-01", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("takes effect on 2026-04-01: superseding")
            && run.stderr.contains("nothing in force"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(site.root().join("policies/access.md")).unwrap(), CHARTA);
    let run = supersede(&site, "2026-04-01", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The same for one approved only after the day, with no effective date (the cold review).
    site.write("policies/access.md", CHARTA);
    site.write("policies/identity.md", SUCCESSOR);
    let run = supersede(&site, "2026-03-01", &["--date", "2026-02-10"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("takes effect on 2026-02-20"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.root().join("policies/access.md")).unwrap(), CHARTA);
}

#[test]
fn charta_newest_first_with_flow_lists_and_single_quotes() {
    let newest = "---\nid: POL-020\ntitle: Access policy\nowner: alice\nauthors: [alice]\napprovers:\n  - bob\n\
approval_date: '2025-01-10'\nversion: '2.3'\nstatus: Approved\nlast_reviewed: '2025-01-10'\nrevisions:\n\
- version: '2.3'\n  date: '2025-01-05'\n  author: [alice]\n  changes: 'Stronger passwords.'\n\
- version: '2.2'\n  date: '2024-06-01'\n  author: [alice]\n  changes: First issue.\n---\n\n# Access policy\n";
    let steps: &[&[&str]] = &[
        &[
            "revise",
            "access",
            "--summary",
            "A new scope: contractors",
            "--major",
            "--by",
            "alice",
            "--date",
            "2026-02-01",
        ],
        &["approve", "policies/access.md", "--by", "bob", "--by", "frank", "--date", "2026-02-10"],
        &["review", "POL-020", "--by", "frank", "--date", "2026-02-25"],
        &["retire", "POL-020", "--reason", "Access is now part of the identity policy.", "--by", "bob"],
    ];
    let site = snapshots("charta_newest_first", "rules/_base", "policies/access.md", newest, steps, &[]);
    assert_eq!(findings(&site, "policies/access.md", &[]), Vec::<String>::new());
}

#[test]
fn t1pal_revise_approve_review() {
    let path = "sops/design/design-control.md";
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/t1pal").join(path),
    )
    .unwrap();
    let steps: &[&[&str]] = &[
        &["revise", "SOP-DC-001", "--summary", "DHF export", "--by", "jdoe", "--date", "2026-02-01"],
        &["approve", "SOP-DC-001", "--by", "asmith", "--date", "2026-02-10"],
        &["review", "SOP-DC-001", "--by", "asmith", "--date", "2026-02-25"],
    ];
    let site = snapshots("t1pal", "t1pal", path, &text, steps, &[]);
    // The fixture's own note on its title (a T1Pal slug) is not the commands' business.
    assert_eq!(findings(&site, path, &["document/"]), Vec::<String>::new());
}

/// Bug (a user's trial): a T1Pal document keeps no revision list, so `approve --date` took a day
/// before the approval in force: the register showed the new version approved before the one
/// it follows, and `check` failed once it was committed.
#[test]
fn t1pal_approval_dated_before_the_one_in_force_is_refused() {
    let path = "sops/design/design-control.md";
    let site = Site::fixture("t1pal");
    let root = site.root().to_str().unwrap();
    let run =
        |args: &[&str]| charta(&[&[args[0], "--root", root, "--today", "2026-03-01"], &args[1..]].concat());
    let revised =
        run(&["revise", "SOP-DC-001", "--summary", "DHF export", "--by", "jdoe", "--date", "2026-02-01"]);
    assert_eq!(revised.code, 0, "{}", revised.stderr);
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let approved = text.lines().find(|l| l.starts_with("approval_date:")).unwrap().to_owned();
    let run = run(&["approve", "SOP-DC-001", "--by", "asmith", "--date", "2020-01-01"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("an approval on 2020-01-01 would come before its approval on"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(site.root().join(path)).unwrap(), text, "{approved}");
}

/// Bugs (a user's trial): `revise` on a T1Pal document (no revision list) dropped `--summary`
/// and `--by` without a word; and `--version ""` was refused as "already used".
#[test]
fn t1pal_revise_says_where_the_summary_goes_and_an_empty_version_is_named_empty() {
    let site = Site::fixture("t1pal");
    let root = site.root().to_str().unwrap();
    let run =
        |args: &[&str]| charta(&[&[args[0], "--root", root, "--today", "2026-03-01"], &args[1..]].concat());
    let empty = run(&["revise", "SOP-DC-001", "--summary", "DHF export", "--by", "jdoe", "--version", " "]);
    assert_eq!(empty.code, 2, "{}", empty.stderr);
    assert!(empty.stderr.contains("--version is empty"), "{}", empty.stderr);
    let revised = run(&["revise", "SOP-DC-001", "--summary", "DHF export", "--by", "jdoe"]);
    assert_eq!(revised.code, 0, "{}", revised.stderr);
    assert!(revised.stdout.contains("say them in the commit message"), "{}", revised.stdout);
}

/// Bug (a QA manager's trial): `review --by` on a T1Pal document wrote its `last_reviewed` day
/// alone and told of a review "by" the reviewer, whom nothing recorded; `revise` and `retire`
/// say where what the document cannot hold goes, and so does `review` now.
#[test]
fn t1pal_review_says_the_reviewer_goes_in_the_commit_message() {
    let site = Site::fixture("t1pal");
    let root = site.root().to_str().unwrap();
    let args = ["review", "--root", root, "--today", "2026-03-01", "SOP-DC-001", "--by", "asmith"];
    let reviewed = charta(&args);
    assert_eq!(reviewed.code, 0, "{}", reviewed.stderr);
    assert!(
        reviewed.stdout.contains("not who reviewed it: say so in the commit message"),
        "{}",
        reviewed.stdout
    );
}

/// Bug (a user's trial): a T1Pal document could not be retired or superseded: charta asked for
/// a `revisions:` list, which the T1Pal QMS never keeps. It is retired by its status; the
/// reason goes in the commit message, as the command says.
#[test]
fn t1pal_retire_sets_the_status_and_says_where_the_reason_goes() {
    let path = "sops/design/design-control.md";
    let site = Site::fixture("t1pal");
    let root = site.root().to_str().unwrap();
    let run = charta(&[
        "retire",
        "--root",
        root,
        "--today",
        "2026-03-01",
        "SOP-DC-001",
        "--reason",
        "Merged.",
        "--by",
        "asmith",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("say them in the commit message"), "{}", run.stdout);
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    assert!(text.contains("\nstatus: \"retired\"\n"), "{text}");
    assert_eq!(findings(&site, path, &["document/"]), Vec::<String>::new());
}

#[test]
fn comply_review_and_retire_and_refuse_what_it_cannot_hold() {
    let path = "policies/access.md";
    let text = "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\nmajorRevisions:\n  \
- date: Jun 1 2018\n    comment: Initial document\n---\n# Purpose\n\nText.\n";
    let steps: &[&[&str]] = &[
        &["review", "AP", "--by", "bob", "--date", "2026-02-25"],
        &["retire", "AP", "--reason", "Replaced by the identity policy.", "--by", "bob"],
    ];
    let site = snapshots("comply", "rules/_base", path, text, steps, &[]);
    assert_eq!(findings(&site, path, &[]), Vec::<String>::new());
    // comply keeps no version and no approval: nothing to revise or approve.
    site.write(path, text);
    let root = site.root().to_str().unwrap();
    for args in
        [["revise", "AP", "--summary", "x", "--by", "alice"], ["approve", "AP", "--by", "bob", "--by", "bob"]]
    {
        let run = charta(&[&[args[0], "--root", root, "--today", "2026-03-01"], &args[1..]].concat());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(std::fs::read_to_string(site.root().join(path)).unwrap(), text);
    }
}

#[test]
fn the_site_links_a_superseded_document_to_its_successor_and_folds_retired_ones_away() {
    let (site, _) = life(
        "rules/_base",
        "policies/access.md",
        CHARTA,
        false,
        STEPS,
        &[("policies/identity.md", SUCCESSOR)],
    );
    assert_eq!(site.build(&[]).code, 0);
    let old = site.page("policies/access/index.html");
    assert!(
        old.contains(
            "This document was retired on 2026-03-01: Superseded by POL-030. It is no longer in force"
        ),
        "{old}"
    );
    assert!(
        old.contains(
            r#"It is replaced by <a href="../../policies/identity/index.html">POL-030 Identity policy</a>"#
        ),
        "{old}"
    );
    assert!(old.contains(r#"<span class="tag">Retirement</span>"#), "{old}");
    let new = site.page("policies/identity/index.html");
    assert!(new.contains(r#"<th scope="row">Supersedes</th><td colspan="3"><a href="../../policies/access/index.html">POL-020 Access policy</a>"#), "{new}");
    // The register lists it apart, folded, still there to be found.
    let register = site.page("index.html");
    let (open, folded) =
        register.split_once(r#"<details class="retired-docs">"#).expect("a fold of retired documents");
    assert!(!open.contains("POL-020") && folded.contains("POL-020"), "{register}");
    assert!(open.contains("(2, and 1 retired)"), "{register}");
    // register.json names the successor, as its schema says.
    let json: serde_json::Value = serde_json::from_str(&site.page("register.json")).unwrap();
    let entry = json["documents"].as_array().unwrap().iter().find(|d| d["id"] == "POL-020").unwrap();
    assert_eq!(entry["superseded_by"], "POL-030");
    assert_eq!(entry["status"], "retired");
    // Regression: a retired document still showed its next periodic review, here and on its page.
    assert!(entry["next_review"].is_null(), "{entry:#}");
    assert!(!old.contains("next review 20"), "{old}");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/register.schema.json")).unwrap();
    let errors: Vec<String> =
        jsonschema::validator_for(&schema).unwrap().iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// Bug (a cold try as a team works): a draft at 0.1 could not be issued as 1.0 from the command
/// line: `revise` refused a version not yet approved, and `approve` keeps the version. A draft
/// never approved is renumbered by `revise` (here `--major`: 1.0) and put in review, then
/// approved; a version in review, or a draft over an approved version, is still refused.
#[test]
fn a_draft_never_approved_is_issued_as_1_0() {
    let draft = "---\nid: POL-020\ntitle: Access policy\nowner: alice\nauthors: [alice]\nversion: \"0.1\"\n\
status: draft\nreview_period: 12 months\nrevisions:\n  - version: \"0.1\"\n    date: 2026-02-01\n    \
author: alice\n    summary: First draft.\n---\n\n# Access policy\n";
    let (site, files) = life(
        "rules/_base",
        "policies/access.md",
        draft,
        false,
        &[
            &["revise", "POL-020", "--major", "--summary", "First issue.", "--by", "alice"],
            &["approve", "POL-020", "--by", "bob"],
        ],
        &[],
    );
    assert!(files[0].contains("version: \"1.0\"\nstatus: review\n"), "{}", files[0]);
    assert!(
        files[0].contains(
            "  - version: \"1.0\"\n    date: 2026-03-01\n    author: alice\n    summary: First issue.\n"
        ),
        "{}",
        files[0]
    );
    assert!(
        files[1].contains("approval_date: 2026-03-01") && files[1].contains("status: approved"),
        "{}",
        files[1]
    );
    assert_eq!(findings(&site, "policies/access.md", &[]), Vec::<String>::new());
    // In review: refused, as before.
    let root = site.root().to_str().unwrap();
    site.write("policies/access.md", &files[0]);
    let run = charta(&[
        "revise",
        "--root",
        root,
        "--today",
        "2026-03-01",
        "POL-020",
        "--summary",
        "x",
        "--by",
        "alice",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is already a change not yet approved (In review)"), "{}", run.stderr);
}
