//! Stage 3: every document-control rule over the whole library, against the registries (the
//! roster, the files of the repository, the git history), after everything is loaded; then
//! charta.toml's severities and waivers, applied in one place. A file per rule family, named as
//! the ids are (`approval/self-approved` is checked in `approval.rs`). Pure: the history rules
//! read each document's timeline, made before them (`crate::timeline`).

pub mod approval;
pub mod collection;
pub mod control;
pub mod document;
pub mod evidence;
pub mod frontmatter;
pub mod history;
pub mod review;
pub mod revision;
pub mod roster;
pub mod source;
pub mod waiver;

use crate::config::Config;
use crate::document::Dialect;
use crate::finding::{self, Finding, Rule, Severity};
use crate::library::Library;
use crate::roster::Roster;
use crate::source::Span;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What the rules look at besides the documents.
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
    /// The commit (an index on the line) the rules see the history up to: a release's, for its
    /// snapshot; None for the working tree, which sees it all.
    pub until: Option<usize>,
    /// Each document's timeline, in the library's order (empty without history).
    pub timelines: &'a [crate::timeline::Timeline],
    /// What the history's signatures say, when `[evidence]` asks for evidence.
    pub verdicts: Option<&'a crate::evidence::Verdicts>,
    /// Each document's approvals with their proofs, in the library's order (empty without
    /// evidence).
    pub approvals: &'a [Vec<crate::evidence::Approval>],
    /// When no collection holds a document: the Markdown files elsewhere under the root, which
    /// `source/no-documents` points to.
    pub elsewhere: &'a [String],
    /// The collections (by index) whose folder does not exist: `collection/missing-folder`.
    pub missing_folders: &'a [usize],
    /// Markdown files outside every collection whose front matter states what a controlled
    /// document does: `collection/uncovered-folder`.
    pub uncovered: &'a [String],
}

