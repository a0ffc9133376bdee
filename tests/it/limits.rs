//! Limits on hostile input (each a clear error, never a crash or a hang) and fail-closed
//! checking (data that is missing is never a pass).

use std::path::{Path, PathBuf};

use super::support::{repo_root, run_in};

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parity-limits-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("snapshots/stage")).unwrap();
    std::fs::write(dir.join("c.parity"), "env stage;\nrequire key A;\n").unwrap();
    dir
}

fn check(dir: &Path) -> super::support::Run {
    run_in(
        dir,
        &["check", "c.parity", "--snapshots", "snapshots"],
        None,
    )
}

fn rejected(name: &str, file: &str, text: &str, message: &str) {
    let dir = temp(name);
    std::fs::write(dir.join("snapshots/stage").join(file), text).unwrap();
    let run = check(&dir);
    assert_eq!(run.code, 2, "{name}: {}", run.stderr);
    assert!(run.stderr.contains(message), "{name}: {}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let big = format!("# {}\n", "x".repeat(17 << 20));
    rejected("size", "big.yaml", &big, "larger than 16 MiB");
}

#[test]
fn deep_yaml_nesting_is_refused() {
    let deep = format!("a: {}{}\n", "[".repeat(5_000), "]".repeat(5_000));
    rejected("yaml-depth", "deep.yaml", &deep, "recursion limit");
}

#[test]
fn deep_json_nesting_is_refused() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    rejected(
        "json-depth",
        "deep.json",
        &deep,
        "nested deeper than 128 levels",
    );
}

#[test]
fn yaml_alias_expansion_is_bounded() {
    let mut lines = vec![
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"
            .to_owned(),
    ];
    for i in 1..10u8 {
        let (prev, cur) = (char::from(b'a' + i - 1), char::from(b'a' + i));
        lines.push(format!(
            "{cur}: &{cur} [{}]",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    rejected("laughs", "laughs.yaml", &lines.join("\n"), "aliases");
}

#[test]
fn too_many_files_in_a_folder_is_refused() {
    let dir = temp("files");
    for i in 0..20_001 {
        std::fs::write(dir.join(format!("snapshots/stage/n{i}.md")), "").unwrap();
    }
    let run = check(&dir);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("holds more than 20000 files"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_regex_too_large_to_compile_is_a_contract_error() {
    let dir = temp("regex");
    std::fs::write(
        dir.join("c.parity"),
        "env stage;\nexpect X matches /(a{100}){100}{100}/;\n",
    )
    .unwrap();
    let run = run_in(&dir, &["validate", "c.parity"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the compiled pattern is larger than"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Copies a folder tree.
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn removing_any_one_snapshot_file_never_leaves_the_check_passing() {
    let fixture = repo_root().join("tests/fixtures/fail-closed");
    let whole = run_in(
        &fixture,
        &["check", "contract.parity", "--snapshots", "snapshots"],
        None,
    );
    assert_eq!(
        whole.code, 0,
        "the complete snapshot passes: {}",
        whole.stderr
    );
    let originals = files(&fixture.join("snapshots"));
    assert!(originals.len() >= 5);
    for original in originals {
        let rel = original
            .strip_prefix(fixture.join("snapshots"))
            .unwrap()
            .to_owned();
        let dir = std::env::temp_dir().join(format!("parity-fail-closed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy(&fixture, &dir);
        std::fs::remove_file(dir.join("snapshots").join(&rel)).unwrap();
        let run = run_in(
            &dir,
            &["check", "contract.parity", "--snapshots", "snapshots"],
            None,
        );
        let service_file = rel.extension().is_some_and(|e| e == "json")
            && rel.file_stem().is_some_and(|s| s == "backend");
        if service_file {
            assert_eq!(
                run.code,
                2,
                "without {}: the folder holds no service",
                rel.display()
            );
        } else {
            assert_eq!(
                run.code,
                3,
                "without {} the rules that need it are unknown:\n{}",
                rel.display(),
                run.stderr
            );
            assert!(run.stderr.contains("unknown"), "{}", run.stderr);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn an_empty_snapshot_folder_is_an_error() {
    let dir = temp("empty");
    let run = check(&dir);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("holds no service"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}
