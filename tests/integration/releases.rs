//! Issue 28, the auditor's questions over time: the releases page (every tag with its date and
//! message), what changed in and since each release (added, changed with a redline, retired,
//! removed, reviews recorded; a moved document is the same document), and the register as of a
//! date (its data as a script, which a `file://` page can load).

use crate::history::{V1, V2, policy};
use crate::support::Repo;

/// A second document, POL-030, with a periodic review recorded on 2025-04-01.
fn reviewed(status: &str) -> String {
    format!(
        "---\nid: POL-030\ntitle: Backup policy\nowner: alice\nauthors: [alice]\napprovers: [bob]\n\
         approval_date: 2025-03-01\nversion: \"1.0\"\nstatus: {status}\nrevisions:\n  \
         - version: \"1.0\"\n    date: 2025-03-01\n    author: alice\n    summary: First issue.\n  \
         - version: \"1.0\"\n    date: 2025-04-01\n    author: bob\n    type: review\n    summary: Still right.\n\
         ---\n\n# Backup policy\n\nBack up daily.\n"
    )
}

fn annotated(r: &Repo, name: &str, oid: git2::Oid, date: &str, message: &str) {
    let day: jiff::civil::Date = date.parse().unwrap();
    let seconds = day.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp().as_second();
    let sig = git2::Signature::new("Bob", "bob@example.org", &git2::Time::new(seconds, 0)).unwrap();
    let object = r.repo.find_object(oid, None).unwrap();
    r.repo.tag(name, &object, &sig, message, false).unwrap();
}

/// v1.0: POL-009 1.0 and POL-020. v2.0: POL-009 1.1, POL-020 removed, POL-030 added and
/// reviewed. After it: POL-009 moved (same text), POL-030 retired.
fn repository() -> Repo {
    let r = Repo::new();
    let old =
        policy("1.0", "2025-01-10", V1, "Twenty.").replace("POL-009", "POL-020").replace("Access", "Old");
    let one = r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("policies/access.md", &policy("1.0", "2025-01-10", V1, "Eight.")), ("policies/old.md", &old)],
    );
    annotated(&r, "v1.0", one, "2025-01-15", "First release");
    std::fs::remove_file(r.site.root().join("policies/old.md")).unwrap();
    let two = r.commit(
        "2025-05-30",
        "Alice",
        "1.1",
        &[
            ("policies/access.md", &policy("1.1", "2025-05-30", V2, "Twelve characters.")),
            ("policies/backup.md", &reviewed("approved")),
        ],
    );
    annotated(&r, "v2.0", two, "2025-06-02", "Second release");
    let text = std::fs::read_to_string(r.site.root().join("policies/access.md")).unwrap();
    std::fs::remove_file(r.site.root().join("policies/access.md")).unwrap();
    r.commit(
        "2025-07-01",
        "Alice",
        "Reorganise; retire the backup policy",
        &[("policies/security/access.md", &text), ("policies/backup.md", &reviewed("retired"))],
    );
    r
}

/// The text of a page's `<main>`, tags dropped and spaces collapsed.
fn main_text(page: &str) -> String {
    let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    // Each tag a space, so that table cells stay apart.
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&#x2F;", "/").replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace(" :", ":").replace(" ,", ",")
}

