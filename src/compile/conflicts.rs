//! Duplicate and contradictory rules: two statements for overlapping scopes (same
//! service or all services, overlapping environments, same conditions) that say the same
//! thing twice, or that cannot both hold.

use std::collections::BTreeMap;

use super::contract::{Check, Contract, Rule};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::ast::KeyKind;

pub(super) fn check(contract: &Contract, diagnostics: &mut Vec<Diagnostic>) {
    // Group by topic first so the pairwise comparison stays small.
    let mut groups: BTreeMap<String, Vec<(usize, &Rule, String)>> = BTreeMap::new();
    for (i, rule) in contract.rules.iter().enumerate() {
        let meaning = rule.meaning(contract);
        let topic = match &rule.check {
            Check::RequireKey { key, .. } | Check::ForbidKey { key } => format!("key {key}"),
            Check::RequireAnnotation { template, name, .. }
            | Check::ForbidAnnotation { template, name } => format!("annotation {template} {name}"),
            _ => format!("rule {meaning}"),
        };
        groups.entry(topic).or_default().push((i, rule, meaning));
    }
    for rules in groups.values() {
        for (j, (_, later, later_meaning)) in rules.iter().enumerate() {
            for (_, earlier, earlier_meaning) in &rules[..j] {
                if earlier.span == later.span
                    || earlier.conditions != later.conditions
                    || !earlier.envs.overlaps(&later.envs)
                    || !(earlier.service.is_none()
                        || later.service.is_none()
                        || earlier.service == later.service)
                {
                    continue;
                }
                if earlier_meaning == later_meaning {
                    if earlier.severity == later.severity {
                        diagnostics.push(
                            Diagnostic::error(
                                Code::DuplicateRule,
                                format!("this rule is stated twice: {later_meaning}"),
                            )
                            .with_primary(later.span, "stated again here")
                            .with_secondary(earlier.span, "first stated here")
                            .with_help("remove one of the two statements"),
                        );
                        break;
                    }
                    continue;
                }
                if let Some(why) = contradiction(&earlier.check, &later.check) {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::ContradictoryRules,
                            format!("these rules cannot both hold: {why}"),
                        )
                        .with_primary(later.span, later_meaning.clone())
                        .with_secondary(earlier.span, earlier_meaning.clone())
                        .with_help("keep the one you mean, or give them scopes that do not overlap (`in ENV`, another service)"),
                    );
                    break;
                }
            }
        }
    }
}

/// Why two checks on the same topic contradict each other, if they do.
fn contradiction(a: &Check, b: &Check) -> Option<String> {
    match (a, b) {
        (Check::RequireKey { key, kind: Some(x) }, Check::RequireKey { kind: Some(y), .. })
            if x != y =>
        {
            Some(format!(
                "`{key}` cannot be both {} and {}",
                kind_word(*x),
                kind_word(*y)
            ))
        }
        (Check::RequireKey { key, .. }, Check::ForbidKey { .. })
        | (Check::ForbidKey { key }, Check::RequireKey { .. }) => {
            Some(format!("`{key}` is both required and forbidden"))
        }
        (
            Check::RequireAnnotation {
                name,
                or_absent: false,
                ..
            },
            Check::ForbidAnnotation { .. },
        )
        | (
            Check::ForbidAnnotation { name, .. },
            Check::RequireAnnotation {
                or_absent: false, ..
            },
        ) => Some(format!(
            "annotation `{name}` is both required and forbidden"
        )),
        (
            Check::RequireAnnotation {
                name,
                value: Some(x),
                ..
            },
            Check::RequireAnnotation { value: Some(y), .. },
        ) if x != y => Some(format!(
            "annotation `{name}` cannot be both `{x}` and `{y}`"
        )),
        _ => None,
    }
}

fn kind_word(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Secret => "a secret reference",
        KeyKind::Plain => "a plain value",
    }
}
