//! An id a removed document had, stated by another document later: a document moved in two
//! commits goes on with its history; a new one given the taken id does not take it.

use crate::history::{V1, policy};
use crate::rules::{check_json, found};
use crate::support::Repo;

const BACKUP: &str = "policies/backup.md";

/// The backup policy, POL-020, approved and then removed with `git rm`.
pub fn removed_backup_policy() -> Repo {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let backup = policy("1.0", "2025-01-10", V1, "Backups are kept for ninety days.")
        .replace("POL-009", "POL-020")
        .replace("Access policy", "Backup policy");
    r.commit("2025-01-10", "Alice", "Backup policy 1.0", &[(BACKUP, &backup)]);
    std::fs::remove_file(r.site.root().join(BACKUP)).unwrap();
    r.commit("2025-05-01", "Alice", "Drop the backup policy", &[]);
    r
}

/// The versions register.json lists for the document at `source`.
fn versions(r: &Repo, source: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let docs = json["documents"].as_array().unwrap();
    let doc = docs.iter().find(|d| d["path"] == source).unwrap_or_else(|| panic!("{json:#}"));
    doc["versions"].as_array().unwrap().iter().map(|v| v["label"].as_str().unwrap().to_owned()).collect()
}

/// Bug (a QMS team's trial): a new document given the id of one removed with `git rm` (as
/// `charta new` did, counting only the documents there now) took that one's history: its page
/// listed the removed policy's approved 1.0 as its own, in force before it was written, the
/// removed policy's page was gone, and the check said nothing.
#[test]
fn a_new_document_given_a_removed_ones_id_does_not_take_its_history() {
    let r = removed_backup_policy();
    let restore = "---\nid: POL-020\ntitle: Restore policy\nowner: alice\nauthors: [alice]\nversion: \"0.1\"\n\
                   status: draft\nrevisions:\n  - {version: \"0.1\", date: 2025-06-01, author: alice, summary: First draft.}\n\
                   ---\n\n# Restore policy\n\nRestores are tested.\n";
    // Said before it is committed, and after.
    r.site.write("policies/restore.md", restore);
    let (_, json) = check_json(&r.site);
    assert!(found(&json).contains(&"history/id-reused policies/restore.md:2".to_owned()), "{json:#}");
    r.commit("2025-06-01", "Alice", "Restore policy", &[("policies/restore.md", restore)]);
    let (_, json) = check_json(&r.site);
    let reused: Vec<&serde_json::Value> =
        json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "history/id-reused").collect();
    assert_eq!(reused.len(), 1, "{json:#}");
    let message = reused[0]["message"].as_str().unwrap();
    assert!(message.starts_with("POL-020 was the id of policies/backup.md, removed by commit "), "{message}");
    assert!(message.contains("on 2025-05-01 by Alice"), "{message}");
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(versions(&r, "policies/restore.md"), ["0.1"]);
    // The removed policy keeps its own pages.
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let removed = json["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1, "{json:#}");
    assert_eq!(removed[0]["path"], BACKUP, "{json:#}");
    let page = r.site.page("removed/policies/backup/index.html");
    assert!(page.contains("Backups are kept for ninety days."), "{page}");
}

/// Regression guard: the same document moved in two commits (removed, then added at another
/// path with its revision history) goes on with its history, and nothing is said.
#[test]
fn a_document_moved_in_two_commits_keeps_its_history_and_no_reuse_is_said() {
    let r = removed_backup_policy();
    let v2 = [V1, &[("1.1", "2025-06-01", "Moved and extended.")][..]].concat();
    let moved = policy("1.1", "2025-06-01", &v2, "Backups are kept for a year.")
        .replace("POL-009", "POL-020")
        .replace("Access policy", "Backup policy");
    r.commit("2025-06-01", "Alice", "Backup policy, back", &[("policies/continuity/backup.md", &moved)]);
    let (_, json) = check_json(&r.site);
    assert!(!found(&json).iter().any(|f| f.starts_with("history/id-reused")), "{json:#}");
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(versions(&r, "policies/continuity/backup.md"), ["1.0", "1.1"]);
}

/// The findings of `history/id-reused`, as (path, message).
fn reused(r: &Repo) -> Vec<(String, String)> {
    let (_, json) = check_json(&r.site);
    let findings = json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "history/id-reused");
    findings
        .map(|f| (f["path"].as_str().unwrap().to_owned(), f["message"].as_str().unwrap().to_owned()))
        .collect()
}

