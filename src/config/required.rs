//! Configuration: the fields `[required_fields]` asks of a document, by its kind and dialect.

use super::{Config, DEFAULT_REQUIRED};
use crate::document::Dialect;

impl Config {
    /// The fields documents of `kind` must have: `[required_fields]` (its `kind` list, else its
    /// `default`, else [`DEFAULT_REQUIRED`]). A document written in another tool's dialect is
    /// asked only for those of them its dialect can say, so that writing out the default list
    /// changes nothing. A page of a static site (no control field at all) is asked for its
    /// title, unless charta.toml lists the fields of its kind itself (not a `default`): a page
    /// can state any field, and a team that names a kind's fields means its pages too.
    pub fn required(&self, kind: &str, dialect: Dialect) -> Vec<String> {
        let configured = self.required_fields.get(kind).or_else(|| self.required_fields.get("default"));
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
            Dialect::Hugo if self.required_fields.contains_key(kind) => None,
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
        match [kind, "default"].into_iter().find(|k| self.required_fields.contains_key(*k)) {
            Some(list) => format!(
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
