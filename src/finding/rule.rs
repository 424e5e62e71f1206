//! The rule catalogue: every rule charta knows, its id, default severity, summary and fix.

use super::Severity;
use serde::Serialize;

macro_rules! rules {
    ($( $variant:ident => $id:literal, $sev:ident, $summary:literal, $fix:literal; )*) => {
        /// Every rule charta knows. The id is stable: CI configurations and waivers name it.
        /// Rules compare in the order they are declared, which is [`Rule::ALL`]'s.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( $variant, )* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            pub fn id(self) -> &'static str {
                match self { $( Rule::$variant => $id, )* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $( Rule::$variant => Severity::$sev, )* }
            }

            /// What the rule checks, in one sentence.
            pub fn summary(self) -> &'static str {
                match self { $( Rule::$variant => $summary, )* }
            }

            /// How to fix what it finds, in one sentence.
            pub fn fix(self) -> &'static str {
                match self { $( Rule::$variant => $fix, )* }
            }
        }
    };
}

impl Rule {
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// The family: the part of the id before the slash (`approval`, `review` ...).
    pub fn family(self) -> &'static str {
        self.id().split('/').next().unwrap_or_default()
    }

    /// Where the site's findings page describes the rule: `rule-review-overdue`.
    pub fn anchor(self) -> String {
        format!("rule-{}", self.id().replace('/', "-"))
    }
}