/// Found by a cold review: a document moved in two commits was judged by its revision list as
/// it is now, not as it came back: trimmed later to its newest entries, it lost its history and
/// was reported as another document under a taken id.
#[test]
fn a_moved_document_whose_revision_list_is_trimmed_later_keeps_its_history() {
    let r = removed_backup_policy();
    let moved = "policies/continuity/backup.md";
    let text = |v: &str, revisions: &[(&str, &str, &str)]| {
        policy(v, "2025-06-01", revisions, "Backups are kept for a year.")
            .replace("POL-009", "POL-020")
            .replace("Access policy", "Backup policy")
    };
    let v2 = [V1, &[("1.1", "2025-06-01", "Moved and extended.")][..]].concat();
    r.commit("2025-06-01", "Alice", "Backup policy, back", &[(moved, &text("1.1", &v2))]);
    let trimmed = [("1.1", "2025-06-01", "Moved and extended."), ("1.2", "2025-07-01", "Shorter.")];
    r.commit("2025-07-01", "Alice", "Trim the revision list", &[(moved, &text("1.2", &trimmed))]);
    assert_eq!(reused(&r), Vec::<(String, String)>::new());
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(versions(&r, moved), ["1.0", "1.1", "1.2"]);
}

/// Found by a cold review: a new document with no revision list, stating the removed one's id
/// and a version no lower, took its history without a word.
#[test]
fn a_new_document_with_no_revision_list_does_not_take_a_removed_ones_history() {
    let r = removed_backup_policy();
    let text = "---\nid: POL-020\ntitle: Restore policy\nowner: alice\nversion: \"1.0\"\nstatus: draft\n---\n\nRestores.\n";
    r.commit("2025-06-01", "Alice", "Restore policy", &[("policies/restore.md", text)]);
    let found = reused(&r);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("(its text states no revision history, that one had one)"), "{found:?}");
}

/// Found by a cold review: a document there before the removed one was written, given its id
/// later, was never reported, and the removed one lost its pages (its id was taken for in use).
#[test]
fn an_older_document_given_a_removed_ones_id_is_reported_and_the_removed_one_kept() {
    let r = removed_backup_policy();
    let clean = std::fs::read_to_string(r.site.root().join("policies/clean.md")).unwrap();
    let renumbered = clean.replace("id: POL-001", "id: POL-020");
    assert_ne!(clean, renumbered);
    r.commit("2025-06-01", "Alice", "Renumber", &[("policies/clean.md", &renumbered)]);
    let found = reused(&r);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("(it was there before that one was written)"), "{found:?}");
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(r.site.page("removed/policies/backup/index.html").contains("ninety days"));
}

/// Bug (a trial of real teams' workflows): a document renumbered to a scheme whose prefix its
/// title took too (`ISMS Access policy`), or renumbered as its file was renamed after the new
/// id, in the commit that also weakened a sentence, was taken for another document: the edit,
/// which no approval covers, went unreported, and the old number was listed as removed while
/// both were in force on the same days. The same title with words added, or the same title,
/// over a body nearly the same, is the document renumbered.
#[test]
fn a_document_renumbered_with_its_title_or_its_file_name_is_the_same_document() {
    let body = "Passwords have at least twelve characters. Every account uses a second factor. \
                Leavers lose their access within one working day.";
    let approved = policy("1.0", "2025-01-10", V1, body);
    for (to, retitled) in [("policies/access.md", true), ("policies/isms-pol-09.md", false)] {
        let r = Repo::new();
        r.commit("2025-01-01", "Alice", "Base", &[]);
        r.commit("2025-01-10", "Alice", "1.0", &[("policies/access.md", &approved)]);
        let mut renumbered = approved.replace("POL-009", "ISMS-POL-09").replace("twelve", "six");
        if retitled {
            renumbered = renumbered.replace("Access policy", "ISMS Access policy");
        } else {
            std::fs::remove_file(r.site.root().join("policies/access.md")).unwrap();
        }
        r.commit("2025-02-01", "Mallory", "Renumber", &[(to, &renumbered)]);
        let (_, json) = check_json(&r.site);
        let history: Vec<&serde_json::Value> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"].as_str().unwrap().starts_with("history/"))
            .collect();
        assert_eq!(history.len(), 1, "{to}: {json:#}");
        assert_eq!(history[0]["rule"], "history/changed-after-approval", "{to}");
        assert!(history[0]["message"].as_str().unwrap().contains("Mallory"), "{to}: {json:#}");
        let run = r.site.build(&["--no-cache"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
        assert_eq!(json["removed"].as_array().unwrap().len(), 0, "{to}: {json:#}");
        assert_eq!(versions(&r, to), ["1.0"], "{to}");
    }
}
