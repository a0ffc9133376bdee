//! Waivers must name a rule that exists, and must not be past their date.

use super::Options;
use super::contract::Contract;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};

pub(super) fn check(contract: &Contract, options: &Options, diagnostics: &mut Vec<Diagnostic>) {
    for waiver in &contract.waivers {
        if !contract.rules.iter().any(|r| r.id == waiver.rule.node) {
            let mut ids: Vec<&str> = contract.rules.iter().map(|r| r.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            let help = match did_you_mean(&waiver.rule.node, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "rule ids look like `require-key/backend/DATABASE_URL`; `parity validate --rules` lists them".to_owned(),
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::UnknownRuleId,
                    format!("no rule has the id `{}`", waiver.rule.node),
                )
                .with_primary(waiver.rule.span, "waives nothing")
                .with_help(help),
            );
        }
        if let (Some(today), Some(until)) = (options.today, &waiver.until)
            && today > until.node
        {
            diagnostics.push(
                Diagnostic::error(
                    Code::ExpiredWaiver,
                    format!("waiver of `{}` expired on {}", waiver.rule.node, until.node),
                )
                .with_primary(until.span, "this date has passed")
                .with_help("fix what the rule reports and remove the waiver, or review it and set a new date"),
            );
        }
    }
}
