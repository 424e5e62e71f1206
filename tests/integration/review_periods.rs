//! The review period an approval approved, whoever lengthens it later: the document, or
//! charta.toml's `[review] period` for the documents that state none.

use crate::history::{V1, policy};
use crate::support::Repo;

const PATH: &str = "policies/access.md";

/// The `history/review-period-lengthened` findings of a check of `r`: (path, line, message).
fn lengthened(r: &Repo) -> Vec<(String, u64, String)> {
    let run = crate::support::charta(&[
        "check",
        "--root",
        r.site.root().to_str().unwrap(),
        "--today",
        "2026-06-01",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "history/review-period-lengthened")
        .map(|f| {
            let at = f["path"].as_str().unwrap().to_owned();
            (at, f["line"].as_u64().unwrap(), f["message"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// POL-009 1.0, approved on 2025-01-10, stating no review period of its own.
fn unperiodic() -> String {
    policy("1.0", "2025-01-10", V1, "One.").replace("review_period: 24 months\n", "")
}

/// Bug (the 28th session's gap, s41.sh): charta.toml's `[review] period` raised from 12 to
/// 36 months after the approvals of documents stating none postponed every such review by two
/// years, and nothing was said: the rule compared each document's texts with today's period.
/// Said once, at charta.toml's line, naming how many and the first review's approved due day.
#[test]
fn charta_toml_s_period_lengthened_after_the_approvals_it_governs_is_said_once() {
    let r = Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let second = unperiodic().replace("POL-009", "POL-010").replace("Access", "Backup");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &unperiodic()), ("policies/backup.md", &second)]);
    assert_eq!(lengthened(&r), []);
    let longer = config.replace("period = \"12 months\"", "period = \"36 months\"");
    assert_ne!(longer, config);
    r.commit("2025-03-01", "Mallory", "review less often", &[("charta.toml", &longer)]);
    let found = lengthened(&r);
    assert_eq!(found.len(), 1, "{found:?}");
    let (path, line, message) = &found[0];
    assert_eq!((path.as_str(), *line), ("charta.toml", 9));
    assert!(message.starts_with("charta.toml's `[review] period` is `36 months`, longer than the `12 months` under which 2 documents"), "{message}");
    assert!(message.contains("by commit ") && message.contains("by Mallory"), "{message}");
    assert!(message.ends_with("the first (POL-009) on 2026-01-10, a day that has passed"), "{message}");
    // Not committed yet: said of the working tree.
    let longest = config.replace("period = \"12 months\"", "period = \"48 months\"");
    r.site.write("charta.toml", &longest);
    assert!(lengthened(&r)[0].2.contains("changed in the working tree, not committed yet"));
    r.site.write("charta.toml", &longer);
    // Each document approved anew under the longer period: nothing to say.
    let again = |text: String| text.replace("approval_date: 2025-01-10", "approval_date: 2025-04-01");
    r.commit(
        "2025-04-01",
        "Alice",
        "approved again",
        &[(PATH, &again(unperiodic())), ("policies/backup.md", &again(second.clone()))],
    );
    assert_eq!(lengthened(&r), []);
}

/// Taking charta up: documents approved before the repository had a charta.toml were approved
/// under no period of charta's; the charta.toml that came later chose one, and postponed nothing.
#[test]
fn a_first_charta_toml_postpones_no_review() {
    let r = Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    std::fs::remove_file(r.site.root().join("charta.toml")).unwrap();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &unperiodic())]);
    let longer = config.replace("period = \"12 months\"", "period = \"36 months\"");
    r.commit("2025-03-01", "Alice", "take charta up", &[("charta.toml", &longer)]);
    assert_eq!(lengthened(&r), []);
}

/// Bug (the session's own doubt): charta.toml's period lengthened in the working tree, in a
/// repository whose committed charta.toml never changed it, was not judged: the texts committed
/// once were not read. It is said of the working tree, as after a change committed.
#[test]
fn charta_toml_s_period_lengthened_in_the_working_tree_only_is_said() {
    let r = Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &unperiodic())]);
    r.site.write("charta.toml", &config.replace("period = \"12 months\"", "period = \"36 months\""));
    let found = lengthened(&r);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("changed in the working tree, not committed yet"), "{found:?}");
}

