//! Stage 2: a file's committed texts read from git into a timeline's steps, each text's fields
//! read as the document's own are.

use super::{BranchStep, Facts, Said, Step, Timeline};
use crate::history::{BlobId, History};

impl Timeline {
    /// Read each committed text [`Timeline::of_versions`] left unread.
    pub(crate) fn read_unread(
        &mut self,
        path: &str,
        history: &History,
        names: &crate::frontmatter::schema::Names,
    ) {
        for step in self.steps.iter_mut().filter(|s| matches!(s.said, Said::NotRead)) {
            step.said = said(path, step.blob, history, names);
        }
    }

    /// The timeline of the file at `path` from its `versions` in `history`, each text's
    /// fields read by `names`: read only when there is more than one text to compare (on the
    /// line, or on a branch a merge brought in).
    pub fn of_versions<'h>(
        path: &str,
        versions: impl Iterator<Item = &'h crate::history::FileVersion>,
        history: &History,
        names: &crate::frontmatter::schema::Names,
    ) -> Timeline {
        let versions: Vec<&crate::history::FileVersion> = versions.collect();
        // A text a merge brought in may have had others on the branch (a document written,
        // approved and edited in one pull request reaches the line as one text).
        let branched = |v: &&crate::history::FileVersion| {
            let texts = history.merged.get(&v.commit).and_then(|m| m.files.get(path));
            texts.is_some_and(|texts| texts.iter().any(|t| t.blob != v.blob))
        };
        let compared = versions.iter().filter(|v| v.blob.is_some()).count() > 1
            || versions.iter().any(branched)
            || history.read_every_text;
        let steps = versions
            .into_iter()
            .map(|v| {
                let said = if compared { said(path, v.blob, history, names) } else { Said::NotRead };
                Step { commit: v.commit, blob: v.blob, published: v.published, said }
            })
            .collect::<Vec<Step>>();
        let read = |blob: Option<BlobId>| said(path, blob, history, names);
        // Only where a merge brought an approval record no text before it stated: what the
        // `history/*` rules look for on a branch (most merges bring none, and their branches'
        // texts are not read).
        let mut seen = std::collections::BTreeSet::new();
        let branches = steps
            .iter()
            .filter(|s| match &s.said {
                Said::Read(f) => f.record.is_some_and(|r| seen.insert(r)),
                _ => false,
            })
            .filter_map(|s| Some((s.commit, history.merged.get(&s.commit)?.files.get(path)?)))
            .map(|(merge, texts)| {
                (
                    merge,
                    texts
                        .iter()
                        .map(|t| BranchStep {
                            commit: t.commit,
                            blob: t.blob,
                            published: t.published,
                            said: read(t.blob),
                        })
                        .collect(),
                )
            })
            .collect();
        Timeline { steps, branches, restated: Vec::new(), reused: None }
    }
}

/// What the text `blob` of the file at `path` says, its fields read by `names`; a deletion, nothing.
fn said(
    path: &str,
    blob: Option<BlobId>,
    history: &History,
    names: &crate::frontmatter::schema::Names,
) -> Said {
    match blob {
        Some(blob) => match history.text(blob) {
            Ok(text) => Said::Read(Facts::of(path, &text, names)),
            Err(e) => Said::Unreadable(format!("{e:#}")),
        },
        None => Said::NotRead,
    }
}
