//! Stage 3, the `collection/*` rule: a collection that holds no document, said rather than
//! passed over (a check that read nothing at all is `source/no-documents`).

use crate::config::Config;
use crate::finding::{Finding, Rule};
use crate::library::Library;
use crate::source::Span;

/// `collection/empty`: each collection that holds no Markdown document while others do, at its
/// `[[collections]]` line of charta.toml; `collection/shadowed` instead when its folder does hold
/// documents, all named by collections listed before it. When none holds one,
/// `source/no-documents`, once (unless `unread`: files were found that could not be read, and
/// their findings say so).
pub fn empty(
    library: &Library,
    config: &Config,
    unread: bool,
    elsewhere: &[String],
    missing: &[usize],
) -> Vec<Finding> {
    let mut out: Vec<Finding> = missing.iter().map(|&i| missing_folder(library, config, i)).collect();
    if library.documents.is_empty() {
        if !unread {
            out.push(crate::rules::source::no_documents(library, elsewhere));
        }
        return out;
    }
    let mut of_each = vec![0usize; library.collections.len()];
    for d in &library.documents {
        if let Some(n) = of_each.get_mut(d.collection) {
            *n += 1;
        }
    }
    let unused = (0..library.collections.len()).filter(|i| of_each[*i] == 0 && !missing.contains(i));
    out.extend(unused.map(|i| self::unused(library, config, i)));
    out
}

/// `collection/uncovered-folder`: the Markdown files outside every collection whose front
/// matter states what a controlled document does (`uncovered`, sorted), once for each folder
/// they are in, at the first of them: the outermost folder of each that holds no collection
/// (`docs/handbook`, beside the collection `docs/policies`), which a collection or an
/// `exclude` may name whole; else (in the root, or beside a collection's folder) the folder
/// they are directly in, whose files only `exclude` may name one by one.
pub fn uncovered(uncovered: &[String], collections: &[crate::config::Collection]) -> Vec<Finding> {
    let folders: Vec<String> =
        collections.iter().map(|c| crate::config::Collection::folder(&c.path)).collect();
    let holds_one = |folder: &str| {
        folder == "."
            || folders
                .iter()
                .any(|c| c == folder || c.strip_prefix(folder).is_some_and(|r| r.starts_with('/')))
    };
    // (the folder, whether it holds no collection) of a file.
    let group = |path: &str| -> (String, bool) {
        let parts: Vec<&str> = path.split('/').collect();
        let whole = (1..parts.len()).map(|k| parts[..k].join("/")).find(|f| !holds_one(f));
        match whole {
            Some(folder) => (folder, true),
            None => (parts[..parts.len() - 1].join("/"), false),
        }
    };
    let mut groups: Vec<((String, bool), Vec<&str>)> = Vec::new();
    for path in uncovered {
        let key = group(path);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, files)) => files.push(path),
            None => groups.push((key, vec![path])),
        }
    }
    groups
        .into_iter()
        .map(|((folder, whole), files)| {
            let place = if folder.is_empty() { "the root folder".to_owned() } else { format!("`{}`", visible(&folder)) };
            let these = match files.len() {
                1 => "1 Markdown file that states".to_owned(),
                n => format!("{n} Markdown files that state"),
            };
            let help = if whole {
                let f = visible(&folder);
                format!(
                    "add `[[collections]]` with `path = \"{f}\"` and its kind to charta.toml, or `exclude = [\"{f}/\"]` if these are not controlled documents"
                )
            } else {
                let named: Vec<String> = files.iter().map(|f| format!("\"/{}\"", visible(f))).collect();
                format!(
                    "move them into a collection's folder, or name them in charta.toml's `exclude` ({}) if they are not controlled documents",
                    named.join(", ")
                )
            };
            Finding::new(
                Rule::CollectionUncoveredFolder,
                files[0],
                Span::file(),
                format!(
                    "{place} holds {these} what a controlled document does (an owner, approvers, a status or a review), but no collection covers it: none is checked or published"
                ),
            )
            .help(help)
        })
        .collect()
}

