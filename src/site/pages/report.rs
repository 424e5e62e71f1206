//! Stage 4: the findings page: every finding of the site, by rule in catalogue order, then every
//! rule charta has, each at its anchor (what SARIF's `helpUri` links to).

use crate::finding::{Finding, Rule};
use crate::site::context::Pages;
use crate::site::file::Output;
use crate::site::inputs::Inputs;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// A rule as the site describes it.
#[derive(Serialize)]
struct RuleView {
    id: &'static str,
    anchor: String,
    /// Its severity here: charta.toml's `[rules]`, else its default.
    severity: &'static str,
    /// Whether charta.toml changed it from the default.
    configured: bool,
    summary: &'static str,
    fix: &'static str,
}

#[derive(Serialize)]
struct RuleFindings {
    id: &'static str,
    anchor: String,
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
    /// The other documents of a finding said once for many.
    also: Vec<Also>,
}

#[derive(Serialize)]
struct Also {
    document: String,
    page: Option<String>,
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
                        also: f
                            .also
                            .iter()
                            .map(|p| match docs.get(p.as_str()) {
                                Some((id, page)) => {
                                    Also { document: id.clone(), page: Some((*page).to_owned()) }
                                }
                                None => Also { document: p.clone(), page: None },
                            })
                            .collect(),
                    }
                })
                .collect();
            RuleFindings {
                id: rule.id(),
                anchor: rule.anchor(),
                summary: rule.summary(),
                fix: rule.fix(),
                findings: rows,
            }
        })
        .collect();
    let path = "report/index.html";
    let mut ctx = out.ctx(path);
    ctx.insert("rules", &rules);
    let every: Vec<RuleView> = Rule::ALL
        .iter()
        .map(|&rule| RuleView {
            id: rule.id(),
            anchor: rule.anchor(),
            severity: inp.config.severity(rule).as_str(),
            configured: inp.config.severity(rule) != rule.default_severity(),
            summary: rule.summary(),
            fix: rule.fix(),
        })
        .collect();
    ctx.insert("every_rule", &every);
    ctx.insert("total", &findings.len());
    ctx.insert("waived", &findings.iter().filter(|f| f.waived.is_some()).count());
    out.render("report.html", path, &ctx)
}
