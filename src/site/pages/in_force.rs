//! Stage 4: the days each version of a document was in force, as its versions list, the
//! register and the as-of register show them.

use crate::site::view::VersionView;
use jiff::civil::Date;

/// The first day a version whose front matter is `m` was in force (for a retirement, withdrawn:
/// see below): its `effective` date as approved (not before its approval date), else
/// `first_approved` (the first approval its committed texts state, when they were read), else
/// its approval date unless an earlier version `claimed` it (then the day it was first
/// `committed`, if later), else the day it was first `committed`; None when it never was (a
/// draft, or a version in review).
pub fn from(
    m: &crate::document::Meta,
    effective: Option<Date>,
    (first_approved, claimed): (Option<Date>, bool),
    committed: Option<Date>,
) -> Option<String> {
    if m.pending() {
        return None;
    }
    // A retirement is withdrawn from the day its entry states (recorded late, as an approval
    // may be), else from a new approval of it, else from its commit: not from the approval or
    // effective date its text keeps from the version it withdraws.
    if m.retired() {
        let entry = crate::revision::retirement(&m.revisions).and_then(|r| r.date.as_ref()).map(|d| d.value);
        return entry.or(first_approved).or(committed).map(|d| d.to_string());
    }
    let approved = m.approval_date.as_ref().map(|d| d.value);
    // Never before its approval (`approval/effective-before-approval` says it is dated so).
    let effective = effective.map(|d| approved.map_or(d, |a| d.max(a)));
    let stated = effective.or(first_approved);
    // A claimed date's version began no earlier than it (an approval written ahead of its day).
    let day = match (stated, claimed) {
        (Some(day), _) => day,
        (None, false) => approved.or(committed)?,
        (None, true) => committed.max(approved)?,
    };
    Some(day.to_string())
}

/// The first day in force of version `v` of a document, whose text's front matter is `m`;
/// `before`: the day the latest earlier version that was to be in force was first committed.
/// None when it never was (a draft, or a version in review).
pub fn first_day(
    m: &crate::document::Meta,
    v: &crate::versions::Version,
    (history, timeline): (&crate::history::History, &crate::timeline::Timeline),
    before: Option<Date>,
) -> Option<String> {
    // The first approval its texts state that no earlier version's did: a version approved
    // again later (a yearly re-approval, the same version with a new date) was in force from
    // the first; a date left from the version before (the version bumped, the date not yet)
    // is that version's.
    let approval = |s: &crate::timeline::Step| match &s.said {
        crate::timeline::Said::Read(f) if !f.restates => {
            f.approval.as_ref().filter(|a| !a.pending).map(|a| a.date)
        }
        _ => None,
    };
    let texts = || timeline.steps.iter().filter(|s| s.blob.is_some());
    // A version whose texts only restate an earlier approval (its version or approvers changed,
    // its approval date not) was never approved: the version before stays in force. Not so a
    // retirement (of a draft of the next version, say): it withdraws the document whatever
    // approval its text states.
    if !m.retired() && timeline.only_restates(v.first, v.last) {
        return None;
    }
    // A text that states no approval nor any status, committed before the document's first
    // approval (a file adopted as it was, its front matter added later), was a draft of what
    // was approved. One that states itself approved (an effective date, no approval date) was
    // in force as it says.
    let approves = |f: &crate::timeline::Facts| f.approval.as_ref().is_some_and(|a| !a.pending);
    if m.approval_date.is_none()
        && m.status.is_none()
        && timeline.texts().find(|(_, f)| approves(f)).is_some_and(|(c, _)| c > v.last)
    {
        return None;
    }
    // A retirement of a document none of whose texts was ever in force (drafts, in review)
    // withdraws nothing.
    if m.retired() {
        // Drafts only: one text at least pending, none in force (an archive imported retired,
        // its approval before git, was in force, whatever its later texts).
        let said = |s: &crate::timeline::Step| match &s.said {
            crate::timeline::Said::Read(f) => Some((f.pending, f.retired)),
            _ => None,
        };
        let states: Vec<_> = texts().filter(|s| s.commit <= v.last).map(said).collect();
        let drafts = states.iter().all(|s| s.is_some_and(|(pending, retired)| pending || retired));
        if drafts && states.iter().any(|s| s.is_some_and(|(pending, _)| pending)) {
            return None;
        }
    }
    let earlier: Vec<Date> = texts().filter(|s| s.commit < v.first).filter_map(approval).collect();
    let first_approved = texts()
        .filter(|s| (v.first..=v.last).contains(&s.commit))
        .filter_map(approval)
        .find(|d| !earlier.contains(d));
    // An approval date an earlier version stated is not this one's first day: a text
    // committed later with it was in force from its commit.
    let claimed = m.approval_date.as_ref().is_some_and(|d| earlier.contains(&d.value));
    // The day its first commit put it on the line (a commit rebased there keeps its author's
    // day from the branch: it reached the line on its committer's).
    let committed = history.commits[v.first].landed;
    // The effective date as the text that recorded the approval stated it: one moved later
    // with no new approval (`history/changed-after-approval` says so) moves no day in force.
    let approved_effective = m.approval_date.as_ref().and_then(|d| {
        texts().filter(|s| (v.first..=v.last).contains(&s.commit)).find_map(|s| match &s.said {
            crate::timeline::Said::Read(f)
                if f.approval.as_ref().is_some_and(|a| !a.pending && a.date == d.value) =>
            {
                Some(f.effective)
            }
            _ => None,
        })
    });
    let effective = approved_effective.unwrap_or_else(|| m.effective_date.as_ref().map(|d| d.value));
    let mut from = from(m, effective, (first_approved, claimed), Some(committed));
    // Replacing a version to be in force, or any words the line held before (a file committed
    // as it was, approved on a branch), it is in force no earlier than the words approved
    // reached the line (a pull request approved on its branch and merged days later): until
    // then the line, which the site is published from, held the words before.
    if (before.is_some() || timeline.texts().any(|(c, _)| c < v.first))
        && let Some(reached) = reached_line(v, (history, timeline))
        && day(&from).is_some_and(|f| f < reached)
    {
        from = Some(reached.to_string());
    }
    after_the_one_before(from, before, Some(committed))
}

