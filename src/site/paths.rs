//! Stage 4: where each page of the site lives, and relative links between pages.
//!
//! Every link is relative, so the site works from any base URL and from `file://`.

use std::collections::{BTreeMap, BTreeSet};

pub use crate::slug::segment;
use crate::slug::{folder, unique};

/// The folder of a document's page, from its source path: `sop/release.md` -> `sop/release`.
/// `index.md` and `_index.md` stand for their folder.
fn page_dir(source: &str) -> String {
    let mut parts: Vec<&str> = source.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let stem = crate::load::markdown_stem(file);
    if !matches!(stem, "index" | "_index") || parts.is_empty() {
        parts.push(stem);
    }
    parts.iter().map(|p| folder(p)).collect::<Vec<_>>().join("/")
}

/// Page folder of every document, unique, keyed by source path. Folders that other pages of the
/// site use (`assets`, `collections`, ...) are not given to documents, nor are folders in
/// them: the documents of a folder named like one (`people/alice.md`, `releases/v1.md`, which
/// a person's page or a release's snapshot would be written over) are put in one of another
/// name, the same for all of them (`people-2/alice`).
pub fn assign(sources: &[&str], reserved: &[&str]) -> BTreeMap<String, String> {
    let mut taken = crate::slug::Taken::of(reserved.iter().map(|s| (*s).to_owned()));
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    sources
        .iter()
        .map(|source| {
            let mut dir = page_dir(source);
            // In any case: `People/` and `people/` are one folder on macOS and Windows.
            if let Some((top, rest)) = dir.split_once('/')
                && reserved.iter().any(|r| r.eq_ignore_ascii_case(top))
            {
                let top = top.to_owned();
                let instead =
                    moved.entry(top.clone()).or_insert_with(|| unique(top, &mut taken, str::to_lowercase));
                dir = format!("{instead}/{rest}");
            }
            ((*source).to_owned(), unique(dir, &mut taken, str::to_owned))
        })
        .collect()
}

/// The folder of each person's page under `people/`, in roster order: the id made safe, unique
/// ignoring case. A roster `check` rejects (`roster/duplicate-id`) may hold ids that fold to one
/// folder: the later ones get `-2`, `-3` ..., so the build still writes every page.
pub fn people_dirs<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    crate::slug::unique_folders(ids)
}

/// The files of every document's page, to ask whether a folder holds one: the site's other
/// files (a linked file, a version's pages) give way where it does.
pub struct PageFiles(BTreeSet<String>);

impl PageFiles {
    pub fn new(pages: &BTreeMap<String, String>) -> PageFiles {
        PageFiles(pages.values().cloned().collect())
    }

    /// Whether `file` is a document's page.
    pub fn contains(&self, file: &str) -> bool {
        self.0.contains(file)
    }

    /// Whether a document's page lies in `folder` or below it.
    pub fn under(&self, folder: &str) -> bool {
        let folder = format!("{folder}/");
        self.0.range(folder.clone()..).next().is_some_and(|p| p.starts_with(&folder))
    }
}

/// How to get from the page written at `from` (a file path) to the root of the site.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A relative link from the page written at `from` to the file `to` (both root-relative).
pub fn relative(from: &str, to: &str) -> String {
    format!("{}{}", root_prefix(from), to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_folders_are_unique_and_safe() {
        let got = assign(
            &[
                "policies/a b.md",
                "policies/a-b.md",
                "x/index.md",
                "_index.md",
                "assets.md",
                "docs/../../etc.md",
            ],
            &["assets"],
        );
        assert_eq!(got["policies/a b.md"], "policies/a-b");
        assert_eq!(got["policies/a-b.md"], "policies/a-b-2");
        assert_eq!(got["x/index.md"], "x");
        assert_eq!(got["_index.md"], "_index");
        assert_eq!(got["assets.md"], "assets-2");
        assert_eq!(got["docs/../../etc.md"], "docs/_/_/etc");
    }

    #[test]
    fn no_page_folder_is_named_like_a_file_the_site_writes() {
        let got = assign(
            &["index.html.md", "sitemap.xml.md", "feed.XML.md", "index.html/a.md", "v1.2.md", "a.b.md"],
            &["feed.xml"],
        );
        assert_eq!(got["index.html.md"], "index-html");
        assert_eq!(got["sitemap.xml.md"], "sitemap-xml");
        assert_eq!(got["feed.XML.md"], "feed-XML");
        assert_eq!(got["index.html/a.md"], "index-html/a");
        assert_eq!(got["v1.2.md"], "v1.2");
        assert_eq!(got["a.b.md"], "a.b");
    }

    /// Bug (a hostile pull request's review): a document at `people/alice.md` (a roster id),
    /// `releases/v1.md` (a release tag) or `changes/in-v1.md`, or named `register.csv.md`,
    /// stopped the whole build: its page was where the site writes a page or a file of its own.
    #[test]
    fn no_page_folder_is_in_a_folder_of_the_sites_own_pages() {
        let reserved = ["people", "releases", "changes", "feed.xml"];
        let got = assign(
            &[
                "people/alice.md",
                "people/bob/x.md",
                "people.md",
                "releases/v1.md",
                "changes/in-v1.md",
                "register.csv.md",
            ],
            &reserved,
        );
        assert_eq!(got["people/alice.md"], "people-2/alice");
        assert_eq!(got["people/bob/x.md"], "people-2/bob/x");
        assert_eq!(got["people.md"], "people-3");
        assert_eq!(got["releases/v1.md"], "releases-2/v1");
        assert_eq!(got["changes/in-v1.md"], "changes-2/in-v1");
        assert_eq!(got["register.csv.md"], "register-csv");
        // Found by a second review: `People/carol.md` is in `people/` where case is ignored.
        assert_eq!(assign(&["People/carol.md"], &reserved)["People/carol.md"], "People-2/carol");
    }

    #[test]
    fn people_folders_are_unique_ignoring_case() {
        assert_eq!(people_dirs(["index.html"]), ["index-html"], "never the people page's own file");
        let got = people_dirs(["j smith", "j-smith", "J-Smith", "j-smith-2", "bob"]);
        assert_eq!(got, ["j-smith", "j-smith-2", "J-Smith-3", "j-smith-2-2", "bob"]);
    }

    #[test]
    fn relative_links_between_pages() {
        assert_eq!(relative("sop/a/index.html", "policies/b/index.html"), "../../policies/b/index.html");
        assert_eq!(root_prefix("index.html"), "");
    }
}
