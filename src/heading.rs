//! Stage 2: a document's title from its body: the first heading, as plain text.

/// The text of the first ATX heading (`# Title`) outside fenced code, as plain text: without
/// its Markdown marks (`# **Access** [policy](x.md)` is "Access policy"). The line is found
/// here; only that line is read as Markdown, by pulldown-cmark.
pub fn first_heading(body: &str) -> Option<String> {
    let mut in_fence = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence && t.starts_with('#') {
            let text = t.trim_start_matches('#');
            if text.starts_with(' ') && !text.trim().is_empty() {
                return Some(plain_heading(t));
            }
        }
    }
    None
}

/// The words of the ATX heading `line`, without emphasis, code marks or link targets.
fn plain_heading(line: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(line) {
        match event {
            Event::Text(s) | Event::Code(s) => out.push_str(&s),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
