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