/// `collection/missing-folder` for collection `i`, at its `[[collections]]` line.
fn missing_folder(library: &Library, config: &Config, i: usize) -> Finding {
    let path = library.collections.get(i).map_or("", |c| c.path.as_str());
    Finding::new(
        Rule::CollectionMissingFolder,
        crate::config::FILE_NAME,
        Span::new(config.collection_lines.get(i).copied().unwrap_or(1), 1),
        format!("the collection `path = \"{}\"` names no folder: nothing was checked there", visible(path)),
    )
    .help(Rule::CollectionMissingFolder.fix())
}

/// The finding for collection `i`, which names no document.
fn unused(library: &Library, config: &Config, i: usize) -> Finding {
    let c = &library.collections[i];
    let line = config.collection_lines.get(i).copied().unwrap_or(1);
    // Documents in its folder that a collection listed before it names (one listed after it can
    // hold a folder this one's walk left out, as ignored: this one holds nothing then).
    let mut in_folder = library.documents.iter().filter(|d| {
        d.collection < i && crate::load::collection_of(std::slice::from_ref(c), &d.path).is_some()
    });
    let Some(first) = in_folder.next() else {
        return Finding::new(
            Rule::CollectionEmpty,
            crate::config::FILE_NAME,
            Span::new(line, 1),
            format!(
                "the collection `{}` holds no Markdown document: nothing was checked there",
                visible(&c.path)
            ),
        )
        .help(Rule::CollectionEmpty.fix());
    };
    let count = 1 + in_folder.count();
    let by = library.collections.get(first.collection).map_or(String::new(), |o| visible(&o.path));
    // The same folder twice: which to list first is not the question.
    let help = if by == visible(&c.path) {
        format!(
            "two collections name the folder `{by}`: remove one of them from charta.toml (a file belongs to the first collection that holds it)"
        )
    } else {
        format!(
            "list `{}` before `{by}` in charta.toml (a file belongs to the first collection that holds it), or remove it",
            visible(&c.path)
        )
    };
    let files = if count == 1 {
        "its one Markdown file is".to_owned()
    } else {
        format!("its {count} Markdown files are")
    };
    Finding::new(
        Rule::CollectionShadowed,
        crate::config::FILE_NAME,
        Span::new(line, 1),
        format!(
            "the collection `{}` names no document: {files} named by `{by}`, a collection listed before it",
            visible(&c.path)
        ),
    )
    .help(help)
}