/// Each place that says when `r`'s documents are due as of 2026-06-01: check's `review/overdue`
/// paths, `charta reviews`' overdue ids, and POL-009's page's next review.
fn schedule(r: &Repo) -> (Vec<String>, Vec<String>, String) {
    let root = r.site.root().to_str().unwrap();
    let run = crate::support::charta(&["check", "--root", root, "--today", "2026-06-01", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let overdue = report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "review/overdue");
    let checked = overdue.map(|f| f["path"].as_str().unwrap().to_owned()).collect();
    let run =
        crate::support::charta(&["reviews", "--root", root, "--today", "2026-06-01", "--format", "json"]);
    let due: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let listed = due["reviews"].as_array().unwrap().iter().filter(|d| d["state"] == "overdue");
    let listed = listed.map(|d| d["id"].as_str().unwrap().to_owned()).collect();
    let built = r.site.build(&["--no-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = r.site.page("policies/access/index.html");
    (checked, listed, crate::support::header_value(&page, "Next review"))
}

/// Bug (a cold read as an auditor): a review period lengthened with no approval was said by
/// `history/review-period-lengthened` ("the review falls due as the approved period says, on
/// ..., a day that has passed"), while no `review/overdue` was said, `charta reviews` listed
/// nothing and the page's next review was the longer period's. Every schedule keeps to the
/// approved period, whoever lengthened it: the document or charta.toml.
#[test]
fn a_review_period_lengthened_without_approval_postpones_no_schedule() {
    let approved = policy("1.0", "2025-01-10", V1, "One.").replace("24 months", "12 months");
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    r.commit(
        "2025-02-01",
        "Mallory",
        "review less often",
        &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))],
    );
    assert_eq!(lengthened(&r).len(), 1);
    let (checked, listed, next) = schedule(&r);
    assert_eq!(checked, [PATH], "check");
    assert_eq!(listed, ["POL-009"], "charta reviews");
    assert_eq!(next, "2026-01-10", "the page");

    // charta.toml's period, for a document that states none.
    let r = Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &unperiodic())]);
    let longer = config.replace("period = \"12 months\"", "period = \"36 months\"");
    r.commit("2025-03-01", "Mallory", "review less often", &[("charta.toml", &longer)]);
    let (checked, listed, next) = schedule(&r);
    assert_eq!(
        (checked, listed, next.as_str()),
        (vec![PATH.to_owned()], vec!["POL-009".to_owned()], "2026-01-10")
    );
}

/// Bug (a cold read as an auditor): a team that clears the approval fields when it starts the
/// next version in review (1.1 in force, approved 2025-01-10, review due a year later) had no
/// review due at all: no `review/overdue` on 2026-06-01, "Next review —" on the page. The
/// version in force is due as it was, whatever is being drafted.
#[test]
fn a_version_in_review_with_its_approval_fields_cleared_keeps_the_review_in_force() {
    let r = Repo::new();
    let approved = policy("1.0", "2025-01-10", V1, "One.").replace("24 months", "12 months");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    let cleared = approved
        .replace("version: \"1.0\"", "version: \"1.1\"")
        .replace("status: approved", "status: review")
        .replace("approvers: [bob]\napproval_date: 2025-01-10\n", "");
    assert_ne!(cleared, approved);
    r.commit("2025-04-01", "Alice", "1.1 for review", &[(PATH, &cleared)]);
    let (checked, listed, next) = schedule(&r);
    assert_eq!(
        (checked, listed, next.as_str()),
        (vec![PATH.to_owned()], vec!["POL-009".to_owned()], "2026-01-10")
    );
    // Its draft, too; and a document never approved has no review due.
    r.commit("2025-04-02", "Alice", "draft", &[(PATH, &cleared.replace("status: review", "status: draft"))]);
    assert_eq!(schedule(&r).2, "2026-01-10");
    let r = Repo::new();
    r.commit("2025-04-01", "Alice", "new", &[(PATH, &cleared)]);
    let (checked, listed, next) = schedule(&r);
    assert_eq!((checked.len(), listed.len(), next.as_str()), (0, 0, "—"));
}

/// Bugs (a cold review of the two fixes above): a version in review proposing a longer period
/// (its approval fields kept, as `charta revise` leaves them) postponed the review of the
/// version in force by the period it proposed; and one whose approval fields were cleared,
/// after a longer period was committed with no approval, was due by that unapproved period.
/// The version in force is due by the period its approval approved.
#[test]
fn a_version_in_review_is_due_by_the_period_the_version_in_force_was_approved_with() {
    let approved = policy("1.0", "2025-01-10", V1, "One.").replace("24 months", "12 months");
    let in_review = |text: &str| {
        text.replace("version: \"1.0\"", "version: \"1.1\"").replace("status: approved", "status: review")
    };
    // Proposed with the approval fields kept.
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    let proposed = in_review(&approved).replace("12 months", "24 months");
    r.commit("2025-04-01", "Alice", "1.1 for review", &[(PATH, &proposed)]);
    assert_eq!(schedule(&r).2, "2026-01-10");
    // Lengthened without approval, then the approval fields cleared for 1.1.
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    let longer = approved.replace("12 months", "24 months");
    r.commit("2025-02-01", "Mallory", "review less often", &[(PATH, &longer)]);
    let cleared = in_review(&longer).replace("approvers: [bob]\napproval_date: 2025-01-10\n", "");
    r.commit("2025-04-01", "Alice", "1.1 for review", &[(PATH, &cleared)]);
    let (checked, listed, next) = schedule(&r);
    assert_eq!(
        (checked, listed, next.as_str()),
        (vec![PATH.to_owned()], vec!["POL-009".to_owned()], "2026-01-10")
    );
}

