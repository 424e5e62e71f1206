//! Past versions, redlines and release snapshots built from git history, on the repositories
//! `history.rs` makes.

use crate::history::{V1, V2, check, policy, repository};

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
    // A rebuild keeps the snapshot as it was (same bytes), without rendering it again. The
    // releases page beside the snapshots is the current site's, made again like its others.
    let snapshots = || {
        let mut files = crate::support::snapshot(&r.site.out().join("releases"));
        files.retain(|(path, _)| path != "index.html");
        files
    };
    let before = snapshots();
    assert_eq!(r.site.build(&[]).code, 0);
    crate::support::assert_same(&before, &snapshots());
    // Another day: the current pages are made again, the snapshot is kept, each of its files by
    // a second name, not copied: the site this build replaced, kept in the cache, has the other.
    let root = r.site.root().to_str().unwrap();
    let later = crate::support::charta(&["build", "--root", root, "--today", "2026-03-02"]);
    assert_eq!(later.code, 0, "{}", later.stderr);
    crate::support::assert_same(&before, &snapshots());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let page = r.site.out().join("releases/v1.0/policies/access/index.html");
        assert_eq!(std::fs::metadata(page).unwrap().nlink(), 2);
    }
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

/// The access policy approved on `approved`, stating no version.
fn unversioned(approved: &str, body: &str) -> String {
    policy("1.0", approved, V1, body).replacen("\nversion: \"1.0\"\n", "\n", 1)
}

/// Each version of POL-009 in register.json: (label, in force from, to), "-" for none.
pub fn periods(r: &crate::support::Repo) -> Vec<(String, String, String)> {
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let documents = json["documents"].as_array().unwrap();
    let doc = documents.iter().find(|d| d["id"] == "POL-009").unwrap_or_else(|| panic!("{json:#}"));
    let day = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or("-").to_owned();
    doc["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (day(v, "label"), day(v, "in_force_from"), day(v, "in_force_to")))
        .collect()
}

/// Bug: a version put back in review under the same version number (1.1 approved, then edited
/// with `status: review` and still `1.1`) was listed as never in force, and the page said 1.0
/// was: the approved text of 1.1 stays in force until a new approval replaces it.
#[test]
fn a_version_put_back_in_review_under_its_number_stays_in_force() {
    let path = "policies/access.md";
    let r = crate::support::Repo::new();
    r.commit("2025-01-01", "Alice", "Base", &[]);
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.commit("2025-06-01", "Alice", "1.1", &[(path, &policy("1.1", "2025-06-01", V2, "Two."))]);
    let review =
        policy("1.1", "2025-06-01", V2, "Two, changed.").replace("status: approved", "status: review");
    r.commit("2025-09-01", "Alice", "1.1 back in review", &[(path, &review)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = r.site.page("policies/access/index.html");
    let page = crate::support::strip_tags(&html);
    assert!(page.contains("Version 1.1, approved on 2025-06-01, is in force."), "{page}");
    // Bug (an auditor on a phone, where the versions table is folded away): the banner named
    // the version in force and did not link it.
    let link = &html[html.find("is in force. <a href=\"").unwrap()..];
    assert!(link.contains("\">Read the version in force</a>"), "{link}");
    let target = &link["is in force. <a href=\"".len()..link.find("\">").unwrap()];
    let target = target.trim_start_matches("../../");
    assert!(r.site.out().join(target).is_file(), "{target}");
    let periods = periods(&r);
    let own = |l: &str, f: &str, t: &str| (l.to_owned(), f.to_owned(), t.to_owned());
    assert!(periods.contains(&own("1.0", "2025-01-10", "2025-05-31")), "{periods:?}");
    assert!(periods.contains(&own("1.1", "2025-06-01", "-")), "{periods:?}");
}

/// Bug (found by a cold review of the fix above): put back in review and approved again with
/// its approval unchanged (a yearly review that changed nothing), 1.1 was listed twice, both
/// in force from its approval day, the first for one day.
#[test]
fn a_version_put_back_in_review_and_approved_again_as_it_was_is_one_version() {
    let path = "policies/access.md";
    let r = crate::support::Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "One."))]);
    let approved = policy("1.1", "2025-06-01", V2, "Two.");
    r.commit("2025-06-01", "Alice", "1.1", &[(path, &approved)]);
    let review = approved.replace("status: approved", "status: review");
    r.commit("2025-09-01", "Alice", "Yearly review", &[(path, &review)]);
    r.commit("2025-09-10", "Alice", "Reviewed, no change", &[(path, &approved)]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let own = |l: &str, f: &str, t: &str| (l.to_owned(), f.to_owned(), t.to_owned());
    assert_eq!(periods(&r), [own("1.0", "2025-01-10", "2025-05-31"), own("1.1", "2025-06-01", "-")]);
}

