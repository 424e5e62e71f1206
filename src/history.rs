//! Stage 1 (I/O): the repository's git history, read in-process in one pass: which commits
//! changed which document, the blob each change left, and the release tags; then, on any
//! thread, the committed texts later stages ask for.

use crate::source::SourceFile;
use anyhow::{Context, Result};
use git2::{Commit as GitCommit, ObjectType, Oid, Repository};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

mod branch_files;
mod changes;
mod commit;
mod dates;
mod era;
mod ignored;
mod index;
pub mod merged;
pub mod moves;
mod objects;
mod published;
pub use index::{holds, tracks_under};
pub use published::{Published, Publishing};
mod periods;
pub mod promotion;
mod renames;
mod setting;
pub mod signatures;
mod tags;
#[cfg(test)]
pub mod testing;
pub use branch_files::BranchFiles;
pub use commit::{commit_file, ready_to_commit};
pub use dates::Moment;
pub use ignored::{Ignored, folder_in_repository};
use objects::Objects;
pub use setting::setting;

/// Git's id for a blob (a committed text): what the rest of charta holds of git's objects,
/// without knowing git's library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlobId(Oid);

impl std::fmt::Display for BlobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    /// The author date, as the commit states it: anything its author chose.
    pub date: Date,
    /// The latest [`Commit::landed`] of this commit and every one before it on the line: a
    /// commit cannot have been made before the commit it follows, whatever date it states (a
    /// commit dated 1970). It grows along the line, and orders what is dated by it (releases,
    /// removals). Off the line (a merged branch's commits), its author date.
    pub not_before: Date,
    /// The day this commit was made, as its own signer's calendar tells it: its landed day, or
    /// where it states a moment before one of a commit before it on the line, that commit's
    /// (`dates::date_line`). What a day a person wrote (an approval date, a key's last day) is
    /// compared with: unlike [`Commit::not_before`], a commit made in California hours after
    /// one in Tokyo may have an earlier day. Off the line, its author date.
    pub made: Date,
    /// The day this commit put its texts where it stands: the later of its author and
    /// committer days. A commit rebased or cherry-picked onto the line (GitHub's "rebase and
    /// merge"), amended, or made with its author date set back keeps its author's day from
    /// where it was written, and was made as it stands on its committer's. Not so for a line
    /// rewritten whole from its first commit on one day (`git rebase --root`): that day says
    /// nothing of when each text came, and those commits keep their author dates
    /// (`dates::date_line`).
    pub landed: Date,
    /// The moment of [`Commit::landed`]: the later of its author's and committer's.
    pub landed_at: Moment,
    /// Its author's moment: [`Commit::date`] is its day.
    pub written: Moment,
    pub author: String,
    pub email: String,
    pub summary: String,
    /// It has more than one parent: its author merged, and made none of what it brought in.
    pub merge: bool,
}

impl Commit {
    pub fn short(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }
}

/// A file as one commit left it: its blob, or `None` when the commit deleted it. The text is
/// read from git when something needs it ([`History::text`]), not kept: a long history of a
/// large library would not fit in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileVersion {
    /// Index into `History::commits`.
    pub commit: usize,
    pub blob: Option<BlobId>,
    /// The file was where the site publishes documents from (the `published` paths [`read`] is
    /// given): a text it had elsewhere (before it was moved into the root folder, or out of a
    /// hidden or excluded folder) counts for the history rules, and is not published.
    pub published: bool,
}

/// A release tag and the files of the root at that tag (root-relative paths, and their blobs).
#[derive(Debug, Clone)]
pub struct Release {
    pub name: String,
    /// When it was released: an annotated tag's date, else its commit's; never before its
    /// commit was made.
    pub date: Date,
    /// The date its tag states (an annotated tag's, else its commit's), as stated: what orders
    /// releases whose `date` was raised to one day.
    pub tagged: Date,
    /// An annotated tag's message, trimmed.
    pub message: Option<String>,
    /// Its commit; on the line, with the line's not-before date there.
    pub commit: Commit,
    /// Its commit's place on the first-parent line (an index of [`History::commits`]); None
    /// for a commit off it.
    pub line: Option<usize>,
    /// The names of the other releases its commit's history holds (a tag on a branch not merged
    /// by then is not one of them): what "what changed in" a release compares it with.
    pub before: Vec<String>,
    /// Its folder in the site (`releases/<folder>/`, `changes/in-<folder>/`): its name made
    /// safe, unique ignoring case among the releases in their order, so `v2/beta` and `v2-beta`
    /// get folders of their own.
    pub folder: String,
    pub files: BTreeMap<String, BlobId>,
}

/// Root-relative path -> the versions of the file, oldest first.
pub type Files = BTreeMap<String, Vec<FileVersion>>;

