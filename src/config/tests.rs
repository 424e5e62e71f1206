//! Unit tests of [`super`].

use super::*;
use crate::document::Dialect;

#[test]
fn settings_that_leave_the_repository_are_refused_at_their_line() {
    for (text, key) in [
        ("[site]\noutput_dir = \"../outside/.local\"\n", "line 2: site.output_dir"),
        ("[site]\ntitle = \"x\"\ncache_dir = '../victim'\n", "line 3: site.cache_dir"),
        ("roster = \"/etc/passwd\"\n", "line 1: roster"),
        (
            "# output_dir = \"../x\" was tried\n[site]\ntitle = \"../x\"\noutput_dir = \"../x\"\n",
            "line 4: site.output_dir",
        ),
        ("[[collections]]\npath = \"../../other\"\nkind = \"sop\"\n", "line 2: collections.path"),
    ] {
        let err = Config::parse(text).unwrap_err();
        assert!(err.starts_with(key) && err.contains("outside the repository"), "{err}");
    }
    assert!(Config::parse("[site]\noutput_dir = \"build/site\"\n").is_ok());
    for own in ["[site]\ncache_dir = \".\"\n", "[site]\noutput_dir = \"./\"\n", "[site]\noutput_dir = \"\"\n"]
    {
        let err = Config::parse(own).unwrap_err();
        assert!(err.contains("names the repository's own folder"), "{own}: {err}");
    }
}

#[test]
fn the_documented_example_parses() {
    let c = Config::parse(
        r#"
[site]
title = "Northwind Health ISMS"
base_url = "https://isms.example.com/"

[[collections]]
path = "policies"
kind = "policy"
title = "Policies"

[review]
period = "12 months"
warn_before = "30 days"

[approval]
min_approvers = 1
separation_of_duties = true
[approval.roles]
policy = ["CEO", "IG Lead"]
"#,
    )
    .unwrap();
    assert_eq!(c.site.title, "Northwind Health ISMS");
    assert_eq!(c.collections[0].kind, "policy");
    assert_eq!(c.review.period.unwrap().text, "12 months");
    assert_eq!(c.approval.roles["policy"], ["CEO", "IG Lead"]);
}

#[test]
fn no_file_means_the_defaults_of_an_empty_file() {
    // Regression: the derived Default left `roster` empty, so zero-config never read roster.yaml.
    let none = Config::default();
    assert_eq!(none.roster, "roster.yaml");
    assert_eq!(none.site.output_dir, "public");
    assert!(none.history.enabled);
}

#[test]
fn rules_waivers_and_required_fields() {
    let c = Config::parse(
            "[rules]\n\"review/due-soon\" = \"error\"\n\n[required_fields]\ndefault = [\"id\"]\npolicy = [\"id\", \"approvers\"]\n\n[[waivers]]\nrule = \"review/overdue\"\ndocument = \"POL-1\"\nreason = \"x\"\nexpires = 2026-12-31\n",
        )
        .unwrap();
    assert_eq!(c.severity(Rule::ReviewDueSoon), Severity::Error);
    assert_eq!(c.severity(Rule::ReviewOverdue), Severity::Error);
    assert_eq!(c.required("policy", Dialect::Charta), ["id", "approvers"]);
    // A static site's page cannot state an id (an `id:` makes it charta's).
    assert!(c.required("sop", Dialect::Hugo).is_empty());
    // ... unless charta.toml lists its kind's fields: a team's list for the kind is its pages'.
    assert_eq!(c.required("policy", Dialect::Hugo), ["id", "approvers"]);
    let none = Config::default();
    assert_eq!(none.required("sop", Dialect::Charta), DEFAULT_REQUIRED);
    assert_eq!(none.required("sop", Dialect::Comply), ["id", "title"]);
    assert_eq!(c.waivers[0].line, 8);
    assert_eq!(c.waivers[0].expires(), Some(jiff::civil::Date::constant(2026, 12, 31)));
    let err = Config::parse("[rules]\n\"review/overdo\" = \"error\"\n").unwrap_err();
    assert!(err.contains("review/overdo"), "{err}");
    let err = Config::parse("[rules]\n\"review/overdue\" = \"fatal\"\n").unwrap_err();
    assert!(err.contains("line 2"), "{err}");
}

