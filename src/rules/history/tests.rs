//! Unit tests of [`super`], each case over a repository made for it.

use super::*;
use crate::rules::testing::{Case, assert_found};

const PATH: &str = "policies/a.md";

/// The commits of a case: each one's day, and the text of `policies/a.md` it leaves.
type Commits<'a> = Vec<(&'a str, String)>;

/// The text of `policies/a.md`: its approval date (none when empty), its revision entries
/// (version, date) and its body. The approval is on line 3; `revisions` on line 3 without one.
fn text(approved: &str, entries: &[(&str, &str)], body: &str) -> String {
    let approved = if approved.is_empty() { String::new() } else { format!("approval_date: {approved}\n") };
    let entries: String = entries
        .iter()
        .map(|(v, d)| format!("  - {{version: \"{v}\", date: {d}, author: alice, summary: s}}\n"))
        .collect();
    format!("---\nid: A\n{approved}revisions:\n{entries}---\n{body}\n")
}

fn committed(commits: &[(&str, String)], damaged: Option<usize>) -> (tempfile::TempDir, History) {
    crate::history::testing::committed(PATH, commits, damaged)
}

#[test]
fn a_change_after_approval_and_an_unrecorded_one_are_each_said_once_judged_by_content_not_dates() {
    let one = [("1", "2025-01-01")];
    let two = [("1", "2025-01-01"), ("2", "2025-02-01")];
    let after = "history/changed-after-approval";
    let unrecorded = "history/unrecorded-change";
    let approved = |body: &str| text("2025-01-10", &one, body);
    let cases: &[Case<(Commits, Option<usize>)>] = &[
        ((vec![("2025-01-01", text("", &one, "One."))], None), &[]),
        // Drafting before a first approval is never reported.
        ((vec![("2025-01-01", text("", &one, "One.")), ("2025-02-01", text("", &one, "Two."))], None), &[]),
        ((vec![("2025-01-01", text("", &one, "One.")), ("2025-02-01", text("", &two, "Two."))], None), &[]),
        // The front matter alone changed: the content is the same.
        (
            (
                vec![
                    ("2025-01-01", text("", &one, "One.")),
                    ("2025-02-01", text("2025-01-15", &one, "One.")),
                ],
                None,
            ),
            &[],
        ),
        (
            (vec![("2025-01-10", approved("One.")), ("2025-02-01", approved("Two."))], None),
            &[(after, 3, "on 2025-01-10 was recorded (commit ")],
        ),
        // Named: how many commits, the first and the last.
        (
            (
                vec![
                    ("2025-01-10", approved("One.")),
                    ("2025-02-01", approved("Two.")),
                    ("2025-02-02", approved("Three.")),
                    ("2025-02-03", approved("Four.")),
                ],
                None,
            ),
            &[(after, 3, "3 commits changed it since with no new approval; the first, commit ")],
        ),
        // Back-dated: the change was committed after the approval was, whatever its date says.
        (
            (vec![("2025-01-10", approved("One.")), ("1970-01-01", approved("Two."))], None),
            &[(after, 3, "on 1970-01-01 by Alice <alice@example.org>: \"edit 2\"")],
        ),
        // An approval written in ahead of its day approves the text it was written with.
        (
            (
                vec![
                    ("2025-01-01", text("2025-03-01", &one, "One.")),
                    ("2025-02-01", text("2025-03-01", &one, "Two.")),
                ],
                None,
            ),
            &[(after, 3, "on 2025-03-01 was recorded")],
        ),
        // Changed back: the approved content is what is there.
        (
            (
                vec![
                    ("2025-01-10", approved("One.")),
                    ("2025-02-01", approved("Two.")),
                    ("2025-02-02", approved("One.")),
                ],
                None,
            ),
            &[],
        ),
        // Spaces, line breaks and line endings are not content.
        ((vec![("2025-01-10", approved("One two.")), ("2025-02-01", approved("One\r\n   two."))], None), &[]),
        // A change entry dated after the approval: `approval/predates-revision` says it, once.
        (
            (
                vec![
                    ("2025-01-10", text("2025-01-10", &one, "One.")),
                    ("2025-02-01", text("2025-01-10", &two, "Two.")),
                ],
                None,
            ),
            &[],
        ),
        // Approved again with a new date and an entry for the change: nothing to say.
        (
            (
                vec![
                    ("2025-01-10", approved("One.")),
                    ("2025-02-01", text("2025-01-10", &one, "Two.")),
                    ("2025-02-02", text("2025-02-02", &two, "Two.")),
                ],
                None,
            ),
            &[],
        ),
        // Approved again with no entry for the change: once, for that approval.
        (
            (
                vec![
                    ("2025-01-10", approved("One.")),
                    ("2025-02-01", approved("Two.")),
                    ("2025-02-02", approved("Three.")),
                    ("2025-02-03", text("2025-02-03", &one, "Three.")),
                ],
                None,
            ),
            &[(
                unrecorded,
                4,
                "on 2025-02-03 by Alice <alice@example.org>: \"edit 4\" recorded a new approval of a text that 2 commits changed",
            )],
        ),
        // An entry dated the day of the approval before, which the text before lacked, records
        // it too (regression: the days began the day after, so a change approved again the same
        // day could never be recorded).
        (
            (
                vec![
                    ("2025-01-10", approved("One.")),
                    ("2025-02-01", approved("Two.")),
                    ("2025-02-03", text("2025-02-03", &one, "Two.")),
                    ("2025-03-01", text("2025-02-03", &[("1", "2025-01-01"), ("1.1", "2025-01-10")], "Two.")),
                ],
                None,
            ),
            &[],
        ),
        // The same, and the record completed later: an entry dated within the days the finding
        // names clears it (regression: nothing could, the history being what it is); one dated
        // after them records another change, not that one.
        (
            (
                vec![
                    ("2025-01-10", approved("One.")),
                    ("2025-02-01", approved("Two.")),
                    ("2025-02-03", text("2025-02-03", &one, "Two.")),
                    ("2025-03-01", text("2025-02-03", &[("1", "2025-01-01"), ("1.1", "2025-02-03")], "Two.")),
                ],
                None,
            ),
            &[],
        ),
        (
            (
                vec![
                    ("2025-01-10", approved("One.")),
                    ("2025-02-01", approved("Two.")),
                    ("2025-02-03", text("2025-02-03", &one, "Two.")),
                    ("2025-03-01", text("2025-02-03", &[("1", "2025-01-01"), ("2", "2025-03-01")], "Two.")),
                ],
                None,
            ),
            &[(
                unrecorded,
                4,
                "but added no revision entry; one dated from 2025-01-10 to 2025-02-03 records it",
            )],
        ),
        // Approval fields filled in while in review, the text edited, then approved: the
        // approval is where the text is approved, not where its fields were first written
        // (regression, found by a cold review: "changed after its approval").
        (
            (
                vec![
                    ("2025-01-10", approved("One.")),
                    (
                        "2025-03-01",
                        text("2025-03-01", &two, "Two.").replace("id: A\n", "id: A\nstatus: review\n"),
                    ),
                    (
                        "2025-03-02",
                        text("2025-03-01", &two, "Three.").replace("id: A\n", "id: A\nstatus: review\n"),
                    ),
                    (
                        "2025-03-05",
                        text("2025-03-01", &two, "Three.").replace("id: A\n", "id: A\nstatus: approved\n"),
                    ),
                ],
                None,
            ),
            &[],
        ),
        (
            (vec![("2025-01-01", text("", &one, "One.")), ("2025-02-01", text("", &two, "Two."))], Some(0)),
            &[("history/unreadable", 1, "on 2025-02-01 could not be compared: cannot read object")],
        ),
    ];
    for ((commits, damaged), want) in cases {
        let (_dir, history) = committed(commits, *damaged);
        let last = &commits.last().unwrap().1;
        let doc = Document::parse(PATH, 0, last.as_str());
        assert_found(&check(&doc, &Timeline::of(&doc, &history), &history), want, last);
    }
}