/// The part of `text` from `from` to `to` (or its end).
fn section<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).unwrap_or_else(|| panic!("{from} not in {text}"));
    let rest = &text[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn the_releases_page_lists_every_tag_with_its_date_message_and_changes() {
    let r = repository();
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/index.html");
    let text = main_text(&page);
    // Newest first, each with its tag's date and message, linked to its snapshot.
    let (v2, v1) = (text.find("v2.0 2025-06-02").unwrap(), text.find("v1.0 2025-01-15").unwrap());
    assert!(v2 < v1, "{text}");
    assert!(text.contains("Second release") && text.contains("First release"), "{text}");
    assert!(page.contains("href=\"../releases/v1.0/index.html\""), "{page}");
    assert!(page.contains("href=\"../changes/in-v2.0/index.html\""));
    assert!(page.contains("href=\"../changes/since-v1.0/index.html\""));
    // The register links the views over time, and every page head the feed.
    let register = r.site.page("index.html");
    assert!(
        register.contains("href=\"releases/index.html\"") && register.contains("href=\"as-of/index.html\"")
    );
    assert!(register.contains("<link rel=\"alternate\" type=\"application/atom+xml\""), "{register}");
}

#[test]
fn changes_in_a_release_list_added_changed_removed_and_reviews() {
    let r = repository();
    assert_eq!(r.site.build(&[]).code, 0);
    let text = main_text(&r.site.page("changes/in-v2.0/index.html"));
    assert!(text.contains("What changed in release v2.0"), "{text}");
    assert!(section(&text, "Added POL", "Changed").contains("POL-030 Backup policy"), "{text}");
    let changed = section(&text, "Changed Document", "Retired or removed");
    assert!(changed.contains("POL-009 Access policy 1.0 1.1 redline"), "{changed}");
    let gone = section(&text, "Retired or removed POL", "Reviews recorded");
    assert!(gone.contains("POL-020 Old policy: no longer in the repository (last version 1.0)"), "{gone}");
    let reviews = section(&text, "Reviews recorded Date", "\u{0}");
    assert!(reviews.contains("2025-04-01 POL-030 Backup policy Bob Boss Still right."), "{reviews}");

    // The redline: from the release's text to the next's, word by word.
    let redline = r.site.page("changes/in-v2.0/POL-009/index.html");
    assert!(
        main_text(&redline).contains("What changed from version 1.0 (release v1.0) to 1.1 (release v2.0)")
    );
    assert!(redline.contains("<del>") && redline.contains("<ins>"), "{redline}");
    assert!(redline.contains("href=\"../../../releases/v1.0/policies/access/index.html\""), "{redline}");

    // The first release: everything it holds was added.
    let first = main_text(&r.site.page("changes/in-v1.0/index.html"));
    assert!(
        section(&first, "Added POL", "Changed").contains("POL-009") && first.contains("POL-020"),
        "{first}"
    );
}

#[test]
fn changes_since_a_release_follow_a_moved_document_and_show_a_retirement() {
    let r = repository();
    assert_eq!(r.site.build(&[]).code, 0);
    let text = main_text(&r.site.page("changes/since-v2.0/index.html"));
    assert!(text.contains("What changed since release v2.0"), "{text}");
    // Regression guard: moved with the same text, POL-009 is neither changed nor removed and added.
    assert!(!text.contains("POL-009"), "{text}");
    let gone = section(&text, "Retired or removed POL", "Reviews recorded");
    assert!(gone.contains("POL-030 Backup policy: retired"), "{gone}");
    // Added since v1.0 and retired since: both said.
    let since_first = main_text(&r.site.page("changes/since-v1.0/index.html"));
    assert!(since_first.contains("POL-030 Backup policy, version 1.0 (retired)"), "{since_first}");
    let since_first = main_text(&r.site.page("changes/since-v1.0/index.html"));
    let changed = section(&since_first, "Changed Document", "Retired or removed");
    assert!(changed.contains("POL-009 Access policy 1.0 1.1"), "{changed}");
    // The redline reads the working tree's text at the document's new place.
    let redline = r.site.page("changes/since-v1.0/POL-009/index.html");
    assert!(main_text(&redline).contains("to 1.1 (now)"), "{redline}");
    assert!(redline.contains("href=\"../../../policies/security/access/index.html\""), "{redline}");
}

#[test]
fn the_as_of_register_has_every_version_with_its_days_in_force_as_a_script() {
    let r = repository();
    assert_eq!(r.site.build(&[]).code, 0);
    let page = r.site.page("as-of/index.html");
    assert!(page.contains("<script src=\"../as-of/register.js\"></script>"), "{page}");
    // Bug (a cold read as an auditor): the page's foot said removed documents were not
    // listed, under a lead (and a list) that has them for the days before they went.
    assert!(page.contains("A document removed from the repository is listed"), "{page}");
    assert!(!page.contains("not listed here"), "{page}");
    assert!(page.contains("id=\"as-of-date\"") && page.contains("value=\"2026-03-01\""), "{page}");
    let script = r.site.page("as-of/register.js");
    let json =
        script.strip_prefix("window.CHARTA_REGISTER = ").unwrap().trim_end().strip_suffix(';').unwrap();
    let register: serde_json::Value = serde_json::from_str(json).unwrap();
    // The same entries as register.json.
    let file: serde_json::Value = serde_json::from_str(&r.site.page("register.json")).unwrap();
    assert_eq!(register, file);
    let docs = register["documents"].as_array().unwrap();
    let access = docs.iter().find(|d| d["id"] == "POL-009").unwrap();
    let spans = crate::register::periods(access);
    assert_eq!(spans, [("1.0", "2025-01-10", "2025-05-29"), ("1.1", "2025-05-30", "")]);
    let backup = docs.iter().find(|d| d["id"] == "POL-030").unwrap();
    let last = backup["versions"].as_array().unwrap().last().unwrap();
    assert_eq!(last["retired"], true, "{backup:#}");
}

#[test]
fn a_retagged_release_with_another_message_is_shown_warm_as_cold() {
    let r = repository();
    assert_eq!(r.site.build(&[]).code, 0);
    // The same tag on the same commit, made again with another message.
    let commit = r.repo.revparse_single("v2.0^{commit}").unwrap().id();
    r.repo.tag_delete("v2.0").unwrap();
    annotated(&r, "v2.0", commit, "2025-06-02", "Second release, as audited");
    assert_eq!(r.site.build(&[]).code, 0);
    let warm = r.site.page("releases/index.html");
    assert!(warm.contains("Second release, as audited"), "{warm}");
    assert!(r.site.page("releases/v2.0/index.html").contains("as audited"), "the snapshot's banner too");
}

#[test]
fn commit_ids_link_to_the_forge_and_the_approval_cites_its_commit() {
    let r = repository();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let config =
        config.replace("[site]\n", "[site]\nrepo_url = \"https://gitlab.example.org/northwind/isms.git\"\n");
    r.site.write("charta.toml", &config);
    assert_eq!(r.site.build(&[]).code, 0);
    let v11 = r.repo.revparse_single("v2.0^{commit}").unwrap().id().to_string();
    let link = format!("<a href=\"https://gitlab.example.org/northwind/isms/-/commit/{v11}\"");
    // The approval of 1.1 was recorded by the commit tagged v2.0; the page says so, linked.
    let page = r.site.page("policies/security/access/index.html");
    let approved = &page[page.find("<th scope=\"row\">Approved</th>").unwrap()..];
    let approved = &approved[..approved.find("</td>").unwrap()];
    assert!(approved.contains(&format!("recorded in commit {link}")), "{approved}");
    assert!(approved.contains(&format!("<code>{} 2025-05-30</code>", &v11[..8])), "{approved}");
    // Revision entries, versions, redlines and releases link their commits too.
    assert!(page.matches(&link).count() >= 3, "{page}");
    assert!(r.site.page("releases/index.html").contains(&link));
    // Without repo_url, a commit id is text.
    r.site.write("charta.toml", &config.replace("repo_url", "# repo_url"));
    assert_eq!(r.site.build(&[]).code, 0);
    let plain = r.site.page("policies/security/access/index.html");
    assert!(!plain.contains("/-/commit/") && plain.contains("recorded in commit <code>"), "{plain}");
}

#[test]
fn a_tag_put_on_an_old_commit_later_stands_where_its_commit_does() {
    // Regression: releases were compared in the order of their tags' dates, so a release
    // recorded after the fact (v0.9 on the first commit, tagged in November) was "changed" from
    // v2.0, with every version going backwards.
    let r = repository();
    let first = r.repo.revparse_single("v1.0^{commit}").unwrap().id();
    annotated(&r, "v0.9", first, "2025-11-01", "Recorded after the fact");
    assert_eq!(r.site.build(&[]).code, 0);
    let v09 = main_text(&r.site.page("changes/in-v0.9/index.html"));
    assert!(v09.contains("Added None. Changed None. Retired or removed None."), "{v09}");
    let v2 = main_text(&r.site.page("changes/in-v2.0/index.html"));
    assert!(v2.contains("POL-009 Access policy 1.0 1.1"), "{v2}");
}

#[test]
fn a_review_recorded_after_a_release_with_an_earlier_date_is_listed_once() {
    // Regression: reviews were chosen by their dates, so one dated before v2.0 but committed
    // after it was on no page.
    let r = repository();
    let late = reviewed("retired").replace(
        "    summary: Still right.\n",
        "    summary: Still right.\n  - version: \"1.0\"\n    date: 2025-05-01\n    author: bob\n    type: review\n    summary: Looked again.\n",
    );
    r.commit("2025-08-01", "Bob", "Record a review", &[("policies/backup.md", &late)]);
    assert_eq!(r.site.build(&[]).code, 0);
    let since = main_text(&r.site.page("changes/since-v2.0/index.html"));
    assert!(since.contains("2025-05-01 POL-030 Backup policy Bob Boss Looked again."), "{since}");
    assert!(!since.contains("Still right."), "recorded in v2.0 already: {since}");
}

#[test]
fn tags_that_make_one_folder_name_get_a_folder_each() {
    // Regression: `v2/beta` and `v2-beta` both made `releases/v2-beta/`, and the build stopped
    // telling the user to rename a document.
    let r = repository();
    let head = r.repo.head().unwrap().target().unwrap();
    r.tag("v2/beta", head);
    r.tag("v2-beta", head);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/index.html");
    assert!(
        page.contains("releases/v2-beta/index.html") && page.contains("releases/v2-beta-2/index.html"),
        "{page}"
    );
}

#[test]
fn a_draft_does_not_cite_the_commit_of_an_earlier_approval() {
    // Regression: a draft of 1.2 kept 1.1's approval date, and the header said the draft's own
    // commit recorded that approval.
    let r = repository();
    let draft = policy("1.2", "2025-05-30", V2, "Draft text.").replace("status: approved", "status: draft");
    r.commit("2025-09-01", "Alice", "Draft 1.2", &[("policies/security/access.md", &draft)]);
    assert_eq!(r.site.build(&[]).code, 0);
    let page = r.site.page("policies/security/access/index.html");
    assert!(!page.contains("recorded in commit"), "{page}");
}

#[test]
fn a_redline_between_releases_reads_fields_by_the_names_charta_toml_gives() {
    // Regression: the changes pages' redlines read each text without `[fields] aliases`, so a
    // team's own field names showed no change where its pages showed one.
    let r = crate::support::Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let config = format!("{config}\n[fields.aliases]\n\"Doc Version\" = \"version\"\n");
    let doc = |v: &str| {
        format!("---\nid: POL-050\ntitle: Named\nDoc Version: \"{v}\"\n---\n\n# Named\n\nText {v}.\n")
    };
    let one = r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("charta.toml", &config), ("policies/named.md", &doc("1.0"))],
    );
    r.tag("v1.0", one);
    r.commit("2025-02-10", "Alice", "1.1", &[("policies/named.md", &doc("1.1"))]);
    r.site.build(&[]);
    let redline = r.site.page("changes/since-v1.0/POL-050/index.html");
    assert!(
        redline.contains("<td><code>version</code></td><td><del>1.0</del></td><td><ins>1.1</ins></td>"),
        "{redline}"
    );
}

