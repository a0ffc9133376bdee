//! The contract workflow: `doc`, `init`, `completions` and `man`.

use super::support::{repo_root, run_in};

/// Every `backticked` token of the seed document, split where the seed joins several
/// (`a=b`, `401/403/404`).
fn seed_tokens() -> Vec<String> {
    let seed = std::fs::read_to_string(repo_root().join("tests/data/seed.txt")).unwrap();
    let mut out = Vec::new();
    for (i, part) in seed.split('`').enumerate() {
        if i % 2 == 1 {
            for piece in part.split(['=', '/']) {
                if !piece.is_empty() && !out.contains(&piece.to_owned()) {
                    out.push(piece.to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn the_document_of_the_example_holds_every_key_role_member_annotation_and_value_of_the_seed() {
    let run = run_in(&repo_root(), &["doc", "contracts/jualuma.parity"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tokens = seed_tokens();
    assert!(tokens.len() > 30, "the seed has many tokens: {tokens:?}");
    let missing: Vec<&String> = tokens
        .iter()
        .filter(|t| !run.stdout.contains(t.as_str()))
        .collect();
    assert!(missing.is_empty(), "missing from the document: {missing:?}");
    assert!(
        run.stdout
            .starts_with("# Runtime Parity Contract (Prod vs Stage)\n")
    );
    assert!(run.stdout.contains("Last updated: 2026-02-27"));
    assert!(run.stdout.contains("- `DATABASE_URL` (secret ref)"));
}

#[test]
fn doc_writes_a_file_and_refuses_a_contract_with_errors() {
    let dir = std::env::temp_dir().join(format!("parity-doc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("CONTRACT.md");
    let root = repo_root();
    let contract = root.join("contracts/jualuma.parity");
    let run = run_in(
        &dir,
        &["doc", contract.to_str().unwrap(), "--output", "CONTRACT.md"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("## Backend required keys (stage)")
    );
    std::fs::write(dir.join("bad.parity"), "require key A in nowhere;\n").unwrap();
    let bad = run_in(&dir, &["doc", "bad.parity"], None);
    assert_eq!(bad.code, 2);
    assert!(bad.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_drafts_a_valid_contract_that_the_snapshots_check_clean_against() {
    let dir = std::env::temp_dir().join(format!("parity-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let snapshots = repo_root().join("contracts/snapshots");
    let snapshots = snapshots.to_str().unwrap();
    let run = run_in(
        &dir,
        &["init", "--snapshots", snapshots, "--output", "draft.parity"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let validate = run_in(&dir, &["validate", "draft.parity"], None);
    assert_eq!(validate.code, 0, "{}", validate.stderr);
    let fmt = run_in(&dir, &["fmt", "--check", "draft.parity"], None);
    assert_eq!(fmt.code, 0, "the draft is already formatted");
    let check = run_in(
        &dir,
        &["check", "draft.parity", "--snapshots", snapshots],
        None,
    );
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("0 failed, 0 unknown"),
        "{}",
        check.stderr
    );
    let again = run_in(
        &dir,
        &["init", "--snapshots", snapshots, "--output", "draft.parity"],
        None,
    );
    assert_eq!(again.code, 2, "init never overwrites a contract");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run_in(&repo_root(), &["completions", shell], None);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for sub in ["check", "validate", "fmt", "explain", "doc", "init"] {
            assert!(run.stdout.contains(sub), "{shell} completions miss `{sub}`");
        }
    }
}

#[test]
fn the_man_page_is_roff_and_lists_the_commands() {
    let run = run_in(&repo_root(), &["man"], None);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(".TH parity"),
        "{}",
        &run.stdout[..run.stdout.len().min(200)]
    );
    assert!(run.stdout.contains("check"));
}
