//! `parity fmt`: the canonical layout keeps comments, is idempotent, and never changes
//! what a contract means (the output lowers to an equal syntax tree).

use std::path::Path;

use parity::source::{FileId, SourceMap};
use parity::syntax::{format, parse};

use super::support::{case_dirs, for_each_case, parity_files, repo_root, run_in};

fn format_text(text: &str) -> Option<String> {
    let parsed = parse(FileId(0), text);
    if parsed
        .diagnostics
        .iter()
        .any(parity::diagnostic::Diagnostic::is_error)
    {
        return None;
    }
    Some(format(&parsed.ast, &parsed.comments, text))
}

#[test]
fn formatting_keeps_the_tree_and_is_idempotent_for_every_contract_in_the_repository() {
    let root = repo_root();
    let mut files = parity_files(&root.join("tests/fixtures"));
    files.extend(parity_files(&root.join("contracts")));
    assert!(
        files.len() > 10,
        "expected many contracts, found {}",
        files.len()
    );
    for_each_case(&files, |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let parsed = parse(FileId(0), &text);
        if parsed
            .diagnostics
            .iter()
            .any(parity::diagnostic::Diagnostic::is_error)
        {
            return; // fixtures of syntax errors
        }
        let once = format(&parsed.ast, &parsed.comments, &text);
        let reparsed = parse(FileId(0), &once);
        assert!(
            reparsed.diagnostics.is_empty(),
            "{}: formatted text does not parse:\n{once}",
            path.display()
        );
        assert_eq!(
            parsed.ast,
            reparsed.ast,
            "{}: formatting changed the tree",
            path.display()
        );
        let twice = format(&reparsed.ast, &reparsed.comments, &once);
        assert_eq!(
            once,
            twice,
            "{}: formatting is not idempotent",
            path.display()
        );
        let comments = |t: &str| {
            t.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count()
        };
        assert_eq!(
            comments(&text),
            comments(&once),
            "{}: a comment line was lost",
            path.display()
        );
    });
}

#[test]
fn fmt_fixtures_match_their_reviewed_layout() {
    let dir = repo_root().join("tests/fixtures/fmt");
    for_each_case(&case_dirs(&dir), |case: &Path| {
        let input = std::fs::read_to_string(case.join("input.parity")).unwrap_or_default();
        let formatted =
            format_text(&input).unwrap_or_else(|| panic!("{} has syntax errors", case.display()));
        insta::with_settings!({
            snapshot_path => case,
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!("formatted", formatted);
        });
    });
}

#[test]
fn the_shipped_example_is_already_formatted() {
    let path = repo_root().join("contracts/jualuma.parity");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(format_text(&text).as_deref(), Some(text.as_str()));
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("parity-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

#[test]
fn fmt_check_names_the_file_exits_1_and_changes_nothing() {
    let dir = temp_dir("fmt-check");
    let messy = "env   stage ;\nrequire key   A   secret in stage ;\n";
    std::fs::write(dir.join("c.parity"), messy).unwrap_or_default();
    let run = run_in(&dir, &["fmt", "--check", "c.parity"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "would reformat c.parity\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("c.parity")).unwrap_or_default(),
        messy
    );
}

#[test]
fn fmt_rewrites_the_file_in_place_and_then_check_passes() {
    let dir = temp_dir("fmt-write");
    std::fs::write(
        dir.join("c.parity"),
        "env   stage ;\nrequire key   A   secret in stage ;\n",
    )
    .unwrap_or_default();
    let run = run_in(&dir, &["fmt", "c.parity"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("c.parity")).unwrap_or_default(),
        "env stage;\nrequire key A secret in stage;\n"
    );
    assert_eq!(run_in(&dir, &["fmt", "--check", "c.parity"], None).code, 0);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .collect();
    assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_untouched_and_exits_2() {
    let dir = temp_dir("fmt-bad");
    let bad = "env stage;\nrequire key ;\n";
    std::fs::write(dir.join("c.parity"), bad).unwrap_or_default();
    let run = run_in(&dir, &["fmt", "c.parity"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not formatted, it has syntax errors"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("c.parity")).unwrap_or_default(),
        bad
    );
}

#[test]
fn fmt_dash_formats_standard_input_to_standard_output() {
    let run = run_in(
        &repo_root(),
        &["fmt", "-"],
        Some("env  dev;   # the dev project\n"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "env dev; # the dev project\n");
}

#[test]
fn source_map_is_usable_from_tests() {
    // Guards the public surface the tests above rely on.
    let mut map = SourceMap::new();
    let id = map.add("x.parity", "env dev;");
    assert_eq!(map.get(id).name, "x.parity");
}
