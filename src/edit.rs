//! Lifecycle edits (`charta review`): a document's front matter changed line by line, in the
//! file's own style: its line endings and byte-order mark, each value's quoting, the shape and
//! order of its revision entries. What cannot be edited safely is refused with what to edit by
//! hand, never guessed at.

use crate::document::Document;

/// A file as lines, with how it ends them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    lines: Vec<String>,
    eol: &'static str,
    bom: bool,
    /// The last line ends with a line break.
    trailing: bool,
}

impl Text {
    pub fn of(raw: &str) -> Text {
        let bom = raw.starts_with('\u{feff}');
        let body = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
        let trailing = body.ends_with('\n');
        let lines = body.lines().map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned()).collect();
        Text { lines, eol, bom, trailing }
    }

    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.len() + 2).sum());
        if self.bom {
            out.push('\u{feff}');
        }
        out.push_str(&self.lines.join(self.eol));
        if self.trailing {
            out.push_str(self.eol);
        }
        out
    }

    fn line(&self, n: u32) -> &str {
        self.lines.get((n as usize).saturating_sub(1)).map_or("", String::as_str)
    }
}

/// A value as YAML writes it, in the style of `like` (the value it replaces or stands beside):
/// double- or single-quoted as it was, plain when it was plain and plain can say it.
pub fn scalar(value: &str, like: &str) -> String {
    let like = like.trim();
    if like.starts_with('\'') && !value.contains('\n') {
        return format!("'{}'", value.replace('\'', "''"));
    }
    if like.starts_with('"') || !plain_safe(value) {
        return serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""));
    }
    value.to_owned()
}

/// Whether `value` reads back as the same string when written plain.
fn plain_safe(value: &str) -> bool {
    let first = value.chars().next();
    !value.is_empty()
        && value.trim() == value
        && !first.is_some_and(|c| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off"
        )
}

/// `key: value` on one line, split after its indent (and a list item's `- `): the indent as
/// written, the key, and the value as written (a trailing comment left out). None for a line
/// that is not a single-line scalar field.
fn field_line(line: &str) -> Option<(String, String, String)> {
    let indent_len = line.len() - line.trim_start().len();
    let mut rest = &line[indent_len..];
    let mut indent = line[..indent_len].to_owned();
    if let Some(after) = rest.strip_prefix("- ") {
        indent.push_str("- ");
        rest = after;
    }
    let (key, value) = rest.split_once(':')?;
    if key.is_empty() || key.contains(' ') || key.starts_with('#') {
        return None;
    }
    let value = value.trim();
    let value = match value.find(" #") {
        Some(at) if !value.starts_with(['"', '\'']) => value[..at].trim_end(),
        _ => value,
    };
    if value.starts_with(['|', '>', '{', '&', '*']) {
        return None;
    }
    Some((indent, key.to_owned(), value.to_owned()))
}

/// Set the field on line `line` (as the document's front matter placed it) to `value`, in its
/// own quoting; the line keeps its key and indent.
pub fn set_field(text: &mut Text, line: u32, value: &str) -> Result<(), String> {
    let Some((indent, key, old)) = field_line(text.line(line)) else {
        return Err(format!("line {line} is not a one-line `key: value` field; edit it by hand"));
    };
    if old.is_empty() {
        return Err(format!("line {line}: `{key}` has no value on its line; edit it by hand"));
    }
    text.lines[line as usize - 1] = format!("{indent}{key}: {}", scalar(value, &old));
    Ok(())
}

/// What a new revision entry says.
pub struct Entry<'a> {
    pub version: &'a str,
    pub date: &'a str,
    pub author: &'a str,
    pub summary: &'a str,
    /// `review` for a periodic review; None leaves the type out (a change).
    pub kind: Option<&'a str>,
}

/// The line just after the front matter's mapping: its closing fence.
fn closing_fence(text: &Text, doc: &Document) -> u32 {
    let body = doc.body_line.max(2);
    (1..body).rev().find(|n| text.line(*n).trim_start().starts_with("--")).unwrap_or(body - 1)
}