#[derive(Debug, Clone)]
pub struct History {
    /// Oldest first, along the first-parent line of HEAD.
    pub commits: Vec<Commit>,
    /// Root-relative path -> its versions, oldest first (only commits that changed it).
    pub files: Files,
    /// Markdown files removed and not there now, with their versions (the last the removal).
    pub removed: Files,
    pub releases: Vec<Release>,
    /// For each merge on the line (by index into `commits`) that changed a document, the
    /// branch it brought in: its commits and the texts they gave the documents it changed.
    pub merged: BTreeMap<usize, merged::Merged>,
    /// The clone is shallow: history is cut off, so history rules cannot be trusted.
    pub shallow: bool,
    /// The clone is partial (`--filter`, a promisor remote): past texts are fetched by git on
    /// demand, which libgit2 does not do, so they cannot be read.
    pub partial: bool,
    /// The root's folder in the repository (`docs/isms`; empty at its top): every path here is
    /// relative to it, so the same commits read from another folder are another history.
    pub folder: String,
    /// Collections earlier commits' charta.toml named that today's does not (a collection folder
    /// renamed): where a document removed before the rename was published from.
    pub collections_then: Vec<crate::config::Collection>,
    /// charta.toml's `[review] period` (None: `"none"`) from each commit on the line that
    /// changed it (by index into `commits`), oldest first; removed, charta's default. A
    /// charta.toml that cannot be read leaves the period before it.
    pub review_periods: Vec<(usize, Option<crate::document::Period>)>,
    /// The files of the root folder moved along the line: what a path an earlier text names is
    /// called now, and what a file of now was called then.
    pub moves: moves::Moves,
    /// Read every committed text of every document, a text committed once too: where
    /// charta.toml's period changed along the line, or differs in the working tree, what each
    /// approval approved is asked of them ([`History::periods_changed`]).
    pub read_every_text: bool,
    objects: Arc<Objects>,
}

/// Whether `repo` is a partial clone: git names its promisor remote in
/// `extensions.partialClone`, and marks the remote `promisor = true` (any of git's true words).
fn is_partial(repo: &Repository) -> bool {
    let Ok(config) = repo.config() else { return false };
    let any = |glob: &str, set: &dyn Fn(&str) -> bool| {
        config.entries(Some(glob)).is_ok_and(|mut entries| {
            let mut found = false;
            while let Some(Ok(e)) = entries.next() {
                found |= e.value().is_ok_and(set);
            }
            found
        })
    };
    let truthy = |v: &str| ["true", "yes", "on", "1"].iter().any(|t| t.eq_ignore_ascii_case(v.trim()));
    any("^extensions\\.partialclone$", &|v: &str| !v.trim().is_empty())
        || any("^remote\\..*\\.promisor$", &truthy)
}

impl History {
    /// The clone holds only part of the history (shallow or partial): what it seems to say of
    /// past texts is not so, and nothing but the finding saying so reads it.
    pub fn incomplete(&self) -> bool {
        self.shallow || self.partial
    }

    /// A committed file's bytes.
    pub fn bytes(&self, blob: BlobId) -> Result<Vec<u8>> {
        self.objects.read(blob, (crate::load::MAX_FILE_SIZE, "file"), |b| b.to_vec())
    }

    /// A committed file's size, from git's header of it (nothing inflated); None when git
    /// cannot say.
    pub fn size(&self, blob: BlobId) -> Option<u64> {
        self.objects.with(|repo| Objects::size(repo, blob.0)).ok().flatten()
    }

    /// Whether a committed file is no larger than charta reads (`MAX_FILE_SIZE`; unsized: yes).
    pub fn readable_size(&self, blob: BlobId) -> bool {
        self.size_within(blob, crate::load::MAX_FILE_SIZE)
    }

    /// The same of a Markdown document (`MAX_MARKDOWN_SIZE`).
    pub fn readable_markdown(&self, blob: BlobId) -> bool {
        self.size_within(blob, crate::load::MAX_MARKDOWN_SIZE)
    }
    fn size_within(&self, blob: BlobId, most: u64) -> bool {
        self.size(blob).is_none_or(|s| s <= most)
    }

    /// A committed Markdown file's text, decoded as a file on disk is, within the same size.
    pub fn text(&self, blob: BlobId) -> Result<String> {
        self.objects
            .read(blob, (crate::load::MAX_MARKDOWN_SIZE, "Markdown file"), |b| SourceFile::decode(b).0)
    }
}

/// Git's id for a blob holding `text`: equal to a committed blob's id when the text is that
/// blob's, byte for byte.
pub fn blob_id(text: &str) -> BlobId {
    BlobId(Oid::hash_object(ObjectType::Blob, text.as_bytes()).unwrap_or(Oid::ZERO_SHA1))
}

fn commit_info(c: &GitCommit) -> Commit {
    let author = c.author();
    let (written, committed) = (Moment::of(author.when()), Moment::of(c.committer().when()));
    Commit {
        id: c.id().to_string(),
        date: written.day(),
        not_before: written.day(),
        made: written.day(),
        landed: written.day().max(committed.day()),
        landed_at: dates::landed(written, committed),
        written,
        author: clipped(author.name().unwrap_or_default(), MOST_NAME),
        email: clipped(author.email().unwrap_or_default(), MOST_NAME),
        summary: clipped(c.summary().ok().flatten().unwrap_or_default(), MOST_SUMMARY),
        merge: c.parent_count() > 1,
    }
}

