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
        .or_else(|| table.iter().find(|(k, _)| same_kind(k, kind)))
        .map(|(k, v)| (k.as_str(), v))
}

/// Whether two kinds are one as ids are ([`crate::document::id_key`]), compared in place: asked
/// of every document, and most kinds are written as the table writes them.
fn same_kind(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (crate::document::id_parts(a), crate::document::id_parts(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q))
                if p == q
                    || p.chars().flat_map(char::to_lowercase).eq(q.chars().flat_map(char::to_lowercase)) => {}
            _ => return false,
        }
    }
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
                "charta asks each controlled document for {} unless charta.toml's [required_fields] lists others (`{} = [...]`)",
                DEFAULT_REQUIRED.join(", "),
                crate::escape::visible(kind)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn kinds_are_one_as_ids_are() {
        for (a, b) in [("sop", "SOP"), ("work_instruction", "Work-Instruction"), (" policy ", "policy")] {
            assert!(super::same_kind(a, b), "{a} {b}");
            assert_eq!(crate::document::id_key(a), crate::document::id_key(b));
        }
        for (a, b) in [("sop", "sops"), ("work-instruction", "work"), ("a-b", "ab")] {
            assert!(!super::same_kind(a, b), "{a} {b}");
            assert_ne!(crate::document::id_key(a), crate::document::id_key(b));
        }
    }
}
