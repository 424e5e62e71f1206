//! The history rules on histories made as teams make them: a change approved on a branch and
//! brought in by a `--no-ff` merge, a squash, a rebase or a cherry-pick, dated after its
//! approval; many edits after an approval; drafting before the first one.

use crate::history::{V1, V2, check, policy};
use crate::support::Repo;
use git2::Oid;

const PATH: &str = "policies/access.md";

/// Commit `files` as Alice on `date` with `parents`, moving HEAD (`main`) or not.
fn commit(r: &Repo, parents: &[Oid], main: bool, date: &str, message: &str, files: &[(&str, &str)]) -> Oid {
    r.commit_on(parents, main, date, "Alice", message, files)
}

/// Version 1.0, approved on 2025-01-10: the main line's first commit.
fn approved_one(r: &Repo) -> Oid {
    commit(
        r,
        &[],
        true,
        "2025-01-10",
        "Access policy 1.0",
        &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))],
    )
}

/// Version 1.1 as its pull request approved it on 2025-05-30: the text, the version, the
/// approval date and the revision entry together.
fn one_one() -> String {
    policy("1.1", "2025-05-30", V2, "Twelve.")
}

/// The rule ids of `check`'s findings on `r` that are about history.
fn history_findings(r: &Repo) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&check(&r.site)).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("history/"))
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect()
}

#[test]
fn a_change_approved_on_a_branch_and_merged_later_is_not_a_change_after_approval() {
    // --no-ff: the branch's commit, then a merge commit on the main line dated days later.
    let r = Repo::new();
    let main = approved_one(&r);
    let branch = commit(&r, &[main], false, "2025-05-30", "Stronger passwords", &[(PATH, &one_one())]);
    commit(&r, &[main, branch], true, "2025-06-03", "Merge pull request #7", &[]);
    assert_eq!(history_findings(&r), Vec::<String>::new(), "--no-ff merge");

    // Squash: one commit on the main line, dated at the merge.
    let r = Repo::new();
    let main = approved_one(&r);
    commit(&r, &[main], true, "2025-06-03", "Stronger passwords (#7)", &[(PATH, &one_one())]);
    assert_eq!(history_findings(&r), Vec::<String>::new(), "squash");

    // Rebase (or a fast-forward): the branch's commits on the main line as they were made, the
    // text edited first and approved in a later commit.
    let r = Repo::new();
    let main = approved_one(&r);
    let edited = policy("1.0", "2025-01-10", V1, "Twelve.");
    let edit = commit(&r, &[main], true, "2025-05-20", "Draft stronger passwords", &[(PATH, &edited)]);
    commit(&r, &[edit], true, "2025-05-30", "Approve 1.1", &[(PATH, &one_one())]);
    assert_eq!(history_findings(&r), Vec::<String>::new(), "rebase");

    // Cherry-pick: the approved change on the main line with the date it was first made, after
    // a later commit there.
    let r = Repo::new();
    let main = approved_one(&r);
    let other = commit(&r, &[main], true, "2025-07-01", "Unrelated", &[("README.md", "Policies.\n")]);
    commit(&r, &[other], true, "2025-05-30", "Stronger passwords", &[(PATH, &one_one())]);
    assert_eq!(history_findings(&r), Vec::<String>::new(), "cherry-pick");
}

#[test]
fn a_merge_that_brings_in_an_unapproved_edit_is_a_change_after_approval() {
    let r = Repo::new();
    let main = approved_one(&r);
    let edited = policy("1.0", "2025-01-10", V1, "Six.");
    let branch = commit(&r, &[main], false, "2025-05-30", "Relax", &[(PATH, &edited)]);
    commit(&r, &[main, branch], true, "2025-06-03", "Merge pull request #8", &[]);
    let found = history_findings(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("history/changed-after-approval") && found[0].contains("Merge pull request #8")
    );
}

