//! Stage 2: charta's front-matter schema, one row per field. Reading, the fields charta.toml may
//! require, the missing-field check, the redline's field table and the README's field table all
//! follow this table, so a field is declared once.

use crate::document::{Control, Meta, Period, Revision, Status};
use crate::source::Spanned;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// One field of charta's schema.
pub struct Field {
    pub key: &'static str,
    /// What the value is: how it is read, whether a document has one, how a redline shows it.
    pub kind: Kind,
    /// Whether charta.toml's `[required_fields]` may name it.
    pub requirable: bool,
    pub redline: Redline,
    /// The README's "meaning" column; empty where the type column says it all.
    pub meaning: &'static str,
}

/// Where in `Meta` a field's value is read into (`get_mut`) and looked up (`get`).
pub struct Slot<T: 'static> {
    get: fn(&Meta) -> &T,
    get_mut: fn(&mut Meta) -> &mut T,
}

impl<T> Slot<T> {
    pub fn of<'m>(&self, m: &'m Meta) -> &'m T {
        (self.get)(m)
    }

    pub fn of_mut<'m>(&self, m: &'m mut Meta) -> &'m mut T {
        (self.get_mut)(m)
    }
}

/// The slot of a `Meta` member of the same name.
macro_rules! slot {
    ($member:ident) => {
        Slot { get: |m| &m.$member, get_mut: |m| &mut m.$member }
    };
}

/// What a field holds. Kinds that read alike differ in how the README names them.
pub enum Kind {
    Text(Slot<Option<Spanned<String>>>),
    /// A roster person or a role.
    Person(Slot<Option<Spanned<String>>>),
    People(Slot<Vec<Spanned<String>>>),
    /// Free references, not looked up anywhere.
    References(Slot<Vec<Spanned<String>>>),
    Date(Slot<Option<Spanned<Date>>>),
    Status(Slot<Option<Spanned<Status>>>),
    Period(Slot<Option<Spanned<Period>>>),
    Controls(Slot<Vec<Spanned<Control>>>),
    Revisions(Slot<Vec<Revision>>),
    /// Text that is shown and never checked, so kept without its line.
    Prose(Slot<Option<String>>),
    /// An organisation's own fields.
    Extra(Slot<BTreeMap<String, serde_json::Value>>),
}

/// Whether a redline's table of changed fields lists a field, and where.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Redline {
    No,
    /// Listed before the others: what says which document it is and in what state.
    First,
    Yes,
}

