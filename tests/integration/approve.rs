//! Issue 30, `charta approve`: refused (exit 2, the file untouched) for each thing the approval
//! rules guard: an approver who wrote the change, one without an allowed role, one not active
//! on the day, any other error of the document, and an approval already recorded; and with
//! `--commit`, a commit signed as git is set to sign (an SSH key made at test time), which
//! `[evidence]` then takes as the approver's proof.

use crate::rules::check_json;
use crate::support::{Site, charta};
use std::path::Path;
use std::process::Command;

const PATH: &str = "policies/access.md";

/// Version 1.2, revised by alice and in review.
const IN_REVIEW: &str = "---\nid: POL-020\ntitle: Access policy\nowner: alice\nauthors: [alice]\napprovers: [bob]\n\
approval_date: 2025-01-10\nversion: \"1.2\"\nstatus: review\nreview_period: 12 months\nrevisions:\n  \
- version: \"1.1\"\n    date: 2025-01-05\n    author: alice\n    summary: Stronger passwords.\n  \
- version: \"1.2\"\n    date: 2026-02-01\n    author: erin\n    summary: Keys.\n---\n\n# Access policy\n";

fn approve(site: &Site, by: &[&str]) -> crate::support::Run {
    let root = site.root().to_str().unwrap();
    let mut args = vec!["approve", "--root", root, "--today", "2026-03-01", "POL-020"];
    for b in by {
        args.extend(["--by", b]);
    }
    charta(&args)
}

