//! Stage 2: what a release tag holds: its documents, read from git with the tag's own
//! `charta.toml` and roster, as its snapshot shows them; and what changed between two sets of
//! documents (a release and the next, or a release and the working tree), matched by id, so a
//! document moved to another folder is changed, not removed and added.

use crate::config::Config;
use crate::document::{Document, RevisionType, Status};
use crate::history::{History, Release};
use crate::library::{self, Library};
use crate::roster::Roster;
use crate::source::SourceFile;
use anyhow::Result;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::Path;

/// A release tag's folder name in the site, as its snapshot (`releases/<name>/`) and its
/// changes pages are named.
pub fn folder(release: &Release) -> String {
    let segment = crate::slug::segment(&release.name);
    // `releases/index.html` is the releases page: a tag of that name gets another folder.
    if segment == "index.html" { format!("{segment}-tag") } else { segment }
}

/// A release's files as charta reads them: its configuration (history off: a release is built
/// from its own tree), its roster and its documents (each with its digest, not its text).
pub struct Tree {
    pub config: Config,
    pub roster: Roster,
    pub library: Library,
}

/// A file of a release that git cannot give.
#[derive(Debug)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreadable {}

/// The bytes of `path` at `release`, from git; None when the release has no such file. An
/// object git cannot give is an [`Unreadable`] error.
pub fn bytes(history: &History, release: &Release, path: &str) -> Result<Option<Vec<u8>>> {
    let bytes = release.files.get(path).map(|&blob| history.bytes(blob)).transpose();
    bytes.map_err(|e| {
        let commit = release.commit.short();
        anyhow::Error::new(Unreadable(format!(
            "release {} (commit {commit}): cannot read {path}: {e:#}",
            release.name
        )))
    })
}

/// The text of `path` at `release` (decoded as a document is); None when it has no such file.
pub fn text(history: &History, release: &Release, path: &str) -> Result<Option<String>> {
    Ok(bytes(history, release, path)?.map(|b| SourceFile::decode_owned(b).0))
}

/// `release`'s tree: what its `charta.toml` (or the defaults) makes of its files.
pub fn tree(history: &History, release: &Release) -> Result<Tree> {
    let text = |path: &str| text(history, release, path);
    let mut config = text(crate::config::FILE_NAME)?.and_then(|t| Config::parse(&t).ok()).unwrap_or_default();
    config.history.enabled = false;
    let excluded = config.excluded(Path::new(""));
    let roster = text(&config.roster)?.and_then(|t| Roster::parse(&t).ok()).unwrap_or_default();
    let collections = crate::load::collections_in(&config, |dir| {
        let prefix = format!("{dir}/");
        release.files.keys().any(|f| f.starts_with(&prefix))
    });
    let documents: Vec<(&String, usize)> = release
        .files
        .keys()
        .filter(|path| crate::load::is_markdown(Path::new(path.as_str())))
        // What the release's charta.toml excludes is no document of it, as in the current site.
        .filter(|path| !excluded.matched_path_or_any_parents(path.as_str(), false).is_ignore())
        .filter_map(|path| Some((path, crate::load::collection_of(&collections, path)?)))
        .collect();
    let read_document = |(path, collection): (&String, usize)| {
        let bytes = bytes(history, release, path)?.unwrap_or_default();
        let (text, lossy) = SourceFile::decode_owned(bytes);
        Ok(SourceFile { rel_path: path.clone(), text, collection, lossy })
    };
    let library = library::assemble(
        collections,
        documents,
        read_document,
        library::Retain::Digests,
        &config.fields.aliases,
    )?;
    Ok(Tree { config, roster, library })
}

/// One document of a set, as a list of changes names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub id: String,
    pub title: String,
    pub path: String,
    pub version: String,
    pub retired: bool,
    /// SHA-256 of its text: two sets hold the same text of it when these are equal.
    pub digest: [u8; 32],
}

impl Held {
    pub fn of(doc: &Document) -> Held {
        Held {
            id: doc.id(),
            title: doc.title(),
            path: doc.path.clone(),
            version: doc.meta.version.as_ref().map(|v| v.value.clone()).unwrap_or_default(),
            retired: doc.meta.status.as_ref().is_some_and(|s| s.value == Status::Retired),
            digest: doc.digest,
        }
    }
}

/// A periodic review a document records (a `type: review` revision entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    pub date: Date,
    pub id: String,
    pub title: String,
    pub by: String,
    pub summary: String,
}

/// What changed from one set of documents to another.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// In the new set only.
    pub added: Vec<Held>,
    /// In both, with another text: (old, new).
    pub changed: Vec<(Held, Held)>,
    /// Retired in the new set, not in the old: (old, new).
    pub retired: Vec<(Held, Held)>,
    /// In the old set only: no longer in the repository.
    pub removed: Vec<Held>,
    /// Reviews the new set's documents record after the old set's date, up to the new one's.
    pub reviews: Vec<Reviewed>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.changed.is_empty()
            && self.retired.is_empty()
            && self.removed.is_empty()
            && self.reviews.is_empty()
    }
}

