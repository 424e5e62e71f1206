//! Stage 4: the findings page: every finding of the site, by rule in catalogue order.

use crate::finding::{Finding, Rule};
use crate::site::context::Pages;
use crate::site::file::Output;
use crate::site::inputs::Inputs;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct RuleFindings {
    id: &'static str,
    summary: &'static str,
    fix: &'static str,
    findings: Vec<ReportRow>,
}

#[derive(Serialize)]
struct ReportRow {
    severity: &'static str,
    document: String,
    page: Option<String>,
    location: String,
    message: String,
    waived: Option<String>,
}

pub fn render(
    out: &Pages,
    inp: &Inputs,
    findings: &[Finding],
    pages: &BTreeMap<String, String>,
) -> Result<Output> {
    let docs: BTreeMap<&str, (String, &str)> =
        inp.library.documents.iter().map(|d| (d.path.as_str(), (d.id(), pages[&d.path].as_str()))).collect();
    // One pass over the findings: a rule's order is its place in the catalogue (`Rule::ALL`).
    let mut by_rule: BTreeMap<Rule, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_rule.entry(f.rule).or_default().push(f);
    }
    let rules: Vec<RuleFindings> = by_rule
        .into_iter()
        .map(|(rule, of_rule)| {
            let rows: Vec<ReportRow> = of_rule
                .into_iter()
                .map(|f| {
                    let doc = docs.get(f.path.as_str());
                    ReportRow {
                        severity: f.severity.as_str(),
                        document: doc.map_or_else(|| f.path.clone(), |(id, _)| id.clone()),
                        page: doc.map(|(_, page)| (*page).to_owned()),
                        location: format!("{}:{}:{}", f.path, f.span.line, f.span.col),
                        message: f.message.clone(),
                        waived: f.waived.clone(),
                    }
                })
                .collect();
            RuleFindings { id: rule.id(), summary: rule.summary(), fix: rule.fix(), findings: rows }
        })
        .collect();
    let path = "report/index.html";
    let mut ctx = out.ctx(path);
    ctx.insert("rules", &rules);
    ctx.insert("total", &findings.len());
    ctx.insert("waived", &findings.iter().filter(|f| f.waived.is_some()).count());
    out.render("report.html", path, &ctx)
}
