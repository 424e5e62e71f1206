//! Fuzz target: Markdown rendering with link rewriting and highlighting.
#![no_main]
use std::collections::BTreeMap;
libfuzzer_sys::fuzz_target!(|body: &str| {
    let pages = BTreeMap::from([("sop/b.md".to_owned(), "sop/b/index.html".to_owned())]);
    let links = charta::site::markdown::Links {
        source: "sop/a.md",
        page: "sop/a/index.html",
        pages: &pages,
        title: "T",
        code: &charta::site::code_cache::CodeCache::none(),
        images: &BTreeMap::new(),
    };
    let out = charta::site::markdown::render(body, &links);
    // No raw markup from the document survives.
    assert!(!out.html.contains("<script"));
});
