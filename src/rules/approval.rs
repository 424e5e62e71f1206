//! Stage 3, the `approval/*` rules: who approved a document, when, and whether they could.

use crate::config::Config;
use crate::document::{Document, Status};
use crate::finding::{Finding, Rule};
use crate::revision::latest_change;
use crate::roster::{Identity, Resolved, Roster};
use jiff::civil::Date;

mod role_held_by_no_one;
pub use role_held_by_no_one::roles_held_by_no_one;

/// `approval/*` for `doc`, a document of `kind`: approvers and a date when it says it is
/// approved, enough of them, none who wrote it, each in the roster, holding an allowed role and
/// active on the day, and an approval no older than the latest change, not after `today` and
/// not after the effective date.
pub fn check(doc: &Document, kind: &str, roster: &Roster, config: &Config, today: Date) -> Vec<Finding> {
    let m = &doc.meta;
    let mut out = Vec::new();
    let at = |rule, span, msg: String| Finding::new(rule, &doc.path, span, msg).help(Rule::fix(rule));
    let approvers_span = m.fields.get("approvers");
    let approved = m.status.as_ref().is_some_and(|s| s.value == Status::Approved);
    if let Some(status) = m.status.as_ref().filter(|_| approved) {
        // A field written but refused (`approval_date: 2026-13-45`) has its own finding,
        // `frontmatter/invalid-value`: said once, there, not again as missing. One written
        // empty (`approval_date: ""`, `approvers: []`) was refused by nothing: it is missing.
        let refused = |span: crate::source::Span| {
            doc.findings.iter().any(|f| f.rule == Rule::FrontmatterInvalidValue && f.span.line == span.line)
        };
        let unread = |field: &str| !m.fields.written(&config.fields.aliases, field).is_some_and(refused);
        let no_approvers = m.approvers.is_empty() && unread("approvers");
        let no_date = m.approval_date.is_none() && unread("approval_date");
        let missing = match (no_approvers, no_date) {
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
    // One person named twice (`[alice, Alice Adams]`) is one approver.
    let people = distinct(roster, &m.approvers);
    if (approved || m.approval_date.is_some()) && !m.approvers.is_empty() && people < min {
        let span = approvers_span.unwrap_or(m.approvers[0].span);
        let named = m.approvers.len();
        let message = if named == people {
            format!("{named} approver(s), but at least {min} are required")
        } else {
            format!(
                "{named} approvers are named, but they are {people} {}: at least {min} are required",
                if people == 1 { "person" } else { "people" }
            )
        };
        out.push(at(Rule::ApprovalTooFewApprovers, span, message));
    }
    let date = m.approval_date.as_ref();
    if let Some(d) = date.filter(|d| d.value > today) {
        out.push(at(
            Rule::ApprovalFutureDate,
            d.span,
            format!("approved on {}, which is after today ({today})", d.value),
        ));
    }
    if let (Some(a), Some(e)) = (date.filter(|_| !m.pending()), m.effective_date.as_ref())
        && e.value < a.value
    {
        out.push(at(
            Rule::ApprovalEffectiveBeforeApproval,
            e.span,
            format!("takes effect on {}, before its approval on {}", e.value, a.value),
        ));
    }
    let change = latest_change(doc);
    // A draft's or a version in review's approval fields are the version in force's: that the
    // change since is not approved yet is what its status says.
    let pending = m.pending();
    if let (Some(d), Some(change)) = (date.filter(|_| !pending), change)
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
    let (writers, last_writer) = writers(doc, roster);
    let allowed = crate::config::by_kind(&config.approval.roles, kind).map(|(_, roles)| roles);
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
                    match pending {
                        false => format!("`{}` approves the latest change, which they wrote", approver.value),
                        true => format!(
                            "`{}` approved the version in force, whose latest change they wrote",
                            approver.value
                        ),
                    },
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
                if let Some(d) = date
                    && let Some(why) = person.inactive_on(d.value)
                {
                    out.push(at(
                        Rule::ApprovalApproverInactive,
                        approver.span,
                        format!("{} approved on {}, but was active only {why}", person.name, d.value),
                    ));
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
            Resolved::Role(_) | Resolved::Unknown
                if !roster.is_empty() && !crate::frontmatter::schema::is_placeholder(&approver.value) =>
            {
                // `Bob Boss, Carol Quality` as one value, as a form or a wiki writes approvers:
                // each is someone of the roster, written as one name.
                let parts: Vec<&str> = approver.value.split(',').map(str::trim).collect();
                let people =
                    parts.len() > 1 && parts.iter().all(|p| matches!(roster.resolve(p), Resolved::Person(_)));
                let found = at(
                    Rule::ApprovalUnknownApprover,
                    approver.span,
                    format!("approver `{}` is not in the roster", approver.value),
                );
                out.push(if people {
                    found.help(format!(
                        "each of {} is someone of the roster: write them as a list, one approver an item (`approvers: [{}]`)",
                        parts.len(),
                        parts.join(", ")
                    ))
                } else {
                    found
                });
            }
            _ => {}
        }
    }
    out
}

/// Who the front matter says wrote what the approval it states approved, as the roster knows
/// them: its authors, and the writers of the change approved (its latest; for a draft or a
/// version in review, the version in force's latest: the one proposed is approved by no one
/// yet). What `approval/self-approved` holds approvers against, and what
/// `history/approver-authored-change` leaves to it.
pub fn writers(doc: &Document, roster: &Roster) -> (Vec<Identity>, Option<Vec<Identity>>) {
    let m = &doc.meta;
    let authors = m.authors.iter().map(|a| roster.identity(&a.value)).collect();
    let approved_change = match (m.pending(), m.approval_date.as_ref()) {
        (false, _) => latest_change(doc),
        (true, None) => None,
        (true, Some(d)) => crate::revision::chronological(&m.revisions).into_iter().rev().find(|r| {
            r.kind == crate::document::RevisionType::Change
                && r.version.as_ref().map(|v| &v.value) != m.version.as_ref().map(|v| &v.value)
                && r.date.as_ref().is_some_and(|c| c.value <= d.value)
        }),
    };
    let last = approved_change
        .and_then(|c| c.author.as_ref())
        .map(|a| a.value.split(", ").map(|n| roster.identity(n)).collect());
    (authors, last)
}

/// How many people `names` are: each roster person once however they are named, and each name
/// the roster does not know once, whatever its case and spacing.
fn distinct(roster: &Roster, names: &[crate::source::Spanned<String>]) -> usize {
    let people: std::collections::BTreeSet<Result<usize, String>> = names
        .iter()
        .map(|n| {
            roster
                .index(&n.value)
                .ok_or_else(|| n.value.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
        })
        .collect();
    people.len()
}

#[cfg(test)]
mod tests;
