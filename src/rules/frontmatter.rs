//! Stage 3, the `frontmatter/*` rules checked after reading: `frontmatter/missing-field` and
//! `frontmatter/placeholder`. The others (invalid YAML, unterminated block, no front matter, unknown field, invalid value) are
//! found while the block is read, by `crate::frontmatter`, and arrive with the document.

mod gaps;
mod no_document_control;

pub use gaps::{Gaps, to_start_with};
pub use no_document_control::no_document_control;

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::frontmatter::schema;
use crate::source::Span;

/// `frontmatter/missing-field`: the fields of `required` (charta.toml's `[required_fields]`
/// for the document's kind) that the front matter lacks, as one finding for the document.
/// `said`: the fields said once for the document's collection ([`Gaps`]), left out here.
pub fn missing_fields(doc: &Document, required: &[String], required_by: &str, said: &[&str]) -> Vec<Finding> {
    // A field that is present but invalid already has its own finding.
    let missing: Vec<&str> = required
        .iter()
        .filter_map(|f| schema::field(f).filter(|field| field.requirable && !said.contains(&field.key)))
        .filter(|field| !states(doc, field))
        .map(|field| field.key)
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let named = crate::finding::either(&missing.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>());
    let add = missing.iter().map(|f| format!("`{f}:`")).collect::<Vec<_>>().join(", ");
    vec![
        Finding::new(
            Rule::FrontmatterMissingField,
            &doc.path,
            Span::file(),
            format!("the front matter has no {named}"),
        )
        .help(format!("add {add} to the front matter; {required_by}")),
    ]
}

/// Whether `doc` states `field`: given a value, or written with one another rule refuses (a
/// date that is no date). A page of a static site states its effective date as its `date` or
/// `lastmod`, as its page shows.
pub fn states(doc: &Document, field: &schema::Field) -> bool {
    let m = &doc.meta;
    field.is_set(m)
        || m.fields.contains_key(field.key)
        || (field.key == "effective_date"
            && doc.dialect == crate::document::Dialect::Hugo
            && m.updated.is_some())
}

/// `frontmatter/placeholder`: each value of a text or people field of charta's schema that
/// stands in for one nobody has given (`owner: TBD`). The roster rules say nothing more of it.
pub fn placeholders(doc: &Document) -> Vec<Finding> {
    let m = &doc.meta;
    let mut out = Vec::new();
    let mut check = |key: &str, value: &crate::source::Spanned<String>| {
        if schema::is_placeholder(&value.value) {
            out.push(
                Finding::new(
                    Rule::FrontmatterPlaceholder,
                    &doc.path,
                    value.span,
                    format!(
                        "`{key}` is a placeholder (`{}`), not a value",
                        crate::escape::visible(value.value.trim())
                    ),
                )
                .help(Rule::FrontmatterPlaceholder.fix()),
            );
        }
    };
    for field in schema::FIELDS {
        match &field.kind {
            schema::Kind::Text(s) | schema::Kind::Person(s) => {
                s.of(m).iter().for_each(|v| check(field.key, v))
            }
            schema::Kind::People(s) => s.of(m).iter().for_each(|v| check(field.key, v)),
            _ => {}
        }
    }
    out
}