/// Regression: a release snapshot's page linked a form beside its document
/// (`releases/v1/policies/forms/f.pdf`) that the snapshot did not hold: every linked file was
/// a broken link in every release. Now each is published as the release's tree holds it, an
/// SVG image inside the page as on the current site.
#[test]
fn a_release_snapshot_publishes_the_files_its_documents_link_to_as_they_were() {
    let r = Repo::new();
    let text = policy("1.0", "2025-01-10", V1, "Eight.")
        .replace("Eight.", "Eight. Use [the form](forms/request.pdf).\n\n![Flow](forms/flow.svg)");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>old flow</title></svg>";
    let one = r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[
            ("policies/access.md", &text),
            ("policies/forms/request.pdf", "%PDF-1.4 as released"),
            ("policies/forms/flow.svg", svg),
        ],
    );
    r.tag("v1", one);
    r.commit("2025-02-01", "Alice", "New form", &[("policies/forms/request.pdf", "%PDF-1.4 as now")]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/v1/policies/access/index.html");
    assert!(page.contains("href=\"../../policies/forms/request.pdf\""), "{page}");
    assert_eq!(r.site.page("releases/v1/policies/forms/request.pdf"), "%PDF-1.4 as released");
    assert_eq!(r.site.page("policies/forms/request.pdf"), "%PDF-1.4 as now");
    // The image is inside the page, never a file on the site's origin where its scripts run.
    assert!(page.contains("data:image/svg+xml"), "{page}");
    assert!(!r.site.out().join("releases/v1/policies/forms/flow.svg").exists());
}

