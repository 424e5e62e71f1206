//! Output escaping for JSON a CI log may show (a report written to stdout): serde_json's
//! indented JSON, with the `[` of an Azure Pipelines `##vso[` or GitHub's older `##[` inside a
//! string written as `\u005b`, the same string to every JSON reader, and no logging command to
//! a runner that reads one anywhere in a line. JSON has no `#` outside its strings.

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
        while let Some(bracket) = find_command(rest) {
            w.write_all(&rest.as_bytes()[..bracket])?;
            w.write_all(b"\\u005b")?;
            rest = &rest[bracket + 1..];
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

/// Where the `[` of a logging command a runner reads anywhere in a line is in `text`, as
/// [`super::opens_command`] tells one (`##[`, or `##vso[` in any case).
fn find_command(text: &str) -> Option<usize> {
    // `[` is one byte: every index of one is where a `&str` may be cut.
    text.bytes().enumerate().find(|&(i, b)| b == b'[' && super::opens_command(&text[..i])).map(|(i, _)| i)
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
}
