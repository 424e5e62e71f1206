//! Lifecycle edits (`charta review`, `revise`, `approve`, `retire`, `supersede`): a document's
//! front matter changed line by line, in the file's own style: its line endings and byte-order
//! mark, each value's quoting, the shape and order of its revision entries, how it names people.
//! What cannot be edited safely is refused with what to edit by hand, never guessed at.

mod revision;
mod version;

pub use revision::{Entry, add_revision};
pub use version::{Step, next_version};

use crate::document::Document;
use std::collections::{BTreeMap, BTreeSet};

/// A file as lines, with how it ends them, and the edits made to it. Lines keep the numbers
/// they had when read, whatever is inserted or removed, so every edit is made at the line the
/// document's parse placed it: lines inserted before a line, and lines removed, show in
/// [`Text::render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    lines: Vec<String>,
    eol: &'static str,
    bom: bool,
    /// The last line ends with a line break.
    trailing: bool,
    /// Lines to insert before the line of that number (one past the last: at the end).
    inserted: BTreeMap<u32, Vec<String>>,
    removed: BTreeSet<u32>,
}

impl Text {
    pub fn of(raw: &str) -> Text {
        let bom = raw.starts_with('\u{feff}');
        let body = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
        let trailing = body.ends_with('\n');
        let lines = body.lines().map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned()).collect();
        Text { lines, eol, bom, trailing, inserted: BTreeMap::new(), removed: BTreeSet::new() }
    }

    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.len() + 2).sum());
        if self.bom {
            out.push('\u{feff}');
        }
        let mut lines: Vec<&str> = Vec::with_capacity(self.lines.len());
        for n in 1..=self.lines.len() as u32 + 1 {
            lines.extend(self.inserted.get(&n).into_iter().flatten().map(String::as_str));
            if !self.removed.contains(&n)
                && let Some(line) = self.lines.get(n as usize - 1)
            {
                lines.push(line);
            }
        }
        out.push_str(&lines.join(self.eol));
        if self.trailing || self.inserted.contains_key(&(self.lines.len() as u32 + 1)) {
            out.push_str(self.eol);
        }
        out
    }

    fn line(&self, n: u32) -> &str {
        self.lines.get((n as usize).saturating_sub(1)).map_or("", String::as_str)
    }

    fn replace(&mut self, n: u32, line: String) {
        if let Some(slot) = self.lines.get_mut((n as usize).saturating_sub(1)) {
            *slot = line;
        }
    }

    /// Insert `lines` before line `n`, after any inserted there before.
    fn insert(&mut self, n: u32, lines: Vec<String>) {
        self.inserted.entry(n).or_default().extend(lines);
    }

    /// Insert `lines` before line `n` and before any inserted there: a list's new entry, which
    /// must stay under its list when a new field is added at the same place (the closing fence).
    fn insert_first(&mut self, n: u32, lines: Vec<String>) {
        self.inserted.entry(n).or_default().splice(0..0, lines);
    }
}

/// A value as YAML writes it, in the style of `like` (the value it replaces or stands beside):
/// double- or single-quoted as it was, plain when it was plain and plain says the same to any
/// YAML reader. A value another reader would take for a number, a date or a boolean (`0x1F`,
/// `1.50`, `.inf`, `yes`) is quoted, unless `like` is plain and of the same look (a version
/// beside a version, a date beside a date): the file already writes those plain. A new value
/// (`like` empty) that is a date stays plain, as front matter writes dates.
pub fn scalar(value: &str, like: &str) -> String {
    let like = like.trim();
    let one_line = !value.chars().any(char::is_control);
    if like.starts_with('\'') && one_line {
        return format!("'{}'", value.replace('\'', "''"));
    }
    let as_before = match like {
        "" => !typed(value) || value.parse::<jiff::civil::Date>().is_ok(),
        // A number another reader would read as another one (`1.10` as 1.1, `05` as 5): quoted,
        // even beside a plain `1.9`: version 1.10 read as 1.1 would come before 1.9.
        _ => typed(value) == typed(like) && !another_number(value),
    };
    if like.starts_with('"') || !one_line || !plain_safe(value) || !as_before {
        return serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""));
    }
    value.to_owned()
}

