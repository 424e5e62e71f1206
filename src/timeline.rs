//! Stage 2: each document's timeline: every committed text of it, oldest first, with what that
//! text says (its version, revision entries and approval date, and its body as a hash), read
//! from git and parsed once per document, before the rules. The `history/*` rules compare its
//! steps; the site's version pages group them into versions.

use crate::document::Document;
use crate::fingerprint::Key;
use crate::history::{BlobId, History};
use jiff::civil::Date;

/// A revision entry as a timeline keeps it: a hash of its version and date, which is all that
/// comparing texts needs (whether an entry is new), in 8 bytes rather than its strings.
pub type Entry = u64;

/// The [`Entry`] of a revision entry with this version and date.
pub fn entry(version: Option<&str>, date: Option<Date>) -> Entry {
    let date = date.map(|d| (d.year(), d.month(), d.day()));
    let key = crate::fingerprint::of(&(version, date));
    u64::from_le_bytes(key[..8].try_into().unwrap_or_default())
}

/// The [`Entry`] of the revision entry `r`.
pub fn entry_of(r: &crate::document::Revision) -> Entry {
    entry(r.version.as_ref().map(|v| v.value.as_str()), r.date.as_ref().map(|d| d.value))
}

/// An approval record as a timeline keeps it: a hash of the approval date, the approvers (in
/// any order) and the version a text states; None for a text with no approval date.
pub type Record = u64;

/// The [`Record`] of a text that states these.
pub fn record<'a>(
    approved: Option<Date>,
    approvers: impl Iterator<Item = &'a str>,
    version: Option<&str>,
) -> Option<Record> {
    let date = approved.map(|d| (d.year(), d.month(), d.day()))?;
    let mut approvers: Vec<&str> = approvers.map(str::trim).collect();
    approvers.sort_unstable();
    let key = crate::fingerprint::of(&(date, approvers, version));
    Some(u64::from_le_bytes(key[..8].try_into().unwrap_or_default()))
}

/// The [`Record`] the front matter `m` states: what the `history/*` rules and the site's
/// redline since the approval look for in the timeline.
pub fn stated(m: &crate::document::Meta) -> Option<Record> {
    record(
        m.approval_date.as_ref().map(|d| d.value),
        m.approvers.iter().map(|a| a.value.as_str()),
        m.version.as_ref().map(|v| v.value.as_str()),
    )
}

/// What one committed text of a document says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The id it states: where a path's texts state another, another document held the path
    /// ([`Timeline::split_off_earlier_document`]).
    pub id: Option<String>,
    /// The hash of its body and approved fields as content ([`content`]): two texts with the
    /// same words hash alike.
    pub body: Key,
    /// The same less its effective date ([`content::contents`]), its first 8 bytes (a text's
    /// facts are kept for every text read; this is compared within one document's history).
    pub words: u64,
    pub version: Option<String>,
    pub entries: Vec<Entry>,
    /// Those of `entries` that record a periodic review (`type: review`): no change.
    pub reviews: Vec<Entry>,
    /// Its approval record.
    pub record: Option<Record>,
    /// The approval it states, as written: what a past version's approval evidence names.
    pub approval: Option<Stated>,
    /// The text is a draft or in review: not in force, whatever approval it states.
    pub pending: bool,
    /// The text retires the document (its status is retired).
    pub retired: bool,
    /// The effective date it states: the day its approval put it in force, as approved.
    pub effective: Option<Date>,
    /// The review period it states: what `history/review-period-lengthened` compares (boxed:
    /// a timeline keeps a `Facts` for every text it read, and a period is as large as the rest).
    pub period: Option<Box<crate::document::Period>>,
    /// Its last approval or periodic review (`review::last_reviewed`).
    pub reviewed: Option<Date>,
    /// The `next_review` it states.
    pub next_review: Option<Date>,
    /// Its approval record restates the approval before it (the same approval date, other
    /// approvers or version; see [`Timeline::mark_restatements`]): `record` is that approval's.
    pub restates: bool,
}

/// The approval a text states: its date and approvers, and whether the text was a draft or
/// in review (whose approval fields are an earlier version's, not its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub date: Date,
    pub approvers: Vec<String>,
    pub pending: bool,
}

impl Stated {
    /// The approval `m` states, if it states an approval date.
    pub fn of(m: &crate::document::Meta) -> Option<Stated> {
        Some(Stated {
            date: m.approval_date.as_ref()?.value,
            approvers: m.approvers.iter().map(|a| a.value.clone()).collect(),
            pending: m.pending(),
        })
    }
}

