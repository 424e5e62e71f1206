//! Stage 5 support: the kept site walked rather than listed: checked to hold nothing but
//! folders and regular files before it is taken, and pruned of what the build did not write
//! once it is done. Pruning reads the first levels in parallel (a site's breadth is there: a
//! folder per document); below them, and in the check, the walk is iterative, so that a deep
//! tree committed under the cache folder cannot outgrow a thread's stack.

use super::clear;
use crate::output::files::Files;
use rayon::prelude::*;
use std::fs::DirEntry;
use std::io;
use std::path::Path;

/// Levels pruned in parallel, by recursion; those below are walked iteratively.
const PARALLEL: usize = 2;

/// The entries of a folder.
fn entries(dir: &Path) -> io::Result<Vec<DirEntry>> {
    std::fs::read_dir(dir)?.collect()
}

/// True when everything under `dir` is a folder or a regular file, named in UTF-8 (a link would
/// let a write into the kept site land outside it). On this thread alone: the site is taken
/// from within the first page's write, on one of rayon's threads, while others wait for it;
/// work handed to rayon here could be waited for by a thread that is itself waiting for this.
pub fn plain(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir).min_depth(1).into_iter().all(|entry| {
        entry.is_ok_and(|e| {
            let kind = e.file_type();
            (kind.is_dir() || kind.is_file()) && e.file_name().to_str().is_some()
        })
    })
}

/// Remove what the taken site held that this build did not write: files that are not `claimed`
/// (nor inside a claimed folder: a release snapshot copied whole), then the folders that leaves
/// empty. A folder this build needs holds a claimed file, so only the kept site's own go.
pub fn prune(staging: &Path, claimed: &Files) -> io::Result<()> {
    prune_in(staging, "", claimed, 0).map(|_| ())
}

/// Prune the folder `dir`, whose root-relative path is `rel` ("" for the root), `depth` levels
/// down: true when nothing is left in it.
fn prune_in(dir: &Path, rel: &str, claimed: &Files, depth: usize) -> io::Result<bool> {
    let inner = entries(dir).map_err(at(dir))?;
    let gone = inner
        .par_iter()
        .map(|e| prune_entry(e, rel, claimed, depth))
        .try_fold(|| 0, |n, gone| gone.map(|g| n + usize::from(g)))
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    Ok(gone == inner.len())
}

/// Prune one entry of a folder whose root-relative path is `parent`: true when it is gone.
fn prune_entry(entry: &DirEntry, parent: &str, claimed: &Files, depth: usize) -> io::Result<bool> {
    let name = entry.file_name();
    let path = entry.path();
    let name = name.to_str().ok_or_else(|| not_utf8(&path))?;
    let rel = if parent.is_empty() { name.to_owned() } else { format!("{parent}/{name}") };
    if claimed.claimed(&rel) {
        return Ok(false);
    }
    if !entry.file_type().map_err(at(&path))?.is_dir() {
        clear(&path).map_err(at(&path))?;
        return Ok(true);
    }
    let emptied = if depth + 1 < PARALLEL {
        prune_in(&path, &rel, claimed, depth + 1)?
    } else {
        prune_below(&path, &rel, claimed)?
    };
    if emptied {
        std::fs::remove_dir(&path).map_err(at(&path))?;
    }
    Ok(emptied)
}

/// Prune the folder `dir` (root-relative `rel`, not claimed) by an iterative walk, what a
/// folder holds before the folder: true when nothing is left in it.
fn prune_below(dir: &Path, rel: &str, claimed: &Files) -> io::Result<bool> {
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true) {
        // walkdir's error names the path.
        let entry = entry.map_err(|e| io::Error::other(e.to_string()))?;
        let below = entry
            .path()
            .strip_prefix(dir)
            .ok()
            .and_then(Path::to_str)
            .ok_or_else(|| not_utf8(entry.path()))?;
        let path = format!("{rel}/{}", below.replace(std::path::MAIN_SEPARATOR, "/"));
        // Its folders above `dir` are not claimed, or this one would not be walked.
        let inside_claimed =
            path.match_indices('/').any(|(at, _)| at > rel.len() && claimed.claimed(&path[..at]));
        if inside_claimed || claimed.claimed(&path) {
            continue;
        }
        if !entry.file_type().is_dir() {
            clear(entry.path()).map_err(at(entry.path()))?;
            continue;
        }
        match std::fs::remove_dir(entry.path()) {
            // A folder that holds a claimed file stays.
            Err(e) if e.kind() == io::ErrorKind::DirectoryNotEmpty => {}
            other => other.map_err(at(entry.path()))?,
        }
    }
    Ok(std::fs::read_dir(dir).map_err(at(dir))?.next().is_none())
}

/// An error about `path`, saying which.
fn at(path: &Path) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn not_utf8(path: &Path) -> io::Error {
    // Every name was UTF-8 when the site was taken, and the build writes only such names.
    io::Error::other(format!("{}: a file name that is not UTF-8", path.display()))
}
