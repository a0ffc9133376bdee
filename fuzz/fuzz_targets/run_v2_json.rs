//! The snapshot reader for `svc.json`: reads or rejects with a positioned diagnostic, never
//! panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parity::snapshot::read_file;
use parity::source::FileId;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let read = read_file(FileId(0), "svc.json", text);
    if read.content.is_none() && !read.ignored {
        assert!(!read.diagnostics.is_empty(), "rejected without a diagnostic");
    }
    for d in &read.diagnostics {
        if let Some(span) = d.primary_span() {
            assert!(span.end as usize <= text.len(), "a span past the end of the text");
        }
    }
});
