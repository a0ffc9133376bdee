//! `parity fetch` and `check --live` against a fake Cloud Run / IAM / Secret Manager server
//! on loopback (wiremock; a raw TCP listener for the truncated body).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::support::{Run, repo_root, run_with_env};

const TOKEN: &str = "tok-CANARY-7d1f0a";
const PROJECT: &str = "acme-stage";
const REGION: &str = "us-central1";
const DB_PAYLOAD: &str = "postgres://app:CANARYdbpass@db.internal/app";
const SENDER: &str = "gmail-sender@acme-stage.iam.gserviceaccount.com";

fn fixture() -> PathBuf {
    repo_root().join("tests/fixtures/fetch/live")
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn services_base() -> String {
    format!("/v2/projects/{PROJECT}/locations/{REGION}/services")
}

/// A fake that serves the hand export of `tests/fixtures/fetch/live/stage`.
async fn fake() -> MockServer {
    let server = MockServer::start().await;
    let stage = fixture().join("stage");
    let names = ["approvals", "backend"];
    let list: Vec<Value> = names
        .iter()
        .map(|n| json!({ "name": format!("projects/{PROJECT}/locations/{REGION}/services/{n}") }))
        .collect();
    Mock::given(method("GET"))
        .and(path(services_base()))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "services": list })))
        .mount(&server)
        .await;
    for n in names {
        let mut service = read_json(&stage.join(format!("{n}.json")));
        service["uri"] = Value::String(format!("{}/direct/{n}", server.uri()));
        Mock::given(method("GET"))
            .and(path(format!("{}/{n}", services_base())))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(service))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("{}/{n}:getIamPolicy", services_base())))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(read_json(&stage.join(format!("{n}.iam.json")))),
            )
            .mount(&server)
            .await;
    }
    for email in [SENDER, "ops-bot@acme-stage.iam.gserviceaccount.com"] {
        let policy = read_json(&stage.join(format!("service-accounts/{email}.iam.json")));
        Mock::given(method("POST"))
            .and(path(format!(
                "/v1/projects/-/serviceAccounts/{email}:getIamPolicy"
            )))
            .respond_with(ResponseTemplate::new(200).set_body_json(policy))
            .mount(&server)
            .await;
    }
    for (secret, version, payload) in [
        ("database-url", "latest", DB_PAYLOAD),
        ("gmail-sender", "3", SENDER),
    ] {
        let data = base64::engine::general_purpose::STANDARD.encode(payload);
        Mock::given(method("GET"))
            .and(path(format!(
                "/v1/projects/{PROJECT}/secrets/{secret}/versions/{version}:access"
            )))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({ "payload": { "data": data } })),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/direct/approvals"))
        .respond_with(ResponseTemplate::new(200).set_body_string("hello"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/direct/backend"))
        .respond_with(ResponseTemplate::new(404).set_body_string("Page not found"))
        .mount(&server)
        .await;
    server
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parity-fetch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `parity` against the fake, off the async runtime.
async fn parity(server_uri: &str, args: Vec<String>) -> Run {
    let uri = server_uri.to_owned();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_with_env(
            &repo_root(),
            &args,
            None,
            &[
                ("PARITY_ACCESS_TOKEN", TOKEN),
                ("PARITY_RUN_ENDPOINT", &uri),
                ("PARITY_IAM_ENDPOINT", &uri),
                ("PARITY_SECRETS_ENDPOINT", &uri),
            ],
        )
    })
    .await
    .unwrap()
}

