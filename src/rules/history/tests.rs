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
fn every_change_to_a_text_is_recorded_and_none_follows_the_approval() {
    let one = [("1", "2025-01-01")];
    let two = [("1", "2025-01-01"), ("2", "2025-02-01")];
    let unrecorded = "history/unrecorded-change";
    let cases: &[Case<(Commits, Option<usize>)>] = &[
        ((vec![("2025-01-01", text("", &one, "One."))], None), &[]),
        (
            (vec![("2025-01-01", text("", &one, "One.")), ("2025-02-01", text("", &one, "Two."))], None),
            &[(
                unrecorded,
                3,
                "on 2025-02-01 by Alice <alice@example.org> changed the text but added no revision entry: \"edit 2\"",
            )],
        ),
        ((vec![("2025-01-01", text("", &one, "One.")), ("2025-02-01", text("", &two, "Two."))], None), &[]),
        // The front matter alone changed: the text is the same.
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
            (
                vec![
                    ("2025-01-10", text("2025-01-10", &one, "One.")),
                    ("2025-02-01", text("2025-01-10", &one, "Two.")),
                ],
                None,
            ),
            &[(
                "history/changed-after-approval",
                3,
                "(dated 2025-02-01) by Alice <alice@example.org> changed the text after its approval on 2025-01-10 \
                 was recorded, and no revision entry dated after the approval records it: \"edit 2\"",
            )],
        ),
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
        // An approval written in ahead of its day: a change before that day is only unrecorded.
        (
            (
                vec![
                    ("2025-01-01", text("2025-03-01", &one, "One.")),
                    ("2025-02-01", text("2025-03-01", &one, "Two.")),
                ],
                None,
            ),
            &[(unrecorded, 4, "on 2025-02-01 by Alice <alice@example.org> changed the text")],
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
