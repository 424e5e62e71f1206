//! Configuration: `[review]` and `[approval]` of charta.toml: when a document is due for its
//! periodic review, and who may approve it.

use crate::document::Period;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Default review period of documents that state none: 12 months unless charta.toml says
    /// another, or `"none"` (then nothing is due for a document without its own period).
    #[serde(default = "yearly", deserialize_with = "period_or_none")]
    #[schemars(with = "String", extend("default" = "12 months"))]
    pub period: Option<Period>,
    #[serde(default, deserialize_with = "period")]
    #[schemars(with = "Option<String>")]
    pub warn_before: Option<Period>,
    /// Longest review period a document may set.
    #[serde(default, deserialize_with = "period")]
    #[schemars(with = "Option<String>")]
    pub max_period: Option<Period>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    #[serde(default = "one")]
    pub min_approvers: u32,
    #[serde(default = "yes")]
    pub separation_of_duties: bool,
    /// Kind -> roles allowed to approve documents of that kind.
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
    /// The line of each kind's entry in `roles` (the table's, when it is written inline).
    #[serde(skip)]
    pub role_lines: BTreeMap<String, u32>,
}

impl Approval {
    /// Where each entry of `[approval.roles]` is written in charta.toml's `text`.
    pub fn find_role_lines(&mut self, text: &str) {
        let lines: Vec<&str> = text.lines().collect();
        // A table's header, a comment after it or not.
        let header = |l: &&str| {
            let l = l.split('#').next().unwrap_or_default().trim();
            l == "[approval.roles]" || l == "[approval]"
        };
        let table =
            lines.iter().position(|l| header(l) && l.contains("roles")).or(lines.iter().position(header));
        for kind in self.roles.keys() {
            let named = |l: &&str| {
                let l = l.trim_start();
                [kind.clone(), format!("\"{kind}\""), format!("'{kind}'")].iter().any(|k| {
                    l.strip_prefix(k.as_str()).is_some_and(|rest| rest.trim_start().starts_with('='))
                })
            };
            let entry = table.and_then(|t| {
                let mut rest = lines.iter().skip(t + 1).take_while(|l| !l.trim_start().starts_with('['));
                rest.position(named).map(|i| t + 1 + i)
            });
            if let Some(at) = entry.or(table) {
                self.role_lines.insert(kind.clone(), u32::try_from(at + 1).unwrap_or(u32::MAX));
            }
        }
    }
}

/// The review period of a controlled document that states none, unless charta.toml says
/// otherwise: ISO 27001 and ISO 13485 audits expect a yearly review.
pub const DEFAULT_REVIEW_PERIOD: &str = "12 months";

fn yearly() -> Option<Period> {
    Period::parse(DEFAULT_REVIEW_PERIOD)
}

impl Default for Review {
    fn default() -> Self {
        Review { period: yearly(), warn_before: None, max_period: None }
    }
}

/// A period, or `"none"`: no default period at all.
fn period_or_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Period>, D::Error> {
    let text = String::deserialize(d)?;
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    Period::parse(&text).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "`{text}` is not a period; write `12 months`, `30 days`, `2 years` or `P1Y`, or `none` for no default"
        ))
    })
}

fn one() -> u32 {
    1
}
pub(super) fn yes() -> bool {
    true
}

impl Default for Approval {
    fn default() -> Self {
        Approval {
            min_approvers: 1,
            separation_of_duties: true,
            roles: BTreeMap::new(),
            role_lines: BTreeMap::new(),
        }
    }
}

fn period<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Period>, D::Error> {
    let text = String::deserialize(d)?;
    Period::parse(&text).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "`{text}` is not a period; write `12 months`, `30 days`, `2 years` or `P1Y`"
        ))
    })
}
