//! Unit tests of [`super`].

use super::*;

#[test]
fn resolution() {
    assert_eq!(resolve(Root::default(), "sop/a.md", "../policies/b.md#x").as_deref(), Some("policies/b.md"));
    assert_eq!(resolve(Root::default(), "sop/a.md", "./c%20d.md?q").as_deref(), Some("sop/c d.md"));
    assert_eq!(resolve(Root::default(), "sop/a.md", "/img/x.png").as_deref(), Some("img/x.png"));
    assert_eq!(resolve(Root::default(), "a.md", "../../x.md"), None);
    // From the root: the configured root, which a link cannot climb out of either, after
    // the site's own path.
    let content = Root { folder: "content", ..Root::default() };
    let site = Root { folder: "", url_path: "security-policies", origin: "https://example.org" };
    assert_eq!(resolve(site, "a/b.md", "/security-policies/vendor/").as_deref(), Some("vendor"));
    assert_eq!(resolve(site, "a/b.md", "/security-policies").as_deref(), Some(""));
    assert_eq!(
        resolve(site, "a/b.md", "/security-policies-old/x").as_deref(),
        Some("security-policies-old/x")
    );
    assert_eq!(
        site.elsewhere("/privacy-policy/#x").as_deref(),
        Some("https://example.org/privacy-policy/#x")
    );
    for inside in ["/security-policies/", "/security-policies", "/security-policies#a", "x.md", "//cdn/x"] {
        assert_eq!(site.elsewhere(inside), None, "{inside}");
    }
    assert_eq!(content.elsewhere("/privacy-policy/"), None, "no base_url: the repository's root");
    assert_eq!(resolve(content, "content/a/b.md", "/handbook/x/").as_deref(), Some("content/handbook/x"));
    assert_eq!(resolve(content, "content/a/b.md", "../c.md").as_deref(), Some("content/c.md"));
    assert_eq!(resolve(content, "a.md", "/../../x"), None);
    assert!(!is_relative("{{ cr.url }}") && !is_relative("docs/{% link x %}"));
    // Where a link from the root may lead when charta.toml does not say: Hugo's `content/`,
    // and the site's own path (its first folder) left out.
    let none = Root::default();
    assert_eq!(
        candidates(none, "a/b.md", "/security-policies/vendor/"),
        ["security-policies/vendor", "content/security-policies/vendor", "vendor"]
    );
    assert_eq!(candidates(none, "a/b.md", "/privacy/"), ["privacy", "content/privacy"]);
    assert_eq!(candidates(none, "a/b.md", "../c.md"), ["c.md"]);
    assert_eq!(candidates(content, "a/b.md", "/x/y"), ["content/x/y", "content/y"]);
    let files = std::collections::BTreeSet::from(["vendor/index.md".to_owned()]);
    assert_eq!(locate(none, "a/b.md", "/security-policies/vendor/", &files).as_deref(), Some("vendor"));
    assert_eq!(locate(none, "a/b.md", "/privacy/", &files).as_deref(), Some("privacy"));
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
fn a_link_without_an_extension_may_name_a_markdown_page() {
    let files = std::collections::BTreeSet::from(["a/review.md".to_owned(), "forms/x/f.pdf".to_owned()]);
    for (target, found) in [
        ("a/review", true),
        ("forms", true),
        ("forms/x", true),
        ("", true),
        ("a/rev", false),
        ("a/review.pdf", false),
    ] {
        assert_eq!(exists(target, &files), found, "{target}");
    }
    assert_eq!(page_source("a/review").as_deref(), Some("a/review.md"));
    assert_eq!(page_source("a/f.pdf"), None);
    assert_eq!(page_source(""), None);
}

#[test]
fn resolved_paths_are_plain_whatever_the_source_path_holds() {
    for (source, link, resolved) in [
        ("/a.md", "x.pdf", Some("x.pdf")),
        ("a//b/../c.md", "x.pdf", Some("a/x.pdf")),
        ("sop/a.md", "..\\b.pdf", Some("b.pdf")),
        ("sop/a.md", "..\\..\\x", None),
        ("sop/a.md", "\\img\\x.png", Some("img/x.png")),
        ("../a.md", "x.pdf", None),
        ("a.md", ".", Some("")),
        ("a.md", "..%2F..%2Fetc", None),
    ] {
        assert_eq!(resolve(Root::default(), source, link).as_deref(), resolved, "{source} {link}");
    }
}

#[test]
fn hrefs_encode_what_a_url_would_read_otherwise() {
    for (path, written) in [
        ("forms/100% done.pdf", "forms/100%25%20done.pdf"),
        ("a#b.pdf", "a%23b.pdf"),
        ("q?.pdf", "q%3F.pdf"),
        ("c:x.pdf", "c%3Ax.pdf"),
        ("caf\u{e9}/\"<x>\".pdf", "caf%C3%A9/%22%3Cx%3E%22.pdf"),
        ("plain/file-1_(2).pdf", "plain/file-1_(2).pdf"),
    ] {
        assert_eq!(href(path), written, "{path}");
    }
}

#[test]
fn links_carry_file_lines() {
    let doc = Document::parse(
        "sop/a.md",
        0,
        "---\nid: A\n---\n# T\n\nSee [b](b.md) and\n![i](img/x.png) [w](https://w).\n[root](/forms/f.pdf) [cdn](//cdn/x)\n",
    );
    let links = relative_links(&doc, &Documents::default());
    let got: Vec<_> = links.iter().map(|l| (l.value.as_str(), l.span.line)).collect();
    // Regression: links from the root were left out, so a dead one was never reported.
    assert_eq!(got, [("b.md", 6), ("img/x.png", 7), ("/forms/f.pdf", 8)]);
    assert_eq!(links[0].span.col, 5);
}

#[test]
fn reference_links_and_bodies_without_links() {
    let doc = Document::parse("a.md", 0, "See [the SOP][sop] and [b].\n\n[sop]: sop/x.md\n[b]:\n  b.md\n");
    let got: Vec<_> = relative_links(&doc, &Documents::default()).into_iter().map(|l| l.value).collect();
    assert_eq!(got, ["sop/x.md", "b.md"]);
    let doc = Document::parse("a.md", 0, "No [links] here, only [brackets] (and parentheses).\n");
    assert!(relative_links(&doc, &Documents::default()).is_empty());
}

/// The library's documents, for [`relative_links`].
fn documents(paths: &[&str]) -> Documents {
    paths.iter().map(|p| (*p).to_owned()).collect()
}

#[test]
fn links_to_documents_only_are_read_without_parsing_and_anything_else_is_parsed() {
    let body = "---\nid: A\n---\n# T\n\nSee [b](b.md), [c](../c.md#x) and [w](https://w).\n";
    let doc = Document::parse("sop/a.md", 0, body);
    let known = documents(&["sop/b.md", "c.md"]);
    let got: Vec<_> = relative_links(&doc, &known).into_iter().map(|l| (l.value, l.span.line)).collect();
    assert_eq!(got, [("b.md".to_owned(), 6), ("../c.md#x".to_owned(), 6)]);
    // A code block's `](...)` to nothing is no link: the body is parsed, and it is left out.
    let body = "---\nid: A\n---\nSee [b](b.md).\n\n```\nx = a[0](gone.md)\n```\n";
    let doc = Document::parse("sop/a.md", 0, body);
    let got: Vec<_> = relative_links(&doc, &known).into_iter().map(|l| l.value).collect();
    assert_eq!(got, ["b.md"]);
    // So is one written in a way the quick reading does not follow, and a link from the root.
    // (`b.md\)` is the file `b.md)`: read as `b.md\`, it would be taken for `b.md`.)
    for link in ["<b.md>", "b.md\\)", "b.md&#41;", "(b).md", "/sop/b.md", "../sop/b.md\x0b"] {
        let doc = Document::parse("sop/a.md", 0, format!("See [b]({link}).\n"));
        assert_eq!(relative_links(&doc, &known), scan(&doc), "{link}");
    }
}

/// Regression: a destination on the line after its `](` or `]:` was read with the line's start,
/// which in a block quote is the quote's `>`: `>/../b.md` led to `b.md`, the parser's `/../b.md`
/// out of the repository, and the broken link went unreported.
#[test]
fn a_destination_on_the_next_line_is_parsed() {
    let known = documents(&["policies/b.md"]);
    for body in ["> See [the policy](\n>/../b.md).\n", "> [r]:\n>/../b.md\n\nSee [r].\n", "[a](\nb.md)\n"] {
        let doc = Document::parse("policies/a.md", 0, body);
        assert_eq!(relative_links(&doc, &known), scan(&doc), "{body}");
    }
}

/// What [`normalised`] makes, made the plain way: every name in a list, `..` taking the last
/// one off, the list joined.
fn read_in_turn(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in folder.split(['/', '\\']).chain(path.split(['/', '\\'])) {
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

/// Names of folders and links, plain and not.
const NAMES: [&str; 12] = ["a", "b.md", ".", "..", "", "x\\y", "é", "x y", "...", "%2e%2E", "%5C", "c%2Fd"];

proptest::proptest! {
    /// Every link the parser finds has its destination among what the quick reading finds,
    /// written the same, whatever the body: code spans and blocks, escapes, entities, tables,
    /// titles, definitions, brackets within brackets, spaces other than ASCII's.
    #[test]
    fn the_quick_reading_finds_every_link_the_parser_does(pieces in proptest::collection::vec(
        proptest::sample::select(&[
            "[a](", "[a]: ", "[a]", "](", "]:", "x.md", "y.md", ")", "(", "`", "```\n", "\n    ", "<", ">", "\\",
            "&amp;", "|", "\n", "\n\n", " ", "\t", "\"t\"", "- ", "> ", "[^1]", "!", "é", "\u{a0}",
            "%20", "#h", "/", "../", "| a | b |\n|---|---|\n", "<!-- ", " -->", "*",
        ][..]), 0..28)) {
        let doc = Document::parse("a.md", 0, pieces.concat());
        let parsed = scan(&doc);
        let quick = relative_links(&doc, &documents(&["x.md", "y.md"]));
        for link in &parsed {
            proptest::prop_assert!(quick.iter().any(|q| q.value == link.value), "{:?} not in {:?}", link, quick);
        }
        if let Some(written) = written(doc.body()) {
            for link in &parsed {
                proptest::prop_assert!(written.iter().any(|(_, w)| *w == link.value), "{:?}", link);
            }
        }
    }

    /// A link resolves to the path that reading each name in turn into a list makes: with `.`,
    /// `..`, empty names, backslashes and their `%` escapes about.
    #[test]
    fn a_link_resolves_as_each_name_read_in_turn(
        folder in proptest::collection::vec(proptest::sample::select(&NAMES[..]), 0..4),
        path in proptest::collection::vec(proptest::sample::select(&NAMES[..]), 1..5),
    ) {
        let (folder, path) = (folder.join("/"), path.join("/"));
        // `resolve` decodes the link's `%` escapes first (a folder is a path on disk, never
        // decoded); a link from the root is read from the site's folder, not the document's.
        let decoded = percent_encoding::percent_decode_str(&path).decode_utf8_lossy();
        proptest::prop_assume!(!decoded.starts_with(['/', '\\']));
        let source = if folder.is_empty() { "doc.md".to_owned() } else { format!("{folder}/doc.md") };
        proptest::prop_assert_eq!(resolve(Root::default(), &source, &path), read_in_turn(&folder, &decoded));
        proptest::prop_assert_eq!(normalised(&folder, &decoded), read_in_turn(&folder, &decoded));
    }

    /// Skipping bodies without `](` or `]:` never loses a link the parser would find.
    #[test]
    fn the_shortcut_loses_no_link(pieces in proptest::collection::vec(proptest::sample::select(&[
        "[a]", "[a]: x.md", "\n[a]:", " x.md", "![", "[", "]", "(", ")", "(x.md)", ":", "\n", "\n\n",
        " ", "`", "> ", "- ", "<x.md>", "\\",
    ][..]), 0..24)) {
        let doc = Document::parse("a.md", 0, pieces.concat());
        proptest::prop_assert_eq!(relative_links(&doc, &Documents::default()), scan(&doc));
    }

    /// What publishing a linked file relies on, for any source path and link (the fuzz
    /// target `links` checks the same): the path is "" (the root) or plain names, so it is
    /// inside the repository and safe to write below the site; its published name adds
    /// `.txt` to an active type and nothing else; its href decodes back to it, names no
    /// other place (no `#`, `?`, `\`, scheme) and has no dot segment a browser would follow.
    #[test]
    fn resolved_links_are_safe_to_publish(
        source in proptest::prop_oneof!["[a./\\\\]{0,8}", ".*"],
        link in proptest::prop_oneof!["[a./\\\\%2eEF#?: ]{0,16}", ".*"],
    ) {
        use proptest::{prop_assert, prop_assert_eq};
        let Some(path) = resolve(Root::default(), &source, &link) else { return Ok(()) };
        prop_assert!(!path.starts_with('/') && !path.contains('\\'), "{path:?}");
        prop_assert!(crate::confine::is_inside(&path), "{path:?}");
        if path.is_empty() {
            return Ok(());
        }
        prop_assert!(path.split('/').all(|p| !matches!(p, "" | "." | "..")), "{path:?}");
        prop_assert!(crate::confine::is_plain(&path), "{path:?}");
        let published = published_name(&path);
        prop_assert!(crate::confine::is_plain(&published), "{published:?}");
        if is_active(&path) {
            prop_assert_eq!(published.as_ref(), format!("{path}.txt"));
        } else {
            prop_assert_eq!(published.as_ref(), path.as_str());
        }
        let written = href(&published);
        prop_assert_eq!(percent_encoding::percent_decode_str(&written).decode_utf8_lossy(), published.as_ref());
        prop_assert!(!written.contains(['#', '?', '\\', ':', ' ']), "{written:?}");
        let dots = |p: &str| matches!(p.to_ascii_lowercase().replace("%2e", ".").as_str(), "." | "..");
        prop_assert!(!written.split('/').any(dots), "{written:?}");
    }
}
