//! `charta check`: analyse the repository and report every finding; the exit code gates CI.

use crate::finding::Severity;
use crate::report::{self, Format, Report};
use anyhow::{Context, Result};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

pub struct Options<'a> {
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    pub today: Date,
    pub format: Format,
    pub output: Option<&'a Path>,
    /// The severity from which a finding fails the check; None never fails.
    pub fail_on: Option<Severity>,
}

/// Runs the check, writes the report; returns whether the check failed.
pub fn run(opts: &Options) -> Result<bool> {
    let a = super::analyze_repository(opts.root, opts.config, opts.today)?;
    // charta.toml too, so a `waiver/expired` finding shows its line.
    let config_path = opts.config.map_or_else(|| opts.root.join(crate::config::FILE_NAME), Path::to_owned);
    let config_text = std::fs::read_to_string(config_path).unwrap_or_default();
    let mut sources: BTreeMap<String, &str> =
        a.library.documents.iter().map(|d| (d.path.clone(), d.text.as_str())).collect();
    sources.insert(crate::config::FILE_NAME.to_owned(), &config_text);
    let report = Report {
        today: opts.today,
        documents: a.library.documents.iter().map(|d| (d.path.clone(), d.id())).collect(),
        findings: &a.findings,
        sources,
    };
    match opts.output {
        Some(path) => {
            let mut buf = Vec::new();
            report::write(&report, opts.format, false, &mut buf)?;
            std::fs::write(path, buf)
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            eprintln!("charta check: {} (report written to {})", report.summary(), path.display());
        }
        None => {
            let mut stdout = anstream::AutoStream::auto(std::io::stdout().lock());
            report::write(&report, opts.format, true, &mut stdout)?;
            stdout.flush()?;
        }
    }
    let failed = crate::validate::fails(&a.findings, opts.fail_on);
    // The process ends next: freeing every document one by one would only cost time.
    std::mem::forget(a);
    Ok(failed)
}
