//! Versions, redlines, release snapshots and the history rules, on git repositories made here
//! with commits at fixed dates.

use crate::support::{Repo, Site};

fn policy(version: &str, approved: &str, revisions: &[(&str, &str, &str)], body: &str) -> String {
    let mut text = format!(
        "---\nid: POL-009\ntitle: Access policy\nowner: alice\nauthors: [alice]\napprovers: [bob]\n\
         approval_date: {approved}\nversion: \"{version}\"\nstatus: approved\nreview_period: 24 months\nrevisions:\n"
    );
    for (v, d, s) in revisions {
        text.push_str(&format!("  - version: \"{v}\"\n    date: {d}\n    author: alice\n    summary: {s}\n"));
    }
    text.push_str(&format!("---\n\n# Access policy\n\n{body}\n"));
    text
}

const V1: &[(&str, &str, &str)] = &[("1.0", "2025-01-05", "First issue.")];
const V2: &[(&str, &str, &str)] =
    &[("1.0", "2025-01-05", "First issue."), ("1.1", "2025-05-30", "Stronger passwords.")];

/// v1.0 approved and tagged, v1.1 approved, then an edit nobody recorded or approved.
fn repository() -> Repo {
    let r = Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    let v1 = r.commit(
        "2025-01-10",
        "Alice",
        "Access policy 1.0",
        &[(
            "policies/access.md",
            &policy("1.0", "2025-01-10", V1, "Passwords have at least eight characters."),
        )],
    );
    r.tag("v1.0", v1);
    r.commit(
        "2025-06-01",
        "Alice",
        "Access policy 1.1",
        &[(
            "policies/access.md",
            &policy("1.1", "2025-06-01", V2, "Passwords have at least twelve characters."),
        )],
    );
    r.commit(
        "2025-09-01",
        "Mallory",
        "Relax the rule",
        &[(
            "policies/access.md",
            &policy("1.1", "2025-06-01", V2, "Passwords have at least six characters."),
        )],
    );
    r
}

fn check(site: &Site) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["check", "--root", site.root().to_str().unwrap(), "--today", "2026-03-01", "--format", "json"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_post_approval_edit_is_flagged_with_its_commit() {
    let r = repository();
    let json: serde_json::Value = serde_json::from_str(&check(&r.site)).unwrap();
    let findings: Vec<&serde_json::Value> = json["findings"].as_array().unwrap().iter().collect();
    let hits: Vec<_> = findings.iter().filter(|f| f["rule"] == "history/changed-after-approval").collect();
    assert_eq!(hits.len(), 1, "{findings:#?}");
    let f = hits[0];
    assert_eq!(f["path"], "policies/access.md");
    assert_eq!(f["line"], 7, "points at approval_date");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("2025-09-01") && message.contains("Mallory") && message.contains("Relax the rule"),
        "{message}"
    );
    assert!(!findings.iter().any(|f| f["rule"] == "history/not-a-repository"));
}

#[test]
fn a_back_dated_commit_evaded_the_history_rule() {
    // The approved 1.1 of `repository()`, then edits committed after it with dates before it:
    // 1970, and a day before the approval with a revision entry dated before the approval too.
    for (date, revisions) in
        [("1970-01-01", V2), ("2025-05-31", &[V2, &[("1.1", "2025-05-31", "Tidy.")][..]].concat()[..])]
    {
        let r = Repo::new();
        r.commit(
            "2025-01-10",
            "Alice",
            "1.0",
            &[("policies/access.md", &policy("1.0", "2025-01-10", V1, "Eight."))],
        );
        r.commit(
            "2025-06-01",
            "Alice",
            "1.1",
            &[("policies/access.md", &policy("1.1", "2025-06-01", V2, "Twelve."))],
        );
        r.commit(
            date,
            "Mallory",
            "Relax",
            &[("policies/access.md", &policy("1.1", "2025-06-01", revisions, "Six."))],
        );
        let json: serde_json::Value = serde_json::from_str(&check(&r.site)).unwrap();
        let hits: Vec<&serde_json::Value> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "history/changed-after-approval")
            .collect();
        assert_eq!(hits.len(), 1, "{date}: {json:#}");
        assert_eq!(hits[0]["severity"], "error");
        assert!(
            hits[0]["message"].as_str().unwrap().contains(&format!("(dated {date}) by Mallory")),
            "{date}"
        );
    }
}

