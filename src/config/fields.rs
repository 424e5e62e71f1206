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
    /// Each name must be new to charta and name a field of charta's.
    pub fn check(&self) -> Result<(), String> {
        use crate::escape::visible;
        for (name, field) in &self.aliases {
            let (name, field) = (visible(name), visible(field));
            if schema::field(&field).is_none() {
                return Err(format!(
                    "[fields.aliases] `{name}` = `{field}`: `{field}` is not a field of charta's; name one of: {}",
                    schema::FIELDS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
                ));
            }
            if schema::field(&name).is_some() || schema::alias(&name).is_some() {
                return Err(format!(
                    "[fields.aliases] `{name}` is already a name charta reads (as `{}`); remove it from the table",
                    schema::alias(&name).unwrap_or(&name)
                ));
            }
        }
        Ok(())
    }
}
