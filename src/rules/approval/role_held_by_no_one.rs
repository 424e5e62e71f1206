//! Stage 3, `approval/role-held-by-no-one`: a kind whose approving roles no one in the roster
//! holds, said once at its `[approval.roles]` line, in place of an `approval/role-not-allowed`
//! for every approver of every document of that kind.

use crate::config::Config;
use crate::finding::{Finding, Rule};
use crate::library::Library;
use crate::roster::Roster;
use std::collections::BTreeSet;

/// Replace, in `found`, the `approval/role-not-allowed` findings of the documents of each kind
/// whose allowed roles no one in `roster` holds (a misspelt role, a role not given yet) by one
/// finding at charta.toml naming them all. Nothing without a roster (no approver's role is
/// judged then), for a kind no document is of, or when charta.toml waives `role-not-allowed` or
/// sets its severity: what the repository decided of those findings stands.
pub fn roles_held_by_no_one(found: &mut Vec<Finding>, library: &Library, roster: &Roster, config: &Config) {
    let id = Rule::ApprovalRoleNotAllowed.id();
    if roster.is_empty() || config.rules.contains_key(id) || config.waivers.iter().any(|w| w.rule == id) {
        return;
    }
    let held =
        |role: &String| roster.people.iter().any(|p| p.roles.iter().any(|r| r.eq_ignore_ascii_case(role)));
    for (key, roles) in &config.approval.roles {
        if roles.is_empty() || roles.iter().any(held) {
            continue;
        }
        let of_kind: BTreeSet<&str> = library
            .documents
            .iter()
            .filter(|d| {
                crate::config::by_kind(&config.approval.roles, &library.kind(d))
                    .is_some_and(|(k, _)| k == key)
            })
            .map(|d| d.path.as_str())
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        let mut unapproved = Vec::new();
        found.retain(|f| {
            let gone = f.rule == Rule::ApprovalRoleNotAllowed && of_kind.contains(f.path.as_str());
            if gone && unapproved.last() != Some(&f.path) {
                unapproved.push(f.path.clone());
            }
            !gone
        });
        unapproved.sort();
        unapproved.dedup();
        let line = config.approval.role_lines.get(key).copied().unwrap_or(1);
        let said = match unapproved.len() {
            0 => String::new(),
            1 => format!(": the approval of {} fails", unapproved[0]),
            n => format!(": the approvals of {n} documents fail"),
        };
        let mut f = Finding::new(
            Rule::ApprovalRoleHeldByNoOne,
            crate::config::FILE_NAME,
            crate::source::Span::new(line, 1),
            format!(
                "[approval.roles] {} allows only roles no one in the roster holds ({}), so no {key} can be approved{said}",
                crate::escape::visible(key),
                crate::escape::visible(&roles.join(", ")),
            ),
        )
        .help(Rule::ApprovalRoleHeldByNoOne.fix());
        f.also = unapproved;
        found.push(f);
    }
}
