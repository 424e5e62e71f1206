//! Warm builds equal cold builds where the inputs of every page change: a new collection folder,
//! a new release tag, a build told to trust nothing from before.

use crate::cache::warm_equals_cold;
use crate::support::{Repo, Site, snapshot};
use std::collections::{BTreeMap, BTreeSet};

/// A folder of a collection's name, empty, added to a repository with no configuration: every
/// page's navigation gains it. The warm build said "unchanged" and kept the old pages.
#[test]
fn a_new_collection_folder_is_in_the_warm_build_as_in_the_cold() {
    let site = Site::fixture("zero-config");
    site.write("policies/access.md", "---\ntitle: Access\n---\n\n# Access\n");
    let first = site.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = snapshot(&site.out());
    std::fs::create_dir(site.root().join("sop")).unwrap();
    warm_equals_cold(&site);
    assert_ne!(before, snapshot(&site.out()), "the new folder changed nothing");
}

/// A repository with a release tagged `v1`, built once.
fn released() -> Repo {
    let r = Repo::new();
    r.site.write(".gitignore", "public/\n.charta-cache/\n");
    let first = r.commit("2025-01-05", "Alice", "First issue", &[]);
    r.tag("v1", first);
    let built = r.site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    r
}

/// Tagging a new release: the pages kept of the older release kept a version switcher without
/// the new tag.
#[test]
fn a_new_release_tag_is_in_the_switcher_of_the_kept_releases() {
    let r = released();
    let text = std::fs::read_to_string(r.site.root().join("policies/clean.md")).unwrap();
    let second =
        r.commit("2025-02-01", "Alice", "A sentence", &[("policies/clean.md", &format!("{text}\nMore.\n"))]);
    r.tag("v2", second);
    warm_equals_cold(&r.site);
    assert!(r.site.page("releases/v1/index.html").contains("releases/v2/"));
}

/// `--no-cache` into the output of an earlier build kept that build's release snapshots as they
/// were, edits by hand included.
#[test]
fn a_build_without_the_cache_makes_the_release_snapshots_again() {
    let r = released();
    let page = r.site.out().join("releases/v1/index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("<h1", "<h1 data-edited")).unwrap();
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!r.site.page("releases/v1/index.html").contains("data-edited"));
}

/// A small deterministic generator (xorshift64*), so that a failing sequence can be replayed
/// from its seed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

/// The kinds of edit [`edit`] makes, by number.
const KINDS: [&str; 15] = [
    "a line added",
    "title changed",
    "roster name changed",
    "site title changed",
    "template override written",
    "procedures/ folder added or removed",
    "commit and tag",
    "--today changed",
    "document added",
    "document removed",
    "commit",
    "linked file changed",
    "SVG image shown in a page changed",
    ".gitignore ignores img/ or stops",
    "document renamed",
];

/// One edit of the kinds a team makes between two builds; returns what it did.
fn edit(r: &Repo, dice: &mut Dice, step: usize, today: &mut String) -> String {
    let root = r.site.root();
    let docs: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(root).unwrap().to_str().unwrap().to_owned())
        .filter(|p| p.ends_with(".md") && (p.starts_with("policies/") || p.starts_with("sop/")))
        .collect();
    let doc = docs[dice.below(docs.len())].clone();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).unwrap_or_default();
    let kind = dice.below(KINDS.len());
    match kind {
        0 => r.site.write(&doc, &format!("{}\nA line added at step {step}.\n", read(&doc))),
        1 => r.site.write(&doc, &read(&doc).replacen("title: ", &format!("title: Step {step} "), 1)),
        2 => r.site.write("roster.yaml", &read("roster.yaml").replacen("name: ", &format!("name: S{step} "), 1)),
        3 => r.site.write("charta.toml", &read("charta.toml").replacen("title = \"", &format!("title = \"{step} "), 1)),
        4 => r.site.write(
            "templates/404.html",
            &format!("{{% extends \"charta/404.html\" %}}{{% block title %}}Lost {step}{{% endblock title %}}"),
        ),
        5 => {
            let dir = root.join("procedures");
            if dir.exists() {
                std::fs::remove_dir_all(&dir).unwrap();
            } else {
                std::fs::create_dir(&dir).unwrap();
                let config = read("charta.toml");
                if !config.contains("\"procedures\"") {
                    r.site.write("charta.toml", &format!("{config}\n[[collections]]\npath = \"procedures\"\nkind = \"procedure\"\n"));
                }
            }
        }
        6 => {
            let commit = r.commit("2026-01-15", "Rhea", &format!("Step {step}"), &[]);
            r.tag(&format!("v{step}"), commit);
            return format!("commit and tag v{step}");
        }
        7 => {
            *today = ["2026-03-01", "2026-03-02", "2027-01-01"][dice.below(3)].to_owned();
            return format!("--today {today}");
        }
        8 => r.site.write(
            &format!("sop/new-{step}.md"),
            &format!("---\nid: SOP-{step}\ntitle: New {step}\nowner: rmorgan\n---\n\n# New\n\nSee [flow](../img/flow.png).\n"),
        ),
        // The last two documents stay: a site of none tells little.
        9 if docs.len() > 2 => std::fs::remove_file(root.join(&doc)).unwrap(),
        9 => return "document removed: none, two are left".to_owned(),
        10 => {
            r.commit("2026-02-01", "Tobi", &format!("Step {step}"), &[]);
            return "commit".to_owned();
        }
        11 => r.site.write("img/flow.png", &format!("not a picture {step}")),
        12 => {
            r.site.write("img/chart.svg", &format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{step}</text></svg>"));
            if !read(&doc).contains("chart.svg") {
                let depth = "../".repeat(doc.matches('/').count());
                r.site.write(&doc, &format!("{}\n![Chart]({depth}img/chart.svg)\n", read(&doc)));
            }
        }
        13 => {
            let ignore = read(".gitignore");
            let ignore =
                if ignore.contains("img/") { ignore.replace("img/\n", "") } else { format!("{ignore}img/\n") };
            r.site.write(".gitignore", &ignore);
        }
        _ => {
            let (folder, name) = doc.rsplit_once('/').unwrap();
            std::fs::rename(root.join(&doc), root.join(folder).join(format!("moved-{step}-{name}"))).unwrap();
        }
    }
    format!("{}: {doc}", KINDS[kind])
}

