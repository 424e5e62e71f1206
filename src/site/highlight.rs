//! Stage 4: syntax highlighting of fenced code with syntect, as class-based spans.

use foldhash::fast::FixedState;
use lru::LruCache;
use std::cell::RefCell;
use std::hash::BuildHasher;
use std::num::NonZeroUsize;
use std::sync::LazyLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Where a page's highlighted code comes from: [`highlight`] itself, or a memory of what it made
/// in earlier builds (the build cache's, in `crate::output`). Either way the same HTML for the
/// same code and language; the key is what that memory calls the block by, kept with the page
/// so that the memory knows which blocks are still used.
pub trait Highlighter: Sync {
    /// `code` highlighted as `lang` (None for a language syntect does not know), and its key.
    fn highlight(&self, code: &str, lang: &str) -> (crate::fingerprint::Key, Option<String>);
}

/// Highlighting with no memory across builds: each block highlighted as it comes.
pub struct Direct;

impl Highlighter for Direct {
    fn highlight(&self, code: &str, lang: &str) -> (crate::fingerprint::Key, Option<String>) {
        ([0; 32], highlight(code, lang))
    }
}

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded once per process: building the syntax set is the expensive part of syntect.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// How many distinct lines each thread remembers the parse of, the least recently used
/// forgotten first: a repository's code blocks repeat lines across documents (a shebang,
/// `set -euo pipefail`, a closing brace, a snippet copied from a template), and parsing a line
/// with syntect's regexes is most of the time a build spends. About 2.5 KB a line (10,000
/// documents: 1,024 lines, +4 MB peak and the speed of 16,384, +62 MB).
const LINES: NonZeroUsize = NonZeroUsize::new(1024).unwrap();
/// The parser states a line is remembered in (a `}` ends a function here and a block there).
const STATES: usize = 4;
/// Slots for the hashes of lines seen once: a line is remembered the second time it is seen,
/// so lines that never repeat (a document's own identifiers) cost a hash and no copies.
const ONCE: usize = 4096;

/// One line parsed from one parser state: the scope changes syntect found and the state after.
/// The same line from the same state always parses the same way, so this stands for the parse.
struct Parsed {
    before: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
}

/// What one thread remembers of the lines it has highlighted.
struct Memory {
    parsed: LruCache<String, Vec<Parsed>>,
    once: Vec<u64>,
    hasher: FixedState,
}

thread_local! {
    static MEMORY: RefCell<Memory> = RefCell::new(Memory {
        parsed: LruCache::new(LINES),
        once: vec![0; ONCE],
        hasher: FixedState::with_seed(0),
    });
}

/// The longest line (in bytes) of a block that is highlighted: syntect's regexes can take time
/// that grows with the square of a line's length (a shell line of 200,000 `(` took 80 s), so a
/// block with a longer line is shown as plain code, as one in an unknown language is.
pub const MAX_LINE: usize = 2_000;

/// Highlight `code` written in `lang` (a fence's info word). None when the language is unknown,
/// or a line is longer than [`MAX_LINE`]. The same HTML as syntect's `ClassedHTMLGenerator`,
/// which this does line by line, except that a line already parsed from the same state is not
/// parsed again.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    if code.split('\n').any(|line| line.len() > MAX_LINE) {
        return None;
    }
    let token = match lang.to_ascii_lowercase().as_str() {
        "shell" | "console" | "zsh" => "bash".to_owned(),
        "yml" => "yaml".to_owned(),
        other => other.to_owned(),
    };
    let syntax = SYNTAXES.find_syntax_by_token(&token)?;
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 4);
    let mut open_spans: isize = 0;
    MEMORY.with_borrow_mut(|memory| {
        for line in LinesWithEndings::from(code) {
            let ops = memory.parse(&mut state, line)?;
            let (spans, delta) =
                line_tokens_to_classed_spans(line, ops.as_slice(), STYLE, &mut scopes).ok()?;
            open_spans += delta;
            html.push_str(&spans);
        }
        Some(())
    })?;
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

/// A line's scope changes, parsed now or remembered.
enum Ops<'a> {
    Parsed(Vec<(usize, ScopeStackOp)>),
    Remembered(&'a [(usize, ScopeStackOp)]),
}

