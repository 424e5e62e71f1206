//! Stage 2: the document model (what a controlled document says about itself) and its pure parse.

use crate::finding::Finding;
use crate::frontmatter;
use crate::source::{Span, Spanned};
use jiff::civil::Date;
use std::collections::BTreeMap;

mod fields;
mod period;
pub mod renumbered;
mod status;
pub use fields::Fields;
pub use period::{MAX_YEARS, Period};
pub use status::Status;

/// Which front-matter convention a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// charta's own schema.
    Charta,
    /// The T1Pal QMS (mdn_qms): `document_id`, `repository`/`folder`, `github.com/` people.
    T1pal,
    /// strongdm/comply: `name`, `acronym`, `satisfies`, `majorRevisions`.
    Comply,
    /// Hugo-style sites: `title`, `lastmod`/`last_updated`/`date`, free parameters.
    Hugo,
    /// No front matter at all.
    None,
}

impl Dialect {
    pub fn label(self) -> &'static str {
        match self {
            Dialect::Charta => "charta",
            Dialect::T1pal => "T1Pal QMS",
            Dialect::Comply => "comply",
            Dialect::Hugo => "Hugo",
            Dialect::None => "none",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RevisionType {
    #[default]
    Change,
    Review,
    /// The document was retired (or superseded) at this entry: no change to its text.
    Retirement,
}

/// One entry of a document's revision history.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub version: Option<Spanned<String>>,
    pub date: Option<Spanned<Date>>,
    pub author: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub kind: RevisionType,
    /// Where the entry starts.
    pub span: Span,
}

impl Revision {
    /// An entry with nothing filled in yet, starting at `span`.
    pub fn at(span: Span) -> Revision {
        Revision { version: None, date: None, author: None, summary: None, kind: RevisionType::Change, span }
    }
}

/// A control a document maps to: framework and control id ("ISO27001:2022", "A.5.1").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Control {
    pub framework: String,
    pub id: String,
}

/// Everything the front matter says, in charta's terms, whatever dialect it was written in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub id: Option<Spanned<String>>,
    pub acronym: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub classification: Option<Spanned<String>>,
    pub owner: Option<Spanned<String>>,
    pub authors: Vec<Spanned<String>>,
    pub approvers: Vec<Spanned<String>>,
    pub approval_date: Option<Spanned<Date>>,
    pub effective_date: Option<Spanned<Date>>,
    pub version: Option<Spanned<String>>,
    pub status: Option<Spanned<Status>>,
    /// The id of the document that replaces this one (a retired document's successor).
    pub superseded_by: Option<Spanned<String>>,
    pub review_period: Option<Spanned<Period>>,
    pub last_reviewed: Option<Spanned<Date>>,
    pub next_review: Option<Spanned<Date>>,
    /// Hugo's `lastmod` / `last_updated` / `date`.
    pub updated: Option<Spanned<Date>>,
    pub controls: Vec<Spanned<Control>>,
    pub requirements: Vec<Spanned<String>>,
    pub revisions: Vec<Revision>,
    /// T1Pal's repository + folder.
    pub location: Option<String>,
    pub description: Option<String>,
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The line of every field written, by its key as written.
    pub fields: Fields,
}

impl Meta {
    /// Whether the front matter states what only a controlled document states: an owner,
    /// approvers or an approval, an effective date, a review schedule, revisions, or a status
    /// of charta's (not a static site's page, which has a title, a date and a weight).
    pub fn states_control(&self, names: &crate::frontmatter::schema::Names) -> bool {
        const CONTROL: &[&str] = &[
            "owner",
            "approvers",
            "approval_date",
            "effective_date",
            "review_period",
            "last_reviewed",
            "next_review",
            "revisions",
        ];
        self.status.is_some()
            || !self.revisions.is_empty()
            || CONTROL.iter().any(|field| self.fields.written(names, field).is_some())
    }

