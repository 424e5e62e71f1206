//! The edge to the terminal: errors and a build's findings and summary on standard error, every
//! value of the repository made visible (no ESC, no workflow command).

use crate::escape::{visible, visible_lines};
use crate::finding::Severity;
use std::io::Write as _;

/// An error and its causes on standard error, each on its own line (a template's error report
/// on several).
pub fn print_error(e: &anyhow::Error) {
    let mut err = std::io::stderr().lock();
    // Nothing more can be done when standard error itself cannot be written.
    let _ = write_labelled(&mut err, "error: ", &e.to_string());
    for cause in e.chain().skip(1) {
        let _ = write_labelled(&mut err, "  caused by: ", &cause.to_string());
    }
}

/// `text` after `label`, and each further line of it after `  | `. Messages hold paths and values
/// of the repository: each line is made `visible`, so no line of the log can start with `::` (a
/// GitHub Actions workflow command, even indented) or hold ESC.
fn write_labelled(out: &mut dyn std::io::Write, label: &str, text: &str) -> std::io::Result<()> {
    let mut lines = visible_lines(text);
    writeln!(out, "{label}{}", lines.next().unwrap_or_default())?;
    for line in lines {
        writeln!(out, "  | {line}")?;
    }
    Ok(())
}

/// A build's findings, one line each, then its summary, on standard error, each value of the
/// repository made `visible`. Buffered: a corpus with a finding in every document would
/// otherwise make two writes per finding.
pub fn tell_build(
    summary: &super::build::Summary,
    took: std::time::Duration,
    today: jiff::civil::Date,
) -> std::io::Result<()> {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for f in &summary.findings {
        let waived = if f.waived.is_some() { " (waived)" } else { "" };
        writeln!(err, "{}{waived}", visible(&f.headline()))?;
    }
    let counts = format!(
        "{} errors, {} warnings, {} notes",
        summary.count(Severity::Error),
        summary.count(Severity::Warning),
        summary.count(Severity::Note)
    );
    for w in &summary.warnings {
        write_labelled(&mut err, "warning: ", w)?;
    }
    if summary.refused {
        writeln!(
            err,
            "charta: --strict: not building {} documents: {counts}, as of {today}",
            summary.documents
        )?;
        return err.flush();
    }
    let reused = if summary.reused > 0 {
        format!(", {} unchanged since the last build", summary.reused)
    } else {
        String::new()
    };
    let out = summary.out.display().to_string();
    writeln!(
        err,
        "charta: built {} documents into {} files{reused} in {} ({counts}) in {:.2}s, as of {today}",
        summary.documents,
        summary.files,
        visible(&out),
        took.as_secs_f64()
    )?;
    err.flush()
}
