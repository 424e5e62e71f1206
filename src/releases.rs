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

/// The releases in the order they were made: by their commits' place in history (a commit's
/// not-before date grows along it; of one day, the line's order), then the tag's date: a tag
/// put on an old commit later (a release recorded after the fact) stands where its commit does.
pub fn in_order(all: &[Release]) -> Vec<&Release> {
    let mut ordered: Vec<&Release> = all.iter().collect();
    ordered.sort_by(|a, b| {
        let place = |r: &Release| {
            (r.commit.not_before, r.line.unwrap_or(usize::MAX), r.commit.date, r.date, r.tagged)
        };
        place(a).cmp(&place(b)).then_with(|| crate::revision::compare_versions(&a.name, &b.name))
    });
    ordered
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
    let Read { config, roster, collections, documents } = read(history, release)?;
    let read_document =
        |(path, collection): (&String, usize)| read_document(history, release, path, collection);
    let library = library::assemble(
        collections,
        documents,
        read_document,
        library::Retain::Digests,
        &config.fields.aliases,
    )?;
    Ok(Tree { config, roster, library })
}

/// `release`'s documents as the lists of changes compare them, in the order of its library,
/// and its configuration: each document summarised as soon as it is parsed (its links are not
/// looked for), so that the release's documents are never all held at once.
pub fn summaries(history: &History, release: &Release) -> Result<(Config, Vec<Summary>)> {
    let Read { config, roster, documents, .. } = read(history, release)?;
    let names = &config.fields.aliases;
    // In path order with no sort: `documents` come from the release's files (a BTreeMap by
    // path) in order, and `each` keeps the order it is given.
    let summaries = library::each(documents, |(path, collection)| {
        let file = read_document(history, release, path, collection)?;
        let mut doc = Document::parse_named(&file.rel_path, file.collection, file.text, names);
        drop(doc.take_text());
        Ok(Summary::of(&doc, &roster))
    })?;
    Ok((config, summaries))
}

/// What charta reads of a release before its documents: its configuration, roster and
/// collections, and which of its files are documents (with their collections).
struct Read<'r> {
    config: Config,
    roster: Roster,
    collections: Vec<crate::config::Collection>,
    documents: Vec<(&'r String, usize)>,
}

fn read<'r>(history: &History, release: &'r Release) -> Result<Read<'r>> {
    let text = |path: &str| text(history, release, path);
    let mut config = text(crate::config::FILE_NAME)?.and_then(|t| Config::parse(&t).ok()).unwrap_or_default();
    config.history.enabled = false;
    let excluded = config.excluded(Path::new(""));
    let roster = text(&config.roster)?.and_then(|t| Roster::parse(&t).ok()).unwrap_or_default();
    let collections = crate::load::collections_in(&config, |dir| {
        let prefix = format!("{dir}/");
        release.files.keys().any(|f| f.starts_with(&prefix))
    });
    // The documents a walk of the release's collections would find, as in the current site:
    // none in a hidden folder, in the static folder, or where its charta.toml excludes.
    let documents = release
        .files
        .keys()
        .filter(|path| crate::load::site_document(&collections, &config.site.static_dir, &excluded, path))
        .filter_map(|path| Some((path, crate::load::collection_of(&collections, path)?)))
        .collect();
    Ok(Read { config, roster, collections, documents })
}

/// The document at `path` of `release`, of `collection`, decoded as a file on disk is.
fn read_document(history: &History, release: &Release, path: &str, collection: usize) -> Result<SourceFile> {
    // Not read past the size a document on disk may be (a page takes up to 250 times its text
    // in memory): the release is left out, saying why, as one git cannot give whole is.
    if release.files.get(path).is_some_and(|&blob| !history.readable_markdown(blob)) {
        return Err(anyhow::Error::new(Unreadable(format!(
            "release {} (commit {}): {path} is larger than the {} MiB charta reads of one Markdown file (split it in a later release, or move attachments out of its text)",
            release.name,
            release.commit.short(),
            crate::load::MAX_MARKDOWN_SIZE >> 20
        ))));
    }
    let bytes = bytes(history, release, path)?.unwrap_or_default();
    let (text, invalid_at) = SourceFile::decode_owned(bytes);
    Ok(SourceFile { rel_path: path.to_owned(), text, collection, invalid_at })
}

/// One document of a set, as a list of changes names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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
    /// Review entries the new set's documents hold that the same documents in the old set did
    /// not, whatever their dates.
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

/// A document as two sets compare: what [`between`] needs of it, without its text or the rest
/// of its front matter, so a release's documents can be compared with little held of them.
#[derive(Debug, Clone)]
pub struct Summary {
    pub held: Held,
    /// The id its front matter states (`id`, else `acronym`), in lower case.
    stated: Option<String>,
    /// Its periodic review entries, in its order.
    reviews: Vec<ReviewEntry>,
}

/// A periodic review entry, as two texts of a document compare: its date, version, author and
/// summary; and who the author is, as the document's set's roster names them. Not comparable
/// as a whole: who the author is differs between two sets whose rosters name them apart, and
/// the entry is the same one ([`ReviewEntry::is`] compares the four).
#[derive(Debug, Clone)]
struct ReviewEntry {
    date: Option<Date>,
    version: Option<String>,
    author: Option<String>,
    summary: Option<String>,
    by: String,
}

impl ReviewEntry {
    /// Whether `other` is the same entry: the same date, version, author and summary (whoever
    /// either set's roster says the author is).
    fn is(&self, other: &ReviewEntry) -> bool {
        (self.date, &self.version, &self.author, &self.summary)
            == (other.date, &other.version, &other.author, &other.summary)
    }
}