/// `frontmatter/alias`, once for each name across the repository: a team that writes
/// `approver` writes it in every document, and thirty notes saying the same would bury the
/// findings that need someone. At its first document, the others as its `also`, naming how
/// many write it. Where charta.toml raises the rule above a note (every such name to be
/// renamed), each document's finding stands: each is an edit to make.
pub fn aliases_once(findings: &mut Vec<Finding>) {
    let notes =
        |f: &Finding| f.rule == Rule::FrontmatterAlias && f.severity == crate::finding::Severity::Note;
    // The documents after the first that write each name (the findings are in path order).
    let mut others: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for f in findings.iter().filter(|f| notes(f)) {
        match others.get_mut(&f.message) {
            Some(paths) => paths.push(f.path.clone()),
            None => drop(others.insert(f.message.clone(), Vec::new())),
        }
    }
    if others.values().all(Vec::is_empty) {
        return;
    }
    findings.retain_mut(|f| {
        if !notes(f) {
            return true;
        }
        // The first finding of its name takes the others; they are gone from the map then.
        let Some(also) = others.remove(&f.message) else {
            return false;
        };
        // The count in the help, not the message: a message that changed with every document
        // added would be a new finding to a forge each time (GitLab's fingerprint is of it).
        if !also.is_empty() {
            f.help = format!("{}; {} documents write it, said once for them all", f.help, also.len() + 1);
            f.also = also;
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Expected, assert_found, doc};

    #[test]
    fn every_required_field_the_front_matter_lacks_is_a_finding() {
        let missing = "frontmatter/missing-field";
        let cases: &[(&str, &[&str], &[Expected])] = &[
            ("id: A\ntitle: T\nowner: o\n", &["id", "title", "owner"], &[]),
            // Regression: one finding per field (three lines for one document); now one for all.
            ("id: A\n", &["id", "title", "owner"], &[(missing, 1, "no `title` or `owner`")]),
            ("title: T\n", &["authors", "revisions"], &[(missing, 1, "no `authors` or `revisions`")]),
            ("authors: [a]\n", &["authors"], &[]),
            // Present but invalid: `frontmatter/invalid-value` says so, not this rule.
            ("approval_date: yesterday\n", &["approval_date"], &[]),
            // Not a field charta can require (charta.toml refuses it): nothing to report.
            ("title: T\n", &["colour"], &[]),
            ("title: T\n", &[], &[]),
        ];
        for (front, required, want) in cases {
            let d = doc(&format!("---\n{front}---\n"));
            let required: Vec<String> = required.iter().map(|f| (*f).to_owned()).collect();
            assert_found(&missing_fields(&d, &required, "", &[]), want, front);
        }
    }

    #[test]
    fn every_field_charta_can_require_is_reported_when_absent() {
        let d = doc("---\n---\n# Nothing in the front matter\n");
        for key in schema::requirable() {
            let message = format!("no `{key}`");
            assert_found(
                &missing_fields(&d, &[key.to_owned()], "", &[]),
                &[("frontmatter/missing-field", 1, &message)],
                key,
            );
        }
    }

    /// Regression: `owner: TBD` was "not in the roster", as if someone called TBD existed.
    #[test]
    fn a_placeholder_in_a_control_field_is_one_finding_at_its_line() {
        let text = "---\nid: A\nowner: TBD\nversion: \"1.0\"\napprovers: [bob, \"???\"]\nauthors: [todo]\nclassification: Internal\n---\n";
        let want: &[Expected] = &[
            ("frontmatter/placeholder", 3, "`owner` is a placeholder (`TBD`), not a value"),
            ("frontmatter/placeholder", 6, "`authors` is a placeholder (`todo`)"),
            ("frontmatter/placeholder", 5, "`approvers` is a placeholder (`???`)"),
        ];
        assert_found(&placeholders(&doc(text)), want, text);
        assert!(crate::frontmatter::schema::is_placeholder("[TBD]"));
        assert!(!crate::frontmatter::schema::is_placeholder("Todd"));
    }

    /// Bug (a cold try's r4.sh): `approver:` in each of thirty documents gave thirty notes
    /// ("problems with this document's control" on every page), said the same each time.
    #[test]
    fn another_tools_name_is_noted_once_for_the_repository() {
        let doc = |i: usize| {
            let text = format!("---\nid: P{i}\napprover: bob\nreview_date: 2027-01-01\n---\n");
            Document::parse(&format!("policies/p{i}.md"), 0, &text)
        };
        let mut found: Vec<Finding> = (1..=3).flat_map(|i| doc(i).findings).collect();
        found.push(doc(4).findings[1].clone().help("kept apart"));
        found.last_mut().unwrap().message = "`review_date` is read as charta's `next_review`".into();
        aliases_once(&mut found);
        let got: Vec<(&str, u32, &str)> =
            found.iter().map(|f| (f.path.as_str(), f.span.line, f.message.as_str())).collect();
        assert_eq!(
            got,
            [
                ("policies/p1.md", 3, "`approver` is read as charta's `approvers`"),
                ("policies/p1.md", 4, "`review_date` is read as charta's `next_review`"),
            ]
        );
        assert!(
            found[0].help.ends_with("; 3 documents write it, said once for them all"),
            "{}",
            found[0].help
        );
        assert!(
            found[1].help.ends_with("; 4 documents write it, said once for them all"),
            "{}",
            found[1].help
        );
        assert_eq!(found[0].also, ["policies/p2.md", "policies/p3.md"]);
        assert_eq!(found[1].also, ["policies/p2.md", "policies/p3.md", "policies/p4.md"]);
        // Raised above a note, each is an edit to make: each stands.
        let mut raised: Vec<Finding> = (1..=3).flat_map(|i| doc(i).findings).collect();
        for f in &mut raised {
            f.severity = crate::finding::Severity::Warning;
        }
        aliases_once(&mut raised);
        assert_eq!(raised.len(), 6);
    }
}
