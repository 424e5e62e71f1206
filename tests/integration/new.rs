//! `charta new`: a draft in a collection, numbered after its neighbours, that `check` accepts.

use crate::support::{Site, charta};

pub fn new(site: &Site, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["new", "--root", site.root().to_str().unwrap(), "--today", "2026-03-01"];
    all.extend_from_slice(args);
    charta(&all)
}

/// The findings `check` reports on one file.
fn findings_on(site: &Site, path: &str) -> Vec<serde_json::Value> {
    let root = site.root().to_str().unwrap();
    let run =
        charta(&["check", "--root", root, "--today", "2026-03-01", "--format", "json", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["findings"].as_array().unwrap().iter().filter(|f| f["path"] == path).cloned().collect()
}

#[test]
fn a_new_document_is_a_numbered_draft_that_check_passes_and_the_site_shows() {
    let site = Site::fixture("mixed");
    let run = new(&site, &["sop", "Access review: quarterly", "--author", "Rhea Morgan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // sop/broken.md's front matter cannot be read: its id (SOP-002) is not known, and the
    // command says so.
    assert!(run.stdout.contains("Created sop/access-review-quarterly.md (SOP-002)"), "{}", run.stdout);
    assert!(run.stdout.contains("sop/broken.md: its front matter cannot be read"), "{}", run.stdout);
    let text = std::fs::read_to_string(site.root().join("sop/access-review-quarterly.md")).unwrap();
    for line in ["id: SOP-002", "title: \"Access review: quarterly\"", "status: draft", "authors: [rmorgan]"]
    {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    assert!(text.contains("    date: 2026-03-01\n") && text.contains("\n## Procedure\n"), "{text}");
    assert_eq!(findings_on(&site, "sop/access-review-quarterly.md"), Vec::<serde_json::Value>::new());

    // Numbering is per collection; the owner may be a role.
    let run = new(&site, &["policies", "Backup policy", "--author", "tokafor", "--owner", "CEO"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(site.root().join("policies/backup-policy.md")).unwrap();
    assert!(text.contains("id: POL-002\n") && text.contains("owner: CEO\n"), "{text}");
    assert_eq!(findings_on(&site, "policies/backup-policy.md"), Vec::<serde_json::Value>::new());

    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("sop/access-review-quarterly/index.html").contains("Access review: quarterly"));
}

#[test]
fn the_author_is_the_roster_person_with_gits_user_email() {
    let site = Site::fixture("mixed");
    let repo = git2::Repository::init(site.root()).unwrap();
    repo.config().unwrap().set_str("user.email", "tobi@example.org").unwrap();
    let run = new(&site, &["policy", "Backup policy"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("by tokafor"), "{}", run.stdout);

    repo.config().unwrap().set_str("user.email", "someone@else.example").unwrap();
    let run = new(&site, &["policy", "Another policy"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("someone@else.example") && run.stderr.contains("--author"), "{}", run.stderr);
}

#[test]
fn an_existing_file_a_taken_id_an_unknown_collection_or_person_is_refused() {
    let site = Site::fixture("mixed");
    let before = crate::support::snapshot(site.root());
    let cases: &[(&[&str], &str)] = &[
        (&["sop", "Release", "--author", "rmorgan"], "sop/release.md already exists"),
        (&["sop", "Other", "--author", "rmorgan", "--id", "pol-001"], "already has the id `POL-001`"),
        (
            &["records", "Other", "--author", "rmorgan"],
            "no collection `records`; this repository has `policies` (policy), `sop` (sop)",
        ),
        (&["sop", "Other", "--author", "nobody"], "`nobody` is not in the roster"),
        (&["sop", "Other", "--author", "rmorgan", "--owner", "Janitor"], "the owner `Janitor`"),
        (&["sop", "  ", "--author", "rmorgan"], "the title must be one line"),
    ];
    for (args, message) in cases {
        let run = new(&site, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    crate::support::assert_same(&before, &crate::support::snapshot(site.root()));
}

#[test]
fn required_fields_charta_cannot_guess_are_left_to_fill_in() {
    let site = Site::fixture("mixed");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write(
        "charta.toml",
        &format!("{config}\n[required_fields]\nsop = [\"id\", \"title\", \"classification\"]\n"),
    );
    let run = new(&site, &["sop", "Key rotation", "--author", "rmorgan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("charta.toml requires fields to fill in: classification."), "{}", run.stdout);
    let text = std::fs::read_to_string(site.root().join("sop/key-rotation.md")).unwrap();
    assert!(text.contains("\n# classification: required by charta.toml; fill in\n"), "{text}");
    let findings = findings_on(&site, "sop/key-rotation.md");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "frontmatter/missing-field");
}

/// Bug (a QMS team's trial): with POL-020 removed by `git rm`, `charta new` numbered the next
/// policy POL-020 again, counting only the documents there now; the new policy then took the
/// removed one's history. An id a removed document had is taken, given or picked.
#[test]
fn a_new_document_never_gets_the_id_of_a_removed_one() {
    let r = crate::history_ids::removed_backup_policy();
    let run = new(&r.site, &["policies", "Restore policy", "--author", "alice", "--id", "POL-020"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("`POL-020` was the id of policies/backup.md, removed from the repository"),
        "{}",
        run.stderr
    );
    let run = new(&r.site, &["policies", "Restore policy", "--author", "alice"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Created policies/restore-policy.md (POL-021)"), "{}", run.stdout);
    assert_eq!(findings_on(&r.site, "policies/restore-policy.md"), Vec::<serde_json::Value>::new());
}

/// Found by a cold review: with the policies folder renamed since a policy was removed, the
/// removed one's id was not counted for numbering (it is in no collection today), so `new`
/// picked it and then refused its own pick.
#[test]
fn a_new_document_skips_the_id_of_one_removed_from_a_folder_renamed_since() {
    let r = crate::history_ids::removed_backup_policy();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &config.replace("path = \"policies\"", "path = \"pol\""));
    let clean = std::fs::read_to_string(r.site.root().join("policies/clean.md")).unwrap();
    r.site.write("pol/clean.md", &clean.replace("id: POL-001", "id: POL-019"));
    let run = new(&r.site, &["pol", "Restore policy", "--author", "alice"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Created pol/restore-policy.md (POL-021)"), "{}", run.stdout);
}

/// Bug (a user's trial): a second folder of policies, empty, got `POL-001`, the id of the first
/// folder's policy, and `new` refused its own choice ("a document already has the id"); nor did
/// it go past an id another collection's document had.
#[test]
fn a_second_collection_of_a_kind_goes_on_from_the_first_and_skips_ids_taken_elsewhere() {
    let site = Site::fixture("mixed");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    let handbook =
        "[[collections]]\npath = \"handbook\"\nkind = \"policy\"\n\n[[collections]]\npath = \"sop\"";
    site.write("charta.toml", &config.replacen("[[collections]]\npath = \"sop\"", handbook, 1));
    std::fs::create_dir_all(site.root().join("handbook")).unwrap();
    let run = new(&site, &["handbook", "Remote work", "--author", "tokafor"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("(POL-002)"), "{}", run.stdout);
    // The sop collection's next would be SOP-002: a policy holds that id already.
    let policy = std::fs::read_to_string(site.root().join("policies/information-security.md")).unwrap();
    site.write("policies/taken.md", &policy.replace("id: POL-001", "id: SOP-002"));
    let run = new(&site, &["sop", "Access review", "--author", "tokafor"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("(SOP-003)"), "{}", run.stdout);
}
