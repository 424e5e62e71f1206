//! The days commits state, as the history rules read them: a commit dated after the day of the
//! check.

use crate::history::{V1, V2, policy};
use crate::rules::check_json;
use crate::support::Repo;

const PATH: &str = "policies/access.md";

/// The findings of `rule` in a JSON report.
fn of_rule<'a>(json: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect()
}

/// Bug (a trial of real teams' workflows): an approval committed with a clock a year ahead
/// (dated 2027, the check on 2026-03-01) made the site say the approved version was in force
/// "not yet" and the one before still in force, while the register named the approved one,
/// and nothing said why. It is said once, at the first document changed, with the others
/// changed as its `also`; commits dated on or before the day are not named; and several such
/// commits (one clock, or a `--today` before the history ends) are said once for all.
#[test]
fn a_commit_dated_after_today_is_said_once_for_the_documents_it_changed() {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let v1 = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    let backup = v1.replace("POL-009", "POL-010").replace("Access policy", "Backup policy");
    r.commit("2025-01-10", "Alice", "1.0", &[("policies/access.md", &v1), ("policies/backup.md", &backup)]);
    // A day ahead of the check's: a commit made east of it, this evening (found by a cold
    // review: a team in Sydney, checked on a UTC runner, was told its clock was wrong).
    let ahead = v1.replace("eight", "nine");
    r.commit("2026-03-02", "Alice", "Tonight, in Sydney", &[("policies/access.md", &ahead)]);
    let (_, json) = check_json(&r.site);
    assert_eq!(of_rule(&json, "history/dated-after-today"), Vec::<&serde_json::Value>::new());
    let v2 = policy("1.1", "2026-02-01", V2, "Passwords have at least twelve characters.");
    let backup2 = v2.replace("POL-009", "POL-010").replace("Access policy", "Backup policy");
    r.commit(
        "2027-02-01",
        "Mallory",
        "Approve 1.1",
        &[("policies/access.md", &v2), ("policies/backup.md", &backup2)],
    );
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/dated-after-today");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["path"], "policies/access.md");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["also"], serde_json::json!(["policies/backup.md"]), "{json:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("\"Approve 1.1\", by Mallory")
            && message.contains("is dated 2027-02-01, after today (2026-03-01)"),
        "{message}"
    );
    // Two more: one finding still, naming the three.
    let v3 = v2.replace("twelve", "fourteen");
    r.commit("2027-03-01", "Mallory", "Longer", &[("policies/access.md", &v3)]);
    r.commit(
        "2027-04-01",
        "Mallory",
        "Longer still",
        &[("policies/access.md", &v3.replace("fourteen", "sixteen"))],
    );
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/dated-after-today");
    assert_eq!(found.len(), 1, "{json:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.starts_with("3 commits are dated after today (2026-03-01): "), "{message}");
    assert!(message.contains("(\"Longer still\", by Mallory) on 2027-04-01:"), "{message}");
}

/// Found by a cold review: a commit dated a year ahead that changed a document removed since
/// was not said, though the removed document's page counted it in force until the day before
/// that date, after its removal.
#[test]
fn a_commit_dated_after_today_is_said_of_a_document_removed_since() {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let v1 = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    r.commit("2025-01-10", "Alice", "1.0", &[("policies/access.md", &v1)]);
    r.commit("2027-03-01", "Mallory", "Edit", &[("policies/access.md", &v1.replace("eight", "six"))]);
    std::fs::remove_file(r.site.root().join("policies/access.md")).unwrap();
    r.commit("2026-02-01", "Alice", "Retire", &[]);
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/dated-after-today");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["path"], "policies/access.md");
    assert!(
        found[0]["message"].as_str().unwrap().contains("(\"Edit\", by Mallory) is dated 2027-03-01"),
        "{json:#}"
    );
}

/// Found by a cold review of the committer dates' reading (43rd session): a commit written in
/// 2025 but committed with a clock in 2030 kept the version it replaced in force until 2030, and
/// nothing said so: only author dates were looked at. The day a version is counted from is the
/// later of the two, and so is the day this rule reads.
#[test]
fn a_commit_committed_after_today_is_said_though_it_was_written_before() {
    let (r, _) = approved_in_january();
    r.commit_landed(("2025-07-10", "2030-01-01"), "Mallory", "Approve 1.1", &[(PATH, &second("2025-07-10"))]);
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/dated-after-today");
    assert_eq!(found.len(), 1, "{json:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("is committed on 2030-01-01 (written on 2025-07-10), after today (2026-03-01)"),
        "{message}"
    );
}

/// Found by a cold review (43rd session): with each commit counted from the day it was
/// committed, two approvals rebased onto the line on one day (here the line's own commits
/// rewritten, `git rebase` of main and a force-push) left 1.1 "never in force" and 1.0 in force
/// until the rewrite, and nothing said why. It is said once, naming the versions, the days
/// they were written and what a rewrite hides; one approval rebased alone, and commits not
/// rebased, say nothing.
#[test]
fn approvals_committed_onto_the_line_together_are_said_once() {
    let (r, _) = approved_in_january();
    r.commit_landed(("2025-06-01", "2025-12-01"), "Alice", "1.1", &[(PATH, &second("2025-06-01"))]);
    let (_, json) = check_json(&r.site);
    assert_eq!(of_rule(&json, "history/committed-together"), Vec::<&serde_json::Value>::new());
    r.commit_landed(("2025-09-01", "2025-12-01"), "Alice", "1.2", &[(PATH, &third("1.2", "2025-09-01"))]);
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/committed-together");
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["severity"], "note");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "2 approvals came onto the main line in commits committed on 2025-12-01, though written from 2025-06-01 to 2025-09-01 (a rebase): only the last, version `1.2` (approved 2025-09-01), is in force from that day, and version `1.1` (approved 2025-06-01) never was in force on its own"
        ),
        "{message}"
    );
}

