//! Stage 2: `[evidence]` of charta.toml: which approval evidence from the code chain (signed
//! commits, approvers' own signatures) the `evidence/*` rules ask for. Off unless turned on.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Check every signature the history holds (`evidence/bad-signature`,
    /// `evidence/revoked-key`), even where none is required.
    #[serde(default)]
    pub verify_signatures: bool,
    /// Every commit that changed a controlled document must carry a valid signature by a key of
    /// a person of the roster (`evidence/unsigned-change`).
    #[serde(default)]
    pub signed_commits: bool,
    /// The approval each document states must be proven: the commit that recorded it, the merge
    /// that brought it to the main line, or an annotated tag on either, signed by one of its
    /// approvers (`evidence/unproven-approval`).
    #[serde(default)]
    pub proven_approvals: bool,
    /// The roster id of your forge (`github`), listed in the roster with the key it signs the
    /// merges made on its web pages with: such a merge, made by one of a document's approvers,
    /// proves the approvals it brings to the main line. The forge vouches for who made the
    /// merge; a merge's author line alone is text anyone can write.
    #[serde(default)]
    pub forge: Option<String>,
    /// The branch releases are made from (`live`, `main`): each change to a controlled
    /// document on it must have come by a merge from a branch of `promote_from`
    /// (`evidence/unpromoted-change`).
    #[serde(default)]
    pub release_branch: Option<String>,
    /// The branches changes are promoted from to the release branch (`staging`).
    #[serde(default)]
    pub promote_from: Vec<String>,
    /// The branch whose roster the signing keys are read from (`main`, `origin/main`), rather
    /// than the checkout's: in CI for a pull request, its target branch, so that a key the
    /// pull request adds to someone's entry proves nothing until it is merged.
    #[serde(default)]
    pub keys_from: Option<String>,
    /// The line of charta.toml that sets `release_branch` (0: none found): where a finding
    /// about the branch points.
    #[serde(skip)]
    pub release_branch_line: u32,
}

impl Evidence {
    /// Whether any evidence is asked for: then signatures are read from git and checked, and a
    /// signature that does not verify is `evidence/bad-signature`.
    pub fn enabled(&self) -> bool {
        self.verify_signatures
            || self.signed_commits
            || self.proven_approvals
            || self.release_branch.is_some()
    }

    /// The release branch and the branches it is promoted from, when a promotion path is set.
    pub fn promotion(&self) -> Option<(&str, &[String])> {
        self.release_branch.as_deref().map(|b| (b, self.promote_from.as_slice()))
    }
}
