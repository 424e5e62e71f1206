//! Stage 3, part of `history/changed-after-approval`: an approval recorded over a text that
//! commits of the main line changed after the day the approval states. A squash or a rebase
//! lays a pull request's approved text over what main gained meanwhile, with the day the
//! branch's approval was given: nobody approved on that day a change written later.

use super::{Read, approved_anew, commit_words, on_branch};
use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::{Commit, History};
use crate::timeline::Timeline;

/// The finding, when the text that recorded the approval `doc` states keeps changes main-line
/// commits made to it after the approval's day, since the approval before it was recorded (or
/// since the document's first text): each such commit that is no merge (a merge's date is when
/// its branch came in, not when its change was written), left a text in force (not a draft or
/// a version in review, whose approval fields may be filled in ahead: the approval is then where
/// it stops being pending) and whose change no later commit put back. Not when a merge brought the approval in: the branch it was recorded on is read then.
pub fn check(doc: &Document, history: &History, timeline: &Timeline, read: &[Read]) -> Option<Finding> {
    let approved = doc.meta.approval_date.as_ref()?;
    let now = timeline.stated(&doc.meta);
    let first = read.iter().position(|(_, f)| f.approves(now))?;
    let (recorded, facts) = read[first];
    if on_branch(history, timeline, recorded, now).is_some() {
        return None;
    }
    let day = facts.approval.as_ref().map_or(approved.value, |a| a.date);
    // The text the approval before approved, where it was first recorded; a text put back to
    // it later undid what came between.
    let start = (1..first).rev().find(|&k| approved_anew(read[k - 1].1, read[k].1)).unwrap_or(0);
    let back = (start..first).rev().find(|&k| read[k].1.body == read[start].1.body).unwrap_or(start);
    let later: Vec<&Commit> = (back + 1..first)
        .filter(|&k| read[k - 1].1.body != read[k].1.body && !read[k].1.pending)
        .map(|k| &history.commits[read[k].0])
        .filter(|c| !c.merge && c.date > day)
        .collect();
    let (earliest, latest) = (later.first()?, later.last()?);
    let commits = match later.len() {
        1 => format!("1 commit changed it after that day, {}", commit_words(earliest)),
        n => format!(
            "{n} commits changed it after that day; the first, {}; the last, {}",
            commit_words(earliest),
            commit_words(latest)
        ),
    };
    let message = format!(
        "the approval recorded by commit {} is dated {day}, but the text it approves holds changes written later: {commits}; nobody approved on {day} what was written after it",
        history.commits[recorded].short()
    );
    Some(
        Finding::new(Rule::HistoryChangedAfterApproval, &doc.path, approved.span, message)
            .help(Rule::HistoryChangedAfterApproval.fix()),
    )
}
