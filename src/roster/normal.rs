//! Registry support: names normalised, so that the ways of writing one handle or address are
//! one key of the roster's index.

/// Lower-case, and drop what differs between ways of writing the same handle or address. Made
/// in one string, cut in place (see [`looked_up`] for what each look-up does instead).
pub(super) fn normalise(name: &str) -> String {
    let name = name.trim();
    // An ASCII name (most are) lower-cased byte by byte; any other as Unicode says.
    let mut n = if name.is_ascii() { name.to_ascii_lowercase() } else { name.to_lowercase() };
    let kept = kept(&n);
    n.truncate(kept.end);
    n.drain(..kept.start);
    n
}

/// Of a lower-cased name, the part [`normalise`] keeps: without `mailto:`, `https://` or
/// `http://`, `www.` at its start, nor `/` at its end.
fn kept(n: &str) -> std::ops::Range<usize> {
    let mut start = n.strip_prefix("mailto:").map_or(0, |_| "mailto:".len());
    start += ["https://", "http://"].into_iter().find(|p| n[start..].starts_with(p)).map_or(0, str::len);
    start += n[start..].strip_prefix("www.").map_or(0, |_| "www.".len());
    start..start + n[start..].trim_end_matches('/').len()
}

/// Longest name [`looked_up`] lowers on the stack; a longer one is made by [`normalise`].
pub(super) const SHORT_NAME: usize = 64;

/// `f` of `name` normalised, as [`normalise`] makes it. An ASCII name of up to [`SHORT_NAME`]
/// bytes (nearly every name) is lowered in a buffer on the stack: every person a document
/// names is looked up, and a string made for each, with the sorted map the roster was, cost
/// `check` 1.5% of its instructions at 10,000 documents (BENCHMARKS.md, nineteenth session).
pub(super) fn looked_up<R>(name: &str, f: impl FnOnce(&str) -> R) -> R {
    let name = name.trim();
    let mut buffer = [0u8; SHORT_NAME];
    match (name.is_ascii(), buffer.get_mut(..name.len())) {
        (true, Some(lower)) => {
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            // ASCII lowered is ASCII still, so always text: the `Err` arm is never taken, and
            // takes the long way rather than look up a name that is not this one.
            match std::str::from_utf8(lower) {
                Ok(lower) => f(&lower[kept(lower)]),
                Err(_) => f(&normalise(name)),
            }
        }
        _ => f(&normalise(name)),
    }
}
