//! Between stages 2 and 3: each document's review day as git's history gives it
//! (`Document::review_cap`), which every schedule keeps to: the rules, the pages, `reviews`.

use crate::config::Config;
use crate::document::ReviewCap;
use crate::history::History;
use crate::library::Library;
use crate::timeline::Timeline;
use jiff::civil::Date;
use rayon::prelude::*;

/// A review period made longer since the approval, and not approved: each schedule keeps to
/// the approved one, as `history/review-period-lengthened` says. A draft or a version in review
/// (its approval fields cleared or not, a longer period proposed or not): the review of the
/// version in force, by the period approved.
pub(super) fn set(
    library: &mut Library,
    timelines: &[Timeline],
    history: &History,
    (config, today): (&Config, Date),
) {
    let clock = crate::rules::history::Clock {
        default: config.review.period.as_ref(),
        today,
        history_periods: !config.given,
    };
    library.documents.par_iter_mut().zip(timelines).for_each(|(doc, timeline)| {
        let periods = (clock.default, clock.history_periods);
        // A review the text in review records of the version in force counts; its approval
        // fields are an earlier version's, or proposed.
        let in_force = || timeline.in_force_review(history, periods, crate::review::reviewed_of(&doc.meta));
        doc.review_cap = crate::rules::history::approved_due(doc, history, timeline, clock)
            .map(ReviewCap::NoLater)
            .or_else(|| doc.meta.pending().then(in_force).flatten());
    });
}
