//! Configuration: the fields `[required_fields]` asks of a document, by its kind and dialect;
//! and how a document's kind finds its entry in a table keyed by kind (`[approval.roles]` too).

use super::{Config, DEFAULT_REQUIRED};
use crate::document::Dialect;
use std::collections::BTreeMap;

/// The entry of `table` for documents of `kind`, and its key: the kind as written, else one
/// written otherwise as ids are (`SOP`, `sop`; `work_instruction`, `work-instruction`). A
/// document's `kind:` is its author's to write: `kind: SOP` escaped `[approval.roles] sop`.
pub fn by_kind<'a, V>(table: &'a BTreeMap<String, V>, kind: &str) -> Option<(&'a str, &'a V)> {
    table
        .get_key_value(kind)
        .or_else(|| {
            let key = crate::document::id_key(kind);
            table.iter().find(|(k, _)| crate::document::id_key(k) == key)
        })
        .map(|(k, v)| (k.as_str(), v))
}

impl Config {
    /// The fields documents of `kind` must have: `[required_fields]` (its `kind` list, else its
    /// `default`, else [`DEFAULT_REQUIRED`]). A document written in another tool's dialect is
    /// asked only for those of them its dialect can say, so that writing out the default list
    /// changes nothing. A page of a static site (no control field at all) is asked for its
    /// title, unless charta.toml lists the fields of its kind itself (not a `default`): a page
    /// can state any field, and a team that names a kind's fields means its pages too.
    pub fn required(&self, kind: &str, dialect: Dialect) -> Vec<String> {
        let configured = by_kind(&self.required_fields, kind)
            .or_else(|| by_kind(&self.required_fields, "default"))
            .map(|(_, fields)| fields);
        let listed: Vec<&str> = match configured {
            Some(fields) => fields.iter().map(String::as_str).collect(),
            None => DEFAULT_REQUIRED.to_vec(),
        };
        // The charta fields each dialect's own keys are read into.
        let can_say: Option<&[&str]> = match dialect {
            Dialect::Charta | Dialect::None => None,
            Dialect::T1pal => Some(&[
                "id",
                "title",
                "version",
                "authors",
                "approvers",
                "approval_date",
                "effective_date",
                "revisions",
            ]),
            Dialect::Comply => Some(&["id", "title", "revisions", "controls"]),
            Dialect::Hugo if by_kind(&self.required_fields, kind).is_some() => None,
            Dialect::Hugo => Some(&["title"]),
        };
        listed
            .into_iter()
            .filter(|f| can_say.is_none_or(|said| said.contains(f)))
            .map(str::to_owned)
            .collect()
    }

    /// Where the fields [`Config::required`] asks of a document of `kind` are listed, as a
    /// finding's help says it: charta.toml's list for the kind or its `default`, else charta's
    /// own default (with the line that changes it).
    pub fn required_by(&self, kind: &str) -> String {
        match by_kind(&self.required_fields, kind).or_else(|| by_kind(&self.required_fields, "default")) {
            Some((list, _)) => format!(
                "charta.toml's [required_fields] `{}` list requires them",
                crate::escape::visible(list)
            ),
            None => format!(
                "charta asks every document for {} unless charta.toml's [required_fields] lists others (`{} = [...]`)",
                DEFAULT_REQUIRED.join(", "),
                crate::escape::visible(kind)
            ),
        }
    }
}
