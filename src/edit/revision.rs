//! Lifecycle edits: a new entry in a document's revision list (charta's `revisions:` and the
//! names it reads for it, or comply's `majorRevisions`), beside the newest entry and in its
//! shape: indent, key names and order, each value's quoting, the date written as there.

use super::{Text, field_end, field_line, scalar};
use crate::document::Document;
use jiff::civil::Date;

/// What a new revision entry says. A value that is None is left out.
pub struct Entry<'a> {
    pub version: Option<&'a str>,
    pub date: Date,
    pub author: Option<&'a str>,
    pub summary: &'a str,
    /// `review`, `retirement`; None leaves the type out (a change).
    pub kind: Option<&'a str>,
}

/// Add `entry` to `doc`'s revision list, beside its newest entry and in that entry's shape:
/// before the first entry when the list is newest first, after the last when oldest first.
/// A key the list's entries never write (comply's have no version or author) is not added.
pub fn add_revision(text: &mut Text, doc: &Document, entry: &Entry) -> Result<(), String> {
    let revs = &doc.meta.revisions;
    let Some((list_key, list_line)) =
        doc.meta.fields.iter().find(|(k, _)| is_revisions_key(k)).map(|(k, s)| (k, s.line))
    else {
        return Err("the document has no `revisions:` list to add to; add one by hand".to_owned());
    };
    if revs.is_empty() {
        return Err("the `revisions:` list is empty; add the first entry by hand".to_owned());
    }
    let end = field_end(text, doc, list_line);
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
    // Entries written on one line each (`- {version: "1.0", date: ...}`): their shape is not one
    // charta writes in; the entry to add is given whole instead.
    if (starts[0]..end)
        .any(|n| text.line(n).trim_start().trim_start_matches('-').trim_start().starts_with('{'))
    {
        return Err(format!(
            "charta does not edit a revision list written an entry a line (`- {{...}}`): make the change by hand, with this entry: `{}`",
            flow(entry)
        ));
    }
    let newest_first = crate::revision::chronological(revs).first().map(|r| r.span) != Some(revs[0].span);
    let (sample, at) = if newest_first {
        ((starts[0], starts.get(1).copied().unwrap_or(end)), starts[0])
    } else {
        ((*starts.last().unwrap_or(&end), end), end)
    };
    // The keys any entry writes: a key none of them has is not this list's to add.
    let mut known: Vec<&'static str> = Vec::new();
    for n in starts[0]..end {
        if let Some((_, key, _)) = field_line(text.line(n))
            && let Some(name) = canonical(&key)
            && !known.contains(&name)
        {
            known.push(name);
        }
    }
    // A list that writes no type still takes one (it is what makes a review a review), except
    // comply's, whose entries hold a date and a comment only.
    if list_key != "majorRevisions" {
        known.push("type");
    }
    let lines = shaped(text, sample, entry, &known)?;
    text.insert_first(at, lines);
    Ok(())
}

/// `entry` as one line of a revision list in flow style, each text quoted as JSON quotes it
/// (which YAML reads the same).
fn flow(entry: &Entry) -> String {
    let quoted = |t: &str| serde_json::to_string(t).unwrap_or_default();
    let mut parts = Vec::new();
    if let Some(v) = entry.version {
        parts.push(format!("version: {}", quoted(v)));
    }
    parts.push(format!("date: {}", entry.date));
    if let Some(a) = entry.author {
        parts.push(format!("author: {}", quoted(a)));
    }
    parts.push(format!("summary: {}", quoted(entry.summary)));
    if let Some(k) = entry.kind {
        parts.push(format!("type: {k}"));
    }
    format!("- {{{}}}", parts.join(", "))
}

fn is_revisions_key(key: &str) -> bool {
    key == "revisions"
        || key == "majorRevisions"
        || crate::frontmatter::schema::alias(key) == Some("revisions")
}

/// The name a revision entry's key is read as.
fn canonical(key: &str) -> Option<&'static str> {
    Some(match key {
        "version" | "revision" => "version",
        "date" => "date",
        "author" | "authors" => "author",
        "summary" | "changes" | "comment" | "description" => "summary",
        "type" => "type",
        _ => return None,
    })
}

/// `date` written as `like` is: `Jun 1 2018` as comply writes dates, else `2018-06-01`.
fn date_like(date: Date, like: &str) -> String {
    let like = like.trim_matches(['"', '\'']);
    if like.parse::<Date>().is_err() && jiff::fmt::strtime::parse("%b %d %Y", like).is_ok() {
        return date.strftime("%b %-d %Y").to_string();
    }
    date.to_string()
}

/// The lines of `entry`, shaped as the entry on lines `from..to` is: its indent, its keys as
/// written and in its order, each value quoted as there. A key the new entry has no value for
/// is left out; a value the sample lacks is added after its other keys when the list (`known`)
/// writes that key at all.
fn shaped(text: &Text, (from, to): (u32, u32), entry: &Entry, known: &[&str]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut said: Vec<&str> = Vec::new();
    let (mut item, mut inner) = (None, None);
    let date = |like: &str| date_like(entry.date, like);
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
        let Some(name) = canonical(&key) else { continue };
        let value = match name {
            "version" => entry.version.map(str::to_owned),
            "date" => Some(date(&old)),
            "author" => entry.author.map(str::to_owned),
            "summary" => Some(entry.summary.to_owned()),
            _ => entry.kind.map(str::to_owned),
        };
        let Some(value) = value else { continue };
        said.push(name);
        let written = if old.starts_with('[') {
            format!("[{}]", super::flow_item(&value, old.trim_start_matches('[')))
        } else {
            scalar(&value, &old)
        };
        out.push(format!("{key}: {written}"));
    }
    let item = item.unwrap_or_default();
    let inner = inner.unwrap_or_else(|| " ".repeat(item.len()));
    let missing = [
        ("version", entry.version.map(str::to_owned)),
        ("date", Some(entry.date.to_string())),
        ("author", entry.author.map(str::to_owned)),
        ("summary", Some(entry.summary.to_owned())),
        ("type", entry.kind.map(str::to_owned)),
    ];
    for (name, value) in missing {
        if let Some(value) = value.filter(|_| !said.contains(&name) && known.contains(&name)) {
            out.push(format!("{name}: {}", scalar(&value, "")));
        }
    }
    // The first line is the item's (`- `), the rest at the entry's own indent.
    Ok(out
        .into_iter()
        .enumerate()
        .map(|(i, line)| if i == 0 { format!("{item}{line}") } else { format!("{inner}{line}") })
        .collect())
}
