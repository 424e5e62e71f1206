//! Stage 3, `history/review-period-lengthened`: the review period a document states was made
//! longer after the approval it states, and no approval records the longer one. One line
//! (`review_period: 12 months` to `36 months`) would otherwise postpone a review nobody agreed
//! to postpone.

use super::{Read, Since, approved_anew, commit_words, since_approval};
use crate::document::{Document, Period};
use crate::finding::{Finding, Rule};
use crate::history::History;
use crate::source::Span;
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
    clock: super::Clock,
) -> Option<Finding> {
    let Lengthened { allowed, recorded, commit, day, before, after, removed } =
        lengthened(doc, history, timeline, read, clock)?;
    let passed = if allowed < clock.today { ", a day that has passed" } else { "" };
    let message = format!(
        "the review period was {} after the approval on {day} was recorded (commit {}), from {before} to {after}, with no new approval, by {}: the review falls due as the approved period says, on {allowed}{passed}",
        if removed { "removed" } else { "lengthened" },
        recorded.short(),
        commit_words(commit),
    );
    let approval = doc.meta.approval_date.as_ref()?;
    let span = doc.meta.review_period.as_ref().map_or(approval.span, |p| p.span);
    Some(
        Finding::new(Rule::HistoryReviewPeriodLengthened, &doc.path, span, message)
            .help(Rule::HistoryReviewPeriodLengthened.fix()),
    )
}

/// The day `doc`'s review falls due by the period its approval approved, where the period that
/// applies now is longer and no approval approved it: its own period lengthened or removed
/// ([`check`]), or charta.toml's, for a document that states none ([`default_lengthened`]).
/// What `Document::review_cap` holds, so that the schedule says what the finding says.
pub fn approved_due(
    doc: &Document,
    history: &History,
    timeline: &Timeline,
    clock: super::Clock,
) -> Option<Date> {
    let read: Vec<Read> = timeline.texts().collect();
    let own = lengthened(doc, history, timeline, &read, clock).map(|l| l.allowed);
    let default =
        clock.history_periods.then(|| postponed(doc, &read, history, timeline, clock.default)).flatten();
    own.or(default.map(|p| p.allowed))
}

/// What [`check`] finds: the review's due day by the approved period, and what made it later.
struct Lengthened<'a> {
    allowed: Date,
    /// The commit that recorded the approval.
    recorded: &'a crate::history::Commit,
    /// The commit that made the period longer and kept it so.
    commit: &'a crate::history::Commit,
    /// The approval's day.
    day: Date,
    /// The approved period and the one now, in words.
    before: String,
    after: String,
    /// The period was removed, not made longer.
    removed: bool,
}

fn lengthened<'a>(
    doc: &Document,
    history: &'a History,
    timeline: &'a Timeline,
    read: &[Read<'a>],
    clock: super::Clock,
) -> Option<Lengthened<'a>> {
    let super::Clock { default, history_periods, .. } = clock;
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
    let recorded_at = earlier.first().map_or(merge, |&(c, _)| c);
    let texts: Vec<_> = earlier.iter().map(|&(c, f)| (&history.commits[c], f)).chain(texts).collect();
    let (recorded, approved) = *texts.first()?;
    let (_, last) = *texts.last()?;
    if last.pending || !crate::review::is_live(doc) {
        return None;
    }
    // Neither states a period of its own: charta.toml's governs both, and a longer one there
    // is said once, at charta.toml ([`default_lengthened`]).
    if approved.period.is_none() && last.period.is_none() {
        return None;
    }
    let from = crate::review::last_reviewed(doc)?;
    // charta.toml's period when the approval was recorded (where the history says it, and
    // charta.toml is the root's), which governs the texts until the last; today's the last.
    let then = history_periods.then(|| history.review_period_at(recorded_at)).flatten();
    let then = then.as_ref().map_or(default, Option::as_ref);
    let last_at = texts.len() - 1;
    let default_of = |k: usize| if k == last_at { default } else { then };
    // When the period of the `k`th text makes the review due; None for never (no period at all).
    let due = |k: usize| texts[k].1.period.as_deref().or(default_of(k)).and_then(|p| p.after(from));
    let allowed = due(0)?;
    let longer = |k: usize| due(k).is_none_or(|d| d > allowed);
    if !longer(last_at) {
        return None;
    }
    // The change that made it longer and kept it so; a text that records an approval of its
    // own, on a day of its own, approves its period.
    let at = (0..last_at).rposition(|k| !longer(k) && longer(k + 1))?;
    let [(_, before), (commit, after)] = [texts[at], texts[at + 1]];
    let day = |f: &Facts| f.approval.as_ref().map(|a| a.date);
    if approved_anew(before, after) && day(before) != day(after) {
        return None;
    }
    let words = |k: usize| match (&texts[k].1.period, default_of(k)) {
        (Some(p), _) => format!("`{}`", p.text),
        (None, Some(d)) => format!("charta.toml's `{}` (the document states none)", d.text),
        (None, None) => "none (the document states none, nor does charta.toml)".to_owned(),
    };
    Some(Lengthened {
        allowed,
        recorded,
        commit,
        day: approved.approval.as_ref().map_or(approval.value, |a| a.date),
        before: words(0),
        after: words(last_at),
        removed: due(last_at).is_none(),
    })
}

