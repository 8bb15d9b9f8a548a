//! The module's page in `add`'s and `check`'s plan. The page is optional:
//! when rtgen cannot prove where the page's list lives, it wires everything
//! else and says so in a warning that names the page, what it found there and
//! the lines to paste. `page: none` in the spec says there is no page.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::load::ModuleInput;
use crate::js::paths::slash;
use crate::js::paths::specifier;
use crate::patch::{self, Outcome};
use crate::plan::workspace::Workspace;

/// The page's part of a module's plan.
pub(super) struct PagePart {
    /// The page, its text and its patch; `None`: the page is not touched.
    pub patch: Option<(PathBuf, String, Outcome)>,
    /// Why the page was not wired, with the lines to paste.
    pub note: Option<String>,
}

/// Plans the page: patched when rtgen can prove where its list lives, left
/// alone with a note when not, nothing with `page: none`.
pub(super) fn plan_page(ws: &Workspace, input: &ModuleInput) -> Result<PagePart> {
    let page = &input.loaded.spec.page;
    if page.none {
        return Ok(PagePart { patch: None, note: None });
    }
    // A page the spec names must exist: that is bad input, not something to skip.
    let named = page.file.is_some() || input.loaded.spec.names.page.is_some();
    let located = match named {
        false => in_feature_folder(ws, input)?.map(Ok),
        true => None,
    };
    let path = match located.unwrap_or_else(|| super::add::locate_page(ws, input)) {
        Ok(path) => path,
        Err(error) if named => return Err(error),
        Err(error) => {
            let found = error.to_string();
            let found = found.split("\n  help:").next().unwrap_or_default().to_string();
            let note = note(input, &input.paths.page, "", &found).replacen(
                "\n  or write `page: none`",
                &format!(
                    "\n  or name the page in `{}` (`page: <file in the pages folder>`), or write `page: none`",
                    slash(&input.loaded.path)
                ),
                1,
            );
            return Ok(PagePart { patch: None, note: Some(note) });
        }
    };
    let source = ws.host.read(&path)?.unwrap_or_default();
    // A page that does not parse is an error, as for every host file rtgen reads.
    crate::js::parse::check(&path, &source).map_err(|error| {
        anyhow::anyhow!(
            "`{}:{}:{}`: {}\n  help: the page does not parse, so rtgen will not edit it (fix the syntax error first, or write `page: none` in `{}`)",
            slash(&path),
            error.line,
            error.column,
            error.message,
            slash(&input.loaded.path)
        )
    })?;
    match patch_page(ws, input, &path, &source) {
        Ok(outcome) => Ok(PagePart { patch: Some((path, source, outcome)), note: None }),
        // What the spec names must hold: that is the user's input, refused.
        Err(error) if page.setter.is_some() || page.loader.is_some() => Err(error.into()),
        Err(_) if patch::page::subscribes(&path, &source, &page_specifier(input, &path)) => {
            // Wired by hand, as the note said: nothing more to do, nothing to say.
            Ok(PagePart { patch: Some((path, source, Outcome::Unchanged)), note: None })
        }
        Err(error) => {
            let found = error.to_string();
            Ok(PagePart { patch: None, note: Some(note(input, &path, &source, &found)) })
        }
    }
}

/// The page under its expected name in a folder of the pages folder
/// (`pages/leads/LeadsPage.jsx`: feature folders), when it is the only one.
fn in_feature_folder(ws: &Workspace, input: &ModuleInput) -> Result<Option<PathBuf>> {
    if ws.host.read(&input.paths.page)?.is_some() {
        return Ok(None);
    }
    let Some(name) = input.paths.page.file_name() else { return Ok(None) };
    let dir = input.paths.page.parent().unwrap_or(Path::new(""));
    let found: Vec<PathBuf> = ws.host.walk(dir, 4, 5000)?.into_iter().filter(|p| p.file_name() == Some(name)).collect();
    Ok(match found.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    })
}