    /// A draft or a version in review: its approval fields are an earlier version's, not its
    /// own, and it is not in force.
    pub fn pending(&self) -> bool {
        self.status.as_ref().is_some_and(|s| matches!(s.value, Status::Draft | Status::Review))
    }

    /// The approvers of this version: none for a draft or a version in review, whose approval
    /// fields are an earlier version's.
    pub fn own_approvers(&self) -> &[Spanned<String>] {
        if self.pending() { &[] } else { &self.approvers }
    }

    /// The approval date of this version: none for a draft or a version in review.
    pub fn own_approval_date(&self) -> Option<Date> {
        self.approval_date.as_ref().filter(|_| !self.pending()).map(|d| d.value)
    }

    /// Its status is retired: out of force for good.
    pub fn retired(&self) -> bool {
        self.status.as_ref().is_some_and(|s| s.value == Status::Retired)
    }

    /// Drop the spare capacity lists grew with: ten thousand documents are kept at once.
    pub fn shrink(&mut self) {
        self.authors.shrink_to_fit();
        self.approvers.shrink_to_fit();
        self.controls.shrink_to_fit();
        self.requirements.shrink_to_fit();
        self.revisions.shrink_to_fit();
    }
}

/// A parsed document: its metadata, its Markdown body and what parsing found wrong.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    pub collection: usize,
    pub dialect: Dialect,
    pub meta: Meta,
    /// The whole file as read: the document owns it, so nothing else keeps a second copy.
    /// Empty once the library has let it go ([`crate::library::Retain`]).
    pub text: String,
    /// Byte offset in `text` where the Markdown body starts.
    pub body_start: usize,
    /// The body's first ATX heading: the title when the front matter gives none.
    pub heading: Option<String>,
    /// SHA-256 of the text: what the build cache keys a document's pages by, and how a text
    /// read again for rendering is known to be the one that was checked. Computed when the
    /// text is let go ([`crate::library::Retain::Digests`]); `check` never needs it.
    pub digest: [u8; 32],
    /// A quick hash of the text (not a content address: 64 bits, within one run), computed when
    /// the text is let go for `check`'s human report ([`crate::library::Retain::Fingerprints`]):
    /// how a text read again to quote its lines is known to be the one that was checked. 0
    /// until then.
    pub fingerprint: u64,
    /// The relative links and images of the body, found when the library is made, while the
    /// text is at hand: validation reads them after the text may be gone. Where all lead to
    /// documents of the library, what a quick reading finds (see [`crate::links::relative_links`]).
    pub links: Vec<crate::source::Spanned<String>>,
    /// File line of the first body line.
    pub body_line: u32,
    pub findings: Vec<Finding>,
    /// False when the front matter exists but could not be read (bad YAML, unterminated):
    /// document-control rules then have nothing to check, beyond that one finding.
    pub readable: bool,
    /// What the history says of its next review, set once the history is read
    /// (`cmd::review_caps`), else None: every schedule keeps to it.
    pub review_cap: Option<ReviewCap>,
}

/// What a document's history says of its next periodic review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewCap {
    /// No later than this day: the period its approval approved, where the one that applies
    /// now is longer and no approval approved that (`history/review-period-lengthened`).
    NoLater(Date),
    /// A draft or a version in review: the version in force is due on this day, by the period
    /// its approval approved, whatever the text proposes.
    InForce(Date),
    /// A draft or a version in review of a document its last text in force retired: nothing is
    /// in force, nothing is due.
    NothingInForce,
}

impl Document {
    /// Pure: parse a document's text (BOM already removed).
    pub fn parse(path: &str, collection: usize, text: impl Into<String>) -> Document {
        Document::parse_named(path, collection, text, &frontmatter::schema::NO_NAMES)
    }

