//! Stage 3, `history/approver-authored-change`: git's history says that an approver of the
//! approval a document states made part of the change that approval approved: separation of
//! duties judged by the commits, where `approval/self-approved` judges what the front matter
//! says of its authors.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::{Commit, History};
use crate::roster::{Identity, Roster};
use crate::timeline::{Facts, Record, Said, Timeline};

/// Once per document: the commits of the approved change whose author is one of its approvers,
/// as the roster knows them (by the commit's e-mail, else its author name) or, for a name the
/// roster does not hold, by the name written. The change is every commit from the text the
/// approval before approved (or the first text) to the one that recorded this approval; a
/// merge stands for its branch's commits, whose authors made the change (its own author only
/// merged it). A commit's author is what the committer's git said: a change squashed or
/// rebased by the approver is recorded as theirs, and the finding says which commit it is.
pub fn check(doc: &Document, timeline: &Timeline, history: &History, roster: &Roster) -> Option<Finding> {
    let m = &doc.meta;
    let approved = m.approval_date.as_ref()?;
    let approvers: Vec<(Identity, &str)> =
        m.approvers.iter().map(|a| (roster.identity(&a.value), a.value.as_str())).collect();
    let approver_of = |c: &Commit| {
        let who = author(roster, c);
        approvers.iter().find(|(id, _)| *id == who).map(|&(_, name)| name)
    };
    // Most histories have no commit by an approver: nothing to work out.
    let on_line = timeline
        .steps
        .iter()
        .any(|s| history.commits.get(s.commit).is_some_and(|c| approver_of(c).is_some()));
    let on_branches = timeline
        .branches
        .keys()
        .filter_map(|merge| history.merged.get(merge))
        .any(|branch| branch.commits.iter().any(|c| approver_of(c).is_some()));
    if !on_line && !on_branches {
        return None;
    }
    let now = timeline.stated(m)?;
    let change = approved_change(timeline, history, now)?;
    let by: Vec<(&Commit, &str)> = change.into_iter().filter_map(|c| Some((c, approver_of(c)?))).collect();
    let (first, _) = by.first()?;
    let mut who: Vec<&str> = by.iter().map(|&(_, name)| name).collect();
    who.dedup();
    let who = who.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(" and ");
    let version = m.version.as_ref().map(|v| format!(" of version {}", v.value)).unwrap_or_default();
    let head =
        format!("{who} approved the change{version} on {} and, as git records it, made", approved.value);
    let message = match by.as_slice() {
        [_] => format!("{head} part of it: {}", super::commit_words(first)),
        [.., (last, _)] => format!(
            "{head} {} of its commits: the first, {}; the last, {}",
            by.len(),
            super::commit_words(first),
            super::commit_words(last)
        ),
        [] => return None,
    };
    let span = m.approvers.first().map_or(approved.span, |a| a.span);
    Some(
        Finding::new(Rule::HistoryApproverAuthoredChange, &doc.path, span, message)
            .help(Rule::HistoryApproverAuthoredChange.fix()),
    )
}

/// Who made a commit, as the roster knows them: by its e-mail, else by its author name.
fn author(roster: &Roster, c: &Commit) -> Identity {
    match roster.index(&c.email) {
        Some(i) if !c.email.is_empty() => Identity::Person(i),
        _ => roster.identity(&c.author),
    }
}

/// The commits that made the text the approval `now` approved, oldest first: on the line, each
/// that changed the content from the text the approval before approved (or, with none before,
/// the commit that wrote the first text) to the first text recording `now`; a merge among them
/// stands for the commits of its branch that changed the content (up to the one that recorded
/// `now`, when the branch recorded it). None when no committed text records `now`.
fn approved_change<'a>(timeline: &Timeline, history: &'a History, now: Record) -> Option<Vec<&'a Commit>> {
    let committed: Vec<_> = timeline.steps.iter().filter(|s| s.blob.is_some()).collect();
    // A document committed once is not read (nothing to compare): the commit that wrote it made
    // the text its approval approves. (Edits not committed yet are no one's in git; in CI there
    // are none.)
    if let [only] = committed.as_slice()
        && matches!(only.said, Said::NotRead)
        && timeline.branches.is_empty()
    {
        return Some(history.commits.get(only.commit).into_iter().collect());
    }
    let read: Vec<(usize, &Facts)> = timeline.texts().collect();
    let first = read.iter().position(|(_, f)| f.approves(Some(now)))?;
    let approved_before =
        |f: &Facts| f.record.is_some_and(|r| r != now) && f.approval.as_ref().is_some_and(|a| !a.pending);
    // The text the approval before approved: the first of the texts stating it (those after it
    // that still state it were changed since, which is this approval's change).
    let start = read[..first].iter().rposition(|(_, f)| approved_before(f)).map(|last| {
        let before = read[last].1.record;
        read[..last].iter().rposition(|(_, f)| f.record != before).map_or(0, |i| i + 1)
    });
    let mut change: Vec<&Commit> = Vec::new();
    if start.is_none() {
        change.extend(history.commits.get(read[0].0));
    }
    let from = start.unwrap_or(0);
    for (i, w) in read[from..=first].windows(2).enumerate() {
        let (before, (commit, after)) = (w[0].1, w[1]);
        if before.body == after.body {
            continue;
        }
        match (timeline.branches.get(&commit), history.merged.get(&commit)) {
            (Some(steps), Some(branch)) => {
                // Up to the branch's text that recorded the approval, when it did.
                let last =
                    (from + i + 1 == first).then(|| timeline.approved_on_branch(commit, now)).flatten();
                let mut body = before.body;
                for step in steps {
                    if let Said::Read(f) = &step.said {
                        if f.body != body {
                            change.extend(branch.commits.get(step.commit));
                        }
                        body = f.body;
                    }
                    if last.is_some_and(|l| std::ptr::eq(l, step)) {
                        break;
                    }
                }
            }
            (None, None) => change.extend(history.commits.get(commit)),
            // A merge whose branch was not read: who made its changes is not known.
            _ => {}
        }
    }
    Some(change)
}
