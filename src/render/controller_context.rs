//! What `controller_with_socket.js.tera` gets beyond the module context:
//! the controller it wraps, and for each handler an event follows, the
//! record's key in its response, whether the record is read before the
//! change, and which events it emits. Pure: no disk.

use std::path::Path;

use serde::Serialize;

use crate::error::LocatedError;
use crate::js::paths::specifier;
use crate::read::controller::ControllerModule;
use crate::read::spec::LoadedSpec;
use crate::render::context::EventContext;

#[derive(Debug, Serialize)]
pub struct ControllerContext {
    pub base_specifier: String,
    pub events_specifier: String,
    pub model_import: Option<String>,
    /// The host's read by id over the wrapper's `req`, if it has one.
    pub find: Option<String>,
    pub handlers: Vec<HandlerOverride>,
}

#[derive(Debug, Serialize)]
pub struct HandlerOverride {
    pub name: String,
    pub doc: String,
    /// The record's key in the body as a JS literal, if any.
    #[serde(skip)]
    key_js: Option<String>,
    /// The options object `emitting` gets: `{ key: "data", before: true }`.
    pub options: String,
    pub before: bool,
    pub created: bool,
    pub updated: bool,
    pub status_changed: bool,
    pub deleted: bool,
    pub customs: Vec<String>,
    #[serde(skip)]
    emits: Vec<String>,
}

/// The wrapper's context for `controller`, generated at `generated`.
pub fn controller_context(
    loaded: &LoadedSpec,
    controller: &ControllerModule,
    generated: &Path,
    events_path: &Path,
    events: &[EventContext],
) -> Result<ControllerContext, LocatedError> {
    let mut handlers: Vec<HandlerOverride> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let Some(handler) = controller.handlers.iter().find(|h| h.name == event.method) else {
            return Err(loaded
                .error_at(
                    &format!("events[{i}]"),
                    format!(
                        "event `{}` follows `{}`, which the controller `{}` does not export as a handler",
                        event.name,
                        event.method,
                        crate::js::paths::slash(&controller.path)
                    ),
                )
                .with_help("set `method:` on the event to the handler that performs it"));
        };
        let needs_before = matches!(event.lifecycle, Some("statusChanged") | Some("deleted"));
        if event.lifecycle == Some("statusChanged") && controller.find.is_none() {
            return Err(loaded
                .error_at(
                    &format!("events[{i}]"),
                    format!(
                        "event `statusChanged` needs the old status, and `{}` reads no {} by id (`Model.findById(req.params.id)`)",
                        crate::js::paths::slash(&controller.path),
                        loaded.spec.module
                    ),
                )
                .with_help("remove the `statusChanged` event (updates still send `updated`), or read the record by id through its model in the controller"));
        }
        let key = loaded.spec.entity.clone().or_else(|| handler.wrapper.clone());
        let entry = match handlers.iter_mut().find(|h| h.name == handler.name) {
            Some(entry) => entry,
            None => {
                handlers.push(HandlerOverride {
                    name: handler.name.clone(),
                    doc: String::new(),
                    key_js: key.as_deref().map(crate::js::literal::js_string_literal),
                    options: String::new(),
                    before: false,
                    created: false,
                    updated: false,
                    status_changed: false,
                    deleted: false,
                    customs: Vec::new(),
                    emits: Vec::new(),
                });
                handlers.last_mut().expect("just pushed")
            }
        };
        entry.emits.push(event.event.clone());
        entry.before |= needs_before && controller.find.is_some();
        match event.lifecycle {
            Some("created") => entry.created = true,
            Some("updated") => entry.updated = true,
            Some("statusChanged") => entry.status_changed = true,
            Some("deleted") => entry.deleted = true,
            _ => entry.customs.push(event.name.clone()),
        }
    }
    for handler in &mut handlers {
        handler.doc = describe(handler);
        let mut options: Vec<String> = handler.key_js.iter().map(|k| format!("key: {k}")).collect();
        if handler.before {
            options.push("before: true".into());
        }
        if handler.deleted && handler.before {
            options.push("orPrevious: true".into());
        }
        handler.options = if options.is_empty() { "{}".into() } else { format!("{{ {} }}", options.join(", ")) };
    }
    Ok(ControllerContext {
        base_specifier: specifier(generated, &controller.path, true),
        events_specifier: specifier(generated, events_path, true),
        model_import: controller.find.as_ref().map(|f| f.import.clone()),
        find: controller.find.as_ref().map(|f| f.call.clone()),
        handlers,
    })
}

impl ControllerContext {
    /// An ES module wrapper binds each handler it replaces at the top level
    /// (`export const createTask = ...`): refuses a handler named like one of
    /// the wrapper's own bindings, which would not load.
    pub fn check_handler_names(&self, controller: &Path, events_binding: &str) -> Result<(), LocatedError> {
        let model = self.find.as_deref().and_then(|call| call.split('.').next());
        let taken = ["base", "isEntity", "unwrap", "findBefore", "emitting", events_binding];
        match self.handlers.iter().find(|h| taken.contains(&h.name.as_str()) || Some(h.name.as_str()) == model) {
            Some(handler) => Err(LocatedError::new(
                controller,
                1,
                1,
                format!(
                    "the handler `{}` has the name of one of the socket-enabled controller's own bindings (`{}`{})",
                    handler.name,
                    taken.join("`, `"),
                    model.map(|m| format!(", `{m}`")).unwrap_or_default()
                ),
            )
            .with_help("rename the handler (and its uses in the routes), then run `rtgen add` again")),
            None => Ok(()),
        }
    }
}

/// `emitting `task:created` after a 2xx response.`
fn describe(handler: &HandlerOverride) -> String {
    let list: Vec<String> = handler.emits.iter().map(|e| format!("`{e}`")).collect();
    let what = if handler.status_changed && handler.updated { list.join(" or ") } else { list.join(", ") };
    format!("emitting {what} after a 2xx response.")
}
