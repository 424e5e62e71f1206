//! Stage 1 at the edge of the commands: where the documents are (the collections' folders,
//! each inside the repository; those charta.toml names that are not there) and where
//! controlled documents lie outside every collection.

use crate::config::Config;
use crate::load;
use anyhow::Result;
use std::path::Path;

/// The collections to read ([`load::collections`]), each folder inside the repository (one
/// that does not exist is a finding, [`missing_folders`]). `[site] links_root` must exist:
/// with a typo in it, every link from the root would be read from nowhere.
pub fn collections(root: &Path, config: &Config) -> Result<Vec<crate::config::Collection>> {
    let collections = load::collections(root, config);
    for c in &collections {
        crate::confine::join(root, &c.path, "charta.toml's collections.path")?;
    }
    let links = &config.site.links_root;
    if !links.is_empty() && !crate::confine::join(root, links, "charta.toml's site.links_root")?.is_dir() {
        anyhow::bail!(
            "charta.toml: `[site] links_root = \"{}\"` names no folder; name the folder your site generator serves at `/` (such as \"content\"), or remove the key",
            crate::escape::visible(links)
        );
    }
    Ok(collections)
}

/// Of the Markdown files `outside` (root-relative), those whose front matter states what a
/// controlled document states (`Meta::states_control`), read in parallel; a file that cannot be
/// read, or is larger than any document charta reads, is left out.
pub(super) fn controlled(
    root: &Path,
    outside: Vec<String>,
    names: &crate::frontmatter::schema::Names,
) -> Vec<String> {
    use rayon::prelude::*;
    outside
        .into_par_iter()
        .filter(|rel| {
            let path = root.join(rel);
            let small = std::fs::symlink_metadata(&path)
                .is_ok_and(|m| m.is_file() && m.len() <= load::MAX_MARKDOWN_SIZE);
            let text = if small { std::fs::read_to_string(&path).ok() } else { None };
            text.is_some_and(|text| states_control(rel, &text, names))
        })
        .collect()
}

/// Whether the Markdown `text` (of the file `rel`) states what a controlled document does: one
/// outside every collection is neither checked nor published, not even as a file a document
/// links to.
pub(super) fn states_control(rel: &str, text: &str, names: &crate::frontmatter::schema::Names) -> bool {
    crate::frontmatter::read_named(rel, text, names).meta.states_control(names)
}

/// The collections (by index) whose folder charta.toml names but the root does not hold (a
/// misspelt path; a folder git did not keep, as it keeps no empty folder): each a
/// `collection/missing-folder` finding, and the rest of the repository still checked.
pub fn missing_folders(
    root: &Path,
    config: &Config,
    collections: &[crate::config::Collection],
) -> Vec<usize> {
    match config.collections.is_empty() {
        true => Vec::new(),
        false => (0..collections.len()).filter(|&i| !root.join(&collections[i].path).is_dir()).collect(),
    }
}
