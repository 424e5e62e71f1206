//! The architecture holds: each outside library that does one job is known to the module that
//! owns that job, and the domain knows nothing of the pages, the commands or the command line.

use std::path::Path;

/// (library, the files or folders under src/ that may name it)
const OWNERS: &[(&str, &[&str])] = &[
    ("clap", &["cli.rs"]),
    ("git2", &["history.rs", "history/"]),
    ("syntect", &["site/highlight.rs"]),
    ("tera", &["site/"]),
    ("pulldown_cmark", &["links.rs", "site/markdown.rs"]),
    ("notify", &["cmd/serve.rs", "cmd/serve/"]),
    ("hyper", &["cmd/serve.rs", "cmd/serve/"]),
    ("tokio", &["cmd/serve.rs", "cmd/serve/"]),
    ("axum", &["cmd/serve.rs", "cmd/serve/"]),
    ("signal_hook", &["cmd/signals.rs"]),
    ("mimalloc", &["main.rs"]),
    ("libmimalloc_sys", &["main.rs"]),
];

/// The stages outside the domain: what the domain modules never name.
const OUTER: &[&str] = &["site", "output", "cmd", "report", "cli"];

/// Every source file under src/ (path relative to src/, `/`-separated), with its text up to its
/// tests: code that only tests may build repositories with git or whatever else it needs.
fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(&src).unwrap().to_str().unwrap().replace('\\', "/");
            let text = std::fs::read_to_string(e.path()).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap().to_owned();
            (rel, code)
        })
        .filter(|(rel, _)| !rel.ends_with("tests.rs"))
        .collect()
}

/// `code` without its comments (what follows `//` on a line).
fn uncommented(code: &str) -> String {
    code.lines().map(|l| l.split("//").next().unwrap()).collect::<Vec<_>>().join("\n")
}

/// Whether `code` names the crate `name` (`name::` or `use name`), outside comments.
fn names(code: &str, name: &str) -> bool {
    uncommented(code).lines().any(|line| {
        line.match_indices(name).any(|(at, _)| {
            let before = line[..at].chars().next_back();
            let after = &line[at + name.len()..];
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
                && (after.starts_with("::")
                    || (line.trim_start().starts_with("use ") && after.starts_with([';', ' '])))
        })
    })
}

#[test]
fn each_library_is_named_only_by_the_modules_that_own_it() {
    let mut wrong = Vec::new();
    for (rel, code) in sources() {
        for (library, owners) in OWNERS {
            let owned = owners.iter().any(|o| if o.ends_with('/') { rel.starts_with(o) } else { rel == *o });
            if !owned && names(&code, library) {
                wrong.push(format!("src/{rel} names {library}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_domain_names_no_page_command_or_command_line() {
    let mut wrong = Vec::new();
    for (rel, code) in sources() {
        let code = uncommented(&code);
        let outer = OUTER.iter().any(|o| rel.starts_with(&format!("{o}/")) || rel == format!("{o}.rs"));
        if outer || rel == "main.rs" || rel == "lib.rs" {
            continue;
        }
        // `crate::{a, b::c}` groups, as the names they hold.
        let grouped: Vec<&str> = code
            .split("crate::{")
            .skip(1)
            .flat_map(|g| g.split('}').next().unwrap().split(|c: char| !(c.is_alphanumeric() || c == '_')))
            .collect();
        for stage in OUTER {
            if code.contains(&format!("crate::{stage}::"))
                || code.contains(&format!("crate::{stage};"))
                || grouped.contains(stage)
            {
                wrong.push(format!("src/{rel} names crate::{stage}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The pages are made without knowing where they go or whether they are made again: the output
/// layer (its sink, its cache, its keys) takes them from the site, never the other way round.
#[test]
fn the_site_names_nothing_of_the_output_folder() {
    let wrong: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, code)| rel.starts_with("site/") && uncommented(code).contains("crate::output"))
        .map(|(rel, _)| format!("src/{rel}"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[test]
fn the_check_finds_a_library_named_where_it_does_not_belong() {
    assert!(names("use git2::Oid;", "git2"));
    assert!(names("    let r = git2::Repository::open(p);", "git2"));
    assert!(!names("// git2::Oid in a comment", "git2"));
    assert!(!names("let my_git2::x", "git2"));
    assert!(!names("crate::history::git2_free", "git2"));
}

#[test]
fn every_path_the_readme_names_in_how_charta_is_built_exists() {
    let readme = include_str!("../../README.md");
    let section = readme.split("## How charta is built").nth(1).unwrap().split("\n## ").next().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for quoted in section.split('`').skip(1).step_by(2) {
        if quoted.starts_with("src/") && !quoted.contains('<') && !root.join(quoted).exists() {
            missing.push(quoted);
        }
    }
    assert!(missing.is_empty(), "README names what is not there: {missing:?}");
    // Each folder and file of src/ is in the table.
    for entry in std::fs::read_dir(root.join("src")).unwrap().filter_map(Result::ok) {
        let file = entry.file_name().to_str().unwrap().to_owned();
        let name = if entry.path().is_dir() { format!("`src/{file}/`") } else { format!("`src/{file}`") };
        assert!(section.contains(&name), "README's table lacks {name}");
    }
}
