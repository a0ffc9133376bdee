//! JSON renderings with 1-based lines and columns (columns count characters).

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// One diagnostic as `parity validate --format json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
}

impl JsonDiagnostic {
    pub fn new(d: &Diagnostic, sources: &SourceMap) -> Self {
        let span = d.primary_span();
        let start = span.map(|s| sources.start(s));
        let end = span.map(|s| sources.end(s));
        JsonDiagnostic {
            code: d.code.as_str(),
            severity: d.severity.as_str(),
            message: d.message.clone(),
            help: d.help.clone(),
            file: span.map(|s| sources.get(s.file).name.clone()),
            line: start.map(|p| p.line),
            column: start.map(|p| p.column),
            end_line: end.map(|p| p.line),
            end_column: end.map(|p| p.column),
        }
    }
}

/// `{"version":1,"diagnostics":[…]}`
#[derive(Debug, Serialize)]
pub struct DiagnosticsReport {
    pub version: u32,
    pub diagnostics: Vec<JsonDiagnostic>,
}

pub fn diagnostics(list: &[Diagnostic], sources: &SourceMap) -> String {
    let report = DiagnosticsReport {
        version: 1,
        diagnostics: list
            .iter()
            .map(|d| JsonDiagnostic::new(d, sources))
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_owned());
    out.push('\n');
    out
}

/// A place in a file, 1-based.
#[derive(Debug, Serialize)]
pub struct JsonPlace {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl JsonPlace {
    pub fn new(span: crate::source::Span, sources: &SourceMap) -> Self {
        let at = sources.start(span);
        JsonPlace {
            file: sources.get(span.file).name.clone(),
            line: at.line,
            column: at.column,
        }
    }
}

/// One rule instance in `parity check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonFinding {
    pub rule: String,
    pub kind: &'static str,
    pub outcome: &'static str,
    pub severity: &'static str,
    pub env: Option<String>,
    pub service: Option<String>,
    pub key: Option<String>,
    pub message: String,
    pub contract: JsonPlace,
    pub snapshot: Option<JsonPlace>,
}

/// Counts of `parity check --format json`.
#[derive(Debug, Default, Serialize)]
pub struct JsonSummary {
    pub rules: usize,
    pub passed: usize,
    pub failed: usize,
    pub unknown: usize,
    pub waived: usize,
    pub warnings: usize,
}

/// The versioned check report (docs/report.md).
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub version: u32,
    pub summary: JsonSummary,
    pub findings: Vec<JsonFinding>,
}

impl CheckReport {
    pub fn render(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned());
        out.push('\n');
        out
    }
}