/// The day the words version `v`'s approval approved reached the line: the first of its commits
/// whose text says them (an approval recorded on the line over a text already there approved it
/// as it stood); for one approved on a merged branch, the commit that brought its approval (its
/// merge: until then the line held its words unapproved at best, a draft or in review). None
/// where its texts were not read or none is in force.
fn reached_line(
    v: &crate::versions::Version,
    (history, timeline): (&crate::history::History, &crate::timeline::Timeline),
) -> Option<Date> {
    let texts: Vec<_> = timeline.texts().filter(|(c, _)| (v.first..=v.last).contains(c)).collect();
    let &(at, approved) = texts.iter().find(|(_, f)| !f.pending && !f.retired && f.record.is_some())?;
    let first = if timeline.approved_on_branch(at, approved.record?).is_some() {
        at
    } else {
        texts.iter().find(|(_, f)| f.words == approved.words).map_or(at, |&(c, _)| c)
    };
    // Its own date, not the latest of the line before it: one commit of another file dated years
    // ahead would hold every later version back (`after_the_one_before` keeps the order). The
    // day it landed there: a pull request's commits rebased onto the line (GitHub's "rebase and
    // merge") keep the days they were written on the branch, and reached the line on the
    // committer's, as a merge commit does on its own.
    Some(history.commits.get(first)?.landed)
}

/// A version's first day in force (`from`), where the version before it that was to be in
/// force was first committed on `before`: a day earlier than that (an approval dated before the
/// version it replaced came into the repository) would put two versions in force at once, so
/// the version began when the repository shows it replacing the other: the day it was
/// `committed`, never before the other was (a commit dated back). Not `committed` (a working
/// copy), it is not in force until it is.
pub fn after_the_one_before(
    from: Option<String>,
    before: Option<Date>,
    committed: Option<Date>,
) -> Option<String> {
    let first = day(&from)?;
    match before {
        Some(before) if first < before => committed.map(|c| c.max(before).to_string()),
        // A working copy stating the day the version before began is not in force either: it
        // is that version's approval, restated over a text not committed yet.
        Some(before) if first == before && committed.is_none() => None,
        _ => from,
    }
}

/// Each version's last day in force (`list`, newest first): the day before the next version in
/// force took over, or before the document was removed after it; the newest in force has none. A version whose first day is not before the
/// next one's (approved to take effect on a day it was superseded before, or superseded on
/// the day it began) was never in force: one version is in force on a day, the last of it.
pub fn to(list: &mut [VersionView]) {
    let mut next: Option<Date> = None;
    for v in list.iter_mut() {
        let Some(from) = day(&v.in_force_from) else { continue };
        // Removed after it (and brought back later): in force until the removal.
        // Removed on its first day (by a commit dated back, maybe later): in force that day.
        let gone = day(&v.removed);
        if next.is_some_and(|n| n <= from) || gone.is_some_and(|g| g < from) {
            v.in_force_from = None;
            continue;
        }
        let before = |d: Date| d.yesterday().unwrap_or(d);
        let end = [next.map(before), gone.map(|g| before(g).max(from))].into_iter().flatten().min();
        v.in_force_to = end.map(|d| d.to_string());
        next = Some(from);
    }
}

/// A day as a version's list keeps it (`YYYY-MM-DD`).
fn day(d: &Option<String>) -> Option<Date> {
    d.as_deref().and_then(|d| d.parse().ok())
}

/// Whether the version `v` lists was in force on `today`.
pub fn on(v: &VersionView, today: Date) -> bool {
    day(&v.in_force_from).is_some_and(|from| from <= today)
        && day(&v.in_force_to).is_none_or(|to| today <= to)
}

/// The views of `list` (a document's versions, as a page shows them on `today`) whose first day
/// in force is after `today`, marked so.
pub fn mark_later(list: &mut [VersionView], today: Date) {
    for v in list {
        v.later = later(v, today);
    }
}

/// Whether the version `v` lists is to take effect after `today`.
pub fn later(v: &VersionView, today: Date) -> bool {
    day(&v.in_force_from).is_some_and(|from| from > today)
}