/// Bug (found by the same review): a document that states no version, committed again with the
/// same approval date and another text, listed both texts in force from that date: the second
/// was in force from before it was written.
#[test]
fn a_text_committed_with_an_approval_date_an_earlier_text_stated_is_in_force_from_its_commit() {
    let path = "policies/access.md";
    let unversioned = |body: &str| unversioned("2025-01-10", body);
    let r = crate::support::Repo::new();
    let first = r.commit("2025-01-10", "Alice", "First", &[(path, &unversioned("One."))]);
    let second = r.commit("2025-03-01", "Alice", "Second", &[(path, &unversioned("Two."))]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let short = |oid: git2::Oid| oid.to_string()[..8].to_owned();
    let own = |l: String, f: &str, t: &str| (l, f.to_owned(), t.to_owned());
    assert_eq!(
        periods(&r),
        [own(short(first), "2025-01-10", "2025-02-28"), own(short(second), "2025-03-01", "-")]
    );
}

/// Bug (found by a cold review of b124ce9): 1.1 put back in review and approved with a new
/// date, then its first approved text put back: the second approval's version vanished from
/// the register (taken for "approved again as it was").
#[test]
fn a_version_approved_anew_in_review_is_kept_when_the_first_text_comes_back() {
    let path = "policies/access.md";
    let r = crate::support::Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "One."))]);
    let first = policy("1.1", "2025-06-01", V2, "Two.");
    r.commit("2025-06-01", "Alice", "1.1", &[(path, &first)]);
    r.commit(
        "2025-07-01",
        "Alice",
        "Review",
        &[(path, &first.replace("status: approved", "status: review"))],
    );
    r.commit(
        "2025-07-10",
        "Alice",
        "Approved anew",
        &[(path, &policy("1.1", "2025-07-10", V2, "Two, new."))],
    );
    r.commit("2025-08-01", "Alice", "Revert", &[(path, &first)]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let starts: Vec<String> = periods(&r).into_iter().map(|(l, f, _)| format!("{l} {f}")).collect();
    assert!(starts.contains(&"1.1 2025-07-10".to_owned()), "{starts:?}");
}

