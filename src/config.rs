//! Configuration: `charta.toml`, parsed strictly (an unknown key is an error naming its line).

use crate::document::Period;
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const FILE_NAME: &str = "charta.toml";

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub site: Site,
    #[serde(default)]
    pub collections: Vec<Collection>,
    #[serde(default)]
    pub review: Review,
    #[serde(default)]
    pub approval: Approval,
    /// Where the people roster lives, relative to the root.
    #[serde(default = "default_roster")]
    pub roster: String,
}

fn default_roster() -> String {
    "roster.yaml".to_owned()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    #[serde(default = "default_title")]
    pub title: String,
    /// Canonical address of the published site; shown as each document's location.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    /// Where the output goes, relative to the root, unless `--out` says otherwise.
    #[serde(default = "default_out")]
    pub output_dir: String,
}

fn default_title() -> String {
    "Controlled documents".to_owned()
}
fn default_language() -> String {
    "en".to_owned()
}
fn default_out() -> String {
    "public".to_owned()
}

impl Default for Site {
    fn default() -> Self {
        Site {
            title: default_title(),
            base_url: None,
            description: None,
            language: default_language(),
            output_dir: default_out(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// Folder relative to the root (`.` for the root itself).
    pub path: String,
    /// A free word: policy, sop, record ...
    pub kind: String,
    #[serde(default)]
    pub title: Option<String>,
}

impl Collection {
    pub fn display_title(&self) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| match self.kind.as_str() {
                "policy" => "Policies".to_owned(),
                "sop" => "Standard operating procedures".to_owned(),
                "document" => "Documents".to_owned(),
                other => {
                    let mut s = other.to_owned();
                    if let Some(c) = s.get_mut(..1) {
                        c.make_ascii_uppercase();
                    }
                    format!("{s}s")
                }
            })
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Default review period of documents that state none.
    #[serde(default, deserialize_with = "period")]
    pub period: Option<Period>,
    #[serde(default, deserialize_with = "period")]
    pub warn_before: Option<Period>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    #[serde(default = "one")]
    pub min_approvers: u32,
    #[serde(default = "yes")]
    pub separation_of_duties: bool,
    /// Kind -> roles allowed to approve documents of that kind.
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
}

fn one() -> u32 {
    1
}
fn yes() -> bool {
    true
}

impl Default for Approval {
    fn default() -> Self {
        Approval {
            min_approvers: 1,
            separation_of_duties: true,
            roles: BTreeMap::new(),
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

impl Config {
    /// Pure: parse the text of `charta.toml`. Errors name the line and the key.
    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    pub fn from_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Config::parse(&text)
            .map_err(|e| anyhow::anyhow!("{}", e.trim_end()))
            .with_context(|| format!("{} is not a valid configuration", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_parses() {
        let c = Config::parse(
            r#"
[site]
title = "Northwind Health ISMS"
base_url = "https://isms.example.com/"

[[collections]]
path = "policies"
kind = "policy"
title = "Policies"

[review]
period = "12 months"
warn_before = "30 days"

[approval]
min_approvers = 1
separation_of_duties = true
[approval.roles]
policy = ["CEO", "IG Lead"]
"#,
        )
        .unwrap();
        assert_eq!(c.site.title, "Northwind Health ISMS");
        assert_eq!(c.collections[0].kind, "policy");
        assert_eq!(c.review.period.unwrap().text, "12 months");
        assert_eq!(c.approval.roles["policy"], ["CEO", "IG Lead"]);
    }

    #[test]
    fn the_readme_example_is_valid() {
        let readme = include_str!("../README.md");
        let start = readme.find("```toml\n").expect("a toml block") + 8;
        let block = &readme[start..];
        let block = &block[..block.find("```").expect("closed")];
        let c = Config::parse(block).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.roster, "roster.yaml");
        assert_eq!(c.site.output_dir, "public");
    }

    #[test]
    fn unknown_keys_and_bad_periods_name_the_line() {
        let err = Config::parse("[site]\ntitle = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert!(err.contains("line 3") && err.contains("titel"), "{err}");
        let err = Config::parse("[review]\nperiod = \"soonish\"\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("soonish"), "{err}");
    }
}
