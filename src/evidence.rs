//! Stage 2: approval evidence from the code chain. The roster's signing keys (`keys`), what
//! each signature git holds says of who made it (`verify`), and those verdicts for the main
//! line's commits, the commits each merge brought and the annotated tags ([`Verdicts`]), which
//! the `evidence/*` rules read.

pub mod keys;
pub mod proof;
pub mod verify;

pub use keys::Keyring;
pub use proof::{Approval, Proof};
pub use verify::Verdict;

use crate::history::History;
use crate::history::signatures::Signatures;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A commit a merge brought to the main line, and what its signature says.
#[derive(Debug, Clone)]
pub struct Brought {
    pub id: String,
    /// Its author's e-mail address, as the commit states it.
    pub email: String,
    pub verdict: Option<Verdict>,
}

/// An annotated tag on a commit of the main line, and what its signature says.
#[derive(Debug, Clone)]
pub struct Tagged {
    pub name: String,
    /// Index into `History::commits`.
    pub commit: usize,
    pub verdict: Option<Verdict>,
}

/// How the main line's commits reached the release branch (`[evidence] release_branch`).
#[derive(Debug, Default)]
pub enum Promotion {
    /// No release branch is set.
    #[default]
    NotAsked,
    /// The clone has no branch of that name.
    Missing(String),
    /// Per commit of the main line (index into `History::commits`).
    Routes(Vec<crate::history::promotion::Route>),
}

/// What the signatures of the history say (None where there is none), and how its commits
/// reached the release branch.
#[derive(Debug, Default)]
pub struct Verdicts {
    /// Per commit of the main line (index into `History::commits`).
    pub commits: Vec<Option<Verdict>>,
    /// Per merge commit of the main line: the commits it brought.
    pub merged: BTreeMap<usize, Vec<Brought>>,
    pub tags: Vec<Tagged>,
    pub promotion: Promotion,
}

impl Verdicts {
    /// Every signature of `signatures` checked against `keyring`, each at the day its commit (or
    /// tag's commit) of the line was made ([`crate::history::Commit::made`]): not the date it
    /// states, which whoever holds a key writes (a key the roster retired, signing a commit dated
    /// back before its last day); on all threads.
    pub fn of(history: &History, signatures: &Signatures, keyring: &Keyring) -> Verdicts {
        let day = |i: usize| history.commits.get(i).map(|c| c.made);
        let commits = signatures
            .commits
            .par_iter()
            .enumerate()
            .map(|(i, s)| s.as_ref().map(|s| verify::verify(keyring, s, day(i))))
            .collect();
        let merged = signatures
            .merged
            .iter()
            .map(|(&merge, brought)| {
                let brought = brought
                    .iter()
                    .map(|b| Brought {
                        id: b.id.clone(),
                        email: b.email.clone(),
                        verdict: b.signed.as_ref().map(|s| verify::verify(keyring, s, day(merge))),
                    })
                    .collect();
                (merge, brought)
            })
            .collect();
        let tags = signatures
            .tags
            .iter()
            .map(|t| Tagged {
                name: t.name.clone(),
                commit: t.commit,
                verdict: t.signed.as_ref().map(|s| verify::verify(keyring, s, day(t.commit))),
            })
            .collect();
        Verdicts { commits, merged, tags, promotion: Promotion::NotAsked }
    }
}
