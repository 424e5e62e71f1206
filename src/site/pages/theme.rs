//! Stage 4: what every site holds besides its content: the theme's files (style sheets,
//! scripts), the highlighting style sheet, the search page and the page for a missing address.

use crate::site::context::Pages;
use crate::site::file::Output;
use crate::site::{highlight, templates};
use anyhow::Result;

pub fn files(out: &Pages) -> Result<Vec<Output>> {
    let mut files = Vec::new();
    for (template, path) in [("search.html", "search/index.html"), ("404.html", "404.html")] {
        files.push(out.render(template, path, &out.ctx(path))?);
    }
    for (path, text) in templates::THEME {
        let path = format!("{}{path}", out.prefix());
        files.push(Output::Bytes { path, bytes: text.as_bytes().to_vec() });
    }
    let css = highlight::css().into_bytes();
    files.push(Output::Bytes { path: format!("{}assets/highlight.css", out.prefix()), bytes: css });
    Ok(files)
}
