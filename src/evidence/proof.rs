//! Stage 2: whether each approval a document states or stated is proven by the code chain:
//! which approver's valid signature, on which commit (the one that recorded it, one the merge
//! that brought it to the main line brought, that merge when charta.toml takes an approver's
//! merge as theirs, or an annotated tag), or why it is only claimed. Made once per document
//! when `[evidence]` is on; the `evidence/unproven-approval` rule, the report and the site
//! (each version's page) read it.

use super::{Verdict, Verdicts};
use crate::document::Document;
use crate::history::History;
use crate::roster::Roster;
use crate::timeline::{Record, Said, Stated, Timeline};
use serde::{Deserialize, Serialize};

/// How an approval was proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// The approver signed the commit that recorded the approval.
    Commit,
    /// The approver signed a commit the merge that recorded it on the main line brought.
    MergedCommit,
    /// The approver made the merge that brought it on the forge, which signed it (`[evidence]
    /// forge`).
    Merge,
    /// The approver signed an annotated tag on the commit that recorded it.
    Tag,
}

/// What the code chain says of the approval a document states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum Proof {
    /// Signed by one of its approvers.
    Proven {
        /// The approver, as the roster names them.
        by: String,
        fingerprint: String,
        via: Via,
        /// The signed commit (or the tag's name, for a tag).
        signed: String,
        /// The main-line commit that recorded the approval, and its date.
        commit: String,
        date: String,
    },
    /// Written in the document, and no approver's signature proves it.
    Claimed {
        /// The main-line commit that recorded it, when it is committed.
        commit: Option<String>,
        why: String,
    },
}

impl Proof {
    /// What was verified, or why nothing was, as a page says it.
    pub fn words(&self) -> String {
        let (by, fingerprint, via, signed) = match self {
            Proof::Proven { by, fingerprint, via, signed, .. } => (by, fingerprint, via, signed),
            Proof::Claimed { why, .. } => return why.clone(),
        };
        let short = signed.get(..8).unwrap_or(signed);
        let (who, on) = match via {
            Via::Commit => (by.clone(), "the commit that recorded the approval".to_owned()),
            Via::MergedCommit => {
                (by.clone(), format!("commit {short}, which the merge that recorded the approval brought"))
            }
            Via::Tag => (by.clone(), format!("the tag {signed} of the commit that recorded the approval")),
            Via::Merge => (
                "the forge".to_owned(),
                format!("the merge that recorded the approval, which {by} made on the forge"),
            ),
        };
        format!("signed by {who} with the key {fingerprint}, on {on}; the signature verifies over it")
    }
}

/// What is read to tell whether an approval is proven.
pub struct Chain<'a> {
    pub history: &'a History,
    pub verdicts: &'a Verdicts,
    pub roster: &'a Roster,
    /// The roster entry of the forge whose signed web merges vouch for who made them
    /// (`[evidence] forge`).
    pub forge: Option<usize>,
}

/// A commit as the evidence findings name it: `1a2b3c4d on 2025-09-01 by Mallory <m@x>`.
pub(crate) fn commit_words(c: &crate::history::Commit) -> String {
    let who = if c.email.is_empty() { c.author.clone() } else { format!("{} <{}>", c.author, c.email) };
    format!("{} on {} by {who}", c.short(), c.date)
}

/// An approval a document states, or a committed text of it stated, with its proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approval {
    /// The version it approved, as that text states it.
    pub version: Option<String>,
    pub approval_date: String,
    /// Its approvers, as the text names them.
    pub approvers: Vec<String>,
    /// It is the approval the document states now.
    pub current: bool,
    /// Which approval it is (`crate::timeline::record`): how a version's page finds it.
    #[serde(skip)]
    pub record: Record,
    #[serde(flatten)]
    pub proof: Proof,
}

/// The proof of the approval the document states now, among its `approvals`.
pub fn current(approvals: &[Approval]) -> Option<&Proof> {
    approvals.iter().find(|a| a.current).map(|a| &a.proof)
}

