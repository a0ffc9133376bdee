//! CI report formats: SARIF (validated against the official 2.1.0 schema), JUnit,
//! GitHub workflow commands and job summary, and several reports from one run.

use super::support::{repo_root, run_in};

fn example(args: &[&str]) -> super::support::Run {
    let mut all = vec![
        "check",
        "contracts/jualuma.parity",
        "--snapshots",
        "contracts/snapshots",
    ];
    all.extend_from_slice(args);
    run_in(&repo_root(), &all, None)
}

fn sarif_schema() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(repo_root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    // The official schema's pattern for `run.language` has a stray `]`
    // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) that a strict regex engine rejects while
    // compiling the schema; parity never writes `language`, so the pattern is mended here
    // and the file stays as published.
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid_sarif(text: &str) -> serde_json::Value {
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let validator = sarif_schema();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not match the 2.1.0 schema:\n{}",
        errors.join("\n")
    );
    value
}

#[test]
fn sarif_output_is_valid_against_the_official_schema() {
    let run = example(&["--format", "sarif", "--all"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif = assert_valid_sarif(&run.stdout);
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    for id in [
        "require-key",
        "parity",
        "deny-invoker",
        "missing-data",
        "unknown-environment",
    ] {
        assert!(
            rules.iter().any(|r| r["id"] == id),
            "driver rules miss `{id}`"
        );
    }
    let results = run0["results"].as_array().unwrap();
    let failure = results
        .iter()
        .find(|r| r["ruleId"] == "require-key/approvals/JOB_RUNNER_SECRET")
        .expect("the plain JOB_RUNNER_SECRET is a result");
    assert_eq!(failure["level"], "error");
    assert_eq!(
        failure["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "contracts/snapshots/stage/approvals.yaml"
    );
    assert_eq!(
        failure["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "contracts/jualuma.parity"
    );
    let unknown = results
        .iter()
        .find(|r| r["properties"]["outcome"] == "unknown")
        .expect("an unknown result");
    assert_eq!(unknown["level"], "note");
}

#[test]
fn sarif_marks_waived_instances_as_suppressions_with_the_reason() {
    let dir = repo_root().join("tests/fixtures/reports/waived");
    let run = run_in(
        &dir,
        &[
            "check",
            "contract.parity",
            "--snapshots",
            "snapshots",
            "--format",
            "sarif",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sarif = assert_valid_sarif(&run.stdout);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        result["suppressions"][0]["justification"],
        "public demo until launch (OPS-12)"
    );
}

#[test]
fn input_errors_are_valid_sarif_too() {
    let dir = repo_root().join("tests/fixtures/reports/waived");
    let run = run_in(
        &dir,
        &[
            "check",
            "missing.parity",
            "--snapshots",
            "snapshots",
            "--format",
            "sarif",
        ],
        None,
    );
    assert_eq!(run.code, 2);
    let sarif = assert_valid_sarif(&run.stdout);
    // The same run envelope as the check report: columns are code points there too.
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    assert_eq!(sarif["runs"][0]["tool"]["driver"]["name"], "parity");
}

#[test]
fn junit_has_a_suite_per_environment_and_a_case_per_instance() {
    let run = example(&["--format", "junit"]);
    assert_eq!(run.code, 1);
    let xml = &run.stdout;
    assert!(xml.starts_with("<?xml"));
    for env in ["dev", "stage", "prod"] {
        assert!(
            xml.contains(&format!("<testsuite name=\"{env}\"")),
            "no suite for {env}"
        );
    }
    assert!(xml.contains("<failure message=\"`JOB_RUNNER_SECRET` is a plain value"));
    assert!(xml.contains("<skipped message=\"unknown: probes.json has no probe of `approvals`\""));
    let cases = xml.matches("<testcase ").count();
    let json = example(&["--format", "json", "--all"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        cases,
        report["findings"].as_array().unwrap().len(),
        "one case per instance"
    );
}

#[test]
fn github_annotations_and_step_summary() {
    let summary = std::env::temp_dir().join(format!("parity-summary-{}.md", std::process::id()));
    let _ = std::fs::remove_file(&summary);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parity"))
        .args(["check", "--format", "github"])
        .current_dir(repo_root())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("PARITY_TODAY", super::support::TODAY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=contracts/snapshots/prod/approvals.yaml,line=42,col=21,"),
        "{first}"
    );
    assert!(
        stdout.contains("::notice file="),
        "unknown instances are notices"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| `contracts/jualuma.parity` | 40 |"), "{md}");
    assert!(
        md.contains("| fail | `require-key/approvals/JOB_RUNNER_SECRET` |"),
        "{md}"
    );
    let _ = std::fs::remove_file(&summary);
}

#[test]
fn several_reports_from_one_run() {
    let dir = std::env::temp_dir().join(format!("parity-reports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("out.json");
    let sarif = dir.join("out.sarif");
    let junit = dir.join("out.xml");
    let run = example(&[
        "--report",
        &format!("json={}", json.display()),
        "--report",
        &format!("sarif={}", sarif.display()),
        "--report",
        &format!("junit={}", junit.display()),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("40 rules"),
        "human output still goes to the terminal"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["version"], 1);
    assert_valid_sarif(&std::fs::read_to_string(&sarif).unwrap());
    // Each report is the one its format gives on stdout: JUnit's test cases include the
    // passes, which the human run on the terminal does not list.
    let written = std::fs::read_to_string(&junit).unwrap();
    assert!(written.contains("<testsuites"));
    assert_eq!(written, example(&["--format", "junit"]).stdout);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let alone: serde_json::Value =
        serde_json::from_str(&example(&["--format", "json"]).stdout).unwrap();
    assert_eq!(written, alone);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_malformed_report_argument_is_an_error() {
    let run = example(&["--report", "pdf=out.pdf"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`--report pdf=out.pdf` is not `FORMAT=PATH`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_schema_check_can_fail() {
    let run = example(&["--format", "sarif"]);
    let mut value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    value["runs"][0]["results"][0]["level"] = serde_json::Value::String("fatal".to_owned());
    assert!(
        !sarif_schema().is_valid(&value),
        "a level outside the enum must be rejected"
    );
}

#[test]
fn the_json_report_has_exactly_the_documented_fields() {
    let run = example(&["--format", "json", "--all"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&report), ["findings", "summary", "version"]);
    assert_eq!(report["version"], 1);
    assert_eq!(
        keys(&report["summary"]),
        ["failed", "passed", "rules", "unknown", "waived", "warnings"]
    );
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        assert_eq!(
            keys(f),
            [
                "contract", "env", "key", "kind", "message", "outcome", "rule", "service",
                "severity", "snapshot"
            ]
        );
        assert_eq!(keys(&f["contract"]), ["column", "file", "line"]);
        if !f["snapshot"].is_null() {
            assert_eq!(keys(&f["snapshot"]), ["column", "file", "line"]);
        }
        assert!(["pass", "fail", "unknown", "waived"].contains(&f["outcome"].as_str().unwrap()));
    }
    let counted = report["summary"]["passed"].as_u64().unwrap()
        + report["summary"]["failed"].as_u64().unwrap()
        + report["summary"]["unknown"].as_u64().unwrap()
        + report["summary"]["waived"].as_u64().unwrap()
        + report["summary"]["warnings"].as_u64().unwrap();
    assert_eq!(
        counted,
        findings.len() as u64,
        "with --all every instance is listed"
    );
}

#[test]
fn color_is_used_only_when_asked_or_on_a_terminal() {
    let always = run_in(&repo_root(), &["--color", "always", "check"], None);
    assert!(always.stderr.contains("\u{1b}["), "--color always colors");
    let auto = run_in(&repo_root(), &["check"], None);
    assert!(!auto.stderr.contains("\u{1b}["), "not a terminal: no color");
    let never = run_in(&repo_root(), &["--color", "never", "check"], None);
    assert!(!never.stderr.contains("\u{1b}["));
}

/// Without `--all` passes are counted, not kept; the counts must be those of the run that
/// keeps and lists every pass, with and without an environment filter.
#[test]
fn counted_passes_match_listed_passes() {
    for filter in [None, Some("stage"), Some("prod,dev")] {
        let mut args = vec!["--format", "json"];
        if let Some(f) = filter {
            args.extend(["--env-filter", f]);
        }
        let counted = example(&args);
        args.push("--all");
        let listed = example(&args);
        assert_eq!(counted.code, listed.code, "{filter:?}");
        let counted: serde_json::Value = serde_json::from_str(&counted.stdout).unwrap();
        let listed: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
        assert_eq!(counted["summary"], listed["summary"], "{filter:?}");
        let passes = listed["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["outcome"] == "pass")
            .count();
        assert!(passes > 0, "{filter:?}");
        assert_eq!(counted["summary"]["passed"], passes, "{filter:?}");
        let shown = counted["findings"].as_array().unwrap();
        assert!(shown.iter().all(|f| f["outcome"] != "pass"), "{filter:?}");
    }
}
