//! `parity explain`: every statement kind and diagnostic code is documented.

use parity::compile::{DeclarationKind, RuleKind};
use parity::diagnostic::Code;

use super::support::{repo_root, run_in};

fn assert_doc_shape(name: &str, doc: &str) {
    assert!(
        doc.starts_with(&format!("# {name}\n")),
        "{name}: the doc must start with `# {name}`"
    );
    for section in ["## What it does", "## Why it matters", "## Example"] {
        assert!(
            doc.contains(section),
            "{name}: the doc has no `{section}` section"
        );
    }
}

#[test]
fn every_rule_kind_declaration_and_code_has_what_why_and_example() {
    for k in RuleKind::ALL {
        assert_doc_shape(k.as_str(), k.doc());
    }
    for k in DeclarationKind::ALL {
        assert_doc_shape(k.as_str(), k.doc());
    }
    for c in Code::ALL {
        assert_doc_shape(c.as_str(), c.doc());
    }
}

#[test]
fn explain_without_a_name_lists_every_kind_and_code() {
    let run = run_in(&repo_root(), &["explain"], None);
    assert_eq!(run.code, 0);
    for k in RuleKind::ALL {
        assert!(run.stdout.contains(k.as_str()), "missing {}", k.as_str());
    }
    for c in Code::ALL {
        assert!(run.stdout.contains(c.as_str()), "missing {}", c.as_str());
    }
}

#[test]
fn explain_prints_the_doc_of_a_code() {
    let run = run_in(&repo_root(), &["explain", "unknown-environment"], None);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, Code::UnknownEnvironment.doc());
}

#[test]
fn explain_of_an_unknown_name_suggests_the_closest_and_exits_2() {
    let run = run_in(&repo_root(), &["explain", "require-kye"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `require-key`?"),
        "{}",
        run.stderr
    );
}

/// The `parity` code blocks of a doc, in order.
fn parity_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```parity") => current = Some(String::new()),
            (Some(_), l) if l.starts_with("```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

fn codes_of(text: &str) -> Vec<Code> {
    let mut sources = parity::source::SourceMap::new();
    let root = sources.add("example.parity", text);
    let options = parity::compile::Options {
        today: "2026-12-03".parse().ok(),
    };
    let compiled = parity::compile::compile(
        &mut sources,
        root,
        &mut parity::compile::NoIncludes,
        &options,
    );
    compiled.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn every_kind_example_compiles_without_errors() {
    for name in RuleKind::ALL.iter().map(|k| (k.as_str(), k.doc())).chain(
        DeclarationKind::ALL
            .iter()
            .filter(|k| **k != DeclarationKind::Use)
            .map(|k| (k.as_str(), k.doc())),
    ) {
        let (name, doc) = name;
        let blocks = parity_blocks(doc);
        assert!(!blocks.is_empty(), "{name}: no ```parity example");
        for block in blocks {
            let codes = codes_of(&block);
            assert!(
                codes.is_empty(),
                "{name}: example reports {codes:?}:\n{block}"
            );
        }
    }
}

#[test]
fn every_code_example_triggers_its_code_and_its_fix_does_not() {
    // These need files on disk or a second file; their CLI tests cover them.
    let skip = [
        Code::UnreadableFile,
        Code::MissingInclude,
        Code::IncludeCycle,
    ];
    let compile_codes = Code::ALL
        .iter()
        .filter(|c| c.phase() == parity::diagnostic::Phase::Contract);
    for code in compile_codes.filter(|c| !skip.contains(c)) {
        let blocks = parity_blocks(code.doc());
        assert!(
            blocks.len() >= 2,
            "{code}: needs a failing example and its fix"
        );
        let trigger = codes_of(&blocks[0]);
        assert!(
            trigger.contains(code),
            "{code}: the example reports {trigger:?}:\n{}",
            blocks[0]
        );
        let fixed = codes_of(&blocks[1]);
        assert!(
            !fixed.contains(code),
            "{code}: the fix still reports it:\n{}",
            blocks[1]
        );
    }
}

#[test]
fn every_documented_example_is_in_canonical_layout() {
    let docs = RuleKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.doc()))
        .chain(DeclarationKind::ALL.iter().map(|k| (k.as_str(), k.doc())))
        .chain(Code::ALL.iter().map(|c| (c.as_str(), c.doc())));
    for (name, doc) in docs {
        for block in parity_blocks(doc) {
            let parsed = parity::syntax::parse(parity::source::FileId(0), &block);
            if parsed
                .diagnostics
                .iter()
                .any(parity::diagnostic::Diagnostic::is_error)
            {
                continue; // the examples of syntax errors
            }
            let formatted = parity::syntax::format(&parsed.ast, &parsed.comments, &block);
            assert_eq!(
                formatted, block,
                "{name}: an example is not in `parity fmt` layout"
            );
        }
    }
}
