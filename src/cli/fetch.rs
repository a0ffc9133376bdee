//! `parity fetch`, and the live half of `parity check --live`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::args::{FetchArgs, FetchFlags};
use super::validate::compile_file;
use super::{Exit, Io};
use crate::compile::{Account, Check, Contract};
use crate::fetch::{self, Endpoints, Options, Policy, Progress, Quiet, Summary};
use crate::source::SourceMap;

pub(super) fn run(args: &FetchArgs, io: &mut Io<'_>) -> Exit {
    let contract = match &args.contract {
        None => None,
        Some(path) => match load_contract(path, io) {
            Some(c) => Some(c),
            None => return Exit::Error,
        },
    };
    let decl = contract
        .as_ref()
        .and_then(|c| c.envs.iter().find(|e| e.name == args.env));
    let Some(project) = args
        .project
        .clone()
        .or_else(|| decl.and_then(|d| d.project.as_ref().map(|p| p.node.clone())))
    else {
        io.err("error: no project: give `--project`, or `--contract` with `env NAME { project \"…\"; }`\n");
        return Exit::Error;
    };
    let mut regions = args.regions.clone();
    if regions.is_empty() {
        regions = decl
            .map(|d| d.regions.iter().map(|r| r.node.clone()).collect())
            .unwrap_or_default();
    }
    let options = options(
        &args.flags,
        project,
        regions,
        args.out.join(&args.env),
        args.probe,
        contract.as_ref(),
    );
    match fetch_envs(io, &[(args.env.clone(), options)], &args.flags) {
        Ok(()) => Exit::Ok,
        Err(()) => Exit::Error,
    }
}

fn load_contract(path: &Path, io: &mut Io<'_>) -> Option<Contract> {
    let mut sources = SourceMap::new();
    match compile_file(&mut sources, path, io.today) {
        Ok(c) if !c.has_errors() => Some(c.contract),
        Ok(_) => {
            io.err(&format!(
                "error: `{}` does not compile; run `parity validate` on it\n",
                path.display()
            ));
            None
        }
        Err(reason) => {
            io.err(&format!(
                "error: cannot read `{}`: {reason}\n",
                path.display()
            ));
            None
        }
    }
}

/// Service accounts named literally by `require role … on service account "EMAIL"`.
fn named_accounts(contract: Option<&Contract>) -> Vec<String> {
    contract
        .map(|c| {
            c.rules
                .iter()
                .filter_map(|r| match &r.check {
                    Check::RequireRole {
                        account: Account::Email(e),
                        ..
                    } => Some(e.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn options(
    flags: &FetchFlags,
    project: String,
    regions: Vec<String>,
    out: PathBuf,
    probe: bool,
    contract: Option<&Contract>,
) -> Options {
    Options {
        project,
        regions,
        out,
        probe,
        resolve_secret_shapes: flags.resolve_secret_shapes,
        concurrency: flags.concurrency.max(1),
        policy: Policy {
            timeout: Duration::from_secs(flags.timeout.max(1)),
            retries: flags.retries,
            ..Policy::default()
        },
        deadline: Duration::from_secs(flags.deadline.max(1)),
        endpoints: Endpoints {
            run: flags.run_endpoint.clone(),
            iam: flags.iam_endpoint.clone(),
            secrets: flags.secrets_endpoint.clone(),
        },
        service_accounts: named_accounts(contract),
        probe_timeout: Duration::from_secs(flags.timeout.clamp(1, 10)),
    }
}

/// A progress bar on a terminal (and not in CI).
struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn set_total(&self, total: u64) {
        self.0.set_length(total);
    }

    fn advance(&self, message: &str) {
        self.0.inc(1);
        self.0
            .set_message(message.rsplit('/').next().unwrap_or(message).to_owned());
    }
}

/// Fetches each environment in turn, printing a summary line for each; on failure prints
/// the error (which names the request) and stops.
pub(super) fn fetch_envs(
    io: &mut Io<'_>,
    envs: &[(String, Options)],
    _flags: &FetchFlags,
) -> Result<(), ()> {
    fetch::install_crypto();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            io.err(&format!("error: cannot start the async runtime: {e}\n"));
            return Err(());
        }
    };
    let explicit = std::env::var("PARITY_ACCESS_TOKEN").ok();
    let token = match runtime.block_on(fetch::access_token(explicit)) {
        Ok(t) => t,
        Err(e) => {
            io.err(&format!("error: {e}\n"));
            return Err(());
        }
    };
    let interactive = io.stderr_tty && std::env::var_os("CI").is_none();
    for (name, options) in envs {
        let progress: Arc<dyn Progress> = if interactive {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {prefix} [{bar:30}] {pos}/{len} {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_prefix(name.clone());
            Arc::new(Bar(bar))
        } else {
            Arc::new(Quiet)
        };
        let result = runtime.block_on(fetch::fetch(options, token.clone(), progress));
        match result {
            Ok(summary) => io.err(&summary_line(name, &options.out, &summary)),
            Err(e) => {
                io.err(&format!(
                    "error: fetching `{name}` failed: {e}\n  the previous snapshot in `{}` is unchanged\n",
                    options.out.display()
                ));
                return Err(());
            }
        }
    }
    Ok(())
}

fn summary_line(name: &str, out: &Path, s: &Summary) -> String {
    let mut line = format!(
        "fetched `{name}` into {}: {} services in {} regions, {} service-account policies",
        out.display(),
        s.services,
        s.regions,
        s.service_accounts
    );
    if s.probes > 0 {
        let _ = write!(line, ", {} probes", s.probes);
    }
    if s.secret_shapes > 0 {
        let _ = write!(line, ", {} secret shapes", s.secret_shapes);
    }
    let _ = writeln!(
        line,
        "; {} requests, {} retries, {:.1} s",
        s.requests,
        s.retries,
        s.elapsed.as_secs_f64()
    );
    for v in &s.vanished {
        let _ = writeln!(
            line,
            "  note: `{v}` was deleted while fetching; it is not in the snapshot"
        );
    }
    line
}
