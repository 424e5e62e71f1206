//! The human report: grouped by file, each finding with its source line, a caret and help.

use super::Report;
use crate::escape::visible;
use crate::finding::Severity;
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

fn style(color: bool, s: Style) -> Style {
    if color { s } else { Style::new() }
}

pub fn write(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let bold = style(color, Style::new().bold());
    let dim = style(color, AnsiColor::BrightBlack.on_default());
    let help = style(color, AnsiColor::Cyan.on_default());
    // Findings come grouped by file: its text is looked up once per file.
    let mut previous: Option<(&str, Option<&std::collections::BTreeMap<u32, String>>)> = None;
    for f in report.findings {
        let source = match previous {
            Some((path, source)) if path == f.path => source,
            _ => {
                if previous.is_some() {
                    writeln!(out)?;
                }
                report.quotes.of(&f.path)
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
        if let Some(text) = source.and_then(|lines| lines.get(&line)) {
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            let (text, at) = window(text, usize::try_from(col).unwrap_or(usize::MAX));
            let text = visible(&text.replace('\t', " ")).into_owned();
            let caret = " ".repeat(at);
            writeln!(out, "{dim} {line} |{dim:#} {text}")?;
            writeln!(out, "{dim} {pad} |{dim:#} {caret}{sev}^{sev:#}")?;
        }
        if !f.help.is_empty() {
            writeln!(out, "  {help}help:{help:#} {}", visible(&f.help))?;
        }
        if !f.also.is_empty() {
            writeln!(out, "  {dim}also: {}{dim:#}", also(&f.also))?;
        }
        if let Some(reason) = &f.waived {
            writeln!(out, "  {dim}waived: {}{dim:#}", visible(reason))?;
        }
    }
    if report.quiet {
        return Ok(());
    }
    if !report.findings.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{bold}charta check:{bold:#} {}", report.summary())
}

/// The other documents of a finding said once for many: the first three, and how many more.
fn also(paths: &[String]) -> String {
    let shown: Vec<String> = paths.iter().take(3).map(|p| visible(p).into_owned()).collect();
    match paths.len().saturating_sub(shown.len()) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

/// Most characters of a source line shown under a finding.
const SHOWN: usize = 100;

/// The part of `line` shown under a finding at column `col` (1-based, in characters), and where
/// the caret goes in it: the whole line, or where it is longer than [`SHOWN`], that many
/// characters around the column with `…` where it was cut. A finding never quotes a whole long
/// line: 3,000 findings on one 300 KB line wrote 1.4 GB.
fn window(line: &str, col: usize) -> (std::borrow::Cow<'_, str>, usize) {
    let len = line.chars().count();
    let at = col.saturating_sub(1).min(len);
    if len <= SHOWN {
        return (line.into(), at);
    }
    let start = at.saturating_sub(SHOWN / 2).min(len - SHOWN);
    let piece: String = line.chars().skip(start).take(SHOWN).collect();
    let lead = if start > 0 { "…" } else { "" };
    let trail = if start + SHOWN < len { "…" } else { "" };
    (format!("{lead}{piece}{trail}").into(), at - start + lead.chars().count())
}

/// The text of line `n` (1-based) of `text`.
#[cfg(test)]
mod tests {
    /// Bug (a hostile review): each of 3,000 findings on one 300 KB line of front matter quoted
    /// the whole line under its caret, 1.4 GB of report. A long line is shown around the column.
    #[test]
    fn a_long_source_line_is_shown_around_the_column() {
        let line = format!("{}X{}", "a".repeat(1000), "b".repeat(1000));
        let (shown, at) = super::window(&line, 1001);
        assert_eq!(shown.chars().count(), super::SHOWN + 2);
        assert!(shown.starts_with("…a") && shown.ends_with("b…"), "{shown}");
        assert_eq!(shown.chars().nth(at), Some('X'));
        let (shown, at) = super::window(&line, 1);
        assert_eq!((shown.chars().next(), at), (Some('a'), 0));
        assert!(shown.ends_with('…') && !shown.starts_with('…'));
        let (shown, at) = super::window(&line, 5000);
        assert!(shown.starts_with('…') && !shown.ends_with('…'));
        assert_eq!(at, shown.chars().count());
        assert_eq!(super::window("short: line", 3), ("short: line".into(), 2));
    }
}
