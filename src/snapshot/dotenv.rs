//! dotenv files (`KEY=value` lines) as one service's plain variables.
//!
//! No dotenv crate reports positions, and the common one (dotenvy) expands `$VAR` from
//! the process environment, which would leak the host's variables into a check. This
//! reader is small and exact: comments, blank lines, `export`, unquoted, single- and
//! double-quoted values (double quotes may span lines and know `\n`, `\t`, `\"`, `\\`).
//! It expands nothing.

use super::model::Text;
use super::model::{Container, EnvVar, FileContent, Format, Service};
use super::read::Cx;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{Span, Spanned};

/// `.env`, `.env.local`, `backend.env`, `backend.env.example`, `.env-example`.
pub fn is_dotenv_name(lower: &str) -> bool {
    lower == ".env"
        || lower.starts_with(".env.")
        || lower.starts_with(".env-")
        || lower.ends_with(".env")
        || lower.contains(".env.")
        || lower.contains(".env-")
}

/// The service a dotenv file describes: its name before `.env` (`backend.env` →
/// `backend`); a bare `.env` has none.
fn service_name(base: &str) -> Option<&str> {
    let lower = base.to_ascii_lowercase();
    let at = lower.find(".env")?;
    let name = &base[..at];
    (!name.is_empty()).then_some(name)
}

pub(super) fn read(cx: &mut Cx, base: &str, text: &str) -> Option<FileContent> {
    let Some(name) = service_name(base) else {
        cx.error(
            Diagnostic::error(
                Code::UnrecognizedFile,
                format!("`{base}` does not say which service it describes"),
            )
            .with_primary(Span::new(cx.file, 0..0), "no service name")
            .with_help("name a dotenv file after its service: `backend.env`"),
        );
        return None;
    };
    let env = parse(cx, text);
    let file_span = Span::new(cx.file, 0..0);
    Some(FileContent::Services(vec![Service {
        name: Spanned::new(Text::from(name), file_span),
        file: cx.file,
        format: Format::Dotenv,
        project: None,
        region: None,
        containers: vec![Container { name: None, env }],
        annotations: Vec::new(),
        template_annotations: Vec::new(),
        service_account: None,
        ingress: None,
        knows_ingress: false,
        urls: Vec::new(),
        cloudsql: Vec::new(),
        other_values: Vec::new(),
    }]))
}

fn parse(cx: &mut Cx, text: &str) -> Vec<EnvVar> {
    let mut vars: Vec<EnvVar> = Vec::new();
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..line_end];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            pos = line_end + 1;
            continue;
        }
        let mut start = pos + indent;
        if let Some(rest) = trimmed.strip_prefix("export ") {
            start += trimmed.len() - rest.trim_start().len();
        }
        let key_len = text[start..line_end]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'))
            .unwrap_or(line_end - start);
        let key_end = start + key_len;
        let after_key = text[key_end..line_end].trim_start();
        let eq = line_end - after_key.len();
        if key_len == 0 || !after_key.starts_with('=') {
            cx.error(
                Diagnostic::error(Code::MalformedFile, "expected `KEY=value`")
                    .with_primary(
                        Span::new(cx.file, start..line_end.max(start + 1).min(text.len())),
                        "not a `KEY=value` line",
                    )
                    .with_help("each line is `KEY=value`, a `# comment`, or blank"),
            );
            pos = line_end + 1;
            continue;
        }
        let key = Spanned::new(
            text[start..key_end].to_owned(),
            Span::new(cx.file, start..key_end),
        );
        let mut value_start = eq + 1;
        while value_start < line_end && (bytes[value_start] == b' ' || bytes[value_start] == b'\t')
        {
            value_start += 1;
        }
        let (value, span, next) = match bytes.get(value_start) {
            Some(b'"') => match double_quoted(text, value_start) {
                Some((value, end)) => (value, value_start..end, after_line(text, end)),
                None => {
                    unclosed(cx, value_start);
                    return vars;
                }
            },
            Some(b'\'') => match text[value_start + 1..].find('\'') {
                Some(i) => {
                    let end = value_start + 1 + i + 1;
                    (
                        text[value_start + 1..end - 1].to_owned(),
                        value_start..end,
                        after_line(text, end),
                    )
                }
                None => {
                    unclosed(cx, value_start);
                    return vars;
                }
            },
            _ => {
                let raw = &text[value_start..line_end];
                let cut = raw
                    .find(" #")
                    .or_else(|| raw.find("\t#"))
                    .unwrap_or(raw.len());
                let value = raw[..cut].trim_end();
                (
                    value.to_owned(),
                    value_start..value_start + value.len(),
                    line_end + 1,
                )
            }
        };
        if let Some(first) = vars.iter().find(|v| v.name.node == key.node) {
            let first = first.name.span;
            cx.error(
                Diagnostic::error(Code::DuplicateKey, format!("`{}` is set twice", key.node))
                    .with_primary(key.span, "set again here")
                    .with_secondary(first, "first set here")
                    .with_help("tools disagree on which one wins; keep one"),
            );
        }
        vars.push(EnvVar::literal(
            Spanned::new(Text::from(key.node), key.span),
            Spanned::new(Text::from(value), Span::new(cx.file, span)),
        ));
        pos = next;
    }
    vars
}

