//! Registry: the people of the organisation, their roles and the other names they go by.

mod budget;
mod conflicts;
mod normal;

pub use conflicts::Conflict;

use crate::source::Span;
use anyhow::{Context, Result};
use jiff::civil::Date;
use normal::{looked_up, normalise};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::path::Path;

/// Most YAML values (mappings, lists and scalars) charta reads from a roster: about 250,000
/// people of 16 values each. serde-saphyr's default, 250,000 values, stopped at about 17,000.
pub const MAX_VALUES: usize = 4_000_000;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RosterFile {
    /// Everyone who writes, owns or approves documents.
    #[serde(default)]
    people: Vec<PersonEntry>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct PersonEntry {
    /// A short, unique id: what documents may name a person by.
    #[schemars(with = "String")]
    id: Spanned<String>,
    /// The person's full name.
    #[schemars(with = "String")]
    name: Spanned<String>,
    /// Their e-mail address, by which documents may name them too.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    email: Option<Spanned<String>>,
    /// Roles they hold (`IG Lead`): what `[approval.roles]` allows and an `owner` may name.
    #[serde(default)]
    roles: Vec<String>,
    /// Other names documents use for them.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    aliases: Vec<Spanned<String>>,
    /// The first day they may approve (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    active_from: Option<Spanned<String>>,
    /// The last day they may approve (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    active_until: Option<Spanned<String>>,
    /// Their signing keys, for `[evidence]`: each an SSH public key line (`ssh-ed25519 AAAA...`),
    /// an armored OpenPGP public key block, or the path in the repository of a file holding one;
    /// or `{key: ..., until: YYYY-MM-DD}` for a key they stopped using (lost, replaced, revoked).
    #[serde(default)]
    #[schemars(with = "Vec<KeyShape>")]
    keys: Vec<Spanned<KeyEntry>>,
}

/// A signing key as the roster writes it: the key alone, or with the last day it was in use.
/// Read by hand rather than as an untagged enum, which would lose the lines of its values.
#[derive(Debug)]
enum KeyEntry {
    Key(String),
    Dated(DatedKey),
}

impl<'de> Deserialize<'de> for KeyEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = KeyEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a public key (or the path of a file holding one), or a mapping with `key` and `until`",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<KeyEntry, E> {
                Ok(KeyEntry::Key(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<KeyEntry, A::Error> {
                DatedKey::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(KeyEntry::Dated)
            }
        }
        d.deserialize_any(Visitor)
    }
}

// The shapes of a `KeyEntry`, for the roster's schema.
/// A signing key: the key alone, or a mapping with the last day it was in use.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum KeyShape {
    Key(String),
    Dated(DatedKey),
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct DatedKey {
    /// The key, as a key alone is written.
    #[schemars(with = "String")]
    key: Spanned<String>,
    /// The last day the key was in use (YYYY-MM-DD): a commit signed with it after that day is
    /// `evidence/revoked-key` and proves nothing.
    #[schemars(with = "String")]
    until: Spanned<String>,
}

/// The JSON Schema of `roster.yaml`, from the types it is read into.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RosterFile)).unwrap_or_default()
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
    /// The lines of `active_from` and of `active_until` (each else of their id): where a finding
    /// about their not being active points.
    #[serde(skip)]
    pub lines: [u32; 2],
    /// Their signing keys as the roster writes them, each with where (`crate::evidence::keys`
    /// reads them).
    #[serde(skip)]
    pub keys: Vec<WrittenKey>,
}

impl Person {
    /// Why they were not active on `day` ("from 2025-06-01", "until 2025-12-31"); None when they were.
    pub fn inactive_on(&self, day: Date) -> Option<String> {
        let before = self.active_from.filter(|from| day < *from).map(|f| format!("from {f}"));
        before.or_else(|| self.active_until.filter(|until| day > *until).map(|u| format!("until {u}")))
    }
}

/// A signing key as the roster writes it, where, and the last day it was in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenKey {
    pub text: String,
    pub span: Span,
    pub until: Option<Date>,
}

/// Which of a person's names a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Id,
    Name,
    Email,
    Alias,
}

/// One of a person's names as the roster writes it, and where.
#[derive(Debug, Clone)]
pub struct Written {
    pub kind: NameKind,
    pub text: String,
    pub span: Span,
}