fn fetch_args(out: &Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "fetch",
        "--env",
        "stage",
        "--project",
        PROJECT,
        "--region",
        REGION,
        "--out",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    args.push(out.display().to_string());
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

fn no_secret_in(run: &Run) {
    for canary in [TOKEN, "CANARYdbpass"] {
        assert!(
            !run.stdout.contains(canary) && !run.stderr.contains(canary),
            "`{canary}` was printed"
        );
    }
}

/// The findings of a check, without positions (files differ between the two snapshots).
fn findings(run: &Run) -> Vec<(String, String, String, String)> {
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("not JSON: {}{}", run.stdout, run.stderr));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_owned(),
                f["outcome"].as_str().unwrap_or("").to_owned(),
                f["service"].as_str().unwrap_or("").to_owned(),
                f["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_writes_the_files_of_a_hand_export_and_checks_the_same() {
    let server = fake().await;
    let out = temp("export");
    let contract = fixture().join("contract.parity");
    let run = parity(
        &server.uri(),
        fetch_args(
            &out,
            &[
                "--probe",
                "--resolve-secret-shapes",
                "--contract",
                contract.to_str().unwrap(),
            ],
        ),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    no_secret_in(&run);
    assert!(
        run.stderr.contains(
            "2 services in 1 regions, 2 service-account policies, 2 probes, 2 secret shapes"
        ),
        "{}",
        run.stderr
    );
    let stage = out.join("stage");
    for file in [
        "backend.json",
        "backend.iam.json",
        "approvals.json",
        "approvals.iam.json",
        "probes.json",
        "secret-shapes.json",
        "service-accounts/gmail-sender@acme-stage.iam.gserviceaccount.com.iam.json",
        "service-accounts/ops-bot@acme-stage.iam.gserviceaccount.com.iam.json",
    ] {
        assert!(stage.join(file).is_file(), "{file} was not written");
    }
    let backend = std::fs::read_to_string(stage.join("backend.json")).unwrap();
    assert!(
        backend.lines().count() > 10,
        "pretty-printed, one field per line"
    );
    // Only shapes are written, never a payload.
    let shapes = std::fs::read_to_string(stage.join("secret-shapes.json")).unwrap();
    assert!(
        !shapes.contains("CANARY")
            && shapes.contains("\"shape\": \"url\"")
            && shapes.contains(SENDER)
    );
    for entry in walk(&stage) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(
            !text.contains("CANARYdbpass") && !text.contains(TOKEN),
            "{} holds a secret",
            entry.display()
        );
    }
    // Probes carry no credentials and follow no redirect.
    let received = server.received_requests().await.unwrap();
    for r in received
        .iter()
        .filter(|r: &&Request| r.url.path().starts_with("/direct/"))
    {
        assert!(
            !r.headers.contains_key("authorization"),
            "a probe sent credentials"
        );
    }
    let live = check_json(&contract, &out).await;
    let offline = check_json(&contract, &fixture()).await;
    assert!(
        findings(&offline).len() >= 10,
        "the comparison covers every rule instance"
    );
    assert_eq!(
        findings(&live),
        findings(&offline),
        "fetch then check equals the hand export"
    );
    let _ = std::fs::remove_dir_all(&out);
}

async fn check_json(contract: &Path, snapshots: &Path) -> Run {
    let args = [
        "check".to_owned(),
        contract.display().to_string(),
        "--snapshots".to_owned(),
        snapshots.display().to_string(),
        "--format".to_owned(),
        "json".to_owned(),
        "--all".to_owned(),
    ];
    tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        super::support::run_in(&repo_root(), &a, None)
    })
    .await
    .unwrap()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn check_live_fetches_then_checks_like_the_hand_export() {
    let server = fake().await;
    let contract = fixture().join("contract.parity");
    let args = vec![
        "check".to_owned(),
        contract.display().to_string(),
        "--live".to_owned(),
        "--resolve-secret-shapes".to_owned(),
        "--format".to_owned(),
        "json".to_owned(),
        "--all".to_owned(),
    ];
    let live = parity(&server.uri(), args).await;
    assert_eq!(live.code, 1, "{}", live.stderr);
    no_secret_in(&live);
    let offline = check_json(&contract, &fixture()).await;
    assert_eq!(findings(&live), findings(&offline));
}

#[tokio::test(flavor = "multi_thread")]
async fn listing_follows_every_page_of_many_services() {
    let server = MockServer::start().await;
    let total = 250;
    let pages: Vec<Vec<usize>> = (0..total)
        .collect::<Vec<_>>()
        .chunks(100)
        .map(<[usize]>::to_vec)
        .collect();
    for (i, page) in pages.iter().enumerate() {
        let services: Vec<Value> = page
            .iter()
            .map(|n| json!({ "name": format!("projects/{PROJECT}/locations/{REGION}/services/svc-{n:03}") }))
            .collect();
        let mut body = json!({ "services": services });
        if i + 1 < pages.len() {
            body["nextPageToken"] = Value::String(format!("page-{}", i + 1));
        }
        let mock = Mock::given(method("GET")).and(path(services_base()));
        let mock = if i == 0 {
            mock.and(query_param_is_missing("pageToken"))
        } else {
            mock.and(query_param("pageToken", format!("page-{i}").as_str()))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    for n in 0..total {
        let name = format!("svc-{n:03}");
        Mock::given(method("GET"))
            .and(path(format!("{}/{name}", services_base())))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "name": format!("projects/{PROJECT}/locations/{REGION}/services/{name}"),
                "template": { "containers": [ { "image": "x", "env": [ { "name": "A", "value": "1" } ] } ] }
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("{}/{name}:getIamPolicy", services_base())))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "etag": "x" })))
            .mount(&server)
            .await;
    }
    let out = temp("paging");
    let run = parity(&server.uri(), fetch_args(&out, &[])).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("250 services"), "{}", run.stderr);
    assert_eq!(walk(&out.join("stage")).len(), 500);
    let _ = std::fs::remove_dir_all(&out);
}

