//! The command-line interface, as clap definitions. Help texts here are the reference
//! for `parity --help`; docs/cli.md follows them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::io::ColorChoice;

/// Runtime parity contracts for Cloud Run: write the contract, check it against what is
/// deployed.
#[derive(Debug, Parser)]
#[command(name = "parity", version, about, max_term_width = 100)]
pub(super) struct Cli {
    /// When to color output: auto (a terminal, and `NO_COLOR` not set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Compile contracts (syntax and meaning) without snapshots.
    ///
    /// Exit status: 0 when every contract is valid (warnings allowed), 2 otherwise.
    Validate(ValidateArgs),
    /// Rewrite contracts in the canonical layout, keeping comments.
    ///
    /// Exit status: 0 when done, 1 with --check when a file would change, 2 when a file
    /// cannot be read or has syntax errors (it is left as it is).
    Fmt(FmtArgs),
    /// Explain a statement kind or a diagnostic code; without NAME, list them all.
    Explain(ExplainArgs),
    /// Check contracts against snapshot folders (one folder per environment).
    ///
    /// With no arguments, checks the shipped example: `contracts/*.parity` against
    /// `contracts/snapshots/`. Exit status: 0 every rule passed or was waived; 1 a rule
    /// failed; 2 a contract or snapshot could not be read or compiled; 3 nothing failed but
    /// some rules were unknown (`--allow-unknown` makes it 0).
    Check(CheckArgs),
    /// Show the key shape of two environments side by side, per service.
    Diff(DiffArgs),
    /// Inspect snapshot files.
    #[command(subcommand)]
    Snapshot(SnapshotCommand),
    /// Fetch a live snapshot of one environment from the Cloud Run Admin API v2 and the
    /// IAM API, written as `DIR/ENV/` the way a hand export would be (atomically).
    ///
    /// Credentials: `PARITY_ACCESS_TOKEN`, or Application Default Credentials. Exit status:
    /// 0 fetched, 2 the fetch failed (the previous snapshot is left untouched).
    #[cfg(feature = "fetch")]
    Fetch(FetchArgs),
    /// Write a contract as a Markdown document: title, date, rules as the contract groups
    /// them, doc comments as prose, required keys as lists.
    Doc(DocArgs),
    /// Draft a contract from what is deployed (snapshot folders), valid and formatted,
    /// with comments marking what was inferred.
    Init(InitArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    Man,
    /// Run the language server on stdin and stdout (diagnostics as you type, hover, go to
    /// definition, symbols, completion, formatting, semantic tokens).
    #[cfg(feature = "lsp")]
    Lsp,
}

/// How to reach the APIs; shared by `fetch` and `check --live`.
#[derive(Debug, Args, Clone)]
pub(super) struct FetchFlags {
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,
    /// Seconds one request may take.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// Seconds the whole fetch may take.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub deadline: u64,
    /// Retries of a request that got 429, 5xx, a timeout or a dropped connection.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub retries: u32,
    /// Read secret payloads (in memory only) to record their shape in
    /// `secret-shapes.json`; payloads are never written or shown.
    #[arg(long)]
    pub resolve_secret_shapes: bool,
    /// The Cloud Run Admin API.
    #[arg(
        long,
        value_name = "URL",
        env = "PARITY_RUN_ENDPOINT",
        default_value = "https://run.googleapis.com"
    )]
    pub run_endpoint: String,
    /// The IAM API.
    #[arg(
        long,
        value_name = "URL",
        env = "PARITY_IAM_ENDPOINT",
        default_value = "https://iam.googleapis.com"
    )]
    pub iam_endpoint: String,
    /// The Secret Manager API.
    #[arg(
        long,
        value_name = "URL",
        env = "PARITY_SECRETS_ENDPOINT",
        default_value = "https://secretmanager.googleapis.com"
    )]
    pub secrets_endpoint: String,
}

#[cfg(feature = "fetch")]
#[derive(Debug, Args)]
pub(super) struct FetchArgs {
    /// The environment (the name of the folder written under `--out`).
    #[arg(long = "env", value_name = "NAME")]
    pub env: String,
    /// The project id or number [default: the env's `project` in `--contract`].
    #[arg(long, value_name = "P")]
    pub project: Option<String>,
    /// A region to list (repeatable) [default: the env's `region`s in `--contract`].
    #[arg(long = "region", value_name = "R")]
    pub regions: Vec<String>,
    /// The snapshots folder; the environment is written to `DIR/NAME/`.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A contract whose env declaration gives project and regions, and whose rules name
    /// the service accounts whose IAM policies to fetch.
    #[arg(long, value_name = "FILE")]
    pub contract: Option<PathBuf>,
    /// Also probe each service's direct URL without credentials (probes.json).
    #[arg(long)]
    pub probe: bool,
    #[command(flatten)]
    pub flags: FetchFlags,
}

