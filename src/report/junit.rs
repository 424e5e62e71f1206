//! JUnit XML: a test suite per document, a test case per rule family, a failure per finding.
//! The report may be printed to a CI log: values of the repository are `shown` (no line breaks
//! of their own), and a text that starts a line of the element's text (a finding's headline,
//! which starts with the document's path) is made `visible`, so that no file named
//! `::warning::x.md` starts a line the runner would read as a command.

use super::Report;
use crate::escape::{shown, visible};
use crate::finding::{Finding, Rule, Severity};
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// The test case of one rule family for one file: failed by its errors, skipped when the
/// family did not run (`not_run`, why), else passed.
fn case(family: &str, path: &str, findings: &[&Finding], not_run: Option<&str>) -> TestCase {
    let failing: Vec<&&Finding> =
        findings.iter().filter(|f| f.waived.is_none() && f.severity == Severity::Error).collect();
    let status = if let Some(why) = not_run.filter(|_| findings.is_empty()) {
        let mut s = TestCaseStatus::skipped();
        s.set_message(why);
        s
    } else if failing.is_empty() {
        TestCaseStatus::success()
    } else {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
        s.set_message(failing.iter().map(|f| shown(&f.message)).collect::<Vec<_>>().join("; "));
        s.set_type(failing[0].rule.id());
        // The element's text, which GitLab shows (it shows no attribute): where, what, and what
        // to do, for each failing finding.
        let text: Vec<String> =
            failing.iter().map(|f| format!("{}\nhelp: {}", visible(&f.headline()), shown(&f.help))).collect();
        s.set_description(text.join("\n\n"));
        s
    };
    let mut tc = TestCase::new(family, status);
    tc.set_classname(shown(path));
    let details: Vec<String> = findings
        .iter()
        .map(|f| {
            let waived = f.waived.as_ref().map(|w| format!(" (waived: {})", shown(w))).unwrap_or_default();
            format!("{}{waived}\nhelp: {}", visible(&f.headline()), shown(&f.help))
        })
        .collect();
    if !details.is_empty() {
        tc.set_system_out(details.join("\n"));
    }
    tc
}

/// The suite of one file: a document gets every family; another file (charta.toml) only the
/// families it tripped.
fn suite(
    report: &Report,
    path: &str,
    findings: &[&Finding],
    families: &BTreeSet<&str>,
    today: &str,
) -> TestSuite {
    let name = match report.documents.get(path) {
        Some(id) => format!("{id} ({path})"),
        None => path.to_owned(),
    };
    let mut suite = TestSuite::new(shown(&name));
    suite.add_property(("today", today));
    let here: BTreeSet<&str> = findings.iter().map(|f| f.rule.family()).collect();
    let wanted = if report.documents.contains_key(path) { families } else { &here };
    for family in wanted {
        let of_family: Vec<&Finding> =
            findings.iter().copied().filter(|f| f.rule.family() == *family).collect();
        let not_run = report.not_run.iter().find(|(f, _)| f == family).map(|(_, why)| *why);
        suite.add_test_case(case(family, path, &of_family, not_run));
    }
    suite
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // `waiver` and `collection` findings are about charta.toml, never about a document.
    let families: BTreeSet<&str> =
        Rule::ALL.iter().map(|r| r.family()).filter(|f| !matches!(*f, "waiver" | "collection")).collect();
    let mut by_path: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in report.findings {
        by_path.entry(&f.path).or_default().push(f);
        // A finding said once for many documents fails each one's case (of those reported).
        for other in f.also.iter().filter(|p| report.documents.contains_key(p.as_str())) {
            by_path.entry(other).or_default().push(f);
        }
    }
    let paths: BTreeSet<&str> = report.documents.keys().copied().chain(by_path.keys().copied()).collect();
    // In a list: rayon cuts a list into pieces of at most GRAIN paths, not a set.
    let paths: Vec<&str> = paths.into_iter().collect();
    let today = report.today.to_string();
    // Each file's suite made on every core, in the order of the paths: a suite of a dozen
    // cases, its texts cleaned by quick-junit, is most of the report's cost (10,000 documents
    // make 100,000 cases; BENCHMARKS.md, 21st session).
    let suites: Vec<TestSuite> = paths
        .par_iter()
        .with_max_len(crate::library::GRAIN)
        .map(|path| {
            let findings = by_path.get(path).map_or(&[][..], Vec::as_slice);
            suite(report, path, findings, &families, &today)
        })
        .collect();
    let mut junit = quick_junit::Report::new("charta check");
    junit.add_test_suites(suites);
    // quick-junit escapes markup but writes control characters as they come, which XML forbids
    // (a title with ESC in it): every byte of the report passes through `xml_text`, the text
    // before the root's `skipped` and the text after it each once.
    let xml = junit.to_string().map_err(io::Error::other)?;
    let (before, after) = around_root_skipped(&xml);
    for part in [before, after] {
        out.write_all(crate::escape::xml_text(part).as_bytes())?;
    }
    out.write_all(b"\n")
}

/// quick-junit puts `skipped` on the root `<testsuites>`, which the Jenkins xUnit plugin's
/// schema (junit-10.xsd) does not allow there, so the plugin refuses the whole report. Each
/// suite still says how many of its cases were skipped (where the schema allows it): the
/// root's attribute goes, and only the root's. The text before it and after it, written in
/// turn, with no copy of the whole report made.
fn around_root_skipped(xml: &str) -> (&str, &str) {
    let Some(start) = xml.find("<testsuites") else { return (xml, "") };
    let end = start + xml[start..].find('>').unwrap_or(0);
    let Some(at) = xml[start..end].find(" skipped=\"").map(|at| start + at) else { return (xml, "") };
    let value = at + " skipped=\"".len();
    let close = value + xml[value..end].find('"').unwrap_or(0);
    (&xml[..at], &xml[close + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    /// The suites are made on every core: they are still written in the order of the paths, and
    /// each holds its own file's findings.
    #[test]
    fn suites_made_in_parallel_come_in_the_order_of_the_paths_with_their_own_findings() {
        let paths: Vec<String> = (0..200).rev().map(|i| format!("sop/SOP-{i:03}.md")).collect();
        let findings: Vec<Finding> = paths
            .iter()
            .map(|p| Finding::new(Rule::ReviewOverdue, p, Span::new(3, 1), format!("overdue in {p}")))
            .collect();
        let report = Report {
            documents: paths.iter().map(|p| (p.as_str(), format!("ID-{p}"))).collect(),
            ..Report::of_findings(&findings)
        };
        let mut out = Vec::new();
        write(&report, &mut out).unwrap();
        let xml = String::from_utf8(out).unwrap();
        let suites: Vec<&str> = xml.split("<testsuite name=\"").skip(1).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(suites.len(), sorted.len());
        for (suite, path) in suites.iter().zip(&sorted) {
            assert!(suite.starts_with(&format!("ID-{path} ({path})\"")), "{path}: {}", &suite[..80]);
            let own = suite.split("</testsuite>").next().unwrap();
            let mine = own.matches(&format!("overdue in {path}")).count();
            assert!(mine > 0 && own.matches("overdue in").count() == mine, "{path}: {own}");
        }
        let root = &xml[xml.find("<testsuites").unwrap()..];
        assert!(!root[..root.find('>').unwrap()].contains("skipped"), "the root keeps no `skipped`: {xml}");
    }
}
