//! Stage 2 support: a TOML front matter (Hugo's `+++` block) read into the tree a YAML one is
//! read into (`crate::yaml::Node`), each node at its line and column of the file, so every
//! field is read, checked and located the same way whichever language wrote it.

use crate::source::{Span, to_u32};
use crate::yaml::{DEPTH_LIMIT, NODE_BUDGET, Node, NodeKind, YamlError};
use std::borrow::Cow;
use toml::de::{DeTable, DeValue};

type Spanned<T> = toml::Spanned<T>;

/// The tree of the TOML `text`, whose first line is line `first_line` of the file. Scalars keep
/// their text as written (`version = 1.10` stays "1.10"; a date is `2025-01-10`); strings are
/// quoted scalars, so `"null"` is a word, not nothing; tables are mappings in the order they
/// are written.
pub fn parse(text: &str, first_line: u32) -> Result<Node<'_>, YamlError> {
    let lines = Lines::of(text, first_line);
    let table = DeTable::parse(text).map_err(|e| YamlError {
        span: lines.at(e.span().map_or(0, |s| s.start)),
        message: e.message().trim_end().to_owned(),
        too_large: false,
    })?;
    let mut nodes = 0;
    let span = lines.at(table.span().start);
    let map = pairs(table.into_inner(), &lines, 0, &mut nodes)?;
    Ok(Node { kind: NodeKind::Map(map), span })
}

/// Where each line of the block starts, to turn byte offsets into lines and columns.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: u32,
}

impl<'a> Lines<'a> {
    fn of(text: &'a str, first_line: u32) -> Lines<'a> {
        let starts =
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|n| n + 1)).collect();
        Lines { text, starts, first_line }
    }

    /// The file line and column (in characters, from 1) of byte `at` of the block.
    fn at(&self, at: usize) -> Span {
        let at = at.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let start = self.starts[line];
        let col = self.text.get(start..at).map_or(0, |s| s.chars().count());
        Span::new(self.first_line + to_u32(line), to_u32(col + 1))
    }
}

/// A table's key and value pairs, as nodes, in the order they are written.
fn pairs<'a>(
    table: DeTable<'a>,
    lines: &Lines,
    depth: usize,
    nodes: &mut usize,
) -> Result<Vec<(Node<'a>, Node<'a>)>, YamlError> {
    let mut pairs: Vec<(usize, Spanned<Cow<'a, str>>, Spanned<DeValue<'a>>)> =
        table.into_iter().map(|(k, v)| (k.span().start, k, v)).collect();
    pairs.sort_by_key(|(at, ..)| *at);
    pairs
        .into_iter()
        .map(|(at, key, value)| {
            let key =
                Node { kind: NodeKind::Scalar { text: key.into_inner(), plain: true }, span: lines.at(at) };
            Ok((key, node(value, lines, depth, nodes)?))
        })
        .collect()
}

fn node<'a>(
    value: Spanned<DeValue<'a>>,
    lines: &Lines,
    depth: usize,
    nodes: &mut usize,
) -> Result<Node<'a>, YamlError> {
    let span = lines.at(value.span().start);
    *nodes += 1;
    if *nodes > NODE_BUDGET || depth >= DEPTH_LIMIT {
        let message = if depth >= DEPTH_LIMIT {
            format!("nesting deeper than {DEPTH_LIMIT} levels")
        } else {
            format!("more than {NODE_BUDGET} values")
        };
        return Err(YamlError { span, message, too_large: true });
    }
    let scalar = |text: Cow<'a, str>, plain: bool| NodeKind::Scalar { text, plain };
    let kind = match value.into_inner() {
        DeValue::String(text) => scalar(text, false),
        DeValue::Integer(n) => scalar(Cow::Owned(n.to_string()), true),
        DeValue::Float(f) => scalar(Cow::Owned(f.to_string()), true),
        DeValue::Boolean(b) => scalar(Cow::Borrowed(if b { "true" } else { "false" }), true),
        DeValue::Datetime(d) => scalar(Cow::Owned(d.to_string()), true),
        DeValue::Array(items) => NodeKind::Seq(
            items.into_iter().map(|item| node(item, lines, depth + 1, nodes)).collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => NodeKind::Map(pairs(table, lines, depth + 1, nodes)?),
    };
    Ok(Node { kind, span })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(node: &Node) -> String {
        match &node.kind {
            NodeKind::Scalar { text, plain } => format!("{text}{}", if *plain { "" } else { "'" }),
            NodeKind::Seq(items) => format!("[{}]", items.iter().map(text_of).collect::<Vec<_>>().join(",")),
            NodeKind::Map(pairs) => format!(
                "{{{}}}",
                pairs
                    .iter()
                    .map(|(k, v)| format!("{}={}", text_of(k), text_of(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    #[test]
    fn a_toml_block_is_read_as_written_in_order_at_the_lines_of_the_file() {
        let text = "title = \"Access\"\nversion = 1.10\napproval_date = 2025-01-10\napprovers = [\"bob\", \"carol\"]\ndraft = false\nnull_word = \"null\"\n[extra]\nsite = \"Leeds\"\n";
        let root = parse(text, 2).unwrap();
        assert_eq!(
            text_of(&root),
            "{title=Access',version=1.10,approval_date=2025-01-10,approvers=[bob',carol'],draft=false,null_word=null',extra={site=Leeds'}}"
        );
        let NodeKind::Map(pairs) = &root.kind else { panic!() };
        let at: Vec<(u32, u32)> = pairs.iter().map(|(k, v)| (k.span.line, v.span.col)).collect();
        assert_eq!(at, [(2, 9), (3, 11), (4, 17), (5, 13), (6, 9), (7, 13), (8, 1)]);
        assert_eq!(pairs[5].1.as_str(), Some("null"), "a quoted word is a word");
    }

    #[test]
    fn bad_or_too_deep_toml_is_an_error_at_its_line() {
        let err = parse("title = \"A\"\nversion = \n", 2).unwrap_err();
        assert_eq!(err.span.line, 3, "{err:?}");
        let deep = format!("x = {}{}\n", "[".repeat(100), "]".repeat(100));
        assert!(parse(&deep, 2).is_err());
    }
}
