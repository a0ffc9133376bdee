//! Requests to Google APIs: bounded concurrency, a per-request timeout, retries with
//! exponential backoff and jitter on 429, 5xx, timeouts and dropped connections (honouring
//! `Retry-After`), and errors that name the request, its status and the API's message.
//!
//! INVARIANT: the access token is only ever put in an `Authorization` header of a request
//! to an allowed endpoint; it never reaches an error, a log line or a file.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use tokio::sync::Semaphore;

use super::error::FetchError;

/// An access token. Its `Debug` never shows it.
#[derive(Clone)]
pub struct Token(pub(crate) String);

impl Token {
    pub fn new(token: impl Into<String>) -> Token {
        Token(token.into())
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(hidden)")
    }
}

/// Request counters for the closing summary.
#[derive(Debug, Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub retries: AtomicU64,
}

/// Retry and timeout settings.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub timeout: Duration,
    /// Attempts after the first.
    pub retries: u32,
    /// The first backoff; doubled each retry, with jitter, capped at `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            timeout: Duration::from_secs(30),
            retries: 4,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// The authenticated client for the admin APIs.
pub struct Api {
    client: reqwest::Client,
    token: Token,
    pub counters: Arc<Counters>,
    policy: Policy,
    permits: Arc<Semaphore>,
}

/// Whether the token may be sent to `url`: Google's APIs over https, or loopback (tests
/// and local fakes). Anything else is refused before a request is made.
pub fn token_allowed(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            (url.scheme() == "https" && (d == "googleapis.com" || d.ends_with(".googleapis.com")))
                || d == "localhost"
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

impl Api {
    pub fn new(token: Token, policy: Policy, concurrency: usize) -> Result<Api, FetchError> {
        let client = reqwest::Client::builder()
            .timeout(policy.timeout)
            .user_agent(concat!("parity/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| FetchError::Setup(format!("cannot build the HTTP client: {e}")))?;
        Ok(Api {
            client,
            token,
            counters: Arc::new(Counters::default()),
            policy,
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
        })
    }

    /// `GET url`, as JSON. `Ok(None)` for a 404 when `missing_ok`.
    pub async fn get_json(
        &self,
        url: &str,
        missing_ok: bool,
    ) -> Result<Option<serde_json::Value>, FetchError> {
        self.call(Method::GET, url, missing_ok).await
    }

    /// `POST url` with an empty JSON body, as JSON.
    pub async fn post_json(&self, url: &str) -> Result<Option<serde_json::Value>, FetchError> {
        self.call(Method::POST, url, false).await
    }

    async fn call(
        &self,
        method: Method,
        url: &str,
        missing_ok: bool,
    ) -> Result<Option<serde_json::Value>, FetchError> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| FetchError::Setup(format!("`{url}` is not a URL: {e}")))?;
        if !token_allowed(&parsed) {
            return Err(FetchError::Setup(format!(
                "refusing to send the access token to `{}`: endpoints must be https://*.googleapis.com (or loopback, for tests)",
                parsed.host_str().unwrap_or("?")
            )));
        }
        let mut attempt = 0;
        loop {
            let permit = self.permits.clone().acquire_owned().await;
            self.counters.requests.fetch_add(1, Ordering::Relaxed);
            let mut request = self
                .client
                .request(method.clone(), parsed.clone())
                .bearer_auth(&self.token.0);
            if method == Method::POST {
                request = request
                    .header("content-type", "application/json")
                    .body("{}");
            }
            let outcome = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let retry_after = retry_after(response.headers());
                    match response.bytes().await {
                        Ok(body) => Ok((status, retry_after, body)),
                        Err(e) => Err(transport_error(&e)),
                    }
                }
                Err(e) => Err(transport_error(&e)),
            };
            drop(permit);
            let retry_in = match outcome {
                Ok((status, _, body)) if status.is_success() => {
                    return serde_json::from_slice(&body).map(Some).map_err(|e| {
                        FetchError::Request {
                            method: method.to_string(),
                            url: url.to_owned(),
                            status: Some(status.as_u16()),
                            message: format!("the response is not valid JSON ({e})"),
                        }
                    });
                }
                Ok((StatusCode::NOT_FOUND, _, _)) if missing_ok => return Ok(None),
                Ok((status, retry_after, _))
                    if is_retryable(status) && attempt < self.policy.retries =>
                {
                    retry_after
                        .unwrap_or_else(|| self.backoff(attempt))
                        .min(self.policy.max_backoff)
                }
                Ok((status, _, body)) => {
                    return Err(FetchError::Request {
                        method: method.to_string(),
                        url: url.to_owned(),
                        status: Some(status.as_u16()),
                        message: api_message(&body).unwrap_or_else(|| {
                            status
                                .canonical_reason()
                                .unwrap_or("no reason given")
                                .to_owned()
                        }),
                    });
                }
                Err(_) if attempt < self.policy.retries => self.backoff(attempt),
                Err(message) => {
                    return Err(FetchError::Request {
                        method: method.to_string(),
                        url: url.to_owned(),
                        status: None,
                        message,
                    });
                }
            };
            attempt += 1;
            self.counters.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(retry_in).await;
        }
    }

    /// Exponential backoff with full jitter.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self
            .policy
            .backoff
            .saturating_mul(2u32.saturating_pow(attempt));
        let capped = base.min(self.policy.max_backoff);
        let millis = u64::try_from(capped.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(millis / 2 + fastrand::u64(0..=millis / 2))
    }
}

fn is_retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// A transport failure in words (no URL: reqwest's message may hold one, and we name the
/// request ourselves).
fn transport_error(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "could not connect".to_owned()
    } else if e.is_body() || e.is_decode() {
        "the response body was cut off".to_owned()
    } else {
        "the request failed".to_owned()
    }
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// The `error.message` of a Google API error body.
fn api_message(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let error = value.get("error")?;
    let message = error.get("message")?.as_str()?;
    let status = error.get("status").and_then(serde_json::Value::as_str);
    Some(match status {
        Some(s) => format!("{s}: {message}"),
        None => message.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_only_to_google_apis_or_loopback() {
        let ok = |u: &str| token_allowed(&reqwest::Url::parse(u).unwrap_or_else(|_| panic!("{u}")));
        assert!(ok("https://run.googleapis.com/v2/x"));
        assert!(ok("http://127.0.0.1:8080/v2/x"));
        assert!(ok("http://[::1]:1/x"));
        assert!(
            !ok("http://run.googleapis.com/v2/x"),
            "plain http to Google is refused"
        );
        assert!(!ok("https://evil.example/googleapis.com"));
        assert!(!ok("https://googleapis.com.evil.example/x"));
        assert!(!ok("http://10.0.0.1/x"));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(
            reqwest::header::RETRY_AFTER,
            reqwest::header::HeaderValue::from_static("3"),
        );
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(
            reqwest::header::RETRY_AFTER,
            reqwest::header::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(
            retry_after(&h),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
    }

    #[test]
    fn api_errors_keep_status_and_message() {
        let body = br#"{"error":{"code":403,"message":"Permission denied on run.services.list","status":"PERMISSION_DENIED"}}"#;
        assert_eq!(
            api_message(body).as_deref(),
            Some("PERMISSION_DENIED: Permission denied on run.services.list")
        );
    }
}
