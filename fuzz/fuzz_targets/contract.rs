//! The contract parser, compiler and formatter: never panic; formatted text reparses to
//! the same tree and formatting is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parity::compile::{self, NoIncludes, Options};
use parity::source::{FileId, SourceMap};
use parity::syntax::{format, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut sources = SourceMap::new();
    let root = sources.add("fuzz.parity", text);
    let _ = compile::compile(&mut sources, root, &mut NoIncludes, &Options::default());
    let parsed = parse(FileId(0), text);
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        return;
    }
    let once = format(&parsed.ast, &parsed.comments, text);
    let again = parse(FileId(0), &once);
    assert!(again.diagnostics.is_empty(), "formatted text does not parse:\n{once}");
    assert_eq!(parsed.ast, again.ast, "formatting changed the tree");
    assert_eq!(format(&again.ast, &again.comments, &once), once, "formatting is not idempotent");
});
