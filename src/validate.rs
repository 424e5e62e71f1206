//! Stage 3: every document-control rule over the whole library, against the registries (the
//! roster, the files of the repository), after everything is loaded. Pure, but for the history
//! rules, which read from git the committed texts they compare.

use crate::config::{Config, REQUIRABLE};
use crate::document::{Dialect, Document};
use crate::finding::{self, Finding, Rule, Severity};
use crate::library::Library;
use crate::roster::{Resolved, Roster};
use crate::source::{Span, Spanned};
use crate::{approval, links, review, revision};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What validation looks at besides the documents.
pub struct Registries<'a> {
    pub roster: &'a Roster,
    pub config: &'a Config,
    /// Files links may point to, root-relative: every file of a release's tree, or (for the
    /// working tree, where only link targets are looked up) the targets that exist.
    pub files: &'a BTreeSet<String>,
    /// Link targets that are on disk but not among `files`: hidden, ignored by git, reached
    /// through a symbolic link, or in the output folder.
    pub withheld: &'a BTreeSet<String>,
    pub today: Date,
    /// The git history, when the root is in a repository and history is enabled.
    pub history: Option<&'a crate::history::History>,
}

/// All findings of the library (parse findings included), with severities and waivers of
/// charta.toml applied, sorted by path, line and rule.
pub fn run(library: &Library, reg: &Registries) -> Vec<Finding> {
    // Each document's rules are pure and independent of the others: checked in parallel.
    let mut out: Vec<Finding> = library
        .documents
        .par_iter()
        .with_max_len(crate::library::GRAIN)
        .flat_map_iter(|doc| {
            let mut out = doc.findings.clone();
            out.extend(links_of(doc, reg.files, reg.withheld));
            if doc.dialect == Dialect::None || !doc.readable {
                return out;
            }
            let kind = library.kind(doc);
            out.extend(required_fields(doc, &reg.config.required(&kind, doc.dialect)));
            out.extend(people(doc, reg.roster));
            out.extend(revision::check(doc, reg.today));
            out.extend(approval::check(doc, &kind, reg.roster, reg.config, reg.today));
            out.extend(review::check(doc, reg.config, reg.today));
            if let Some(h) = reg.history.filter(|h| !h.shallow) {
                out.extend(crate::versions::check(doc, h));
            }
            out
        })
        .collect();
    if reg.config.history.enabled {
        out.extend(crate::versions::repository_findings(reg.history));
    }
    out.extend(duplicate_ids(library));
    out.extend(reg.roster.findings(reg.config.roster.trim_start_matches("./")));
    apply_config(&mut out, library, reg.config, reg.today);
    out.extend(expired_waivers(reg.config, reg.today));
    finding::sort(&mut out);
    out
}

/// Severities from `[rules]` and waivers from `[[waivers]]`, applied to `findings`.
pub fn apply_config(findings: &mut [Finding], library: &Library, config: &Config, today: Date) {
    // A waiver names a document by its path or its ID: the IDs are needed only when there are waivers.
    let ids: BTreeMap<&str, String> = if config.waivers.is_empty() {
        BTreeMap::new()
    } else {
        library.documents.iter().map(|d| (d.path.as_str(), d.id())).collect()
    };
    for f in findings.iter_mut() {
        f.severity = config.severity(f.rule);
        let id = ids.get(f.path.as_str());
        let waiver = config.waivers.iter().find(|w| {
            w.rule == f.rule.id() && (w.document == f.path || id.is_some_and(|id| *id == w.document))
        });
        if let Some(w) = waiver.filter(|w| w.expires().is_some_and(|e| e >= today)) {
            f.waived = Some(format!("{} (waived until {})", w.reason, w.expires.clone()));
        }
    }
}

/// A finding for each waiver past its expiry date, at its line in charta.toml.
fn expired_waivers(config: &Config, today: Date) -> Vec<Finding> {
    let expired = config.waivers.iter().filter(|w| w.expires().is_some_and(|e| e < today));
    expired
        .map(|w| {
            let message = format!("the waiver of `{}` for `{}` expired on {}", w.rule, w.document, w.expires);
            let mut f =
                Finding::new(Rule::WaiverExpired, crate::config::FILE_NAME, Span::new(w.line, 1), message)
                    .help(Rule::WaiverExpired.fix());
            f.severity = config.severity(Rule::WaiverExpired);
            f
        })
        .collect()
}

/// Whether any finding fails a run at `threshold` (waived findings never do).
pub fn fails(findings: &[Finding], threshold: Option<Severity>) -> bool {
    threshold.is_some_and(|t| findings.iter().any(|f| f.waived.is_none() && f.severity >= t))
}