/// Regression: an annotated tag's message was shown whole in the banner of every page of its
/// snapshot: 64 MiB of message, 392 KB of repository, made 2 GB of site.
#[test]
fn a_huge_tag_message_is_shown_cut_short() {
    let r = Repo::new();
    let one = r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("policies/access.md", &policy("1.0", "2025-01-10", V1, "Eight."))],
    );
    annotated(&r, "v1", one, "2025-01-11", &format!("Audit release {}", "z".repeat(100_000)));
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/v1/policies/access/index.html");
    assert!(page.contains("Audit release zzz"), "{page}");
    assert!(page.len() < 50_000, "{} bytes", page.len());
}

/// Regression: a file a release's documents link to was read whole into memory to be published
/// in its snapshot, whatever its size: a gigabyte of zeros, a megabyte in git's pack, took
/// 2 GB of memory per build and a gigabyte of site per tag.
#[test]
fn a_linked_file_larger_than_any_file_read_is_not_published_in_a_snapshot() {
    let r = Repo::new();
    let text = policy("1.0", "2025-01-10", V1, "Eight.").replace("Eight.", "Eight. See [the data](big.bin).");
    let big = "0".repeat(usize::try_from(charta::load::MAX_FILE_SIZE).unwrap() + 1);
    let one =
        r.commit("2025-01-10", "Alice", "1.0", &[("policies/access.md", &text), ("policies/big.bin", &big)]);
    drop(big);
    r.tag("v1", one);
    std::fs::remove_file(r.site.root().join("policies/big.bin")).unwrap();
    r.commit("2025-02-01", "Alice", "Data taken out", &[]);
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(r.site.page("releases/v1/policies/access/index.html").contains("See"));
    assert!(!r.site.out().join("releases/v1/policies/big.bin").exists());
}

/// Regression: a linked file of the current site inside a release snapshot's folder (a stray
/// copy of a release at `releases/v1/...`, linked from a document) was written first, and the
/// snapshot's file of the same path then stopped the build: "two pages of the site would both
/// be written". The snapshot's own file wins, as a page wins over a linked file.
#[test]
fn a_linked_file_inside_a_release_snapshots_folder_does_not_stop_the_build() {
    let r = Repo::new();
    let text = policy("1.0", "2025-01-10", V1, "Eight.")
        .replace("Eight.", "Eight. Use [the form](forms/request.pdf).");
    let one = r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("policies/access.md", &text), ("policies/forms/request.pdf", "%PDF-1.4 as released")],
    );
    r.tag("v1", one);
    let now = policy("1.1", "2025-02-01", V2, "Eight.")
        .replace("Eight.", "Eight. The [old form](../releases/v1/policies/forms/request.pdf).");
    // And a file of the static folder published where the snapshot's register goes.
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let config = config.replace("[site]\n", "[site]\nstatic_dir = \"static\"\n");
    r.commit(
        "2025-02-01",
        "Alice",
        "1.1",
        &[
            ("policies/access.md", &now),
            ("releases/v1/policies/forms/request.pdf", "%PDF-1.4 a stray copy"),
            ("charta.toml", &config),
            ("static/releases/v1/register.csv", "a stray register"),
        ],
    );
    let run = r.site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(r.site.page("releases/v1/policies/forms/request.pdf"), "%PDF-1.4 as released");
    assert!(r.site.page("releases/v1/register.csv").starts_with("ID,"));
    let page = r.site.page("policies/access/index.html");
    assert!(page.contains("href=\"../../releases/v1/policies/forms/request.pdf\""), "{page}");
}

