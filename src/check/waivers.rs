//! Waivers turn matching failed or unknown instances into waived ones; a waiver that
//! matched nothing is reported.

use super::{CheckResult, Outcome};
use crate::compile::Contract;
use crate::diagnostic::{Code, Diagnostic};

pub(super) fn apply(contract: &Contract, result: &mut CheckResult) {
    let mut used = vec![false; contract.waivers.len()];
    for finding in &mut result.findings {
        if !matches!(finding.outcome, Outcome::Fail | Outcome::Unknown) {
            continue;
        }
        let rule = &contract.rules[finding.rule()];
        let env_index = finding
            .env
            .as_deref()
            .and_then(|e| contract.envs.iter().position(|d| d.name == e));
        let found = contract.waivers.iter().position(|w| {
            w.rule.node == rule.id
                && w.service.is_none_or(|i| {
                    finding.service.as_deref()
                        == contract.services.get(i).map(|s| s.deployed.as_str())
                })
                && env_index.is_none_or(|e| w.envs.contains(e))
        });
        if let Some(i) = found {
            finding.waive(i);
            used[i] = true;
        }
    }
    for (waiver, used) in contract.waivers.iter().zip(used) {
        if !used {
            result.diagnostics.push(
                Diagnostic::warning(
                    Code::UnusedWaiver,
                    format!(
                        "the waiver of `{}` matched no failing or unknown instance",
                        waiver.rule.node
                    ),
                )
                .with_primary(waiver.span, "waives nothing")
                .with_help("the rule holds now: remove the waiver"),
            );
        }
    }
}
