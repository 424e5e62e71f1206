//! Edge: the git history of a repository's documents, read as `analyze` and `new` read it (the
//! collections' Markdown files, and where the site publishes a document from).

use crate::config::Config;
use crate::history::{self, History};
use crate::load;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// The git history of the documents of `collections` (None outside git, or with `[history]
/// enabled = false`): what `analyze` reads, and `new` for the ids of removed documents. `skip`
/// (the output) and `excluded` are where the site publishes no document from.
pub fn read_history(
    root: &Path,
    config: &Config,
    collections: &[crate::config::Collection],
    (skip, excluded): (&[PathBuf], &ignore::gitignore::Gitignore),
) -> Result<Option<History>> {
    if !config.history.enabled {
        return Ok(None);
    }
    let tracked =
        |path: &str| load::is_markdown(Path::new(path)) && load::collection_of(collections, path).is_some();
    // Where the site publishes a document from: as the walk of the collections goes (of
    // today's, or of those a commit's charta.toml named).
    let published = history::Publishing {
        now: collections.to_vec(),
        publishes: |collections: &[crate::config::Collection], path: &str| {
            load::site_document(collections, &config.site.static_dir, excluded, path)
                && !skip.iter().any(|folder| root.join(path).starts_with(folder))
        },
    };
    history::read(root, (tracked, published), &config.history.releases)
}
