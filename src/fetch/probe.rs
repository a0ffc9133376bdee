//! Unauthenticated probes of direct `*.run.app` URLs: no token, no redirects followed, the
//! status (or why there is none) recorded with the URL and time.

use std::time::Duration;

use serde_json::Value;
use tokio::task::JoinSet;

/// One probe per `(service, url)`; never fails: a probe that cannot connect records why.
pub async fn probe_all(
    targets: &[(String, String)],
    timeout: Duration,
    concurrency: usize,
) -> Vec<Value> {
    let client = match reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("parity/", env!("CARGO_PKG_VERSION"), " (probe)"))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            return targets
                .iter()
                .map(|(s, u)| {
                    record(
                        s,
                        u,
                        None,
                        Some(format!("cannot build the HTTP client: {e}")),
                    )
                })
                .collect();
        }
    };
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for (index, (service, url)) in targets.iter().cloned().enumerate() {
        let client = client.clone();
        let permits = permits.clone();
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let answer = client.get(&url).send().await;
            let value = match answer {
                Ok(response) => record(&service, &url, Some(response.status().as_u16()), None),
                Err(e) => {
                    let why = if e.is_timeout() {
                        "timed out"
                    } else if e.is_connect() {
                        "could not connect"
                    } else {
                        "the request failed"
                    };
                    record(&service, &url, None, Some(why.to_owned()))
                }
            };
            (index, value)
        });
    }
    let mut out: Vec<(usize, Value)> = Vec::new();
    while let Some(Ok(done)) = tasks.join_next().await {
        out.push(done);
    }
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, v)| v).collect()
}

fn record(service: &str, url: &str, status: Option<u16>, error: Option<String>) -> Value {
    let time = jiff::Timestamp::now().to_string();
    let mut v = serde_json::json!({ "service": service, "url": url, "time": time });
    match (status, error) {
        (Some(s), _) => v["status"] = Value::from(s),
        (None, Some(e)) => v["error"] = Value::String(e),
        (None, None) => v["error"] = Value::String("no answer".to_owned()),
    }
    v
}