impl Summary {
    /// `doc`, with its reviews' authors as `roster` (its set's roster) names them.
    pub fn of(doc: &Document, roster: &Roster) -> Summary {
        let reviews = doc
            .meta
            .revisions
            .iter()
            .filter(|r| r.kind == RevisionType::Review)
            .map(|r| ReviewEntry {
                date: r.date.as_ref().map(|d| d.value),
                version: r.version.as_ref().map(|s| s.value.clone()),
                author: r.author.as_ref().map(|s| s.value.clone()),
                summary: r.summary.clone(),
                by: r
                    .author
                    .as_ref()
                    .map(|a| roster.person(&a.value).map_or_else(|| a.value.clone(), |p| p.name.clone()))
                    .unwrap_or_default(),
            })
            .collect();
        Summary {
            held: Held::of(doc),
            stated: doc.meta.id.as_ref().or(doc.meta.acronym.as_ref()).map(|s| s.value.to_lowercase()),
            reviews,
        }
    }

    /// Each of `docs`, in their order.
    pub fn all(docs: &[Document], roster: &Roster) -> Vec<Summary> {
        docs.iter().map(|d| Summary::of(d, roster)).collect()
    }
}

/// The documents of a set by what identifies one across sets: the id its front matter states
/// (ignoring case), when no other document of the set states it; else its path. A document
/// whose id is only its file's name (Hugo's `*/index.md`, several to a set) is followed by its
/// path, never merged with another.
fn by_key(docs: &[Summary]) -> BTreeMap<String, &Summary> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for id in docs.iter().filter_map(|d| d.stated.as_deref()) {
        *count.entry(id).or_default() += 1;
    }
    docs.iter()
        .map(|d| {
            let key = match d.stated.as_deref() {
                Some(id) if count.get(id) == Some(&1) => format!("id {id}"),
                _ => format!("path {}", d.held.path),
            };
            (key, d)
        })
        .collect()
}

/// A document followed by its path (it states no id) that is in `old` only, taken as the one
/// in `new` only whose path differs only in letter case (`Access.md` renamed `access.md`), or
/// else whose text is the same bytes (moved unchanged): one document, not one removed and one
/// added. Each is paired once, in path order.
fn follow_moves(old: &mut BTreeMap<String, &Summary>, new: &BTreeMap<String, &Summary>) {
    let gone: Vec<String> =
        old.keys().filter(|k| k.starts_with("path ") && !new.contains_key(*k)).cloned().collect();
    let mut came: Vec<&String> =
        new.keys().filter(|k| k.starts_with("path ") && !old.contains_key(*k)).collect();
    let same_name = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
    let same_text = |a: &str, b: &str| old[a].held.digest == new[b].held.digest;
    let mut pairs = Vec::new();
    for alike in [&same_name as &dyn Fn(&str, &str) -> bool, &same_text] {
        for key in &gone {
            if pairs.iter().any(|(g, _): &(String, String)| g == key) {
                continue;
            }
            if let Some(at) = came.iter().position(|c| alike(key, c)) {
                pairs.push((key.clone(), came.remove(at).clone()));
            }
        }
    }
    for (gone, came) in pairs {
        if let Some(entry) = old.remove(&gone) {
            old.insert(came, entry);
        }
    }
}

/// A document at the same path in both sets that states an id in one and none in the other
/// (an id added, or removed): one document, not one removed and one added. Its key in `old`
/// becomes its key in `new`.
fn follow_ids(old: &mut BTreeMap<String, &Summary>, new: &BTreeMap<String, &Summary>) {
    let gone: Vec<String> = old.keys().filter(|k| !new.contains_key(*k)).cloned().collect();
    for key in gone {
        let path = &old[&key].held.path;
        let came = new.iter().find(|(k, d)| {
            !old.contains_key(*k)
                && d.held.path == *path
                && k.starts_with("path ") != key.starts_with("path ")
        });
        if let Some((came, _)) = came {
            let came = came.clone();
            if let Some(entry) = old.remove(&key) {
                old.insert(came, entry);
            }
        }
    }
}

/// What changed from `old` to `new`: documents matched as [`by_key`] says. A document retired
/// in `new` is listed as retired (with its text's change, if any, not again as changed). The
/// reviews are the periodic-review entries `new`'s documents hold that the same documents in
/// `old` did not: whatever dates they bear, each is listed once, in the set it was first in,
/// by its author as `new`'s roster named them when its summaries were made.
pub fn between(old: &[Summary], new: &[Summary]) -> Changes {
    let (mut old, new) = (by_key(old), by_key(new));
    follow_ids(&mut old, &new);
    follow_moves(&mut old, &new);
    let mut changes = Changes::default();
    for (key, doc) in &new {
        let now = &doc.held;
        let before = old.get(key);
        match before.map(|d| &d.held) {
            None => changes.added.push(now.clone()),
            Some(then) if now.retired && !then.retired => changes.retired.push((then.clone(), now.clone())),
            Some(then) if then.digest != now.digest => changes.changed.push((then.clone(), now.clone())),
            Some(_) => {}
        }
        let known = before.map_or(&[][..], |d| &d.reviews[..]);
        for entry in &doc.reviews {
            let Some(date) = entry.date.filter(|_| !known.iter().any(|k| k.is(entry))) else { continue };
            changes.reviews.push(Reviewed {
                date,
                id: now.id.clone(),
                title: now.title.clone(),
                by: entry.by.clone(),
                summary: entry.summary.clone().unwrap_or_default(),
            });
        }
    }
    changes.removed =
        old.iter().filter(|(key, _)| !new.contains_key(*key)).map(|(_, d)| d.held.clone()).collect();
    changes.reviews.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    changes
}

pub mod then;

#[cfg(test)]
mod tests;
