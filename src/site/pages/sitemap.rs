//! Stage 4: `sitemap.xml`, for a current site with a `base_url`: the register, the reviews and
//! controls pages, every document's page and every collection's.

use crate::site::context::Pages;
use crate::site::file::Output;
use crate::site::templates;
use anyhow::Result;

/// The sitemap of the pages `pages` (root-relative) under `base`.
pub fn page(out: &Pages, base: &str, pages: impl Iterator<Item = String>) -> Result<Output> {
    let mut urls: Vec<String> =
        vec!["index.html".into(), "reviews/index.html".into(), "controls/index.html".into()];
    urls.extend(pages);
    let base = base.trim_end_matches('/');
    let mut ctx = tera::Context::new();
    ctx.insert("urls", &urls.iter().map(|u| format!("{base}/{u}")).collect::<Vec<_>>());
    let xml =
        out.tera.render("sitemap.xml", &ctx).map_err(|e| anyhow::anyhow!("{}", templates::chain(&e)))?;
    Ok(Output::Bytes { path: "sitemap.xml".into(), bytes: xml.into_bytes() })
}
