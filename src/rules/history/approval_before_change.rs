//! Stage 3, `history/approval-before-change`: an approval dated before the day the change it
//! approves was committed. An approval cannot have seen a text written after it: either the
//! approval's date is not the day it was given, or the text changed after it and the approval
//! was copied over the change (the classic back-dated record).

use super::{Read, commit_words};
use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::History;
use crate::source::Span;

/// `history/approval-before-change`, once per document: each approval record (where it first
/// appears, neither pending nor restating the approval before) whose text's last change of
/// content was committed by an earlier commit, dated after the approval's day. The commit that
/// wrote both the change and the approval (a squash, a merge) is not compared: its date is the
/// day it reached the line, not the day the change was made; nor is a text that never changed
/// in git (a document brought in from elsewhere, approved before).
pub(super) fn check(doc: &Document, history: &History, read: &[Read]) -> Option<Finding> {
    let mut seen = std::collections::BTreeSet::new();
    let mut said: Vec<String> = Vec::new();
    for (i, (at, facts)) in read.iter().enumerate() {
        let Some(approval) = facts.approval.as_ref().filter(|a| !a.pending) else { continue };
        if facts.restates || facts.record.is_none_or(|r| !seen.insert(r)) {
            continue;
        }
        // The text this record approves was last changed by read[k].
        let Some(k) = (1..=i).rev().find(|&k| read[k - 1].1.body != read[k].1.body) else { continue };
        let made = &history.commits[read[k].0];
        if k == i || made.date <= approval.date {
            continue;
        }
        said.push(format!(
            "the approval of {} (recorded by commit {}) is dated before {}, which changed the text it approves",
            approval.date,
            history.commits[*at].short(),
            commit_words(made),
        ));
    }
    let message = match said.as_slice() {
        [] => return None,
        [one] => format!("{one}: an approval cannot have seen a change made after it"),
        [first, .., last] => format!(
            "{} approvals are dated before the change they approve; the first: {first}; the last: {last}",
            said.len()
        ),
    };
    let span = doc.meta.approval_date.as_ref().map_or(Span::file(), |d| d.span);
    Some(
        Finding::new(Rule::HistoryApprovalBeforeChange, &doc.path, span, message)
            .help(Rule::HistoryApprovalBeforeChange.fix()),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::{CLOCK, Commits};
    use crate::document::Document;
    use crate::rules::testing::assert_found;
    use crate::timeline::Timeline;

    const PATH: &str = "policies/a.md";

    fn text(approved: &str, body: &str) -> String {
        let approved =
            if approved.is_empty() { String::new() } else { format!("approval_date: {approved}\n") };
        format!("---\nid: A\n{approved}---\n{body}\n")
    }

    fn found(commits: &Commits) -> Vec<crate::finding::Finding> {
        let (_dir, history) = crate::history::testing::committed(PATH, commits, None);
        let doc = Document::parse(PATH, 0, commits.last().unwrap().1.as_str());
        let all = super::super::check(&doc, &Timeline::of(&doc, &history), &history, CLOCK);
        all.into_iter().filter(|f| f.rule.id() == "history/approval-before-change").collect()
    }

    /// Bug (a cold try as a team works): a text changed on 2025-03-01 and approved in a commit
    /// of 2025-03-10 by an approval dated 2025-02-20 raised no error, and the site put the
    /// changed text in force from 2025-02-20, before it was written.
    #[test]
    fn an_approval_dated_before_the_change_it_approves_is_said() {
        let backdated: Commits = vec![
            ("2025-01-10", text("2025-01-10", "One.")),
            ("2025-03-01", text("2025-01-10", "Two.")),
            ("2025-03-10", text("2025-02-20", "Two.")),
        ];
        let last = &backdated[2].1;
        let want = ("history/approval-before-change", 3, "the approval of 2025-02-20 (recorded by commit ");
        let got = found(&backdated);
        assert_found(&got, &[want], last);
        assert!(
            got[0].message.contains("is dated before commit ") && got[0].message.contains("on 2025-03-01")
        );
        // Dated on or after the change: nothing to say.
        let mut fine = backdated.clone();
        fine[2].1 = text("2025-03-01", "Two.");
        assert_found(&found(&fine), &[], &fine[2].1);
        // The change and the approval in one commit (a squash merge, dated when it landed).
        let squashed: Commits =
            vec![("2025-01-10", text("2025-01-10", "One.")), ("2025-03-10", text("2025-02-20", "Two."))];
        assert_found(&found(&squashed), &[], &squashed[1].1);
        // A text brought in as it was and approved later, dated before it came to git.
        let imported: Commits =
            vec![("2025-03-01", text("", "One.")), ("2025-03-10", text("2025-02-20", "One."))];
        assert_found(&found(&imported), &[], &imported[1].1);
    }
}
