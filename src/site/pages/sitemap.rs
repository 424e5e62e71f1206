//! Stage 4: `sitemap.xml`, for a current site with a `base_url`: the register, the reviews and
//! controls pages, every document's page and every collection's.

use crate::site::context::Pages;
use crate::site::file::Output;
use crate::site::templates;
use anyhow::Result;
use serde::Serialize;

/// A page in the sitemap: its address, and the date it last changed when known.
#[derive(Serialize)]
struct Url {
    loc: String,
    lastmod: Option<String>,
}

/// The sitemap of the pages `pages` (root-relative, each with the date it last changed when
/// known) under `base`.
pub fn page(
    out: &Pages,
    base: &str,
    pages: impl Iterator<Item = (String, Option<String>)>,
) -> Result<Output> {
    let mut urls: Vec<(String, Option<String>)> =
        ["index.html", "reviews/index.html", "controls/index.html"].map(|p| (p.to_owned(), None)).into();
    urls.extend(pages);
    let base = base.trim_end_matches('/');
    let urls: Vec<Url> =
        urls.into_iter().map(|(page, lastmod)| Url { loc: format!("{base}/{page}"), lastmod }).collect();
    let mut ctx = tera::Context::new();
    ctx.insert("urls", &urls);
    let xml =
        out.tera.render("sitemap.xml", &ctx).map_err(|e| anyhow::anyhow!("{}", templates::chain(&e)))?;
    Ok(Output::Bytes { path: "sitemap.xml".into(), bytes: xml.into_bytes() })
}
