//! Stage 2: charta's front-matter schema, one row per field. Reading, the fields charta.toml may
//! require, the missing-field check and the redline's field table all follow this table, so a
//! field is declared once.

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

/// What a field holds.
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
        redline: Redline::No,
    },
    Field { key: "title", kind: Kind::Text(slot!(title)), requirable: true, redline: Redline::First },
    Field { key: "kind", kind: Kind::Text(slot!(kind)), requirable: true, redline: Redline::No },
    Field {
        key: "classification",
        kind: Kind::Text(slot!(classification)),
        requirable: true,
        redline: Redline::Yes,
    },
    Field { key: "owner", kind: Kind::Person(slot!(owner)), requirable: true, redline: Redline::Yes },
    Field { key: "authors", kind: Kind::People(slot!(authors)), requirable: true, redline: Redline::Yes },
    Field { key: "approvers", kind: Kind::People(slot!(approvers)), requirable: true, redline: Redline::Yes },
    Field {
        key: "approval_date",
        kind: Kind::Date(slot!(approval_date)),
        requirable: true,
        redline: Redline::Yes,
    },
    Field {
        key: "effective_date",
        kind: Kind::Date(slot!(effective_date)),
        requirable: true,
        redline: Redline::Yes,
    },
    Field { key: "version", kind: Kind::Text(slot!(version)), requirable: true, redline: Redline::First },
    Field { key: "status", kind: Kind::Status(slot!(status)), requirable: true, redline: Redline::First },
    Field {
        key: "review_period",
        kind: Kind::Period(slot!(review_period)),
        requirable: true,
        redline: Redline::Yes,
    },
    Field {
        key: "last_reviewed",
        kind: Kind::Date(slot!(last_reviewed)),
        requirable: false,
        redline: Redline::No,
    },
    Field {
        key: "next_review",
        kind: Kind::Date(slot!(next_review)),
        requirable: false,
        redline: Redline::No,
    },
    Field { key: "controls", kind: Kind::Controls(slot!(controls)), requirable: true, redline: Redline::No },
    Field {
        key: "requirements",
        kind: Kind::References(slot!(requirements)),
        requirable: false,
        redline: Redline::No,
    },
    Field {
        key: "revisions",
        kind: Kind::Revisions(slot!(revisions)),
        requirable: true,
        redline: Redline::Yes,
    },
    Field {
        key: "description",
        kind: Kind::Prose(slot!(description)),
        requirable: false,
        redline: Redline::No,
    },
    Field { key: "extra", kind: Kind::Extra(slot!(extra)), requirable: false, redline: Redline::No },
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
            Kind::Revisions(s) => format!("{} entries", s.of(m).len()),
            Kind::Prose(s) => s.of(m).clone().unwrap_or_default(),
            Kind::Extra(s) => join(&s.of(m).iter().collect::<Vec<_>>(), |(k, v)| format!("{k}: {v}")),
        }
    }
}

#[cfg(test)]
mod tests;
