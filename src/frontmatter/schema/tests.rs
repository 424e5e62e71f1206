//! Unit tests of the schema table: every row is read where it is looked up, and the README's
//! table of fields is the table.

use super::{FIELDS, Kind, field};
use crate::document::Meta;

/// A valid value for a field of `kind`, as YAML.
fn sample(kind: &Kind) -> &'static str {
    match kind {
        Kind::Text(_) | Kind::Person(_) | Kind::Prose(_) => "x",
        Kind::People(_) | Kind::References(_) => "[a, b]",
        Kind::Date(_) => "2026-01-31",
        Kind::Status(_) => "approved",
        Kind::Period(_) => "12 months",
        Kind::Controls(_) => "[\"ISO27001:2022:A.5.1\"]",
        Kind::Revisions(_) => "[{version: \"1\", date: 2026-01-31, author: a, summary: First}]",
        Kind::Extra(_) => "{site: Leeds}",
    }
}

#[test]
fn every_field_is_read_into_the_place_it_is_looked_up_in() {
    let empty = Meta::default();
    for f in FIELDS {
        let text = format!("---\n{}: {}\n---\n", f.key, sample(&f.kind));
        let parsed = super::super::read("doc.md", &text);
        assert!(parsed.findings.is_empty(), "{}: {:?}", f.key, parsed.findings);
        let m = &parsed.meta;
        assert!(f.is_set(m), "`{}` is read but not seen", f.key);
        assert_ne!(f.shown(m), f.shown(&empty), "`{}` is read but not shown", f.key);
        for other in FIELDS.iter().filter(|o| o.key != f.key) {
            assert!(!other.is_set(m), "`{}` is read into `{}`", f.key, other.key);
            assert_eq!(other.shown(m), other.shown(&empty), "`{}` is shown as `{}`", f.key, other.key);
        }
    }
}

#[test]
fn each_key_names_one_field() {
    for f in FIELDS {
        assert_eq!(FIELDS.iter().filter(|o| o.key == f.key).count(), 1, "`{}` is in the table twice", f.key);
        assert!(field(f.key).is_some_and(|found| found.key == f.key), "{}", f.key);
    }
    assert!(field("aprovers").is_none());
}

#[test]
fn the_readme_table_of_fields_is_the_schema() {
    let readme = include_str!("../../../README.md");
    let section = &readme[readme.find("\n## Front matter\n").expect("a Front matter section")..];
    let table = &section[section.find("\n| field | type | meaning |\n").expect("a table of fields") + 1..];
    let rows: Vec<&str> = table.lines().skip(2).take_while(|l| l.starts_with('|')).collect();
    let want: Vec<String> = FIELDS.iter().map(|f| f.readme_row()).collect();
    assert_eq!(rows, want, "README.md's table of fields should read:\n{}\n", want.join("\n"));
}

/// Regression: a field redline said "1 entries".
#[test]
fn a_revision_list_is_shown_as_its_count_in_words() {
    let f = field("revisions").unwrap();
    let text = format!("---\nrevisions: {}\n---\n", sample(&f.kind));
    let one = super::super::read("doc.md", &text);
    assert_eq!(f.shown(&one.meta), "1 entry");
    assert_eq!(f.shown(&Meta::default()), "0 entries");
}