/// Whether a step's text was read, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Not read: nothing compares it (the only text of its run, see [`Timeline::of`]).
    NotRead,
    Read(Facts),
    /// Git could not give the text (a damaged object): why.
    Unreadable(String),
}

/// One commit that changed a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Index into `History::commits`.
    pub commit: usize,
    /// The text it left; None when it deleted the file (a deletion ends a run of texts).
    pub blob: Option<BlobId>,
    /// The file was where the site publishes documents from ([`crate::history::FileVersion`]).
    pub published: bool,
    pub said: Said,
}

/// A document's timeline, oldest first; empty outside git or for a document never committed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    pub steps: Vec<Step>,
    /// For each step that is a merge (by its commit, an index into `History::commits`), the
    /// texts the merged branch's commits gave the document, oldest first: what the merge's one
    /// step on the first-parent line hides (see [`crate::history::merged`]).
    pub branches: std::collections::BTreeMap<usize, Vec<BranchStep>>,
    /// The approval records texts state that restate an earlier approval, each with that
    /// approval's record ([`Timeline::mark_restatements`]).
    pub restated: Vec<(Record, Record)>,
    /// The removed document whose id this one took without going on from it: its history is
    /// not this one's (`history/id-reused`).
    pub reused: Option<Reused>,
}

/// A text of a document on a branch a merge brought in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchStep {
    /// Index into the merge's [`crate::history::merged::Merged::commits`].
    pub commit: usize,
    /// The text the commit left; None where it removed the file.
    pub blob: Option<BlobId>,
    /// The file was where the site publishes documents from ([`crate::history::FileVersion`]).
    pub published: bool,
    pub said: Said,
}

impl Facts {
    /// Whether this text records the approval `now` (a record [`stated`] makes): it states it,
    /// and is not a draft or in review (whose approval fields approve nothing).
    pub fn approves(&self, now: Option<Record>) -> bool {
        self.record == now && self.approval.as_ref().is_some_and(|a| !a.pending)
    }

    /// What the text of `path` says.
    pub fn of(path: &str, text: &str, names: &crate::frontmatter::schema::Names) -> Facts {
        let parsed = crate::frontmatter::read_named(path, text, names);
        let m = &parsed.meta;
        let entries = m.revisions.iter().map(entry_of).collect();
        let review = |r: &&crate::document::Revision| r.kind == crate::document::RevisionType::Review;
        let reviews = m.revisions.iter().filter(review).map(entry_of).collect();
        let version = m.version.as_ref().map(|v| v.value.clone());
        let (body, words) = content::contents(m, parsed.body);
        Facts {
            id: m.id.as_ref().map(|id| id.value.clone()),
            body,
            words: u64::from_le_bytes(words[..8].try_into().unwrap_or_default()),
            version,
            entries,
            reviews,
            record: stated(m),
            approval: Stated::of(m),
            pending: m.pending(),
            retired: m.retired(),
            effective: m.effective_date.as_ref().map(|d| d.value),
            period: m.review_period.as_ref().map(|p| Box::new(p.value.clone())),
            reviewed: crate::review::last_reviewed_of(m),
            next_review: m.next_review.as_ref().map(|d| d.value),
            restates: false,
        }
    }
}

impl Timeline {
    /// Each committed text the timeline read (not a deletion, nor one git could not give), with
    /// its commit, oldest first.
    pub fn texts(&self) -> impl DoubleEndedIterator<Item = (usize, &Facts)> {
        self.steps.iter().filter(|s| s.blob.is_some()).filter_map(|s| match &s.said {
            Said::Read(f) => Some((s.commit, f)),
            _ => None,
        })
    }

    /// The commit that added revision entry `entry`: the first whose text has it. A document
    /// committed once (its text not read) has it from that commit when the text is as then
    /// (`committed`: the working text is the last committed one).
    pub fn added(&self, entry: Entry, committed: bool) -> Option<usize> {
        let texts = self.steps.iter().filter(|s| s.blob.is_some());
        let mut unread = None;
        for step in texts {
            match &step.said {
                Said::Read(facts) if facts.entries.contains(&entry) => return Some(step.commit),
                Said::NotRead => unread = Some(step.commit),
                _ => {}
            }
        }
        unread.filter(|_| committed)
    }

    /// The commit that recorded approval `record`: the first whose text states it; as
    /// [`Timeline::added`] for a document committed once.
    pub fn recorded(&self, record: Record, committed: bool) -> Option<usize> {
        let texts = self.steps.iter().filter(|s| s.blob.is_some());
        let mut unread = None;
        for step in texts {
            match &step.said {
                Said::Read(facts) if facts.record == Some(record) => return Some(step.commit),
                Said::NotRead => unread = Some(step.commit),
                _ => {}
            }
        }
        unread.filter(|_| committed)
    }

