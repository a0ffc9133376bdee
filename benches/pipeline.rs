//! The pipeline, piece by piece and whole: parse and compile a 5,000-line contract, each
//! snapshot reader, the checker alone, and `parity check` in-process on generated fleets
//! of N = 10, 100, 1,000 and 5,000 services per environment.
//!
//! `cargo bench --bench pipeline`; `bench/pipeline.sh` measures whole processes.

#![allow(clippy::print_stdout, reason = "a benchmark prints where its data is")]

// The allocator of the binary (src/main.rs), so the numbers are those of `parity`.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../examples/gen_fleet.rs"]
mod fleet;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use parity::compile::{self, NoIncludes, Options};
use parity::diagnostic::redact::Redactor;
use parity::snapshot::{self, ReadFile, Snapshot};
use parity::source::{FileId, SourceMap};

fn big_contract() -> String {
    let mut text = String::from(
        "env dev;\nenv stage { project \"acme-stage\"; }\nenv prod { project \"acme-prod\"; }\n\n",
    );
    let mut lines = 4;
    let mut i = 0;
    while lines < 5_000 {
        let _ = writeln!(
            text,
            "## Service {i}.\nservice svc-{i:05} in stage, prod {{"
        );
        for k in 0..20 {
            let kind = if k % 3 == 0 { " secret" } else { "" };
            let _ = writeln!(text, "  require key KEY_{k:02}{kind};");
        }
        let _ = writeln!(
            text,
            "  expect URL_{i} matches \"https://*.run.app\";\n  deny invoker allUsers;\n}}\n"
        );
        lines += 26;
        i += 1;
    }
    text
}

fn fleet_dir(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parity-bench-fleet-{n}"));
    if !dir.join("fleet.parity").is_file() {
        fleet::generate(n, &dir);
    }
    dir
}

fn run_check(dir: &Path) {
    let args: Vec<OsString> = vec![
        "parity".into(),
        "check".into(),
        dir.join("fleet.parity").into(),
        "--snapshots".into(),
        dir.join("snapshots").into(),
    ];
    let mut stdin = std::io::empty();
    let (mut out, mut err) = (std::io::sink(), std::io::sink());
    let today = "2026-12-03".parse().unwrap_or_else(|e| panic!("{e}"));
    let mut io = parity::cli::Io::new(&mut stdin, &mut out, &mut err, today);
    black_box(parity::cli::run(args, &mut io));
}

/// A fleet read into memory once, for the checker alone.
fn loaded(n: usize) -> (SourceMap, compile::Compiled, Snapshot) {
    let dir = fleet_dir(n);
    let mut sources = SourceMap::new();
    let text = std::fs::read_to_string(dir.join("fleet.parity")).unwrap_or_default();
    let root = sources.add("fleet.parity", text);
    let compiled = compile::compile(&mut sources, root, &mut NoIncludes, &Options::default());
    let mut snapshot = Snapshot::default();
    for env in ["dev", "stage", "prod"] {
        let folder = dir.join("snapshots").join(env);
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        let mut files = Vec::new();
        for path in entries {
            let rel = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let file = sources.add(
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap_or_default(),
            );
            let read = snapshot::read_file(file, &rel, sources.get(file).text());
            if let Some(content) = read.content {
                files.push(ReadFile {
                    file,
                    path: rel,
                    content,
                });
            }
        }
        let mut diagnostics = Vec::new();
        snapshot
            .envs
            .push(snapshot::assemble(env, env, files, false, &mut diagnostics));
    }
    (sources, compiled, snapshot)
}

fn benches(c: &mut Criterion) {
    let contract = big_contract();
    c.bench_function("parse+compile 5,000-line contract", |b| {
        b.iter(|| {
            let mut sources = SourceMap::new();
            let root = sources.add("big.parity", contract.clone());
            black_box(compile::compile(
                &mut sources,
                root,
                &mut NoIncludes,
                &Options::default(),
            ))
        });
    });

    let knative = fleet::sample_service();
    let v2 =
        std::fs::read_to_string("tests/fixtures/fetch/live/stage/backend.json").unwrap_or_default();
    let iam = std::fs::read_to_string("tests/fixtures/fetch/live/stage/backend.iam.json")
        .unwrap_or_default();
    let mut dotenv = String::new();
    for i in 0..40 {
        let _ = writeln!(dotenv, "KEY_{i}=value-{i}");
    }
    let probes =
        std::fs::read_to_string("contracts/snapshots/prod/probes.json").unwrap_or_default();
    let mut readers = c.benchmark_group("reader");
    for (name, file, text) in [
        ("knative yaml", "svc.yaml", &knative),
        ("run v2 json", "svc.json", &v2),
        ("iam policy", "svc.iam.json", &iam),
        ("dotenv", "svc.env", &dotenv),
        ("probes", "probes.json", &probes),
    ] {
        readers.bench_function(name, |b| {
            b.iter(|| black_box(snapshot::read_file(FileId(0), file, text)));
        });
    }
    readers.finish();

    let mut checker = c.benchmark_group("checker alone");
    checker.sample_size(10);
    for n in [100, 1_000, 5_000] {
        let (_sources, compiled, snap) = loaded(n);
        checker.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                black_box(parity::check::check(
                    &compiled.contract,
                    &snap,
                    &Redactor::default(),
                ))
            });
        });
    }
    checker.finish();

    let mut whole = c.benchmark_group("parity check (in-process)");
    whole.sample_size(10);
    for n in [10, 100, 1_000, 5_000] {
        let dir = fleet_dir(n);
        if n >= 1_000 {
            whole.measurement_time(Duration::from_secs(30));
        }
        whole.bench_with_input(BenchmarkId::from_parameter(n), &dir, |b, dir| {
            b.iter(|| run_check(dir));
        });
    }
    whole.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
