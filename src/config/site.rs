//! Configuration: `[site]`, where and how the site is published.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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
    /// Ask search engines to leave the site out: a robots meta tag on every page, and a
    /// `robots.txt` that disallows every address (most ISMS sites are internal).
    #[serde(default)]
    pub noindex: bool,
    /// An image of the repository shown as the site's icon in browser tabs.
    #[serde(default)]
    pub favicon: Option<String>,
    /// An image of the repository shown in the header before the site's title.
    #[serde(default)]
    pub logo: Option<String>,
    /// Style sheets of the repository, linked on every page after the theme's.
    #[serde(default)]
    pub extra_css: Vec<String>,
    /// A folder whose files are published as they are at the site's root (a `CNAME`, images, a
    /// `robots.txt` of your own); the site's own pages win over a file of the same name.
    #[serde(default = "default_static")]
    pub static_dir: String,
    /// The repository's address on its forge (GitHub, GitLab, Gitea, Forgejo): each document's
    /// page links to its source and to the forge's editor.
    #[serde(default)]
    pub repo_url: Option<String>,
    /// The branch those links name.
    #[serde(default = "default_branch")]
    pub repo_branch: String,
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
fn default_static() -> String {
    "static".to_owned()
}
fn default_branch() -> String {
    "main".to_owned()
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
            noindex: false,
            favicon: None,
            logo: None,
            extra_css: Vec::new(),
            static_dir: default_static(),
            repo_url: None,
            repo_branch: default_branch(),
            url_path: String::new(),
            url_origin: String::new(),
        }
    }
}

/// The forge a `repo_url` is on, which decides the form of its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forge {
    GitHub,
    GitLab,
    /// Gitea, Forgejo, Codeberg: the form they share.
    Gitea,
}

impl Site {
    /// The files `[site]` names for every page (icon, logo, extra style sheets), each with its
    /// key, as written (root-relative).
    pub fn named_files(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        out.extend(self.favicon.as_deref().map(|f| ("site.favicon", f)));
        out.extend(self.logo.as_deref().map(|f| ("site.logo", f)));
        out.extend(self.extra_css.iter().map(|f| ("site.extra_css", f.as_str())));
        out
    }

    /// The links of the file `path` (root-relative) on the forge: (its source, its editor).
    /// None without a `repo_url`, or with one that is no http address.
    pub fn forge_links(&self, path: &str) -> Option<(String, String)> {
        let url = url::Url::parse(self.repo_url.as_deref()?)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))?;
        let host = url.host_str().unwrap_or_default();
        let forge = if host.contains("github") {
            Forge::GitHub
        } else if host.contains("gitlab") {
            Forge::GitLab
        } else {
            Forge::Gitea
        };
        let repo = url.as_str().trim_end_matches('/').trim_end_matches(".git");
        let encode = |s: &str| crate::links::href(s);
        let (branch, path) = (encode(&self.repo_branch), encode(path));
        Some(match forge {
            Forge::GitHub => (format!("{repo}/blob/{branch}/{path}"), format!("{repo}/edit/{branch}/{path}")),
            Forge::GitLab => {
                (format!("{repo}/-/blob/{branch}/{path}"), format!("{repo}/-/edit/{branch}/{path}"))
            }
            Forge::Gitea => {
                (format!("{repo}/src/branch/{branch}/{path}"), format!("{repo}/_edit/{branch}/{path}"))
            }
        })
    }
}
