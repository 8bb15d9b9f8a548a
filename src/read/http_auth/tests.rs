//! The reader on the shapes real Express apps write their auth in.

use super::*;

fn host(files: &[(&str, &str)]) -> (tempfile::TempDir, Host) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let host = Host::new(dir.path());
    (dir, host)
}

fn found(files: &[(&str, &str)], module: &str) -> HttpAuth {
    let (_dir, host) = host(files);
    match read(&host, Path::new("server"), module).unwrap() {
        Reading::Found(auth) => auth,
        other => panic!("not found: {other:?}"),
    }
}

fn strings(path: &[&str]) -> Vec<String> {
    path.iter().map(|s| s.to_string()).collect()
}

/// Runs the reader on an extracted host: `RTGEN_HTTP_AUTH_HOST=<dir> RTGEN_HTTP_AUTH_BACKEND=<folder>
/// RTGEN_HTTP_AUTH_MODULE=<module> cargo test --lib http_auth::tests::probe -- --ignored --nocapture`.
#[test]
#[ignore]
fn probe() {
    let root = std::env::var("RTGEN_HTTP_AUTH_HOST").unwrap();
    let backend = std::env::var("RTGEN_HTTP_AUTH_BACKEND").unwrap();
    let module = std::env::var("RTGEN_HTTP_AUTH_MODULE").unwrap();
    let host = Host::new(Path::new(&root));
    println!("{:#?}", read(&host, Path::new(&backend), &module).unwrap());
}