#[test]
fn sixteen_edits_after_approval_are_one_finding_naming_the_first_and_the_last() {
    let r = Repo::new();
    let mut head = approved_one(&r);
    for i in 1..=16 {
        let text = policy("1.0", "2025-01-10", V1, &format!("Edit {i}."));
        head = commit(&r, &[head], true, &format!("2025-02-{i:02}"), &format!("Edit {i}"), &[(PATH, &text)]);
    }
    let found = history_findings(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert!(f.contains("16 commits changed it since"), "{f}");
    assert!(
        f.contains("the first, commit ") && f.contains("on 2025-02-01") && f.contains("\"Edit 1\""),
        "{f}"
    );
    assert!(
        f.contains("the last, commit ") && f.contains("on 2025-02-16") && f.contains("\"Edit 16\""),
        "{f}"
    );
}

#[test]
fn drafting_before_the_first_approval_is_not_reported() {
    let r = Repo::new();
    let draft = |body: &str| {
        policy("0.1", "2025-01-10", V1, body)
            .replace("approval_date: 2025-01-10\n", "")
            .replace("status: approved", "status: draft")
    };
    let mut head = commit(&r, &[], true, "2025-01-01", "Draft", &[(PATH, &draft("A."))]);
    for (i, body) in ["B.", "C.", "D.", "E."].iter().enumerate() {
        head = commit(&r, &[head], true, &format!("2025-01-0{}", i + 2), "Draft", &[(PATH, &draft(body))]);
    }
    commit(&r, &[head], true, "2025-01-10", "Approve 1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "E."))]);
    assert_eq!(history_findings(&r), Vec::<String>::new());
}

/// Move `from` to `to` in the working tree (as `git mv` does), with `text` if given.
fn move_file(r: &Repo, from: &str, to: &str, text: Option<&str>) {
    let old = r.site.root().join(from);
    let moved = text.map_or_else(|| std::fs::read_to_string(&old).unwrap(), str::to_owned);
    std::fs::remove_file(&old).unwrap();
    r.site.write(to, &moved);
}

/// 1.0 approved, then an edit nobody approved: the history every move below starts from.
fn approved_then_edited(r: &Repo) -> Oid {
    let main = approved_one(r);
    let edited = policy("1.0", "2025-01-10", V1, "Six.");
    commit(r, &[main], true, "2025-02-01", "Relax the rule", &[(PATH, &edited)])
}

/// The history rule findings of `r`: exactly one, a change after approval naming the edit.
fn assert_the_edit_is_reported_once(r: &Repo, case: &str) {
    let found = history_findings(r);
    assert_eq!(found.len(), 1, "{case}: {found:#?}");
    assert!(found[0].starts_with("history/changed-after-approval"), "{case}: {found:#?}");
    assert!(found[0].contains("\"Relax the rule\""), "{case}: {found:#?}");
}

#[test]
fn regression_a_move_erased_the_history_that_showed_a_change_after_approval() {
    // A file moved as it is.
    let r = Repo::new();
    let head = approved_then_edited(&r);
    move_file(&r, PATH, "policies/security/access.md", None);
    commit(&r, &[head], true, "2025-03-01", "Move", &[]);
    assert_the_edit_is_reported_once(&r, "file moved");

    // A whole folder moved, with another document in it.
    let r = Repo::new();
    let main = approved_one(&r);
    let other = policy("1.0", "2025-01-10", V1, "Other.").replace("POL-009", "POL-010");
    let main = commit(&r, &[main], true, "2025-01-11", "Other", &[("policies/other.md", &other)]);
    let edited = policy("1.0", "2025-01-10", V1, "Six.");
    let head = commit(&r, &[main], true, "2025-02-01", "Relax the rule", &[(PATH, &edited)]);
    move_file(&r, PATH, "policies/moved/access.md", None);
    move_file(&r, "policies/other.md", "policies/moved/other.md", None);
    commit(&r, &[head], true, "2025-03-01", "Reorganise", &[]);
    assert_the_edit_is_reported_once(&r, "folder moved");

    // Moved and edited in the same commit (still more than half the same lines).
    let r = Repo::new();
    let head = approved_then_edited(&r);
    let edited = policy("1.0", "2025-01-10", V1, "Six.\n\nSee also the backup policy.");
    move_file(&r, PATH, "policies/access-control.md", Some(&edited));
    commit(&r, &[head], true, "2025-03-01", "Rename and link", &[]);
    let found = history_findings(&r);
    assert_eq!(found.len(), 1, "moved with edits: {found:#?}");
    assert!(found[0].contains("2 commits changed it since"), "{found:#?}");

    // Only the letter case of its name changed.
    let r = Repo::new();
    let head = approved_then_edited(&r);
    move_file(&r, PATH, "policies/Access.md", None);
    commit(&r, &[head], true, "2025-03-01", "Rename", &[]);
    assert_the_edit_is_reported_once(&r, "case-only rename");
}

#[test]
fn a_moved_documents_page_lists_its_versions_from_before_the_move() {
    let r = Repo::new();
    let main = approved_one(&r);
    let head = commit(&r, &[main], true, "2025-05-30", "1.1", &[(PATH, &one_one())]);
    move_file(&r, PATH, "policies/security/access.md", None);
    commit(&r, &[head], true, "2025-06-01", "Move", &[]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("policies/security/access/index.html");
    assert!(page.contains("v1.0/index.html") && page.contains("v1.1/diff/index.html"), "{page}");
}

#[test]
fn regression_every_revision_row_cited_the_commit_where_its_version_first_appeared() {
    // Version 1.0 approved, then reviewed once a year for ten years, each review its own commit.
    let r = Repo::new();
    let mut head = approved_one(&r);
    let mut rows = String::new();
    let mut reviews = Vec::new();
    for year in 2016..2026 {
        let date = format!("{year}-03-01");
        rows.push_str(&format!(
            "  - version: \"1.0\"\n    date: {date}\n    type: review\n    author: alice\n    summary: Reviewed in {year}.\n"
        ));
        let text = policy("1.0", "2025-01-10", V1, "Eight.")
            .replace("---\n\n# Access", &format!("{rows}---\n\n# Access"));
        head = commit(&r, &[head], true, &date, &format!("Review {year}"), &[(PATH, &text)]);
        reviews.push((head, date));
    }
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("policies/access/index.html");
    for (oid, date) in &reviews {
        let cited = format!("commit <code>{} {date}</code>", &oid.to_string()[..8]);
        assert!(page.contains(&cited), "the {date} review row does not cite its commit {cited}:\n{page}");
    }
}

#[test]
fn a_release_snapshot_is_dated_by_its_annotated_tag_and_gives_its_own_address() {
    let r = Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap().replace(
        "title = \"Rules fixture\"",
        "title = \"Rules fixture\"\nbase_url = \"https://isms.example.org/\"",
    );
    let one = commit(
        &r,
        &[],
        true,
        "2025-01-10",
        "1.0",
        &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight.")), ("charta.toml", &config)],
    );
    // Tagged a week after its commit, with a message.
    let seconds = jiff::civil::date(2025, 1, 17).at(9, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).unwrap();
    let tagger = git2::Signature::new(
        "Carol",
        "carol@example.org",
        &git2::Time::new(seconds.timestamp().as_second(), 0),
    )
    .unwrap();
    let object = r.repo.find_object(one, None).unwrap();
    r.repo
        .tag("v1", &object, &tagger, "ISMS release 1: approved by the board on 2025-01-16.\n", false)
        .unwrap();
    commit(&r, &[one], true, "2025-05-30", "1.1", &[(PATH, &one_one())]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/v1/policies/access/index.html");
    assert!(page.contains("release <strong>v1</strong> of 2025-01-17"), "dated by its tag:\n{page}");
    assert!(page.contains("ISMS release 1: approved by the board on 2025-01-16."), "its message:\n{page}");
    assert!(
        page.contains("https://isms.example.org/releases/v1/policies/access/"),
        "its own address:\n{page}"
    );
}

#[test]
fn a_redline_credits_the_change_to_its_revision_entrys_author_and_names_the_committer_apart() {
    let r = Repo::new();
    let one = approved_one(&r);
    // Carol commits the change Alice wrote (her name is on the revision entry).
    r.commit_on(&[one], true, "2025-05-30", "Carol", "Apply reviewed change", &[(PATH, &one_one())]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diff = crate::support::strip_tags(&r.site.page("policies/access/v1.1/diff/index.html"));
    assert!(diff.contains("Author of the changeAlice Author"), "{diff}");
    assert!(diff.contains("Commit authorCarol"), "{diff}");
    // Bug (a cold read as an auditor): the commit's author (git's, the date its author gave)
    // was headed "Committed by": after a rebase, or a commit applied by someone else, that is
    // not who committed it, nor when.
    let page = crate::support::strip_tags(&r.site.page("policies/access/index.html"));
    assert!(!diff.contains("Committed") && !page.contains("Committed"), "{diff}\n{page}");
    assert!(page.contains("CommitCommit author"), "{page}");
}

#[test]
fn a_document_removed_and_added_back_at_another_path_keeps_its_history_by_its_id() {
    // Removed in one commit, re-created under a new folder in the next, with a new body too
    // (git sees no rename): the same id, so the same document.
    let r = Repo::new();
    let head = approved_then_edited(&r);
    let text = std::fs::read_to_string(r.site.root().join(PATH)).unwrap();
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    let head = commit(&r, &[head], true, "2025-03-01", "Remove the old policy", &[]);
    let rewritten =
        text.replace("Six.", "Six characters, as the new policy says.\n\nA longer text than before.");
    commit(
        &r,
        &[head],
        true,
        "2025-03-02",
        "Add the policy back",
        &[("policies/security/access.md", &rewritten)],
    );
    let found = history_findings(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("history/changed-after-approval") && found[0].contains("\"Relax the rule\""),
        "{found:#?}"
    );
    // Nor is the site's record of it a document removed from the repository: it lives on.
    let run = r.site.build(&[]);
    assert!(run.stderr.contains("built"), "{}", run.stderr);
    let register = std::fs::read_to_string(r.site.out().join("register.json")).unwrap();
    assert!(register.contains("\"removed\":[]"), "{register}");
}

#[test]
fn regression_a_redline_named_one_commit_but_showed_the_text_of_a_later_one() {
    // 1.1 committed, then changed again under the same version label after its approval: the
    // redline shows 1.1 as approved, the text of the commit it names, and links the change
    // made after (which names the later commit: `redlines.rs`).
    let r = Repo::new();
    let one = approved_one(&r);
    let first = r.commit_on(&[one], true, "2025-05-30", "Alice", "Stronger passwords", &[(PATH, &one_one())]);
    let again = policy("1.1", "2025-05-30", V2, "Twelve, and a passphrase.");
    let second =
        r.commit_on(&[first], true, "2025-06-02", "Mallory", "Tweak after approval", &[(PATH, &again)]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diff = r.site.page("policies/access/v1.1/diff/index.html");
    let listed = |oid: git2::Oid| diff.contains(&format!("<code>{}</code>", &oid.to_string()[..8]));
    assert!(listed(first) && diff.contains("Stronger passwords"), "{diff}");
    assert!(!listed(second) && !crate::support::strip_tags(&diff).contains("passphrase"), "{diff}");
    assert!(diff.contains("Changed after its approval."), "{diff}");
}

/// Bug (a cold try of team histories): an octopus merge (`git merge pr1 pr2`) was read as its
/// second parent's branch only: a policy approved on the third parent's branch and edited after
/// the approval there passed, while the same branches merged one by one (or in the other order)
/// reported the edit.
#[test]
fn an_edit_after_approval_on_any_branch_of_an_octopus_merge_is_reported() {
    const OTHER: &str = "policies/backup.md";
    let other = |body: &str| policy("1.0", "2025-03-05", V1, body).replace("POL-009", "POL-010");
    let r = Repo::new();
    let main = approved_one(&r);
    let approved = commit(&r, &[main], false, "2025-03-05", "Approve backup", &[(OTHER, &other("Daily."))]);
    let edited = other("Weekly.");
    let second = commit(&r, &[approved], false, "2025-03-07", "Relax backups", &[(OTHER, &edited)]);
    std::fs::remove_file(r.site.root().join(OTHER)).unwrap();
    let first = commit(
        &r,
        &[main],
        false,
        "2025-03-06",
        "Approve 1.1",
        &[(PATH, &policy("1.1", "2025-03-06", V2, "Two."))],
    );
    commit(&r, &[main, first, second], true, "2025-03-10", "Merge both", &[(OTHER, &edited)]);
    let found = history_findings(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("history/changed-after-approval"), "{found:#?}");
    assert!(found[0].contains("\"Relax backups\""), "{found:#?}");
}

/// Bug (a cold try of team histories): a merged branch of more than 250 commits was read to
/// its latest 250, silently: an edit made after an approval on it, followed by 250 commits of
/// other files, went unreported, and nothing said the branch was read in part.
#[test]
fn a_merged_branch_read_only_in_part_is_said() {
    let r = Repo::new();
    let main = approved_one(&r);
    let approved = policy("1.1", "2025-06-01", V2, "Two.");
    let mut head = commit(&r, &[main], false, "2025-06-01", "Approve 1.1", &[(PATH, &approved)]);
    head = commit(&r, &[head], false, "2025-06-02", "Edit", &[(PATH, &approved.replace("Two.", "Three."))]);
    let long = |r: &Repo, from: Oid, n: usize| {
        (0..n).fold(from, |at, i| {
            commit(r, &[at], false, "2025-06-03", "Work", &[("notes.txt", &i.to_string())])
        })
    };
    let said = |r: &Repo| -> Vec<serde_json::Value> {
        let json: serde_json::Value = serde_json::from_str(&check(&r.site)).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "history/long-branch")
            .cloned()
            .collect()
    };
    let tip = long(&r, head, 250);
    commit(&r, &[main, tip], true, "2025-06-10", "Merge", &[]);
    let found = said(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["path"], "charta.toml");
    assert_eq!(found[0]["also"], serde_json::json!([PATH]));
    assert!(found[0]["message"].as_str().unwrap().contains("only its latest 250 were read"), "{found:#?}");
    // Renamed since (a cold review): named as it is now, so a check of it shows the finding.
    let text = std::fs::read_to_string(r.site.root().join(PATH)).unwrap();
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    commit(
        &r,
        &[r.repo.head().unwrap().target().unwrap()],
        true,
        "2025-06-20",
        "Rename",
        &[("policies/access-control.md", &text)],
    );
    assert_eq!(said(&r)[0]["also"], serde_json::json!(["policies/access-control.md"]));
    // 250 commits of its own in all: read whole, and the edit is said.
    let r = Repo::new();
    let main = approved_one(&r);
    let mut head = commit(&r, &[main], false, "2025-06-01", "Approve 1.1", &[(PATH, &approved)]);
    head = commit(&r, &[head], false, "2025-06-02", "Edit", &[(PATH, &approved.replace("Two.", "Three."))]);
    let tip = long(&r, head, 248);
    commit(&r, &[main, tip], true, "2025-06-10", "Merge", &[]);
    assert!(said(&r).is_empty());
    assert_the_edit_is_reported_once_as(&r, "\"Edit\"");
}

/// The history rule findings of `r`: one, a change after approval naming `commit`.
fn assert_the_edit_is_reported_once_as(r: &Repo, commit: &str) {
    let found = history_findings(r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("history/changed-after-approval") && found[0].contains(commit),
        "{found:#?}"
    );
}

/// Bug (a cold review of the octopus fix): with one branch approving the same words again
/// and another editing them, the octopus merge's texts were read as one branch, the edit
/// after the approval: the edit passed as approved.
#[test]
fn an_octopus_merge_of_a_review_and_an_edit_reports_the_edit() {
    let r = Repo::new();
    let main = approved_one(&r);
    let one = std::fs::read_to_string(r.site.root().join(PATH)).unwrap();
    let line = commit(&r, &[main], true, "2025-06-02", "Other", &[("notes.txt", "x")]);
    let reviewed = policy("1.0", "2025-06-01", V1, "Eight.");
    let review = commit(&r, &[main], false, "2025-06-01", "Review", &[(PATH, &reviewed)]);
    let edit = commit(&r, &[main], false, "2025-06-02", "Edit", &[(PATH, &one.replace("Eight.", "Six."))]);
    let merged = reviewed.replace("Eight.", "Six.");
    commit(&r, &[line, review, edit], true, "2025-06-03", "Merge both", &[(PATH, &merged)]);
    let found = history_findings(&r);
    assert!(found.iter().any(|f| f.starts_with("history/changed-after-approval")), "{found:#?}");
}

/// Bug (the same review): a long-lived branch merged again was said to be read in part: its
/// walk counted the commits merged the first time.
#[test]
fn a_long_lived_branch_merged_again_is_not_said_to_be_read_in_part() {
    let r = Repo::new();
    let main = approved_one(&r);
    let work = |r: &Repo, from: Oid, n: usize, day: &str| {
        (0..n)
            .fold(from, |at, i| commit(r, &[at], false, day, "Work", &[("notes.txt", &format!("{day} {i}"))]))
    };
    let develop = work(&r, main, 200, "2025-02-01");
    let develop = commit(
        &r,
        &[develop],
        false,
        "2025-02-02",
        "1.1",
        &[(PATH, &policy("1.1", "2025-02-02", V2, "Two."))],
    );
    let merged = commit(&r, &[main, develop], true, "2025-02-03", "Merge", &[]);
    let develop = work(&r, develop, 100, "2025-03-01");
    let text = policy("1.1", "2025-03-02", V2, "Three.");
    let develop = commit(&r, &[develop], false, "2025-03-02", "1.1 again", &[(PATH, &text)]);
    commit(&r, &[merged, develop], true, "2025-03-03", "Merge again", &[]);
    let json: serde_json::Value = serde_json::from_str(&check(&r.site)).unwrap();
    let long: Vec<_> =
        json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "history/long-branch").collect();
    assert!(long.is_empty(), "{long:#?}");
}
