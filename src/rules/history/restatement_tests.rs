//! Unit tests of [`super::super`]: when a record restates the approval in force rather than
//! recording a new one (`crate::timeline::Timeline::mark_restatements`), as the history rules
//! judge it.

use super::*;

/// Bug (found by a cold review): a text changed a month after its approval passed as approved
/// anew when its `version` was raised or an approver added, the approval date kept: `check`
/// exited 0. Only a new approval date approves a change; on the approval's own day, a new
/// version is a second approval of that day.
#[test]
fn a_version_or_approver_changed_with_the_approval_date_kept_approves_no_change() {
    let one = [("1", "2025-01-01")];
    let with = |version: &str, approvers: &str, body: &str| {
        text("2025-01-10", &one, body)
            .replace("id: A\n", &format!("id: A\nversion: \"{version}\"\napprovers: [{approvers}]\n"))
    };
    let after = "history/changed-after-approval";
    let cases: &[Case<Commits>] = &[
        (
            vec![("2025-01-10", with("1.0", "bob", "One.")), ("2025-02-10", with("1.1", "bob", "Two."))],
            &[(after, 5, "on 2025-01-10 was recorded (commit ")],
        ),
        (
            vec![
                ("2025-01-10", with("1.0", "bob", "One.")),
                ("2025-02-10", with("1.0", "bob, carol", "Two.")),
            ],
            &[(after, 5, "1 commit changed it since with no new approval, commit ")],
        ),
        // The version raised in a commit of its own, after the change: still no approval.
        (
            vec![
                ("2025-01-10", with("1.0", "bob", "One.")),
                ("2025-02-10", with("1.0", "bob", "Two.")),
                ("2025-02-11", with("1.1", "bob", "Two.")),
            ],
            &[(after, 5, "on 2025-02-10 by Alice")],
        ),
        // Approved, corrected and approved again on one day: a new approval (with no entry).
        (
            vec![("2025-01-10", with("1.0", "bob", "One.")), ("2025-01-10", with("1.1", "bob", "Two."))],
            &[("history/unrecorded-change", 6, "recorded a new approval")],
        ),
        // A new approval date approves it (an entry for it aside).
        (
            vec![
                ("2025-01-10", with("1.0", "bob", "One.")),
                ("2025-02-10", with("1.1", "bob", "Two.").replace("2025-01-10", "2025-02-10")),
            ],
            &[("history/unrecorded-change", 6, "recorded a new approval")],
        ),
    ];
    assert_cases(cases);
}

/// Bugs (found by a second cold review of the rule above): a restatement committed with its
/// date set back to the approval's (`--date`) passed as a new approval; so did one stating the
/// date of an approval a revert brought back; and approvers corrected on a text left as
/// approved were read as the approval before (whose signature then "proved" them).
#[test]
fn a_restatement_is_judged_by_the_line_not_the_date_it_states_and_only_of_a_changed_text() {
    let one = [("1", "2025-01-01")];
    let with = |approved: &str, version: &str, approvers: &str, body: &str| {
        text(approved, &one, body)
            .replace("id: A\n", &format!("id: A\nversion: \"{version}\"\napprovers: [{approvers}]\n"))
    };
    let after = "history/changed-after-approval";
    let cases: &[Case<Commits>] = &[
        // Dated back to the approval's day, after a commit of March on the line.
        (
            vec![
                ("2025-01-10", with("2025-01-10", "1.0", "bob", "One.")),
                (
                    "2025-03-01",
                    with("2025-01-10", "1.0", "bob", "One.").replace("id: A\n", "id: A\nowner: x\n"),
                ),
                ("2025-01-10", with("2025-01-10", "1.1", "bob", "Two.")),
            ],
            &[(after, 5, "1 commit changed it since with no new approval")],
        ),
        // 1.1 approved, reverted to 1.0, then 1.2 stating 1.0's date.
        (
            vec![
                ("2025-01-10", with("2025-01-10", "1.0", "bob", "One.")),
                ("2025-03-01", with("2025-03-01", "1.1", "bob", "Two.")),
                ("2025-04-01", with("2025-01-10", "1.0", "bob", "One.")),
                ("2025-05-01", with("2025-01-10", "1.2", "bob", "Three.")),
            ],
            &[
                (after, 5, "on 2025-01-10 was recorded (commit "),
                ("history/unrecorded-change", 6, "\"edit 2\" recorded a new approval"),
            ],
        ),
    ];
    assert_cases(cases);
    // Approvers corrected, the text as approved: a record of its own, not the one before.
    let commits = vec![
        ("2025-01-10", with("2025-01-10", "1.0", "bob", "One.")),
        ("2025-02-10", with("2025-01-10", "1.0", "carol", "One.")),
    ];
    let (_dir, history) = committed(&commits, None);
    let doc = Document::parse(PATH, 0, commits[1].1.as_str());
    let timeline = Timeline::of(&doc, &history);
    assert!(timeline.restated.is_empty());
    assert_eq!(timeline.stated(&doc.meta), crate::timeline::stated(&doc.meta));
}

