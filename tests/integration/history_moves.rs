//! The history of documents that move: into the root folder from elsewhere in the repository
//! (`--root` a folder of a larger repository), and out of it.

use crate::history::{V1, V2, policy};
use crate::support::{Repo, Site, copy_dir};

/// The rules fixture in the folder `isms/` of a new repository with no commit yet.
fn repository_with_the_site_in_a_folder() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/_base");
    copy_dir(&fixture, &dir.path().join("isms"));
    Repo::of(Site { dir })
}

/// `history/changed-after-approval` findings of `charta check --root FOLDER` (of the
/// repository; "" for its top), by message.
fn changed_after_approval(r: &Repo, folder: &str) -> Vec<String> {
    let root = r.site.root().join(folder);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["check", "--root", root.to_str().unwrap(), "--today", "2026-03-01", "--format", "json"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "history/changed-after-approval")
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect()
}

/// Bug: with `--root` a folder of a larger repository, a document's history began where it
/// came into the folder. Approved in `drafts/` and moved in with a word changed, its move was
/// taken for where the approval was recorded: the change went unreported; and a word put back
/// later was reported as a change after an approval the moved text never had.
#[test]
fn a_document_moved_into_the_root_folder_keeps_its_history_from_before() {
    let approved = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    let changed = approved.replace("eight", "six");
    let r = repository_with_the_site_in_a_folder();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    r.commit("2025-01-10", "Alice", "Access policy 1.0", &[("drafts/access.md", &approved)]);
    std::fs::remove_file(r.site.root().join("drafts/access.md")).unwrap();
    r.commit("2025-02-01", "Mallory", "Move into the handbook", &[("isms/policies/access.md", &changed)]);
    let found = changed_after_approval(&r, "isms");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("Mallory") && found[0].contains("Move into the handbook"), "{}", found[0]);
    // The word put back: the text is the one approved again.
    r.commit("2025-03-01", "Alice", "Put the word back", &[("isms/policies/access.md", &approved)]);
    assert_eq!(changed_after_approval(&r, "isms"), Vec::<String>::new());
}

