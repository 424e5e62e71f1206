//! Stage 3, `history/reinstated-without-approval`: a document that a commit retired is in force
//! again, under the approval it stated before it was retired. Withdrawing a document is a
//! decision; putting it back into force is another, and needs an approval of its own: one
//! line (`status: retired` back to `approved`) would otherwise restore it unseen.

use super::{Read, commit_words, since_approval};
use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::history::History;
use crate::timeline::Timeline;

/// `history/reinstated-without-approval`, once: the last committed text on the line is neither
/// retired nor pending, an earlier one retired the document, and the approval the document
/// states now was recorded no later than that retirement. Names the commit that retired it and
/// the one that put it back.
pub(super) fn check<'a>(
    doc: &Document,
    history: &'a History,
    timeline: &'a Timeline,
    read: &[Read<'a>],
) -> Option<Finding> {
    let approval = doc.meta.approval_date.as_ref()?;
    let &(_, last) = read.last()?;
    if last.retired || last.pending {
        return None;
    }
    let retired = read.iter().rposition(|(_, f)| f.retired)?;
    let since = since_approval(doc, history, timeline, read)?;
    // Recorded after the retirement (on the line, or on a branch merged after it): a new
    // approval, of the reinstatement.
    if since.merge > read[retired].0 {
        return None;
    }
    // The commit that put it back in force: the first after the retirement whose text is
    // neither retired nor pending (one that brought it back as a draft did not).
    let back = &history.commits[read[retired + 1..].iter().find(|(_, f)| !f.retired && !f.pending)?.0];
    let day = since.texts.first().and_then(|(_, f)| f.approval.as_ref()).map_or(approval.value, |a| a.date);
    let message = format!(
        "the document was retired by {} and put back in force by {}, under the approval of {day}, recorded before it was retired: no approval records the reinstatement",
        commit_words(&history.commits[read[retired].0]),
        commit_words(back),
    );
    let span = doc.meta.status.as_ref().map_or(approval.span, |s| s.span);
    Some(
        Finding::new(Rule::HistoryReinstatedWithoutApproval, &doc.path, span, message)
            .help(Rule::HistoryReinstatedWithoutApproval.fix()),
    )
}
