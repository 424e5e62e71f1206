//! Stage 4: the commits that changed a version again under its label, each with its redline:
//! those of the line, and where the version's approval was recorded on a merged branch and the
//! branch changed the text after it, the change that merge brought ([`super::branch_change`]).

use super::redline::{self, Redline, Side};
use crate::document::Document;
use crate::history::{BlobId, History};
use crate::site::view::Change;
use crate::timeline::Timeline;
use crate::versions::Version;

/// What changed a version again.
#[derive(Default)]
pub struct Again {
    /// Each change, in the order it reached the line.
    pub changes: Vec<Change>,
    pub redlines: Vec<Redline>,
    /// The line's commits among them, each with its redline's page.
    pub commits: Vec<(usize, String)>,
    /// The first of them no approval covered, when there was one.
    pub unapproved: Option<Change>,
}

/// The changes of version `v` (labelled `label` on its page `page`, its folder `dir`) after the
/// commit that made it.
pub fn of(
    doc: &Document,
    v: &Version,
    (label, page, dir): (&str, &str, &str),
    (history, timeline): (&History, &Timeline),
    ((working, working_blob), names): ((&str, BlobId), &crate::frontmatter::schema::Names),
) -> Again {
    let mut again = Again::default();
    // Where each change reached the line, to put the branch's among them.
    let mut reached = Vec::new();
    let texts =
        |first, last| redline::texts(doc, (history, timeline), (first, last), (working, working_blob), names);
    if v.last != v.first {
        // A commit that left the text as it was (a move, `git mv`) changed nothing to show.
        for pair in texts(v.first, v.last).windows(2).filter(|p| p[0].1.text != p[1].1.text) {
            let ((before, old), (after, new)) = (&pair[0], &pair[1]);
            let (b, c) = (&history.commits[*before], &history.commits[*after]);
            let path = format!("{dir}/changes/{}/index.html", c.short());
            let named = |c: &crate::history::Commit| format!("{label} as of {}", c.short());
            again.redlines.push(redline::between(
                path.clone(),
                (
                    Side { label: named(b), page: page.to_owned(), doc: old },
                    Side { label: named(c), page: page.to_owned(), doc: new },
                ),
                (history, timeline),
                (*before, *after),
                redline::Named::Last,
                String::new(),
            ));
            again.changes.push(Change {
                what: Change::what(old, new),
                date: c.date.to_string(),
                commit: c.short().to_owned(),
                commit_id: c.id.clone(),
                author: c.author.clone(),
                page: path.clone(),
            });
            again.commits.push((*after, path));
            reached.push(*after);
        }
    }
    if let Some(b) = timeline.branch_change(v.first, v.last)
        && let Some((_, merged)) = texts(b.merge, b.merge).pop()
        && let Some((change, r)) =
            super::branch_change::made(doc, (label, page, dir), (history, timeline), (&b, &merged), names)
    {
        // The line's own change at the merge (from a draft on the line, say) would show the
        // branch's edit again, as the merge's: this one says it, by who made it.
        if let Some(k) = reached.iter().position(|&c| c == b.merge) {
            again.changes.remove(k);
            again.redlines.remove(k);
            again.commits.remove(k);
            reached.remove(k);
        }
        // Before the line's changes after the merge.
        let at = reached.iter().filter(|&&c| c < b.merge).count();
        again.changes.insert(at, change.clone());
        again.redlines.push(r);
        again.unapproved = Some(change);
        return again;
    }
    again.unapproved = timeline
        .unapproved_change(v.first, v.last)
        .and_then(|c| again.changes.iter().find(|ch| ch.commit_id == history.commits[c].id).cloned());
    again
}
