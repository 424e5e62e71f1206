//! Stage 4: Markdown to HTML. The one place pulldown-cmark's options are chosen; raw HTML is
//! escaped, links between documents are rewritten to their pages, code is highlighted.

pub use super::hrefs::{Links, Then};
use super::hrefs::{image, rewrite};
use super::words::Sections;
use crate::fingerprint::Key;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Files other than documents that the body links to (root-relative): copied beside the site.
    pub assets: BTreeSet<String>,
    /// The body's words and sections, for search (empty unless asked for).
    pub search: Sections,
    /// The keys of its code blocks, as the highlighter named them.
    pub code: Vec<Key>,
}

/// A heading id as GitHub makes it, so anchors written for GitHub keep working.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// `body` as HTML; with `search`, its words and sections too.
pub fn render(body: &str, links: &Links, search: bool) -> Rendered {
    let mut out = Rendered::default();
    if search {
        out.search = Sections::for_body(body.len());
    }
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(HeadingLevel, Vec<Event>)> = None;
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(body, crate::links::options()) {
        let event = match event {
            // Raw HTML from a document never reaches the page as markup.
            Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = rewrite(&dest_url, links, &mut out.assets).into();
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = image(&dest_url, links)
                    .unwrap_or_else(|| rewrite(&dest_url, links, &mut out.assets))
                    .into();
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            other => other,
        };
        if search {
            match &event {
                Event::Text(t) | Event::Code(t) => out.search.text(t),
                Event::SoftBreak
                | Event::HardBreak
                | Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::TableCell
                    | TagEnd::CodeBlock
                    | TagEnd::Heading(_)
                    | TagEnd::BlockQuote(_),
                ) => out.search.gap(),
                Event::Start(Tag::Heading { .. }) => out.search.heading(),
                _ => {}
            }
        }
        if let Some((lang, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    events.push(Event::Html(code_block(lang, text, links, &mut out.code).into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, Vec::new())),
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, inner)) = heading.take() else {
                    continue;
                };
                let text: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let base = match slug(&text) {
                    s if s.is_empty() => "section".to_owned(),
                    s => s,
                };
                let n = ids.entry(base.clone()).or_insert(0);
                let id = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
                *n += 1;
                ids.entry(id.clone()).or_insert(1);
                let first = out.headings.is_empty()
                    && events.iter().all(|e| matches!(e, Event::SoftBreak | Event::HardBreak));
                let shown = !(first && level == HeadingLevel::H1 && text.trim() == links.title.trim());
                if search {
                    let (anchor, heading) = if shown { (id.as_str(), text.trim()) } else { ("", "") };
                    out.search.headed(anchor, heading);
                }
                if !shown {
                    out.headings.push(Heading { level: 1, id, text: text.trim().to_owned() });
                    continue;
                }
                out.headings.push(Heading {
                    level: level as u8,
                    id: id.clone(),
                    text: text.trim().to_owned(),
                });
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            // A table of the text scrolls in a box of its own, as the site's tables do: wider
            // than a phone, it made the whole page scroll sideways.
            e @ Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">")));
                events.push(e);
            }
            e @ Event::End(TagEnd::Table) => {
                events.push(e);
                events.push(Event::Html(CowStr::Borrowed("</div>")));
            }
            e => match &mut heading {
                Some((_, inner)) => inner.push(e),
                None => events.push(e),
            },
        }
    }
    if let Some((lang, text)) = code {
        events.push(Event::Html(code_block(&lang, &text, links, &mut out.code).into()));
    }
    html::push_html(&mut out.html, events.into_iter());
    // Control characters of the body (ESC, `\x01`) pass pulldown-cmark and syntect as they
    // come; HTML counts them as errors. Shown as symbols, as in every other output.
    if let std::borrow::Cow::Owned(shown) = crate::escape::xml_text(&out.html) {
        out.html = shown;
    }
    out
}