/// Bug (found by a cold review): a release snapshot was judged as of its tag's date, so an
/// annotated tag dated before its commit (a clock behind) made the approval of that commit's
/// day an `approval/future-date` error inside the snapshot; and its footer said it was "built
/// on" that date. A release is as of its tag's date, never before its commit; the footer says
/// whose documents it shows, as of when.
#[test]
fn a_release_snapshot_is_as_of_its_tag_never_before_its_commit() {
    let r = Repo::new();
    let one = r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("policies/access.md", &policy("1.0", "2025-01-10", V1, "One."))],
    );
    annotated(&r, "v1.0", one, "2025-01-05", "Tagged with a clock behind");
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/v1.0/policies/access/index.html");
    assert!(!page.contains("future-date") && !page.contains("after today"), "{page}");
    assert!(page.contains("The documents of release v1.0 as of 2025-01-10, rendered by charta"), "{page}");
}

/// Bug (found by a second cold review): a release's commit dated before its parent (which
/// recorded an approval of March) made its snapshot "as of" February, with
/// `approval/future-date` errors in it: the commit's own date was taken, not the line's.
#[test]
fn a_release_snapshot_is_never_before_the_line_its_commit_is_on() {
    let r = Repo::new();
    r.commit(
        "2025-03-01",
        "Alice",
        "1.0",
        &[("policies/access.md", &policy("1.0", "2025-03-01", V1, "One."))],
    );
    let later = r.commit("2025-02-01", "Alice", "notes", &[("notes.txt", "A note.")]);
    annotated(&r, "v1.0", later, "2025-02-01", "Tagged on a commit dated back");
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/v1.0/policies/access/index.html");
    assert!(!page.contains("after today") && page.contains("as of 2025-03-01"), "{page}");
}

