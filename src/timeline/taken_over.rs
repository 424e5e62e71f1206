//! Stage 2: a path another document took over (a document removed and another added at its
//! path, or written over it in one commit): the texts before are not the history of the
//! document there now, but of one that has left.

use super::{Record, Said, Step, Timeline};
use crate::history::FileVersion;

impl Timeline {
    /// Split the texts at this path by the document that held the path. Another document took
    /// it over where a text states another id than the text stating one before it (ids compared
    /// as `crate::document::id_key` compares them), unless the two state the same approval
    /// record: a document renumbered with its approval kept is the same document, whose
    /// change of text that approval must still cover. A text stating no id, and a removal, are
    /// the holder's before it.
    ///
    /// The timeline keeps the texts of the last holder, and of any earlier holder with its id
    /// (a document that came back to its path), with a removal where another held the path
    /// between. Returns the versions of the latest other holder (and of any holder before with
    /// its id), the last its removal; None when the path held one document. The texts of
    /// holders of a third id are not kept.
    pub fn split_off_earlier_document(&mut self) -> Option<Vec<FileVersion>> {
        // Each step's holder (counted from 0), and each holder's id key.
        let mut holders: Vec<usize> = Vec::with_capacity(self.steps.len());
        let mut keys: Vec<Option<String>> = vec![None];
        let mut before: Option<(String, Option<Record>)> = None;
        for step in &self.steps {
            let stated = match &step.said {
                Said::Read(f) if step.blob.is_some() => {
                    f.id.as_deref().map(|id| (crate::document::id_key(id), f.record))
                }
                _ => None,
            };
            if let Some((key, record)) = stated {
                if let Some((was, approval)) = &before
                    && *was != key
                    && !(approval.is_some() && *approval == record)
                {
                    keys.push(None);
                }
                *keys.last_mut()? = Some(key.clone());
                before = Some((key, record));
            }
            holders.push(keys.len() - 1);
        }
        let own = keys.last()?.clone();
        let is_own = |h: usize| h + 1 == keys.len() || (own.is_some() && keys[h] == own);
        let other = (0..keys.len()).rev().find(|&h| !is_own(h))?;
        let is_other = |h: usize| !is_own(h) && (h == other || keys[h].is_some() && keys[h] == keys[other]);
        let earlier = held(&self.steps, &holders, is_other)
            .iter()
            .map(|s| FileVersion { commit: s.commit, blob: s.blob, published: s.published })
            .collect();
        self.steps = held(&self.steps, &holders, is_own);
        let commits: std::collections::BTreeSet<usize> = self.steps.iter().map(|s| s.commit).collect();
        self.branches.retain(|merge, _| commits.contains(merge));
        Some(earlier)
    }
}

/// The steps of the holders `member` names (`holders`: each step's), with a removal where
/// another holder took the path over from them.
fn held(steps: &[Step], holders: &[usize], member: impl Fn(usize) -> bool) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::new();
    for (step, &holder) in steps.iter().zip(holders) {
        if member(holder) {
            out.push(step.clone());
        } else if let Some(last) = out.last().filter(|s| s.blob.is_some()) {
            let published = last.published;
            out.push(Step { commit: step.commit, blob: None, published, said: Said::NotRead });
        }
    }
    out
}
