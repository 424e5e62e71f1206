//! Issue 30, the document lifecycle from the command line: `charta review` records a periodic
//! review in the file's own style (its entry order, quoting, line endings and byte-order
//! mark), changing only the lines it must, and `charta check` passes afterwards; what it
//! cannot edit safely it refuses, writing nothing.

use crate::rules::{check_json, found};
use crate::support::{Site, charta};

const PATH: &str = "policies/access.md";

fn review(site: &Site, extra: &[&str]) -> crate::support::Run {
    let root = site.root().to_str().unwrap();
    let mut args = vec!["review", "--root", root, "--today", "2026-03-01", "--by", "bob"];
    args.extend_from_slice(extra);
    charta(&args)
}

fn read(site: &Site) -> String {
    std::fs::read_to_string(site.root().join(PATH)).unwrap()
}

/// The findings `check` reports about the document.
fn findings(site: &Site) -> Vec<String> {
    let (_, json) = check_json(site);
    found(&json).into_iter().filter(|f| f.contains(PATH)).collect()
}

const OLDEST_FIRST: &str = "---\nid: POL-020\ntitle: Access policy\nowner: alice\nauthors: [alice]\napprovers: [bob]\n\
approval_date: 2025-01-10\nversion: \"1.1\"\nstatus: approved\nreview_period: 12 months\nrevisions:\n  \
- version: \"1.0\"\n    date: 2024-06-01\n    author: alice\n    summary: First issue.\n  \
- version: \"1.1\"\n    date: 2025-01-05\n    author: alice\n    summary: Stronger passwords.\n---\n\n# Access policy\n\nText.\n";

#[test]
fn a_review_is_added_after_the_last_entry_of_an_oldest_first_list_in_its_shape() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, OLDEST_FIRST);
    assert_eq!(findings(&site), ["review/overdue policies/access.md:10"]);
    let run = review(&site, &["POL-020"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "charta: recorded a review of POL-020 (policies/access.md) at version 1.1 by bob on 2026-03-01; next review due 2027-03-01\n"
    );
    let want = OLDEST_FIRST.replace(
        "    summary: Stronger passwords.\n---",
        "    summary: Stronger passwords.\n  - version: \"1.1\"\n    date: 2026-03-01\n    author: bob\n    \
         summary: \"Periodic review: no change needed.\"\n    type: review\n---",
    );
    assert_eq!(read(&site), want);
    assert_eq!(findings(&site), Vec::<String>::new());
}

