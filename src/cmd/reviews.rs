//! `charta reviews`: the periodic-review schedule, overdue first, by owner (a role's documents
//! under each person who holds it).

use crate::assessment::{Assessment, ReviewState};
use crate::document::Period;
use crate::escape::{csv_cell, visible};
use crate::review;
use crate::site::view::owner;
use anyhow::Result;
use jiff::civil::Date;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// The schedule's format; `cli.rs` names each on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Csv,
}

pub struct Options<'a> {
    pub root: &'a Path,
    pub config: Option<&'a Path>,
    pub today: Date,
    pub within: Period,
    pub format: Format,
}

#[derive(Debug, Serialize)]
pub struct Due {
    pub owner: String,
    pub next_review: String,
    /// Negative: days overdue; otherwise days left.
    pub days: i32,
    pub state: &'static str,
    pub id: String,
    pub title: String,
    pub path: String,
    /// `days` in words: "12 days overdue", "in 1 day", with ", waived" when the finding is
    /// (after the older columns, so that a script reading them by position still finds them).
    pub when: String,
    /// The reason of the waiver covering the overdue or due review, if one does.
    pub waived: Option<String>,
    /// Where `owner` is a role of the roster: who holds it on the day (empty otherwise; in CSV,
    /// one cell, the names separated by `; `). The human form lists the document under each of
    /// them, as the site's reviews page does.
    pub held_by: Vec<String>,
}

/// A [`Due`] as a CSV row: each cell made safe for a spreadsheet and a log.
#[derive(Serialize)]
struct DueRow {
    owner: String,
    next_review: String,
    days: i32,
    state: &'static str,
    id: String,
    title: String,
    path: String,
    when: String,
    waived: Option<String>,
    held_by: String,
}

/// A live document with no review date (`review::unscheduled`): none is counted for it.
#[derive(Debug, Serialize)]
pub struct Unscheduled {
    pub id: String,
    pub title: String,
    pub path: String,
}

/// Every live document whose review is overdue or due within `within`, by owner then date;
/// and the live documents with no review date at all.
pub fn schedule(opts: &Options) -> Result<(Vec<Due>, Vec<Unscheduled>)> {
    let a = super::analyze_repository(opts.root, opts.config, opts.today, crate::library::Retain::Nothing)?;
    let horizon = opts.within.after(opts.today).unwrap_or(opts.today);
    let findings = crate::finding::by_path(&a.findings);
    let mut due: Vec<Due> = review::schedule(&a.library.documents, &a.config, opts.today)
        .into_iter()
        .filter(|d| d.next <= horizon)
        .map(|d| {
            let own = findings.get(d.doc.path.as_str()).map_or(&[][..], Vec::as_slice);
            let assessed = Assessment::of(d.doc, &a.config, opts.today, own);
            let owner = d.doc.meta.owner.as_ref().map(|o| owner(&a.roster, &o.value, opts.today));
            Due {
                held_by: owner.as_ref().filter(|o| o.is_role).map(|o| o.holders.clone()).unwrap_or_default(),
                owner: owner.map_or_else(|| "(no owner)".to_owned(), |o| o.name),
                next_review: d.next.to_string(),
                days: d.days,
                state: if assessed.review == ReviewState::Overdue { "overdue" } else { "due" },
                when: assessed.when().unwrap_or_default(),
                waived: assessed.waived,
                id: d.doc.id(),
                title: d.doc.title(),
                path: d.doc.path.clone(),
            }
        })
        .collect();
    due.sort_by(|a, b| (&a.owner, &a.next_review, &a.id).cmp(&(&b.owner, &b.next_review, &b.id)));
    let unscheduled = review::unscheduled(&a.library.documents, &a.config)
        .into_iter()
        .map(|d| Unscheduled { id: d.id(), title: d.title(), path: d.path.clone() })
        .collect();
    Ok((due, unscheduled))
}

pub fn print(
    opts: &Options,
    (due, unscheduled): (&[Due], &[Unscheduled]),
    out: &mut dyn Write,
) -> Result<()> {
    match opts.format {
        Format::Json => {
            #[derive(Serialize)]
            struct Json<'a> {
                today: String,
                within: &'a str,
                reviews: &'a [Due],
                /// Live documents with no review date.
                unscheduled: &'a [Unscheduled],
            }
            let json =
                Json { today: opts.today.to_string(), within: &opts.within.text, reviews: due, unscheduled };
            crate::escape::json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            for d in due {
                // A spreadsheet runs a cell that starts with `=` as a formula.
                // Printed where a log may show it: no logging command of a runner either.
                let cell = |s: &str| csv_cell(&visible(s)).into_owned();
                w.serialize(DueRow {
                    owner: cell(&d.owner),
                    next_review: cell(&d.next_review),
                    days: d.days,
                    state: d.state,
                    when: d.when.clone(),
                    waived: d.waived.as_deref().map(cell),
                    held_by: cell(&d.held_by.join("; ")),
                    id: cell(&d.id),
                    title: cell(&d.title),
                    path: cell(&d.path),
                })?;
            }
            w.flush()?;
        }
        Format::Human => {
            // By person: a role's documents under each person who holds it (as the role).
            let mut rows: Vec<(&str, &str, &Due)> = Vec::new();
            for d in due {
                match d.held_by.as_slice() {
                    [] => rows.push((&d.owner, "", d)),
                    held => rows.extend(held.iter().map(|holder| (holder.as_str(), d.owner.as_str(), d))),
                }
            }
            rows.sort_by(|a, b| (a.0, &a.2.next_review, &a.2.id).cmp(&(b.0, &b.2.next_review, &b.2.id)));
            let mut owner = None;
            for (who, role, d) in rows {
                if owner != Some(who) {
                    writeln!(out, "{}", visible(who))?;
                    owner = Some(who);
                }
                let role = if role.is_empty() { String::new() } else { format!(", as {}", visible(role)) };
                writeln!(
                    out,
                    "  {:<8} {}  {:<12} {}  ({}{role})",
                    d.state.to_uppercase(),
                    d.next_review,
                    visible(&d.id),
                    visible(&d.title),
                    d.when
                )?;
            }
            // Listed, not left out of every count: "0 overdue" of documents nobody can date
            // says what nobody checked.
            if !unscheduled.is_empty() {
                writeln!(out, "No review date (no approval, review or next_review to count from)")?;
                for u in unscheduled {
                    writeln!(out, "  {:<12} {}", visible(&u.id), visible(&u.title))?;
                }
            }
            let overdue = due.iter().filter(|d| d.state == "overdue").count();
            let undated = match unscheduled.len() {
                0 => String::new(),
                n => format!(", {n} with no review date"),
            };
            writeln!(
                out,
                "charta reviews: {overdue} overdue, {} due within {}{undated}, as of {}",
                due.len() - overdue,
                opts.within.text,
                opts.today
            )?;
        }
    }
    Ok(())
}

/// `charta reviews` from its command line: the schedule on standard output.
pub fn main(args: crate::cli::ReviewsArgs) -> Result<std::process::ExitCode> {
    let (root, today) = super::resolve(&args.common)?;
    let opts = Options {
        root: &root,
        config: args.common.config.as_deref(),
        today,
        within: args.within,
        format: args.format,
    };
    let (due, unscheduled) = schedule(&opts)?;
    // Made whole first, then written: serde_json and csv would hide a closed pipe inside
    // errors of their own.
    let mut schedule = Vec::new();
    print(&opts, (&due, &unscheduled), &mut schedule)?;
    std::io::stdout().lock().write_all(&schedule)?;
    Ok(std::process::ExitCode::SUCCESS)
}
