//! Stage 4: the control matrix page (`controls/index.html`): each framework's controls and the
//! documents that satisfy them.

use super::Listed;
use crate::site::context::Pages;
use crate::site::file::Output;
use crate::site::inputs::Inputs;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct ControlRow {
    id: String,
    /// [`crate::site::view::DocLink`]s, as template values.
    docs: Vec<tera::Value>,
}

#[derive(Serialize)]
struct FrameworkView {
    name: String,
    title: String,
    controls: Vec<ControlRow>,
    unmapped: usize,
}

/// `controls/index.html`: framework -> control -> the documents that map to it.
pub fn controls(out: &Pages, inp: &Inputs, views: &BTreeMap<&str, &Listed>) -> Result<Output> {
    let mut map: BTreeMap<String, BTreeMap<String, Vec<&Listed>>> = BTreeMap::new();
    for fw in &inp.config.frameworks {
        let controls = map.entry(fw.name.clone()).or_default();
        for c in &fw.controls {
            controls.entry(c.clone()).or_default();
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
    let frameworks: Vec<FrameworkView> = map
        .into_iter()
        .map(|(name, controls)| {
            let title = inp
                .config
                .frameworks
                .iter()
                .find(|f| f.name == name)
                .and_then(|f| f.title.clone())
                .unwrap_or_else(|| name.clone());
            let mut controls: Vec<ControlRow> = controls
                .into_iter()
                .map(|(id, docs)| ControlRow { id, docs: docs.into_iter().map(|l| l.link.clone()).collect() })
                .collect();
            controls.sort_by(|a, b| {
                crate::revision::compare_versions(&a.id, &b.id).then_with(|| a.id.cmp(&b.id))
            });
            let unmapped = controls.iter().filter(|c| c.docs.is_empty()).count();
            FrameworkView { name, title, controls, unmapped }
        })
        .collect();
    let path = "controls/index.html";
    let mut ctx = out.ctx(path);
    ctx.insert("frameworks", &frameworks);
    out.render("controls.html", path, &ctx)
}
