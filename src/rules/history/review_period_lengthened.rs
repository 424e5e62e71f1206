//! Stage 3, `history/review-period-lengthened`: the review period a document states was made
//! longer after the approval it states, and no approval records the longer one. One line
//! (`review_period: 12 months` to `36 months`) would otherwise postpone a review nobody agreed
//! to postpone.

use super::{Read, Since, approved_anew, commit_words, since_approval};
use crate::document::{Document, Period};
use crate::finding::{Finding, Rule};
use crate::history::History;
use crate::timeline::{Facts, Timeline};
use jiff::civil::Date;

/// `history/review-period-lengthened`, once: the last committed text's review period (the
/// configured `default` where a text states none) falls due later than the period of the text
/// the approval in force was recorded with. The review falls due as the approved period says;
/// the finding names that day, and the commit that lengthened it. A text in draft or review
/// proposes its period: the approval it awaits decides it.
pub(super) fn check<'a>(
    doc: &Document,
    history: &'a History,
    timeline: &'a Timeline,
    read: &[Read<'a>],
    default: Option<&Period>,
    today: Date,
) -> Option<Finding> {
    let approval = doc.meta.approval_date.as_ref()?;
    let Since { merge, texts, .. } = since_approval(doc, history, timeline, read)?;
    // From the first text on the line that stated the approval's day, where that came before
    // the record in force (its approvers or version changed since, its day kept: a record, not
    // an approval of what else changed with it).
    let stated = |f: &Facts| f.approval.as_ref().is_some_and(|a| a.date == approval.value && !a.pending);
    let earlier = read.iter().position(|&(c, f)| c < merge && stated(f)).map_or(&[][..], |start| {
        let end = read.iter().position(|&(c, _)| c >= merge).unwrap_or(read.len());
        &read[start..end]
    });
    let texts: Vec<_> = earlier.iter().map(|&(c, f)| (&history.commits[c], f)).chain(texts).collect();
    let (recorded, approved) = *texts.first()?;
    let (_, last) = *texts.last()?;
    if last.pending || !crate::review::is_live(doc) {
        return None;
    }
    let from = crate::review::last_reviewed(doc)?;
    // When the period of a text makes the review due; None for never (no period at all).
    let due = |f: &Facts| f.period.as_deref().or(default).and_then(|p| p.after(from));
    let allowed = due(approved)?;
    let longer = |f: &Facts| due(f).is_none_or(|d| d > allowed);
    if !longer(last) {
        return None;
    }
    // The change that made it longer and kept it so; a text that records an approval of its
    // own, on a day of its own, approves its period.
    let at = texts.windows(2).rposition(|w| !longer(w[0].1) && longer(w[1].1))?;
    let [(_, before), (commit, after)] = [texts[at], texts[at + 1]];
    let day = |f: &Facts| f.approval.as_ref().map(|a| a.date);
    if approved_anew(before, after) && day(before) != day(after) {
        return None;
    }
    let words = |f: &Facts| match (&f.period, default) {
        (Some(p), _) => format!("`{}`", p.text),
        (None, Some(d)) => format!("charta.toml's `{}` (the document states none)", d.text),
        (None, None) => "none (the document states none, nor does charta.toml)".to_owned(),
    };
    let day = approved.approval.as_ref().map_or(approval.value, |a| a.date);
    let passed = if allowed < today { ", a day that has passed" } else { "" };
    let message = format!(
        "the review period was {} after the approval on {day} was recorded (commit {}), from {} to {}, with no new approval, by {}: the review falls due as the approved period says, on {allowed}{passed}",
        if due(last).is_none() { "removed" } else { "lengthened" },
        recorded.short(),
        words(approved),
        words(last),
        commit_words(commit),
    );
    let span = doc.meta.review_period.as_ref().map_or(approval.span, |p| p.span);
    Some(
        Finding::new(Rule::HistoryReviewPeriodLengthened, &doc.path, span, message)
            .help(Rule::HistoryReviewPeriodLengthened.fix()),
    )
}
