//! Edge, before any I/O that repository content asks for: a path named by `charta.toml` (the
//! output, the cache, the roster, a collection) or by a document stays inside the repository.
//! Every file of the repository may come from a stranger's pull request, so a path may not
//! climb out (`..`), start from `/`, or pass through a symbolic link, which could lead anywhere.

use anyhow::{Result, bail};
use std::path::{Component, Path, PathBuf};

/// Lexically inside: a relative path of plain names (`.` allowed), no `..`, not absolute, no
/// drive or UNC prefix.
pub fn is_inside(rel: &str) -> bool {
    !rel.contains('\\')
        && Path::new(rel).components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Plain: a relative path of names only (no `.` either), not empty: what charta writes into the
/// site or copies from the repository.
pub fn is_plain(rel: &str) -> bool {
    !rel.is_empty() && !rel.contains('\\') && rel.split('/').all(|name| !matches!(name, "" | "." | ".."))
}

/// Names a folder below the root: inside, and not the root itself (`.`, `./`).
pub fn is_below(rel: &str) -> bool {
    is_inside(rel) && Path::new(rel).components().any(|c| matches!(c, Component::Normal(_)))
}

/// Refuses `path` when it is a symbolic link: the files charta keeps for itself (its cache, the
/// lock beside its output) are its own, and one committed to the repository as a link (to a
/// file outside it) is neither read nor written through.
pub fn own_file(path: &Path) -> std::io::Result<&Path> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is a symbolic link, which charta does not follow to a file of its own: remove it",
        )),
        _ => Ok(path),
    }
}

/// Opens `path` to read, unless it is a symbolic link ([`own_file`]).
pub fn open_own(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(own_file(path)?)
}

/// `rel` (the value of the setting `what`) under `root`, refused when it is not lexically inside
/// or when something on the way to it that exists is a symbolic link. What does not exist yet
/// (an output folder before the first build) is fine: charta makes it, as a folder.
pub fn join(root: &Path, rel: &str, what: &str) -> Result<PathBuf> {
    if !is_inside(rel) {
        bail!(
            "{what} `{rel}` is outside the repository: charta reads and writes only inside it; \
             name a place inside the repository (a site elsewhere is written with --out)"
        );
    }
    let mut path = root.to_owned();
    // Until a name is missing: nothing below it can be a link either.
    let mut looking = true;
    for part in Path::new(rel).components() {
        let Component::Normal(name) = part else { continue };
        path.push(name);
        if looking {
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_symlink() => bail!(
                    "{what} `{rel}` goes through the symbolic link {}, which may lead outside the \
                     repository, and charta follows no link the repository sets; put the real file \
                     or folder there instead of the link",
                    path.display()
                ),
                Ok(_) => {}
                Err(_) => looking = false,
            }
        }
    }
    Ok(path)
}

/// A path given on the command line (`--root`, `-c`, `--out`, `--output`), as given: whoever
/// runs charta chose it, and it may lead anywhere, but not through a symbolic link inside a git
/// working tree. A pull request can commit a link where the CI job's path expects a folder or a
/// file (`isms` -> `/home/runner`), and the job would read, publish or overwrite what the link
/// leads to. Parts of the path above a working tree's top (`/tmp` -> `/private/tmp`, a link to
/// the checkout, `/dev/stdout`) are the machine's, and followed.
pub fn given(path: &Path, what: &str) -> Result<PathBuf> {
    given_in(&std::env::current_dir()?, path, what)
}

