//! Fuzz target: a whole document through parse, validation rules and the page's views.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    let doc = charta::document::Document::parse("policies/fuzz.md", 0, text);
    let today = jiff::civil::Date::constant(2026, 3, 1);
    let _ = charta::rules::revision::check(&doc, today);
    let config = charta::config::Config::default();
    let roster = charta::roster::Roster::default();
    let _ = charta::rules::approval::check(&doc, "policy", &roster, &config, today);
    let _ = charta::rules::review::check(&doc, &config, today);
    let _ = charta::links::relative_links(&doc);
    let _ = (doc.id(), doc.title());
});
