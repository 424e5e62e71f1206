//! Unit tests of [`super`].

use super::normal::SHORT_NAME;
use super::*;

const ROSTER: &str = "people:
  - id: rmorgan
    name: Rhea Morgan
    email: rhea@example.org
    roles: [CEO, IG Lead]
    aliases: [github.com/rmorgan]
    active_from: 2020-01-01
  - id: tokafor
    name: Tobi Okafor
    roles: [Chief Technology Officer]
";

#[test]
fn every_way_of_naming_a_person_resolves() {
    let r = Roster::parse(ROSTER).unwrap();
    for name in [
        "rmorgan",
        "Rhea Morgan",
        "rhea morgan",
        "RHEA@example.org",
        "github.com/rmorgan",
        "https://github.com/rmorgan/",
        "mailto:rhea@example.org",
    ] {
        assert!(matches!(r.resolve(name), Resolved::Person(p) if p.id == "rmorgan"), "{name}");
    }
    assert_eq!(r.resolve("chief technology officer"), Resolved::Role("Chief Technology Officer"));
    assert_eq!(r.holders("Chief Technology Officer")[0].name, "Tobi Okafor");
    assert_eq!(r.resolve("github.com/someone"), Resolved::Unknown);
    assert_eq!(r.people[0].active_from, Some(Date::constant(2020, 1, 1)));
}

#[test]
fn a_roles_holders_are_everyone_holding_it_once_in_roster_order() {
    let r = Roster::parse(
        "people:
  - {id: a, name: A, roles: [Auditor]}
  - {id: b, name: B, roles: [CEO, ceo, ' CEO ']}
  - {id: c, name: C, roles: [Auditor, CEO]}
",
    )
    .unwrap();
    let ids = |role: &str| r.holders(role).iter().map(|p| p.id.as_str()).collect::<Vec<_>>();
    assert_eq!(ids("CEO"), ["b", "c"]);
    assert_eq!(ids("auditor"), ["a", "c"]);
    assert!(ids("Nobody").is_empty());
}

#[test]
fn bad_rosters_say_where() {
    let err = Roster::parse("people:\n  - id: a\n    name: A\n    rols: [x]\n").unwrap_err();
    assert!(err.contains("rols") && err.contains('4'), "{err}");
    let err = Roster::parse("people:\n  - id: a\n    name: A\n    active_until: 2025-13-01\n").unwrap_err();
    assert!(err.contains("line 4"), "{err}");
}

#[test]
fn regression_an_alias_equal_to_another_persons_id_resolved_to_the_first_person() {
    // Alice aliased herself `bob`: `approvers: [bob]` was shown and checked as Alice.
    let r = Roster::parse(
        "people:\n- {id: alice, name: Alice Adams, aliases: [bob]}\n- {id: bob, name: Bob Boss}\n",
    )
    .unwrap();
    assert_eq!(r.resolve("bob"), Resolved::Ambiguous);
    assert_eq!(r.person("bob"), None);
    assert_ne!(r.identity("bob"), r.identity("alice"));
    assert!(
        r.why_ambiguous("BOB").contains("Alice Adams (alice), Bob Boss (bob)"),
        "{}",
        r.why_ambiguous("bob")
    );
    // Their other names still name them.
    assert!(matches!(r.resolve("Alice Adams"), Resolved::Person(p) if p.id == "alice"));
    assert!(matches!(r.resolve("bob boss"), Resolved::Person(p) if p.id == "bob"));
}

#[test]
fn regression_two_people_with_one_id_were_one_identity() {
    // Keyed by id, an author named `Alice A` and an approver named `Alice B` were one person.
    let r = Roster::parse("people:\n- {id: alice, name: Alice A}\n- {id: alice, name: Alice B}\n").unwrap();
    assert_ne!(r.identity("Alice A"), r.identity("Alice B"));
    assert_eq!(r.identity("alice a"), r.identity("Alice A"));
    assert_eq!(r.resolve("alice"), Resolved::Ambiguous);
}