#[derive(Debug, Args)]
pub(super) struct DocArgs {
    /// The contract file.
    pub contract: PathBuf,
    /// Write the document to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// A folder with one snapshot folder per environment.
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// Map an environment to a snapshot folder (repeatable).
    #[arg(long = "env", value_name = "NAME=PATH")]
    pub envs: Vec<String>,
    /// Write the draft to this file (atomically; refuses to overwrite an existing file)
    /// instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum CheckFormat {
    /// A report per failed or unknown rule, with the snapshot line and the rule.
    Human,
    /// The versioned JSON report (docs/report.md) on stdout.
    Json,
    /// SARIF 2.1.0 on stdout (code scanning).
    Sarif,
    /// JUnit XML on stdout: a test suite per environment, a test case per rule instance.
    Junit,
    /// GitHub Actions annotations on stdout, and a summary table appended to
    /// `$GITHUB_STEP_SUMMARY` when it is set.
    Github,
}

#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each flag is one independent command-line switch"
)]
pub(super) struct CheckArgs {
    /// Contract files, or folders of `.parity` files [default: contracts].
    #[arg(value_name = "CONTRACT")]
    pub contracts: Vec<PathBuf>,

    /// A folder with one snapshot folder per environment [default: `snapshots/` beside
    /// the first contract].
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,

    /// Map an environment to a snapshot folder (repeatable); wins over `--snapshots`.
    #[arg(long = "env", value_name = "NAME=PATH")]
    pub envs: Vec<String>,

    /// Only report these environments (comma-separated).
    #[arg(long = "env-filter", value_name = "ENV", value_delimiter = ',')]
    pub env_filter: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Also write a report to a file (repeatable): `json=out.json`, `sarif=out.sarif`,
    /// `junit=out.xml`, `github=annotations.txt`, `human=out.txt`. Files are written
    /// atomically; the main output still goes to the terminal.
    #[arg(long = "report", value_name = "FORMAT=PATH")]
    pub reports: Vec<String>,

    /// Also report the rule instances that passed.
    #[arg(long)]
    pub all: bool,

    /// Exit 0 instead of 3 when nothing failed but some rules were unknown.
    #[arg(long)]
    pub allow_unknown: bool,

    /// Exit 1 when a `warn` rule failed.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Fetch every environment of the contract live (its `project` and `region`s) into a
    /// temporary folder, and check that instead of snapshot folders.
    #[arg(long, conflicts_with_all = ["snapshots", "envs"])]
    pub live: bool,

    #[command(flatten)]
    pub fetch: FetchFlags,
}

#[derive(Debug, Args)]
pub(super) struct DiffArgs {
    /// The first environment.
    pub left: String,
    /// The second environment.
    pub right: String,

    /// A folder with one snapshot folder per environment [default: contracts/snapshots].
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,

    /// Map an environment to a snapshot folder (repeatable).
    #[arg(long = "env", value_name = "NAME=PATH")]
    pub envs: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub(super) enum SnapshotCommand {
    /// Print the normalized model of a snapshot folder or file, as the checker sees it
    /// (secret values redacted).
    Show(SnapshotShowArgs),
    /// Read snapshot folders (one per environment) and print what they hold: files,
    /// bytes, services, env vars. Reads exactly as `check` does and checks nothing.
    Stats(SnapshotStatsArgs),
}

#[derive(Debug, Args)]
pub(super) struct SnapshotStatsArgs {
    /// A folder with one snapshot folder per environment.
    pub snapshots: PathBuf,
}

/// Output format of `snapshot show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ShowFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub(super) struct SnapshotShowArgs {
    /// An environment folder or one snapshot file.
    pub path: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Human)]
    pub format: ShowFormat,
}

/// Output format of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum DiagnosticFormat {
    /// Reports with the source lines around each problem.
    Human,
    /// `{"version":1,"diagnostics":[…]}` on stdout.
    Json,
}

#[derive(Debug, Args)]
pub(super) struct ValidateArgs {
    /// Contract files to compile (each with the files it `use`s).
    #[arg(required = true, value_name = "CONTRACT")]
    pub contracts: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,

    /// Also list every compiled rule: its id, where it applies, and what it means.
    #[arg(long)]
    pub rules: bool,
}

#[derive(Debug, Args)]
pub(super) struct FmtArgs {
    /// Contract files to format; `-` reads standard input and writes standard output.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Change nothing; name the files that would change and exit 1 if any would.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub(super) struct ExplainArgs {
    /// A statement kind (`require-key`, `parity`, `waive`, …) or a diagnostic code
    /// (`unknown-environment`, …).
    pub name: Option<String>,
}
