//! Stage 4: what templates see. Domain types stay out of templates; these are their views, with
//! dates already formatted and people already resolved to names.

use super::inputs::Inputs;
use crate::assessment::Assessment;
use crate::document::{Document, Status};
use crate::finding::Finding;
use crate::review;
use crate::roster::{Resolved, Roster};
use jiff::civil::Date;
use serde::Serialize;

mod revisions;
mod version;
pub use revisions::RevisionView;
use revisions::revisions;
pub use version::{Change, CommitRef, VersionView, commit_author, commit_ref};

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    /// What the page shows: the person's name, a role, or the name as written.
    pub name: String,
    /// For a role: who holds it.
    pub holders: Vec<String>,
    pub is_role: bool,
    pub known: bool,
    /// The person's page, from the site's root ("" for a role or a name the roster lacks).
    pub page: String,
}

pub fn person(roster: &Roster, name: &str) -> PersonView {
    match roster.resolve(name) {
        Resolved::Person(p) => PersonView {
            name: p.name.clone(),
            holders: Vec::new(),
            is_role: false,
            known: true,
            page: roster.folder(name).map(|f| format!("people/{f}/index.html")).unwrap_or_default(),
        },
        Resolved::Role(role) => PersonView {
            name: role.to_owned(),
            holders: roster.holders(role).iter().map(|p| p.name.clone()).collect(),
            is_role: true,
            known: true,
            page: String::new(),
        },
        Resolved::Ambiguous | Resolved::Unknown => PersonView {
            name: name.to_owned(),
            holders: Vec::new(),
            is_role: false,
            known: roster.is_empty(),
            page: String::new(),
        },
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub severity: &'static str,
    pub rule: &'static str,
    pub location: String,
    pub message: String,
    pub help: String,
    pub waived: Option<String>,
    /// The redline that shows what the finding is about (what changed since an approval).
    pub redline: Option<String>,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> Self {
        FindingView {
            severity: f.severity.as_str(),
            rule: f.rule.id(),
            location: format!("{}:{}:{}", f.path, f.span.line, f.span.col),
            message: f.message.clone(),
            help: f.help.clone(),
            waived: f.waived.clone(),
            redline: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ControlView {
    pub framework: String,
    pub id: String,
    /// Its row on the control matrix: `controls/index.html#{anchor}`.
    pub anchor: String,
}

/// The anchor of control `id` of `framework` on the control matrix, which documents link to.
pub fn control_anchor(framework: &str, id: &str) -> String {
    format!("{}--{}", super::paths::segment(framework), super::paths::segment(id))
}

#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    pub label: String,
    /// A CSS class: approved, draft, review, retired, due-soon, overdue, non-compliant.
    pub class: String,
}

/// One document as the register and its page show it.
#[derive(Debug, Clone, Serialize)]
pub struct DocView {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub collection: String,
    pub source: String,
    /// Root-relative file of the page.
    pub page: String,
    pub classification: String,
    pub location: String,
    /// The file on the repository's forge and its editor there (`[site] repo_url`); "" without
    /// one, and on a release's pages (the branch has moved on).
    pub source_url: String,
    pub edit_url: String,
    /// The commit that first recorded the approval the document states, with its date, and
    /// its full id ("" without history, or when no commit recorded it as it stands).
    pub approval_commit: String,
    pub approval_commit_id: String,
    /// When the approval was recorded on a branch a merge brought in: that merge's short id
    /// and full id ("" otherwise).
    pub approval_merge: String,
    pub approval_merge_id: String,
    pub version: String,
    pub status: String,
    /// Why this text is not in force, for a banner above it: a draft, a version in review, a
    /// retired document; "" when it is (or states no status).
    pub not_in_force: String,
    /// The page of the version in force when this text is not it ("" else): its banner links it.
    pub in_force_page: String,
    /// The redline of what changed since its approval, where that is why it is not in force.
    pub since_approval: String,
    /// What every printed page of it says at its top, as a quoted CSS string (made safe by
    /// `escape::css_string`): its id, version and title, and whether it is not in force
    /// ([`print_label`]).
    pub print_label: String,
    pub badge: Badge,
    pub owner: Option<PersonView>,
    pub authors: Vec<PersonView>,
    pub approvers: Vec<PersonView>,
    pub approved: String,
    pub effective: String,
    pub next_review: String,
    pub review_period: String,
    pub description: String,
    pub dialect: &'static str,
    pub revisions: Vec<RevisionView>,
    pub controls: Vec<ControlView>,
    pub requirements: Vec<String>,
    pub extra: Vec<(String, String)>,
    pub findings: Vec<FindingView>,
    pub errors: usize,
    /// Past versions from git history, newest first (empty without history).
    pub versions: Vec<VersionView>,
    /// What the code chain proves of the approval it states (`[evidence]`).
    pub proof: Option<crate::evidence::Proof>,
    /// The same, as the page says it ("" without evidence).
    pub proof_words: String,
    /// What replaced it and what it replaced (`superseded_by`).
    pub succession: Option<super::succession::Succession>,
}

/// One document as the listing pages show it (register, collections, reviews, controls, people):
/// only what they print, so that ten thousand rows stay small.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub source: String,
    pub page: String,
    pub version: String,
    pub badge: Badge,
    /// The status its front matter states ("In review"; empty when none): the register shows a
    /// draft's, a version in review's or a retired document's beside a badge that says something
    /// else ("Non-compliant"), where "Approved" goes without saying.
    pub status: String,
    pub owner: Option<PersonView>,
    pub approved: String,
    pub next_review: String,
    /// Where the badge and the next review come from; the pages that list due reviews read it.
    #[serde(skip)]
    pub assessment: Assessment,
    /// A version of it is in force: not retired, and approved (a draft or a version in review
    /// stating an earlier version's approval has that one in force). What the Statement of
    /// Applicability counts as implementing a control.
    #[serde(skip)]
    pub in_force: bool,
    /// The version in force: this text's, or, while this text is a draft, in review or approved
    /// to take effect later, the version before it; empty when none is (or it states none).
    pub version_in_force: String,
}

/// A link to a document with its status: what the reviews, controls and people pages list. Fewer
/// fields than a [`Row`], because those pages name a document many times over.
#[derive(Debug, Serialize)]
pub struct DocLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub page: &'a str,
    pub badge: &'a Badge,
    pub next_review: &'a str,
}

impl<'a> From<&'a Row> for DocLink<'a> {
    fn from(r: &'a Row) -> DocLink<'a> {
        DocLink { id: &r.id, title: &r.title, page: &r.page, badge: &r.badge, next_review: &r.next_review }
    }
}

/// Whether a version of the document is in force on `today`, as its front matter says: not
/// retired; approved and in effect; or, while this text is a draft, in review or approved to take
/// effect later, an earlier version approved before it (its approval fields, and a revision
/// entry of another version: a new file in review with a copied approval date has none).
/// Some with the version in force (empty for a document that states none): this text's, or the
/// newest its revision history names before it.
fn in_force(m: &crate::document::Meta, today: Date) -> Option<String> {
    let own = m.version.as_ref().map(|v| v.value.as_str());
    let earlier = || {
        let approved = m.approval_date.as_ref()?.value;
        use crate::revision::compare_versions;
        // A version written after the approval stated is not the one it approved (the cold
        // review: a 1.1 never approved was named in force beside 2.0 in review).
        let others = m.revisions.iter().filter(|r| r.date.as_ref().is_none_or(|d| d.value <= approved));
        let others = others.filter_map(|r| r.version.as_ref()).map(|v| v.value.as_str());
        let others: Vec<&str> = others.filter(|v| Some(*v) != own).collect();
        // The newest before this one; failing that (numbers out of order), the newest named.
        let newest = |only_before: bool| {
            let before = |v: &&&str| !only_before || own.is_none_or(|o| compare_versions(v, o).is_lt());
            others.iter().filter(before).max_by(|a, b| compare_versions(a, b)).map(|v| (*v).to_owned())
        };
        newest(true).or_else(|| newest(false))
    };
    match m.status.as_ref().map(|s| s.value) {
        Some(Status::Retired) => None,
        Some(Status::Draft | Status::Review) => earlier(),
        _ if m.effective_date.as_ref().is_some_and(|d| d.value > today) => earlier(),
        _ => Some(own.unwrap_or_default().to_owned()),
    }
}

/// An owner as the register shows it: a role with those who hold it on `today` (one who left
/// owns nothing: the reviews page listed their due reviews under them).
pub fn owner(roster: &Roster, name: &str, today: Date) -> PersonView {
    let mut view = person(roster, name);
    if let Resolved::Role(role) = roster.resolve(name) {
        let active = roster.holders(role).into_iter().filter(|p| p.inactive_on(today).is_none());
        view.holders = active.map(|p| p.name.clone()).collect();
    }
    view
}

fn date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// What the listing pages show of a document: known from its front matter and findings alone, so
/// they can be made while the documents' own pages are still being rendered.
pub fn row(inp: &Inputs, doc: &Document, page: &str, findings: &[&Finding]) -> Row {
    let m = &doc.meta;
    let assessment = Assessment::of(doc, inp.config, inp.today, findings);
    let version_in_force = in_force(m, inp.today);
    Row {
        id: doc.id(),
        title: doc.title(),
        kind: inp.library.kind(doc),
        source: doc.path.clone(),
        page: page.to_owned(),
        version: m.version.as_ref().map(|v| v.value.clone()).unwrap_or_default(),
        badge: Badge::from(&assessment),
        status: m.status.as_ref().map_or("", |s| s.value.label()).to_owned(),
        owner: m.owner.as_ref().map(|o| owner(inp.roster, &o.value, inp.today)),
        // A draft's or a version in review's approval fields are an earlier version's: not
        // shown as this version's.
        approved: date(m.own_approval_date()),
        next_review: date(assessment.next_review),
        in_force: version_in_force.is_some(),
        version_in_force: version_in_force.unwrap_or_default(),
        assessment,
    }
}

/// What every printed page of a document says at its top (a quoted CSS string): its id, version
/// and title, and, for a text not in force (a draft, a superseded or removed version), that it
/// is not: a page printed from the middle of a draft read as the procedure in force.
pub fn print_label(view: &DocView, in_force: bool) -> String {
    let version =
        if view.version.is_empty() { "unversioned".to_owned() } else { format!("version {}", view.version) };
    let not = if in_force { "" } else { " · NOT IN FORCE" };
    crate::escape::css_string(&format!("{} · {version} · {}{not}", view.id, view.title))
}

pub fn document(inp: &Inputs, doc: &Document, page: &str, findings: &[&Finding]) -> DocView {
    let m = &doc.meta;
    let hugo = doc.dialect == crate::document::Dialect::Hugo;
    let effective = m.effective_date.as_ref().or(m.updated.as_ref().filter(|_| hugo)).map(|d| d.value);
    let Row {
        id, title, kind, source, page, version, badge, owner, approved, next_review, assessment, ..
    } = row(inp, doc, page, findings);
    let status = m.status.as_ref().map(|s| s.value);
    let location = m.location.clone().unwrap_or_else(|| match &inp.config.site.base_url {
        Some(base) => format!("{}/{}", base.trim_end_matches('/'), page.trim_end_matches("index.html")),
        None => doc.path.clone(),
    });
    let mut view = DocView {
        id,
        title,
        kind,
        collection: inp
            .library
            .collections
            .get(doc.collection)
            .map(|c| c.display_title())
            .unwrap_or_default(),
        source,
        page,
        classification: m.classification.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
        location,
        source_url: String::new(),
        edit_url: String::new(),
        approval_commit: String::new(),
        approval_commit_id: String::new(),
        approval_merge: String::new(),
        approval_merge_id: String::new(),
        version,
        status: status.map(|s| s.label().to_owned()).unwrap_or_default(),
        print_label: String::new(),
        in_force_page: String::new(),
        since_approval: String::new(),
        not_in_force: match status {
            Some(Status::Draft) => "This is a draft. It is not in force: do not follow it yet.".to_owned(),
            Some(Status::Review) => {
                "This version is in review. It is not in force until it is approved.".to_owned()
            }
            Some(Status::Retired) => revisions::retired_words(&m.revisions),
            _ => match m.effective_date.as_ref().filter(|d| d.value > inp.today) {
                Some(d) => {
                    format!("This version is approved, and takes effect on {}: not in force yet.", d.value)
                }
                None => String::new(),
            },
        },
        badge,
        owner,
        authors: m.authors.iter().map(|a| person(inp.roster, &a.value)).collect(),
        approvers: m.own_approvers().iter().map(|a| person(inp.roster, &a.value)).collect(),
        approved,
        // A static site's page dates itself (`date`, `lastmod`), a document's `lastmod` not; a
        // draft or a review states the version before's (a Hugo draft: not in force).
        effective: date(effective.filter(|_| !m.pending())),
        next_review,
        review_period: review::period(doc, inp.config.review.period.as_ref())
            .map(|p| p.text.clone())
            .unwrap_or_default(),
        description: m.description.clone().unwrap_or_default(),
        dialect: doc.dialect.label(),
        revisions: revisions(inp.roster, &m.revisions),
        controls: m
            .controls
            .iter()
            .map(|c| ControlView {
                framework: c.value.framework.clone(),
                id: c.value.id.clone(),
                anchor: control_anchor(&c.value.framework, &c.value.id),
            })
            .collect(),
        requirements: m.requirements.iter().map(|r| r.value.clone()).collect(),
        extra: m
            .extra
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    },
                )
            })
            .collect(),
        findings: findings.iter().map(|f| FindingView::from(*f)).collect(),
        errors: assessment.errors,
        versions: Vec::new(),
        proof: None,
        proof_words: String::new(),
        succession: None,
    };
    view.print_label = print_label(&view, view.not_in_force.is_empty());
    view
}

impl From<&Assessment> for Badge {
    fn from(a: &Assessment) -> Badge {
        let (label, class) = a.badge();
        Badge { label: label.to_owned(), class: class.to_owned() }
    }
}
