//! A deterministic fleet for benchmarks: N services in dev, stage and prod as gcloud-style
//! YAML exports (about 40 env vars each, secret references, URLs) plus IAM policies, probes,
//! a service-account policy, a few planted violations, and a contract that exercises every
//! rule family.
//!
//! `cargo run --release --example gen_fleet -- N OUT_DIR` writes `OUT_DIR/fleet.parity` and
//! `OUT_DIR/snapshots/{dev,stage,prod}/`.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line helper"
)]

use std::fmt::Write as _;
use std::path::Path;

const ENVS: [(&str, &str, &str); 3] = [
    ("dev", "acme-dev", "402117731452"),
    ("stage", "acme-stage", "518273645091"),
    ("prod", "acme-prod", "739104826553"),
];

const SECRETS: [&str; 12] = [
    "DATABASE_URL",
    "STRIPE_SECRET_KEY",
    "PLAID_CLIENT_ID",
    "PLAID_SECRET",
    "TATUM_API_KEY",
    "JOB_RUNNER_SECRET",
    "LOCAL_ENCRYPTION_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "SENDGRID_API_KEY",
    "SESSION_SECRET",
    "OAUTH_CLIENT_SECRET",
    "REDIS_PASSWORD",
];

/// A small deterministic generator (splitmix64), so every run writes the same fleet.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn word(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'a' + u8::try_from(self.next() % 26).unwrap_or(0)))
            .collect()
    }
}

fn service_yaml(rng: &mut Rng, env: (&str, &str, &str), i: usize, planted: bool) -> String {
    let (name, project, number) = env;
    let svc = format!("svc-{i:05}");
    let ingress = if name == "prod" {
        "internal-and-cloud-load-balancing"
    } else {
        "all"
    };
    let mut vars: Vec<(String, String)> = vec![
        ("APP_ENV".into(), name.into()),
        ("GCP_PROJECT_ID".into(), project.into()),
        ("GCP_LOCATION".into(), "us-central1".into()),
        (
            "FRONTEND_URL".into(),
            format!("https://frontend-{number}.us-central1.run.app"),
        ),
        (
            "BACKEND_CORS_ORIGINS".into(),
            format!(
                "https://frontend-{number}.us-central1.run.app,https://admin-{number}.us-central1.run.app"
            ),
        ),
        ("LOG_LEVEL".into(), "info".into()),
        (
            "PLAID_ENV".into(),
            if name == "prod" {
                "production".into()
            } else {
                "sandbox".into()
            },
        ),
        ("STRIPE_API_BASE".into(), "https://api.stripe.com".into()),
        ("WEB_CONCURRENCY".into(), "2".into()),
        ("FEATURE_FLAGS".into(), "[\"a\",\"b\"]".into()),
    ];
    for k in 0..18 {
        vars.push((format!("SETTING_{k:02}"), rng.word(12)));
    }
    if planted && name == "stage" {
        // Violations: a prod domain in stage, and a wrong project id.
        vars[4].1 = "https://app.acme.com".into();
        vars[1].1 = "acme-prod".into();
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  annotations:\n    run.googleapis.com/ingress: {ingress}\n    run.googleapis.com/ingress-status: {ingress}\n    run.googleapis.com/urls: '[\"https://{svc}-{number}.us-central1.run.app\"]'\n  labels:\n    cloud.googleapis.com/location: us-central1\n  name: {svc}\n  namespace: '{number}'\nspec:\n  template:\n    metadata:\n      annotations:\n        autoscaling.knative.dev/maxScale: '10'\n        run.googleapis.com/client-name: gcloud\n        run.googleapis.com/cloudsql-instances: {project}:us-central1:db-{i}\n    spec:\n      containerConcurrency: 80\n      containers:\n      - env:\n"
    );
    for (k, v) in &vars {
        let _ = write!(out, "        - name: {k}\n          value: '{v}'\n");
    }
    for (n, k) in SECRETS.iter().enumerate() {
        if planted && name == "stage" && n == 0 {
            // Violation: a secret given as a plain value.
            let _ = write!(
                out,
                "        - name: {k}\n          value: 'postgres://app:pw{i}@db/app'\n"
            );
            continue;
        }
        let id = k.to_lowercase().replace('_', "-");
        let _ = write!(
            out,
            "        - name: {k}\n          valueFrom:\n            secretKeyRef:\n              key: latest\n              name: {id}\n"
        );
    }
    let _ = write!(
        out,
        "        image: us-central1-docker.pkg.dev/{project}/acme/{svc}:1.{i}.0\n        ports:\n        - containerPort: 8080\n          name: http1\n      serviceAccountName: {svc}@{project}.iam.gserviceaccount.com\n      timeoutSeconds: 300\n  traffic:\n  - latestRevision: true\n    percent: 100\n"
    );
    out
}

