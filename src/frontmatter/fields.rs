//! Stage 2: detect the dialect of a front-matter mapping and read each field into `Meta`.

use super::schema::{self, CHARTA_KEYS, Field, Kind};
use super::values::Reader;
use super::{Block, COMPLY_KEYS, HUGO_KEYS, T1PAL_KEYS, is_known_key};
use crate::document::{Dialect, Meta};
use crate::finding::{Finding, Rule};
use crate::yaml::{Node, NodeKind};

/// Which convention the fields follow. Explicit markers decide; charta's schema is the default.
/// A document that states any of charta's control fields (owner, version, approvers ...) is
/// charta's, whatever site parameters it has besides: a `tags:` or `last_updated:` line does
/// not switch its checks off.
pub fn detect(block: Block, pairs: &[(Node, Node)], names: &schema::Names) -> Dialect {
    let keys: Vec<&str> = pairs.iter().filter_map(|(k, _)| k.as_str()).collect();
    let has = |set: &[&str]| keys.iter().any(|k| set.contains(k));
    // An organisation's own name for a field is charta's: it states that field.
    let own = keys.iter().any(|k| names.contains_key(*k));
    // A page's `status` that is no document's (MkDocs Material's `new` or `deprecated` badge)
    // says nothing of document control: alone, it does not make the page charta's.
    let states_control =
        pairs.iter().any(|(k, v)| k.as_str().is_some_and(is_control_key) && !is_site_status(k.as_str(), v));
    let github_people = pairs.iter().any(|(k, v)| {
        matches!(k.as_str(), Some("authors" | "approvers"))
            && matches!(&v.kind, NodeKind::Seq(items)
                if items.iter().any(|i| i.as_str().is_some_and(|s| s.contains("github.com/"))))
    });
    if block == Block::Unfenced || has(&["name", "acronym", "satisfies", "majorRevisions"]) {
        Dialect::Comply
    } else if has(&["document_id", "repository", "folder"]) || github_people {
        Dialect::T1pal
    } else if own || states_control {
        Dialect::Charta
    } else if has(HUGO_KEYS) {
        Dialect::Hugo
    } else if keys.iter().all(|k| is_known_key(k))
        && !pairs.iter().any(|(k, v)| is_site_status(k.as_str(), v))
    {
        Dialect::Charta
    } else {
        // Only a title and a site's own parameters: a page of a generic static site.
        Dialect::Hugo
    }
}

/// Whether `key: v` is a static site's page status (`status: new`), not a document's: no status
/// charta knows, nor a misspelling of one (`aproved` is a document's, written wrong).
fn is_site_status(key: Option<&str>, v: &Node) -> bool {
    use crate::document::Status;
    key == Some("status")
        && v.as_str().is_some_and(|s| {
            let s = s.trim().to_ascii_lowercase();
            Status::parse(&s).is_none()
                && Status::NAMES.iter().all(|n| strsim::damerau_levenshtein(&s, n) > 2)
        })
}

/// charta keys that only a controlled document has: their presence means charta's schema.
fn control_keys() -> Vec<&'static str> {
    let own = CHARTA_KEYS.iter().copied().filter(|k| !matches!(*k, "title" | "description" | "extra"));
    own.chain(schema::ALIASES.iter().map(|(name, _)| *name)).collect()
}

/// Whether `key` is one of [`control_keys`], asked of every key of every document.
fn is_control_key(key: &str) -> bool {
    (CHARTA_KEYS.contains(&key) && !matches!(key, "title" | "description" | "extra"))
        || schema::ALIASES.iter().any(|(name, _)| *name == key)
}

/// Whether `dialect` defines `key`: one of [`allowed`], asked of a key no field reads.
fn allows(dialect: Dialect, key: &str) -> bool {
    let own: &[&str] = match dialect {
        Dialect::T1pal => T1PAL_KEYS,
        Dialect::Comply => COMPLY_KEYS,
        Dialect::Hugo | Dialect::Charta | Dialect::None => HUGO_KEYS,
    };
    CHARTA_KEYS.contains(&key)
        || schema::KEPT.contains(&key)
        || own.contains(&key)
        || (matches!(dialect, Dialect::Charta | Dialect::None) && key == "revision")
}

/// The keys a dialect defines; any other key is unknown (Hugo keeps them as `extra`).
fn allowed(dialect: Dialect) -> Vec<&'static str> {
    let mut keys = CHARTA_KEYS.to_vec();
    keys.extend(schema::KEPT);
    match dialect {
        Dialect::T1pal => keys.extend(T1PAL_KEYS),
        Dialect::Comply => keys.extend(COMPLY_KEYS),
        Dialect::Hugo => keys.extend(HUGO_KEYS),
        // A controlled document published by a static site keeps its site's parameters.
        Dialect::Charta | Dialect::None => {
            keys.push("revision");
            keys.extend(HUGO_KEYS);
        }
    }
    keys
}

