//! `charta build`: load, parse, validate, render, write.

use crate::finding::{self, Finding, Severity};
use crate::roster::Roster;
use crate::{library, load, site, validate};
use anyhow::Result;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

pub struct Options<'a> {
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    pub out: Option<&'a Path>,
    pub today: Date,
}

#[derive(Debug)]
pub struct Summary {
    pub documents: usize,
    pub files: usize,
    pub findings: Vec<Finding>,
    pub out: PathBuf,
}

impl Summary {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

pub fn run(opts: &Options) -> Result<Summary> {
    let root = opts.root;
    let config = super::load_config(root, opts.config)?;
    let out = match opts.out {
        Some(o) if o.is_absolute() => o.to_owned(),
        Some(o) => std::env::current_dir()?.join(o),
        None => root.join(&config.site.output_dir),
    };
    let roster_path = root.join(&config.roster);
    let roster = if roster_path.is_file() {
        Roster::from_file(&roster_path)?
    } else {
        Roster::default()
    };
    let tera = site::templates::load(Some(&root.join("templates")))?;

    let collections = load::collections(root, &config);
    let (files, mut findings) = load::discover(root, &collections, std::slice::from_ref(&out));
    let library = library::assemble(collections, &files);
    findings.extend(
        library
            .documents
            .iter()
            .flat_map(|d| d.findings.iter().cloned()),
    );
    findings.extend(validate::run(&library, &roster));
    finding::sort(&mut findings);

    let inputs = site::Inputs {
        library: &library,
        roster: &roster,
        config: &config,
        today: opts.today,
    };
    let outputs = site::render(&inputs, &findings, &tera)?;
    let files = site::write(&outputs, root, &out)?;
    Ok(Summary {
        documents: library.documents.len(),
        files,
        findings,
        out,
    })
}
