//! Stage 1 (I/O): commit one file with git itself, for `charta approve --commit`. git, not
//! libgit2, makes the commit so that it is signed as the user's git signs (`commit.gpgsign`
//! with OpenPGP, SSH or X.509 keys, an agent, a hardware key), which is what makes it evidence.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output> {
    // A path is a path, not a pattern (`*`, `[`, a leading `:`), whatever the file is named.
    Command::new("git")
        .arg("--literal-pathspecs")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .context("cannot run git (is it installed and on the PATH?)")
}

/// Refuse, before anything is written, a commit that could not hold the approval alone: no
/// repository at `root`, or changes to the file at `path` not committed yet (they would go into
/// the approval's commit, signed as the approver's).
pub fn ready_to_commit(root: &Path, path: &str) -> Result<()> {
    let shown = crate::escape::visible(path);
    if !git(root, &["rev-parse", "--is-inside-work-tree"])?.status.success() {
        bail!("--commit needs a git repository, and {shown} is not in one; nothing was written");
    }
    let status = git(root, &["status", "--porcelain", "--", path])?;
    if !status.status.success() || !status.stdout.is_empty() {
        bail!(
            "{shown} has changes not committed yet: commit them first, so that the approval's commit holds the approval alone; nothing was written"
        );
    }
    Ok(())
}

/// Commit the file at `path` (from `root`) alone, with `message`; the new commit's id. Other
/// staged changes stay staged and out of the commit.
pub fn commit_file(root: &Path, path: &str, message: &str) -> Result<String> {
    let git = |args: &[&str]| git(root, args);
    let added = git(&["add", "--", path])?;
    if !added.status.success() {
        bail!(
            "git add {} failed: {}",
            crate::escape::visible(path),
            crate::escape::visible(String::from_utf8_lossy(&added.stderr).trim())
        );
    }
    let committed = git(&["commit", "--quiet", "--message", message, "--only", "--", path])?;
    if !committed.status.success() {
        // Unstaged again: the caller puts the file back as it was.
        let _ = git(&["reset", "--quiet", "--", path]);
        bail!(
            "git commit failed: {}",
            crate::escape::visible(String::from_utf8_lossy(&committed.stderr).trim())
        );
    }
    let head = git(&["rev-parse", "--short", "HEAD"])?;
    Ok(String::from_utf8_lossy(&head.stdout).trim().to_owned())
}
