//! The command-line conventions of linters and site generators: `check PATHS...` as pre-commit
//! calls it, ignore files and `exclude`, `-q`/`-v`, `--color` and FORCE_COLOR, completion
//! scripts, the manual page, and "did you mean" for a mistyped command.

use crate::support::{Run, Site, charta, charta_in};

fn check_paths(site: &Site, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--today", "2026-03-01", "--format", "json"];
    args.extend_from_slice(extra);
    charta_in(site.root(), &args)
}

/// The paths of the report's findings, each once.
fn paths(run: &Run) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
    let mut paths: Vec<String> =
        json["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_owned()).collect();
    paths.dedup();
    paths
}

#[test]
fn check_with_paths_reports_and_fails_only_on_the_files_named() {
    let site = Site::fixture("mixed");
    let all = check_paths(&site, &[]);
    // Outside git, a note on charta.toml says there is no history.
    assert_eq!(paths(&all), ["charta.toml", "sop/broken.md", "sop/release.md"]);
    assert_eq!(all.code, 1);
    // As pre-commit passes staged files: only theirs are reported, and decide the exit code.
    let one = check_paths(&site, &["sop/release.md", "policies/information-security.md"]);
    assert_eq!(paths(&one), ["sop/release.md"], "{}", one.stderr);
    let clean = check_paths(&site, &["policies/information-security.md", "img/flow.png"]);
    assert_eq!((clean.code, paths(&clean)), (0, vec![]), "{}", clean.stderr);
    // A folder names what is in it; relative to the current folder.
    let folder =
        charta_in(&site.root().join("sop"), &["check", "--today", "2026-03-01", "--format", "json", "."]);
    assert_eq!(paths(&folder), ["sop/broken.md", "sop/release.md"], "{}", folder.stderr);
    // A path that is not there, or outside the repository, is an error: it would pass silently.
    let missing = check_paths(&site, &["sop/relase.md"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("sop/relase.md: no such file or folder"), "{}", missing.stderr);
    let outside = check_paths(&site, &[std::env::temp_dir().to_str().unwrap()]);
    assert_eq!(outside.code, 2);
    assert!(outside.stderr.contains("is outside the repository"), "{}", outside.stderr);
}

#[test]
fn markdown_under_ignored_or_excluded_folders_is_not_checked() {
    let site = Site::fixture("mixed");
    site.write("sop/vendor/theme/README.md", "# A theme's readme\n");
    site.write("sop/target/doc/notes.md", "# Generated\n");
    site.write(".gitignore", "vendor/\n");
    let run = check_paths(&site, &[]);
    assert!(!run.stdout.contains("vendor/"), "{}", run.stdout);
    assert!(run.stdout.contains("sop/target/doc/notes.md"), "{}", run.stdout);
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &format!("exclude = [\"target/\"]\n{config}"));
    let run = check_paths(&site, &[]);
    assert!(!run.stdout.contains("target/doc"), "{}", run.stdout);
    assert_eq!(paths(&run), ["charta.toml", "sop/broken.md", "sop/release.md"]);
}

