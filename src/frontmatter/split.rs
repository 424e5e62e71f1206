//! Stage 2: find the front-matter block of a Markdown file and where the body starts.
//!
//! Four shapes are read: a block fenced by `---` lines (the common form), Hugo's TOML block
//! fenced by `+++` lines, comply's block with no opening fence ended by the first `---` line,
//! and none at all.

use crate::source::to_u32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// `---` on the first line, closed by `---` or `...`.
    Fenced,
    /// `+++` on the first line, closed by `+++`: TOML (Hugo).
    Toml,
    /// strongdm/comply: `key: value` lines from the first line, ended by `---`.
    Unfenced,
    /// No front matter.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub block: Block,
    /// The block's text: YAML, or TOML for [`Block::Toml`].
    pub yaml: &'a str,
    /// File line of the block's first line.
    pub yaml_line: u32,
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: u32,
    /// The line that closed a fenced block when it is not exactly `---` or `...` (`-----`,
    /// `  ---`): its file line and its text.
    pub inexact_close: Option<(u32, &'a str)>,
}

/// A fenced block was opened and never closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unterminated;

/// Lines with their byte start, without the line break (a last line may have none; a text that
/// ends with a line break has no empty line after it).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> + Clone {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1).chain([text.len()]);
    let mut start = 0;
    ends.filter_map(move |end| {
        let at = start;
        start = end;
        (end > at).then(|| (at, without_line_break(&text[at..end])))
    })
}

/// `line` without the `\n` and `\r` it ends with, taken off byte by byte: a pattern of two
/// characters is matched a character at a time, and every line of every front matter is cut.
fn without_line_break(line: &str) -> &str {
    let kept = line.as_bytes().iter().rposition(|b| !matches!(b, b'\n' | b'\r')).map_or(0, |last| last + 1);
    // Both are ASCII: what is left ends where a character does.
    &line[..kept]
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

fn is_toml_fence(line: &str) -> bool {
    line.trim_end() == "+++"
}

/// A line meant as a fence that is not one: only dashes, at least three, but more than three or
/// indented (`-----`, `  ---`). Front matter cannot hold such a line (in a mapping of fields it
/// is not valid YAML), so inside a fenced block it can only be its end.
fn is_near_fence(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.bytes().all(|b| b == b'-') && !is_fence(line)
}

/// Whether `line` closes a block of the shape `block`: None when it does not, else whether it is
/// a line of dashes that is not exactly `---` ([`is_near_fence`]; only a fenced block).
fn closing(line: &str, block: Block) -> Option<bool> {
    if block == Block::Toml {
        return is_toml_fence(line).then_some(false);
    }
    let fenced = block == Block::Fenced;
    // Only a line of dashes (`---`, `-----`, `  ---`) or `...` closes a block. Nearly every line
    // of a front matter starts otherwise, or with a single `-` (an item of a list), and is
    // passed over at its first characters: every line is looked at, and the loop over them,
    // trimming each from both ends three times, was 3% of `check`'s instructions
    // (BENCHMARKS.md, twentieth session).
    let start = line.trim_start().as_bytes();
    match start {
        [b'-', b'-', ..] if is_fence(line) => Some(false),
        [b'-', b'-', ..] if fenced && is_near_fence(line) => Some(true),
        [b'.', ..] if fenced && line.trim_end() == "..." => Some(false),
        _ => None,
    }
}

/// Split `text` (BOM already removed). `known_key` says whether a word is a front-matter key of
/// some dialect: an unfenced block is only recognised when its first line starts with one, so a
/// document that opens with "Note: ..." and later has a `---` rule is not mistaken for one.
pub fn split<'a>(text: &'a str, known_key: impl Fn(&str) -> bool) -> Result<Split<'a>, Unterminated> {
    let none =
        Split { block: Block::None, yaml: "", yaml_line: 1, body: text, body_line: 1, inexact_close: None };
    let mut it = lines(text).enumerate();
    let Some((_, (_, first))) = it.clone().next() else {
        return Ok(none);
    };
    let block = if is_fence(first) {
        it.next();
        Block::Fenced
    } else if is_toml_fence(first) {
        it.next();
        Block::Toml
    } else if first_key(first).is_some_and(known_key) {
        Block::Unfenced
    } else {
        return Ok(none);
    };
    let fenced = matches!(block, Block::Fenced | Block::Toml);
    let yaml_start = if fenced { first.len() + line_break_len(text, first.len()) } else { 0 };
    for (n, (at, line)) in it {
        if let Some(inexact) = closing(line, block) {
            let body_start = at + line.len() + line_break_len(text, at + line.len());
            return Ok(Split {
                block,
                yaml: &text[yaml_start..at],
                yaml_line: if fenced { 2 } else { 1 },
                body: &text[body_start..],
                body_line: to_u32(n + 2),
                inexact_close: inexact.then_some((to_u32(n + 1), line)),
            });
        }
    }
    if fenced { Err(Unterminated) } else { Ok(none) }
}

fn line_break_len(text: &str, at: usize) -> usize {
    let rest = &text.as_bytes()[at..];
    if rest.starts_with(b"\r\n") { 2 } else { usize::from(rest.starts_with(b"\n")) }
}