/// All findings: `loaded` (what reading found of files that did not become documents, or of
/// the history), the documents' own from parsing, and every rule's; with the severities and
/// waivers of charta.toml applied, sorted by path, line and rule.
pub fn run(library: &Library, reg: &Registries, loaded: Vec<Finding>) -> Vec<Finding> {
    // Each collection's id pattern, compiled once (charta.toml was refused if one does not compile).
    let patterns: Vec<Option<regex::Regex>> = library
        .collections
        .iter()
        .map(|c| c.id_pattern.as_deref().and_then(|p| document::id_regex(p).ok()))
        .collect();
    let declared = control::Declared::of(&reg.config.frameworks);
    let gaps = frontmatter::Gaps::of(library, reg.config);
    // Each document's rules are pure and independent of the others: checked in parallel.
    let mut out: Vec<Finding> = library
        .documents
        .par_iter()
        .enumerate()
        .with_max_len(crate::library::GRAIN)
        .flat_map_iter(|(i, doc)| {
            let mut out = doc.findings.clone();
            if gaps.no_front_matter[i] {
                out.retain(|f| f.rule != Rule::FrontmatterMissing);
            }
            // What to start a file with is what charta.toml asks of its kind.
            for f in out.iter_mut().filter(|f| f.rule == Rule::FrontmatterMissing && f.span == Span::file()) {
                let fields = frontmatter::to_start_with(reg.config, &library.kind(doc));
                f.help = format!("start the file with a `---` block holding at least {fields}");
            }
            out.extend(document::broken_links(
                doc,
                crate::links::Root::of(&reg.config.site),
                reg.files,
                reg.withheld,
            ));
            let history = reg.history.filter(|h| !h.incomplete()).zip(reg.timelines.get(i));
            // What the code chain says of the commits that changed a file concerns every file
            // of a collection, with front matter or without.
            if let (Some((h, timeline)), Some(verdicts)) = (history, reg.verdicts) {
                let chain = evidence::Chain {
                    history: h,
                    verdicts,
                    roster: reg.roster,
                    config: &reg.config.evidence,
                };
                let approval = reg.approvals.get(i).and_then(|a| crate::evidence::proof::current(a));
                out.extend(evidence::check(doc, timeline, &chain, approval));
            }
            if doc.dialect == Dialect::None || !doc.readable {
                return out;
            }
            let kind = library.kind(doc);
            if let Some(collection) = library.collections.get(doc.collection) {
                let pattern = patterns.get(doc.collection).and_then(Option::as_ref);
                out.extend(document::id_form(doc, collection, pattern));
            }
            out.extend(document::file_name_title(doc));
            out.extend(own(doc, &kind, reg.roster, reg.config, reg.today, &gaps.fields[i]));
            out.extend(control::check(doc, &declared));
            if let Some((h, timeline)) = history {
                let clock = history::Clock {
                    default: reg.config.review.period.as_ref(),
                    today: reg.today,
                    history_periods: !reg.config.given,
                };
                out.extend(history::check(doc, timeline, h, clock));
                out.extend(history::committed_together::check(doc, timeline, h));
                if reg.config.approval.separation_of_duties {
                    out.extend(history::approver_authored_change::check(doc, timeline, h, reg.roster));
                }
            }
            out
        })
        .collect();
    if reg.config.history.enabled {
        out.extend(history::repository(reg.history));
    }
    if let Some(h) = reg.history.filter(|h| !h.incomplete()) {
        out.extend(history::dated_after_today::check(library, reg.timelines, (h, reg.until), reg.today));
    }
    if let Some(h) = reg.history.filter(|h| !h.incomplete() && !reg.config.given) {
        let clock = (reg.config.review.period.as_ref(), reg.today);
        out.extend(history::default_lengthened(
            library,
            reg.timelines,
            (h, reg.until),
            clock,
            reg.config.review_period_line,
        ));
    }
    out.extend(gaps.findings);
    out.extend(frontmatter::no_document_control(library, reg.config));
    out.extend(review::unscheduled(library, reg.config));
    out.extend(evidence::missing_branch(reg.verdicts, &reg.config.evidence));
    let unread = loaded.iter().any(|f| f.rule.family() == "source");
    out.extend(collection::empty(library, reg.config, unread, reg.elsewhere, reg.missing_folders));
    out.extend(collection::uncovered(reg.uncovered, &library.collections));
    let since = |i: usize| reg.timelines.get(i).and_then(|t| t.steps.first()).map(|s| s.commit);
    out.extend(document::duplicate_ids(library, since));
    out.extend(document::invalid_successor(library));
    out.extend(roster::conflicts(reg.roster, reg.config.roster.trim_start_matches("./")));
    out.extend(roster::missing(library, reg.roster, reg.config.roster.trim_start_matches("./")));
    out.extend(roster::inactive_owners(
        library,
        reg.roster,
        reg.config.roster.trim_start_matches("./"),
        reg.today,
    ));
    out.extend(waiver::expired(reg.config, reg.today));
    out.extend(loaded);
    approval::roles_held_by_no_one(&mut out, library, reg.roster, reg.config);
    apply_config(&mut out, library, reg.config, reg.today);
    finding::sort(&mut out);
    frontmatter::aliases_once(&mut out);
    out
}

/// The rules of a document, of `kind`, that read nothing but its text, the roster and the
/// configuration: its fields, people, revisions, approval and review. `charta approve` asks
/// them of the document it would write. `said`: required fields said once for its collection
/// (see [`frontmatter::Gaps`]), not again here.
pub fn own(
    doc: &crate::document::Document,
    kind: &str,
    roster: &Roster,
    config: &Config,
    today: Date,
    said: &[&str],
) -> Vec<Finding> {
    let required = config.required(kind, doc.dialect);
    let mut out = frontmatter::missing_fields(doc, &required, &config.required_by(kind), said);
    out.extend(frontmatter::placeholders(doc));
    out.extend(roster::unknown_people(doc, roster));
    out.extend(revision::check(doc, today));
    out.extend(approval::check(doc, kind, roster, config, today));
    out.extend(review::check(doc, config, today));
    out
}