rules! {
    SourceInvalidUtf8 => "source/invalid-utf8", Error,
        "The file is not valid UTF-8 text; invalid bytes were replaced. Said at the first of them.",
        "save the file as UTF-8 (a file written in Latin-1 or Windows-1252: `iconv -f WINDOWS-1252 -t UTF-8 FILE`)";
    SourceTooLarge => "source/too-large", Error,
        "The Markdown file is larger than charta reads (4 MiB); it is left out of the site.",
        "split the document, or move large attachments out of the Markdown";
    SourceNoDocuments => "source/no-documents", Error,
        "No Markdown document was found under the root or in any collection, so nothing was checked.",
        "run charta at the repository's root (or pass --root), or correct the collections' `path` in charta.toml";
    SourceUnreadable => "source/unreadable", Error,
        "The file could not be read.",
        "check the file's permissions";
    SourceUnreadableFolder => "source/unreadable-folder", Error,
        "A folder of a collection could not be read (no permission, or a path longer than the system allows), so the documents in it are missing from the check and the site.",
        "give charta read access to the folder, or shorten its path (move it higher, or use shorter names)";
    FrontmatterInvalidYaml => "frontmatter/invalid-yaml", Error,
        "The front matter is not valid YAML, not a mapping of fields, repeats a field, or is too large.",
        "fix the YAML at the reported line; quote values that contain `: ` or start with a special character";
    FrontmatterUnterminated => "frontmatter/unterminated", Error,
        "The front matter opens with `---` but no closing `---` line follows.",
        "add a line with only `---` after the last front-matter field";
    FrontmatterMissing => "frontmatter/missing", Warning,
        "The document has no front matter, so it carries no document-control data.",
        "start the file with a `---` block holding at least the fields charta.toml's [required_fields] asks of its kind (by default `id`, `title`, `owner`, `version` and `status`)";
    FrontmatterAlias => "frontmatter/alias", Note,
        "A field is written under a name other tools use (`approver`, `review_date`); charta reads it as its own field.",
        "rename it to charta's name, or keep it: charta reads both";
    FrontmatterClosingLine => "frontmatter/closing-line", Warning,
        "The front matter is closed by a line that is not exactly `---` (such as `-----`); charta reads the fields, other tools may show them as text.",
        "write the closing line as exactly `---`";
    FrontmatterPlaceholder => "frontmatter/placeholder", Error,
        "A document-control field holds a placeholder (`TBD`, `TODO`, `XXX`, `???`) rather than a value.",
        "fill in the value, or leave the field out until it is known";
    FrontmatterUnknownField => "frontmatter/unknown-field", Error,
        "A front-matter field is not part of the schema (often a typo).",
        "correct the field name, or move the organisation's own fields under `extra:`";
    FrontmatterNoDocumentControl => "frontmatter/no-document-control", Warning,
        "Documents of a collection are pages of a static site: a title and the site's own parameters, no control field (id, owner, version, status, approval). charta asks them only for their titles, so nothing records who owns or approved them. Said once per collection, at its first such page.",
        "add the control fields to each (`id`, `owner`, `version`, `status`; `charta approve` records an approval), or list the kind's fields in charta.toml's `[required_fields]` to have every page asked for them";
    FrontmatterMissingField => "frontmatter/missing-field", Error,
        "A field that documents of this kind must have is absent (`[required_fields]` in charta.toml).",
        "add the field to the front matter";
    FrontmatterInvalidValue => "frontmatter/invalid-value", Error,
        "A front-matter field has a value of the wrong shape (bad date, unknown status, unparseable period).",
        "write dates as YYYY-MM-DD, a status charta knows, and periods such as `12 months`";
    DocumentDuplicateId => "document/duplicate-id", Error,
        "Two documents share one id; reported on the second file.",
        "give each document its own id";
    DocumentInvalidSuccessor => "document/invalid-successor", Error,
        "A document's `superseded_by` names no document of the repository, names itself, names one never approved, or stands on a document that is not retired.",
        "name the successor in force by its id, and retire the document (`charta supersede DOC --by OTHER` writes both, once the successor is approved)";
    DocumentBrokenLink => "document/broken-link", Error,
        "A relative link points to a file that does not exist.",
        "correct the link, or add the file it names";
    DocumentIdPattern => "document/id-pattern", Error,
        "The id the document states does not match its collection's `id_pattern`.",
        "give the document an id of the collection's form, or correct `id_pattern` in charta.toml";
    DocumentIdNotInFileName => "document/id-not-in-file-name", Error,
        "The document's file name does not hold the id it states, and its collection has `id_in_file_name = true`.",
        "rename the file to hold its id (such as `SOP-012-access-review.md`), or correct the id";
    DocumentTitleIsFileName => "document/title-is-file-name", Warning,
        "The front matter's title is a file name (`access-control.md`), not a title readers can use.",
        "write the document's title in `title:`, such as its first heading";
    RosterUnknownPerson => "roster/unknown-person", Error,
        "An author or revision author is not in the roster, or an owner is neither a person nor a role.",
        "add the person to the roster, or name them by their roster id, name, email or alias";
    RosterMissing => "roster/missing", Warning,
        "No one is in the people roster (its file is missing, or lists no one), and the documents name people as owners, authors or approvers: none of them can be checked. Said once.",
        "write the roster (`roster.yaml`: `charta init` writes one, `charta schema roster` gives its form), or name its file in charta.toml (`roster = \"people.yaml\"`)";
    RosterOwnerInactive => "roster/owner-inactive", Warning,
        "A person the roster says is not active today (`active_from`, `active_until`) owns documents: no one active owns them, and their reviews fall to no one. Said once per person, at their roster entry, naming every document they own.",
        "name an active person or a role as each document's `owner`, or correct the roster's dates";
    RosterDuplicateId => "roster/duplicate-id", Error,
        "Two people of the roster have one id, or ids that would name one person page (`j smith`, `J-Smith`); reported on the second.",
        "give each person an id of their own that differs in more than case, spaces or punctuation";
    RosterAmbiguousName => "roster/ambiguous-name", Error,
        "An id, name, email or alias of one person of the roster is also a name of another, so it stands for neither.",
        "remove it from one of the two entries, or tell the two apart (people who share a name need names that differ)";
    RosterInvalidKey => "roster/invalid-key", Error,
        "A signing key of the roster (`keys:`) cannot be read: not a public key line of SSH, not an OpenPGP public key block, and not the path of a file inside the repository holding one.",
        "paste the key as `ssh-keygen -y` or `gpg --armor --export` prints it, or give the path (from the repository's root) of a file holding it";
    RosterDuplicateKey => "roster/duplicate-key", Error,
        "A signing key is listed twice in the roster: a key listed for two people proves nothing of either.",
        "keep each key under the one person who holds it";
    RevisionOutOfOrder => "revision/out-of-order", Error,
        "Revision dates are not in order: oldest-first and newest-first are both fine, mixed is not.",
        "reorder the entries, or correct the date";
    RevisionVersionNotIncreasing => "revision/version-not-increasing", Error,
        "A revision's version is lower than the version before it.",
        "give each change a higher version than the one before";
    RevisionDuplicateVersion => "revision/duplicate-version", Error,
        "Two change entries carry the same version (a `type: review` entry may repeat it).",
        "give the change a new version, or mark a review that changed nothing `type: review`";
    RevisionFutureDate => "revision/future-date", Error,
        "A revision is dated after today.",
        "correct the date; record a change when it is made";
    RevisionVersionMismatch => "revision/version-mismatch", Error,
        "The document's `version` is not the version of its latest revision entry.",
        "set `version` to the latest revision's version, or add the revision entry";
    RevisionIncomplete => "revision/incomplete", Warning,
        "A revision entry has no author or no summary.",
        "say who made the change and what it was";
    ApprovalMissing => "approval/missing", Error,
        "The document says it is approved but names no approver or no approval date.",
        "add `approvers` and `approval_date`, or set the status to `draft` or `review`";
    ApprovalSelfApproved => "approval/self-approved", Error,
        "An approver is one of the document's authors or wrote its latest change (separation of duties).",
        "have someone who did not write the change approve it";
    ApprovalUnknownApprover => "approval/unknown-approver", Error,
        "An approver is not in the roster, so nobody can tell who approved the document.",
        "add the approver to the roster, or name them by their roster id, name, email or alias";
    ApprovalRoleNotAllowed => "approval/role-not-allowed", Error,
        "An approver holds none of the roles `[approval.roles]` allows for the document's kind.",
        "have someone with an allowed role approve, or change `[approval.roles]`";
    ApprovalRoleHeldByNoOne => "approval/role-held-by-no-one", Error,
        "No one in the roster holds any of the roles `[approval.roles]` allows for a kind, so no document of that kind can be approved: said once, at charta.toml's line, for every document it leaves unapproved.",
        "correct the role's name in `[approval.roles]` (it must be written as roster.yaml writes it), or give the role to the people who approve";
    ApprovalTooFewApprovers => "approval/too-few-approvers", Error,
        "The document has fewer approvers than `[approval] min_approvers`.",
        "add approvers until the minimum is met";
    ApprovalPredatesRevision => "approval/predates-revision", Error,
        "The approval is older than the latest content change, so the change was never approved. Not said of a draft or a version in review, whose approval is the version in force's.",
        "have the changed document approved again and update `approval_date`; a review that changed nothing is `type: review`";
    ApprovalFutureDate => "approval/future-date", Error,
        "The approval date is after today.",
        "correct `approval_date`";
    ApprovalEffectiveBeforeApproval => "approval/effective-before-approval", Error,
        "The effective date is before the approval date: a version cannot take effect before it is approved. Its in-force period starts on its approval date. Not said of a draft or a version in review.",
        "set `effective_date` to the approval date or later, or remove it";
    ApprovalApproverInactive => "approval/approver-inactive", Error,
        "An approver was not active (roster `active_from`..`active_until`) on the approval date.",
        "have a current member of staff approve, or correct the roster dates";
    ReviewOverdue => "review/overdue", Error,
        "The document's periodic review is overdue.",
        "review the document, then record it as a `type: review` revision (or approve a new version)";
    ReviewDueSoon => "review/due-soon", Warning,
        "The document's periodic review falls due within `[review] warn_before`.",
        "plan the review with the document's owner";
    ReviewNextBeyondPeriod => "review/next-beyond-period", Warning,
        "`next_review` is later than the last review or approval plus the review period: the review falls due when the period says, and the later date postpones nothing.",
        "set `next_review` no later than the date the finding names, or remove it; a longer schedule is a longer `review_period`, approved like any change";
    ReviewFutureDate => "review/future-date", Error,
        "The document says it was last reviewed on a day after today (`last_reviewed`), which would put its next review off by as long.",
        "correct `last_reviewed` to the day the review was done";
    ReviewPeriodTooLong => "review/period-too-long", Error,
        "The document's review period is longer than `[review] max_period`.",
        "shorten `review_period` to at most the maximum";
    ReviewNoPeriod => "review/no-period", Warning,
        "Documents in force have no review period and charta.toml's `[review] period` is \"none\"; said once, at charta.toml.",
        "set `[review] period` in charta.toml (such as \"12 months\"), or give each document a `review_period`";
    ControlNotApplicable => "control/not-applicable", Warning,
        "The document says it implements a control that the Statement of Applicability in charta.toml declares not applicable.",
        "remove the control from the document's `controls`, or declare it applicable in `[[frameworks]]` with its justification";
    ControlUnknown => "control/unknown", Warning,
        "The document names a control that its framework in charta.toml does not declare (a typo, or a control of another edition).",
        "correct the control's id, or add the control to its framework's `controls` in charta.toml";
    EvidenceUnsignedChange => "evidence/unsigned-change", Error,
        "Commits that changed the document are not signed, or are signed by a key no person of the roster holds (`[evidence] signed_commits`).",
        "sign commits (`git config commit.gpgsign true`) with a key listed under your `keys:` in the roster";
    EvidenceUnprovenApproval => "evidence/unproven-approval", Error,
        "No approver signed the approval the document states: not the commit that recorded it, the merge that brought it to the main line, or an annotated tag on them (`[evidence] proven_approvals`).",
        "have one of the approvers sign the commit that records the approval, or the merge or tag that takes it to the main line";
    EvidenceBadSignature => "evidence/bad-signature", Error,
        "A signature on a commit that changed the document does not verify: the commit is not what was signed, or the signature cannot be read.",
        "find out how the commit came to differ from what was signed; re-sign the change from a trusted copy";
    EvidenceRevokedKey => "evidence/revoked-key", Error,
        "A commit that changed the document is signed by a key of the roster that was revoked or had expired by the day it was signed, or is dated after the last day the roster says the key was in use (`until:`).",
        "sign with a key in force, and list the new key under the person's `keys:`";
    EvidenceUnpromotedChange => "evidence/unpromoted-change", Error,
        "A change to the document reached the release branch other than by a merge from a branch `[evidence] promote_from` allows (committed onto it, or merged from elsewhere).",
        "make changes on a branch of `promote_from` and merge them into the release branch; protect the release branch so nothing is pushed to it directly";
    CollectionEmpty => "collection/empty", Warning,
        "A collection holds no Markdown document while others do, so nothing was checked there; said at its `[[collections]]` table.",
        "add the collection's documents, correct its `path`, or remove the collection from charta.toml";
    CollectionMissingFolder => "collection/missing-folder", Error,
        "The folder a `[[collections]]` table of charta.toml names does not exist, so nothing was checked there; said at the table, and the rest of the repository is checked.",
        "correct the `path` (it is relative to the repository root), remove the collection, or create the folder (git keeps no empty folder: put a `.gitkeep` file in it)";
    CollectionUncoveredFolder => "collection/uncovered-folder", Warning,
        "A folder outside every collection holds Markdown files whose front matter states what a controlled document states (an owner, approvers, a status, a review schedule): none of them is checked or published; said once per folder, at its first such file.",
        "add a `[[collections]]` table for the folder to charta.toml, or name it in `exclude` if its files are not controlled documents";
    CollectionShadowed => "collection/shadowed", Warning,
        "A collection's folder holds Markdown documents, but a collection listed before it holds them too and names them (a file belongs to the first collection that holds it), so this collection's kind and settings apply to none of them; said at its `[[collections]]` table.",
        "list this collection before the one that holds its folder in charta.toml, or remove it";
    HistoryChangedAfterApproval => "history/changed-after-approval", Error,
        "The document's text changed in commits after the one that recorded its approval, and no new approval records the change.",
        "record the change as a revision entry and have it approved (a new `approval_date`: approvers or a version alone are no new approval), or undo it";
    HistoryReviewPeriodLengthened => "history/review-period-lengthened", Error,
        "The document's review period was made longer (or removed) after the approval it states was recorded, and no new approval records the longer period: the review falls due as the approved period says.",
        "have the longer period approved (a new `approval_date`), or restore the approved period";
    HistoryReinstatedWithoutApproval => "history/reinstated-without-approval", Error,
        "A commit retired the document, and a later one put it back in force under the approval it stated before it was retired: no approval records the reinstatement.",
        "have the reinstated document approved (a new `approval_date`, `charta approve`), or set its status back to `retired`";
    HistoryApproverAuthoredChange => "history/approver-authored-change", Warning,
        "An approver of the approval the document states is, as git records it, the author of a commit of the change that approval approved (separation of duties, judged by the commits). A merge counts as its branch's commits. Said once per document, naming the commits.",
        "have someone who made none of the change approve it; where the approver only merged or squashed another's commits, keep their author in git (merge with `--no-ff`, or `git commit --author`)";
    HistoryIdReused => "history/id-reused", Warning,
        "The document states the id of a document removed from the repository, and does not go on from it (its first text does not hold the removed one's newest revision entry, or its version is lower, or it was there first): another document under an id that was taken. Their versions are kept apart.",
        "give the document an id of its own (`charta new` picks one no document of the history has had); if it is the removed document moved, keep its revision entries";
    HistoryUnrecordedChange => "history/unrecorded-change", Warning,
        "A new approval was recorded for a text that changed since the approval before it, with no revision entry for the change.",
        "add a revision entry for the change (version, date, author, summary), dated between the approval before and the one that recorded it: the finding names the days";
    HistoryUnreadable => "history/unreadable", Error,
        "git could not give a committed version of the document, so a change to it could not be compared.",
        "run `git fsck` to find what the repository lacks, then repair it (fetch again, or clone anew)";
    HistoryShallowClone => "history/shallow-clone", Error,
        "The git history is truncated (a shallow clone, as CI checks out by default): the history rules are not run, and the site is built as outside git (no versions, redlines or release snapshots), since what a cut-off history shows (its first commit as every document's author) is not so.",
        "fetch the whole history: `git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions";
    HistoryPartialClone => "history/partial-clone", Error,
        "The clone is partial (`git clone --filter`, `filter:` in GitHub Actions' checkout): git fetches a committed text only when a git command asks for it, and charta reads the repository itself, so past texts are not there: the history rules are not run, and the site is built as outside git.",
        "clone without `--filter` (in GitHub Actions, leave `filter:` unset, with `fetch-depth: 0`)";
    HistoryLongBranch => "history/long-branch", Warning,
        "A merge brought in a branch of more commits than charta reads of one (250): what its earlier commits did to the documents the merge changed is not compared.",
        "check those documents' history on the branch by hand, or merge long-lived branches more often";
    HistoryDatedAfterToday => "history/dated-after-today", Warning,
        "A commit that changed the document is dated after the day of the check, by more than a time zone makes: no commit can have been made after today, so its author's clock was wrong or the date was written by hand, and the days the site counts from it (a version in force from then, the one before until then) did not happen. Said once for every such commit, naming the first three.",
        "find the right day (the commits around it, the pull request, the forge's record of the push) and state it in the revision entry; correct the commit's date only if it is not yet shared (`git commit --amend --date`), and set the clock of the machine that made it; or, where `--today` was set to a day before the history ends, check as of today";
    HistoryCommittedTogether => "history/committed-together", Note,
        "Two approvals or more of the document came onto the main line in commits committed on one day, though written on days before it: a rebase (a pull request's commits rebased onto the line, or the line's own history rewritten). Each counts from the day it was committed, so only the last is in force from that day and the others never were on their own; had the commits replaced ones already on the line, the days those versions were in force before are not in the history.",
        "nothing to change for a pull request rebased onto the line; if the main line's history was rewritten (a force-push), keep the record of when each version was in force from before the rewrite (the old commits, the forge's log of the push), and protect the branch against rewrites";
    HistoryNotARepository => "history/not-a-repository", Note,
        "The root is not inside a git repository, so there are no past versions, diffs or history rules.",
        "run charta in a clone of the repository to get versions and history checks";
    WaiverExpired => "waiver/expired", Error,
        "A waiver in charta.toml has passed its expiry date.",
        "fix what it waived and remove the waiver, or renew it with a new reason and date";
}

/// A rule is written as its id.
impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_namespaced() {
        let mut ids: Vec<_> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert!(ids.iter().all(|id| id.contains('/')));
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }

    #[test]
    fn rules_compare_in_catalogue_order() {
        // The findings page lists rules in their `Ord` order, meaning the catalogue's.
        assert!(Rule::ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
