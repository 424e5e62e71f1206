//! Unit tests of front-matter reading: every dialect, and the malformed cases, as tables.

use super::read;
use crate::document::{Dialect, Status};
use crate::finding::Rule;

fn rules(text: &str) -> Vec<(&'static str, u32)> {
    read("doc.md", text).findings.iter().map(|f| (f.rule.id(), f.span.line)).collect()
}

#[test]
fn malformed_front_matter_gives_one_finding_at_the_right_line() {
    let cases: &[(&str, &[(&str, u32)])] = &[
        ("---\nid: A\n\n# Body\n", &[("frontmatter/unterminated", 1)]),
        ("# Only a body\n\n---\n\ntext\n", &[("frontmatter/missing", 1)]),
        ("", &[("frontmatter/missing", 1)]),
        ("---\nid: A\ntitle: [unclosed\n---\n", &[("frontmatter/invalid-yaml", 3)]),
        ("---\nid: A\n\ttitle: x\n---\n", &[("frontmatter/invalid-yaml", 3)]),
        ("---\n- a\n- b\n---\n", &[("frontmatter/invalid-yaml", 2)]),
        ("---\njust a sentence\n---\n", &[("frontmatter/invalid-yaml", 2)]),
        ("---\nid: A\nid: B\n---\n", &[("frontmatter/invalid-yaml", 3)]),
        ("---\nid: A\naprovers: [x]\n---\n", &[("frontmatter/unknown-field", 3)]),
        ("---\nid: A\n\napproval_date: 2026-02-30\n---\n", &[("frontmatter/invalid-value", 4)]),
        ("---\nid: A\nstatus: finished\n---\n", &[("frontmatter/invalid-value", 3)]),
        ("---\nid: A\nreview_period: sometimes\n---\n", &[("frontmatter/invalid-value", 3)]),
        ("---\nid: A\nowner: [a, b]\n---\n", &[("frontmatter/invalid-value", 3)]),
        (
            "---\nid: A\nrevisions:\n  - version: \"1\"\n    date: 2026-01-01\n    typo: x\n---\n",
            &[("frontmatter/unknown-field", 6)],
        ),
        ("---\nid: A\nrevisions:\n  - just text\n---\n", &[("frontmatter/invalid-value", 4)]),
    ];
    for (text, want) in cases {
        assert_eq!(rules(text), *want, "{text:?}");
    }
}

#[test]
fn did_you_mean_names_the_closest_field() {
    let parsed = read("doc.md", "---\nid: A\naprovers: [x]\n---\n");
    assert_eq!(parsed.findings[0].help, "did you mean `approvers`?");
    // Regression: `review_dates` was "did you mean `review_period`?", a field of another meaning.
    let help = |key: &str| read("doc.md", &format!("---\nid: A\n{key}: x\n---\n")).findings[0].help.clone();
    assert_eq!(help("review_dates"), "did you mean `review_date`?");
    assert_eq!(help("Owners"), "did you mean `owner`?");
    assert_eq!(help("review_cycle"), "put an organisation's own fields under `extra:`");
}

/// `approved: 2026-01-10` beside `approver: bob` was "did you mean `approver`?": renamed as
/// told, the approvers would be written twice. A field the front matter writes already, under
/// any of its names, is never the suggestion.
#[test]
fn did_you_mean_never_names_a_field_written_already() {
    let help = |text: &str| read("doc.md", text).findings.iter().map(|f| f.help.clone()).collect::<Vec<_>>();
    let alone = help("---\nid: A\napproved: 2026-01-10\n---\n");
    assert_eq!(alone, ["did you mean `approver`?"]);
    for beside in ["approver: bob", "approvers: [bob]"] {
        for text in [
            format!("---\nid: A\n{beside}\napproved: 2026-01-10\n---\n"),
            format!("---\nid: A\napproved: 2026-01-10\n{beside}\n---\n"),
        ] {
            let said = help(&text);
            assert!(said.iter().all(|h| !h.starts_with("did you mean")), "{text:?}: {said:?}");
        }
    }
    // In a revision entry too.
    let text = "---\nid: A\nrevisions:\n  - version: \"1\"\n    author: a\n    authr: b\n---\n";
    assert!(help(text).iter().all(|h| !h.starts_with("did you mean")), "{:?}", help(text));
}

