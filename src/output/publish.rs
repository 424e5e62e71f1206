//! Stage 5 support: what keeps publishing safe around a build. One build at a time into an
//! output (a lock file beside it), the leftovers of builds that were killed removed by the next
//! one, and the folders a build is writing listed, so that a signal can remove them before the
//! process ends.

use super::spare;
use anyhow::{Context as _, Result, bail};
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// How many random characters follow a staging folder's prefix (tempfile's alphanumerics).
pub const RANDOM: usize = 6;

/// The output's folder name, and the folder it is in.
fn name_and_parent(out: &Path) -> (String, PathBuf) {
    let name = out.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    (name, parent.to_owned())
}

/// How the name of a staging folder for `out` begins (`.public.charta-new-`).
pub fn staging_prefix(out: &Path) -> String {
    format!(".{}.charta-new-", name_and_parent(out).0)
}

/// Whether `entry`, a name in the output's folder, is one charta gives a staging folder, or the
/// site moved aside by a swap of two renames, for the output named `name`.
fn leftover_name(entry: &str, name: &str) -> bool {
    if let Some(random) = entry.strip_prefix(&format!(".{name}.charta-new-")) {
        return random.len() == RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    entry
        .strip_prefix(&format!(".{name}.charta-old-"))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Paths a build has begun and not finished (its staging folder, the lock file it holds), for a
/// signal to remove before the process ends. Cloned handles share one list.
#[derive(Clone, Default)]
pub struct Unfinished(Arc<Inner>);

#[derive(Default)]
struct Inner {
    paths: RwLock<Vec<PathBuf>>,
    /// The signal that stops the process, 0 until one comes: set by the signal handler itself
    /// (`signal_hook::flag::register_usize`), before any thread runs on.
    signal: Arc<AtomicUsize>,
}

impl Unfinished {
    /// The number a signal handler sets to its signal: nothing is written or published after.
    pub fn signal(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.0.signal)
    }

    /// The signal that stopped the process, if one did.
    pub fn stopped(&self) -> Option<i32> {
        i32::try_from(self.0.signal.load(Ordering::SeqCst)).ok().filter(|&s| s != 0)
    }

    /// Remove every unfinished path, the newest first (the staging folder, then the lock). Waits
    /// for files being written to be done; none is written after (the signal is set first).
    pub fn stop(&self) {
        let mut paths = self.0.paths.write().unwrap_or_else(PoisonError::into_inner);
        for path in paths.drain(..).rev() {
            let _ = spare::clear(&path);
        }
    }

    pub(super) fn add(&self, path: PathBuf) {
        self.0.paths.write().unwrap_or_else(PoisonError::into_inner).push(path);
    }

    /// Held while a file is written into a staging folder, so that [`Unfinished::stop`] does not
    /// remove the folder under it. An error once a signal came: the build ends there.
    pub(super) fn writing(&self) -> Result<RwLockReadGuard<'_, Vec<PathBuf>>> {
        let guard = self.0.paths.read().unwrap_or_else(PoisonError::into_inner);
        self.check()?;
        Ok(guard)
    }

    /// Held while the site is put in place, or a path removed and forgotten: alone.
    pub(super) fn alone(&self) -> RwLockWriteGuard<'_, Vec<PathBuf>> {
        self.0.paths.write().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn check(&self) -> Result<()> {
        if let Some(signal) = self.stopped() {
            bail!("interrupted by signal {signal}");
        }
        Ok(())
    }
}

/// The lock of builds into one output: a file beside it (`.NAME.charta-lock`), locked while a
/// build runs and removed when it ends, so that nothing is left behind.
pub struct OutputLock {
    /// Kept open: the lock lasts as long as the file is open.
    _file: File,
    path: PathBuf,
    out: PathBuf,
    unfinished: Unfinished,
}

impl OutputLock {
    /// Take the lock of builds into `out`. When another build holds it, `waiting` is called
    /// once and this one waits until that build ends.
    pub fn acquire(out: &Path, unfinished: &Unfinished, waiting: impl FnOnce(&Path)) -> Result<OutputLock> {
        let (name, parent) = name_and_parent(out);
        std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let path = parent.join(format!(".{name}.charta-lock"));
        let context = || format!("cannot lock {}", path.display());
        let mut waiting = Some(waiting);
        loop {
            let file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(crate::confine::own_file(&path).with_context(context)?)
                .with_context(context)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if let Some(waiting) = waiting.take() {
                        waiting(&path);
                    }
                    file.lock().with_context(context)?;
                }
                Err(TryLockError::Error(e)) => return Err(e).with_context(context),
            }
            // The build before may have removed the file between our opening and locking it:
            // then the lock is of a file nobody else will look at, and it is taken again.
            if still_named(&file, &path) {
                unfinished.add(path.clone());
                return Ok(OutputLock {
                    _file: file,
                    path,
                    out: out.to_owned(),
                    unfinished: unfinished.clone(),
                });
            }
        }
    }

    /// The output the lock is for.
    pub fn out(&self) -> &Path {
        &self.out
    }

    pub(super) fn unfinished(&self) -> &Unfinished {
        &self.unfinished
    }
}

impl Drop for OutputLock {
    /// The file is removed while still locked; a build waiting for it then finds it gone and
    /// makes a new one.
    fn drop(&mut self) {
        let mut paths = self.unfinished.alone();
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        paths.retain(|p| *p != self.path);
    }
}

