//! Stage 2: read a file's front matter, whatever dialect, into charta's document metadata.

mod fields;
pub mod schema;
mod split;
mod toml_tree;
mod values;

pub use split::{Block, Split, Unterminated, split};

use crate::document::{Dialect, Meta};
use crate::finding::{Finding, Rule};
use crate::source::{Span, to_u32};
use crate::yaml::{self, NodeKind};
use schema::CHARTA_KEYS;

/// Keys only the T1Pal QMS uses (read as its dialect).
pub const T1PAL_KEYS: &[&str] = &["document_id", "repository", "folder", "revision"];
/// Keys only strongdm/comply uses.
pub const COMPLY_KEYS: &[&str] = &["name", "acronym", "satisfies", "majorRevisions", "cron"];
/// Keys that mark a Hugo-style page; other keys of such a page are kept as `extra`.
pub const HUGO_KEYS: &[&str] = &[
    "last_updated",
    "lastmod",
    "date",
    "weight",
    "slug",
    "draft",
    "aliases",
    "tags",
    "categories",
    "layout",
    "url",
    "publishDate",
    "expiryDate",
    "menu",
    "linkTitle",
    "toc",
];

pub fn is_known_key(key: &str) -> bool {
    [&CHARTA_KEYS[..], T1PAL_KEYS, COMPLY_KEYS, HUGO_KEYS, schema::KEPT]
        .iter()
        .any(|keys| keys.contains(&key))
        || schema::alias(key).is_some()
}

/// What reading one file's front matter gives.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub dialect: Dialect,
    pub meta: Meta,
    pub body: &'a str,
    pub body_line: u32,
    pub findings: Vec<Finding>,
    pub readable: bool,
}

/// Pure: split, parse the YAML, detect the dialect, and read the fields, by charta's names and
/// the other tools' it knows.
pub fn read<'a>(path: &str, text: &'a str) -> Parsed<'a> {
    read_named(path, text, &schema::NO_NAMES)
}

/// As [`read`], with an organisation's own names for charta's fields (`[fields.aliases]`).
pub fn read_named<'a>(path: &str, text: &'a str, names: &schema::Names) -> Parsed<'a> {
    let mut parsed = Parsed {
        dialect: Dialect::None,
        meta: Meta::default(),
        body: text,
        body_line: 1,
        findings: Vec::new(),
        readable: false,
    };
    let split = match split::split(text, is_known_key) {
        Ok(s) => s,
        Err(Unterminated) => {
            let fence = if text.starts_with("+++") { "+++" } else { "---" };
            parsed.findings.push(
                Finding::new(
                    Rule::FrontmatterUnterminated,
                    path,
                    Span::file(),
                    "the front matter opened on line 1 is never closed",
                )
                .help(format!("add a line with only `{fence}` after the last front-matter field")),
            );
            return parsed;
        }
    };
    parsed.body = split.body;
    parsed.body_line = split.body_line;
    if let Some((line, close)) = split.inexact_close {
        // Only dashes and spaces: nothing of the document is printed.
        parsed.findings.push(
            Finding::new(
                Rule::FrontmatterClosingLine,
                path,
                Span { line, col: 1 },
                format!("the front matter is closed by `{}`, not by a line of exactly `---`", close.trim_end()),
            )
            .help("write the closing line as exactly `---`: other tools (GitHub, Hugo, editors) show a block closed otherwise as text"),
        );
    }
    if split.block == Block::None {
        if is_repository_file(path) {
            return parsed;
        }
        parsed.findings.push(missing(path, text));
        return parsed;
    }
    let toml = split.block == Block::Toml;
    let tree = if toml {
        toml_tree::parse(split.yaml, split.yaml_line)
    } else {
        yaml::parse(split.yaml, split.yaml_line)
    };
    let root = match tree {
        Ok(root) => root,
        Err(e) => {
            parsed.dialect = Dialect::Charta;
            let (message, help) = match (e.too_large, toml) {
                (true, _) => (
                    format!("the front matter is too large to read: {}", e.message),
                    "keep the front matter to the document's own fields: a long list (a revision history of thousands of entries) or deep nesting belongs in the body or a file of its own",
                ),
                (false, true) => (
                    format!("the front matter is not valid TOML: {}", e.message),
                    "fix the TOML at this line; write each field as `field = value`, text in quotes",
                ),
                (false, false) => (
                    format!("the front matter is not valid YAML: {}", e.message),
                    "fix the YAML at this line; quote values that contain `: ` or start with a special character",
                ),
            };
            parsed
                .findings
                .push(Finding::new(Rule::FrontmatterInvalidYaml, path, e.span, message).help(help));
            return parsed;
        }
    };
    let pairs = match root.kind {
        NodeKind::Map(pairs) => pairs,
        _ if root.is_null() => Vec::new(),
        _ => {
            parsed.dialect = Dialect::Charta;
            parsed.findings.push(
                Finding::new(
                    Rule::FrontmatterInvalidYaml,
                    path,
                    root.span,
                    format!("the front matter is {} but must be a mapping of fields", root.kind_name()),
                )
                .help("write the front matter as `field: value` lines"),
            );
            return parsed;
        }
    };
    parsed.readable = true;
    let dialect = fields::detect(split.block, &pairs, names);
    let (meta, findings) = fields::read(path, dialect, pairs, names);
    parsed.dialect = dialect;
    parsed.meta = meta;
    parsed.findings.extend(findings);
    parsed
}

/// `frontmatter/missing` for `text`: where a fence was meant but is not on the first line (a
/// blank line or a title before it), the finding says which line holds it, as no reader takes a
/// block there for front matter.
fn missing(path: &str, text: &str) -> Finding {
    let fence = text.lines().take(20).position(|l| matches!(l.trim(), "---" | "+++"));
    let blank_before = |n: usize| text.lines().take(n).all(|l| l.trim().is_empty());
    let (message, span, help) = match fence {
        Some(n) if blank_before(n) => (
            format!(
                "the `{}` on line {} opens no front matter: a front matter starts on the file's first line, and blank lines come before it",
                text.lines().nth(n).unwrap_or_default().trim(),
                n + 1
            ),
            Span { line: to_u32(n + 1), col: 1 },
            "remove the blank lines before it",
        ),
        _ => (
            "this document has no front matter, so nothing records its owner, approval or review".to_owned(),
            Span::file(),
            Rule::FrontmatterMissing.fix(),
        ),
    };
    Finding::new(Rule::FrontmatterMissing, path, span, message).help(help)
}

/// A file every repository has about itself, not a controlled document (`README.md`,
/// `LICENSE.md`, `CHANGELOG.md`, `CONTRIBUTING.md`, ...): it may have no front matter.
pub fn is_repository_file(path: &str) -> bool {
    const NAMES: &[&str] = &[
        "readme",
        "license",
        "licence",
        "changelog",
        "contributing",
        "code_of_conduct",
        "code-of-conduct",
        "security",
        "support",
        "governance",
        "notice",
        "authors",
        "copying",
    ];
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(stem))
}

#[cfg(test)]
mod tests;
