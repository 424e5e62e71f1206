//! GitHub Actions workflow commands: an annotation per finding, as many of each kind as GitHub
//! shows for a step (10), the rest as plain lines of the log so that none is lost; and the
//! step summary, a table of every finding (`$GITHUB_STEP_SUMMARY`, written by `cmd::check`).

use super::Report;
use crate::escape::{shown, visible};
use crate::finding::Severity;
use std::io::{self, Write};

/// Escape a command's message as GitHub requires; other control characters (ESC) are shown as
/// symbols, so that the log keeps its colours.
fn data(s: &str) -> String {
    shown(&s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")).into_owned()
}

/// Escape a command's property value: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// How many annotations of each kind (error, warning, notice) GitHub shows for one step.
pub const SHOWN: usize = 10;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut shown = [0usize; 3];
    let mut unshown = 0;
    for f in report.findings {
        let (command, kind) = match (f.severity, &f.waived) {
            (_, Some(_)) | (Severity::Note, _) => ("notice", 2),
            (Severity::Warning, _) => ("warning", 1),
            (Severity::Error, _) => ("error", 0),
        };
        if shown[kind] == SHOWN {
            // Past what GitHub shows: a plain line, which never starts a command.
            unshown += 1;
            writeln!(out, "charta: {}", visible(&f.headline()))?;
            continue;
        }
        shown[kind] += 1;
        let mut message = f.message.clone();
        if !f.help.is_empty() {
            message.push_str(&format!("\nhelp: {}", f.help));
        }
        if let Some(reason) = &f.waived {
            message.push_str(&format!("\nwaived: {reason}"));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            property(&report.repo_path(&f.path)),
            f.span.line,
            f.span.col,
            property(f.rule.id()),
            data(&message)
        )?;
    }
    if unshown > 0 {
        writeln!(
            out,
            "charta: {unshown} more findings are the plain lines above (GitHub shows {SHOWN} annotations of each kind per step); the step summary lists them all"
        )?;
    }
    if report.quiet {
        return Ok(());
    }
    writeln!(out, "charta check: {}", report.summary())
}

/// A table cell of GitHub-flavoured Markdown that shows `s` as text: line breaks as spaces,
/// control characters as symbols, HTML escaped, and the marks Markdown reads (emphasis, code,
/// links, images, a cell's `|`) escaped.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in shown(&s.replace(['\r', '\n'], " ")).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The step summary: the totals, then a row per finding (waived ones say so).
pub fn summary(report: &Report) -> String {
    let mut out = format!("### charta check\n\n{}\n\n", cell(&report.summary()));
    if report.findings.is_empty() {
        return out;
    }
    out.push_str("| severity | rule | where | message |\n|---|---|---|---|\n");
    for f in report.findings {
        let severity = if f.waived.is_some() { "waived" } else { f.severity.as_str() };
        let place = format!("{}:{}:{}", f.path, f.span.line, f.span.col);
        out.push_str(&format!(
            "| {severity} | {} | {} | {} |\n",
            cell(f.rule.id()),
            cell(&place),
            cell(&f.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(data("\u{1b}[31mred\r\n::error::x"), "\u{241b}[31mred%0D%0A::error::x");
    }

    #[test]
    fn a_summary_cell_is_text_whatever_a_document_says() {
        assert_eq!(
            cell("a | b\n<img src=x> *c* `d` [e](f)"),
            "a \\| b &lt;img src=x&gt; \\*c\\* \\`d\\` \\[e\\]\\(f\\)"
        );
    }
}
