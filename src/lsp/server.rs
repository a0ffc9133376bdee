//! The LSP protocol layer over tower-lsp-server: documents in memory, diagnostics as you
//! type, hover, go to definition, document symbols, completion, formatting and semantic
//! tokens. Positions are UTF-16, as the protocol requires.

use std::collections::HashMap;
use std::sync::Mutex;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, CompletionParams, CompletionResponse,
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentFormattingParams, DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, Location, MarkupContent,
    MarkupKind, NumberOrString, OneOf, Position, Range, SemanticToken, SemanticTokenModifier,
    SemanticTokenType, SemanticTokens, SemanticTokensFullOptions, SemanticTokensLegend,
    SemanticTokensOptions, SemanticTokensParams, SemanticTokensResult,
    SemanticTokensServerCapabilities, ServerCapabilities, ServerInfo, SymbolKind,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use super::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, TokenClass};

/// Annotation names worth completing.
const ANNOTATIONS: &[&str] = &[
    "run.googleapis.com/ingress",
    "run.googleapis.com/ingress-status",
    "run.googleapis.com/invoker-iam-disabled",
    "run.googleapis.com/default-url-disabled",
    "run.googleapis.com/iap-enabled",
    "run.googleapis.com/launch-stage",
    "run.googleapis.com/binary-authorization",
    "run.googleapis.com/binary-authorization-breakglass",
    "run.googleapis.com/cloudsql-instances",
    "run.googleapis.com/secrets",
    "run.googleapis.com/vpc-access-connector",
    "run.googleapis.com/vpc-access-egress",
    "run.googleapis.com/execution-environment",
    "run.googleapis.com/cpu-throttling",
    "run.googleapis.com/startup-cpu-boost",
    "autoscaling.knative.dev/minScale",
    "autoscaling.knative.dev/maxScale",
];

/// The token types of semantic highlighting, in legend order.
const TOKEN_TYPES: [SemanticTokenType; 10] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::COMMENT,
    SemanticTokenType::STRING,
    SemanticTokenType::REGEXP,
    SemanticTokenType::NUMBER,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::DECORATOR,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::TYPE,
];

fn token_type(class: TokenClass) -> (u32, u32) {
    // (type index, modifier bits); doc comments are comments with `documentation`.
    match class {
        TokenClass::Keyword => (0, 0),
        TokenClass::Comment => (1, 0),
        TokenClass::DocComment => (1, 1),
        TokenClass::String => (2, 0),
        TokenClass::Regex => (3, 0),
        TokenClass::Number => (4, 0),
        TokenClass::Key => (5, 0),
        TokenClass::Name => (6, 0),
        TokenClass::RuleId => (7, 0),
        TokenClass::Member => (8, 0),
        TokenClass::Shape => (9, 0),
    }
}

/// The language server.
pub struct Backend {
    client: Client,
    docs: Mutex<HashMap<String, String>>,
    today: jiff::civil::Date,
}

impl Backend {
    pub fn new(client: Client, today: jiff::civil::Date) -> Self {
        Backend {
            client,
            docs: Mutex::new(HashMap::new()),
            today,
        }
    }

    fn text(&self, uri: &Uri) -> Option<String> {
        self.docs.lock().ok()?.get(uri.as_str()).cloned()
    }

    fn analyze(&self, uri: &Uri) -> Option<Analysis> {
        let text = self.text(uri)?;
        let path = uri.to_file_path().map(std::borrow::Cow::into_owned);
        Some(Analysis::new(&text, path.as_deref(), self.today))
    }

    async fn publish(&self, uri: Uri) {
        let Some(analysis) = self.analyze(&uri) else {
            return;
        };
        let diagnostics = lsp_diagnostics(&analysis, &uri, analysis.root);
        self.client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
    }
}

fn position(sources: &SourceMap, file: FileId, offset: usize) -> Position {
    let f = sources.get(file);
    let (line, character) = f.line_index().line_utf16(f.text(), offset);
    Position { line, character }
}

fn range(sources: &SourceMap, span: Span) -> Range {
    Range {
        start: position(sources, span.file, span.start as usize),
        end: position(sources, span.file, span.end as usize),
    }
}

fn offset(analysis: &Analysis, p: Position) -> usize {
    let f = analysis.sources.get(analysis.root);
    f.line_index().offset_utf16(f.text(), p.line, p.character)
}

