//! GitHub Actions workflow commands: one annotation per finding.

use super::Report;
use crate::escape::visible;
use crate::finding::Severity;
use std::io::{self, Write};

/// Escape a command's message as GitHub requires; other control characters (ESC) are shown as
/// symbols, so that the log keeps its colours.
fn data(s: &str) -> String {
    visible(&s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")).into_owned()
}

/// Escape a command's property value: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for f in report.findings {
        let command = match (f.severity, &f.waived) {
            (_, Some(_)) | (Severity::Note, _) => "notice",
            (Severity::Warning, _) => "warning",
            (Severity::Error, _) => "error",
        };
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
            property(&f.path),
            f.span.line,
            f.span.col,
            property(f.rule.id()),
            data(&message)
        )?;
    }
    writeln!(out, "charta check: {}", report.summary())
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
}
