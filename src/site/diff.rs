//! Stage 4: a redline of two versions of a document an auditor can read: the body line by line
//! with changed words marked, and the front-matter fields that changed.

use super::markdown::escape;
use crate::document::Document;
use crate::frontmatter::schema;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One changed front-matter field.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// The front-matter fields whose value differs between two versions.
pub fn field_changes(old: &Document, new: &Document) -> Vec<FieldChange> {
    // A front matter that could not be read (not valid YAML) has no fields to compare: what
    // changed is that, not every field it held "removed". (A text with no front matter at all
    // is not readable either, and has none to compare: its body starts at its first byte.)
    let broken = |d: &Document| !d.readable && d.body_start > 0;
    if broken(old) || broken(new) {
        let state = |d: &Document| if broken(d) { "could not be read (not valid YAML)" } else { "read" };
        return vec![FieldChange {
            field: "front matter",
            before: state(old).into(),
            after: state(new).into(),
        }];
    }
    // A static site's page dates itself (`lastmod`, `last_updated`, else `date`): its page shows
    // that day as its effective date, so a redline says when it moved.
    let dated = |d: &Document| {
        let hugo = d.dialect == crate::document::Dialect::Hugo;
        d.meta.updated.as_ref().filter(|_| hugo).map(|u| u.value.to_string()).unwrap_or_default()
    };
    // Under the name the document writes it by.
    let written = |k: &&str| new.meta.fields.contains_key(k) || old.meta.fields.contains_key(k);
    let field = ["lastmod", "last_updated", "date"].into_iter().find(written).unwrap_or("lastmod");
    let page_date = FieldChange { field, before: dated(old), after: dated(new) };
    schema::redline()
        .map(|f| FieldChange { field: f.key, before: f.shown(&old.meta), after: f.shown(&new.meta) })
        .chain([page_date])
        .filter(|change| change.before != change.after)
        .collect()
}