pub fn read(
    path: &str,
    dialect: Dialect,
    pairs: Vec<(Node<'_>, Node<'_>)>,
    names: &schema::Names,
) -> (Meta, Vec<Finding>) {
    let mut r = Reader { path, dialect, findings: Vec::new() };
    let mut m = Meta::default();
    let (mut repository, mut folder) = (None, None);
    // Where each key is written, to name the first place of one written twice; kept in the
    // document as its `fields`, which sorts them. A hash map: with the sorted map it was,
    // reading the fields took 7% more instructions (BENCHMARKS.md, nineteenth session).
    let mut written_at: foldhash::HashMap<&str, crate::source::Span> =
        foldhash::HashMap::with_capacity_and_hasher(pairs.len(), Default::default());
    // A page of a static site (it has a site generator's keys) may carry the site's own
    // parameters, whatever its dialect: they are kept, and only a near-miss of a control field
    // is reported. One rule for every document, not one per dialect.
    let site_page = pairs.iter().any(|(k, _)| k.as_str().is_some_and(|k| HUGO_KEYS.contains(&k)));
    for (k, v) in &pairs {
        let Some(key) = k.as_str() else {
            r.invalid(
                k.span,
                format!("a field name must be a word, not {}", k.kind_name()),
                "write fields as `name: value`",
            );
            continue;
        };
        // Another tool's name for a field of charta's: read as that field.
        let written = key;
        let key = schema::alias_in(names, written).unwrap_or(written);
        if let Some(first) = written_at.get(key) {
            let message = if key == written {
                format!("`{key}` is written twice (first on line {})", first.line)
            } else {
                format!(
                    "`{written}` is another name for `{key}`, which is written already (on line {})",
                    first.line
                )
            };
            r.findings.push(
                Finding::new(Rule::FrontmatterInvalidYaml, path, k.span, message)
                    .help("keep one of the two; YAML forbids repeated keys"),
            );
            continue;
        }
        written_at.insert(key, k.span);
        // A name charta.toml declares is the organisation's own: nothing to note.
        if key != written && !names.contains_key(written) {
            r.findings.push(
                Finding::new(
                    Rule::FrontmatterAlias,
                    path,
                    k.span,
                    format!("`{written}` is read as charta's `{key}`"),
                )
                .help(format!("rename it to `{key}`, or keep it: charta reads both")),
            );
        }
        // A static site's page status (MkDocs Material's `status: new`) is the site's own.
        if dialect == Dialect::Hugo && is_site_status(Some(key), v) {
            m.extra.insert(key.to_owned(), v.to_json());
            continue;
        }
        if let Some(field) = schema::field(key) {
            read_field(&mut r, &mut m, field, written, v);
            continue;
        }
        // Other dialects' keys, read into charta's fields.
        match key {
            "document_id" => m.id = r.string(key, v),
            "acronym" => m.acronym = r.string(key, v),
            "name" => m.title = r.string(key, v),
            "revision" => m.version = r.string(key, v),
            "last_updated" | "lastmod" | "date" => {
                // `lastmod`/`last_updated` say when the content changed; `date` is a fallback.
                if let Some(d) = r.date(key, v)
                    && (m.updated.is_none() || key != "date")
                {
                    m.updated = Some(d);
                }
            }
            "satisfies" => m.controls.extend(r.controls(key, v)),
            "majorRevisions" => m.revisions = r.major_revisions(key, v),
            "repository" => repository = r.string(key, v).map(|s| s.value),
            "folder" => folder = r.string(key, v).map(|s| s.value),
            _ if allows(dialect, key)
                || ((dialect == Dialect::Hugo || site_page)
                    && suggestion(key, &control_keys()).is_none()) =>
            {
                m.extra.insert(key.to_owned(), v.to_json());
            }
            _ => unknown(&mut r, k, &allowed(dialect), &pairs),
        }
    }
    // Hugo publishes no page with `draft: true`: a document not yet in force, whatever dates
    // it states. Only a Hugo page: a document with control fields states its status (its
    // missing `status` is a finding, not read from a site's flag).
    if dialect == Dialect::Hugo
        && m.status.is_none()
        && m.extra.get("draft").is_some_and(|d| d.as_bool() == Some(true) || d.as_str() == Some("true"))
        && let Some(span) = written_at.get("draft")
    {
        m.status = Some(crate::source::Spanned::new(crate::document::Status::Draft, *span));
    }
    // In the T1Pal QMS a document with an approval date is a released, approved document.
    if dialect == Dialect::T1pal && m.status.is_none() {
        m.status = m
            .approval_date
            .as_ref()
            .map(|d| crate::source::Spanned::new(crate::document::Status::Approved, d.span));
    }
    m.location = match (repository, folder) {
        (Some(repo), Some(dir)) => Some(format!("{}/{}", repo.trim_end_matches('/'), dir.trim_matches('/'))),
        (repo, dir) => repo.or(dir),
    };
    m.fields = written_at.into_iter().collect();
    (m, r.findings)
}

