//! Stage 3, the `document/*` rules: relative links that point to nothing, one id for two
//! documents, and a successor that is not there (`successor.rs`).

mod duplicate_id;
mod successor;
pub use duplicate_id::duplicate_ids;
pub use successor::invalid_successor;

use crate::config::Collection;
use crate::document::Document;
use crate::finding::{Finding, Rule};
use crate::links;
use std::collections::BTreeSet;

/// `document/broken-link`: the relative links of `doc` whose target is neither among `files`
/// nor a folder holding one of them, as one finding for the document at the first of them
/// (a link written twice is named once, with both lines). A link from the root is read from
/// `root` (see [`links::resolve`]). `withheld` are targets that are on
/// disk but not for the site: the message says so.
/// Most links to nothing one finding names one by one (each with its lines); the rest it counts.
const MOST_NAMED: usize = 50;

pub fn broken_links(
    doc: &Document,
    root: links::Root,
    files: &BTreeSet<String>,
    withheld: &BTreeSet<String>,
) -> Vec<Finding> {
    // Each broken link as written, with where it leads (None: out of the repository) and the
    // lines it is on.
    let mut broken: Vec<(&str, Option<String>, Vec<u32>)> = Vec::new();
    // Where each link as written is in `broken`: a search of the list for each was quadratic,
    // a minute for a file of 200,000 links to nothing.
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut first = None;
    for link in doc.links.iter().filter(|l| root.elsewhere(&l.value).is_none()) {
        let target = links::locate(root, &doc.path, &link.value, files);
        // A target on disk but not for the site is no folder of it either, whatever documents
        // it holds (a hidden collection's folder: its pages are elsewhere on the site).
        let exists = target.as_ref().is_some_and(|t| !withheld.contains(t) && links::exists(t, files));
        if exists {
            continue;
        }
        first.get_or_insert(link.span);
        match at.get(link.value.as_str()).and_then(|&i| broken.get_mut(i)) {
            // Links come in the order of the text: one written twice on a line is its last line.
            Some(seen) if seen.2.last() == Some(&link.span.line) => {}
            Some(seen) => seen.2.push(link.span.line),
            None => {
                at.insert(&link.value, broken.len());
                broken.push((&link.value, target, vec![link.span.line]));
            }
        }
    }
    let Some(span) = first else { return Vec::new() };
    const WITHHELD: &str = "hidden, not tracked by git (ignored, outside a git repository), reached through a symbolic link, in the output folder or a controlled document no collection covers, so not on the site";
    let message = match broken.as_slice() {
        [(written, target, _)] => {
            let why = match target {
                None => "outside the repository".to_owned(),
                Some(t) if withheld.contains(t) => format!("`{t}` is there, but {WITHHELD}"),
                Some(t) => format!("no file `{t}`"),
            };
            format!("the link `{written}` points to nothing: {why}")
        }
        _ => {
            let each: Vec<String> = broken
                .iter()
                .take(MOST_NAMED)
                .map(|(written, target, lines)| {
                    let at = lines.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
                    let lines = if lines.len() == 1 { "line" } else { "lines" };
                    let why = match target {
                        None => "outside the repository".to_owned(),
                        Some(t) if withheld.contains(t) => format!("`{t}` not on the site"),
                        Some(t) => format!("no file `{t}`"),
                    };
                    format!("`{written}` ({lines} {at}: {why})")
                })
                .collect();
            let hidden = broken.iter().any(|(_, t, _)| t.as_ref().is_some_and(|t| withheld.contains(t)));
            let note = if hidden {
                format!(". Files not on the site are there, but {WITHHELD}")
            } else {
                String::new()
            };
            // A file of thousands of links to nothing is named by its first ones and a count:
            // a message of megabytes is read by no one, in no report.
            let more = match broken.len().saturating_sub(MOST_NAMED) {
                0 => String::new(),
                n => format!("; and {n} more"),
            };
            format!("{} links point to nothing: {}{more}{note}", broken.len(), each.join("; "))
        }
    };
    let mut help = Rule::DocumentBrokenLink.fix().to_owned();
    if broken.iter().any(|(_, t, _)| t.as_ref().is_some_and(|t| withheld.contains(t))) {
        help.push_str(
            "; a file that is there but not on the site: `git add` it if git does not track it yet \
             (in a git repository only what git tracks is published), or move it out of a hidden \
             or ignored folder",
        );
    }
    if root.folder.is_empty()
        && broken.iter().any(|(written, ..)| written.trim_start().starts_with(['/', '\\']))
    {
        help.push_str(
            "; a link from the root (`/x`) is read from the repository's root (or, when nothing is \
             there, from `content/` or without its first folder): say where your site is served \
             from with `[site] links_root` and `base_url` in charta.toml",
        );
    }
    vec![Finding::new(Rule::DocumentBrokenLink, &doc.path, span, message).help(help)]
}

