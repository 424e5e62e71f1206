//! The streamed SARIF log against the log `serde_sarif` lays out whole: the same bytes.

use super::*;
use crate::finding::Finding;
use crate::source::Span;

/// The log as it was written before the 21st session: every result built first, in one
/// `sarif::Sarif`, then written.
fn whole(report: &Report) -> Vec<u8> {
    let results: Vec<sarif::Result> = reported(report).map(|f| result(report, f)).collect();
    let run = sarif::Run::builder()
        .tool(tool(report))
        .results(results)
        .column_kind(serde_json::json!(COLUMN_KIND))
        .automation_details(automation_details())
        .properties(properties(report))
        .build();
    let log = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(serde_json::json!(sarif::Version::V2_1_0.to_string()))
        .runs(vec![run])
        .build();
    let mut out = Vec::new();
    super::super::pretty_json(&mut out, &log).unwrap();
    out
}

fn streamed(report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    write(report, &mut out).unwrap();
    out
}

fn findings() -> Vec<Finding> {
    let waived = |mut f: Finding| {
        f.waived = Some("accepted by the board, see minutes".to_owned());
        f
    };
    vec![
        Finding::new(Rule::ReviewOverdue, "policies/a b.md", Span::new(3, 1), "overdue").help("review it"),
        Finding::new(Rule::FrontmatterMissing, "sop/é/x.md", Span::file(), "no front matter \"quoted\""),
        waived(Finding::new(
            Rule::RosterUnknownPerson,
            "sop/y.md",
            Span::new(12, 7),
            "`Ann` is not in the roster",
        )),
        Finding::new(
            Rule::FrontmatterUnknownField,
            "sop/%z.md",
            Span::new(2, 1),
            "unknown field\twith a tab",
        )
        .help("did you mean `owner`?"),
    ]
}

#[test]
fn the_streamed_log_is_the_log_built_whole_byte_for_byte() {
    let findings = findings();
    for include_waived in [false, true] {
        for rules_page in [None, Some("https://isms.example.org/report/".to_owned())] {
            for repo_folder in ["", "isms"] {
                for findings in [&findings[..], &[]] {
                    let report = Report {
                        include_waived,
                        rules_page: rules_page.clone(),
                        repo_folder: repo_folder.to_owned(),
                        ..Report::of_findings(findings)
                    };
                    let (whole, streamed) = (whole(&report), streamed(&report));
                    assert!(
                        whole == streamed,
                        "{include_waived} {rules_page:?} {repo_folder:?} {}:\n{}\n---\n{}",
                        findings.len(),
                        String::from_utf8_lossy(&whole),
                        String::from_utf8_lossy(&streamed)
                    );
                }
            }
        }
    }
}
