//! Stage 2: which approval records of a document's texts are new approvals. A text whose
//! content changed since its approval, that keeps the approval date or states an earlier one
//! (committed after that day), records no new approval: nobody approved its text on a day
//! before it was written. It restates the approval in force, and every later stage reads it as
//! that one.

use super::{Record, Said, Timeline};
use crate::fingerprint::Key;
use crate::history::History;
use jiff::civil::Date;

impl Timeline {
    /// Marks the texts (on the line) whose approval record restates the approval in force
    /// before it, and reads each such record as that approval's from then on
    /// ([`Timeline::stated`]). A record restates when its text's content differs from the text
    /// the approval in force approved, its date is no later than that approval's (or is an
    /// earlier approval's), and it was committed after that day (on the line, whatever date the
    /// commit states); for a merge, after the day of the branch's commit that recorded it: a
    /// text cannot be approved before the text it replaced was. Approved, corrected and
    /// approved again in a day is a new approval; so is a record that changes only the
    /// approvers or the version of a text left as approved (a correction, whose proof the
    /// `evidence/*` rules ask for). A record that comes back with the text it approved (a
    /// revert) is the approval in force again; with another text, that text restates it.
    pub fn mark_restatements(&mut self, history: &History) {
        // The approval in force so far, and every approval met: record, date, approved body.
        let mut current: Option<(Record, Date, Key)> = None;
        let mut approvals: Vec<(Record, Date, Key)> = Vec::new();
        for i in 0..self.steps.len() {
            let Said::Read(f) = &self.steps[i].said else { continue };
            let (Some(raw), Some(date)) =
                (f.record, f.approval.as_ref().filter(|a| !a.pending).map(|a| a.date))
            else {
                continue;
            };
            let (commit, body) = (self.steps[i].commit, f.body);
            if let Some(&(_, canonical)) = self.restated.iter().find(|(r, _)| *r == raw) {
                self.restate(i, canonical);
                continue;
            }
            if let Some(&again) = approvals.iter().find(|(r, ..)| *r == raw) {
                let back = current.is_some_and(|(r, ..)| r != raw);
                if back && body != again.2 {
                    // An earlier approval stated again over a text it never approved.
                    self.restate(i, raw);
                } else if back {
                    current = Some(again);
                }
                continue;
            }
            let restates = current.filter(|&(_, day, approved)| {
                body != approved
                    && (date <= day || approvals.iter().any(|&(_, d, _)| d == date))
                    && self.recorded_on(commit, raw, history) > date
            });
            match restates {
                Some((canonical, ..)) => {
                    self.restated.push((raw, canonical));
                    self.restate(i, canonical);
                }
                None => {
                    approvals.push((raw, date, body));
                    // An approval dated ahead of the day it came into the line (a typo for a
                    // later year, a date planned) is compared from that day: a later one
                    // dated before its stated day is still new.
                    let day = date.min(self.recorded_on(commit, raw, history));
                    current = Some((raw, day, body));
                }
            }
        }
    }

    /// The day the text of step `commit` stating `raw` came into the line, as its committer's
    /// calendar tells it ([`crate::history::Commit::made`]: no earlier than a commit before it
    /// there, as a commit dated back is not believed); for a merge that brought it, the day of
    /// the branch's commit that first stated it.
    fn recorded_on(&self, commit: usize, raw: Record, history: &History) -> Date {
        let on_branch = self.approved_on_branch(commit, raw).and_then(|s| {
            let merged = history.merged.get(&commit)?;
            Some(merged.commits.get(s.commit)?.made)
        });
        on_branch.unwrap_or(history.commits[commit].made)
    }

    fn restate(&mut self, step: usize, canonical: Record) {
        if let Said::Read(f) = &mut self.steps[step].said {
            f.record = Some(canonical);
            f.restates = true;
        }
    }

    /// The approval record front matter `m` states, as this timeline reads it: a record that
    /// restates an earlier approval ([`Timeline::mark_restatements`]) is that approval's.
    pub fn stated(&self, m: &crate::document::Meta) -> Option<Record> {
        let raw = super::stated(m)?;
        Some(self.restated.iter().find(|(r, _)| *r == raw).map_or(raw, |&(_, canonical)| canonical))
    }
}

impl Timeline {
    /// Whether the texts of `first..=last` (one version's commits) only restate an earlier
    /// approval (or are drafts): the version was never approved itself.
    pub fn only_restates(&self, first: usize, last: usize) -> bool {
        let own: Vec<&super::Facts> =
            self.texts().filter(|(c, _)| (first..=last).contains(c)).map(|(_, f)| f).collect();
        own.iter().any(|f| f.restates) && own.iter().all(|f| f.restates || f.pending)
    }

    /// The commit that recorded the approval `m` states ([`Timeline::recorded`]), where that
    /// commit's text states the day `m` states: a text that restates an approval of another day
    /// ([`Timeline::mark_restatements`]: 1.2 dated before 1.1's approval) was recorded by none.
    pub fn recorded_as_stated(&self, m: &crate::document::Meta, committed: bool) -> Option<usize> {
        let c = self.recorded(self.stated(m)?, committed)?;
        let day = m.approval_date.as_ref().map(|d| d.value);
        let same_day = self.steps.iter().filter(|s| s.commit == c).all(|s| match &s.said {
            Said::Read(f) => f.approval.as_ref().map(|a| a.date) == day,
            _ => true,
        });
        same_day.then_some(c)
    }

    /// Where the newest committed text is of version `version` and its approval record only
    /// restates an earlier approval: the version of the text that approval approved, which is in
    /// force while this one is not (as the document's page says). None otherwise.
    pub fn restated_version(&self, version: Option<&str>) -> Option<String> {
        let super::Said::Read(newest) = &self.steps.last()?.said else { return None };
        if !newest.restates || newest.pending || newest.version.as_deref() != version {
            return None;
        }
        let approved = |f: &&super::Facts| !f.restates && f.record.is_some() && f.record == newest.record;
        self.texts().map(|(_, f)| f).find(approved).map(|f| f.version.clone().unwrap_or_default())
    }

    /// The first commit among `first..=last` (one version's commits) that changed the content
    /// of the text its approval was recorded with, while the approval stayed the same: a change
    /// that approval never covered: where the approval was recorded on a merged branch and the
    /// merge brought another text ([`Timeline::branch_change`]), the merge. None when its last
    /// text is the text approved (or the version was never approved, or its texts were not read).
    pub fn unapproved_change(&self, first: usize, last: usize) -> Option<usize> {
        if let Some(branch) = self.branch_change(first, last) {
            return Some(branch.merge);
        }
        let texts: Vec<(usize, &super::Facts)> =
            self.texts().filter(|(c, _)| (first..=last).contains(c)).collect();
        let approval = texts.last()?.1.record.filter(|_| texts.last().is_some_and(|(_, f)| !f.pending))?;
        let from = texts.iter().position(|(_, f)| f.approves(Some(approval)))?;
        // A version whose approval only restates an earlier one's was never approved itself.
        if texts[from].1.restates {
            return None;
        }
        let approved = texts[from].1.body;
        if texts.last()?.1.body == approved {
            return None;
        }
        texts[from..].iter().find(|(_, f)| f.body != approved).map(|&(commit, _)| commit)
    }
}
