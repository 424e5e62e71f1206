//! Stage 5: write the site atomically. Everything goes into a fresh folder beside the output,
//! which then takes the output's place; a failure at any point leaves the previous site as it was.

use super::render::{Output, Sink};
use anyhow::{Context, Result, bail};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A root-relative output path, refused if it could land outside the output folder.
fn safe_join(base: &Path, rel: &str) -> Result<PathBuf> {
    let rel_path = Path::new(rel);
    let ok = !rel.is_empty() && rel_path.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        bail!("refusing to write `{rel}`: it would land outside the output folder");
    }
    Ok(base.join(rel_path))
}

/// The file that marks a folder as a site charta built, so it may be replaced.
pub const MARKER: &str = ".charta-site";

/// Refuse an output folder whose replacement would destroy something that is not a charta site.
fn check_target(root: &Path, out: &Path) -> Result<()> {
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

/// A site being written: files go into a fresh folder beside the output as they are rendered
/// (from any thread); [`Staging::finish`] puts it in the output's place. Dropped unfinished (a
/// failed build), the folder is removed and the previous site stays as it was.
pub struct Staging {
    root: PathBuf,
    out: PathBuf,
    dir: tempfile::TempDir,
    /// Paths written so far: two rendered files for one path is an error, not a silent overwrite.
    claimed: Mutex<HashSet<String>>,
    written: AtomicUsize,
}

impl Staging {
    /// Start a site for `out`, copying linked files from `root`.
    pub fn new(root: &Path, out: &Path) -> Result<Staging> {
        check_target(root, out)?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name =
            out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.charta-new-"))
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?;
        Ok(Staging {
            root: root.to_owned(),
            out: out.to_owned(),
            dir,
            claimed: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
        })
    }

    /// Mark the folder as charta's and put it in place of the output. Returns the number of files.
    pub fn finish(self) -> Result<usize> {
        std::fs::write(
            self.dir.path().join(MARKER),
            "This folder is a site built by charta; charta build replaces it.\n",
        )
        .with_context(|| format!("cannot write {}", self.dir.path().display()))?;
        let written = self.written.load(Ordering::Relaxed);
        swap(self.dir.keep(), &self.out)?;
        Ok(written)
    }

    fn claim(&self, path: &str) -> bool {
        self.claimed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_owned())
    }
}

impl Sink for Staging {
    fn put(&self, output: Output) -> Result<()> {
        let target = safe_join(self.dir.path(), output.path())?;
        if !self.claim(output.path()) {
            return match output {
                // A linked file named like a page the site makes itself: the site's own wins.
                Output::Copy { .. } => Ok(()),
                _ => bail!(
                    "two pages of the site would both be written to `{}`; rename one of the documents",
                    output.path()
                ),
            };
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let n = match output {
            Output::Bytes { bytes, .. } => {
                std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))?;
                1
            }
            Output::Keep { path } => keep(&safe_join(&self.out, &path)?, &target)?,
            Output::Copy { path } => {
                let source = safe_join(&self.root, &path)?;
                // Only regular files that really are inside the root: not a link, not a file
                // reached through a linked folder, not a missing file.
                let meta = std::fs::symlink_metadata(&source);
                let inside = source.canonicalize().is_ok_and(|real| real.starts_with(&self.root));
                if !inside || !meta.is_ok_and(|m| m.is_file()) {
                    return Ok(());
                }
                std::fs::copy(&source, &target)
                    .with_context(|| format!("cannot copy {} into the site", source.display()))?;
                1
            }
        };
        self.written.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }
}

/// Copy a folder of the previous site into the new one (regular files only).
fn keep(from: &Path, to: &Path) -> Result<usize> {
    let mut n = 0;
    for entry in walkdir::WalkDir::new(from).follow_links(false).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read the previous site's {}", from.display()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)
                .with_context(|| format!("cannot create {}", target.display()))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
            n += 1;
        }
    }
    Ok(n)
}

/// Put the staged folder in place of `out`; the old site is removed only once the new one is there.
fn swap(staged: PathBuf, out: &Path) -> Result<()> {
    if !out.exists() {
        return std::fs::rename(&staged, out)
            .with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    let old = out.with_file_name(format!(
        ".{}.charta-old-{}",
        out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    std::fs::rename(out, &old)
        .with_context(|| format!("cannot move the previous site {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(&staged, out) {
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(e).with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    std::fs::remove_dir_all(&old)
        .with_context(|| format!("cannot remove the previous site at {}", old.display()))
}

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