/// A fake with one list of one service whose GET answers as the test wants.
async fn one_service(
    respond: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(services_base()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "services": [ { "name": format!("projects/{PROJECT}/locations/{REGION}/services/web") } ]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{}/web", services_base())))
        .respond_with(respond)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{}/web:getIamPolicy", services_base())))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "etag": "x" })))
        .mount(&server)
        .await;
    server
}

fn web() -> Value {
    json!({
        "name": format!("projects/{PROJECT}/locations/{REGION}/services/web"),
        "template": { "containers": [ { "image": "x" } ] }
    })
}

/// A previous snapshot that a failed fetch must leave as it was.
fn previous(out: &Path) -> PathBuf {
    let stage = out.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(stage.join("old.json"), "{}").unwrap();
    stage.join("old.json")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_response_slower_than_the_timeout_fails_and_keeps_the_previous_snapshot() {
    let server = one_service(|_| {
        ResponseTemplate::new(200)
            .set_body_json(web())
            .set_delay(Duration::from_secs(3))
    })
    .await;
    let out = temp("slow");
    let old = previous(&out);
    let run = parity(
        &server.uri(),
        fetch_args(&out, &["--timeout", "1", "--retries", "1"]),
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("services/web failed: timed out"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("previous snapshot"), "{}", run.stderr);
    assert!(old.is_file(), "the previous snapshot is untouched");
    no_secret_in(&run);
    let _ = std::fs::remove_dir_all(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn too_many_requests_waits_for_retry_after_then_succeeds() {
    let server = one_service(|_| ResponseTemplate::new(200).set_body_json(web())).await;
    Mock::given(method("GET"))
        .and(path(format!("{}/web", services_base())))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let out = temp("429");
    let started = Instant::now();
    let run = parity(&server.uri(), fetch_args(&out, &[])).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After was honoured"
    );
    assert!(run.stderr.contains(", 1 retries"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_are_retried_until_success() {
    let server = one_service(|_| ResponseTemplate::new(200).set_body_json(web())).await;
    for status in [500, 503] {
        Mock::given(method("GET"))
            .and(path(format!("{}/web", services_base())))
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
    }
    let out = temp("5xx");
    let run = parity(&server.uri(), fetch_args(&out, &[])).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(", 2 retries"), "{}", run.stderr);
    assert!(out.join("stage/web.json").is_file());
    let _ = std::fs::remove_dir_all(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_json_is_an_error_naming_the_request() {
    let server = one_service(|_| ResponseTemplate::new(200).set_body_string("{\"name\": ")).await;
    let out = temp("badjson");
    let old = previous(&out);
    let run = parity(&server.uri(), fetch_args(&out, &[])).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("services/web answered 200: the response is not valid JSON"),
        "{}",
        run.stderr
    );
    assert!(old.is_file());
    let _ = std::fs::remove_dir_all(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn forbidden_reports_the_apis_own_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(services_base()))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "error": { "code": 403, "message": "Permission 'run.services.list' denied on resource", "status": "PERMISSION_DENIED" }
        })))
        .mount(&server)
        .await;
    let out = temp("403");
    let run = parity(&server.uri(), fetch_args(&out, &[])).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "answered 403: PERMISSION_DENIED: Permission 'run.services.list' denied on resource"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "GET {}{}?pageSize=100",
            server.uri(),
            services_base()
        )),
        "{}",
        run.stderr
    );
    no_secret_in(&run);
    let _ = std::fs::remove_dir_all(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_deleted_between_list_and_get_is_skipped_with_a_note() {
    let server = one_service(|_| ResponseTemplate::new(404)).await;
    let out = temp("404");
    let run = parity(&server.uri(), fetch_args(&out, &[])).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("was deleted while fetching"),
        "{}",
        run.stderr
    );
    assert!(!out.join("stage/web.json").exists());
    let _ = std::fs::remove_dir_all(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_truncated_body_is_an_error_and_keeps_the_previous_snapshot() {
    // A raw server that promises 200 bytes and sends 20 (wiremock cannot fake this).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        for _ in 0..10 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{\"services\": [ {\"na")
                .await;
            let _ = socket.shutdown().await;
        }
    });
    let out = temp("truncated");
    let old = previous(&out);
    let run = parity(&uri, fetch_args(&out, &["--retries", "1"])).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("failed: the response body was cut off"),
        "{}",
        run.stderr
    );
    assert!(old.is_file());
    let _ = std::fs::remove_dir_all(&out);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_token_is_never_sent_to_a_host_that_is_not_google() {
    let out = temp("refused");
    let run = parity("https://apis.example.com", fetch_args(&out, &[])).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("refusing to send the access token to `apis.example.com`"),
        "{}",
        run.stderr
    );
    no_secret_in(&run);
    let _ = std::fs::remove_dir_all(&out);
}
