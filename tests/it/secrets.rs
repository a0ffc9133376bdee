//! The no-secret guarantee: planted canary values never reach any output.

use std::path::Path;

use super::support::{repo_root, run_in};

/// Runs every output of the tool over a folder and returns all it printed.
fn every_output(dir: &Path, contract: &str, snapshots: &str, envs: (&str, &str)) -> String {
    let mut all = String::new();
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", contract, "--snapshots", snapshots],
        vec!["check", contract, "--snapshots", snapshots, "--all"],
        vec![
            "--color",
            "always",
            "check",
            contract,
            "--snapshots",
            snapshots,
            "--all",
        ],
        vec![
            "check",
            contract,
            "--snapshots",
            snapshots,
            "--format",
            "json",
            "--all",
        ],
        vec![
            "check",
            contract,
            "--snapshots",
            snapshots,
            "--format",
            "sarif",
            "--all",
        ],
        vec![
            "check",
            contract,
            "--snapshots",
            snapshots,
            "--format",
            "junit",
        ],
        vec![
            "check",
            contract,
            "--snapshots",
            snapshots,
            "--format",
            "github",
        ],
        vec!["diff", envs.0, envs.1, "--snapshots", snapshots],
        vec!["validate", "--rules", contract],
        vec!["init", "--snapshots", snapshots],
        vec!["doc", contract],
    ];
    for args in runs {
        let run = run_in(dir, &args, None);
        all.push_str(&run.stdout);
        all.push_str(&run.stderr);
    }
    for env in [envs.0, envs.1] {
        let folder = format!("{snapshots}/{env}");
        for format in ["human", "json"] {
            let run = run_in(
                dir,
                &["snapshot", "show", &folder, "--format", format],
                None,
            );
            all.push_str(&run.stdout);
            all.push_str(&run.stderr);
        }
    }
    all
}

#[test]
fn the_shipped_example_never_prints_its_planted_secret() {
    let out = every_output(
        &repo_root(),
        "contracts/jualuma.parity",
        "contracts/snapshots",
        ("stage", "prod"),
    );
    assert!(
        out.contains("JOB_RUNNER_SECRET"),
        "the runs did report on the key"
    );
    for canary in [
        "jr_stage_CANARY",
        "CANARY",
        "pk_live_51HxFAKE",
        "examplePublicKey",
    ] {
        assert!(!out.contains(canary), "`{canary}` was printed");
    }
}

#[test]
fn canary_secrets_never_reach_any_output() {
    let dir = repo_root().join("tests/fixtures/check/secrets-never-printed");
    let envs: Vec<String> = std::fs::read_dir(dir.join("snapshots"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let first = envs.first().cloned().unwrap_or_default();
    let second = envs.get(1).cloned().unwrap_or_else(|| first.clone());
    let out = every_output(&dir, "contract.parity", "snapshots", (&first, &second));
    assert!(
        out.contains("fail") || out.contains('×'),
        "the canary fixture reports failures"
    );
    assert!(!out.contains("CANARY"), "a canary was printed:\n{out}");
}

/// A snapshot file that cannot be parsed is shown in the error with its secret-looking
/// lines masked, by every command that reads snapshots (`snapshot stats` once did not).
#[test]
fn unparsable_snapshots_never_print_their_secrets() {
    let dir = std::env::temp_dir().join(format!("parity-secrets-broken-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for env in ["stage", "prod"] {
        let folder = dir.join("snapshots").join(env);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("backend.yaml"),
            "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: backend\nspec:\n  template:\n    spec:\n      containers:\n      - env:\n        - name: DB_PASSWORD\n          value: hunter2-CANARY\n        - name: [broken\n",
        )
        .unwrap();
    }
    std::fs::write(dir.join("contract.parity"), "env stage;\nenv prod;\n").unwrap();
    let runs: [&[&str]; 5] = [
        &["snapshot", "stats", "snapshots"],
        &["snapshot", "show", "snapshots/stage"],
        &["diff", "stage", "prod", "--snapshots", "snapshots"],
        &["init", "--snapshots", "snapshots"],
        &["check", "contract.parity", "--snapshots", "snapshots"],
    ];
    for args in runs {
        let run = run_in(&dir, args, None);
        assert_eq!(
            run.code, 2,
            "{args:?} rejects the broken file:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("backend.yaml"),
            "{args:?} names the file:\n{}",
            run.stderr
        );
        assert!(
            !run.stdout.contains("CANARY") && !run.stderr.contains("CANARY"),
            "{args:?} printed the canary:\n{}",
            run.stderr
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
