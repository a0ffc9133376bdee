//! Live snapshots: the Cloud Run Admin API v2, the IAM API and (on request) Secret Manager,
//! written as the same files a user would export by hand, atomically.
//!
//! This is an edge module: the network, the clock and the file system are used here, and
//! only here do reqwest and tokio appear.

mod error;
mod http;
mod output;
mod probe;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::Value;
use tokio::task::JoinSet;

pub use error::FetchError;
pub use http::{Policy, Token};

use http::Api;
use output::Staging;

use crate::check::shapes;
use crate::syntax::ast::Shape;

/// Where the APIs are (overridable for tests and fakes).
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub run: String,
    pub iam: String,
    pub secrets: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            run: "https://run.googleapis.com".to_owned(),
            iam: "https://iam.googleapis.com".to_owned(),
            secrets: "https://secretmanager.googleapis.com".to_owned(),
        }
    }
}

/// What to fetch and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub project: String,
    pub regions: Vec<String>,
    /// The environment folder to (re)write (`SNAPSHOTS/ENV`).
    pub out: PathBuf,
    pub probe: bool,
    pub resolve_secret_shapes: bool,
    pub concurrency: usize,
    pub policy: Policy,
    /// The whole fetch must finish within this.
    pub deadline: Duration,
    pub endpoints: Endpoints,
    /// Service accounts whose IAM policies to fetch besides those found in the services.
    pub service_accounts: Vec<String>,
    /// Timeout of one probe.
    pub probe_timeout: Duration,
}

/// What a fetch did, for the closing summary.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub services: usize,
    pub regions: usize,
    pub service_accounts: usize,
    pub probes: usize,
    pub secret_shapes: usize,
    pub requests: u64,
    pub retries: u64,
    pub elapsed: Duration,
    /// Services listed but gone before they could be read.
    pub vanished: Vec<String>,
}

/// Reports progress (a bar on a terminal, nothing elsewhere).
pub trait Progress: Send + Sync {
    fn set_total(&self, total: u64);
    fn advance(&self, message: &str);
}

/// A progress sink that shows nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn set_total(&self, _: u64) {}
    fn advance(&self, _: &str) {}
}

/// Installs the TLS crypto provider (ring) once per process; reqwest and `gcp_auth` share it.
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The scope every request asks for.
const SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";

/// An access token from `explicit` (`PARITY_ACCESS_TOKEN`), or else from Application
/// Default Credentials through `gcp_auth` (a key file, gcloud's user credentials, the
/// metadata server, or the gcloud CLI).
pub async fn access_token(explicit: Option<String>) -> Result<Token, FetchError> {
    if let Some(t) = explicit.filter(|t| !t.trim().is_empty()) {
        return Ok(Token(t.trim().to_owned()));
    }
    let provider = gcp_auth::provider().await.map_err(|e| {
        FetchError::Setup(format!(
            "no Google credentials ({e}); run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS to a key file, or set PARITY_ACCESS_TOKEN"
        ))
    })?;
    let token = provider
        .token(&[SCOPE])
        .await
        .map_err(|e| FetchError::Setup(format!("cannot get an access token: {e}")))?;
    Ok(Token(token.as_str().to_owned()))
}

/// Fetches one environment into `options.out`.
pub async fn fetch(
    options: &Options,
    token: Token,
    progress: Arc<dyn Progress>,
) -> Result<Summary, FetchError> {
    let started = Instant::now();
    match tokio::time::timeout(options.deadline, run(options, token, progress)).await {
        Ok(result) => result.map(|mut s| {
            s.elapsed = started.elapsed();
            s
        }),
        Err(_) => Err(FetchError::Deadline(options.deadline)),
    }
}

fn trim(base: &str) -> &str {
    base.trim_end_matches('/')
}