/// Read the value of a field of charta's schema, written as `key` (its own name or another
/// tool's), into its place in `m`, as its kind is read.
fn read_field(r: &mut Reader, m: &mut Meta, field: &Field, key: &str, v: &Node) {
    match &field.kind {
        Kind::Text(s) | Kind::Person(s) => *s.of_mut(m) = r.string(key, v),
        Kind::People(s) | Kind::References(s) => *s.of_mut(m) = r.strings(key, v),
        Kind::Date(s) => *s.of_mut(m) = r.date(key, v),
        Kind::Status(s) => *s.of_mut(m) = r.status(key, v),
        Kind::Period(s) => *s.of_mut(m) = r.period(key, v),
        // Added to, not replaced: comply's `satisfies` adds to the same list.
        Kind::Controls(s) => s.of_mut(m).extend(r.controls(key, v)),
        Kind::Revisions(s) => *s.of_mut(m) = r.revisions(key, v),
        Kind::Prose(s) => *s.of_mut(m) = r.string(key, v).map(|s| s.value),
        Kind::Extra(s) => match &v.kind {
            NodeKind::Map(extra) => {
                for (ek, ev) in extra {
                    s.of_mut(m).insert(ek.as_str().unwrap_or_default().to_owned(), ev.to_json());
                }
            }
            _ if v.is_null() => {}
            _ => r.invalid(
                v.span,
                format!("`{key}` must be a mapping, but it is {}", v.kind_name()),
                "write your own fields under `extra:` as `name: value` lines",
            ),
        },
    }
}

/// An unknown key of the mapping `siblings`: a finding that suggests the closest known key, but
/// never one the mapping writes already under some name (`approved:` beside `approver:` is no
/// typo of it: renamed, it would be written twice).
pub(super) fn unknown(r: &mut Reader, key: &Node, known: &[&'static str], siblings: &[(Node, Node)]) {
    let name = key.as_str().unwrap_or_default();
    let meaning = |k: &str| schema::alias(k).unwrap_or(k).to_owned();
    let written: Vec<String> =
        siblings.iter().filter_map(|(k, _)| k.as_str()).filter(|k| *k != name).map(meaning).collect();
    let help = match suggestion(name, known).filter(|k| !written.contains(&meaning(k))) {
        Some(k) => format!("did you mean `{k}`?"),
        None => "put an organisation's own fields under `extra:`".to_owned(),
    };
    r.findings.push(
        Finding::new(Rule::FrontmatterUnknownField, r.path, key.span, format!("unknown field `{name}`"))
            .help(help),
    );
}

/// The key `name` is a typo of: among `known` and the other names charta reads (`approver`,
/// `review_date` ...), those the fewest edits away (case aside), at most one edit for a name of
/// up to 5 letters and two for a longer one. None when none is that close, or when the closest
/// mean different things (`review_dat`: `review_date` or `review_data`?): a suggestion never
/// proposes a field of another meaning.
fn suggestion(name: &str, known: &[&'static str]) -> Option<&'static str> {
    let name = name.to_lowercase();
    let most = if name.chars().count() <= 5 { 1 } else { 2 };
    let meaning = |k: &str| schema::alias(k).unwrap_or(k).to_owned();
    let candidates = known.iter().copied().chain(schema::ALIASES.iter().map(|(alias, _)| *alias));
    let scored: Vec<(usize, &'static str)> =
        candidates.map(|k| (strsim::damerau_levenshtein(&name, k), k)).filter(|(d, _)| *d <= most).collect();
    let best = scored.iter().map(|(d, _)| *d).min()?;
    let mut closest = scored.into_iter().filter(|(d, _)| *d == best).map(|(_, k)| k);
    let first = closest.next()?;
    closest.all(|k| meaning(k) == meaning(first)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests of one key say what the lists of them say, for every key charta knows of.
    #[test]
    fn a_control_key_is_one_of_the_control_keys_and_an_allowed_key_one_of_the_allowed() {
        let keys =
            CHARTA_KEYS.iter().chain(schema::KEPT).chain(T1PAL_KEYS).chain(COMPLY_KEYS).chain(HUGO_KEYS);
        let aliases = schema::ALIASES.iter().map(|(name, _)| name);
        for key in keys.chain(aliases).chain(&["revision", "Owner", "", "tags"]) {
            assert_eq!(is_control_key(key), control_keys().contains(key), "{key}");
            for dialect in [Dialect::Charta, Dialect::T1pal, Dialect::Comply, Dialect::Hugo, Dialect::None] {
                assert_eq!(allows(dialect, key), allowed(dialect).contains(key), "{dialect:?} {key}");
            }
        }
    }
}
