//! Stage 3, `document/invalid-successor`: a `superseded_by` the site cannot follow or that
//! contradicts the document's status. It must name another document of the repository by its
//! id, and only a retired document has a successor.

use crate::finding::{Finding, Rule};
use crate::library::Library;

/// `document/invalid-successor` for each document whose `superseded_by` names no document, names
/// itself, or stands on a document that is not retired.
pub fn invalid_successor(library: &Library) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, next) in library.successors() {
        let doc = &library.documents[i];
        let Some(successor) = &doc.meta.superseded_by else { continue };
        let message = match next.map(|n| &library.documents[n]) {
            // Reports show messages escaped, as every rule's.
            None => format!("`superseded_by` names `{}`, which no document has as its id", successor.value),
            Some(next) if next.path == doc.path => "`superseded_by` names the document itself".to_owned(),
            Some(next) if !doc.meta.retired() => format!(
                "`superseded_by` names {} ({}), but the document is not retired: it would stay in force beside its successor",
                next.id(),
                next.path
            ),
            // Retired for a draft nothing approved yet: nothing is in force in its place (a
            // successor retired since, itself replaced or withdrawn, was in force once).
            Some(next) if next.meta.approval_date.is_none() && !next.meta.retired() => format!(
                "`superseded_by` names {} ({}), which has never been approved: nothing approved replaces this document",
                next.id(),
                next.path
            ),
            Some(_) => continue,
        };
        let rule = Rule::DocumentInvalidSuccessor;
        out.push(Finding::new(rule, &doc.path, successor.span, message).help(rule.fix()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::testing::{Case, assert_found};

    #[test]
    fn a_successor_must_be_another_document_and_its_predecessor_retired() {
        let new = ("policies/new.md", "---\nid: POL-2\napproval_date: 2026-01-10\n---\n");
        let cases: &[Case<&[(&str, &str)]>] = &[
            (
                &[("policies/old.md", "---\nid: POL-1\nstatus: retired\nsuperseded_by: pol_2\n---\n"), new],
                &[],
            ),
            (
                &[("policies/old.md", "---\nid: POL-1\nstatus: retired\nsuperseded_by: POL-404\n---\n"), new],
                &[(
                    "document/invalid-successor",
                    4,
                    "`superseded_by` names `POL-404`, which no document has as its id",
                )],
            ),
            (
                &[("policies/old.md", "---\nid: POL-1\nstatus: retired\nsuperseded_by: POL-1\n---\n"), new],
                &[("document/invalid-successor", 4, "`superseded_by` names the document itself")],
            ),
            (
                &[("policies/old.md", "---\nid: POL-1\nstatus: approved\nsuperseded_by: POL-2\n---\n"), new],
                &[(
                    "document/invalid-successor",
                    4,
                    "`superseded_by` names POL-2 (policies/new.md), but the document is not retired: it would stay in force beside its successor",
                )],
            ),
            // Bug (a QMS team's trial): retired by hand for a draft, with no word.
            (
                &[
                    ("policies/old.md", "---\nid: POL-1\nstatus: retired\nsuperseded_by: POL-2\n---\n"),
                    ("policies/new.md", "---\nid: POL-2\nstatus: draft\n---\n"),
                ],
                &[(
                    "document/invalid-successor",
                    4,
                    "`superseded_by` names POL-2 (policies/new.md), which has never been approved: nothing approved replaces this document",
                )],
            ),
        ];
        for (docs, want) in cases {
            let documents = docs.iter().map(|(path, text)| Document::parse(path, 0, *text)).collect();
            let library = Library { collections: Vec::new(), documents };
            assert_found(&invalid_successor(&library), want, &format!("{docs:?}"));
        }
    }
}
