//! Stage 3, the `evidence/*` rules (`[evidence]` of charta.toml, off by default): whether the
//! commits that changed a document are signed by people of the roster, whether a signature
//! does not verify or was made with a key out of force, and whether an approver signed the
//! approval the document states. They read the verdicts on the history's signatures and each
//! approval's proof (`crate::evidence`), made before the rules run.

use crate::config::Evidence;
use crate::document::Document;
use crate::evidence::proof::commit_words;
use crate::evidence::{Promotion, Proof, Verdict, Verdicts};
use crate::finding::{Finding, Rule};
use crate::history::History;
use crate::history::promotion::Route;
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
/// once, naming its commits), and `evidence/unproven-approval` from the `proof` of the
/// approval it states, for `doc`.
pub fn check(doc: &Document, timeline: &Timeline, chain: &Chain, proof: Option<&Proof>) -> Vec<Finding> {
    let (mut unsigned, mut bad, mut revoked) = (Vec::new(), Vec::new(), Vec::new());
    let mut unpromoted = Vec::new();
    for step in timeline.steps.iter().filter(|s| s.blob.is_some()) {
        if let Promotion::Routes(routes) = &chain.verdicts.promotion {
            match routes.get(step.commit) {
                Some(Route::Direct) => unpromoted.push((step.commit, "committed onto it".to_owned())),
                Some(Route::Merged { from: None }) => {
                    unpromoted.push((step.commit, "merged from a branch it may not come from".to_owned()))
                }
                _ => {}
            }
        }
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
    if !unpromoted.is_empty() {
        let release = chain.config.release_branch.as_deref().unwrap_or_default();
        let from = chain.config.promote_from.join(", ");
        let message = format!(
            "{} that changed it reached `{release}` other than by a merge from {}: {}",
            count(unpromoted.len()),
            if from.is_empty() { "an allowed branch (none is set)".to_owned() } else { format!("`{from}`") },
            listed(h, &unpromoted)
        );
        say(Rule::EvidenceUnpromotedChange, message);
    }
    if !revoked.is_empty() {
        let message = format!("{} that changed it: {}", count(revoked.len()), listed(h, &revoked));
        say(Rule::EvidenceRevokedKey, message);
    }
    if chain.config.proven_approvals
        && let Some(Proof::Claimed { why, .. }) = proof
    {
        out.push(
            Finding::new(Rule::EvidenceUnprovenApproval, &doc.path, approval_span(doc), why.clone())
                .help(Rule::EvidenceUnprovenApproval.fix()),
        );
    }
    out
}

fn approval_span(doc: &Document) -> Span {
    doc.meta.approval_date.as_ref().map_or(Span::file(), |d| d.span)
}

/// `evidence/unpromoted-change`, once at charta.toml, when the clone has no release branch of
/// the name `[evidence] release_branch` gives: how changes reached it cannot be checked.
pub fn missing_branch(verdicts: Option<&Verdicts>, config: &Evidence) -> Option<Finding> {
    let Promotion::Missing(name) = &verdicts?.promotion else { return None };
    let message = format!(
        "the release branch `{name}` is in this clone neither as a branch nor as a remote's, so how changes reached it cannot be checked"
    );
    let rule = Rule::EvidenceUnpromotedChange;
    Some(
        Finding::new(rule, crate::config::FILE_NAME, Span::new(config.release_branch_line.max(1), 1), message)
            .help("fetch the release branch with its whole history (`fetch-depth: 0` on GitHub), or correct `[evidence] release_branch`"),
    )
}