    /// The text of the branch `merge` (a commit of the line) brought in that first recorded the
    /// approval `now`, when the branch recorded it.
    pub fn approved_on_branch(&self, merge: usize, now: Record) -> Option<&BranchStep> {
        let steps = self.branches.get(&merge)?;
        steps.iter().find(|s| matches!(&s.said, Said::Read(f) if f.approves(Some(now))))
    }

    /// The timeline of `doc` in `history`. Its texts are read when it has more than one to
    /// compare: a document committed once, most of a new repository, is not read at all (but
    /// for a draft or a version in review over it: that one text is the version in force).
    pub fn of(doc: &Document, history: &History) -> Timeline {
        let none = (&Predecessors::default(), &Current::default());
        Timeline::joined(doc, history, none, &crate::frontmatter::schema::NO_NAMES)
    }

    /// As [`Timeline::of`], joined with the history of the file `doc` was before it was
    /// removed and re-created at its path (`others`: the removed files by id, and the id keys
    /// of the documents there now): the same document, moved in two commits rather than one. Each text's fields are read by `names` too, as the
    /// document's own were.
    pub fn joined(
        doc: &Document,
        history: &History,
        others: (&Predecessors, &Current),
        names: &crate::frontmatter::schema::Names,
    ) -> Timeline {
        Timeline::joined_and_earlier(doc, history, others, names).0
    }

    /// As [`Timeline::joined`], and the versions of another document that held `doc`'s path
    /// before it, which are not its history ([`Timeline::split_off_earlier_document`]).
    pub fn joined_and_earlier(
        doc: &Document,
        history: &History,
        (predecessors, current): (&Predecessors, &Current),
        names: &crate::frontmatter::schema::Names,
    ) -> (Timeline, Option<Vec<crate::history::FileVersion>>) {
        let predecessor =
            doc.meta.id.as_ref().and_then(|id| predecessors.0.get(&id.value)).filter(|p| p.path != doc.path);
        let reused = |p: &Predecessor, why| Reused { path: p.path.clone(), removed: p.removed, why };
        let Some(own) = history.files.get(&doc.path) else {
            // Not committed yet: its history is to come; the id may be taken already.
            let taken = predecessor.and_then(|p| Some(reused(p, p.continued_by(&doc.meta).err()?)));
            return (Timeline { reused: taken, ..Timeline::default() }, None);
        };
        let mut timeline = Timeline::of_versions(&doc.path, own.iter(), history, names);
        let earlier = timeline.split_off_earlier_document(&doc.path, history, current);
        let Some(first) = timeline.steps.first().map(|s| s.commit) else {
            timeline.mark_restatements(history);
            return (timeline, earlier);
        };
        let before = predecessor
            .and_then(|p| history.removed.get(&p.path))
            .filter(|old| old.first().is_some_and(|v| v.commit < first));
        // A removed document whose id this one states and does not go on from: one written
        // after this one was (two documents at once), or one its first text here does not
        // continue (`Predecessor::continued_by`).
        let taken = predecessor.and_then(|p| match before {
            None => Some(reused(p, "it was there before that one was written")),
            Some(_) => {
                let blob = timeline.steps.first().and_then(|s| s.blob)?;
                let text = history.text(blob).ok()?;
                let first_text = crate::frontmatter::read_named(&doc.path, &text, names).meta;
                Some(reused(p, p.continued_by(&first_text).err()?))
            }
        });
        if taken.is_none()
            && let Some(before) = before
        {
            // What the other path held before this one was written: its history. A removal in
            // the commit it came here (two documents that swapped paths) is no gap; one after
            // it (the document copied to a new file, edited, and the old file removed later)
            // is not this document's: the copy goes on from the old text.
            let before = before.iter().filter(|v| v.commit < first);
            let own = own.iter().filter(|v| v.commit >= first);
            timeline = Timeline::of_versions(&doc.path, before.chain(own), history, names);
        }
        if doc.meta.pending() {
            // A draft or a version in review over a text committed once: the version in force
            // is that text, read for its review day (`Timeline::in_force_review`).
            timeline.read_unread(&doc.path, history, names);
        }
        timeline.mark_restatements(history);
        timeline.reused = taken;
        (timeline, earlier)
    }
}

mod branch_change;
mod content;
mod library;
mod predecessors;
mod read;
mod restated;
mod review;
mod taken_over;
pub use branch_change::BranchChange;
pub use content::content;
pub use library::of_library;
pub use predecessors::{Predecessor, Predecessors, Reused};
pub use taken_over::{Current, current};
#[cfg(test)]
mod tests;
