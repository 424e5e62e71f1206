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
    /// `robots.txt` of your own); the site's own pages win over a file of the same name. None
    /// unless charta.toml names one.
    #[serde(default)]
    pub static_dir: String,
    /// The repository's address on its forge (GitHub, GitLab, Gitea, Forgejo): each document's
    /// page links to its source and to the forge's editor.
    #[serde(default)]
    pub repo_url: Option<String>,
    /// The branch those links name.
    #[serde(default = "default_branch")]
    pub repo_branch: String,
    /// The forge's kind, when its host name does not say (a GitLab or GitHub Enterprise of your
    /// own): `github`, `gitlab` or `gitea` (also Forgejo and Codeberg).
    #[serde(default)]
    pub repo_forge: Option<Forge>,
    /// What a document's page says of its findings: `all` (each, in plain words, with the
    /// technical detail folded), `summary` (how many, and a link to the findings page) or
    /// `hidden` (nothing: a site for staff, whose badge in the register still shows the state).
    #[serde(default)]
    pub findings: FindingsShown,
    /// Where the root is inside the git repository (`isms`; "" at its top), for the forge's
    /// links: found from git, not configured.
    #[serde(skip)]
    pub repo_folder: String,
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
            static_dir: String::new(),
            repo_url: None,
            repo_branch: default_branch(),
            repo_forge: None,
            findings: FindingsShown::All,
            repo_folder: String::new(),
            url_path: String::new(),
            url_origin: String::new(),
        }
    }
}

/// How much of its findings a document's page shows (`[site] findings`). `hidden` publishes
/// none: no findings on the pages, no findings page or link to it, none in `register.json`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FindingsShown {
    #[default]
    All,
    Summary,
    Hidden,
}

/// The forge a `repo_url` is on, which decides the form of its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Forge {
    GitHub,
    GitLab,
    /// Gitea, Forgejo, Codeberg: the form they share.
    Gitea,
}

/// Image types an icon or a logo may be (an SVG goes inside the pages).
const IMAGES: &[&str] = &["png", "ico", "jpg", "jpeg", "gif", "webp", "avif", "svg"];

/// `rel` without `.` and empty names: `./static//img` is `static/img`.
fn clean(rel: &str) -> String {
    rel.split('/').filter(|name| !matches!(*name, "" | ".")).collect::<Vec<_>>().join("/")
}

/// Whether `a` is `b` or a folder holding it (both clean).
fn holds(a: &str, b: &str) -> bool {
    a == b || b.strip_prefix(a).is_some_and(|rest| rest.starts_with('/'))
}

impl Site {
    /// The files and folder it names, without `.` and empty names (as the site publishes them).
    pub fn normalise(&mut self) {
        self.static_dir = clean(&self.static_dir);
        for file in self.favicon.iter_mut().chain(&mut self.logo).chain(&mut self.extra_css) {
            *file = clean(file);
        }
    }

    /// The publishing settings that cannot stand, as (key, value, why): a static folder that is
    /// the root, hidden (`.git` holds the CI job's token), or one with the output or the cache;
    /// an icon or a logo that is no image; a style sheet that is not `.css`.
    pub fn check(&self, output: &str, cache: &str) -> Result<(), (&'static str, String, String)> {
        let hidden = |rel: &str| rel.split('/').any(|name| name.starts_with('.') && name != "..");
        let dir = self.static_dir.as_str();
        let refuse = |key, value: &str, why: &str| Err((key, value.to_owned(), why.to_owned()));
        if !dir.is_empty() {
            if hidden(dir) {
                return refuse(
                    "site.static_dir",
                    dir,
                    "is hidden: nothing hidden is published; name a visible folder such as `static`",
                );
            }
            let (output, cache) = (clean(output), clean(cache));
            if [&output, &cache].iter().any(|o| holds(dir, o) || holds(o, dir)) {
                return refuse(
                    "site.static_dir",
                    dir,
                    "holds the output or the build cache, or is inside one; name a folder of its own such as `static`",
                );
            }
        }
        for (key, file) in self.named_files() {
            let ending = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
            let fits =
                if key == "site.extra_css" { ending == "css" } else { IMAGES.contains(&ending.as_str()) };
            if !fits {
                let what = if key == "site.extra_css" {
                    "a `.css` style sheet"
                } else {
                    "an image (PNG, ICO, JPEG, GIF, WebP, AVIF or SVG)"
                };
                return refuse(key, file, &format!("is not {what}; name one"));
            }
        }
        Ok(())
    }

    /// Where a file `[site]` names (`favicon`, `logo`, `extra_css`) is published: under
    /// `assets/site/`, by its name. The one place both the copy and the pages' links come from.
    pub fn published_as(file: &str) -> String {
        format!("assets/site/{}", file.rsplit('/').next().unwrap_or(file))
    }

    /// The files `[site]` names for every page (icon, logo, extra style sheets), each with its
    /// key, as written (root-relative).
    pub fn named_files(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        out.extend(self.favicon.as_deref().map(|f| ("site.favicon", f)));
        out.extend(self.logo.as_deref().map(|f| ("site.logo", f)));
        out.extend(self.extra_css.iter().map(|f| ("site.extra_css", f.as_str())));
        out
    }

    /// The repository's address (without `.git` or a trailing `/`) and its forge, from
    /// `repo_url` and `repo_forge` (else guessed from the host); None without a `repo_url`, or
    /// with one that is no http address.
    fn forge(&self) -> Option<(String, Forge)> {
        let url = url::Url::parse(self.repo_url.as_deref()?)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))?;
        let host = url.host_str().unwrap_or_default();
        let forge = if let Some(forge) = self.repo_forge {
            forge
        } else if host.contains("github") {
            Forge::GitHub
        } else if host.contains("gitlab") {
            Forge::GitLab
        } else {
            Forge::Gitea
        };
        Some((url.as_str().trim_end_matches('/').trim_end_matches(".git").to_owned(), forge))
    }

    /// Where a commit's page on the forge starts: a commit's full id after it is its address
    /// (`https://github.com/o/r/commit/`). None without a `repo_url`.
    pub fn commit_base(&self) -> Option<String> {
        let (repo, forge) = self.forge()?;
        Some(match forge {
            Forge::GitHub | Forge::Gitea => format!("{repo}/commit/"),
            Forge::GitLab => format!("{repo}/-/commit/"),
        })
    }

    /// The links of the file `path` (root-relative) on the forge: (its source, its editor).
    /// None without a `repo_url`, or with one that is no http address.
    pub fn forge_links(&self, path: &str) -> Option<(String, String)> {
        let (repo, forge) = self.forge()?;
        let encode = |s: &str| crate::links::href(s);
        let path = if self.repo_folder.is_empty() {
            path.to_owned()
        } else {
            format!("{}/{path}", self.repo_folder)
        };
        let (branch, path) = (encode(&self.repo_branch), encode(&path));
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
