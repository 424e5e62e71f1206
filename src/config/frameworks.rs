//! Stage 2: `[[frameworks]]` of charta.toml: control frameworks, their controls, and what the
//! Statement of Applicability says of each (title, whether it applies, why).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// As documents write it in `controls` (`ISO27001:2022`).
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
    /// Its controls: each an id (`A.5.1`), or a table with the id, its title, and whether it
    /// applies with why (the Statement of Applicability).
    #[serde(default)]
    pub controls: Vec<Control>,
}

/// A control a framework declares: its id alone, or with what the Statement of Applicability
/// says of it.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Control {
    Id(String),
    Declared(DeclaredControl),
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclaredControl {
    pub id: String,
    /// The control's title in its standard (`Policies for information security`).
    #[serde(default)]
    pub title: Option<String>,
    /// Whether the organisation applies it (default yes).
    #[serde(default = "applies")]
    pub applicable: bool,
    /// Why it is applied or excluded: what the Statement of Applicability gives as the reason.
    #[serde(default)]
    pub justification: Option<String>,
}

fn applies() -> bool {
    true
}

impl Control {
    pub fn id(&self) -> &str {
        match self {
            Control::Id(id) => id,
            Control::Declared(c) => &c.id,
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Control::Declared(DeclaredControl { title: Some(t), .. }) => t,
            _ => "",
        }
    }

    /// Applicable unless declared otherwise.
    pub fn applicable(&self) -> bool {
        !matches!(self, Control::Declared(DeclaredControl { applicable: false, .. }))
    }

    pub fn justification(&self) -> &str {
        match self {
            Control::Declared(DeclaredControl { justification: Some(j), .. }) => j,
            _ => "",
        }
    }
}