/// The key of a `key: value` line, if the line is one.
fn first_key(line: &str) -> Option<&str> {
    let (key, rest) = line.split_once(':')?;
    let ok = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && (rest.is_empty() || rest.starts_with([' ', '\t']));
    ok.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(k: &str) -> bool {
        matches!(k, "name" | "id" | "title")
    }

    #[test]
    fn table_of_shapes() {
        // (input, block, yaml, yaml_line, body, body_line)
        let cases: &[(&str, Block, &str, u32, &str, u32)] = &[
            ("---\nid: A\n---\nBody\n", Block::Fenced, "id: A\n", 2, "Body\n", 4),
            ("---\r\nid: A\r\n---\r\nBody\r\n", Block::Fenced, "id: A\r\n", 2, "Body\r\n", 4),
            ("---\nid: A\n...\nBody", Block::Fenced, "id: A\n", 2, "Body", 4),
            ("---\n---\nBody", Block::Fenced, "", 2, "Body", 3),
            ("---  \nid: A\n---", Block::Fenced, "id: A\n", 2, "", 4),
            ("name: X\nacronym: Y\n---\n\n# T\n", Block::Unfenced, "name: X\nacronym: Y\n", 1, "\n# T\n", 4),
            ("# Title\n\ntext\n\n---\n\nmore\n", Block::None, "", 1, "# Title\n\ntext\n\n---\n\nmore\n", 1),
            ("Note: this is prose\n---\n", Block::None, "", 1, "Note: this is prose\n---\n", 1),
            ("name: X\nno fence at all\n", Block::None, "", 1, "name: X\nno fence at all\n", 1),
            ("", Block::None, "", 1, "", 1),
            ("# T\n\n---\nid: x\n---\n", Block::None, "", 1, "# T\n\n---\nid: x\n---\n", 1),
            ("+++\nid = \"A\"\n+++\nBody\n", Block::Toml, "id = \"A\"\n", 2, "Body\n", 4),
            ("+++\r\nid = 1\r\n---\r\n+++ \r\n", Block::Toml, "id = 1\r\n---\r\n", 2, "", 5),
        ];
        for (input, block, yaml, yaml_line, body, body_line) in cases {
            let s = split(input, known).unwrap_or_else(|_| panic!("{input:?}"));
            assert_eq!(
                (s.block, s.yaml, s.yaml_line, s.body, s.body_line),
                (*block, *yaml, *yaml_line, *body, *body_line),
                "{input:?}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever the front matter and body hold, the line numbers are those of the file:
        /// the body starts on the line after the closing fence, and the pieces are the input's.
        #[test]
        fn line_numbers_are_lines_of_the_file(
            fields in proptest::collection::vec("[a-z]{1,8}: [ -~]{0,20}", 0..12),
            body in "[ -~\n]{0,200}",
            crlf in proptest::bool::ANY,
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let yaml: String = fields.iter().map(|f| format!("{f}{nl}")).collect();
            let text = format!("---{nl}{yaml}---{nl}{body}");
            let s = split(&text, |_| false).unwrap();
            proptest::prop_assert_eq!(s.yaml_line, 2);
            proptest::prop_assert_eq!(s.yaml, yaml.as_str());
            proptest::prop_assert_eq!(s.body_line as usize, fields.len() + 3);
            proptest::prop_assert!(text.ends_with(s.body));
        }

        /// A line closes a block, exactly or not, as the three tests of a closing line say,
        /// whatever its first characters.
        #[test]
        fn a_line_closes_a_block_as_the_three_tests_say(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "-", "--", "---", ".", "...", " ", "\t", "\u{a0}", "\u{3000}", "a",
            ]), 0..5),
            fenced in proptest::bool::ANY,
        ) {
            let line = parts.concat();
            let block = if fenced { Block::Fenced } else { Block::Unfenced };
            let inexact = fenced && is_near_fence(&line);
            let closes = is_fence(&line) || (fenced && line.trim_end() == "...") || inexact;
            proptest::prop_assert_eq!(closing(&line, block), closes.then_some(inexact));
        }

        /// A line loses the line breaks it ends with and nothing else, whatever it holds.
        #[test]
        fn a_line_loses_only_its_line_breaks(line in "[a\r\n é-]{0,12}") {
            proptest::prop_assert_eq!(without_line_break(&line), line.trim_end_matches(['\n', '\r']));
        }
    }

    #[test]
    fn a_line_of_dashes_that_is_not_exactly_three_closes_a_fenced_block_and_is_named() {
        for (input, close) in [("---\nid: A\n-----\nBody\n", "-----"), ("---\nid: A\n  ---\nBody\n", "  ---")]
        {
            let s = split(input, known).unwrap();
            assert_eq!((s.yaml, s.body, s.body_line), ("id: A\n", "Body\n", 4), "{input:?}");
            assert_eq!(s.inexact_close, Some((3, close)), "{input:?}");
        }
        // The first closing line wins, even with a `---` rule later in the body.
        let s = split("---\nid: A\n----\n# T\n\n---\n\nMore\n", known).unwrap();
        assert_eq!((s.yaml, s.body_line, s.inexact_close), ("id: A\n", 4, Some((3, "----"))));
        // Exactly `---` (trailing spaces allowed) is no finding; comply's block needs `---`.
        assert_eq!(split("---\nid: A\n---  \nB", known).unwrap().inexact_close, None);
        assert_eq!(split("name: X\n-----\nB\n", known).unwrap().block, Block::None);
    }

    #[test]
    fn an_open_fence_without_close_is_unterminated() {
        assert_eq!(split("---\nid: A\n\n# Body\n", known), Err(Unterminated));
        assert_eq!(split("---", known), Err(Unterminated));
    }
}
