//! Tests of the lifecycle edits: values written read back as themselves, comments and line
//! endings kept.

use super::*;

/// What `key: <written>` reads back as.
fn read_back(written: &str) -> Option<String> {
    let text = format!("key: {written}\n");
    let node = crate::yaml::parse(&text, 1).ok()?;
    let crate::yaml::NodeKind::Map(pairs) = node.kind else { return None };
    pairs.first()?.1.as_str().map(str::to_owned)
}

proptest::proptest! {
    /// Whatever a summary says, and whichever quoting the value beside it used, the value
    /// written reads back as itself.
    #[test]
    fn a_value_written_in_any_style_reads_back_as_itself(value in "[ -~\n]{1,40}", like in "(plain|\"q\"|'q'|1.0|2026-01-01)") {
        let written = scalar(&value, &like);
        proptest::prop_assert_eq!(read_back(&written), Some(value.clone()), "{}", written);
    }
}

#[test]
fn a_value_another_reader_would_take_for_a_number_a_date_or_a_boolean_is_quoted() {
    // Regression: `0x1F`, `1.50`, `.inf` and dates went plain into a summary, which PyYAML
    // reads as 31, 1.5, infinity and a date; a line break went plain and broke the YAML.
    for (value, like, want) in [
        ("0x1F", "First issue.", "\"0x1F\""),
        ("1.50", "First issue.", "\"1.50\""),
        (".inf", "First issue.", "\".inf\""),
        ("2026-12-02", "First issue.", "\"2026-12-02\""),
        ("010", "", "\"010\""),
        ("one\ntwo", "First issue.", "\"one\\ntwo\""),
        ("one\ntwo", "'x'", "\"one\\ntwo\""),
        // Beside a value of the same look, the file's own plain style; but not a number another
        // reader would take for another (a newcomer's trial: `revise` wrote `version: 1.10`
        // beside a plain 1.9, which YAML tools read as 1.1).
        ("1.11", "1.10", "1.11"),
        ("1.10", "1.9", "\"1.10\""),
        ("06", "05", "\"06\""),
        // A new major version keeps the file's plain style (a cold review).
        ("2.0", "1.0", "2.0"),
        ("Infinity", "plain", "Infinity"),
        ("2026-03-01", "2025-01-10", "2026-03-01"),
        // A new field's date stays plain, as front matter writes dates.
        ("2026-03-01", "", "2026-03-01"),
        ("1.2", "\"1.1\"", "\"1.2\""),
        ("Plain words", "First issue.", "Plain words"),
    ] {
        assert_eq!(scalar(value, like), want, "{value:?} beside {like:?}");
    }
}

#[test]
fn a_field_set_keeps_its_comment() {
    // Regression: a trailing comment on a line the commands rewrote was dropped.
    let mut text =
        Text::of("---\nversion: \"1.1\"  # current\nstatus: approved # since May\nnote: 'it''s' # x\n---\n");
    set_field(&mut text, 2, "1.2").unwrap();
    set_field(&mut text, 3, "review").unwrap();
    set_field(&mut text, 4, "its").unwrap();
    assert_eq!(
        text.render(),
        "---\nversion: \"1.2\"  # current\nstatus: review # since May\nnote: 'its' # x\n---\n"
    );
    assert_eq!(split_comment(" \"a # b\" # c"), ("\"a # b\"", " # c"));
    assert_eq!(split_comment(" 'it''s # no' "), ("'it''s # no'", ""));
    assert_eq!(split_comment(" plain#not"), ("plain#not", ""));
}

#[test]
fn a_file_keeps_its_line_endings_its_mark_and_its_last_line_break() {
    for raw in ["a\nb\n", "\u{feff}a\r\nb\r\n", "a\nb"] {
        assert_eq!(Text::of(raw).render(), raw);
    }
}

/// Bug (a user's trial): `approvers: [asmith,` closed on the next line (valid YAML) had its first
/// line rewritten, and the refusal then spoke of invalid YAML, which was charta's own half-made
/// edit. A value going on past its line is refused for what it is; one that ends there is not.
#[test]
fn a_value_going_on_past_its_line_is_refused_for_what_it_is() {
    let raw = "---\nid: A\napprovers: [asmith,\n  qa]  # two\ntitle: Long\n  and folded\nstatus: review\n---\nBody\n";
    let doc = Document::parse("policies/a.md", 0, raw);
    let mut text = Text::of(raw);
    let list = set_list(&mut text, &doc, 3, &["bob".to_owned()]).unwrap_err();
    assert_eq!(
        list,
        "`approvers` goes on past line 3 (line 4 continues it); write it on one line, or edit it by hand"
    );
    let title = set_field(&mut text, 5, "Short").unwrap_err();
    assert!(title.starts_with("`title` goes on past line 5 (line 6 continues it)"), "{title}");
    assert_eq!(text.render(), raw);
    set_field(&mut text, 7, "approved").unwrap();
    assert!(text.render().contains("\nstatus: approved\n"));
}

