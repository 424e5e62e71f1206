//! The JSON report written in parts against the report serde_json lays out whole: the same bytes.

use super::*;
use crate::finding::{Finding, Rule};
use crate::source::Span;

/// The report as one value, the shape docs/report.schema.json gives it.
#[derive(Serialize)]
struct Whole<'a> {
    schema_version: u32,
    today: String,
    summary: Summary,
    findings: Vec<Item<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    approvals: Vec<Approval<'a>>,
}

/// The report as it was written before the 22nd session: one value, laid out by serde_json
/// (the same members, made by the same functions).
fn whole(report: &Report) -> Vec<u8> {
    let Head { schema_version, today, summary } = head(report);
    let findings = report.findings.iter().map(|f| item(report, f)).collect();
    let value = Whole { schema_version, today, summary, findings, approvals: approvals(report) };
    let mut out = Vec::new();
    super::super::pretty_json(&mut out, &value).unwrap();
    out
}

fn in_parts(report: &Report) -> Vec<u8> {
    let mut out = Vec::new();
    write(report, &mut out).unwrap();
    out
}

/// `n` findings of every kind a message or path may hold: quotes, tabs, line ends, non-ASCII,
/// waived or not, with help or without.
fn findings(n: usize) -> Vec<Finding> {
    (0..n)
        .map(|i| {
            let mut f = Finding::new(
                [Rule::ReviewOverdue, Rule::FrontmatterMissing, Rule::RosterUnknownPerson][i % 3],
                &format!("sop/é {i}/\"x\".md"),
                if i % 4 == 0 { Span::file() } else { Span::new(i as u32, 3) },
                format!("line one\nline two\t`{i}` \u{1b}[31m"),
            );
            if i % 2 == 0 {
                f = f.help("do this\r\nthen that");
            }
            if i % 5 == 0 {
                f.waived = Some(format!("accepted until {i}"));
            }
            f
        })
        .collect()
}

#[test]
fn the_report_written_in_parts_is_the_report_laid_out_whole_byte_for_byte() {
    let approval = crate::evidence::Approval {
        version: Some("1.2".to_owned()),
        approval_date: "2026-01-02".to_owned(),
        approvers: vec!["Ann".to_owned(), "Bo \"B\"".to_owned()],
        current: true,
        record: Default::default(),
        proof: crate::evidence::proof::Proof::Claimed { commit: None, why: "no \"signature\"\n".to_owned() },
    };
    // Across the pieces and windows the findings are cut into, and none.
    for n in [0, 1, 2, PIECE - 1, PIECE, PIECE + 1, WINDOW + PIECE + 3] {
        let findings = findings(n);
        for approvals in [vec![], vec![("sop/é 1/\"x\".md", &approval), ("sop/b.md", &approval)]] {
            let mut report = Report { approvals, ..Report::of_findings(&findings) };
            report.documents.insert("sop/é 1/\"x\".md", "SOP-1".to_owned());
            let (whole, in_parts) = (whole(&report), in_parts(&report));
            assert!(
                whole == in_parts,
                "{n} findings, {} approvals:\n{}\n---\n{}",
                report.approvals.len(),
                String::from_utf8_lossy(&whole),
                String::from_utf8_lossy(&in_parts)
            );
        }
    }
}