/// What waives `f` on the document of id key `id` (`crate::document::id_key`) on `today`: the
/// waiver's words, or None. `waiver/expired` itself is never waived, or a waiver could keep the
/// others alive.
pub fn waived(config: &Config, f: &Finding, id: Option<&str>, today: Date) -> Option<String> {
    if f.rule == Rule::WaiverExpired {
        return None;
    }
    let waiver = config.waivers.iter().find(|w| {
        w.rule == f.rule.id()
            && (w.document == f.path || id.is_some_and(|id| id == crate::document::id_key(&w.document)))
    });
    waiver
        .filter(|w| w.expires().is_some_and(|e| e >= today))
        .map(|w| format!("{} (waived until {})", w.reason, w.expires.clone()))
}

/// Severities from `[rules]` and waivers from `[[waivers]]`, applied to `findings`: the one place
/// they are, called once by [`run`] on every finding. A waiver covers the findings of its rule on
/// the document it names (by path or id) until it expires; `waiver/expired` itself is never
/// waived, or a waiver could keep the others alive.
fn apply_config(findings: &mut [Finding], library: &Library, config: &Config, today: Date) {
    // A waiver names a document by its path or its ID: the IDs are needed only when there are waivers.
    let ids: BTreeMap<&str, String> = if config.waivers.is_empty() {
        BTreeMap::new()
    } else {
        library.documents.iter().map(|d| (d.path.as_str(), crate::document::id_key(&d.id()))).collect()
    };
    for f in findings.iter_mut() {
        f.severity = config.severity(f.rule);
        if let Some(waived) = waived(config, f, ids.get(f.path.as_str()).map(String::as_str), today) {
            f.waived = Some(waived);
        }
    }
}

/// Whether any finding fails a run at `threshold` (waived findings never do).
pub fn fails(findings: &[Finding], threshold: Option<Severity>) -> bool {
    threshold.is_some_and(|t| findings.iter().any(|f| f.waived.is_none() && f.severity >= t))
}

/// What the families' tests share: a document from its text, and findings compared with what a
/// case expects of them.
#[cfg(test)]
mod testing {
    use crate::document::Document;
    use crate::finding::Finding;

    /// A finding a case expects: its rule id, its line and a part of its message.
    pub type Expected<'a> = (&'a str, u32, &'a str);