#[test]
fn a_review_is_added_before_the_first_entry_of_a_newest_first_list_with_crlf_and_a_bom() {
    let site = Site::fixture("rules/_base");
    let newest_first =
        "---\nid: POL-020\ntitle: Access policy\nowner: alice\nauthors: [alice]\napprovers: [bob]\n\
approval_date: 2025-01-10\nversion: '1.1'\nstatus: approved\nlast_reviewed: 2025-01-10\nrevisions:\n\
- {version_line}\n  date: 2025-01-05\n  author: [alice]\n  changes: 'Stronger passwords.'\n\
- version: '1.0'\n  date: 2024-06-01\n  author: [alice]\n  changes: First issue.\n---\n\n# Access policy\n"
            .replace("{version_line}", "version: '1.1'");
    let crlf = format!("\u{feff}{}", newest_first.replace('\n', "\r\n"));
    site.write(PATH, &crlf);
    let run = review(&site, &["access", "--summary", "Still right: no change", "--date", "2026-02-20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = newest_first
        .replace("last_reviewed: 2025-01-10", "last_reviewed: 2026-02-20")
        .replace(
            "revisions:\n- version: '1.1'",
            "revisions:\n- version: '1.1'\n  date: 2026-02-20\n  author: [bob]\n  changes: 'Still right: no change'\n  type: review\n- version: '1.1'",
        );
    assert_eq!(read(&site), format!("\u{feff}{}", want.replace('\n', "\r\n")));
    assert_eq!(findings(&site), Vec::<String>::new());
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, OLDEST_FIRST);
    let run = review(&site, &[PATH, "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("+    type: review\n"), "{}", run.stdout);
    assert!(run.stdout.contains("charta: would record a review of POL-020"), "{}", run.stdout);
    assert_eq!(read(&site), OLDEST_FIRST);
}

#[test]
fn what_cannot_be_edited_safely_is_refused_and_nothing_is_written() {
    let site = Site::fixture("rules/_base");
    let commented = OLDEST_FIRST.replace("revisions:\n", "revisions:\n  # kept by the QA team\n");
    site.write(PATH, &commented);
    let run = review(&site, &["POL-020"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is a comment inside the revision list; add the entry by hand; nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&site), commented);
    // A draft is not in force: there is nothing to review yet.
    site.write(PATH, &OLDEST_FIRST.replace("status: approved", "status: draft"));
    let run = review(&site, &["POL-020"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a version not yet approved (Draft)"), "{}", run.stderr);
    // Bug (a cold try as a team works): nor is a version whose change entry is later than its
    // approval (`approval/predates-revision`): the review was recorded at 1.2, a text no one
    // approved, and its page listed 1.2 as reviewed.
    let unapproved = OLDEST_FIRST.replace(
        "    summary: Stronger passwords.\n---",
        "    summary: Stronger passwords.\n  - version: \"1.2\"\n    date: 2025-08-15\n    author: alice\n    summary: Keys.\n---",
    ).replace("version: \"1.1\"\nstatus", "version: \"1.2\"\nstatus");
    site.write(PATH, &unapproved);
    let run = review(&site, &["POL-020"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "its latest change, version 1.2 of 2025-08-15, is not approved (the approval is of 2025-01-10)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(read(&site), unapproved);
    // A reviewer the roster does not know.
    site.write(PATH, OLDEST_FIRST);
    let root = site.root().to_str().unwrap();
    let run = charta(&["review", "--root", root, "--today", "2026-03-01", "--by", "mallory", "POL-020"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`mallory` is not in the roster; pass --by"), "{}", run.stderr);
    assert_eq!(read(&site), OLDEST_FIRST);
}

/// Bug (a team's try): a review recorded by someone who had left (the roster's `active_until`)
/// was written and moved the next review a year on; `revise` and `retire` took them too.
#[test]
fn a_person_not_active_that_day_is_refused_by_review_revise_and_retire() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, OLDEST_FIRST);
    let root = site.root().to_str().unwrap();
    for args in [
        &["review", "POL-020", "--by", "dave"][..],
        &["revise", "POL-020", "--by", "dave", "--summary", "Shorter"][..],
        &["retire", "POL-020", "--by", "dave", "--reason", "Gone"][..],
    ] {
        let mut all = vec!["--root", root, "--today", "2026-03-01"];
        all.splice(0..0, [args[0]]);
        all.extend_from_slice(&args[1..]);
        let run = charta(&all);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("Dave Former (--by) was active only until 2025-12-31 (roster.yaml)"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(read(&site), OLDEST_FIRST);
    }
    // The same on a day they were active.
    let run = charta(&[
        "review",
        "--root",
        root,
        "--today",
        "2026-03-01",
        "--date",
        "2025-12-01",
        "--by",
        "dave",
        "POL-020",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Regression: a review or change dated after today, a second review of the same version on
/// the same day, and a retirement before the document took effect were written; `check` then
/// reported the first, and said nothing of the others.
#[test]
fn dates_the_record_cannot_hold_are_refused() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, OLDEST_FIRST);
    let root = site.root().to_str().unwrap();
    let run_with = |args: &[&str]| {
        charta(&[&args[..1], &["--root", root, "--today", "2026-03-01"], &args[1..]].concat())
    };
    for (args, said) in [
        (
            &["review", "POL-020", "--by", "bob", "--date", "2026-03-02"][..],
            "would be after today (2026-03-01)",
        ),
        (
            &["revise", "POL-020", "--by", "alice", "--summary", "x", "--date", "2027-01-01"],
            "would be after today",
        ),
        (
            &["retire", "POL-020", "--by", "bob", "--reason", "x", "--date", "2025-01-08"],
            "retiring it on 2025-01-08 would come before its approval on 2025-01-10",
        ),
        (&["retire", "POL-020", "--by", "bob", "--reason", " "], "say why it is retired with --reason"),
    ] {
        let run = run_with(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{args:?}: {}", run.stderr);
        assert_eq!(read(&site), OLDEST_FIRST);
    }
    assert_eq!(run_with(&["review", "POL-020", "--by", "bob"]).code, 0);
    let reviewed = read(&site);
    let run = run_with(&["review", "POL-020", "--by", "bob"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("a review of this version on 2026-03-01 is already recorded"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&site), reviewed);
}

/// Regression: `pol-020` found nothing (ids compare in any case everywhere else), nor did a
/// path given from the current folder; a summary over two lines broke the YAML; one that
/// looks like a number was written plain, which other YAML readers take for one.
#[test]
fn a_document_is_found_by_its_id_in_any_case_or_its_path_and_any_summary_reads_back() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, OLDEST_FIRST);
    let root = site.root().to_str().unwrap();
    let run = crate::support::charta_in(
        &site.root().join("policies"),
        &[
            "review",
            "--root",
            root,
            "--today",
            "2026-03-01",
            "--by",
            "bob",
            "./access.md",
            "--summary",
            "0x1F",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&site).contains("    summary: \"0x1F\"\n    type: review\n"), "{}", read(&site));
    site.write(PATH, OLDEST_FIRST);
    let run = review(&site, &["pol-020", "--summary", "Checked twice:\nstill right"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&site).contains("    summary: \"Checked twice:\\nstill right\"\n"), "{}", read(&site));
    assert_eq!(findings(&site), Vec::<String>::new());
}

/// Regression: `-q` (only findings and errors are told) was ignored by the edits: `review`,
/// `revise`, `approve` and `retire` still said what they had done. A dry run still prints its
/// diff, which is what it is asked for.
#[test]
fn quiet_edits_say_nothing_and_a_quiet_dry_run_still_shows_its_diff() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, OLDEST_FIRST);
    let root = site.root().to_str().unwrap();
    let run =
        charta(&["-q", "review", "--root", root, "--today", "2026-03-01", "--by", "bob", PATH, "--dry-run"]);
    assert!(run.stdout.contains("+    type: review\n"), "{}", run.stdout);
    let run = charta(&["-q", "review", "--root", root, "--today", "2026-03-01", "--by", "bob", PATH]);
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "", ""));
    assert_ne!(read(&site), OLDEST_FIRST, "the review was not recorded");
}

/// Bug (a QA manager's try): `charta review` recorded "Periodic review: no change needed." over
/// a text changed after its approval, which `check` reported as `history/changed-after-approval`:
/// a record that someone reviewed, as in force, a text no one approved. Refused now.
#[test]
fn a_review_is_refused_over_a_text_changed_after_its_approval() {
    let r = crate::history::repository();
    let before = std::fs::read_to_string(r.site.root().join("policies/access.md")).unwrap();
    let run = review(&r.site, &["POL-009"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("changed after its approval") && run.stderr.contains("charta approve"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(r.site.root().join("policies/access.md")).unwrap(), before);
}

/// Found by the cold review of the refusal above: it refused too where charta.toml waives the
/// finding (the check passed: "1 waived"). What the repository decided of it stands.
#[test]
fn a_review_over_a_waived_change_after_approval_is_recorded() {
    let r = crate::history::repository();
    let toml = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write(
        "charta.toml",
        &format!(
            "{toml}\n[[waivers]]\nrule = \"history/changed-after-approval\"\ndocument = \"POL-009\"\nreason = \"A typo, approved by e-mail\"\nexpires = 2027-01-01\n"
        ),
    );
    let run = review(&r.site, &["POL-009"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("recorded a review of POL-009"), "{}", run.stdout);
}
