//! Rendering the new files from their templates: `context` computes the
//! values a template gets, tera renders the canonical text, `restyle` turns
//! it into the host's style, and `header` goes on top. Templates are
//! embedded; a host overrides one by putting a file of the same name under
//! `.rtgen/templates/`.

pub(crate) mod context;
pub(crate) mod contract;
pub(crate) mod contract_docs;
pub(crate) mod header;
pub(crate) mod restyle;

use anyhow::{Context as _, Result};
use tera::Tera;

use crate::js::style::Style;
use crate::render::restyle::restyle;

/// Where a host keeps its template overrides, relative to its root.
pub const OVERRIDES_DIR: &str = ".rtgen/templates";

/// The templates rtgen ships, by name.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("backend/events.js.tera", include_str!("../../templates/backend/events.js.tera")),
    ("backend/service_with_socket.js.tera", include_str!("../../templates/backend/service_with_socket.js.tera")),
    ("front/socket_service.js.tera", include_str!("../../templates/front/socket_service.js.tera")),
    ("scaffold/backend/socket_server.js.tera", include_str!("../../templates/scaffold/backend/socket_server.js.tera")),
    ("scaffold/backend/redis_adapter.js.tera", include_str!("../../templates/scaffold/backend/redis_adapter.js.tera")),
    ("scaffold/front/socket_service.js.tera", include_str!("../../templates/scaffold/front/socket_service.js.tera")),
];

/// The loaded template set.
pub struct Templates {
    tera: Tera,
    /// The names the host overrides, for messages.
    overridden: Vec<String>,
}

impl Templates {
    /// The embedded templates, with `overrides` (name, text) replacing them.
    pub fn new(overrides: &[(String, String)]) -> Result<Templates> {
        let mut tera = Tera::default();
        // Generated code is JavaScript: never HTML-escape.
        tera.autoescape_on(vec![]);
        tera.register_filter("js", js_string);
        tera.register_filter("js_list", js_list);
        for (name, text) in EMBEDDED {
            let overridden = overrides.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str());
            tera.add_raw_template(name, overridden.unwrap_or(text))
                .map_err(|e| anyhow::anyhow!(chain(&e)))
                .with_context(|| match overridden {
                    Some(_) => format!("the template override `{OVERRIDES_DIR}/{name}` does not compile"),
                    None => format!("template `{name}` does not compile"),
                })?;
        }
        for (name, _) in overrides {
            if !EMBEDDED.iter().any(|(n, _)| n == name) {
                anyhow::bail!(
                    "`{OVERRIDES_DIR}/{name}` overrides no template\n  help: name it after one of {}",
                    crate::error::backticked(EMBEDDED.iter().map(|(n, _)| n), ", ")
                );
            }
        }
        Ok(Templates { tera, overridden: overrides.iter().map(|(n, _)| n.clone()).collect() })
    }

    /// Renders `name` with `context` and restyles it for `style`.
    pub fn render(&self, name: &str, context: &tera::Context, style: &Style) -> Result<String> {
        let canonical = self.tera.render(name, context).map_err(|e| anyhow::anyhow!(chain(&e))).with_context(|| {
            match self.overridden.iter().any(|n| n == name) {
                true => format!("failed to render the template override `{OVERRIDES_DIR}/{name}`"),
                false => format!("failed to render template `{name}`"),
            }
        })?;
        let canonical = format!("{}\n", canonical.trim_end());
        restyle(&canonical, style).with_context(|| format!("template `{name}` rendered invalid JavaScript"))
    }
}

/// The filter `js`: a value as a JavaScript string literal (double-quoted;
/// restyling converts quotes).
fn js_string(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(js_string_literal(&text)))
}

/// The filter `js_list`: a list of strings as a JavaScript array literal.
fn js_list(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let items = value.as_array().ok_or_else(|| tera::Error::msg("js_list takes a list"))?;
    let items: Vec<String> = items
        .iter()
        .map(|item| match item {
            tera::Value::String(s) => js_string_literal(s),
            other => other.to_string(),
        })
        .collect();
    Ok(tera::Value::String(format!("[{}]", items.join(", "))))
}

/// `text` as a double-quoted JavaScript string literal.
pub fn js_string_literal(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// `text` as the raw inside of a JavaScript template literal.
pub fn js_template_chunk(text: &str) -> String {
    text.replace('\\', "\\\\").replace('`', "\\`").replace("${", "\\${")
}

fn chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// A JavaScript template literal for a room name: `user:{id}` with `{id}`
/// as `id` gives `` `user:${id}` ``.
pub(crate) fn room_js(template: &str, placeholder: &str, expression: &str) -> String {
    let parts: Vec<String> = template.split(placeholder).map(js_template_chunk).collect();
    format!("`{}`", parts.join(&format!("${{{expression}}}")))
}