/// A collection's `id_pattern` as it is matched: the whole id, in linear time, within a size a
/// pattern from a pull request cannot exceed to slow a run down.
pub fn id_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(&format!("^(?:{pattern})$")).size_limit(1 << 20).build()
}

/// `document/id-pattern` and `document/id-not-in-file-name`: the id `doc` states (not one made
/// from its file name), against its collection's `id_pattern` (compiled: `pattern`) and
/// `id_in_file_name`, at the line that states it.
pub fn id_form(doc: &Document, collection: &Collection, pattern: Option<&regex::Regex>) -> Vec<Finding> {
    let Some(stated) = doc.meta.id.as_ref().or(doc.meta.acronym.as_ref()) else { return Vec::new() };
    let id = stated.value.trim();
    let mut out = Vec::new();
    if let (Some(re), Some(written)) = (pattern, &collection.id_pattern)
        && !re.is_match(id)
    {
        out.push(
            Finding::new(
                Rule::DocumentIdPattern,
                &doc.path,
                stated.span,
                format!(
                    "the id `{}` does not match `{}`, the id pattern of the collection `{}`",
                    crate::escape::visible(id),
                    crate::escape::visible(written),
                    crate::escape::visible(&collection.path)
                ),
            )
            .help(Rule::DocumentIdPattern.fix()),
        );
    }
    let name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
    if collection.id_in_file_name && !crate::document::id_key(name).contains(&crate::document::id_key(id)) {
        out.push(
            Finding::new(
                Rule::DocumentIdNotInFileName,
                &doc.path,
                stated.span,
                format!(
                    "the id `{}` is not in the file name `{}`, as the collection `{}` asks (id_in_file_name)",
                    crate::escape::visible(id),
                    crate::escape::visible(name),
                    crate::escape::visible(&collection.path)
                ),
            )
            .help(Rule::DocumentIdNotInFileName.fix()),
        );
    }
    out
}

