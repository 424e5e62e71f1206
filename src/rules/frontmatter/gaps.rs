//! Stage 3: what every document of a collection lacks (a required field none of them states,
//! or front matter itself), said once for the collection instead of on each of its documents:
//! one gap of the whole repository, sixty-five times over, buries the findings of one document.

use crate::config::{Collection, Config};
use crate::document::{Dialect, Document};
use crate::finding::{Finding, Rule};
use crate::frontmatter::schema;
use crate::library::Library;
use crate::source::Span;
use std::collections::BTreeMap;

/// Fewest documents sharing a gap for it to be said once: two findings alike are read, a
/// collection's worth is skimmed.
pub const FEWEST: usize = 3;

/// The gaps of a library's collections.
#[derive(Debug, Default)]
pub struct Gaps {
    /// For each document (the library's order): the required fields said once for it, which
    /// its own `frontmatter/missing-field` leaves out.
    pub fields: Vec<Vec<&'static str>>,
    /// For each document: whether its `frontmatter/missing` is said once for its collection.
    pub no_front_matter: Vec<bool>,
    /// The findings said once, each at the first of its documents with the others as `also`.
    pub findings: Vec<Finding>,
}

impl Gaps {
    pub fn of(library: &Library, config: &Config) -> Gaps {
        let n = library.documents.len();
        let mut gaps =
            Gaps { fields: vec![Vec::new(); n], no_front_matter: vec![false; n], findings: Vec::new() };
        for (c, collection) in library.collections.iter().enumerate() {
            let members: Vec<usize> = (0..n).filter(|&i| library.documents[i].collection == c).collect();
            gaps.missing_fields(library, config, collection, &members);
            gaps.missing_front_matter(library, config, collection, &members);
        }
        gaps
    }

