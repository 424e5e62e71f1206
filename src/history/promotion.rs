//! Stage 1 (I/O): how each commit of the main line reached the release branch, for
//! `[evidence] release_branch` and `promote_from`: straight onto it, or by a merge of a commit
//! that one of the allowed branches holds.

use super::History;
use anyhow::{Context, Result};
use git2::{BranchType, Oid, Repository};

/// How one commit of the main line reached the release branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// It is not on the release branch (yet).
    Elsewhere,
    /// Committed onto it: not a merge.
    Direct,
    /// A merge of a commit the branch `from` holds (None: no allowed branch holds it).
    Merged { from: Option<String> },
}

/// The route of each commit of the main line (index into `History::commits`); None when the
/// clone has no branch of that name (neither local nor of a remote).
pub fn read(history: &History, release: &str, allowed: &[String]) -> Result<Option<Vec<Route>>> {
    let repo = Repository::open(&history.objects.git_dir)
        .with_context(|| format!("cannot open the git repository {}", history.objects.git_dir.display()))?;
    let Some(tip) = branch(&repo, release) else { return Ok(None) };
    let allowed: Vec<(String, Oid)> =
        allowed.iter().filter_map(|name| Some((name.clone(), branch(&repo, name)?))).collect();
    let mut routes = Vec::with_capacity(history.commits.len());
    for c in &history.commits {
        let oid = Oid::from_str(&c.id).with_context(|| format!("commit {}", c.id))?;
        let on_release = oid == tip || repo.graph_descendant_of(tip, oid).unwrap_or(false);
        if !on_release {
            routes.push(Route::Elsewhere);
            continue;
        }
        let commit = repo.find_commit(oid).with_context(|| format!("cannot read commit {}", c.id))?;
        if commit.parent_count() < 2 {
            routes.push(Route::Direct);
            continue;
        }
        // Each branch merged (an octopus merges several) from a branch promotion allows.
        let held_by = |merged: Oid| {
            allowed
                .iter()
                .find(|(_, held)| *held == merged || repo.graph_descendant_of(*held, merged).unwrap_or(false))
                .map(|(name, _)| name.clone())
        };
        let from: Option<Vec<String>> = commit.parent_ids().skip(1).map(held_by).collect();
        routes.push(Route::Merged { from: from.and_then(|names| names.into_iter().next()) });
    }
    Ok(Some(routes))
}

/// The tip of the branch `name`: the local one, else a remote's named whole (`origin/main`),
/// else a remote's of that name (`main`: `origin/main`).
pub(super) fn branch(repo: &Repository, name: &str) -> Option<Oid> {
    for kind in [BranchType::Local, BranchType::Remote] {
        if let Ok(b) = repo.find_branch(name, kind) {
            return b.get().target();
        }
    }
    let remotes = repo.branches(Some(BranchType::Remote)).ok()?;
    remotes.filter_map(Result::ok).find_map(|(b, _)| {
        let full = b.name().ok().flatten()?.to_owned();
        full.rsplit_once('/').filter(|(_, short)| *short == name).and_then(|_| b.get().target())
    })
}