/// `document/title-is-file-name`: a front-matter title that is a file name, not a title
/// ([`Document::title_is_file_name`]); the site shows the first heading (or the file name)
/// instead, and the finding says which.
pub fn file_name_title(doc: &Document) -> Option<Finding> {
    let stated = doc.meta.title.as_ref().filter(|_| doc.title_is_file_name())?;
    let shown = match &doc.heading {
        Some(h) => format!("the site shows its first heading, `{}`", crate::escape::visible(h)),
        None => "the document has no heading to show instead".to_owned(),
    };
    Some(
        Finding::new(
            Rule::DocumentTitleIsFileName,
            &doc.path,
            stated.span,
            format!(
                "the title `{}` is a file name, not a title: {shown}",
                crate::escape::visible(stated.value.trim())
            ),
        )
        .help(Rule::DocumentTitleIsFileName.fix()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Case, Expected, assert_found, doc};

    #[test]
    fn broken_links_are_links_to_no_file_of_the_site() {
        let files = BTreeSet::from(["policies/b.md".to_owned(), "forms/x/form.pdf".to_owned()]);
        let withheld = BTreeSet::from(["policies/.draft.md".to_owned()]);
        let cases: &[Case<&str>] = &[
            ("[b](b.md) [form](../forms/x/form.pdf) [web](https://example.org) [top](#top)", &[]),
            // A folder holding a file of the site, and the root itself.
            ("[forms](../forms) [forms](../forms/x/) [root](../)", &[]),
            (
                "[c](c.md)",
                &[("document/broken-link", 4, "the link `c.md` points to nothing: no file `policies/c.md`")],
            ),
            (
                "[up](../../up.md)",
                &[(
                    "document/broken-link",
                    4,
                    "the link `../../up.md` points to nothing: outside the repository",
                )],
            ),
            ("[d](.draft.md)", &[("document/broken-link", 4, "`policies/.draft.md` is there, but hidden")]),
            // `forms/x` holds a file, `forms/xy` does not, though one name starts the other.
            ("[xy](../forms/xy)", &[("document/broken-link", 4, "no file `forms/xy`")]),
            // Links from the root name files from the repository's root.
            ("[form](/forms/x/form.pdf) [forms](/forms/)", &[]),
            ("[gone](/handbook/values/)", &[("document/broken-link", 4, "no file `handbook/values`")]),
            // Regression: a finding per link (15 lines for one page of a real handbook). Now
            // one for the document, at its first broken link, naming each link once.
            (
                "[b](b.md) [c](c.md)\n\n[up](../../up.md) and [c](c.md) again",
                &[(
                    "document/broken-link",
                    4,
                    "2 links point to nothing: `c.md` (lines 4, 6: no file `policies/c.md`); \
                     `../../up.md` (line 6: outside the repository)",
                )],
            ),
        ];
        for (body, want) in cases {
            let mut d = doc(&format!("---\nid: A\n---\n{body}\n"));
            d.links = links::relative_links(&d, &Default::default());
            assert_found(&broken_links(&d, links::Root::default(), &files, &withheld), want, body);
        }
    }

    /// Bug (a hostile pull request): 200,000 links to distinct missing files (a 3 MB file) kept
    /// `charta check` busy for 48 s, each looked up in the list of those seen, and their finding
    /// named every one of them.
    #[test]
    fn thousands_of_links_to_nothing_are_named_by_the_first_fifty_and_a_count() {
        let body: String = (0..2_000).map(|i| format!("[a](n{i}.md) [a](n{i}.md)\n")).collect();
        let mut d = doc(&format!("---\nid: A\n---\n{body}"));
        d.links = links::relative_links(&d, &Default::default());
        let found = broken_links(&d, links::Root::default(), &BTreeSet::new(), &BTreeSet::new());
        let [f] = found.as_slice() else { panic!("{found:?}") };
        assert!(f.message.starts_with("2000 links point to nothing: `n0.md` (line 4: "), "{}", f.message);
        assert!(
            f.message.contains("`n49.md` (line 53: ") && !f.message.contains("`n50.md`"),
            "{}",
            f.message
        );
        assert!(f.message.ends_with("; and 1950 more"), "{}", f.message);
    }

    #[test]
    fn an_id_is_checked_against_its_collections_pattern_and_file_name() {
        let collection = |pattern: Option<&str>, in_name: bool| Collection {
            path: "sop".into(),
            kind: "sop".into(),
            id_pattern: pattern.map(str::to_owned),
            id_in_file_name: in_name,
            ..Collection::default()
        };
        let cases: &[(&str, &str, Collection, &[Expected])] = &[
            ("sop/SOP-012-access.md", "SOP-012", collection(Some(r"SOP-\d{3}"), true), &[]),
            // The whole id must match, not a part of it.
            (
                "sop/a.md",
                "XSOP-0123",
                collection(Some(r"SOP-\d{3}"), false),
                &[(
                    "document/id-pattern",
                    2,
                    r"the id `XSOP-0123` does not match `SOP-\d{3}`, the id pattern of the collection `sop`",
                )],
            ),
            // In the file name as ids compare: any case, `-` and `_` alike.
            ("sop/sop_012_access.md", "SOP-012", collection(None, true), &[]),
            (
                "sop/access.md",
                "SOP-012",
                collection(None, true),
                &[(
                    "document/id-not-in-file-name",
                    2,
                    "the id `SOP-012` is not in the file name `access.md`",
                )],
            ),
            ("sop/access.md", "SOP-012", collection(None, false), &[]),
        ];
        for (path, id, c, want) in cases {
            let d = Document::parse(path, 0, format!("---\nid: {id}\n---\n"));
            let pattern = c.id_pattern.as_deref().map(|p| id_regex(p).unwrap());
            assert_found(&id_form(&d, c, pattern.as_ref()), want, path);
        }
        // An id made from the file name is not the document's statement: nothing to check.
        let d = Document::parse("sop/access.md", 0, "# Access\n");
        assert!(id_form(&d, &collection(Some("X"), true), id_regex("X").ok().as_ref()).is_empty());
        assert!(id_regex("(unclosed").is_err());
    }

    /// Regression: `title: design-control.md` was the page's title (the T1Pal QMS writes file
    /// names as titles); only `title: design-control` fell back to the first heading.
    #[test]
    fn a_title_that_is_a_file_name_is_a_finding_and_the_heading_is_shown() {
        let cases: &[(&str, &str, &str, &[Expected])] = &[
            (
                "sop/design-control.md",
                "design-control.md",
                "Design control",
                &[(
                    "document/title-is-file-name",
                    2,
                    "the title `design-control.md` is a file name, not a title: the site shows its first heading, `Design control`",
                )],
            ),
            (
                "sop/design-control.md",
                "design-control",
                "Design control",
                &[("document/title-is-file-name", 2, "`design-control` is a file name")],
            ),
            (
                "sop/a.md",
                "SOP-012.docx",
                "Design control",
                &[("document/title-is-file-name", 2, "`SOP-012.docx` is a file name")],
            ),
            ("sop/overview.md", "Overview", "Overview", &[]),
            ("sop/a.md", "Design control v1.2", "Design control v1.2", &[]),
            ("sop/a.md", "ISO-9001", "ISO-9001", &[]),
        ];
        for (path, title, shown, want) in cases {
            let d = Document::parse(path, 0, format!("---\ntitle: {title}\n---\n# Design control\n"));
            assert_found(&file_name_title(&d).into_iter().collect::<Vec<_>>(), want, title);
            assert_eq!(d.title(), *shown, "{title}");
        }
    }
}