impl Ops<'_> {
    fn as_slice(&self) -> &[(usize, ScopeStackOp)] {
        match self {
            Ops::Parsed(ops) => ops,
            Ops::Remembered(ops) => ops,
        }
    }
}

impl Memory {
    /// Parse `line` from `state`, or take its parse from memory; `state` moves past the line.
    fn parse(&mut self, state: &mut ParseState, line: &str) -> Option<Ops<'_>> {
        if !self.parsed.contains(line) {
            let hash = self.hasher.hash_one(line);
            let slot = &mut self.once[hash as usize % ONCE];
            if *slot != hash {
                *slot = hash;
                return state.parse_line(line, &SYNTAXES).ok().map(Ops::Parsed);
            }
        }
        let seen = self.parsed.get_or_insert_mut_ref(line, Vec::new);
        if let Some(at) = seen.iter().position(|p| p.before == *state) {
            state.clone_from(&seen[at].after);
            return Some(Ops::Remembered(&seen[at].ops));
        }
        let before = state.clone();
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        if seen.len() == STATES {
            seen.remove(0);
        }
        seen.push(Parsed { before, ops, after: state.clone() });
        seen.last().map(|p| Ops::Remembered(&p.ops))
    }
}

/// The code block's background in the theme (`--soft` of style.css), light and dark: what every
/// colour of the highlighting must stand out from.
pub const BACKGROUNDS: [[u8; 3]; 2] = [[0xf3, 0xf5, 0xf8], [0x1a, 0x20, 0x29]];

/// WCAG 2.2's minimum contrast for text (AA, 1.4.3).
const MIN_CONTRAST: f64 = 4.5;

/// The stylesheet for the highlight classes: a light theme, and a dark one for dark mode, each
/// text colour moved towards black (light) or white (dark) until it has WCAG AA contrast on the
/// code block's background: the themes' comments have about 2.7:1.
pub fn css() -> String {
    let themes = ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], STYLE).unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], STYLE).unwrap_or_default();
    let (light, dark) = (readable(&light, BACKGROUNDS[0]), readable(&dark, BACKGROUNDS[1]));
    format!(
        "/* Generated by charta from syntect's themes. */\n{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
    )
}

