//! Document control: reading a document's revision history: versions compared as people compare
//! them, the entries oldest first, the latest change. The `revision/*` rules are in
//! `rules/revision.rs`.

use crate::document::{Document, Revision, RevisionType};
use jiff::civil::Date;
use std::cmp::Ordering;

/// A version split into parts that compare as people expect: `1.10` after `1.9`, `05` after `04`.
/// Numbers come before words (`1.0` before `1.0-rc`), words compare without regard to ASCII case,
/// and a version that runs out first is the earlier. Compared part by part as the text is split,
/// with nothing allocated: the revision rules compare every entry with the one before it.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    fn parts(v: &str) -> impl Iterator<Item = Part<'_>> {
        let v = v.trim().trim_start_matches(['v', 'V']);
        v.split(['.', '-', '_', '+']).map(|p| p.parse::<u64>().map_or(Part::Word(p), Part::Number))
    }
    parts(a).cmp(parts(b))
}

/// One part of a version: a number, or a word compared as its ASCII lower case.
enum Part<'a> {
    Number(u64),
    Word(&'a str),
}

impl Ord for Part<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Part::Number(a), Part::Number(b)) => a.cmp(b),
            (Part::Number(_), Part::Word(_)) => Ordering::Less,
            (Part::Word(_), Part::Number(_)) => Ordering::Greater,
            (Part::Word(a), Part::Word(b)) => {
                a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
            }
        }
    }
}

impl PartialEq for Part<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Part<'_> {}

impl PartialOrd for Part<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The entries from oldest to newest, whichever order the file keeps them in: by the dates of
/// its first and last entries, and when they fall on one day, by their versions.
pub fn chronological(revs: &[Revision]) -> Vec<&Revision> {
    let dates: Vec<Date> = revs.iter().filter_map(|r| r.date.as_ref().map(|d| d.value)).collect();
    let mut out: Vec<&Revision> = revs.iter().collect();
    let version = |r: Option<&&Revision>| r.and_then(|r| r.version.as_ref()).map(|v| v.value.clone());
    let newest_first = match dates.first().cmp(&dates.last()) {
        Ordering::Greater => true,
        Ordering::Equal => match (version(out.first()), version(out.last())) {
            (Some(first), Some(last)) => compare_versions(&first, &last) == Ordering::Greater,
            _ => false,
        },
        Ordering::Less => false,
    };
    if newest_first {
        out.reverse();
    }
    out
}

/// The latest entry that changed the content (not a `type: review`).
pub fn latest_change(doc: &Document) -> Option<&Revision> {
    chronological(&doc.meta.revisions).into_iter().rev().find(|r| r.kind == RevisionType::Change)
}

/// The latest entry that retired the document (`type: retirement`).
pub fn retirement(revs: &[Revision]) -> Option<&Revision> {
    chronological(revs).into_iter().rev().find(|r| r.kind == RevisionType::Retirement)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a newest-first list whose first and last entries fell on one day was read
    /// oldest first, so the latest change was its oldest entry.
    #[test]
    fn entries_of_one_day_are_ordered_by_their_versions() {
        let text = "---\nrevisions:\n  - version: \"1.2\"\n    date: 2026-01-05\n  - version: \"1.1\"\n    date: 2026-01-05\n---\n";
        let doc = Document::parse("a.md", 0, text);
        let order: Vec<&str> = chronological(&doc.meta.revisions)
            .iter()
            .map(|r| r.version.as_ref().unwrap().value.as_str())
            .collect();
        assert_eq!(order, ["1.1", "1.2"]);
    }

    #[test]
    fn versions_compare_by_number() {
        let cases = [
            ("1.10", "1.9", Ordering::Greater),
            ("05", "04", Ordering::Greater),
            ("1.0", "1.0", Ordering::Equal),
            ("v2.0", "1.9.9", Ordering::Greater),
            ("0.3.0", "0.2.2", Ordering::Greater),
            ("1.0", "1.0.1", Ordering::Less),
            ("1.0", "1.0-rc", Ordering::Less),
            ("1.0-RC", "1.0-rc", Ordering::Equal),
            ("1.0-beta", "1.0-Alpha", Ordering::Greater),
            ("1.x", "1.2", Ordering::Greater),
        ];
        for (a, b, want) in cases {
            assert_eq!(compare_versions(a, b), want, "{a} vs {b}");
        }
    }
}
