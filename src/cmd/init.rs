//! `charta init`: make a folder a charta repository (configuration, roster, collection folders).

use crate::cmd::new::scalar;
use crate::cmd::write_new;
use crate::config::{self, Config};
use crate::roster::Roster;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

pub struct Options<'a> {
    /// The folder to set up (made when missing).
    pub dir: &'a Path,
    /// The site's title [default: the folder's name].
    pub title: Option<&'a str>,
    /// The first person of the roster [default: git's user.name and user.email].
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
}

/// What was written, relative to the folder, in order.
#[derive(Debug)]
pub struct Initialised {
    pub written: Vec<String>,
    /// The roster id of the person written into the roster (None when a roster was there).
    pub person: Option<String>,
    /// The documents the folder held already, and the collections written to read them (None:
    /// it held none, and `policies/` and `sop/` were made).
    pub found: Option<super::adopt::Found>,
}

/// Where `init` puts the JSON Schemas of charta.toml, roster.yaml and front matter: committed
/// with the repository, so every editor of it finds them, and never published (it is hidden).
pub const SCHEMAS: &str = ".charta/schemas";

/// The folder above `dir` whose charta.toml sets it up already: the nearest, looking up to the
/// top of the git repository that holds `dir` (not beyond: another repository's is its own);
/// none outside git. `dir` is taken where it is, `..` and links resolved.
fn set_up_above(dir: &Path) -> Option<PathBuf> {
    let here = resolved(dir)?;
    let top = here.ancestors().find(|a| a.join(".git").exists())?;
    here.ancestors()
        .skip(1)
        .take_while(|a| a.starts_with(top))
        .find(|a| a.join(config::FILE_NAME).is_file())
        .map(Path::to_owned)
}

/// `dir` as an absolute path with its links and `..` resolved: its nearest folder that exists,
/// canonical, then the rest (folders `init` makes).
fn resolved(dir: &Path) -> Option<PathBuf> {
    let mut existing = std::path::absolute(dir).ok()?;
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.components().next_back()?.as_os_str().to_owned());
        if !existing.pop() {
            return None;
        }
    }
    let mut here = existing.canonicalize().ok()?;
    for part in rest.iter().rev() {
        match part.to_str() {
            Some("..") => {
                here.pop();
            }
            Some(".") => {}
            _ => here.push(part),
        }
    }
    Some(here)
}

/// The collections of a folder that holds no document yet: made, each with a `.gitkeep`.
const COLLECTIONS: &[(&str, &str, &str)] =
    &[("policies", "policy", "Policies"), ("sop", "sop", "Standard operating procedures")];

