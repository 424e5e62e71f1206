//! One bad file never stops the build: folders charta cannot read and objects git cannot give
//! are findings, and the rest of the repository is checked and built.

use crate::support::{Site, charta};
use std::path::{Path, PathBuf};

/// `charta check`: its exit code, and its report with anything it wrote to stderr.
fn check(site: &Site) -> (i32, String) {
    let run = charta(&["check", "--root", site.root().to_str().unwrap(), "--today", "2026-03-01"]);
    (run.code, run.stdout + &run.stderr)
}

/// The `source/unreadable-folder` headlines of a report, as `path: message` prefixes.
fn unreadable_folders(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains("error[source/unreadable-folder]")).collect()
}

/// A chain of folders (names of 200 bytes) holding `doc.md`, made at a short path and moved
/// under `parent` (both paths short), so that the document's whole path is over `PATH_MAX`
/// (4,096 bytes) without any process ever naming it. Returns the first folder of the chain
/// whose path is over the limit, relative to `root`.
fn plant_too_deep(root: &Path, parent: &str, text: &str) -> String {
    let name = "d".repeat(200);
    let depth = |n: usize| std::iter::repeat_n(name.as_str(), n).collect::<Vec<_>>().join("/");
    // 12 folders here, 10 in the chain moved below: 22 * 201 bytes, over 4,096.
    let upper = root.join(parent).join(depth(12));
    std::fs::create_dir_all(&upper).unwrap();
    let chain = root.join("chain");
    std::fs::create_dir_all(chain.join(depth(10))).unwrap();
    std::fs::write(chain.join(depth(10)).join("doc.md"), text).unwrap();
    let top = upper.join(&name);
    std::fs::rename(&chain, &top).unwrap();
    // The first folder whose path (as the walk names it) is too long to open.
    let mut rel = PathBuf::from(parent).join(depth(12));
    loop {
        rel.push(&name);
        if root.join(&rel).as_os_str().len() >= 4096 {
            return rel.to_str().unwrap().to_owned();
        }
    }
}

#[test]
fn a_folder_with_a_path_over_path_max_is_a_finding_and_the_rest_is_read() {
    let site = crate::rules_case("frontmatter-missing");
    let deep = plant_too_deep(site.root(), "policies", "---\nid: DEEP\n---\n# Deep\n");
    let (code, report) = check(&site);
    assert_eq!(code, 1, "{report}");
    let found = unreadable_folders(&report);
    assert_eq!(found.len(), 1, "{report}");
    let headline = format!("{deep}:1:1: error[source/unreadable-folder]: cannot read the folder");
    assert!(found[0].starts_with(&headline), "{}", found[0]);
    // The rest of the collection is read: the planted frontmatter/missing case is still found.
    assert!(report.contains("[frontmatter/missing]"), "{report}");
    // `build` reports the finding and writes the site (it fails only with `--strict`).
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(unreadable_folders(&run.stderr).len(), 1, "{}", run.stderr);
    assert!(site.out().join("index.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_folder_without_read_permission_is_a_finding_and_the_rest_is_read() {
    use std::os::unix::fs::PermissionsExt as _;
    let site = crate::rules_case("frontmatter-missing");
    site.write("policies/locked/secret.md", "---\nid: LOCKED\n---\n# Locked\n");
    let locked = site.root().join("policies/locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = std::fs::read_dir(&locked).is_ok();
    let (code, report) = check(&site);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(report.contains("[frontmatter/missing]"), "{report}");
    if privileged {
        // Root reads the folder whatever its mode: the document is read, no finding. The case of
        // a folder that cannot be opened is tested as root by the path over PATH_MAX above.
        assert!(unreadable_folders(&report).is_empty(), "{report}");
        assert!(report.contains("policies/locked/secret.md"), "{report}");
        eprintln!("running as root: the folder without permission is readable, so it is read");
    } else {
        assert_eq!(code, 1, "{report}");
        let found = unreadable_folders(&report);
        assert_eq!(found.len(), 1, "{report}");
        let headline =
            "policies/locked:1:1: error[source/unreadable-folder]: cannot read the folder: Permission denied";
        assert!(found[0].starts_with(headline), "{}", found[0]);
    }
}

/// Commit everything in the working tree of `repo` on top of HEAD, dated `seconds`.
fn commit(repo: &git2::Repository, seconds: i64, message: &str) -> git2::Oid {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let who = git2::Signature::new("Ann", "ann@example.org", &git2::Time::new(seconds, 0)).unwrap();
    let parents: Vec<git2::Commit> =
        repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
    let parents: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(Some("HEAD"), &who, &who, message, &tree, &parents).unwrap()
}

/// The fixture `rules/_base` as a git repository of one commit: returns the repository and it.
fn committed_once(site: &Site) -> (git2::Repository, git2::Oid) {
    let repo = git2::Repository::init(site.root()).unwrap();
    site.write(".gitignore", "public/\n.charta-cache/\n");
    let first = commit(&repo, 1_700_000_000, "first");
    (repo, first)
}

/// The fixture `rules/_base` as a git repository of two commits, the second changing
/// `policies/clean.md`: returns the repository and the first commit.
fn repository(site: &Site) -> (git2::Repository, git2::Oid) {
    let (repo, first) = committed_once(site);
    let text = std::fs::read_to_string(site.root().join("policies/clean.md")).unwrap();
    site.write("policies/clean.md", &format!("{text}\nA sentence added later.\n"));
    commit(&repo, 1_700_100_000, "second");
    (repo, first)
}

/// The object (blob or tree) `commit` holds at `path`.
fn object_at(repo: &git2::Repository, commit: git2::Oid, path: &str) -> git2::Oid {
    repo.find_commit(commit).unwrap().tree().unwrap().get_path(Path::new(path)).unwrap().id()
}

/// Overwrite bytes in the middle of the loose object `id`, so that zlib fails to inflate it.
fn corrupt(repo: &git2::Repository, id: git2::Oid) {
    let id = id.to_string();
    let path = repo.path().join("objects").join(&id[..2]).join(&id[2..]);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle - 4..middle + 4] {
        *b ^= 0x5a;
    }
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, bytes).unwrap();
}

#[test]
fn a_corrupt_blob_is_a_finding_naming_commit_and_path_and_the_site_is_built() {
    let site = Site::fixture("rules/_base");
    let (repo, first) = repository(&site);
    let blob = object_at(&repo, first, "policies/clean.md");
    corrupt(&repo, blob);
    let (code, report) = check(&site);
    assert_eq!(code, 1, "{report}");
    let hits: Vec<&str> = report.lines().filter(|l| l.contains("[history/unreadable]")).collect();
    assert_eq!(hits.len(), 1, "{report}");
    assert!(hits[0].starts_with("policies/clean.md:1:1: error[history/unreadable]"), "{}", hits[0]);
    let second = repo.head().unwrap().target().unwrap().to_string();
    assert!(hits[0].contains(&second[..8]) && hits[0].contains(&blob.to_string()), "{}", hits[0]);
    assert!(report.contains("git fsck"), "{report}");
    let run = site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("policies/clean/index.html").contains("A sentence added later."));
}

