//! Stage 2: which approval records of a document's texts are new approvals. A text that changes
//! only the approvers or the version and keeps the approval date of the approval before it,
//! committed after that day, records no new approval: nobody approved its text on a day before
//! it was written. It restates the approval before, and every later stage reads it as that one.

use super::{Record, Said, Timeline};
use crate::history::History;
use jiff::civil::Date;

impl Timeline {
    /// Marks the texts (on the line) whose approval record restates the approval before it, and
    /// reads each such record as that approval's from then on ([`Timeline::stated`]). An
    /// approval of the same day as the one before is new when the text recording it was
    /// committed that day or before (approved, corrected and approved again in a day); for a
    /// merge, the day of the branch's commit that recorded it.
    pub fn mark_restatements(&mut self, history: &History) {
        let mut current: Option<(Record, Date)> = None;
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..self.steps.len() {
            let Said::Read(f) = &self.steps[i].said else { continue };
            let (Some(raw), Some(date)) =
                (f.record, f.approval.as_ref().filter(|a| !a.pending).map(|a| a.date))
            else {
                continue;
            };
            let commit = self.steps[i].commit;
            if let Some(&(_, canonical)) = self.restated.iter().find(|(r, _)| *r == raw) {
                self.restate(i, canonical);
                continue;
            }
            if !seen.insert(raw) {
                continue;
            }
            let restates =
                current.filter(|&(_, day)| date == day && self.recorded_on(commit, raw, history) > day);
            match restates {
                Some((canonical, _)) => {
                    self.restated.push((raw, canonical));
                    self.restate(i, canonical);
                }
                None => current = Some((raw, date)),
            }
        }
    }

    /// The day the text of step `commit` stating `raw` was committed: for a merge that brought
    /// it, the day of the branch's commit that first stated it.
    fn recorded_on(&self, commit: usize, raw: Record, history: &History) -> Date {
        let on_branch = self.approved_on_branch(commit, raw).and_then(|s| {
            let merged = history.merged.get(&commit)?;
            Some(merged.commits.get(s.commit)?.date)
        });
        on_branch.unwrap_or(history.commits[commit].date)
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
    /// The first commit among `first..=last` (one version's commits) that changed the content
    /// of the text its approval was recorded with, while the approval stayed the same: a change
    /// that approval never covered. None when its last text is the text approved (or the
    /// version was never approved, or its texts were not read).
    pub fn unapproved_change(&self, first: usize, last: usize) -> Option<usize> {
        let texts: Vec<(usize, &super::Facts)> = self
            .steps
            .iter()
            .filter(|s| s.blob.is_some() && (first..=last).contains(&s.commit))
            .filter_map(|s| match &s.said {
                Said::Read(f) => Some((s.commit, f)),
                _ => None,
            })
            .collect();
        let approval = texts.last()?.1.record.filter(|_| texts.last().is_some_and(|(_, f)| !f.pending))?;
        let from = texts.iter().position(|(_, f)| f.approves(Some(approval)))?;
        let approved = texts[from].1.body;
        if texts.last()?.1.body == approved {
            return None;
        }
        texts[from..].iter().find(|(_, f)| f.body != approved).map(|&(commit, _)| commit)
    }
}
