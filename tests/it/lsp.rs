//! The language server, driven in-process with LSP messages; the answers are snapshots.

use futures::StreamExt as _;
use serde_json::{Value, json};
use tower::{Service as _, ServiceExt as _};
use tower_lsp_server::LspService;
use tower_lsp_server::jsonrpc::{Request, Response};

use parity::lsp::Backend;

const URI: &str = "file:///work/contracts/demo.parity";

/// A contract with non-ASCII text before its spans, so UTF-16 columns differ from bytes
/// and characters.
const DOC: &str = "## Überprüfung 😀 of the stage posture\nenv stage { project \"acme-stage\"; }\nenv prod;\n\nservice backend in stage {\n  require key DATABASE_URL secret; # 😀😀\n}\ndeny invoker allUsers in stgae;\nwaive require-key/backend/DATABASE_URL until 2027-01-31 because \"migration (OPS-1)\";\n";

struct Server {
    service: LspService<Backend>,
    messages: std::sync::Arc<std::sync::Mutex<Vec<Value>>>,
    next_id: i64,
}

impl Server {
    async fn start() -> Server {
        let today = "2026-12-03".parse().unwrap();
        let (service, socket) = LspService::new(move |client| Backend::new(client, today));
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = messages.clone();
        tokio::spawn(async move {
            let mut socket = socket;
            while let Some(request) = socket.next().await {
                sink.lock()
                    .unwrap()
                    .push(serde_json::to_value(&request).unwrap());
            }
        });
        let mut server = Server {
            service,
            messages,
            next_id: 0,
        };
        let init = server
            .request("initialize", json!({ "capabilities": {} }))
            .await;
        assert!(init["capabilities"]["hoverProvider"].as_bool().unwrap());
        server.notify("initialized", json!({})).await;
        server
    }

    async fn call(&mut self, request: Request) -> Option<Response> {
        self.service
            .ready()
            .await
            .unwrap()
            .call(request)
            .await
            .unwrap()
    }

    async fn request(&mut self, method: &'static str, params: Value) -> Value {
        self.next_id += 1;
        let request = Request::build(method)
            .params(params)
            .id(self.next_id)
            .finish();
        let response = self.call(request).await.expect("a response");
        let value = serde_json::to_value(&response).unwrap();
        assert!(value.get("error").is_none(), "{method}: {value}");
        value["result"].clone()
    }

    async fn notify(&mut self, method: &'static str, params: Value) {
        let request = Request::build(method).params(params).finish();
        assert!(self.call(request).await.is_none());
    }

    async fn open(&mut self, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": URI, "languageId": "parity", "version": 1, "text": text } }),
        )
        .await;
    }

    /// The last diagnostics published for the document.
    async fn diagnostics(&self) -> Value {
        for _ in 0..100 {
            let found = self
                .messages
                .lock()
                .unwrap()
                .iter()
                .rev()
                .find(|m| m["method"] == "textDocument/publishDiagnostics")
                .cloned();
            if let Some(m) = found {
                return m["params"].clone();
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("no diagnostics were published")
    }

    async fn at(&mut self, method: &'static str, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }),
        )
        .await
    }
}

#[tokio::test]
async fn diagnostics_as_you_type_use_utf16_positions() {
    let mut s = Server::start().await;
    s.open(DOC).await;
    let published = s.diagnostics().await;
    insta::assert_json_snapshot!("lsp_diagnostics", published);
    // `stgae` is on line 7 after only ASCII; line 5 has emoji after the span.
    let d = &published["diagnostics"][0];
    assert_eq!(d["code"], "unknown-environment");
    assert_eq!(d["range"]["start"], json!({ "line": 7, "character": 25 }));
    // Typing the fix clears it.
    s.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [ { "text": DOC.replace("stgae", "stage") } ] }),
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(s.diagnostics().await["diagnostics"], json!([]));
}

#[tokio::test]
async fn utf16_columns_count_surrogate_pairs_before_a_span() {
    let mut s = Server::start().await;
    let text = "env stage;\nexpect NOTE = \"😀😀\"; expect X is nope;\n";
    s.open(text).await;
    let d = s.diagnostics().await;
    // `nope` is the 33rd character, after 2 emoji (4 UTF-16 units, 8 bytes): UTF-16
    // character 34, not 32 (characters) or 38 (bytes).
    assert_eq!(
        d["diagnostics"][0]["range"]["start"],
        json!({ "line": 1, "character": 34 })
    );
}

#[tokio::test]
async fn hover_explains_keywords_statements_and_names() {
    let mut s = Server::start().await;
    s.open(DOC).await;
    let on_require = s.at("textDocument/hover", 5, 3).await;
    let text = on_require["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with(
            "**`require-key/backend/DATABASE_URL`**: `DATABASE_URL` is set from a secret reference"
        ),
        "{text}"
    );
    assert!(text.contains("# require-key"), "the explain text follows");
    let on_env_keyword = s.at("textDocument/hover", 1, 1).await;
    assert!(
        on_env_keyword["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("# env")
    );
    let on_name = s.at("textDocument/hover", 4, 21).await;
    insta::assert_json_snapshot!("lsp_hover_name", on_name);
}

