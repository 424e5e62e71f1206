//! Stage 2: whether the approval a document states is proven by the code chain: which
//! approver's valid signature, on which commit (the one that recorded it, one the merge that
//! brought it to the main line brought, that merge when charta.toml takes an approver's merge
//! as theirs, or an annotated tag), or why it is only claimed. Made once per document when
//! `[evidence]` is on; the `evidence/unproven-approval` rule and the site both read it.

use super::{Verdict, Verdicts};
use crate::document::{Document, Status};
use crate::history::History;
use crate::roster::Roster;
use crate::timeline::Timeline;
use serde::{Deserialize, Serialize};

/// How an approval was proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// The approver signed the commit that recorded the approval.
    Commit,
    /// The approver signed a commit the merge that recorded it on the main line brought.
    MergedCommit,
    /// The approver made the merge that brought it (`[evidence] merge_by_approver`).
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
        match self {
            Proof::Proven { by, fingerprint, via, signed, .. } => {
                let short = signed.get(..8).unwrap_or(signed);
                let on = match via {
                    Via::Commit => "the commit that recorded the approval".to_owned(),
                    Via::MergedCommit => {
                        format!("commit {short}, which the merge that recorded the approval brought")
                    }
                    Via::Tag => format!("the tag {signed} of the commit that recorded the approval"),
                    Via::Merge => "the merge that recorded the approval, which they made".to_owned(),
                };
                format!("signed by {by} with the key {fingerprint}, on {on}; the signature verifies over it")
            }
            Proof::Claimed { why, .. } => why.clone(),
        }
    }
}

/// What is read to tell whether an approval is proven.
pub struct Chain<'a> {
    pub history: &'a History,
    pub verdicts: &'a Verdicts,
    pub roster: &'a Roster,
    pub merge_by_approver: bool,
}

/// A commit as the evidence findings name it: `1a2b3c4d on 2025-09-01 by Mallory <m@x>`.
pub(crate) fn commit_words(c: &crate::history::Commit) -> String {
    let who = if c.email.is_empty() { c.author.clone() } else { format!("{} <{}>", c.author, c.email) };
    format!("{} on {} by {who}", c.short(), c.date)
}

/// The proof of the approval `doc` states (with its `timeline`); None when it states none (a
/// draft or a version in review states an earlier version's).
pub fn of(doc: &Document, timeline: &Timeline, chain: &Chain) -> Option<Proof> {
    let m = &doc.meta;
    if m.status.as_ref().is_some_and(|s| matches!(s.value, Status::Draft | Status::Review)) {
        return None;
    }
    let record = crate::timeline::stated(m)?;
    let approvers: Vec<usize> = m.approvers.iter().filter_map(|a| chain.roster.index(&a.value)).collect();
    let names: Vec<&str> = m.approvers.iter().map(|a| a.value.as_str()).collect();
    let committed = timeline.steps.last().is_some_and(|s| s.blob.is_some());
    let Some(c) = timeline.recorded(record, committed) else {
        let why = format!(
            "the approval by {} is not committed yet, so no signature can prove it",
            names.join(", ")
        );
        return Some(Proof::Claimed { commit: None, why });
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
    // A merge an approver made, signed (by a key of the roster: a forge's, for a merge made on
    // its web page), when charta.toml takes that as their approval.
    let merger = chain.roster.index(&recorded.email).filter(|p| approvers.contains(p));
    let merged_by = (chain.merge_by_approver && v.merged.contains_key(&c))
        .then(|| {
            merger.zip(own.as_ref().and_then(|v| match v {
                Verdict::Valid { fingerprint, .. } => Some(fingerprint.clone()),
                _ => None,
            }))
        })
        .flatten();
    let proven = |(person, fingerprint): (usize, String), via, signed: String| Proof::Proven {
        by: chain.roster.people[person].name.clone(),
        fingerprint,
        via,
        signed,
        commit: recorded.id.clone(),
        date: recorded.date.to_string(),
    };
    if let Some(signer) = by_approver(&own) {
        return Some(proven(signer, Via::Commit, recorded.id.clone()));
    }
    if let Some((signer, id)) = brought {
        return Some(proven(signer, Via::MergedCommit, id));
    }
    if let Some((signer, name)) = tagged {
        return Some(proven(signer, Via::Tag, name));
    }
    if let Some(signer) = merged_by {
        return Some(proven(signer, Via::Merge, recorded.id.clone()));
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
    Some(Proof::Claimed { commit: Some(recorded.id.clone()), why })
}