#[test]
fn a_corrupt_tree_is_a_finding_naming_it_and_the_site_is_built_without_history() {
    let site = Site::fixture("rules/_base");
    let (repo, first) = repository(&site);
    let folder = object_at(&repo, first, "policies");
    corrupt(&repo, folder);
    let (code, report) = check(&site);
    assert_eq!(code, 1, "{report}");
    let hits: Vec<&str> = report.lines().filter(|l| l.contains("[history/unreadable]")).collect();
    assert_eq!(hits.len(), 1, "{report}");
    let hit = hits[0];
    assert!(
        hit.starts_with("charta.toml:1:1: error[history/unreadable]: cannot read the git history"),
        "{hit}"
    );
    assert!(hit.contains(&folder.to_string()) && hit.contains(&first.to_string()), "{hit}");
    assert!(hit.contains("the folder policies"), "{hit}");
    assert!(report.contains("git fsck"), "{report}");
    // History is off for the run, and said so once: not taken for a folder outside git.
    assert!(!report.contains("history/not-a-repository"), "{report}");
    let run = site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("policies/clean/index.html").contains("A sentence added later."));
}

/// The only committed text of a document is its working text, byte for byte: a damaged copy of it
/// in git takes nothing from the site (its version was left out of the page).
#[test]
fn a_corrupt_blob_of_a_document_committed_once_takes_nothing_from_its_page() {
    let site = Site::fixture("rules/_base");
    let (repo, first) = committed_once(&site);
    corrupt(&repo, object_at(&repo, first, "policies/clean.md"));
    let (_, report) = check(&site);
    assert!(!report.contains("[history/unreadable]"), "{report}");
    let run = site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("policies/clean/index.html");
    assert!(page.contains(&first.to_string()[..8]), "the page names no commit:\n{page}");
}

/// Found by a cold review: `charta new`, which now reads the history for the ids of removed
/// documents, stopped on a damaged tree where `check` goes on. It goes on too, and says the
/// removed documents' ids were not counted.
#[test]
fn new_goes_on_when_the_history_cannot_be_read_and_says_so() {
    let site = Site::fixture("rules/_base");
    let (repo, first) = repository(&site);
    corrupt(&repo, object_at(&repo, first, "policies"));
    let run = crate::new::new(&site, &["policies", "Restore policy", "--author", "alice"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Created policies/restore-policy.md"), "{}", run.stdout);
    assert!(run.stdout.contains("The git history cannot be read ("), "{}", run.stdout);
}
