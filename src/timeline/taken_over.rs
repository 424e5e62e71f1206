//! Stage 2: a path another document took over (a document removed and another added at its
//! path, or written over it in one commit): the texts before are not the history of the
//! document there now, but of one that has left.

use super::{Said, Step, Timeline};
use crate::history::{BlobId, FileVersion, History};
use jiff::civil::Date;

/// The id keys (`crate::document::id_key`) of the documents there now.
pub type Current = std::collections::HashSet<String>;

/// The [`Current`] ids of `documents`.
pub fn current(documents: &[crate::document::Document]) -> Current {
    documents.iter().filter_map(|d| d.meta.id.as_ref()).map(|id| crate::document::id_key(&id.value)).collect()
}

/// Whether two committed texts of `path` that state different ids are one document's
/// (`crate::document::renumbered`).
fn one_document(path: &str, history: &History, (old, new): (Option<BlobId>, Option<BlobId>)) -> bool {
    let read = |blob: Option<BlobId>| history.text(blob?).ok();
    let (Some(old), Some(new)) = (read(old), read(new)) else { return false };
    crate::document::renumbered::renumbered((path, &old), (path, &new))
}

impl Timeline {
    /// Split the texts at this path (`path`, in `history`) by the document that held it.
    /// Another document took it over where a text states another id than the text stating one
    /// before it (ids compared as `crate::document::id_key` compares them), unless the document
    /// was renumbered: the old id is no document's now (`current`: their id keys; else two
    /// documents swapped paths), the new text states the approval date the old one did, and
    /// its title and body say so ([`one_document`]): then it is the same document, whose change of text its
    /// approval must still cover. A text stating no id, and a removal, are the
    /// holder's before it.
    ///
    /// The timeline keeps the texts of the last holder, and of any earlier holder with its id
    /// (a document that came back to its path), with a removal where another held the path
    /// between. Returns the versions of the latest other holder (and of any holder before with
    /// its id), the last its removal; None when the path held one document. The texts of
    /// holders of a third id are not kept.
    pub fn split_off_earlier_document(
        &mut self,
        path: &str,
        history: &History,
        current: &Current,
    ) -> Option<Vec<FileVersion>> {
        // Most timelines hold one text, not read: nothing to split.
        self.steps.iter().filter(|s| matches!(s.said, Said::Read(_))).nth(1)?;
        // Each step's holder (counted from 0), and each holder's id key.
        let mut holders: Vec<usize> = Vec::with_capacity(self.steps.len());
        let mut keys: Vec<Option<String>> = vec![None];
        // The last text stating an id: that id's key, its approval date and its text.
        let mut before: Option<(String, Option<Date>, Option<BlobId>)> = None;
        for step in &self.steps {
            let stated = match &step.said {
                Said::Read(f) if step.blob.is_some() => {
                    f.id.as_deref()
                        .map(|id| (crate::document::id_key(id), f.approval.as_ref().map(|a| a.date)))
                }
                _ => None,
            };
            if let Some((key, approved)) = stated {
                if let Some((was, was_approved, was_blob)) = &before
                    && *was != key
                    && !(!current.contains(was)
                        && *was_approved == approved
                        && one_document(path, history, (*was_blob, step.blob)))
                {
                    keys.push(None);
                }
                *keys.last_mut()? = Some(key.clone());
                before = Some((key, approved, step.blob));
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
