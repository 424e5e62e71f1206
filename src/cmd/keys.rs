//! Stage 1 (I/O) for `check` and `build`: where the roster's signing keys are read from. From
//! the checked-out roster and its key files, or with `[evidence] keys_from` (or `--keys-from`)
//! from the roster as a branch holds it (a pull request's target), so that a key a pull
//! request adds to someone's entry proves nothing until it is merged.

use crate::config::Config;
use crate::evidence::Keyring;
use crate::finding::Finding;
use crate::history::{BranchFiles, History};
use crate::roster::Roster;
use anyhow::{Context, Result};
use std::path::Path;

/// The keyring for `roster` (the checked-out one, whose people the rest of the run names),
/// with the findings about its keys.
pub fn keyring(
    root: &Path,
    config: &Config,
    roster: &Roster,
    history: Option<&History>,
) -> Result<(Keyring, Vec<Finding>)> {
    let roster_path = config.roster.trim_start_matches("./");
    let roster_shown = crate::escape::visible(roster_path);
    let branch = config.evidence.keys_from.as_deref().filter(|_| config.evidence.enabled());
    let (Some(branch), Some(history)) = (branch, history) else {
        if roster.people.iter().all(|p| p.keys.is_empty()) {
            return Ok(Default::default());
        }
        return Ok(Keyring::read(roster, &crate::evidence::keys::from_disk(root), roster_path));
    };
    let shown = crate::escape::visible(branch);
    let folder = crate::history::folder_in_repository(root).unwrap_or_default();
    let files = BranchFiles::at(history, branch, &folder)?.with_context(|| {
        format!(
            "[evidence] keys_from = \"{shown}\": this clone has no branch `{shown}`, neither its own nor a remote's; fetch it (`git fetch origin {shown}`), or correct the name"
        )
    })?;
    let text = files
        .text(roster_path)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("cannot read the roster as the branch {shown} has it"))?
        .unwrap_or_default();
    let trusted = Roster::parse(&text)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("{roster_shown} on the branch {shown} is not a valid roster"))?;
    let (mut keyring, findings) = Keyring::read(&trusted, &|p: &str| files.text(p), roster_path);
    // Each key belongs to the person of the checked-out roster with that id; a person the
    // checkout no longer lists has no keys.
    keyring.keys.retain_mut(|k| match roster.index(&trusted.people[k.person].id) {
        Some(i) => {
            k.person = i;
            true
        }
        None => false,
    });
    let on_branch = |mut f: Finding| {
        f.message = format!("{} (in {roster_shown} as the branch {shown} has it)", f.message);
        f
    };
    Ok((keyring, findings.into_iter().map(on_branch).collect()))
}
