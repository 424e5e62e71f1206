//! Issue 23: one hostile repository, whose values carry line breaks with workflow commands after
//! them, a bare CR, ESC sequences, `\x01`, a spreadsheet formula and markup, through every
//! command and format; each output is read back by a real parser, and no output a CI log shows
//! can hold a workflow command (GitHub's or Azure Pipelines') or an ESC of the repository's
//! making.

use crate::support::{Run, Site, charta};

const TODAY: &str = "2026-03-01";

/// Escapes of YAML's and TOML's double-quoted strings: `\n`, `\r`, ESC (`\u001b`), `\u0001`.
const HOSTILE: &str = r#"\n::error::injected\n::add-mask::secret\r::set-output name=x::y \u001b[31mred\u0001 =HYPERLINK(\"http://x\",\"y\") <script>alert(1)</script>\rEND:VEVENT\rBEGIN:VEVENT ##vso[task.setvariable variable=PWNED]yes ##[error]forged"#;

pub(crate) fn hostile() -> Site {
    let site = Site::fixture("mixed");
    let h = HOSTILE;
    site.write(
        "charta.toml",
        &format!(
            "[site]\ntitle = \"Northwind{h}\"\nbase_url = \"https://isms.example.com/\"\n\n\
             [[collections]]\npath = \"sop\"\nkind = \"sop\"\n\n\
             [review]\nperiod = \"12 months\"\n\n\
             [[waivers]]\nrule = \"roster/unknown-person\"\ndocument = \"SOP-001\"\nreason = \"Contractor{h}\"\nexpires = 2026-12-31\n"
        ),
    );
    site.write(
        "roster.yaml",
        &format!(
            "people:\n  - id: tokafor\n    name: Tobi Okafor\n  - id: rmorgan\n    name: Rhea Morgan\n  \
             - id: mallory\n    name: \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\"){h}\"\n"
        ),
    );
    let document = format!(
        "---\nid: \"SOP-666{h}\"\ntitle: \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\"){h}\"\nowner: mallory\n\
         authors: [mallory, \"-stranger{h}\"]\napprovers: [tokafor]\napproval_date: 2024-06-01\n\
         version: \"1.0\"\nstatus: approved\ndescription: \"@SUM(A1){h}\"\nclassification: \"+1{h}\"\n\
         revisions:\n  - version: \"1.0\"\n    date: 2024-06-01\n    author: \"mallory{h}\"\n    summary: \"-2+3{h}\"\n\
         ---\n\n# Steps\n\nBody \u{1b}[31mred\u{1} and\r::error::body\n"
    );
    site.write("sop/hostile.md", &document);
    // A file name is a value of the repository too.
    site.write("sop/x\n::warning::file\u{1b}[31m.md", "---\nid: SOP-7\ntitle: Named\n---\nbody\n");
    site
}

fn run(site: &Site, args: &[&str]) -> Run {
    let mut all = vec![args[0], "--root", site.root().to_str().unwrap(), "--today", TODAY];
    all.extend_from_slice(&args[1..]);
    let run = charta(&all);
    assert_ne!(run.code, 2, "charta {args:?} failed:\n{}", run.stderr);
    run
}

/// Lines a CI log shows: none may be a workflow command (GitHub's runner ignores leading blanks)
/// unless `ours` says charta made it, and no control character but the line break may remain.
fn assert_inert(what: &str, text: &str, ours: impl Fn(&str) -> bool) {
    for line in text.split('\n') {
        let start = line.trim_start();
        assert!(
            !start.starts_with("::") || ours(start),
            "{what}: a workflow command of the repository's: {line:?}"
        );
        assert!(!line.chars().any(char::is_control), "{what}: a control character in {line:?}");
        // Azure Pipelines reads a logging command anywhere in a line.
        assert!(!line.to_lowercase().contains("##vso["), "{what}: an Azure Pipelines command in {line:?}");
    }
}

fn nothing_is_ours(_: &str) -> bool {
    false
}

/// charta's own annotation: `::error file=...,line=N,col=N,title=rule::message`, on one line.
fn annotation(line: &str) -> bool {
    let Some((command, _message)) = line.strip_prefix("::").and_then(|l| l.split_once("::")) else {
        return false;
    };
    let Some((kind, properties)) = command.split_once(' ') else { return false };
    let keys: Vec<&str> = properties.split(',').map(|p| p.split_once('=').map_or("", |(k, _)| k)).collect();
    matches!(kind, "error" | "warning" | "notice") && keys == ["file", "line", "col", "title"]
}

fn xml(what: &str, text: &str) {
    assert!(!text.contains('\u{1b}'), "{what}: ESC");
    if let Err(e) = roxmltree::Document::parse(text) {
        panic!("{what} is not well-formed XML: {e}");
    }
}