/// Who someone named in a document turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved<'r> {
    Person(&'r Person),
    /// A role ("Chief Technology Officer") with the people who hold it.
    Role(&'r str),
    /// A name the roster gives to more than one person: it stands for none of them.
    Ambiguous,
    Unknown,
}

/// Who a name stands for, to tell whether two names are the same person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Identity {
    /// The person at this index of the roster.
    Person(usize),
    /// A name that is nobody (or several people) in the roster, normalised.
    Name(String),
}

#[derive(Clone, Default)]
pub struct Roster {
    pub people: Vec<Person>,
    /// Every normalised name, id, email and alias -> who the roster gives it to. Listed only by
    /// `Debug`, which sorts it (the build cache's key).
    names: foldhash::HashMap<String, conflicts::Claim>,
    /// Normalised role -> role as written in the roster, and who holds it (indexes into `people`,
    /// in roster order).
    roles: foldhash::HashMap<String, (String, Vec<usize>)>,
    /// What is wrong with the roster itself (`roster/duplicate-id`, `roster/ambiguous-name`).
    conflicts: Vec<Conflict>,
    /// Each person's folder under the site's `people/`, in roster order, unique.
    folders: Vec<String>,
}

/// Every field, the maps in the order of their keys: the build cache's key holds this text
/// (`fingerprint::of_debug`), which must not change with the seed a map hashes by.
impl std::fmt::Debug for Roster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Roster { people, names, roles, conflicts, folders } = self;
        f.debug_struct("Roster")
            .field("people", people)
            .field("names", &names.iter().collect::<std::collections::BTreeMap<_, _>>())
            .field("roles", &roles.iter().collect::<std::collections::BTreeMap<_, _>>())
            .field("conflicts", conflicts)
            .field("folders", folders)
            .finish()
    }
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    Span::new(s.referenced.line() as u32, s.referenced.column() as u32)
}

/// What to do about a document naming someone by a name the roster gives several people.
pub const AMBIGUOUS_HELP: &str = "name the person by their roster id; the roster/ambiguous-name finding \
    in the roster says which entries share the name, so that one of them can drop it";

impl Roster {
    /// Pure: parse `roster.yaml` text. Errors carry the line and column.
    pub fn parse(text: &str) -> Result<Roster, String> {
        Roster::parse_within(text, MAX_VALUES)
    }

    /// [`Roster::parse`], reading at most `max_values` YAML values.
    fn parse_within(text: &str, max_values: usize) -> Result<Roster, String> {
        let options = serde_saphyr::options! {
            budget: serde_saphyr::budget! {
                max_nodes: max_values,
                max_events: max_values.saturating_mul(2),
            },
        };
        let file: RosterFile = serde_saphyr::from_str_with_options(text, options)
            .map_err(|e| budget::too_large(&e, max_values))?;
        let mut people = Vec::new();
        for p in file.people {
            let date = |d: Option<Spanned<String>>| -> Result<Option<Date>, String> {
                d.map(|d| {
                    d.value.parse::<Date>().map_err(|_| {
                        format!("line {}: `{}` is not a date (write YYYY-MM-DD)", span_of(&d).line, d.value)
                    })
                })
                .transpose()
            };
            let name = |kind, s: &Spanned<String>| Written { kind, text: s.value.clone(), span: span_of(s) };
            let written: Vec<Written> = [name(NameKind::Id, &p.id), name(NameKind::Name, &p.name)]
                .into_iter()
                .chain(p.email.iter().map(|e| name(NameKind::Email, e)))
                .chain(p.aliases.iter().map(|a| name(NameKind::Alias, a)))
                .collect();
            let mut keys = Vec::new();
            for k in &p.keys {
                keys.push(match &k.value {
                    KeyEntry::Key(text) => WrittenKey { text: text.clone(), span: span_of(k), until: None },
                    KeyEntry::Dated(d) => WrittenKey {
                        text: d.key.value.clone(),
                        span: span_of(&d.key),
                        until: date(Some(d.until.clone()))?,
                    },
                });
            }
            let at = |d: &Option<Spanned<String>>| d.as_ref().map_or_else(|| span_of(&p.id), span_of).line;
            let person = Person {
                lines: [at(&p.active_from), at(&p.active_until)],
                active_from: date(p.active_from)?,
                active_until: date(p.active_until)?,
                id: p.id.value,
                name: p.name.value,
                email: p.email.map(|e| e.value),
                roles: p.roles,
                aliases: p.aliases.into_iter().map(|a| a.value).collect(),
                keys,
            };
            people.push((person, written));
        }
        Ok(Roster::new(people))
    }