/// Whether `path` still names the open `file`.
fn still_named(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        // The file is never removed there: the name is the file's.
        let _ = (file, path);
        true
    }
}

/// Remove what builds into this output that were killed left beside it: their staging folders
/// (`.NAME.charta-new-` and six letters or digits) and the site a swap of two renames had moved
/// aside (`.NAME.charta-old-` and a process id). Only a folder named exactly so that holds
/// charta's marker, or nothing: a folder charta did not make is never removed. When the output
/// itself is missing (a build killed between the two renames), the site moved aside is put back
/// in its place, not removed. Returns what could not be removed, as messages.
pub fn sweep(lock: &OutputLock) -> Vec<String> {
    let (name, parent) = name_and_parent(lock.out());
    let Ok(entries) = std::fs::read_dir(&parent) else { return Vec::new() };
    let mut entries: Vec<std::fs::DirEntry> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    let mut missing = std::fs::symlink_metadata(lock.out()).is_err();
    let moved_aside = format!(".{name}.charta-old-");
    let mut failed = Vec::new();
    for entry in entries {
        let path = entry.path();
        let file_name = entry.file_name();
        let named = file_name.to_str().is_some_and(|n| leftover_name(n, &name));
        // Not followed: a link with such a name is not charta's folder.
        let folder = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !named || !folder || !charta_made(&path) {
            continue;
        }
        let aside = file_name.to_str().is_some_and(|n| n.starts_with(&moved_aside));
        if missing && aside && super::target::is_marked(&path) && std::fs::rename(&path, lock.out()).is_ok() {
            missing = false;
            continue;
        }
        if let Err(e) = spare::clear(&path) {
            failed.push(format!("cannot remove {}, left by a build that was stopped: {e}", path.display()));
        }
    }
    failed
}

/// A folder charta made: its marker is there (every staging folder has it from the start), or
/// it is empty.
fn charta_made(dir: &Path) -> bool {
    super::target::is_marked(dir) || std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::target::MARKER;

    #[test]
    fn only_charta_s_own_names_are_leftovers() {
        for name in [".public.charta-new-a1B2c3", ".public.charta-old-4711"] {
            assert!(leftover_name(name, "public"), "{name}");
        }
        for name in [
            ".public.charta-new-a1B2c",
            ".public.charta-new-a1B2c3d",
            ".public.charta-new-a1B2-3",
            ".public.charta-new-mine-backup",
            ".public.charta-old-",
            ".public.charta-old-12a",
            ".site.charta-new-a1B2c3",
            "public.charta-new-a1B2c3",
            ".public.charta-lock",
            "public",
        ] {
            assert!(!leftover_name(name, "public"), "{name}");
        }
    }

    #[test]
    fn a_named_folder_is_swept_only_when_marked_or_empty() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let dir = |n: &str| tmp.path().join(n);
        std::fs::create_dir(dir(".public.charta-new-aaaaaa")).unwrap();
        std::fs::create_dir_all(dir(".public.charta-new-bbbbbb/sop")).unwrap();
        std::fs::write(dir(".public.charta-new-bbbbbb").join(MARKER), "").unwrap();
        std::fs::create_dir(dir(".public.charta-new-cccccc")).unwrap();
        std::fs::write(dir(".public.charta-new-cccccc/notes.txt"), "mine").unwrap();
        std::fs::write(dir(".public.charta-new-dddddd"), "a file").unwrap();
        let lock = OutputLock::acquire(&out, &Unfinished::default(), |_| {}).unwrap();
        assert!(sweep(&lock).is_empty());
        assert!(!dir(".public.charta-new-aaaaaa").exists());
        assert!(!dir(".public.charta-new-bbbbbb").exists());
        assert!(dir(".public.charta-new-cccccc/notes.txt").is_file());
        assert!(dir(".public.charta-new-dddddd").is_file());
    }

    #[test]
    fn a_site_moved_aside_by_a_killed_swap_is_put_back_not_swept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let aside = tmp.path().join(".public.charta-old-4711");
        std::fs::create_dir(&aside).unwrap();
        std::fs::write(aside.join(MARKER), "").unwrap();
        std::fs::write(aside.join("index.html"), "the only site").unwrap();
        let lock = OutputLock::acquire(&out, &Unfinished::default(), |_| {}).unwrap();
        assert!(sweep(&lock).is_empty());
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "the only site");
        assert!(!aside.exists());
        // With the output there, such a folder is a leftover.
        std::fs::create_dir(&aside).unwrap();
        std::fs::write(aside.join(MARKER), "").unwrap();
        assert!(sweep(&lock).is_empty());
        assert!(!aside.exists() && out.join("index.html").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_file_goes_with_the_lock_and_a_signal_removes_what_is_unfinished() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let unfinished = Unfinished::default();
        let lock = OutputLock::acquire(&out, &unfinished, |_| panic!("nobody else holds it")).unwrap();
        let path = tmp.path().join(".public.charta-lock");
        assert!(path.is_file());
        drop(lock);
        assert!(!path.exists());

        let _lock = OutputLock::acquire(&out, &unfinished, |_| {}).unwrap();
        let staging = tmp.path().join(".public.charta-new-xxxxxx");
        std::fs::create_dir_all(staging.join("sop")).unwrap();
        unfinished.add(staging.clone());
        unfinished.signal().store(15, Ordering::SeqCst);
        assert!(unfinished.writing().is_err());
        unfinished.stop();
        assert!(!staging.exists() && !path.exists());
    }
}
