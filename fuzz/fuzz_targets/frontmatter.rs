//! Fuzz target: YAML front matter to charta's document metadata (every dialect).
#![no_main]
libfuzzer_sys::fuzz_target!(|yaml: &str| {
    let text = format!("---\n{yaml}\n---\nbody\n");
    let parsed = charta::frontmatter::read("fuzz.md", &text);
    for f in &parsed.findings {
        assert!(f.span.line >= 1);
    }
});
