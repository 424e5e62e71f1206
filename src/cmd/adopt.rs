//! `charta init` in a folder that holds Markdown documents already: the collections that read
//! them where they are, so that the first `charta check` checks the team's documents instead of
//! two empty folders init made beside them.

use std::collections::BTreeMap;
use std::path::Path;

/// A collection `init` writes: its folder (root-relative, `.` for the root), kind and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub path: String,
    pub kind: &'static str,
    pub title: &'static str,
}

/// What `init` found in the folder and proposes to read it as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub collections: Vec<Proposed>,
    /// The Markdown documents those collections hold.
    pub documents: usize,
    /// The Markdown files they leave out (outside every folder named for a kind).
    pub outside: usize,
    /// The folders those are in (`.` for the root), each with how many, most first.
    pub outside_in: Vec<(String, usize)>,
    /// A repository's own files (`README.md`, `LICENSE.md`...) inside those collections, as
    /// patterns of charta.toml's `exclude` (`/README.md`): they are no controlled documents.
    pub excluded: Vec<String>,
}

/// Folder names that say what kind of document they hold (compared in lower case, `_` and ` `
/// read as `-`), with the kind and the collection's title. A folder of documents named by none
/// of them is read as documents of kind `document`.
const KINDS: &[(&[&str], &str, &str)] = &[
    (&["policies", "policy"], "policy", "Policies"),
    (&["sop", "sops", "procedures", "procedure"], "sop", "Standard operating procedures"),
    (&["standards", "standard"], "standard", "Standards"),
    (&["guidelines", "guideline"], "guideline", "Guidelines"),
    (&["work-instructions", "work-instruction"], "work-instruction", "Work instructions"),
    (&["narratives", "narrative"], "narrative", "Narratives"),
    (&["records", "record"], "record", "Records"),
];

/// The kind a folder's name says, with its collection's title.
fn kind_of(folder: &str) -> Option<(&'static str, &'static str)> {
    let name = folder.to_lowercase().replace(['_', ' '], "-");
    KINDS.iter().find(|(names, _, _)| names.contains(&name.as_str())).map(|(_, kind, title)| (*kind, *title))
}

/// The collections for the Markdown files under `dir` (as a walk of the whole folder finds them,
/// the site's output folder left out); None when there are none, and `init` makes its two empty
/// collections. A repository's own files (`README.md`, `SECURITY.md`...) are no documents unless
/// their front matter states document control (a policy named `security.md`, a folder's policy
/// in its `README.md`); those that state none, inside a collection, are excluded by name.
pub fn found(dir: &Path, output_dir: &str) -> Option<Found> {
    if !dir.is_dir() {
        return None;
    }
    let skip = [dir.join(output_dir)];
    let every = crate::load::every_markdown_under(dir, &skip, ignore::gitignore::Gitignore::empty());
    let (own, mut files): (Vec<String>, Vec<String>) =
        every.into_iter().partition(|rel| crate::frontmatter::is_repository_file(rel));
    // Read as `check` reads a file outside every collection: no larger than a document, no link.
    let controlled =
        super::folders::controlled(dir, own.clone(), &crate::config::Config::default().fields.aliases);
    let own: Vec<String> = own.into_iter().filter(|rel| !controlled.contains(rel)).collect();
    files.extend(controlled);
    files.sort();
    let mut found = proposed(&files)?;
    let collections: Vec<crate::config::Collection> =
        found.collections.iter().map(Proposed::collection).collect();
    found.excluded = own
        .iter()
        .filter(|rel| crate::load::collection_of(&collections, rel).is_some())
        .map(|rel| format!("/{}", pattern(rel)))
        .collect();
    Some(found)
}

