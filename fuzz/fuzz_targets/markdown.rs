//! Fuzz target: Markdown rendering with link rewriting and highlighting.
#![no_main]
use std::collections::BTreeMap;
libfuzzer_sys::fuzz_target!(|body: &str| {
    let pages = BTreeMap::from([("sop/b.md".to_owned(), "sop/b/index.html".to_owned())]);
    let links = charta::site::markdown::Links {
        source: "sop/a.md",
        files: &std::collections::BTreeSet::new(),
        root: charta::links::Root::default(),
        page: "sop/a/index.html",
        pages: &pages,
        title: "T",
        code: &charta::site::highlight::Direct,
        images: &BTreeMap::new(),
        then: None,
    };
    let out = charta::site::markdown::render(body, &links, true);
    // No raw markup from the document survives.
    assert!(!out.html.contains("<script"));
});