fn unclosed(cx: &mut Cx, at: usize) {
    cx.error(
        Diagnostic::error(Code::MalformedFile, "this quoted value is never closed")
            .with_primary(Span::new(cx.file, at..at + 1), "opened here")
            .with_help("close the value with the same quote it opened with"),
    );
}

/// A double-quoted value starting at `start` (the quote): its text and the offset after
/// the closing quote.
fn double_quoted(text: &str, start: usize) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, start + 1 + i + 1)),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, other)) => {
                    if !matches!(other, '"' | '\\' | '$') {
                        out.push('\\');
                    }
                    out.push(other);
                }
                None => return None,
            },
            other => out.push(other),
        }
    }
    None
}

/// The offset of the line after the one holding `end` (a trailing comment is allowed).
fn after_line(text: &str, end: usize) -> usize {
    text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::EnvValue;
    use crate::source::FileId;

    fn vars(text: &str) -> (Vec<(String, String)>, usize) {
        let mut cx = Cx {
            file: FileId(0),
            diagnostics: Vec::new(),
        };
        let vars = parse(&mut cx, text)
            .into_iter()
            .map(|v| match v.value() {
                EnvValue::Literal(l) => (v.name.node.to_string(), l.node.to_string()),
                EnvValue::Secret(_) => (v.name.node.to_string(), String::new()),
            })
            .collect();
        (vars, cx.diagnostics.len())
    }

    #[test]
    fn reads_every_value_form() {
        let text = "# comment\n\nA=plain value # trailing\nexport B='single $HOME'\nC=\"line\\nnext \\\"q\\\"\"\nD=\nE = spaced\n";
        let (v, errors) = vars(text);
        assert_eq!(errors, 0);
        assert_eq!(
            v,
            [
                ("A".into(), "plain value".into()),
                ("B".into(), "single $HOME".into()),
                ("C".into(), "line\nnext \"q\"".into()),
                ("D".into(), String::new()),
                ("E".into(), "spaced".into()),
            ]
        );
    }

    #[test]
    fn double_quotes_may_span_lines() {
        let (v, errors) = vars("KEY=\"-----BEGIN KEY-----\nabc\n-----END KEY-----\"\nNEXT=1\n");
        assert_eq!(errors, 0);
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].0, "NEXT");
    }

    #[test]
    fn variables_are_never_expanded() {
        let (v, _) = vars("A=${HOME}\n");
        assert_eq!(v[0].1, "${HOME}");
    }

    #[test]
    fn bad_lines_unclosed_quotes_and_duplicates_are_errors() {
        assert_eq!(vars("just words\n").1, 1);
        assert_eq!(vars("A=\"open\n").1, 1);
        assert_eq!(vars("A=1\nA=2\n").1, 1);
    }
}