#[test]
fn quiet_leaves_out_the_summary_and_verbose_tells_each_stage() {
    let site = Site::fixture("mixed");
    let root = site.root().to_str().unwrap();
    let normal = charta(&["check", "--root", root, "--today", "2026-03-01"]);
    assert!(normal.stdout.contains("charta check: 3 documents"), "{}", normal.stdout);
    let quiet = charta(&["check", "-q", "--root", root, "--today", "2026-03-01"]);
    assert!(quiet.stdout.contains("sop/broken.md"), "{}", quiet.stdout);
    assert!(!quiet.stdout.contains("charta check:"), "{}", quiet.stdout);
    assert_eq!(quiet.code, normal.code);
    let out = site.root().join("site-out");
    let out = out.to_str().unwrap();
    let built = charta(&["build", "--quiet", "--root", root, "--today", "2026-03-01", "--out", out]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!built.stderr.contains("charta: built"), "{}", built.stderr);
    let verbose = charta(&["-v", "build", "--root", root, "--today", "2026-03-01", "--out", out]);
    for stage in ["read and checked 3 documents", "rendered the pages", "charta: built"] {
        assert!(verbose.stderr.contains(stage), "{stage}: {}", verbose.stderr);
    }
    let both = charta(&["check", "-q", "-v", "--root", root]);
    assert_eq!(both.code, 2, "{}", both.stderr);
    // Bug (a newcomer's trial): one document was "1 documents (1 findings)".
    let one = Site::fixture("zero-config");
    one.write("policies/a.md", "---\ntitle: A\n---\n# A\n");
    let verbose = charta(&["-v", "check", "--root", one.root().to_str().unwrap(), "--today", "2026-03-01"]);
    assert!(verbose.stderr.contains("read and checked 1 document ("), "{}", verbose.stderr);
    // Bug (a compliance lead's trial): and its build "built 1 documents".
    let out = one.root().join("site-out");
    let built = charta(&[
        "build",
        "--root",
        one.root().to_str().unwrap(),
        "--today",
        "2026-03-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(built.stderr.contains("charta: built 1 document into "), "{}", built.stderr);
}

#[test]
fn colour_follows_the_flag_then_force_color_and_never_reaches_a_pipe_otherwise() {
    let site = Site::fixture("mixed");
    let root = site.root().to_str().unwrap();
    let run = |args: &[&str], force: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_charta"));
        command.args(["check", "--root", root, "--today", "2026-03-01"]).args(args);
        command.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("FORCE_COLOR");
        if let Some(force) = force {
            command.env("FORCE_COLOR", force);
        }
        String::from_utf8(command.output().unwrap().stdout).unwrap()
    };
    assert!(!run(&[], None).contains('\x1b'));
    assert!(run(&["--color", "always"], None).contains("\x1b["));
    assert!(run(&[], Some("1")).contains("\x1b["));
    assert!(!run(&[], Some("0")).contains('\x1b'));
    assert!(!run(&["--color", "never"], Some("1")).contains('\x1b'));
    // Only the human report is ever coloured.
    assert!(!run(&["--color", "always", "--format", "json"], None).contains('\x1b'));
}

#[test]
fn completion_scripts_and_manual_pages_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = charta(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for command in ["check", "build", "reviews", "fail-on"] {
            assert!(run.stdout.contains(command), "{shell} lacks {command}");
        }
    }
    let man = charta(&["man"]);
    assert!(man.stdout.starts_with(".ie") && man.stdout.contains(".TH charta 1"), "{}", man.stdout);
    for command in ["check", "build", "serve", "completions"] {
        assert!(man.stdout.contains(command), "{command}");
    }
    let check = charta(&["man", "check"]);
    assert!(check.stdout.contains(".TH charta-check 1"), "{}", check.stdout);
    assert!(check.stdout.contains("fail\\-on") && check.stdout.contains("quiet"), "{}", check.stdout);
    let wrong = charta(&["man", "chek"]);
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.contains("the commands are check, build"), "{}", wrong.stderr);
}

#[test]
fn a_mistyped_command_or_flag_gets_a_suggestion() {
    let run = charta(&["chek"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("tip: ") && run.stderr.contains("'check'"), "{}", run.stderr);
    let run = charta(&["check", "--formt", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("similar argument exists: '--format'"), "{}", run.stderr);
}

#[test]
fn a_build_tells_its_first_findings_and_how_many_more_check_lists() {
    let site = Site::fixture("mixed");
    for i in 0..30 {
        site.write(&format!("sop/extra-{i:02}.md"), &format!("---\nid: SOP-9{i:02}\n---\n# Extra {i}\n"));
    }
    let root = site.root().to_str().unwrap();
    let count = |stderr: &str| stderr.lines().filter(|l| l.contains("]: ")).count();
    let built = charta(&["build", "--root", root, "--today", "2026-03-01"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let all = charta(&["check", "--root", root, "--today", "2026-03-01", "--format", "json"]);
    let total =
        serde_json::from_str::<serde_json::Value>(&all.stdout).unwrap()["findings"].as_array().unwrap().len();
    assert!(total > 25, "{total}");
    assert_eq!(count(&built.stderr), 20, "{}", built.stderr);
    assert!(
        built
            .stderr
            .contains(&format!("charta: {} more findings; `charta check` lists them all", total - 20))
    );
    let verbose = charta(&["build", "-v", "--root", root, "--today", "2026-03-01"]);
    assert_eq!(count(&verbose.stderr), total, "{}", verbose.stderr);
    let quiet = charta(&["build", "-q", "--root", root, "--today", "2026-03-01"]);
    assert_eq!(quiet.stderr, "", "{}", quiet.stderr);
}

/// Bug (a cold try's r3.sh): `charta check notes/old-policy.md`, a Markdown file no collection
/// holds, reported nothing and passed, as if it had been checked. It is said on standard error;
/// another file named (a script a CI job passes along with the changed files) is not.
#[test]
fn a_markdown_file_named_that_no_collection_holds_is_said_to_be_unchecked() {
    let site = Site::fixture("mixed");
    site.write("notes/old-policy.md", "---\nid: POL-9\ntitle: Old\n---\n# Old\n");
    site.write("tools/build.sh", "echo\n");
    let run = check_paths(&site, &["notes/old-policy.md", "tools/build.sh", "sop/release.md"]);
    assert!(
        run.stderr
            .contains("charta check: notes/old-policy.md is in no collection, so nothing of it was checked"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("build.sh") && !run.stderr.contains("release.md is in no"),
        "{}",
        run.stderr
    );
}
