//! `parity check`: compile the contracts, read the snapshot folders, check, report.

use std::path::{Path, PathBuf};

use super::args::{CheckArgs, CheckFormat};
use super::snapshots;
use super::validate::compile_file;
use super::{Exit, Io};
use crate::check::{self, Outcome};
use crate::compile::{Compiled, Contract};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::redact::Redactor;
use crate::report::findings::{self, Checked, Counts};
use crate::report::json::{CheckReport, JsonSummary};
use crate::report::{github, human, json, junit, sarif};
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

    // 2. Snapshots: folders, or a live fetch into a temporary folder.
    let live = if args.live {
        if problems.iter().any(Diagnostic::is_error) {
            // Report the contract errors below; nothing to fetch for.
            None
        } else {
            match live_fetch(io, args, &compiled) {
                Ok(l) => Some(l),
                Err(exit) => return exit,
            }
        }
    } else {
        None
    };
    let dirs = if let Some(live) = &live {
        live.dirs.clone()
    } else if args.live {
        Vec::new()
    } else {
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
                "say where the snapshots are: `--snapshots DIR` (one folder per environment), `--env NAME=PATH`, or `--live`",
            );
        }
        match snapshots::env_dirs(snapshots_dir.as_deref(), &args.envs) {
            Ok(d) => d,
            Err(message) => return usage_error(io, args.format, &message),
        }
    };
    let secret_keys = compiled.iter().flat_map(|(_, c)| secret_keys(&c.contract));
    let redactor = Redactor::new(secret_keys);
    let loaded = snapshots::load(&mut sources, &dirs, &redactor);
    problems.extend(loaded.diagnostics.iter().cloned());

    let has_errors = problems.iter().any(Diagnostic::is_error);
    if has_errors {
        // An input could not be read or compiled: report that and check nothing, so no
        // result is built on a partial view.
        match args.format {
            CheckFormat::Json => io.out(&json::diagnostics(&problems, &sources)),
            CheckFormat::Sarif => io.out(&sarif::render_diagnostics(&problems, &sources)),
            CheckFormat::Junit => io.out(&junit::render_diagnostics(&problems, &sources)),
            CheckFormat::Github => io.out(&github::diagnostics(&problems, &sources)),
            CheckFormat::Human => {
                for d in &problems {
                    io.err(&human::render(d, &sources, style));
                }
                let errors = problems.iter().filter(|d| d.is_error()).count();
                io.err(&format!(
                    "nothing was checked: {}\n",
                    plural(errors, "input error")
                ));
            }
        }
        return Exit::Error;
    }

    // 3. Check each contract.
    let mut checked: Vec<Checked<'_>> = Vec::new();
    // Passes are listed only with --all and in JUnit (a test case each, on stdout or in a
    // --report file); otherwise they are counted, not kept (a fleet's findings are nearly
    // all passes).
    let junit = args.format == CheckFormat::Junit
        || args
            .reports
            .iter()
            .any(|r| parse_report(r).is_some_and(|(f, _)| f == CheckFormat::Junit));
    for (path, c) in &compiled {
        let mut result = if args.all || junit {
            check::check(&c.contract, &loaded.snapshot, &redactor)
        } else {
            check::check_counting_passes(&c.contract, &loaded.snapshot, &redactor)
        };
        if !args.env_filter.is_empty() {
            let wanted = |e: &str| args.env_filter.iter().any(|x| x == e);
            result
                .findings
                .retain(|f| f.env.as_deref().is_none_or(wanted));
            result.passes_not_kept.retain(|(e, _)| wanted(e));
        }
        checked.push(Checked {
            path: path.display().to_string(),
            contract: &c.contract,
            result,
        });
    }
    let total = checked.iter().fold(Counts::default(), |acc, c| {
        acc.plus(Counts::of_result(&c.result))
    });

    // 4. Reports: the main one on the terminal, then every `--report FORMAT=PATH`.
    match args.format {
        CheckFormat::Human => human_report(io, &checked, &problems, &sources, style, args.all),
        other => io.out(&render(other, &checked, &sources, args.all)),
    }
    if args.format == CheckFormat::Github
        && let Some(path) = &io.github_step_summary
    {
        append(path, &github::summary(&checked));
    }
    let mut exit = exit_for(&total, args);
    for report in &args.reports {
        let Some((format, path)) = parse_report(report) else {
            io.err(&format!("error: `--report {report}` is not `FORMAT=PATH` with FORMAT one of json, sarif, junit, github, human\n"));
            exit = Exit::Error;
            continue;
        };
        let text = render(format, &checked, &sources, args.all);
        if let Err(reason) = super::fmt::write_atomic(Path::new(path), &text) {
            io.err(&format!(
                "error: cannot write the report `{path}`: {reason}\n"
            ));
            exit = Exit::Error;
        }
    }
    exit
}

