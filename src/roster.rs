//! Registry: the people of the organisation, their roles and the other names they go by.

use crate::source::Span;
use anyhow::{Context, Result};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RosterFile {
    #[serde(default)]
    people: Vec<PersonEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonEntry {
    id: String,
    name: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    active_from: Option<serde_saphyr::Spanned<String>>,
    #[serde(default)]
    active_until: Option<serde_saphyr::Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub roles: Vec<String>,
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub active_from: Option<Date>,
    #[serde(skip)]
    pub active_until: Option<Date>,
}

/// Who someone named in a document turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved<'r> {
    Person(&'r Person),
    /// A role ("Chief Technology Officer") with the people who hold it.
    Role(&'r str),
    Unknown,
}

#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub people: Vec<Person>,
    /// Every normalised name, id, email and alias -> index into `people`.
    names: BTreeMap<String, usize>,
    /// Normalised role -> role as written in the roster, and who holds it (indexes into `people`,
    /// in roster order).
    roles: BTreeMap<String, (String, Vec<usize>)>,
}

/// Lower-case, and drop what differs between ways of writing the same handle or address.
fn normalise(name: &str) -> String {
    let n = name.trim().to_lowercase();
    let n = n.strip_prefix("mailto:").unwrap_or(&n);
    let n = n.strip_prefix("https://").or_else(|| n.strip_prefix("http://")).unwrap_or(n);
    let n = n.strip_prefix("www.").unwrap_or(n);
    n.trim_end_matches('/').to_owned()
}

impl Roster {
    /// Pure: parse `roster.yaml` text. Errors carry the line and column.
    pub fn parse(text: &str) -> Result<Roster, String> {
        let file: RosterFile = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        let mut people = Vec::new();
        for p in file.people {
            let date = |d: Option<serde_saphyr::Spanned<String>>| -> Result<Option<Date>, String> {
                d.map(|d| {
                    d.value.parse::<Date>().map_err(|_| {
                        let at = Span::new(d.referenced.line() as u32, d.referenced.column() as u32);
                        format!("line {}: `{}` is not a date (write YYYY-MM-DD)", at.line, d.value)
                    })
                })
                .transpose()
            };
            people.push(Person {
                active_from: date(p.active_from)?,
                active_until: date(p.active_until)?,
                id: p.id,
                name: p.name,
                email: p.email,
                roles: p.roles,
                aliases: p.aliases,
            });
        }
        Ok(Roster::new(people))
    }

    pub fn from_file(path: &Path) -> Result<Roster> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the roster {}", path.display()))?;
        Roster::parse(&text)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("{} is not a valid roster", path.display()))
    }

    pub fn new(people: Vec<Person>) -> Roster {
        let mut names = BTreeMap::new();
        let mut roles = BTreeMap::new();
        for (i, p) in people.iter().enumerate() {
            let all = [&p.id, &p.name].into_iter().chain(p.email.as_ref()).chain(&p.aliases);
            for name in all {
                names.entry(normalise(name)).or_insert(i);
            }
            for role in &p.roles {
                let (_, holders) = roles.entry(normalise(role)).or_insert_with(|| (role.clone(), Vec::new()));
                if holders.last() != Some(&i) {
                    holders.push(i);
                }
            }
        }
        Roster { people, names, roles }
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    pub fn person(&self, name: &str) -> Option<&Person> {
        self.names.get(&normalise(name)).map(|&i| &self.people[i])
    }

    /// A person by any of their names, else a role, else unknown.
    pub fn resolve(&self, name: &str) -> Resolved<'_> {
        if let Some(p) = self.person(name) {
            return Resolved::Person(p);
        }
        match self.roles.get(&normalise(name)) {
            Some((role, _)) => Resolved::Role(role),
            None => Resolved::Unknown,
        }
    }

    /// One key per person however they are named: the roster id, else the name as written
    /// (normalised). Two names with the same identity are the same person.
    pub fn identity(&self, name: &str) -> String {
        match self.person(name) {
            Some(p) => format!("@{}", p.id),
            None => normalise(name),
        }
    }

    /// Everyone holding a role, in roster order.
    pub fn holders(&self, role: &str) -> Vec<&Person> {
        let holders = self.roles.get(&normalise(role)).map_or(&[][..], |(_, h)| h.as_slice());
        holders.iter().map(|&i| &self.people[i]).collect()
    }
}

#[cfg(test)]
mod tests {
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
        let err =
            Roster::parse("people:\n  - id: a\n    name: A\n    active_until: 2025-13-01\n").unwrap_err();
        assert!(err.contains("line 4"), "{err}");
    }
}
