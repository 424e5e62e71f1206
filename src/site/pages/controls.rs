//! Stage 4: the control matrix page (`controls/index.html`: each framework's controls and the
//! documents that satisfy them) and each framework's Statement of Applicability, as a page and
//! as CSV (`controls/soa-<framework>/`): every control with its title, whether it applies and
//! why, and the documents that implement it with their status.

use super::Listed;
use crate::config::Control;
use crate::escape::csv_cell;
use crate::site::context::Pages;
use crate::site::file::{Emit, Output};
use crate::site::inputs::Inputs;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct ControlRow<'a> {
    id: String,
    /// Its anchor on the control matrix (`controls/index.html#...`), which documents link to.
    anchor: String,
    title: &'a str,
    applicable: bool,
    /// charta.toml declares it (a control only documents name is not in the Statement of
    /// Applicability's decisions: it says "not declared").
    declared: bool,
    justification: &'a str,
    /// [`crate::site::view::DocLink`]s, as template values.
    docs: Vec<tera::Value>,
    /// One of them is in force (a retired document or a draft never approved implements nothing).
    in_force: bool,
    #[serde(skip)]
    listed: Vec<&'a Listed<'a>>,
}

#[derive(Serialize)]
struct FrameworkView<'a> {
    name: String,
    title: String,
    controls: Vec<ControlRow<'a>>,
    /// Applicable controls no document in force implements.
    unmapped: usize,
    applicable: usize,
    /// Of a framework charta.toml declares, the controls only documents name (a typo, or a
    /// control left out): listed, and in none of the counts of its decisions.
    undeclared: usize,
    /// The framework's Statement of Applicability page and CSV, when charta.toml declares it.
    soa: Option<Soa>,
}

#[derive(Serialize)]
struct Soa {
    page: String,
    csv: String,
}

/// The control matrix, then each declared framework's Statement of Applicability (page and
/// CSV), into `emit`.
pub fn controls<'a>(
    out: &Pages,
    inp: &'a Inputs,
    views: &BTreeMap<&str, &'a Listed<'a>>,
    emit: Emit,
) -> Result<()> {
    let declared: BTreeMap<(&str, &str), &Control> = inp
        .config
        .frameworks
        .iter()
        .flat_map(|fw| fw.controls.iter().map(move |c| ((fw.name.as_str(), c.id()), c)))
        .collect();
    let mut map: BTreeMap<String, BTreeMap<String, Vec<&Listed>>> = BTreeMap::new();
    for fw in &inp.config.frameworks {
        let controls = map.entry(fw.name.clone()).or_default();
        for c in &fw.controls {
            controls.entry(c.id().to_owned()).or_default();
        }
    }
    for doc in &inp.library.documents {
        let Some(view) = views.get(doc.path.as_str()) else { continue };
        // A control the document names twice lists it once (checked per document, not per
        // control: a control that thousands of documents map to stays linear).
        let mine: std::collections::BTreeSet<(&str, &str)> =
            doc.meta.controls.iter().map(|c| (c.value.framework.as_str(), c.value.id.as_str())).collect();
        for (framework, id) in mine {
            map.entry(framework.to_owned()).or_default().entry(id.to_owned()).or_default().push(view);
        }
    }
    // A folder per framework, unique: the declared ones first, so that what a document writes
    // (`ISO27001 2022` beside a declared `ISO27001:2022`) never moves a Statement of
    // Applicability to another address.
    let is_declared = |name: &str| inp.config.frameworks.iter().any(|f| f.name == name);
    let mut names: Vec<&str> = map.keys().map(String::as_str).collect();
    names.sort_by_key(|name| !is_declared(name));
    let folders: BTreeMap<&str, String> =
        names.iter().copied().zip(crate::site::paths::people_dirs(names.iter().copied())).collect();
    let frameworks: Vec<FrameworkView> = map
        .iter()
        .map(|(name, controls)| (name, controls, folders[name.as_str()].clone()))
        .map(|(name, controls, folder)| {
            let config = inp.config.frameworks.iter().find(|f| &f.name == name);
            // charta.toml lists its controls: a control only documents name is none of its
            // decisions (a framework declared by its name and title alone lists none).
            let lists = config.is_some_and(|f| !f.controls.is_empty());
            let title = config.and_then(|f| f.title.clone()).unwrap_or_else(|| name.clone());
            let mut controls: Vec<ControlRow> = controls
                .iter()
                .map(|(id, docs)| {
                    let c = declared.get(&(name.as_str(), id.as_str()));
                    ControlRow {
                        anchor: crate::site::view::control_anchor(name, id),
                        id: id.clone(),
                        title: c.map_or("", |c| c.title()),
                        applicable: c.map_or(!lists, |c| c.applicable()),
                        declared: c.is_some(),
                        justification: c.map_or("", |c| c.justification()),
                        docs: docs.iter().map(|l| l.link.clone()).collect(),
                        in_force: docs.iter().any(|l| l.row.in_force),
                        listed: docs.clone(),
                    }
                })
                .collect();
            controls.sort_by(|a, b| {
                crate::revision::compare_versions(&a.id, &b.id).then_with(|| a.id.cmp(&b.id))
            });
            // Of a framework whose controls charta.toml lists, its decisions are counted (a
            // control only documents name is not applicable, nor a gap); of another, what
            // documents name.
            let unmapped = controls.iter().filter(|c| c.applicable && !c.in_force).count();
            let applicable = controls.iter().filter(|c| c.applicable).count();
            let undeclared = if lists { controls.iter().filter(|c| !c.declared).count() } else { 0 };
            let soa = config.map(|_| Soa {
                page: format!("controls/soa-{folder}/index.html"),
                csv: format!("controls/soa-{folder}/statement-of-applicability.csv"),
            });
            FrameworkView { name: name.clone(), title, controls, unmapped, applicable, undeclared, soa }
        })
        .collect();
    let path = "controls/index.html";
    let mut ctx = out.ctx(path);
    ctx.insert("frameworks", &frameworks);
    emit(out.render("controls.html", path, &ctx)?)?;
    for fw in &frameworks {
        let Some(soa) = &fw.soa else { continue };
        let mut ctx = out.ctx(&soa.page);
        ctx.insert("framework", fw);
        emit(out.render("soa.html", &soa.page, &ctx)?)?;
        emit(Output::Bytes { path: format!("{}{}", out.prefix(), soa.csv), bytes: csv(fw)? })?;
    }
    Ok(())
}

/// The Statement of Applicability of `fw` as CSV: a row per control, its implementing documents
/// as `ID Title (status)` joined by `; `. A cell a spreadsheet would run as a formula is made
/// text.
fn csv(fw: &FrameworkView) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["Control", "Title", "Applicable", "Justification", "Implementing documents"])?;
    for c in &fw.controls {
        let docs: Vec<String> = c
            .listed
            .iter()
            .map(|l| format!("{} {} ({})", l.row.id, l.row.title, l.row.badge.label))
            .collect();
        let applicable = match (c.declared, c.applicable) {
            (false, _) => "Not declared",
            (true, true) => "Yes",
            (true, false) => "No",
        };
        let cells = [c.id.as_str(), c.title, applicable, c.justification, &docs.join("; ")];
        w.write_record(cells.iter().map(|s| csv_cell(s).into_owned()))?;
    }
    Ok(w.into_inner()?)
}
