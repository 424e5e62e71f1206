//! Stage 2: a document's title: the first heading of its body as plain text, and whether a
//! stated title is only a file name.

/// The title a document's body gives itself: its first heading, as plain text, where that is
/// of level one (`# Title`, or a line underlined with `===`), outside fenced or indented code
/// and HTML comments; without its Markdown marks (`# **Access** [policy](x.md)` is "Access
/// policy"). A body whose first heading is a section's (`## Summary` after a table, a
/// `# 1. Purpose` after it) gives none: the file's name is its title. The lines are found
/// here; only the heading's line is read as Markdown, by pulldown-cmark, when it holds a mark.
pub fn first_heading(body: &str) -> Option<String> {
    let (mut fence, mut comment) = (None::<&str>, false);
    // The line before, when it could be a paragraph's that a `===` line makes a heading.
    let mut paragraph: Option<&str> = None;
    for line in body.lines() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let before = paragraph.take();
        if let Some(open) = fence {
            fence = (!t.starts_with(open)).then_some(open);
        } else if comment {
            comment = !line.contains("-->");
        } else if indent >= 4 || line.starts_with('\t') || t.is_empty() {
            // Indented code, or a blank line: no heading, and no paragraph above the next.
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
        } else if t.starts_with("<!--") {
            comment = !t.contains("-->");
        } else if let Some(level) = atx_level(t) {
            return (level == 1).then(|| plain_heading(t)).filter(|h| !h.is_empty());
        } else if let Some(text) = before.filter(|_| !t.is_empty() && t.trim_end().bytes().all(|b| b == b'='))
        {
            return Some(plain_heading(&format!("# {}", text.trim()))).filter(|h| !h.is_empty());
        } else if before.is_some() && t.trim_end().len() >= 2 && t.trim_end().bytes().all(|b| b == b'-') {
            // `---` under a paragraph's line: a heading of level two.
            return None;
        } else if !t.starts_with(['-', '*', '+', '>', '|', '<'])
            && !t.starts_with(|c: char| c.is_ascii_digit())
        {
            paragraph = Some(t);
        }
    }
    None
}

/// The level of the ATX heading `t` (a line without its indent): one to six `#` and a space or
/// the line's end; None for any other line (`#hashtag`, seven `#`).
fn atx_level(t: &str) -> Option<usize> {
    let level = t.len() - t.trim_start_matches('#').len();
    let rest = &t[level..];
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some(level)
}

/// A title as a reader sees it: a front matter's `title: "**Access** policy"` as the words
/// `Access policy`, read as the text of a heading is (on one line); one without Markdown marks
/// as it is.
pub fn plain_title(title: &str) -> String {
    if title.contains(['*', '_', '`', '[', '~']) {
        plain_heading(&format!("# {title}"))
    } else {
        title.to_owned()
    }
}

/// What Markdown may read as more than words in a heading's text: escapes, entities, emphasis,
/// code, links and images, HTML and autolinks, a closing `#` sequence; the marks of extensions
/// too (none is enabled here), so that enabling one cannot change a title unseen. And a lone
/// `\r`, which ends a line for Markdown though not for [`str::lines`]: `# A\r- b` is a heading
/// and a list item.
const MARKS: &[char] =
    &['\\', '&', '*', '_', '`', '[', ']', '!', '<', '>', '#', '~', '|', '$', '^', '=', '\r'];

/// The words of the ATX heading `line`, without emphasis, code marks or link targets.
fn plain_heading(line: &str) -> String {
    let text = line.trim_start_matches('#');
    // A heading of words alone (nearly every one) is read as its words, with no parser made
    // for it: every document's first heading is read (BENCHMARKS.md, twentieth session).
    // Seven `#` are no heading.
    if line.len() - text.len() <= 6 && !text.contains(MARKS) {
        return words(text);
    }
    parsed_heading(line)
}

/// [`plain_heading`] by pulldown-cmark, whatever the heading holds.
fn parsed_heading(line: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(line) {
        match event {
            // Markup written in a title is its text, shown escaped like any other.
            Event::Text(s) | Event::Code(s) | Event::Html(s) | Event::InlineHtml(s) => out.push_str(&s),
            // Lines of a title that held line breaks: kept apart, as words are.
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => {
                out.push(' ')
            }
            _ => {}
        }
    }
    words(&out)
}

