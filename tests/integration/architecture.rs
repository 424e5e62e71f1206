//! The architecture holds: each outside library that does one job is known to the module that
//! owns that job, and the domain knows nothing of the pages, the commands or the command line.

use std::path::Path;

/// (library, the files or folders under src/ that may name it)
const OWNERS: &[(&str, &[&str])] = &[
    ("clap", &["cli.rs", "cli/"]),
    ("clap_complete", &["cli.rs", "cmd/manual.rs"]),
    ("clap_mangen", &["cmd/manual.rs"]),
    ("indicatif", &["cmd/terminal.rs"]),
    ("zip", &["cmd/export.rs"]),
    ("git2", &["history.rs", "history/"]),
    ("syntect", &["site/highlight.rs"]),
    ("tera", &["site/"]),
    // heading.rs reads the title from a heading line; links.rs the links; the site renders.
    ("pulldown_cmark", &["heading.rs", "links.rs", "site/markdown.rs"]),
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

/// The modules of `site/` that `rel` (a file under src/site/) names, as paths under site/
/// without `.rs` (`context`, `pages/document`, `pages` for `pages/mod.rs`).
fn site_modules_named(rel: &str, code: &str, modules: &[String]) -> Vec<String> {
    let here = rel.trim_start_matches("site/").trim_end_matches(".rs").trim_end_matches("/mod");
    let parent = if rel.ends_with("/mod.rs") {
        here.to_owned()
    } else {
        here.rsplit_once('/').map_or("", |(p, _)| p).to_owned()
    };
    let code = uncommented(code);
    let mut named = Vec::new();
    for (prefix, base) in [("crate::site::", String::new()), ("super::", parent)] {
        for (at, _) in code.match_indices(prefix) {
            let rest = &code[at + prefix.len()..];
            // The path's segments, and a `{a, b}` group at its end as several.
            let path: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || "_:{}, \n".contains(*c)).collect();
            let path = path.split('}').next().unwrap();
            let (stem, group) = path.split_once('{').unwrap_or((path, ""));
            // Each segment up to its first space (`render as _`).
            let stem: Vec<&str> = stem
                .split("::")
                .filter_map(|s| s.split_whitespace().next())
                .filter(|s| !s.is_empty())
                .collect();
            let mut candidates = vec![stem.clone()];
            for item in group
                .split(',')
                .map(|s| s.trim().split("::").next().unwrap().trim())
                .filter(|s| !s.is_empty())
            {
                let mut c = stem.clone();
                c.push(item);
                candidates.push(c);
            }
            for c in candidates {
                // The longest prefix of the path that is a module (the parent itself for `super::Item`).
                let found = (0..=c.len()).rev().find_map(|n| {
                    let m = [base.as_str()]
                        .into_iter()
                        .chain(c[..n].iter().copied())
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join("/");
                    modules.contains(&m).then_some(m)
                });
                if let Some(m) = found.filter(|m| m != here) {
                    named.push(m);
                }
            }
        }
    }
    named.sort();
    named.dedup();
    named
}

/// A module that names another which names it back (through any number of others) cannot be
/// read, tested or moved alone: the site's modules form layers, from what every page shares
/// (`context`, `view`, `paths`, `markdown`) through a file per kind of page (`pages/`) to
/// `render`, which hands them out.
#[test]
fn the_sites_modules_name_each_other_in_layers_with_no_circle() {
    let files: Vec<(String, String)> =
        sources().into_iter().filter(|(rel, _)| rel.starts_with("site/")).collect();
    let module = |rel: &str| {
        rel.trim_start_matches("site/").trim_end_matches(".rs").trim_end_matches("/mod").to_owned()
    };
    let modules: Vec<String> = files.iter().map(|(rel, _)| module(rel)).collect();
    let edges: std::collections::BTreeMap<String, Vec<String>> =
        files.iter().map(|(rel, code)| (module(rel), site_modules_named(rel, code, &modules))).collect();
    assert!(edges["render"].contains(&"pages/document".to_owned()), "the check reads no edges: {edges:#?}");
    // Depth-first, reporting the first circle found as the chain of modules that makes it.
    fn visit(
        m: &str,
        edges: &std::collections::BTreeMap<String, Vec<String>>,
        stack: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|s| s == m) {
            let mut circle = stack[at..].to_vec();
            circle.push(m.to_owned());
            return Some(circle);
        }
        if done.iter().any(|d| d == m) {
            return None;
        }
        stack.push(m.to_owned());
        for next in edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.push(m.to_owned());
        None
    }
    let mut done = Vec::new();
    for m in edges.keys() {
        if let Some(circle) = visit(m, &edges, &mut Vec::new(), &mut done) {
            panic!("site/ modules name each other in a circle: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn the_circle_check_reads_groups_and_parents() {
    let modules: Vec<String> =
        ["pages", "pages/feed", "pages/history", "view", "context"].map(String::from).to_vec();
    let code = "use super::history::Plan;\nuse crate::site::view::{self, Row};\nuse super::{feed, Listed};\n// crate::site::context::Pages in a comment\nuse crate::site::paths as _;\n";
    assert_eq!(
        site_modules_named("site/pages/search.rs", code, &modules),
        ["pages", "pages/feed", "pages/history", "view"]
    );
}

/// git is read before the rules (each document's timeline, `src/timeline.rs`): the rules
/// compare what it says and read nothing themselves.
#[test]
fn the_rules_read_nothing_from_git() {
    let reads = [".text(", ".bytes(", "Timeline::of("];
    let wrong: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, code)| {
            rel.starts_with("rules/") && reads.iter().any(|r| uncommented(code).contains(r))
        })
        .map(|(rel, _)| format!("src/{rel}"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}