fn visible(text: &str) -> String {
    crate::escape::visible(text).into_owned()
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
        let found = empty(&library, &config, false, &[], &[]);
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
        let found = empty(&library, &config, false, &[], &[]);
        let got: Vec<_> = found.iter().map(|f| (f.rule, f.message.as_str())).collect();
        let message = "no Markdown document was found in `policies` or `sop`: nothing was checked";
        assert_eq!(got, [(Rule::SourceNoDocuments, message)]);
        let nothing = Config::default();
        let library =
            Library { collections: crate::load::collections_in(&nothing, |_| false), documents: vec![] };
        assert_eq!(
            empty(&library, &nothing, false, &[], &[])[0].message,
            "no Markdown document was found in the repository: nothing was checked"
        );
    }

    /// Regression: a collection whose documents a collection listed before it names was said to
    /// hold no document, "nothing was checked there", though each was checked.
    #[test]
    fn a_collection_whose_documents_an_earlier_one_names_is_shadowed_not_empty() {
        let toml = |paths: &[&str]| {
            let tables: Vec<String> =
                paths.iter().map(|p| format!("[[collections]]\npath = \"{p}\"\nkind = \"k\"\n")).collect();
            Config::parse(&tables.join("\n")).unwrap()
        };
        let doc = |path: &str, collection: usize| {
            let mut d = Document::parse(path, collection, "---\nid: A\n---\n");
            d.collection = collection;
            d
        };
        let found = |config: &Config, documents: Vec<Document>| -> Vec<(Rule, String)> {
            let library = Library { collections: config.collections.clone(), documents };
            empty(&library, config, false, &[], &[]).into_iter().map(|f| (f.rule, f.message)).collect()
        };
        let config = toml(&[".", "sop"]);
        assert_eq!(
            found(&config, vec![doc("sop/a.md", 0), doc("sop/b.md", 0), doc("top.md", 0)]),
            [(
                Rule::CollectionShadowed,
                "the collection `sop` names no document: its 2 Markdown files are named by `.`, a collection listed before it"
                    .to_owned()
            )]
        );
        // A folder a later collection names (its own walk left it out, as ignored): empty.
        let config = toml(&["sop", "sop/drafts"]);
        assert_eq!(found(&config, vec![doc("sop/drafts/a.md", 1)])[0].0, Rule::CollectionEmpty);
        // Bug (a newcomer's trial): one folder named twice was told "list `policies` before
        // `policies`".
        let config = toml(&["policies", "policies"]);
        let library =
            Library { collections: config.collections.clone(), documents: vec![doc("policies/a.md", 0)] };
        let help = &empty(&library, &config, false, &[], &[])[0].help;
        assert!(help.starts_with("two collections name the folder `policies`: remove one"), "{help}");
    }

    /// Regression: `charta init` in a repository whose policies sit in folders of their own
    /// made empty `policies/` and `sop/`, and check then said only that nothing was found there,
    /// not that eighteen Markdown files were elsewhere.
    #[test]
    fn no_document_found_names_where_markdown_files_are() {
        let config = Config::parse("[[collections]]\npath = \"policies\"\nkind = \"policy\"\n").unwrap();
        let library = Library { collections: config.collections.clone(), documents: vec![] };
        let elsewhere: Vec<String> = [
            "SOURCE.md",
            "access/index.md",
            "backup/index.md",
            "backup/old.md",
            "change/index.md",
            "vendor/index.md",
        ]
        .map(str::to_owned)
        .to_vec();
        let found = empty(&library, &config, false, &elsewhere, &[]);
        assert_eq!(
            found[0].message,
            "no Markdown document was found in `policies`: nothing was checked; 6 Markdown files are elsewhere in the repository (in the root folder, `access`, `backup` and 2 more): name their folders in charta.toml's `[[collections]]`"
        );
        assert_eq!(
            empty(&library, &config, false, &elsewhere[1..2], &[])[0]
                .message
                .matches("1 Markdown file is")
                .count(),
            1
        );
    }

    /// Bug (a review of the rule, r3.sh): beside the collection `docs/policies`, files in
    /// `docs/handbook` were said to be in `docs`, and the help's `exclude = ["docs/"]` left the
    /// policies out too. Each file is in the outermost folder that holds no collection, or else
    /// named itself.
    #[test]
    fn files_outside_every_collection_are_grouped_by_a_folder_that_holds_none() {
        let config = Config::parse(
            "[[collections]]\npath = \"docs/policies\"\nkind = \"policy\"\n[[collections]]\npath = \"sop\"\nkind = \"sop\"\n",
        )
        .unwrap();
        let paths =
            ["docs/handbook/on.md", "docs/handbook/x/y.md", "docs/notes.md", "standards/a.md", "top.md"];
        let paths: Vec<String> = paths.map(str::to_owned).to_vec();
        let found = uncovered(&paths, &config.collections);
        let got: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|f| (f.path.as_str(), f.message.split(" holds ").next().unwrap(), f.help.as_str()))
            .collect();
        assert_eq!(got.len(), 4, "{got:#?}");
        assert_eq!(got[0].0, "docs/handbook/on.md");
        assert_eq!(got[0].1, "`docs/handbook`");
        assert!(got[0].2.contains("exclude = [\"docs/handbook/\"]"), "{}", got[0].2);
        assert!(found[0].message.contains("2 Markdown files"));
        assert_eq!((got[1].0, got[1].1), ("docs/notes.md", "`docs`"));
        assert!(got[1].2.contains("(\"/docs/notes.md\")") && !got[1].2.contains("path ="), "{}", got[1].2);
        assert_eq!((got[2].0, got[2].1), ("standards/a.md", "`standards`"));
        assert_eq!((got[3].0, got[3].1), ("top.md", "the root folder"));
    }
}
