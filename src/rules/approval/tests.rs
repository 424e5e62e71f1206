//! Tests of the approval rules.

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
    assert_found(&check(&doc(&text), "policy", &none, &Config::parse(STRICT).unwrap(), today), &[], &text);
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
        ("approvers: ~\napproval_date:\n", &[("approval/missing", 2, "no approvers and no approval date")]),
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
        unknown[0]
            .help
            .contains("write them as a list, one approver an item (`approvers: [Bob Boss, Alice Adams]`)"),
        "{}",
        unknown[0].help
    );
    let text = text.replace("Alice Adams", "Mallory");
    let found = check(&doc(&text), "policy", &roster, &Config::default(), today);
    let unknown: Vec<_> = found.iter().filter(|f| f.rule == Rule::ApprovalUnknownApprover).collect();
    assert_eq!(unknown[0].help, Rule::ApprovalUnknownApprover.fix());
}
