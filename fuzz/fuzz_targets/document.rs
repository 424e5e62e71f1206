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
    // With no documents known every body with links is parsed; with one, a quick reading may
    // stand for the parse: both are run.
    let _ = charta::links::relative_links(&doc, &Default::default());
    let known: charta::links::Documents = ["policies/a.md".to_owned()].into_iter().collect();
    let _ = charta::links::relative_links(&doc, &known);
    let _ = (doc.id(), doc.title());
});