/// Regression: writing out the documented default `[required_fields]` asked comply's and the
/// T1Pal QMS's documents for `owner` and `status`, fields their dialects cannot hold, while the
/// same list left implicit did not.
#[test]
fn writing_out_the_default_required_fields_changes_nothing() {
    let written = Config::parse(&format!(
        "[required_fields]\ndefault = {:?}\n",
        DEFAULT_REQUIRED.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>()
    ))
    .unwrap();
    let implicit = Config::default();
    for dialect in [Dialect::Charta, Dialect::None, Dialect::T1pal, Dialect::Comply, Dialect::Hugo] {
        assert_eq!(written.required("policy", dialect), implicit.required("policy", dialect), "{dialect:?}");
    }
    assert_eq!(implicit.required("policy", Dialect::T1pal), ["id", "title", "version"]);
    assert_eq!(implicit.required("policy", Dialect::Hugo), ["title"]);
}

#[test]
fn the_readme_example_is_valid() {
    let readme = include_str!("../../README.md");
    let start = readme.find("```toml\n").expect("a toml block") + 8;
    let block = &readme[start..];
    let block = &block[..block.find("```").expect("closed")];
    let c = Config::parse(block).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.roster, "roster.yaml");
    assert_eq!(c.site.output_dir, "public");
}

#[test]
fn unknown_keys_and_bad_periods_name_the_line() {
    let err = Config::parse("[site]\ntitle = \"x\"\ntitel = \"y\"\n").unwrap_err();
    assert!(err.contains("line 3") && err.contains("titel"), "{err}");
    let err = Config::parse("[review]\nperiod = \"soonish\"\n").unwrap_err();
    assert!(err.contains("line 2") && err.contains("soonish"), "{err}");
}

#[test]
fn a_base_url_path_is_where_links_from_the_root_may_start() {
    let c = Config::parse("[site]\nbase_url = \"https://example.org/security%20policies/\"\n").unwrap();
    assert_eq!(c.site.url_path, "security policies");
    let c = Config::parse("[site]\nbase_url = \"https://example.org\"\n").unwrap();
    assert_eq!(c.site.url_path, "");
}

#[test]
fn an_id_pattern_that_is_no_regular_expression_is_refused_at_its_collection() {
    let err =
        Config::parse("[[collections]]\npath = \"sop\"\nkind = \"sop\"\nid_pattern = \"SOP-(\\\\d{3}\"\n")
            .unwrap_err();
    assert!(
        err.starts_with("line 1: the collection `sop` has an id_pattern that is not a regular expression"),
        "{err}"
    );
    // Linear-time matching has a size limit: a pattern that would take a run's memory is refused.
    let err =
        Config::parse("[[collections]]\npath = \"sop\"\nkind = \"sop\"\nid_pattern = \"(a{1000}){1000}\"\n")
            .unwrap_err();
    assert!(err.contains("not a regular expression"), "{err}");
}

#[test]
fn an_exclude_pattern_git_would_reject_is_refused_at_its_line() {
    let err =
        Config::parse("roster = \"people.yaml\"\nexclude = [\"vendor/\", \"drafts/{a,b\"]\n").unwrap_err();
    assert!(err.starts_with("line 2: `exclude`: `drafts/{a,b` is not a pattern"), "{err}");
    let config = Config::parse("exclude = [\"vendor/\", \"**/drafts/*.md\"]\n").unwrap();
    let matcher = config.excluded(Path::new("/repo"));
    assert!(matcher.matched_path_or_any_parents("/repo/vendor/x/README.md", false).is_ignore());
    assert!(matcher.matched_path_or_any_parents("/repo/sop/drafts/a.md", false).is_ignore());
    assert!(!matcher.matched_path_or_any_parents("/repo/sop/a.md", false).is_ignore());
}

