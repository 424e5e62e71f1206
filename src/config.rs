//! Configuration: `charta.toml`, parsed strictly (an unknown key is an error naming its line).

use crate::finding::{Rule, Severity};
use crate::frontmatter::schema;
use crate::source::LineIndex;
pub use crate::waiver::Waiver;
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const FILE_NAME: &str = "charta.toml";

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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
    /// Whether charta.toml names the roster itself (then it must exist), rather than leaving
    /// the default, which a repository without people may lack.
    #[serde(skip)]
    pub roster_named: bool,
    /// Read from a file given with `-c`, not the root's charta.toml: what the history says of
    /// the root's charta.toml (its review period at each commit) is not this file's.
    #[serde(skip)]
    pub given: bool,
    /// The line of `[review] period` (the `[review]` table's when it sets none; 0 without one).
    #[serde(skip)]
    pub review_period_line: u32,
    /// The line of each `[[collections]]` table, in order: where findings about it point.
    #[serde(skip)]
    pub collection_lines: Vec<u32>,
    /// Rule id -> severity, overriding the catalogue's default.
    #[serde(default)]
    pub rules: BTreeMap<String, Severity>,
    /// Kind (or `default`, for every kind) -> fields documents of that kind must have.
    #[serde(default)]
    pub required_fields: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub history: HistoryConfig,
    /// Approval evidence from the code chain: signed commits and approvers' own signatures.
    #[serde(default)]
    pub evidence: Evidence,
    /// Control frameworks and their controls, for the controls page: a declared control no
    /// document maps to is listed as unmapped.
    #[serde(default)]
    pub frameworks: Vec<Framework>,
    /// An organisation's own names for charta's fields.
    #[serde(default)]
    pub fields: Fields,
    /// Documented, time-boxed exceptions to rules.
    #[serde(default, deserialize_with = "crate::waiver::spanned")]
    pub waivers: Vec<Waiver>,
    /// Files and folders that are never documents, in `.gitignore` syntax from the root
    /// (`vendor/`, `drafts/**/*.md`), besides what the repository's ignore files ignore.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// How git history is used: release tags to snapshot, how many past versions to render.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryConfig {
    /// Read git history at all.
    #[serde(default = "review::yes")]
    pub enabled: bool,
    /// Tags built as whole-site snapshots under `releases/<tag>/` (a glob).
    #[serde(default = "default_releases")]
    pub releases: String,
    /// Most past versions of one document rendered as archived pages (the newest ones).
    #[serde(default = "default_max_versions")]
    pub max_versions: usize,
}

fn default_releases() -> String {
    "v*".to_owned()
}
fn default_max_versions() -> usize {
    50
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig { enabled: true, releases: default_releases(), max_versions: default_max_versions() }
    }
}

/// The fields required when charta.toml says nothing.
pub const DEFAULT_REQUIRED: &[&str] = &["id", "title", "owner", "version", "status"];

fn default_roster() -> String {
    "roster.yaml".to_owned()
}

/// `line N: ` for the line of `text` that sets `key` to `value`: the key's last part, `=`, then
/// the value (not a title or a comment that happens to hold the same words); "" when none does.
fn line_setting(text: &str, key: &str, value: &str) -> String {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    text.lines()
        .position(|l| {
            l.trim_start().strip_prefix(leaf).is_some_and(|rest| rest.trim_start().starts_with('='))
                && l.contains(value)
        })
        .map_or_else(String::new, |i| format!("line {}: ", i + 1))
}

/// With no charta.toml: the same values an empty charta.toml gives.
impl Default for Config {
    fn default() -> Self {
        toml::from_str("").unwrap_or_else(|_| unreachable!("an empty configuration is valid"))
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// Folder relative to the root (`.` for the root itself).
    pub path: String,
    /// A free word: policy, sop, record ...
    pub kind: String,
    #[serde(default)]
    pub title: Option<String>,
    /// A regular expression every id the collection's documents state must match (`document/id-pattern`).
    #[serde(default)]
    pub id_pattern: Option<String>,
    /// Whether each document's file name must hold its id (`document/id-not-in-file-name`).
    #[serde(default)]
    pub id_in_file_name: bool,
}

impl Collection {
    /// A collection's folder as charta compares paths with it: `./sop/`, `sop//` and `sop` are
    /// all `sop`, and the root (`./`, ``) is `.`. Every path of a document is written this way
    /// (no `.` part, no empty part), so a folder written otherwise would hold none of them: its
    /// documents were found by the walk but lost their git history, their release snapshots and
    /// their removed versions. A `..` is kept, and so is a path from `/`, for the check that a
    /// folder is inside the root to refuse.
    pub fn folder(path: &str) -> String {
        if path.starts_with('/') {
            return path.to_owned();
        }
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
        if parts.is_empty() { ".".to_owned() } else { parts.join("/") }
    }

