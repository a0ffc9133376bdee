//! The real-world corpus (`tests/corpus/real`, provenance in its SOURCES.md): every reader
//! reads each file or rejects it with a positioned diagnostic, and never panics. The
//! outcome of every file is one reviewed snapshot.

use std::fmt::Write as _;

use parity::snapshot::{FileContent, read_file};
use parity::source::SourceMap;

use super::support::repo_root;

#[test]
fn every_corpus_file_is_read_or_rejected_with_a_position() {
    let dir = repo_root().join("tests/corpus/real");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "SOURCES.md")
        .collect();
    names.sort();
    assert_eq!(names.len(), 58, "the corpus has 58 data files");
    let mut report = String::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let mut sources = SourceMap::new();
        let file = sources.add(name.clone(), text.clone());
        let read = std::panic::catch_unwind(|| read_file(file, name, &text))
            .unwrap_or_else(|_| panic!("{name}: the reader panicked"));
        let _ = write!(report, "{name}: ");
        match &read.content {
            Some(FileContent::Services(list)) => {
                let items: Vec<String> = list
                    .iter()
                    .map(|s| format!("{} ({} vars)", s.name.node, s.env().count()))
                    .collect();
                let _ = writeln!(report, "services {}", items.join(", "));
            }
            Some(FileContent::ServicePolicy { service, policy }) => {
                let _ = writeln!(
                    report,
                    "policy of {service}, {} bindings",
                    policy.bindings.len()
                );
            }
            Some(FileContent::AccountPolicy { email, .. }) => {
                let _ = writeln!(report, "policy of {email}");
            }
            Some(FileContent::Probes(p)) => {
                let _ = writeln!(report, "{} probes", p.len());
            }
            Some(FileContent::SecretShapes(s)) => {
                let _ = writeln!(report, "{} secret shapes", s.len());
            }
            None if read.ignored => {
                let _ = writeln!(report, "ignored");
            }
            None => {
                assert!(
                    !read.diagnostics.is_empty(),
                    "{name}: rejected without a diagnostic"
                );
                let _ = writeln!(report, "rejected");
            }
        }
        for d in &read.diagnostics {
            let span = d.primary_span();
            let at = span.map(|s| sources.start(s));
            assert!(at.is_some(), "{name}: `{}` has no position", d.message);
            let at = at.unwrap();
            let _ = writeln!(
                report,
                "  {}:{} {} {}",
                at.line, at.column, d.code, d.message
            );
        }
    }
    insta::assert_snapshot!("corpus", report);
}
