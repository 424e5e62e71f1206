//! Stage 1: the Markdown files under a folder, whatever collection holds them: where documents
//! are when no collection holds one, and which lie outside every collection.

use super::{Collection, Gitignore, Path, PathBuf, ignores, is_markdown, walk_kept};

/// The Markdown files under `root` a walk of it keeps (as a collection `.` would find them),
/// sorted, less a repository's own files (`README.md`, `LICENSE.md`...): where documents are
/// when no collection holds one. Only asked then.
pub fn markdown_under(root: &Path, skip: &[PathBuf], exclude: Gitignore) -> Vec<String> {
    let mut found = every_markdown_under(root, skip, exclude);
    found.retain(|rel| !crate::frontmatter::is_repository_file(rel));
    found
}

/// The Markdown files under `root` a walk of it keeps (as a collection `.` would find them),
/// sorted, a repository's own files (`README.md`...) included.
pub fn every_markdown_under(root: &Path, skip: &[PathBuf], exclude: Gitignore) -> Vec<String> {
    let mut ignores = ignores::Ignores::new(root, exclude, ignores::Git::new(root));
    let mut found = Vec::new();
    walk_kept(root, root, skip, &mut ignores, |entry| {
        if let Ok((rel, entry)) = entry
            && is_markdown(entry.path())
        {
            found.push(rel);
        }
    });
    found
}

/// The Markdown files under `root` that no collection's walk goes to (the collections' folders
/// left out with `skip`), sorted, less a repository's own files (`README.md`...): where
/// controlled documents may lie that nothing checks. None when a collection is the root itself.
pub fn outside_collections(
    root: &Path,
    collections: &[Collection],
    skip: &[PathBuf],
    exclude: Gitignore,
) -> Vec<String> {
    if collections.iter().any(|c| matches!(c.path.trim_matches('/'), "" | ".")) {
        return Vec::new();
    }
    let mut skip = skip.to_vec();
    skip.extend(collections.iter().map(|c| root.join(&c.path)));
    markdown_under(root, &skip, exclude)
}