/// A typo of any name charta reads (one letter dropped, doubled, swapped or changed) is either
/// suggested as a name of the same meaning, or not at all: never as another field.
#[test]
fn did_you_mean_never_crosses_meanings() {
    use super::schema;
    let names: Vec<&str> =
        schema::CHARTA_KEYS.iter().copied().chain(schema::ALIASES.iter().map(|(a, _)| *a)).collect();
    let meaning = |k: &str| schema::alias(k).unwrap_or(k).to_owned();
    for name in &names {
        let chars: Vec<char> = name.chars().collect();
        let mut typos = Vec::new();
        for i in 0..chars.len() {
            let mut t = chars.clone();
            t.remove(i);
            typos.push(t);
            let mut t = chars.clone();
            t.insert(i, chars[i]);
            typos.push(t);
            let mut t = chars.clone();
            t[i] = if chars[i] == 'x' { 'q' } else { 'x' };
            typos.push(t);
            if i + 1 < chars.len() {
                let mut t = chars.clone();
                t.swap(i, i + 1);
                typos.push(t);
            }
        }
        for typo in typos {
            let typo: String = typo.into_iter().collect();
            if names.contains(&typo.as_str()) {
                continue;
            }
            let text = format!("---\nid: A\n{typo}: x\n---\n");
            for f in read("doc.md", &text).findings {
                if let Some(said) = f.help.strip_prefix("did you mean `").and_then(|h| h.strip_suffix("`?")) {
                    assert_eq!(meaning(said), meaning(name), "`{typo}` (a typo of `{name}`) -> `{said}`");
                }
            }
        }
    }
}

#[test]
fn charta_schema_reads_every_field() {
    let text = "\u{feff}---\r\nid: POL-001\r\ntitle: Security\r\nversion: 1.10\r\nstatus: approved\r\nowner: CEO\r\nauthors: [a, b]\r\napprovers: c\r\napproval_date: 2026-01-31\r\nreview_period: 12 months\r\ncontrols:\r\n  ISO27001:2022: [A.5.1, A.5.2]\r\nrevisions:\r\n  - version: \"1.0\"\r\n    date: 2025-01-01\r\n    author: a\r\n    summary: First\r\n  - version: \"1.10\"\r\n    date: 2026-01-30\r\n    author: b\r\n    summary: Review\r\n    type: review\r\nextra:\r\n  site: Leeds\r\n---\r\n# Body\r\n\r\n---\r\n\r\nafter a rule\r\n";
    let (text, _) = crate::source::SourceFile::decode(text.as_bytes());
    let p = read("doc.md", &text);
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    assert_eq!(p.dialect, Dialect::Charta);
    let m = &p.meta;
    assert_eq!(m.version.as_ref().unwrap().value, "1.10");
    assert_eq!(m.version.as_ref().unwrap().span.line, 4);
    assert_eq!(m.status.as_ref().unwrap().value, Status::Approved);
    assert_eq!(m.authors.len(), 2);
    assert_eq!(m.approvers[0].value, "c");
    assert_eq!(m.controls.len(), 2);
    assert_eq!(m.controls[1].value.framework, "ISO27001:2022");
    assert_eq!(m.revisions[1].kind, crate::document::RevisionType::Review);
    assert_eq!(m.revisions[1].span.line, 18);
    assert_eq!(m.extra["site"], "Leeds");
    assert_eq!(p.body_line, 26);
    assert!(p.body.contains("after a rule"));
}

#[test]
fn t1pal_dialect() {
    let text = "---\nrepository: mdn_qms\nfolder: sops/design\ntitle: SOP-DC-001 Design control\ndocument_id: SOP-DC-001\nauthors:\n  - github.com/jdoe\napprovers:\n  - github.com/asmith\napproval_date: \"2024-03-05\"\neffective_date: \"2024-03-12\"\nrevision: \"05\"\ndescription: How design inputs are controlled\n---\nbody\n";
    let p = read("sops/design/dc.md", text);
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    assert_eq!(p.dialect, Dialect::T1pal);
    let m = &p.meta;
    assert_eq!(m.id.as_ref().unwrap().value, "SOP-DC-001");
    assert_eq!(m.version.as_ref().unwrap().value, "05");
    assert_eq!(m.location.as_deref(), Some("mdn_qms/sops/design"));
    assert_eq!(m.approval_date.as_ref().unwrap().value.to_string(), "2024-03-05");
    assert_eq!(m.authors[0].value, "github.com/jdoe");
}

