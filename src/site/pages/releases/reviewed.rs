//! Stage 4: what changed between two sets, less the documents a periodic review alone touched:
//! a review records that nothing changed, and is listed as a review, not as a change.

use super::{Set, text_of};
use crate::document::{Document, Revision, RevisionType};
use crate::history::History;
use crate::releases::Changes;
use crate::site::file::Texts;
use anyhow::Result;

/// The fields a periodic review writes: its entry, and the days it sets.
const REVIEW_FIELDS: [&str; 3] = ["revisions", "last_reviewed", "next_review"];

/// Take out of `changes.changed` each document whose version is the same on both sides, for
/// which `changes.reviews` lists a review, and whose two texts differ only in that review's
/// record: the same words and fields, and the same revision entries but for reviews.
pub(super) fn set_apart(
    history: &History,
    (old, new): (&Set, &Set),
    changes: &mut Changes,
    texts: Texts,
) -> Result<()> {
    let mut kept = Vec::with_capacity(changes.changed.len());
    for (then, now) in std::mem::take(&mut changes.changed) {
        let reviewed = then.version == now.version && changes.reviews.iter().any(|r| r.id == now.id);
        let only = reviewed && {
            let a = Document::parse_named(&then.path, 0, text_of(history, old, &then, texts)?, &old.names);
            let b = Document::parse_named(&now.path, 0, text_of(history, new, &now, texts)?, &new.names);
            review_only(&a, &b)
        };
        if !only {
            kept.push((then, now));
        }
    }
    changes.changed = kept;
    Ok(())
}

/// A revision entry that is not a review's, as two texts compare it: version, date, author and
/// summary (not where it stands).
type Entry = (Option<String>, Option<jiff::civil::Date>, Option<String>, Option<String>);

fn entry(r: &Revision) -> Option<Entry> {
    let value = |s: &Option<crate::source::Spanned<String>>| s.as_ref().map(|s| s.value.clone());
    let change = r.kind != RevisionType::Review;
    change.then(|| (value(&r.version), r.date.as_ref().map(|d| d.value), value(&r.author), r.summary.clone()))
}

/// Whether `b` is `a` with a periodic review recorded, and nothing else changed.
fn review_only(a: &Document, b: &Document) -> bool {
    let content = |d: &Document| crate::timeline::content(&d.meta, d.body());
    let entries = |d: &Document| -> Vec<Entry> { d.meta.revisions.iter().filter_map(entry).collect() };
    content(a) == content(b)
        && entries(a) == entries(b)
        && crate::site::diff::field_changes(a, b).iter().all(|c| REVIEW_FIELDS.contains(&c.field))
}