/// `path` as a pattern of `.gitignore` syntax that matches it alone: its wildcards and escapes
/// (`[`, `]`, `*`, `?`, `\\`) and a leading `!` or `#` taken as the characters they are.
fn pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, c) in path.chars().enumerate() {
        if matches!(c, '[' | ']' | '*' | '?' | '\\') || (i == 0 && matches!(c, '!' | '#')) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Proposed {
    /// As charta.toml's `[[collections]]` reads it.
    fn collection(&self) -> crate::config::Collection {
        crate::config::Collection {
            path: self.path.clone(),
            kind: self.kind.to_owned(),
            ..Default::default()
        }
    }
}

/// Pure: the collections for the Markdown files `files` (root-relative, `/`-separated). Each
/// file belongs to the topmost folder on its path whose name says a kind (`policies/`,
/// `example/procedures/`); when no folder does, every file is read as a document of one
/// collection, the deepest folder that holds them all.
pub fn proposed(files: &[String]) -> Option<Found> {
    if files.is_empty() {
        return None;
    }
    let mut kinds: BTreeMap<String, (&'static str, &'static str, usize)> = BTreeMap::new();
    let mut outside = 0;
    let mut outside_in: BTreeMap<String, usize> = BTreeMap::new();
    for file in files {
        let folders: Vec<&str> = file.split('/').collect();
        let folders = &folders[..folders.len() - 1];
        match folders.iter().position(|f| kind_of(f).is_some()) {
            Some(at) => {
                let (kind, title) = kind_of(folders[at]).unwrap_or(("document", "Documents"));
                kinds.entry(folders[..=at].join("/")).or_insert((kind, title, 0)).2 += 1;
            }
            None => {
                outside += 1;
                let folder = if folders.is_empty() { ".".to_owned() } else { folders.join("/") };
                *outside_in.entry(folder).or_default() += 1;
            }
        }
    }
    if kinds.is_empty() {
        let path = common_folder(files);
        return Some(Found {
            collections: vec![Proposed { path, kind: "document", title: "Documents" }],
            documents: files.len(),
            outside: 0,
            outside_in: Vec::new(),
            excluded: Vec::new(),
        });
    }
    let documents = kinds.values().map(|(_, _, n)| n).sum();
    let collections =
        kinds.into_iter().map(|(path, (kind, title, _))| Proposed { path, kind, title }).collect();
    let mut outside_in: Vec<(String, usize)> = outside_in.into_iter().collect();
    outside_in.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Some(Found { collections, documents, outside, outside_in, excluded: Vec::new() })
}

/// The deepest folder that holds every one of `files`: `.` when that is the root.
fn common_folder(files: &[String]) -> String {
    let folder = |f: &String| f.rsplit_once('/').map_or(String::new(), |(folder, _)| folder.to_owned());
    let mut common: Vec<String> =
        folder(&files[0]).split('/').filter(|p| !p.is_empty()).map(str::to_owned).collect();
    for file in &files[1..] {
        let parts = folder(file);
        let parts: Vec<&str> = parts.split('/').filter(|p| !p.is_empty()).collect();
        let same = common.iter().zip(&parts).take_while(|(a, b)| a == *b).count();
        common.truncate(same);
    }
    if common.is_empty() { ".".to_owned() } else { common.join("/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> Vec<String> {
        paths.iter().map(|p| (*p).to_owned()).collect()
    }

    fn paths(found: &Found) -> Vec<(&str, &str)> {
        found.collections.iter().map(|c| (c.path.as_str(), c.kind)).collect()
    }

    #[test]
    fn folders_named_for_a_kind_become_collections_of_that_kind() {
        let found = proposed(&files(&[
            "example/policies/access.md",
            "example/policies/sub/backup.md",
            "example/Procedures/onboarding.md",
            "example/standards/sop/crypto.md",
            "notes/meeting.md",
        ]))
        .unwrap();
        assert_eq!(
            paths(&found),
            [
                ("example/Procedures", "sop"),
                ("example/policies", "policy"),
                ("example/standards", "standard")
            ]
        );
        assert_eq!((found.documents, found.outside), (4, 1));
    }

    #[test]
    fn documents_in_folders_named_for_no_kind_are_one_collection_of_the_folder_holding_them_all() {
        let spread =
            proposed(&files(&["access-control/index.md", "password/index.md", "overview.md"])).unwrap();
        assert_eq!(paths(&spread), [(".", "document")]);
        let site = proposed(&files(&["content/a/one.md", "content/b/two.md"])).unwrap();
        assert_eq!(paths(&site), [("content", "document")]);
        assert_eq!((site.documents, site.outside), (2, 0));
        assert_eq!(proposed(&[]), None);
    }

    #[test]
    fn an_excluded_path_matches_itself_alone() {
        let path = "Quality \"Manual\"/[archive]/*?/README.md";
        let pattern = format!("/{}", pattern(path));
        let root = Path::new("/r");
        let exclude = crate::load::ignores::exclude(root, &[pattern]).unwrap();
        assert!(exclude.matched(root.join(path), false).is_ignore());
        assert!(!exclude.matched(root.join("Quality \"Manual\"/a/xy/README.md"), false).is_ignore());
    }
}
