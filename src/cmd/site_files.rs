//! The edge of `build` to the files `[site]` publishes as they are: the icon, the logo, extra
//! style sheets and the static folder, found on disk and checked (inside the repository, regular
//! files, nothing hidden, no link followed, nothing that could run scripts on the site's
//! address published under a name a browser would run).

use crate::config::Config;
use crate::site::Published;
use anyhow::{Context as _, Result, bail};
use base64::Engine as _;
use std::collections::BTreeMap;
use std::path::Path;

/// Largest SVG icon or logo put inside every page.
const MAX_INLINE: u64 = 256 << 10;

/// Every file `[site]` publishes. A named file that is not a regular file of the repository is
/// an error naming its key; a static folder that does not exist publishes nothing (it is
/// optional). An SVG icon or logo goes inside the pages as a `data:` URL (an SVG opened from the
/// site's address could run scripts there); a static file of a type that runs scripts is
/// published with `.txt` added, as a linked file is (`links::published_name`).
pub fn find(root: &Path, config: &Config) -> Result<Published> {
    let mut out = BTreeMap::new();
    let mut inline = BTreeMap::new();
    // In a git repository, only what git tracks is the repository's to publish: a file an
    // earlier step of a CI job wrote into the checkout (a cloud credential, a downloaded
    // artifact) is not, whatever the `.gitignore` of a pull request says.
    let git = crate::load::ignores::Git::new(root);
    for (key, file) in config.site.named_files() {
        let path = crate::confine::join(root, file, &format!("charta.toml's {key}"))?;
        let shown = crate::escape::visible(file);
        let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        let hidden = file.split('/').any(|part| part.starts_with('.') && part != "." && part != "..");
        if !regular || hidden {
            bail!(
                "charta.toml: `{key}` names \"{shown}\", which is not a file of the repository (a link or a hidden file is not published); correct the path (it is relative to the repository root)"
            );
        }
        if git.holds(&crate::config::Collection::folder(file), false) == Some(false) {
            bail!(
                "charta.toml: `{key}` names \"{shown}\", which git does not track, so it is not published; add it to the repository (`git add`)"
            );
        }
        // charta.toml's check lets only images and style sheets through; of those, an SVG could
        // run scripts opened from the site's address, so it goes inside the pages instead.
        if crate::links::is_active(file) {
            if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.len() <= MAX_INLINE) {
                bail!(
                    "charta.toml: `{key}` names \"{shown}\", an SVG over {} KiB; an SVG goes inside every page, so name a smaller one, or a PNG",
                    MAX_INLINE >> 10
                );
            }
            let bytes = std::fs::read(&path).with_context(|| format!("cannot read {shown}"))?;
            let url = format!(
                "data:image/svg+xml;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            );
            inline.insert(file.to_owned(), url);
            continue;
        }
        let published = crate::config::Site::published_as(file);
        if let Some(other) = out.insert(published.clone(), file.to_owned()) {
            bail!(
                "charta.toml: `{key}` names \"{shown}\", and another setting names \"{}\": both would be published as {}; rename one",
                crate::escape::visible(&other),
                crate::escape::visible(&published)
            );
        }
    }
    let folder = config.site.static_dir.as_str();
    if folder.is_empty() {
        return Ok(Published { files: out, inline });
    }
    let dir = crate::confine::join(root, folder, "charta.toml's site.static_dir")?;
    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        let shown = crate::escape::visible(folder);
        bail!(
            "charta.toml: `[site] static_dir = \"{shown}\"` names no folder; create it, or correct the path (it is relative to the repository root)"
        );
    }
    // Nothing hidden, nothing an ignore file or `exclude` leaves out, no `node_modules`, no link
    // followed, and in a git repository nothing git does not track: what a clean checkout of
    // the repository has, and means to publish.
    let mut ignores = crate::load::ignores::Ignores::new(root, config.excluded(root), git.clone());
    crate::load::walk_kept(root, &dir, &[], &mut ignores, |entry| {
        let Ok((source, _)) = entry else { return };
        if git.holds(&source, false) == Some(false) {
            return;
        }
        let Some(rel) = source.strip_prefix(folder).and_then(|r| r.strip_prefix('/')) else { return };
        let rel: Vec<String> = rel.split('/').map(str::to_owned).collect();
        // A named file keeps its place; the static folder's own does not replace it.
        out.entry(static_name(&rel)).or_insert(source);
    });
    Ok(Published { files: out, inline })
}

/// Where a file of the static folder (its names below the folder) is published: at the same
/// path, with `.txt` added to a type a browser runs and to a web host's own configuration
/// (`links::published_name`).
fn static_name(rel: &[String]) -> String {
    crate::links::published_name(&rel.join("/")).into_owned()
}