/// Bugs (found by a third cold review): an approval date set before the approval in force
/// (1.1 "approved" on 2025-01-05 over 1.0 approved on 2025-01-12) passed as a new approval;
/// and an old approval's whole record stated again over a new text, after a newer approval,
/// passed as that approval (the change was then said to be the newer, real approval's).
#[test]
fn an_approval_stated_before_the_one_in_force_approves_no_change_of_its_text() {
    let with = |approved: &str, version: &str, body: &str| {
        text(approved, &[("1", "2024-01-01")], body)
            .replace("id: A\n", &format!("id: A\nversion: \"{version}\"\n"))
    };
    let after = "history/changed-after-approval";
    let cases: &[Case<Commits>] = &[
        (
            vec![
                ("2025-01-12", with("2025-01-12", "1.0", "One.")),
                ("2025-02-01", with("2025-01-05", "1.1", "Two.")),
            ],
            &[(after, 4, "on 2025-01-12 was recorded (commit ")],
        ),
        (
            vec![
                ("2024-01-10", with("2024-01-10", "1.0", "One.")),
                ("2025-01-10", with("2025-01-10", "1.1", "Two.")),
                ("2025-03-01", with("2024-01-10", "1.0", "Three.")),
            ],
            &[
                (after, 4, "1 commit changed it since with no new approval, commit "),
                ("history/unrecorded-change", 5, "recorded a new approval"),
            ],
        ),
    ];
    for (commits, want) in cases {
        let (_dir, history) = committed(commits, None);
        let last = &commits.last().unwrap().1;
        let doc = Document::parse(PATH, 0, last.as_str());
        let found = check(&doc, &Timeline::of(&doc, &history), &history, CLOCK);
        assert_found(&found, want, last);
        // The approval between is no change: the one change is the last commit's.
        let last_edit = format!("\"edit {}\"", commits.len());
        assert!(found[0].message.ends_with(&last_edit), "{}", found[0].message);
    }
}

/// Bug (found by a fourth cold review): 1.0's approval date mistyped as October (it came into
/// the line in January), then 1.1 approved in June: 1.1's approval was said to be "no new
/// approval", being dated before 1.0's. An approval is compared from the day it came into the
/// line when it states a later one.
#[test]
fn an_approval_dated_ahead_of_its_commit_does_not_make_later_ones_restatements() {
    let with = |approved: &str, version: &str, body: &str| {
        text(approved, &[], body).replace("id: A\n", &format!("id: A\nversion: \"{version}\"\n"))
    };
    let commits = vec![
        ("2025-01-10", with("2025-10-01", "1.0", "One.")),
        ("2025-06-03", with("2025-06-01", "1.1", "Two.")),
    ];
    let (_dir, history) = committed(&commits, None);
    let doc = Document::parse(PATH, 0, commits[1].1.as_str());
    let found = check(&doc, &Timeline::of(&doc, &history), &history, CLOCK);
    assert!(found.iter().all(|f| f.rule != Rule::HistoryChangedAfterApproval), "{found:?}");
}
