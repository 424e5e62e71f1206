//! Stage 5 support: the output folder: the marker that makes a folder charta's (only such a
//! folder is replaced or removed), whether a site may be written to a folder, and the paths
//! written inside it.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

/// A root-relative output path, refused if it could land outside the output folder.
pub(super) fn safe_join(base: &Path, rel: &str) -> Result<PathBuf> {
    if !crate::confine::is_plain(rel) {
        bail!("refusing to write `{rel}`: it would land outside the output folder");
    }
    Ok(base.join(rel))
}

/// The file that marks a folder as a site charta built, so it may be replaced.
pub const MARKER: &str = ".charta-site";

/// True when `dir` is a folder (not a link to one) that holds charta's marker.
pub fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Refuse an output folder whose replacement would destroy something that is not a charta site.
pub fn check_target(root: &Path, out: &Path) -> Result<()> {
    if out.file_name().is_none() {
        bail!(
            "cannot write the site to {}: it names no folder of its own (the lock and the new site go beside it); choose another --out",
            out.display()
        );
    }
    let out_abs = out.canonicalize().unwrap_or_else(|_| out.to_owned());
    if root.starts_with(&out_abs) {
        bail!(
            "refusing to write the site to {}: it holds the repository itself; choose another --out",
            out.display()
        );
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let empty = std::fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_none();
        if !empty {
            bail!(
                "refusing to replace {}: it is not a site charta built (no {MARKER} file); remove it or choose another --out",
                out.display()
            );
        }
    } else if out.exists() && !out.is_dir() {
        bail!("cannot write the site to {}: it is a file, not a folder", out.display());
    }
    Ok(())
}

/// Refuse an output folder that is a folder of documents (`sources`: the collections' folders),
/// or holds one: the build would replace the documents with their site (a marker file committed
/// there makes it look like a site of charta's).
pub fn check_not_sources(out: &Path, sources: &[std::path::PathBuf]) -> Result<()> {
    let out_abs = out.canonicalize().unwrap_or_else(|_| out.to_owned());
    for source in sources.iter().filter_map(|s| s.canonicalize().ok()) {
        if source.starts_with(&out_abs) {
            bail!(
                "refusing to write the site to {}: it holds the documents of the collection folder {}, which the site would replace; set another `output_dir` in charta.toml, or pass --out",
                crate::escape::visible(&out.display().to_string()),
                crate::escape::visible(&source.display().to_string())
            );
        }
    }
    Ok(())
}

/// Refuse a build cache folder (`cache`) that is the output folder (`out`) or inside it: the
/// cache would be published with the site, and replaced with it. (An output inside the cache
/// is `charta serve`'s own.)
pub fn check_apart(out: &Path, cache: &Path) -> Result<()> {
    let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_owned());
    if absolute(cache).starts_with(absolute(out)) {
        bail!(
            "refusing to build into {} with the build cache in {}: the cache would be published with the site, and replaced with it; set `cache_dir` outside `output_dir` in charta.toml, or pass --out or --no-cache",
            crate::escape::visible(&out.display().to_string()),
            crate::escape::visible(&cache.display().to_string())
        );
    }
    Ok(())
}

/// The marker's text.
pub(super) const MARKER_TEXT: &str = "This folder is a site built by charta; charta build replaces it.\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_escape_are_refused() {
        let base = Path::new("/tmp/out");
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(safe_join(base, bad).is_err(), "{bad}");
        }
        assert_eq!(safe_join(base, "a/b.html").unwrap(), Path::new("/tmp/out/a/b.html"));
    }
}