/// A document moved out of the root folder has left the site: it is listed as removed, with the
/// versions it had there, as one deleted is (the walk of the whole repository follows it on).
#[test]
fn a_document_moved_out_of_the_root_folder_is_removed_from_it() {
    let approved = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    let r = repository_with_the_site_in_a_folder();
    r.commit("2025-01-10", "Alice", "Access policy 1.0", &[("isms/policies/access.md", &approved)]);
    std::fs::remove_file(r.site.root().join("isms/policies/access.md")).unwrap();
    r.commit("2025-08-20", "Alice", "Archive the access policy", &[("archive/access.md", &approved)]);
    let out = tempfile::tempdir().unwrap();
    let root = r.site.root().join("isms");
    let run = crate::support::charta(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--today",
        "2026-03-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("register.json")).unwrap()).unwrap();
    let removed = json["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1, "{json:#}");
    assert_eq!(removed[0]["id"], "POL-009");
    assert_eq!(removed[0]["removed"]["date"], "2025-08-20");
}

/// A pull request's branch where 1.1 was approved and then edited again, with the document
/// renamed on main while the branch was open (`on_main`) or on the branch after the edit; merged
/// with `--no-ff` under the new name.
fn renamed_while_a_branch_was_open(on_main: bool) -> Repo {
    let (old, new) = ("policies/access.md", "policies/access-control.md");
    let one = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    let approved = policy("1.1", "2025-06-01", V2, "Passwords have at least twelve characters.");
    let relaxed = policy("1.1", "2025-06-01", V2, "Passwords have at least six characters.");
    let r = Repo::new();
    let remove = |path: &str| std::fs::remove_file(r.site.root().join(path)).unwrap();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let mut main = r.commit("2025-01-10", "Alice", "Access policy 1.0", &[(old, &one)]);
    let branch = r.commit_on(&[main], false, "2025-06-01", "Alice", "Access policy 1.1", &[(old, &approved)]);
    let mut branch =
        r.commit_on(&[branch], false, "2025-06-02", "Mallory", "Relax the rule", &[(old, &relaxed)]);
    remove(old);
    if on_main {
        main = r.commit_on(&[main], true, "2025-06-02", "Alice", "Rename", &[(new, &one)]);
    } else {
        branch = r.commit_on(&[branch], false, "2025-06-02", "Mallory", "Rename", &[(new, &relaxed)]);
    }
    r.commit_on(&[main, branch], true, "2025-06-03", "Alice", "Merge pull request #8", &[(new, &relaxed)]);
    r
}

/// Bug: the texts a merged branch gave a document were looked up on the branch under the
/// document's name at the merge. Renamed on main while the branch was open, or on the branch
/// itself, the document had no text on the branch (or only from the rename on), and an edit
/// made there after its approval went unreported.
#[test]
fn an_edit_after_approval_on_a_branch_is_flagged_when_the_document_was_renamed_meanwhile() {
    for on_main in [false, true] {
        let found = changed_after_approval(&renamed_while_a_branch_was_open(on_main), "");
        assert_eq!(found.len(), 1, "renamed on main: {on_main}: {found:?}");
        assert!(found[0].contains("on the branch merged by commit"), "{}", found[0]);
        assert!(found[0].contains("Mallory") && found[0].contains("Relax the rule"), "{}", found[0]);
    }
}

/// Bug: a document written on a pull request's branch, approved there and edited again, came to
/// main as one text (the merge added it): the edit after its approval went unreported.
#[test]
fn a_new_document_edited_after_approval_on_its_branch_is_flagged() {
    let path = "policies/access.md";
    let approved = policy("1.0", "2025-06-01", V1, "Passwords have at least twelve characters.");
    let relaxed = policy("1.0", "2025-06-01", V1, "Passwords have at least six characters.");
    let r = Repo::new();
    let main = r.commit("2025-01-01", "Alice", "Base", &[]);
    let branch =
        r.commit_on(&[main], false, "2025-06-01", "Alice", "Access policy 1.0", &[(path, &approved)]);
    let branch =
        r.commit_on(&[branch], false, "2025-06-02", "Mallory", "Relax the rule", &[(path, &relaxed)]);
    r.commit_on(&[main, branch], true, "2025-06-03", "Alice", "Merge pull request #9", &[]);
    let found = changed_after_approval(&r, "");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("Mallory") && found[0].contains("Relax the rule"), "{}", found[0]);
}

/// Bug (found by a cold review): a document added in the same commit that removed another of
/// the same template (a backup policy dropped, an access policy published) was taken for that
/// one moved, as alike as a move is: its history became the other's, with a false
/// `history/changed-after-approval`, and, removed from outside the root folder, the other's
/// unpublished texts on the site. Documents that state different ids are never one moved.
#[test]
fn a_document_added_as_another_is_removed_is_not_taken_for_it_moved() {
    for (outside, root, added) in [
        ("drafts/backup.md", "isms", "isms/policies/access.md"),
        ("policies/backup.md", "", "policies/access.md"),
    ] {
        let backup = policy("1.0", "2025-03-01", V1, "Backups are kept for ninety days, SECRET-OUTSIDE.")
            .replace("POL-009", "POL-020")
            .replace("Access policy", "Backup policy");
        let access = policy("1.0", "2025-03-01", V1, "Passwords have at least eight characters.");
        let r = repository_with_the_site_in_a_folder();
        let path = |p: &str| if root.is_empty() { format!("isms/{p}") } else { p.to_owned() };
        r.commit("2025-01-01", "Alice", "Base", &[]);
        r.commit("2025-03-01", "Alice", "Backup approved", &[(&path(outside), &backup)]);
        std::fs::remove_file(r.site.root().join(path(outside))).unwrap();
        r.commit("2025-03-02", "Alice", "Publish access; drop backup", &[(&path(added), &access)]);
        let folder = if root.is_empty() { "isms" } else { root };
        assert_eq!(changed_after_approval(&r, folder), Vec::<String>::new(), "{outside}");
        let out = tempfile::tempdir().unwrap();
        let run = crate::support::charta(&[
            "build",
            "--root",
            r.site.root().join(folder).to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--today",
            "2026-03-01",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let site = crate::support::snapshot(out.path());
        let leaked: Vec<&String> = site
            .iter()
            .filter(|(p, bytes)| {
                p.starts_with("policies/access") && String::from_utf8_lossy(bytes).contains("SECRET")
            })
            .map(|(p, _)| p)
            .collect();
        assert!(leaked.is_empty(), "{outside}: {leaked:?}");
    }
}

/// Bug (found by a cold review): 21 documents or more moved into the root folder in one commit,
/// each with an edit, kept none of their history (more pairs than are compared for a move with
/// edits): the edits after their approvals went unreported. Documents that state the same id
/// are paired first, however many.
#[test]
fn many_documents_moved_in_with_edits_keep_their_history() {
    let r = repository_with_the_site_in_a_folder();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let texts: Vec<(String, String)> = (0..25)
        .map(|i| {
            let text = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.")
                .replace("POL-009", &format!("POL-{:03}", 100 + i));
            (format!("handbook/p{i}.md"), text)
        })
        .collect();
    let files: Vec<(&str, &str)> = texts.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    r.commit("2025-01-10", "Alice", "Handbook 1.0", &files);
    std::fs::remove_dir_all(r.site.root().join("handbook")).unwrap();
    let moved: Vec<(String, String)> = texts
        .iter()
        .map(|(p, t)| (p.replace("handbook/", "isms/policies/"), t.replace("eight", "six")))
        .collect();
    let files: Vec<(&str, &str)> = moved.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    r.commit("2025-02-01", "Mallory", "Move the handbook in, fix wording", &files);
    assert_eq!(changed_after_approval(&r, "isms").len(), 25);
}

/// Bug (found by a cold review): a file outside the root folder that held notes, then a policy,
/// moved into the root folder, published the notes as a past version of the policy. A file's
/// texts from before it states the document's id are not the document's history.
#[test]
fn what_a_file_held_before_it_was_the_document_moved_in_is_not_published() {
    let approved = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
    let r = repository_with_the_site_in_a_folder();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    r.commit("2025-01-05", "Alice", "Notes", &[("drafts/wip.md", "# Notes\n\nSECRET-WIP salary list.\n")]);
    r.commit("2025-01-10", "Alice", "Access policy 1.0", &[("drafts/wip.md", &approved)]);
    std::fs::remove_file(r.site.root().join("drafts/wip.md")).unwrap();
    r.commit("2025-02-01", "Alice", "Publish", &[("isms/policies/access.md", &approved)]);
    let out = tempfile::tempdir().unwrap();
    let root = r.site.root().join("isms");
    let args = ["build", "--root", root.to_str().unwrap(), "--out", out.path().to_str().unwrap()];
    let run = crate::support::charta(&[&args[..], &["--today", "2026-03-01"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = crate::support::snapshot(out.path());
    let leaked: Vec<&String> = site
        .iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("SECRET-WIP"))
        .map(|(p, _)| p)
        .collect();
    assert!(leaked.is_empty(), "{leaked:?}");
    // Its approval was of a text where the site does not publish from: in force from the day
    // it came into the root folder, not before (a text can be in force only once published).
    let register = std::fs::read_to_string(out.path().join("register.json")).unwrap();
    assert!(register.contains("\"in_force_from\":\"2025-02-01\""), "{register}");
}

/// Bug (found by a cold review): the texts a document had outside the root folder (since
/// c4f9767 follows it there) or in a hidden folder were published as its past versions, though
/// the site publishes neither: a private monorepo's drafts, `.private/`. They count for the
/// history rules, and are not shown.
#[test]
fn texts_a_document_had_outside_the_root_folder_or_in_a_hidden_one_are_not_published() {
    for (from, to, root) in [
        ("drafts/access.md", "isms/policies/access.md", "isms"),
        ("isms/policies/.private/access.md", "isms/policies/access.md", "isms"),
    ] {
        let secret = policy("1.0", "2025-01-10", V1, "SECRET-DRAFT wording.");
        let approved = policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters.");
        let r = repository_with_the_site_in_a_folder();
        r.commit("2025-01-01", "Alice", "Base", &[]);
        r.commit("2025-01-05", "Alice", "Draft", &[(from, &secret)]);
        r.commit("2025-01-10", "Alice", "Access policy 1.0", &[(from, &approved)]);
        std::fs::remove_file(r.site.root().join(from)).unwrap();
        r.commit("2025-02-01", "Alice", "Publish", &[(to, &approved.replace("eight", "ten"))]);
        // The change after the approval, made in the move, is still reported.
        assert_eq!(changed_after_approval(&r, root).len(), 1, "{from}");
        let out = tempfile::tempdir().unwrap();
        let root = r.site.root().join(root);
        let args = ["build", "--root", root.to_str().unwrap(), "--out", out.path().to_str().unwrap()];
        let run = crate::support::charta(&[&args[..], &["--today", "2026-03-01"]].concat());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let site = crate::support::snapshot(out.path());
        let shown = |word: &str| -> Vec<String> {
            let found = site.iter().filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(word));
            found.map(|(p, _)| p.clone()).collect()
        };
        assert_eq!(shown("SECRET-DRAFT"), Vec::<String>::new(), "{from}");
        assert_eq!(shown("eight characters"), Vec::<String>::new(), "{from}");
    }
}

/// Bug (found by a cold review of e38c7da): a collection folder charta.toml names hidden
/// (`path = ".policies"`, which the walk reads) was taken for a hidden folder: none of its
/// documents' texts counted as published, and every document lost its versions.
#[test]
fn a_hidden_collection_folder_keeps_its_documents_versions() {
    let r = crate::support::Repo::new();
    let toml = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &toml.replace("path = \"policies\"", "path = \".policies\""));
    std::fs::rename(r.site.root().join("policies"), r.site.root().join(".policies")).unwrap();
    let path = ".policies/access.md";
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.commit("2025-06-01", "Alice", "1.1", &[(path, &policy("1.1", "2025-06-01", V2, "Two."))]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let doc = json["documents"].as_array().unwrap().iter().find(|d| d["id"] == "POL-009").unwrap();
    assert_eq!(doc["versions"].as_array().unwrap().len(), 2, "{doc:#}");
}

/// Bug (found by the same review): texts a document had in a folder charta.toml excludes, or
/// in a folder of the root that is no collection, were published when it was moved into one.
#[test]
fn texts_a_document_had_in_an_excluded_folder_or_outside_the_collections_are_not_published() {
    for (from, exclude) in [("policies/drafts/access.md", true), ("drafts/access.md", false)] {
        let r = crate::support::Repo::new();
        if exclude {
            let toml = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
            r.site.write("charta.toml", &format!("exclude = [\"policies/drafts/\"]\n{toml}"));
        }
        r.commit("2025-01-05", "Alice", "Draft", &[(from, &policy("1.0", "2025-01-10", V1, "SECRET-A."))]);
        r.commit("2025-01-10", "Alice", "1.0", &[(from, &policy("1.0", "2025-01-10", V1, "SECRET-B."))]);
        std::fs::remove_file(r.site.root().join(from)).unwrap();
        let public = policy("1.0", "2025-01-10", V1, "Public.");
        r.commit("2025-02-01", "Alice", "Publish", &[("policies/access.md", &public)]);
        let run = r.site.build(&["--no-cache"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let site = crate::support::snapshot(&r.site.out());
        let shown: Vec<&String> = site
            .iter()
            .filter(|(_, b)| String::from_utf8_lossy(b).contains("SECRET"))
            .map(|(p, _)| p)
            .collect();
        assert!(shown.is_empty(), "{from}: {shown:?}");
    }
}

/// Bug (a cold review's rn6.sh): a collection folder renamed with its charta.toml (`policies/`
/// to `isms-policies/`) lost everything before the rename: whether an old path was published
/// was judged by today's charta.toml, so each document's versions began at the rename (the
/// register as of a day before said nothing was in force), and a document removed before the
/// rename vanished from the removed ones. A commit's own charta.toml now says where the site
/// published from at that commit.
#[test]
fn a_collection_folder_renamed_with_its_charta_toml_keeps_what_was_in_force_before() {
    let r = Repo::new();
    let second = policy("1.0", "2025-01-10", V1, "Two.").replace("POL-009", "POL-010");
    r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("policies/access.md", &policy("1.0", "2025-01-10", V1, "One.")), ("policies/other.md", &second)],
    );
    std::fs::remove_file(r.site.root().join("policies/other.md")).unwrap();
    r.commit("2025-03-01", "Alice", "remove POL-010", &[]);
    std::fs::rename(r.site.root().join("policies"), r.site.root().join("isms-policies")).unwrap();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let config = config.replace("path = \"policies\"", "path = \"isms-policies\"");
    r.commit("2025-04-01", "Alice", "rename the folder", &[("charta.toml", &config)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let doc = &json["documents"].as_array().unwrap().iter().find(|d| d["id"] == "POL-009").unwrap();
    assert_eq!(doc["path"], "isms-policies/access.md");
    assert_eq!(doc["versions"][0]["in_force_from"], "2025-01-10", "{doc:#}");
    let removed = json["removed"].as_array().unwrap();
    let gone = removed.iter().find(|d| d["id"] == "POL-010").unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(gone["versions"][0]["in_force_from"], "2025-01-10", "{gone:#}");
    assert_eq!(gone["versions"][0]["in_force_to"], "2025-02-28", "{gone:#}");
}

/// Bug (a cold try's r1.sh and r2.sh): a document copied to a new file, the copy edited, and
/// the old file removed in a later commit (a "new file for the new version" workflow): the
/// copy's history began at the copy, so its unapproved edit passed as the approved text, and a
/// new version made so had no version before it (1.0 vanished from the register). The copy
/// goes on from the old file's texts before it was made.
#[test]
fn a_document_copied_to_a_new_file_before_the_old_one_is_removed_keeps_the_old_history() {
    let r = crate::support::Repo::new();
    let approved = policy("1.0", "2025-01-10", V1, "Staff must use MFA.");
    r.commit("2025-01-12", "Alice", "1.0 approved", &[("policies/a.md", &approved)]);
    let edited = approved.replace("Staff must use MFA.", "Staff may skip MFA.");
    r.commit("2025-02-01", "Mallory", "new file", &[("policies/access.md", &edited)]);
    std::fs::remove_file(r.site.root().join("policies/a.md")).unwrap();
    r.commit("2025-02-03", "Mallory", "remove the old file", &[]);
    let found = changed_after_approval(&r, "");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("by Mallory"), "{found:?}");

    // The same with a new version approved: 1.0 stays in the record, in force until 1.1.
    let r = crate::support::Repo::new();
    r.commit("2025-01-12", "Alice", "1.0 approved", &[("policies/a.md", &approved)]);
    let next = policy("1.1", "2025-02-10", V2, "Staff must use MFA and keys.");
    r.commit("2025-02-10", "Alice", "1.1 as a new file", &[("policies/access.md", &next)]);
    std::fs::remove_file(r.site.root().join("policies/a.md")).unwrap();
    r.commit("2025-02-12", "Alice", "remove the old file", &[]);
    assert_eq!(changed_after_approval(&r, ""), Vec::<String>::new());
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let periods = crate::versions::periods(&r);
    assert!(
        periods.contains(&("1.0".to_owned(), "2025-01-10".to_owned(), "2025-02-09".to_owned())),
        "{periods:?}"
    );
    assert!(periods.contains(&("1.1".to_owned(), "2025-02-10".to_owned(), "-".to_owned())), "{periods:?}");
}