/// Taking the approval away for one commit, changing the text in it, and putting the same
/// approval back approves nothing new: the record approves the text it was first stated with.
#[test]
fn an_approval_taken_away_and_put_back_does_not_hide_the_change_made_between() {
    let one = [("1", "2025-01-01")];
    let commits = vec![
        ("2025-01-10", text("2025-01-10", &one, "One.")),
        ("2025-02-01", text("", &one, "One.")),
        ("2025-02-02", text("", &one, "Two.")),
        ("2025-02-03", text("2025-01-10", &one, "Two.")),
    ];
    let (_dir, history) = committed(&commits, None);
    let doc = Document::parse(PATH, 0, commits[3].1.as_str());
    let found = check(&doc, &Timeline::of(&doc, &history), &history);
    assert_found(&found, &[("history/changed-after-approval", 3, "on 2025-02-02 by Alice")], "toggled");
}

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
    for (commits, want) in cases {
        let (_dir, history) = committed(commits, None);
        let last = &commits.last().unwrap().1;
        let doc = Document::parse(PATH, 0, last.as_str());
        assert_found(&check(&doc, &Timeline::of(&doc, &history), &history), want, last);
    }
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
    for (commits, want) in cases {
        let (_dir, history) = committed(commits, None);
        let last = &commits.last().unwrap().1;
        let doc = Document::parse(PATH, 0, last.as_str());
        assert_found(&check(&doc, &Timeline::of(&doc, &history), &history), want, last);
    }
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
        let found = check(&doc, &Timeline::of(&doc, &history), &history);
        assert_found(&found, want, last);
        // The approval between is no change: the one change is the last commit's.
        let last_edit = format!("\"edit {}\"", commits.len());
        assert!(found[0].message.ends_with(&last_edit), "{}", found[0].message);
    }
}

