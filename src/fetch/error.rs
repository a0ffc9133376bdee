//! Why a fetch failed. Messages name the request (method and URL, never the token), the
//! HTTP status and the API's own error message.

use std::fmt;

#[derive(Debug)]
pub enum FetchError {
    /// The fetch could not start: bad arguments, no credentials, a refused endpoint.
    Setup(String),
    /// A request failed after its retries.
    Request {
        method: String,
        url: String,
        status: Option<u16>,
        message: String,
    },
    /// The data is not what the API documents.
    Data(String),
    /// The whole fetch took longer than its deadline.
    Deadline(std::time::Duration),
    /// Writing the snapshot folder failed.
    Write(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Setup(m) | FetchError::Data(m) | FetchError::Write(m) => f.write_str(m),
            FetchError::Request {
                method,
                url,
                status: Some(status),
                message,
            } => write!(f, "{method} {url} answered {status}: {message}"),
            FetchError::Request {
                method,
                url,
                status: None,
                message,
            } => write!(f, "{method} {url} failed: {message}"),
            FetchError::Deadline(d) => write!(
                f,
                "the fetch did not finish within its deadline of {} s",
                d.as_secs()
            ),
        }
    }
}

impl std::error::Error for FetchError {}
