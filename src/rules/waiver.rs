//! Stage 3, the `waiver/*` rule: waivers of charta.toml past their expiry date.

use crate::config::Config;
use crate::finding::{Finding, Rule};
use crate::source::Span;
use jiff::civil::Date;

/// `waiver/expired`: each waiver that expired before `today`, at its line in charta.toml.
pub fn expired(config: &Config, today: Date) -> Vec<Finding> {
    let expired = config.waivers.iter().filter(|w| w.expires().is_some_and(|e| e < today));
    expired
        .map(|w| {
            let message = format!("the waiver of `{}` for `{}` expired on {}", w.rule, w.document, w.expires);
            Finding::new(Rule::WaiverExpired, crate::config::FILE_NAME, Span::new(w.line, 1), message)
                .help(Rule::WaiverExpired.fix())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{Case, assert_found};

    #[test]
    fn a_waiver_past_its_date_is_a_finding_at_its_line() {
        let waiver = |expires: &str| {
            format!(
                "[[waivers]]\nrule = \"review/overdue\"\ndocument = \"POL-1\"\nreason = \"audit\"\nexpires = {expires}\n"
            )
        };
        let today = Date::constant(2026, 3, 1);
        let rule = "waiver/expired";
        let cases: &[Case<String>] = &[
            (String::new(), &[]),
            (waiver("2026-03-01"), &[]),
            (waiver("2027-01-01"), &[]),
            (
                waiver("2026-02-28"),
                &[(rule, 1, "the waiver of `review/overdue` for `POL-1` expired on 2026-02-28")],
            ),
            (
                format!(
                    "[review]\nperiod = \"12 months\"\n\n{}\n{}",
                    waiver("2027-01-01"),
                    waiver("2025-12-31")
                ),
                &[(rule, 10, "expired on 2025-12-31")],
            ),
        ];
        for (toml, want) in cases {
            let config = Config::parse(toml).unwrap();
            assert_found(&expired(&config, today), want, toml);
        }
    }
}
