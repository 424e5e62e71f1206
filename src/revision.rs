//! Document control: rules on a document's revision history.

use crate::document::{Document, Revision, RevisionType};
use crate::finding::{Finding, Rule};
use jiff::civil::Date;
use std::cmp::Ordering;

/// A version split into parts that compare as people expect: `1.10` after `1.9`, `05` after `04`.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    fn parts(v: &str) -> Vec<Result<u64, String>> {
        let v = v.trim().trim_start_matches(['v', 'V']);
        v.split(['.', '-', '_', '+']).map(|p| p.parse::<u64>().map_err(|_| p.to_ascii_lowercase())).collect()
    }
    parts(a).cmp(&parts(b))
}

/// The entries from oldest to newest, whichever order the file keeps them in.
pub fn chronological(revs: &[Revision]) -> Vec<&Revision> {
    let dates: Vec<Date> = revs.iter().filter_map(|r| r.date.as_ref().map(|d| d.value)).collect();
    let mut out: Vec<&Revision> = revs.iter().collect();
    if dates.first() > dates.last() {
        out.reverse();
    }
    out
}

/// The latest entry that changed the content (not a `type: review`).
pub fn latest_change(doc: &Document) -> Option<&Revision> {
    chronological(&doc.meta.revisions).into_iter().rev().find(|r| r.kind == RevisionType::Change)
}

pub fn check(doc: &Document, today: Date) -> Vec<Finding> {
    let m = &doc.meta;
    let mut out = Vec::new();
    let at = |rule, span, msg: String| Finding::new(rule, &doc.path, span, msg).help(Rule::fix(rule));
    let chrono = chronological(&m.revisions);
    let mut latest_date: Option<(Date, u32)> = None;
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
        if rev.author.is_none() || rev.summary.is_none() {
            let missing = match (rev.author.is_none(), rev.summary.is_none()) {
                (true, true) => "an author and a summary",
                (true, false) => "an author",
                _ => "a summary",
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

    #[test]
    fn versions_compare_by_number() {
        let cases = [
            ("1.10", "1.9", Ordering::Greater),
            ("05", "04", Ordering::Greater),
            ("1.0", "1.0", Ordering::Equal),
            ("v2.0", "1.9.9", Ordering::Greater),
            ("0.3.0", "0.2.2", Ordering::Greater),
            ("1.0", "1.0.1", Ordering::Less),
        ];
        for (a, b, want) in cases {
            assert_eq!(compare_versions(a, b), want, "{a} vs {b}");
        }
    }
}
