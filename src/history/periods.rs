//! Edge (git): charta.toml's `[review] period` along the line, at each commit that changed it:
//! what period an approval recorded then was approved under.

use super::History;
use crate::document::Period;
use git2::{Oid, Repository};

/// Each commit of `config_blobs` (that changed the root's charta.toml, with the blob it left;
/// None: removed) with charta.toml's `[review] period` then; one that cannot be read is left
/// out (the period before it stands).
pub(super) fn read(
    repo: &Repository,
    config_blobs: Vec<(usize, Option<Oid>)>,
) -> Vec<(usize, Option<Period>)> {
    config_blobs
        .into_iter()
        .filter_map(|(commit, blob)| {
            let config = match blob {
                Some(id) => {
                    let blob = super::Objects::blob_within(repo, id, crate::load::MAX_FILE_SIZE)?;
                    crate::config::Config::parse(std::str::from_utf8(blob.content()).ok()?).ok()?
                }
                None => crate::config::Config::default(),
            };
            Some((commit, config.review.period))
        })
        .collect()
}

/// Whether charta.toml's `[review] period` changed along the line (`periods`).
pub(super) fn changed(periods: &[(usize, Option<Period>)]) -> bool {
    let text = |(_, p): &(usize, Option<Period>)| p.as_ref().map(|p| p.text.clone());
    periods.windows(2).any(|w| text(&w[0]) != text(&w[1]))
}

impl History {
    /// Whether charta.toml's `[review] period` changed along the line, or `now` (the working
    /// tree's) is another than the last committed: then each document's committed texts are
    /// all to be read (`crate::timeline`), for what its approval approved.
    pub fn periods_changed(&self, now: Option<&Period>) -> bool {
        let text = |p: Option<&Period>| p.map(|p| p.text.clone());
        changed(&self.review_periods)
            || self.review_periods.last().is_some_and(|(_, last)| text(last.as_ref()) != text(now))
    }

    /// charta.toml's `[review] period` at commit `commit` of the line (see
    /// [`History::review_periods`]): Some(None) for `"none"`; None before the first charta.toml
    /// the line holds, when nobody had chosen a period (a repository that takes up charta).
    pub fn review_period_at(&self, commit: usize) -> Option<Option<Period>> {
        self.review_periods.iter().rev().find(|(c, _)| *c <= commit).map(|(_, period)| period.clone())
    }
}