/// The schema, in the order the README lists it.
pub static FIELDS: &[Field] = &[
    Field {
        key: "id",
        // comply's `acronym` stands for the id when there is none, as in `Document::id`.
        kind: Kind::Text(Slot {
            get: |m| if m.id.is_some() { &m.id } else { &m.acronym },
            get_mut: |m| &mut m.id,
        }),
        requirable: true,
        // A document renumbered (`crate::document::renumbered`) is one document: the redline
        // of the change says its new number.
        redline: Redline::First,
        meaning: "document ID, e.g. `POL-001` (default: the file name; for a folder's `index.md`, `_index.md` or `README.md`, the folder's name)",
    },
    Field {
        key: "title",
        kind: Kind::Text(slot!(title)),
        requirable: true,
        redline: Redline::First,
        meaning: "default: the first `#` heading, else the file name (a folder's index: the folder's name)",
    },
    Field {
        key: "kind",
        kind: Kind::Text(slot!(kind)),
        requirable: true,
        redline: Redline::No,
        meaning: "`policy`, `sop`, `record` ... (default: the collection's kind)",
    },
    Field {
        key: "classification",
        kind: Kind::Text(slot!(classification)),
        requirable: true,
        redline: Redline::Yes,
        meaning: "e.g. Public, Internal, Confidential",
    },
    Field {
        key: "owner",
        kind: Kind::Person(slot!(owner)),
        requirable: true,
        redline: Redline::Yes,
        meaning: "a roster person, or a role such as `Chief Technology Officer` (the page shows who holds it)",
    },
    Field {
        key: "authors",
        kind: Kind::People(slot!(authors)),
        requirable: true,
        redline: Redline::Yes,
        meaning: "roster id, name, email or alias",
    },
    Field {
        key: "approvers",
        kind: Kind::People(slot!(approvers)),
        requirable: true,
        redline: Redline::Yes,
        meaning: "roster id, name, email or alias",
    },
    Field {
        key: "approval_date",
        kind: Kind::Date(slot!(approval_date)),
        requirable: true,
        redline: Redline::Yes,
        meaning: "strict `YYYY-MM-DD`",
    },
    Field {
        key: "effective_date",
        kind: Kind::Date(slot!(effective_date)),
        requirable: true,
        redline: Redline::Yes,
        meaning: "strict `YYYY-MM-DD`",
    },
    Field {
        key: "version",
        kind: Kind::Text(slot!(version)),
        requirable: true,
        redline: Redline::First,
        meaning: "quote it or not: `1.10` stays `1.10`",
    },
    Field {
        key: "status",
        kind: Kind::Status(slot!(status)),
        requirable: true,
        redline: Redline::First,
        meaning: "",
    },
    Field {
        key: "superseded_by",
        kind: Kind::Text(slot!(superseded_by)),
        requirable: false,
        redline: Redline::Yes,
        meaning: "the id of the document that replaces a retired one (`charta supersede` writes it); its page links there",
    },
    Field {
        key: "review_period",
        kind: Kind::Period(slot!(review_period)),
        requirable: true,
        redline: Redline::Yes,
        meaning: "`12 months`, `2 years`, `18mo`, `P1Y`, `yearly`, `quarterly`",
    },
    Field {
        key: "last_reviewed",
        kind: Kind::Date(slot!(last_reviewed)),
        requirable: false,
        redline: Redline::No,
        meaning: "the date of the last periodic review",
    },
    Field {
        key: "next_review",
        kind: Kind::Date(slot!(next_review)),
        requirable: false,
        redline: Redline::No,
        meaning: "overrides the computed date of the next review",
    },
    Field {
        key: "controls",
        kind: Kind::Controls(slot!(controls)),
        requirable: true,
        redline: Redline::No,
        meaning: "framework -> control ids, e.g. `ISO27001:2022: [A.5.1]`; a list of `FRAMEWORK:ID` also works",
    },
    Field {
        key: "requirements",
        kind: Kind::References(slot!(requirements)),
        requirable: false,
        redline: Redline::No,
        meaning: "free references",
    },
    Field {
        key: "revisions",
        kind: Kind::Revisions(slot!(revisions)),
        requirable: true,
        redline: Redline::Yes,
        meaning: "entries `{version, date, author, summary, type}`; `type: review` marks a periodic review that changed nothing, `type: retirement` the entry that retired the document",
    },
    Field {
        key: "description",
        kind: Kind::Prose(slot!(description)),
        requirable: false,
        redline: Redline::No,
        meaning: "shown under the header",
    },
    Field {
        key: "extra",
        kind: Kind::Extra(slot!(extra)),
        requirable: false,
        redline: Redline::No,
        meaning: "anything else, shown under \"Other fields\"",
    },
];

/// The keys of the schema.
pub const CHARTA_KEYS: [&str; FIELDS.len()] = {
    let mut keys = [""; FIELDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = FIELDS[i].key;
        i += 1;
    }
    keys
};

/// Names other tools and teams give charta's fields, and the field each is read as. Only names
/// of the same meaning: `review_date` is the date a review is due, as the teams that write it
/// use it, so it is `next_review`; a reviewer is not an approver, so `reviewer` is not here.
pub static ALIASES: &[(&str, &str)] = &[
    ("approver", "approvers"),
    ("approved_by", "approvers"),
    ("author", "authors"),
    ("document_owner", "owner"),
    ("policy_owner", "owner"),
    ("document_number", "id"),
    ("doc_id", "id"),
    ("effective", "effective_date"),
    ("effective_from", "effective_date"),
    ("approved_on", "approval_date"),
    ("date_approved", "approval_date"),
    ("review_date", "next_review"),
    ("next_review_date", "next_review"),
    ("review_due", "next_review"),
    // GOV.UK's tech-docs-gem: `last_reviewed_on` and `review_in: 6 months`.
    ("last_reviewed_on", "last_reviewed"),
    ("last_review_date", "last_reviewed"),
    ("review_in", "review_period"),
    ("review_frequency", "review_period"),
];

/// Names teams give to facts charta records nowhere of its own (who reviewed a draft): kept
/// with the document's own fields, never an unknown field.
pub static KEPT: &[&str] = &["reviewer", "reviewers"];