/// [`given`], run in the folder `cwd`.
pub fn given_in(cwd: &Path, path: &Path, what: &str) -> Result<PathBuf> {
    // Where the system reads it from: the real folder charta runs in (as getcwd gives it), and
    // `..` after a link of the machine's from where the link leads.
    let mut at =
        if path.is_absolute() { PathBuf::new() } else { cwd.canonicalize().unwrap_or(cwd.to_owned()) };
    for part in path.components() {
        match part {
            Component::ParentDir => {
                at.pop();
            }
            Component::CurDir => {}
            Component::Normal(name) => {
                // The folder it is in, where it really is (a link of the machine's to the
                // repository, or to a folder of it, followed).
                let Ok(folder) = at.canonicalize() else {
                    // Nothing below a folder that does not exist is a link.
                    break;
                };
                at.push(name);
                let link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
                if link && crate::history::holds(&folder, name) {
                    bail!(
                        "{what} {} goes through {}, a symbolic link a git repository holds: charta \
                         follows no link a repository sets for a path given on the command line (a \
                         pull request could make it lead anywhere); give the path it leads to",
                        path.display(),
                        at.display(),
                    );
                }
                if link {
                    // The machine's (not in the repository): followed.
                    at = at.canonicalize().unwrap_or(at);
                }
            }
            other => at.push(other),
        }
    }
    Ok(path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bug (a hostile pull request's review): `--root isms`, `-c ci.toml` and `--output
    /// charta.sarif` followed links the pull request committed at those names: charta read and
    /// published a folder outside the repository, printed `/proc/self/environ` in a TOML error,
    /// and overwrote files outside the repository with its reports.
    #[cfg(unix)]
    #[test]
    fn a_path_given_on_the_command_line_does_not_pass_through_a_link_of_the_working_tree() {
        let outside = tempfile::tempdir().unwrap();
        let repo = tempfile::tempdir().unwrap();
        let top = repo.path();
        let git = git2::Repository::init(top).unwrap();
        std::fs::create_dir_all(top.join("docs/sub")).unwrap();
        std::os::unix::fs::symlink(outside.path(), top.join("isms")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.sarif"), top.join("docs/charta.sarif")).unwrap();
        // The operator's own link, which the repository does not hold.
        std::os::unix::fs::symlink(outside.path(), top.join("public")).unwrap();
        let mut index = git.index().unwrap();
        index.add_path(Path::new("isms")).unwrap();
        index.add_path(Path::new("docs/charta.sarif")).unwrap();
        index.write().unwrap();
        let refused = |cwd: &Path, path: &str| given_in(cwd, Path::new(path), "--root").is_err();
        for path in ["isms", "./isms/sub", "isms/../docs", "docs/charta.sarif", "docs/sub/../charta.sarif"] {
            assert!(refused(top, path), "{path}");
        }
        assert!(refused(&top.join("docs"), "../isms"));
        assert!(refused(&top.join("docs"), "charta.sarif"));
        assert!(refused(top, top.join("isms").to_str().unwrap()));
        for path in ["docs", "docs/sub", "docs/new.sarif", "missing/a/b", "-", "public/site"] {
            assert!(!refused(top, path), "{path}");
        }
        // Outside the working tree, links are the machine's.
        let elsewhere = outside.path().join("link");
        std::os::unix::fs::symlink(top, &elsewhere).unwrap();
        assert!(!refused(top, elsewhere.join("docs").to_str().unwrap()));
        assert!(!refused(top, "/dev/stdout"));
        // Found by a review of the fix: the working tree was the one charta ran in, so a path
        // reaching the repository through a link to it, or given from a folder outside it,
        // went through the committed links unseen.
        assert!(refused(top, elsewhere.join("isms").to_str().unwrap()));
        assert!(refused(top, elsewhere.join("docs/charta.sarif").to_str().unwrap()));
        assert!(refused(outside.path(), top.join("isms").to_str().unwrap()));
        assert!(refused(outside.path(), top.join("docs/charta.sarif").to_str().unwrap()));
        assert!(!refused(outside.path(), top.join("docs/new.sarif").to_str().unwrap()));
        // Found by a second review: a link of the machine's to a folder of the repository
        // (not its top) hid that the names after it were the repository's.
        let into_docs = outside.path().join("m");
        std::os::unix::fs::symlink(top.join("docs"), &into_docs).unwrap();
        assert!(refused(outside.path(), into_docs.join("charta.sarif").to_str().unwrap()));
        assert!(refused(&into_docs, "charta.sarif"));
        assert!(refused(&into_docs, "../isms"));
        assert!(!refused(outside.path(), into_docs.join("new.sarif").to_str().unwrap()));
    }

    #[test]
    fn plain_paths_are_names_only() {
        for (rel, plain) in [
            ("a/b.html", true),
            ("a", true),
            ("", false),
            ("a//b", false),
            ("a/./b", false),
            ("./a", false),
            ("a\\b", false),
            ("a/", false),
        ] {
            assert_eq!(is_plain(rel), plain, "{rel}");
        }
        for (rel, below) in [("public", true), ("./site", true), (".", false), ("./", false), ("", false)] {
            assert_eq!(is_below(rel), below, "{rel}");
        }
    }

    #[test]
    fn only_plain_relative_paths_are_inside() {
        for (rel, inside) in [
            ("public", true),
            (".charta-cache", true),
            ("site/out", true),
            (".", true),
            ("./public", true),
            ("../outside", false),
            ("a/../../b", false),
            ("a/..", false),
            ("/tmp/x", false),
            ("..\\x", false),
        ] {
            assert_eq!(is_inside(rel), inside, "{rel}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_on_the_way_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("out")).unwrap();
        std::fs::create_dir(root.path().join("real")).unwrap();
        let err = join(root.path(), "out/site", "site.output_dir").unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(join(root.path(), "real/new/site", "x").unwrap(), root.path().join("real/new/site"));
        assert!(join(root.path(), "../x", "x").unwrap_err().to_string().contains("outside the repository"));
    }
}
