//! Unit tests of [`super`], each case over a repository made for it.

use super::*;
use crate::rules::testing::{Case, assert_found};

const PATH: &str = "policies/a.md";

/// No default review period, and a day after every case's commits.
pub(super) const CLOCK: Clock =
    Clock { default: None, today: jiff::civil::date(2030, 1, 1), history_periods: false };

/// The commits of a case: each one's day, and the text of `policies/a.md` it leaves.
pub(super) type Commits<'a> = Vec<(&'a str, String)>;

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

/// Each case's history committed, and the findings of `rule` that `check` of its last text
/// makes with `clock`, what the case wants.
pub(super) fn assert_rule(rule: &str, cases: &[Case<Commits>], clock: Clock) {
    for (commits, want) in cases {
        let (_dir, history) = committed(commits, None);
        let last = &commits.last().unwrap().1;
        let doc = Document::parse(PATH, 0, last.as_str());
        let found = check(&doc, &Timeline::of(&doc, &history), &history, clock);
        let found: Vec<_> = found.into_iter().filter(|f| f.rule.id() == rule).collect();
        assert_found(&found, want, last);
    }
}

/// Each case's history committed, and `check` of its last text finding what the case wants.
fn assert_cases(cases: &[Case<Commits>]) {
    for (commits, want) in cases {
        let (_dir, history) = committed(commits, None);
        let last = &commits.last().unwrap().1;
        let doc = Document::parse(PATH, 0, last.as_str());
        assert_found(&check(&doc, &Timeline::of(&doc, &history), &history, CLOCK), want, last);
    }
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
        // ... but a change after that entry's day no entry records: said, whatever the other
        // rule says (bug, a cold try of team histories: its waiver hid a rewrite in June).
        (
            (
                vec![
                    ("2025-01-10", text("2025-01-10", &one, "One.")),
                    ("2025-02-01", text("2025-01-10", &two, "Two.")),
                    ("2025-06-01", text("2025-01-10", &two, "Three.")),
                ],
                None,
            ),
            &[(after, 3, "1 commit changed it since with no new approval, commit ")],
        ),
        // ... even on that entry's day, after the commit that recorded it (a cold review).
        (
            (
                vec![
                    ("2025-01-10", text("2025-01-10", &one, "One.")),
                    ("2025-02-01", text("2025-01-10", &two, "Two.")),
                    ("2025-02-01", text("2025-01-10", &two, "Three.")),
                ],
                None,
            ),
            &[(after, 3, "1 commit changed it since with no new approval, commit ")],
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
        assert_found(&check(&doc, &Timeline::of(&doc, &history), &history, CLOCK), want, last);
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
    let found = check(&doc, &Timeline::of(&doc, &history), &history, CLOCK);
    assert_found(&found, &[("history/changed-after-approval", 3, "on 2025-02-02 by Alice")], "toggled");
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
    let found = check(&doc, &Timeline::of(&doc, &history), &history, CLOCK);
    assert_found(&found, &[want], last);
    assert!(found[0].message.contains("; the last: commit ") && found[0].message.contains("on 2025-04-10"));
}

#[test]
fn a_history_that_is_missing_cut_off_or_unreadable_is_said_once() {
    let (_dir, whole) = committed(&[("2025-01-01", text("", &[], "One."))], None);
    let mut shallow = whole.clone();
    shallow.shallow = true;
    let mut partial = whole.clone();
    partial.partial = true;
    let cases: &[Case<Option<&History>>] = &[
        (Some(&whole), &[]),
        (None, &[("history/not-a-repository", 1, "the root is not in a git repository")]),
        (Some(&shallow), &[("history/shallow-clone", 1, "the git history is truncated (a shallow clone)")]),
        (Some(&partial), &[("history/partial-clone", 1, "the clone is partial (cloned with --filter)")]),
    ];
    for (history, want) in cases {
        assert_found(&repository(*history), want, &format!("{:?}", history.map(|h| h.shallow)));
    }
    let whole_history = unreadable(&anyhow::anyhow!("no tree"));
    let want = ("history/unreadable", 1, "cannot read the git history: no tree; versions, redlines");
    assert_found(&[whole_history], &[want], "unreadable");
}

#[path = "restatement_tests.rs"]
mod restatements;

#[path = "review_period_tests.rs"]
mod review_period;

#[path = "reinstated_tests.rs"]
mod reinstated;

/// Bug (a cold review's ef2.sh and ch1.sh): after an approval, a commit moving the effective
/// date earlier (the register then said the version was in force on days its approved text said
/// it was not), retitling the document or making it `Public` from `Confidential` passed check:
/// only the body's words were compared. The title, effective date and classification are part
/// of what was approved; their spacing is not.
#[test]
fn a_title_effective_date_or_classification_changed_after_approval_is_a_change() {
    let after = "history/changed-after-approval";
    let doc = |title: &str, effective: &str, class: &str| {
        format!(
            "---\nid: A\napproval_date: 2025-01-10\ntitle: {title}\neffective_date: {effective}\nclassification: {class}\n---\nOne.\n"
        )
    };
    let approved = doc("Access policy", "2025-06-01", "Confidential");
    let cases: &[Case<Commits>] = &[
        (
            vec![
                ("2025-01-10", approved.clone()),
                ("2025-02-01", doc("Access  policy", "2025-06-01", "Confidential")),
            ],
            &[],
        ),
        // Found by a review: an effective date no later than the approval, added or moved,
        // changes nothing.
        (
            vec![
                ("2025-01-10", doc("Access policy", "2025-01-10", "Confidential")),
                ("2025-02-01", doc("Access policy", "2025-01-05", "Confidential")),
            ],
            &[],
        ),
        (
            vec![
                ("2025-01-10", approved.clone()),
                ("2025-02-01", doc("Access rules", "2025-06-01", "Confidential")),
            ],
            &[(after, 3, "1 commit changed it since with no new approval")],
        ),
        (
            vec![
                ("2025-01-10", approved.clone()),
                ("2025-02-01", doc("Access policy", "2025-01-11", "Confidential")),
            ],
            &[(after, 3, "1 commit changed it since with no new approval")],
        ),
        (
            vec![
                ("2025-01-10", approved.clone()),
                ("2025-02-01", doc("Access policy", "2025-06-01", "Public")),
            ],
            &[(after, 3, "1 commit changed it since with no new approval")],
        ),
    ];
    assert_cases(cases);
}