/// The page's patch, or why rtgen cannot prove where its list lives.
pub(super) fn patch_page(
    ws: &Workspace,
    input: &ModuleInput,
    page_path: &Path,
    source: &str,
) -> Result<Outcome, patch::PatchError> {
    let resolve = |specifier: &str| resolve_import(ws, page_path, specifier);
    let anchors = patch::page::detect_with(
        page_path,
        source,
        &patch::page::PageNames {
            plural_pascal: input.names.plural_pascal.clone(),
            pascal: input.names.pascal.clone(),
            setter: input.loaded.spec.page.setter.clone(),
            loader: input.loaded.spec.page.loader.clone(),
        },
        &resolve,
    )?;
    patch::page::add(
        page_path,
        source,
        &patch::page::PagePatch {
            binding: input.names.socket_service_binding.clone(),
            specifier: page_specifier(input, page_path),
            anchors,
            id_field: input.loaded.spec.id_field.clone().unwrap_or_else(|| "id".into()),
            entity: input.names.camel.clone(),
        },
    )
}

/// A file the page imports, by the specifier it writes: relative to the
/// page, or under the front's `src/` through `@/` when the front's bundler
/// or `tsconfig`/`jsconfig` maps `@` there.
fn resolve_import(ws: &Workspace, page_path: &Path, specifier: &str) -> Option<(PathBuf, String)> {
    let path = resolve_path(ws, page_path, specifier)?;
    let text = ws.host.read(&path).ok()??;
    Some((path, text))
}

/// The file a specifier in `from` names: relative to it, or under the front's
/// `src/` through `@/` when the front's config maps `@` there.
pub(super) fn resolve_path(ws: &Workspace, from: &Path, specifier: &str) -> Option<PathBuf> {
    let host = ws.host;
    if let Some(rest) = specifier.strip_prefix("@/") {
        let root = Path::new(&ws.profile.front.root);
        if !maps_at_to_src(ws, root) {
            return None;
        }
        crate::read::survey::resolve(host, &root.join("src"), &format!("./{rest}")).ok()?
    } else if specifier.starts_with('.') {
        crate::read::survey::resolve(host, from.parent().unwrap_or(Path::new("")), specifier).ok()?
    } else {
        None
    }
}

/// Whether the front's config maps `@` to `src`: `"@/*": ["./src/*"]` in
/// `tsconfig.json`/`jsconfig.json`, or `"@": path.resolve(__dirname, "./src")`
/// (or `fileURLToPath(new URL("./src", ...))`) in the Vite config.
fn maps_at_to_src(ws: &Workspace, root: &Path) -> bool {
    let configs =
        ["tsconfig.json", "tsconfig.app.json", "jsconfig.json", "vite.config.js", "vite.config.ts", "vite.config.mjs"];
    configs.iter().any(|name| {
        let Ok(Some(text)) = ws.host.read(&root.join(name)) else { return false };
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        compact.contains("\"@/*\":[\"./src/*\"]")
            || compact.contains("\"@/*\":[\"src/*\"]")
            || ["\"@\":", "'@':", "@:"].iter().any(|key| {
                compact.split(key).skip(1).any(|after| {
                    let value: String = after.chars().take(80).collect();
                    value.contains("/src\"")
                        || value.contains("/src'")
                        || value.contains("\"./src\"")
                        || value.contains("'./src'")
                        || value.contains("\"src\"")
                        || value.contains("'src'")
                })
            })
    })
}

fn page_specifier(input: &ModuleInput, page_path: &Path) -> String {
    specifier(page_path, &input.paths.front_module_service, input.paths.imports.front)
}

/// The warning for a page rtgen left alone: which page, what it found, what
/// was written anyway, and the lines that wire it by hand.
fn note(input: &ModuleInput, page_path: &Path, source: &str, found: &str) -> String {
    let lines = patch::page::manual_lines(
        page_path,
        source,
        &input.names.socket_service_binding,
        &page_specifier(input, page_path),
    );
    let indented: String =
        lines.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("    {l}\n") }).collect();
    let where_ = if source.is_empty() {
        format!("the page that shows the {} (imports relative to `{}`)", input.names.plural, slash(page_path))
    } else {
        format!("`{}`", slash(page_path))
    };
    format!(
        "the `{module}` page was not wired: {found}\n  everything else was written; `{service}` sends the page the events once it subscribes\n  to follow them live, add to {where_}:\n{indented}  or write `page: none` in `{spec}` if no page shows them",
        module = input.names.camel,
        found = found.replace('\n', "\n  "),
        service = slash(&input.paths.front_module_service),
        spec = slash(&input.loaded.path),
    )
}