/// Bug (found by a cold review): a document that keeps no revision entries, approved again
/// after each change, had one `history/unrecorded-change` per approval: five warnings for one
/// gap in its record. It is said once, naming how many, the first and the last.
#[test]
fn approvals_with_no_entry_for_their_change_are_said_once_per_document() {
    let commits: Commits = (1..=4)
        .map(|i| (["2025-01-10", "2025-02-10", "2025-03-10", "2025-04-10"][i - 1], i))
        .map(|(day, i)| (day, text(day, &[], &format!("Text {i}."))))
        .collect();
    let (_dir, history) = committed(&commits, None);
    let last = &commits[3].1;
    let doc = Document::parse(PATH, 0, last.as_str());
    let want = (
        "history/unrecorded-change",
        4,
        "3 approvals recorded changes with no revision entry for them; the first: commit ",
    );
    let found = check(&doc, &Timeline::of(&doc, &history), &history);
    assert_found(&found, &[want], last);
    assert!(found[0].message.contains("; the last: commit ") && found[0].message.contains("on 2025-04-10"));
}

#[test]
fn a_history_that_is_missing_cut_off_or_unreadable_is_said_once() {
    let (_dir, whole) = committed(&[("2025-01-01", text("", &[], "One."))], None);
    let mut shallow = whole.clone();
    shallow.shallow = true;
    let cases: &[Case<Option<&History>>] = &[
        (Some(&whole), &[]),
        (None, &[("history/not-a-repository", 1, "the root is not in a git repository")]),
        (Some(&shallow), &[("history/shallow-clone", 1, "the git history is truncated (a shallow clone)")]),
    ];
    for (history, want) in cases {
        assert_found(&repository(*history), want, &format!("{:?}", history.map(|h| h.shallow)));
    }
    let whole_history = unreadable(&anyhow::anyhow!("no tree"));
    let want = ("history/unreadable", 1, "cannot read the git history: no tree; versions, redlines");
    assert_found(&[whole_history], &[want], "unreadable");
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
    let found = check(&doc, &Timeline::of(&doc, &history), &history);
    assert!(found.iter().all(|f| f.rule != Rule::HistoryChangedAfterApproval), "{found:?}");
}
