//! Configuration: waivers, documented and time-boxed exceptions to rules, as charta.toml
//! declares them.

use serde::Deserialize;

/// A documented, time-boxed exception: findings of `rule` on `document` are reported as waived.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub rule: String,
    /// A document id or its path relative to the root.
    pub document: String,
    pub reason: String,
    /// The last day the waiver holds (a TOML date, `2026-03-31`).
    #[schemars(with = "String", extend("format" = "date"))]
    pub expires: toml::value::Datetime,
    /// Line of the waiver in charta.toml (a byte offset until `Config::parse` converts it).
    #[serde(skip)]
    pub line: u32,
}

impl Waiver {
    pub fn expires(&self) -> Option<jiff::civil::Date> {
        let d = self.expires.date?;
        jiff::civil::Date::new(
            i16::try_from(d.year).ok()?,
            i8::try_from(d.month).ok()?,
            i8::try_from(d.day).ok()?,
        )
        .ok()
    }
}

/// Keep where each waiver starts, so `waiver/expired` can point at it.
pub(crate) fn spanned<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Waiver>, D::Error> {
    let spanned = Vec::<toml::Spanned<Waiver>>::deserialize(d)?;
    Ok(spanned
        .into_iter()
        .map(|s| {
            let at = crate::source::to_u32(s.span().start);
            let mut w = s.into_inner();
            w.line = at;
            w
        })
        .collect())
}