/// Bug (a hostile pull request's review): a file committed as a symbolic link (`forms/form.pdf`
/// -> `/etc/passwd`) and linked from a document was a broken link on the current site, but every
/// release snapshot published it, holding the path it leads to: git keeps a link as a blob of
/// that path. A release's files are its regular files.
#[cfg(unix)]
#[test]
fn a_release_snapshot_does_not_publish_a_committed_link_as_a_file() {
    let r = Repo::new();
    let text = policy("1.0", "2025-01-10", V1, "Use [the form](forms/form.pdf).");
    std::fs::create_dir_all(r.site.root().join("policies/forms")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", r.site.root().join("policies/forms/form.pdf")).unwrap();
    let one = r.commit("2025-01-10", "Alice", "1.0", &[("policies/access.md", &text)]);
    let tree = r.repo.find_commit(one).unwrap().tree().unwrap();
    let link = tree.get_path(std::path::Path::new("policies/forms/form.pdf")).unwrap();
    assert_eq!(link.filemode(), 0o120000, "committed as a link");
    r.tag("v1", one);
    r.site.build(&[]);
    assert!(!r.site.out().join("policies/forms/form.pdf").exists());
    assert!(r.site.out().join("releases/v1/policies/access/index.html").exists());
    assert!(!r.site.out().join("releases/v1/policies/forms/form.pdf").exists());
}

/// Bug (a cold review's rl1.sh): a tag dated before the commit it names (v1.1.1 tagged
/// "2024-12-01" on a commit of 2025-06-05) was listed on the releases page and named in its
/// banner as of 2024-12-01, out of order among the releases, while its snapshot said "as of
/// 2025-06-05". A release's day is never before its commit: every page says one day.
#[test]
fn a_tag_dated_before_its_commit_is_dated_as_its_commit_everywhere() {
    let r = repository();
    let head = r.repo.head().unwrap().target().unwrap();
    annotated(&r, "v2.1", head, "2024-12-01", "Dated before its commit");
    assert_eq!(r.site.build(&[]).code, 0);
    let day = r.repo.find_commit(head).unwrap().time().seconds();
    let day = jiff::Timestamp::from_second(day).unwrap().to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
    let listed = main_text(&r.site.page("releases/index.html"));
    assert!(listed.contains(&format!("v2.1 {day}")), "{listed}");
    assert!(listed.find("v2.1").unwrap() < listed.find("v2.0").unwrap(), "newest first: {listed}");
    let page = r.site.page("releases/v2.1/index.html");
    assert!(!page.contains("2024-12-01"), "{page}");
    assert!(page.contains(&format!("as of {day}")), "{page}");
}

/// Bug (a second review of the fix above, rl1.sh): two tags dated before their commit (v9 on
/// 2025-02-01, v10 on 2025-02-15) were raised to one day and then ordered by name as text,
/// "v10" before "v9": v9 was listed as the newest release, "changed from v10". They keep the
/// order of their own dates.
#[test]
fn tags_raised_to_one_day_keep_the_order_of_their_own_dates() {
    let r = repository();
    let head = r.repo.head().unwrap().target().unwrap();
    annotated(&r, "v9", head, "2024-12-01", "Nine");
    annotated(&r, "v10", head, "2024-12-15", "Ten");
    assert_eq!(r.site.build(&[]).code, 0);
    let listed = main_text(&r.site.page("releases/index.html"));
    assert!(listed.find("v10").unwrap() < listed.find("v9").unwrap(), "newest first: {listed}");
}

/// Bug (a cold try's r1.sh): a commit dated back (2025-04-01, after one of 2025-05-01 on the
/// line) and tagged v3 after v2 was listed before v2: "what changed in v2" compared v2 with v3,
/// striking out the line v3 added. Releases raised to one day keep the line's order.
#[test]
fn a_release_whose_commit_is_dated_back_comes_after_the_release_before_it_on_the_line() {
    let r = Repo::new();
    let text = |body: &str| policy("1.0", "2025-01-10", V1, body);
    let one = r.commit("2025-03-01", "Alice", "one", &[("policies/access.md", &text("Line one."))]);
    r.tag("v1", one);
    let two = r.commit("2025-05-01", "Alice", "two", &[("policies/access.md", &text("Line one. Line two."))]);
    r.tag("v2", two);
    let three = r.commit(
        "2025-04-01",
        "Alice",
        "three",
        &[("policies/access.md", &text("Line one. Line two. Line three."))],
    );
    r.tag("v3", three);
    r.site.build(&[]);
    let listed = main_text(&r.site.page("releases/index.html"));
    let at = |name: &str| listed.find(&format!("{name} 2025")).unwrap_or_else(|| panic!("{name}: {listed}"));
    assert!(at("v3") < at("v2") && at("v2") < at("v1"), "newest first: {listed}");
    let in_v3 = main_text(&r.site.page("changes/in-v3/POL-009/index.html"));
    assert!(in_v3.contains("(release v2) to 1.0 (release v3)") || in_v3.contains("release v2"), "{in_v3}");
    let in_v2 = main_text(&r.site.page("changes/in-v2/POL-009/index.html"));
    assert!(in_v2.contains("(release v1)"), "{in_v2}");
    assert!(!in_v2.contains("release v3"), "{in_v2}");
}

/// Bug (a cold read as an auditor): a release candidate tagged on a pull request's branch
/// (`v1.1-rc1`, POL-009 at 1.1) was taken for the release before the patch release made on
/// main meanwhile (`v1.0.1`), whose changes page then said POL-009 went from 1.1 back to 1.0: a
/// rollback that never happened on main. A release on the first-parent line follows the one
/// before it on that line.
#[test]
fn a_release_on_main_follows_the_release_before_it_on_main_not_a_branch_tag() {
    let r = Repo::new();
    let path = "policies/access.md";
    let one = policy("1.0", "2025-01-10", V1, "One.");
    let c1 = r.commit("2025-01-10", "Alice", "1.0", &[(path, &one)]);
    r.tag("v1.0", c1);
    let two = policy("1.1", "2025-05-30", V2, "Two.");
    let rc = r.commit_on(&[c1], false, "2025-05-30", "Alice", "1.1", &[(path, &two)]);
    r.tag("v1.1-rc1", rc);
    let other = policy("1.0", "2025-06-01", V1, "Other.").replace("POL-009", "POL-010");
    let patch = r.commit("2025-06-01", "Alice", "POL-010", &[(path, &one), ("policies/other.md", &other)]);
    r.tag("v1.0.1", patch);
    r.commit_on(&[patch, rc], true, "2025-06-10", "Alice", "Merge", &[(path, &two)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = main_text(&r.site.page("changes/in-v1.0.1/index.html"));
    assert!(text.contains("From release v1.0 "), "{text}");
    assert!(text.contains("POL-010") && !text.contains("POL-009"), "{text}");
}

/// Bug (a cold review of the fix above): a release tagged on a branch merged with `--no-ff`
/// (v1.1), then a release on main (v1.2): v1.2's changes were counted from v1.0, listing
/// POL-009's change that v1.1 had released. A release follows the latest release its history
/// holds, on the first-parent line or not.
#[test]
fn a_release_follows_a_release_tagged_on_a_branch_it_merged() {
    let r = Repo::new();
    let path = "policies/access.md";
    let one = policy("1.0", "2025-01-10", V1, "One.");
    let c1 = r.commit("2025-01-10", "Alice", "1.0", &[(path, &one)]);
    r.tag("v1.0", c1);
    let two = policy("1.1", "2025-05-30", V2, "Two.");
    let branch = r.commit_on(&[c1], false, "2025-05-30", "Alice", "1.1", &[(path, &two)]);
    r.tag("v1.1", branch);
    let merge = r.commit_on(&[c1, branch], true, "2025-06-01", "Alice", "Merge", &[(path, &two)]);
    let other = policy("1.0", "2025-06-02", V1, "Other.").replace("POL-009", "POL-010");
    let c3 = r.commit_on(&[merge], true, "2025-06-02", "Alice", "POL-010", &[("policies/other.md", &other)]);
    r.tag("v1.2", c3);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = main_text(&r.site.page("changes/in-v1.2/index.html"));
    assert!(text.contains("From release v1.1 "), "{text}");
    assert!(text.contains("POL-010") && !text.contains("POL-009"), "{text}");
}

/// Bug (a compliance lead's trial): a release tagged on a branch's commit (a release
/// candidate) had its snapshot show each document "Approved" with no finding, though the
/// history rules are not run off the main line (the same edit after approval was an error on
/// main); nothing told its reader. Its banner says so; a release on the line says nothing.
#[test]
fn a_snapshot_of_a_tag_off_the_main_line_says_its_history_was_not_checked() {
    let r = Repo::new();
    let path = "policies/access.md";
    let c1 = r.commit("2025-01-10", "Alice", "1.0", &[(path, &policy("1.0", "2025-01-10", V1, "One."))]);
    r.tag("v1.0", c1);
    let edited = policy("1.0", "2025-01-10", V1, "One, edited.");
    let branch = r.commit_on(&[c1], false, "2025-05-30", "Mallory", "Edit", &[(path, &edited)]);
    r.tag("v1.1-rc", branch);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said = "Its tag is on a commit off the main line";
    let rc = r.site.page("releases/v1.1-rc/policies/access/index.html");
    assert!(rc.contains(said), "{rc}");
    assert!(!r.site.page("releases/v1.0/policies/access/index.html").contains(said));
}

/// Bug (a cold try as a team works): a periodic review recorded between two releases was
/// listed as a change, "same version, other text" (what an auditor reads as an uncontrolled
/// edit), and counted twice on the releases page: changed, and a review. A review that changed
/// nothing but its record is a review; one recorded with an edit is still a change.
#[test]
fn a_review_between_releases_is_not_also_a_change_of_text() {
    let r = Repo::new();
    let backup = reviewed("approved").replace(
        "  - version: \"1.0\"\n    date: 2025-04-01\n    author: bob\n    type: review\n    summary: Still right.\n",
        "",
    );
    let one = r.commit(
        "2025-03-01",
        "Alice",
        "1.0",
        &[
            ("policies/access.md", &policy("1.0", "2025-01-10", V1, "Eight.")),
            ("policies/backup.md", &backup),
        ],
    );
    annotated(&r, "v1", one, "2025-03-02", "First");
    let review = "  - version: \"1.0\"\n    date: 2025-04-01\n    author: bob\n    type: review\n    summary: Looked.\n";
    let access = policy("1.0", "2025-01-10", V1, "Eight.").replace("---\n\n#", &format!("{review}---\n\n#"));
    let edited = reviewed("approved").replace("Back up daily.", "Back up weekly.");
    let two = r.commit(
        "2025-04-01",
        "Bob",
        "Reviews",
        &[("policies/access.md", &access), ("policies/backup.md", &edited)],
    );
    annotated(&r, "v2", two, "2025-04-02", "Second");
    let built = r.site.build(&["--no-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let text = main_text(&r.site.page("changes/in-v2/index.html"));
    let changed = section(&text, "Changed Document", "Retired or removed");
    assert!(!changed.contains("POL-009"), "a review only: {changed}");
    assert!(changed.contains("POL-030 Backup policy 1.0 1.0 same version, other text"), "{changed}");
    let reviews = section(&text, "Reviews recorded Date", "\u{0}");
    assert!(reviews.contains("2025-04-01 POL-009 Access policy Bob Boss Looked."), "{reviews}");
    assert!(reviews.contains("2025-04-01 POL-030 Backup policy Bob Boss Still right."), "{reviews}");
    let page = main_text(&r.site.page("releases/index.html"));
    assert!(page.contains("since v1: 0 added, 1 changed, 0 retired or removed, 2 reviews"), "{page}");
}

/// Bug (a hostile review): every page of every snapshot listed every release in its version
/// switcher, so the site grew with the square of the tags: 1,000 tags on one commit of one
/// document made a 1.0 GB site. The switcher lists the newest releases, the page's own, and a
/// link to them all; a file linked under a release's folder still gives way to its snapshot.
#[test]
fn the_version_switcher_of_many_releases_stays_short() {
    let r = Repo::new();
    let head = r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[("policies/access.md", &policy("1.0", "2025-01-10", V1, "One."))],
    );
    for i in 1..=30 {
        r.tag(&format!("v{i:02}"), head);
    }
    let built = r.site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let switcher = |page: &str| {
        let page = r.site.page(page);
        let nav = &page[page.find("class=\"switcher\"").unwrap()..];
        main_text(&format!("<main>{}</main>", &nav[..nav.find("</nav>").unwrap()]))
    };
    let current = switcher("index.html");
    assert!(current.contains("Current v30 v29") && current.contains("v21 All 30 releases"), "{current}");
    assert!(!current.contains("v20"), "{current}");
    let old = switcher("releases/v01/index.html");
    assert!(old.contains("v21 v01 All 30 releases"), "its own release too: {old}");
    let page = r.site.page("releases/v01/index.html");
    assert!(page.contains("href=\"../../releases/index.html\">All 30 releases</a>"), "{page}");
}

/// Found by the cold review: a release's documents were read up to 100 MiB, where a document on
/// disk is read up to 4 MiB (a page takes up to 250 times its text in memory): a 6 MB table in a
/// tag's tree took 880 MB. Such a release is left out, saying why, as one git cannot give is.
#[test]
fn a_release_holding_a_document_over_the_markdown_size_limit_is_left_out_saying_why() {
    let r = crate::support::Repo::new();
    let big = crate::history::policy("1.0", "2025-01-10", crate::history::V1, &"word ".repeat(900_000));
    let one = r.commit("2025-01-10", "Alice", "A large policy", &[("policies/big.md", &big)]);
    r.tag("v1", one);
    std::fs::remove_file(r.site.root().join("policies/big.md")).unwrap();
    r.commit("2025-02-01", "Alice", "Taken out", &[]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("policies/big.md is larger than the 4 MiB charta reads of one Markdown file"),
        "{}",
        run.stderr
    );
    assert!(!r.site.out().join("releases/v1/policies/big/index.html").exists());
}

/// Bug (a QMS team's trial): a release tagged after an unapproved edit (1.1 approved, then
/// changed by another commit with no new approval) showed "Findings: 0" and the document as
/// approved in its snapshot, while `charta check` at that commit reported
/// `history/changed-after-approval`. A release's snapshot runs the history rules on the history
/// up to its commit, as of its day.
#[test]
fn a_release_tagged_after_an_unapproved_edit_says_so_in_its_snapshot() {
    let r = crate::history::repository();
    let head = r.repo.head().unwrap().target().unwrap();
    r.tag("v2.0", head);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/v2.0/policies/access/index.html");
    assert!(page.contains("history/changed-after-approval"), "{page}");
    // The release before the edit has nothing to say of it.
    let page = r.site.page("releases/v1.0/policies/access/index.html");
    assert!(!page.contains("history/changed-after-approval"), "{page}");
}

/// Bug (a QMS team's trial): a tag put in 2026 on a commit of 2025 (a baseline recorded after
/// the fact) had a snapshot saying only "release v0.5 of 2026-02-20", whose documents were the
/// 2025 commit's, and the releases page said "newest first" with it below an older tag.
#[test]
fn a_tag_put_later_on_an_older_commit_says_the_commit_is_older() {
    let r = crate::history::repository();
    let v1 = r.repo.revparse_single("v1.0").unwrap().id();
    let commit = r.repo.find_commit(v1).unwrap();
    let later =
        git2::Signature::new("Alice", "alice@example.org", &git2::Time::new(1_771_581_600, 0)).unwrap();
    r.repo.tag("v0.5", commit.as_object(), &later, "Baseline recorded after the fact", false).unwrap();
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/v0.5/index.html");
    assert!(page.contains("It tags a commit of 2025-01-10: the documents are that commit's"), "{page}");
    let list = r.site.page("releases/index.html");
    assert!(list.contains("the latest in the history first"), "{list}");
    assert!(list.contains("a commit of <span class=\"date\">2025-01-10</span>"), "{list}");
    // A tag of its commit's day says nothing of the kind.
    assert!(!r.site.page("releases/v1.0/index.html").contains("It tags a commit of"));
}

/// Found by a cold review: a document moved after the release (`git mv`) took its history with
/// it, and the release's snapshot, looking under the path it had then, found none: the finding
/// of an unapproved edit before the release was gone again.
#[test]
fn a_release_keeps_its_history_findings_when_a_document_moves_later() {
    let r = crate::history::repository();
    let head = r.repo.head().unwrap().target().unwrap();
    r.tag("v2.0", head);
    let text = std::fs::read_to_string(r.site.root().join("policies/access.md")).unwrap();
    std::fs::remove_file(r.site.root().join("policies/access.md")).unwrap();
    r.commit("2025-10-01", "Alice", "Rename", &[("policies/access-control.md", &text)]);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = r.site.page("releases/v2.0/policies/access/index.html");
    assert!(page.contains("history/changed-after-approval"), "{page}");
}
