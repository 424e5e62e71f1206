//! Stage 4: which documents removed from the repository the site keeps pages of, under
//! `removed/`: those ever in force, each with its versions (`crate::removed`). Planned before
//! any page is made, since a past version's link to one leads to its page.

use super::history;
use anyhow::Result;
use rayon::prelude::*;

/// The folder the pages of removed documents are under.
pub const FOLDER: &str = "removed";

/// A removed document that was ever in force, with its page and its versions: it has pages
/// under [`FOLDER`], and links of past versions that name it lead there.
pub(in crate::site) struct Planned {
    /// Its index in `Inputs::removed`.
    pub index: usize,
    pub page: String,
    pub plan: history::Plan,
}

/// The removed documents that were ever in force, each with its page and versions (none in a
/// release snapshot: `current` false), in path order.
pub(in crate::site) fn planned(
    inp: &crate::site::inputs::Inputs,
    current: bool,
    page_files: &crate::site::paths::PageFiles,
) -> Result<Vec<Planned>> {
    let Some(h) = inp.history.filter(|_| current) else { return Ok(Vec::new()) };
    let sources: Vec<&str> = inp.removed.iter().map(|r| r.doc.path.as_str()).collect();
    let dirs = crate::site::paths::assign(&sources, &[]);
    // Each read from git on a thread of its own, before any page is made (a history with many
    // removed documents would otherwise hold the pages back one plan at a time).
    let plans: Vec<Option<Planned>> = inp
        .removed
        .par_iter()
        .enumerate()
        .map(|(index, r)| -> Result<Option<Planned>> {
            let page = format!("{FOLDER}/{}/index.html", dirs[&r.doc.path]);
            let mut plan = history::plan(
                &r.doc,
                &page,
                page_files,
                // What signatures prove of a removed document's approvals is not worked out.
                (h, &r.timeline, &[]),
                (inp.roster, &inp.config.fields.aliases),
                (inp.config.history.max_versions, false),
                (&r.text, r.blob),
            )?;
            // Nothing of it is in force from the day it was removed.
            super::in_force::until_removed(&mut plan.list, h.commits[r.commit].not_before);
            // None of its versions is current: the newest is its last before it was removed.
            plan.list.iter_mut().for_each(|v| v.current = false);
            // Never in force: nothing an auditor asks of it as of a date.
            Ok(plan.list.iter().any(|v| v.in_force_from.is_some()).then_some(Planned { index, page, plan }))
        })
        .collect::<Result<_>>()?;
    Ok(plans.into_iter().flatten().collect())
}
