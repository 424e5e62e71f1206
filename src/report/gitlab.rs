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
/// while the finding stays the same one; nor the count of days a review is due in or overdue by
/// (`review::days_in_words`: "5 days overdue" is "6 days overdue" tomorrow, and a merge request
/// compared with yesterday's pipeline showed the finding fixed and new again). Other numbers
/// (dates, versions, ids) tell findings apart and stay.
/// Of one said once for many documents, its rule and message (which names the collection): the
/// file is the first of them, another once one sorts first.
fn fingerprint(f: &Finding) -> [u8; 32] {
    static DAYS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(?:\d+ days? overdue|in \d+ days?|due today)\b").expect("a valid pattern")
    });
    let path = if f.also.is_empty() { f.path.as_str() } else { "" };
    let words = DAYS.replace_all(&f.message, "due");
    crate::fingerprint::of(&(f.rule.id(), path, words.as_ref()))
}

/// The issues are made on every core, in the order of the findings: a fingerprint is a hash
/// of each finding (BENCHMARKS.md, 21st session). Findings alike in all of that (one message
/// said twice of one file) are told apart by their order.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut issues: Vec<(Issue, [u8; 32])> = report
        .findings
        .par_iter()
        .filter(|f| f.waived.is_none())
        .map(|f| {
            let issue = Issue {
                description: format!("{} ({})", f.message, f.help),
                check_name: f.rule.id(),
                fingerprint: String::new(),
                severity: severity(f.severity),
                location: Location { path: report.repo_path(&f.path), lines: Lines { begin: f.span.line } },
            };
            (issue, fingerprint(f))
        })
        .collect();
    let mut seen: std::collections::HashMap<[u8; 32], usize> = std::collections::HashMap::new();
    for (issue, print) in &mut issues {
        let earlier = seen.entry(*print).or_default();
        issue.fingerprint = match *earlier {
            0 => hex::encode(*print),
            n => hex::encode(crate::fingerprint::of(&(*print, n))),
        };
        *earlier += 1;
    }
    let issues: Vec<Issue> = issues.into_iter().map(|(issue, _)| issue).collect();
    super::pretty_json(out, &issues)
}
