//! The JSON Schema in `schemas/` is the spec types' own, and every shipped
//! template is embedded and compiles.

use crate::support::repo;

#[test]
fn schema_file_matches_the_spec_types() {
    let committed = std::fs::read_to_string(repo().join("schemas/module-spec.schema.json")).unwrap();
    let current = rtgen::read::spec::json_schema();
    assert!(
        committed == current,
        "schemas/module-spec.schema.json is stale: run `cargo run -- schema > schemas/module-spec.schema.json`"
    );
}

#[test]
fn every_template_file_is_embedded() {
    let dir = repo().join("templates");
    let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = rtgen::render::EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
    embedded.sort();
    assert_eq!(on_disk, embedded, "a file under templates/ is not in render::EMBEDDED, or the reverse");
}

#[test]
fn every_embedded_template_compiles() {
    // The module templates render in generate.rs, the scaffold ones in scaffold.rs;
    // here a template that does not even compile fails by name.
    rtgen::render::Templates::new(&[]).expect("the embedded templates compile");
}
