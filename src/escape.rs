//! Output escaping, one function per kind of channel: every value that comes from a repository
//! (documents, charta.toml, roster.yaml, paths) passes one of these on its way out.
//!
//! The repository is untrusted in CI: a title holding a newline then `::add-mask::` would be a
//! GitHub Actions workflow command in a log, an ESC sequence would restyle a terminal, `=` opens
//! a formula in a spreadsheet, and a C0 control character makes an XML file unreadable.

use std::borrow::Cow;

pub mod json;

/// Whether a byte may start a character [`visible`] changes: below 0x20, DEL (0x7f), the first
/// byte of a C1 control's UTF-8 encoding (0xc2) or of a bidirectional control's (0xd8 for
/// U+061C, 0xe2 for the U+200E..U+2069 ones), or the `:`, `#` and `[` of a workflow command. A
/// cheap scan before any char is decoded.
fn maybe_changed(b: u8) -> bool {
    b < 0x20 || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2 | b':' | b'#' | b'[')
}

/// Whether `c` reorders the text around it when shown (the Unicode bidirectional controls: a
/// right-to-left override makes `exe.txt` of `txt.exe`).
fn reorders(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The symbol of one column a control character is shown as: the Control Pictures block (U+2400
/// is NUL's, U+241B ESC's, U+2421 DEL's), U+FFFD for C1 controls.
fn picture(c: char) -> char {
    match u32::from(c) {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// `text` for a terminal or a log, one column for each of its characters: each control
/// character (newline, CR, tab and ESC included) shown as a symbol, so a value stays on its
/// line, cannot move the cursor or recolour, and carets stay aligned; each bidirectional
/// control as U+FFFD, so the text reads in the order it is written. Nor can it be a GitHub
/// Actions workflow command: a value that begins with `::` (a file name, where it starts a
/// line) shows its first `:` as `∶` (U+2236), and `##[` anywhere (the runner's older form)
/// shows its `[` as `⁅` (U+2045); nor an Azure Pipelines logging command, `##vso[` anywhere
/// in a line, in any case, whose `[` is shown alike.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(maybe_changed) {
        return Cow::Borrowed(text);
    }
    let lead = text.len() - text.trim_start().len();
    let command_at = |i: usize| i == lead && text[i..].starts_with("::");
    let changes = |i: usize, c: char| {
        c.is_control() || reorders(c) || (c == '[' && opens_command(&text[..i])) || command_at(i)
    };
    if !text.char_indices().any(|(i, c)| changes(i, c)) {
        return Cow::Borrowed(text);
    }
    let shown = text.char_indices().map(|(i, c)| match c {
        c if c.is_control() => picture(c),
        c if reorders(c) => '\u{fffd}',
        '[' if opens_command(&text[..i]) => '\u{2045}',
        ':' if command_at(i) => '\u{2236}',
        c => c,
    });
    Cow::Owned(shown.collect())
}

/// Whether a `[` after `before` opens a logging command a CI runner reads anywhere in a line:
/// GitHub's older `##[`, or Azure Pipelines' `##vso[` (matched in any case, as its agent does).
fn opens_command(before: &str) -> bool {
    before.ends_with("##") || opens_vso(before)
}

/// `text` for a file a program reads (a GitHub annotation's fields, JUnit XML, CSV), where it
/// cannot start a line of a log: control characters and bidirectional controls shown as
/// [`visible`] shows them, and the `[` of an Azure Pipelines `##vso[` (read anywhere in a line
/// a runner prints) as `⁅`; nothing else changed, so a path stays the file's path.
pub fn shown(text: &str) -> Cow<'_, str> {
    shown_in(text, true)
}

/// [`shown`] for a file that is no log (a CSV the site publishes): `##vso[` kept as written.
fn shown_in(text: &str, log: bool) -> Cow<'_, str> {
    let suspect = |b: u8| b < 0x20 || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2) || (log && b == b'[');
    let vso = |i: usize, c: char| log && c == '[' && opens_vso(&text[..i]);
    let changes = |(i, c): (usize, char)| c.is_control() || reorders(c) || vso(i, c);
    if !text.bytes().any(suspect) || !text.char_indices().any(changes) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.char_indices()
            .map(|(i, c)| match c {
                c if c.is_control() => picture(c),
                c if reorders(c) => '\u{fffd}',
                c if vso(i, c) => '\u{2045}',
                c => c,
            })
            .collect(),
    )
}

/// Whether `before` ends with `##vso`, in any case.
fn opens_vso(before: &str) -> bool {
    let b = before.as_bytes();
    b.len() >= 5 && b[b.len() - 5..].eq_ignore_ascii_case(b"##vso")
}