    /// Required fields that no document of the collection states, said once for those asked
    /// for them. Only where every front matter of the collection could be read: what an
    /// unreadable one states is not known, and "no document has it" would be a guess.
    fn missing_fields(
        &mut self,
        library: &Library,
        config: &Config,
        collection: &Collection,
        members: &[usize],
    ) {
        let rule = Rule::FrontmatterMissingField;
        let docs = || members.iter().map(|&i| &library.documents[i]);
        if docs().any(|d| d.dialect != Dialect::None && !d.readable) {
            return;
        }
        // Whether any document of the collection states the field, whatever its kind, dialect
        // or waivers.
        let stated = |field: &schema::Field| docs().any(|d| super::states(d, field));
        // The documents asked, each with the fields its kind requires.
        let asked: Vec<(usize, Vec<&'static schema::Field>)> = members
            .iter()
            .map(|&i| (i, &library.documents[i]))
            .filter(|(_, d)| d.dialect != Dialect::None && !waived(config, rule, d))
            .map(|(i, d)| {
                let required = config.required(&library.kind(d), d.dialect);
                (
                    i,
                    required
                        .iter()
                        .filter_map(|f| schema::field(f).filter(|field| field.requirable))
                        .collect(),
                )
            })
            .collect();
        // The fields none states, grouped by the documents asked for them (the same documents
        // for every field, unless kinds differ within the collection).
        let mut groups: BTreeMap<Vec<usize>, Vec<&'static str>> = BTreeMap::new();
        let mut seen: Vec<&'static str> = Vec::new();
        for field in asked.iter().flat_map(|(_, fields)| fields) {
            if seen.contains(&field.key) {
                continue;
            }
            seen.push(field.key);
            let of: Vec<usize> = asked
                .iter()
                .filter(|(_, fields)| fields.iter().any(|f| f.key == field.key))
                .map(|(i, _)| *i)
                .collect();
            if of.len() >= FEWEST && !stated(field) {
                groups.entry(of).or_default().push(field.key);
            }
        }
        for (docs, fields) in &groups {
            for &i in docs {
                self.fields[i].extend(fields);
            }
        }
        // Whether document `i` lacks a field besides those said for its collection: it has a
        // finding of its own then, and the one said for all is put at another, so that each
        // file has one finding of the rule.
        // (`asked` is in the library's order: looked up by halves, not read through.)
        let lacks_more = |i: usize, said: &[&str]| {
            asked.binary_search_by_key(&i, |(j, _)| *j).is_ok_and(|at| {
                asked[at].1.iter().any(|f| !said.contains(&f.key) && !super::states(&library.documents[i], f))
            })
        };
        for (mut docs, fields) in groups {
            if let Some(at) = docs.iter().position(|&i| !lacks_more(i, &self.fields[i])) {
                let i = docs.remove(at);
                docs.insert(0, i);
            }
            let first = &library.documents[docs[0]];
            let named = crate::finding::either(&fields.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>());
            let add = fields.iter().map(|f| format!("`{f}:`")).collect::<Vec<_>>().join(", ");
            self.findings.push(
                Finding::new(
                    rule,
                    &first.path,
                    Span::file(),
                    format!("no document of {} has {named} in its front matter", of(collection)),
                )
                .help(format!(
                    "add {add} to the front matter of each of its {} documents (said once for them all); {}",
                    docs.len(),
                    config.required_by(&library.kind(first))
                ))
                .about(docs[1..].iter().map(|&i| library.documents[i].path.clone()).collect()),
            );
        }
    }

    /// Front matter, when three documents of the collection or more have none: said once for
    /// them, whether the collection's other documents have some (a team converting its files a
    /// few at a time) or none does.
    fn missing_front_matter(
        &mut self,
        library: &Library,
        config: &Config,
        collection: &Collection,
        members: &[usize],
    ) {
        let rule = Rule::FrontmatterMissing;
        // Those whose finding is the plain one (not a fence below blank lines), and not waived.
        let said: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| {
                let d = &library.documents[i];
                !waived(config, rule, d)
                    && d.findings.iter().any(|f| f.rule == rule && f.span == Span::file())
            })
            .collect();
        if said.len() < FEWEST {
            return;
        }
        for &i in &said {
            self.no_front_matter[i] = true;
        }
        // The documents of the collection that have front matter (a block that does not close
        // is front matter too, unread); not a file a repository has about itself.
        let has_block = |d: &Document| {
            d.dialect != Dialect::None || d.findings.iter().any(|f| f.rule == Rule::FrontmatterUnterminated)
        };
        let with = members.iter().filter(|&&i| has_block(&library.documents[i])).count();
        // Those with none, the waived and a fence below blank lines among them (each keeps its
        // own finding): a file a repository has about itself has no such finding.
        let without =
            members.iter().filter(|&&i| library.documents[i].findings.iter().any(|f| f.rule == rule)).count();
        let first = &library.documents[said[0]];
        let message = match with {
            0 => format!("no document of {} has front matter", of(collection)),
            _ => format!(
                "{without} of the {} documents of {} have no front matter",
                without + with,
                of(collection)
            ),
        };
        self.findings.push(
            Finding::new(
                rule,
                &first.path,
                Span::file(),
                format!("{message}, so nothing records their owners, approvals or reviews"),
            )
            .help(format!(
                "start each of these {} files (said once for them all) with a `---` block holding at least {}",
                said.len(),
                to_start_with(config, &library.kind(first))
            ))
            .about(said[1..].iter().map(|&i| library.documents[i].path.clone()).collect()),
        );
    }
}

/// The fields a document of `kind` is asked for, as a finding's help lists them
/// (`` `id`, `title` and `owner` ``): a file given them passes.
pub fn to_start_with(config: &Config, kind: &str) -> String {
    let fields: Vec<String> = config
        .required(kind, Dialect::Charta)
        .iter()
        .map(|f| format!("`{}`", crate::escape::visible(f)))
        .collect();
    match fields.is_empty() {
        true => "a `title`".to_owned(),
        false => crate::finding::both(&fields),
    }
}

/// "the collection in `sop`": of the collection, not of the folder, which may hold other
/// collections' folders.
fn of(collection: &Collection) -> String {
    match Collection::folder(&collection.path).as_str() {
        "." => "the collection in the root folder".to_owned(),
        folder => format!("the collection in `{}`", crate::escape::visible(folder)),
    }
}

/// Whether charta.toml waives `rule` on `doc` (whenever it expires): such a document keeps its
/// own finding, which the waiver covers or, once expired, fails.
fn waived(config: &Config, rule: Rule, doc: &Document) -> bool {
    let mut of_rule = config.waivers.iter().filter(|w| w.rule == rule.id()).peekable();
    if of_rule.peek().is_none() {
        return false;
    }
    let id = crate::document::id_key(&doc.id());
    of_rule.any(|w| w.document == doc.path || crate::document::id_key(&w.document) == id)
}