fn uri_of(analysis: &Analysis, root_uri: &Uri, file: FileId) -> Option<Uri> {
    if file == analysis.root {
        return Some(root_uri.clone());
    }
    analysis.path_of(file).and_then(Uri::from_file_path)
}

/// The diagnostics of `file`, other labels as related information.
pub fn lsp_diagnostics(analysis: &Analysis, uri: &Uri, file: FileId) -> Vec<LspDiagnostic> {
    analysis
        .diagnostics()
        .iter()
        .filter(|d| d.primary_span().is_some_and(|s| s.file == file))
        .map(|d| to_lsp(d, analysis, uri))
        .collect()
}

fn to_lsp(d: &Diagnostic, analysis: &Analysis, uri: &Uri) -> LspDiagnostic {
    let primary = d.primary_span().unwrap_or(Span::new(analysis.root, 0..0));
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| l.span != primary || !l.primary)
        .filter_map(|l| {
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: uri_of(analysis, uri, l.span.file)?,
                    range: range(&analysis.sources, l.span),
                },
                message: l.message.clone(),
            })
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    LspDiagnostic {
        range: range(&analysis.sources, primary),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        source: Some("parity".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..LspDiagnostic::default()
    }
}

/// The capabilities the server offers.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["\"".to_owned()]),
            ..CompletionOptions::default()
        }),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: TOKEN_TYPES.to_vec(),
                    token_modifiers: vec![SemanticTokenModifier::DOCUMENTATION],
                },
                full: Some(SemanticTokensFullOptions::Bool(true)),
                ..SemanticTokensOptions::default()
            },
        )),
        ..ServerCapabilities::default()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, _: InitializeParams) -> Result<InitializeResult> {
        Ok(InitializeResult {
            capabilities: capabilities(),
            server_info: Some(ServerInfo {
                name: "parity".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            ..InitializeResult::default()
        })
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Ok(mut docs) = self.docs.lock() {
            docs.insert(uri.as_str().to_owned(), params.text_document.text);
        }
        self.publish(uri).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        // Full sync: the last change holds the whole text.
        if let Some(change) = params.content_changes.into_iter().last()
            && let Ok(mut docs) = self.docs.lock()
        {
            docs.insert(uri.as_str().to_owned(), change.text);
        }
        self.publish(uri).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Ok(mut docs) = self.docs.lock() {
            docs.remove(uri.as_str());
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some(analysis) = self.analyze(&p.text_document.uri) else {
            return Ok(None);
        };
        let at = offset(&analysis, p.position);
        Ok(analysis.hover(at).map(|(span, text)| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(range(&analysis.sources, span)),
        }))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let uri = p.text_document.uri;
        let Some(analysis) = self.analyze(&uri) else {
            return Ok(None);
        };
        let at = offset(&analysis, p.position);
        Ok(analysis.definition(at).and_then(|span| {
            Some(GotoDefinitionResponse::Scalar(Location {
                uri: uri_of(&analysis, &uri, span.file)?,
                range: range(&analysis.sources, span),
            }))
        }))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(analysis) = self.analyze(&params.text_document.uri) else {
            return Ok(None);
        };
        Ok(Some(DocumentSymbolResponse::Nested(symbols(&analysis))))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri;
        let analysis = self.analyze(&uri);
        Ok(Some(CompletionResponse::Array(completions(
            analysis.as_ref(),
        ))))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(text) = self.text(&params.text_document.uri) else {
            return Ok(None);
        };
        Ok(format_edits(&text))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some(text) = self.text(&params.text_document.uri) else {
            return Ok(None);
        };
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: semantic_tokens(&text),
        })))
    }
}

