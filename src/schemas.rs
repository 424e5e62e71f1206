//! Edge data for editors: the JSON Schemas of `charta.toml`, `roster.yaml` and a document's
//! front matter, made from the types charta reads them into and from its table of fields, so
//! that they cannot say other than charta does. `charta schema` prints them; `charta init`
//! writes them beside the files that name them.

use crate::document::Status;
use crate::frontmatter::schema::{ALIASES, FIELDS, Field, KEPT, Kind};
use serde_json::{Value, json};

/// A function that makes one schema.
pub type Make = fn() -> Value;

/// The schema files, by the name `charta init` writes them under.
pub const FILES: &[(&str, Make)] = &[
    ("charta.schema.json", config),
    ("roster.schema.json", roster),
    ("front-matter.schema.json", front_matter),
];

/// `charta.toml`.
pub fn config() -> Value {
    let schema = serde_json::to_value(schemars::schema_for!(crate::config::Config)).unwrap_or_default();
    titled(schema, "charta.toml", "The configuration of charta: the site, the collections, the rules")
}

/// `roster.yaml`.
pub fn roster() -> Value {
    titled(crate::roster::schema(), "roster.yaml", "The people who write, own and approve documents")
}

/// A document's front matter: every field of charta's table, under its name and under every
/// other name charta reads as it; any other field is allowed (shown under "Other fields").
pub fn front_matter() -> Value {
    let mut properties = serde_json::Map::new();
    for field in FIELDS.iter().filter(|f| !matches!(f.kind, Kind::Extra(_))) {
        properties.insert(field.key.to_owned(), value_of(field, &field_description(field)));
    }
    for (name, target) in ALIASES {
        if let Some(field) = FIELDS.iter().find(|f| f.key == *target) {
            let description = format!("Another name for `{target}`: {}", field_description(field));
            properties.insert((*name).to_owned(), value_of(field, &description));
        }
    }
    for name in KEPT {
        properties.insert(
            (*name).to_owned(),
            json!({"description": "Kept and shown with the document's own fields; charta records no reviewer of its own"}),
        );
    }
    titled(
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": properties,
            "additionalProperties": true,
        }),
        "Front matter",
        "The front matter of a document charta checks and publishes",
    )
}

fn titled(mut schema: Value, title: &str, description: &str) -> Value {
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), title.into());
        object.insert("description".into(), description.into());
    }
    schema
}

fn field_description(field: &Field) -> String {
    if field.meaning.is_empty() { format!("`{}`", field.key) } else { field.meaning.replace('`', "") }
}

/// The JSON Schema of one field's value, as charta reads it (a number where it takes a number
/// as text, one name where it takes a list).
fn value_of(field: &Field, description: &str) -> Value {
    let text = json!({"type": ["string", "number"]});
    let names = json!({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]});
    let date = json!({"type": "string", "format": "date"});
    let mut schema = match &field.kind {
        Kind::Text(_) | Kind::Prose(_) => text,
        Kind::Person(_) => json!({"type": "string"}),
        Kind::People(_) | Kind::References(_) => names,
        Kind::Date(_) => date,
        Kind::Status(_) => {
            let words: Vec<String> = Status::WORDS
                .iter()
                .flat_map(|(w, _)| [(*w).to_owned(), capitalised(w), w.to_uppercase()])
                .collect();
            // Any other word is a static site's page status (MkDocs' `new`), not an error; a
            // misspelt status is charta's finding (`frontmatter/invalid-value`), not the schema's.
            json!({"anyOf": [{"enum": words}, {"type": "string"}]})
        }
        Kind::Period(_) => json!({"type": "string"}),
        Kind::Controls(_) => json!({"anyOf": [
            {"type": "object", "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": ["string", "number"]}}]}},
            {"type": "array", "items": {"type": "string"}},
        ]}),
        Kind::Revisions(_) => json!({"type": "array", "items": {
            "type": "object",
            "properties": {
                "version": {"type": ["string", "number"]},
                "date": date,
                "author": {"type": "string"},
                "summary": {"type": "string"},
                "type": {"type": "string", "description": "`review`: a periodic review that changed nothing"},
            },
        }}),
        Kind::Extra(_) => json!({}),
    };
    if let Some(object) = schema.as_object_mut() {
        object.insert("description".into(), description.into());
    }
    schema
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
