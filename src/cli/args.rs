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
