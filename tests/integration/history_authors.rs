//! `history/approver-authored-change`: separation of duties as the commits record it. The
//! front matter names `alice` as the author and `bob` as the approver; git says who made each
//! commit of the change.

use crate::history::{V1, V2, policy};
use crate::support::Repo;

const PATH: &str = "policies/access.md";

/// The findings of the rule, as `line: message`.
fn flagged(r: &Repo) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&crate::history::check(&r.site)).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "history/approver-authored-change")
        .map(|f| format!("{}:{}: {}", f["path"].as_str().unwrap(), f["line"], f["message"].as_str().unwrap()))
        .collect()
}

/// 1.0 written by Alice and approved by Bob, committed by Alice.
fn first_issue() -> (Repo, git2::Oid) {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let v1 = r.commit(
        "2025-01-10",
        "Alice",
        "Access policy 1.0",
        &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))],
    );
    (r, v1)
}

/// Bug: the approver of 1.1 made its change himself (the front matter says Alice wrote it), and
/// nothing said so: separation of duties was judged by the front matter only.
#[test]
fn an_approver_who_committed_the_change_they_approved_is_flagged() {
    let (r, _) = first_issue();
    r.commit("2025-05-30", "Bob", "Longer passwords", &[(PATH, &policy("1.0", "2025-01-10", V1, "Twelve."))]);
    r.commit(
        "2025-06-01",
        "Alice",
        "Access policy 1.1",
        &[(PATH, &policy("1.1", "2025-06-01", V2, "Twelve."))],
    );
    let found = flagged(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    // At the approvers line, naming the commit.
    assert!(
        found[0].starts_with("policies/access.md:6: `bob` approved the change of version 1.1 on 2025-06-01"),
        "{found:#?}"
    );
    assert!(found[0].contains("by Bob <bob@example.org>: \"Longer passwords\""), "{found:#?}");
    // Committed by Alice, the same change is no one's but hers.
    let (r, _) = first_issue();
    r.commit(
        "2025-05-30",
        "Alice",
        "Longer passwords",
        &[(PATH, &policy("1.0", "2025-01-10", V1, "Twelve."))],
    );
    r.commit(
        "2025-06-01",
        "Bob",
        "Access policy 1.1",
        &[(PATH, &policy("1.1", "2025-06-01", V2, "Twelve."))],
    );
    assert_eq!(flagged(&r), Vec::<String>::new(), "recording the approval changes no content");
}

/// A document written, approved and committed at once by its approver: the one commit is the
/// change (a document committed once is otherwise never read from git).
#[test]
fn a_document_committed_once_by_its_approver_is_flagged() {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    r.commit("2025-01-10", "Bob", "Access policy", &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    let found = flagged(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("\"Access policy\""), "{found:#?}");
    let (r, _) = first_issue();
    assert_eq!(flagged(&r), Vec::<String>::new());
}

/// What the approver changed before the approval before this one was approved then, not now.
#[test]
fn changes_an_earlier_approval_approved_are_not_counted() {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let by_frank =
        policy("1.0", "2025-01-10", V1, "Eight.").replace("approvers: [bob]", "approvers: [frank]");
    r.commit("2025-01-10", "Bob", "Access policy 1.0", &[(PATH, &by_frank)]);
    r.commit(
        "2025-06-01",
        "Alice",
        "Access policy 1.1",
        &[(PATH, &policy("1.1", "2025-06-01", V2, "Twelve."))],
    );
    assert_eq!(flagged(&r), Vec::<String>::new());
}

/// A pull request merged with `--no-ff`: the merge commit's author (the approver, who merged
/// it) made none of the change; a branch commit of his did.
#[test]
fn a_merge_counts_as_its_branch_commits() {
    for approver_edits in [false, true] {
        let (r, main) = first_issue();
        let mut branch = main;
        if approver_edits {
            let text = policy("1.0", "2025-01-10", V1, "Ten.");
            branch =
                r.commit_on(&[branch], false, "2025-05-20", "Bob", "Suggested wording", &[(PATH, &text)]);
        }
        let approved = policy("1.1", "2025-06-01", V2, "Twelve.");
        branch =
            r.commit_on(&[branch], false, "2025-06-01", "Alice", "Access policy 1.1", &[(PATH, &approved)]);
        r.commit_on(
            &[main, branch],
            true,
            "2025-06-02",
            "Bob",
            "Merge pull request #4",
            &[(PATH, &approved)],
        );
        let found = flagged(&r);
        if approver_edits {
            assert_eq!(found.len(), 1, "{found:#?}");
            assert!(found[0].contains("\"Suggested wording\""), "{found:#?}");
        } else {
            assert_eq!(found, Vec::<String>::new());
        }
    }
}

/// The roster knows the approver by the e-mail git records, whatever name the commit gives;
/// and `separation_of_duties = false` asks for none of this.
#[test]
fn the_roster_e_mail_names_the_author_and_the_setting_turns_the_rule_off() {
    let (r, _) = first_issue();
    let roster = r.site.root().join("roster.yaml");
    let text = std::fs::read_to_string(&roster).unwrap();
    let text = text.replace("name: Bob Boss", "name: Bob Boss\n    email: bossy@example.org");
    std::fs::write(&roster, text).unwrap();
    r.commit(
        "2025-05-30",
        "Bossy",
        "Longer passwords",
        &[(PATH, &policy("1.0", "2025-01-10", V1, "Twelve."))],
    );
    r.commit(
        "2025-06-01",
        "Alice",
        "Access policy 1.1",
        &[(PATH, &policy("1.1", "2025-06-01", V2, "Twelve."))],
    );
    assert_eq!(flagged(&r).len(), 1, "{:#?}", flagged(&r));
    let config = r.site.root().join("charta.toml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("separation_of_duties = true", "separation_of_duties = false");
    std::fs::write(config, text).unwrap();
    assert_eq!(flagged(&r), Vec::<String>::new());
}

/// `policy` approved by `approvers` instead of bob.
fn approved_by(
    approvers: &str,
    version: &str,
    day: &str,
    revisions: &[(&str, &str, &str)],
    body: &str,
) -> String {
    policy(version, day, revisions, body).replace("approvers: [bob]", &format!("approvers: [{approvers}]"))
}

/// Bugs (a cold review): ordinary pull requests were flagged. A new document merged with
/// `--no-ff` by its approver named the merge as his change; a "sync" merge of main into the
/// branch by the approver counted as his; a change an earlier approval on the same branch
/// approved counted again.
#[test]
fn merges_and_approvals_on_a_branch_are_no_ones_change() {
    // A new document, written on a branch, approved there by bob, merged by bob.
    let r = Repo::new();
    let base = r.commit("2025-01-01", "Alice", "Base", &[]);
    let draft = policy("1.0", "2025-01-10", V1, "Eight.").replace("status: approved", "status: draft");
    let branch = r.commit_on(&[base], false, "2025-01-09", "Alice", "Draft", &[(PATH, &draft)]);
    let text = policy("1.0", "2025-01-10", V1, "Eight.");
    let branch = r.commit_on(&[branch], false, "2025-01-10", "Bob", "Approve", &[(PATH, &text)]);
    r.commit_on(&[base, branch], true, "2025-01-11", "Bob", "Merge pull request #1", &[(PATH, &text)]);
    assert_eq!(flagged(&r), Vec::<String>::new());

    // Main merged into the branch by bob while the pull request was open; frank merges it,
    // bob records the approval on main.
    let (r, main) = first_issue();
    let edit = policy("1.0", "2025-01-10", V1, "Twelve.");
    let feat = r.commit_on(&[main], false, "2025-05-01", "Alice", "Twelve", &[(PATH, &edit)]);
    let hotfix = policy("1.0", "2025-01-10", V1, "Eight.\n\nA symbol.");
    let main = r.commit_on(&[main], true, "2025-05-02", "Erin", "Hotfix", &[(PATH, &hotfix)]);
    let synced = policy("1.0", "2025-01-10", V1, "Twelve.\n\nA symbol.");
    let feat = r.commit_on(
        &[feat, main],
        false,
        "2025-05-03",
        "Bob",
        "Merge branch 'main' into feat",
        &[(PATH, &synced)],
    );
    let main =
        r.commit_on(&[main, feat], true, "2025-05-04", "Frank", "Merge pull request #2", &[(PATH, &synced)]);
    let _ = main;
    r.commit(
        "2025-06-01",
        "Bob",
        "Approve 1.1",
        &[(PATH, &policy("1.1", "2025-06-01", V2, "Twelve.\n\nA symbol."))],
    );
    assert_eq!(flagged(&r), Vec::<String>::new());

    // On one branch: bob's 1.1 approved by frank, then alice's 1.2 approved by bob.
    let (r, main) = first_issue();
    let v3 = &[V2[0], V2[1], ("1.2", "2025-07-01", "Keys.")][..];
    let t11 = approved_by("frank", "1.1", "2025-06-02", V2, "Twelve.");
    let feat = r.commit_on(
        &[main],
        false,
        "2025-06-01",
        "Bob",
        "1.1",
        &[(PATH, &t11.replace("status: approved", "status: review"))],
    );
    let feat = r.commit_on(&[feat], false, "2025-06-02", "Frank", "Approve 1.1", &[(PATH, &t11)]);
    let t12 = approved_by("frank", "1.2", "2025-06-02", v3, "Twelve. Keys.")
        .replace("status: approved", "status: review");
    let feat = r.commit_on(&[feat], false, "2025-07-01", "Alice", "1.2", &[(PATH, &t12)]);
    let t12 = approved_by("bob", "1.2", "2025-07-02", v3, "Twelve. Keys.");
    let feat = r.commit_on(&[feat], false, "2025-07-02", "Bob", "Approve 1.2", &[(PATH, &t12)]);
    r.commit_on(&[main, feat], true, "2025-07-03", "Frank", "Merge pull request #3", &[(PATH, &t12)]);
    assert_eq!(flagged(&r), Vec::<String>::new());
}

/// Bugs (the same review): an edit of the approver's reverted before the approval, and the one
/// commit that imported a document approved years before, were named as his part of it.
#[test]
fn a_reverted_edit_and_an_import_are_no_part_of_the_change() {
    let (r, _) = first_issue();
    r.commit("2025-03-01", "Bob", "Typo", &[(PATH, &policy("1.0", "2025-01-10", V1, "Eihgt."))]);
    r.commit("2025-03-02", "Alice", "Revert \"Typo\"", &[(PATH, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    r.commit("2025-06-01", "Alice", "1.1", &[(PATH, &policy("1.1", "2025-06-01", V2, "Twelve."))]);
    assert_eq!(flagged(&r), Vec::<String>::new());
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    r.commit("2025-02-01", "Bob", "Import the ISMS", &[(PATH, &policy("1.0", "2019-01-10", V1, "Eight."))]);
    assert_eq!(flagged(&r), Vec::<String>::new());
}

/// Bugs (the same review): approvers were named again for each run of their commits
/// (`bob` and `frank` and `bob`); and one the front matter names as an author, whom
/// `approval/self-approved` reports, was reported twice.
#[test]
fn each_approver_is_named_once_and_one_the_front_matter_names_is_left_to_self_approved() {
    let (r, _) = first_issue();
    for (day, who, body) in
        [("2025-05-01", "Bob", "A."), ("2025-05-02", "Frank", "B."), ("2025-05-03", "Bob", "C.")]
    {
        r.commit(day, who, "Edit", &[(PATH, &policy("1.0", "2025-01-10", V1, body))]);
    }
    r.commit(
        "2025-06-01",
        "Alice",
        "1.1",
        &[(PATH, &approved_by("bob, frank", "1.1", "2025-06-01", V2, "C."))],
    );
    let found = flagged(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("`bob` and `frank` approved the change") && found[0].contains("3 of its commits"),
        "{found:#?}"
    );
    let (r, _) = first_issue();
    r.commit("2025-05-30", "Bob", "Longer", &[(PATH, &policy("1.0", "2025-01-10", V1, "Twelve."))]);
    let text =
        policy("1.1", "2025-06-01", V2, "Twelve.").replace("authors: [alice]", "authors: [alice, bob]");
    r.commit("2025-06-01", "Alice", "1.1", &[(PATH, &text)]);
    assert_eq!(flagged(&r), Vec::<String>::new());
}

/// Bug (a QA manager using `charta approve --commit`, as the README has the approver do): the
/// approval commit moves the effective date to the day of the approval, and that was read as
/// the approver writing part of the change: every approval of a document stating an effective
/// date (each T1Pal one) raised a false finding. The commit that records the approval and sets
/// only when its text takes effect made none of it; one that also changes the words did.
#[test]
fn an_approval_commit_that_only_moves_the_effective_date_made_no_part_of_the_change() {
    let effective = |text: String, day: &str| {
        text.replace("status: approved\n", &format!("status: approved\neffective_date: {day}\n"))
    };
    let in_review = |body: &str| {
        effective(policy("1.1", "2025-01-10", V2, body), "2025-01-15")
            .replace("status: approved", "status: review")
    };
    let (r, _) = first_issue();
    r.commit("2025-05-30", "Alice", "1.1 for review", &[(PATH, &in_review("Twelve."))]);
    let approved = |body: &str| effective(policy("1.1", "2025-06-01", V2, body), "2025-06-01");
    r.commit("2025-06-01", "Bob", "Approve 1.1", &[(PATH, &approved("Twelve."))]);
    assert_eq!(flagged(&r), Vec::<String>::new());
    // The approver changed the words in the same commit: his part of the change.
    let (r, _) = first_issue();
    r.commit("2025-05-30", "Alice", "1.1 for review", &[(PATH, &in_review("Twelve."))]);
    r.commit("2025-06-01", "Bob", "Approve 1.1", &[(PATH, &approved("Fourteen."))]);
    let found = flagged(&r);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("\"Approve 1.1\""), "{found:#?}");
}