/// Renders a machine format (human output goes to the terminal only).
fn render(format: CheckFormat, checked: &[Checked<'_>], sources: &SourceMap, all: bool) -> String {
    match format {
        CheckFormat::Json => json_report(checked, sources, all),
        CheckFormat::Sarif => sarif::render(checked, sources, all),
        CheckFormat::Junit => junit::render(checked, sources),
        CheckFormat::Github => github::annotations(checked, sources),
        CheckFormat::Human => {
            let style = human::Style::plain();
            let mut out = String::new();
            for c in checked {
                for f in &c.result.findings {
                    match f.outcome {
                        Outcome::Fail | Outcome::Unknown => {
                            out.push_str(&human::render(
                                &findings::diagnostic(f, c.contract),
                                sources,
                                style,
                            ));
                        }
                        Outcome::Waived => {
                            out.push_str(&findings::waived_line(f, c.contract));
                            out.push('\n');
                        }
                        Outcome::Pass => {}
                    }
                }
                out.push_str(&summary_line(c));
            }
            out
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn parse_report(text: &str) -> Option<(CheckFormat, &str)> {
    let (format, path) = text.split_once('=')?;
    let format = match format {
        "json" => CheckFormat::Json,
        "sarif" => CheckFormat::Sarif,
        "junit" => CheckFormat::Junit,
        "github" => CheckFormat::Github,
        "human" => CheckFormat::Human,
        _ => return None,
    };
    (!path.is_empty()).then_some((format, path))
}

/// Appends to a file (the GitHub job summary), creating it if needed.
fn append(path: &Path, text: &str) {
    use std::io::Write as _;
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = f.write_all(text.as_bytes());
    }
}

fn human_report(
    io: &mut Io<'_>,
    checked: &[Checked<'_>],
    problems: &[Diagnostic],
    sources: &SourceMap,
    style: human::Style,
    all: bool,
) {
    // Only warnings remain among the input problems (errors stopped the run before).
    for d in problems {
        io.err(&human::render(d, sources, style));
    }
    for c in checked {
        for d in &c.result.diagnostics {
            io.err(&human::render(d, sources, style));
        }
        for f in &c.result.findings {
            match f.outcome {
                Outcome::Fail | Outcome::Unknown => {
                    io.err(&human::render(
                        &findings::diagnostic(f, c.contract),
                        sources,
                        style,
                    ));
                }
                Outcome::Waived => io.err(&format!("{}\n", findings::waived_line(f, c.contract))),
                Outcome::Pass if all => io.err(&format!(
                    "pass: `{}` {}\n",
                    c.contract.rules[f.rule()].id,
                    findings::place(f)
                )),
                Outcome::Pass => {}
            }
        }
    }
    for c in checked {
        io.err(&summary_line(c));
    }
}

fn summary_line(c: &Checked<'_>) -> String {
    let n = Counts::of_result(&c.result);
    format!(
        "{}: {}, {}: {} passed, {} failed, {} unknown, {} waived, {}
",
        c.path,
        plural(c.contract.rules.len(), "rule"),
        plural(n.total(), "check"),
        n.passed,
        n.failed,
        n.unknown,
        n.waived,
        plural(n.warnings, "warning"),
    )
}

fn json_report(checked: &[Checked<'_>], sources: &SourceMap, all: bool) -> String {
    let mut summary = JsonSummary::default();
    let mut list = Vec::new();
    for c in checked {
        let n = Counts::of_result(&c.result);
        summary.rules += c.contract.rules.len();
        summary.passed += n.passed;
        summary.failed += n.failed;
        summary.unknown += n.unknown;
        summary.waived += n.waived;
        summary.warnings += n.warnings;
        for f in &c.result.findings {
            if f.outcome != Outcome::Pass || all {
                list.push(findings::json_finding(f, c.contract, sources));
            }
        }
    }
    CheckReport {
        version: 1,
        summary,
        findings: list,
    }
    .render()
}

/// A live fetch into a temporary folder, removed when dropped.
struct Live {
    root: PathBuf,
    dirs: Vec<(String, PathBuf)>,
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Without the `fetch` feature there is nothing to fetch with.
#[cfg(not(feature = "fetch"))]
fn live_fetch(io: &mut Io<'_>, args: &CheckArgs, _: &[(PathBuf, Compiled)]) -> Result<Live, Exit> {
    Err(usage_error(
        io,
        args.format,
        "this parity was built without the `fetch` feature",
    ))
}

/// Fetches every environment the contracts declare (each needs `project` and `region`).
#[cfg(feature = "fetch")]
fn live_fetch(
    io: &mut Io<'_>,
    args: &CheckArgs,
    compiled: &[(PathBuf, Compiled)],
) -> Result<Live, Exit> {
    let root = std::env::temp_dir().join(format!("parity-live-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let mut live = Live {
        root: root.clone(),
        dirs: Vec::new(),
    };
    let mut envs = Vec::new();
    for (_, c) in compiled {
        let probe = c
            .contract
            .rules
            .iter()
            .any(|r| matches!(r.check, crate::compile::Check::ExpectDirectStatus { .. }));
        for e in &c.contract.envs {
            if envs.iter().any(|(n, _): &(String, _)| *n == e.name) {
                continue;
            }
            let (Some(project), false) = (e.project.as_ref(), e.regions.is_empty()) else {
                let message = format!(
                    "`--live` needs the project and regions of `{0}`: declare `env {0} {{ project \"…\"; region \"…\"; }}`",
                    e.name
                );
                return Err(usage_error(io, args.format, &message));
            };
            let options = super::fetch::options(
                &args.fetch,
                project.node.clone(),
                e.regions.iter().map(|r| r.node.clone()).collect(),
                root.join(&e.name),
                probe,
                Some(&c.contract),
            );
            envs.push((e.name.clone(), options));
        }
    }
    if envs.is_empty() {
        return Err(usage_error(
            io,
            args.format,
            "`--live` needs the contract to declare its environments",
        ));
    }
    if super::fetch::fetch_envs(io, &envs, &args.fetch).is_err() {
        return Err(Exit::Error);
    }
    live.dirs = envs
        .iter()
        .map(|(n, _)| (n.clone(), root.join(n)))
        .collect();
    Ok(live)
}

fn exit_for(counts: &Counts, args: &CheckArgs) -> Exit {
    if counts.failed > 0 || (args.deny_warnings && counts.warnings > 0) {
        Exit::Failed
    } else if counts.unknown > 0 && !args.allow_unknown {
        Exit::Unknown
    } else {
        Exit::Ok
    }
}

fn usage_error(io: &mut Io<'_>, format: CheckFormat, message: &str) -> Exit {
    let list = [Diagnostic::error(
        crate::diagnostic::Code::UnreadableFile,
        message,
    )];
    let sources = SourceMap::new();
    match format {
        CheckFormat::Json => io.out(&json::diagnostics(&list, &sources)),
        CheckFormat::Sarif => io.out(&sarif::render_diagnostics(&list, &sources)),
        CheckFormat::Junit => io.out(&junit::render_diagnostics(&list, &sources)),
        CheckFormat::Github => io.out(&github::diagnostics(&list, &sources)),
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
