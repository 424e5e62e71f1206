//! `charta new`: start a document in a collection, as a draft whose front matter passes `check`.

use crate::config::Collection;
use crate::finding::Rule;
use crate::library::{self, Retain};
use crate::roster::Roster;
use crate::{cmd, load};
use anyhow::{Context, Result, bail};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::path::Path;

pub struct Options<'a> {
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    pub today: Date,
    /// A collection's folder (`sop`) or kind (`policy`).
    pub collection: &'a str,
    pub title: &'a str,
    pub id: Option<&'a str>,
    /// Who writes it: a roster id, name, e-mail or alias [default: git's `user.email`].
    pub author: Option<&'a str>,
    /// Who owns it: a person or a role [default: the author].
    pub owner: Option<&'a str>,
}

/// What was written.
#[derive(Debug)]
pub struct Created {
    /// Relative to the root, with `/`.
    pub path: String,
    pub id: String,
    pub author: String,
    /// Fields `[required_fields]` asks for that charta cannot fill in (left as comments).
    pub to_fill: Vec<String>,
    /// Documents of the collection whose front matter could not be read, so whose ids were not
    /// seen when the new id was chosen.
    pub unread: Vec<String>,
    /// Why the git history could not be read, so the ids of removed documents were not seen.
    pub history_unread: Option<String>,
}

pub fn run(opts: &Options) -> Result<Created> {
    let config = cmd::load_config(opts.root, opts.config)?;
    let title = opts.title.trim();
    if title.is_empty() || title.contains('\n') {
        bail!("the title must be one line of text, for example \"Access review procedure\"");
    }
    let collections = cmd::collections(opts.root, &config)?;
    let index = pick(&collections, opts.collection)?;
    let collection = &collections[index];
    let roster = cmd::load_roster(opts.root, &config)?;
    let author = author(&roster, opts.root, opts.author)?;
    let owner = match opts.owner {
        Some(owner) if roster.is_empty() => owner.to_owned(),
        Some(owner) => match roster.resolve(owner) {
            crate::roster::Resolved::Unknown => bail!(
                "the owner `{owner}` is neither a person nor a role in {}; name a roster id or a role",
                config.roster
            ),
            crate::roster::Resolved::Ambiguous => {
                bail!("the owner `{owner}` {}; name a roster id", roster.why_ambiguous(owner))
            }
            _ => owner.to_owned(),
        },
        None => author.clone(),
    };

    let out_dir = cmd::output_dir(opts.root, &config, None)?;
    let excluded = config.excluded(opts.root);
    let found = load::list(opts.root, &collections, std::slice::from_ref(&out_dir), excluded.clone()).found;
    let (library, _) = library::read(
        collections.clone(),
        found,
        Retain::Nothing,
        &config.fields.aliases,
        &Default::default(),
    );
    let mut ids: Vec<(usize, String)> = library.documents.iter().map(|d| (d.collection, d.id())).collect();
    // The ids of documents removed from the repository are taken too: a new document given
    // one would be another under its id (`history/id-reused`).
    let (removed, history_unread) = match removed_ids(opts.root, &config, &collections, (&out_dir, &excluded))
    {
        Ok(removed) => (removed, None),
        Err(e) => (Vec::new(), Some(format!("{e:#}"))),
    };
    ids.extend(
        removed.iter().filter_map(|(id, path)| Some((load::collection_of(&collections, path)?, id.clone()))),
    );
    // A document whose front matter cannot be read has no id charta knows: say so, since the
    // new id could be the one it meant to have.
    let unread: Vec<String> = library
        .documents
        .iter()
        .filter(|d| d.collection == index)
        .filter(|d| {
            d.findings
                .iter()
                .any(|f| matches!(f.rule, Rule::FrontmatterInvalidYaml | Rule::FrontmatterUnterminated))
        })
        .map(|d| d.path.clone())
        .collect();
    let id = match opts.id {
        Some(id) => id.trim().to_owned(),
        None => {
            // The collection's own ids; for a collection with none yet, those of the others of
            // its kind (a second folder of policies goes on from the first's numbers).
            let own = ids.iter().any(|(c, id)| *c == index && id.ends_with(|c: char| c.is_ascii_digit()));
            let kin =
                |c: usize| c == index || (!own && collections[c].kind.eq_ignore_ascii_case(&collection.kind));
            let mut id =
                next_id(ids.iter().filter(|(c, _)| kin(*c)).map(|(_, id)| id.as_str()), &collection.kind);
            // One a document of another folder has, or a removed document had (a collection
            // folder since renamed): the next.
            let taken = |id: &str| {
                ids.iter().any(|(_, other)| other.eq_ignore_ascii_case(id))
                    || removed.iter().any(|(other, _)| other.eq_ignore_ascii_case(id))
            };
            while taken(&id) {
                id = next_id(std::iter::once(id.as_str()), &collection.kind);
            }
            id
        }
    };
    if id.is_empty() || id.contains(['\n', '/']) {
        bail!("`{id}` cannot be a document id: give one line without `/`, for example SOP-007");
    }
    let here = library.documents.iter().map(|d| d.id());
    if let Some(taken) = here.into_iter().find(|other| other.eq_ignore_ascii_case(&id)) {
        bail!("a document already has the id `{taken}`; pass another with --id");
    }
    if let Some((taken, path)) = removed.iter().find(|(other, _)| other.eq_ignore_ascii_case(&id)) {
        bail!(
            "`{taken}` was the id of {}, removed from the repository: an id names one document for good; pass another with --id",
            crate::escape::visible(path)
        );
    }

    let folder = if collection.path == "." { String::new() } else { format!("{}/", collection.path) };
    let path = format!("{folder}{}.md", slug(title));
    let file = crate::confine::join(opts.root, &path, "the new document")?;
    if file.exists() {
        bail!("{path} already exists; give the new document another title");
    }
    let required = config.required(&collection.kind, crate::document::Dialect::Charta);
    let to_fill: Vec<String> = required.into_iter().filter(|f| !WRITTEN.contains(&f.as_str())).collect();
    let text = document(&id, title, &collection.kind, &owner, &author, opts.today, &to_fill)?;
    std::fs::create_dir_all(file.parent().unwrap_or(opts.root))
        .with_context(|| format!("cannot create the folder for {path}"))?;
    cmd::write_new(&file, &text)?;
    Ok(Created { path, id, author, to_fill, unread, history_unread })
}

