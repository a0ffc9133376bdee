//! Fixture folders: `tests/fixtures/<area>/<case>/` holds the inputs, an optional `cmd`
//! file (the arguments, default `validate contract.parity`), and `output.snap`, the
//! reviewed transcript of the run (exit code, stdout, stderr).

use std::path::Path;

use super::support::{case_dirs, for_each_case, repo_root, run_in};

fn run_fixtures(area: &str, default_cmd: &str) {
    let dir = repo_root().join("tests/fixtures").join(area);
    let cases = case_dirs(&dir);
    assert!(!cases.is_empty(), "no fixtures in {}", dir.display());
    for_each_case(&cases, |case: &Path| {
        let cmd =
            std::fs::read_to_string(case.join("cmd")).unwrap_or_else(|_| default_cmd.to_owned());
        let args: Vec<&str> = cmd.split_whitespace().collect();
        let run = run_in(case, &args, None);
        insta::with_settings!({
            snapshot_path => case,
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("parity {}", args.join(" ")),
        }, {
            insta::assert_snapshot!("output", run.transcript());
        });
    });
}

#[test]
fn validate_fixtures_match_their_reviewed_output() {
    run_fixtures("validate", "validate contract.parity");
}

#[test]
fn every_compile_diagnostic_code_has_a_failing_fixture() {
    let dir = repo_root().join("tests/fixtures/validate");
    let outputs: String = case_dirs(&dir)
        .iter()
        .map(|case| std::fs::read_to_string(case.join("output.snap")).unwrap_or_default())
        .collect();
    let missing: Vec<&str> = parity::diagnostic::Code::ALL
        .iter()
        .filter(|c| c.phase() == parity::diagnostic::Phase::Contract)
        .map(|c| c.as_str())
        .filter(|code| !outputs.contains(code))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

#[test]
fn check_fixtures_match_their_reviewed_output() {
    run_fixtures("check", "check contract.parity --snapshots snapshots");
}

#[test]
fn cli_fixtures_match_their_reviewed_output() {
    run_fixtures("cli", "--help");
}