/// The words of `text`, a space between each.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `title`, stated by the document at `path`, is a file name rather than a title: its
/// own file's name (`design-control.md`, or `design-control`), or any name with an extension of
/// a document file and no space (`SOP-012.docx`). A one-word title such as `Overview` is a title.
pub fn is_file_name(title: &str, path: &str) -> bool {
    const EXTENSIONS: &[&str] = &["md", "markdown", "docx", "doc", "pdf", "txt", "html", "htm", "odt"];
    let title = title.trim();
    if title.is_empty() || title.contains(char::is_whitespace) {
        return false;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let own = title.eq_ignore_ascii_case(name)
        || (title.eq_ignore_ascii_case(stem) && title.contains(['-', '_', '.']));
    let extension = title.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext))
    });
    own || extension
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]
        /// A heading read as its words is read as pulldown-cmark reads it: with marks,
        /// entities, escapes, HTML, a closing sequence, seven `#`, odd spaces, a lone `\r`.
        #[test]
        fn a_heading_of_words_reads_as_the_parser_reads_it(
            hashes in 1..8usize,
            parts in proptest::collection::vec(proptest::sample::select(vec![
                " ", "  ", "\t", "\u{a0}", "\u{3000}", "Access", "policy", "é", "*", "**", "_", "`",
                "[x](y.md)", "[", "]", "(", ")", "&amp;", "&", "\\", "<b>", "<", ">", "!", "~", "#",
                "|", "$", "^", "=", "-", ".", "1.", "+", "\r", "\r- ", "\r---", "\r1) ",
            ]), 0..6),
        ) {
            let line = format!("{} {}", "#".repeat(hashes), parts.concat());
            proptest::prop_assert_eq!(plain_heading(&line), parsed_heading(&line), "{:?}", line);
        }
    }

    /// A file with a lone `\r` for its line breaks is one line to `str::lines`, several to
    /// Markdown: the heading ends at the `\r`, as the parser reads it.
    #[test]
    fn a_heading_line_with_a_lone_carriage_return_reads_as_the_parser_reads_it() {
        for (body, title) in
            [("# foo\r- bar", "foo bar"), ("# foo\r---", "foo"), ("# foo\r1. bar", "foo bar")]
        {
            assert_eq!(first_heading(body).as_deref(), Some(title), "{body:?}");
        }
    }

    #[test]
    fn first_headings_read_as_their_words() {
        assert_eq!(first_heading("Intro\n\n#  Access   policy \n").as_deref(), Some("Access policy"));
        assert_eq!(first_heading("# **Access** [policy](x.md)\n").as_deref(), Some("Access policy"));
        assert_eq!(first_heading("```\n# not\n```\n# Real\n## Section\n").as_deref(), Some("Real"));
    }

    /// Bug (a trial on a real QMS): eleven procedures that open with a table and `## Summary`
    /// or `## 1. General Information` were listed in the register under those section names,
    /// six of them as "Summary". A body whose first heading is a section's has no title.
    #[test]
    fn a_section_heading_is_no_title() {
        assert_eq!(first_heading("| a | b |\n|---|---|\n\n## Summary\n\nText.\n"), None);
        assert_eq!(first_heading("### 1. General Information\n"), None);
        assert_eq!(first_heading("## Document control\n\n# 1. Purpose\n"), None);
    }

    /// Bug (a cold review of the fix above): a title underlined with `===`, then `## Purpose`
    /// and a later `# Appendix A: forms`, was titled "Appendix A: forms"; an indented code line
    /// `    # install the agent` after `## Summary` was the title; and so was a `# ` line in an
    /// HTML comment (a template's "replace this heading").
    #[test]
    fn the_first_heading_is_read_as_markdown_reads_it() {
        let setext = "Access Policy\n=============\n\n## Purpose\n\n# Appendix A: forms\n";
        assert_eq!(first_heading(setext).as_deref(), Some("Access Policy"));
        assert_eq!(first_heading("Intro\n---\n\n# Later\n"), None);
        assert_eq!(first_heading("Text.\n\n    # install the agent\n\n# Real\n").as_deref(), Some("Real"));
        assert_eq!(
            first_heading("<!--\n# Template: replace this heading\n-->\n# Real\n").as_deref(),
            Some("Real")
        );
        assert_eq!(first_heading("<!-- # not -->\n# Real\n").as_deref(), Some("Real"));
        assert_eq!(first_heading("~~~\n# not\n```\n# still not\n~~~\n# Real\n").as_deref(), Some("Real"));
        assert_eq!(first_heading("#hashtag\n\n# Real\n").as_deref(), Some("Real"));
        assert_eq!(first_heading("- item\n===\n# Real\n").as_deref(), Some("Real"));
    }
}
