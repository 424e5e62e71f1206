//! Helpers: copy a fixture to a temporary folder, run charta on it, read its output.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A fresh copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        copy_dir(&from, dir.path());
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "--root", self.root().to_str().unwrap(), "--today", "2026-03-01"];
        args.extend_from_slice(extra);
        charta(&args)
    }

    /// A page of the built site, as text.
    pub fn page(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

pub fn charta(args: &[&str]) -> Run {
    charta_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Run charta from the folder `cwd`.
pub fn charta_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_charta"))
        .current_dir(cwd)
        .args(args)
        .env_remove("CHARTA_TODAY")
        .output()
        .expect("charta runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The text of the table cell after a header cell: `<th scope="row">Owner</th><td ...>VALUE</td>`.
pub fn header_value(html: &str, label: &str) -> String {
    let marker = format!("<th scope=\"row\">{label}</th>");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no `{label}` row"));
    let rest = &html[at + marker.len()..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find("</td>").unwrap();
    strip_tags(&rest[start..end])
}

pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// Assert two snapshots hold the same files with the same bytes, naming those that differ.
pub fn assert_same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "different files");
    let differ: Vec<&String> = a.iter().zip(b).filter(|(x, y)| x.1 != y.1).map(|(x, _)| &x.0).collect();
    assert!(differ.is_empty(), "these files differ: {differ:?}");
}

/// A cold build (`--no-cache`) of the repository at `root` as of `today`, into a fresh folder:
/// the folder (removed when it is dropped), the site's path in it, and the run.
pub fn build_cold(root: &Path, today: &str) -> (tempfile::TempDir, PathBuf, Run) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = root.to_str().unwrap();
    let run =
        charta(&["build", "--root", root, "--today", today, "--no-cache", "--out", out.to_str().unwrap()]);
    (dir, out, run)
}

/// A fixture made a git repository, committed at the dates given.
pub struct Repo {
    pub site: Site,
    pub repo: git2::Repository,
}

impl Repo {
    /// The fixture `rules/_base`, in a new repository with no commit yet.
    pub fn new() -> Repo {
        Repo::of(Site::fixture("rules/_base"))
    }

    /// `site` in a new repository with no commit yet.
    pub fn of(site: Site) -> Repo {
        let repo = git2::Repository::init(site.root()).unwrap();
        Repo { site, repo }
    }

    /// Write `files`, commit them all as `author` on `date` (YYYY-MM-DD, noon UTC).
    pub fn commit(&self, date: &str, author: &str, message: &str, files: &[(&str, &str)]) -> git2::Oid {
        let head: Vec<git2::Oid> = self.repo.head().ok().and_then(|h| h.target()).into_iter().collect();
        self.commit_on(&head, true, date, author, message, files)
    }

    /// Write `files` and commit them all with `parents` (two for a merge), as `author` on
    /// `date`, moving HEAD (`main`) or not (a branch's commit, merged later).
    pub fn commit_on(
        &self,
        parents: &[git2::Oid],
        main: bool,
        date: &str,
        author: &str,
        message: &str,
        files: &[(&str, &str)],
    ) -> git2::Oid {
        self.commit_dated(parents, main, (date, date), author, message, files)
    }

    /// A commit on the line written by `author` on `written` and committed there on `landed`:
    /// a pull request's commit rebased onto the line (GitHub's "rebase and merge"), or one
    /// whose author date was set back.
    pub fn commit_landed(
        &self,
        (written, landed): (&str, &str),
        author: &str,
        message: &str,
        files: &[(&str, &str)],
    ) -> git2::Oid {
        let head: Vec<git2::Oid> = self.repo.head().ok().and_then(|h| h.target()).into_iter().collect();
        self.commit_dated(&head, true, (written, landed), author, message, files)
    }

    fn commit_dated(
        &self,
        parents: &[git2::Oid],
        main: bool,
        (written, landed): (&str, &str),
        author: &str,
        message: &str,
        files: &[(&str, &str)],
    ) -> git2::Oid {
        for (path, text) in files {
            self.site.write(path, text);
        }
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
        // Files removed from the working tree leave the index too (a move is a removal and an add).
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let email = format!("{}@example.org", author.to_lowercase());
        // A day (noon, UTC), a moment with its offset ("2024-03-02T01:00:00+09:00"), or
        // seconds since 1970 ("@300000000000").
        let sig = |date: &str| {
            let (seconds, minutes) = match date.len() {
                _ if date.starts_with('@') => (date[1..].parse().unwrap(), 0),
                10 => {
                    let day: jiff::civil::Date = date.parse().unwrap();
                    (
                        day.at(12, 0, 0, 0)
                            .to_zoned(jiff::tz::TimeZone::UTC)
                            .unwrap()
                            .timestamp()
                            .as_second(),
                        0,
                    )
                }
                _ => {
                    let at: jiff::Timestamp = date.parse().unwrap();
                    let (sign, hours, minutes) =
                        (&date[date.len() - 6..][..1], &date[date.len() - 5..][..2], &date[date.len() - 2..]);
                    let offset = hours.parse::<i32>().unwrap() * 60 + minutes.parse::<i32>().unwrap();
                    (at.as_second(), if sign == "-" { -offset } else { offset })
                }
            };
            git2::Signature::new(author, &email, &git2::Time::new(seconds, minutes)).unwrap()
        };
        let parents: Vec<git2::Commit> = parents.iter().map(|p| self.repo.find_commit(*p).unwrap()).collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(main.then_some("HEAD"), &sig(written), &sig(landed), message, &tree, &parents)
            .unwrap()
    }

    pub fn tag(&self, name: &str, oid: git2::Oid) {
        let object = self.repo.find_object(oid, None).unwrap();
        self.repo.tag_lightweight(name, &object, false).unwrap();
    }
}
