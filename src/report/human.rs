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

/// The text of line `n` (1-based) of `text`.
fn line_of(text: &str, n: u32) -> Option<&str> {
    text.lines().nth(usize::try_from(n).ok()?.checked_sub(1)?)
}