/// `text` approved by `by` is refused (exit 2) with a message that contains `said`, and the
/// file is as it was.
fn refused(text: &str, by: &[&str], said: &str) {
    let site = Site::fixture("rules/_base");
    site.write(PATH, text);
    let run = approve(&site, by);
    assert_eq!(run.code, 2, "{by:?}: {}", run.stderr);
    assert!(run.stderr.contains(said), "{by:?}: {}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.root().join(PATH)).unwrap(), text);
}

#[test]
fn an_approval_the_rules_would_fail_is_refused_and_nothing_is_written() {
    // An author of the document, and the writer of its latest change.
    refused(IN_REVIEW, &["alice"], "approval/self-approved");
    refused(
        IN_REVIEW,
        &["erin"],
        "approval/self-approved (line 6): `erin` approves the latest change, which they wrote",
    );
    // A role policy approvals do not allow (erin wrote the change: frank has the role).
    refused(&IN_REVIEW.replace("author: erin", "author: frank"), &["erin"], "approval/role-not-allowed");
    // Someone who left before the day.
    refused(IN_REVIEW, &["dave"], "Dave Former (--by) was active only until 2025-12-31");
    // Any other error of the document.
    refused(&IN_REVIEW.replace("owner: alice", "owner: mallory"), &["bob"], "roster/unknown-person");
    // Nothing to approve: the version in force is approved after its last change.
    let approved = IN_REVIEW
        .replace("status: review", "status: approved")
        .replace("approval_date: 2025-01-10", "approval_date: 2026-02-10");
    refused(
        &approved,
        &["bob"],
        "its current version is already approved (on 2026-02-10) and no commit changed its text since; start a change with `charta revise`",
    );
    // A retired document.
    refused(&IN_REVIEW.replace("status: review", "status: retired"), &["bob"], "is retired");
}

#[test]
fn an_approval_by_fewer_people_than_charta_toml_asks_is_refused() {
    let site = Site::fixture("rules/_base");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &config.replace("min_approvers = 1", "min_approvers = 2"));
    site.write(PATH, IN_REVIEW);
    let run = approve(&site, &["bob"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("approval/too-few-approvers"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.root().join(PATH)).unwrap(), IN_REVIEW);
    // Two people with the role: recorded, as a list of both.
    let run = approve(&site, &["bob", "frank"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(site.root().join(PATH)).unwrap().contains("approvers: [bob, frank]\n"));
}

/// Regression: an approval dated after today, or when two files share the id, was written (the
/// first file found, while the site linked the other).
#[test]
fn an_approval_in_the_future_or_of_an_id_two_files_share_is_refused() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, IN_REVIEW);
    let root = site.root().to_str().unwrap();
    let run = charta(&[
        "approve",
        "--root",
        root,
        "--today",
        "2026-03-01",
        "POL-020",
        "--by",
        "bob",
        "--date",
        "2026-03-05",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("would be after today (2026-03-01)"), "{}", run.stderr);
    site.write("policies/copy.md", IN_REVIEW);
    let run = approve(&site, &["bob"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "2 documents have the id `POL-020` (policies/access.md, policies/copy.md): name one by its path"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(site.root().join(PATH)).unwrap(), IN_REVIEW);
}

#[test]
fn an_approval_the_rules_pass_is_recorded_and_check_is_clean() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, IN_REVIEW);
    let run = approve(&site, &["bob"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "charta: recorded the approval of POL-020 version 1.2 (policies/access.md) by bob on 2026-03-01\n"
    );
    let want = IN_REVIEW
        .replace("approval_date: 2025-01-10", "approval_date: 2026-03-01")
        .replace("status: review", "status: approved");
    assert_eq!(std::fs::read_to_string(site.root().join(PATH)).unwrap(), want);
    let (_, json) = check_json(&site);
    assert_eq!(crate::rules::found(&json), Vec::<String>::new());
}

/// Bug (a cold try as a team works): a version approved by someone whose roles may not approve
/// it (`approval/role-not-allowed`) could not be approved again by someone who may: "already
/// approved". An approval the check fails is no approval: it is recorded anew, in its place.
#[test]
fn an_approval_the_check_fails_can_be_made_again_by_someone_allowed() {
    let site = Site::fixture("rules/_base");
    let by_erin = IN_REVIEW
        .replace("status: review", "status: approved")
        .replace(
            "approvers: [bob]\napproval_date: 2025-01-10",
            "approvers: [erin]\napproval_date: 2026-02-10",
        )
        .replace("author: erin", "author: alice");
    site.write(PATH, &by_erin);
    let (_, json) = check_json(&site);
    assert_eq!(crate::rules::found(&json), ["approval/role-not-allowed policies/access.md:6"]);
    let run = approve(&site, &["bob"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = by_erin.replace(
        "approvers: [erin]\napproval_date: 2026-02-10",
        "approvers: [bob]\napproval_date: 2026-03-01",
    );
    assert_eq!(std::fs::read_to_string(site.root().join(PATH)).unwrap(), want);
    let (_, json) = check_json(&site);
    assert_eq!(crate::rules::found(&json), Vec::<String>::new());
}

/// Bug (a cold try as a team works): `charta approve` left a stated `next_review` (or an
/// alias of it, `review_date`) where the version before had it, so a version approved today was
/// due for review on the old day, soon overdue. The approval moves it by the review period.
#[test]
fn an_approval_moves_the_next_review_the_document_states() {
    let site = Site::fixture("rules/_base");
    let stated = IN_REVIEW
        .replace("review_period: 12 months\n", "review_period: 12 months\nnext_review: 2026-01-10\n");
    site.write(PATH, &stated);
    let run = approve(&site, &["bob"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = stated
        .replace("approval_date: 2025-01-10", "approval_date: 2026-03-01")
        .replace("status: review", "status: approved")
        .replace("next_review: 2026-01-10", "next_review: 2027-03-01");
    assert_eq!(std::fs::read_to_string(site.root().join(PATH)).unwrap(), want);
    let (_, json) = check_json(&site);
    assert_eq!(crate::rules::found(&json), Vec::<String>::new());
}

/// Regression: a new draft (no approval yet) was called retired, so its first approval was
/// refused.
#[test]
fn the_first_approval_of_a_new_draft_is_recorded() {
    let site = Site::fixture("rules/_base");
    let draft = "---\nid: POL-020\ntitle: Access policy\nowner: alice\nauthors: [alice]\nversion: \"0.1\"\n\
status: draft\nreview_period: 12 months\nrevisions:\n  - version: \"0.1\"\n    date: 2026-02-01\n    \
author: alice\n    summary: First draft.\n---\n\n# Access policy\n";
    site.write(PATH, draft);
    let run = approve(&site, &["bob"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = draft
        .replace("authors: [alice]\n", "authors: [alice]\napprovers: [bob]\napproval_date: 2026-03-01\n")
        .replace("status: draft", "status: approved");
    assert_eq!(std::fs::read_to_string(site.root().join(PATH)).unwrap(), want);
    let (_, json) = check_json(&site);
    assert_eq!(crate::rules::found(&json), Vec::<String>::new());
}

/// Regression: `--commit` outside a repository wrote the file, then failed at `git add`.
#[test]
fn approve_commit_outside_a_repository_writes_nothing() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, IN_REVIEW);
    let root = site.root().to_str().unwrap();
    let run =
        charta(&["approve", "--root", root, "--today", "2026-03-01", "POL-020", "--by", "bob", "--commit"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--commit needs a git repository"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.root().join(PATH)).unwrap(), IN_REVIEW);
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn approve_commit_makes_a_commit_signed_with_the_approvers_ssh_key_which_proves_the_approval() {
    let key =
        ssh_key::PrivateKey::random(&mut ssh_key::rand_core::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
    let keys = tempfile::tempdir().unwrap();
    let key_file = keys.path().join("bob");
    std::fs::write(&key_file, key.to_openssh(ssh_key::LineEnding::LF).unwrap().as_bytes()).unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&key_file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();

    let site = Site::fixture("rules/_base");
    let root = site.root();
    let config = std::fs::read_to_string(root.join("charta.toml")).unwrap();
    site.write("charta.toml", &format!("{config}\n[evidence]\nproven_approvals = true\n"));
    let roster = std::fs::read_to_string(root.join("roster.yaml")).unwrap().replace(
        "    name: Bob Boss\n",
        &format!(
            "    name: Bob Boss\n    email: bob@example.org\n    keys: [\"{}\"]\n",
            key.public_key().to_openssh().unwrap()
        ),
    );
    site.write("roster.yaml", &roster);
    site.write(PATH, IN_REVIEW);
    git(root, &["init", "--quiet", "--initial-branch=main"]);
    for (k, v) in [
        ("user.name", "Bob Boss"),
        ("user.email", "bob@example.org"),
        ("gpg.format", "ssh"),
        ("user.signingkey", key_file.to_str().unwrap()),
        ("commit.gpgsign", "true"),
    ] {
        git(root, &["config", k, v]);
    }
    git(root, &["add", "--all"]);
    // The change itself, unsigned: only the approval's commit can prove the approval.
    git(root, &["-c", "commit.gpgsign=false", "commit", "--quiet", "--message", "Access policy 1.2"]);

    // Regression: an edit not committed yet went into the approval's commit, signed as the
    // approver's. Refused, and nothing is written.
    let edited = format!("{IN_REVIEW}\nA sentence nobody reviewed.\n");
    site.write(PATH, &edited);
    let approve =
        ["approve", "--root", root.to_str().unwrap(), "--today", "2026-03-01", "POL-020", "--commit"];
    let run = charta(&approve);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("has changes not committed yet: commit them first"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(root.join(PATH)).unwrap(), edited);
    site.write(PATH, IN_REVIEW);

    let run = charta(&approve);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let short = git(root, &["rev-parse", "--short", "HEAD"]);
    assert!(run.stdout.ends_with(&format!("charta: committed it as {}", short)), "{}", run.stdout);
    assert_eq!(git(root, &["log", "-1", "--format=%s"]), "Approve POL-020 version 1.2\n");
    assert_eq!(git(root, &["show", "--name-only", "--format=", "HEAD"]), format!("{PATH}\n"));
    assert!(git(root, &["cat-file", "commit", "HEAD"]).contains("gpgsig -----BEGIN SSH SIGNATURE-----"));
    assert_eq!(git(root, &["status", "--porcelain"]), "");

    // A commit git cannot make (its signing key is gone) leaves no approval behind: the file is
    // put back and nothing stays staged.
    git(root, &["-c", "commit.gpgsign=false", "revert", "--no-edit", "HEAD"]);
    std::fs::rename(&key_file, keys.path().join("moved")).unwrap();
    let run = charta(&approve);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("the approval was not recorded; the file is as it was"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(root.join(PATH)).unwrap(), IN_REVIEW);
    assert_eq!(git(root, &["status", "--porcelain"]), "");
    assert!(git(root, &["log", "-1", "--format=%s"]).starts_with("Revert"));
    std::fs::rename(keys.path().join("moved"), &key_file).unwrap();
    git(root, &["reset", "--quiet", "--hard", "HEAD~1"]);

    let (_, json) = check_json(&site);
    let approval =
        json["approvals"].as_array().unwrap().iter().find(|a| a["current"] == true).unwrap().clone();
    assert_eq!(approval["state"], "proven", "{approval:#}");
    assert_eq!(approval["version"], "1.2");
    assert_eq!(approval["by"], "Bob Boss", "{approval:#}");
}

/// Bug (a user's trial): a document naming its people in full (`Alice Author`) had roster ids
/// written into it by `approve` (`approvers: [bob]`), a form it did not use.
#[test]
fn a_document_naming_people_in_full_gets_the_approvers_full_name() {
    let site = Site::fixture("rules/_base");
    let named = IN_REVIEW
        .replace("owner: alice", "owner: Alice Author")
        .replace("authors: [alice]", "authors: [Alice Author]")
        .replace("approvers: [bob]", "approvers: [Bob Boss]");
    site.write(PATH, &named);
    let run = approve(&site, &["bob"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(site.root().join(PATH)).unwrap();
    assert!(text.contains("approvers: [Bob Boss]\n"), "{text}");
    // A document that writes roster ids keeps them.
    site.write(PATH, IN_REVIEW);
    assert_eq!(approve(&site, &["Bob Boss"]).code, 0);
    let text = std::fs::read_to_string(site.root().join(PATH)).unwrap();
    assert!(text.contains("approvers: [bob]\n"), "{text}");
}

/// Bug (a cold review): an approval date written in the future (a typo `approval/future-date`
/// reports) bounded every new approval from below, and today is before it: the document could
/// not be approved again through charta at all.
#[test]
fn a_document_with_an_approval_dated_in_the_future_can_be_approved_again() {
    let site = Site::fixture("rules/_base");
    site.write(PATH, &IN_REVIEW.replace("approval_date: 2025-01-10", "approval_date: 2026-05-01"));
    let run = approve(&site, &["bob"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(site.root().join(PATH)).unwrap();
    assert!(text.contains("approval_date: 2026-03-01"), "{text}");
}

/// Bug (a QA manager following `check`'s advice): a text changed after its approval, which
/// `history/changed-after-approval` says needs a new approval, was refused by `approve` as
/// "already approved": the refusal read the front matter, not what git shows. The approval is
/// recorded, and the check passes; with the text as approved, it is still refused.
#[test]
fn a_text_changed_after_its_approval_can_be_approved_again() {
    use crate::history::{V1, policy};
    let r = crate::support::Repo::new();
    let path = "policies/access.md";
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "Eight."))]);
    let root = r.site.root().to_str().unwrap().to_owned();
    let approve = || charta(&["approve", "--root", &root, "--today", "2025-03-01", "POL-009", "--by", "bob"]);
    let refused = approve();
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("no commit changed its text since"), "{}", refused.stderr);
    r.commit("2025-02-01", "Alice", "Edit", &[(path, &policy("1.0", "2025-01-10", V1, "Six."))]);
    let before = crate::history::check(&r.site);
    assert!(before.contains("history/changed-after-approval"), "{before}");
    // Bug (a cold review of the fix): on the day of the approval it restates, the same date
    // again is no new approval: it was told as recorded, and nothing was written.
    let root2 = root.clone();
    let same_day = charta(&[
        "approve",
        "--root",
        &root2,
        "--today",
        "2025-03-01",
        "--date",
        "2025-01-10",
        "POL-009",
        "--by",
        "bob",
    ]);
    assert_eq!(same_day.code, 2, "{}", same_day.stderr);
    assert!(same_day.stderr.contains("a new approval is dated after that day"), "{}", same_day.stderr);
    let run = approve();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(r.site.root().join(path)).unwrap().contains("approval_date: 2025-03-01"));
    r.commit("2025-03-01", "Bob", "Approve", &[]);
    let after = crate::history::check(&r.site);
    assert!(!after.contains("history/changed-after-approval"), "{after}");
}