/// The ids the removed documents of the git history stated, with their paths (none outside
/// git, or with `[history] enabled = false`).
fn removed_ids(
    root: &Path,
    config: &crate::config::Config,
    collections: &[Collection],
    (out_dir, excluded): (&std::path::Path, &ignore::gitignore::Gitignore),
) -> Result<Vec<(String, String)>> {
    let skip = [out_dir.to_owned()];
    let Some(history) = cmd::read_history(root, config, collections, (&skip, excluded))? else {
        return Ok(Vec::new());
    };
    Ok(crate::timeline::Predecessors::of(&history, &config.fields.aliases).ids())
}

/// The fields every new document is written with.
const WRITTEN: &[&str] = &["id", "title", "kind", "status", "version", "owner", "authors", "revisions"];

/// The collection named by its folder or its kind; an error listing them otherwise.
fn pick(collections: &[Collection], name: &str) -> Result<usize> {
    let name = name.trim().trim_end_matches('/');
    let by = |f: fn(&Collection) -> &str| collections.iter().position(|c| f(c).eq_ignore_ascii_case(name));
    if let Some(i) = by(|c| c.path.as_str()).or_else(|| by(|c| c.kind.as_str())) {
        return Ok(i);
    }
    if collections.is_empty() {
        bail!(
            "this repository has no collections: add `[[collections]]` to charta.toml, or run `charta init`"
        );
    }
    let known: Vec<String> = collections.iter().map(|c| format!("`{}` ({})", c.path, c.kind)).collect();
    bail!("no collection `{name}`; this repository has {}: name one by its folder or kind", known.join(", "))
}

