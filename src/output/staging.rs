//! Stage 5: write the site atomically. Everything goes into a folder beside the output (a fresh
//! one, or the site the last build replaced, see [`spare`]), which then takes the output's place;
//! a failure at any point leaves the previous site as it was. Only while holding the output's
//! lock, and each file written where a signal can wait for it (see [`publish`]).

use super::cache::{Key, Stamp};
use super::files::Files;
use super::publish::{self, OutputLock, Unfinished};
use super::spare;
pub use super::target::MARKER;
use super::target::{MARKER_TEXT, check_target, safe_join};
use super::units::Sink;
use crate::site::Output;
use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use sha2::Digest as _;

use std::io::{Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// A site being written: files go into a fresh folder beside the output as they are rendered
/// (from any thread); [`Staging::finish`] puts it in the output's place. Dropped unfinished (a
/// failed build), the folder is removed and the previous site stays as it was.
///
/// The folder holds the marker from the start, so that the next build knows it for charta's
/// when this one is killed (`publish::sweep`).
pub struct Staging {
    root: PathBuf,
    out: PathBuf,
    dir: PathBuf,
    /// Where the folder is listed for a signal to remove.
    unfinished: Unfinished,
    /// True once the folder is the output (or gone): nothing left to remove when dropped.
    done: bool,
    /// Paths claimed so far (two rendered files for one path is an error, not a silent
    /// overwrite), each with its stamp once its file is in place: what the build cache records.
    files: Mutex<Files>,
    written: AtomicUsize,
    reused: AtomicUsize,
    /// Where the site this build replaces is kept for the next build, and taken from.
    spare: Option<PathBuf>,
    /// Whether the kept site was taken as this build's folder (at the first file written).
    taken: OnceLock<bool>,
}

/// What a finished site holds.
pub struct Written {
    pub files: usize,
    /// Files taken from the previous site rather than rendered.
    pub reused: usize,
    /// Every path claimed, and the stamp of each file written or reused.
    pub stamps: Files,
}

impl Staging {
    /// Start a site for the output `lock` holds, copying linked files from `root`.
    pub fn new(root: &Path, lock: &OutputLock) -> Result<Staging> {
        let out = lock.out();
        check_target(root, out)?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let unfinished = lock.unfinished().clone();
        // Listed for a signal before anything is written into it.
        let mut listed = unfinished.alone();
        unfinished.check()?;
        let dir = tempfile::Builder::new()
            .prefix(&publish::staging_prefix(out))
            .rand_bytes(publish::RANDOM)
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a temporary folder in {}", parent.display()))?
            .keep();
        listed.push(dir.clone());
        drop(listed);
        let staging = Staging {
            root: root.to_owned(),
            out: out.to_owned(),
            dir,
            unfinished,
            done: false,
            files: Mutex::default(),
            written: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            spare: None,
            taken: OnceLock::new(),
        };
        {
            let _writing = staging.unfinished.writing()?;
            staging.mark()?;
        }
        Ok(staging)
    }

    /// The output folder this site is to take the place of.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Write the marker (the caller holds [`Unfinished::writing`] or [`Unfinished::alone`]).
    fn mark(&self) -> Result<()> {
        std::fs::write(self.dir.join(MARKER), MARKER_TEXT)
            .with_context(|| format!("cannot write {}", self.dir.display()))
    }

    /// Write into the site the last build replaced, kept at `spare`, and keep the one this build
    /// replaces there in turn (on Unix, where a file's other names can be told; and never with
    /// one folder inside the other).
    pub fn recycling(mut self, spare: PathBuf) -> Staging {
        if cfg!(unix) && !spare.starts_with(&self.out) && !self.out.starts_with(&spare) {
            self.spare = Some(spare);
        }
        self
    }

    /// Whether the kept site was taken as this build's folder, which it is the first time a
    /// file is written: then a path may hold the kept site's file or folder already.
    fn taken(&self) -> bool {
        *self.taken.get_or_init(|| {
            let Some(spare) = &self.spare else { return false };
            // The kept site is renamed onto an empty folder, and brings a marker of its own.
            let _ = std::fs::remove_file(self.dir.join(MARKER));
            let taken = spare::take(spare, &self.dir, MARKER);
            if !taken {
                // Not taken: a failure here shows when the marker is written at the end.
                let _ = self.mark();
            }
            taken
        })
    }

    /// Mark the folder as charta's and put it in place of the output. A signal that comes
    /// meanwhile waits until the site is in place; one that came before stops it here.
    pub fn finish(mut self) -> Result<Written> {
        let unfinished = self.unfinished.clone();
        let mut listed = unfinished.alone();
        unfinished.check()?;
        {
            let mut files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            // Kept through the tidying: a build killed there leaves a folder known for charta's.
            files.claim(MARKER);
            if self.taken() {
                spare::prune(&self.dir, &files)
                    .with_context(|| format!("cannot tidy the new site in {}", self.dir.display()))?;
            }
        }
        self.mark()?;
        let written = Written {
            files: self.written.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            stamps: std::mem::take(self.files.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner)),
        };
        // Once more at the last moment: a signal set while the site was tidied stops it here.
        // Failed, the folder is removed when `self` is dropped, after `listed` is released.
        unfinished.check()?;
        spare::swap(self.dir.clone(), &self.out, self.spare.as_deref())?;
        self.done = true;
        listed.retain(|p| *p != self.dir);
        Ok(written)
    }

    fn claim(&self, path: &str) -> bool {
        self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).claim(path)
    }

    /// Where the path claimed next will begin ([`Files::mark`]): what a release snapshot
    /// wrote is what was claimed between the marks before and after it.
    pub fn claims_mark(&self) -> usize {
        self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).mark()
    }

    /// The stamp of the file this build wrote or took at `path`, if it did.
    pub fn stamp_of(&self, path: &str) -> Option<Stamp> {
        self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(path).cloned()
    }

    fn stamp(&self, path: &str, stamp: Stamp) {
        self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).stamp(path, stamp);
    }

    /// Create the folder a file goes in.
    fn parent_of(&self, target: &Path) -> Result<()> {
        let Some(dir) = target.parent() else { return Ok(()) };
        if std::fs::create_dir_all(dir).is_err() && self.taken() {
            // A file of the kept site where this build needs a folder.
            for above in dir.ancestors().take_while(|a| a.starts_with(&self.dir)) {
                if std::fs::symlink_metadata(above).is_ok_and(|m| !m.is_dir()) {
                    spare::clear(above).with_context(|| format!("cannot remove {}", above.display()))?;
                }
            }
        }
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
    }

    /// Write a page: over the kept site's file at that path when it has no other name (its
    /// blocks written again, then cut to length; not emptied first, which on ext4 also flushes
    /// the file when it is closed), otherwise into a new file. Returns the file's metadata.
    fn write_page(
        &self,
        target: &Path,
        write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    ) -> Result<std::fs::Metadata> {
        let mut old_len = None;
        if self.taken() {
            match std::fs::symlink_metadata(target) {
                Ok(meta) if spare::sole_name(&meta) => old_len = Some(meta.len()),
                Ok(_) => self.vacate(target)?,
                Err(_) => {}
            }
        }
        let context = || format!("cannot write {}", target.display());
        let mut file = match old_len {
            Some(_) => std::fs::OpenOptions::new().write(true).open(target).with_context(context)?,
            None => std::fs::File::create(target).with_context(context)?,
        };
        write(&mut file).with_context(context)?;
        let len = file.stream_position().with_context(context)?;
        if old_len.is_some_and(|old| old > len) {
            file.set_len(len).with_context(context)?;
        }
        file.metadata().with_context(|| format!("cannot read {}", target.display()))
    }

    /// Remove what the kept site has at `target`, for a new file or folder of this build.
    fn vacate(&self, target: &Path) -> Result<()> {
        if self.taken() {
            spare::clear(target).with_context(|| format!("cannot remove {}", target.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// An unfinished site is removed (a failed build): the previous one stays as it was.
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut listed = self.unfinished.alone();
        let _ = spare::clear(&self.dir);
        listed.retain(|p| *p != self.dir);
    }
}

impl Sink for Staging {
    fn put(&self, output: Output) -> Result<()> {
        let _writing = self.unfinished.writing()?;
        // The kept site becomes this build's folder before anything is created in it.
        self.taken();
        let target = safe_join(&self.dir, output.path())?;
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
        let n = match output {
            Output::Bytes { path, bytes } => {
                self.parent_of(&target)?;
                let meta = self.write_page(&target, |file| file.write_all(&bytes))?;
                self.stamp(&path, Stamp::of(&meta));
                1
            }
            Output::Joined { path, open, parts, close } => {
                self.parent_of(&target)?;
                let meta = self.write_page(&target, |file| {
                    let mut file = std::io::BufWriter::with_capacity(1 << 16, file);
                    Output::write_joined(&mut file, &open, &parts, &close)?;
                    file.flush()
                })?;
                self.stamp(&path, Stamp::of(&meta));
                1
            }
            Output::Copy { source, path } => {
                let source = safe_join(&self.root, &source)?;
                // Only regular files that really are inside the root: not a link, not a file
                // reached through a linked folder, not a missing file.
                let meta = std::fs::symlink_metadata(&source);
                let inside = source.canonicalize().is_ok_and(|real| real.starts_with(&self.root));
                self.vacate(&target)?;
                if !inside || !meta.is_ok_and(|m| m.is_file()) {
                    return Ok(());
                }
                // Only now: a file not copied makes no folder, in a cold build or a rebuild.
                self.parent_of(&target)?;
                copy_plain(&source, &target)?;
                let meta = std::fs::metadata(&target)
                    .with_context(|| format!("cannot read {}", target.display()))?;
                self.stamp(&path, Stamp::of(&meta));
                1
            }
        };
        self.written.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }

    fn unchanged(&self, files: &[&(String, Stamp)], snapshots: &[String]) -> bool {
        let same = files.par_iter().all(|(path, stamp)| {
            safe_join(&self.out, path)
                .ok()
                .and_then(|p| std::fs::symlink_metadata(p).ok())
                .is_some_and(|m| m.is_file() && Stamp::of(&m) == *stamp)
        });
        if !same {
            return false;
        }
        // Nothing else either (a file or a folder added by hand would not be in a cold build, nor
        // a `releases/` folder where there are no releases), leaving out the marker and the
        // release snapshots, which are checked by their own stamps (`cmd::snapshot::standing`).
        let folders: std::collections::HashSet<&str> =
            files.iter().flat_map(|(path, _)| path.match_indices('/').map(|(i, _)| &path[..i])).collect();
        let relative = |e: &walkdir::DirEntry| {
            e.path().strip_prefix(&self.out).ok().map(|p| p.to_string_lossy().replace('\\', "/"))
        };
        let snapshot = |e: &walkdir::DirEntry| {
            e.depth() == 2
                && relative(e).is_some_and(|r| snapshots.iter().any(|s| s.trim_end_matches('/') == r))
        };
        let mut count = 0;
        let walk = walkdir::WalkDir::new(&self.out)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !(snapshot(e) || e.depth() == 1 && e.file_name() == MARKER));
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_dir() => {
                    if !relative(&e).is_some_and(|r| folders.contains(r.as_str())) {
                        return false;
                    }
                }
                Ok(_) => count += 1,
                Err(_) => return false,
            }
        }
        count == files.len()
    }

    fn fingerprint(&self, path: &str) -> Option<Key> {
        let source = safe_join(&self.root, path).ok()?;
        let real = source.canonicalize().ok()?;
        if !real.starts_with(&self.root) || !std::fs::symlink_metadata(&source).ok()?.is_file() {
            return None;
        }
        Some(sha2::Sha256::digest(std::fs::read(&source).ok()?).into())
    }

    fn reuse(&self, files: &[(String, Stamp)]) -> Result<bool> {
        let _writing = self.unfinished.writing()?;
        let mut sources = Vec::with_capacity(files.len());
        for (path, stamp) in files {
            let source = safe_join(&self.out, path)?;
            match std::fs::symlink_metadata(&source) {
                Ok(meta) if meta.is_file() && Stamp::of(&meta) == *stamp => sources.push((source, meta)),
                _ => return Ok(false),
            }
        }
        for ((path, stamp), (source, meta)) in files.iter().zip(sources) {
            if !self.claim(path) {
                bail!("two pages of the site would both be written to `{path}`; rename one of the documents");
            }
            let target = safe_join(&self.dir, path)?;
            if self.taken() {
                // The kept site often has this very file already: the live site's, by hard link.
                if std::fs::symlink_metadata(&target).is_ok_and(|m| spare::same_file(&m, &meta)) {
                    self.stamp(path, stamp.clone());
                    continue;
                }
                self.vacate(&target)?;
            }
            self.parent_of(&target)?;
            // A second name for the same bytes; where the file system has no hard links, a copy.
            let stamp = match std::fs::hard_link(&source, &target) {
                Ok(()) => stamp.clone(),
                Err(_) => {
                    std::fs::copy(&source, &target)
                        .with_context(|| format!("cannot copy {} into the site", source.display()))?;
                    Stamp::of(&std::fs::metadata(&target)?)
                }
            };
            self.stamp(path, stamp);
        }
        self.written.fetch_add(files.len(), Ordering::Relaxed);
        self.reused.fetch_add(files.len(), Ordering::Relaxed);
        Ok(true)
    }
}

/// Copy a linked file's bytes into a new file of the site, which gets ordinary permissions
/// (not the source's: a linked `bin/tool` with its exec bit is published as plain data).
fn copy_plain(source: &Path, target: &Path) -> Result<()> {
    let context = || format!("cannot copy {} into the site", source.display());
    let mut from = std::fs::File::open(source).with_context(context)?;
    let mut to = std::fs::File::create(target).with_context(context)?;
    std::io::copy(&mut from, &mut to).with_context(context)?;
    Ok(())
}