/// The body diff as HTML: every line, deleted lines in `<del>`, inserted in `<ins>`, the
/// changed words of a changed line emphasised. Deterministic: no time limit on the diff.
pub fn body_html(old: &str, new: &str) -> String {
    // Lines compared by their words, whatever ends them (a change of line ends alone changes
    // no word): CRLF read as LF, and each text's last line ended, else an unchanged last line
    // would show as removed and added again once a line follows it.
    let ended = |s: &str| {
        let s = s.replace("\r\n", "\n");
        let words = s.trim_end_matches(['\r', '\n']);
        if words.is_empty() { String::new() } else { format!("{words}\n") }
    };
    let (old, new) = (ended(old), ended(new));
    let diff = TextDiff::configure().diff_lines(&old, &new);
    let mut out = String::from("<div class=\"redline\">\n");
    for op in diff.ops() {
        for change in diff.iter_inline_changes_deadline(op, None) {
            let (class, tag) = match change.tag() {
                ChangeTag::Equal => ("same", ""),
                ChangeTag::Delete => ("del", "del"),
                ChangeTag::Insert => ("ins", "ins"),
            };
            out.push_str(&format!("<div class=\"line {class}\">"));
            if !tag.is_empty() {
                out.push_str(&format!("<{tag}>"));
            }
            for (emphasised, text) in change.iter_strings_lossy() {
                let text = escape(text.trim_end_matches(['\n', '\r']));
                if emphasised && !tag.is_empty() {
                    out.push_str(&format!("<mark>{text}</mark>"));
                } else {
                    out.push_str(&text);
                }
            }
            if !tag.is_empty() {
                out.push_str(&format!("</{tag}>"));
            }
            out.push_str("</div>\n");
        }
    }
    out.push_str("</div>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_are_marked_word_by_word() {
        let html = body_html("# T\n\nText one.\nSame.\n", "# T\n\nText two.\nSame.\n<b>new</b>\n");
        assert!(html.contains("<div class=\"line del\"><del>Text <mark>one.</mark></del></div>"), "{html}");
        assert!(html.contains("<div class=\"line ins\"><ins>Text <mark>two.</mark></ins></div>"), "{html}");
        assert!(html.contains("<div class=\"line same\">Same.</div>"));
        assert!(html.contains("&lt;b&gt;new&lt;/b&gt;"), "markup in a body is text in a diff");
    }

    /// Bug (a cold read as an auditor): a paragraph added after the last one showed that
    /// last, unchanged line as removed and added again (its text ended without a line end).
    #[test]
    fn a_line_added_after_the_last_shows_the_last_unchanged() {
        let html = body_html("One.\n\nThree.", "One.\n\nThree.\n\nFour.");
        assert!(html.contains("<div class=\"line same\">Three.</div>"), "{html}");
        assert!(!html.contains("<del>"), "{html}");
        assert_eq!(html.matches("<ins>").count(), 2, "a blank line and Four: {html}");
        // Bug (a cold review of the fix): a text with CRLF line ends still showed it; and (the
        // cloud.gov policies, written with every line end there is) one with a CRLF elsewhere
        // and a bare CR before its last line, against the same words with LF.
        let html = body_html("One.\r\n\r\nThree.", "One.\r\n\r\nThree.\r\n\r\nFour.");
        assert!(html.contains("<div class=\"line same\">Three.</div>") && !html.contains("<del>"), "{html}");
        let html = body_html("One.\r\nTwo.\n\rSee SC-39.", "One.\nTwo.\nSee SC-39.");
        assert!(html.contains("<div class=\"line same\">See SC-39.</div>"), "{html}");
        assert!(!html.contains("<del>See"), "{html}");
    }

    #[test]
    fn field_changes_list_what_moved() {
        let a = Document::parse("a.md", 0, "---\nversion: \"1.0\"\napprovers: [a]\n---\n");
        let b = Document::parse("a.md", 0, "---\nversion: \"1.1\"\napprovers: [a, b]\n---\n");
        let got: Vec<_> = field_changes(&a, &b).into_iter().map(|c| (c.field, c.before, c.after)).collect();
        assert_eq!(got, [("version", "1.0".into(), "1.1".into()), ("approvers", "a".into(), "a, b".into())]);
    }

    /// Bug (a trial of real teams' workflows): the redline of a document renumbered (POL-001 to
    /// ISMS-POL-001) said "no document-control field changed", and the old number was nowhere
    /// on the site but in the commit message.
    #[test]
    fn a_renumbering_is_a_field_that_moved() {
        let a = Document::parse("a.md", 0, "---\nid: POL-001\ntitle: Access\n---\nText.\n");
        let b = Document::parse("a.md", 0, "---\nid: ISMS-POL-001\ntitle: Access\n---\nText.\n");
        let got: Vec<_> = field_changes(&a, &b).into_iter().map(|c| (c.field, c.before, c.after)).collect();
        assert_eq!(got, [("id", "POL-001".into(), "ISMS-POL-001".into())]);
    }

    /// Bug (an auditor reading tailscale's policies): a commit that broke a page's front matter
    /// (a tab in a YAML block) had a redline saying its title was removed.
    #[test]
    fn a_front_matter_that_could_not_be_read_is_said_so_not_every_field_removed() {
        let a = Document::parse("a.md", 0, "---\ntitle: Policies\n---\nText.\n");
        let b = Document::parse("a.md", 0, "---\ntitle: Policies\nx: |\n\t- tab\n  y: [\n---\nText.\n");
        assert!(!b.readable);
        let got: Vec<_> = field_changes(&a, &b).into_iter().map(|c| (c.field, c.before, c.after)).collect();
        assert_eq!(got, [("front matter", "read".into(), "could not be read (not valid YAML)".into())]);
        // Bug (the reread, on cloud.gov's history): texts with no front matter at all were
        // two "unreadable" ones, and every redline of them said so.
        let plain = |body: &str| Document::parse("a.md", 0, format!("# Policy\n\n{body}\n"));
        assert_eq!(field_changes(&plain("One."), &plain("Two.")), []);
    }

    /// Bug (an auditor reading tailscale's policies): a Hugo page's `last_updated`, which its
    /// page shows as its effective date, moved nine months in a commit whose redline said "no
    /// document-control field changed".
    #[test]
    fn a_static_site_pages_own_date_is_a_field_that_moved() {
        let page = |day: &str| {
            Document::parse(
                "a.md",
                0,
                format!("---\ntitle: Access\nweight: 3\nlast_updated: {day}\n---\nText.\n"),
            )
        };
        let got: Vec<_> = field_changes(&page("2025-04-07"), &page("2026-01-12"))
            .into_iter()
            .map(|c| (c.field, c.before, c.after))
            .collect();
        assert_eq!(got, [("last_updated", "2025-04-07".into(), "2026-01-12".into())]);
    }
}
