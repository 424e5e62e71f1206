//! Hostile and broken input: every case gets a finding (or is skipped safely), the rest of the
//! site builds, nothing runs away with memory or time, nothing is written outside the output.

use crate::support::Site;
use std::process::Command;

/// Build with a memory limit (ulimit -v, 3 GiB) and a time limit (120 s).
fn build_limited(site: &Site) -> (i32, String) {
    let script = format!(
        "ulimit -v 3145728; exec timeout 120 '{}' build --root '{}' --today 2026-03-01",
        env!("CARGO_BIN_EXE_charta"),
        site.root().display()
    );
    let out = Command::new("sh").args(["-c", &script]).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn hostile() -> Site {
    let site = Site::fixture("zero-config");
    let w = |p: &str, t: &str| site.write(p, t);
    w("h/quotes.md", &format!("---\ntitle: Quotes\n---\n{} deep\n", ">".repeat(50_000)));
    w("h/lists.md", &format!("---\ntitle: Lists\n---\n{}x\n", "- ".repeat(50_000)));
    w("h/nested-lists.md", &(0..2000).map(|i| format!("{}- x\n", "  ".repeat(i))).collect::<String>());
    w("h/brackets.md", &format!("---\ntitle: Brackets\n---\n{}\n", "[".repeat(30_000)));
    w(
        "h/big.md",
        &format!("---\ntitle: Big\n---\n{}", "Lorem ipsum dolor sit amet, consectetur. ".repeat(95_000)),
    );
    w("h/empty.md", "");
    w("h/traversal.md", "---\nid: ../../etc/passwd\ntitle: /etc/shadow\nslug: ../../../x\n---\nbody\n");
    w("roster.yaml", "people:\n  - id: ../../escape\n    name: Escape Artist\n");
    w("h/list-front-matter.md", "---\n- a\n- b\n---\nbody\n");
    w("h/scalar-front-matter.md", "---\njust words\n---\nbody\n");
    w("h/duplicate-keys.md", "---\ntitle: A\ntitle: B\n---\nbody\n");
    w("h/tabs.md", "---\ntitle: A\n\towner: b\n---\nbody\n");
    w("h/bom-crlf.md", "\u{feff}---\r\ntitle: BOM and CRLF\r\n---\r\n# Heading\r\n");
    w(
        "h/template.md",
        "---\ntitle: \"{{ site.title }} {% if true %}x{% endif %}\"\n---\n# {{ config }}\n\n{% raw %} {# c #}\n",
    );
    w(
        "h/alias-bomb.md",
        "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\n",
    );
    std::fs::write(site.root().join("h/binary.md"), (0u8..=255).cycle().take(20_000).collect::<Vec<_>>())
        .unwrap();
    std::fs::write(site.root().join("h/latin1.md"), b"---\ntitle: Caf\xe9\n---\nna\xefve\n").unwrap();
    std::fs::create_dir_all(site.root().join("h/folder.md")).unwrap();
    site
}

#[test]
fn hostile_documents_get_findings_and_the_site_still_builds() {
    let site = hostile();
    let (code, stderr) = build_limited(&site);
    assert_eq!(code, 0, "{stderr}");
    let expect = [
        "h/alias-bomb.md:6:11: error[frontmatter/invalid-yaml]",
        "h/list-front-matter.md:2:1: error[frontmatter/invalid-yaml]",
        "h/scalar-front-matter.md:2:1: error[frontmatter/invalid-yaml]",
        "h/duplicate-keys.md:3:1: error[frontmatter/invalid-yaml]",
        "h/tabs.md:3:1: error[frontmatter/invalid-yaml]",
        // At the first invalid byte (it was said at 1:1, wherever the byte was: a newcomer's trial).
        "h/binary.md:2:118: error[source/invalid-utf8]",
        "h/latin1.md:2:11: error[source/invalid-utf8]",
        // Four files with none, said once (empty.md among them).
        "h/binary.md:1:1: warning[frontmatter/missing]: 4 of the 18 documents of the collection in the root folder have no front matter",
    ];
    for e in expect {
        assert!(stderr.contains(e), "missing `{e}` in\n{stderr}");
    }
    for page in [
        "quotes",
        "lists",
        "nested-lists",
        "brackets",
        "big",
        "empty",
        "binary",
        "latin1",
        "bom-crlf",
        "template",
        "alias-bomb",
    ] {
        assert!(site.out().join("h").join(page).join("index.html").is_file(), "{page} has no page");
    }
    assert!(!site.out().join("h/folder").exists(), "a folder named .md is not a document");
    // Names that try to climb out of the output folder stay inside it.
    let outside: Vec<_> = std::fs::read_dir(site.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(outside.iter().all(|n| n != "escape" && n != "etc"), "{outside:?}");
    assert!(site.out().join("people/escape/index.html").is_file());
    let t = site.page("h/template/index.html");
    assert!(
        t.contains("<title>template {{ site.title }} {% if true %}x{% endif %} ·"),
        "template syntax stays text: {t}"
    );
    assert!(site.page("h/bom-crlf/index.html").contains("BOM and CRLF"));
}

#[test]
fn symlinks_are_not_followed_out_of_the_root_and_loops_do_not_hang() {
    let site = Site::fixture("zero-config");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "# Secret\n\ntoken=hunter2\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), site.root().join("notes/secret.md"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("notes/outside")).unwrap();
    std::os::unix::fs::symlink(site.root(), site.root().join("notes/loop")).unwrap();
    site.write("notes/links.md", "![x](secret.md) [y](outside/secret.md) [z](../../../../etc/passwd)\n");
    let (code, stderr) = build_limited(&site);
    assert_eq!(code, 0, "{stderr}");
    let all = crate::support::snapshot(&site.out());
    assert!(
        all.iter().all(|(_, bytes)| !String::from_utf8_lossy(bytes).contains("hunter2")),
        "a linked file outside the root leaked"
    );
    assert!(all.iter().all(|(path, _)| !path.contains("loop")));
}

#[test]
fn builds_are_byte_identical_from_other_folders_and_output_paths() {
    let site = Site::fixture("mixed");
    let elsewhere = tempfile::tempdir().unwrap();
    let run = |cwd: &std::path::Path, out: &std::path::Path| {
        let status = Command::new(env!("CARGO_BIN_EXE_charta"))
            .current_dir(cwd)
            .args([
                "build",
                "--root",
                site.root().to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--today",
                "2026-03-01",
            ])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .status()
            .unwrap();
        assert!(status.success());
    };
    run(site.root(), &site.root().join("one"));
    run(elsewhere.path(), &elsewhere.path().join("deeper/two"));
    crate::support::assert_same(
        &crate::support::snapshot(&site.root().join("one")),
        &crate::support::snapshot(&elsewhere.path().join("deeper/two")),
    );
    let any = crate::support::snapshot(&site.root().join("one"));
    let root = site.root().to_str().unwrap();
    assert!(
        any.iter().all(|(_, b)| !String::from_utf8_lossy(b).contains(root)),
        "no absolute path in the output"
    );
}

/// Bug (a hostile pull request): a Markdown table of millions of cells takes 250 times its text
/// in memory while its page is made: 16 MB took 4 GB, and 30 MB would have filled a CI runner.
/// A Markdown file over 4 MiB is not read; one just under builds within the same bound.
#[test]
fn a_table_of_millions_of_cells_is_refused_past_the_markdown_size_limit() {
    let site = Site::fixture("zero-config");
    let table = |rows: usize| {
        let row = format!("|{}\n", "b|".repeat(1000));
        format!("---\ntitle: T\n---\n|{}\n|{}\n{}", "a|".repeat(1000), "-|".repeat(1000), row.repeat(rows))
    };
    site.write("notes/wide.md", &table(2_700));
    site.write("notes/wider.md", &table(1_900));
    let (code, stderr) = build_limited(&site);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("notes/wide.md:1:1: error[source/too-large]: the file is 5 MiB"), "{stderr}");
    assert!(site.out().join("notes/wider/index.html").is_file(), "{stderr}");
}

#[test]
fn a_file_over_the_size_limit_is_a_finding_not_a_crash() {
    let site = Site::fixture("zero-config");
    // Sparse: 200 MiB on paper, nothing on disk.
    let f = std::fs::File::create(site.root().join("notes/huge.md")).unwrap();
    f.set_len(200 << 20).unwrap();
    let (code, stderr) = build_limited(&site);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("notes/huge.md:1:1: error[source/too-large]: the file is 200 MiB"), "{stderr}");
    assert!(site.out().join("notes/a/index.html").is_file(), "the rest of the site builds");
}