#[test]
fn comply_dialect_without_an_opening_fence() {
    let text = "name: Incident Response Policy\nacronym: IRP\nsatisfies:\n  TSC:\n    - CC7.3\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n\n# Purpose\n";
    let p = read("policies/incident.md", text);
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    assert_eq!(p.dialect, Dialect::Comply);
    let m = &p.meta;
    assert_eq!(m.title.as_ref().unwrap().value, "Incident Response Policy");
    assert_eq!(m.acronym.as_ref().unwrap().value, "IRP");
    assert_eq!(m.controls[0].value.id, "CC7.3");
    assert_eq!(m.revisions[0].date.as_ref().unwrap().value.to_string(), "2018-06-01");
    assert_eq!(m.revisions[0].span.line, 7);
    assert_eq!(p.body_line, 10);
    // A comply procedure: id, name and a cron schedule.
    let p = read(
        "procedures/patch.md",
        "id: \"patch\"\nname: \"Apply OS patches\"\ncron: \"0 0 0 15 * *\"\n---\n# Patch\n",
    );
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    assert_eq!(p.meta.extra["cron"], "0 0 0 15 * *");
}

#[test]
fn hugo_dialect_keeps_site_parameters() {
    let text = "---\ntitle: Access control policy\nslug: access-control\npolicy: true\nweight: 7\nlast_updated: 2026-01-12\n---\nbody\n";
    let p = read("access-control/index.md", text);
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    assert_eq!(p.dialect, Dialect::Hugo);
    assert_eq!(p.meta.updated.as_ref().unwrap().value.to_string(), "2026-01-12");
    assert_eq!(p.meta.extra["policy"], "true");
    // A page with only a title and its own parameters is a generic site page, not a typo.
    let p = read("x.md", "---\ntitle: X\ncontrolled_document: true\n---\n");
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    // ... but a misspelt control field is still caught.
    assert_eq!(rules("---\ntitle: X\nslug: x\naprovers: [a]\n---\n"), [("frontmatter/unknown-field", 4)]);
}

/// Regression: `LICENSE.md` and `README.md` were each "a document with no front matter, so
/// nothing records its owner", on every repository.
#[test]
fn a_repository_file_without_front_matter_is_not_a_finding() {
    for path in [
        "README.md",
        "sop/readme.md",
        "LICENSE.md",
        "CHANGELOG.md",
        "CODE_OF_CONDUCT.md",
        "docs/CONTRIBUTING.markdown",
        // GitHub's other community files: how to report a vulnerability, where to get help.
        "SECURITY.md",
        ".github/SUPPORT.md",
        "GOVERNANCE.md",
    ] {
        assert!(read(path, "# About\n").findings.is_empty(), "{path}");
    }
    for path in
        ["policies/readme-first.md", "LICENSING-POLICY.md", "sop/notice-period.md", "security-policy.md"]
    {
        assert_eq!(read(path, "# About\n").findings.len(), 1, "{path}");
    }
}

/// Regression: MkDocs Material's page badges (`status: new`, `status: deprecated`) were an
/// invalid document status, and made a site's page a controlled document missing its fields.
#[test]
fn a_site_pages_status_badge_is_the_sites_own() {
    for text in ["---\ntitle: A\nstatus: new\n---\n", "---\ntitle: A\nstatus: deprecated\ntags: [x]\n---\n"] {
        let p = read("a.md", text);
        assert_eq!(p.dialect, Dialect::Hugo, "{text}");
        assert!(p.findings.is_empty(), "{text}: {:?}", p.findings);
        assert!(p.meta.status.is_none() && p.meta.extra.contains_key("status"), "{text}");
    }
    // A document's status, or one misspelt, is still read and checked as charta's.
    assert_eq!(read("a.md", "---\ntitle: A\nstatus: approved\n---\n").dialect, Dialect::Charta);
    assert_eq!(rules("---\ntitle: A\nstatus: aproved\n---\n"), [("frontmatter/invalid-value", 3)]);
    assert_eq!(rules("---\nid: A\nowner: o\nstatus: new\n---\n"), [("frontmatter/invalid-value", 4)]);
}

#[test]
fn every_rule_used_here_is_in_the_catalogue() {
    for rule in [
        Rule::FrontmatterInvalidYaml,
        Rule::FrontmatterUnterminated,
        Rule::FrontmatterMissing,
        Rule::FrontmatterUnknownField,
        Rule::FrontmatterInvalidValue,
        Rule::FrontmatterAlias,
        Rule::FrontmatterClosingLine,
    ] {
        assert!(Rule::ALL.contains(&rule));
    }
}

