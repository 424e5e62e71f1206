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