/// Whether a YAML reader (1.1 or 1.2) may read `value`, written plain, as something other than
/// a string: a number in any base, a float, infinity, a date or time, a boolean or null.
fn typed(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let numeric = unsigned.starts_with(|c: char| c.is_ascii_digit())
        || (unsigned.starts_with('.') && unsigned[1..].starts_with(|c: char| c.is_ascii_digit()));
    numeric && unsigned.chars().all(|c| c.is_ascii_hexdigit() || "._:xob-+t ".contains(c))
        || matches!(unsigned, ".inf" | ".nan")
        || NOT_STRINGS.contains(&lower.as_str())
        || matches!(lower.as_str(), "y" | "n")
}

/// Whether a YAML reader would read `value`, written plain, as a number that is another
/// version: `1.10` as 1.1 (before 1.9), `05` as 5. Not `2.0`, which reads as the same version.
fn another_number(value: &str) -> bool {
    if value.parse::<f64>().is_err() {
        return false;
    }
    let trailing_zero =
        value.split_once('.').is_some_and(|(_, fraction)| fraction.len() > 1 && fraction.ends_with('0'));
    let leading_zero = value.len() > 1 && value.starts_with('0') && value.as_bytes()[1].is_ascii_digit();
    trailing_zero || leading_zero
}

/// Words a YAML reader takes for null or a boolean when written plain.
const NOT_STRINGS: &[&str] = &["null", "~", "true", "false", "yes", "no", "on", "off"];