    /// As [`Document::parse`], with an organisation's own names for charta's fields.
    pub fn parse_named(
        path: &str,
        collection: usize,
        text: impl Into<String>,
        names: &frontmatter::schema::Names,
    ) -> Document {
        let text: String = text.into();
        let mut parsed = frontmatter::read_named(path, &text, names);
        parsed.meta.shrink();
        // The body is a slice of the text; where it starts is all a document needs to keep.
        let offset = (parsed.body.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        let body_start = if offset <= text.len() && text.get(offset..) == Some(parsed.body) {
            offset
        } else {
            text.len() - parsed.body.len().min(text.len())
        };
        Document {
            path: path.to_owned(),
            collection,
            dialect: parsed.dialect,
            meta: parsed.meta,
            body_line: parsed.body_line,
            findings: parsed.findings,
            readable: parsed.readable,
            heading: crate::heading::first_heading(parsed.body),
            digest: [0; 32],
            fingerprint: 0,
            links: Vec::new(),
            body_start,
            text,
            review_cap: None,
        }
    }

    /// Hand the text over, keeping its digest: what identifies the text from then on.
    pub fn take_text(&mut self) -> String {
        self.digest = Document::digest_of(&self.text);
        std::mem::take(&mut self.text)
    }

    /// True when `text` is this document's text, as far as its digest tells (false while the
    /// document still holds its text and has no digest).
    pub fn is_text(&self, text: &str) -> bool {
        self.digest != [0; 32] && Document::digest_of(text) == self.digest
    }

    /// SHA-256 of a text, as [`Document::digest`] holds it.
    pub fn digest_of(text: &str) -> [u8; 32] {
        sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(text)).into()
    }

    /// The quick hash of a text, as [`Document::fingerprint`] holds it (never 0).
    pub fn fingerprint_of(text: &str) -> u64 {
        use std::hash::BuildHasher as _;
        foldhash::quality::FixedState::with_seed(0).hash_one(text).max(1)
    }

    /// The Markdown body: the text after the front matter.
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }

    /// The document id: `id`, else comply's `acronym`, else the file name without extension.
    pub fn id(&self) -> String {
        self.meta
            .id
            .as_ref()
            .or(self.meta.acronym.as_ref())
            .map(|s| s.value.clone())
            .unwrap_or_else(|| self.name().to_owned())
    }

    pub fn file_stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        crate::load::markdown_stem(name)
    }

    /// What the document is called when its front matter gives no id or title: its file's
    /// stem, or for a folder's index (`index.md`, `_index.md`, `README.md`: a Hugo page bundle,
    /// a folder's page) the folder's name. Fourteen documents of one site were all `index`.
    pub fn name(&self) -> &str {
        let stem = self.file_stem();
        let index = ["index", "_index", "readme"].iter().any(|n| stem.eq_ignore_ascii_case(n));
        let folder = self.path.rsplit('/').nth(1).filter(|f| !f.is_empty());
        match folder {
            Some(folder) if index => folder,
            _ => stem,
        }
    }

    /// The title: the front matter's, else the first heading of the body, else the file name.
    pub fn title(&self) -> String {
        // T1Pal titles are often just the file name; the first heading then says it better.
        if let Some(t) = self.meta.title.as_ref().filter(|_| !self.title_is_file_name()) {
            return crate::heading::plain_title(&t.value);
        }
        self.heading.clone().unwrap_or_else(|| self.name().to_owned())
    }

    /// Whether the front matter's title is a file name rather than a title (see
    /// [`crate::heading::is_file_name`]).
    pub fn title_is_file_name(&self) -> bool {
        self.meta.title.as_ref().is_some_and(|t| crate::heading::is_file_name(&t.value, &self.path))
    }
}

/// An id as ids are compared (for duplicates and waivers): in lower case, with each run of
/// `-`, `_` and spaces as one `-`, so `SOP_0001`, `sop-0001` and `SOP 0001` are one id.
pub fn id_key(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for part in id_parts(id) {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(part.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The parts of an id [`id_key`] joins: the runs between `-`, `_` and spaces.
pub fn id_parts(id: &str) -> impl Iterator<Item = &str> {
    id.split(|c: char| c == '-' || c == '_' || c.is_whitespace()).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests;
