//! The floor a site generator is measured against (issue 7): read every Markdown file of a
//! corpus, split off its front matter, render the body with pulldown-cmark, highlight fenced code
//! with syntect (charta's syntaxes and class style), write one HTML file per document. Nothing
//! else: no checks, no templates, no listing pages. Runs on rayon's threads, like charta.
//!
//!     cargo bench --bench floor -- CORPUS OUT

#[path = "support/corpus.rs"]
mod corpora;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::path::Path;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [corpus, out] = args.as_slice() else {
        eprintln!("usage: floor CORPUS OUT");
        std::process::exit(2);
    };
    let (corpus, out) = (Path::new(corpus), Path::new(out));
    let files = corpora::markdown_files(corpus);
    let syntaxes = SyntaxSet::load_defaults_newlines();
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).expect("readable");
        let html = render(corpora::split(&text).map_or(text.as_str(), |(_, body)| body), &syntaxes);
        let rel = path.strip_prefix(corpus).expect("inside").with_extension("html");
        let target = out.join(rel);
        std::fs::create_dir_all(target.parent().expect("a folder")).expect("creatable");
        std::fs::write(target, html).expect("writable");
    });
    println!("{} documents", files.len());
}

fn render(body: &str, syntaxes: &SyntaxSet) -> String {
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(body, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, text)) = &mut code {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = code.take().unwrap_or_default();
                events.push(Event::Html(highlight(&text, &lang, syntaxes).into()));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn highlight(code: &str, lang: &str, syntaxes: &SyntaxSet) -> String {
    let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
    let syntax = syntaxes.find_syntax_by_token(lang).unwrap_or_else(|| syntaxes.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, style);
    for line in LinesWithEndings::from(code) {
        let _ = generator.parse_html_for_line_which_includes_newline(line);
    }
    format!("<pre><code>{}</code></pre>", generator.finalize())
}
