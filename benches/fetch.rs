//! `parity fetch` of 500 services behind a fake API server that answers every request
//! after 50 ms, at concurrency 16: wall time against the concurrency-bound minimum.
//!
//! Run with `bench/fetch.sh` (or `cargo bench --bench fetch`); docs/performance.md holds
//! the numbers measured.

#![allow(
    clippy::print_stdout,
    clippy::cast_precision_loss,
    reason = "a benchmark prints its measurement; the counts are small"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use parity::fetch::{self, Endpoints, Options, Policy, Quiet, Token};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SERVICES: usize = 500;
const PAGE: usize = 100;
const LATENCY: Duration = Duration::from_millis(50);
const CONCURRENCY: usize = 16;

async fn server() -> MockServer {
    let server = MockServer::start().await;
    let base = "/v2/projects/p/locations/r/services";
    let pages = SERVICES.div_ceil(PAGE);
    for i in 0..pages {
        let names: Vec<_> = (i * PAGE..((i + 1) * PAGE).min(SERVICES))
            .map(|n| json!({ "name": format!("projects/p/locations/r/services/s{n}") }))
            .collect();
        let mut body = json!({ "services": names });
        if i + 1 < pages {
            body["nextPageToken"] = json!(format!("t{}", i + 1));
        }
        let m = Mock::given(method("GET")).and(path(base));
        let m = if i == 0 {
            m.and(query_param_is_missing("pageToken"))
        } else {
            m.and(query_param("pageToken", format!("t{i}").as_str()))
        };
        m.respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .set_delay(LATENCY),
        )
        .mount(&server)
        .await;
    }
    // One responder for every service and every policy: the body names the service.
    Mock::given(method("GET"))
        .respond_with(move |req: &wiremock::Request| {
            let p = req.url.path().to_owned();
            let body = if p.ends_with(":getIamPolicy") {
                json!({ "etag": "x" })
            } else {
                let name = p.trim_start_matches("/v2/").to_owned();
                json!({ "name": name, "template": { "containers": [ { "image": "x", "env": [ { "name": "A", "value": "1" } ] } ] } })
            };
            ResponseTemplate::new(200).set_body_json(body).set_delay(LATENCY)
        })
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

fn bench(c: &mut Criterion) {
    fetch::install_crypto();
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("runtime: {e}"));
    let server = runtime.block_on(server());
    let out = std::env::temp_dir().join(format!("parity-bench-fetch-{}", std::process::id()));
    let options = Options {
        project: "p".to_owned(),
        regions: vec!["r".to_owned()],
        out: out.join("stage"),
        probe: false,
        resolve_secret_shapes: false,
        concurrency: CONCURRENCY,
        policy: Policy::default(),
        deadline: Duration::from_secs(300),
        endpoints: Endpoints {
            run: server.uri(),
            iam: server.uri(),
            secrets: server.uri(),
        },
        service_accounts: Vec::new(),
        probe_timeout: Duration::from_secs(5),
    };
    // Pages are sequential; every service needs a GET and a policy GET.
    let sequential = SERVICES.div_ceil(PAGE) as f64;
    let parallel = (2 * SERVICES) as f64 / CONCURRENCY as f64;
    let minimum = LATENCY.as_secs_f64() * (sequential + parallel);
    let once = Instant::now();
    let summary = runtime
        .block_on(fetch::fetch(&options, Token::new("bench"), Arc::new(Quiet)))
        .unwrap_or_else(|e| panic!("fetch: {e}"));
    let wall = once.elapsed().as_secs_f64();
    println!(
        "fetch of {} services, {} requests, {} ms latency, concurrency {CONCURRENCY}: {wall:.2} s wall, {minimum:.2} s concurrency-bound minimum ({:.2}x)",
        summary.services,
        summary.requests,
        LATENCY.as_millis(),
        wall / minimum
    );
    let mut group = c.benchmark_group("fetch");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.bench_function("500 services, 50 ms latency, concurrency 16", |b| {
        b.iter(|| {
            runtime
                .block_on(fetch::fetch(&options, Token::new("bench"), Arc::new(Quiet)))
                .unwrap_or_else(|e| panic!("fetch: {e}"))
        });
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&out);
}

criterion_group!(benches, bench);
criterion_main!(benches);
