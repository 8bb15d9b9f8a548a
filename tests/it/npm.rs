//! The npm packages (npm/): their versions follow Cargo.toml, each platform
//! package fits its folder, and the launcher packed with the linux-x64
//! package installs from the tarballs into a host and runs there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{repo, Project};

const PLATFORMS: [&str; 5] = ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64"];

fn manifest(package: &str) -> Value {
    let path = repo().join("npm").join(package).join("package.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn npm_versions_follow_cargo_toml() {
    let version = env!("CARGO_PKG_VERSION");
    let launcher = manifest("rtgen");
    assert_eq!(launcher["version"], version, "npm/rtgen/package.json");
    let optional: BTreeMap<String, Value> =
        serde_json::from_value(launcher["optionalDependencies"].clone()).expect("optionalDependencies");
    for (name, range) in &optional {
        assert_eq!(range, version, "npm/rtgen/package.json: optionalDependencies.{name}");
    }
    for platform in PLATFORMS {
        assert_eq!(manifest(platform)["version"], version, "npm/{platform}/package.json");
    }
}

#[test]
fn each_platform_package_is_an_optional_dependency_and_fits_its_folder() {
    let launcher = manifest("rtgen");
    let mut optional: Vec<String> = launcher["optionalDependencies"].as_object().unwrap().keys().cloned().collect();
    let mut expected: Vec<String> = PLATFORMS.iter().map(|p| format!("@rtgen/{p}")).collect();
    optional.sort();
    expected.sort();
    assert_eq!(optional, expected);
    let mut folders: Vec<String> = std::fs::read_dir(repo().join("npm"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().join("package.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "rtgen")
        .collect();
    folders.sort();
    let mut platforms = PLATFORMS.map(String::from).to_vec();
    platforms.sort();
    assert_eq!(folders, platforms, "a folder under npm/ that the launcher does not know, or the reverse");
    for platform in PLATFORMS {
        let package = manifest(platform);
        let (os, cpu) = platform.split_once('-').unwrap();
        assert_eq!(package["name"], format!("@rtgen/{platform}"));
        assert_eq!(package["os"], serde_json::json!([os]), "npm/{platform}: os");
        assert_eq!(package["cpu"], serde_json::json!([cpu]), "npm/{platform}: cpu");
        assert_eq!(package["files"], serde_json::json!(["bin/"]), "npm/{platform}: files");
    }
    assert_eq!(launcher["bin"]["rtgen"], "bin/rtgen.js");
}

/// The launcher alone, where no platform package can be found: it names the
/// platform and the package, and exits 2 like rtgen's own errors.
#[test]
fn launcher_without_its_platform_package_names_the_platform() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("npm/rtgen"), dir.path());
    let output = node(dir.path(), &["bin/rtgen.js", "--version"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let platform = node_platform();
    assert!(
        stderr.starts_with(&format!(
            "error: `@rtgen/{platform}`, the package with rtgen's binary for {platform}, is not installed"
        )),
        "{stderr}"
    );

    // A platform no package is built for.
    let manifest = dir.path().join("package.json");
    let mut launcher: Value = serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    launcher["optionalDependencies"].as_object_mut().unwrap().remove(&format!("@rtgen/{platform}"));
    std::fs::write(&manifest, launcher.to_string()).unwrap();
    let output = node(dir.path(), &["bin/rtgen.js", "--version"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("has no prebuilt binary for {platform} (only for ")), "{stderr}");
    assert!(stderr.contains("RTGEN_BINARY"), "{stderr}");
}

/// The proof of the npm packaging: `npm pack` the linux-x64 package (built
/// from this test's own rtgen binary) and the launcher, install both into a
/// copy of examples/crm from the tarballs with npm offline, and run rtgen
/// through `npx` there.
#[test]
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn live_npm_packages_install_from_tarballs_and_run_in_a_host() {
    let work = tempfile::Builder::new().prefix("rtgen-npm-").tempdir().unwrap();
    let packed = work.path().join("packed");
    let platform = build(&packed, &["linux-x64", "--binary", env!("CARGO_BIN_EXE_rtgen")]);
    let launcher = build(&packed, &["rtgen"]);

    let host = Project::example();
    std::fs::write(host.root().join("package.json"), "{ \"name\": \"crm-host\", \"private\": true }\n").unwrap();
    // Offline, with an empty cache of its own: nothing can come from a registry.
    let cache = work.path().join("npm-cache");
    let install = npm(
        host.root(),
        &[
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--cache",
            cache.to_str().unwrap(),
            launcher.to_str().unwrap(),
            platform.to_str().unwrap(),
        ],
    );
    assert!(install.status.success(), "npm install failed:\n{}", String::from_utf8_lossy(&install.stderr));

    let version = npx(host.root(), &["rtgen", "--version"]);
    assert_eq!(version.status.code(), Some(0), "{}", String::from_utf8_lossy(&version.stderr));
    assert_eq!(String::from_utf8_lossy(&version.stdout), format!("rtgen {}\n", env!("CARGO_PKG_VERSION")));

    let before = host.files();
    let dry_run = npx(host.root(), &["rtgen", "add", "proposal", "--dry-run"]);
    let stdout = String::from_utf8_lossy(&dry_run.stdout);
    assert_eq!(dry_run.status.code(), Some(0), "{}", String::from_utf8_lossy(&dry_run.stderr));
    assert!(stdout.contains("+++ b/backend/src/socket/events/proposalEvents.js"), "{stdout}");
    assert!(stdout.contains("\ndry run: "), "{stdout}");
    // The same bytes as the binary run directly, and nothing written.
    assert_eq!(stdout, host.rtgen_ok(&["add", "proposal", "--dry-run"]).stdout);
    assert_eq!(crate::support::changed_files(&before, &host.files()), Vec::<String>::new());

    // rtgen's exit code and standard error come through the launcher.
    let refused = npx(host.root(), &["rtgen", "check", "--root", "no-such-folder"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).starts_with("error: `no-such-folder` is not a folder"));
}

/// `node npm/build.mjs <args> --out <out> --pack`: the tarball's path.
fn build(out: &Path, args: &[&str]) -> PathBuf {
    let script = repo().join("npm/build.mjs");
    let mut all: Vec<&str> = vec![script.to_str().unwrap()];
    all.extend(args);
    all.extend(["--out", out.to_str().unwrap(), "--pack"]);
    let output = node(&repo(), &all);
    assert!(output.status.success(), "npm/build.mjs {args:?}:\n{}", String::from_utf8_lossy(&output.stderr));
    let tarball = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    assert!(tarball.is_file(), "no tarball at `{}`", tarball.display());
    tarball
}

fn node(dir: &Path, args: &[&str]) -> Output {
    run("node", dir, args)
}

fn npm(dir: &Path, args: &[&str]) -> Output {
    run("npm", dir, args)
}

fn npx(dir: &Path, args: &[&str]) -> Output {
    // Run what is installed; never fetch a package.
    let mut all = vec!["--offline", "--yes=false"];
    all.extend(args);
    run("npx", dir, &all)
}

fn run(program: &str, dir: &Path, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env_remove("RTGEN_BINARY")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({e}): Node.js 20+ with npm must be on PATH"))
}

/// `process.platform-process.arch`, as the launcher names it.
fn node_platform() -> String {
    let output = node(&repo(), &["-p", "`${process.platform}-${process.arch}`"]);
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
