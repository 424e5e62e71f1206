//! `charta rules`: every rule, its id, default severity, what it checks and how to fix it.

use std::io::Write as _;

/// Every rule on standard output, two lines each.
pub fn main() -> anyhow::Result<std::process::ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for rule in crate::finding::Rule::ALL {
        writeln!(out, "{:<34} {:<8} {}", rule.id(), rule.default_severity().as_str(), rule.summary())?;
        writeln!(out, "{:<34} {:<8} fix: {}", "", "", rule.fix())?;
    }
    out.flush()?;
    Ok(std::process::ExitCode::SUCCESS)
}
