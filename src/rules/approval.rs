//! Stage 3, the `approval/*` rules: who approved a document, when, and whether they could.

use crate::config::Config;
use crate::document::{Document, Status};
use crate::finding::{Finding, Rule};
use crate::revision::latest_change;
use crate::roster::{Resolved, Roster};
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
    let writers: Vec<_> = m.authors.iter().map(|a| roster.identity(&a.value)).collect();
    // The change the approval approved: for a draft or a version in review, the version in
    // force's latest (the one proposed is approved by no one yet).
    let approved_change = match (pending, date) {
        (false, _) => change,
        (true, None) => None,
        (true, Some(d)) => crate::revision::chronological(&m.revisions).into_iter().rev().find(|r| {
            r.kind == crate::document::RevisionType::Change
                && r.version.as_ref().map(|v| &v.value) != m.version.as_ref().map(|v| &v.value)
                && r.date.as_ref().is_some_and(|c| c.value <= d.value)
        }),
    };
    let last_writer = approved_change
        .and_then(|c| c.author.as_ref())
        .map(|a| a.value.split(", ").map(|n| roster.identity(n)).collect::<Vec<_>>());
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
mod tests {
    use super::*;
    use crate::rules::testing::{Case, assert_found, doc};

    const ROSTER: &str = "people:
  - {id: alice, name: Alice Adams, roles: [CISO]}
  - {id: bob, name: Bob Boss, roles: [CEO], active_from: 2025-06-01}
  - {id: carol, name: Carol Clerk, roles: [Clerk], active_until: 2025-12-31}
  - {id: dan, name: Jo, roles: [CEO]}
  - {id: erin, name: Jo, roles: [CEO]}
";

    /// Two approvers at least, no self-approval, only a CISO or a CEO approves a policy.
    const STRICT: &str = "[approval]\nmin_approvers = 2\n[approval.roles]\npolicy = [\"CISO\", \"CEO\"]\n";

    #[test]
    fn approvals_name_enough_people_who_could_approve_then() {
        let lax = "[approval]\nseparation_of_duties = false\n";
        let approved = "status: approved\napproval_date: 2025-07-01\n";
        let change = |author: &str, date: &str| {
            format!("revisions:\n  - {{version: \"1\", date: {date}, author: \"{author}\", summary: s}}\n")
        };
        // Each case: charta.toml, then the front matter (from line 2 on).
        let cases: &[Case<(&str, String)>] = &[
            ((STRICT, format!("{approved}approvers: [alice, bob]\nauthors: [carol]\n")), &[]),
            ((STRICT, "status: draft\n".into()), &[]),
            (
                (STRICT, "status: approved\n".into()),
                &[(
                    "approval/missing",
                    2,
                    "the document is approved but has no approvers and no approval date",
                )],
            ),
            (
                (STRICT, "status: approved\napprovers: [alice, bob]\n".into()),
                &[("approval/missing", 2, "approved but has no approval date")],
            ),
            (
                (STRICT, format!("{approved}approvers: [alice]\n")),
                &[("approval/too-few-approvers", 4, "1 approver(s), but at least 2 are required")],
            ),
            // Regression: one person named twice counted as two approvers.
            (
                (STRICT, format!("{approved}approvers: [alice, Alice Adams]\n")),
                &[(
                    "approval/too-few-approvers",
                    4,
                    "2 approvers are named, but they are 1 person: at least 2 are required",
                )],
            ),
            (
                (STRICT, "approval_date: 2026-03-02\napprovers: [alice, bob]\n".into()),
                &[("approval/future-date", 2, "approved on 2026-03-02, which is after today (2026-03-01)")],
            ),
            (
                (STRICT, format!("{approved}approvers: [alice, bob]\n{}", change("carol", "2025-08-01"))),
                &[(
                    "approval/predates-revision",
                    3,
                    "approved on 2025-07-01 but changed on 2025-08-01 (version 1) (line 6): the change was never approved",
                )],
            ),
            ((STRICT, format!("{approved}approvers: [alice, bob]\n{}", change("carol", "2025-07-01"))), &[]),
            (
                (STRICT, format!("{approved}approvers: [alice, bob]\nauthors: [Alice Adams]\n")),
                &[("approval/self-approved", 4, "`alice` approves a document they are an author of")],
            ),
            (
                (
                    STRICT,
                    format!("{approved}approvers: [alice, bob]\n{}", change("carol, Bob Boss", "2025-06-01")),
                ),
                &[("approval/self-approved", 4, "`bob` approves the latest change, which they wrote")],
            ),
            // Regression (`charta revise --by bob`, bob having approved the version in force):
            // the version in review's change is approved by no one yet; the approvers named
            // are the version in force's, whose own change is what they approved.
            (
                (
                    STRICT,
                    "status: review\napproval_date: 2025-07-01\napprovers: [alice, bob]\nversion: \"2\"\nrevisions:\n  - {version: \"1\", date: 2025-06-01, author: carol, summary: s}\n  - {version: \"2\", date: 2025-08-01, author: bob, summary: t}\n".into(),
                ),
                &[],
            ),
            (
                (
                    STRICT,
                    "status: review\napproval_date: 2025-07-01\napprovers: [alice, bob]\nversion: \"2\"\nrevisions:\n  - {version: \"1\", date: 2025-06-01, author: bob, summary: s}\n  - {version: \"2\", date: 2025-08-01, author: carol, summary: t}\n".into(),
                ),
                &[("approval/self-approved", 4, "`bob` approved the version in force, whose latest change they wrote")],
            ),
            ((lax, format!("{approved}approvers: [alice]\nauthors: [alice]\n")), &[]),
            (
                (STRICT, format!("{approved}approvers: [alice, mallory]\n")),
                &[("approval/unknown-approver", 4, "approver `mallory` is not in the roster")],
            ),
            (
                (STRICT, format!("{approved}approvers: [alice, CEO]\n")),
                &[("approval/unknown-approver", 4, "approver `CEO` is not in the roster")],
            ),
            (
                (STRICT, format!("{approved}approvers: [alice, Jo]\n")),
                &[("approval/unknown-approver", 4, "approver `Jo` names more than one person")],
            ),
            (
                (STRICT, format!("{approved}approvers: [alice, carol]\n")),
                &[(
                    "approval/role-not-allowed",
                    4,
                    "Carol Clerk holds none of the roles allowed to approve a policy (CISO, CEO)",
                )],
            ),
            ((lax, format!("{approved}approvers: [carol]\n")), &[]),
            (
                (STRICT, "status: approved\napproval_date: 2025-05-01\napprovers: [alice, bob]\n".into()),
                &[(
                    "approval/approver-inactive",
                    4,
                    "Bob Boss approved on 2025-05-01, but was active only from 2025-06-01",
                )],
            ),
            (
                (lax, "status: approved\napproval_date: 2026-01-01\napprovers: [carol]\n".into()),
                &[(
                    "approval/approver-inactive",
                    4,
                    "Carol Clerk approved on 2026-01-01, but was active only until 2025-12-31",
                )],
            ),
        ];
        let roster = Roster::parse(ROSTER).unwrap();
        let today = Date::constant(2026, 3, 1);
        for ((toml, front), want) in cases {
            let config = Config::parse(toml).unwrap();
            let text = format!("---\n{front}---\n");
            assert_found(&check(&doc(&text), "policy", &roster, &config, today), want, &text);
        }
        // Without a roster, nobody can be told unknown, inactive or without a role.
        let text = format!("---\n{approved}approvers: [mallory, eve]\n---\n");
        let none = Roster::default();
        assert_found(
            &check(&doc(&text), "policy", &none, &Config::parse(STRICT).unwrap(), today),
            &[],
            &text,
        );
    }

