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
