//! What every check renderer starts from: each contract with its findings, and the
//! conversions every format shares (a finding as a diagnostic, counts, places).

use crate::check::{CheckResult, Finding, Outcome};
use crate::compile::Contract;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::json::{JsonFinding, JsonPlace};
use crate::source::SourceMap;

/// One checked contract.
pub struct Checked<'a> {
    /// The contract file as the user named it.
    pub path: String,
    pub contract: &'a Contract,
    pub result: CheckResult,
}

/// Counts of rule instances.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: usize,
    /// Failed instances of error-severity rules.
    pub failed: usize,
    pub unknown: usize,
    pub waived: usize,
    /// Failed instances of `warn` rules.
    pub warnings: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Self {
        let mut c = Counts::default();
        for f in findings {
            c.add(f);
        }
        c
    }

    /// The counts of a check, passes that were only counted included.
    pub fn of_result(result: &crate::check::CheckResult) -> Self {
        let mut c = Counts::of(&result.findings);
        c.passed += result.counted_passes();
        c
    }

    pub fn add(&mut self, f: &Finding) {
        match (f.outcome, f.severity) {
            (Outcome::Pass, _) => self.passed += 1,
            (Outcome::Fail, Severity::Error) => self.failed += 1,
            (Outcome::Fail, Severity::Warning) => self.warnings += 1,
            (Outcome::Unknown, _) => self.unknown += 1,
            (Outcome::Waived, _) => self.waived += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.passed + self.failed + self.unknown + self.waived + self.warnings
    }

    #[must_use]
    pub fn plus(self, o: Counts) -> Counts {
        Counts {
            passed: self.passed + o.passed,
            failed: self.failed + o.failed,
            unknown: self.unknown + o.unknown,
            waived: self.waived + o.waived,
            warnings: self.warnings + o.warnings,
        }
    }
}

/// "for `backend` in `stage`"
pub fn place(f: &Finding) -> String {
    match (&f.env, &f.service) {
        (Some(e), Some(s)) => format!("for `{s}` in `{e}`"),
        (Some(e), None) => format!("in `{e}`"),
        _ => String::new(),
    }
}

/// A failed or unknown instance as a diagnostic: the snapshot line first, the contract's
/// rule as a second label.
pub fn diagnostic(f: &Finding, contract: &Contract) -> Diagnostic {
    let rule = &contract.rules[f.rule()];
    let prefix = match (&f.env, &f.service) {
        (Some(e), Some(s)) => format!("{e}/{s}: "),
        (Some(e), None) => format!("{e}: "),
        _ => String::new(),
    };
    let (severity, message) = match f.outcome {
        Outcome::Unknown => (Severity::Warning, format!("{prefix}unknown: {}", f.message)),
        _ => (f.severity, format!("{prefix}{}", f.message)),
    };
    let mut d = Diagnostic {
        code: f.code,
        severity,
        message,
        help: f.help().map(str::to_owned),
        labels: Vec::new(),
    };
    let rule_label = format!("rule `{}`: {}", rule.id, rule.meaning(contract));
    match f.at {
        Some(at) => {
            let label = if f.outcome == Outcome::Unknown {
                "cannot be decided"
            } else {
                "here"
            };
            d = d
                .with_primary(at, label)
                .with_secondary(rule.span, rule_label);
        }
        None => d = d.with_primary(rule.span, rule_label),
    }
    for (span, text) in f.related() {
        d = d.with_secondary(*span, text.clone());
    }
    d
}

/// `waived: `rule` for `svc` in `env` until DATE: reason`
pub fn waived_line(f: &Finding, contract: &Contract) -> String {
    let rule = &contract.rules[f.rule()];
    let waiver = f.waiver().and_then(|i| contract.waivers.get(i));
    let until = waiver
        .and_then(|w| w.until.as_ref())
        .map(|d| format!(" until {}", d.node))
        .unwrap_or_default();
    let reason = waiver.map_or("", |w| w.reason.as_str());
    format!("waived: `{}` {}{until}: {reason}", rule.id, place(f))
}

pub fn json_finding(f: &Finding, contract: &Contract, sources: &SourceMap) -> JsonFinding {
    let rule = &contract.rules[f.rule()];
    JsonFinding {
        rule: rule.id.clone(),
        kind: rule.kind().as_str(),
        outcome: f.outcome.as_str(),
        severity: f.severity.as_str(),
        env: f.env.as_deref().map(str::to_owned),
        service: f.service.as_deref().map(str::to_owned),
        key: f.key.as_deref().map(str::to_owned),
        message: f.message.to_string(),
        contract: JsonPlace::new(rule.span, sources),
        snapshot: f.at.map(|s| JsonPlace::new(s, sources)),
    }
}