/// The lines of a text charta itself wrote on several lines (a template's error report), each
/// made [`visible`]. A bare CR does not end a line: it is shown.
pub fn visible_lines(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split('\n').map(visible)
}

/// A value as one argument of a command charta suggests (`charta review {id}`), to be pasted
/// into a shell: quoted where a shell would split or read it (a space, `$(…)`, a backtick), after
/// `--` where a leading `-` would make it an option, and shown as [`visible`] shows text.
pub fn shell_arg(text: &str) -> String {
    let quoted = shell_words::quote(text);
    let arg = if text.starts_with('-') { format!("-- {quoted}") } else { quoted.into_owned() };
    visible(&arg).into_owned()
}

/// A CSV cell a spreadsheet shows as text (OWASP's rule for CSV injection): a cell that starts
/// with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, and control characters are shown. A
/// CSV a log shows (`reviews --format csv`) passes [`shown`] first.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let shown = shown_in(text, false);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { Cow::Owned(format!("'{shown}")) } else { shown }
}

/// `text` as a quoted CSS string (`content: "..."`) that cannot end early: every character but
/// letters, digits, spaces and plain punctuation as a CSS escape (`\22 ` for `"`), so neither a
/// quote, a backslash, a line break nor `</style>` of a document's can leave the string or the
/// style element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in visible(text).chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '.' | ',' | ':' | '-' | '_' | '(' | ')' | '·' | '/') {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// Whether XML 1.0 forbids `c` everywhere, even as a character reference: the C0 controls but
/// tab, LF and CR, and U+FFFE and U+FFFF. (Surrogates cannot be in a Rust string.)
fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\u{fffe}' | '\u{ffff}')
}

/// Whether `bytes` may hold a character XML forbids: a C0 control other than tab, LF and CR, or
/// 0xef, the first byte of U+FFFE and U+FFFF. Runs over every page a build writes, so it looks
/// at 32 bytes at a time without stopping inside them, which the compiler makes vector code of.
fn maybe_forbidden_in_xml(bytes: &[u8]) -> bool {
    let suspect = |b: u8| ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0xef);
    let (chunks, rest) = bytes.as_chunks::<32>();
    chunks.iter().any(|chunk| chunk.iter().fold(false, |found, &b| found | suspect(b)))
        || rest.iter().any(|&b| suspect(b))
}

