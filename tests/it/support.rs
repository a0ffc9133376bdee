//! Running the real `parity` binary the way a user does, deterministically: no color, a
//! fixed date, and paths relative to the folder it runs in.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The date every test runs on (waiver expiry depends on it).
pub const TODAY: &str = "2026-12-03";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The whole run as one text, the form fixture snapshots store.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `parity ARGS…` in `dir`, with `stdin` as standard input.
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    run_with_env(dir, args, stdin, &[])
}

/// [`run_in`] with extra environment variables.
pub fn run_with_env(dir: &Path, args: &[&str], stdin: Option<&str>, vars: &[(&str, &str)]) -> Run {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_parity"))
        .args(args)
        .envs(vars.iter().copied())
        .env_remove("CI")
        .current_dir(dir)
        .env("PARITY_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start parity: {e}"));
    if let (Some(mut input), Some(text)) = (child.stdin.take(), stdin) {
        input
            .write_all(text.as_bytes())
            .unwrap_or_else(|e| panic!("cannot write stdin: {e}"));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("parity did not finish: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every `.parity` file under `dir`, sorted.
pub fn parity_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "parity") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The sub-folders of `dir`, sorted.
pub fn case_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// Runs `check` on every case, and fails once at the end naming every case that failed,
/// so one broken fixture does not hide the others.
pub fn for_each_case(cases: &[PathBuf], check: impl Fn(&Path)) {
    let mut failed = Vec::new();
    for case in cases {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(case)));
        if result.is_err() {
            failed.push(case.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "failing cases:\n  {}",
        failed.join("\n  ")
    );
}
