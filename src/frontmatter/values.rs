//! Stage 2: turn YAML nodes into typed values, each problem a finding at the value's line.

use crate::document::{Control, Dialect, Period, Revision, RevisionType, Status};
use crate::finding::{Finding, Rule};
use crate::source::{Span, Spanned};
use crate::yaml::{Node, NodeKind};
use jiff::civil::Date;

pub(super) struct Reader<'p> {
    pub path: &'p str,
    pub dialect: Dialect,
    pub findings: Vec<Finding>,
}

impl Reader<'_> {
    pub fn invalid(&mut self, span: Span, message: String, help: &str) {
        self.findings.push(Finding::new(Rule::FrontmatterInvalidValue, self.path, span, message).help(help));
    }

    /// A single value. A list or mapping where one value belongs is a finding.
    pub fn string(&mut self, key: &str, node: &Node) -> Option<Spanned<String>> {
        self.text(key, node).map(|(s, span)| Spanned::new(s.to_owned(), span))
    }

    /// [`Reader::string`], borrowed from the node: for a value read into something else (a
    /// date, a status), whose text is not kept.
    fn text<'n>(&mut self, key: &str, node: &'n Node) -> Option<(&'n str, Span)> {
        if let Some(s) = node.as_str() {
            let s = s.trim();
            return (!s.is_empty()).then_some((s, node.span));
        }
        if !node.is_null() {
            self.invalid(
                node.span,
                format!("`{key}` must be a single value, but it is {}", node.kind_name()),
                "write one value after the colon",
            );
        }
        None
    }

    /// A list of values, or one value standing for a list of one.
    pub fn strings(&mut self, key: &str, node: &Node) -> Vec<Spanned<String>> {
        match &node.kind {
            NodeKind::Seq(items) => items.iter().filter_map(|n| self.string(key, n)).collect(),
            _ => self.string(key, node).into_iter().collect(),
        }
    }

    pub fn date(&mut self, key: &str, node: &Node) -> Option<Spanned<Date>> {
        let (text, span) = self.text(key, node)?;
        match parse_date(text, self.dialect) {
            Ok(d) => Some(Spanned::new(d, span)),
            Err(why) => {
                self.invalid(
                    span,
                    format!("`{key}: {text}` is not a date: {why}"),
                    "write dates as YYYY-MM-DD, for example 2026-03-31",
                );
                None
            }
        }
    }

    pub fn status(&mut self, key: &str, node: &Node) -> Option<Spanned<Status>> {
        let (text, span) = self.text(key, node)?;
        let status = Status::parse(text);
        if status.is_none() {
            self.invalid(
                span,
                format!("`{key}: {text}` is not a status charta knows"),
                &format!("use one of: {}", Status::NAMES.join(", ")),
            );
        }
        status.map(|s| Spanned::new(s, span))
    }

    pub fn period(&mut self, key: &str, node: &Node) -> Option<Spanned<Period>> {
        let (text, span) = self.text(key, node)?;
        let period = Period::parse(text);
        if period.is_none() {
            self.invalid(
                span,
                format!("`{key}: {text}` is not a review period"),
                "write a calendar period of up to 100 years such as `12 months`, `2 years`, `P1Y` or `yearly`",
            );
        }
        period.map(|p| Spanned::new(p, span))
    }

    /// `controls`/`satisfies`: a map framework -> ids, or a list of `FRAMEWORK:ID` strings.
    pub fn controls(&mut self, key: &str, node: &Node) -> Vec<Spanned<Control>> {
        let mut out = Vec::new();
        match &node.kind {
            NodeKind::Map(pairs) => {
                for (fw, ids) in pairs {
                    let Some(fw) = self.string(key, fw) else {
                        continue;
                    };
                    for id in self.strings(key, ids) {
                        let control = Control { framework: fw.value.clone(), id: id.value };
                        out.push(Spanned::new(control, id.span));
                    }
                }
            }
            _ => {
                for item in self.strings(key, node) {
                    let Some((fw, id)) = item.value.rsplit_once(':') else {
                        self.invalid(
                            item.span,
                            format!("control `{}` names no framework", item.value),
                            "write `FRAMEWORK:CONTROL` (ISO27001:A.5.1) or a map `ISO27001: [A.5.1]`",
                        );
                        continue;
                    };
                    let control = Control { framework: fw.trim().into(), id: id.trim().into() };
                    out.push(Spanned::new(control, item.span));
                }
            }
        }
        out
    }

    /// charta's `revisions`: a list of `{version, date, author, summary, type}`.
    pub fn revisions(&mut self, key: &str, node: &Node) -> Vec<Revision> {
        let entries = self.entries(key, node);
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            let NodeKind::Map(pairs) = &entry.kind else {
                continue;
            };
            let mut rev = Revision::at(entry.span);
            for (k, v) in pairs {
                let name = k.as_str().unwrap_or_default();
                match name {
                    "version" | "revision" => rev.version = self.string(name, v),
                    "date" => rev.date = self.date(name, v),
                    "author" | "authors" => {
                        rev.author = self.strings(name, v).into_iter().reduce(|mut a, b| {
                            a.value = format!("{}, {}", a.value, b.value);
                            a
                        });
                    }
                    "summary" | "changes" | "comment" | "description" => {
                        rev.summary = self.string(name, v).map(|s| s.value);
                    }
                    "type" => match self.text(name, v) {
                        Some(("change", _)) | None => {}
                        Some(("review", _)) => rev.kind = RevisionType::Review,
                        Some(("retirement", _)) => rev.kind = RevisionType::Retirement,
                        Some((other, span)) => self.invalid(
                            span,
                            format!("revision type `{other}` is not `change`, `review` or `retirement`"),
                            "use `type: review` for a periodic review that changed nothing, `type: retirement` for the entry that retired the document, else leave it out",
                        ),
                    },
                    _ => super::fields::unknown(self, k, &["version", "date", "author", "summary", "type"], pairs),
                }
            }
            out.push(rev);
        }
        out
    }

    /// comply's `majorRevisions`: a list of `{date: "Jun 1 2018", comment}`.
    pub fn major_revisions(&mut self, key: &str, node: &Node) -> Vec<Revision> {
        let entries = self.entries(key, node);
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            let NodeKind::Map(pairs) = &entry.kind else {
                continue;
            };
            let mut rev = Revision::at(entry.span);
            for (k, v) in pairs {
                match k.as_str().unwrap_or_default() {
                    "date" => rev.date = self.date("date", v),
                    "comment" => rev.summary = self.string("comment", v).map(|s| s.value),
                    _ => super::fields::unknown(self, k, &["date", "comment"], pairs),
                }
            }
            out.push(rev);
        }
        out
    }

    fn entries<'n, 'a>(&mut self, key: &str, node: &'n Node<'a>) -> Vec<&'n Node<'a>> {
        let NodeKind::Seq(items) = &node.kind else {
            if !node.is_null() {
                self.invalid(
                    node.span,
                    format!("`{key}` must be a list of entries"),
                    "write each entry on its own line starting with `- `",
                );
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            if matches!(item.kind, NodeKind::Map(_)) {
                out.push(item);
            } else {
                self.invalid(
                    item.span,
                    format!("each `{key}` entry must be a mapping, but this one is {}", item.kind_name()),
                    "write entries as `- version: \"1.0\"` followed by `date:`, `author:` and `summary:`",
                );
            }
        }
        out
    }
}