#[test]
fn hostile_values_are_escaped_in_every_output() {
    let site = hostile();
    // `check`, every format.
    for format in ["human", "json", "sarif", "junit", "github"] {
        let out = run(&site, &["check", "--format", format]);
        assert_eq!(out.code, 1, "{format}: the hostile document has errors");
        let what = format!("check --format {format}");
        let ours = if format == "github" { annotation } else { nothing_is_ours };
        assert_inert(&what, &out.stdout, ours);
        assert_inert(&format!("{what} (stderr)"), &out.stderr, nothing_is_ours);
        match format {
            "json" | "sarif" => drop(serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()),
            "junit" => xml(&what, &out.stdout),
            "github" => assert!(out.stdout.lines().filter(|l| annotation(l)).count() > 3, "{}", out.stdout),
            _ => {}
        }
        assert!(out.stdout.contains("HYPERLINK") || out.stdout.contains("SOP-666"), "{what}: {}", out.stdout);
    }

    // `build`: its standard error, then the files a reader's parser opens.
    let built = run(&site, &["build"]);
    assert_inert("build (stderr)", &built.stderr, nothing_is_ours);
    assert!(built.stderr.contains("HYPERLINK"), "{}", built.stderr);
    xml("feed.xml", &site.page("feed.xml"));
    let sitemap = site.page("sitemap.xml");
    xml("sitemap.xml", &sitemap);
    let index = site.page("index.html");
    assert!(index.contains("HYPERLINK") && !index.contains("<script>alert"), "{index}");
    for (path, bytes) in crate::support::snapshot(&site.out()) {
        if [".html", ".xml", ".json", ".js", ".ics"].iter().any(|ext| path.ends_with(ext)) {
            let forbidden = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
            assert!(!bytes.iter().any(forbidden), "{path}: a control character XML and HTML forbid");
        }
    }

    // `reviews`, every format.
    let human = run(&site, &["reviews", "--within", "100 years", "--format", "human"]);
    assert_inert("reviews --format human", &human.stdout, nothing_is_ours);
    assert!(human.stdout.contains("HYPERLINK"), "{}", human.stdout);
    let json = run(&site, &["reviews", "--within", "100 years", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let reviews = json["reviews"].as_array().unwrap();
    // The title as readers see it: its Markdown read, on one line, every character kept.
    let title = "=HYPERLINK(\"http://x\",\"y\") ::error::injected ::add-mask::secret";
    assert!(reviews.iter().any(|r| r["title"].as_str().unwrap().starts_with(title)), "{json}");
    let csv = run(&site, &["reviews", "--within", "100 years", "--format", "csv"]);
    let mut rows = 0;
    for record in csv::Reader::from_reader(csv.stdout.as_bytes()).records() {
        let record = record.unwrap();
        rows += 1;
        for cell in &record {
            // A number (days, negative when overdue) is data, not a formula.
            let text = cell.parse::<i64>().is_err();
            assert!(!(text && cell.starts_with(['=', '+', '-', '@', '\t', '\r'])), "a formula: {cell:?}");
            assert!(!cell.chars().any(char::is_control), "a control character: {cell:?}");
        }
    }
    assert_eq!(rows, reviews.len());
    assert!(csv.stdout.contains("'=HYPERLINK"), "{}", csv.stdout);

    // reviews.ics, line by line as RFC 5545 has it: CRLF ends each line and nothing else.
    let ics = site.page("reviews/reviews.ics");
    let body = ics.strip_suffix("\r\n").expect("the calendar ends with CRLF");
    let lines: Vec<&str> = body.split("\r\n").collect();
    for line in &lines {
        assert!(!line.chars().any(char::is_control), "reviews.ics: a control character in {line:?}");
    }
    let count = |name: &str| lines.iter().filter(|l| **l == name).count();
    assert_eq!((count("BEGIN:VCALENDAR"), count("END:VCALENDAR")), (1, 1));
    // One event per document whose review is scheduled, as `reviews` lists them.
    assert_eq!((count("BEGIN:VEVENT"), count("END:VEVENT")), (reviews.len(), reviews.len()), "{ics}");
    assert!(ics.contains("SUMMARY:Review due: SOP-666"), "{ics}");
}

#[test]
fn errors_that_name_a_hostile_value_stay_on_their_lines() {
    let site = hostile();
    let author = "nobody\n::error::injected\r::add-mask::x \u{1b}[31mred\u{1}";
    let out = charta(&["new", "--root", site.root().to_str().unwrap(), "sop", "A title", "--author", author]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("nobody"), "{}", out.stderr);
    assert_inert("new (stderr)", &out.stderr, nothing_is_ours);
}

/// Bug (a hostile review's r2.sh): with a collection at the root, a file named
/// `::warning title=Forged::all checks passed.md` started lines of the JUnit report (each
/// finding's headline starts with its path), which a runner printing the report reads as
/// workflow commands: a forged annotation, a mask, `::stop-commands::`.
#[test]
fn a_file_named_like_a_workflow_command_starts_no_line_of_any_report() {
    let site = Site::fixture("mixed");
    site.write("charta.toml", "[[collections]]\npath = \".\"\nkind = \"policy\"\n");
    let forged = "---\nid: POL-1\ntitle: x\nstatus: draft\nversion: \"0.1\"\nowner: t\nrevisions:\n  \
                  - {version: \"0.1\", date: 2027-01-01, author: t, summary: a}\n---\n# x\n";
    site.write("::warning title=Forged::all checks passed.md", forged);
    site.write("##[warning]old form.md", &forged.replace("POL-1", "POL-2"));
    for format in ["human", "json", "sarif", "junit", "github"] {
        let out = run(&site, &["check", "--format", format]);
        let what = format!("check --format {format}");
        assert!(out.stdout.contains("Forged"), "{what}: {}", out.stdout);
        let ours = if format == "github" { annotation } else { nothing_is_ours };
        assert_inert(&what, &out.stdout, ours);
        assert!(!out.stdout.lines().any(|l| l.trim_start().starts_with("##[")), "{what}: {}", out.stdout);
    }
}
