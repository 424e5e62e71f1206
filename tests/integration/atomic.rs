//! A failed build leaves the previous site as it was; bad configuration is an error naming its line.

use crate::support::{Site, snapshot};

#[test]
fn a_broken_template_fails_the_build_and_keeps_the_previous_site() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let before = snapshot(&site.out());
    site.write(
        "templates/document.html",
        "{% extends \"base.html\" %}{% block content %}{{ doc.id }{% endblock content %}",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("template"), "{}", run.stderr);
    crate::support::assert_same(&before, &snapshot(&site.out()));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".charta-new-") || n.contains(".charta-old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_error_at_render_time_keeps_the_previous_site() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let before = snapshot(&site.out());
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_variable.field }}{% endblock content %}",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("index.html"), "{}", run.stderr);
    crate::support::assert_same(&before, &snapshot(&site.out()));
}

#[test]
fn a_template_override_can_extend_the_builtin() {
    let site = Site::fixture("mixed");
    site.write(
        "templates/document.html",
        "{% extends \"charta/document.html\" %}{% block title %}CUSTOM {{ doc.id }}{% endblock title %}",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.page("sop/release/index.html");
    assert!(html.contains("<title>CUSTOM SOP-001</title>"), "{html}");
    assert!(html.contains("Revision history"));
}

#[test]
fn unknown_configuration_keys_are_errors_naming_the_line() {
    let site = Site::fixture("mixed");
    site.write("charta.toml", "[site]\ntitle = \"x\"\ntheme_colour = \"red\"\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("charta.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("line 3"), "{}", run.stderr);
}

#[test]
fn a_bad_roster_is_an_error_naming_the_file() {
    let site = Site::fixture("mixed");
    site.write("roster.yaml", "people:\n  - id: x\n    nme: X\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("roster.yaml"), "{}", run.stderr);
}

#[test]
fn an_output_folder_that_is_not_a_charta_site_is_never_replaced() {
    let site = Site::fixture("mixed");
    site.write("public/keep-me.txt", "precious");
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("refusing to replace"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.out().join("keep-me.txt")).unwrap(), "precious");
    let root = site.root().to_str().unwrap().to_owned();
    let run = site.build(&["--out", &root]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("holds the repository"), "{}", run.stderr);
    assert!(site.root().join("charta.toml").is_file());
}

/// The names beside the output that belong to charta's builds (staging folders, a site moved
/// aside, the lock file).
fn beside_the_output(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.charta-"))
        .collect();
    names.sort_unstable();
    names
}

#[test]
fn leftovers_of_killed_builds_are_removed_by_the_next_build_and_look_alikes_are_not() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    // What a killed build leaves: its staging folder (marked from the start), half written or
    // empty, and the site a two-rename swap had moved aside.
    site.write(".public.charta-new-Ab3dE9/.charta-site", "");
    site.write(".public.charta-new-Ab3dE9/sop/release/index.html", "half a site");
    std::fs::create_dir(site.root().join(".public.charta-new-000000")).unwrap();
    site.write(".public.charta-old-4711/.charta-site", "");
    site.write(".public.charta-old-4711/index.html", "the site before");
    // Folders charta did not make: the right name without the marker, or a name not its own.
    site.write(".public.charta-new-zzzzzz/notes.txt", "mine");
    site.write(".public.charta-new-old-copy/.charta-site", "");
    site.write(".public.charta-new-old-copy/index.html", "a copy someone keeps");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(beside_the_output(&site), [".public.charta-new-old-copy", ".public.charta-new-zzzzzz"]);
    assert_eq!(
        std::fs::read_to_string(site.root().join(".public.charta-new-zzzzzz/notes.txt")).unwrap(),
        "mine"
    );
    assert!(site.root().join(".public.charta-new-old-copy/index.html").is_file());
    assert!(site.page("index.html").contains("Northwind Health ISMS"));
}

