//! Stage 2 support: YAML text to a small tree that keeps every node's line and the raw text of
//! scalars (so `version: 1.10` stays "1.10"), with budgets against alias bombs and deep nesting.

use crate::source::{Span, to_u32};
use granit_parser::{Event, Parser, ScalarStyle, StructureStyle};

/// Most nodes one front matter may expand to (aliases count each time they are used).
pub const NODE_BUDGET: usize = 20_000;
/// Most text the aliases of one front matter may repeat, counted each time one is used: the
/// node budget alone let a 1 MiB string used 2,000 times take gigabytes.
pub const ALIAS_BYTES: usize = 4 << 20;
/// Deepest nesting of sequences and mappings.
pub const DEPTH_LIMIT: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub kind: NodeKind<'a>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind<'a> {
    /// A scalar as written (after YAML escapes); `plain` when unquoted, so `~`/`null` mean nothing.
    /// Borrowed from the parsed text where YAML wrote it as it reads (no escape or fold).
    Scalar {
        text: std::borrow::Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl Node<'_> {
    /// The scalar's text, or None for a sequence, a mapping or a null.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, plain } if !(*plain && is_null(text)) => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { text, plain: true } if is_null(text))
    }

    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar { .. } if self.is_null() => "nothing",
            NodeKind::Scalar { .. } => "a single value",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// A JSON-like view for `extra:` values and templates; scalars stay strings.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Scalar { .. } if self.is_null() => Value::Null,
            NodeKind::Scalar { text, .. } => Value::String(text.to_string()),
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(pairs) => Value::Object(
                pairs.iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), v.to_json())).collect(),
            ),
        }
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A YAML problem with its position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub span: Span,
    pub message: String,
    /// Valid YAML, refused for its size (the budgets above), not for how it is written.
    pub too_large: bool,
}

