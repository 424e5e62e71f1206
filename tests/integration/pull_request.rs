//! A pull request is hostile: every file of the repository, `charta.toml` and `roster.yaml`
//! included, may be a stranger's. Each attack here is one such pull request; charta must read,
//! write, copy and delete nothing outside the repository because of it, and publish nothing
//! hidden or ignored.

use crate::support::{Site, charta};
use std::path::Path;

fn zero_config() -> Site {
    Site::fixture("zero-config")
}

/// Every file under `dir`, relative.
fn files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn links_to_git_config_dotenv_and_ignored_files_publish_nothing() {
    let site = zero_config();
    site.write(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n");
    site.write(".env", "TOKEN=secret\n");
    site.write(".gitignore", "secrets/\n*.key\n");
    site.write("secrets/token.txt", "secret\n");
    site.write("deploy.key", "secret\n");
    site.write("forms/form.pdf", "%PDF-1.4\n");
    site.write(
        "leak.md",
        "---\ntitle: Leak\n---\n[a](.git/config) [b](.env) [c](secrets/token.txt) [d](deploy.key) \
         [e](./.git/config#x) [f](forms/form.pdf)\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = files(&site.out());
    for secret in [".git/config", ".env", "secrets/token.txt", "deploy.key"] {
        assert!(!published.iter().any(|f| f == secret), "{secret} was published: {published:?}");
        assert!(
            run.stderr.contains(&format!("`{secret}` (line 4: `{secret}` not on the site)")),
            "{secret}: {}",
            run.stderr
        );
    }
    assert!(!published.iter().any(|f| f.contains("secret") || f.starts_with(".git")), "{published:?}");
    // The finding says the file is there, and why it is not on the site.
    assert!(run.stderr.contains("[document/broken-link]: 5 links point to nothing"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Files not on the site are there, but hidden, not tracked by git"),
        "{}",
        run.stderr
    );
    // An ordinary attachment is still published.
    assert!(published.iter().any(|f| f == "forms/form.pdf"), "{published:?}");
}

#[test]
fn output_and_cache_folders_outside_the_repository_are_refused() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("repo");
    std::fs::create_dir_all(root.join("policies")).unwrap();
    std::fs::write(root.join("policies/a.md"), "---\ntitle: A\n---\nbody\n").unwrap();
    std::fs::create_dir_all(parent.path().join("victim/replaced-site")).unwrap();
    std::fs::write(parent.path().join("victim/replaced-site/keep.txt"), "mine").unwrap();
    for (toml, line) in [
        ("[site]\noutput_dir = \"../outside/.local\"\n", "line 2: site.output_dir"),
        ("[site]\ncache_dir = \"../victim\"\n", "line 2: site.cache_dir"),
        ("roster = \"../victim/replaced-site/keep.txt\"\n", "line 1: roster"),
        ("[[collections]]\npath = \"..\"\nkind = \"policy\"\n", "line 2: collections.path"),
    ] {
        std::fs::write(root.join("charta.toml"), toml).unwrap();
        for command in ["build", "check"] {
            let run = charta(&[command, "--root", root.to_str().unwrap(), "--today", "2026-03-01"]);
            assert_eq!(run.code, 2, "{command} {toml}: {}", run.stderr);
            assert!(
                run.stderr.contains(line) && run.stderr.contains("outside the repository"),
                "{}",
                run.stderr
            );
        }
    }
    assert!(!parent.path().join("outside").exists());
    assert_eq!(std::fs::read_to_string(parent.path().join("victim/replaced-site/keep.txt")).unwrap(), "mine");
    // The operator's --out may point anywhere.
    std::fs::remove_file(root.join("charta.toml")).unwrap();
    let out = parent.path().join("site");
    let run = charta(&["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("index.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_cannot_lead_the_output_cache_roster_or_templates_outside() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("people.yaml"), "people: []\n").unwrap();
    std::fs::write(outside.path().join("base.html"), "{{ site.title }}").unwrap();
    for (setup, expect) in [
        ("public", "site.output_dir `public` goes through the symbolic link"),
        (".charta-cache", "site.cache_dir `.charta-cache` goes through the symbolic link"),
        ("roster.yaml", "roster `roster.yaml` goes through the symbolic link"),
        ("templates", "the templates folder `templates` goes through the symbolic link"),
        ("templates/base.html", "is a symbolic link"),
    ] {
        let site = zero_config();
        let target = match setup {
            "roster.yaml" => outside.path().join("people.yaml"),
            "templates/base.html" => outside.path().join("base.html"),
            _ => outside.path().to_owned(),
        };
        if setup == "templates/base.html" {
            std::fs::create_dir_all(site.root().join("templates")).unwrap();
        }
        std::os::unix::fs::symlink(&target, site.root().join(setup)).unwrap();
        let run = site.build(&[]);
        assert_eq!(run.code, 2, "{setup}: {}", run.stderr);
        assert!(run.stderr.contains(expect), "{setup}: {}", run.stderr);
        let left: Vec<String> = files(outside.path());
        assert_eq!(left.len(), 2, "{setup}: something was written outside: {left:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_linked_executable_is_published_without_its_exec_bits() {
    use std::os::unix::fs::PermissionsExt;
    let site = zero_config();
    site.write("bin/git", "#!/bin/sh\necho pwned\n");
    std::fs::set_permissions(site.root().join("bin/git"), std::fs::Permissions::from_mode(0o755)).unwrap();
    site.write("tools.md", "---\ntitle: Tools\n---\nSee [the tool](bin/git).\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mode = std::fs::metadata(site.out().join("bin/git")).unwrap().permissions().mode();
    assert_eq!(mode & 0o111, 0, "published with mode {mode:o}");
}

#[test]
fn a_cache_folder_that_is_someone_elses_is_never_deleted() {
    let site = zero_config();
    // `cache_dir` names a folder of the repository whose `replaced-site` charta did not make.
    site.write("charta.toml", "[site]\ncache_dir = \"records\"\n");
    site.write("records/replaced-site/evidence.txt", "kept");
    for _ in 0..2 {
        let run = site.build(&[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join("records/replaced-site/evidence.txt")).unwrap(),
        "kept"
    );
}

/// Bug (a hostile pull request's review): files a web host obeys, linked from a document, were
/// published as they were (`/_redirects` at the site's top; see `links::tests`).
#[test]
fn linked_files_a_web_host_obeys_are_published_as_text() {
    let site = zero_config();
    site.write("_redirects", "/* https://elsewhere.example/:splat 200\n");
    site.write("forms/web.config", "<configuration/>\n");
    site.write("host.md", "---\ntitle: Host\n---\n[r](/_redirects) [w](forms/web.config)\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = files(&site.out());
    for (obeyed, text) in [("_redirects", "_redirects.txt"), ("forms/web.config", "forms/web.config.txt")] {
        assert!(!published.iter().any(|f| f == obeyed), "{obeyed} published as it is: {published:?}");
        assert!(published.iter().any(|f| f == text), "{text}: {published:?}");
    }
    assert!(site.page("host/index.html").contains("href=\"../forms/web.config.txt\""));
}

#[test]
fn linked_html_svg_and_scripts_are_published_as_text_not_run_on_the_site() {
    let site = zero_config();
    site.write("evidence/scan.html", "<script>fetch('/steal?c='+document.cookie)</script>");
    site.write(
        "img/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    site.write("tools/x.js", "alert(1)");
    site.write("img/logo.png", "png");
    site.write(
        "active.md",
        "---\ntitle: Active\n---\n[scan](evidence/scan.html#top) ![d](img/diagram.svg) [source](img/diagram.svg) [js](tools/x.js) ![l](img/logo.png)\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = files(&site.out());
    for active in ["evidence/scan.html", "img/diagram.svg", "tools/x.js"] {
        assert!(!published.iter().any(|f| f == active), "{active} published as it is: {published:?}");
        assert!(published.iter().any(|f| *f == format!("{active}.txt")), "{active}: {published:?}");
    }
    let page = site.page("active/index.html");
    assert!(page.contains("href=\"../evidence/scan.html.txt#top\""), "{page}");
    // Shown as an image, an SVG is inside the page, where its scripts never run; linked, it is
    // text like the others.
    assert!(page.contains("src=\"data:image/svg+xml;base64,"), "{page}");
    assert!(page.contains("href=\"../img/diagram.svg.txt\""), "{page}");
    assert!(page.contains("src=\"../img/logo.png\""), "{page}");
    // Every page forbids scripts that are not the site's own files.
    for page in ["index.html", "active/index.html", "404.html"] {
        assert!(site.page(page).contains("script-src 'self'"), "{page} has no Content-Security-Policy");
    }
}

#[test]
fn a_document_named_like_a_file_the_site_writes_does_not_stop_the_build() {
    let site = zero_config();
    site.write("index.html.md", "---\ntitle: Index trap\n---\nbody\n");
    site.write("sitemap.xml.md", "---\ntitle: Sitemap trap\n---\nbody\n");
    site.write("feed.xml.md", "---\ntitle: Feed trap\n---\nbody\n");
    site.write("index.html/inner.md", "---\ntitle: Inner trap\n---\nbody\n");
    // A linked file where a document's page has its folder.
    site.write("guide.md", "---\ntitle: Guide\n---\nSee [the file](guide).\n");
    site.write("guide", "plain file");
    // A linked file where a page has a folder above it (`x-html/b/` from `x.html/b.md`).
    site.write("x.html/b.md", "---\ntitle: Nested\n---\nSee [the file](../x-html).\n");
    site.write("x-html", "plain file");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("index.html").contains("Index trap"), "the register lists the document");
    assert!(site.page("index-html/index.html").contains("Index trap"));
    assert!(site.page("sitemap-xml/index.html").contains("Sitemap trap"));
    assert!(site.page("feed-xml/index.html").contains("Feed trap"));
    assert!(site.page("index-html/inner/index.html").contains("Inner trap"));
    assert!(site.page("guide/index.html").contains("Guide"));
    assert!(site.page("x-html/b/index.html").contains("Nested"));
}

/// Bug (a hostile pull request's review): a document where the site writes a page or a file of
/// its own (`people/alice.md` for a person of the roster, `register.csv.md`) stopped the whole
/// build: "two pages of the site would both be written", "cannot write register.csv".
#[test]
fn a_document_in_a_folder_of_the_sites_own_pages_does_not_stop_the_build() {
    let site = zero_config();
    site.write("roster.yaml", "people:\n  - id: alice\n    name: Alice\n    roles: [CEO]\n");
    site.write("people/alice.md", "---\ntitle: Person trap\n---\nbody\n");
    site.write("register.csv.md", "---\ntitle: CSV trap\n---\nbody\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.page("people/alice/index.html").contains("Alice"));
    assert!(site.page("people-2/alice/index.html").contains("Person trap"));
    assert!(site.page("register-csv/index.html").contains("CSV trap"));
    assert!(site.page("register.csv").starts_with("ID,"), "the register's CSV is the site's own");
}

#[test]
fn a_refused_output_gets_no_lock_or_sweep_beside_it() {
    let site = zero_config();
    let name = site.root().file_name().unwrap().to_string_lossy().into_owned();
    // What a killed build into the repository's folder would have left: the sweep's to remove,
    // but only for a build that may write there.
    let leftover = site.root().with_file_name(format!(".{name}.charta-new-abc123"));
    std::fs::create_dir_all(&leftover).unwrap();
    std::fs::write(leftover.join(".charta-site"), "").unwrap();
    let dotdot = site.root().join("notes/..");
    for out in [site.root().to_str().unwrap(), dotdot.to_str().unwrap()] {
        let run = site.build(&["--out", out]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
    }
    let kept = leftover.join(".charta-site").is_file();
    let _ = std::fs::remove_dir_all(&leftover);
    assert!(kept, "a refused build swept beside the repository");
    assert!(!site.root().with_file_name(format!(".{name}.charta-lock")).exists());
}

#[cfg(unix)]
#[test]
fn charta_new_wrote_a_document_through_a_linked_collection_folder() {
    let outside = tempfile::tempdir().unwrap();
    let site = zero_config();
    site.write("policies/a.md", "---\ntitle: A\n---\nbody\n");
    std::os::unix::fs::symlink(outside.path(), site.root().join("sop")).unwrap();
    let root = site.root().to_str().unwrap();
    let run =
        charta(&["new", "sop", "Backups", "--author", "someone", "--root", root, "--today", "2026-03-01"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("goes through the symbolic link"), "{}", run.stderr);
    assert!(files(outside.path()).is_empty(), "written outside: {:?}", files(outside.path()));
}

#[test]
fn a_template_of_the_repository_cannot_leave_out_the_content_security_policy() {
    let site = zero_config();
    site.write(
        "templates/base.html",
        "<!DOCTYPE html>\n<html><head><script>steal()</script><title>{% block title %}{% endblock title %}</title></head>\
         <body>{% block content %}{% endblock content %}</body></html>\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("index.html");
    let policy = page.find("script-src 'self'").expect("the page has the policy");
    assert!(
        policy < page.find("<script>steal()").unwrap(),
        "the policy comes before the template's script: {page}"
    );
}

/// Bug (a hostile pull request's review): the paths a CI job gives charta (`--root isms`, `-c
/// ci.toml`, `--output charta.sarif`, `export`'s `.part` file, `init`'s `.gitignore`) were
/// followed through links the pull request committed at those names: charta read and published
/// a folder outside the repository, printed the lines of an outside file in a TOML error, and
/// overwrote outside files with its reports and bundles. Each is refused, and nothing outside
/// changes.
#[cfg(unix)]
#[test]
fn paths_given_on_the_command_line_do_not_follow_links_the_pull_request_commits() {
    let site = zero_config();
    site.write(".git/HEAD", "ref: refs/heads/main\n");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.md"), "---\nid: SECRET-1\n---\n# Secret\n").unwrap();
    std::fs::write(outside.path().join("victim"), "ORIGINAL").unwrap();
    let root = site.root();
    let link = |name: &str, to: &Path| std::os::unix::fs::symlink(to, root.join(name)).unwrap();
    link("isms", outside.path());
    link("ci.toml", &outside.path().join("victim"));
    link("charta.sarif", &outside.path().join("victim"));
    link("charta-evidence.zip.part", &outside.path().join("victim"));
    link(".gitignore", &outside.path().join("victim"));
    let runs: &[&[&str]] = &[
        &["check", "--root", "isms"],
        &["build", "--root", "isms", "--out", "site"],
        &["check", "-c", "ci.toml"],
        &["check", "--format", "sarif", "--output", "charta.sarif"],
        &["export"],
        &["init", "."],
        &["init", "isms"],
    ];
    for args in runs {
        let run = crate::support::charta_in(root, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("symbolic link"), "{args:?}: {}", run.stderr);
    }
    assert_eq!(std::fs::read_to_string(outside.path().join("victim")).unwrap(), "ORIGINAL");
    assert!(!root.join("site").exists());
}

/// Bug (a hostile review's r3.sh): in a git repository, a file git does not track and no ignore
/// file names (`gcp-key.json`, written into the checkout by an earlier step of the CI job, as
/// cloud sign-in actions do) was published when a document of the pull request linked to it, and
/// so was one in the static folder. Only what git tracks is the repository's to publish.
#[test]
fn a_file_git_does_not_track_is_not_published_though_a_document_links_to_it() {
    let r = crate::support::Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    let text = "---\ntitle: Keys\n---\n[key](../gcp-key.json) [form](forms/form.pdf)\n";
    r.commit(
        "2026-01-10",
        "Mallory",
        "a pull request",
        &[
            ("charta.toml", &config.replace("[site]\n", "[site]\nstatic_dir = \"public-files\"\n")),
            ("policies/keys.md", text),
            ("policies/forms/form.pdf", "%PDF-1.4\n"),
            ("public-files/logo.txt", "ours\n"),
        ],
    );
    // Written after the checkout, by an earlier step of the job: untracked, and ignored by no file.
    r.site.write("gcp-key.json", "{\"private_key\": \"SECRET\"}\n");
    r.site.write("public-files/artifact.txt", "SECRET\n");
    let run = r.site.build(&[]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let published = files(&r.site.out());
    assert!(!published.iter().any(|f| f.contains("gcp-key") || f.contains("artifact")), "{published:?}");
    assert!(published.iter().any(|f| f == "policies/forms/form.pdf"), "{published:?}");
    assert!(published.iter().any(|f| f == "logo.txt"), "{published:?}");
    assert!(run.stderr.contains("`gcp-key.json` is there, but hidden, not tracked by git"), "{}", run.stderr);
    for (_, bytes) in crate::support::snapshot(&r.site.out()) {
        assert!(!String::from_utf8_lossy(&bytes).contains("SECRET"));
    }
}

/// Bug (a hostile pull request): a Markdown file outside every collection, which `charta build`
/// says is neither checked nor published, was copied to the site raw, front matter and all, as
/// soon as a document linked to it; and a release snapshot did the same from its tree.
#[test]
fn a_markdown_file_no_collection_covers_is_not_published_by_a_link_to_it() {
    let secret = "---\nid: O-1\ntitle: Not for the site\nowner: alice\nstatus: approved\n---\nSECRET_BODY\n";
    let link = "\n[the other one](../other/o.md) and [a note](../other/latin.md)\n";
    let r = crate::support::Repo::new();
    // A note in Latin-1 that states nothing of a controlled document: published on both sites
    // (the cold review: the release's snapshot withheld what was not UTF-8).
    std::fs::create_dir_all(r.site.root().join("other")).unwrap();
    std::fs::write(r.site.root().join("other/latin.md"), b"Caf\xe9 opening hours\n").unwrap();
    let text = std::fs::read_to_string(r.site.root().join("policies/clean.md")).unwrap() + link;
    let first = r.commit(
        "2026-01-10",
        "Alice",
        "Policy and a note",
        &[("policies/clean.md", &text), ("other/o.md", secret)],
    );
    r.tag("v1", first);
    let run = r.site.build(&["--no-cache"]);
    let published: Vec<String> = files(&r.site.out()).into_iter().filter(|f| f.contains("other/")).collect();
    assert!(published.iter().all(|f| f.ends_with("latin.md")), "{published:?}");
    assert!(published.contains(&"other/latin.md".to_owned()), "{published:?}");
    assert!(published.contains(&"releases/v1/other/latin.md".to_owned()), "{published:?}");
    let (_, report) = crate::rules::check_json(&r.site);
    let broken: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "document/broken-link")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        broken.iter().any(|m| m.contains("other/o.md") && m.contains("no collection")),
        "{broken:?}\n{}",
        run.stderr
    );
}
