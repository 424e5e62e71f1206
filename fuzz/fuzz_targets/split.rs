//! Fuzz target: the front-matter splitter and dialect detection on any text.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Ok(split) = charta::frontmatter::split(text, charta::frontmatter::is_known_key) {
        // The pieces are slices of the input, in order, and line numbers are plausible.
        assert!(split.yaml.len() + split.body.len() <= text.len());
        assert!(split.body_line >= split.yaml_line);
    }
});
