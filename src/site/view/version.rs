//! Stage 4: what templates see of a document's versions: a line of its "Versions" table, each
//! commit that changed a version again, and the commits of a version.

use serde::{Deserialize, Serialize};

/// One line of the "Versions" table on a document's page.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub label: String,
    pub date: String,
    pub author: String,
    pub commit: String,
    /// Its first commit's full id ("" for a working copy's version), for a link on the forge.
    pub commit_id: String,
    /// Each later commit that changed this version without a new version label, oldest first,
    /// with its own redline.
    pub changes: Vec<Change>,
    /// Who approved it and when: the approval that put it in force.
    pub approvers: String,
    pub approved: String,
    /// A later approval of the same words (a review), "DAY by NAMES"; "" when none.
    pub again: String,
    /// The page showing this version (the document's own page for the current one).
    pub page: String,
    /// The redline from the previous version, if there is one.
    pub diff: Option<String>,
    pub current: bool,
    /// The first day this version was in force: its effective date, else its approval date,
    /// else the day its first commit was made; None for a version never in force (a draft, or
    /// one in review).
    pub in_force_from: Option<String>,
    /// The last day it was in force, the day before the next version in force took over; None
    /// while it is in force.
    pub in_force_to: Option<String>,
    /// Its first day in force is after the site's day (`--today`): in force from then, not now.
    pub later: bool,
    /// The day the document was removed after this version, when it was (and came back later):
    /// the version was in force until the day before.
    #[serde(skip)]
    pub removed: Option<String>,
    /// Its commits on the main line, oldest first.
    pub commits: Vec<CommitRef>,
    /// Its approvers, each as the roster names them.
    pub approver_names: Vec<String>,
    /// Its status is retired (or obsolete, withdrawn): withdrawn from its first day in force.
    pub retired: bool,
    /// What the code chain proves of the approval it states (`[evidence]`).
    pub proof: Option<crate::evidence::Proof>,
}

/// A commit that changed a version again under the same label, and the page of its redline.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// What the commit did, in words: "changed again" (the text), "approval recorded",
    /// "approval withdrawn", "status set to approved", "review recorded", "front matter changed".
    pub what: &'static str,
    pub date: String,
    pub commit: String,
    pub commit_id: String,
    /// Who made the commit, as git records it.
    pub author: String,
    pub page: String,
}

/// A commit as the site's machine-readable history gives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitRef {
    pub id: String,
    pub date: String,
    /// Who made the commit, as git records it (the change's author is its revision entry's).
    pub author: String,
    /// For a merge: who made the merged branch's commits that gave the document its text, as
    /// git records them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branch_authors: Vec<String>,
}

impl Change {
    /// What a commit that turned `old` into `new` (one version's texts) did, in words: a
    /// change of the text itself first; else the approval or the review it recorded.
    pub fn what(old: &crate::document::Document, new: &crate::document::Document) -> &'static str {
        use crate::document::{Document, RevisionType};
        fn body(d: &Document) -> &str {
            d.text.get(d.body_start..).unwrap_or_default().trim_end()
        }
        // The approval a text states of its own: its date, and its approvers in any order. A
        // draft or a text in review states none (its approval fields are an earlier version's).
        fn approval(d: &Document) -> Option<(jiff::civil::Date, Vec<&str>)> {
            let m = &d.meta;
            let mut approvers: Vec<&str> = m.own_approvers().iter().map(|a| a.value.trim()).collect();
            approvers.sort_unstable();
            m.own_approval_date().map(|day| (day, approvers))
        }
        // The approval a text writes, its own or, in review, the one before's.
        fn stated(d: &Document) -> Option<(jiff::civil::Date, Vec<&str>)> {
            let m = &d.meta;
            let mut approvers: Vec<&str> = m.approvers.iter().map(|a| a.value.trim()).collect();
            approvers.sort_unstable();
            m.approval_date.as_ref().map(|a| (a.value, approvers))
        }
        let reviews =
            |d: &Document| d.meta.revisions.iter().filter(|r| r.kind == RevisionType::Review).count();
        let reviewed = |d: &Document| d.meta.last_reviewed.as_ref().map(|r| r.value);
        if body(old) != body(new) {
            "changed again"
        } else if approval(new).is_some() && approval(old) != approval(new) {
            // The approval a text in review already wrote, its status set to approved: a
            // withdrawal reverted (nobody approved anything new), or an approval written ahead
            // of its status. What the commit did, and no more.
            if old.meta.pending() && stated(old) == approval(new) {
                "status set to approved"
            } else {
                "approval recorded"
            }
        } else if approval(old).is_some() && approval(new).is_none() {
            // Set back to a draft or to review (a revert of the approval's commit), or its
            // approval taken out.
            "approval withdrawn"
        } else if reviews(new) > reviews(old) || reviewed(new) > reviewed(old) {
            // An entry of type review, or (the T1Pal QMS's form, with no revision list) a later
            // `last_reviewed`.
            "review recorded"
        } else {
            "front matter changed"
        }
    }
}

