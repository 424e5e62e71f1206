//! Stage 3, the `collection/*` rule: a collection that holds no document, said rather than
//! passed over (a check that read nothing at all is `source/no-documents`).

use crate::config::Config;
use crate::finding::{Finding, Rule};
use crate::library::Library;
use crate::source::Span;

/// `collection/empty`: each collection that holds no Markdown document while others do, at its
/// `[[collections]]` line of charta.toml; when none holds one, `source/no-documents`, once (unless
/// `unread`: files were found that could not be read, and their findings say so).
pub fn empty(library: &Library, config: &Config, unread: bool) -> Vec<Finding> {
    if library.documents.is_empty() {
        if unread {
            return Vec::new();
        }
        return vec![crate::rules::source::no_documents(library)];
    }
    library
        .collections
        .iter()
        .enumerate()
        .filter(|(i, _)| !library.documents.iter().any(|d| d.collection == *i))
        .map(|(i, c)| {
            let line = config.collection_lines.get(i).copied().unwrap_or(1);
            Finding::new(
                Rule::CollectionEmpty,
                crate::config::FILE_NAME,
                Span::new(line, 1),
                format!(
                    "the collection `{}` holds no Markdown document: nothing was checked there",
                    crate::escape::visible(&c.path)
                ),
            )
            .help(Rule::CollectionEmpty.fix())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    /// Regression: an empty collection folder (or a repository with no Markdown) passed the
    /// check on zero documents.
    #[test]
    fn a_collection_with_no_document_is_a_finding_at_its_table() {
        let config = Config::parse(
            "[[collections]]\npath = \"policies\"\nkind = \"policy\"\n\n[[collections]]\npath = \"sop\"\nkind = \"sop\"\n",
        )
        .unwrap();
        let mut doc = Document::parse("policies/a.md", 0, "---\nid: A\n---\n");
        doc.collection = 0;
        let library = Library { collections: config.collections.clone(), documents: vec![doc] };
        let found = empty(&library, &config, false);
        let got: Vec<_> =
            found.iter().map(|f| (f.rule, f.path.as_str(), f.span.line, f.message.as_str())).collect();
        assert_eq!(
            got,
            [(
                Rule::CollectionEmpty,
                "charta.toml",
                5,
                "the collection `sop` holds no Markdown document: nothing was checked there"
            )]
        );
        // None holds one: said once, for the run.
        let library = Library { collections: config.collections.clone(), documents: vec![] };
        let found = empty(&library, &config, false);
        let got: Vec<_> = found.iter().map(|f| (f.rule, f.message.as_str())).collect();
        let message = "no Markdown document was found in `policies` or `sop`: nothing was checked";
        assert_eq!(got, [(Rule::SourceNoDocuments, message)]);
        let nothing = Config::default();
        let library =
            Library { collections: crate::load::collections_in(&nothing, |_| false), documents: vec![] };
        assert_eq!(
            empty(&library, &nothing, false)[0].message,
            "no Markdown document was found in the repository: nothing was checked"
        );
    }
}
