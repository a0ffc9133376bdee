//! YAML text to a [`Node`] tree with byte spans, through serde-saphyr's `Spanned`.
//!
//! serde-saphyr is the maintained, panic-free YAML reader that reports the position of
//! every value it reads (see docs/decisions in ARCHITECTURE.md); its duplicate-key check
//! and alias budget stay on.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::tree::{Key, Node, Value};
use crate::source::{FileId, Span};

/// A YAML error: a one-line reason and where it is.
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

/// Parses one YAML document.
pub fn parse(file: FileId, text: &str) -> Result<Node, YamlError> {
    match serde_saphyr::from_str::<Spanned<Raw>>(text) {
        Ok(root) => Ok(convert(file, text, root)),
        Err(e) => {
            let span = e.location().map_or(Span::new(file, 0..0), |loc| {
                let s = loc.span();
                match (s.byte_offset(), s.byte_len()) {
                    (Some(o), Some(l)) => {
                        let o = usize::try_from(o).unwrap_or(0).min(text.len());
                        let l = usize::try_from(l).unwrap_or(0);
                        Span::new(file, o..(o + l).min(text.len()))
                    }
                    _ => line_col_span(file, text, loc.line(), loc.column()),
                }
            });
            Err(YamlError {
                message: reason(&e.to_string()),
                span,
            })
        }
    }
}

/// serde-saphyr's message is "error: line L column C: REASON" followed by a drawing.
fn reason(display: &str) -> String {
    let first = display.lines().next().unwrap_or(display);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let after_position = first
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
        .map_or(first, |(_, r)| r);
    let reason = after_position
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(after_position);
    let reason = reason
        .split("; use from_str_multiple")
        .next()
        .unwrap_or(reason);
    let mut out = if reason.starts_with("budget breached") {
        "the document is too large once its aliases are expanded (a YAML bomb?)".to_owned()
    } else {
        reason.trim().to_owned()
    };
    if let Some(first) = out.get(..1) {
        let lower = first.to_lowercase();
        out.replace_range(..1, &lower);
    }
    out
}

fn line_col_span(file: FileId, text: &str, line: u64, column: u64) -> Span {
    let line = usize::try_from(line.saturating_sub(1)).unwrap_or(0);
    let start = text
        .split_inclusive('\n')
        .take(line)
        .map(str::len)
        .sum::<usize>();
    let column = usize::try_from(column.saturating_sub(1)).unwrap_or(0);
    let offset = text
        .get(start..)
        .and_then(|rest| rest.char_indices().nth(column).map(|(i, _)| start + i))
        .unwrap_or(start)
        .min(text.len());
    Span::new(file, offset..offset)
}

fn span_of<T>(file: FileId, text: &str, s: &Spanned<T>) -> Span {
    let span = s.referenced.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(o), Some(l)) => {
            let o = usize::try_from(o).unwrap_or(0).min(text.len());
            let l = usize::try_from(l).unwrap_or(0);
            Span::new(file, o..(o + l).min(text.len()))
        }
        _ => line_col_span(file, text, s.referenced.line(), s.referenced.column()),
    }
}

fn convert(file: FileId, text: &str, raw: Spanned<Raw>) -> Node {
    let span = span_of(file, text, &raw);
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Number(n) => Value::Number(n),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|i| convert(file, text, i)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        span: span_of(file, text, &k),
                        text: k.value,
                    };
                    (key, convert(file, text, v))
                })
                .collect(),
        ),
    };
    Node { value, span }
}

/// What serde-saphyr hands us, before spans are turned into our own.
enum Raw {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Number(v.to_string()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<Raw>>()?;
            let key = Spanned::new(key.value.0, key.referenced, key.defined);
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

/// A mapping key: any scalar, as text (YAML allows `8080: x` and `true: y`).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyText, D::Error> {
        match Raw::deserialize(d)? {
            Raw::Str(s) | Raw::Number(s) => Ok(KeyText(s)),
            Raw::Bool(b) => Ok(KeyText(b.to_string())),
            Raw::Null => Ok(KeyText(String::new())),
            Raw::Seq(_) | Raw::Map(_) => {
                Err(serde::de::Error::custom("a mapping key must be a scalar"))
            }
        }
    }
}
