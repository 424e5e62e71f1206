//! Stage 4: what every site holds besides its content: the theme's files (style sheets,
//! scripts), the highlighting style sheet and the page for a missing address (the search page is
//! made with its index, whose build it names).

use crate::site::context::Pages;
use crate::site::file::Output;
use crate::site::{highlight, templates};
use anyhow::Result;

pub fn files(out: &Pages) -> Result<Vec<Output>> {
    let mut files = Vec::new();
    // A web server sends the page for a missing address at that address, at any depth: its links
    // start at the site's path on the host when `base_url` gives it (relative links, which
    // `file://` needs, lead nowhere from `/a/b/missing`).
    let mut ctx = out.ctx("404.html");
    // It stands for every missing address: it is at none of its own.
    ctx.insert("canonical", "");
    if let Some(url) = out.site_url() {
        ctx.insert("root", &format!("{url}{}", out.prefix()));
        ctx.insert("top", &url);
    }
    files.push(out.render("404.html", "404.html", &ctx)?);
    for (path, text) in templates::THEME {
        let path = format!("{}{path}", out.prefix());
        files.push(Output::Bytes { path, bytes: text.as_bytes().to_vec() });
    }
    let css = highlight::css().into_bytes();
    files.push(Output::Bytes { path: format!("{}assets/highlight.css", out.prefix()), bytes: css });
    Ok(files)
}
