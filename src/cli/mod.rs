//! The command line: clap arguments, one file per subcommand, exit codes.
//!
//! INVARIANT: this is the edge. Files, the clock, the terminal and the process
//! environment are read here and handed to the pure core as values.

mod args;
mod check;
mod diff;
mod doc;
mod exit;
mod explain;
#[cfg(feature = "fetch")]
mod fetch;
mod fmt;
mod init;
mod io;
mod loader;
mod show;
mod snapshots;
mod validate;

use std::ffi::OsString;

use clap::Parser as _;

pub use exit::Exit;
pub use io::{ColorChoice, Io};

use args::{Cli, Command};

/// Runs `parity` with `args` (the first one is the program name).
pub fn run(args: impl IntoIterator<Item = OsString>, io: &mut Io<'_>) -> Exit {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = if io.color_for(e.use_stderr()) {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            if e.use_stderr() {
                io.err(&text);
                return Exit::Error;
            }
            io.out(&text);
            return Exit::Ok;
        }
    };
    io.set_color(cli.color);
    match cli.command {
        Command::Validate(a) => validate::run(&a, io),
        Command::Fmt(a) => fmt::run(&a, io),
        Command::Explain(a) => explain::run(&a, io),
        Command::Check(a) => check::run(&a, io),
        Command::Diff(a) => diff::run(&a, io),
        Command::Snapshot(args::SnapshotCommand::Show(a)) => show::run(&a, io),
        Command::Snapshot(args::SnapshotCommand::Stats(a)) => show::stats(&a, io),
        #[cfg(feature = "fetch")]
        Command::Fetch(a) => fetch::run(&a, io),
        Command::Doc(a) => doc::run(&a, io),
        Command::Init(a) => init::run(&a, io),
        Command::Completions(a) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(a.shell, &mut cmd, "parity", &mut buf);
            io.out(&String::from_utf8_lossy(&buf));
            Exit::Ok
        }
        #[cfg(feature = "lsp")]
        Command::Lsp => match crate::lsp::serve_stdio(io.today) {
            Ok(()) => Exit::Ok,
            Err(e) => {
                io.err(&format!("error: {e}\n"));
                Exit::Error
            }
        },
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            if clap_mangen::Man::new(cmd).render(&mut buf).is_err() {
                io.err("error: cannot render the man page\n");
                return Exit::Error;
            }
            io.out(&String::from_utf8_lossy(&buf));
            Exit::Ok
        }
    }
}
