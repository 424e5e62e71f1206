//! Output escaping for JSON a CI log may show (a report written to stdout): serde_json's
//! indented JSON, with the `[` of an Azure Pipelines `##vso[` or GitHub's older `##[` inside a
//! string written as `\u005b`, the same string to every JSON reader, and no logging command to
//! a runner that reads one anywhere in a line (JSON has no `#` outside its strings); and the C1
//! and bidirectional control characters written as `\u` escapes too, as serde_json writes the
//! C0 ones.

use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

/// `value` as indented JSON into `out`, as [`serde_json::to_writer_pretty`] writes it, but for
/// `##vso[` (in any case) and `##[` within a string.
pub fn to_writer_pretty(out: impl Write, value: &impl serde::Serialize) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, LogSafe(PrettyFormatter::new()));
    value.serialize(&mut ser)
}

/// A pretty formatter whose string fragments cannot hold `##vso[` or `##[`. serde_json cuts a
/// string into fragments only where it escapes a character, and neither has one: each is whole
/// within one fragment.
struct LogSafe<'a>(PrettyFormatter<'a>);

impl Formatter for LogSafe<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = find_escaped(rest) {
            w.write_all(&rest.as_bytes()[..at])?;
            write!(w, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// The first character of `text` written as a `\\u` escape, and where it is: the `[` of a
/// logging command a runner reads anywhere in a line, as [`super::opens_command`] tells one
/// (`##[`, or `##vso[` in any case); a C1 control character (U+0080 to U+009F: U+009B starts
/// an escape sequence as ESC `[` does, for a terminal that reads them), which serde_json writes
/// as it is; and a bidirectional control ([`super::reorders`]), which would show the log's line
/// in another order than it is written.
fn find_escaped(text: &str) -> Option<(usize, char)> {
    // A cheap scan first: `[`, and the first bytes of a C1 control's UTF-8 (0xc2) or of a
    // bidirectional control's (0xd8, 0xe2).
    if !text.bytes().any(|b| matches!(b, b'[' | 0xc2 | 0xd8 | 0xe2)) {
        return None;
    }
    text.char_indices().find(|&(i, c)| {
        (c == '[' && super::opens_command(&text[..i]))
            || ('\u{80}'..='\u{9f}').contains(&c)
            || super::reorders(c)
    })
}

#[cfg(test)]
mod tests {
    /// Bug (a hostile review): a value holding `##vso[task.setvariable ...]` went into a JSON
    /// report as it was: an Azure Pipelines command wherever the report is printed.
    #[test]
    fn a_vso_command_in_a_string_is_written_with_its_bracket_escaped() {
        let value = serde_json::json!({"title": "a ##VSO[task.setvariable variable=X]y ##vso[ ##[error]e #[x]", "n": [1]});
        let mut out = Vec::new();
        super::to_writer_pretty(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.to_lowercase().contains("##vso[") && !text.contains("##["), "{text}");
        assert!(text.contains("#[x]"), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
        let mut plain = Vec::new();
        serde_json::to_writer_pretty(&mut plain, &serde_json::json!({"a": ["x", {"b": null}]})).unwrap();
        let mut ours = Vec::new();
        super::to_writer_pretty(&mut ours, &serde_json::json!({"a": ["x", {"b": null}]})).unwrap();
        assert_eq!(ours, plain);
    }

    /// Bug (a hostile review): an owner holding U+009B (the one-character form of ESC `[`),
    /// U+0085 and the bidirectional overrides went into the JSON, SARIF and GitLab reports as
    /// they were, where the human, JUnit and GitHub reports show them as symbols: on a CI log
    /// that prints the report, a terminal escape, and a line shown in another order.
    #[test]
    fn c1_and_bidirectional_controls_are_written_as_escapes() {
        let shown = "evil\u{9b}31mRED\u{9b}0m \u{202e}gnp.exe \u{2066}x\u{85}y \u{61c}\u{200f} café ©";
        let value = serde_json::json!({"owner": shown, "n": [1]});
        let mut out = Vec::new();
        super::to_writer_pretty(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        for c in ['\u{9b}', '\u{85}', '\u{202e}', '\u{2066}', '\u{61c}', '\u{200f}'] {
            assert!(!text.contains(c), "{c:?} in {text}");
        }
        assert!(text.contains("evil\\u009b31mRED") && text.contains("\\u202egnp.exe"), "{text}");
        assert!(text.contains("café ©"), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }
}