    pub fn display_title(&self) -> String {
        self.title.clone().unwrap_or_else(|| match self.kind.as_str() {
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

impl Config {
    /// `exclude` as a matcher of paths under `root` (checked when the file was parsed).
    pub fn excluded(&self, root: &Path) -> ignore::gitignore::Gitignore {
        crate::load::ignores::exclude(root, &self.exclude)
            .unwrap_or_else(|_| ignore::gitignore::Gitignore::empty())
    }

    /// Pure: parse the text of `charta.toml`. Errors name the line and the key.
    pub fn parse(text: &str) -> Result<Config, String> {
        let mut config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.roster_named = toml::from_str::<toml::Table>(text).is_ok_and(|t| t.contains_key("roster"));
        let lines = LineIndex::new(text);
        if let Some(given) = config.site.base_url.take() {
            // Written as given into every page, the feed, the sitemap and the calendar: only a
            // web address, as the URL standard writes it (nothing raw, no `javascript:`).
            let url = url::Url::parse(&given).ok().filter(|u| {
                matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
            });
            let Some(url) = url else {
                let line = (1..).zip(text.lines()).find(|(_, l)| l.trim_start().starts_with("base_url"));
                let at = line.map_or_else(String::new, |(n, _)| format!("line {n}: "));
                return Err(format!(
                    "{at}`base_url` must be a web address starting with https:// or http://, such as \
                     \"https://isms.example.org/\"; it is {}",
                    crate::escape::visible(&format!("{given:?}"))
                ));
            };
            config.site.base_url = Some(url.as_str().to_owned());
            config.site.url_path = percent_encoding::percent_decode_str(url.path())
                .decode_utf8_lossy()
                .trim_matches('/')
                .to_owned();
            config.site.url_origin = url.origin().ascii_serialization().replace("null", "");
        }
        for c in &mut config.collections {
            c.path = Collection::folder(&c.path);
        }
        config.collection_lines = (1..)
            .zip(text.lines())
            .filter(|(_, l)| l.trim_start().starts_with("[[collections]]"))
            .map(|(n, _)| n)
            .collect();
        config.review_period_line = {
            let table = (1..).zip(text.lines()).find(|(_, l)| l.trim() == "[review]").map(|(n, _)| n);
            let period = table.and_then(|t| {
                (1..)
                    .zip(text.lines())
                    .skip(t as usize)
                    .take_while(|(_, l)| !l.trim_start().starts_with('['))
                    .find(|(_, l)| {
                        l.trim_start().strip_prefix("period").is_some_and(|r| r.trim_start().starts_with('='))
                    })
            });
            period.map(|(n, _)| n).or(table).unwrap_or(0)
        };
        config.evidence.release_branch_line = (1..)
            .zip(text.lines())
            .find(|(_, l)| l.trim_start().starts_with("release_branch"))
            .map_or(0, |(n, _)| n);
        config.approval.find_role_lines(text);
        for waiver in &mut config.waivers {
            waiver.line = lines.line(waiver.line as usize);
        }
        crate::load::ignores::exclude(Path::new(""), &config.exclude).map_err(|e| {
            let line = (1..).zip(text.lines()).find(|(_, l)| l.trim_start().starts_with("exclude"));
            line.map_or(e.clone(), |(n, _)| format!("line {n}: {e}"))
        })?;
        for id in config.rules.keys() {
            if Rule::from_id(id).is_none() {
                return Err(format!("[rules]: there is no rule `{id}`; `charta rules` lists them"));
            }
        }
        for w in &config.waivers {
            if Rule::from_id(&w.rule).is_none() {
                return Err(format!(
                    "line {}: the waiver names no known rule `{}`; `charta rules` lists them",
                    w.line, w.rule
                ));
            }
            if w.expires().is_none() {
                return Err(format!(
                    "line {}: a waiver's `expires` must be a date such as 2026-12-31",
                    w.line
                ));
            }
        }
        for (key, value) in [
            ("site.output_dir", &config.site.output_dir),
            ("site.cache_dir", &config.site.cache_dir),
            ("site.static_dir", &config.site.static_dir),
        ] {
            // No static folder at all is the default; an output or a cache folder always is one.
            let unset = key == "site.static_dir" && value.is_empty();
            if !unset && crate::confine::is_inside(value) && !crate::confine::is_below(value) {
                return Err(format!(
                    "{key} = \"{value}\" names the repository's own folder; name a folder inside it, such as \"public\""
                ));
            }
        }
        for (key, value) in config.paths() {
            if !crate::confine::is_inside(value) {
                let at = line_setting(text, key, value);
                let what = if key == "roster"
                    || key.starts_with("site.") && !key.ends_with("_dir") && key != "site.links_root"
                {
                    "a file"
                } else {
                    "a folder"
                };
                return Err(format!(
                    "{at}{key} = \"{value}\" is outside the repository: charta reads and writes only \
                     inside it; name {what} inside the repository (a site elsewhere is written with --out)"
                ));
            }
        }
        // git's own folder holds a CI job's credentials (`actions/checkout` keeps its token in
        // `.git/config`): nothing of it is read as a roster or documents, nor quoted in an error.
        for (key, value) in config.paths() {
            if value.split('/').any(|name| name.eq_ignore_ascii_case(".git")) {
                let at = line_setting(text, key, value);
                return Err(format!(
                    "{at}{key} = \"{}\" is inside `.git`, git's own folder, which holds no file of \
                     the repository (and may hold a CI job's credentials); name a place outside it",
                    crate::escape::visible(value)
                ));
            }
        }
        config.site.normalise();
        if let Err((key, value, why)) = config.site.check(&config.site.output_dir, &config.site.cache_dir) {
            return Err(format!(
                "{}{key} = \"{}\" {why}",
                line_setting(text, key, &value),
                crate::escape::visible(&value)
            ));
        }
        config.fields.check(text)?;
        for (i, c) in config.collections.iter().enumerate() {
            if let Some(pattern) = &c.id_pattern
                && let Err(e) = crate::rules::document::id_regex(pattern)
            {
                let line = config.collection_lines.get(i).map_or_else(String::new, |l| format!("line {l}: "));
                return Err(format!(
                    "{line}the collection `{}` has an id_pattern that is not a regular expression: {e}",
                    crate::escape::visible(&c.path)
                ));
            }
        }
        for (kind, fields) in &config.required_fields {
            if let Some(f) = fields.iter().find(|f| !schema::requirable().any(|r| r == f.as_str())) {
                return Err(format!(
                    "[required_fields] {kind}: `{f}` is not a field charta can require; use some of: {}",
                    schema::requirable().collect::<Vec<_>>().join(", ")
                ));
            }
        }
        Ok(config)
    }

    /// The settings that name a place in the repository, with their keys.
    pub fn paths(&self) -> Vec<(&'static str, &str)> {
        let mut out = vec![
            ("site.output_dir", self.site.output_dir.as_str()),
            ("site.cache_dir", self.site.cache_dir.as_str()),
            ("roster", self.roster.as_str()),
            ("site.links_root", self.site.links_root.as_str()),
            ("site.static_dir", self.site.static_dir.as_str()),
        ];
        out.extend(self.site.named_files());
        out.extend(self.collections.iter().map(|c| ("collections.path", c.path.as_str())));
        out
    }

    /// Read the paths it names from `folder` (root-relative) rather than from the root: those of
    /// a configuration file in that folder, which name places relative to itself.
    pub fn rebase(&mut self, folder: &str) {
        let folder = folder.trim_matches('/');
        if folder.is_empty() || folder == "." {
            return;
        }
        let join = |value: &mut String| {
            let joined = crate::links::resolve(crate::links::Root::default(), &format!("{folder}/x"), value);
            *value = joined.unwrap_or_else(|| format!("{folder}/{value}"));
        };
        join(&mut self.site.output_dir);
        join(&mut self.site.cache_dir);
        join(&mut self.roster);
        if !self.site.links_root.is_empty() {
            join(&mut self.site.links_root);
        }
        if !self.site.static_dir.is_empty() {
            join(&mut self.site.static_dir);
        }
        for file in self.site.favicon.iter_mut().chain(&mut self.site.logo).chain(&mut self.site.extra_css) {
            join(file);
        }
        for c in &mut self.collections {
            join(&mut c.path);
        }
    }

    /// The severity of a rule here: `[rules]`, else the catalogue's default.
    pub fn severity(&self, rule: Rule) -> Severity {
        self.rules.get(rule.id()).copied().unwrap_or(rule.default_severity())
    }

    pub fn from_file(path: &Path) -> Result<Config> {
        let text =
            crate::load::read_whole(path).with_context(|| format!("cannot read {}", path.display()))?;
        Config::parse(&text)
            .map_err(|e| anyhow::anyhow!("{}", e.trim_end()))
            .with_context(|| format!("{} is not a valid configuration", path.display()))
    }
}

mod evidence;
mod fields;
mod frameworks;
mod required;
pub use required::by_kind;
mod review;
mod site;
pub use evidence::Evidence;
pub use fields::Fields;
pub use frameworks::{Control, DeclaredControl, Framework};
pub use review::{Approval, DEFAULT_REVIEW_PERIOD, Review};
pub use site::{FindingsShown, Site};
#[cfg(test)]
mod tests;
