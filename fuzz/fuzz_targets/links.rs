//! Fuzz target: the resolver of linked files (attachments) and the hrefs written for them. For
//! any source path and link, what resolve gives is "" (the root) or plain names, so it stays
//! inside the repository and is safe to write below the site; its published name only adds
//! `.txt` to a type a browser would run; and every href the page gets for the link, followed
//! from the page's folder, stays on the site and below its root. The input is the source path,
//! a line break, then the link (so a seed is written by hand; see seed.sh).
#![no_main]
use charta::links::Root;
use charta::site::highlight::Direct;
use charta::site::markdown::{Links, render};

libfuzzer_sys::fuzz_target!(|input: &str| {
    let (source, link) = input.split_once('\n').unwrap_or(("sop/a.md", input));
    if let Some(path) = charta::links::resolve(Root::default(), source, link) {
        assert!(!path.starts_with('/') && !path.contains('\\'), "{path:?}");
        assert!(charta::confine::is_inside(&path), "{path:?}");
        if !path.is_empty() {
            assert!(path.split('/').all(|p| !matches!(p, "" | "." | "..")), "{path:?}");
            assert!(charta::confine::is_plain(&path), "{path:?}");
            let published = charta::links::published_name(&path);
            assert!(charta::confine::is_plain(&published), "{published:?}");
            if charta::links::is_active(&path) {
                assert_eq!(published, format!("{path}.txt"));
            } else {
                assert_eq!(published, path);
            }
        }
    }
    let pages = charta::site::paths::assign(&[source], &[]);
    let page = format!("{}/index.html", pages[source]);
    let files = std::collections::BTreeSet::new();
    let images = std::collections::BTreeMap::new();
    let links =
        Links { source, files: &files, root: Root::default(), page: &page, pages: &pages, title: "", code: &Direct, images: &images, then: None };
    let body = format!("[a](<{link}>) ![i](<{link}>) [r]\n\n[r]: <{link}>\n");
    let html = render(&body, &links, false).html;
    // With the space before it: a URL may hold `src="` itself (`?src=` then the closing quote),
    // never a space, which pulldown-cmark writes as %20.
    for attribute in [" href=\"", " src=\""] {
        for rest in html.split(attribute).skip(1) {
            let href = rest[..rest.find('"').unwrap()].replace("&amp;", "&");
            if href.starts_with('#') || href.starts_with("//") || has_scheme(&href) {
                continue;
            }
            assert!(!climbs(&page, &href), "{page} {href}");
        }
    }
});

/// Whether the href names a scheme (`https:`), as the browser reads it.
fn has_scheme(href: &str) -> bool {
    href.split(['/', '\\', '?', '#']).next().is_some_and(|first| first.contains(':'))
}

/// Whether `href`, followed from the page at `page` as a browser would (`\` as `/`, `%2e` as
/// `.`), leads above the site's root.
fn climbs(page: &str, href: &str) -> bool {
    if href.starts_with(['/', '\\']) {
        return true;
    }
    let path = href.split(['#', '?']).next().unwrap_or_default();
    let mut at: Vec<&str> = page.split('/').collect();
    at.pop();
    for part in path.split(['/', '\\']) {
        if part.to_ascii_lowercase().replace("%2e", ".") != ".." {
            at.push(part);
        } else if at.pop().is_none() {
            return true;
        }
    }
    false
}
