//! Stage 5 support: the site a build replaces. Once the new site is in its place, the old one
//! is kept in the cache folder (`replaced-site`) and taken as the next build's staging folder:
//! its folders stand and its files are rewritten in place, so a rebuild creates few new files
//! and folders. On ext4, creating thousands of them soon after deleting thousands is slow (a
//! new inode skips every recently freed one).
//!
//! Only a folder that holds the site marker and nothing but folders and regular files is taken;
//! anything else is removed. A file that has another name (a page the live site shares by hard
//! link) is never written in place.

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};

pub use walk::prune;

/// The kept site's folder, inside the cache folder.
pub const NAME: &str = "replaced-site";

/// Move the site kept at `spare` into `staging` (an empty folder beside the output); true when
/// it was taken. A kept site that is not one (no `marker`), holds anything but folders and
/// regular files, or cannot be moved is removed instead, and `staging` stays empty.
///
/// What it held is not listed: a file the build writes is looked at where it goes, and what the
/// build did not write is found by walking the folder when it is pruned. A listing of a site of
/// 140,000 files and their folders, held from the first page to the last, was 17 MB of a
/// rebuild's peak memory.
pub fn take(spare: &Path, staging: &Path, marker: &str) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(spare) else { return false };
    let fits = meta.is_dir()
        && std::fs::symlink_metadata(spare.join(marker)).is_ok_and(|m| m.is_file())
        && walk::plain(spare);
    // Renaming a folder onto an empty one replaces it.
    if fits && std::fs::rename(spare, staging).is_ok() {
        return true;
    }
    // Only a site charta built is removed: `site.cache_dir` may name a folder that holds
    // something else, and that is left as it is (and not used).
    if ours(spare) {
        let _ = clear(spare);
    }
    false
}

/// True when what is at `path` may be removed: a folder marked as a site charta built, or a
/// symbolic link (removing a link removes nothing it points to).
fn ours(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        || super::target::is_marked(path)
}

/// Keep `old`, the site just replaced, as the next build's, at `spare`. When it cannot be moved
/// there (another file system), it is handed back, to be removed.
pub fn keep(old: PathBuf, spare: &Path) -> std::result::Result<(), PathBuf> {
    // A site kept earlier and never taken (a build that wrote nothing) is older than `old`;
    // anything else there is not charta's to remove, and the old site is removed instead.
    let taken = std::fs::symlink_metadata(spare).is_ok();
    if taken && (!ours(spare) || clear(spare).is_err()) {
        return Err(old);
    }
    if let Some(parent) = spare.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::rename(&old, spare).map_err(|_| old)
}

/// Remove whatever is at `path`: a file, a link, a whole folder. Nothing there is fine.
pub fn clear(path: &Path) -> io::Result<()> {
    let result = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// True when this is the file's only name, so that writing it changes nothing else.
pub fn sole_name(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.is_file() && meta.nlink() == 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// True when the two are the same file (two names of one inode).
pub fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.is_file() && a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Put the staged folder in place of `out`. The old site is then kept at `spare` for the next
/// build, or removed; either only once the new one is there.
///
/// Where the file system can, the two folders exchange names in one step, so that `out` is
/// always a whole site, the old or the new one, even when the process is killed; the old site is
/// then at the staged folder's name until it is kept or removed (and a build killed there
/// leaves it for the next build to remove, see `publish::sweep`). Elsewhere: two renames, with
/// a moment between them when `out` is missing.
pub fn swap(staged: PathBuf, out: &Path, spare: Option<&Path>) -> Result<()> {
    let moved = || format!("cannot move the new site to {}", out.display());
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(&staged, out).with_context(moved);
    }
    let old = if exchange(&staged, out).with_context(moved)? {
        staged
    } else {
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
            return Err(e).with_context(moved);
        }
        old
    };
    let old = match spare {
        Some(spare) => match keep(old, spare) {
            Ok(()) => return Ok(()),
            Err(old) => old,
        },
        None => old,
    };
    remove_tree(&old).with_context(|| format!("cannot remove the previous site at {}", old.display()))
}

/// Exchange the names of two folders in one step. False when the system or the file system
/// cannot (an old kernel, a file system that refuses the flag): nothing was changed.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// `remove_dir_all`, with the folders of the top level removed in parallel: a site of many
/// thousand folders takes the file system a while to unlink.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            folders.push(entry.path());
        }
    }
    folders.par_iter().try_for_each(|f| {
        // Each top-level folder's own subfolders, too, so that one large collection is shared.
        let subs: Vec<PathBuf> = std::fs::read_dir(f)?
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        subs.par_iter().try_for_each(std::fs::remove_dir_all)
    })?;
    std::fs::remove_dir_all(dir)
}

mod walk;

#[cfg(test)]
mod tests;