/// The `history/changed-after-approval` findings of a repository, as JSON.
fn changed_after_approval(r: &Repo) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(&check(&r.site)).unwrap();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "history/changed-after-approval")
        .cloned()
        .collect()
}

#[test]
fn a_review_entry_added_with_a_change_after_approval_hid_it() {
    let r = Repo::new();
    r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("policies/access.md", &policy("1.0", "2025-01-10", V1, "Eight."))],
    );
    let reviewed = policy("1.0", "2025-01-10", V1, "Six.").replace(
        "---\n\n# Access",
        "  - version: \"1.0\"\n    date: 2025-03-01\n    type: review\n    author: alice\n    summary: Reviewed.\n---\n\n# Access",
    );
    r.commit("2025-03-01", "Mallory", "Review", &[("policies/access.md", &reviewed)]);
    let hits = changed_after_approval(&r);
    assert_eq!(hits.len(), 1, "{hits:#?}");
}

#[test]
fn removing_the_approval_date_for_one_commit_hid_the_change_made_in_it() {
    let r = Repo::new();
    let noted = [V1, &[("1.0", "2025-01-08", "Note.")][..]].concat();
    r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("policies/access.md", &policy("1.0", "2025-01-10", V1, "Eight."))],
    );
    r.commit(
        "2025-02-01",
        "Mallory",
        "A",
        &[("policies/access.md", &policy("1.0", "2024-12-01", V1, "Eight."))],
    );
    r.commit(
        "2025-02-02",
        "Mallory",
        "B",
        &[("policies/access.md", &policy("1.0", "2024-12-01", &noted, "Six."))],
    );
    r.commit(
        "2025-02-03",
        "Mallory",
        "C",
        &[("policies/access.md", &policy("1.0", "2025-01-10", &noted, "Six."))],
    );
    let hits = changed_after_approval(&r);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert!(hits[0]["message"].as_str().unwrap().contains("(dated 2025-02-02) by Mallory"), "{hits:#?}");
}

#[test]
fn an_unrecorded_change_before_approval_is_a_warning() {
    let r = Repo::new();
    r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("policies/access.md", &policy("1.0", "2025-03-01", V1, "First text."))],
    );
    r.commit(
        "2025-02-01",
        "Alice",
        "Tweak",
        &[("policies/access.md", &policy("1.0", "2025-03-01", V1, "Second text."))],
    );
    let text = check(&r.site);
    assert!(text.contains("history/unrecorded-change"), "{text}");
    assert!(text.contains("commit ") && text.contains("on 2025-02-01 by Alice"), "{text}");
    assert!(!text.contains("history/changed-after-approval"), "{text}");
}

#[test]
fn past_versions_get_archived_pages_redlines_and_a_list() {
    let r = repository();
    assert_eq!(r.site.build(&[]).code, 0);
    let old = r.site.page("policies/access/v1.0/index.html");
    assert!(old.contains("at least eight characters"), "the archived page holds the old text");
    assert!(old.contains("superseded by version 1.1"), "{old}");
    assert!(old.contains("href=\"../../../policies/access/index.html\">View the current version"), "{old}");
    let diff = r.site.page("policies/access/v1.1/diff/index.html");
    assert!(diff.contains("<del>Passwords have at least <mark>eight</mark>"), "{diff}");
    assert!(diff.contains("<ins>Passwords have at least <mark>"), "{diff}");
    assert!(diff.contains("<code>version</code></td><td><del>1.0</del></td><td><ins>1.1</ins>"), "{diff}");
    let page = r.site.page("policies/access/index.html");
    let versions = &page[page.find("Versions").unwrap()..];
    assert!(versions.contains("href=\"../../policies/access/v1.0/index.html\">1.0</a>"), "{versions}");
    assert!(versions.contains("href=\"../../policies/access/v1.1/diff/index.html\">what changed</a>"));
    let revisions =
        &page[page.find("Revision history").unwrap()..page.find("id=\"versions-title\"").unwrap()];
    assert_eq!(revisions.matches("<span class=\"muted\">commit <code>").count(), 2, "{revisions}");
    assert!(revisions.contains("2025-01-10</code>"), "{revisions}");
    let feed = r.site.page("feed.xml");
    assert!(feed.contains("<feed") && feed.contains("POL-009 Access policy — version 1.1"), "{feed}");
    assert!(feed.contains("policies/access/v1.1/diff/index.html"));
}