/// Bug (found by a cold review of b124ce9): a text committed before the approval date it and
/// the text before state (an approval written ahead of its day) was in force from its commit,
/// before the text it followed: periods out of order.
#[test]
fn a_text_following_one_approved_ahead_of_its_day_is_in_force_no_earlier_than_that_day() {
    let path = "policies/access.md";
    let unversioned = |body: &str| unversioned("2025-03-05", body);
    let r = crate::support::Repo::new();
    r.commit("2025-03-01", "Alice", "First", &[(path, &unversioned("One."))]);
    r.commit("2025-03-03", "Alice", "Second", &[(path, &unversioned("Two."))]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let starts: Vec<String> = periods(&r).into_iter().map(|(_, f, _)| f).collect();
    // Both began on that day: the second, the text approved then, was the one in force.
    assert_eq!(starts, ["-", "2025-03-05"]);
}

/// Bug: the page of an earlier text of a document that states no version said "this is
/// version , superseded by version the current version" (as on every such page of the
/// tailscale and cloud.gov policy repositories).
#[test]
fn an_earlier_text_of_a_document_with_no_version_says_which_text_it_is() {
    let path = "policies/access.md";
    let r = crate::support::Repo::new();
    let first = r.commit("2025-01-10", "Alice", "First", &[(path, &unversioned("2025-01-10", "One."))]);
    r.commit("2025-03-01", "Alice", "Second", &[(path, &unversioned("2025-03-01", "Two."))]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let short = &first.to_string()[..8];
    let page = crate::support::strip_tags(&r.site.page(&format!("policies/access/v{short}/index.html")));
    let said = format!("Superseded: this is the text of commit {short}, superseded by the current text.");
    assert!(page.contains(&said), "{page}");
    let versioned = crate::support::strip_tags(&r.site.page("policies/access/index.html"));
    assert!(!versioned.contains("version ,"), "{versioned}");
}

/// Bug (found by a cold review): the page of a draft of a document that states no version said
/// "Version 7a167378, approved on 2025-01-10, is in force." of the text in force.
#[test]
fn a_draft_of_a_document_with_no_version_names_the_text_in_force_by_its_commit() {
    let path = "policies/access.md";
    let r = crate::support::Repo::new();
    let first = r.commit("2025-01-10", "Alice", "First", &[(path, &unversioned("2025-01-10", "One."))]);
    let draft = unversioned("2025-01-10", "Two.").replace("status: approved", "status: draft");
    r.commit("2025-03-01", "Alice", "Draft", &[(path, &draft)]);
    assert_eq!(r.site.build(&["--no-cache"]).code, 0);
    let page = crate::support::strip_tags(&r.site.page("policies/access/index.html"));
    let said =
        format!("The text of commit {}, approved on 2025-01-10, is in force.", &first.to_string()[..8]);
    assert!(page.contains(&said), "{page}");
}

/// Bug (the 30th session's notes): a team that approves new words under one version number
/// got "this is version 1.0, superseded by version 1.0" on the first text's page and "What
/// changed from version 1.0 to 1.0" on the redline. Where two versions share a number, each is
/// named by the day it was approved.
#[test]
fn new_words_approved_under_one_number_are_told_apart_by_their_approval_day() {
    let r = crate::support::Repo::new();
    let path = "policies/access.md";
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.commit("2025-03-01", "Alice", "Approve", &[(path, &policy("1.0", "2025-03-01", V1, "Two."))]);
    r.commit("2025-06-01", "Alice", "Approve", &[(path, &policy("1.0", "2025-06-01", V1, "Three."))]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = crate::support::snapshot(&r.site.out().join("policies/access"));
    let text = |name: &str| {
        let (_, bytes) = pages
            .iter()
            .find(|(p, _)| p.starts_with("v1.0-") && p.split_once('/').is_some_and(|(_, rest)| rest == name))
            .unwrap();
        crate::support::strip_tags(&String::from_utf8_lossy(bytes))
    };
    let first = crate::support::strip_tags(&r.site.page("policies/access/v1.0/index.html"));
    assert!(
        first.contains(
            "this is version 1.0 (approved 2025-01-10), superseded by version 1.0 (approved 2025-03-01)."
        ),
        "{first}"
    );
    let second = text("index.html");
    assert!(second.contains("superseded by version 1.0 (approved 2025-06-01)."), "{second}");
    let redlines: Vec<String> = pages
        .iter()
        .filter(|(p, _)| p.ends_with("diff/index.html"))
        .map(|(_, b)| crate::support::strip_tags(&String::from_utf8_lossy(b)))
        .collect();
    assert_eq!(redlines.len(), 2);
    assert!(
        redlines.iter().any(|t| t
            .contains("What changed from version 1.0 (approved 2025-01-10) to 1.0 (approved 2025-03-01)")),
        "{redlines:?}"
    );
    assert!(!redlines.iter().any(|t| t.contains("from version 1.0 to 1.0")), "{redlines:?}");
}

/// Bug (a cold read as an auditor): the page of a version as retired (`charta retire`, the
/// number kept) said "superseded by version 2.0. In force from 2024-03-01 to 2024-04-30" for
/// the days the document was withdrawn, as the versions table on the same page said; the
/// version before said it was "superseded by version 1.0".
#[test]
fn a_retired_version_page_says_withdrawn_not_in_force() {
    let mut entries = V1.to_vec();
    entries.push(("1.0", "2025-03-01", "No longer needed.\n    type: retirement"));
    let retired =
        policy("1.0", "2025-01-10", &entries, "One.").replace("status: approved", "status: retired");
    entries.push(("2.0", "2025-05-01", "Back."));
    let back = policy("2.0", "2025-05-01", &entries, "Two.");
    let r = crate::support::Repo::new();
    let path = "policies/access.md";
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "One."))]);
    let retire = r.commit("2025-03-01", "Alice", "Retire", &[(path, &retired)]);
    r.commit("2025-05-01", "Alice", "2.0", &[(path, &back)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let short = &retire.to_string()[..8];
    let page = crate::support::strip_tags(&r.site.page(&format!("policies/access/v1.0-{short}/index.html")));
    assert!(
        page.contains("this is version 1.0 as retired on 2025-03-01. The document was withdrawn from 2025-03-01 to 2025-04-30, until version 2.0 took over."),
        "{page}"
    );
    assert!(!page.contains("In force from"), "{page}");
    let first = crate::support::strip_tags(&r.site.page("policies/access/v1.0/index.html"));
    assert!(first.contains("superseded by version 1.0 as retired on 2025-03-01."), "{first}");
    // Bug (a cold review): its redline was headed "from version 1.0 (approved 2025-01-10) to
    // 1.0 (approved 2025-01-10)", the retirement named by the approval it kept.
    let diff =
        crate::support::strip_tags(&r.site.page(&format!("policies/access/v1.0-{short}/diff/index.html")));
    assert!(diff.contains("What changed from version 1.0 to 1.0 as retired on 2025-03-01"), "{diff}");
}

/// Bug (a cold read as an auditor): words approved again a year later under the same number (a
/// periodic review) listed the version as approved by the second approver on the second day,
/// in force from the first: "approved 2026-01-10, in force from 2025-01-10", and the register's
/// answer for a day in 2025 named an approval not made yet. The version's row gives the
/// approval that put it in force, and the later one as approved again.
#[test]
fn words_approved_again_keep_the_approval_that_put_them_in_force() {
    let r = crate::support::Repo::new();
    let path = "policies/access.md";
    let first = policy("1.0", "2025-01-10", V1, "One.");
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &first)]);
    let again = policy("1.0", "2026-01-10", V1, "One.").replace("approvers: [bob]", "approvers: [carol]");
    r.commit("2026-01-10", "Carol", "Yearly approval", &[(path, &again)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let register: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let version = &register["documents"][0]["versions"][0];
    assert_eq!(version["approval_date"], "2025-01-10", "{register:#}");
    assert_eq!(version["in_force_from"], "2025-01-10", "{register:#}");
    let page = crate::support::strip_tags(&r.site.page("policies/access/index.html"));
    assert!(page.contains("2025-01-10approved again 2026-01-10 by carol"), "{page}");
    // Bug (a cold review): new words then approved under the same number: the redline named
    // the first version by its approval again, where its banner and row name it by the one
    // that put it in force.
    r.commit("2026-03-01", "Alice", "New words", &[(path, &policy("1.0", "2026-03-01", V1, "Two."))]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = crate::support::snapshot(&r.site.out().join("policies/access"));
    let (_, diff) = pages.iter().find(|(p, _)| p.ends_with("diff/index.html")).unwrap();
    let diff = crate::support::strip_tags(&String::from_utf8_lossy(diff));
    assert!(
        diff.contains("What changed from version 1.0 (approved 2025-01-10) to 1.0 (approved 2026-03-01)"),
        "{diff}"
    );
}

/// Bug (a cold review of the fix above): 1.1 committed with 1.0's approval kept (approved on
/// 2025-01-10 by bob), then approved by carol on 2025-06-01, was listed as approved by bob on
/// 2025-01-10 and "approved again" by carol: the approval kept from 1.0 approved nothing of
/// 1.1's.
#[test]
fn an_approval_kept_from_the_version_before_is_not_the_new_versions() {
    let r = crate::support::Repo::new();
    let path = "policies/access.md";
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.commit("2025-05-30", "Alice", "1.1", &[(path, &policy("1.1", "2025-01-10", V2, "Two."))]);
    let approved = policy("1.1", "2025-06-01", V2, "Two.").replace("approvers: [bob]", "approvers: [carol]");
    r.commit("2025-06-01", "Carol", "Approve", &[(path, &approved)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let register: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let versions = &register["documents"][0]["versions"];
    let got: Vec<(&str, &str)> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["approval_date"].as_str().unwrap(), v["approvers"][0].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("2025-01-10", "Bob Boss"), ("2025-06-01", "carol")], "{register:#}");
    let page = crate::support::strip_tags(&r.site.page("policies/access/index.html"));
    assert!(!page.contains("approved again"), "{page}");
}

/// Bug (a QMS team's trial): in a document's versions table, a commit that only recorded an
/// approval (or a review) was listed as "changed again … what changed", as an unapproved edit
/// of the text is. Each says what it did.
#[test]
fn a_commit_that_only_records_an_approval_is_not_said_to_change_the_text() {
    let r = crate::support::Repo::new();
    let path = "policies/access.md";
    let review = policy("1.1", "2025-06-01", V2, "Twelve.").replace("status: approved", "status: review");
    let review = review.replace("approval_date: 2025-06-01\n", "");
    r.commit("2025-06-01", "Alice", "1.1 for review", &[(path, &review)]);
    r.commit("2025-06-05", "Bob", "Approve 1.1", &[(path, &policy("1.1", "2025-06-05", V2, "Twelve."))]);
    r.commit("2025-06-09", "Mallory", "Edit", &[(path, &policy("1.1", "2025-06-05", V2, "Six."))]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains("approval recorded 2025-06-05"), "{page}");
    assert!(page.contains("changed again 2025-06-09"), "{page}");
    assert!(!page.contains("changed again 2025-06-05"), "{page}");
}