pub fn run(opts: &Options) -> Result<Initialised> {
    let dir = opts.dir;
    let config_path = dir.join(config::FILE_NAME);
    if config_path.exists() {
        bail!(
            "{} already exists: this folder is set up; edit it, or run `charta check`",
            config_path.display()
        );
    }
    // The folder's own name (`.` is named by the current folder; a new folder by its path).
    let absolute = std::env::current_dir().map(|cwd| cwd.join(dir)).unwrap_or_else(|_| dir.to_owned());
    if let Some(set_up) = set_up_above(&absolute) {
        bail!(
            "{} already sets up {}, which holds this folder: a second charta.toml here would make a site inside that one's; run charta there (`charta check --root {1}`), or add this folder to its [[collections]]",
            crate::escape::visible(&set_up.join(config::FILE_NAME).display().to_string()),
            crate::escape::visible(&set_up.display().to_string())
        );
    }
    let folder_name = absolute
        .canonicalize()
        .unwrap_or(absolute)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Controlled documents".to_owned());
    let title = opts.title.map(str::trim).filter(|t| !t.is_empty()).unwrap_or(&folder_name);

    // Everything is decided and checked before the first file is written.
    let roster_path = dir.join("roster.yaml");
    let person = if roster_path.exists() {
        None
    } else {
        let (name, email) = who(dir, opts)?;
        let id = person_id(&name, &email);
        let text = roster(&id, &name, &email)?;
        Roster::parse(&text)
            .map_err(anyhow::Error::msg)
            .context("the roster charta would write does not parse")?;
        Some((id, text))
    };
    // The documents the folder holds already are read where they are: no empty folders beside
    // them, which the first `charta check` would find empty (`source/no-documents`).
    // A folder of the repository's own where the site would go (a site generator's `public/`)
    // is never replaced by a build: the site goes beside it.
    let default_out = Config::default().site.output_dir;
    let taken = dir.join(&default_out).exists() && !dir.join(&default_out).join(".charta-site").exists();
    let output_dir = if taken { "_site".to_owned() } else { default_out };
    let found = super::adopt::found(dir, &output_dir);
    let collections: Vec<(String, &str, &str)> = match &found {
        Some(found) => found.collections.iter().map(|c| (c.path.clone(), c.kind, c.title)).collect(),
        None => COLLECTIONS.iter().map(|(path, kind, title)| ((*path).to_owned(), *kind, *title)).collect(),
    };
    let excluded = found.as_ref().map_or(&[][..], |f| f.excluded.as_slice());
    let text = configuration(title, &collections, excluded, taken.then_some(output_dir.as_str()));
    let config = Config::parse(&text)
        .map_err(anyhow::Error::msg)
        .context("the charta.toml charta would write does not parse")?;
    // What a build writes, as the configuration just made places it.
    let ignored = [format!("{}/", config.site.output_dir), format!("{}/", config.site.cache_dir)];

    // The schemas' folder: inside the folder set up (no symbolic link on the way), with none of
    // the files there yet, so nothing is overwritten.
    let schemas = crate::confine::join(dir, SCHEMAS, "the schemas folder")?;
    if let Some((name, _)) = crate::schemas::FILES.iter().find(|(name, _)| schemas.join(name).exists()) {
        bail!(
            "{} already exists; move it away, or write it with `charta schema`",
            schemas.join(name).display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let mut written = Vec::new();
    if let Some((_, roster)) = &person {
        write_new(&roster_path, roster)?;
        written.push("roster.yaml".to_owned());
    }
    let person = person.map(|(id, _)| id);
    write_new(&config_path, &text)?;
    written.insert(0, config::FILE_NAME.to_owned());
    // The schemas the first lines of charta.toml and roster.yaml name, for editors.
    std::fs::create_dir_all(&schemas).with_context(|| format!("cannot create {}", schemas.display()))?;
    for (name, schema) in crate::schemas::FILES {
        let mut json = serde_json::to_string_pretty(&schema()).context("cannot write a schema")?;
        json.push('\n');
        write_new(&schemas.join(name), &json)?;
    }
    written.push(format!("{SCHEMAS}/"));
    for (folder, _, _) in COLLECTIONS.iter().filter(|_| found.is_none()) {
        let path = dir.join(folder);
        if !path.is_dir() {
            std::fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
            // git keeps no empty folder: without a file in it, a fresh clone has no `sop/`, and
            // charta.toml would name a folder that is not there (hidden, it is no document).
            write_new(&path.join(".gitkeep"), "")?;
            written.push(format!("{folder}/"));
        }
    }
    if ignore(dir, &ignored)? {
        written.push(".gitignore".to_owned());
    }
    Ok(Initialised { written, person, found })
}

/// The first person: `--name` and `--email`, else git's `user.name` and `user.email`.
fn who(dir: &Path, opts: &Options) -> Result<(String, String)> {
    let from_git = |key: &str| crate::history::setting(dir, key);
    let name = opts.name.map(str::to_owned).or_else(|| from_git("user.name"));
    let email = opts.email.map(str::to_owned).or_else(|| from_git("user.email"));
    match (name, email) {
        (Some(name), Some(email)) if !name.trim().is_empty() && email.contains('@') => {
            Ok((name.trim().to_owned(), email.trim().to_owned()))
        }
        _ => bail!(
            "who keeps these documents? pass --name and --email (git's user.name and user.email are not both set); they become the roster's first person"
        ),
    }
}

/// A roster id from the e-mail's local part (`priya.raman@` -> `priya.raman`), else the name.
fn person_id(name: &str, email: &str) -> String {
    let local = email.split('@').next().unwrap_or("");
    let pick = |s: &str| -> String {
        s.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-').collect()
    };
    let id = pick(local);
    let id = id.trim_matches(['.', '-']).to_owned();
    if id.is_empty() { pick(&name.replace(' ', ".")) } else { id }
}

fn roster(id: &str, name: &str, email: &str) -> Result<String> {
    Ok(format!(
        "# yaml-language-server: $schema=./{SCHEMAS}/roster.schema.json\n\
         # The people who write, own and approve documents, and the roles they hold.\n\
         # Documents name people by id, name, e-mail or alias; [approval.roles] in charta.toml\n\
         # names the roles allowed to approve each kind of document.\n\
         people:\n  - id: {}\n    name: {}\n    email: {}\n    roles: []\n",
        scalar(id)?,
        scalar(name)?,
        scalar(email)?
    ))
}

fn configuration(
    title: &str,
    collections: &[(String, &str, &str)],
    excluded: &[String],
    output_dir: Option<&str>,
) -> String {
    let mut text = format!(
        "#:schema ./{SCHEMAS}/charta.schema.json\n\
         # charta's configuration; the README's `charta.toml` section describes every key.\n"
    );
    if !excluded.is_empty() {
        let patterns: Vec<String> =
            excluded.iter().map(|p| toml::Value::String(p.clone()).to_string()).collect();
        text.push_str(&format!(
            "# The repository's own files, not controlled documents.\nexclude = [{}]\n",
            patterns.join(", ")
        ));
    }
    text.push_str(&format!(
        "\n[site]\ntitle = {}\n# base_url = \"https://isms.example.org/\"   # shown as each document's location\n",
        toml::Value::String(title.to_owned())
    ));
    if let Some(out) = output_dir {
        text.push_str(&format!(
            "output_dir = {}   # `public/` holds the repository's own files\n",
            toml::Value::String(out.to_owned())
        ));
    }
    for (path, kind, title) in collections {
        text.push_str(&format!(
            "\n[[collections]]\npath = {}\nkind = \"{kind}\"\ntitle = \"{title}\"\n",
            toml::Value::String(path.clone())
        ));
    }
    text.push_str(
        "\n[review]\nperiod = \"12 months\"      # when a document states no review_period\n\
         warn_before = \"30 days\"   # reviews due this soon are warnings\n\
         \n[approval]\nmin_approvers = 1\nseparation_of_duties = true   # nobody approves what they wrote\n\
         # [approval.roles]\n# policy = [\"Security Lead\"]   # roles of roster.yaml allowed to approve\n",
    );
    text
}

/// Add the site and the build cache (`ignored`) to `.gitignore` (made when missing); whether it
/// changed.
fn ignore(dir: &Path, ignored: &[String]) -> Result<bool> {
    let path = dir.join(".gitignore");
    // A `.gitignore` committed as a link (to a file outside) is neither read nor written through.
    crate::confine::own_file(&path).with_context(|| format!("cannot add to {}", path.display()))?;
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let missing: Vec<&String> =
        ignored.iter().filter(|entry| !existing.lines().any(|l| l.trim() == entry.as_str())).collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# charta: the built site and the build cache\n");
    for entry in missing {
        text.push_str(entry);
        text.push('\n');
    }
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

/// `charta init` from its command line: set up the folder and say what was written.
pub fn main(args: crate::cli::InitArgs) -> Result<std::process::ExitCode> {
    use std::io::Write as _;
    let opts = Options {
        dir: &crate::confine::given(&args.dir, "the folder to set up")?,
        title: args.title.as_deref(),
        name: args.name.as_deref(),
        email: args.email.as_deref(),
    };
    let done = run(&opts)?;
    // `-q`: only findings and errors, and init has neither to tell.
    if super::terminal::quiet() {
        return Ok(std::process::ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    let dir = args.dir.display().to_string();
    writeln!(
        out,
        "Set up {}: {}.",
        crate::escape::visible(&dir),
        crate::escape::visible(&done.written.join(", "))
    )?;
    if let Some(person) = &done.person {
        let person = crate::escape::visible(person);
        writeln!(out, "roster.yaml names you as `{person}`; add the others who write and approve.")?;
    }
    match &done.found {
        None => writeln!(
            out,
            "Next: charta new policy \"Information security policy\", then charta check and charta build."
        )?,
        Some(found) => {
            writeln!(out, "{}", adopted(found))?;
            writeln!(out, "Next: charta check, then charta build.")?;
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// What `init` says of the documents it found: how many, and the collections that read them.
fn adopted(found: &super::adopt::Found) -> String {
    let documents = match found.documents {
        1 => "1 Markdown document".to_owned(),
        n => format!("{n} Markdown documents"),
    };
    let folders: Vec<String> = found
        .collections
        .iter()
        .map(|c| match c.path.as_str() {
            "." => format!("the whole folder (kind `{}`)", c.kind),
            path => format!("`{}` (kind `{}`)", crate::escape::visible(path), c.kind),
        })
        .collect();
    let mut said = format!(
        "Found {documents} here: charta.toml reads {} as {}",
        if found.documents == 1 { "it" } else { "them" },
        folders.join(", ")
    );
    if found.outside > 0 {
        // Where they are, the folders with most first: a folder of controlled documents whose
        // name says no kind (a quality manual's) is named here, whatever its files state.
        const MOST: usize = 4;
        let mut places: Vec<String> = found
            .outside_in
            .iter()
            .take(MOST)
            .map(|(folder, n)| match folder.as_str() {
                "." => format!("the root folder ({n})"),
                f => format!("`{}` ({n})", crate::escape::visible(f)),
            })
            .collect();
        if found.outside_in.len() > MOST {
            places.push(format!("{} other folders", found.outside_in.len() - MOST));
        }
        said.push_str(&format!(
            "; {} more outside these folders are not read, in {} (add a [[collections]] entry for a folder of controlled documents)",
            found.outside,
            crate::finding::both(&places)
        ));
    }
    said.push_str(". Edit its [[collections]] to group them otherwise.");
    said
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_ids_come_from_the_email_else_the_name() {
        assert_eq!(person_id("Priya Raman", "Priya.Raman@example.org"), "priya.raman");
        assert_eq!(person_id("Tomás Ferreira", "+++@example.org"), "toms.ferreira");
    }

    #[test]
    fn what_init_writes_parses() {
        let two: Vec<(String, &str, &str)> =
            COLLECTIONS.iter().map(|(p, k, t)| ((*p).to_owned(), *k, *t)).collect();
        let config = Config::parse(&configuration(
            "ACME \"QMS\" = [1]",
            &two,
            &["/README.md".to_owned()],
            Some("_site"),
        ))
        .unwrap();
        assert_eq!(config.site.title, "ACME \"QMS\" = [1]");
        assert_eq!(config.collections.len(), 2);
        assert_eq!(config.exclude, ["/README.md"]);
        assert_eq!(config.site.output_dir, "_site");
        let roster = Roster::parse(&roster("jo", "Jo: O'Neil #2", "jo@example.org").unwrap()).unwrap();
        assert_eq!(roster.person("jo@example.org").unwrap().name, "Jo: O'Neil #2");
    }
}
