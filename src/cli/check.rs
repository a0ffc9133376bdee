//! `parity check`: compile the contracts, read the snapshot folders, check, report.

use std::path::{Path, PathBuf};

use super::args::{CheckArgs, CheckFormat};
use super::snapshots;
use super::validate::compile_file;
use super::{Exit, Io};
use crate::check::{self, Finding, Outcome};
use crate::compile::{Compiled, Contract};
use crate::diagnostic::redact::Redactor;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::json::{CheckReport, JsonFinding, JsonPlace, JsonSummary};
use crate::report::{human, json};
use crate::source::SourceMap;
use crate::syntax::ast::KeyKind;

/// The shipped example, checked when `parity check` gets no contract.
const DEFAULT_CONTRACTS: &str = "contracts";

pub(super) fn run(args: &CheckArgs, io: &mut Io<'_>) -> Exit {
    let style = human::Style {
        color: io.color_for(true),
        width: 100,
    };
    let mut sources = SourceMap::new();
    let mut problems: Vec<Diagnostic> = Vec::new();

    // 1. Contracts.
    let paths = match contract_paths(&args.contracts) {
        Ok(p) => p,
        Err(message) => return usage_error(io, args.format, &message),
    };
    let mut compiled: Vec<(PathBuf, Compiled)> = Vec::new();
    for path in &paths {
        match compile_file(&mut sources, path, io.today) {
            Ok(c) => {
                problems.extend(c.diagnostics.iter().cloned());
                compiled.push((path.clone(), c));
            }
            Err(reason) => problems.push(Diagnostic::error(
                crate::diagnostic::Code::UnreadableFile,
                format!("cannot read `{}`: {reason}", path.display()),
            )),
        }
    }

    // 2. Snapshots.
    let snapshots_dir = args.snapshots.clone().or_else(|| {
        if args.envs.is_empty() {
            let base = paths.first().and_then(|p| {
                if p.is_dir() {
                    Some(p.as_path())
                } else {
                    p.parent()
                }
            });
            base.map(|b| b.join("snapshots")).filter(|d| d.is_dir())
        } else {
            None
        }
    });
    if snapshots_dir.is_none() && args.envs.is_empty() {
        return usage_error(
            io,
            args.format,
            "say where the snapshots are: `--snapshots DIR` (one folder per environment) or `--env NAME=PATH`",
        );
    }
    let dirs = match snapshots::env_dirs(snapshots_dir.as_deref(), &args.envs) {
        Ok(d) => d,
        Err(message) => return usage_error(io, args.format, &message),
    };
    let loaded = snapshots::load(&mut sources, &dirs);
    let secret_keys = compiled.iter().flat_map(|(_, c)| secret_keys(&c.contract));
    let redactor = Redactor::new(secret_keys);
    snapshots::redact(&mut sources, &loaded, &redactor);
    problems.extend(loaded.diagnostics.iter().cloned());

    let has_errors = problems.iter().any(Diagnostic::is_error);
    if has_errors {
        // An input could not be read or compiled: report that and check nothing, so no
        // result is built on a partial view.
        match args.format {
            CheckFormat::Json => io.out(&json::diagnostics(&problems, &sources)),
            CheckFormat::Human => {
                for d in &problems {
                    io.err(&human::render(d, &sources, style));
                }
                let errors = problems.iter().filter(|d| d.is_error()).count();
                io.err(&format!("nothing was checked: {errors} input error(s)\n"));
            }
        }
        return Exit::Error;
    }

    // 3. Check each contract.
    let mut summary = JsonSummary::default();
    let mut json_findings = Vec::new();
    let mut lines = Vec::new();
    if args.format == CheckFormat::Human {
        // Only warnings remain here (errors stopped the run above).
        for d in &problems {
            io.err(&human::render(d, &sources, style));
        }
    }
    for (path, c) in &compiled {
        let mut result = check::check(&c.contract, &loaded.snapshot, &redactor);
        if !args.env_filter.is_empty() {
            result
                .findings
                .retain(|f| f.env.as_ref().is_none_or(|e| args.env_filter.contains(e)));
        }
        let counts = Counts::of(&result.findings);
        summary.rules += c.contract.rules.len();
        summary.passed += counts.passed;
        summary.failed += counts.failed;
        summary.unknown += counts.unknown;
        summary.waived += counts.waived;
        summary.warnings += counts.warnings;
        match args.format {
            CheckFormat::Json => {
                for f in &result.findings {
                    if f.outcome != Outcome::Pass || args.all {
                        json_findings.push(json_finding(f, &c.contract, &sources));
                    }
                }
            }
            CheckFormat::Human => {
                for d in &result.diagnostics {
                    io.err(&human::render(d, &sources, style));
                }
                for f in &result.findings {
                    match f.outcome {
                        Outcome::Fail | Outcome::Unknown => {
                            io.err(&human::render(
                                &finding_diagnostic(f, &c.contract),
                                &sources,
                                style,
                            ));
                        }
                        Outcome::Waived => io.err(&waived_line(f, &c.contract)),
                        Outcome::Pass if args.all => io.err(&format!(
                            "pass: `{}` {}\n",
                            c.contract.rules[f.rule].id,
                            place(f)
                        )),
                        Outcome::Pass => {}
                    }
                }
                lines.push(counts.line(path, &c.contract));
            }
        }
    }
    let exit = exit_for(&summary, args);
    match args.format {
        CheckFormat::Json => io.out(
            &CheckReport {
                version: 1,
                summary,
                findings: json_findings,
            }
            .render(),
        ),
        CheckFormat::Human => {
            for line in lines {
                io.err(&line);
            }
        }
    }
    exit
}