/// Random sequences of edits (documents, front matter, roster, configuration, templates,
/// folders, tags, commits, the date, linked files): after each, the warm build's site is byte
/// for byte the site of a cold build of the same repository.
#[test]
fn every_warm_build_after_random_edits_equals_a_cold_build() {
    for seed in [1u64, 7, 42] {
        let r = Repo::of(Site::fixture("mixed"));
        r.site.write(".gitignore", "public/\n.charta-cache/\n");
        r.commit("2026-01-05", "Rhea", "Start", &[]);
        let mut dice = Dice(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let mut today = "2026-03-01".to_owned();
        let mut done = Vec::new();
        for step in 0..14 {
            done.push(edit(&r, &mut dice, step, &mut today));
            let root = r.site.root().to_str().unwrap();
            let warm = crate::support::charta(&["build", "--root", root, "--today", &today]);
            let (_cold_dir, cold_out, cold) = crate::support::build_cold(r.site.root(), &today);
            assert_eq!(
                (warm.code, cold.code),
                (cold.code, warm.code),
                "seed {seed}: {done:?}\n{}",
                warm.stderr
            );
            if warm.code != 0 {
                continue;
            }
            let (w, c) = (snapshot(&r.site.out()), snapshot(&cold_out));
            let (w, c): (BTreeMap<_, _>, BTreeMap<_, _>) = (w.into_iter().collect(), c.into_iter().collect());
            let differ: Vec<&String> = w
                .keys()
                .chain(c.keys())
                .filter(|k| w.get(*k) != c.get(*k))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            assert!(differ.is_empty(), "seed {seed}, after {done:?}: warm differs from cold in {differ:?}");
        }
    }
}

/// A release snapshot's pages were kept by a marker file alone: a page of it edited, removed or
/// added by hand stayed so in every warm build.
#[test]
fn a_release_snapshot_edited_by_hand_is_made_again_by_a_warm_build() {
    let r = released();
    let out = r.site.out();
    let page = out.join("releases/v1/index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("<h1", "<h1 data-edited")).unwrap();
    std::fs::remove_file(out.join("releases/v1/404.html")).unwrap();
    std::fs::write(out.join("releases/v1/stray.html"), "not charta's").unwrap();
    warm_equals_cold(&r.site);
    assert!(!r.site.page("releases/v1/index.html").contains("data-edited"));
    // And a snapshot left alone is taken as it was, not rendered again, when the current site
    // changes.
    let before = std::fs::metadata(&page).unwrap();
    let doc = r.site.root().join("policies/clean.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, format!("{text}\nEdited.\n")).unwrap();
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = std::fs::metadata(&page).unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(before.ino(), after.ino(), "the kept snapshot's page was written again");
}

/// A build that found nothing changed told the files of the current site alone, leaving out
/// the release snapshots that stood with it.
#[test]
fn an_unchanged_build_counts_the_release_snapshots_in_its_files() {
    let r = released();
    let files =
        |stderr: &str| stderr.split(" into ").nth(1).and_then(|s| s.split(' ').next()).unwrap().to_owned();
    let cold = r.site.build(&["--no-cache"]);
    assert_eq!(r.site.build(&[]).code, 0);
    let warm = r.site.build(&[]);
    assert!(warm.stderr.contains("unchanged since the last build"), "{}", warm.stderr);
    assert_eq!(files(&warm.stderr), files(&cold.stderr), "{}\n{}", cold.stderr, warm.stderr);
}

/// A linked file moved from the repository's root to Hugo's `content/` moves a link from the
/// root (`/forms/f.pdf`) with it, on every page that has it, though no document and no finding
/// changed: the warm build kept the old page, linking the file where it was no longer.
#[test]
fn a_linked_file_moved_into_content_is_in_the_warm_build_as_in_the_cold() {
    let site = Site::fixture("zero-config");
    site.write("content/a.md", "---\ntitle: A\n---\n\nThe [form](/forms/f.pdf).\n");
    site.write("forms/f.pdf", "%PDF-1.4\n");
    let first = site.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = site.page("content/a/index.html");
    assert!(before.contains("href=\"../../forms/f.pdf\""), "{before}");
    std::fs::remove_dir_all(site.root().join("forms")).unwrap();
    site.write("content/forms/f.pdf", "%PDF-1.4\n");
    warm_equals_cold(&site);
    let after = site.page("content/a/index.html");
    assert!(after.contains("href=\"../../content/forms/f.pdf\""), "{after}");
}

/// Two documents changed since a release, then one of them edited again (not committed, as
/// between two previews): the other's redline of what changed since the release was made again
/// too, both its texts read and compared. At four releases of 10,000 documents, that was 5 s of
/// the 7.5 s one edit took.
#[test]
fn an_edit_makes_again_only_its_own_redline_of_what_changed_since_a_release() {
    use std::os::unix::fs::MetadataExt;
    let r = Repo::new();
    r.site.write(".gitignore", "public/\n.charta-cache/\n");
    let read = |doc: &str| std::fs::read_to_string(r.site.root().join(doc)).unwrap();
    r.site.write("policies/other.md", &read("policies/clean.md").replace("POL-001", "POL-002"));
    let first = r.commit("2025-01-05", "Alice", "First issue", &[]);
    r.tag("v1", first);
    for doc in ["policies/clean.md", "policies/other.md"] {
        r.site.write(doc, &format!("{}\nChanged since v1.\n", read(doc)));
    }
    let built = r.site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let redline = |id: &str| format!("changes/since-v1/{id}/index.html");
    let inode = |page: &str| std::fs::metadata(r.site.out().join(page)).unwrap().ino();
    let (edited, other) = (inode(&redline("POL-001")), inode(&redline("POL-002")));
    r.site.write("policies/clean.md", &format!("{}\nEdited again.\n", read("policies/clean.md")));
    warm_equals_cold(&r.site);
    assert_eq!(inode(&redline("POL-002")), other, "the other document's redline was made again");
    assert_ne!(inode(&redline("POL-001")), edited);
    assert!(r.site.page(&redline("POL-001")).contains("Edited again"));
}

/// A release snapshot's `history/*` findings come from the history up to its commit as this
/// build reads it, which today's charta.toml decides (its collections are the folders whose
/// history is read): a snapshot kept by a warm build must be what a cold build makes when
/// that changes. Written with the history rules of release snapshots.
#[test]
fn a_release_snapshots_history_findings_follow_the_history_read_in_a_warm_build() {
    let r = crate::history::repository();
    r.site.write(".gitignore", "public/\n.charta-cache/\n");
    let head = r.repo.head().unwrap().target().unwrap();
    r.tag("v2.0", head);
    let first = r.site.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        r.site.page("releases/v2.0/policies/access/index.html").contains("history/changed-after-approval")
    );
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &config.replace("path = \"policies\"", "path = \"documents\""));
    r.site.write("documents/other.md", "---\ntitle: Other\n---\n\n# Other\n");
    warm_equals_cold(&r.site);
}

/// Found by a cold review: a release snapshot's finding that charta.toml's period was made
/// longer named the last commit that changed the period anywhere on the line, later than the
/// release; a warm build kept the snapshot while a cold one said "in the working tree". The
/// snapshot sees the history up to its commit.
#[test]
fn a_release_snapshot_names_the_period_change_up_to_its_commit() {
    use crate::history::{V1, policy};
    let r = Repo::new();
    r.site.write(".gitignore", "public/\n.charta-cache/\n");
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let path = "policies/access.md";
    let text = policy("1.0", "2025-01-10", V1, "Eight.").replace("review_period: 24 months\n", "");
    r.commit("2025-01-10", "Alice", "1.0", &[(path, &text)]);
    let longer = config.replace("period = \"12 months\"", "period = \"18 months\"");
    let lengthened = r.commit("2025-02-01", "Alice", "Longer reviews", &[("charta.toml", &longer)]);
    r.tag("v1", lengthened);
    assert_eq!(r.site.build(&[]).code, 0);
    let report = r.site.page("releases/v1/report/index.html");
    let short = lengthened.to_string()[..8].to_owned();
    assert!(report.contains(&format!("by commit {short}")), "{report}");
    let longest = config.replace("period = \"12 months\"", "period = \"20 months\"");
    r.commit("2025-03-01", "Alice", "Longer still", &[("charta.toml", &longest)]);
    warm_equals_cold(&r.site);
    let report = r.site.page("releases/v1/report/index.html");
    assert!(report.contains(&format!("by commit {short}")), "{report}");
}

/// A document in force, written with `id` and `title`.
fn draft(id: &str, title: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: draft\nversion: \"1.0\"\nowner: alice\n---\n\n# {title}\n\n{body}\n"
    )
}

