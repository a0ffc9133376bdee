//! `parity doc CONTRACT [--output FILE]`

use super::args::DocArgs;
use super::fmt::write_atomic;
use super::validate::compile_file;
use super::{Exit, Io};
use crate::report::{document, human};
use crate::source::SourceMap;

pub(super) fn run(args: &DocArgs, io: &mut Io<'_>) -> Exit {
    let mut sources = SourceMap::new();
    let compiled = match compile_file(&mut sources, &args.contract, io.today) {
        Ok(c) => c,
        Err(reason) => {
            io.err(&format!(
                "error[unreadable-file]: cannot read `{}`: {reason}\n",
                args.contract.display()
            ));
            return Exit::Error;
        }
    };
    if compiled.has_errors() {
        let style = human::Style {
            color: io.color_for(true),
            width: 100,
        };
        for d in &compiled.diagnostics {
            io.err(&human::render(d, &sources, style));
        }
        io.err("no document was written: the contract has errors\n");
        return Exit::Error;
    }
    let text = document::render(&compiled);
    match &args.output {
        None => io.out(&text),
        Some(path) => {
            if let Err(reason) = write_atomic(path, &text) {
                io.err(&format!(
                    "error: cannot write `{}`: {reason}\n",
                    path.display()
                ));
                return Exit::Error;
            }
        }
    }
    Exit::Ok
}