/// By id; of several documents stating one id (a `document/duplicate-id` finding), the first
/// by path.
fn by_id(docs: &[Document]) -> BTreeMap<String, Held> {
    let mut out = BTreeMap::new();
    for d in docs {
        out.entry(d.id()).or_insert_with(|| Held::of(d));
    }
    out
}

/// What changed from `old` (as of `since`) to `new` (as of `until`): documents matched by id.
/// A document retired in `new` is listed as retired (with its text's change, if any, not
/// again as changed).
pub fn between(old: &[Document], new: &[Document], roster: &Roster, (since, until): (Date, Date)) -> Changes {
    let (old, new_by_id) = (by_id(old), by_id(new));
    let mut changes = Changes::default();
    for (id, now) in &new_by_id {
        match old.get(id) {
            None => changes.added.push(now.clone()),
            Some(then) if now.retired && !then.retired => changes.retired.push((then.clone(), now.clone())),
            Some(then) if then.digest != now.digest => changes.changed.push((then.clone(), now.clone())),
            Some(_) => {}
        }
    }
    changes.removed =
        old.iter().filter(|(id, _)| !new_by_id.contains_key(*id)).map(|(_, h)| h.clone()).collect();
    for doc in new {
        for r in doc.meta.revisions.iter().filter(|r| r.kind == RevisionType::Review) {
            let Some(date) = r.date.as_ref().map(|d| d.value) else { continue };
            if date > since && date <= until {
                let by = r
                    .author
                    .as_ref()
                    .map(|a| roster.person(&a.value).map_or_else(|| a.value.clone(), |p| p.name.clone()));
                changes.reviews.push(Reviewed {
                    date,
                    id: doc.id(),
                    title: doc.title(),
                    by: by.unwrap_or_default(),
                    summary: r.summary.clone().unwrap_or_default(),
                });
            }
        }
    }
    changes.reviews.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, front: &str, body: &str) -> Document {
        let mut d = Document::parse(path, 0, format!("---\n{front}\n---\n{body}"));
        d.digest = Document::digest_of(&d.text);
        d
    }

    #[test]
    fn documents_are_matched_by_id_across_a_move() {
        let old = [
            doc("a/one.md", "id: ONE\nversion: \"1\"", "Text.\n"),
            doc("a/two.md", "id: TWO\nversion: \"1\"", "Two.\n"),
            doc("a/gone.md", "id: GONE", "Gone.\n"),
            doc("a/old.md", "id: OLD\nstatus: approved", "Old.\n"),
        ];
        let new = [
            doc("b/one.md", "id: ONE\nversion: \"1\"", "Text.\n"),
            doc("a/two.md", "id: TWO\nversion: \"2\"", "Two, changed.\n"),
            doc("a/old.md", "id: OLD\nstatus: retired", "Old.\n"),
            doc("a/new.md", "id: NEW", "New.\n"),
        ];
        let day = |d: &str| d.parse::<Date>().unwrap();
        let c = between(&old, &new, &Roster::default(), (day("2025-01-01"), day("2026-01-01")));
        let ids = |v: &[Held]| v.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&c.added), ["NEW"]);
        assert_eq!(ids(&c.removed), ["GONE"]);
        assert_eq!(
            c.changed.iter().map(|(a, b)| (&*a.version, &*b.version)).collect::<Vec<_>>(),
            [("1", "2")]
        );
        assert_eq!(c.retired.len(), 1);
        assert_eq!(c.retired[0].1.id, "OLD");
        assert!(!c.is_empty());
    }

    #[test]
    fn reviews_are_those_of_the_span() {
        let rev = |date: &str| {
            format!(
                "id: R\nrevisions:\n  - version: \"1\"\n    date: {date}\n    type: review\n    author: ann\n    summary: Looked"
            )
        };
        let day = |d: &str| d.parse::<Date>().unwrap();
        let span = (day("2025-01-01"), day("2025-12-31"));
        let inside = between(&[], &[doc("r.md", &rev("2025-06-01"), "")], &Roster::default(), span);
        assert_eq!(inside.reviews.len(), 1);
        assert_eq!((inside.reviews[0].by.as_str(), inside.reviews[0].summary.as_str()), ("ann", "Looked"));
        for outside in ["2025-01-01", "2026-01-01"] {
            let c = between(&[], &[doc("r.md", &rev(outside), "")], &Roster::default(), span);
            assert!(c.reviews.is_empty(), "{outside}");
        }
    }
}
