//! Edge (git): the release tags, each with its tree's files, dated as the site shows them.

use super::{BlobId, Commit, Moment, Release, changes, commit_info};
use anyhow::{Context, Result};
use git2::Repository;
use std::collections::BTreeMap;

/// The tags `glob` picks (`v*`), each with the files of its commit's tree under the root folder
/// `prefix`, dated as its tag states.
pub(super) fn read(repo: &Repository, glob: &str, prefix: &str) -> Result<Vec<Release>> {
    let mut releases = Vec::new();
    let names = repo.tag_names(Some(glob))?;
    for name in names.iter().filter_map(|n| n.ok().flatten()) {
        let Ok(object) = repo.revparse_single(name) else { continue };
        let Ok(commit) = object.peel_to_commit() else { continue };
        // An annotated tag says when it was made, by whom and why; a lightweight one is its commit.
        let tag = object.as_tag();
        let tagged = tag.and_then(|t| t.tagger()).map(|t| Moment::of(t.when()).day());
        let message = tag
            .and_then(|t| t.message().ok().flatten())
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(|m| super::clipped(m, super::MOST_TAG_MESSAGE));
        let mut files = BTreeMap::new();
        let tree = commit.tree().with_context(|| {
            format!("release {name}: cannot read the tree {} of commit {}", commit.tree_id(), commit.id())
        })?;
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            // A file (0o100644, 0o100755), not a link (0o120000), whose blob is the path it leads
            // to: as in the working tree, a link is not followed, nor published.
            if entry.kind() == Some(git2::ObjectType::Blob) && entry.filemode() & 0o170000 == 0o100000 {
                let full = format!("{dir}{}", entry.name().unwrap_or_default());
                if let Some(rel) = changes::root_relative(prefix, &full) {
                    files.insert(rel.to_owned(), BlobId(entry.id()));
                }
            }
            git2::TreeWalkResult::Ok
        })?;
        let commit = commit_info(&commit);
        let date = tagged.unwrap_or(commit.date);
        releases.push(Release {
            name: name.to_owned(),
            date,
            tagged: date,
            message,
            commit,
            line: None,
            before: Vec::new(),
            folder: String::new(),
            files,
        });
    }
    Ok(releases)
}

/// Each release dated as the site shows it, placed on the line, and the releases in that order
/// (`commits`: the line, oldest first, its not-before dates set).
pub(super) fn date(releases: &mut [Release], commits: &[Commit]) {
    // A release's day is its tag's, never before its commit was made (on the line: the line's
    // day there, as a commit dated back is not believed): a tag dated before the commit it
    // names, or a clock behind, would date the release before its documents were written. Its
    // banner, the releases page and its snapshot's "as of" then say one day.
    for release in releases.iter_mut() {
        release.line = commits.iter().position(|c| c.id == release.commit.id);
        if let Some(at) = release.line {
            release.commit.not_before = commits[at].not_before;
        }
        release.date = release.date.max(release.commit.not_before);
    }
    // Raised to one day, releases on the line keep its order (a commit dated back, tagged
    // after its parent was, is the later release: "what changed" compares it with the one
    // before it on the line), then the order of their tags' own dates, then of their names as
    // versions (`v9` before `v10`).
    releases.sort_by(|a, b| {
        (a.date, a.line.unwrap_or(usize::MAX), a.tagged)
            .cmp(&(b.date, b.line.unwrap_or(usize::MAX), b.tagged))
            .then_with(|| crate::revision::compare_versions(&a.name, &b.name))
    });
    let folders = crate::slug::unique_folders(releases.iter().map(|r| r.name.as_str()));
    for (release, folder) in releases.iter_mut().zip(folders) {
        release.folder = folder;
    }
}

/// Most questions to git of whether one release's commit comes before another's: beyond it
/// (hundreds of releases off the first-parent line), a release off the line follows the one
/// before it in time.
const MOST_ASKED: usize = 10_000;

/// Each release's `before`: the other releases whose commits its commit's history holds. Of
/// two on the first-parent line, the line tells; git is asked where one of the two is off it
/// (a tag on a branch, merged or not).
pub(super) fn ancestry(repo: &Repository, releases: &mut [Release]) {
    let oid = |r: &Release| git2::Oid::from_str(&r.commit.id).ok();
    let mut asked = 0;
    let mut before: Vec<Vec<String>> = vec![Vec::new(); releases.len()];
    for (i, later) in releases.iter().enumerate() {
        for earlier in releases.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, r)| r) {
            let holds = match (later.line, earlier.line) {
                (Some(l), Some(e)) => e <= l,
                _ if later.commit.id == earlier.commit.id => true,
                _ if asked < MOST_ASKED => {
                    asked += 1;
                    oid(later)
                        .zip(oid(earlier))
                        .is_some_and(|(l, e)| repo.graph_descendant_of(l, e).unwrap_or(false))
                }
                _ => false,
            };
            if holds {
                before[i].push(earlier.name.clone());
            }
        }
    }
    for (release, before) in releases.iter_mut().zip(before) {
        release.before = before;
    }
}