/// Dates in charta's schema are strict `YYYY-MM-DD`; other dialects also write timestamps and
/// comply writes `Jun 1 2018`.
pub fn parse_date(text: &str, dialect: Dialect) -> Result<Date, String> {
    let t = text.trim();
    let iso = t.get(..10).filter(|_| dialect != Dialect::Charta || t.len() == 10).unwrap_or(t);
    if iso.len() == 10 && iso.as_bytes()[4] == b'-' {
        return iso.parse::<Date>().map_err(|e| {
            no_such_day(iso).unwrap_or_else(|| {
                format!(
                    "charta reads dates written YYYY-MM-DD ({})",
                    e.to_string().replace("failed to parse civil date: ", "")
                )
            })
        });
    }
    if dialect != Dialect::Charta {
        for fmt in ["%b %d %Y", "%B %d %Y", "%d %B %Y", "%d %b %Y", "%b %d, %Y", "%B %d, %Y"] {
            // Written as a date (`Feb 29 2025`), but perhaps of a day the calendar lacks.
            if let Ok(parsed) = jiff::fmt::strtime::parse(fmt, t) {
                return parsed.to_date().map_err(|_| "the calendar has no such day".to_owned());
            }
        }
    }
    Err("charta reads dates written YYYY-MM-DD".to_owned())
}

