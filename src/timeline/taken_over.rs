//! Stage 2: a path another document took over (a document removed and another added at its
//! path, or written over it in one commit): the texts before are not the history of the
//! document there now, but of one that has left.

use super::{Said, Step, Timeline};
use crate::history::FileVersion;

impl Timeline {
    /// Cut off the texts before the last that states another id than the text before it (both
    /// stating one; a text stating none is taken for the document's): another document's,
    /// which left the path when the first text after them was committed, unless it had been
    /// removed before. Returns that document's versions, the last its removal; None when the
    /// path held one document.
    pub fn split_off_earlier_document(&mut self) -> Option<Vec<FileVersion>> {
        let id = |s: &Step| match &s.said {
            Said::Read(f) if s.blob.is_some() => f.id.clone(),
            _ => None,
        };
        // The last text before the document's own, by its index.
        let mut cut = None;
        let mut before: Option<(usize, String)> = None;
        for (i, step) in self.steps.iter().enumerate() {
            if let Some(now) = id(step) {
                if before.as_ref().is_some_and(|(_, was)| *was != now) {
                    cut = before.as_ref().map(|(at, _)| *at);
                }
                before = Some((i, now));
            }
        }
        let first = (cut? + 1..self.steps.len()).find(|&i| self.steps[i].blob.is_some())?;
        let own = self.steps.split_off(first);
        let earlier = std::mem::replace(&mut self.steps, own);
        let from = self.steps[0].commit;
        self.branches.retain(|&merge, _| merge >= from);
        let mut versions: Vec<FileVersion> = earlier
            .iter()
            .map(|s| FileVersion { commit: s.commit, blob: s.blob, published: s.published })
            .collect();
        if let Some(last) = versions.last().copied().filter(|v| v.blob.is_some()) {
            versions.push(FileVersion { commit: from, blob: None, published: last.published });
        }
        Some(versions)
    }
}