    /// Regression: `approval_date: 2026-13-45` was reported twice, as not a date and as no
    /// approval date at all ("add `approvers` and `approval_date`"); so was `approver: 42`.
    #[test]
    fn an_approval_field_written_but_unreadable_is_not_also_missing() {
        let today = Date::constant(2026, 3, 1);
        let roster = Roster::parse(ROSTER).unwrap();
        let config = Config::default();
        for (front, want) in [
            ("approvers: [alice]\napproval_date: 2026-13-45\n", &[][..]),
            ("approvers: [alice]\ndate_approved: 2026-13-45\n", &[]),
            ("approver: 42\napproval_date: 2025-07-01\n", &[]),
            ("approvers: [alice]\n", &[("approval/missing", 2, "approved but has no approval date")]),
            // Written empty, refused by nothing: missing (a review of the fix, r1.sh).
            (
                "approvers: []\napproval_date: \"\"\n",
                &[("approval/missing", 2, "no approvers and no approval date")],
            ),
            (
                "approvers: ~\napproval_date:\n",
                &[("approval/missing", 2, "no approvers and no approval date")],
            ),
        ] {
            let text = format!("---\nstatus: approved\n{front}---\n");
            let found = check(&doc(&text), "policy", &roster, &config, today);
            let missing: Vec<_> = found.into_iter().filter(|f| f.rule == Rule::ApprovalMissing).collect();
            assert_found(&missing, want, &text);
        }
    }

    /// Bug (a cold try as a team works): `approver: Bob Boss, Alice Adams`, as a form or a wiki
    /// writes approvers, was "not in the roster" with the roster's usual advice. Each is someone
    /// of the roster: the help says to write them as a list.
    #[test]
    fn approvers_written_as_one_comma_separated_value_are_told_to_be_a_list() {
        let today = Date::constant(2026, 3, 1);
        let roster = Roster::parse(ROSTER).unwrap();
        let text = "---\nstatus: approved\napprover: Bob Boss, Alice Adams\napproval_date: 2025-07-01\n---\n";
        let found = check(&doc(text), "policy", &roster, &Config::default(), today);
        let unknown: Vec<_> = found.iter().filter(|f| f.rule == Rule::ApprovalUnknownApprover).collect();
        assert_eq!(unknown.len(), 1, "{found:?}");
        assert!(
            unknown[0].help.contains(
                "write them as a list, one approver an item (`approvers: [Bob Boss, Alice Adams]`)"
            ),
            "{}",
            unknown[0].help
        );
        let text = text.replace("Alice Adams", "Mallory");
        let found = check(&doc(&text), "policy", &roster, &Config::default(), today);
        let unknown: Vec<_> = found.iter().filter(|f| f.rule == Rule::ApprovalUnknownApprover).collect();
        assert_eq!(unknown[0].help, Rule::ApprovalUnknownApprover.fix());
    }
}