/// One document `default_lengthened` found: its review falls due on `allowed` by the period
/// charta.toml had when its approval was recorded (`then`).
struct Postponed<'a> {
    doc: &'a Document,
    then: Period,
    allowed: Date,
}

/// `history/review-period-lengthened` at charta.toml, once: charta.toml's `[review] period` is
/// longer now than when the approvals of documents that state no period of their own were
/// recorded (each document's first committed text stating it), and no new approval records
/// the longer one. Names how many, the commit that made it so (or the working tree), and the
/// first such review's due day by the approved period. `line`: the `period` line of charta.toml.
pub fn default_lengthened(
    library: &crate::library::Library,
    timelines: &[Timeline],
    (history, until): (&History, Option<usize>),
    (now, today): (Option<&Period>, Date),
    line: u32,
) -> Option<Finding> {
    // Nothing to look at unless charta.toml's period was ever another than today's.
    let mut postponed: Vec<Postponed> = library
        .documents
        .iter()
        .zip(timelines)
        // Every committed text is read, a text committed once too, where charta.toml's period
        // ever changed or differs in the working tree (`History::read_every_text`).
        .filter_map(|(doc, timeline)| {
            postponed(doc, &timeline.texts().collect::<Vec<_>>(), history, timeline, now)
        })
        .collect();
    postponed.sort_by_key(|p| (p.allowed, p.doc.path.clone()));
    let first = postponed.first()?;
    // The commit that made charta.toml's period what it is (the last that changed it, up to
    // `until`: a release's snapshot sees no later one), unless the working tree's is not the
    // one committed.
    let committed = history.review_periods.iter().rev().find(|(c, _)| until.is_none_or(|u| *c <= u));
    let by = match committed {
        Some((commit, period)) if period.as_ref().map(|p| &p.text) == now.map(|p| &p.text) => {
            format!("by {}", commit_words(&history.commits[*commit]))
        }
        _ => "in the working tree, not committed yet".to_owned(),
    };
    let now_words = now.map_or("`none`".to_owned(), |p| format!("`{}`", p.text));
    let n = postponed.len();
    let these = match n {
        1 => "1 document that states no period of its own was".to_owned(),
        n => format!("{n} documents that state no period of their own were"),
    };
    let passed = if first.allowed < today { ", a day that has passed" } else { "" };
    let message = format!(
        "charta.toml's `[review] period` is {now_words}, longer than the `{}` under which {these} approved, with no new approval; changed {by}: their reviews fall due as approved, the first ({}) on {}{passed}",
        first.then.text,
        crate::escape::visible(&first.doc.id()),
        first.allowed,
    );
    Some(
        Finding::new(
            Rule::HistoryReviewPeriodLengthened,
            crate::config::FILE_NAME,
            Span::new(line.max(1), 1),
            message,
        )
        .help(Rule::HistoryReviewPeriodLengthened.fix()),
    )
}

/// `doc`, stating no period of its own, approved under charta.toml's period `then` (as the
/// history says it when the approval was recorded), which is shorter than `now`'s: its review
/// falls due on `allowed`. None where charta.toml's period never changed.
fn postponed<'a>(
    doc: &'a Document,
    read: &[Read<'_>],
    history: &History,
    timeline: &Timeline,
    now: Option<&Period>,
) -> Option<Postponed<'a>> {
    fn text(p: Option<&Period>) -> Option<&str> {
        p.map(|p| p.text.as_str())
    }
    if history.review_periods.iter().all(|(_, p)| text(p.as_ref()) == text(now)) {
        return None;
    }
    if doc.meta.review_period.is_some() || !crate::review::is_live(doc) || doc.meta.pending() {
        return None;
    }
    let Since { merge, texts, .. } = since_approval(doc, history, timeline, read)?;
    let (_, approved) = *texts.first()?;
    if approved.period.is_some() {
        return None;
    }
    let then = history.review_period_at(merge)??;
    let from = crate::review::last_reviewed(doc)?;
    let allowed = then.after(from)?;
    let later = now.and_then(|p| p.after(from)).is_none_or(|due| due > allowed);
    later.then_some(Postponed { doc, then, allowed })
}