/// `text` with every character XML 1.0 forbids shown as its symbol (as [`visible`] does), so an
/// XML (or HTML) file holding it is well-formed whatever a document says. Safe to run over a
/// whole XML document: such a character cannot be part of its markup.
pub fn xml_text(text: &str) -> Cow<'_, str> {
    if !maybe_forbidden_in_xml(text.as_bytes()) || !text.chars().any(forbidden_in_xml) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if forbidden_in_xml(c) { picture(c) } else { c }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bug (a cold review): a comply document's `acronym: "My Doc"` made the help say
    /// `charta review My Doc`, which fails; an id with `$(…)` or a leading `-` was a command or
    /// an option to paste.
    #[test]
    fn a_suggested_argument_is_one_argument_to_a_shell() {
        assert_eq!(shell_arg("POL-001"), "POL-001");
        assert_eq!(shell_arg("My Doc"), "'My Doc'");
        assert_eq!(shell_arg("E`$(rm -rf ~)`"), "'E`$(rm -rf ~)`'");
        assert_eq!(shell_arg("-rf"), "-- -rf");
        assert_eq!(shell_arg("it's"), "'it'\\''s'");
    }

    #[test]
    fn a_css_string_cannot_end_early() {
        assert_eq!(css_string("POL-001 version 1.2"), "\"POL-001 version 1.2\"");
        let hostile = css_string("x\"; } body { display: none } </style><script>\\\n");
        assert!(hostile.starts_with('"') && hostile.ends_with('"'));
        let inner = &hostile[1..hostile.len() - 1];
        assert!(!inner.contains(['"', '<', '>', '{', '}', ';', '\n']), "{hostile}");
        assert!(inner.contains("\\22 ") && inner.contains("\\3c "), "{hostile}");
    }

    #[test]
    fn visible_shows_every_control_character() {
        let cases = [
            ("plain text", "plain text"),
            ("", ""),
            ("a\u{1b}[31mred\u{7}", "a\u{241b}[31mred\u{2407}"),
            ("del\u{7f} c1\u{9b}", "del\u{2421} c1\u{fffd}"),
            ("title\n::error::x", "title\u{240a}::error::x"),
            ("a\rb\r\nc\td", "a\u{240d}b\u{240d}\u{240a}c\u{2409}d"),
            ("é 老虎 \u{2028}", "é 老虎 \u{2028}"),
            ("\u{0}\u{1}", "\u{2400}\u{2401}"),
            // Bug (found by a cold review): workflow commands and reordering went through.
            ("::add-mask::Alice.md", "\u{2236}:add-mask::Alice.md"),
            ("  ::stop-commands::x", "  \u{2236}:stop-commands::x"),
            ("a ::b ::c", "a ::b ::c"),
            ("x ##[add-mask]y ##", "x ##\u{2045}add-mask]y ##"),
            ("[a] #[b] # [c]", "[a] #[b] # [c]"),
            ("file\u{202e}txt.exe\u{202c} \u{2066}\u{200f}", "file\u{fffd}txt.exe\u{fffd} \u{fffd}\u{fffd}"),
            ("é ’ — ‘quoted’", "é ’ — ‘quoted’"),
            // Bug (a hostile review): Azure Pipelines reads `##vso[` anywhere in a line.
            (
                "owner ##vso[task.setvariable variable=X]yes",
                "owner ##vso\u{2045}task.setvariable variable=X]yes",
            ),
            ("##VSO[task.prependpath]/tmp", "##VSO\u{2045}task.prependpath]/tmp"),
            ("vso[x] #vso[y]", "vso[x] #vso[y]"),
        ];
        for (input, shown) in cases {
            assert_eq!(visible(input), shown, "{input:?}");
            assert_eq!(visible(input).chars().count(), input.chars().count(), "{input:?}");
        }
    }

    /// Bug (found by a cold review): the workflow-command guards of `visible` changed paths in
    /// files programs read: a GitHub annotation's `file=policies/pol-##⁅1].md` named no file.
    #[test]
    fn shown_keeps_paths_and_shows_only_controls() {
        assert_eq!(shown("policies/pol-##[1].md"), "policies/pol-##[1].md");
        assert_eq!(shown("::add-mask::a.md"), "::add-mask::a.md");
        assert_eq!(shown("a\nb\u{202e}c"), "a\u{240a}b\u{fffd}c");
        // But not an Azure Pipelines command, which its agent reads anywhere in a line.
        assert_eq!(
            shown("x ##vso[task.complete result=Succeeded]"),
            "x ##vso\u{2045}task.complete result=Succeeded]"
        );
        assert_eq!(shown("a[b]"), "a[b]");
    }

    #[test]
    fn visible_lines_split_on_newlines_only() {
        let lines: Vec<_> = visible_lines("one\r\n::two\u{1b}\nthree").collect();
        assert_eq!(lines, ["one\u{240d}", "\u{2236}:two\u{241b}", "three"]);
    }

    #[test]
    fn csv_cells_cannot_be_formulas() {
        let cases = [
            ("Release procedure", "Release procedure"),
            ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
            ("+1", "'+1"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\u{2409}=1"),
            ("\r=1", "'\u{240d}=1"),
            ("a=b", "a=b"),
            ("2026-03-01", "2026-03-01"),
            ("x\n=1\u{1b}", "x\u{240a}=1\u{241b}"),
            ("", ""),
            // A CSV the site publishes keeps a title as written (a review of the `##vso[` fix:
            // register.csv's title no longer matched the document's).
            ("Testing ##vso[x]", "Testing ##vso[x]"),
        ];
        for (input, cell) in cases {
            assert_eq!(csv_cell(input), cell, "{input:?}");
        }
    }

    #[test]
    fn xml_text_keeps_what_xml_allows() {
        let cases = [
            ("plain <b>&", "plain <b>&"),
            ("tab\tlf\ncr\r", "tab\tlf\ncr\r"),
            ("a\u{1}b\u{1b}[31m", "a\u{2401}b\u{241b}[31m"),
            ("\u{0}\u{b}\u{c}", "\u{2400}\u{240b}\u{240c}"),
            ("\u{fffe}\u{ffff}\u{fffd}", "\u{fffd}\u{fffd}\u{fffd}"),
            ("DEL \u{7f} and C1 \u{85} are allowed", "DEL \u{7f} and C1 \u{85} are allowed"),
            ("ﬁ \u{ef} é", "ﬁ \u{ef} é"),
        ];
        for (input, xml) in cases {
            assert_eq!(xml_text(input), xml, "{input:?}");
        }
        assert!(matches!(xml_text("clean \u{feff}"), Cow::Borrowed(_)));
    }
}
