//! Configuration: `[fields]`, an organisation's own names for charta's fields.

use crate::frontmatter::schema;
use serde::Deserialize;

/// `[fields]`: how an organisation's front matter names charta's fields.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fields {
    /// Name -> the field of charta's it is read as (`"Document Owner" = "owner"`).
    #[serde(default)]
    pub aliases: crate::frontmatter::schema::Names,
}

impl Fields {
    /// Each name must name a field of charta's, and be new to charta or another tool's name
    /// for that very field (declared, it is the organisation's own: `approver = "approvers"`);
    /// `text` is charta.toml's, for the line of the name in an error.
    pub fn check(&self, text: &str) -> Result<(), String> {
        use crate::escape::visible;
        for (name, field) in &self.aliases {
            let at = line_of_name(text, name);
            let (name, field) = (visible(name), visible(field));
            if schema::field(&field).is_none() {
                return Err(format!(
                    "{at}[fields.aliases] `{name}` = `{field}`: `{field}` is not a field of charta's; name one of: {}",
                    schema::FIELDS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
                ));
            }
            let read_as = schema::field(&name).map(|f| f.key).or_else(|| schema::alias(&name));
            if let Some(read_as) = read_as.filter(|read_as| *read_as != field) {
                return Err(format!(
                    "{at}[fields.aliases] `{name}` is already a name charta reads, as `{read_as}`; remove it from the table"
                ));
            }
        }
        Ok(())
    }
}

/// `line N: ` for the line of `text` that starts with the name `name` (bare or quoted); "" when
/// none does.
fn line_of_name(text: &str, name: &str) -> String {
    let starts = |l: &str| {
        let l = l.trim_start();
        [name.to_owned(), format!("\"{name}\""), format!("'{name}'")]
            .iter()
            .any(|n| l.strip_prefix(n.as_str()).is_some_and(|rest| rest.trim_start().starts_with('=')))
    };
    (1..).zip(text.lines()).find(|(_, l)| starts(l)).map_or_else(String::new, |(n, _)| format!("line {n}: "))
}