async fn run(
    options: &Options,
    token: Token,
    progress: Arc<dyn Progress>,
) -> Result<Summary, FetchError> {
    if options.regions.is_empty() {
        return Err(FetchError::Setup(
            "no region to list: give `--region`, or declare `region` in the contract's env"
                .to_owned(),
        ));
    }
    let api = Arc::new(Api::new(token, options.policy, options.concurrency)?);
    let staging = Staging::new(&options.out)?;
    let run_base = trim(&options.endpoints.run).to_owned();

    // 1. List every region, page by page.
    let mut names: Vec<String> = Vec::new();
    for region in &options.regions {
        let mut page_token: Option<String> = None;
        loop {
            let mut url = format!(
                "{run_base}/v2/projects/{}/locations/{region}/services?pageSize=100",
                options.project
            );
            if let Some(t) = &page_token {
                url.push_str("&pageToken=");
                url.push_str(&encode(t));
            }
            let page = api.get_json(&url, false).await?.unwrap_or(Value::Null);
            for s in page
                .get("services")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = s.get("name").and_then(Value::as_str).ok_or_else(|| {
                    FetchError::Data(format!("a service in the list of `{region}` has no name"))
                })?;
                names.push(name.to_owned());
            }
            page_token = page
                .get("nextPageToken")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_owned);
            if page_token.is_none() {
                break;
            }
        }
    }
    progress.set_total(names.len() as u64 * 2);

    // 2. Each service and its IAM policy, concurrently (the API client bounds it).
    let mut tasks = JoinSet::new();
    for full in names.clone() {
        let api = api.clone();
        let run_base = run_base.clone();
        let progress = progress.clone();
        tasks.spawn(async move {
            let service = api.get_json(&format!("{run_base}/v2/{full}"), true).await?;
            progress.advance(&full);
            let Some(service) = service else {
                return Ok::<_, FetchError>((full, None, None));
            };
            let policy = api
                .get_json(&format!("{run_base}/v2/{full}:getIamPolicy"), true)
                .await?;
            progress.advance(&full);
            Ok((full, Some(service), policy))
        });
    }
    let mut fetched: Vec<(String, Value, Option<Value>)> = Vec::new();
    let mut summary = Summary {
        regions: options.regions.len(),
        ..Summary::default()
    };
    while let Some(joined) = tasks.join_next().await {
        let (full, service, policy) =
            joined.map_err(|e| FetchError::Setup(format!("a fetch task failed: {e}")))??;
        match service {
            Some(service) => fetched.push((full, service, policy)),
            None => summary.vanished.push(full),
        }
    }
    fetched.sort_by(|a, b| a.0.cmp(&b.0));
    summary.vanished.sort();

    // 3. Write them, one file per service name.
    let mut seen: Vec<(String, String)> = Vec::new();
    for (full, service, policy) in &fetched {
        let short = full.rsplit('/').next().unwrap_or(full).to_owned();
        if let Some((_, other)) = seen.iter().find(|(s, _)| *s == short) {
            return Err(FetchError::Data(format!(
                "`{short}` exists as `{other}` and as `{full}`; fetch one region per environment folder"
            )));
        }
        seen.push((short.clone(), full.clone()));
        staging.write(&format!("{short}.json"), &pretty(service))?;
        let policy = policy.clone().unwrap_or_else(|| serde_json::json!({}));
        staging.write(&format!("{short}.iam.json"), &pretty(&policy))?;
    }
    summary.services = fetched.len();

    // 4. Secret shapes (payloads are read in memory, classified, and dropped).
    let mut shape_emails = Vec::new();
    if options.resolve_secret_shapes {
        let records = secret_shapes(&api, options, &fetched).await?;
        for r in &records {
            if let Some(email) = r.get("email").and_then(Value::as_str) {
                shape_emails.push(email.to_owned());
            }
        }
        summary.secret_shapes = records.len();
        staging.write(
            "secret-shapes.json",
            &pretty(&serde_json::json!({ "version": 1, "secrets": records })),
        )?;
    }

    // 5. The IAM policies of the service accounts the services name.
    let mut emails: BTreeSet<String> = options.service_accounts.iter().cloned().collect();
    emails.extend(shape_emails);
    for (_, service, _) in &fetched {
        for value in literal_env_values(service) {
            if shapes::is_service_account_email(&value) {
                emails.insert(value);
            }
        }
    }
    let iam_base = trim(&options.endpoints.iam).to_owned();
    for email in &emails {
        let url = format!(
            "{iam_base}/v1/projects/-/serviceAccounts/{}:getIamPolicy",
            encode(email)
        );
        if let Some(policy) = api.post_json(&url).await? {
            staging.write(
                &format!("service-accounts/{email}.iam.json"),
                &pretty(&policy),
            )?;
            summary.service_accounts += 1;
        }
    }

    // 6. Unauthenticated probes of the direct URLs.
    if options.probe {
        let targets: Vec<(String, String)> = fetched
            .iter()
            .filter_map(|(full, service, _)| {
                let short = full.rsplit('/').next()?.to_owned();
                let uri = service.get("uri").and_then(Value::as_str)?.to_owned();
                Some((short, uri))
            })
            .collect();
        let records = probe::probe_all(&targets, options.probe_timeout, options.concurrency).await;
        summary.probes = records.len();
        staging.write(
            "probes.json",
            &pretty(&serde_json::json!({ "version": 1, "probes": records })),
        )?;
    }

    summary.requests = api.counters.requests.load(Ordering::Relaxed);
    summary.retries = api.counters.retries.load(Ordering::Relaxed);
    staging.commit()?;
    Ok(summary)
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// Percent-encodes a path segment or query value.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'@') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The literal env values of a v2 service.
fn literal_env_values(service: &Value) -> Vec<String> {
    containers(service)
        .flat_map(|c| c.get("env").and_then(Value::as_array).into_iter().flatten())
        .filter_map(|e| e.get("value").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

fn containers(service: &Value) -> impl Iterator<Item = &Value> {
    service
        .get("template")
        .and_then(|t| t.get("containers"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// Every secret a service's env references, as `(project, secret, version)`.
fn secret_refs(service: &Value, project: &str) -> Vec<(String, String, String)> {
    containers(service)
        .flat_map(|c| c.get("env").and_then(Value::as_array).into_iter().flatten())
        .filter_map(|e| {
            let r = e.get("valueSource")?.get("secretKeyRef")?;
            let secret = r.get("secret")?.as_str()?;
            let version = r.get("version").and_then(Value::as_str).unwrap_or("latest");
            let (p, s) = match secret
                .strip_prefix("projects/")
                .and_then(|rest| rest.split_once("/secrets/"))
            {
                Some((p, s)) => (p.to_owned(), s.to_owned()),
                None => (project.to_owned(), secret.to_owned()),
            };
            Some((p, s, version.to_owned()))
        })
        .collect()
}

async fn secret_shapes(
    api: &Arc<Api>,
    options: &Options,
    fetched: &[(String, Value, Option<Value>)],
) -> Result<Vec<Value>, FetchError> {
    let base = trim(&options.endpoints.secrets).to_owned();
    let mut refs: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (_, service, _) in fetched {
        refs.extend(secret_refs(service, &options.project));
    }
    let mut records = Vec::new();
    for (project, secret, version) in refs {
        let url =
            format!("{base}/v1/projects/{project}/secrets/{secret}/versions/{version}:access");
        let Some(answer) = api.get_json(&url, true).await? else {
            continue;
        };
        let data = answer
            .get("payload")
            .and_then(|p| p.get("data"))
            .and_then(Value::as_str)
            .unwrap_or("");
        // INVARIANT: the payload lives only in this scope; only its shape leaves it.
        let payload = base64::engine::general_purpose::STANDARD
            .decode(data)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let shape = payload.as_deref().and_then(shapes::first_shape);
        let email = match (shape, payload.as_deref()) {
            (Some(Shape::ServiceAccountEmail), Some(p)) => Some(p.trim().to_owned()),
            _ => None,
        };
        drop(payload);
        let mut record = serde_json::json!({
            "secret": format!("projects/{project}/secrets/{secret}"),
            "version": version,
        });
        if let Some(s) = shape {
            record["shape"] = Value::String(s.as_str().to_owned());
        }
        if let Some(e) = email {
            record["email"] = Value::String(e);
        }
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_references_resolve_to_their_project() {
        let service = serde_json::json!({"template": {"containers": [{"env": [
            {"name": "A", "valueSource": {"secretKeyRef": {"secret": "db", "version": "3"}}},
            {"name": "B", "valueSource": {"secretKeyRef": {"secret": "projects/other/secrets/k"}}},
            {"name": "C", "value": "plain"}
        ]}]}});
        assert_eq!(
            secret_refs(&service, "mine"),
            [
                ("mine".to_owned(), "db".to_owned(), "3".to_owned()),
                ("other".to_owned(), "k".to_owned(), "latest".to_owned())
            ]
        );
    }

    #[test]
    fn encoding_keeps_emails_readable() {
        assert_eq!(
            encode("sa@p.iam.gserviceaccount.com"),
            "sa@p.iam.gserviceaccount.com"
        );
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
    }
}
