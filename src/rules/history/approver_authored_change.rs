//! Stage 3, `history/approver-authored-change`: git's history says that an approver of the
//! approval a document states made part of the change that approval approved: separation of
//! duties judged by the commits, where `approval/self-approved` judges what the front matter
//! says of its authors.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::fingerprint::Key;
use crate::history::{Commit, History};
use crate::roster::{Identity, Roster};
use crate::timeline::{Facts, Record, Said, Timeline};

/// Once per document: the commits of the approved change whose author is one of its approvers,
/// as the roster knows them (by the commit's e-mail, else its author name) or, for a name the
/// roster does not hold, by the name written. The change is what the commits from the text the
/// approval before approved (or from nothing) to the one that recorded this approval made of
/// it: a merge stands for its branch's commits (its own author only merged, as does a merge on
/// the branch), a change undone later in the same run (a revert) made nothing of it, an approval
/// recorded on the way (on a pull request's branch) approved what came before it, and a text
/// that came into git already approved (an import) was not written by its commit. Approvers the
/// front matter names as authors, or as the approved change's, are `approval/self-approved`'s
/// (`crate::rules::approval::writers`).
/// A commit's author is what the committer's git said: a change squashed or rebased by the
/// approver is recorded as theirs, and the finding names the commit.
pub fn check(doc: &Document, timeline: &Timeline, history: &History, roster: &Roster) -> Option<Finding> {
    let m = &doc.meta;
    let approved = m.approval_date.as_ref()?;
    let (mut said, last) = crate::rules::approval::writers(doc, roster);
    said.extend(last.into_iter().flatten());
    let approvers: Vec<(Identity, &str)> = m
        .approvers
        .iter()
        .map(|a| (roster.identity(&a.value), a.value.as_str()))
        .filter(|(id, _)| !said.contains(id))
        .collect();
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
    let change = approved_change(timeline, history, now, approved.value)?;
    let by: Vec<(&Commit, &str)> = change.into_iter().filter_map(|c| Some((c, approver_of(c)?))).collect();
    let (first, _) = by.first()?;
    let mut who: Vec<&str> = Vec::new();
    for &(_, name) in &by {
        if !who.contains(&name) {
            who.push(name);
        }
    }
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

/// The commits whose changes are in the text the approval `now` (dated `day`) approved, oldest
/// first (see [`check`]). None when no committed text records `now`.
fn approved_change<'a>(
    timeline: &Timeline,
    history: &'a History,
    now: Record,
    day: jiff::civil::Date,
) -> Option<Vec<&'a Commit>> {
    let committed: Vec<_> = timeline.steps.iter().filter(|s| s.blob.is_some()).collect();
    // A document committed once is not read (nothing to compare): the commit that wrote it made
    // the text its approval approves, unless it merged it or brought it in already approved.
    // (Edits not committed yet are no one's in git; in CI there are none.)
    if let [only] = committed.as_slice()
        && matches!(only.said, Said::NotRead)
        && timeline.branches.is_empty()
    {
        let c = history.commits.get(only.commit)?;
        return Some(if c.merge || day < c.date { Vec::new() } else { vec![c] });
    }
    let read: Vec<(usize, &Facts)> = timeline.texts().collect();
    let first = read.iter().position(|(_, f)| f.approves(Some(now)))?;
    // From the first text of the run stating the approval before (its text is what that one
    // approved), or from nothing.
    let start = read[..first].iter().rposition(|(_, f)| approved_other(f, now)).map(|last| {
        let before = read[last].1.record;
        read[..last].iter().rposition(|(_, f)| f.record != before).map_or(0, |i| i + 1)
    });
    let mut made = Made {
        base: start.map(|i| read[i].1.body),
        record: start.and_then(|i| read[i].1.record),
        ..Made::default()
    };
    let from = start.map_or(0, |i| i + 1);
    for (i, &(commit, facts)) in read.iter().enumerate().take(first + 1).skip(from) {
        let c = history.commits.get(commit)?;
        match (timeline.branches.get(&commit), history.merged.get(&commit)) {
            (Some(steps), Some(branch)) => {
                // Up to the branch's text that recorded the approval, when it did.
                let last = (i == first).then(|| timeline.approved_on_branch(commit, now)).flatten();
                for step in steps {
                    if let (Said::Read(f), Some(bc)) = (&step.said, branch.commits.get(step.commit)) {
                        made.left(bc, f, now);
                    }
                    if last.is_some_and(|l| std::ptr::eq(l, step)) {
                        break;
                    }
                }
            }
            _ => made.left(c, facts, now),
        }
    }
    Some(made.stack.into_iter().filter_map(|(c, _)| c).collect())
}

/// Whether a text records an approval other than `now` (not a draft's or in review's fields).
fn approved_other(f: &Facts, now: Record) -> bool {
    f.record.is_some_and(|r| r != now) && f.approval.as_ref().is_some_and(|a| !a.pending)
}

/// The commits that made the text so far, each with the body it left.
#[derive(Default)]
struct Made<'a> {
    /// The body the change started from (the approval before's text); None: nothing.
    base: Option<Key>,
    /// Each change, with the commit that made it: None where who made it is not known (a
    /// merge, whose author only merged).
    stack: Vec<(Option<&'a Commit>, Key)>,
    /// The approval record of the last text that recorded one (not a draft's or in review's).
    record: Option<Record>,
    /// What the last text said, less its effective date ([`Facts::words`]).
    words: Option<u64>,
}

impl<'a> Made<'a> {
    /// The body now: the last commit's, else the base.
    fn body(&self) -> Option<Key> {
        self.stack.last().map(|(_, b)| *b).or(self.base)
    }

    /// `c` left text `f`.
    fn left(&mut self, c: &'a Commit, f: &Facts, now: Record) {
        // The commit that records the approval, its words as they were, set only the day its
        // text takes effect (`charta approve` does): the approval's own act, no part of the
        // change it approves.
        let same_words = self.words.replace(f.words) == Some(f.words);
        if f.approves(Some(now)) && same_words {
            return;
        }
        // An approval recorded on the way approved what came before it, this commit's included
        // (a draft's or a version in review's fields are the version in force's: no record).
        if approved_other(f, now) && f.record != self.record {
            self.record = f.record;
            (self.base, self.stack) = (Some(f.body), Vec::new());
            return;
        }
        if self.body() == Some(f.body) {
            return;
        }
        // Back to a text of before (a revert): what came since made nothing of it.
        if self.base == Some(f.body) {
            self.stack.clear();
            return;
        }
        if let Some(at) = self.stack.iter().position(|(_, b)| *b == f.body) {
            self.stack.truncate(at + 1);
            return;
        }
        // The first text, already approved when it came into git (an import), was not written
        // by its commit.
        let imported = self.base.is_none()
            && self.stack.is_empty()
            && f.approval.as_ref().is_some_and(|a| !a.pending && a.date < c.date);
        if imported {
            self.base = Some(f.body);
            return;
        }
        self.stack.push(((!c.merge).then_some(c), f.body));
    }
}
