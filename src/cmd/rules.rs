//! `charta rules`: every rule, its id, default severity, what it checks and how to fix it.

use std::io::Write as _;

/// Every rule on standard output: two lines each, or as JSON for editors and scripts.
pub fn main(args: &crate::cli::RulesArgs) -> anyhow::Result<std::process::ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == "json" {
        let rules: Vec<serde_json::Value> = crate::finding::Rule::ALL
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id(),
                    "family": r.family(),
                    "severity": r.default_severity().as_str(),
                    "summary": r.summary(),
                    "fix": r.fix(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &rules)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(std::process::ExitCode::SUCCESS);
    }
    for rule in crate::finding::Rule::ALL {
        writeln!(out, "{:<34} {:<8} {}", rule.id(), rule.default_severity().as_str(), rule.summary())?;
        writeln!(out, "{:<34} {:<8} fix: {}", "", "", rule.fix())?;
    }
    out.flush()?;
    Ok(std::process::ExitCode::SUCCESS)
}
