//! Stage 2: a version approved on a branch and changed there after its approval: what the merge
//! that brought it to the line brought is not the text approved. The line's one step for the
//! merge hides it; the site shows the text as approved, and the change as one no approval
//! records, as it does for a change made on the line itself.

use super::{BranchStep, Said, Timeline};

/// The approval of one version's texts was recorded on the branch a merge brought in, and the
/// merge left another text than the one approved.
#[derive(Debug)]
pub struct BranchChange<'a> {
    /// The merge: a commit of the line (an index into `History::commits`).
    pub merge: usize,
    /// The branch's step that recorded the approval: the text approved.
    pub approved: &'a BranchStep,
    /// The branch's steps after it that changed the text, oldest first (none where the merge
    /// itself changed it).
    pub changed: Vec<&'a BranchStep>,
}

impl Timeline {
    /// Where the approval the last text of `first..=last` (one version's commits) is in force
    /// under was first recorded on the branch of a merge among them, and the text that merge
    /// left is not the one approved. None when the version's texts were not read, its last
    /// text is in draft or review, the approval was recorded on the line, or the branch left
    /// the text as approved (a change made on the line since is [`Timeline::unapproved_change`]'s).
    pub fn branch_change(&self, first: usize, last: usize) -> Option<BranchChange<'_>> {
        let texts: Vec<_> = self.texts().filter(|(c, _)| (first..=last).contains(c)).collect();
        let (_, newest) = texts.last()?;
        let approval = newest.record.filter(|_| !newest.pending)?;
        let &(merge, merged) = texts.iter().find(|(_, f)| f.approves(Some(approval)))?;
        let steps = self.branches.get(&merge)?;
        let at = steps.iter().position(|s| matches!(&s.said, Said::Read(f) if f.approves(Some(approval))))?;
        let Said::Read(approved) = &steps[at].said else { return None };
        if approved.restates || approved.body == merged.body {
            return None;
        }
        let mut body = approved.body;
        let changed = steps[at + 1..]
            .iter()
            .filter(|s| match &s.said {
                Said::Read(f) => f.body != std::mem::replace(&mut body, f.body),
                _ => false,
            })
            .collect();
        Some(BranchChange { merge, approved: &steps[at], changed })
    }
}