/// Regression: `approver:` was an unknown field and the document had no approvers; 55 past
/// review dates under `review_date` were never overdue; `document_owner:` left a document with
/// no owner. Other tools' names for charta's fields are read into those fields, each with a
/// note naming the field.
#[test]
fn other_tools_names_for_charta_fields_are_read_with_a_note() {
    let text = "---\nid: A\napprover: Bob Boss\nauthor: alice\nreview_date: 2020-06-01\ndoc_id: ignored\nlast_reviewed_on: 2020-01-01\nreview_in: 6 months\nreviewer: carol\ndocument_owner: dana\n---\nBody\n";
    let p = read("doc.md", text);
    let found: Vec<(&str, u32, &str)> =
        p.findings.iter().map(|f| (f.rule.id(), f.span.line, f.message.as_str())).collect();
    assert_eq!(
        found,
        [
            ("frontmatter/alias", 3, "`approver` is read as charta's `approvers`"),
            ("frontmatter/alias", 4, "`author` is read as charta's `authors`"),
            ("frontmatter/alias", 5, "`review_date` is read as charta's `next_review`"),
            // `doc_id` names `id`, which is written already.
            (
                "frontmatter/invalid-yaml",
                6,
                "`doc_id` is another name for `id`, which is written already (on line 2)"
            ),
            ("frontmatter/alias", 7, "`last_reviewed_on` is read as charta's `last_reviewed`"),
            ("frontmatter/alias", 8, "`review_in` is read as charta's `review_period`"),
            ("frontmatter/alias", 10, "`document_owner` is read as charta's `owner`"),
        ]
    );
    assert!(p.findings.iter().all(|f| f.rule.default_severity() != crate::finding::Severity::Error
        || f.rule == Rule::FrontmatterInvalidYaml));
    let m = &p.meta;
    assert_eq!(p.dialect, Dialect::Charta);
    assert_eq!(m.approvers[0].value, "Bob Boss");
    assert_eq!(m.approvers[0].span.line, 3);
    assert_eq!(m.authors[0].value, "alice");
    assert_eq!(m.next_review.as_ref().unwrap().value.to_string(), "2020-06-01");
    assert_eq!(m.last_reviewed.as_ref().unwrap().value.to_string(), "2020-01-01");
    assert_eq!(m.review_period.as_ref().unwrap().value.text, "6 months");
    assert_eq!(m.fields.get("approvers").unwrap().line, 3);
    assert_eq!(m.extra["reviewer"], "carol");
    assert_eq!(m.owner.as_ref().unwrap().value, "dana");
    // A value of the wrong shape is named as it was written.
    let p = read("doc.md", "---\nid: A\nreview_date: soon\n---\n");
    assert!(
        p.findings
            .iter()
            .any(|f| f.rule == Rule::FrontmatterInvalidValue && f.message.contains("`review_date: soon`"))
    );
}

#[test]
fn no_alias_is_a_field_of_another_meaning_and_each_names_a_field_of_the_schema() {
    for (name, field) in super::schema::ALIASES {
        assert!(super::schema::field(field).is_some(), "{name} -> {field}");
        assert!(super::schema::field(name).is_none(), "{name} is charta's own field");
        assert_ne!(*field, "reviewers");
    }
    assert!(super::schema::alias("reviewer").is_none(), "a reviewer is not an approver");
}

/// Regression: a block closed by `-----` was `frontmatter/unterminated` at line 1, and its
/// fields were shown on the page as body text.
#[test]
fn a_block_closed_by_a_line_of_five_dashes_keeps_its_fields_with_a_warning_at_that_line() {
    let p = read("doc.md", "---\nid: A\napprovers: [bob]\n-----\n\n# Body\n");
    let found: Vec<(&str, u32)> = p.findings.iter().map(|f| (f.rule.id(), f.span.line)).collect();
    assert_eq!(found, [("frontmatter/closing-line", 4)]);
    assert_eq!(p.meta.approvers[0].value, "bob");
    assert_eq!(p.body_line, 5);
    assert!(!p.body.contains("approvers"));
}

/// Regression: a `tags:` or `last_updated:` line made a controlled document "Hugo-style", which
/// switched off its required-field and unknown-field checks: two near-identical documents of one
/// repository got different verdicts.
#[test]
fn a_site_parameter_beside_control_fields_does_not_change_the_dialect_or_the_checks() {
    let plain = "---\nid: A\nowner: alice\nversion: \"1.0\"\naprovers: [bob]\n---\n";
    for extra in ["", "tags: [security]\n", "last_updated: 2026-01-12\n", "weight: 3\n"] {
        let text = plain.replacen("id: A\n", &format!("id: A\n{extra}"), 1);
        let p = read("doc.md", &text);
        assert_eq!(p.dialect, Dialect::Charta, "{text}");
        let unknown: Vec<&str> = p
            .findings
            .iter()
            .filter(|f| f.rule == Rule::FrontmatterUnknownField)
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(unknown, ["unknown field `aprovers`"], "{text}");
    }
    // Regression (tailscale's policies with charta fields added): the site's own parameters
    // beside them were unknown-field errors once the document was charta's.
    let p = read(
        "doc.md",
        "---\ntitle: P\nslug: p\npolicy: true\nfaq: false\nowner: alice\nversion: \"1.0\"\n---\n",
    );
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    assert_eq!(p.meta.extra["policy"], "true");
    // A site page with no control field is still a site page.
    assert_eq!(read("x.md", "---\ntitle: X\ntags: [a]\n---\n").dialect, Dialect::Hugo);
}

