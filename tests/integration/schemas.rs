//! The JSON Schemas for editors (`charta schema`, docs/*.schema.json, written by `charta init`)
//! say what charta reads: the project's own files and every fixture charta accepts match them,
//! a wrong key does not, and the published copies are the ones charta makes.

use crate::support::{charta, charta_in};
use serde_json::Value;
use std::path::Path;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema(which: &str) -> jsonschema::Validator {
    let run = charta(&["schema", which]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// A TOML document as an editor's schema checker sees it (Taplo): a date is a string.
fn toml_json(text: &str) -> Value {
    fn convert(value: toml::Value) -> Value {
        match value {
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
            toml::Value::Table(table) => {
                Value::Object(table.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
            other => serde_json::to_value(other).unwrap(),
        }
    }
    convert(toml::Value::Table(toml::from_str::<toml::Table>(text).unwrap()))
}

fn yaml_json(text: &str) -> Value {
    serde_saphyr::from_str::<Value>(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The front matter of a Markdown text between its `---` lines, if it has one.
pub fn front_matter(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest.find("\n---")?;
    Some(&rest[..end + 1])
}

fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn the_projects_own_files_match_their_schemas() {
    let config = std::fs::read_to_string(manifest().join("charta.toml")).unwrap();
    assert_eq!(errors(&schema("config"), &toml_json(&config)), Vec::<String>::new());
    let roster = std::fs::read_to_string(manifest().join("roster.yaml")).unwrap();
    assert_eq!(errors(&schema("roster"), &yaml_json(&roster)), Vec::<String>::new());
    let front = schema("front-matter");
    let mut read = 0;
    for dir in ["sop", "policies"] {
        for entry in walkdir::WalkDir::new(manifest().join(dir)).into_iter().filter_map(Result::ok) {
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            if let Some(yaml) = front_matter(&text) {
                let found = errors(&front, &yaml_json(yaml));
                assert!(found.is_empty(), "{}: {found:?}", entry.path().display());
                read += 1;
            }
        }
    }
    assert!(read >= 5, "{read} documents");
}

#[test]
fn every_configuration_charta_accepts_matches_the_schema_and_a_wrong_one_does_not() {
    let config = schema("config");
    let mut read = 0;
    for entry in walkdir::WalkDir::new(manifest().join("tests/fixtures")).into_iter().filter_map(Result::ok) {
        if entry.file_name() != "charta.toml" {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if charta::config::Config::parse(&text).is_ok() {
            let found = errors(&config, &toml_json(&text));
            assert!(found.is_empty(), "{}: {found:?}", entry.path().display());
            read += 1;
        }
    }
    assert!(read >= 5, "{read} configurations");
    for wrong in [
        "[site]\ntitel = \"A misspelt key\"\n",
        "[review]\nperiod = 12\n",
        "[rules]\n\"review/overdue\" = \"fatal\"\n",
        "[[collections]]\nkind = \"policy\"\n",
        "[approval]\nmin_approvers = \"one\"\n",
    ] {
        assert!(charta::config::Config::parse(wrong).is_err(), "charta accepts {wrong}");
        assert!(!errors(&config, &toml_json(wrong)).is_empty(), "the schema accepts {wrong}");
    }
    let roster = schema("roster");
    assert!(!errors(&roster, &yaml_json("people:\n  - id: a\n    nmae: A\n")).is_empty());
    assert!(errors(&roster, &yaml_json("people:\n  - id: a\n    name: A\n    roles: [CEO]\n")).is_empty());
}

#[test]
fn front_matter_of_every_dialect_charta_reads_matches_its_schema() {
    let front = schema("front-matter");
    for yaml in [
        "id: POL-001\ntitle: Access\nversion: 1.10\nstatus: Approved\napprovers: [alice]\napproval_date: 2026-01-02\n",
        "authors:\n  - Jane\napprovers: Jane\napproval_date: 2026-01-02\nreview_date: 2027-01-02\n",
        "name: Security Incident Response Policy\nacronym: SIRP\nsatisfies:\n  TSC:\n    - CC7.3\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n",
        "controls:\n  ISO27001:2022: [A.5.1, A.5.2]\nrevisions:\n  - version: 2\n    date: 2026-01-02\n    author: alice\n    summary: First\n    type: review\n",
        "status: in review\nlast_reviewed_on: 2026-01-02\nreview_in: 6 months\ncustom_field: anything\n",
    ] {
        assert_eq!(errors(&front, &yaml_json(yaml)), Vec::<String>::new(), "{yaml}");
    }
    for wrong in
        ["status: [approved]\n", "approval_date: [2026]\n", "revisions: yes\n", "approvers: {a: b}\n"]
    {
        assert!(!errors(&front, &yaml_json(wrong)).is_empty(), "the schema accepts {wrong}");
    }
}

#[test]
fn the_published_schemas_are_the_ones_charta_makes() {
    for (file, which) in [
        ("charta.schema.json", "config"),
        ("roster.schema.json", "roster"),
        ("front-matter.schema.json", "front-matter"),
    ] {
        let published = std::fs::read_to_string(manifest().join("docs").join(file)).unwrap();
        let made = charta(&["schema", which]).stdout;
        assert!(published == made, "docs/{file} is not what `charta schema {which}` prints; run it again");
    }
}

#[test]
fn init_names_the_schemas_in_the_files_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let run = charta_in(dir.path(), &["init", "isms", "--name", "Rhea Hart", "--email", "rhea@example.org"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = dir.path().join("isms");
    let config = std::fs::read_to_string(root.join("charta.toml")).unwrap();
    assert_eq!(config.lines().next(), Some("#:schema ./.charta/schemas/charta.schema.json"));
    let roster = std::fs::read_to_string(root.join("roster.yaml")).unwrap();
    assert_eq!(
        roster.lines().next(),
        Some("# yaml-language-server: $schema=./.charta/schemas/roster.schema.json")
    );
    for file in ["charta.schema.json", "roster.schema.json", "front-matter.schema.json"] {
        let written = std::fs::read_to_string(root.join(".charta/schemas").join(file)).unwrap();
        let published = std::fs::read_to_string(manifest().join("docs").join(file)).unwrap();
        assert_eq!(written, published, "{file}");
    }
    // What init wrote matches its schemas, and charta checks it.
    assert!(errors(&schema("config"), &toml_json(&config)).is_empty());
    assert!(errors(&schema("roster"), &yaml_json(&roster)).is_empty());
}

/// The real documents of ../shared/corpora (where CI runs; `.ci/run` runs this with
/// `CHARTA_SHARED`): every front matter charta reads without a front-matter error matches the
/// schema, so an editor never marks what charta accepts.
#[test]
#[ignore = "needs the shared corpora: .ci/run runs it"]
fn front_matter_of_the_shared_corpora_matches_the_schema() {
    let shared = std::env::var_os("CHARTA_SHARED").expect("CHARTA_SHARED names the shared folder");
    let corpora = Path::new(&shared).join("corpora");
    let front = schema("front-matter");
    let (mut read, mut wrong) = (0, Vec::new());
    for entry in walkdir::WalkDir::new(&corpora).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let is_markdown = entry.path().extension().is_some_and(|x| x == "md" || x == "markdown");
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let Some(yaml) = front_matter(&text).filter(|_| is_markdown) else { continue };
        // What charta itself cannot read as YAML is its finding, not the schema's.
        let Ok(value) = serde_saphyr::from_str::<Value>(yaml) else { continue };
        read += 1;
        let found = errors(&front, &value);
        if !found.is_empty() {
            wrong.push(format!("{}: {found:?}", entry.path().strip_prefix(&corpora).unwrap().display()));
        }
    }
    assert!(read > 100, "{read} front matters read");
    assert!(wrong.is_empty(), "{} of {read}:\n{}", wrong.len(), wrong.join("\n"));
}
