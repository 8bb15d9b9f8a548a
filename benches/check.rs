//! Benchmark: `rtgen check` on synthetic hosts of 10, 100 and 1,000 modules,
//! next to the floor of reading the same files.
//!
//! For each size it builds a host in the example's layout (a service,
//! controller and page per module), runs `add` for all modules once, then
//! times, rounds interleaved, the `rtgen check` process as CI runs it and
//! `cat` over every file of the tree (`find -type f | xargs cat`, the floor:
//! check reads at least that). It prints the medians, check's ratio to cat, and
//! how the time grows with the modules. `cargo bench --bench check -- 50 500`
//! times other sizes; `RTGEN_BENCH_KEEP=1` keeps the hosts for profiling.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rtgen::plan::workspace::Workspace;
use rtgen::plan::{plan_add, AddOptions};
use rtgen::read::host::Host;

const ROUNDS: usize = 7;

fn main() {
    let mut sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![10, 100, 1000];
    }
    let binary = env!("CARGO_BIN_EXE_rtgen");
    println!("| modules | files | add (in process, once) | check median | cat median | check / cat |");
    println!("|--:|--:|--:|--:|--:|--:|");
    let mut medians: Vec<(usize, Duration)> = Vec::new();
    for count in sizes {
        let dir = tempfile::Builder::new().prefix("rtgen-bench-").tempdir().expect("temp dir");
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
        let files =
            walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()).count();

        let check = || {
            let started = Instant::now();
            let status = Command::new(binary)
                .args(["check", "--color", "never", "--root"])
                .arg(root)
                .output()
                .expect("rtgen check");
            assert!(status.status.success(), "a fresh tree drifted: {}", String::from_utf8_lossy(&status.stdout));
            started.elapsed()
        };
        let cat = || {
            let started = Instant::now();
            let status = Command::new("sh")
                .arg("-c")
                .arg("find \"$1\" -type f -not -path '*/.git/*' -print0 | xargs -0 cat > /dev/null")
                .arg("sh")
                .arg(root)
                .status()
                .expect("cat");
            assert!(status.success());
            started.elapsed()
        };
        // One warm-up each: the page cache, not the first read, is what CI sees.
        check();
        cat();
        let (mut checks, mut cats) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            checks.push(check());
            cats.push(cat());
        }
        let (check_median, cat_median) = (median(&mut checks), median(&mut cats));
        println!(
            "| {count} | {files} | {:.3} s | {:.3} s | {:.3} s | {:.1}x |",
            add_time.as_secs_f64(),
            check_median.as_secs_f64(),
            cat_median.as_secs_f64(),
            check_median.as_secs_f64() / cat_median.as_secs_f64()
        );
        medians.push((count, check_median));
        if std::env::var_os("RTGEN_BENCH_KEEP").is_some() {
            println!("kept the host at {}", dir.keep().display());
        }
    }
    for pair in medians.windows(2) {
        let ((a, ta), (b, tb)) = (pair[0], pair[1]);
        println!(
            "{b} modules / {a}: {:.1}x the modules, {:.1}x the time",
            b as f64 / a as f64,
            tb.as_secs_f64() / ta.as_secs_f64()
        );
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
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
