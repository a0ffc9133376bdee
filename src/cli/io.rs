//! Where the CLI writes, and what it knows of its surroundings (terminal, clock,
//! environment variables), gathered once so tests can run it in-process.

use std::io::{Read, Write};

use jiff::civil::Date;

/// `--color`
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Color when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

/// Output streams and facts about the surroundings.
pub struct Io<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Whether stdout and stderr are terminals.
    pub stdout_tty: bool,
    pub stderr_tty: bool,
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// Today's date (UTC), for waiver expiry.
    pub today: Date,
    /// `GITHUB_STEP_SUMMARY`: where `--format github` appends its Markdown summary.
    pub github_step_summary: Option<std::path::PathBuf>,
    color: ColorChoice,
}

impl<'a> Io<'a> {
    pub fn new(
        stdin: &'a mut dyn Read,
        stdout: &'a mut dyn Write,
        stderr: &'a mut dyn Write,
        today: Date,
    ) -> Self {
        Io {
            stdin,
            stdout,
            stderr,
            stdout_tty: false,
            stderr_tty: false,
            no_color: false,
            today,
            github_step_summary: None,
            color: ColorChoice::Auto,
        }
    }

    pub fn set_color(&mut self, color: ColorChoice) {
        self.color = color;
    }

    /// Whether to color what goes to stderr (`true`) or stdout (`false`).
    pub fn color_for(&self, stderr: bool) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                !self.no_color
                    && if stderr {
                        self.stderr_tty
                    } else {
                        self.stdout_tty
                    }
            }
        }
    }

    pub fn out(&mut self, text: &str) {
        // A closed pipe (`parity … | head`) is not an error worth reporting.
        let _ = self.stdout.write_all(text.as_bytes());
    }

    pub fn err(&mut self, text: &str) {
        let _ = self.stderr.write_all(text.as_bytes());
    }
}
