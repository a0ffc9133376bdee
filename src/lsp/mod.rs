//! `parity lsp`: the language server, over stdio. The analysis (`analysis.rs`) works in
//! byte offsets on the pure core; the protocol layer (`server.rs`) is the only code that
//! knows LSP types and UTF-16 positions.

mod analysis;
mod server;

pub use analysis::Analysis;
pub use server::{
    Backend, capabilities, completions, format_edits, lsp_diagnostics, semantic_tokens, symbols,
};

use tower_lsp_server::{LspService, Server};

/// Serves the language server on stdin and stdout until the client exits.
pub fn serve_stdio(today: jiff::civil::Date) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async move {
        let stdin = tokio::io::stdin();
        let stdout = tokio::io::stdout();
        let (service, socket) = LspService::new(|client| Backend::new(client, today));
        Server::new(stdin, stdout, socket).serve(service).await;
    });
    Ok(())
}
