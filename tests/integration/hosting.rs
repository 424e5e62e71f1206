//! What `[site]` gives a site for hosting it: noindex, an icon and a logo, extra style sheets,
//! a static folder published as it is, and links to each document's source on its forge.

use crate::support::{Site, charta};

const HOSTING: &str = r#"noindex = true
static_dir = "static"
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
    // Asked not to be indexed, the site offers no sitemap (and no robots.txt, which would keep
    // crawlers from seeing the request).
    assert!(!site.out().join("sitemap.xml").exists() && !site.out().join("robots.txt").exists());
    // Without the settings: none of it.
    let plain = Site::fixture("mixed");
    assert_eq!(plain.build(&[]).code, 0);
    let page = plain.page("sop/release/index.html");
    assert!(!page.contains("robots") && !page.contains("rel=\"icon\"") && !page.contains("site-logo"));
    assert!(plain.out().join("sitemap.xml").exists());
    // Without `static_dir`, a static folder is not published.
    plain.write("static/CNAME", "x");
    assert_eq!(plain.build(&[]).code, 0);
    assert!(!plain.out().join("CNAME").exists());
}

#[test]
fn the_static_folder_is_published_as_it_is_and_holds_no_documents() {
    let site = hosted("static_dir = \"./static/\"\n");
    site.write("static/.gitignore", "drafts/\n");
    site.write("static/drafts/plan.txt", "not yet");
    site.write("static/node_modules/x/index.txt", "x");
    site.write("static/_headers", "/*\n  Content-Type: text/html\n");
    // Names of the site's own folders and pages give way.
    site.write("static/reviews", "a file named like a folder of the site");
    site.write("static/sop/release/index.html/x.txt", "under a page");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.page("CNAME"), "isms.example.com\n");
    assert_eq!(site.page("img/map.txt"), "map");
    assert!(!site.out().join(".secret").exists(), "a hidden file was published");
    assert_eq!(site.page("notes.md"), "# Not a document\n");
    assert!(!site.out().join("static").exists());
    assert!(!site.out().join("drafts").exists() && !site.out().join("node_modules").exists());
    assert!(!site.out().join("_headers").exists());
    assert_eq!(site.page("_headers.txt"), "/*\n  Content-Type: text/html\n");
    assert!(site.out().join("reviews/index.html").is_file());
    assert!(site.out().join("sop/release/index.html").is_file());
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
        ("static_dir = \".git\"\n", "site.static_dir = \".git\" is inside `.git`, git's own folder"),
        ("static_dir = \"docs/.github\"\n", "site.static_dir = \"docs/.github\" is hidden"),
        ("static_dir = \"public\"\n", "site.static_dir = \"public\" holds the output or the build cache"),
        ("static_dir = \"missing\"\n", "`[site] static_dir = \"missing\"` names no folder"),
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
    site.write("charta.toml", "[site]\nstatic_dir = \"static\"\n");
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
fn a_sitemap_template_of_the_repository_is_not_read_as_it_could_run_script() {
    let site = Site::fixture("mixed");
    site.write(
        "templates/sitemap.xml",
        "<urlset><script xmlns=\"http://www.w3.org/1999/xhtml\">alert(1)</script></urlset>",
    );
    assert_eq!(site.build(&[]).code, 0);
    let sitemap = site.page("sitemap.xml");
    assert!(!sitemap.contains("script") && sitemap.contains("<loc>"), "{sitemap}");
}

#[test]
fn nothing_published_from_site_settings_can_run_scripts_on_the_sites_address() {
    // An SVG logo goes inside the pages (where its scripts never run), not onto the site.
    let site = hosted("logo = \"brand/logo.svg\"\nstatic_dir = \"static\"\n");
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
    for (settings, says) in [
        ("extra_css = [\"static/page.html\"]\n", "is not a `.css` style sheet"),
        ("favicon = \"static/page.html\"\n", "is not an image"),
        ("logo = \"static/feed.rss\"\n", "is not an image"),
    ] {
        let run = hosted(settings).build(&[]);
        assert_eq!(run.code, 2, "{settings}");
        assert!(run.stderr.contains(says), "{}", run.stderr);
    }
}

#[test]
fn forge_links_name_the_file_from_the_repositorys_top_and_the_forge_can_be_named() {
    // charta's root is a folder of a larger repository on a GitLab of the organisation's own.
    let dir = tempfile::tempdir().unwrap();
    git2::Repository::init(dir.path()).unwrap();
    let site = Site::fixture("mixed");
    let root = dir.path().join("isms");
    std::fs::rename(site.root(), &root).unwrap_or_else(|_| crate::support::copy_dir(site.root(), &root));
    let config = std::fs::read_to_string(root.join("charta.toml")).unwrap();
    let settings = "repo_url = \"https://code.example.org/nw/handbook\"\nrepo_forge = \"gitlab\"\n";
    std::fs::write(root.join("charta.toml"), config.replacen("[site]\n", &format!("[site]\n{settings}"), 1))
        .unwrap();
    let out = dir.path().join("out");
    let run = charta(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        "2026-03-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.join("sop/release/index.html")).unwrap();
    assert!(page.contains("https://code.example.org/nw/handbook/-/edit/main/isms/sop/release.md"), "{page}");
}

/// Bug (a hostile review): a release snapshot was built with its tag's own charta.toml, so a
/// team that hides findings (`[site] findings = "hidden"`) or asks search engines to keep out
/// (`noindex`) still published, under `releases/v1/`, today's findings of the release (its
/// rules run now: never published before) and pages without the robots tag; a warm build did
/// not make the snapshot again when the setting changed. Snapshots take both from today's.
#[test]
fn release_snapshots_show_findings_and_ask_robots_as_todays_configuration_says() {
    use crate::history::{V1, policy};
    let r = crate::support::Repo::new();
    let text = policy("1.0", "2025-01-10", V1, "Eight.").replace("owner: alice", "owner: nobody-here");
    let tagged = r.commit("2025-01-10", "Alice", "1.0", &[("policies/access.md", &text)]);
    r.tag("v1", tagged);
    assert_eq!(r.site.build(&[]).code, 0);
    assert!(r.site.out().join("releases/v1/report/index.html").exists());
    let before =
        std::fs::read_to_string(r.site.out().join("releases/v1/policies/access/index.html")).unwrap();
    assert!(before.contains("is not in the roster"), "{before}");
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let hidden = config.replace("[site]\n", "[site]\nfindings = \"hidden\"\nnoindex = true\n");
    r.site.write("charta.toml", &hidden);
    r.commit("2025-02-01", "Alice", "Hide the findings", &[]);
    for (how, extra) in [("warm", &[][..]), ("cold", &["--no-cache"][..])] {
        let run = r.site.build(extra);
        assert_eq!(run.code, 0, "{how}: {}", run.stderr);
        let snapshot = r.site.out().join("releases/v1");
        assert!(!snapshot.join("report/index.html").exists(), "{how}");
        for page in ["index.html", "policies/access/index.html", "register.json"] {
            let text = std::fs::read_to_string(snapshot.join(page)).unwrap();
            assert!(!text.contains("is not in the roster"), "{how}: {page}: {text}");
            if page.ends_with(".html") {
                assert!(text.contains("<meta name=\"robots\" content=\"noindex"), "{how}: {page}");
            }
        }
    }
}