fn code_block(lang: &str, text: &str, links: &Links, keys: &mut Vec<Key>) -> String {
    let (key, html) = links.code.highlight(text, lang);
    keys.push(key);
    let inner = html.unwrap_or_else(|| escape(text));
    let lang_attr = if lang.is_empty() { String::new() } else { format!(" data-lang=\"{}\"", escape(lang)) };
    // Focusable, so that a reader without a mouse can scroll a long line into view.
    format!("<pre class=\"code\"{lang_attr} tabindex=\"0\"><code>{inner}</code></pre>\n")
}

/// `s` as HTML text: markup escaped, and the characters XML forbids shown as symbols.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, &crate::escape::xml_text(s)).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_in(body: &str) -> Rendered {
        let pages = BTreeMap::from([
            ("policies/security.md".to_owned(), "policies/security/index.html".to_owned()),
            ("sop/release.md".to_owned(), "sop/release/index.html".to_owned()),
        ]);
        render(
            body,
            &Links {
                source: "sop/release.md",
                root: crate::links::Root::default(),
                files: &BTreeSet::new(),
                page: "sop/release/index.html",
                pages: &pages,
                title: "Release",
                code: &crate::site::highlight::Direct,
                images: &BTreeMap::from([("img/d.svg".to_owned(), "<svg/>".to_owned())]),
                then: None,
            },
            true,
        )
    }

    #[test]
    fn an_svg_shown_as_an_image_is_inside_the_page_and_linked_one_is_text() {
        let r = render_in("![d](../img/d.svg) [d](../img/d.svg) ![e](../img/e.svg)");
        // `<svg/>` in base64.
        assert!(r.html.contains("src=\"data:image/svg+xml;base64,PHN2Zy8+\""), "{}", r.html);
        assert!(r.html.contains("href=\"../../img/d.svg.txt\""), "{}", r.html);
        // An SVG the site does not have (not publishable, or too large) is linked as text.
        assert!(r.html.contains("src=\"../../img/e.svg.txt\""), "{}", r.html);
        assert_eq!(r.assets.iter().collect::<Vec<_>>(), ["img/d.svg", "img/e.svg"]);
    }

    #[test]
    fn links_to_documents_go_to_their_pages() {
        let r = render_in(
            "[a](../policies/security.md#scope) [b](release.md) [c](../img/x.png) [d](https://e.org)",
        );
        assert!(r.html.contains("href=\"../../policies/security/index.html#scope\""), "{}", r.html);
        assert!(r.html.contains("href=\"../../sop/release/index.html\""), "{}", r.html);
        assert!(r.html.contains("href=\"../../img/x.png\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://e.org\""), "{}", r.html);
        assert_eq!(r.assets.iter().collect::<Vec<_>>(), ["img/x.png"]);
    }

    #[test]
    fn attachments_with_hash_question_or_percent_in_their_name_are_linked_encoded() {
        let r =
            render_in("[a](../forms/100%25%20done.pdf) [b](a%23b.pdf#p2) [c](q%3F.pdf?x) [d](caf%C3%A9.txt)");
        for href in [
            "../../forms/100%25%20done.pdf",
            "../../sop/a%23b.pdf#p2",
            "../../sop/q%3F.pdf",
            "../../sop/caf%C3%A9.txt",
        ] {
            assert!(r.html.contains(&format!("href=\"{href}\"")), "{href}: {}", r.html);
        }
        // The copies keep the files' own names.
        let assets: Vec<_> = r.assets.iter().map(String::as_str).collect();
        assert_eq!(assets, ["forms/100% done.pdf", "sop/a#b.pdf", "sop/caf\u{e9}.txt", "sop/q?.pdf"]);
    }

    #[test]
    fn links_out_of_the_repository_or_to_its_root_stay_on_the_site() {
        let r = render_in("[a](../../../etc/passwd) [b](..\\\\..\\\\..\\\\x) [c](/) [d](..#top)");
        assert_eq!(r.html.matches("href=\"#\"").count(), 2, "{}", r.html);
        assert!(r.html.contains("href=\"../../\""), "{}", r.html);
        assert!(r.html.contains("href=\"../../#top\""), "{}", r.html);
        assert!(r.assets.is_empty());
    }

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let r = render_in(
            "<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> [x](javascript:alert(1))",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("href=\"#\""), "{}", r.html);
    }

    #[test]
    fn a_first_heading_that_repeats_the_title_is_left_to_the_page() {
        let r = render_in("# Release\n\nText\n\n# Release\n");
        assert_eq!(r.html.matches("<h1").count(), 1, "{}", r.html);
        assert!(r.html.contains("<h1 id=\"release-1\">"), "{}", r.html);
        let r = render_in("# Other\n");
        assert!(r.html.contains("<h1 id=\"other\">Other</h1>"), "{}", r.html);
    }

    #[test]
    fn search_words_are_distinct_lower_case_and_in_order() {
        let r = render_in("Staff SHALL keep *staff* records; Éclair, ÉCLAIR and `éclair` x 42.\n");
        let words: Vec<&str> = r.search.words().into_iter().map(|(w, _)| w).collect();
        assert_eq!(words, ["staff", "shall", "keep", "records", "éclair", "and", "42"]);
    }

    #[test]
    fn heading_ids_are_unique() {
        let r = render_in("# Scope\n\n## Scope\n\n## Scope 1\n\n### `cargo` & co.\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["scope", "scope-1", "scope-1-1", "cargo--co"]);
        assert!(r.html.contains("<h2 id=\"scope-1\">Scope</h2>"), "{}", r.html);
    }

    #[test]
    fn fenced_code_is_highlighted_and_unknown_languages_escaped() {
        let r = render_in("```bash\ncargo test --locked\n```\n\n```nope\n<b>\n```\n");
        assert!(
            r.html.contains("<pre class=\"code\" data-lang=\"bash\" tabindex=\"0\"><code><span class=\"hl-"),
            "{}",
            r.html
        );
        assert!(r.html.contains("&lt;b&gt;"), "{}", r.html);
    }

    /// Whether `href`, followed from the page written at `page` as a browser would (`\` as `/`,
    /// `%2e` as `.`), leads above the site's root or off the site (a scheme).
    fn leaves_the_site(page: &str, href: &str) -> bool {
        let path = href.split(['#', '?']).next().unwrap_or_default();
        let first = path.split(['/', '\\']).next().unwrap_or_default();
        if first.contains(':') || path.starts_with(['/', '\\']) {
            return true;
        }
        let mut at: Vec<&str> = page.split('/').collect();
        at.pop();
        for part in path.split(['/', '\\']) {
            match part.to_ascii_lowercase().replace("%2e", ".").as_str() {
                ".." => {
                    if at.pop().is_none() {
                        return true;
                    }
                }
                _ => at.push(part),
            }
        }
        false
    }

    proptest::proptest! {
        /// The href written for a relative link, from any source path (its page where the build
        /// puts it), stays on the site and below its root (the fuzz target `links` checks the same).
        #[test]
        fn relative_links_never_lead_above_the_site(
            source in proptest::prop_oneof!["[a./\\\\]{0,8}(index)?\\.md", ".*"],
            link in proptest::prop_oneof!["[a./\\\\%2eEF#?: ]{0,16}", ".*"],
        ) {
            let pages = super::super::paths::assign(&[source.as_str()], &[]);
            let page = format!("{}/index.html", pages[&source]);
            let links = Links { source: &source, root: crate::links::Root::default(), files: &BTreeSet::new(), page: &page, pages: &pages, title: "", code: &crate::site::highlight::Direct, images: &BTreeMap::new(), then: None };
            if crate::links::is_relative(&link) {
                let href = rewrite(&link, &links, &mut BTreeSet::new());
                proptest::prop_assert!(!leaves_the_site(&page, &href), "{page} {href}");
            }
        }
    }
}
