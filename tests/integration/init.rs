//! `charta init`: a folder set up for charta, from which `new`, `check` and `build` work.

use crate::support::{charta, snapshot};
use std::path::Path;

fn init(dir: &Path, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["init", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    charta(&all)
}

#[test]
fn an_initialised_folder_takes_a_new_document_that_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme-isms");
    let run = init(&dir, &["--name", "Priya Raman", "--email", "Priya@acme.example", "--title", "ACME ISMS"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("charta.toml, roster.yaml, .charta/schemas/, policies/, sop/, .gitignore"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("`priya`"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
        ["public/", ".charta-cache/"]
    );

    let root = dir.to_str().unwrap();
    let new = |kind: &str, title: &str| {
        let args =
            ["new", "--root", root, "--today", "2026-03-01", kind, title, "--author", "priya@acme.example"];
        charta(&args)
    };
    let run = new("policy", "Information security policy");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("policies/information-security-policy.md (POL-001)"), "{}", run.stdout);
    // An empty collection is a warning (collection/empty): the ISMS gets its first SOP too.
    let run = new("sop", "Access review");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = charta(&["check", "--root", root, "--today", "2026-03-01", "--fail-on", "warning"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = charta(&["build", "--root", root, "--today", "2026-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let register = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(register.contains("ACME ISMS") && register.contains("POL-001"), "{register}");

    // A second init changes nothing.
    let before = snapshot(&dir);
    let run = init(&dir, &["--name", "Someone", "--email", "someone@acme.example"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("charta.toml already exists"), "{}", run.stderr);
    crate::support::assert_same(&before, &snapshot(&dir));
}

#[test]
fn an_existing_roster_and_gitignore_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let roster = "people:\n  - id: jo\n    name: Jo Park\n";
    std::fs::write(dir.join("roster.yaml"), roster).unwrap();
    std::fs::write(dir.join(".gitignore"), "target/\npublic/").unwrap();
    // No --name or --email needed: the roster has its people.
    let run = init(dir, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(dir.join("roster.yaml")).unwrap(), roster);
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(
        ignore.starts_with("target/\npublic/\n# charta") && ignore.ends_with("\n.charta-cache/\n"),
        "{ignore}"
    );
    assert!(!run.stdout.contains("roster.yaml"), "{}", run.stdout);
}

#[test]
fn without_a_name_and_email_from_anywhere_init_asks_for_them() {
    // git's own configuration is looked for under HOME and XDG_CONFIG_HOME, and in /etc.
    if std::fs::read_to_string("/etc/gitconfig").is_ok_and(|c| c.contains("email")) {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("isms");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["init", dir.to_str().unwrap(), "--name", "Jo Park"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        .env_remove("GIT_CONFIG_GLOBAL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pass --name and --email"), "{stderr}");
    assert!(!dir.exists(), "nothing is written, not even the folder");
}

/// Bug (a cold try's r2.sh): the README's first day (init, one policy, commit) passed check
/// where it was made, and stopped it in every clone (exit 2, "the collection `sop` names no
/// folder"): git keeps no empty folder, and init's `sop/` was empty. It holds a `.gitkeep`.
#[test]
fn a_clone_of_a_freshly_initialised_repository_checks_as_the_original_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("isms");
    let run = init(&dir, &["--name", "Ann Lee", "--email", "ann@example.org"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = dir.to_str().unwrap();
    let run =
        charta(&["new", "--root", root, "--today", "2026-03-01", "policy", "Security", "--author", "ann"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let repo = git2::Repository::init(&dir).unwrap();
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::new("Ann Lee", "ann@example.org", &git2::Time::new(1_772_000_000, 0)).unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[]).unwrap();
    let clone = tmp.path().join("clone");
    git2::Repository::clone(root, &clone).unwrap();
    for at in [root, clone.to_str().unwrap()] {
        let run = charta(&["check", "--root", at, "--today", "2026-03-01", "--format", "json"]);
        assert_eq!(run.code, 0, "{at}: {}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let rules: Vec<&str> =
            report["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
        assert!(
            rules.contains(&"collection/empty") && !rules.contains(&"collection/missing-folder"),
            "{at}: {rules:?}"
        );
    }
}

/// Bug (a cold try): `charta init -q` still printed its three lines of what it set up.
#[test]
fn a_quiet_init_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let run = init(tmp.path(), &["-q", "--name", "Ann Lee", "--email", "ann@example.org"]);
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "", ""));
    assert!(tmp.path().join("charta.toml").exists());
}

/// Bug (a newcomer's trial): `charta init policies` in a set-up repository wrote a second
/// charta.toml (and `policies/policies/`, `policies/sop/`) inside it; from that folder on,
/// `charta approve POL-001` found no such document. A folder a charta.toml above already sets up
/// is refused; a repository of its own inside (its own `.git`) is not.
#[test]
fn init_inside_a_folder_set_up_already_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let top = tmp.path().join("isms");
    std::fs::create_dir_all(top.join(".git")).unwrap();
    let person = ["--name", "Priya Raman", "--email", "priya@acme.example"];
    assert_eq!(init(&top, &person).code, 0);
    let run = init(&top.join("policies"), &person);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("charta.toml already sets up"), "{}", run.stderr);
    assert!(!top.join("policies/charta.toml").exists() && !top.join("policies/sop").exists());
    // A repository of its own, inside: set up on its own.
    let inner = top.join("vendor/other");
    std::fs::create_dir_all(inner.join(".git")).unwrap();
    assert_eq!(init(&inner, &person).code, 0);
}

/// Found by a cold review of the refusal above: `charta init ..` from a set-up folder was
/// refused for the folder it was run in (`..` taken for a name); outside git, a stray
/// charta.toml anywhere above refused it; a link into a set-up folder let a second site in.
#[test]
fn init_looks_above_the_folder_it_is_given_as_it_is_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let person = ["--name", "Priya Raman", "--email", "priya@acme.example"];
    let mono = tmp.path().join("mono");
    std::fs::create_dir_all(mono.join(".git")).unwrap();
    let isms = mono.join("teams/isms");
    assert_eq!(init(&isms, &person).code, 0);
    let mut args = vec!["init", ".."];
    args.extend_from_slice(&person);
    let run = crate::support::charta_in(&isms, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(mono.join("teams/charta.toml").is_file());
    // Outside git, nothing above is looked at.
    let stray = tmp.path().join("loose");
    std::fs::create_dir_all(&stray).unwrap();
    std::fs::write(stray.join("charta.toml"), "").unwrap();
    assert_eq!(init(&stray.join("a/b/new"), &person).code, 0);
    // Through a link, the folder it leads to.
    let other = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&other).unwrap();
    std::os::unix::fs::symlink(&isms, other.join("link")).unwrap();
    let run = init(&other.join("link/sub"), &person);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(!isms.join("sub/charta.toml").exists());
}

/// Bug (tried on a clone of tailscale's policies): `charta init` in a repository of documents
/// wrote collections for two empty folders it made beside them, and the first `charta check`
/// failed on "no Markdown document was found in `policies` or `sop`". The documents are read
/// where they are: folders named for a kind become collections of it, else one collection
/// holds them all; no empty folder is made.
#[test]
fn init_in_a_folder_of_documents_reads_them_where_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let spread = tmp.path().join("spread");
    let page = |title: &str| format!("---\ntitle: {title}\npolicy: true\n---\n\n# {title}\n\nText.\n");
    for (path, title) in [("access-control/index.md", "Access control"), ("password/index.md", "Passwords")] {
        std::fs::create_dir_all(spread.join(path).parent().unwrap()).unwrap();
        std::fs::write(spread.join(path), page(title)).unwrap();
    }
    std::fs::write(spread.join("README.md"), "# About this repository\n").unwrap();
    let run = init(&spread, &["--name", "Priya Raman", "--email", "priya@acme.example"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Found 2 Markdown documents here"), "{}", run.stdout);
    assert!(run.stdout.contains("the whole folder (kind `document`)"), "{}", run.stdout);
    assert!(run.stdout.contains("Next: charta check"), "{}", run.stdout);
    assert!(!spread.join("policies").exists() && !spread.join("sop").exists());
    let root = spread.to_str().unwrap();
    let check = charta(&["check", "--root", root, "--today", "2026-03-01", "--format", "json"]);
    assert!(check.stdout.contains("\"documents\": 2"), "{}{}", check.stdout, check.stderr);
    assert!(!check.stdout.contains("source/no-documents"), "{}", check.stdout);

    let kinds = tmp.path().join("kinds");
    for path in ["example/Policies/access.md", "example/procedures/onboarding.md", "notes/minutes.md"] {
        std::fs::create_dir_all(kinds.join(path).parent().unwrap()).unwrap();
        std::fs::write(kinds.join(path), page("A document")).unwrap();
    }
    // Found by a cold review: a policy named `security.md` (or a folder's policy in its
    // README.md) was excluded as the repository's own file, and never checked.
    let security = "---\nid: POL-002\ntitle: Security\nowner: alice\nstatus: approved\n---\n# Security\n";
    std::fs::write(kinds.join("example/Policies/security.md"), security).unwrap();
    std::fs::write(kinds.join("example/Policies/README.md"), "# What this folder holds\n").unwrap();
    // A site generator's `public/` is the repository's: the site goes beside it.
    std::fs::create_dir_all(kinds.join("public")).unwrap();
    std::fs::write(kinds.join("public/index.md"), page("Home")).unwrap();
    let run = init(&kinds, &["--name", "Priya Raman", "--email", "priya@acme.example"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Found 3 Markdown documents"), "{}", run.stdout);
    assert!(
        run.stdout.contains("`example/Policies` (kind `policy`), `example/procedures` (kind `sop`)"),
        "{}",
        run.stdout
    );
    // Bug (a trial adopting innolitics' QMS): init said "53 more outside these folders are not
    // read (`charta check` names those that look controlled)", and check named none of them,
    // the quality manual among them. It names where they are.
    let said = "2 more outside these folders are not read, in `notes` (1) and `public` (1) (add a [[collections]] entry for a folder of controlled documents)";
    assert!(run.stdout.contains(said), "{}", run.stdout);
    assert!(!run.stdout.contains("look controlled"), "{}", run.stdout);
    let config = std::fs::read_to_string(kinds.join("charta.toml")).unwrap();
    assert!(config.contains("path = \"example/Policies\"\nkind = \"policy\""), "{config}");
    assert!(config.contains("exclude = [\"/example/Policies/README.md\"]"), "{config}");
    assert!(config.contains("output_dir = \"_site\""), "{config}");
    let check =
        charta(&["check", "--root", kinds.to_str().unwrap(), "--today", "2026-03-01", "--format", "json"]);
    assert!(check.stdout.contains("\"documents\": 3"), "{}{}", check.stdout, check.stderr);
    assert!(charta(&["build", "--root", kinds.to_str().unwrap(), "--today", "2026-03-01"]).code < 2);
    assert!(kinds.join("_site/index.html").is_file() && kinds.join("public/index.md").is_file());
}