#[test]
fn a_commit_links_by_the_forge_of_repo_url() {
    let base = |url: &str, forge: &str| {
        Config::parse(&format!("[site]\nrepo_url = \"{url}\"\n{forge}")).unwrap().site.commit_base()
    };
    assert_eq!(base("https://github.com/o/r.git", "").as_deref(), Some("https://github.com/o/r/commit/"));
    assert_eq!(base("https://gitlab.com/g/r/", "").as_deref(), Some("https://gitlab.com/g/r/-/commit/"));
    assert_eq!(base("https://codeberg.org/o/r", "").as_deref(), Some("https://codeberg.org/o/r/commit/"));
    let named = base("https://code.example.org/g/r", "repo_forge = \"gitlab\"\n");
    assert_eq!(named.as_deref(), Some("https://code.example.org/g/r/-/commit/"));
    // Only a web address: a script URL gives no link.
    assert_eq!(base("javascript:alert(1)", ""), None);
    assert_eq!(Config::parse("").unwrap().site.commit_base(), None);
}

#[test]
fn a_collection_folder_is_written_as_document_paths_are() {
    let config = Config::parse(
        "[[collections]]\npath = \"./sop/\"\nkind = \"sop\"\n[[collections]]\npath = \"./\"\nkind = \"policy\"\n",
    )
    .unwrap();
    let paths: Vec<&str> = config.collections.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["sop", "."]);
    for (written, folder) in [
        ("sop", "sop"),
        ("sop//x/", "sop/x"),
        ("./a/./b", "a/b"),
        ("", "."),
        (".", "."),
        ("a/../b", "a/../b"),
        ("/etc", "/etc"),
    ] {
        assert_eq!(crate::config::Collection::folder(written), folder, "{written}");
    }
}

/// Bug (a hostile pull request's review): `roster = ".git/config"` was read, and the roster's
/// error quoted the first lines of git's configuration, where `actions/checkout` keeps the CI
/// job's token. No setting may name a place inside `.git`.
#[test]
fn no_setting_names_a_place_inside_git_s_own_folder() {
    for toml in [
        "roster = \".git/config\"\n",
        "roster = \"docs/.GIT/config\"\n",
        "[site]\nlinks_root = \".git\"\n",
        "[[collections]]\npath = \".git/refs\"\nkind = \"policy\"\n",
    ] {
        let err = Config::parse(toml).unwrap_err();
        assert!(err.contains("is inside `.git`, git's own folder"), "{toml}: {err}");
    }
    assert!(Config::parse("roster = \"people/.github-roster.yaml\"\n").is_ok());
}

/// Bug (a cold try's r6.sh): with no charta.toml, every `frontmatter/missing-field` said
/// "charta.toml's [required_fields] requires them", a file and a list nobody wrote.
#[test]
fn a_missing_field_s_help_names_the_list_that_asks_for_it() {
    let none = Config::default();
    assert_eq!(
        none.required_by("policy"),
        "charta asks each controlled document for id, title, owner, version, status unless charta.toml's [required_fields] lists others (`policy = [...]`)"
    );
    let listed =
        Config::parse("[required_fields]\ndefault = [\"id\"]\npolicy = [\"id\", \"owner\"]\n").unwrap();
    assert_eq!(listed.required_by("policy"), "charta.toml's [required_fields] `policy` list requires them");
    assert_eq!(listed.required_by("sop"), "charta.toml's [required_fields] `default` list requires them");
}

#[test]
fn each_approval_role_entry_is_found_at_its_line() {
    let mut approval = super::Approval::default();
    for kind in ["policy", "sop", "work instruction"] {
        approval.roles.insert(kind.to_owned(), vec!["CEO".to_owned()]);
    }
    let text = "[approval]\nmin_approvers = 1\n\n[approval.roles]   # who approves what\n\
                policy = [\"CEO\"]\n\"work instruction\" = [\"CEO\"]\n  sop=[\"CEO\"]\n[review]\nsop = 1\n";
    approval.find_role_lines(text);
    let lines: Vec<(&str, u32)> = approval.role_lines.iter().map(|(k, l)| (k.as_str(), *l)).collect();
    assert_eq!(lines, [("policy", 5), ("sop", 7), ("work instruction", 6)]);
    // Written inline, in the `[approval]` table: its line.
    let mut inline = super::Approval::default();
    inline.roles.insert("sop".to_owned(), vec!["QA".to_owned()]);
    inline.find_role_lines("[site]\ntitle = \"x\"\n[approval]\nroles = { sop = [\"QA\"] }\n");
    assert_eq!(inline.role_lines.get("sop"), Some(&3));
}
