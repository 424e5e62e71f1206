//! Stage 1 (I/O): the signatures git holds, for `[evidence]`: each commit's of the main line,
//! those of the commits each merge brought, and those of the annotated tags on the main line;
//! each with the bytes it signs. Read only when evidence is asked for.

use super::History;
use anyhow::{Context, Result};
use git2::{Oid, Repository};
use std::collections::BTreeMap;

/// A signature (armored, as git stores it) and the bytes it signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub armored: String,
    pub data: Vec<u8>,
}

/// A commit a merge of the main line brought, with its signature.
#[derive(Debug, Clone)]
pub struct Brought {
    pub id: String,
    pub email: String,
    pub signed: Option<Signed>,
}

/// An annotated tag on a commit of the main line, with its signature.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    /// Index into `History::commits`.
    pub commit: usize,
    pub signed: Option<Signed>,
}

#[derive(Debug, Default)]
pub struct Signatures {
    /// Per commit of the main line (index into `History::commits`).
    pub commits: Vec<Option<Signed>>,
    /// Per merge commit of the main line: what it brought (reachable from its other parents and
    /// not from its first), newest first.
    pub merged: BTreeMap<usize, Vec<Brought>>,
    pub tags: Vec<Tag>,
}

/// A commit's signature (the `gpgsig` header, OpenPGP or SSH alike) and the commit as it is
/// signed; None for an unsigned commit.
fn commit_signature(repo: &Repository, oid: Oid) -> Option<Signed> {
    let (sig, data) = repo.extract_signature(&oid, None).ok()?;
    Some(Signed { armored: String::from_utf8_lossy(&sig).into_owned(), data: data.to_vec() })
}

/// An annotated tag's signature: git appends it to the message, and signs what comes before.
fn tag_signature(raw: &[u8]) -> Option<Signed> {
    let starts = ["-----BEGIN PGP SIGNATURE-----", "-----BEGIN SSH SIGNATURE-----"];
    let at = starts
        .iter()
        .filter_map(|s| memchr::memmem::rfind(raw, s.as_bytes()))
        .filter(|&at| at == 0 || raw[at - 1] == b'\n')
        .max()?;
    Some(Signed { armored: String::from_utf8_lossy(&raw[at..]).into_owned(), data: raw[..at].to_vec() })
}

/// The signatures of `history`'s repository.
pub fn read(history: &History) -> Result<Signatures> {
    let repo = Repository::open(&history.objects.git_dir)
        .with_context(|| format!("cannot open the git repository {}", history.objects.git_dir.display()))?;
    let mut index: BTreeMap<Oid, usize> = BTreeMap::new();
    let mut out = Signatures::default();
    for (i, c) in history.commits.iter().enumerate() {
        let oid = Oid::from_str(&c.id).with_context(|| format!("commit {}", c.id))?;
        index.insert(oid, i);
        out.commits.push(commit_signature(&repo, oid));
        let commit = repo.find_commit(oid).with_context(|| format!("cannot read commit {}", c.id))?;
        if commit.parent_count() > 1 {
            let mut walk = repo.revwalk()?;
            for parent in commit.parent_ids().skip(1) {
                walk.push(parent)?;
            }
            walk.hide(commit.parent_id(0)?)?;
            let mut brought = Vec::new();
            for id in walk {
                let id = id.context("cannot walk the commits a merge brought")?;
                let b = repo.find_commit(id).with_context(|| format!("cannot read commit {id}"))?;
                let email = b.author().email().unwrap_or_default().to_owned();
                brought.push(Brought { id: id.to_string(), email, signed: commit_signature(&repo, id) });
            }
            out.merged.insert(i, brought);
        }
    }
    let mut tags = Vec::new();
    repo.tag_foreach(|oid, name| {
        tags.push((oid, String::from_utf8_lossy(name).trim_start_matches("refs/tags/").to_owned()));
        true
    })?;
    let odb = repo.odb()?;
    for (oid, name) in tags {
        let Ok(tag) = repo.find_tag(oid) else { continue }; // a lightweight tag: nothing signed
        let Some(&commit) = index.get(&tag.target_id()) else { continue };
        let raw = odb.read(oid).with_context(|| format!("cannot read the tag {name}"))?;
        out.tags.push(Tag { name, commit, signed: tag_signature(raw.data()) });
    }
    out.tags.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