/// Relative luminance (WCAG 2.2) of an sRGB colour.
fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// The contrast ratio of two colours (1 to 21).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// `css` with every text colour (`color: #rrggbb`, not a background's) mixed towards black on a
/// light `background`, towards white on a dark one, a tenth at a time, until it has
/// [`MIN_CONTRAST`] on it.
fn readable(css: &str, background: [u8; 3]) -> String {
    let towards: u8 = if luminance(background) > 0.5 { 0 } else { 255 };
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("color: #") {
        let is_text = !rest[..at].ends_with("background-");
        let hex = rest.get(at + 8..at + 14).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        out.push_str(&rest[..at + 8]);
        rest = &rest[at + 8..];
        let Some(hex) = hex.filter(|_| is_text) else { continue };
        let parse = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
        let mut rgb = [parse(0), parse(2), parse(4)];
        for _ in 0..10 {
            if contrast(rgb, background) >= MIN_CONTRAST {
                break;
            }
            rgb = rgb.map(|c| {
                let c = f64::from(c);
                (c + (f64::from(towards) - c) / 10.0).round().clamp(0.0, 255.0) as u8
            });
        }
        if contrast(rgb, background) < MIN_CONTRAST {
            rgb = [towards; 3];
        }
        out.push_str(&format!("{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]));
        rest = &rest[6..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_colour_of_the_highlighting_reads_on_the_code_background() {
        let css = css();
        let (light, dark) = css.split_once("@media (prefers-color-scheme: dark)").unwrap();
        for (part, background) in [(light, BACKGROUNDS[0]), (dark, BACKGROUNDS[1])] {
            let mut checked = 0;
            for (at, _) in part.match_indices("color: #") {
                if part[..at].ends_with("background-") {
                    continue;
                }
                let hex = &part[at + 8..at + 14];
                let rgb = [0, 2, 4].map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap());
                assert!(
                    contrast(rgb, background) >= MIN_CONTRAST,
                    "#{hex}: {:.2}",
                    contrast(rgb, background)
                );
                checked += 1;
            }
            assert!(checked > 10, "{checked} colours");
        }
        // The backgrounds are the theme's own code background, light and dark.
        let style =
            crate::site::templates::THEME.iter().find(|(path, _)| *path == "assets/style.css").unwrap().1;
        for [r, g, b] in BACKGROUNDS {
            assert!(
                style.contains(&format!("--soft: #{r:02x}{g:02x}{b:02x};")),
                "style.css's --soft is not #{r:02x}{g:02x}{b:02x}"
            );
        }
        // The themes' own comment colour did not; it is darkened, not dropped.
        assert!(contrast([0x96, 0x98, 0x96], BACKGROUNDS[0]) < MIN_CONTRAST);
        assert!(!light.contains("#969896"));
    }
    use syntect::html::ClassedHTMLGenerator;

    /// syntect's own generator, every line parsed: what `highlight` must give.
    fn reference(code: &str, token: &str) -> String {
        let syntax = SYNTAXES.find_syntax_by_token(token).unwrap();
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, STYLE);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn known_languages_get_class_spans_and_unknown_ones_none() {
        let html = highlight("cargo build --release\n", "bash").unwrap();
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(highlight("x", "no-such-language").is_none());
        assert!(css().contains(".hl-"));
    }

    /// Bug (found by a cold review): a shell block of one line of 200,000 `(` took 80 s to
    /// highlight (25,000: 1.2 s), the time growing with the square of the line. A block with a
    /// line longer than `MAX_LINE` is shown as plain code; one at the limit is highlighted.
    #[test]
    fn a_block_with_a_very_long_line_is_not_highlighted() {
        let at_limit = format!("echo {}\n", "x".repeat(MAX_LINE - 5));
        assert!(highlight(&at_limit, "sh").is_some());
        let long = format!("echo ok\n{}\n", "(".repeat(MAX_LINE + 1));
        assert_eq!(highlight(&long, "sh"), None);
    }

    #[test]
    fn code_is_escaped() {
        let html = highlight("echo \"<script>\"\n", "bash").unwrap();
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn a_line_remembered_in_one_state_is_parsed_again_in_another() {
        // The same line inside a block comment and after it, in one block and across blocks.
        let rust = "/* note\nlet x = \"a\";\n*/\nlet x = \"a\";\n";
        let bash = "cat <<EOF\necho $HOME # not a comment\nEOF\necho $HOME # a comment\n";
        for _ in 0..2 {
            assert_eq!(highlight(rust, "rust").unwrap(), reference(rust, "rust"));
            assert_eq!(highlight(bash, "sh").unwrap(), reference(bash, "bash"));
        }
        assert_ne!(highlight("let x = \"a\";\n", "rust"), highlight("/*\nlet x = \"a\";\n", "rust"));
    }

    #[test]
    fn lines_forgotten_for_newer_ones_still_highlight_the_same() {
        // More closing braces at different depths than states kept for one line, and more
        // distinct lines than a thread remembers: what was forgotten is parsed again.
        let nested: String = (0..7).map(|_| "fn f() {\n").chain((0..7).map(|_| "}\n")).collect();
        let many: String = (0..LINES.get() + 100).map(|n| format!("let v{n} = {n};\n")).collect();
        for code in [&nested, &many, &nested, &many] {
            assert_eq!(highlight(code, "rust").unwrap(), reference(code, "rust"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn highlighting_is_syntects_whatever_was_remembered_before(
            blocks in prop::collection::vec(
                (0..3usize, prop::collection::vec(prop::sample::select(vec![
                    "}\n", "{\n", "/*\n", "*/\n", "\"\n", "'\n", "# x\n", "  - a: 1\n", "key: |\n",
                    "fn main() {\n", "echo \"$X\"\n", "cat <<EOF\n", "EOF\n", "let s = r#\"\n", "\"#;\n",
                    "x\n", "\n",
                ]), 0..12)),
                1..6,
            )
        ) {
            for (language, lines) in blocks {
                let token = ["rust", "bash", "yaml"][language];
                let code: String = lines.concat();
                prop_assert_eq!(highlight(&code, token).unwrap(), reference(&code, token));
            }
        }
    }
}