/// What is wrong with `iso`, written YYYY-MM-DD, when the calendar has no such month or day:
/// "2026-02 has no day 30 (it has 28)", "there is no month 13"; None when it is not written so.
fn no_such_day(iso: &str) -> Option<String> {
    let digits = |range: std::ops::Range<usize>| {
        let part = iso.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse::<i16>().ok()).flatten()
    };
    if iso.as_bytes().get(7) != Some(&b'-') {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}: write YYYY-MM-DD"));
    }
    let days = jiff::civil::Date::new(year, month as i8, 1).ok()?.days_in_month();
    (day < 1 || day > i16::from(days))
        .then(|| format!("{year:04}-{month:02} has no day {day} (it has {days})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_by_dialect() {
        let ok = [
            ("2026-03-31", Dialect::Charta, "2026-03-31"),
            ("2023-05-01T10:00:00Z", Dialect::Hugo, "2023-05-01"),
            ("Jun 1 2018", Dialect::Comply, "2018-06-01"),
            ("June 12, 2020", Dialect::Hugo, "2020-06-12"),
        ];
        for (text, dialect, want) in ok {
            assert_eq!(parse_date(text, dialect).unwrap().to_string(), want, "{text}");
        }
        for (text, dialect) in [
            ("2026-02-30", Dialect::Charta),
            ("Jun 1 2018", Dialect::Charta),
            ("2023-05-01T10:00:00Z", Dialect::Charta),
            ("31/03/2026", Dialect::Hugo),
        ] {
            assert!(parse_date(text, dialect).is_err(), "{text} {dialect:?}");
        }
        // Regression: comply's `Feb 29 2025` was "expected YYYY-MM-DD", as if written wrongly;
        // it is written as comply writes dates, of a day 2025 does not have.
        assert_eq!(parse_date("Feb 29 2025", Dialect::Comply).unwrap_err(), "the calendar has no such day");
        assert_eq!(parse_date("Feb 29 2024", Dialect::Comply).unwrap().to_string(), "2024-02-29");
        // Bug (a newcomer's trial): `2026-02-30` was "parameter 'day' for `2026-02` is invalid,
        // must be in range `1..=28`", and `2026-13-01` "failed to parse two digit integer as month".
        assert_eq!(
            parse_date("2026-02-30", Dialect::Charta).unwrap_err(),
            "2026-02 has no day 30 (it has 28)"
        );
        assert_eq!(
            parse_date("2026-13-01", Dialect::Charta).unwrap_err(),
            "there is no month 13: write YYYY-MM-DD"
        );
        assert_eq!(
            parse_date("2026-04-00", Dialect::Charta).unwrap_err(),
            "2026-04 has no day 0 (it has 30)"
        );
        // Found by a cold review: written otherwise, a date is not said to lack a day it has.
        for text in ["2025-10/10", "2025-10 10", "2025-1a-10"] {
            let err = parse_date(text, Dialect::Charta).unwrap_err();
            assert!(err.starts_with("charta reads dates written YYYY-MM-DD"), "{text}: {err}");
        }
    }
}
