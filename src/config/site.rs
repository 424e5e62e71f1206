//! Configuration: `[site]`, where and how the site is published.

use serde::Deserialize;

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
    /// The build cache (reused pages), relative to the root; `charta build --no-cache` ignores it.
    #[serde(default = "default_cache")]
    pub cache_dir: String,
    /// The folder a link from the root (`/handbook/x/`) names a file in: "" for the repository's
    /// root, `content` for a Hugo site.
    #[serde(default)]
    pub links_root: String,
    /// The path of `base_url`, without its slashes: a link from the root may start with it.
    #[serde(skip)]
    pub url_path: String,
    /// The scheme, host and port of `base_url`: where a link from the root out of the site goes.
    #[serde(skip)]
    pub url_origin: String,
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
fn default_cache() -> String {
    ".charta-cache".to_owned()
}

impl Default for Site {
    fn default() -> Self {
        Site {
            title: default_title(),
            base_url: None,
            description: None,
            language: default_language(),
            output_dir: default_out(),
            cache_dir: default_cache(),
            links_root: String::new(),
            url_path: String::new(),
            url_origin: String::new(),
        }
    }
}