#[test]
fn regression_a_large_roster_was_refused_with_the_parsers_debug_message() {
    let person = "- {id: p, name: P, email: p@x.org, roles: [A, B], aliases: [gh/p]}\n";
    let text = format!("people:\n{}", person.repeat(10));
    let err = Roster::parse_within(&text, 50).map(|_| ()).unwrap_err();
    assert!(err.contains("more than charta reads (50 YAML values") && !err.contains("Nodes {"), "{err}");
}

#[test]
fn a_name_is_normalised_as_written_in_any_case_and_form() {
    for (written, key) in [
        ("  Rhea Morgan ", "rhea morgan"),
        ("MAILTO:Rhea@Example.org", "rhea@example.org"),
        ("https://www.GitHub.com/rmorgan/", "github.com/rmorgan"),
        ("http://github.com/rmorgan//", "github.com/rmorgan"),
        ("www.example.org", "example.org"),
        ("ÉMILE Zoë", "émile zoë"),
        ("mailto:", ""),
        ("/", ""),
    ] {
        assert_eq!(normalise(written), key, "{written}");
        assert_eq!(looked_up(written, str::to_owned), key, "{written}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    /// A name looked up on the stack is the name the index holds, whatever its length (either
    /// side of the buffer's), case, script or form.
    #[test]
    fn a_name_is_looked_up_as_the_index_normalised_it(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            " ", "\t", "/", "mailto:", "MailTo:", "https://", "HTTP://", "www.", "WWW.", "Rhea",
            "MORGAN", "rhea@example.org", "github.com/rmorgan", "É", "ß", "İ", "ǅ", "x",
            "0123456789abcdef0123456789ABCDEF", "\u{a0}", "\u{3000}", "\u{85}", "\u{212a}",
        ]), 0..8)
    ) {
        let name: String = parts.concat();
        proptest::prop_assert_eq!(looked_up(&name, str::to_owned), normalise(&name));
    }
}

#[test]
fn names_on_either_side_of_the_stack_buffer_are_looked_up_as_normalised() {
    for len in [SHORT_NAME - 1, SHORT_NAME, SHORT_NAME + 1] {
        let name = format!("https://{}/", "A".repeat(len - "https://".len() - 1));
        assert_eq!(name.len(), len);
        assert_eq!(looked_up(&name, str::to_owned), normalise(&name), "{len}");
        assert_eq!(looked_up(&name, str::to_owned), "a".repeat(len - "https://".len() - 1));
    }
    // Longer than the buffer as written, within it once trimmed.
    let padded = format!("  {}  ", "B".repeat(SHORT_NAME));
    assert_eq!(looked_up(&padded, str::to_owned), normalise(&padded));
    assert_eq!(looked_up(&padded, str::to_owned), "b".repeat(SHORT_NAME));
}

#[test]
fn a_roster_reads_the_same_to_the_build_cache_whatever_its_maps_hash_by() {
    // Each map of a roster hashes by a seed of its own: two readings of one roster list their
    // names in different orders. The cache key (`fingerprint::of_debug`) must not see that.
    let text: String = (0..40)
        .map(|i| format!("  - id: p{i}\n    name: Person {i}\n    roles: [Role {i}, Role {}]\n", i % 7))
        .collect();
    let text = format!("people:\n{text}");
    let (a, b) = (Roster::parse(&text).unwrap(), Roster::parse(&text).unwrap());
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert_eq!(crate::fingerprint::of_debug(&[&a]), crate::fingerprint::of_debug(&[&b]));
}

/// Bug (a team-workflow trial): a second `email:` pasted into a roster entry stopped every
/// command with the parser's own words ("set DuplicateKeyPolicy in Options if acceptable"),
/// a setting no one editing a roster can change. It names the key, its line and what to do.
#[test]
fn a_key_written_twice_is_named_with_its_line_and_what_to_do() {
    let text =
        "people:\n  - id: alice\n    name: Alice\n    email: alice@example.org\n    email: a@example.org\n";
    let error = Roster::parse(text).unwrap_err();
    assert_eq!(
        error,
        "line 5: `email` is written twice where one is allowed; keep one of the two (YAML forbids repeated keys)"
    );
}