/// Bug (a cold review's random edits): a document's versions depend on which ids the other
/// documents hold now (an earlier text at its path under another id was it renumbered, or
/// another document whose id is in use), which no key held: another document's id edited, not
/// committed, left the first one's page as the last build made it.
#[test]
fn another_documents_id_edited_makes_the_renumbered_documents_pages_again() {
    let r = Repo::new();
    r.site.write(".gitignore", "public/\n.charta-cache/\n");
    r.commit(
        "2025-01-01",
        "Alice",
        "Both",
        &[
            ("policies/alpha.md", &draft("POL-5", "Alpha", "Text.")),
            ("policies/beta.md", &draft("POL-2", "Beta", "Text.")),
        ],
    );
    r.commit("2025-02-01", "Alice", "Renumber", &[("policies/alpha.md", &draft("POL-6", "Alpha", "Text."))]);
    assert_eq!(r.site.build(&[]).code, 0);
    r.site.write("policies/beta.md", &draft("POL-5", "Beta", "Text."));
    crate::cache::warm_equals_cold(&r.site);
}

/// Bug (the same review): the history is read under the root's folder in the repository, which
/// the key held only with `repo_url` set: the folder renamed, not committed, left the pages
/// with the versions read under the old name.
#[test]
fn the_root_folder_renamed_in_the_repository_makes_the_pages_again() {
    let r = Repo::new();
    let old = r.site.root().join("docs");
    std::fs::create_dir_all(old.join("policies")).unwrap();
    for name in ["charta.toml", "roster.yaml"] {
        std::fs::rename(r.site.root().join(name), old.join(name)).unwrap();
    }
    std::fs::remove_dir_all(r.site.root().join("policies")).unwrap();
    r.site.write(".gitignore", "public/\n.charta-cache/\n");
    r.commit("2025-01-01", "Alice", "One", &[("docs/policies/alpha.md", &draft("POL-1", "Alpha", "Text."))]);
    r.commit(
        "2025-02-01",
        "Alice",
        "Two",
        &[("docs/policies/alpha.md", &draft("POL-1", "Alpha", "Text two."))],
    );
    let new = r.site.root().join("handbook");
    let build = |root: &std::path::Path, out: &std::path::Path, extra: &[&str]| {
        let (root, out) = (root.to_str().unwrap(), out.to_str().unwrap());
        let run = crate::support::charta(
            &[&["build", "--root", root, "--out", out, "--today", "2026-03-01"], extra].concat(),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    let out = r.site.root().join("site");
    build(&old, &out, &[]);
    std::fs::rename(&old, &new).unwrap();
    build(&new, &out, &[]);
    let cold = tempfile::tempdir().unwrap();
    build(&new, cold.path(), &["--no-cache"]);
    crate::support::assert_same(&snapshot(&out), &snapshot(cold.path()));
}

/// Bug (a cold review): a build with nothing changed kept the last site as it was, having
/// counted its files but for a top-level `releases/` (the snapshots' own, checked apart) and any
/// folder: a `releases/` planted where there are no releases, or an empty folder, stayed
/// published.
#[test]
fn a_folder_planted_in_the_site_is_gone_after_a_build_with_nothing_changed() {
    for planted in ["releases/index.html", "empty/"] {
        let site = Site::fixture("mixed");
        assert_eq!(site.build(&[]).code, 0);
        match planted.strip_suffix('/') {
            Some(folder) => std::fs::create_dir_all(site.out().join(folder)).unwrap(),
            None => site.write(&format!("public/{planted}"), "<h1>planted</h1>"),
        }
        crate::cache::warm_equals_cold(&site);
        assert!(!site.out().join(planted.trim_end_matches('/')).exists(), "{planted}");
    }
}