/// Bug (a cold review): with charta.toml's `[review] period = "none"`, a document whose own
/// period was removed with no approval was said both to have nothing saying when it is
/// reviewed again (`review/no-period`) and to be overdue by its approved period.
#[test]
fn a_period_removed_without_approval_is_not_also_said_to_be_missing() {
    let r = Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let none = config.replace("period = \"12 months\"", "period = \"none\"");
    assert_ne!(none, config);
    let approved = policy("1.0", "2025-01-10", V1, "One.").replace("24 months", "12 months");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved), ("charta.toml", &none)]);
    let removed = approved.replace("review_period: 12 months\n", "");
    r.commit("2025-02-01", "Mallory", "no more reviews", &[(PATH, &removed)]);
    let root = r.site.root().to_str().unwrap();
    let run = crate::support::charta(&["check", "--root", root, "--today", "2026-06-01", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<&str> =
        report["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"review/overdue"), "{report:#}");
    assert!(!rules.contains(&"review/no-period"), "{report:#}");
}

/// Bug (a cold review): `-c charta.toml` naming the root's own file was read as another
/// configuration, whose history says nothing: charta.toml's period lengthened after the
/// approvals was no longer said, and the reviews fell due by the longer period.
#[test]
fn naming_the_root_s_own_charta_toml_with_c_changes_no_verdict() {
    let r = Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &unperiodic())]);
    let longer = config.replace("period = \"12 months\"", "period = \"36 months\"");
    r.commit("2025-03-01", "Mallory", "review less often", &[("charta.toml", &longer)]);
    let root = r.site.root().to_str().unwrap();
    let own = r.site.root().join("charta.toml");
    let rules = |extra: &[&str]| {
        let mut args = vec!["check", "--root", root, "--today", "2026-06-01", "--format", "json"];
        args.extend_from_slice(extra);
        let report: serde_json::Value = serde_json::from_str(&crate::support::charta(&args).stdout).unwrap();
        let found =
            report["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_owned());
        found.collect::<Vec<_>>()
    };
    let plain = rules(&[]);
    assert!(plain.contains(&"review/overdue".to_owned()), "{plain:?}");
    assert_eq!(rules(&["-c", own.to_str().unwrap()]), plain);
}

/// Bugs (a cold review of the version in review's schedule): with 1.0 in force (approved
/// 2025-01-10, 12 months), a version in review was due by what it proposed, not by 1.0's
/// approval: approval fields filled in ahead of the meeting hid 1.0's overdue review (due
/// 2026-01-10); a shorter period proposed made 1.0 overdue early; and 1.0's own `next_review`
/// was forgotten. A document retired, then drafted again keeping its approval, was overdue
/// though nothing was in force.
#[test]
fn a_version_in_review_is_due_as_the_version_in_force_whatever_it_proposes() {
    let approved = policy("1.0", "2025-01-10", V1, "One.").replace("24 months", "12 months");
    let in_review = |text: &str| {
        text.replace("version: \"1.0\"", "version: \"1.1\"").replace("status: approved", "status: review")
    };
    let due_with = |first: &str, second: &str| {
        let r = Repo::new();
        r.commit("2025-01-10", "Alice", "1.0", &[(PATH, first)]);
        r.commit("2025-04-01", "Alice", "1.1", &[(PATH, second)]);
        schedule(&r)
    };
    let overdue = (vec![PATH.to_owned()], vec!["POL-009".to_owned()], "2026-01-10".to_owned());
    // Approval fields filled in ahead of the meeting.
    let ahead = in_review(&approved).replace("approval_date: 2025-01-10", "approval_date: 2025-12-15");
    assert_eq!(due_with(&approved, &ahead), overdue, "approved ahead");
    // A shorter period proposed: 1.0 is not due before its day.
    let shorter = in_review(&approved).replace("12 months", "6 months");
    assert_eq!(due_with(&approved, &shorter).2, "2026-01-10", "shorter proposed");
    // 1.0's own `next_review`, earlier than its period's day.
    let next = approved.replace("status: approved", "status: approved\nnext_review: 2025-11-01");
    let cleared = in_review(&approved).replace("approvers: [bob]\napproval_date: 2025-01-10\n", "");
    assert_eq!(due_with(&next, &cleared).2, "2025-11-01", "next_review in force");
    // Retired, then drafted again with its approval kept: nothing in force, nothing due.
    let retired = approved.replace("status: approved", "status: retired");
    let draft = in_review(&approved).replace("status: review", "status: draft");
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    r.commit("2025-03-01", "Alice", "retired", &[(PATH, &retired)]);
    r.commit("2025-04-01", "Alice", "drafted again", &[(PATH, &draft)]);
    let (checked, listed, next) = schedule(&r);
    assert_eq!((checked.len(), listed.len(), next.as_str()), (0, 0, "—"), "retired, then drafted");
}

/// Bug (the same review): an approval whose approvers were corrected (its day kept) in the
/// commit that lengthened the period: once a version went into review, the longer period was
/// taken for the approved one, and the overdue review was no longer said.
#[test]
fn a_period_lengthened_with_a_corrected_approval_is_not_approved_by_it() {
    let approved = policy("1.0", "2025-01-10", V1, "One.").replace("24 months", "12 months");
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    let corrected =
        approved.replace("approvers: [bob]", "approvers: [bob, carol]").replace("12 months", "36 months");
    r.commit("2025-02-01", "Mallory", "approvers corrected", &[(PATH, &corrected)]);
    let review = corrected
        .replace("version: \"1.0\"", "version: \"1.1\"")
        .replace("status: approved", "status: review");
    r.commit("2025-04-01", "Alice", "1.1", &[(PATH, &review)]);
    assert_eq!(schedule(&r).2, "2026-01-10");
}

/// Bug (the 31st session's gap): a document committed once, approved, with the next version
/// being drafted in the working tree (its approval fields cleared, not committed yet) had no
/// review due: the one committed text was not read as a version in force, so `charta check`
/// run before committing said nothing of the review the version in force owes.
#[test]
fn a_version_in_force_committed_once_is_due_under_an_uncommitted_draft() {
    let r = Repo::new();
    let approved = policy("1.0", "2025-01-10", V1, "One.").replace("24 months", "12 months");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    let cleared = approved
        .replace("version: \"1.0\"", "version: \"1.1\"")
        .replace("status: approved", "status: draft")
        .replace("approvers: [bob]\napproval_date: 2025-01-10\n", "");
    r.site.write(PATH, &cleared);
    let (checked, listed, next) = schedule(&r);
    assert_eq!(
        (checked, listed, next.as_str()),
        (vec![PATH.to_owned()], vec!["POL-009".to_owned()], "2026-01-10")
    );
}

/// Bug (a user's trial): `reviews --within 0d`, to list only what is overdue, was refused as
/// "not a period".
#[test]
fn reviews_within_nothing_lists_only_what_is_due_already() {
    let site = crate::support::Site::fixture("mixed");
    let root = site.root().to_str().unwrap();
    let states = |today: &str, within: &str| -> Vec<String> {
        let run = crate::support::charta(&[
            "reviews", "--root", root, "--today", today, "--format", "json", "--within", within,
        ]);
        assert_eq!(run.code, 0, "{within}: {}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        json["reviews"].as_array().unwrap().iter().map(|d| d["state"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(states("2026-03-01", "5 years"), ["due", "due"]);
    assert_eq!(states("2026-03-01", "0d"), Vec::<String>::new());
    assert_eq!(states("2027-06-01", "0 days"), ["overdue", "overdue"]);
}

/// Bug (an auditor reading cloud.gov's site): in a repository whose documents state no
/// approval, review or `next_review`, the reviews page and `charta reviews` said "Overdue: 0"
/// of documents no one could date, and listed none of them. They are listed as having no
/// review date, on the page and on the command line, and counted apart.
#[test]
fn documents_with_no_review_date_are_listed_not_counted_as_on_time() {
    let site = crate::support::Site::fixture("zero-config");
    site.write("policies/plain.md", "# Plain policy\n\nNo front matter at all.\n");
    let root = site.root().to_str().unwrap();
    let run = crate::support::charta(&["reviews", "--root", root, "--today", "2026-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("No review date"), "{}", run.stdout);
    assert!(run.stdout.contains("Plain policy"), "{}", run.stdout);
    assert!(run.stdout.contains(" with no review date, as of 2026-03-01"), "{}", run.stdout);
    let json =
        crate::support::charta(&["reviews", "--root", root, "--today", "2026-03-01", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(
        json["unscheduled"].as_array().unwrap().iter().any(|u| u["path"] == "policies/plain.md"),
        "{json}"
    );
    assert!(site.build(&[]).code < 2);
    let page = crate::support::strip_tags(&site.page("reviews/index.html"));
    assert!(page.contains("No review date") && page.contains("Plain policy"), "{page}");
}
