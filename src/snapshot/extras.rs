//! `probes.json` (recorded direct-URL probes) and `secret-shapes.json` (recorded shapes of
//! secret payloads, never the payloads). Both formats are parity's own; see
//! docs/snapshots.md.

use super::model::{Probe, SecretShape};
use super::read::Cx;
use super::tree::Node;
use crate::source::Spanned;
use crate::syntax::ast::Shape;

fn version(cx: &mut Cx, root: &Node) -> bool {
    match root.get("version") {
        Some(v) if v.scalar_text().as_deref() == Some("1") => true,
        Some(v) => {
            cx.unexpected(
                v.span,
                "unknown format version",
                "this version of parity reads `\"version\": 1`",
            );
            false
        }
        None => {
            cx.unexpected(root.span, "`version` is missing", "write `\"version\": 1`");
            false
        }
    }
}

pub(super) fn probes(cx: &mut Cx, root: &Node) -> Option<Vec<Probe>> {
    if !version(cx, root) {
        return None;
    }
    let mut out = Vec::new();
    for p in cx.opt_list(root, "probes") {
        let Some(service) = cx.string(p, "service", "a probe") else {
            continue;
        };
        let url = cx.opt_string(p, "url");
        let error = cx.opt_string(p, "error");
        let status = match p.get("status") {
            Some(s) if !s.is_null() => match s.scalar_text().and_then(|t| t.parse::<u16>().ok()) {
                Some(code) if (100..=599).contains(&code) => Some(Spanned::new(code, s.span)),
                _ => {
                    cx.unexpected(
                        s.span,
                        "`status` is not an HTTP status",
                        "a status is a number from 100 to 599",
                    );
                    continue;
                }
            },
            _ => None,
        };
        if status.is_none() && error.is_none() {
            cx.unexpected(
                service.span,
                "a probe with neither `status` nor `error`",
                "record the status, or why there is none in `error`",
            );
            continue;
        }
        out.push(Probe {
            service,
            url,
            status,
            error,
        });
    }
    Some(out)
}

pub(super) fn secret_shapes(cx: &mut Cx, root: &Node) -> Option<Vec<SecretShape>> {
    if !version(cx, root) {
        return None;
    }
    let mut out = Vec::new();
    for s in cx.opt_list(root, "secrets") {
        let Some(secret) = cx.string(s, "secret", "a secret shape") else {
            continue;
        };
        let version = s.get("version").and_then(Node::scalar_text);
        let shape = match cx.opt_string(s, "shape") {
            Some(name) => match Shape::ALL.iter().find(|sh| sh.as_str() == name.node) {
                Some(sh) => Some(*sh),
                None => {
                    cx.unexpected(name.span, format!("`{}` is not a shape", name.node), "shapes are url, https_url, host, email, service_account_email, service_account_json, json, int, bool");
                    continue;
                }
            },
            None => None,
        };
        let email = cx.opt_string(s, "email").map(|e| e.node.to_string());
        out.push(SecretShape {
            secret,
            version,
            shape,
            email,
        });
    }
    Some(out)
}