/// Bug (a user's trial): `approve` dropped the comments on a block list's items
/// (`- asmith    # QA sign-off` became `- asmith`), and refused a list with a comment line
/// between its items as "not a one-line list item". (A first mend moved every item after the
/// comment lines, a cold review found: the comments now stay where they were.)
#[test]
fn a_block_list_keeps_its_comments_and_the_lines_of_the_items_it_keeps() {
    let raw = "---\nid: A\napprovers:\n  - asmith    # QA sign-off\n  # the second signature\n  - qa\n# ---- dates ----\nstatus: review\n---\nBody\n";
    let doc = Document::parse("policies/a.md", 0, raw);
    let mut text = Text::of(raw);
    set_list(&mut text, &doc, 3, &["asmith".to_owned(), "bob".to_owned()]).unwrap();
    assert_eq!(
        text.render(),
        "---\nid: A\napprovers:\n  - asmith    # QA sign-off\n  # the second signature\n  - bob\n# ---- dates ----\nstatus: review\n---\nBody\n"
    );
}

#[test]
fn a_list_after_a_comment_on_its_key_line_is_set_whole() {
    // Regression: the comment was read as the list's value, so only the key line was rewritten
    // and the old items stayed under it.
    let raw = "---\nid: A\napprovers:  # two needed\n  - alice\n  - carol\nstatus: review\n---\nBody\n";
    let doc = Document::parse("policies/a.md", 0, raw);
    let mut text = Text::of(raw);
    set_list(&mut text, &doc, 3, &["bob".to_owned(), "Smith, J".to_owned()]).unwrap();
    assert_eq!(
        text.render(),
        "---\nid: A\napprovers:  # two needed\n  - bob\n  - Smith, J\nstatus: review\n---\nBody\n"
    );
    // In a flow list, a comma inside a name is quoted, not two names.
    assert_eq!(flow_item("Smith, J", ""), "\"Smith, J\"");
}

#[test]
fn a_field_is_added_before_a_closing_line_of_dots() {
    // Regression: front matter closed by YAML's `...` had its new fields put above the opening
    // `---`, outside the front matter.
    let raw = "---\nid: A\nstatus: review\n...\nBody\n";
    let doc = Document::parse("policies/a.md", 0, raw);
    let mut text = Text::of(raw);
    set_or_add(&mut text, &doc, None, "approval_date", "2026-03-01", None).unwrap();
    assert_eq!(text.render(), "---\nid: A\nstatus: review\napproval_date: 2026-03-01\n...\nBody\n");
}

/// Regression: a revision list written an entry a line (`- {version: ..., date: ...}`) got an
/// entry of the type alone (its keys were not read), and `revise` and `review` refused with the
/// finding that entry would make ("revision/incomplete: no author and no summary"), which said
/// nothing of what to do. The refusal now says why, and gives the entry to add.
#[test]
fn a_revision_list_of_one_line_entries_is_refused_with_the_entry_to_add() {
    let raw = "---\nid: A\nversion: \"1.0\"\nrevisions:\n  - {version: \"1.0\", date: 2026-01-05, author: alice, summary: First}\n---\nBody\n";
    let doc = Document::parse("policies/a.md", 0, raw);
    let mut text = Text::of(raw);
    let entry = Entry {
        version: Some("1.1"),
        date: jiff::civil::Date::constant(2026, 10, 1),
        author: Some("alice"),
        summary: "Scope: contractors, too",
        kind: None,
    };
    let refused = add_revision(&mut text, &doc, &entry).unwrap_err();
    let line =
        "- {version: \"1.1\", date: 2026-10-01, author: \"alice\", summary: \"Scope: contractors, too\"}";
    assert!(refused.ends_with(&format!("`{line}`")), "{refused}");
    assert_eq!(text.render(), raw);
    // The line given, put in the list, reads as that entry.
    let added =
        Document::parse("policies/a.md", 0, raw.replace("---\nBody", &format!("  {line}\n---\nBody")));
    let r = &added.meta.revisions[1];
    assert_eq!(
        (r.version.as_ref().unwrap().value.as_str(), r.summary.as_deref().unwrap()),
        ("1.1", "Scope: contractors, too")
    );
}
