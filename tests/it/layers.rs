//! The source tree's layers only point down: each top-level folder (or file)
//! of `src/` may use the layers below it and never one above or beside it.
//! The test reads every `crate::<layer>` path in `src/`, so a new upward
//! import fails here, whatever the file and however the path is written
//! (`use` line, grouped `use crate::{..}`, or inline).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The pipeline, bottom first: `read -> plan (with render and patch) ->
/// write -> report -> commands`. Layers on one rank may not use each other.
const LAYERS: &[(&str, u8)] = &[
    // Leaves: JavaScript as text (parse, splice, style, literals, paths,
    // syntax-tree shapes) and the error types every layer returns.
    ("js", 0),
    ("error", 0),
    // Reads the host, its specs and profile.
    ("read", 1),
    // Pure text: new files from templates, then edits of host files.
    ("render", 2),
    ("patch", 3),
    // Every change of a command, in memory.
    ("plan", 4),
    // Applies a plan to the disk (atomic, journaled).
    ("write", 5),
    // Shows a plan or a drift.
    ("report", 6),
    // The command line's arguments, then the commands that wire the steps.
    ("cli", 7),
    ("commands", 8),
];

fn rank(layer: &str) -> Option<u8> {
    LAYERS.iter().find(|(name, _)| *name == layer).map(|(_, rank)| *rank)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a file of `src/` belongs to: its first folder, or its stem.
fn layer_of(src: &Path, file: &Path) -> String {
    let first = file.strip_prefix(src).unwrap().components().next().unwrap();
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// Every layer a text names through `crate::`: `crate::read::x`, and each
/// head of a grouped `use crate::{read::x, plan::y}`.
fn used_layers(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or_default();
                for item in inner.split(',') {
                    let head = item.trim().split("::").next().unwrap_or_default();
                    if !head.is_empty() {
                        found.push((i + 1, head.to_string()));
                    }
                }
            } else {
                let head: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.push((i + 1, head));
            }
        }
    }
    found
}

/// Each `crate::` path in `src/` that points up or sideways, as
/// `file:line: from -> to`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let from = layer_of(src, &file);
        let Some(from_rank) = rank(&from) else { continue };
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, to) in used_layers(&text) {
            let Some(to_rank) = rank(&to) else { continue };
            if to != from && to_rank >= from_rank {
                found.push(format!("{}:{line}: {from} -> {to}", file.display()));
            }
        }
    }
    found
}

#[test]
fn layers_only_import_downward() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "imports that point up or sideways (move the helper down to the layer that needs it, or hand the value in from above):\n{}",
        found.join("\n")
    );
}

#[test]
fn every_folder_of_src_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut unknown = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = layer_of(&src, &path);
        if !matches!(name.as_str(), "lib" | "main") && rank(&name).is_none() {
            unknown.insert(name, path);
        }
    }
    assert!(unknown.is_empty(), "give these a rank in LAYERS: {unknown:?}");
}

#[test]
fn the_check_sees_upward_and_grouped_imports() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("read")).unwrap();
    std::fs::create_dir_all(src.join("plan")).unwrap();
    std::fs::write(src.join("read/a.rs"), "use crate::js::paths::slash;\nuse crate::{error::E, plan::names};\n")
        .unwrap();
    std::fs::write(src.join("plan/b.rs"), "fn f() { crate::read::x(); crate::render::y(); }\n// crate::commands::z\n")
        .unwrap();
    std::fs::write(src.join("cli.rs"), "use crate::commands::docs;\n").unwrap();
    let found = violations(src);
    let names: Vec<&str> = found.iter().map(|v| v.rsplit(": ").next().unwrap()).collect();
    assert_eq!(names, ["cli -> commands", "read -> plan"], "{found:?}");
}
