//! Stage 3, `document/duplicate-id`: two documents that state one id.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::library::Library;
use crate::source::Span;
use std::collections::HashMap;

/// `document/duplicate-id`: each document whose stated id an earlier document already has, at
/// its `id` field. Earlier is what came into the repository first (`since`: the index of the
/// first commit of the library's document `i`, None for one not committed yet), then library
/// (path) order: a policy in force for a year is not told to renumber for a copy of it made
/// today.
pub fn duplicate_ids(library: &Library, since: impl Fn(usize) -> Option<usize>) -> Vec<Finding> {
    use std::collections::hash_map::Entry;
    // Looked up, never walked: the findings follow the documents' order.
    // By the id as ids are compared: `SOP_0001` and `sop-0001` are one id.
    let mut first: HashMap<String, &Document> = HashMap::new();
    let mut out = Vec::new();
    // Only ids a document states: ids made from file names (README, _index) may repeat.
    let mut order: Vec<usize> = (0..library.documents.len()).collect();
    order.sort_by_key(|&i| since(i).unwrap_or(usize::MAX));
    let documents = order.into_iter().map(|i| &library.documents[i]);
    for doc in documents.filter(|d| d.meta.id.is_some() || d.meta.acronym.is_some()) {
        let id = doc.id();
        match first.entry(crate::document::id_key(&id)) {
            Entry::Occupied(original) => {
                let span =
                    doc.meta.id.as_ref().or(doc.meta.acronym.as_ref()).map_or(Span::file(), |s| s.span);
                let theirs = original.get().id();
                let message = if theirs == id {
                    format!("the id `{id}` is already used by {}", original.get().path)
                } else {
                    format!(
                        "the id `{id}` is the id `{theirs}` of {}, written another way",
                        original.get().path
                    )
                };
                out.push(
                    Finding::new(Rule::DocumentDuplicateId, &doc.path, span, message)
                        .help(Rule::DocumentDuplicateId.fix()),
                );
            }
            Entry::Vacant(slot) => {
                slot.insert(doc);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Case, assert_found};

    #[test]
    fn an_id_stated_twice_is_reported_on_the_second_document() {
        let cases: &[Case<&[(&str, &str)]>] = &[
            (&[("policies/a.md", "---\nid: A\n---\n"), ("policies/b.md", "---\nid: B\n---\n")], &[]),
            // Ids made from file names may repeat.
            (&[("policies/README.md", "# P\n"), ("sop/README.md", "# S\n")], &[]),
            (
                &[("policies/a.md", "---\nid: A\n---\n"), ("sop/b.md", "---\ntitle: B\nid: A\n---\n")],
                &[("document/duplicate-id", 3, "the id `A` is already used by policies/a.md")],
            ),
            (
                &[
                    ("policies/a.md", "---\nid: A\n---\n"),
                    ("policies/b.md", "---\nid: A\n---\n"),
                    ("policies/c.md", "---\nid: A\n---\n"),
                ],
                &[
                    ("document/duplicate-id", 2, "the id `A` is already used by policies/a.md"),
                    ("document/duplicate-id", 2, "the id `A` is already used by policies/a.md"),
                ],
            ),
            // Regression: `SOP_0001` and `sop-0001` were two ids, so a copied document passed.
            (
                &[("sop/a.md", "---\nid: SOP_0001\n---\n"), ("sop/b.md", "---\nid: sop-0001\n---\n")],
                &[(
                    "document/duplicate-id",
                    2,
                    "the id `sop-0001` is the id `SOP_0001` of sop/a.md, written another way",
                )],
            ),
            (&[("sop/a.md", "---\nid: SOP-0001\n---\n"), ("sop/b.md", "---\nid: SOP-0010\n---\n")], &[]),
        ];
        for (docs, want) in cases {
            let documents = docs.iter().map(|(path, text)| Document::parse(path, 0, *text)).collect();
            let library = Library { collections: Vec::new(), documents };
            assert_found(&duplicate_ids(&library, |_| None), want, &format!("{docs:?}"));
        }
    }

    /// Bug (a cold review's dup1.sh): a policy approved in January and copied in May to a file
    /// whose path sorts first, keeping its id, had the error on the policy in force ("give
    /// each document its own id"), and the new copy none. The copy, committed later, has it.
    #[test]
    fn a_duplicate_id_is_said_on_the_document_that_came_in_later() {
        let text = "---\nid: POL-001\n---\n";
        let documents =
            vec![Document::parse("policies/a.md", 0, text), Document::parse("policies/b.md", 0, text)];
        let library = Library { collections: Vec::new(), documents };
        let on = |since: &dyn Fn(usize) -> Option<usize>| {
            duplicate_ids(&library, since).iter().map(|f| f.path.clone()).collect::<Vec<_>>()
        };
        // a.md copied from b.md later; a.md not committed yet; neither committed: path order.
        assert_eq!(on(&|i| Some([5, 1][i])), ["policies/a.md"]);
        assert_eq!(on(&|i| [None, Some(1)][i]), ["policies/a.md"]);
        assert_eq!(on(&|_| None), ["policies/b.md"]);
        assert_eq!(on(&|i| Some([1, 5][i])), ["policies/b.md"]);
    }
}
