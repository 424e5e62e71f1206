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

/// The annotation command of a finding, and its kind's index.
fn kind(f: &crate::finding::Finding) -> (&'static str, usize) {
    match (f.severity, &f.waived) {
        (_, Some(_)) | (Severity::Note, _) => ("notice", 2),
        (Severity::Warning, _) => ("warning", 1),
        (Severity::Error, _) => ("error", 0),
    }
}

/// Which findings (by index) are annotations: of each kind, the first of each rule, then the
/// others in order, up to [`SHOWN`]. Ten findings of one rule ahead in the paths no longer hide
/// every other rule's (a SOC 2 team's trial: three invalid front matters behind ten overdue
/// reviews).
fn annotated(report: &Report) -> Vec<bool> {
    let mut chosen = vec![false; report.findings.len()];
    let mut shown = [0usize; 3];
    let mut rules: std::collections::HashSet<(usize, crate::finding::Rule)> = Default::default();
    for (i, f) in report.findings.iter().enumerate() {
        let (_, k) = kind(f);
        if shown[k] < SHOWN && rules.insert((k, f.rule)) {
            (chosen[i], shown[k]) = (true, shown[k] + 1);
        }
    }
    for (i, f) in report.findings.iter().enumerate() {
        let (_, k) = kind(f);
        if !chosen[i] && shown[k] < SHOWN {
            (chosen[i], shown[k]) = (true, shown[k] + 1);
        }
    }
    chosen
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let chosen = annotated(report);
    let mut unshown = 0;
    for (f, chosen) in report.findings.iter().zip(chosen) {
        let (command, _) = kind(f);
        if !chosen {
            // Past what GitHub shows: a plain line, which never starts a command.
            unshown += 1;
            writeln!(out, "charta: {}", visible(&f.headline()))?;
            continue;
        }
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
            "charta: {unshown} more findings are the plain lines above (GitHub shows {SHOWN} annotations of each kind per step, the first of each rule among them)"
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

/// Most bytes of a step summary: GitHub refuses one over 1 MiB whole, and every finding in it
/// is lost (a SOC 2 team's trial: a control id of 1.5 MB).
pub const SUMMARY_BYTES: usize = 1_000_000;

/// Most characters of a cell of the step summary: a value a document states may be of any
/// length.
const CELL_CHARS: usize = 1_000;

/// The step summary: the totals, then a row per finding (waived ones say so), each cell of at
/// most [`CELL_CHARS`], as many rows as [`SUMMARY_BYTES`] holds, and how many more there are.
pub fn summary(report: &Report) -> String {
    let mut out = format!("### charta check\n\n{}\n\n", cell(&report.summary()));
    if report.findings.is_empty() {
        return out;
    }
    out.push_str("| severity | rule | where | message |\n|---|---|---|---|\n");
    // Room for the line that says how many are left out.
    let room = SUMMARY_BYTES - 200;
    // The errors first, which fail the job, then the warnings, the notes and the waived: what
    // does not fit is the least of them.
    let mut ordered: Vec<&crate::finding::Finding> = report.findings.iter().collect();
    ordered.sort_by_key(|f| match (f.waived.is_some(), f.severity) {
        (true, _) => 3,
        (false, Severity::Error) => 0,
        (false, Severity::Warning) => 1,
        (false, Severity::Note) => 2,
    });
    for (i, f) in ordered.into_iter().enumerate() {
        let severity = if f.waived.is_some() { "waived" } else { f.severity.as_str() };
        let place = format!("{}:{}:{}", f.path, f.span.line, f.span.col);
        let row = format!(
            "| {severity} | {} | {} | {} |\n",
            cell(f.rule.id()),
            cell(&clipped(&place)),
            cell(&clipped(&f.message))
        );
        if out.len() + row.len() > room {
            let left = report.findings.len() - i;
            out.push_str(&format!("\n{left} more findings are not listed here (a step summary holds 1 MiB): the log has them all.\n"));
            break;
        }
        out.push_str(&row);
    }
    out
}

/// `s`, or its first [`CELL_CHARS`] characters and "…".
fn clipped(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(CELL_CHARS) {
        Some((at, _)) => format!("{}…", &s[..at]).into(),
        None => s.into(),
    }
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

    /// Bug (a SOC 2 team's trial): a control id of 1.5 MB made a step summary GitHub refuses
    /// (over 1 MiB), and every finding was lost from it. Each cell is clipped, and the rows stop
    /// short of the limit, saying how many are left out.
    #[test]
    fn a_step_summary_stays_under_what_github_takes() {
        use crate::finding::{Finding, Rule};
        use crate::source::Span;
        let long = "x".repeat(1_500_000);
        let mut findings: Vec<Finding> = (0..3000)
            .map(|i| {
                Finding::new(Rule::ControlUnknown, &format!("p{i:04}.md"), Span::file(), "y".repeat(400))
            })
            .collect();
        findings.insert(0, Finding::new(Rule::ControlUnknown, "a.md", Span::file(), long));
        // An error last in the paths is listed, ahead of the warnings (a cold review: the
        // three errors that failed the job were what was cut).
        findings.push(Finding::new(Rule::FrontmatterInvalidYaml, "z.md", Span::file(), "bad"));
        let report = Report::of_findings(&findings);
        let summary = summary(&report);
        assert!(summary.len() <= SUMMARY_BYTES, "{}", summary.len());
        assert!(
            summary.contains("| error | frontmatter/invalid-yaml | z.md:1:1 | bad |"),
            "{}",
            &summary[..2000]
        );
        assert!(summary.contains(&format!("{}…", "x".repeat(CELL_CHARS))));
        assert!(summary.ends_with(
            "more findings are not listed here (a step summary holds 1 MiB): the log has them all.\n"
        ));
    }

    /// Bug (the same trial): ten findings of one rule ahead in the paths took every annotation
    /// of their kind, and three of another rule were plain lines of the log.
    #[test]
    fn each_rule_has_an_annotation_before_one_rule_has_ten() {
        use crate::finding::{Finding, Rule};
        use crate::source::Span;
        let mut findings: Vec<Finding> = (0..12)
            .map(|i| Finding::new(Rule::ReviewOverdue, &format!("a{i:02}.md"), Span::file(), "overdue"))
            .collect();
        findings.push(Finding::new(Rule::FrontmatterInvalidYaml, "z.md", Span::file(), "bad"));
        let report = Report::of_findings(&findings);
        let chosen = annotated(&report);
        assert!(chosen[12], "the other rule's finding is annotated");
        assert_eq!(chosen.iter().filter(|c| **c).count(), SHOWN);
    }

    #[test]
    fn a_summary_cell_is_text_whatever_a_document_says() {
        assert_eq!(
            cell("a | b\n<img src=x> *c* `d` [e](f)"),
            "a \\| b &lt;img src=x&gt; \\*c\\* \\`d\\` \\[e\\]\\(f\\)"
        );
    }
}
