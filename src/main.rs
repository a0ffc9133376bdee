//! The `parity` binary: gathers the process's surroundings and runs the CLI.

use std::io::IsTerminal;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    let today = jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    // PARITY_TODAY pins the date (YYYY-MM-DD) for reproducible runs and tests.
    let today = std::env::var("PARITY_TODAY")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(today);
    // Unlocked handles: each write takes the lock for its own duration. Holding the locks
    // for the whole run would deadlock `parity lsp`, whose tokio stdin/stdout read and
    // write these same streams from other threads.
    let mut stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let stdout_tty = stdout.is_terminal();
    let stderr_tty = stderr.is_terminal();
    let mut io = parity::cli::Io::new(&mut stdin, &mut stdout, &mut stderr, today);
    io.stdout_tty = stdout_tty;
    io.stderr_tty = stderr_tty;
    io.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    io.github_step_summary = std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|v| !v.is_empty())
        .map(std::path::PathBuf::from);
    let exit = parity::cli::run(std::env::args_os(), &mut io);
    ExitCode::from(exit.code())
}
