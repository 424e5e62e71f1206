//! Stage 3, the `evidence/*` rules (`[evidence]` of charta.toml, off by default): whether the
//! commits that changed a document are signed by people of the roster, whether a signature
//! does not verify or was made with a key out of force, and whether an approver signed the
//! approval the document states. They read the verdicts on the history's signatures
//! (`crate::evidence`), made before the rules run.

use crate::config::Evidence;
use crate::document::{Document, Status};
use crate::evidence::{Verdict, Verdicts};
use crate::finding::{Finding, Rule};
use crate::history::{Commit, History};
use crate::roster::Roster;
use crate::source::Span;
use crate::timeline::Timeline;

/// What the rules read besides the document and its timeline.
pub struct Chain<'a> {
    pub history: &'a History,
    pub verdicts: &'a Verdicts,
    pub roster: &'a Roster,
    pub config: &'a Evidence,
}

/// A commit as these findings name it: `1a2b3c4d on 2025-09-01 by Mallory <m@x>`.
fn commit_words(c: &Commit) -> String {
    let who = if c.email.is_empty() { c.author.clone() } else { format!("{} <{}>", c.author, c.email) };
    format!("{} on {} by {who}", c.short(), c.date)
}

/// The commits of a list, as one finding says them: all of up to three, else the first and the
/// last.
fn listed(history: &History, commits: &[(usize, String)]) -> String {
    let say = |(c, why): &(usize, String)| format!("{} ({why})", commit_words(&history.commits[*c]));
    match commits {
        [one] => say(one),
        [a, b] => format!("{} and {}", say(a), say(b)),
        [a, b, c] => format!("{}, {} and {}", say(a), say(b), say(c)),
        [first, .., last] => format!("the first {}, the last {}", say(first), say(last)),
        [] => String::new(),
    }
}

/// `evidence/unsigned-change`, `evidence/bad-signature` and `evidence/revoked-key` (each said
/// once, naming its commits), and `evidence/unproven-approval`, for `doc`.
pub fn check(doc: &Document, timeline: &Timeline, chain: &Chain) -> Vec<Finding> {
    let (mut unsigned, mut bad, mut revoked) = (Vec::new(), Vec::new(), Vec::new());
    for step in timeline.steps.iter().filter(|s| s.blob.is_some()) {
        match chain.verdicts.commits.get(step.commit).cloned().flatten() {
            Some(Verdict::Valid { .. }) => {}
            None => unsigned.push((step.commit, "unsigned".to_owned())),
            Some(Verdict::UnknownKey { fingerprint }) => unsigned
                .push((step.commit, format!("signed by {fingerprint}, a key of no one in the roster"))),
            Some(Verdict::Bad { fingerprint, why }) => {
                let key = if fingerprint.is_empty() { String::new() } else { format!("by {fingerprint}: ") };
                bad.push((step.commit, format!("{key}{why}")))
            }
            Some(Verdict::KeyOutOfForce { person, fingerprint, why }) => {
                let who = &chain.roster.people[person];
                revoked.push((step.commit, format!("signed by {} with {fingerprint}: {why}", who.name)))
            }
        }
    }
    let h = chain.history;
    let count = |n: usize| if n == 1 { "1 commit".to_owned() } else { format!("{n} commits") };
    let mut out = Vec::new();
    let mut say = |rule: Rule, message: String| {
        out.push(Finding::new(rule, &doc.path, Span::file(), message).help(rule.fix()));
    };
    if chain.config.signed_commits && !unsigned.is_empty() {
        let message = format!(
            "{} that changed it {} not signed by a person of the roster: {}",
            count(unsigned.len()),
            if unsigned.len() == 1 { "is" } else { "are" },
            listed(h, &unsigned)
        );
        say(Rule::EvidenceUnsignedChange, message);
    }
    if !bad.is_empty() {
        let message = format!(
            "{} that changed it carry a signature that does not verify: {}",
            count(bad.len()),
            listed(h, &bad)
        );
        say(
            Rule::EvidenceBadSignature,
            message.replacen("carry", if bad.len() == 1 { "carries" } else { "carry" }, 1),
        );
    }
    if !revoked.is_empty() {
        let message = format!("{} that changed it: {}", count(revoked.len()), listed(h, &revoked));
        say(Rule::EvidenceRevokedKey, message);
    }
    if chain.config.proven_approvals
        && let Some(why) = unproven(doc, timeline, chain)
    {
        out.push(
            Finding::new(Rule::EvidenceUnprovenApproval, &doc.path, approval_span(doc), why)
                .help(Rule::EvidenceUnprovenApproval.fix()),
        );
    }
    out
}

fn approval_span(doc: &Document) -> Span {
    doc.meta.approval_date.as_ref().map_or(Span::file(), |d| d.span)
}

/// Why the approval `doc` states is not proven; None when it is, or it states none (a draft or
/// a version in review states an earlier version's).
fn unproven(doc: &Document, timeline: &Timeline, chain: &Chain) -> Option<String> {
    let m = &doc.meta;
    if m.status.as_ref().is_some_and(|s| matches!(s.value, Status::Draft | Status::Review)) {
        return None;
    }
    let record = crate::timeline::stated(m)?;
    let approvers: Vec<usize> = m.approvers.iter().filter_map(|a| chain.roster.index(&a.value)).collect();
    let names: Vec<&str> = m.approvers.iter().map(|a| a.value.as_str()).collect();
    let committed = timeline.steps.last().is_some_and(|s| s.blob.is_some());
    let Some(c) = timeline.recorded(record, committed) else {
        return Some(format!(
            "the approval by {} is not committed yet, so no signature can prove it",
            names.join(", ")
        ));
    };
    let by_approver =
        |v: &Option<Verdict>| v.as_ref().and_then(Verdict::signer).is_some_and(|p| approvers.contains(&p));
    let v = &chain.verdicts;
    let commit = v.commits.get(c).cloned().flatten();
    let brought = v.merged.get(&c).into_iter().flatten().any(|b| by_approver(&b.verdict));
    let tagged = v.tags.iter().any(|t| t.commit == c && by_approver(&t.verdict));
    // A merge an approver made, signed (by a key of the roster: a forge's, for a merge made on
    // its web page), when charta.toml takes that as their approval.
    let merged_by_approver = chain.config.merge_by_approver
        && v.merged.contains_key(&c)
        && commit.as_ref().is_some_and(|v| v.signer().is_some())
        && chain.roster.index(&chain.history.commits[c].email).is_some_and(|p| approvers.contains(&p));
    if by_approver(&commit) || brought || tagged || merged_by_approver {
        return None;
    }
    let what = match &commit {
        None => "is unsigned".to_owned(),
        Some(Verdict::Valid { person, .. }) => {
            format!("is signed by {}, not an approver", chain.roster.people[*person].name)
        }
        Some(Verdict::UnknownKey { fingerprint }) => {
            format!("is signed by {fingerprint}, a key of no one in the roster")
        }
        Some(Verdict::Bad { why, .. }) => format!("has a signature that does not verify: {why}"),
        Some(Verdict::KeyOutOfForce { why, .. }) => format!("is signed with a key out of force: {why}"),
    };
    Some(format!(
        "no approver ({}) signed the approval: commit {}, which recorded it, {what}, and no merge or tag signed by an approver brought it",
        names.join(", "),
        commit_words(&chain.history.commits[c]),
    ))
}