/// Add `entry` to `doc`'s revision list, beside its newest entry and in that entry's shape:
/// before the first entry when the list is newest first, after the last when oldest first.
pub fn add_revision(text: &mut Text, doc: &Document, entry: &Entry) -> Result<(), String> {
    let revs = &doc.meta.revisions;
    let Some(list_line) = doc.meta.fields.iter().find(|(k, _)| is_revisions_key(k)).map(|(_, s)| s.line)
    else {
        return Err("the document has no `revisions:` list to add to; add one by hand".to_owned());
    };
    if revs.is_empty() {
        return Err("the `revisions:` list is empty; add the first entry by hand".to_owned());
    }
    // The list ends where the next field starts, or at the closing fence.
    let next_field = doc.meta.fields.values().map(|s| s.line).filter(|l| *l > list_line).min();
    let mut end = next_field.unwrap_or_else(|| closing_fence(text, doc));
    while end > list_line + 1 && text.line(end - 1).trim().is_empty() {
        end -= 1;
    }
    let starts: Vec<u32> = revs.iter().map(|r| r.span.line).collect();
    if starts.windows(2).any(|w| w[0] >= w[1]) || starts[0] <= list_line {
        return Err(
            "the revision entries are not one per block under `revisions:`; edit it by hand".to_owned()
        );
    }
    for n in list_line + 1..end {
        let line = text.line(n).trim_start();
        if line.starts_with('#') {
            return Err(format!("line {n} is a comment inside the revision list; add the entry by hand"));
        }
    }
    let newest_first = crate::revision::chronological(revs).first().map(|r| r.span) != Some(revs[0].span);
    let (sample, at) = if newest_first {
        ((starts[0], starts.get(1).copied().unwrap_or(end)), starts[0])
    } else {
        ((*starts.last().unwrap_or(&end), end), end)
    };
    let lines = shaped(text, sample, entry)?;
    let at = at as usize - 1;
    text.lines.splice(at..at, lines);
    Ok(())
}

fn is_revisions_key(key: &str) -> bool {
    key == "revisions" || crate::frontmatter::schema::alias(key) == Some("revisions")
}

/// The lines of `entry`, shaped as the entry on lines `from..to` is: its indent, its keys as
/// written and in its order, each value quoted as there. A key the new entry has no value for
/// is left out; a value the sample lacks is added after its other keys.
fn shaped(text: &Text, (from, to): (u32, u32), entry: &Entry) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut said: Vec<&str> = Vec::new();
    let (mut item, mut inner) = (None, None);
    for n in from..to {
        let raw = text.line(n);
        if raw.trim().is_empty() {
            continue;
        }
        let Some((indent, key, old)) = field_line(raw) else {
            return Err(format!(
                "line {n} of the newest revision entry is not a one-line `key: value`; add the entry by hand"
            ));
        };
        if n == from {
            if !indent.ends_with("- ") {
                return Err(format!("line {n} does not start a list item; add the entry by hand"));
            }
            item = Some(indent);
        } else {
            inner.get_or_insert(indent);
        }
        let (name, value) = match key.as_str() {
            "version" | "revision" => ("version", entry.version),
            "date" => ("date", entry.date),
            "author" | "authors" => ("author", entry.author),
            "summary" | "changes" | "comment" | "description" => ("summary", entry.summary),
            "type" => match entry.kind {
                Some(kind) => ("type", kind),
                None => continue,
            },
            _ => continue,
        };
        said.push(name);
        let written =
            if old.starts_with('[') { format!("[{}]", scalar(value, "")) } else { scalar(value, &old) };
        out.push(format!("{key}: {written}"));
    }
    let item = item.unwrap_or_default();
    let inner = inner.unwrap_or_else(|| " ".repeat(item.len()));
    let missing = [
        ("version", Some(entry.version)),
        ("date", Some(entry.date)),
        ("author", Some(entry.author)),
        ("summary", Some(entry.summary)),
        ("type", entry.kind),
    ];
    for (name, value) in missing {
        if let Some(value) = value.filter(|_| !said.contains(&name)) {
            out.push(format!("{name}: {}", scalar(value, "")));
        }
    }
    // The first line is the item's (`- `), the rest at the entry's own indent.
    Ok(out
        .into_iter()
        .enumerate()
        .map(|(i, line)| if i == 0 { format!("{item}{line}") } else { format!("{inner}{line}") })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `key: <written>` reads back as.
    fn read_back(written: &str) -> Option<String> {
        let node = crate::yaml::parse(&format!("key: {written}\n"), 1).ok()?;
        let crate::yaml::NodeKind::Map(pairs) = node.kind else { return None };
        pairs.first()?.1.as_str().map(str::to_owned)
    }

    proptest::proptest! {
        /// Whatever a summary says, and whichever quoting the value beside it used, the value
        /// written reads back as itself.
        #[test]
        fn a_value_written_in_any_style_reads_back_as_itself(value in "[ -~]{1,40}", like in "(plain|\"q\"|'q')") {
            let written = scalar(&value, &like);
            proptest::prop_assert_eq!(read_back(&written), Some(value.clone()), "{}", written);
        }
    }

    #[test]
    fn a_file_keeps_its_line_endings_its_mark_and_its_last_line_break() {
        for raw in ["a\nb\n", "\u{feff}a\r\nb\r\n", "a\nb"] {
            assert_eq!(Text::of(raw).render(), raw);
        }
    }
}