#[test]
fn a_build_killed_mid_way_leaves_the_previous_site() {
    let site = hostile();
    let (code, stderr) = build_limited(&site);
    assert_eq!(code, 0, "{stderr}");
    let before = crate::support::snapshot(&site.out());
    site.write("notes/a.md", "---\ntitle: Note A, changed\n---\nText.\n");
    for delay in [50, 200, 800] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_charta"))
            .args(["build", "--root", site.root().to_str().unwrap(), "--today", "2026-03-01"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        // Killed before the swap: the old site, whole. After it: the new site, whole. Never a mix.
        let now = crate::support::snapshot(&site.out());
        let a = site.page("notes/a/index.html");
        if a.contains("Note A, changed") {
            assert_eq!(now.len(), before.len(), "the new site is complete");
        } else {
            crate::support::assert_same(&before, &now);
        }
    }
}

/// Bug: a release snapshot published the documents of its hidden folders (`policies/.old/`)
/// and of its static folder, which the current site never publishes: a text kept out of the
/// site was readable under `releases/<tag>/`, and listed as a current document there.
#[test]
fn a_release_snapshot_publishes_no_document_of_a_hidden_or_static_folder() {
    let r = crate::support::Repo::new();
    let toml = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &toml.replace("[site]\n", "[site]\nstatic_dir = \"policies/files\"\n"));
    let hidden = crate::history::policy("1.0", "2025-01-10", crate::history::V1, "SECRET-HIDDEN.")
        .replace("POL-009", "POL-044");
    let kept = crate::history::policy("1.0", "2025-01-10", crate::history::V1, "SECRET-STATIC.")
        .replace("POL-009", "POL-045");
    let one = r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[
            (
                "policies/access.md",
                &crate::history::policy("1.0", "2025-01-10", crate::history::V1, "Public."),
            ),
            ("policies/.old/b.md", &hidden),
            ("policies/files/c.md", &kept),
        ],
    );
    r.tag("v1", one);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(r.site.page("releases/v1/policies/access/index.html").contains("Public."));
    let site = crate::support::snapshot(&r.site.out());
    let shown: Vec<&String> = site
        .iter()
        .filter(|(_, b)| {
            String::from_utf8_lossy(b).contains("SECRET") || String::from_utf8_lossy(b).contains("POL-04")
        })
        .map(|(p, _)| p)
        .filter(|p| !p.starts_with("files/") && !p.ends_with(".md"))
        .collect();
    assert!(shown.is_empty(), "{shown:?}");
}