#[test]
fn a_build_waits_while_another_holds_the_output_s_lock() {
    use std::io::BufRead as _;
    let site = Site::fixture("mixed");
    // Held by this test exactly as a running build holds it.
    let lock = std::fs::File::create(site.root().join(".public.charta-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["build", "--root", site.root().to_str().unwrap(), "--today", "2026-03-01"])
        .env_remove("CHARTA_TODAY")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    // Read up to the line that says it waits (or to the end, if it never says so).
    while stderr.read_line(&mut line).unwrap() > 0 && !line.contains("waiting") {
        line.clear();
    }
    let told = line.clone();
    let running = child.try_wait().unwrap().is_none();
    let written = site.out().exists();
    drop(lock);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(
        told.contains("another build is writing") && told.contains(".public.charta-lock"),
        "{told}{rest}"
    );
    assert!(running && !written, "the build went on while the lock was held");
    assert_eq!(status.code(), Some(0), "{rest}");
    assert!(site.page("index.html").contains("Northwind Health ISMS"));
    // The lock file goes with the build that held it last.
    assert_eq!(beside_the_output(&site), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn sigterm_removes_the_unfinished_site_and_keeps_the_previous_one() {
    let site = Site::fixture("mixed");
    // Enough pages that the build is caught while it writes them.
    let body = "## Steps\n\n```rust\nfn main() { println!(\"step\"); }\n```\n\nSome text.\n".repeat(30);
    for i in 0..400 {
        site.write(
            &format!("sop/generated-{i:03}.md"),
            &format!("---\nid: SOP-{:03}\ntitle: Generated {i}\nowner: rmorgan\nversion: \"1.0\"\nstatus: draft\n---\n\n# Generated\n\n{body}", i + 100),
        );
    }
    assert_eq!(site.build(&[]).code, 0);
    let before = snapshot(&site.out());
    let inode = || std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(site.out()).unwrap());
    let live = inode();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_charta"))
        .args(["build", "--root", site.root().to_str().unwrap(), "--today", "2026-03-01", "--no-cache"])
        .env_remove("CHARTA_TODAY")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let kill = |signal: &str| {
        let ok = std::process::Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(ok.success(), "kill {signal}");
    };
    let writing = || beside_the_output(&site).iter().any(|n| n.contains("charta-new-")) && inode() == live;
    // Stopped while its new site is being written and the previous one is still live.
    loop {
        assert!(child.try_wait().unwrap().is_none(), "the build ended before it was caught writing");
        if writing() {
            kill("-STOP");
            if writing() {
                break;
            }
            kill("-CONT");
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    kill("-TERM");
    kill("-CONT");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert_eq!(beside_the_output(&site), Vec::<String>::new());
    crate::support::assert_same(&before, &snapshot(&site.out()));
}

/// Bug (a hostile pull request): a repository's template that writes without end (two nested
/// loops of a line of text) took 2 GiB in five seconds, long before the watchdog's minute, and
/// charta was killed by its allocator. The page is refused past 256 MiB, the site kept.
#[test]
fn a_template_that_writes_without_end_is_refused_and_the_previous_site_kept() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let before = snapshot(&site.out());
    let line = "x".repeat(100);
    site.write(
        "templates/document.html",
        &format!("{{% extends \"base.html\" %}}{{% block content %}}{{% for a in range(end=100000) %}}{{% for b in range(end=100000) %}}{line}{{% endfor %}}{{% endfor %}}{{% endblock content %}}"),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("the page grew larger than 256 MiB"), "{}", run.stderr);
    assert_eq!(beside_the_output(&site), Vec::<String>::new());
    crate::support::assert_same(&before, &snapshot(&site.out()));
}

#[test]
fn a_template_that_does_not_finish_is_stopped_and_the_previous_site_kept() {
    let site = Site::fixture("mixed");
    assert_eq!(site.build(&[]).code, 0);
    let before = snapshot(&site.out());
    // Ten thousand billion turns: tera counts no steps, so this ran for hours.
    site.write(
        "templates/document.html",
        "{% extends \"base.html\" %}{% block content %}{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% for c in range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}{% endblock content %}",
    );
    let started = std::time::Instant::now();
    let run = site.build(&["--template-timeout", "1"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "{:?}", started.elapsed());
    assert!(
        run.stderr.contains("error: the template document.html rendered ")
            && run.stderr.contains("/index.html for more than 1 s")
            && run.stderr.contains("--template-timeout"),
        "{}",
        run.stderr
    );
    assert_eq!(beside_the_output(&site), Vec::<String>::new());
    crate::support::assert_same(&before, &snapshot(&site.out()));
}
