//! SARIF 2.1.0, as GitHub code scanning reads it: every rule in `tool.driver.rules`, one result
//! per finding with its file (a percent-encoded URI reference) and region (columns in Unicode
//! code points). Waived findings are left out, since code scanning ignores SARIF suppressions
//! and would open an alert for each; `--include-waived` keeps them, with a suppression.

use super::Report;
use crate::finding::{Rule, Severity};
use serde_sarif::sarif;
use std::io::{self, Write};

fn level(s: Severity) -> sarif::ResultLevel {
    match s {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Note => sarif::ResultLevel::Note,
    }
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
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
    let results: Vec<sarif::Result> = report
        .findings
        .iter()
        .filter(|f| f.waived.is_none() || report.include_waived)
        .map(|f| {
            let region = sarif::Region::builder()
                .start_line(i64::from(f.span.line))
                .start_column(i64::from(f.span.col))
                .build();
            let location = sarif::Location::builder()
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(
                            sarif::ArtifactLocation::builder()
                                .uri(crate::links::href(&report.repo_path(&f.path)))
                                .build(),
                        )
                        .region(region)
                        .build(),
                )
                .build();
            let text = if f.help.is_empty() {
                f.message.clone()
            } else {
                format!("{}\nhelp: {}", f.message, f.help)
            };
            let index = Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or_default();
            let result = sarif::Result::builder()
                .rule_id(f.rule.id())
                .rule_index(i64::try_from(index).unwrap_or_default())
                .level(level(f.severity))
                .message(sarif::Message::builder().text(text).build())
                .locations(vec![location]);
            match &f.waived {
                Some(reason) => result
                    .suppressions(vec![
                        sarif::Suppression::builder()
                            .kind(sarif::SupressionKind::External.to_string())
                            .justification(reason.clone())
                            .build(),
                    ])
                    .build(),
                None => result.build(),
            }
        })
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("charta")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        // Columns count characters, as charta's spans do.
        .column_kind(serde_json::json!("unicodeCodePoints"))
        // Code scanning keeps the alerts of each category apart: charta's are one.
        .automation_details(sarif::RunAutomationDetails::builder().id("charta/".to_owned()).build())
        // The date that decided what is due, as every report states it.
        .properties(
            sarif::PropertyBag::builder()
                .additional_properties(std::collections::BTreeMap::from([(
                    "today".to_owned(),
                    serde_json::json!(report.today.to_string()),
                )]))
                .build(),
        )
        .build();
    let log = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(serde_json::json!(sarif::Version::V2_1_0.to_string()))
        .runs(vec![run])
        .build();
    super::pretty_json(out, &log)
}