#[test]
fn release_tags_are_built_as_whole_sites_and_kept_when_unchanged() {
    let r = repository();
    let first = r.site.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let snapshot = r.site.page("releases/v1.0/policies/access/index.html");
    assert!(snapshot.contains("at least eight characters"), "releases/v1.0 holds the v1.0 text");
    assert!(snapshot.contains("You are viewing release <strong>v1.0</strong>"), "{snapshot}");
    assert!(snapshot.contains("href=\"../../../../index.html\">Current</a>"), "{snapshot}");
    assert!(r.site.page("index.html").contains("href=\"releases/v1.0/index.html\">v1.0</a>"));
    // A rebuild keeps the snapshot as it was (same bytes), without rendering it again.
    let before = crate::support::snapshot(&r.site.out().join("releases"));
    assert_eq!(r.site.build(&[]).code, 0);
    crate::support::assert_same(&before, &crate::support::snapshot(&r.site.out().join("releases")));
    // Another day: the current pages are made again, the snapshot is kept, each of its files by
    // a second name, not copied: the site this build replaced, kept in the cache, has the other.
    let root = r.site.root().to_str().unwrap();
    let later = crate::support::charta(&["build", "--root", root, "--today", "2026-03-02"]);
    assert_eq!(later.code, 0, "{}", later.stderr);
    crate::support::assert_same(&before, &crate::support::snapshot(&r.site.out().join("releases")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let page = r.site.out().join("releases/v1.0/policies/access/index.html");
        assert_eq!(std::fs::metadata(page).unwrap().nlink(), 2);
    }
}

#[test]
fn a_shallow_clone_is_flagged() {
    let r = repository();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.site.root().display());
    let status = std::process::Command::new("git")
        .args(["clone", "--quiet", "--depth", "1", &url, clone.path().join("c").to_str().unwrap()])
        .status();
    let Ok(status) = status else {
        eprintln!("no git binary here: the shallow-clone case runs where git is installed");
        return;
    };
    assert!(status.success());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["check", "--root", clone.path().join("c").to_str().unwrap(), "--today", "2026-03-01"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("warning[history/shallow-clone]"), "{text}");
    assert!(
        !text.contains("history/changed-after-approval"),
        "history rules are not trusted on a shallow clone"
    );
}

#[test]
fn dates_come_from_commits_not_file_times() {
    let r = repository();
    // Touch the file: its modification time is now, its history is not.
    r.site.write(
        "policies/access.md",
        &std::fs::read_to_string(r.site.root().join("policies/access.md")).unwrap(),
    );
    assert_eq!(r.site.build(&[]).code, 0);
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains("<td>2025-01-10 <code>"), "{page}");
    assert!(page.contains("changed again 2025-09-01"), "{page}");
}

#[test]
fn warm_builds_with_history_and_releases_match_cold_ones() {
    let r = repository();
    assert_eq!(r.site.build(&[]).code, 0);
    let stderr = crate::cache::warm_equals_cold(&r.site);
    assert!(stderr.contains("unchanged since the last build"), "{stderr}");
    // A new commit changes the history every page may show: pages are rendered again.
    r.commit(
        "2025-10-01",
        "Alice",
        "Access policy 1.2",
        &[
            (".gitignore", "public/\n.charta-cache/\n"),
            (
                "policies/access.md",
                &policy("1.2", "2025-10-01", V2, "Passwords have at least ten characters."),
            ),
        ],
    );
    crate::cache::warm_equals_cold(&r.site);
    assert!(r.site.page("policies/access/index.html").contains("at least ten characters"));
}