enum Frame<'a> {
    Seq(Span, Vec<Node<'a>>, usize),
    Map(Span, Vec<(Node<'a>, Node<'a>)>, Option<Node<'a>>, usize),
}

/// Parse one YAML document. `first_line` is the file line the text starts on, so spans are
/// lines of the file. An empty document gives a null scalar.
pub fn parse(text: &str, first_line: u32) -> Result<Node<'_>, YamlError> {
    let at = |line: usize, col: usize| Span::new(to_u32(line) + first_line - 1, to_u32(col + 1));
    let mut anchors: Vec<Option<Node<'_>>> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // For each open collection: its bracket and where it opened, when written in flow style.
    let mut flows: Vec<Option<(char, Span)>> = Vec::new();
    let mut nodes = 0usize;
    let mut repeated = 0usize;
    let mut aliased = false;
    let mut root: Option<Node<'_>> = None;
    for item in Parser::new_from_str(text) {
        let (event, ev_span) = item.map_err(|e| {
            let (mut line, mut col) = (e.marker().line(), e.marker().col());
            // The scanner reports a stray tab at the start of the scalar it was reading;
            // point at the tab itself, which is what the author must change.
            if e.info().contains("tab")
                && let Some((n, l)) =
                    text.lines().enumerate().skip(line.saturating_sub(1)).find(|(_, l)| l.contains('\t'))
            {
                (line, col) = (n + 1, l.find('\t').unwrap_or(0));
            }
            let mut message = e.info();
            // An unclosed `[` or `{` is seen only where the next line breaks it: name where it opened.
            if let Some((bracket, opened)) = flows.iter().rev().flatten().next()
                && opened.line < at(line, col).line
            {
                message.push_str(&format!(" (the `{bracket}` opened on line {} is not closed)", opened.line));
            }
            YamlError { span: at(line, col), message, too_large: false }
        })?;
        let span = at(ev_span.start.line(), ev_span.start.col());
        let (node, anchor) = match event {
            Event::Scalar(value, style, anchor, _tag) => {
                let plain = matches!(style, ScalarStyle::Plain);
                let kind = NodeKind::Scalar { text: value, plain };
                (Node { kind, span }, anchor)
            }
            Event::SequenceStart(style, anchor, _) | Event::MappingStart(style, anchor, _) => {
                let bracket = if matches!(event, Event::SequenceStart(..)) { '[' } else { '{' };
                flows.push((style == StructureStyle::Flow).then_some((bracket, span)));
                if stack.len() >= DEPTH_LIMIT {
                    return Err(YamlError {
                        span,
                        message: format!("nesting deeper than {DEPTH_LIMIT} levels"),
                        too_large: true,
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(span, Vec::new(), anchor)
                } else {
                    Frame::Map(span, Vec::new(), None, anchor)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match close(&mut flows, &mut stack) {
                Some(Frame::Seq(s, items, a)) => (Node { kind: NodeKind::Seq(items), span: s }, a),
                Some(Frame::Map(s, pairs, _, a)) => (Node { kind: NodeKind::Map(pairs), span: s }, a),
                None => continue,
            },
            Event::Alias(id) => {
                let Some(Some(target)) = anchors.get(id) else {
                    return Err(YamlError {
                        span,
                        message: "alias to an unknown anchor".into(),
                        too_large: false,
                    });
                };
                let (values, text) = weigh(target);
                nodes += values;
                repeated += text;
                if repeated > ALIAS_BYTES {
                    return Err(YamlError {
                        span,
                        message: format!(
                            "aliases repeat more than {} MiB of text (each use counts): write a long text once, not by alias",
                            ALIAS_BYTES >> 20
                        ),
                        too_large: true,
                    });
                }
                aliased = true;
                let mut node = target.clone();
                node.span = span;
                (node, 0)
            }
            _ => continue,
        };
        nodes += 1;
        if nodes > NODE_BUDGET {
            let why = if aliased { " (aliases expand each time they are used)" } else { "" };
            return Err(YamlError {
                span,
                message: format!("more than {NODE_BUDGET} values{why}"),
                too_large: true,
            });
        }
        if anchor > 0 {
            if anchors.len() <= anchor {
                anchors.resize(anchor + 1, None);
            }
            anchors[anchor] = Some(node.clone());
        }
        match stack.last_mut() {
            Some(Frame::Seq(_, items, _)) => items.push(node),
            Some(Frame::Map(_, pairs, key, _)) => match key.take() {
                Some(k) => pairs.push((k, node)),
                None => *key = Some(node),
            },
            None => {
                root.get_or_insert(node);
            }
        }
    }
    Ok(root.unwrap_or(Node {
        kind: NodeKind::Scalar { text: Default::default(), plain: true },
        span: Span::new(first_line, 1),
    }))
}

/// Close the innermost collection.
fn close<'a>(flows: &mut Vec<Option<(char, Span)>>, stack: &mut Vec<Frame<'a>>) -> Option<Frame<'a>> {
    flows.pop();
    stack.pop()
}

/// How many values `node` is (itself and all it holds), and the bytes of its scalars (keys
/// included): what an alias to it adds to the budgets each time it is used.
fn weigh(node: &Node<'_>) -> (usize, usize) {
    let add = |(n, b): (usize, usize), (m, c): (usize, usize)| (n + m, b + c);
    match &node.kind {
        NodeKind::Scalar { text, .. } => (1, text.len()),
        NodeKind::Seq(items) => items.iter().map(weigh).fold((1, 0), add),
        NodeKind::Map(pairs) => pairs.iter().map(|(k, v)| add(weigh(k), weigh(v))).fold((1, 0), add),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Vec<(Node<'_>, Node<'_>)> {
        match parse(text, 1).unwrap().kind {
            NodeKind::Map(p) => p,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn scalars_keep_their_text_and_lines() {
        let pairs = map("id: POL-1\nversion: 1.10\nrevision: \"05\"\nempty:\n");
        let got: Vec<_> = pairs.iter().map(|(k, v)| (k.as_str().unwrap(), v.as_str(), v.span.line)).collect();
        assert_eq!(
            got,
            [
                ("id", Some("POL-1"), 1),
                ("version", Some("1.10"), 2),
                ("revision", Some("05"), 3),
                ("empty", None, 4)
            ]
        );
    }

    #[test]
    fn lines_are_offset_to_the_file() {
        let pairs = map("a: 1\nb:\n  - x\n  - y\n");
        let first_line = parse("a: 1\nb:\n  - x\n", 2).unwrap();
        assert_eq!(pairs[1].0.span, Span::new(2, 1));
        let NodeKind::Map(p) = first_line.kind else { panic!() };
        assert_eq!(p[1].0.span.line, 3);
    }

    #[test]
    fn comments_are_skipped_and_a_hash_inside_a_value_is_text() {
        let pairs = map("# owner's note\nid: A # trailing\nlist:\n  # inside\n  - x\nurl: a#b\n");
        let got: Vec<_> =
            pairs.iter().map(|(k, v)| (k.as_str().unwrap(), v.to_json(), v.span.line)).collect();
        assert_eq!(
            got,
            [
                ("id", serde_json::json!("A"), 2),
                ("list", serde_json::json!(["x"]), 5),
                ("url", serde_json::json!("a#b"), 6)
            ]
        );
    }

    #[test]
    fn errors_carry_a_file_line() {
        let err = parse("a: 1\nb: [1, 2\n", 5).unwrap_err();
        assert!(err.span.line >= 6, "{err:?}");
        let err = parse("a:\n  b: 1\n\tc: 2\n", 1).unwrap_err();
        assert_eq!(err.span.line, 3, "{err:?}");
    }

    #[test]
    fn alias_bombs_hit_the_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 10].join(", ")));
        }
        let err = parse(&text, 1).unwrap_err();
        assert!(err.message.contains("aliases"), "{err:?}");
    }

    /// Bug (a hostile review): a 1 MiB string used by 2,000 aliases, 2,001 values, took 4 GB
    /// of memory and aborted when there was no more: the budget counted values, not their text.
    #[test]
    fn aliases_repeating_a_large_text_hit_the_budget() {
        let big = "A".repeat(1 << 20);
        let text = format!("big: &a \"{big}\"\nmany: [{}]\n", ["*a"; 2000].join(", "));
        let err = parse(&text, 1).unwrap_err();
        assert!(err.message.contains("aliases repeat more than 4 MiB"), "{err:?}");
        assert_eq!(err.span.line, 2);
        // A few uses of a short text are fine.
        let text = "a: &a \"Alice Example\"\nb: [*a, *a, *a]\n";
        assert!(parse(text, 1).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
        let err = parse(&text, 1).unwrap_err();
        assert!(err.message.contains("nesting"), "{err:?}");
    }
}