/// Every approval `doc` (with its `timeline`) states or a committed text of it stated, oldest
/// first, each once (by the first commit that recorded it) with its proof. A draft's or a
/// version in review's approval fields are an earlier version's, not an approval of their own.
pub fn approvals(doc: &Document, timeline: &Timeline, chain: &Chain) -> Vec<Approval> {
    let mut out: Vec<Approval> = Vec::new();
    for step in timeline.steps.iter().filter(|s| s.blob.is_some()) {
        let Said::Read(facts) = &step.said else { continue };
        let (Some(record), Some(stated)) = (facts.record, &facts.approval) else { continue };
        if stated.pending || out.iter().any(|a| a.record == record) {
            continue;
        }
        out.push(Approval {
            version: facts.version.clone(),
            approval_date: stated.date.to_string(),
            approvers: stated.approvers.clone(),
            current: false,
            record,
            proof: of_record(&stated.approvers, Some(step.commit), chain),
        });
    }
    let m = &doc.meta;
    let (Some(record), Some(stated)) = (timeline.stated(m), Stated::of(m)) else { return out };
    if stated.pending {
        return out;
    }
    match out.iter_mut().find(|a| a.record == record) {
        Some(a) => a.current = true,
        None => {
            let committed = timeline.steps.last().is_some_and(|s| s.blob.is_some());
            let recorded = timeline.recorded(record, committed);
            out.push(Approval {
                version: m.version.as_ref().map(|v| v.value.clone()),
                approval_date: stated.date.to_string(),
                current: true,
                record,
                proof: of_record(&stated.approvers, recorded, chain),
                approvers: stated.approvers,
            });
        }
    }
    out
}

/// The proof of an approval by `approvers` (as a text names them) that main-line commit
/// `recorded` recorded; None: it is not committed.
fn of_record(approvers: &[String], recorded: Option<usize>, chain: &Chain) -> Proof {
    let names: Vec<&str> = approvers.iter().map(String::as_str).collect();
    let approvers: Vec<usize> = approvers.iter().filter_map(|a| chain.roster.index(a)).collect();
    let Some(c) = recorded else {
        let why = format!(
            "the approval by {} is not committed yet, so no signature can prove it",
            names.join(", ")
        );
        return Proof::Claimed { commit: None, why };
    };
    let recorded = &chain.history.commits[c];
    let v = chain.verdicts;
    let by_approver = |verdict: &Option<Verdict>| match verdict {
        Some(Verdict::Valid { person, fingerprint }) if approvers.contains(person) => {
            Some((*person, fingerprint.clone()))
        }
        _ => None,
    };
    let own = v.commits.get(c).cloned().flatten();
    let brought =
        v.merged.get(&c).into_iter().flatten().find_map(|b| Some((by_approver(&b.verdict)?, b.id.clone())));
    let tagged = v
        .tags
        .iter()
        .filter(|t| t.commit == c)
        .find_map(|t| Some((by_approver(&t.verdict)?, t.name.clone())));
    // A merge an approver made on the forge's web page, which the forge signed with its key
    // (`[evidence] forge`): the forge vouches for who made it, which its author line alone,
    // free text anyone can write, does not.
    let merger = chain.roster.index(&recorded.email).filter(|p| approvers.contains(p));
    let merged_by = match (&own, chain.forge) {
        (Some(Verdict::Valid { person, fingerprint }), Some(forge))
            if *person == forge && v.merged.contains_key(&c) =>
        {
            merger.map(|m| (m, fingerprint.clone()))
        }
        _ => None,
    };
    let proven = |(person, fingerprint): (usize, String), via, signed: String| Proof::Proven {
        by: chain.roster.people[person].name.clone(),
        fingerprint,
        via,
        signed,
        commit: recorded.id.clone(),
        date: recorded.date.to_string(),
    };
    if let Some(signer) = by_approver(&own) {
        return proven(signer, Via::Commit, recorded.id.clone());
    }
    if let Some((signer, id)) = brought {
        return proven(signer, Via::MergedCommit, id);
    }
    if let Some((signer, name)) = tagged {
        return proven(signer, Via::Tag, name);
    }
    if let Some(signer) = merged_by {
        return proven(signer, Via::Merge, recorded.id.clone());
    }
    let what = match &own {
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
    let why = format!(
        "no approver ({}) signed the approval: commit {}, which recorded it, {what}, and no merge or tag signed by an approver brought it",
        names.join(", "),
        commit_words(recorded),
    );
    Proof::Claimed { commit: Some(recorded.id.clone()), why }
}