fn policy_json(env: &str, planted: bool) -> String {
    let public = if planted && env == "dev" {
        "\"allUsers\", "
    } else {
        ""
    };
    format!(
        "{{\n  \"bindings\": [\n    {{\n      \"members\": [{public}\"user:ops@acme.com\", \"group:oncall@acme.com\"],\n      \"role\": \"roles/run.invoker\"\n    }}\n  ],\n  \"etag\": \"BwX-zYMWsKU=\",\n  \"version\": 1\n}}\n"
    )
}

const CONTRACT: &str = r#"## A fleet contract that exercises every rule family.
contract "Fleet" { updated 2026-12-01; }

env dev { project "acme-dev"; number 402117731452; region "us-central1"; }
env stage { project "acme-stage"; number 518273645091; region "us-central1"; }
env prod { project "acme-prod"; number 739104826553; region "us-central1"; domain "app.acme.com"; }

parity stage, prod on keys except PLAID_ENV;
deny reference to prod in stage;

require key APP_ENV plain;
require key DATABASE_URL secret;
require key STRIPE_SECRET_KEY secret;
require key JOB_RUNNER_SECRET secret;
forbid key DEBUG;
expect GCP_PROJECT_ID = project;
expect APP_ENV one of "dev", "stage", "prod";
expect FRONTEND_URL matches "https://*.run.app" in dev, stage;
expect BACKEND_CORS_ORIGINS each matches "https://*.run.app" in dev, stage;
expect PLAID_ENV matches /^(sandbox|production)$/;
expect WEB_CONCURRENCY is int;
expect secrets from project "acme-stage" in stage;
require annotation "run.googleapis.com/invoker-iam-disabled" = "false" or absent;
require template annotation "autoscaling.knative.dev/maxScale";
forbid annotation "run.googleapis.com/binary-authorization-breakglass";

in dev, stage {
  deny invoker allUsers;
  allow human invokers "user:ops@acme.com", "group:oncall@acme.com";
}

in prod {
  require ingress "internal-and-cloud-load-balancing";
  expect direct url status 401, 403, 404;
}
"#;

#[allow(dead_code, reason = "the benchmarks include this file as a module")]
fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_fleet N OUT_DIR");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("N must be a number");
        std::process::exit(2);
    };
    let (files, bytes) = generate(n, Path::new(&out));
    println!("{files} files, {bytes} bytes, {n} services per environment, in {out}");
}

/// One Knative export of the fleet (for reader benchmarks).
#[allow(dead_code, reason = "used by the benchmarks")]
pub fn sample_service() -> String {
    service_yaml(&mut Rng(7), ENVS[1], 1, false)
}

/// Writes the fleet; returns the number of files and bytes written.
pub fn generate(n: usize, out: &Path) -> (usize, usize) {
    let mut rng = Rng(42);
    let mut bytes = 0usize;
    let mut files = 0usize;
    let mut write = |path: &Path, text: &str| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        bytes += text.len();
        files += 1;
    };
    write(&out.join("fleet.parity"), CONTRACT);
    for env in ENVS {
        let dir = out.join("snapshots").join(env.0);
        let mut probes = Vec::new();
        for i in 0..n {
            let planted = i % 97 == 3;
            write(
                &dir.join(format!("svc-{i:05}.yaml")),
                &service_yaml(&mut rng, env, i, planted),
            );
            write(
                &dir.join(format!("svc-{i:05}.iam.json")),
                &policy_json(env.0, planted),
            );
            probes.push(format!(
                "    {{ \"service\": \"svc-{i:05}\", \"url\": \"https://svc-{i:05}-{}.us-central1.run.app\", \"status\": {}, \"time\": \"2026-12-01T00:00:00Z\" }}",
                env.2,
                if planted { 200 } else { 404 }
            ));
        }
        if env.0 == "prod" {
            write(
                &dir.join("probes.json"),
                &format!(
                    "{{\n  \"version\": 1,\n  \"probes\": [\n{}\n  ]\n}}\n",
                    probes.join(",\n")
                ),
            );
        }
    }
    (files, bytes)
}
