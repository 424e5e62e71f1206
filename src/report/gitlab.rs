//! GitLab's Code Quality report (`artifacts:reports:codequality`): a JSON array of issues, each
//! with a description, the rule as its check, a severity of GitLab's scale, the file and line,
//! and a fingerprint that stays the same while the finding does (so a merge request shows what
//! it added and fixed). Waived findings are left out: GitLab has no way to say one is waived.

use super::Report;
use crate::finding::{Finding, Severity};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// GitLab's scale: info, minor, major, critical, blocker.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
}

/// The rule, the file and the message: not the line, which moves when lines above it change
/// while the finding stays the same one.
/// Of its rule, file and message; of one said once for many documents, its rule and message
/// (which names the collection): the file is the first of them, another once one sorts first.
fn fingerprint(f: &Finding) -> String {
    let path = if f.also.is_empty() { f.path.as_str() } else { "" };
    hex::encode(crate::fingerprint::of(&(f.rule.id(), path, f.message.as_str())))
}

/// The issues are made on every core, in the order of the findings: a fingerprint is a hash
/// of each finding (BENCHMARKS.md, 21st session).
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Issue> = report
        .findings
        .par_iter()
        .filter(|f| f.waived.is_none())
        .map(|f| Issue {
            description: format!("{} ({})", f.message, f.help),
            check_name: f.rule.id(),
            fingerprint: fingerprint(f),
            severity: severity(f.severity),
            location: Location { path: report.repo_path(&f.path), lines: Lines { begin: f.span.line } },
        })
        .collect();
    super::pretty_json(out, &issues)
}