/// `--author`, else the roster person whose e-mail is git's `user.email`.
fn author(roster: &Roster, root: &Path, given: Option<&str>) -> Result<String> {
    person(roster, root, given, "--author")
}

/// The roster id of `given` (a roster id, name, e-mail or alias), else of the person whose
/// e-mail is git's `user.email`; `flag` is the option that names them.
pub(super) fn person(roster: &Roster, root: &Path, given: Option<&str>, flag: &str) -> Result<String> {
    if let Some(given) = given {
        if roster.is_empty() {
            return Ok(given.trim().to_owned());
        }
        return match roster.resolve(given) {
            crate::roster::Resolved::Person(person) => Ok(person.id.clone()),
            crate::roster::Resolved::Ambiguous => {
                bail!("`{given}` {}; pass {flag} with a roster id", roster.why_ambiguous(given))
            }
            _ => {
                bail!("`{given}` is not in the roster; pass {flag} with a roster id, name, e-mail or alias")
            }
        };
    }
    let Some(email) = crate::history::setting(root, "user.email") else {
        bail!("who is it? pass {flag} (git's user.email is not set)");
    };
    if roster.is_empty() {
        return Ok(email);
    }
    match roster.person(&email) {
        Some(person) => Ok(person.id.clone()),
        None => bail!(
            "git's user.email `{email}` is nobody in the roster; pass {flag} with a roster id, or add the e-mail to your roster entry"
        ),
    }
}

/// The id after the highest of the collection's ids that end in a number, with the prefix most
/// of them share and as many digits (`SOP-009` after `SOP-008`); `POL-001` style for the first.
fn next_id<'a>(ids: impl Iterator<Item = &'a str>, kind: &str) -> String {
    let mut prefixes: BTreeMap<&str, (usize, u64, usize)> = BTreeMap::new();
    for id in ids {
        let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, number) = id.split_at(id.len() - digits);
        let Ok(n) = number.parse::<u64>() else { continue };
        let entry = prefixes.entry(prefix).or_default();
        *entry = (entry.0 + 1, entry.1.max(n), entry.2.max(digits));
    }
    // The most used prefix; of equals, the first in order.
    let best = prefixes.iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)));
    match best {
        Some((prefix, (_, highest, width))) => format!("{prefix}{:0width$}", highest + 1, width = *width),
        None => {
            let word = match kind.to_ascii_lowercase().as_str() {
                "policy" => "POL".to_owned(),
                other => other.chars().filter(char::is_ascii_alphanumeric).take(3).collect::<String>(),
            };
            let word = if word.is_empty() { "DOC".to_owned() } else { word.to_ascii_uppercase() };
            format!("{word}-001")
        }
    }
}

/// The file name for a title: lower-case words joined by `-` (`access-review-procedure`).
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() { "document".to_owned() } else { words.join("-") }
}

/// The new document's text: a draft at version 0.1 with its first revision entry, and the
/// sections a document of its kind usually has.
fn document(
    id: &str,
    title: &str,
    kind: &str,
    owner: &str,
    author: &str,
    today: Date,
    to_fill: &[String],
) -> Result<String> {
    let mut text = format!(
        "---\nid: {}\ntitle: {}\nkind: {}\nstatus: draft\nversion: \"0.1\"\nowner: {}\nauthors: [{}]\n",
        scalar(id)?,
        scalar(title)?,
        scalar(kind)?,
        scalar(owner)?,
        scalar(author)?
    );
    for field in to_fill {
        text.push_str(&format!("# {field}: required by charta.toml; fill in\n"));
    }
    text.push_str(&format!(
        "revisions:\n  - version: \"0.1\"\n    date: {today}\n    author: {}\n    summary: First draft.\n---\n\n# {title}\n",
        scalar(author)?
    ));
    let sections: &[&str] = match kind.to_ascii_lowercase().as_str() {
        "policy" => &["Purpose", "Scope", "Policy", "Roles and responsibilities", "Exceptions"],
        "sop" => &["Purpose", "Scope", "Responsibilities", "Procedure", "Records"],
        _ => &["Purpose", "Scope"],
    };
    for section in sections {
        text.push_str(&format!("\n## {section}\n"));
    }
    Ok(text)
}

