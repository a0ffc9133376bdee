//! JUnit XML through quick-junit: one test suite per environment, one test case per rule
//! instance (passed, failure with its message, or skipped when unknown or waived).

use std::collections::BTreeMap;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::findings::Checked;
use crate::check::Outcome;
use crate::source::SourceMap;

pub fn render(checked: &[Checked<'_>], sources: &SourceMap) -> String {
    let mut suites: BTreeMap<String, TestSuite> = BTreeMap::new();
    for c in checked {
        // Statements may share a derived id; the line tells their test cases apart.
        let mut ids: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for r in &c.contract.rules {
            *ids.entry(r.id.as_str()).or_default() += 1;
        }
        for f in &c.result.findings {
            let rule = &c.contract.rules[f.rule()];
            let env = f.env.as_deref().unwrap_or("-").to_owned();
            let mut name = match &f.service {
                Some(s) => format!("{} [{s}]", rule.id),
                None => rule.id.clone(),
            };
            if ids.get(rule.id.as_str()).is_some_and(|n| *n > 1) {
                name = format!("{name} (line {})", sources.start(rule.span).line);
            }
            let status = match f.outcome {
                Outcome::Pass => TestCaseStatus::success(),
                Outcome::Fail => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    status.set_message(f.message.to_string());
                    status.set_type(f.code.as_str());
                    let mut text = f.message.to_string();
                    if let Some(at) = f.at {
                        let p = sources.start(at);
                        text = format!(
                            "{}:{}:{}: {text}",
                            sources.get(at.file).name,
                            p.line,
                            p.column
                        );
                    }
                    if let Some(help) = f.help() {
                        text = format!("{text}\nhelp: {help}");
                    }
                    status.set_description(text);
                    status
                }
                Outcome::Unknown => {
                    let mut status = TestCaseStatus::skipped();
                    status.set_message(format!("unknown: {}", f.message));
                    status
                }
                Outcome::Waived => {
                    let mut status = TestCaseStatus::skipped();
                    let reason = f
                        .waiver()
                        .and_then(|i| c.contract.waivers.get(i))
                        .map_or_else(String::new, |w| w.reason.clone());
                    status.set_message(format!("waived: {reason}"));
                    status
                }
            };
            let mut case = TestCase::new(name, status);
            case.set_classname(format!("{}.{}", c.path, rule.kind().as_str()));
            suites
                .entry(env.clone())
                .or_insert_with(|| TestSuite::new(env))
                .add_test_case(case);
        }
    }
    let mut report = Report::new("parity");
    report.add_test_suites(suites.into_values());
    let mut out = report.to_string().unwrap_or_default();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Input problems (nothing was checked) as one failing test suite `inputs`.
pub fn render_diagnostics(list: &[crate::diagnostic::Diagnostic], sources: &SourceMap) -> String {
    let mut suite = TestSuite::new("inputs");
    for d in list {
        let mut status = if d.is_error() {
            TestCaseStatus::non_success(NonSuccessKind::Error)
        } else {
            TestCaseStatus::success()
        };
        status.set_message(d.message.clone());
        status.set_type(d.code.as_str());
        let name = d.primary_span().map_or_else(
            || d.code.as_str().to_owned(),
            |span| {
                let at = sources.start(span);
                format!("{}:{}:{}", sources.get(span.file).name, at.line, at.column)
            },
        );
        let mut case = TestCase::new(name, status);
        case.set_classname(d.code.as_str());
        suite.add_test_case(case);
    }
    let mut report = Report::new("parity");
    report.add_test_suite(suite);
    let mut out = report.to_string().unwrap_or_default();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
