//! Stage 3, the `revision/*` rules: a document's revision entries, in order, dated, complete,
//! with versions that rise to the document's own.

use crate::document::{Document, Revision, RevisionType};
use crate::finding::{Finding, Rule};
use crate::revision::{chronological, compare_versions};
use jiff::civil::Date;
use std::cmp::Ordering;

/// `revision/*`: the revision entries of `doc` in date order, each dated by `today`, complete,
/// with versions that rise; and `version` that of the latest entry.
pub fn check(doc: &Document, today: Date) -> Vec<Finding> {
    let m = &doc.meta;
    let mut out = Vec::new();
    let at = |rule, span, msg: String| Finding::new(rule, &doc.path, span, msg).help(Rule::fix(rule));
    let chrono = chronological(&m.revisions);
    let mut latest_date: Option<(Date, u32)> = None;
    // comply's `majorRevisions` have a date and a comment, and no author to give.
    let authored = doc.dialect != crate::document::Dialect::Comply;
    let mut previous: Option<&Revision> = None;
    for rev in &chrono {
        if let Some(date) = &rev.date {
            if date.value > today {
                out.push(at(
                    Rule::RevisionFutureDate,
                    date.span,
                    format!("revision dated {}, after today ({today})", date.value),
                ));
            }
            match latest_date {
                Some((other, line)) if other > date.value => out.push(at(
                    Rule::RevisionOutOfOrder,
                    rev.span,
                    format!(
                        "this entry is dated {}, out of order with the entry dated {other} on line {line}",
                        date.value
                    ),
                )),
                _ => latest_date = Some((date.value, rev.span.line)),
            }
        }
        let no_author = rev.author.is_none() && authored;
        if no_author || rev.summary.is_none() {
            let missing = match (no_author, rev.summary.is_none()) {
                (true, true) => "author and no summary",
                (true, false) => "author",
                _ => "summary",
            };
            out.push(at(Rule::RevisionIncomplete, rev.span, format!("this revision entry has no {missing}")));
        }
        if let (Some(prev), Some(v)) = (previous.and_then(|p| p.version.as_ref()), &rev.version) {
            match compare_versions(&v.value, &prev.value) {
                Ordering::Less => out.push(at(
                    Rule::RevisionVersionNotIncreasing,
                    v.span,
                    format!("version {} comes after version {}, but is lower", v.value, prev.value),
                )),
                Ordering::Equal if rev.kind == RevisionType::Change => out.push(at(
                    Rule::RevisionDuplicateVersion,
                    v.span,
                    format!("version {} is used by an earlier entry too", v.value),
                )),
                _ => {}
            }
        }
        if rev.version.is_some() {
            previous = Some(rev);
        }
    }
    let latest_version = chrono.iter().rev().find_map(|r| r.version.as_ref());
    if let (Some(version), Some(latest)) = (&m.version, latest_version)
        && compare_versions(&version.value, &latest.value) != Ordering::Equal
    {
        out.push(at(
            Rule::RevisionVersionMismatch,
            version.span,
            format!(
                "`version: {}` but the latest revision entry is version {} (line {})",
                version.value, latest.value, latest.span.line
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Case, assert_found, doc};

    /// A revision entry, on one line: version, date, author, summary and type as given.
    fn entry(version: &str, date: &str, rest: &str) -> String {
        format!("  - {{version: \"{version}\", date: {date}, {rest}}}\n")
    }

    #[test]
    fn revision_entries_are_in_order_dated_complete_and_rising() {
        let done = "author: alice, summary: done";
        let e = |v, d| entry(v, d, done);
        // Each case: the document's `version`, then its entries (from line 4 on).
        let cases: &[Case<(&str, String)>] = &[
            (("1.1", [e("1.0", "2025-01-01"), e("1.1", "2025-02-01")].concat()), &[]),
            // Newest first is as good as oldest first; `1.10` comes after `1.9`.
            (("1.10", [e("1.10", "2025-02-01"), e("1.9", "2025-01-01")].concat()), &[]),
            (
                ("1.2", [e("1.0", "2025-01-01"), e("1.1", "2025-03-01"), e("1.2", "2025-02-01")].concat()),
                &[(
                    "revision/out-of-order",
                    6,
                    "dated 2025-02-01, out of order with the entry dated 2025-03-01 on line 5",
                )],
            ),
            (
                ("1.0", [e("1.1", "2025-01-01"), e("1.0", "2025-02-01")].concat()),
                &[(
                    "revision/version-not-increasing",
                    5,
                    "version 1.0 comes after version 1.1, but is lower",
                )],
            ),
            (
                ("1.0", [e("1.0", "2025-01-01"), e("1.0", "2025-02-01")].concat()),
                &[("revision/duplicate-version", 5, "version 1.0 is used by an earlier entry too")],
            ),
            // A review that changed nothing keeps the version.
            (
                (
                    "1.0",
                    [
                        e("1.0", "2025-01-01"),
                        entry("1.0", "2025-02-01", "author: bob, summary: ok, type: review"),
                    ]
                    .concat(),
                ),
                &[],
            ),
            (
                ("1.1", [e("1.0", "2025-01-01"), e("1.1", "2026-03-02")].concat()),
                &[("revision/future-date", 5, "revision dated 2026-03-02, after today (2026-03-01)")],
            ),
            (("1.1", [e("1.0", "2025-01-01"), e("1.1", "2026-03-01")].concat()), &[]),
            (
                ("1.2", [e("1.0", "2025-01-01"), e("1.1", "2025-02-01")].concat()),
                &[(
                    "revision/version-mismatch",
                    2,
                    "`version: 1.2` but the latest revision entry is version 1.1 (line 5)",
                )],
            ),
            (
                (
                    "1.1",
                    [entry("1.0", "2025-01-01", "summary: first"), entry("1.1", "2025-02-01", "author: bob")]
                        .concat(),
                ),
                &[
                    ("revision/incomplete", 4, "this revision entry has no author"),
                    ("revision/incomplete", 5, "this revision entry has no summary"),
                ],
            ),
            (
                ("1.0", entry("1.0", "2025-01-01", "type: change")),
                &[("revision/incomplete", 4, "has no author and no summary")],
            ),
        ];
        let today = Date::constant(2026, 3, 1);
        for ((version, entries), want) in cases {
            let text = format!("---\nversion: \"{version}\"\nrevisions:\n{entries}---\n");
            assert_found(&check(&doc(&text), today), want, &text);
        }
    }

    /// Regression: each of comply's `majorRevisions` was `revision/incomplete` for lacking an
    /// author, which comply's format has no place for (32 findings on strongdm/comply's example).
    #[test]
    fn comply_revisions_without_an_author_are_complete_but_not_without_a_comment() {
        let text = "name: P\nacronym: P\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: First\n  - date: Jun 2 2018\n---\n# P\n";
        let found = check(&Document::parse("policies/p.md", 0, text), Date::constant(2026, 3, 1));
        let rows: Vec<(&str, u32, &str)> =
            found.iter().map(|f| (f.rule.id(), f.span.line, f.message.as_str())).collect();
        assert_eq!(rows, [("revision/incomplete", 6, "this revision entry has no summary")]);
    }
}
