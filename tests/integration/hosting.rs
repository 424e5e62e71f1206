//! What `[site]` gives a site for hosting it: noindex, an icon and a logo, extra style sheets,
//! a static folder published as it is, and links to each document's source on its forge.

use crate::support::{Site, charta};

const HOSTING: &str = r#"noindex = true
favicon = "brand/icon.png"
logo = "brand/logo.png"
extra_css = ["brand/house.css"]
repo_url = "https://github.com/northwind/isms"
repo_branch = "release/2026"
"#;

/// The `mixed` fixture with `[site]` settings for hosting, and the files they name.
fn hosted(settings: &str) -> Site {
    let site = Site::fixture("mixed");
    let config = std::fs::read_to_string(site.root().join("charta.toml")).unwrap();
    site.write("charta.toml", &config.replacen("[site]\n", &format!("[site]\n{settings}"), 1));
    site.write("brand/icon.png", "icon");
    site.write("brand/logo.png", "logo");
    site.write("brand/house.css", ".site-title { color: teal; }");
    site.write("static/CNAME", "isms.example.com\n");
    site.write("static/img/map.txt", "map");
    site.write("static/.secret", "hidden");
    site.write("static/notes.md", "# Not a document\n");
    site
}

#[test]
fn site_settings_put_icon_logo_styles_and_noindex_on_every_page() {
    let site = hosted(HOSTING);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("sop/release/index.html");
    for needle in [
        r#"<meta name="robots" content="noindex, nofollow">"#,
        r#"<link rel="icon" href="../../assets/site/icon.png">"#,
        r#"<link rel="stylesheet" href="../../assets/site/house.css">"#,
        r#"<img class="site-logo" src="../../assets/site/logo.png" alt="">"#,
    ] {
        assert!(page.contains(needle), "{needle} not in the page");
    }
    assert!(site.page("index.html").contains(r#"<link rel="icon" href="assets/site/icon.png">"#));
    assert_eq!(site.page("assets/site/house.css"), ".site-title { color: teal; }");
    assert_eq!(site.page("assets/site/icon.png"), "icon");
    assert_eq!(
        site.page("robots.txt").lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>(),
        ["User-agent: *", "Disallow: /"]
    );
    // Without the settings: none of it.
    let plain = Site::fixture("mixed");
    assert_eq!(plain.build(&[]).code, 0);
    let page = plain.page("sop/release/index.html");
    assert!(!page.contains("robots") && !page.contains("rel=\"icon\"") && !page.contains("site-logo"));
    assert!(!plain.out().join("robots.txt").exists());
}

#[test]
fn the_static_folder_is_published_as_it_is_and_holds_no_documents() {
    let site = hosted("");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.page("CNAME"), "isms.example.com\n");
    assert_eq!(site.page("img/map.txt"), "map");
    assert!(!site.out().join(".secret").exists(), "a hidden file was published");
    assert_eq!(site.page("notes.md"), "# Not a document\n");
    assert!(!site.out().join("static").exists());
    // A warm build sees a changed static file, as a cold one would.
    site.write("static/img/map.txt", "new map");
    assert_eq!(site.build(&[]).code, 0);
    assert_eq!(site.page("img/map.txt"), "new map");
}

#[test]
fn document_pages_link_to_their_source_and_editor_on_the_forge() {
    let site = hosted(HOSTING);
    assert_eq!(site.build(&[]).code, 0);
    let page = site.page("sop/release/index.html");
    assert!(
        page.contains(r#"<a href="https://github.com/northwind/isms/blob/release/2026/sop/release.md">View the source</a>"#),
        "{page}"
    );
    assert!(page.contains(
        r#"<a href="https://github.com/northwind/isms/edit/release/2026/sop/release.md">Propose a change</a>"#
    ));
    for (url, source, edit) in [
        (
            "https://gitlab.com/nw/isms.git",
            "https://gitlab.com/nw/isms/-/blob/main/sop/release.md",
            "https://gitlab.com/nw/isms/-/edit/main/sop/release.md",
        ),
        (
            "https://codeberg.org/nw/isms/",
            "https://codeberg.org/nw/isms/src/branch/main/sop/release.md",
            "https://codeberg.org/nw/isms/_edit/main/sop/release.md",
        ),
    ] {
        let site = hosted(&format!("repo_url = \"{url}\"\n"));
        assert_eq!(site.build(&[]).code, 0);
        let page = site.page("sop/release/index.html");
        assert!(page.contains(source) && page.contains(edit), "{url}");
    }
}

#[test]
fn a_site_file_that_is_not_in_the_repository_stops_the_build_naming_its_setting() {
    for (settings, says) in [
        (
            "favicon = \"brand/missing.png\"\n",
            "`site.favicon` names \"brand/missing.png\", which is not a file",
        ),
        ("logo = \"../outside.png\"\n", "site.logo = \"../outside.png\" is outside the repository"),
        (
            "extra_css = [\"brand/house.css\", \"other/house.css\"]\n",
            "both would be published as assets/site/house.css",
        ),
        ("static_dir = \".\"\n", "site.static_dir = \".\" names the repository's own folder"),
    ] {
        let site = hosted(settings);
        site.write("other/house.css", "x");
        let run = site.build(&[]);
        assert_eq!(run.code, 2, "{settings}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{settings}: {}", run.stderr);
        assert!(!site.out().exists(), "{settings}: a site was written");
    }
    let run = charta(&["check", "--root", hosted("").root().to_str().unwrap(), "--today", "2026-03-01"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
}

#[test]
fn markdown_in_the_static_folder_is_no_document_when_every_file_is_read() {
    // Without configured collections every Markdown file under the root is a document, but
    // not those of the static folder, which are published as they are.
    let site = Site::fixture("zero-config");
    site.write("static/notes.md", "# Not a document\n");
    let run = charta(&["check", "--root", site.root().to_str().unwrap(), "--format", "json"]);
    assert!(!run.stdout.contains("static/notes.md"), "{}", run.stdout);
    assert_eq!(site.build(&[]).code, 0);
    assert_eq!(site.page("notes.md"), "# Not a document\n");
    assert!(!site.out().join("static").exists());
}

#[test]
fn the_sitemap_dates_each_document_page_by_its_last_change_in_git() {
    let r = crate::support::Repo::of(Site::fixture("mixed"));
    r.commit("2025-01-10", "Alice", "first", &[]);
    let text = std::fs::read_to_string(r.site.root().join("sop/release.md")).unwrap();
    r.commit(
        "2025-06-02",
        "Alice",
        "release procedure",
        &[("sop/release.md", &format!("{text}\nOne more line.\n"))],
    );
    assert_eq!(r.site.build(&[]).code, 0);
    let sitemap = r.site.page("sitemap.xml");
    assert!(
        sitemap.contains("<url><loc>https://isms.example.com/sop/release/index.html</loc><lastmod>2025-06-02</lastmod></url>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://isms.example.com/policies/information-security/index.html</loc><lastmod>2025-01-10</lastmod>"));
    // A listing page has no date of its own.
    assert!(sitemap.contains("<url><loc>https://isms.example.com/index.html</loc></url>"), "{sitemap}");
}

#[test]
fn a_sitemap_template_in_the_repository_overrides_the_built_in_one() {
    let site = Site::fixture("mixed");
    site.write(
        "templates/sitemap.xml",
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{% for u in urls %}<url><loc>{{ u.loc }}</loc><priority>0.5</priority></url>{% endfor %}</urlset>",
    );
    assert_eq!(site.build(&[]).code, 0);
    assert!(site.page("sitemap.xml").contains("<priority>0.5</priority>"));
}

#[test]
fn nothing_published_from_site_settings_can_run_scripts_on_the_sites_address() {
    // An SVG logo goes inside the pages (where its scripts never run), not onto the site.
    let site = hosted("logo = \"brand/logo.svg\"\n");
    site.write("brand/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
    site.write("static/page.html", "<script>alert(1)</script>");
    site.write("static/img/diagram.svg", "<svg/>");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("index.html").contains(r#"<img class="site-logo" src="data:image/svg+xml;base64,"#));
    assert!(!site.out().join("assets/site/logo.svg").exists());
    // The static folder's active files are published as text, as linked attachments are.
    assert!(!site.out().join("page.html").exists() && !site.out().join("img/diagram.svg").exists());
    assert_eq!(site.page("page.html.txt"), "<script>alert(1)</script>");
    assert_eq!(site.page("img/diagram.svg.txt"), "<svg/>");
    // A style sheet or icon that is a page is refused.
    for settings in ["extra_css = [\"static/page.html\"]\n", "favicon = \"static/page.html\"\n"] {
        let site = hosted(settings);
        site.write("static/page.html", "<script>alert(1)</script>");
        let run = site.build(&[]);
        assert_eq!(run.code, 2, "{settings}");
        assert!(run.stderr.contains("a file a browser could run scripts from"), "{}", run.stderr);
    }
}
