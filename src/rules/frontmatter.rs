//! Stage 3, the `frontmatter/*` rule checked after reading: `frontmatter/missing-field`. The
//! others (invalid YAML, unterminated block, no front matter, unknown field, invalid value) are
//! found while the block is read, by `crate::frontmatter`, and arrive with the document.

use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::frontmatter::schema;
use crate::source::Span;

/// `frontmatter/missing-field`: each field of `required` (charta.toml's `[required_fields]`
/// for the document's kind) that the front matter lacks.
pub fn missing_fields(doc: &Document, required: &[String]) -> Vec<Finding> {
    let m = &doc.meta;
    // A field that is present but invalid already has its own finding.
    required
        .iter()
        .filter_map(|f| schema::field(f).filter(|field| field.requirable))
        .filter(|field| !field.is_set(m) && !m.fields.contains_key(field.key))
        .map(|field| {
            let f = field.key;
            Finding::new(
                Rule::FrontmatterMissingField,
                &doc.path,
                Span::file(),
                format!("the front matter has no `{f}`"),
            )
            .help(format!("add `{f}:` to the front matter; charta.toml's [required_fields] requires it"))
        })
        .collect()
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
            ("id: A\n", &["id", "title", "owner"], &[(missing, 1, "no `title`"), (missing, 1, "no `owner`")]),
            (
                "title: T\n",
                &["authors", "revisions"],
                &[(missing, 1, "no `authors`"), (missing, 1, "no `revisions`")],
            ),
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
            assert_found(&missing_fields(&d, &required), want, front);
        }
    }

    #[test]
    fn every_field_charta_can_require_is_reported_when_absent() {
        let d = doc("---\n---\n# Nothing in the front matter\n");
        for key in schema::requirable() {
            let message = format!("no `{key}`");
            assert_found(
                &missing_fields(&d, &[key.to_owned()]),
                &[("frontmatter/missing-field", 1, &message)],
                key,
            );
        }
    }
}
