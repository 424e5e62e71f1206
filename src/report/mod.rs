//! Reports of `charta check`: one file per format, chosen by an enum; each writes the same
//! `Report` to a writer.

mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod quotes;
mod sarif;

pub use quotes::{Quotes, lines_of, wanted};

use crate::finding::{Finding, Severity};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A report's format; `cli.rs` names each on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: grouped by file, the source line with a caret, a help line.
    Human,
    /// For scripts: `schema_version` 1, documented in docs/report.schema.json.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML, for GitLab, Jenkins and other CI test reports.
    Junit,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// GitLab's Code Quality JSON (the merge request's code quality widget).
    Gitlab,
}

/// What a check found, with what every format needs to say it.
pub struct Report<'a> {
    pub today: Date,
    /// Every document checked: path -> id, sorted by path.
    pub documents: BTreeMap<&'a str, String>,
    /// Sorted by path, line, rule.
    pub findings: &'a [Finding],
    /// The source lines findings point at, for the human report to show.
    pub quotes: Quotes,
    /// Whether SARIF lists waived findings too (`--include-waived`), with their suppression.
    pub include_waived: bool,
    /// `-q`: the text reports (human, github) leave out their summary line.
    pub quiet: bool,
    /// The published findings page, which describes every rule (`{base_url}report/`), when
    /// charta.toml sets a `base_url`: SARIF's `helpUri` of each rule is its anchor there.
    pub rules_page: Option<String>,
    /// Where the root is in its git repository (`isms`; "" at the top or outside git): the
    /// reports a forge reads (GitHub's annotations, SARIF, GitLab's) name files from the
    /// repository's top, as the forge does.
    pub repo_folder: String,
    /// The rule families that did not run, and why (`evidence` when charta.toml asks for no
    /// evidence, `history` outside git): JUnit says them skipped, not passed.
    pub not_run: Vec<(&'static str, &'static str)>,
    /// With `[evidence]`: each approval a document states or stated, with its path.
    pub approvals: Vec<(&'a str, &'a crate::evidence::Approval)>,
}

impl Report<'_> {
    /// Findings that count: not waived.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.waived.is_none() && f.severity == severity).count()
    }

    pub fn waived(&self) -> usize {
        self.findings.iter().filter(|f| f.waived.is_some()).count()
    }

    /// The document id of a finding's file, when the file is a document.
    pub fn document(&self, f: &Finding) -> Option<&str> {
        self.documents.get(f.path.as_str()).map(String::as_str)
    }

    /// `path` (root-relative) as the forge names it: from the repository's top.
    pub fn repo_path(&self, path: &str) -> String {
        if self.repo_folder.is_empty() { path.to_owned() } else { format!("{}/{path}", self.repo_folder) }
    }

    /// The errors that count: not waived.
    fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.waived.is_none() && f.severity == Severity::Error)
    }

    /// How many of the documents have an error that counts, their own or one said once for
    /// them all (`Finding::also`).
    pub fn documents_with_errors(&self) -> usize {
        let mut paths = std::collections::BTreeSet::new();
        for f in self.errors() {
            paths.extend(
                std::iter::once(&f.path).chain(&f.also).filter(|p| self.documents.contains_key(p.as_str())),
            );
        }
        paths.len()
    }

    /// One line: "12 documents: 3 errors, 1 warning, 0 notes (2 waived), as of 2026-11-22";
    /// "65 documents, 65 with errors: 1 error, ..." where as many documents have errors as
    /// there are errors on documents (one said once for several, or several on one).
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let on = self.documents_with_errors();
        let on_documents = self.errors().filter(|f| self.documents.contains_key(f.path.as_str())).count();
        let documents = plural(self.documents.len(), "document");
        let documents = if on == on_documents { documents } else { format!("{documents}, {on} with errors") };
        format!(
            "{}: {}, {}, {} ({} waived), as of {}",
            documents,
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning"),
            plural(self.count(Severity::Note), "note"),
            self.waived(),
            self.today
        )
    }
}

#[cfg(test)]
impl<'a> Report<'a> {
    /// A report of `findings` as of 2026-11-22, with no documents, sources, approvals or
    /// families not run, no rules page, from the repository's top: tests set what they vary.
    fn of_findings(findings: &'a [Finding]) -> Self {
        Report {
            today: jiff::civil::date(2026, 11, 22),
            documents: BTreeMap::new(),
            findings,
            quotes: Quotes::default(),
            include_waived: false,
            quiet: false,
            rules_page: None,
            repo_folder: String::new(),
            not_run: Vec::new(),
            approvals: Vec::new(),
        }
    }
}

/// The GitHub step summary of `report` (Markdown): its totals and a row per finding.
pub fn github_summary(report: &Report) -> String {
    github::summary(report)
}

/// `value` as indented JSON and a line end, written as it is made: a report of every finding
/// (12 MB at 10,000 documents) is never held whole. serde_json writes a finding in dozens of
/// small pieces; gathered here, `out` is called once per 64 KiB rather than once per piece
/// (21 million fewer instructions for the JSON report of 10,000 documents).
fn pretty_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    crate::escape::json::to_writer_pretty(&mut buffered, value)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// Write `report` as `format`. `color` adds terminal colours to the human format.
pub fn write(report: &Report, format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, color, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Github => github::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
    }
}