/// Found by a review of the rule above: a pull request that fixed a typo under 1.0's approval
/// and then approved 1.1, rebased onto the line, was said to bring two approvals, "1.0 never
/// in force on its own", though 1.0 had been in force since January; and a pull request whose
/// last commit was written on the day it landed was not said, though its first approval was
/// never in force. Three approvals landing together are listed in words.
#[test]
fn only_new_approvals_committed_together_are_said_whatever_day_each_was_written() {
    let (r, v1) = approved_in_january();
    let typo = v1.replace("at least eight", "at least  eight");
    r.commit_landed(("2025-06-01", "2025-07-01"), "Alice", "Typo", &[(PATH, &typo)]);
    r.commit_landed(("2025-06-02", "2025-07-01"), "Alice", "1.1", &[(PATH, &second("2025-06-02"))]);
    let (_, json) = check_json(&r.site);
    assert_eq!(of_rule(&json, "history/committed-together"), Vec::<&serde_json::Value>::new(), "{json:#}");
    r.commit_landed(("2025-08-01", "2025-12-01"), "Alice", "1.2", &[(PATH, &third("1.2", "2025-08-01"))]);
    r.commit_landed(("2025-09-01", "2025-12-01"), "Alice", "1.3", &[(PATH, &third("1.3", "2025-09-01"))]);
    r.commit("2025-12-01", "Alice", "1.4", &[(PATH, &third("1.4", "2025-12-01"))]);
    let (_, json) = check_json(&r.site);
    let found = of_rule(&json, "history/committed-together");
    assert_eq!(found.len(), 1, "{json:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains(
            "only the last, version `1.4` (approved 2025-12-01), is in force from that day, and version `1.2` (approved 2025-08-01) and version `1.3` (approved 2025-09-01) never were in force on their own"
        ),
        "{message}"
    );
}

/// A repository whose POL-009 1.0 was approved and committed on 2025-01-10, and that text.
fn approved_in_january() -> (Repo, String) {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let v1 = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &v1)]);
    (r, v1)
}

/// POL-009 1.1, approved on `approved`.
fn second(approved: &str) -> String {
    policy("1.1", approved, V2, "Passwords have at least twelve characters.")
}

/// The third version of POL-009, `version` approved on `approved`.
fn third(version: &str, approved: &str) -> String {
    let mut entries = V2.to_vec();
    entries.push((version, approved, "Shorter sessions."));
    policy(version, approved, &entries, &format!("Text of {version}."))
}

/// Bug (a trial of real teams' workflows): 1.1 approved in Tokyo on 2025-03-02 at 01:00
/// (+09:00), and 1.2 approved fifteen hours later in California, on 2025-03-01 at 23:30
/// (-08:00), each dated by its approver's own calendar. The two commits' days were compared as
/// written, so the later seemed the earlier: 1.2 was "never in force", 1.1 in force still, and
/// check said the text changed after 1.1's approval with no new one. The moments are compared;
/// each day is its own signer's.
#[test]
fn approvals_made_in_two_time_zones_are_in_force_in_the_order_they_were_made() {
    let (r, _) = approved_in_january();
    let mut entries = V1.to_vec();
    entries.push(("1.1", "2025-03-02", "Stronger passwords."));
    let v11 = policy("1.1", "2025-03-02", &entries, "Passwords have at least twelve characters.");
    let tokyo = "2025-03-02T01:00:00+09:00";
    r.commit_landed((tokyo, tokyo), "Alice", "1.1", &[(PATH, &v11)]);
    entries.push(("1.2", "2025-03-01", "Shorter sessions."));
    let v12 =
        policy("1.2", "2025-03-01", &entries, "Passwords have at least twelve characters. Sessions end.");
    let california = "2025-03-01T23:30:00-08:00";
    r.commit_landed((california, california), "Alice", "1.2", &[(PATH, &v12)]);
    let (_, json) = check_json(&r.site);
    assert_eq!(
        of_rule(&json, "history/changed-after-approval"),
        Vec::<&serde_json::Value>::new(),
        "{json:#}"
    );
    // The table's dates do go back a day: that is the document's to correct.
    assert_eq!(of_rule(&json, "revision/out-of-order").len(), 1, "{json:#}");
    r.site.build(&["--no-cache"]);
    let mut periods = crate::versions::periods(&r);
    periods.sort();
    let period = |v: &str, from: &str, to: &str| (v.to_owned(), from.to_owned(), to.to_owned());
    // In calendar days, 1.1 was replaced on the day it came: in force on none.
    assert_eq!(
        periods,
        [
            period("1.0", "2025-01-10", "2025-03-01"),
            period("1.1", "-", "-"),
            period("1.2", "2025-03-02", "-")
        ]
    );
}