    pub fn from_file(path: &Path) -> Result<Roster> {
        let text = crate::load::read_whole(path)
            .with_context(|| format!("cannot read the roster {}", path.display()))?;
        Roster::parse(&text)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("{} is not a valid roster", path.display()))
    }

    /// The roster of these people, each with their names as written (for the conflicts' lines).
    fn new(entries: Vec<(Person, Vec<Written>)>) -> Roster {
        let mut roles = foldhash::HashMap::default();
        for (i, (p, _)) in entries.iter().enumerate() {
            for role in &p.roles {
                let (_, holders) = roles.entry(normalise(role)).or_insert_with(|| (role.clone(), Vec::new()));
                if holders.last() != Some(&i) {
                    holders.push(i);
                }
            }
        }
        let (people, written): (Vec<Person>, Vec<Vec<Written>>) = entries.into_iter().unzip();
        let (names, conflicts) = conflicts::index(&people, &written);
        let folders = crate::slug::unique_folders(people.iter().map(|p| p.id.as_str()));
        Roster { people, names, roles, conflicts, folders }
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The index of the one person a name stands for (None when it names nobody, or several).
    pub fn index(&self, name: &str) -> Option<usize> {
        looked_up(name, |n| self.names.get(n).and_then(conflicts::Claim::only))
    }

    pub fn person(&self, name: &str) -> Option<&Person> {
        self.index(name).map(|i| &self.people[i])
    }

    /// Why a name the roster gives to several people stands for none of them ("names more than
    /// one person ..."), for the finding of a document that uses it.
    pub fn why_ambiguous(&self, name: &str) -> String {
        let claim = looked_up(name, |n| self.names.get(n));
        let who: Vec<String> = claim
            .into_iter()
            .flat_map(conflicts::Claim::all)
            .map(|i| format!("{} ({})", self.people[i].name, self.people[i].id))
            .collect();
        format!(
            "names more than one person in the roster ({}), so it stands for none of them",
            who.join(", ")
        )
    }

    /// The folder of the page of the one person `name` stands for (see `folders`); None for a
    /// role, an unknown or an ambiguous name.
    pub fn folder(&self, name: &str) -> Option<&str> {
        let i = looked_up(name, |n| self.names.get(n))?.only()?;
        self.folders.get(i).map(String::as_str)
    }

    /// Each person's folder under `people/`, in roster order.
    pub fn folders(&self) -> &[String] {
        &self.folders
    }

    /// A person by any of their names, else a role, else unknown. A name given to several people
    /// is none of them: resolving it to the first would make `bob` mean Alice.
    pub fn resolve(&self, name: &str) -> Resolved<'_> {
        looked_up(name, |n| match self.names.get(n).map(conflicts::Claim::only) {
            Some(Some(i)) => Resolved::Person(&self.people[i]),
            Some(None) => Resolved::Ambiguous,
            None => match self.roles.get(n) {
                Some((role, _)) => Resolved::Role(role),
                None => Resolved::Unknown,
            },
        })
    }

    /// One key per person however they are named. Two names with the same identity are the same
    /// person; a name that is nobody, or several people, is only itself.
    pub fn identity(&self, name: &str) -> Identity {
        match self.index(name) {
            Some(i) => Identity::Person(i),
            None => Identity::Name(normalise(name)),
        }
    }

    /// Everyone holding a role, in roster order.
    pub fn holders(&self, role: &str) -> Vec<&Person> {
        let holders = looked_up(role, |n| self.roles.get(n)).map_or(&[][..], |(_, h)| h.as_slice());
        holders.iter().map(|&i| &self.people[i]).collect()
    }

    /// What is wrong with the roster itself: names it gives two people, ids of one page.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }
}

#[cfg(test)]
mod tests;
