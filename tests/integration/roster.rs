//! The roster is input a pull request may change: a name given to two people, two people with
//! one id, ids that fold to one page, and a large roster are findings or work, never a wrong
//! person, a failed build or a parser's debug message.

use crate::support::{Run, Site, charta};

/// The clean rules repository (Alice writes POL-001, Bob approves it) with this roster.
fn with_roster(roster: &str) -> Site {
    let site = Site::fixture("rules/_base");
    site.write("roster.yaml", roster);
    site
}

fn check(site: &Site) -> Run {
    charta(&["check", "--root", site.root().to_str().unwrap(), "--today", "2026-03-01"])
}

const PEOPLE: &str = "  - {id: bob, name: Bob Boss, roles: [CEO]}\n";

#[test]
fn regression_an_alias_equal_to_another_persons_id_made_bob_approve_as_alice() {
    // Alice, the author, aliases herself `bob`: POL-001's approver `bob` was Alice, a false
    // self-approval shown on the site as "Alice Author".
    let site = with_roster(&format!(
        "people:\n  - {{id: alice, name: Alice Author, roles: [Policy Author], aliases: [bob]}}\n{PEOPLE}"
    ));
    let run = check(&site);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("roster.yaml:2:71: error[roster/ambiguous-name]: the alias `bob`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("policies/clean.md:6:13: error[approval/unknown-approver]: approver `bob` names more than one person"), "{}", run.stdout);
    assert!(!run.stdout.contains("approval/self-approved"), "{}", run.stdout);
    // What to do: not "add them to the roster", where they are twice.
    assert!(run.stdout.contains("help: name the person by their roster id"), "{}", run.stdout);
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = site.page("policies/clean/index.html");
    let approvers = crate::support::header_value(&page, "Approver(s)");
    assert!(approvers.starts_with("bob") && !approvers.contains("Alice"), "{approvers}");
}

#[test]
fn regression_two_people_with_one_id_passed_check() {
    let site = with_roster(&format!(
        "people:\n  - {{id: alice, name: Alice Author}}\n{PEOPLE}  - {{id: alice, name: Alice Other}}\n"
    ));
    let run = check(&site);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("roster.yaml:4:10: error[roster/duplicate-id]: the id `alice` is already the id of Alice Author (line 2)"), "{}", run.stdout);
    // `alice` is either of them, so neither: the document's author is not in the roster.
    assert!(run.stdout.contains("policies/clean.md:5:11: error[roster/unknown-person]"), "{}", run.stdout);
}

/// The people pages of a build of `site`: (file, the person's name shown) sorted.
fn people_pages(site: &Site) -> Vec<(String, String)> {
    let dir = site.out().join("people");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let page = std::fs::read_to_string(e.path().join("index.html")).unwrap();
            let name = ["Alice Author", "J One", "J Two", "Bob Boss"].into_iter().find(|n| page.contains(n));
            (e.file_name().to_string_lossy().into_owned(), name.unwrap_or_default().to_owned())
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn regression_ids_folding_to_one_page_passed_check_then_failed_the_build() {
    let roster = format!(
        "people:\n  - {{id: alice, name: Alice Author}}\n{PEOPLE}  - {{id: j smith, name: J One}}\n  - {{id: J-Smith, name: J Two}}\n"
    );
    let site = with_roster(&roster);
    let run = check(&site);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("roster.yaml:5:10: error[roster/duplicate-id]: the id `J-Smith` and the id `j smith` of J One (line 4) would name one page"), "{}", run.stdout);
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let want = [("J-Smith-2", "J Two"), ("alice", "Alice Author"), ("bob", "Bob Boss"), ("j-smith", "J One")];
    let want: Vec<(String, String)> = want.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    assert_eq!(people_pages(&site), want);
    // Another copy builds the same pages: which person gets which folder is decided by the roster.
    let again = with_roster(&roster);
    assert_eq!(again.build(&[]).code, 0);
    assert_eq!(people_pages(&again), want);
}

#[test]
fn regression_a_roster_of_20000_people_was_refused_with_a_parser_message() {
    // serde-saphyr's default budget (250,000 YAML values) stopped near 17,000 people.
    let mut roster =
        format!("people:\n  - {{id: alice, name: Alice Author, roles: [Policy Author]}}\n{PEOPLE}");
    for i in 0..20_000 {
        roster.push_str(&format!(
            "  - id: p{i}\n    name: Person {i}\n    email: p{i}@example.org\n    roles: [Staff, Engineer]\n    aliases: [github.com/p{i}]\n    active_from: 2020-01-01\n"
        ));
    }
    let site = with_roster(&roster);
    let run = check(&site);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// Regression: `roster = "people.yaml"` naming a file that does not exist was read as an empty
/// roster, and every approver was "unknown" for a reason the findings never said.
#[test]
fn a_roster_charta_toml_names_that_does_not_exist_is_an_error_naming_the_key() {
    let site = crate::support::Site::fixture("zero-config");
    site.write("charta.toml", "roster = \"people.yaml\"\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("charta.toml: `roster = \"people.yaml\"` names a file that does not exist"),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists(), "nothing is built");
    // With no `roster` key, a repository without people has an empty roster, as before.
    site.write("charta.toml", "[site]\ntitle = \"T\"\n");
    assert_eq!(site.build(&[]).code, 0);
}

/// Bug (a team's try): a document owned by a role whose only holder had left was shown as owned
/// by them ("Head of RA (Bob Reg)"), and its due review listed under them on the reviews page.
#[test]
fn a_role_whose_holders_have_left_owns_through_no_one() {
    let site = Site::fixture("rules/_base");
    let roster = std::fs::read_to_string(site.root().join("roster.yaml")).unwrap();
    site.write(
        "roster.yaml",
        &roster.replace(
            "roles: [CEO]\n    active_until: 2025-12-31",
            "roles: [CEO, Head of RA]\n    active_until: 2025-12-31",
        ),
    );
    let clean = std::fs::read_to_string(site.root().join("policies/clean.md")).unwrap();
    site.write("policies/clean.md", &clean.replace("owner: alice", "owner: Head of RA"));
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = crate::support::strip_tags(&site.page("policies/clean/index.html"));
    assert!(page.contains("Head of RA (no one active holds it)"), "{page}");
    assert!(!page.contains("Dave Former"), "{page}");
    let reviews = crate::support::strip_tags(&site.page("reviews/index.html"));
    assert!(!reviews.contains("Dave Former"), "{reviews}");
}