fn required_fields(doc: &Document, required: &[String]) -> Vec<Finding> {
    let m = &doc.meta;
    let has = |field: &str| match field {
        "id" => m.id.is_some() || m.acronym.is_some(),
        "title" => m.title.is_some(),
        "kind" => m.kind.is_some(),
        "classification" => m.classification.is_some(),
        "owner" => m.owner.is_some(),
        "authors" => !m.authors.is_empty(),
        "approvers" => !m.approvers.is_empty(),
        "approval_date" => m.approval_date.is_some(),
        "effective_date" => m.effective_date.is_some(),
        "version" => m.version.is_some(),
        "status" => m.status.is_some(),
        "review_period" => m.review_period.is_some(),
        "controls" => !m.controls.is_empty(),
        "revisions" => !m.revisions.is_empty(),
        _ => true,
    };
    // A field that is present but invalid already has its own finding.
    required
        .iter()
        .filter(|f| REQUIRABLE.contains(&f.as_str()) && !has(f) && !m.fields.contains_key(f.as_str()))
        .map(|f| {
            Finding::new(
                Rule::FrontmatterMissingField,
                &doc.path,
                Span::file(),
                format!("the front matter has no `{f}`"),
            )
            .help(format!("add `{f}:` to the front matter; charta.toml's [required_fields] requires it"))
        })
        .collect()
}

fn people(doc: &Document, roster: &Roster) -> Vec<Finding> {
    if roster.is_empty() {
        return Vec::new();
    }
    let m = &doc.meta;
    let unknown = |name: &Spanned<String>, what: &str, roles_ok: bool| {
        let (why, help) = match roster.resolve(&name.value) {
            Resolved::Person(_) => return None,
            Resolved::Role(_) if roles_ok => return None,
            Resolved::Ambiguous => (roster.why_ambiguous(&name.value), crate::roster::AMBIGUOUS_HELP),
            Resolved::Role(_) | Resolved::Unknown => {
                let or_role = if roles_ok { " (neither a person nor a role)" } else { "" };
                (format!("is not in the roster{or_role}"), Rule::RosterUnknownPerson.fix())
            }
        };
        let f = Finding::new(
            Rule::RosterUnknownPerson,
            &doc.path,
            name.span,
            format!("{what} `{}` {why}", name.value),
        );
        Some(f.help(help))
    };
    let mut out: Vec<Finding> = m.owner.iter().filter_map(|o| unknown(o, "owner", true)).collect();
    out.extend(m.authors.iter().filter_map(|a| unknown(a, "author", false)));
    for author in m.revisions.iter().filter_map(|r| r.author.as_ref()) {
        for name in author.value.split(", ") {
            out.extend(unknown(&Spanned::new(name.to_owned(), author.span), "revision author", false));
        }
    }
    out
}

fn links_of(doc: &Document, files: &BTreeSet<String>, withheld: &BTreeSet<String>) -> Vec<Finding> {
    doc.links
        .iter()
        .filter_map(|link| {
            let target = links::resolve(&doc.path, &link.value);
            let exists = target.as_ref().is_some_and(|t| {
                t.is_empty()
                    || files.contains(t)
                    || files.range(format!("{t}/")..).next().is_some_and(|f| f.starts_with(&format!("{t}/")))
            });
            (!exists).then(|| {
                let what = match target {
                    None => "outside the repository".to_owned(),
                    Some(t) if withheld.contains(&t) => format!(
                        "`{t}` is there, but hidden, ignored by git, reached through a symbolic link \
                         or in the output folder, so not on the site"
                    ),
                    Some(t) => format!("no file `{t}`"),
                };
                Finding::new(
                    Rule::DocumentBrokenLink,
                    &doc.path,
                    link.span,
                    format!("the link `{}` points to nothing: {what}", link.value),
                )
                .help(Rule::DocumentBrokenLink.fix())
            })
        })
        .collect()
}

fn duplicate_ids(library: &Library) -> Vec<Finding> {
    use std::collections::hash_map::Entry;
    // Looked up, never walked: the findings follow the documents' order.
    let mut first: HashMap<String, &Document> = HashMap::new();
    let mut out = Vec::new();
    // Only ids a document states: ids made from file names (README, _index) may repeat.
    for doc in library.documents.iter().filter(|d| d.meta.id.is_some() || d.meta.acronym.is_some()) {
        match first.entry(doc.id()) {
            Entry::Occupied(original) => {
                let span =
                    doc.meta.id.as_ref().or(doc.meta.acronym.as_ref()).map_or(Span::file(), |s| s.span);
                out.push(
                    Finding::new(
                        Rule::DocumentDuplicateId,
                        &doc.path,
                        span,
                        format!("the id `{}` is already used by {}", original.key(), original.get().path),
                    )
                    .help(Rule::DocumentDuplicateId.fix()),
                );
            }
            Entry::Vacant(slot) => {
                slot.insert(doc);
            }
        }
    }
    out
}
