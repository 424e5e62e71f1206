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

/// Where `[site]`'s named files are published: under `assets/site/`, by file name (the pages
/// link them there, site/context.rs).
pub const NAMED: &str = "assets/site/";

/// Every file `[site]` publishes. A named file that is not a regular file of the repository is
/// an error naming its key; a static folder that does not exist publishes nothing (it is
/// optional). An SVG icon or logo goes inside the pages as a `data:` URL (an SVG opened from the
/// site's address could run scripts there); a static file of a type that runs scripts is
/// published with `.txt` added, as a linked file is (`links::published_name`).
pub fn find(root: &Path, config: &Config) -> Result<Published> {
    let mut out = BTreeMap::new();
    let mut inline = BTreeMap::new();
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
        let name = file.rsplit('/').next().unwrap_or(file);
        if crate::links::is_active(file) {
            let svg = name.rsplit_once('.').is_some_and(|(_, x)| x.eq_ignore_ascii_case("svg"));
            let small = std::fs::symlink_metadata(&path).is_ok_and(|m| m.len() <= MAX_INLINE);
            if key == "site.extra_css" || !svg || !small {
                bail!(
                    "charta.toml: `{key}` names \"{shown}\", a file a browser could run scripts from on the site's address; name an image (PNG, ICO, JPEG, or an SVG under {} KiB, which goes inside the pages)",
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
        if let Some(other) = out.insert(format!("{NAMED}{name}"), file.to_owned()) {
            bail!(
                "charta.toml: `{key}` names \"{shown}\", and another setting names \"{}\": both would be published as {NAMED}{}; rename one",
                crate::escape::visible(&other),
                crate::escape::visible(name)
            );
        }
    }
    let folder = config.site.static_dir.trim_matches('/');
    let dir = crate::confine::join(root, folder, "charta.toml's site.static_dir")?;
    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return Ok(Published { files: out, inline });
    }
    let walk = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk.filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let Ok(rel) = entry.path().strip_prefix(&dir) else { continue };
        let rel: Vec<String> =
            rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let source = if folder.is_empty() || folder == "." {
            rel.join("/")
        } else {
            format!("{folder}/{}", rel.join("/"))
        };
        // A named file keeps its place; the static folder's own does not replace it.
        out.entry(crate::links::published_name(&rel.join("/")).into_owned()).or_insert(source);
    }
    Ok(Published { files: out, inline })
}
