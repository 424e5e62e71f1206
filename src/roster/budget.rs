//! Registry support: what a roster past the parser's budget, or with a key written twice, is
//! told, in place of the parser's words.

/// A roster too large for the budget says so, and what to do, instead of the parser's words.
pub(super) fn too_large(e: &serde_saphyr::Error, max_values: usize) -> String {
    use serde_saphyr::budget::BudgetBreach;
    let at = e.location().map_or_else(String::new, |l| format!("line {}: ", l.line()));
    match e.without_snippet() {
        serde_saphyr::Error::Budget {
            breach:
                BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } | BudgetBreach::ScalarBytes { .. },
            ..
        } => format!(
            "{at}the roster holds more than charta reads ({max_values} YAML values, about {} people); \
             remove the people no document names any more, or keep fewer names per person",
            max_values / 16
        ),
        serde_saphyr::Error::Budget { .. } => format!(
            "{at}the roster uses more YAML anchors, aliases or nesting than charta allows; \
             write each person out in full"
        ),
        // The parser's words name a setting of its own ("set DuplicateKeyPolicy"), which no
        // one editing a roster can change.
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => format!(
            "{at}`{}` is written twice where one is allowed; keep one of the two (YAML forbids repeated keys)",
            crate::escape::visible(key.as_deref().unwrap_or("a key"))
        ),
        _ => e.to_string(),
    }
}