/// Whether `value` reads back as the same string when written plain.
fn plain_safe(value: &str) -> bool {
    let first = value.chars().next();
    !value.is_empty()
        && value.trim() == value
        && !first.is_some_and(|c| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !NOT_STRINGS.contains(&value.to_ascii_lowercase().as_str())
}

/// A value as written after its key's colon, split from a trailing comment: the value (trimmed)
/// and the comment with the space before it (`  # since May`), "" when there is none.
fn split_comment(raw: &str) -> (&str, &str) {
    let value = raw.trim();
    if value.starts_with('#') {
        return ("", &raw[raw.len() - raw.trim_start().len()..]);
    }
    let end = match value.as_bytes().first() {
        Some(&quote @ (b'"' | b'\'')) => closing_quote(value, quote).map(|i| i + 1),
        _ => value.find(" #").or_else(|| value.find("\t#")),
    };
    match end {
        Some(end) if value[end..].trim_start().starts_with('#') => (value[..end].trim_end(), &value[end..]),
        _ => (value, ""),
    }
}

/// Where the quoted value at the start of `value` closes: `\"` escapes a double quote, `''` a
/// single one.
fn closing_quote(value: &str, quote: u8) -> Option<usize> {
    let bytes = value.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
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
    let (value, _) = split_comment(value);
    if value.starts_with(['|', '>', '{', '&', '*']) {
        return None;
    }
    Some((indent, key.to_owned(), value.to_owned()))
}

/// The comment at the end of `line` (with the space before it), "" when there is none.
fn comment_of(line: &str) -> &str {
    line.split_once(':').map_or("", |(_, value)| split_comment(value).1)
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
    goes_on(text, line, &indent, &key)?;
    let comment = comment_of(text.line(line)).to_owned();
    text.replace(line, format!("{indent}{key}: {}{comment}", scalar(value, &old)));
    Ok(())
}

/// Refused when the value begun on line `line` goes on over the next lines (a list `[a,` closed
/// on the next, a long text folded): only its first line would be rewritten.
fn goes_on(text: &Text, line: u32, indent: &str, key: &str) -> Result<(), String> {
    let next = (line + 1..).map(|n| (n, text.line(n))).take_while(|(n, _)| (*n as usize) <= text.lines.len());
    let next = next.map(|(n, l)| (n, l.trim_end())).find(|(_, l)| !l.is_empty());
    match next {
        Some((n, l)) if l.len() - l.trim_start().len() > indent.len() && !l.trim_start().starts_with('#') => {
            Err(format!(
                "`{key}` goes on past line {line} (line {n} continues it); write it on one line, or edit it by hand"
            ))
        }
        _ => Ok(()),
    }
}

/// The lines `from..to` a field's value takes after its key's line: up to the next field, or
/// the front matter's closing fence, without the blank lines before it.
fn field_end(text: &Text, doc: &Document, key_line: u32) -> u32 {
    let next_field = doc.meta.fields.values().map(|s| s.line).filter(|l| *l > key_line).min();
    let mut end = next_field.unwrap_or_else(|| closing_fence(text, doc));
    while end > key_line + 1 && text.line(end - 1).trim().is_empty() {
        end -= 1;
    }
    end
}

/// The line just after the front matter's mapping: its closing fence.
fn closing_fence(text: &Text, doc: &Document) -> u32 {
    let body = doc.body_line.max(2);
    // `---`, a longer dash line, or YAML's document end `...`.
    (1..body)
        .rev()
        .find(|n| text.line(*n).trim_start().starts_with("--") || text.line(*n).trim_end() == "...")
        .unwrap_or(body - 1)
}

/// The line of the field the front matter names `canonical` (under any alias it reads).
pub fn field(doc: &Document, aliases: &BTreeMap<String, String>, canonical: &str) -> Option<u32> {
    doc.meta.fields.written(aliases, canonical).map(|span| span.line)
}

/// Set the field `key` to `value`: on its own line where the document states it (see
/// [`set_field`]), else as a new top-level line after the field on line `after` (and its
/// value's lines), else before the closing fence.
pub fn set_or_add(
    text: &mut Text,
    doc: &Document,
    at: Option<u32>,
    key: &str,
    value: &str,
    after: Option<u32>,
) -> Result<(), String> {
    match at {
        Some(line) => set_field(text, line, value),
        None => {
            // Quoted as the field it follows is, when that one is quoted.
            let like =
                after.and_then(|line| field_line(text.line(line))).map(|(_, _, v)| v).unwrap_or_default();
            let like = if like.starts_with(['"', '\'']) { like } else { String::new() };
            add_line(text, doc, after, &format!("{key}: {}", scalar(value, &like)));
            Ok(())
        }
    }
}

/// Add `line` as a new top-level field after the field on line `after` (and its value's
/// lines), else before the closing fence; indented as the front matter's first field is.
pub fn add_line(text: &mut Text, doc: &Document, after: Option<u32>, line: &str) {
    let first = doc.meta.fields.values().map(|s| s.line).min().unwrap_or(2);
    let (indent, _, _) = field_line(text.line(first)).unwrap_or_default();
    let at = match after {
        Some(key_line) => field_end(text, doc, key_line),
        None => closing_fence(text, doc),
    };
    text.insert(at, vec![format!("{indent}{line}")]);
}

/// Set the list field on line `line` to `values`, in the form it is written: a flow list
/// (`[a, b]`), a block list (one `- a` per line, at its first item's indent), or one value.
pub fn set_list(text: &mut Text, doc: &Document, line: u32, values: &[String]) -> Result<(), String> {
    let Some((indent, key, old)) = field_line(text.line(line)) else {
        return Err(format!("line {line} is not a `key: value` field; edit it by hand"));
    };
    if old.starts_with('[') {
        goes_on(text, line, &indent, &key)?;
        let like = old.trim_start_matches('[').split(',').next().unwrap_or("").trim().to_owned();
        let items: Vec<String> = values.iter().map(|v| flow_item(v, &like)).collect();
        let comment = comment_of(text.line(line)).to_owned();
        text.replace(line, format!("{indent}{key}: [{}]{comment}", items.join(", ")));
        return Ok(());
    }
    if !old.is_empty() {
        goes_on(text, line, &indent, &key)?;
        if let [one] = values {
            return set_field(text, line, one);
        }
        let items: Vec<String> = values.iter().map(|v| flow_item(v, &old)).collect();
        text.replace(line, format!("{indent}{key}: [{}]", items.join(", ")));
        return Ok(());
    }
    let end = field_end(text, doc, line);
    let mut item = None;
    // Each item's line and value: an item kept keeps its line, its comment included.
    let mut items: Vec<(u32, String)> = Vec::new();
    for n in line + 1..end {
        let raw = text.line(n);
        let trimmed = raw.trim_start();
        match trimmed.strip_prefix("- ") {
            Some(value) if !value.trim_start().starts_with('#') && !value.contains(": ") => {
                let (bare, _) = split_comment(value);
                item.get_or_insert((raw[..raw.len() - trimmed.len()].to_owned(), bare.to_owned()));
                items.push((n, bare.trim_matches(['"', '\'']).to_owned()));
            }
            // Blank lines and comments of their own stay where they are.
            _ if trimmed.is_empty() || trimmed.starts_with('#') => {}
            _ => return Err(format!("line {n} is not a one-line list item; edit `{key}` by hand")),
        }
    }
    let Some((item_indent, like)) = item else {
        return Err(format!("line {line}: `{key}` has no value; edit it by hand"));
    };
    // Items kept stay on their lines, comments and all; the others go; new ones follow the last
    // item (comment lines between items stay where they are).
    for (n, old) in &items {
        if !values.contains(old) {
            text.removed.insert(*n);
        }
    }
    let new: Vec<String> = values
        .iter()
        .filter(|v| !items.iter().any(|(_, old)| old == *v))
        .map(|v| format!("{item_indent}- {}", scalar(v, &like)))
        .collect();
    let after = items.last().map_or(end, |(n, _)| n + 1);
    if after == end {
        text.insert_first(end, new);
    } else {
        text.insert(after, new);
    }
    Ok(())
}

/// A value inside a flow list: quoted as `like` is, and quoted whenever a comma or bracket in
/// it would end the item.
pub fn flow_item(value: &str, like: &str) -> String {
    if value.contains([',', '[', ']', '{', '}']) && !like.starts_with(['\'', '"']) {
        return scalar(value, "\"");
    }
    scalar(value, like)
}

/// How the document writes the person with roster id `id`: as its other people are written.
/// A document whose authors and approvers are written `github.com/jdoe` gets the person's alias
/// of that form; one that writes each person the roster knows by their full name (`Jordan Doe`)
/// gets the name; else the roster id.
pub fn person_as_written(doc: &Document, roster: &crate::roster::Roster, id: &str) -> String {
    let Some(person) = roster.person(id) else { return id.to_owned() };
    let m = &doc.meta;
    let written: Vec<&str> = m.authors.iter().chain(&m.approvers).map(|s| s.value.as_str()).collect();
    let prefixes: BTreeSet<&str> = written.iter().filter_map(|w| w.rfind('/').map(|at| &w[..=at])).collect();
    if let Some(alias) =
        prefixes.iter().find_map(|prefix| person.aliases.iter().find(|a| a.starts_with(prefix)))
    {
        return alias.clone();
    }
    let known: Vec<(&str, &crate::roster::Person)> =
        written.iter().filter_map(|w| Some((*w, roster.person(w)?))).collect();
    let by_name =
        !known.is_empty() && known.iter().all(|(w, p)| w.trim().eq_ignore_ascii_case(p.name.trim()));
    // Only a name that stands for this person alone (two people of one name stand for neither).
    let own = roster.index(&person.name).is_some() && roster.index(&person.name) == roster.index(id);
    if by_name && own { person.name.clone() } else { id.to_owned() }
}

#[cfg(test)]
mod tests;
