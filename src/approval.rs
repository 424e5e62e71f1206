//! Document control: rules on who approved a document, when, and whether they could.

use crate::config::Config;
use crate::document::{Document, Status};
use crate::finding::{Finding, Rule};
use crate::revision::latest_change;
use crate::roster::{Resolved, Roster};
use jiff::civil::Date;

pub fn check(doc: &Document, kind: &str, roster: &Roster, config: &Config, today: Date) -> Vec<Finding> {
    let m = &doc.meta;
    let mut out = Vec::new();
    let at = |rule, span, msg: String| Finding::new(rule, &doc.path, span, msg).help(Rule::fix(rule));
    let approvers_span = m.fields.get("approvers").copied();
    let approved = m.status.as_ref().is_some_and(|s| s.value == Status::Approved);
    if let Some(status) = m.status.as_ref().filter(|_| approved) {
        let missing = match (m.approvers.is_empty(), m.approval_date.is_none()) {
            (true, true) => Some("no approvers and no approval date"),
            (true, false) => Some("no approvers"),
            (false, true) => Some("no approval date"),
            (false, false) => None,
        };
        if let Some(missing) = missing {
            out.push(at(
                Rule::ApprovalMissing,
                status.span,
                format!("the document is approved but has {missing}"),
            ));
        }
    }
    let min = usize::try_from(config.approval.min_approvers).unwrap_or(usize::MAX);
    if (approved || m.approval_date.is_some()) && !m.approvers.is_empty() && m.approvers.len() < min {
        let span = approvers_span.unwrap_or(m.approvers[0].span);
        out.push(at(
            Rule::ApprovalTooFewApprovers,
            span,
            format!("{} approver(s), but at least {min} are required", m.approvers.len()),
        ));
    }
    let date = m.approval_date.as_ref();
    if let Some(d) = date.filter(|d| d.value > today) {
        out.push(at(
            Rule::ApprovalFutureDate,
            d.span,
            format!("approved on {}, which is after today ({today})", d.value),
        ));
    }
    let change = latest_change(doc);
    if let (Some(d), Some(change)) = (date, change)
        && let Some(changed) = change.date.as_ref().filter(|c| c.value > d.value)
    {
        let version = change.version.as_ref().map(|v| format!(" (version {})", v.value)).unwrap_or_default();
        out.push(at(
            Rule::ApprovalPredatesRevision,
            d.span,
            format!(
                "approved on {} but changed on {}{version} (line {}): the change was never approved",
                d.value, changed.value, change.span.line
            ),
        ));
    }
    let writers: Vec<_> = m.authors.iter().map(|a| roster.identity(&a.value)).collect();
    let last_writer = change
        .and_then(|c| c.author.as_ref())
        .map(|a| a.value.split(", ").map(|n| roster.identity(n)).collect::<Vec<_>>());
    let allowed = config.approval.roles.get(kind);
    for approver in &m.approvers {
        let who = roster.identity(&approver.value);
        if config.approval.separation_of_duties {
            if writers.contains(&who) {
                out.push(at(
                    Rule::ApprovalSelfApproved,
                    approver.span,
                    format!("`{}` approves a document they are an author of", approver.value),
                ));
            } else if last_writer.as_ref().is_some_and(|w| w.contains(&who)) {
                out.push(at(
                    Rule::ApprovalSelfApproved,
                    approver.span,
                    format!("`{}` approves the latest change, which they wrote", approver.value),
                ));
            }
        }
        match roster.resolve(&approver.value) {
            Resolved::Person(person) => {
                if let Some(roles) = allowed.filter(|roles| {
                    !person.roles.iter().any(|r| roles.iter().any(|a| a.eq_ignore_ascii_case(r)))
                }) {
                    out.push(at(
                        Rule::ApprovalRoleNotAllowed,
                        approver.span,
                        format!(
                            "{} holds none of the roles allowed to approve a {kind} ({})",
                            person.name,
                            roles.join(", ")
                        ),
                    ));
                }
                if let Some(d) = date {
                    let before = person.active_from.filter(|from| d.value < *from);
                    let after = person.active_until.filter(|until| d.value > *until);
                    let why = before.map(|f| format!("from {f}")).or(after.map(|u| format!("until {u}")));
                    if let Some(why) = why {
                        out.push(at(
                            Rule::ApprovalApproverInactive,
                            approver.span,
                            format!("{} approved on {}, but was active only {why}", person.name, d.value),
                        ));
                    }
                }
            }
            Resolved::Ambiguous => {
                out.push(
                    Finding::new(
                        Rule::ApprovalUnknownApprover,
                        &doc.path,
                        approver.span,
                        format!("approver `{}` {}", approver.value, roster.why_ambiguous(&approver.value)),
                    )
                    .help(crate::roster::AMBIGUOUS_HELP),
                );
            }
            Resolved::Role(_) | Resolved::Unknown if !roster.is_empty() => {
                out.push(at(
                    Rule::ApprovalUnknownApprover,
                    approver.span,
                    format!("approver `{}` is not in the roster", approver.value),
                ));
            }
            _ => {}
        }
    }
    out
}
