//! Stage 2: the documents removed from the repository: a Markdown file of a collection that
//! git's history shows was deleted and is not there now (not moved: a move is followed, and a
//! file whose id a current document states is that document). The site keeps each one's
//! versions, so that the register as of a date shows what was in force then.

use crate::document::Document;
use crate::history::{BlobId, History};
use crate::timeline::Timeline;

/// A document removed from the repository, as its last committed text states it.
#[derive(Debug)]
pub struct Removed {
    pub doc: Document,
    /// Its last committed text, and git's id for it.
    pub text: String,
    pub blob: BlobId,
    pub timeline: Timeline,
    /// Index into `History::commits`: the commit that removed it.
    pub commit: usize,
}

/// The documents `history` shows were removed: each removed file `kept` names (in a
/// collection, not hidden or excluded; with its collection's index), whose last text git can
/// give, unless a document of `current` states its id and goes on from it (its timeline, in
/// `timelines`, does not say the id was taken: `history/id-reused`). In path order.
pub fn of(
    history: &History,
    (current, timelines): (&[Document], &[Timeline]),
    kept: impl Fn(&str) -> Option<usize>,
    names: &crate::frontmatter::schema::Names,
) -> Vec<Removed> {
    let taken = |i: usize| timelines.get(i).is_some_and(|t| t.reused.is_some());
    let ids: std::collections::BTreeSet<&str> = current
        .iter()
        .enumerate()
        .filter(|&(i, _)| !taken(i))
        .filter_map(|(_, d)| d.meta.id.as_ref())
        .map(|id| id.value.as_str())
        .collect();
    let keys = crate::timeline::current(current);
    history
        .removed
        .iter()
        .filter_map(|(path, versions)| {
            let collection = kept(path)?;
            let commit = versions.last()?.commit;
            let blob = versions.iter().rev().find_map(|v| v.blob)?;
            let text = history.text(blob).ok()?;
            let doc = Document::parse_named(path, collection, text.clone(), names);
            if doc.meta.id.as_ref().is_some_and(|id| ids.contains(id.value.as_str())) {
                return None;
            }
            let mut timeline = Timeline::of_versions(path, versions.iter(), history, names);
            // Texts of another document that held the path before it are not its history.
            timeline.split_off_earlier_document(path, history, &keys);
            timeline.mark_restatements(history);
            Some(Removed { doc, text, blob, timeline, commit })
        })
        .collect()
}

/// Whether a walk would go to the file at `path`: no hidden folder or file and no
/// `node_modules` on its way (a release's linked files; a removed document is one where
/// `crate::load::walked_to` says the walk of its collection went).
pub fn walkable(path: &str) -> bool {
    path.split('/').all(|part| !(part.is_empty() || part.starts_with('.') || part == "node_modules"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::schema::NO_NAMES;

    #[test]
    fn a_removed_file_is_a_removed_document_unless_hidden_or_its_id_lives_on() {
        assert!(walkable("sop/a.md"));
        assert!(!walkable("sop/.drafts/a.md") && !walkable("node_modules/x/a.md") && !walkable(".a.md"));

        let texts = vec![("2025-01-01", "---\nid: GONE\ntitle: Gone\n---\nBody.\n".to_owned())];
        let (_dir, history) = crate::history::testing::removed("sop/gone.md", &texts, "2025-03-01");
        let found = of(&history, (&[], &[]), |_| Some(0), &NO_NAMES);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].doc.meta.id.as_ref().unwrap().value, "GONE");
        assert_eq!(history.commits[found[0].commit].date.to_string(), "2025-03-01");
        assert_eq!(found[0].timeline.steps.len(), 2);
        // Not in a collection.
        assert!(of(&history, (&[], &[]), |_| None, &NO_NAMES).is_empty());
        // A current document states its id: it lives on there.
        let now = Document::parse("policies/gone.md", 0, "---\nid: GONE\n---\nBody.\n");
        assert!(of(&history, (&[now], &[]), |_| Some(0), &NO_NAMES).is_empty());
    }
}