/// Who made a version's first commit, as its "Commit author" shows it: a person of the roster
/// by their name. A merge made none of what it brought in: the authors of the merged branch's
/// commits that gave the document the text the merge left (since the text the line had before
/// it), then who merged it ("Alice Author (merged by Carol Chief)"; one who merged their own
/// branch is named once); the merge's author alone where the branch was not read or the merge
/// left another text (a conflict resolved in it).
pub fn commit_author(
    roster: &crate::roster::Roster,
    history: &crate::history::History,
    commit: usize,
    (before, blob): (Option<crate::history::BlobId>, Option<crate::history::BlobId>),
) -> String {
    let name = |c: &crate::history::Commit| {
        roster
            .person(&c.email)
            .or(roster.person(&c.author))
            .map_or_else(|| c.author.clone(), |p| p.name.clone())
    };
    let made = &history.commits[commit];
    let branch = branch_commits(history, commit, (before, blob)).map(|commits| {
        let (mut authors, mut merged_own) = (Vec::new(), false);
        for c in commits {
            merged_own |= (!c.email.is_empty() && c.email == made.email) || name(c) == name(made);
            if !authors.contains(&name(c)) {
                authors.push(name(c));
            }
        }
        (authors, merged_own)
    });
    match branch {
        // One who merged their own branch is named once, as its author.
        Some((authors, true)) if !authors.is_empty() => authors.join(", "),
        Some((authors, false)) if !authors.is_empty() => {
            format!("{} (merged by {})", authors.join(", "), name(made))
        }
        _ => name(made),
    }
}

/// For a merge of the line that left a document the text `blob` (the line had `before`): the
/// commits of the merged branch that gave it that text, oldest first. None for another commit,
/// a branch not read, or a merge that left another text (a conflict resolved in it).
fn branch_commits(
    history: &crate::history::History,
    commit: usize,
    (before, blob): (Option<crate::history::BlobId>, Option<crate::history::BlobId>),
) -> Option<Vec<&crate::history::Commit>> {
    let merged = history.merged.get(&commit).filter(|_| history.commits[commit].merge)?;
    let texts =
        merged.files.values().find(|texts| blob.is_some() && texts.last().map(|t| t.blob) == Some(blob))?;
    // From the branch's last text the line already had (a branch made from an earlier one,
    // merged before it): what came before is that branch's, not this one's.
    let from = texts.iter().rposition(|t| before.is_some() && t.blob == before).map_or(0, |i| i + 1);
    texts[from..].iter().map(|t| merged.commits.get(t.commit)).collect()
}

/// A commit of a version as `register.json` gives it: for a merge, with the authors of the
/// merged branch's commits that gave the document its text, as git records them (the merge's
/// own author merged them; a reader of the JSON took them for the change's).
pub fn commit_ref(
    history: &crate::history::History,
    commit: usize,
    texts: (Option<crate::history::BlobId>, Option<crate::history::BlobId>),
) -> CommitRef {
    let c = &history.commits[commit];
    let mut branch_authors: Vec<String> = Vec::new();
    for b in branch_commits(history, commit, texts).unwrap_or_default() {
        if !branch_authors.contains(&b.author) {
            branch_authors.push(b.author.clone());
        }
    }
    CommitRef { id: c.id.clone(), date: c.date.to_string(), author: c.author.clone(), branch_authors }
}

#[cfg(test)]
mod tests {
    use super::Change;
    use crate::document::Document;

    /// Found by a cold review: an approval taken out, or its approvers only put in another
    /// order, was "approval recorded".
    #[test]
    fn a_commit_under_one_label_says_what_it_did() {
        let doc =
            |front: &str, body: &str| Document::parse("a.md", 0, format!("---\n{front}\n---\n{body}\n"));
        let approved = "version: \"1.0\"\napproval_date: 2026-01-10\napprovers: [bob, carol]";
        let cases = [
            ("version: \"1.0\"", "Text.", approved, "Text.", "approval recorded"),
            (approved, "Text.", approved, "Text, edited.", "changed again"),
            (approved, "Text.", "version: \"1.0\"", "Text.", "approval withdrawn"),
            // Bug (a trial of real teams' workflows): a revert of the commit that recorded an
            // approval, setting the text back to review under the approval before, was
            // "approval recorded" by whoever reverted it.
            (
                &format!("{approved}\nstatus: approved"),
                "Text.",
                "version: \"1.0\"\napproval_date: 2025-01-10\napprovers: [bob]\nstatus: review",
                "Text.",
                "approval withdrawn",
            ),
            // Found by a cold review: the withdrawal reverted in turn was "approval recorded" by
            // whoever reverted it, who approved nothing.
            (
                "version: \"1.0\"\napproval_date: 2026-01-10\napprovers: [carol, bob]\nstatus: review",
                "Text.",
                &format!("{approved}\nstatus: approved"),
                "Text.",
                "status set to approved",
            ),
            (
                approved,
                "Text.",
                "version: \"1.0\"\napproval_date: 2026-01-10\napprovers: [carol, bob]",
                "Text.",
                "front matter changed",
            ),
            (
                approved,
                "Text.",
                "version: \"1.0\"\napproval_date: 2026-01-10\napprovers: [bob, carol]\nrevisions:\n  - {version: \"1.0\", date: 2026-06-01, type: review, author: bob, summary: Reviewed.}",
                "Text.",
                "review recorded",
            ),
            // Bug (a QA manager's `charta review` of a T1Pal document, which keeps no revision
            // list): its later `last_reviewed` was "front matter changed".
            (
                approved,
                "Text.",
                &format!("{approved}\nlast_reviewed: 2026-09-20"),
                "Text.",
                "review recorded",
            ),
        ];
        for (before, old, after, new, want) in cases {
            assert_eq!(Change::what(&doc(before, old), &doc(after, new)), want, "{before} -> {after}");
        }
    }
}