fn exit_for(counts: &JsonSummary, args: &CheckArgs) -> Exit {
    if counts.failed > 0 || (args.deny_warnings && counts.warnings > 0) {
        Exit::Failed
    } else if counts.unknown > 0 && !args.allow_unknown {
        Exit::Unknown
    } else {
        Exit::Ok
    }
}

fn usage_error(io: &mut Io<'_>, format: CheckFormat, message: &str) -> Exit {
    match format {
        CheckFormat::Json => io.out(&json::diagnostics(
            &[Diagnostic::error(
                crate::diagnostic::Code::UnreadableFile,
                message,
            )],
            &SourceMap::new(),
        )),
        CheckFormat::Human => io.err(&format!("error: {message}\n")),
    }
    Exit::Error
}

/// The contract files to check: the arguments (a folder means its `*.parity` files), or
/// the shipped example.
fn contract_paths(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let given: Vec<PathBuf> = if args.is_empty() {
        vec![PathBuf::from(DEFAULT_CONTRACTS)]
    } else {
        args.to_vec()
    };
    let mut out = Vec::new();
    for path in given {
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "parity"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(format!("`{}` holds no `.parity` contract", path.display()));
            }
            out.extend(files);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

/// Keys the contract calls `secret`: their values are never shown.
fn secret_keys(contract: &Contract) -> Vec<String> {
    contract
        .rules
        .iter()
        .filter_map(|r| match &r.check {
            crate::compile::Check::RequireKey {
                key,
                kind: Some(KeyKind::Secret),
            } => Some(key.clone()),
            _ => None,
        })
        .collect()
}

#[derive(Default)]
struct Counts {
    passed: usize,
    failed: usize,
    unknown: usize,
    waived: usize,
    warnings: usize,
}

impl Counts {
    fn of(findings: &[Finding]) -> Self {
        let mut c = Counts::default();
        for f in findings {
            match (f.outcome, f.severity) {
                (Outcome::Pass, _) => c.passed += 1,
                (Outcome::Fail, Severity::Error) => c.failed += 1,
                (Outcome::Fail, Severity::Warning) => c.warnings += 1,
                (Outcome::Unknown, _) => c.unknown += 1,
                (Outcome::Waived, _) => c.waived += 1,
            }
        }
        c
    }

    fn line(&self, path: &Path, contract: &Contract) -> String {
        let total = self.passed + self.failed + self.unknown + self.waived + self.warnings;
        format!(
            "{}: {} rules, {total} checks: {} passed, {} failed, {} unknown, {} waived, {} warnings\n",
            path.display(),
            contract.rules.len(),
            self.passed,
            self.failed,
            self.unknown,
            self.waived,
            self.warnings,
        )
    }
}

fn place(f: &Finding) -> String {
    match (&f.env, &f.service) {
        (Some(e), Some(s)) => format!("for `{s}` in `{e}`"),
        (Some(e), None) => format!("in `{e}`"),
        _ => String::new(),
    }
}

fn waived_line(f: &Finding, contract: &Contract) -> String {
    let rule = &contract.rules[f.rule];
    let waiver = f.waiver.and_then(|i| contract.waivers.get(i));
    let until = waiver
        .and_then(|w| w.until.as_ref())
        .map(|d| format!(" until {}", d.node))
        .unwrap_or_default();
    let reason = waiver.map_or("", |w| w.reason.as_str());
    format!("waived: `{}` {}{until}: {reason}\n", rule.id, place(f))
}

/// A failed or unknown instance as a diagnostic: the snapshot line first, the contract's
/// rule as a second label.
fn finding_diagnostic(f: &Finding, contract: &Contract) -> Diagnostic {
    let rule = &contract.rules[f.rule];
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
        help: f.help.clone(),
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
    for (span, text) in &f.related {
        d = d.with_secondary(*span, text.clone());
    }
    d
}

fn json_finding(f: &Finding, contract: &Contract, sources: &SourceMap) -> JsonFinding {
    let rule = &contract.rules[f.rule];
    JsonFinding {
        rule: rule.id.clone(),
        kind: rule.kind().as_str(),
        outcome: f.outcome.as_str(),
        severity: f.severity.as_str(),
        env: f.env.clone(),
        service: f.service.clone(),
        key: f.key.clone(),
        message: f.message.clone(),
        contract: JsonPlace::new(rule.span, sources),
        snapshot: f.at.map(|s| JsonPlace::new(s, sources)),
    }
}
