//! Stage 1 (I/O): which files one commit removed and added are one file moved, and what of a
//! file's history is the document's when it comes into the root folder.

use super::{BlobId, FileVersion};
use crate::document::renumbered::renumbered;
use git2::{Oid, Repository};

/// How alike two texts must be for a removed file and an added one to be one file moved, as
/// `git log --follow` takes it: half their lines.
const SIMILAR: f32 = 0.5;
/// The most pairs of removed and added files one commit's texts are compared for (git has a
/// limit of its own): beyond it, only files moved unchanged or stating the same id are followed.
const MOST_COMPARED: usize = 400;
/// The most files of one commit read for the id they state: beyond it (a commit that removes
/// and adds thousands of files), only files moved unchanged are followed.
const MOST_READ: usize = 10_000;

/// Which files one commit `removed` and `added` (path, blob) are the same file moved: the same
/// bytes first (a move, a folder moved, a rename of the letter case), then texts that state the
/// same `id` (however many: a folder of documents moved with edits), then a text at least
/// [`SIMILAR`] to the removed one (a move with edits), the most alike first; never two texts
/// that state different ids (one document removed as another of the same template is added),
/// unless they are one document renumbered as it moved ([`renumbered`]).
/// (removed, added) index pairs, each file in one pair at most.
pub(super) fn renames(
    repo: &Repository,
    removed: &[(String, Oid)],
    added: &[(String, Oid)],
) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (r, (_, old)) in removed.iter().enumerate() {
        if let Some(a) = (0..added.len()).find(|&a| added[a].1 == *old && !pairs.iter().any(|p| p.1 == a)) {
            pairs.push((r, a));
        }
    }
    let rest_r: Vec<usize> = (0..removed.len()).filter(|r| !pairs.iter().any(|p| p.0 == *r)).collect();
    let rest_a: Vec<usize> = (0..added.len()).filter(|a| !pairs.iter().any(|p| p.1 == *a)).collect();
    if rest_r.is_empty() || rest_a.is_empty() || rest_r.len() + rest_a.len() > MOST_READ {
        return pairs;
    }
    let olds: Vec<Option<Text>> = rest_r.iter().map(|&r| Text::read(repo, &removed[r])).collect();
    let news: Vec<Option<Text>> = rest_a.iter().map(|&a| Text::read(repo, &added[a])).collect();
    let id = |t: &Option<Text>| t.as_ref().and_then(|t| t.id.clone());
    for (i, old) in olds.iter().enumerate() {
        let Some(stated) = id(old) else { continue };
        let free = |j: &usize| !pairs.iter().any(|p| p.1 == rest_a[*j]);
        if let Some(j) = (0..news.len()).filter(free).find(|&j| id(&news[j]).as_ref() == Some(&stated)) {
            pairs.push((rest_r[i], rest_a[j]));
        }
    }
    let left_r: Vec<usize> = (0..olds.len()).filter(|&i| !pairs.iter().any(|p| p.0 == rest_r[i])).collect();
    let left_a: Vec<usize> = (0..news.len()).filter(|&j| !pairs.iter().any(|p| p.1 == rest_a[j])).collect();
    if left_r.len() * left_a.len() > MOST_COMPARED {
        return pairs;
    }
    let mut alike: Vec<(f32, usize, usize)> = Vec::new();
    for &i in &left_r {
        for &j in &left_a {
            let (Some(old), Some(new)) = (&olds[i], &news[j]) else { continue };
            let ratio = similar::TextDiff::from_lines(&old.text, &new.text).ratio();
            if ratio < SIMILAR {
                continue;
            }
            // Texts that state different ids are read again only when they are this alike.
            let paths = (removed[rest_r[i]].0.as_str(), added[rest_a[j]].0.as_str());
            if old.id.is_none()
                || new.id.is_none()
                || old.id == new.id
                || renumbered((paths.0, &old.text), (paths.1, &new.text))
            {
                alike.push((ratio, rest_r[i], rest_a[j]));
            }
        }
    }
    // The most alike first; equal ones in path order, so the pairing is the same on every run.
    alike.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| (x.1, x.2).cmp(&(y.1, y.2))));
    for (_, r, a) in alike {
        if !pairs.iter().any(|p| p.0 == r || p.1 == a) {
            pairs.push((r, a));
        }
    }
    pairs
}

/// The latest of `versions` (a file's, oldest first) whose texts state the id that `now` (the
/// path and blob it is moved to) states: from the last that states another, or none, or was
/// removed. All of them when `now` states no id.
pub(super) fn own_versions(
    repo: &Repository,
    versions: Vec<FileVersion>,
    now: &(String, Oid),
) -> Vec<FileVersion> {
    let Some(id) = Text::read(repo, now).and_then(|t| t.id) else { return versions };
    let other = |v: &FileVersion| match v.blob {
        Some(BlobId(blob)) => {
            Text::read(repo, &(now.0.clone(), blob)).and_then(|t| t.id).as_ref() != Some(&id)
        }
        None => true,
    };
    let from = versions.iter().rposition(other).map_or(0, |i| i + 1);
    versions.into_iter().skip(from).collect()
}

/// A committed text, and the id its front matter states.
struct Text {
    text: String,
    id: Option<String>,
}

impl Text {
    fn read(repo: &Repository, (path, blob): &(String, Oid)) -> Option<Text> {
        let blob = super::Objects::blob_within(repo, *blob, crate::load::MAX_FILE_SIZE)?;
        let text = String::from_utf8_lossy(blob.content()).into_owned();
        let id = crate::frontmatter::read(path, &text).meta.id.map(|id| id.value);
        Some(Text { text, id })
    }
}
