//! Rendering the new files from their templates: `context` computes the
//! values a template gets, tera renders the canonical text, `restyle` turns
//! it into the host's style, and `header` goes on top. Templates are
//! embedded; a host overrides one by putting a file of the same name under
//! `.rtgen/templates/`.

pub(crate) mod context;
pub(crate) mod contract;
pub(crate) mod contract_docs;
pub(crate) mod controller_context;
pub(crate) mod restyle;
pub mod socket_auth;

use anyhow::{Context as _, Result};
use tera::Tera;

use crate::js::literal::{comment_text, js_string_literal, js_template_chunk};
use crate::js::style::Style;
use crate::render::restyle::restyle;

pub use crate::read::host::OVERRIDES_DIR;

/// The templates rtgen ships, by name.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("backend/events.js.tera", include_str!("../../templates/backend/events.js.tera")),
    ("backend/service/class.js.tera", include_str!("../../templates/backend/service/class.js.tera")),
    ("backend/service/composition.js.tera", include_str!("../../templates/backend/service/composition.js.tera")),
    ("backend/service/functions.js.tera", include_str!("../../templates/backend/service/functions.js.tera")),
    ("backend/service/prelude.js.tera", include_str!("../../templates/backend/service/prelude.js.tera")),
    ("backend/service/method.js.tera", include_str!("../../templates/backend/service/method.js.tera")),
    ("backend/service/startup.js.tera", include_str!("../../templates/backend/service/startup.js.tera")),
    ("backend/controller_with_socket.js.tera", include_str!("../../templates/backend/controller_with_socket.js.tera")),
    ("front/socket_service.js.tera", include_str!("../../templates/front/socket_service.js.tera")),
    ("backend/events.ts.tera", include_str!("../../templates/backend/events.ts.tera")),
    ("backend/realtime.js.tera", include_str!("../../templates/backend/realtime.js.tera")),
    ("backend/realtime.ts.tera", include_str!("../../templates/backend/realtime.ts.tera")),
    ("backend/service/class.ts.tera", include_str!("../../templates/backend/service/class.ts.tera")),
    ("backend/service/composition.ts.tera", include_str!("../../templates/backend/service/composition.ts.tera")),
    ("backend/service/functions.ts.tera", include_str!("../../templates/backend/service/functions.ts.tera")),
    ("backend/service/prelude.ts.tera", include_str!("../../templates/backend/service/prelude.ts.tera")),
    ("backend/service/method.ts.tera", include_str!("../../templates/backend/service/method.ts.tera")),
    ("backend/service/startup.ts.tera", include_str!("../../templates/backend/service/startup.ts.tera")),
    ("front/socket_service.ts.tera", include_str!("../../templates/front/socket_service.ts.tera")),
    ("backend/realtime_auth.js.tera", include_str!("../../templates/backend/realtime_auth.js.tera")),
    ("backend/realtime_auth.ts.tera", include_str!("../../templates/backend/realtime_auth.ts.tera")),
    ("scaffold/backend/socket_server.js.tera", include_str!("../../templates/scaffold/backend/socket_server.js.tera")),
    ("scaffold/backend/redis_adapter.js.tera", include_str!("../../templates/scaffold/backend/redis_adapter.js.tera")),
    ("scaffold/front/socket_service.js.tera", include_str!("../../templates/scaffold/front/socket_service.js.tera")),
    ("scaffold/backend/socket_server.ts.tera", include_str!("../../templates/scaffold/backend/socket_server.ts.tera")),
    ("scaffold/front/socket_service.ts.tera", include_str!("../../templates/scaffold/front/socket_service.ts.tera")),
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
        tera.register_filter("comment", js_comment);
        for (name, text) in EMBEDDED {
            let overridden = overrides.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str());
            if let Err(error) = tera.add_raw_template(name, overridden.unwrap_or(text)) {
                let detail = chain(&error);
                return Err(match overridden {
                    Some(_) => {
                        let (place, what) = compile_error_place(&detail);
                        anyhow::anyhow!(
                            "`{OVERRIDES_DIR}/{name}{place}`: the template override does not compile: {what}\n  help: fix it (tera syntax: `{{{{ value }}}}`, `{{% if x %}}...{{% endif %}}`), or delete it to use rtgen's own template"
                        )
                    }
                    None => anyhow::anyhow!(detail).context(format!("template `{name}` does not compile")),
                });
            }
        }
        for (name, _) in overrides {
            if name == "backend/service_with_socket.js.tera" {
                anyhow::bail!(
                    "`{OVERRIDES_DIR}/{name}` overrides a template rtgen no longer has: the socket-enabled service is now one template per shape of the base service\n  help: move your changes to `backend/service/class.js.tera`, `composition.js.tera` or `functions.js.tera` (shared parts: `prelude.js.tera`, `method.js.tera`, `startup.js.tera`) under `{OVERRIDES_DIR}/`"
                );
            }
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

/// The filter `comment`: text placed inside a `/* */` or `//` comment, made
/// unable to end it (`*/`, line breaks).
fn js_comment(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(comment_text(&text)))
}

/// The `:line:column` and the reason in a tera parse error
/// (`... --> 4:1 | ... = expected ...`).
fn compile_error_place(detail: &str) -> (String, String) {
    let place = detail
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(|at| format!(":{at}"))
        .unwrap_or_default();
    let what = detail
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .map(str::to_string)
        .unwrap_or_else(|| detail.lines().next().unwrap_or_default().to_string());
    (place, what)
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