/// Most characters of a commit's author name or e-mail kept, and of its summary line: what
/// findings, pages and reports quote of a commit. A commit message of 16 MiB, 20 KB in git's
/// pack, was quoted whole in every finding about each document the commit changed.
const MOST_NAME: usize = 200;
const MOST_SUMMARY: usize = 300;
/// Most characters of an annotated tag's message kept: the release's banner on every page of
/// its snapshot shows it.
const MOST_TAG_MESSAGE: usize = 2_000;

/// `text`, cut after `most` characters with `…` where it was cut.
fn clipped(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// libgit2 reads a pack file through windows it maps into memory, 1 GiB each and up to 8 GiB
/// at once on 64-bit systems, and unmaps none while under that: reading a history maps and
/// touches the whole pack, which then counts in the process's memory until it ends (20 MB of a
/// 10,000-document repository with a release; a long-lived repository's pack can be hundreds).
/// Windows of 1 MiB, 8 MiB mapped at most, the least recently used unmapped first: peak memory
/// of that build 20 MB lower, in the same time (BENCHMARKS.md). An error (an option this
/// libgit2 does not know) leaves its defaults, which only cost memory.
///
/// # Safety
///
/// It sets libgit2 globals without synchronisation: call it before any other thread is
/// spawned and before git is used (at the start of `main`).
#[expect(unsafe_code, reason = "libgit2's options are C globals")]
pub unsafe fn bound_mappings() {
    // SAFETY: the caller runs this before any other thread or use of git.
    unsafe {
        let _ = git2::opts::set_mwindow_size(WINDOW);
        let _ = git2::opts::set_mwindow_mapped_limit(MAPPED);
    }
}

/// The size of libgit2's windows on pack files and how much of them it maps at most, as set.
///
/// # Safety
///
/// It reads libgit2 globals without synchronisation: no other thread may set them meanwhile.
#[expect(unsafe_code, reason = "libgit2's options are C globals")]
pub unsafe fn mappings() -> (usize, usize) {
    // SAFETY: the caller makes sure no other thread sets them.
    unsafe {
        (
            git2::opts::get_mwindow_size().unwrap_or_default(),
            git2::opts::get_mwindow_mapped_limit().unwrap_or_default(),
        )
    }
}

/// The size of a window on a pack file, and how much of them may be mapped at once.
const WINDOW: usize = 1 << 20;
const MAPPED: usize = 8 << 20;

/// Read the history of the repository holding `root`. `tracked` says which root-relative paths
/// to follow (the documents), `published` which of them the site publishes a document from
/// (as a walk of the collections would find it); `releases_glob` picks the release tags (`v*`).
/// No file is read here, only trees: texts are read when they are asked for. None outside a
/// repository.
pub fn read(
    root: &Path,
    (tracked, published): (impl Fn(&str) -> bool, impl Published),
    releases_glob: &str,
) -> Result<Option<History>> {
    // libgit2 hashes every object it reads again, to compare with its name (SHA-1 with collision
    // detection: a third of the time it spends reading a repository's documents). git itself
    // does not: objects are checked when they arrive (a clone or fetch hashes every object it
    // receives) and by `git fsck`; zlib still checks each object's compressed bytes.
    git2::opts::strict_hash_verification(false);
    let Ok(repo) = Repository::discover(root) else {
        return Ok(None);
    };
    let Some(workdir) = repo.workdir() else {
        return Ok(None);
    };
    let workdir = workdir.canonicalize().with_context(|| format!("cannot resolve {}", workdir.display()))?;
    let prefix = root
        .strip_prefix(&workdir)
        .map(|p| p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
        .unwrap_or_default();
    let shallow = repo.is_shallow();
    let partial = is_partial(&repo);
    let changes::Line { mut commits, files, removed, merged, collections_then, config_blobs, moves } =
        match repo.head() {
            Ok(head) => {
                let id = head.target().map(|id| id.to_string()).unwrap_or_default();
                let head =
                    head.peel_to_commit().with_context(|| format!("cannot read commit {id} (HEAD)"))?;
                changes::walk(&repo, &head, &prefix, (&tracked, &published))?
            }
            // No commit yet.
            Err(_) => changes::Line::default(),
        };
    let review_periods = periods::read(&repo, config_blobs);
    let mut releases = tags::read(&repo, releases_glob, &prefix)?;
    dates::date_line(&mut commits);
    tags::date(&mut releases, &commits);
    tags::ancestry(&repo, &mut releases);
    Ok(Some(History {
        commits,
        files,
        removed,
        releases,
        merged,
        shallow,
        partial,
        folder: prefix,
        collections_then,
        moves,
        read_every_text: periods::changed(&review_periods),
        review_periods,
        objects: Arc::new(Objects::new(repo)),
    }))
}

#[cfg(test)]
mod tests;
