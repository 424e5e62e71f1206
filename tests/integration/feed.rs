//! The Atom feed as subscribers read it: an entry is a version that came in force, on its day.

use crate::history::{V1, V2, policy};
use crate::support::Repo;

const PATH: &str = "policies/access.md";

/// Each entry of `feed`: (title, updated day).
fn entries(feed: &str) -> Vec<(String, String)> {
    feed.split("<entry>")
        .skip(1)
        .map(|e| {
            let between = |open: &str, close: &str| {
                let from = e.find(open).unwrap() + open.len();
                e[from..from + e[from..].find(close).unwrap()].to_owned()
            };
            (between("<title>", "</title>"), between("<updated>", "</updated>")[..10].to_owned())
        })
        .collect()
}

/// Bug (a cold try as a team works): the feed dated each version by its first commit, and
/// announced versions never in force: "version 1.1" on the day it was put in review, weeks
/// before its approval, and a draft of 1.2 no one approved. Subscribers read an entry as a
/// version in force: each is dated by its first day in force, and a version never in force has
/// none.
#[test]
fn the_feed_announces_versions_as_they_come_in_force() {
    let r = Repo::new();
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &policy("1.0", "2025-01-10", V1, "One."))]);
    let approved = policy("1.1", "2025-04-15", V2, "Two.");
    let in_review = approved.replace("status: approved", "status: review");
    r.commit("2025-03-01", "Alice", "1.1 for review", &[(PATH, &in_review)]);
    r.commit("2025-04-20", "Alice", "1.1 approved", &[(PATH, &approved)]);
    let draft =
        approved.replace("version: \"1.1\"", "version: \"1.2\"").replace("status: approved", "status: draft");
    r.commit("2025-06-01", "Alice", "1.2 drafted", &[(PATH, &draft.replace("Two.", "Three."))]);
    let built = r.site.build(&["--no-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let title = |v: &str| format!("POL-009 Access policy — version {v}");
    let feed = entries(&r.site.page("feed.xml"));
    let feed: Vec<_> = feed.into_iter().filter(|(t, _)| t.starts_with("POL-009")).collect();
    assert_eq!(feed, [(title("1.1"), "2025-04-15".to_owned()), (title("1.0"), "2025-01-10".to_owned())]);
}

/// Bug (a cold review): a version approved with an effective date after the site's day was
/// announced, dated that later day: the site said it was in force before it was.
#[test]
fn the_feed_does_not_announce_a_version_in_force_only_later() {
    let r = Repo::new();
    let later = policy("1.0", "2025-01-10", V1, "One.")
        .replace("status: approved\n", "status: approved\neffective_date: 2026-09-01\n");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &later)]);
    // Built on 2026-03-01.
    let built = r.site.build(&["--no-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let feed = entries(&r.site.page("feed.xml"));
    assert!(!feed.iter().any(|(t, _)| t.starts_with("POL-009")), "{feed:?}");
    let root = r.site.root().to_str().unwrap();
    let built = crate::support::charta(&["build", "--root", root, "--today", "2026-09-02", "--no-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let feed = entries(&r.site.page("feed.xml"));
    assert!(feed.iter().any(|(t, d)| t.starts_with("POL-009") && d == "2026-09-01"), "{feed:?}");
}

/// Bug (a team's try and an auditor's reading): a retirement was announced as "version 1.0", as
/// if the version came in force again on the day it was withdrawn; a file restored still
/// retired was announced once more.
#[test]
fn the_feed_announces_a_withdrawal_as_one_once() {
    let r = Repo::new();
    let approved = policy("1.0", "2025-01-10", V1, "One.");
    r.commit("2025-01-10", "Alice", "1.0", &[(PATH, &approved)]);
    let retired = approved.replace("status: approved", "status: retired");
    r.commit("2025-06-01", "Alice", "Housekeeping", &[(PATH, &retired)]);
    std::fs::remove_file(r.site.root().join(PATH)).unwrap();
    r.commit("2025-07-01", "Alice", "Tidy up", &[]);
    r.commit("2025-08-01", "Alice", "Restore it for the record", &[(PATH, &retired)]);
    let built = r.site.build(&["--no-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let feed = r.site.page("feed.xml");
    let mine: Vec<_> = entries(&feed).into_iter().filter(|(t, _)| t.starts_with("POL-009")).collect();
    assert_eq!(
        mine,
        [
            ("POL-009 Access policy — version 1.0 withdrawn".to_owned(), "2025-06-01".to_owned()),
            ("POL-009 Access policy — version 1.0".to_owned(), "2025-01-10".to_owned()),
        ],
        "{feed}"
    );
    assert!(feed.contains("Withdrawn: no longer in force."), "{feed}");
}

/// Bug (a QA manager abandoning a draft): a document retired while still a draft, never
/// approved nor in force, was announced as "version 0.1 withdrawn … no longer in force", its
/// versions table said it was in force from its commit days, and `register.json` had it
/// withdrawn from the day it was retired. A retirement of a document never in force withdraws
/// nothing.
#[test]
fn a_draft_retired_before_it_was_ever_in_force_is_not_announced_as_withdrawn() {
    let r = Repo::new();
    let draft = policy("0.1", "2025-01-10", V1, "One.").replace("status: approved", "status: draft");
    r.commit("2025-01-10", "Alice", "Draft", &[(PATH, &draft)]);
    r.commit(
        "2025-03-01",
        "Alice",
        "Abandoned",
        &[(PATH, &draft.replace("status: draft", "status: retired"))],
    );
    let built = r.site.build(&["--no-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let feed = r.site.page("feed.xml");
    assert!(!entries(&feed).iter().any(|(t, _)| t.starts_with("POL-009")), "{feed}");
    let json: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    let doc = json["documents"].as_array().unwrap().iter().find(|d| d["id"] == "POL-009").unwrap().clone();
    assert!(doc["versions"].as_array().unwrap().iter().all(|v| v["in_force_from"].is_null()), "{doc:#}");
    let page = r.site.page("policies/access/index.html");
    assert!(!page.contains("No version states an approval"), "{page}");
}