/// A YAML value for `text`: as it is when it is plainly a word or words (`SOP-007`, `Backup
/// policy`), else as a JSON string, which YAML reads as a double-quoted scalar: a title with
/// `: ` or `#` stays one value, and `no` or `1.0` stay strings.
pub(crate) fn scalar(text: &str) -> serde_json::Result<String> {
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.ends_with(|c: char| c.is_ascii_alphanumeric())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || " ._-".contains(c))
        && !text.contains("  ")
        && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
            .contains(&text.to_ascii_lowercase().as_str());
    if plain { Ok(text.to_owned()) } else { serde_json::to_string(text) }
}

/// `charta new` from its command line: the draft, and what to do next.
pub fn main(args: crate::cli::NewArgs) -> Result<std::process::ExitCode> {
    use std::io::Write as _;
    let (root, today) = super::resolve(&args.common)?;
    let opts = Options {
        root: &root,
        config: args.common.config.as_deref(),
        today,
        collection: &args.collection,
        title: &args.title,
        id: args.id.as_deref(),
        author: args.author.as_deref(),
        owner: args.owner.as_deref(),
    };
    let created = run(&opts)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Created {} ({}), a draft at version 0.1 by {}.",
        crate::escape::visible(&created.path),
        crate::escape::visible(&created.id),
        crate::escape::visible(&created.author)
    )?;
    if let Some(why) = &created.history_unread {
        writeln!(
            out,
            "The git history cannot be read ({}), so the ids of documents removed from the repository were not counted; run `charta check`.",
            crate::escape::visible(why)
        )?;
    }
    for path in &created.unread {
        let path = crate::escape::visible(path);
        writeln!(
            out,
            "{path}: its front matter cannot be read, so its id was not counted; run `charta check`."
        )?;
    }
    if !created.to_fill.is_empty() {
        let fields = created.to_fill.join(", ");
        writeln!(out, "charta.toml requires fields to fill in: {}.", crate::escape::visible(&fields))?;
    }
    writeln!(
        out,
        "Write it, then run `charta check`; when it is approved, `charta approve {} --by APPROVER` records the approval.",
        crate::escape::shell_arg(&created.id)
    )?;
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_id_follows_the_most_used_prefix_and_its_width() {
        let ids = ["SOP-001", "SOP-009", "SOP-010", "WI-77", "legacy"];
        assert_eq!(next_id(ids.into_iter(), "sop"), "SOP-011");
        assert_eq!(next_id(["QP-07"].into_iter(), "sop"), "QP-08");
        assert_eq!(next_id(std::iter::empty(), "policy"), "POL-001");
        assert_eq!(next_id(std::iter::empty(), "sop"), "SOP-001");
        assert_eq!(next_id(std::iter::empty(), "work instruction"), "WOR-001");
        assert_eq!(next_id(std::iter::empty(), "---"), "DOC-001");
    }

    #[test]
    fn titles_become_file_names() {
        assert_eq!(slug("Access review: procedure (v2)"), "access-review-procedure-v2");
        assert_eq!(slug("Zugriffsprüfung"), "zugriffsprüfung");
        assert_eq!(slug("???"), "document");
    }

    #[test]
    fn a_title_with_yaml_syntax_stays_one_value() {
        let date: Date = "2026-11-29".parse().unwrap();
        for title in ["Keys: \"rotate\" #1", "No", "1.0", "Backup policy", "- list?", "a\\b"] {
            let text = document("SOP-1", title, "sop", "Jo Doe", "jo", date, &[]).unwrap();
            let doc = crate::document::Document::parse("sop/x.md", 0, text);
            assert_eq!(doc.meta.title.as_ref().unwrap().value, title);
            assert_eq!(doc.meta.owner.as_ref().unwrap().value, "Jo Doe");
            assert!(doc.findings.is_empty(), "{title}: {:?}", doc.findings);
        }
        assert_eq!(scalar("SOP-007").unwrap(), "SOP-007");
        assert_eq!(scalar("no").unwrap(), "\"no\"");
    }
}