#[test]
fn a_version_git_cannot_give_is_a_finding_and_left_out_of_the_site() {
    let r = repository();
    assert_eq!(r.site.build(&[]).code, 0);
    let before = crate::support::snapshot(&r.site.out());
    // The text of version 1.0 goes missing from the object store (a damaged clone).
    let blob = r.repo.revparse_single("v1.0:policies/access.md").unwrap().id().to_string();
    std::fs::remove_file(r.repo.path().join("objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    let json: serde_json::Value = serde_json::from_str(&check(&r.site)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let hits: Vec<_> = findings.iter().filter(|f| f["rule"] == "history/unreadable").collect();
    assert_eq!(hits.len(), 1, "{findings:#?}");
    assert_eq!(hits[0]["path"], "policies/access.md");
    assert_eq!(hits[0]["severity"], "error");
    let message = hits[0]["message"].as_str().unwrap();
    assert!(message.contains("on 2025-06-01") && message.contains(&blob), "{message}");
    // The later change, whose two texts git still has, is compared as before.
    assert!(findings.iter().any(|f| f["rule"] == "history/changed-after-approval"), "{findings:#?}");
    // The site is built without the missing version's pages (a build with its cache keeps the
    // release snapshot made before the damage).
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = crate::support::snapshot(&r.site.out());
    assert!(names(&before).iter().any(|n| n.starts_with("policies/access/v1.0/")));
    assert!(names(&after).iter().any(|n| n.starts_with("releases/v1.0/")), "{:?}", names(&after));
    // Built anew, the release that holds the missing text is left out, with a warning naming
    // it, the file and what to do.
    std::fs::remove_dir_all(r.site.out()).unwrap();
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("release v1.0") && run.stderr.contains("git fsck"), "{}", run.stderr);
    assert!(run.stderr.contains("policies/access.md"), "{}", run.stderr);
    let after = crate::support::snapshot(&r.site.out());
    assert!(!names(&after).iter().any(|n| n.starts_with("releases/v1.0/")), "{:?}", names(&after));
    assert!(!names(&after).iter().any(|n| n.starts_with("policies/access/v1.0/")), "{:?}", names(&after));
    assert!(r.site.page("policies/access/index.html").contains("Versions"));
}

#[test]
fn a_packed_repository_builds_the_same_site_as_loose_objects() {
    let r = repository();
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let loose = crate::support::snapshot(&r.site.out());
    // Clones and `git gc` keep objects in pack files, read here from both worker threads.
    let packed =
        std::process::Command::new("git").args(["-C", r.site.root().to_str().unwrap(), "gc", "-q"]).status();
    let Ok(packed) = packed else {
        eprintln!("no git binary here: the packed case runs where git is installed");
        return;
    };
    assert!(packed.success());
    assert!(std::fs::read_dir(r.repo.path().join("objects/pack")).unwrap().count() > 0);
    // No previous site, whose release snapshot would be kept rather than read again.
    std::fs::remove_dir_all(r.site.out()).unwrap();
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    crate::support::assert_same(&loose, &crate::support::snapshot(&r.site.out()));
    assert!(r.site.page("releases/v1.0/policies/access/index.html").contains("at least eight characters"));
    assert!(r.site.page("policies/access/v1.1/diff/index.html").contains("<del>Passwords have at least"));
}

#[test]
fn a_document_in_another_documents_version_folder_stopped_the_build() {
    let r = repository();
    // Pages of their own at policies/access/v1.0/ and policies/access/v1.1/diff/, where the
    // archived 1.0 and the redline to 1.1 of policies/access.md would be.
    let doc = |title: &str| format!("---\ntitle: {title}\n---\n{title} body.\n");
    r.commit(
        "2025-10-01",
        "Alice",
        "Folders",
        &[
            ("policies/access/v1.0.md", &doc("Old notes")),
            ("policies/access/v1.1/diff.md", &doc("Diff notes")),
        ],
    );
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(r.site.page("policies/access/v1.0/index.html").contains("Old notes body."));
    assert!(r.site.page("policies/access/v1.1/diff/index.html").contains("Diff notes body."));
    assert!(r.site.page("policies/access/v1.0-version/index.html").contains("at least eight characters"));
    assert!(r.site.page("policies/access/v1.1-version/diff/index.html").contains("<mark>eight</mark>"));
}
