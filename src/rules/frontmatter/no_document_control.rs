//! Stage 3, `frontmatter/no-document-control`: documents of a collection that are pages of a
//! static site (a title and the site's own parameters, no control field), which charta asks
//! only for their titles: said once per collection, so a repository adopted as it is does not
//! pass its check in silence while nothing records who owns or approved its documents.

use crate::config::Config;
use crate::document::Dialect;
use crate::finding::{Finding, Rule};
use crate::library::Library;
use crate::source::Span;

/// One finding per collection holding such pages, at the first, the others as `also`. None
/// for a collection whose kind charta.toml lists fields for (its pages are asked for them).
pub fn no_document_control(library: &Library, config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    for (c, collection) in library.collections.iter().enumerate() {
        let pages: Vec<&crate::document::Document> = library
            .documents
            .iter()
            .filter(|d| d.collection == c && d.dialect == Dialect::Hugo && d.readable)
            // A section's own page (Hugo's `_index.md`) lists the others: no document of its own.
            .filter(|d| !d.path.rsplit('/').next().is_some_and(|name| name.eq_ignore_ascii_case("_index.md")))
            .collect();
        let Some(first) = pages.first() else { continue };
        let kind = library.kind(first);
        // Asked for fewer fields than a controlled document of their kind: only the title.
        if config.required(&kind, Dialect::Hugo).len() >= config.required(&kind, Dialect::Charta).len() {
            continue;
        }
        let folder = match crate::config::Collection::folder(&collection.path).as_str() {
            "." => "the root folder".to_owned(),
            folder => format!("`{}`", crate::escape::visible(folder)),
        };
        let control = "no document control (no id, owner, version, status or approval)";
        let message = match pages.len() {
            1 => format!(
                "this document is a page of a static site: its front matter states {control}, so charta checks only its title"
            ),
            n => format!(
                "this document and {} others of the collection in {folder} are pages of a static site: their front matter states {control}, so charta checks only their titles",
                n - 1
            ),
        };
        let rule = Rule::FrontmatterNoDocumentControl;
        out.push(
            Finding::new(rule, &first.path, Span::file(), message)
                .help(rule.fix())
                .about(pages[1..].iter().map(|d| d.path.clone()).collect()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    /// Found by a cold review: a Hugo section's own page (`_index.md`, a title and a weight)
    /// among controlled documents was told to state no document control.
    #[test]
    fn a_sections_own_page_is_not_counted() {
        let config = Config::parse("[[collections]]\npath = \"policies\"\nkind = \"policy\"\n").unwrap();
        let page =
            |path: &str| Document::parse(path, 0, "---\ntitle: Policies\nweight: 1\n---\n# Policies\n");
        let library = |documents| Library { collections: config.collections.clone(), documents };
        assert!(no_document_control(&library(vec![page("policies/_index.md")]), &config).is_empty());
        let found =
            no_document_control(&library(vec![page("policies/_index.md"), page("policies/a.md")]), &config);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "policies/a.md");
    }
}
