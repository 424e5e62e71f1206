//! Stage 2: a document's status, from the words teams write for it (`approved`, `active`,
//! `in review`, `obsolete` ...), in any case.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Review,
    Approved,
    Retired,
}

impl Status {
    pub const NAMES: &'static [&'static str] = &["draft", "review", "approved", "retired"];

    /// Every word read as a status (in any case), with the status it is.
    pub const WORDS: &'static [(&'static str, Status)] = &[
        ("draft", Status::Draft),
        ("review", Status::Review),
        ("in review", Status::Review),
        ("approved", Status::Approved),
        ("active", Status::Approved),
        ("published", Status::Approved),
        ("retired", Status::Retired),
        ("obsolete", Status::Retired),
        ("withdrawn", Status::Retired),
    ];

    pub fn parse(text: &str) -> Option<Status> {
        let text = text.trim();
        Self::WORDS.iter().find(|(word, _)| word.eq_ignore_ascii_case(text)).map(|(_, status)| *status)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Review => "In review",
            Status::Approved => "Approved",
            Status::Retired => "Retired",
        }
    }
}