/// Bug (found by a cold review): the lock beside the output (`.public.charta-lock`), committed
/// as a symbolic link to a path outside the repository, was opened through the link, creating
/// that file. The build refuses it, naming the lock, and nothing is made outside.
#[test]
fn a_build_lock_committed_as_a_symbolic_link_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    let site = Site::fixture("zero-config");
    let target = outside.path().join("created-by-charta");
    std::os::unix::fs::symlink(&target, site.root().join(".public.charta-lock")).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(".public.charta-lock") && run.stderr.contains("symbolic link"),
        "{}",
        run.stderr
    );
    assert!(!target.exists() && !site.out().exists());
}

/// Bug (found by a cold review): `[site] base_url` went into the feed, the sitemap and the
/// review calendar as written: `javascript:` links in the feed, raw control characters and
/// line breaks that forged calendar lines. Only a web address is taken, as the URL standard
/// writes it; anything else stops the run at its line.
#[test]
fn base_url_is_a_web_address_or_the_run_stops_at_its_line() {
    let site = Site::fixture("zero-config");
    site.write("charta.toml", "[site]\ntitle = \"T\"\nbase_url = \"javascript:alert(document.domain)//\"\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("line 3: `base_url` must be a web address"), "{}", run.stderr);
    assert!(!site.out().exists());
    site.write(
        "charta.toml",
        "[site]\nbase_url = \"https://x.org/\\u0001\\u001b[31m\\nX-INJECTED:1\\r\\nBEGIN:VALARM/\"\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["reviews/reviews.ics", "feed.xml", "sitemap.xml", "index.html"] {
        let text = site.page(file);
        assert!(
            !text.contains("X-INJECTED:1\r\n") && !text.contains('\u{1b}') && !text.contains('\u{1}'),
            "{file}"
        );
        assert!(!text.contains("javascript:"), "{file}");
    }
    assert!(site.page("sitemap.xml").contains("https://x.org/%01%1B[31mX-INJECTED:1BEGIN:VALARM/"));
}

/// Bug (found by a cold review): a release snapshot copied the files its documents link to
/// even where the release's charta.toml `exclude`s them (`private/keys.txt`), which the
/// current site never publishes.
#[test]
fn a_release_snapshot_publishes_no_file_its_charta_toml_excludes() {
    let r = crate::support::Repo::new();
    let toml = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &format!("exclude = [\"private/\"]\n{toml}"));
    let body = "See [the keys](../private/keys.txt) and [the form](form.txt).";
    let one = r.commit(
        "2025-01-10",
        "Alice",
        "1.0",
        &[
            ("policies/access.md", &crate::history::policy("1.0", "2025-01-10", crate::history::V1, body)),
            ("private/keys.txt", "SECRET-KEY"),
            ("policies/form.txt", "A form."),
        ],
    );
    r.tag("v1", one);
    let run = r.site.build(&["--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = r.site.out();
    assert!(out.join("releases/v1/policies/form.txt").exists());
    assert!(!out.join("releases/v1/private/keys.txt").exists() && !out.join("private/keys.txt").exists());
}

/// Bug (found by a cold review): `output_dir` naming a collection's folder, with charta's site
/// marker committed there, made the build replace the documents with their site (and a build
/// on another day delete them). An output that is or holds a folder of documents is refused.
#[test]
fn an_output_folder_that_holds_the_documents_is_refused() {
    let site = Site::fixture("zero-config");
    site.write(
        "charta.toml",
        "[site]\noutput_dir = \"docs\"\n[[collections]]\npath = \"docs/policies\"\nkind = \"policy\"\n",
    );
    site.write("docs/policies/a.md", "---\nid: POL-1\ntitle: A\n---\nA.\n");
    site.write("docs/.charta-site", "This folder is a site built by charta; charta build replaces it.\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("holds the documents of the collection folder"), "{}", run.stderr);
    assert!(site.root().join("docs/policies/a.md").is_file());
}

/// Bug (found by a cold review): a Markdown file whose name is not valid UTF-8 stopped the
/// whole build ("cannot read .../bad\u{FFFD}name.md again"), while `check` read it. It is left
/// out of both with a `source/unreadable` finding, and the rest of the site builds.
#[test]
fn a_file_whose_name_is_not_utf8_is_a_finding_not_a_failed_build() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::fixture("zero-config");
    site.write("policies/ok.md", "---\ntitle: Fine\n---\nFine.\n");
    let bad = site.root().join("policies").join(std::ffi::OsStr::from_bytes(b"bad\xffname.md"));
    std::fs::write(bad, "---\ntitle: Bad\n---\nBad.\n").unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[source/unreadable]: cannot read the file: its name is not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(site.page("policies/ok/index.html").contains("Fine."));
}

/// Bug (found by a cold review): `cache_dir` equal to `output_dir` was accepted: the cache's
/// files were published with the site, and the cache never worked. A cache in the output is
/// refused (with `--no-cache` there is no cache to keep apart; an output inside the cache is
/// `charta serve`'s own).
#[test]
fn a_build_cache_inside_the_output_is_refused() {
    let site = Site::fixture("zero-config");
    for cache in ["public", "public/cache"] {
        site.write("charta.toml", &format!("[site]\noutput_dir = \"public\"\ncache_dir = \"{cache}\"\n"));
        let run = site.build(&[]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("the cache would be published with the site"), "{}", run.stderr);
        assert!(!site.out().exists());
    }
    assert_eq!(site.build(&["--no-cache"]).code, 0);
}

/// Bug (a hostile pull request's history): a build held the text of every version of a document
/// at once: 2,000 commits of a 4 MB policy (a `.git` of 5 MB) took 8 GB and aborted under a
/// memory limit. Each version's text is read when its pages are made now (what is held is
/// bounded by `max_versions`, 2 here): 100 versions of a
/// 2.2 MB policy (220 MB of texts) build within a limit that held all of them could not.
#[test]
fn a_long_history_of_a_large_document_is_read_one_version_at_a_time() {
    let r = crate::support::Repo::new();
    let config = std::fs::read_to_string(r.site.root().join("charta.toml")).unwrap();
    r.site.write("charta.toml", &format!("{config}\n[history]\nmax_versions = 2\n"));
    // 30,000 lines of words no compressor shortens much.
    let mut seed = 7u64;
    let mut body = String::new();
    for i in 0..30_000 {
        body.push_str(&format!("Line {i}:"));
        for _ in 0..8 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            body.push_str(&format!(" w{}", seed >> 40));
        }
        body.push('\n');
    }
    for v in 1..=100 {
        let day = jiff::civil::date(2025, 1, 1) + jiff::Span::new().days(v);
        let text = crate::history::policy(
            &format!("{v}.0"),
            &day.to_string(),
            &[],
            &format!("Change {v}.\n\n{body}"),
        );
        r.commit(&day.to_string(), "Alice", &format!("Version {v}"), &[("policies/access.md", &text)]);
    }
    let script = format!(
        "ulimit -v 300000; RAYON_NUM_THREADS=2 exec timeout 120 '{}' build --root '{}' --today 2026-03-01 --no-cache",
        env!("CARGO_BIN_EXE_charta"),
        r.site.root().display()
    );
    let out = Command::new("sh").args(["-c", &script]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(r.site.page("policies/access/index.html").contains("Change 100."));
}

/// Bug (a hostile pull request): an error quoting the line it failed on printed the whole line,
/// and its underline as long: a charta.toml with a 10 MB unclosed string put 20 MB into the CI
/// log. Each line of an error is cut now, and so is the number of lines.
#[test]
fn an_error_on_a_huge_line_is_cut_in_the_log() {
    let site = Site::fixture("zero-config");
    site.write("charta.toml", &format!("[site]\ntitle = \"{}\n", "A".repeat(1_000_000)));
    let run =
        crate::support::charta(&["check", "--root", site.root().to_str().unwrap(), "--format", "github"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.len() < 5_000, "{} bytes: {}", run.stderr.len(), &run.stderr[..2_000]);
    assert!(run.stderr.contains("more characters)"), "{}", run.stderr);
    assert!(run.stderr.contains("charta.toml"), "{}", run.stderr);
}
