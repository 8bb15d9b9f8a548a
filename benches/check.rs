//! Benchmark: `rtgen check` on a synthetic host with many modules.
//!
//! Builds a host in the example's layout with N modules (default 1,000), runs
//! `add` for all of them once, then times `check` (a fresh read of the tree
//! each time). Run with `cargo bench --bench check` (`-- 200` for 200 modules).

use std::path::Path;
use std::time::{Duration, Instant};

use rtgen::plan::workspace::Workspace;
use rtgen::plan::{plan_add, AddOptions};
use rtgen::read::host::Host;

fn main() {
    let count: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1000);
    let dir = tempfile::Builder::new().prefix("rtgen-bench-").tempdir().expect("temp dir");
    // RTGEN_BENCH_KEEP=1 keeps the synthetic host for profiling the binary on it.
    let kept = std::env::var_os("RTGEN_BENCH_KEEP").map(|_| dir.path().to_path_buf());
    let root = dir.path();
    let names: Vec<String> = (0..count).map(|i| format!("item{i}")).collect();
    write_host(root, &names);

    let started = Instant::now();
    {
        let host = Host::new(root);
        let ws = Workspace::open(&host).expect("open");
        let plan = plan_add(&ws, &names, AddOptions { force: false, create_missing_specs: true }).expect("plan");
        rtgen::write::apply(root, &plan).expect("apply");
    }
    let add_time = started.elapsed();

    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let host = Host::new(root);
        let ws = Workspace::open(&host).expect("open");
        let report = rtgen::commands::check(&ws, None).expect("check");
        times.push(started.elapsed());
        assert!(report.items.is_empty(), "a fresh tree drifted: {:?}", report.items.first().map(|i| &i.path));
        assert_eq!(report.modules.len(), count);
    }
    times.sort();
    if let Some(path) = kept {
        let _ = dir.keep();
        println!("kept the host at {}", path.display());
    }
    println!(
        "modules: {count}\nadd (once): {:.3} s\ncheck: min {:.3} s, median {:.3} s, max {:.3} s (5 runs)",
        add_time.as_secs_f64(),
        times[0].as_secs_f64(),
        times[2].as_secs_f64(),
        times[4].as_secs_f64()
    );
}

/// A host in the recipe's layout with one plain service, controller and page
/// per module, and the shared files the example has.
fn write_host(root: &Path, names: &[String]) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/crm");
    for shared in [
        "backend/src/index.js",
        "backend/src/socket/socketServer.js",
        "backend/src/constants/roles.js",
        "front/src/admin/contexts/AuthContext.jsx",
        "front/src/admin/services/socketService.js",
        "front/src/admin/utils/toast.js",
    ] {
        let target = root.join(shared);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(example.join(shared), target).unwrap();
    }
    let service = std::fs::read_to_string(example.join("backend/src/services/proposalService.js")).unwrap();
    let controller = std::fs::read_to_string(example.join("backend/src/controllers/proposalController.js")).unwrap();
    let page = std::fs::read_to_string(example.join("front/src/admin/pages/Proposals.jsx")).unwrap();
    for name in names {
        let pascal = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
        let rename = |text: &str| text.replace("Proposal", &pascal).replace("proposal", name);
        write(root, &format!("backend/src/services/{name}Service.js"), &rename(&service));
        write(root, &format!("backend/src/controllers/{name}Controller.js"), &rename(&controller));
        write(root, &format!("front/src/admin/pages/{pascal}s.jsx"), &rename(&page));
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