/// What a version is called on the site: `version 1.1`, or for a document that states no
/// version (listed by its first commit), `the text of commit 4a885e37`.
pub fn named(v: &VersionView) -> String {
    if v.retired {
        // A retirement withdraws the version it keeps the number of: named by its day.
        let day = v.in_force_from.as_deref().unwrap_or(&v.date);
        let what = if v.label == v.commit { "the text" } else { "version" };
        format!("{what} {} as retired on {day}", v.label)
    } else if v.label == v.commit {
        format!("the text of commit {}", v.label)
    } else {
        format!("version {}", v.label)
    }
}

/// [`named`], with the day it was approved (or, not approved, first committed) where another
/// version of `list` has the same label: a team that approves new words under one number has
/// several "version 1.0", and "superseded by version 1.0" on a version 1.0 says nothing.
pub fn named_in(list: &[VersionView], v: &VersionView) -> String {
    let name = named(v);
    // A retirement is named by its day already.
    let same: Vec<&VersionView> = list.iter().filter(|o| o.label == v.label && !o.retired).collect();
    if v.retired || same.len() < 2 {
        return name;
    }
    let when = when(&v.approved, &v.date);
    if same.iter().filter(|o| when_of(o) == when).count() > 1 {
        // Approved twice on one day: only the commit tells them apart.
        format!("{name} ({when}, commit {})", v.commit)
    } else {
        format!("{name} ({when})")
    }
}

fn when_of(v: &VersionView) -> String {
    when(&v.approved, &v.date)
}

/// "approved DAY", or "committed DAY" for a text no approval of its own covers.
fn when(approved: &str, committed: &str) -> String {
    if approved.is_empty() { format!("committed {committed}") } else { format!("approved {approved}") }
}

/// The versions (`list`, newest first) of a document removed from the repository on `gone`:
/// none in force from that day on. One that would have begun then or later (approved to take
/// effect after the removal) never was.
pub fn until_removed(list: &mut [VersionView], gone: Date) {
    let last = gone.yesterday().unwrap_or(gone);
    for v in list.iter_mut() {
        let Some(from) = day(&v.in_force_from) else { continue };
        if from >= gone {
            (v.in_force_from, v.in_force_to) = (None, None);
        } else if day(&v.in_force_to).is_none_or(|to| to > last) {
            v.in_force_to = Some(last.to_string());
        }
    }
}

/// What replaced each superseded version of `list` (newest first): the next version in force
/// after it, else `current` (what the page of the document's newest text calls it).
pub fn successor(list: &[VersionView], page: &str, current: &str) -> String {
    let Some(at) = list.iter().position(|v| v.page == page) else { return current.to_owned() };
    match list[..at].iter().rev().find(|v| v.in_force_from.is_some()) {
        Some(v) if !v.current => named_in(list, v),
        // The current text under this version's own number: which of the two, by its day.
        _ => match list.iter().find(|v| v.current) {
            Some(v) if v.label == list[at].label => named_in(list, v),
            _ => current.to_owned(),
        },
    }
}

/// Who approved a version and when, as its row in the list of versions says.
pub struct Approved {
    /// Each approver as the roster names them.
    pub names: Vec<String>,
    pub approvers: String,
    pub approved: String,
    /// A later approval of the same words (a periodic review approving them again), as "DAY by
    /// NAMES", or "".
    pub again: String,
}

/// The approval that put the version of commits `first..=last` of `timeline` in force: the
/// first of its texts that states one of its own (not one restating the approval before). Its
/// last text's meta (`m`) may state a later one of the same words, a review: said as `again`,
/// not as the version's approval (the version was in force before it).
pub fn approved(
    roster: &crate::roster::Roster,
    timeline: &crate::timeline::Timeline,
    (first, last): (usize, usize),
    m: &crate::document::Meta,
) -> Approved {
    let name = |p: &str| crate::site::view::person(roster, p).name;
    let names: Vec<String> = m.own_approvers().iter().map(|a| name(&a.value)).collect();
    let now = m.own_approval_date();
    // A text that states the approval of a version before (kept from it, not approved anew
    // yet) approves nothing of this version's.
    let before: Vec<_> = timeline.texts().filter(|&(c, _)| c < first).map(|(_, f)| f.record).collect();
    let earlier = timeline
        .texts()
        .filter(|&(c, f)| (first..=last).contains(&c) && !f.restates && !before.contains(&f.record))
        .map(|(_, f)| f)
        .find_map(|f| f.approval.as_ref().filter(|a| !a.pending))
        .filter(|a| now.is_some_and(|now| a.date < now));
    match (earlier, now) {
        (Some(a), Some(now)) => {
            let first: Vec<String> = a.approvers.iter().map(|p| name(p)).collect();
            Approved {
                approvers: first.join(", "),
                approved: a.date.to_string(),
                again: format!("{now} by {}", names.join(", ")),
                names: first,
            }
        }
        _ => Approved {
            approvers: names.join(", "),
            approved: now.map(|d| d.to_string()).unwrap_or_default(),
            again: String::new(),
            names,
        },
    }
}