#[tokio::test]
async fn go_to_definition_of_environments_services_and_waived_rules() {
    let mut s = Server::start().await;
    s.open(DOC).await;
    let env = s.at("textDocument/definition", 4, 21).await;
    assert_eq!(env["uri"], URI);
    assert_eq!(env["range"]["start"], json!({ "line": 1, "character": 4 }));
    let rule = s.at("textDocument/definition", 8, 10).await;
    assert_eq!(rule["range"]["start"], json!({ "line": 5, "character": 2 }));
    let nothing = s.at("textDocument/definition", 5, 20).await;
    assert!(nothing.is_null());
}

#[tokio::test]
async fn symbols_completion_formatting_and_semantic_tokens() {
    let mut s = Server::start().await;
    s.open(DOC).await;
    let symbols = s
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    insta::assert_json_snapshot!("lsp_symbols", symbols);
    let completion = s.at("textDocument/completion", 3, 0).await;
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    for want in [
        "require",
        "expect",
        "stage",
        "prod",
        "backend",
        "run.googleapis.com/ingress",
    ] {
        assert!(labels.contains(&want), "completion misses `{want}`");
    }
    let options = json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } });
    let none = s.request("textDocument/formatting", options.clone()).await;
    assert_eq!(
        none,
        json!([]),
        "an already formatted document needs no edit"
    );
    s.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [ { "text": "env   stage ;# 😀\nservice backend{require key A  secret in stage;}\n" } ] }),
    )
    .await;
    let edits = s.request("textDocument/formatting", options).await;
    insta::assert_json_snapshot!("lsp_formatting", edits);
    s.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [ { "text": DOC } ] }),
    )
    .await;
    let tokens = s
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let data = tokens["data"].as_array().unwrap();
    assert_eq!(data.len() % 5, 0);
    // The first token is the doc comment of line 0: 0,0,len,comment,documentation.
    assert_eq!(
        &data[..5],
        &[json!(0), json!(0), json!(38), json!(1), json!(1)]
    );
    insta::assert_json_snapshot!("lsp_semantic_tokens", tokens);
}

/// Frames one JSON-RPC message the way LSP sends it over stdio.
fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Reads framed messages from `reader` until one satisfies `wanted`.
fn read_until(reader: &mut impl std::io::BufRead, wanted: impl Fn(&Value) -> bool) -> Value {
    loop {
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            assert!(
                reader.read_line(&mut line).unwrap() > 0,
                "the server closed its output"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let message: Value = serde_json::from_slice(&body).unwrap();
        if wanted(&message) {
            return message;
        }
    }
}

/// The real binary over real stdio: `parity lsp` answers `initialize`, publishes
/// diagnostics and exits cleanly on `shutdown` + `exit`. (The in-process tests above cannot
/// see a deadlock between the binary's own stdio handles and the server's.)
#[test]
fn the_binary_serves_lsp_over_stdio() {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parity"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut stdout = std::io::BufReader::new(stdout);
        let init = read_until(&mut stdout, |m| m["id"] == 1);
        tx.send(init).unwrap();
        let diagnostics = read_until(&mut stdout, |m| {
            m["method"] == "textDocument/publishDiagnostics"
        });
        tx.send(diagnostics).unwrap();
        let shutdown = read_until(&mut stdout, |m| m["id"] == 2);
        tx.send(shutdown).unwrap();
    });
    let wait = std::time::Duration::from_secs(20);
    stdin
        .write_all(&frame(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})))
        .unwrap();
    stdin.flush().unwrap();
    let init = rx
        .recv_timeout(wait)
        .expect("`parity lsp` answered initialize");
    assert_eq!(init["result"]["serverInfo"]["name"], "parity", "{init}");
    for message in [
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": URI, "languageId": "parity", "version": 1, "text": "env stage;\ndeny invoker allUsers in stgae;\n"}}}),
    ] {
        stdin.write_all(&frame(&message)).unwrap();
    }
    stdin.flush().unwrap();
    let diagnostics = rx.recv_timeout(wait).expect("diagnostics were published");
    let first = &diagnostics["params"]["diagnostics"][0];
    assert_eq!(first["range"]["start"]["line"], 1, "{diagnostics}");
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        ))
        .unwrap();
    stdin.flush().unwrap();
    rx.recv_timeout(wait)
        .expect("`parity lsp` answered shutdown");
    stdin
        .write_all(&frame(&json!({"jsonrpc": "2.0", "method": "exit"})))
        .unwrap();
    drop(stdin);
    reader.join().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "`parity lsp` exited with {status}");
}
