//! The human report: grouped by file, each finding with its source line, a caret and help.

use super::Report;
use crate::finding::Severity;
use anstyle::{AnsiColor, Style};
use std::borrow::Cow;
use std::io::{self, Write};

fn style(color: bool, s: Style) -> Style {
    if color { s } else { Style::new() }
}

pub fn write(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let bold = style(color, Style::new().bold());
    let dim = style(color, AnsiColor::BrightBlack.on_default());
    let help = style(color, AnsiColor::Cyan.on_default());
    // Findings come grouped by file: its text is looked up once per file.
    let mut previous: Option<(&str, Option<&str>)> = None;
    for f in report.findings {
        let source = match previous {
            Some((path, source)) if path == f.path => source,
            _ => {
                if previous.is_some() {
                    writeln!(out)?;
                }
                report.sources.get(f.path.as_str()).copied()
            }
        };
        previous = Some((&f.path, source));
        let sev = style(
            color,
            match f.severity {
                Severity::Error => AnsiColor::Red.on_default().bold(),
                Severity::Warning => AnsiColor::Yellow.on_default().bold(),
                Severity::Note => AnsiColor::Blue.on_default().bold(),
            },
        );
        let (line, col) = (f.span.line, f.span.col);
        writeln!(
            out,
            "{bold}{}:{line}:{col}:{bold:#} {sev}{}[{}]{sev:#}: {}",
            visible(&f.path),
            f.severity.as_str(),
            f.rule.id(),
            visible(&f.message)
        )?;
        if let Some(text) = source.and_then(|text| line_of(text, line)) {
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            let text = visible(&text.replace('\t', " ")).into_owned();
            let caret =
                " ".repeat(usize::try_from(col.saturating_sub(1)).unwrap_or(0).min(text.chars().count()));
            writeln!(out, "{dim} {line} |{dim:#} {text}")?;
            writeln!(out, "{dim} {pad} |{dim:#} {caret}{sev}^{sev:#}")?;
        }
        if !f.help.is_empty() {
            writeln!(out, "  {help}help:{help:#} {}", visible(&f.help))?;
        }
        if let Some(reason) = &f.waived {
            writeln!(out, "  {dim}waived: {}{dim:#}", visible(reason))?;
        }
    }
    if !report.findings.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{bold}charta check:{bold:#} {}", report.summary())
}

/// The text of line `n` (1-based) of `text`.
fn line_of(text: &str, n: u32) -> Option<&str> {
    text.lines().nth(usize::try_from(n).ok()?.checked_sub(1)?)
}

/// `text` with each control character shown as a symbol of one column (ESC as `␛`), so that a
/// quoted line or value cannot move the cursor or recolour the terminal, and carets stay aligned.
fn visible(text: &str) -> Cow<'_, str> {
    // Bytes first: every control character is below 0x20, DEL (0x7f), or a C1 control, whose
    // UTF-8 encoding starts with 0xc2.
    let maybe = |b: u8| b < 0x20 || b == 0x7f || b == 0xc2;
    if !text.bytes().any(maybe) || !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let shown = |c: char| match u32::from(c) {
        // The Control Pictures block: U+2400 is NUL's, U+2421 DEL's.
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ if c.is_control() => '\u{fffd}',
        _ => c,
    };
    Cow::Owned(text.chars().map(shown).collect())
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(visible("plain text"), "plain text");
        assert_eq!(visible("a\u{1b}[31mred\u{7}"), "a\u{241b}[31mred\u{2407}");
        assert_eq!(visible("del\u{7f} c1\u{9b}"), "del\u{2421} c1\u{fffd}");
        assert_eq!(visible("x\u{1b}y").chars().count(), 3);
    }
}
