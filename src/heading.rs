//! Stage 2: a document's title: the first heading of its body as plain text, and whether a
//! stated title is only a file name.

/// The text of the first level-one ATX heading (`# Title`) outside fenced code, as plain text:
/// without its Markdown marks (`# **Access** [policy](x.md)` is "Access policy"). The line is
/// found here; only that line is read as Markdown, by pulldown-cmark, when it holds any mark.
/// A section's heading (`## Summary`) names no document: a body with none at level one has
/// no title of its own.
pub fn first_heading(body: &str) -> Option<String> {
    let mut in_fence = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence && t.starts_with('#') && !t.starts_with("##") {
            let text = t.trim_start_matches('#');
            if text.starts_with(' ') && !text.trim().is_empty() {
                return Some(plain_heading(t));
            }
        }
    }
    None
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
        assert_eq!(first_heading("```\n# not\n```\n## Section\n# Real\n").as_deref(), Some("Real"));
    }

    /// Bug (a trial on a real QMS): eleven procedures that open with a table and `## Summary`
    /// or `## 1. General Information` were listed in the register under those section names,
    /// six of them as "Summary". Only a level-one heading is a title; else the file's name.
    #[test]
    fn a_section_heading_is_no_title() {
        assert_eq!(first_heading("| a | b |\n|---|---|\n\n## Summary\n\nText.\n"), None);
        assert_eq!(first_heading("### 1. General Information\n"), None);
    }
}