/// The field of charta's schema that `key` is another name for.
pub fn alias(key: &str) -> Option<&'static str> {
    ALIASES.iter().find(|(name, _)| *name == key).map(|(_, field)| *field)
}

/// An organisation's own names for charta's fields (charta.toml's `[fields.aliases]`): name ->
/// the field it is read as.
pub type Names = std::collections::BTreeMap<String, String>;

/// No names of an organisation's own: charta's and the other tools' only.
pub static NO_NAMES: Names = std::collections::BTreeMap::new();

/// The field `key` is another name for: in `names` first, then among [`ALIASES`].
pub fn alias_in<'n>(names: &'n Names, key: &str) -> Option<&'n str> {
    names.get(key).map(String::as_str).or_else(|| alias(key))
}

/// Whether `value` stands in for a value nobody has given yet: `TBD`, `TBC`, `TODO`, `XXX`,
/// `???` (in any case, with or without brackets).
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim().trim_start_matches('[').trim_end_matches(']').trim();
    ["tbd", "tbc", "todo", "xxx", "???"].iter().any(|p| v.eq_ignore_ascii_case(p))
}

/// The field `key` names in charta's schema.
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The keys `[required_fields]` may name, in the schema's order.
pub fn requirable() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().filter(|f| f.requirable).map(|f| f.key)
}

/// The fields a redline compares, in the order it lists them.
pub fn redline() -> impl Iterator<Item = &'static Field> {
    let listed = |place: Redline| FIELDS.iter().filter(move |f| f.redline == place);
    listed(Redline::First).chain(listed(Redline::Yes))
}

impl Field {
    /// Whether the front matter gave this field a value.
    pub fn is_set(&self, m: &Meta) -> bool {
        match &self.kind {
            Kind::Text(s) | Kind::Person(s) => s.of(m).is_some(),
            Kind::People(s) | Kind::References(s) => !s.of(m).is_empty(),
            Kind::Date(s) => s.of(m).is_some(),
            Kind::Status(s) => s.of(m).is_some(),
            Kind::Period(s) => s.of(m).is_some(),
            Kind::Controls(s) => !s.of(m).is_empty(),
            Kind::Revisions(s) => !s.of(m).is_empty(),
            Kind::Prose(s) => s.of(m).is_some(),
            Kind::Extra(s) => !s.of(m).is_empty(),
        }
    }

    /// The value as one line of text, empty when there is none: what a redline compares.
    pub fn shown(&self, m: &Meta) -> String {
        fn join<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        }
        fn one<T>(value: &Option<Spanned<T>>, show: impl Fn(&T) -> String) -> String {
            value.as_ref().map(|v| show(&v.value)).unwrap_or_default()
        }
        match &self.kind {
            Kind::Text(s) | Kind::Person(s) => one(s.of(m), String::clone),
            Kind::People(s) | Kind::References(s) => join(s.of(m), |v| v.value.clone()),
            Kind::Date(s) => one(s.of(m), Date::to_string),
            Kind::Status(s) => one(s.of(m), |v| v.label().to_owned()),
            Kind::Period(s) => one(s.of(m), |v| v.text.clone()),
            Kind::Controls(s) => join(s.of(m), |c| format!("{}:{}", c.value.framework, c.value.id)),
            Kind::Revisions(s) => match s.of(m).len() {
                1 => "1 entry".to_owned(),
                n => format!("{n} entries"),
            },
            Kind::Prose(s) => s.of(m).clone().unwrap_or_default(),
            Kind::Extra(s) => join(&s.of(m).iter().collect::<Vec<_>>(), |(k, v)| format!("{k}: {v}")),
        }
    }

    /// The field's row in the README's table of fields: field, type, meaning.
    pub fn readme_row(&self) -> String {
        let kind = match self.kind {
            Kind::Text(_) | Kind::Prose(_) => "text".to_owned(),
            Kind::Person(_) => "person or role".to_owned(),
            Kind::People(_) => "list of people".to_owned(),
            Kind::References(_) | Kind::Revisions(_) => "list".to_owned(),
            Kind::Date(_) => "date".to_owned(),
            Kind::Status(_) => Status::NAMES.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
            Kind::Period(_) => "period".to_owned(),
            Kind::Controls(_) | Kind::Extra(_) => "map".to_owned(),
        };
        format!("| `{}` | {kind} | {}", self.key, self.meaning).trim_end().to_owned() + " |"
    }
}

#[cfg(test)]
mod tests;
