//! JSON text to a [`Node`] tree with byte spans, through jsonc-parser in strict mode
//! (comments, trailing commas and other JSON5 extensions are errors with a position).

use jsonc_parser::ast::{ObjectPropName, Value as Ast};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::tree::{Key, Node, Value};
use super::yaml::YamlError as ParseError;
use crate::source::{FileId, Span};

/// Documents nested deeper than this are rejected before parsing (a recursive parser
/// would otherwise exhaust the stack on hostile input).
pub const MAX_DEPTH: usize = 128;

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses one JSON document.
pub fn parse(file: FileId, text: &str) -> Result<Node, ParseError> {
    if let Some(at) = too_deep(text) {
        return Err(ParseError {
            message: format!("nested deeper than {MAX_DEPTH} levels"),
            span: Span::new(file, at..at + 1),
        });
    }
    let collect = CollectOptions::default();
    match parse_to_ast(text, &collect, &strict()) {
        Ok(result) => match result.value {
            Some(value) => Ok(convert(file, value)),
            None => Err(ParseError {
                message: "the file holds no JSON value".to_owned(),
                span: Span::new(file, 0..0),
            }),
        },
        Err(e) => {
            let r = e.range();
            let mut message = e.kind().to_string();
            if let Some(first) = message.get(..1) {
                let lower = first.to_lowercase();
                message.replace_range(..1, &lower);
            }
            Err(ParseError {
                message,
                span: Span::new(file, r.start.min(text.len())..r.end.min(text.len())),
            })
        }
    }
}

/// The offset of the first bracket past [`MAX_DEPTH`], ignoring strings.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn convert(file: FileId, value: Ast<'_>) -> Node {
    let span = |r: jsonc_parser::common::Range| Span::new(file, r.start..r.end);
    match value {
        Ast::NullKeyword(n) => Node {
            value: Value::Null,
            span: span(n.range),
        },
        Ast::BooleanLit(b) => Node {
            value: Value::Bool(b.value),
            span: span(b.range),
        },
        Ast::NumberLit(n) => Node {
            value: Value::Number(n.value.to_owned()),
            span: span(n.range),
        },
        Ast::StringLit(s) => Node {
            value: Value::Str(s.value.into_owned()),
            span: span(s.range),
        },
        Ast::Array(a) => Node {
            span: span(a.range),
            value: Value::Seq(a.elements.into_iter().map(|e| convert(file, e)).collect()),
        },
        Ast::Object(o) => Node {
            span: span(o.range),
            value: Value::Map(
                o.properties
                    .into_iter()
                    .map(|p| {
                        let (text, range) = match p.name {
                            ObjectPropName::String(s) => (s.value.into_owned(), s.range),
                            ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
                        };
                        (
                            Key {
                                text,
                                span: span(range),
                            },
                            convert(file, p.value),
                        )
                    })
                    .collect(),
            ),
        },
    }
}
