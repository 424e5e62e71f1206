//! Unit tests of [`super`]: ids, titles and fields read from a document's text.

use super::*;

#[test]
fn periods_are_calendar_arithmetic() {
    let d = |s: &str| s.parse::<Date>().unwrap();
    let cases = [
        ("12 months", "2025-01-31", "2026-01-31"),
        ("1 month", "2025-01-31", "2025-02-28"),
        ("1 month", "2024-01-31", "2024-02-29"),
        ("P1Y", "2024-02-29", "2025-02-28"),
        ("18mo", "2025-03-15", "2026-09-15"),
        ("yearly", "2025-06-01", "2026-06-01"),
        ("quarterly", "2025-11-30", "2026-02-28"),
        // Regression (a cold review): `12 Months` was refused while `Annual` was read.
        ("12 Months", "2025-01-31", "2026-01-31"),
        ("2 YEARS", "2025-01-31", "2027-01-31"),
        ("p1y", "2025-01-31", "2026-01-31"),
    ];
    for (period, from, to) in cases {
        let p = Period::parse(period).unwrap_or_else(|| panic!("{period}"));
        assert_eq!(p.after(d(from)), Some(d(to)), "{period} after {from}");
    }
    for bad in ["", "soon", "-1 year", "0 months", "3 hours", "9999 years", "101 years", "P5000Y"] {
        assert!(Period::parse(bad).is_none(), "{bad} should not parse");
    }
}

proptest::proptest! {
    /// Adding N months lands N months later, on the same day or, when that month is
    /// shorter, on its last day: never 30 or 365 days of drift.
    #[test]
    fn adding_months_is_calendar_arithmetic(y in 1990i16..2100, m in 1i8..=12, d in 1i8..=31, n in 1i32..=120) {
        let start = Date::new(y, m, 1).unwrap();
        let day = d.min(start.days_in_month());
        let start = Date::new(y, m, day).unwrap();
        let p = Period::parse(&format!("{n} months")).unwrap();
        let end = p.after(start).unwrap();
        let months = (i32::from(end.year()) - i32::from(y)) * 12 + i32::from(end.month()) - i32::from(m);
        proptest::prop_assert_eq!(months, n);
        proptest::prop_assert!(end.day() == day || (end.day() < day && end.day() == end.days_in_month()));
    }

    /// Years are twelve months.
    #[test]
    fn a_year_is_twelve_months(y in 1990i16..2100, m in 1i8..=12, d in 1i8..=28, n in 1i32..=10) {
        let start = Date::new(y, m, d).unwrap();
        let years = Period::parse(&format!("{n} years")).unwrap().after(start);
        let months = Period::parse(&format!("{} months", n * 12)).unwrap().after(start);
        proptest::prop_assert_eq!(years, months);
    }
}

#[test]
fn titles_fall_back_to_heading_then_file_name() {
    let doc = Document::parse("sop/release.md", 0, "```\n# not this\n```\n\n# Release ##\n");
    assert_eq!(doc.title(), "Release");
    let doc = Document::parse("sop/release.md", 0, "no heading\n");
    assert_eq!(doc.title(), "release");
    assert_eq!(doc.id(), "release");
    // Regression: a heading's Markdown marks were part of the title (`**Access**`).
    let doc = Document::parse("sop/a.md", 0, "# **Access** `control` [policy](x.md) ##\n");
    assert_eq!(doc.title(), "Access control policy");
    // Regression: a front matter's title kept its Markdown marks on every page.
    let doc = Document::parse("sop/a.md", 0, "---\ntitle: \"**Access** `control` policy\"\n---\n");
    assert_eq!(doc.title(), "Access control policy");
    let doc = Document::parse("sop/a.md", 0, "---\ntitle: access_control_policy v2 & more\n---\n");
    assert_eq!(doc.title(), "access_control_policy v2 & more");
    let doc = Document::parse("sop/a.md", 0, "---\ntitle: \"**A**ccess [policy](x.md)\"\n---\n");
    assert_eq!(doc.title(), "Access policy");
}

/// Regression: every page of a Hugo site is an `index.md` in its own folder, and with no id
/// in their front matter all fourteen of one site's documents had the id `index` (in the
/// register, `charta review index`, and the review calendar, whose events then shared one
/// UID and were dropped by calendar readers as one).
#[test]
fn a_folder_index_without_an_id_is_named_by_its_folder() {
    let name = |path: &str| {
        let d = Document::parse(path, 0, "---\nowner: a\n---\nText.\n");
        (d.id(), d.title())
    };
    let pair = |a: &str| (a.to_owned(), a.to_owned());
    assert_eq!(name("policies/password/index.md"), pair("password"));
    assert_eq!(name("content/handbook/_index.md"), pair("handbook"));
    assert_eq!(name("sop/README.md"), pair("sop"));
    assert_eq!(name("sop/access.md"), pair("access"));
    // At the root there is no folder to name it by.
    assert_eq!(name("_index.md"), pair("_index"));
    // An id or title the document states is its own.
    let d = Document::parse("p/index.md", 0, "---\nid: POL-1\ntitle: Password\n---\n");
    assert_eq!((d.id(), d.title()), ("POL-1".to_owned(), "Password".to_owned()));
}
