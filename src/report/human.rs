//! The human report: grouped by file, each finding with its source line, a caret and help.

use super::Report;
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
    let mut previous: Option<&str> = None;
    for f in report.findings {
        if previous.is_some_and(|p| p != f.path) {
            writeln!(out)?;
        }
        previous = Some(&f.path);
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
            f.path,
            f.severity.as_str(),
            f.rule.id(),
            f.message
        )?;
        if let Some(text) = report.line(&f.path, line) {
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            let text = text.replace('\t', " ");
            let caret =
                " ".repeat(usize::try_from(col.saturating_sub(1)).unwrap_or(0).min(text.chars().count()));
            writeln!(out, "{dim} {line} |{dim:#} {text}")?;
            writeln!(out, "{dim} {pad} |{dim:#} {caret}{sev}^{sev:#}")?;
        }
        if !f.help.is_empty() {
            writeln!(out, "  {help}help:{help:#} {}", f.help)?;
        }
        if let Some(reason) = &f.waived {
            writeln!(out, "  {dim}waived: {reason}{dim:#}")?;
        }
    }
    if !report.findings.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{bold}charta check:{bold:#} {}", report.summary())
}