/// Environments, services and rules of the document, rules nested under their service.
#[expect(
    deprecated,
    reason = "`DocumentSymbol::deprecated` must still be written"
)]
pub fn symbols(analysis: &Analysis) -> Vec<DocumentSymbol> {
    let contract = &analysis.compiled.contract;
    let sym = |name: String,
               detail: Option<String>,
               kind: SymbolKind,
               span: Span,
               children: Option<Vec<DocumentSymbol>>| {
        let r = range(&analysis.sources, span);
        DocumentSymbol {
            name,
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: r,
            selection_range: r,
            children,
        }
    };
    let mut out = Vec::new();
    for e in contract
        .envs
        .iter()
        .filter(|e| e.span.file == analysis.root)
    {
        let detail = e.project.as_ref().map(|p| format!("project {}", p.node));
        out.push(sym(
            e.name.clone(),
            detail,
            SymbolKind::NAMESPACE,
            e.span,
            None,
        ));
    }
    for (i, s) in contract.services.iter().enumerate() {
        let Some(first) = s.spans.iter().find(|sp| sp.file == analysis.root) else {
            continue;
        };
        let children: Vec<DocumentSymbol> = contract
            .rules
            .iter()
            .filter(|r| r.service == Some(i) && r.span.file == analysis.root)
            .map(|r| {
                sym(
                    r.id.clone(),
                    Some(r.meaning(contract)),
                    SymbolKind::PROPERTY,
                    r.span,
                    None,
                )
            })
            .collect();
        out.push(sym(
            s.name.clone(),
            Some(format!("deployed as {}", s.deployed)),
            SymbolKind::CLASS,
            *first,
            Some(children),
        ));
    }
    for r in contract
        .rules
        .iter()
        .filter(|r| r.service.is_none() && r.span.file == analysis.root)
    {
        out.push(sym(
            r.id.clone(),
            Some(r.meaning(contract)),
            SymbolKind::PROPERTY,
            r.span,
            None,
        ));
    }
    out
}

/// Keywords, declared environments and services, and annotation names.
pub fn completions(analysis: Option<&Analysis>) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = syntax::keywords()
        .into_iter()
        .map(|k| CompletionItem {
            label: k.to_owned(),
            kind: Some(CompletionItemKind::KEYWORD),
            ..CompletionItem::default()
        })
        .collect();
    if let Some(a) = analysis {
        let c = &a.compiled.contract;
        items.extend(c.envs.iter().map(|e| CompletionItem {
            label: e.name.clone(),
            kind: Some(CompletionItemKind::MODULE),
            detail: Some("environment".to_owned()),
            ..CompletionItem::default()
        }));
        items.extend(c.services.iter().map(|s| CompletionItem {
            label: s.name.clone(),
            kind: Some(CompletionItemKind::CLASS),
            detail: Some("service".to_owned()),
            ..CompletionItem::default()
        }));
    }
    items.extend(ANNOTATIONS.iter().map(|a| CompletionItem {
        label: (*a).to_owned(),
        kind: Some(CompletionItemKind::PROPERTY),
        detail: Some("annotation".to_owned()),
        ..CompletionItem::default()
    }));
    items
}

/// One edit replacing the whole document with its canonical layout; `None` when it has
/// syntax errors or is already formatted.
pub fn format_edits(text: &str) -> Option<Vec<TextEdit>> {
    let parsed = syntax::parse(FileId(0), text);
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    let formatted = syntax::format(&parsed.ast, &parsed.comments, text);
    if formatted == text {
        return Some(Vec::new());
    }
    let mut sources = SourceMap::new();
    let file = sources.add("doc", text);
    Some(vec![TextEdit {
        range: Range {
            start: Position {
                line: 0,
                character: 0,
            },
            end: position(&sources, file, text.len()),
        },
        new_text: formatted,
    }])
}

/// Semantic tokens, delta-encoded in UTF-16 units.
pub fn semantic_tokens(text: &str) -> Vec<SemanticToken> {
    let mut sources = SourceMap::new();
    let file = sources.add("doc", text);
    let mut out = Vec::new();
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for (r, class) in syntax::highlights(text) {
        // A token spanning lines (a multi-line string) is sent line by line's first part.
        let start = position(&sources, file, r.start);
        let end = position(&sources, file, r.end);
        let length = if end.line == start.line {
            end.character - start.character
        } else {
            let line_end = text[r.start..].find('\n').map_or(r.end, |i| r.start + i);
            position(&sources, file, line_end).character - start.character
        };
        let (token_type, modifiers) = token_type(class);
        let delta_line = start.line - last_line;
        let delta_start = if delta_line == 0 {
            start.character - last_start
        } else {
            start.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type,
            token_modifiers_bitset: modifiers,
        });
        last_line = start.line;
        last_start = start.character;
    }
    out
}