    /// A case of a family's table: an input, and the findings expected of it in order.
    pub type Case<'a, I> = (I, &'a [Expected<'a>]);

    pub fn doc(text: &str) -> Document {
        Document::parse("policies/a.md", 0, text)
    }

    #[track_caller]
    pub fn assert_found(got: &[Finding], want: &[Expected], case: &str) {
        let rows: Vec<_> = got.iter().map(|f| (f.rule.id(), f.span.line, f.message.as_str())).collect();
        let same = rows.len() == want.len()
            && rows.iter().zip(want).all(|(g, w)| g.0 == w.0 && g.1 == w.1 && g.2.contains(w.2));
        assert!(same, "case {case:?}\n got: {rows:#?}\nwant: {want:#?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn severities_and_waivers_of_charta_toml_are_applied() {
        let waiver = |rule: &str, document: &str, expires: &str| {
            format!(
                "[[waivers]]\nrule = \"{rule}\"\ndocument = \"{document}\"\nreason = \"audit\"\nexpires = {expires}\n"
            )
        };
        let overdue = (Rule::ReviewOverdue, "policies/a.md");
        let waived = Some("audit (waived until 2027-01-01)");
        let cases = vec![
            (String::new(), overdue, Severity::Error, None),
            ("[rules]\n\"review/overdue\" = \"warning\"\n".to_owned(), overdue, Severity::Warning, None),
            ("[rules]\n\"review/due-soon\" = \"note\"\n".to_owned(), overdue, Severity::Error, None),
            // A waiver names the document by its id or its path.
            (waiver("review/overdue", "POL-1", "2027-01-01"), overdue, Severity::Error, waived),
            // Ids compare as ids: `pol_1` names `POL-1`.
            (waiver("review/overdue", "pol_1", "2027-01-01"), overdue, Severity::Error, waived),
            (waiver("review/overdue", "policies/a.md", "2027-01-01"), overdue, Severity::Error, waived),
            (
                waiver("review/overdue", "POL-1", "2026-03-01"),
                overdue,
                Severity::Error,
                Some("audit (waived until 2026-03-01)"),
            ),
            (waiver("review/overdue", "POL-1", "2026-02-28"), overdue, Severity::Error, None),
            (waiver("review/due-soon", "POL-1", "2027-01-01"), overdue, Severity::Error, None),
            (waiver("review/overdue", "POL-2", "2027-01-01"), overdue, Severity::Error, None),
            (
                waiver("review/overdue", "POL-1", "2027-01-01"),
                (Rule::ReviewOverdue, "sop/b.md"),
                Severity::Error,
                None,
            ),
            // A waiver cannot keep another one alive past its date.
            (
                format!(
                    "[rules]\n\"waiver/expired\" = \"warning\"\n\n{}",
                    waiver("waiver/expired", "charta.toml", "2027-01-01")
                ),
                (Rule::WaiverExpired, "charta.toml"),
                Severity::Warning,
                None,
            ),
        ];
        let library = Library {
            collections: Vec::new(),
            documents: vec![crate::document::Document::parse("policies/a.md", 0, "---\nid: POL-1\n---\n")],
        };
        for (toml, (rule, path), severity, waived) in cases {
            let config = Config::parse(&toml).unwrap();
            let mut found = [Finding::new(rule, path, Span::file(), "found")];
            apply_config(&mut found, &library, &config, Date::constant(2026, 3, 1));
            assert_eq!((found[0].severity, found[0].waived.as_deref()), (severity, waived), "{toml}");
        }
    }

    #[test]
    fn a_run_applies_charta_toml_once_to_every_finding_the_findings_of_reading_too() {
        let config = Config::parse(
            "[rules]\n\"source/invalid-utf8\" = \"warning\"\n\"history/not-a-repository\" = \"error\"\n\n\
             [[waivers]]\nrule = \"source/unreadable\"\ndocument = \"sop/b.md\"\nreason = \"moved\"\nexpires = 2027-01-01\n",
        )
        .unwrap();
        let none = BTreeSet::new();
        let roster = Roster::default();
        let reg = Registries {
            roster: &roster,
            config: &config,
            files: &none,
            withheld: &none,
            today: Date::constant(2026, 3, 1),
            history: None,
            until: None,
            timelines: &[],
            verdicts: None,
            approvals: &[],
            elsewhere: &[],
            missing_folders: &[],
            uncovered: &[],
        };
        let loaded = [(Rule::SourceUnreadable, "sop/b.md"), (Rule::SourceInvalidUtf8, "sop/a.md")]
            .map(|(rule, path)| Finding::new(rule, path, Span::file(), "read"));
        let found = run(&Library::default(), &reg, loaded.to_vec());
        let got: Vec<_> =
            found.iter().map(|f| (f.rule, f.path.as_str(), f.severity, f.waived.as_deref())).collect();
        let want = [
            (Rule::HistoryNotARepository, "charta.toml", Severity::Error, None),
            (Rule::SourceInvalidUtf8, "sop/a.md", Severity::Warning, None),
            (Rule::SourceUnreadable, "sop/b.md", Severity::Error, Some("moved (waived until 2027-01-01)")),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn a_run_fails_on_an_unwaived_finding_at_the_threshold() {
        let finding = |severity, waived: Option<&str>| {
            let mut f = Finding::new(Rule::ReviewDueSoon, "a.md", Span::file(), "due");
            f.severity = severity;
            f.waived = waived.map(str::to_owned);
            f
        };
        let cases = [
            (vec![], Some(Severity::Note), false),
            (vec![finding(Severity::Warning, None)], None, false),
            (vec![finding(Severity::Warning, None)], Some(Severity::Error), false),
            (vec![finding(Severity::Warning, None)], Some(Severity::Warning), true),
            (vec![finding(Severity::Error, None)], Some(Severity::Warning), true),
            (vec![finding(Severity::Error, Some("audit"))], Some(Severity::Note), false),
            (
                vec![finding(Severity::Error, Some("audit")), finding(Severity::Note, None)],
                Some(Severity::Note),
                true,
            ),
        ];
        for (findings, threshold, want) in cases {
            assert_eq!(fails(&findings, threshold), want, "{findings:?} at {threshold:?}");
        }
    }
}
