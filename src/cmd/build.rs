//! `charta build`: analyse (as `check` does), render the site and its release snapshots, write.

use crate::finding::{Finding, Severity};
use crate::site;
use anyhow::Result;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

pub struct Options<'a> {
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    pub out: Option<&'a Path>,
    pub today: Date,
    /// Fail (write nothing) when a finding reaches this severity.
    pub strict: Option<Severity>,
}

#[derive(Debug)]
pub struct Summary {
    pub documents: usize,
    pub files: usize,
    pub releases: usize,
    pub findings: Vec<Finding>,
    pub out: PathBuf,
    /// True when `--strict` stopped the build before anything was written.
    pub refused: bool,
}

impl Summary {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity && f.waived.is_none()).count()
    }
}

pub fn run(opts: &Options) -> Result<Summary> {
    let config = super::load_config(opts.root, opts.config)?;
    let out = super::output_dir(opts.root, &config, opts.out)?;
    let templates = site::templates::load(Some(&opts.root.join("templates")))?;
    let a = super::analyze(opts.root, config, std::slice::from_ref(&out), opts.today)?;
    let releases = a.history.as_ref().map_or(0, |h| h.releases.len());
    let mut summary = Summary {
        documents: a.library.documents.len(),
        files: 0,
        releases,
        findings: Vec::new(),
        out,
        refused: false,
    };
    if crate::validate::fails(&a.findings, opts.strict) {
        summary.refused = true;
        summary.findings = a.findings;
        return Ok(summary);
    }
    let history = a.history.as_ref();
    let inputs = site::Inputs {
        library: &a.library,
        roster: &a.roster,
        config: &a.config,
        today: opts.today,
        history,
    };
    let place =
        site::Placement { switcher: super::snapshot::switcher(history, ""), ..site::Placement::default() };
    let staging = site::Staging::new(opts.root, &summary.out)?;
    site::render(&inputs, &a.findings, &templates.tera, &place, &staging)?;
    if let Some(h) = history {
        super::snapshot::render(h, &templates, &summary.out, &staging)?;
    }
    summary.files = staging.finish()?;
    summary.findings = a.findings;
    Ok(summary)
}