/// Bug (a cold review's fm1.sh): a Hugo document with TOML front matter (`+++`, Hugo's default
/// for years) was "no front matter": a warning only, its id the file's name, its block shown as
/// text, nothing of it checked. It is read as a YAML block is, each field at its line.
#[test]
fn a_toml_front_matter_is_read_as_a_yaml_one_is() {
    let text = "+++\r\nid = \"POL-004\"\r\ntitle = \"Access\"\r\nversion = 1.10\r\nstatus = \"approved\"\r\nowner = \"alice\"\r\napprovers = [\"bob\"]\r\napproval_date = 2025-01-10\r\nreview_period = \"12 months\"\r\ndraft = false\r\n\r\n[[revisions]]\r\nversion = \"1.10\"\r\ndate = 2025-01-05\r\nauthor = \"alice\"\r\nsummary = \"First.\"\r\n+++\r\n# Access\r\n";
    let p = read("policies/access.md", text);
    assert!(p.findings.is_empty(), "{:?}", p.findings);
    // charta's own fields, in Hugo's TOML.
    assert_eq!(p.dialect, Dialect::Charta);
    let m = &p.meta;
    assert_eq!(m.id.as_ref().unwrap().value, "POL-004");
    assert_eq!(m.version.as_ref().unwrap().value, "1.10");
    assert_eq!(m.version.as_ref().unwrap().span.line, 4);
    assert_eq!(m.approval_date.as_ref().unwrap().value.to_string(), "2025-01-10");
    assert_eq!(m.approvers[0].value, "bob");
    assert_eq!(m.revisions[0].span.line, 12, "its `[[revisions]]` line");
    assert_eq!(p.body_line, 18);
    assert_eq!(p.body, "# Access\r\n");
    // Its mistakes are found where they are, as TOML's.
    let bad = read("a.md", "+++\nid = \"A\"\ntitle = \n+++\n");
    let rows: Vec<_> = bad.findings.iter().map(|f| (f.rule.id(), f.span.line, f.message.as_str())).collect();
    assert!(
        matches!(rows[..], [("frontmatter/invalid-yaml", 3, m)] if m.starts_with("the front matter is not valid TOML")),
        "{rows:?}"
    );
    let unclosed = read("a.md", "+++\nid = \"A\"\n# Body\n");
    assert_eq!(unclosed.findings[0].rule.id(), "frontmatter/unterminated");
    assert!(unclosed.findings[0].help.contains("`+++`"));
}

/// A fence after blank lines opens no front matter (for charta as for GitHub and Hugo): the
/// finding says which line holds it and what to do, not only that there is none.
#[test]
fn a_fence_after_blank_lines_is_named_where_it_is() {
    let p = read("policies/a.md", "\n\n---\nid: A\n---\n# A\n");
    let f = &p.findings[0];
    assert_eq!((f.rule.id(), f.span.line), ("frontmatter/missing", 3));
    assert!(f.message.starts_with("the `---` on line 3 opens no front matter"), "{}", f.message);
    assert_eq!(f.help, "remove the blank lines before it");
}

/// Bug (a newcomer's trial): a valid front matter of 5,000 revision entries was refused as "not
/// valid YAML: more than 20000 values (aliases expand each time they are used)", with the help
/// to quote values: it has no alias, and nothing is wrongly written. Said as too large, with
/// what to do about it.
#[test]
fn a_front_matter_too_large_without_aliases_is_said_to_be_too_large() {
    let mut text = String::from("---\nid: A\nrevisions:\n");
    for i in 0..5000 {
        text.push_str(&format!("  - {{version: \"{i}.0\", date: 2020-01-01, author: a, summary: s}}\n"));
    }
    text.push_str("---\nBody\n");
    let p = read("doc.md", &text);
    let f = p.findings.iter().find(|f| f.rule == Rule::FrontmatterInvalidYaml).unwrap();
    assert_eq!(f.message, "the front matter is too large to read: more than 20000 values");
    assert!(f.help.contains("a revision history of thousands of entries"), "{f:?}");
}
