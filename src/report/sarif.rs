//! SARIF 2.1.0, as GitHub code scanning reads it: every rule in `tool.driver.rules`, one result
//! per finding with its file (a percent-encoded URI reference) and region (columns in Unicode
//! code points). Waived findings are left out, since code scanning ignores SARIF suppressions
//! and would open an alert for each; `--include-waived` keeps them, with a suppression.

use super::Report;
use crate::finding::{Rule, Severity};
use serde::Serialize;
use serde_sarif::sarif;
use std::io::{self, Write};

fn level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Note => sarif::ResultLevel::Note,
    }
}

/// The log, written as it is made: each result is built, written and let go in turn. Built
/// whole first, as `serde_sarif` lays a log out, the results of 10,000 documents took 40 MB (a
/// result is 2 KB before its strings, its location another 2 KB) and `check --format sarif`
/// spent a fifth of its time on them (BENCHMARKS.md, 21st session).
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::pretty_json(out, &Log::of(report))
}

/// A SARIF log of one run, its keys in the order `serde_sarif` writes them (by name).
#[derive(Serialize)]
struct Log<'r, 'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'r, 'a>; 1],
    version: String,
}

/// charta's run: `sarif::Run`'s keys, in its order, with the results written one by one.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'r, 'a> {
    automation_details: sarif::RunAutomationDetails,
    column_kind: &'static str,
    properties: sarif::PropertyBag,
    results: Results<'r, 'a>,
    tool: sarif::Tool,
}

/// The results of a report, each made as it is written.
struct Results<'r, 'a>(&'r Report<'a>);

impl serde::Serialize for Results<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        serializer.collect_seq(reported(report).map(|f| result(report, f)))
    }
}

impl<'r, 'a> Log<'r, 'a> {
    fn of(report: &'r Report<'a>) -> Self {
        let run = Run {
            // Code scanning keeps the alerts of each category apart: charta's are one.
            automation_details: automation_details(),
            // Columns count characters, as charta's spans do.
            column_kind: COLUMN_KIND,
            // The date that decided what is due, as every report states it.
            properties: properties(report),
            results: Results(report),
            tool: tool(report),
        };
        Log { schema: sarif::SCHEMA_URL, runs: [run], version: sarif::Version::V2_1_0.to_string() }
    }
}

const COLUMN_KIND: &str = "unicodeCodePoints";

fn automation_details() -> sarif::RunAutomationDetails {
    sarif::RunAutomationDetails::builder().id("charta/".to_owned()).build()
}

fn properties(report: &Report) -> sarif::PropertyBag {
    sarif::PropertyBag::builder()
        .additional_properties(std::collections::BTreeMap::from([(
            "today".to_owned(),
            serde_json::json!(report.today.to_string()),
        )]))
        .build()
}

/// charta, and every rule it has.
fn tool(report: &Report) -> sarif::Tool {
    let rules: Vec<sarif::ReportingDescriptor> = Rule::ALL
        .iter()
        .map(|r| {
            let mut rule = sarif::ReportingDescriptor::builder()
                .id(r.id())
                .name(r.id())
                .short_description(sarif::MultiformatMessageString::builder().text(r.summary()).build())
                .full_description(
                    sarif::MultiformatMessageString::builder()
                        .text(format!("{} To resolve it: {}.", r.summary(), r.fix()))
                        .build(),
                )
                .help(sarif::MultiformatMessageString::builder().text(r.fix()).build())
                .default_configuration(
                    sarif::ReportingConfiguration::builder()
                        .level(serde_json::json!(r.default_severity().as_str()))
                        .build(),
                )
                .build();
            rule.help_uri = report.rules_page.as_ref().map(|page| format!("{page}#{}", r.anchor()));
            rule
        })
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("charta")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    sarif::Tool::builder().driver(driver).build()
}

/// The findings the log reports: waived ones only with `--include-waived`.
fn reported<'r>(report: &'r Report) -> impl Iterator<Item = &'r crate::finding::Finding> {
    report.findings.iter().filter(|f| f.waived.is_none() || report.include_waived)
}

/// One finding as a SARIF result.
/// The place of `path`'s line and column in the log.
fn location(report: &Report, path: &str, span: crate::source::Span) -> sarif::Location {
    let region =
        sarif::Region::builder().start_line(i64::from(span.line)).start_column(i64::from(span.col)).build();
    sarif::Location::builder()
        .physical_location(
            sarif::PhysicalLocation::builder()
                .artifact_location(
                    sarif::ArtifactLocation::builder()
                        .uri(crate::links::href(&report.repo_path(path)))
                        .build(),
                )
                .region(region)
                .build(),
        )
        .build()
}

fn result(report: &Report, f: &crate::finding::Finding) -> sarif::Result {
    let text = if f.help.is_empty() { f.message.clone() } else { format!("{}\nhelp: {}", f.message, f.help) };
    let index = Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or_default();
    let result = sarif::Result::builder()
        .rule_id(f.rule.id())
        .rule_index(i64::try_from(index).unwrap_or_default())
        .level(level(f.severity))
        .message(sarif::Message::builder().text(text).build())
        .locations(vec![location(report, &f.path, f.span)]);
    let mut result = match &f.waived {
        Some(reason) => result
            .suppressions(vec![
                sarif::Suppression::builder()
                    .kind(sarif::SupressionKind::External.to_string())
                    .justification(reason.clone())
                    .build(),
            ])
            .build(),
        None => result.build(),
    };
    // A finding said once for many documents: the others, each at its file's start.
    if !f.also.is_empty() {
        result.related_locations = Some(f.also.iter().map(|p| location(report, p, f.span)).collect());
    }
    result
}

#[cfg(test)]
mod tests;
