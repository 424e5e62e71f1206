//! Stage 4: the days each version of a document was in force, as its versions list, the
//! register and the as-of register show them.

/// The first day a version whose front matter is `m` was in force: its effective date, else
/// `first_approved` (the first approval its committed texts state, when they were read), else
/// its approval date unless an earlier version `claimed` it (then the day it was first
/// `committed`, if later), else the day it was first `committed`; None when it never was (a
/// draft, or a version in review).
pub fn from(
    m: &crate::document::Meta,
    (first_approved, claimed): (Option<jiff::civil::Date>, bool),
    committed: Option<jiff::civil::Date>,
) -> Option<String> {
    if m.pending() {
        return None;
    }
    let stated = m.effective_date.as_ref().map(|d| d.value).or(first_approved);
    let approved = m.approval_date.as_ref().map(|d| d.value);
    // A claimed date's version began no earlier than it (an approval written ahead of its day).
    let day = match (stated, claimed) {
        (Some(day), _) => day,
        (None, false) => approved.or(committed)?,
        (None, true) => committed.max(approved)?,
    };
    Some(day.to_string())
}

/// A version's first day in force (`from`) when the version before it in force began on
/// `before`: a day earlier than that (an approval dated before the approval of the version it
/// replaced) would put two versions in force at once, so the version began when the
/// repository shows it replacing the other: the day it was `committed`, or the other's first
/// day if that is later (a commit dated back).
pub fn after_the_one_before(
    from: Option<String>,
    before: Option<jiff::civil::Date>,
    committed: Option<jiff::civil::Date>,
) -> Option<String> {
    let day: jiff::civil::Date = from.as_deref()?.parse().ok()?;
    match before {
        Some(before) if day < before => Some(committed.map_or(before, |c| c.max(before)).to_string()),
        _ => from,
    }
}

/// Each version's last day in force (`list`, newest first): the day before the next version in
/// force took over, never before its own first day; the newest in force has none.
pub fn to(list: &mut [crate::site::view::VersionView]) {
    let mut next: Option<jiff::civil::Date> = None;
    for v in list.iter_mut() {
        let Some(from) = v.in_force_from.as_deref().and_then(|d| d.parse::<jiff::civil::Date>().ok()) else {
            continue;
        };
        v.in_force_to = next.map(|n| n.yesterday().unwrap_or(n).max(from).to_string());
        next = Some(from);
    }
}
