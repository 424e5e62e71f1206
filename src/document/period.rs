//! Stage 2: a review period as a document or charta.toml writes it, and as calendar arithmetic.

use jiff::civil::Date;

/// A review period as written ("12 months") and as calendar arithmetic.
#[derive(Debug, Clone)]
pub struct Period {
    pub text: String,
    pub span: jiff::Span,
}

impl PartialEq for Period {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Period {}

/// The longest period charta reads, in years.
pub const MAX_YEARS: i16 = 100;

impl Period {
    /// Parse "12 months", "1 year", "18mo", "P1Y", or a word such as "yearly".
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        let named = match t.to_ascii_lowercase().as_str() {
            "yearly" | "annual" | "annually" => Some("1 year"),
            "biennial" | "biennially" => Some("2 years"),
            "half-yearly" | "semiannual" | "semi-annual" | "semiannually" => Some("6 months"),
            "quarterly" => Some("3 months"),
            "monthly" => Some("1 month"),
            _ => None,
        };
        // As written, else in lower case: `12 Months` is `12 months` (the words of a period are
        // read in any case, as the named ones are).
        let written = named.unwrap_or(t);
        let span: jiff::Span = written.parse().or_else(|_| written.to_lowercase().parse()).ok()?;
        let calendar_only = span.get_hours() == 0
            && span.get_minutes() == 0
            && span.get_seconds() == 0
            && span.get_milliseconds() == 0
            && span.get_microseconds() == 0
            && span.get_nanoseconds() == 0;
        // Longer than a century is no review period, and from some dates not a date at all
        // (`9999 years`): refused here, so no next review silently goes missing.
        let start = Date::constant(2000, 1, 1);
        let bounded = start.checked_add(span).is_ok_and(|end| end <= Date::constant(2000 + MAX_YEARS, 1, 1));
        (calendar_only && span.is_positive() && bounded).then(|| Period { text: t.to_owned(), span })
    }

    /// As [`Period::parse`], and a period of nothing (`0d`, `0 days`): how far ahead to look,
    /// where nothing ahead means only what is due already.
    pub fn parse_ahead(text: &str) -> Option<Period> {
        Period::parse(text).or_else(|| {
            let span: jiff::Span = text.trim().to_lowercase().parse().ok()?;
            span.is_zero().then(|| Period { text: text.trim().to_owned(), span })
        })
    }

    /// `date` plus this period; month ends clamp (Jan 31 + 1 month = end of February).
    pub fn after(&self, date: Date) -> Option<Date> {
        date.checked_add(self.span).ok()
    }
}
