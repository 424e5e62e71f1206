//! Document control: the relative links a document makes, where they are written, and what they
//! resolve to.

use crate::document::Document;
use crate::source::{LineCursor, Span, Spanned};
use pulldown_cmark::{Event, Parser, Tag};

/// True when a link target names a place inside the repository (no scheme, not just an anchor).
pub fn is_relative(dest: &str) -> bool {
    let d = dest.trim();
    if d.is_empty() || d.starts_with('#') || d.starts_with("//") {
        return false;
    }
    match d.split_once(':') {
        Some((scheme, _)) => scheme.contains('/') || scheme.is_empty(),
        None => true,
    }
}

/// Resolve `link` (written in the document at `source`) to a root-relative path, without its
/// fragment and query; None when it climbs out of the root.
pub fn resolve(source: &str, link: &str) -> Option<String> {
    let path = link.split(['#', '?']).next().unwrap_or(link);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut parts: Vec<&str> = Vec::new();
    if !path.starts_with('/') {
        parts.extend(source.split('/'));
        parts.pop();
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Types a browser runs, or renders with scripts, when the file is opened from the site's own
/// origin: a linked file of these is never published under its own name.
const ACTIVE: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs",
    "swf",
];

/// True when `path` names a file a browser would run on the site's origin (HTML, SVG, XML, JS).
pub fn is_active(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(_, ext)| ACTIVE.iter().any(|a| a.eq_ignore_ascii_case(ext)))
}

/// Where a linked file is published: its own path, or for a file a browser would run (an
/// attachment `report.html`, a `diagram.svg`), that path with `.txt` added, which every browser
/// and web server treat as plain text. Its content stays available to readers; its scripts
/// never run with the site's cookies and pages.
pub fn published_name(path: &str) -> std::borrow::Cow<'_, str> {
    if is_active(path) { format!("{path}.txt").into() } else { path.into() }
}

/// Every relative link and image of the body (links from the site's root, `/x`, are site URLs
/// in most static-site generators, not files, and are left out), with the file line and column it is written at.
pub fn relative_links(doc: &Document) -> Vec<Spanned<String>> {
    let body = doc.body();
    // Every CommonMark link or image is written `](` (inline) or uses a definition `]:`: a body
    // with neither has none, and is not parsed.
    if !body.contains("](") && !body.contains("]:") {
        return Vec::new();
    }
    scan(doc)
}

/// Every relative link and image of the body, by parsing it.
fn scan(doc: &Document) -> Vec<Spanned<String>> {
    let body = doc.body();
    let mut lines = LineCursor::new(body);
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if is_relative(&dest) && !dest.starts_with('/') {
            let at = lines.span(range.start);
            let span = Span::new(at.line + doc.body_line - 1, at.col);
            out.push(Spanned::new(dest.into_string(), span));
        }
    }
    out
}

/// The Markdown dialect charta reads: the one place its options are chosen.
pub fn options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution() {
        assert_eq!(resolve("sop/a.md", "../policies/b.md#x").as_deref(), Some("policies/b.md"));
        assert_eq!(resolve("sop/a.md", "./c%20d.md?q").as_deref(), Some("sop/c d.md"));
        assert_eq!(resolve("sop/a.md", "/img/x.png").as_deref(), Some("img/x.png"));
        assert_eq!(resolve("a.md", "../../x.md"), None);
        for (dest, rel) in [
            ("a.md", true),
            ("#top", false),
            ("https://x", false),
            ("mailto:a@b", false),
            ("//cdn/x", false),
            ("dir/x:y.md", true),
        ] {
            assert_eq!(is_relative(dest), rel, "{dest}");
        }
    }

    #[test]
    fn files_a_browser_would_run_are_published_as_text() {
        for (path, published) in [
            ("forms/report.html", "forms/report.html.txt"),
            ("img/Diagram.SVG", "img/Diagram.SVG.txt"),
            ("a.xhtml", "a.xhtml.txt"),
            ("x.js", "x.js.txt"),
            ("feed.xml", "feed.xml.txt"),
            ("img/logo.png", "img/logo.png"),
            ("forms/form.pdf", "forms/form.pdf"),
            ("html", "html"),
            ("dir.svg/readme", "dir.svg/readme"),
        ] {
            assert_eq!(published_name(path), published, "{path}");
        }
    }

    #[test]
    fn links_carry_file_lines() {
        let doc = Document::parse(
            "sop/a.md",
            0,
            "---\nid: A\n---\n# T\n\nSee [b](b.md) and\n![i](img/x.png) [w](https://w).\n",
        );
        let links = relative_links(&doc);
        let got: Vec<_> = links.iter().map(|l| (l.value.as_str(), l.span.line)).collect();
        assert_eq!(got, [("b.md", 6), ("img/x.png", 7)]);
        assert_eq!(links[0].span.col, 5);
    }

    #[test]
    fn reference_links_and_bodies_without_links() {
        let doc =
            Document::parse("a.md", 0, "See [the SOP][sop] and [b].\n\n[sop]: sop/x.md\n[b]:\n  b.md\n");
        let got: Vec<_> = relative_links(&doc).into_iter().map(|l| l.value).collect();
        assert_eq!(got, ["sop/x.md", "b.md"]);
        let doc = Document::parse("a.md", 0, "No [links] here, only [brackets] (and parentheses).\n");
        assert!(relative_links(&doc).is_empty());
    }

    proptest::proptest! {
        /// Skipping bodies without `](` or `]:` never loses a link the parser would find.
        #[test]
        fn the_shortcut_loses_no_link(pieces in proptest::collection::vec(proptest::sample::select(&[
            "[a]", "[a]: x.md", "\n[a]:", " x.md", "![", "[", "]", "(", ")", "(x.md)", ":", "\n", "\n\n",
            " ", "`", "> ", "- ", "<x.md>", "\\",
        ][..]), 0..24)) {
            let doc = Document::parse("a.md", 0, pieces.concat());
            proptest::prop_assert_eq!(relative_links(&doc), scan(&doc));
        }
    }
}
