//! The pest parser generated from `grammar/parity.pest`. Only `lower` and `syntax_error`
//! look at its rules.

#[derive(pest_derive::Parser)]
#[grammar = "grammar/parity.pest"]
pub(crate) struct ParityParser;

/// Every keyword of the language, read from the grammar's `kw_*` rules.
pub fn keywords() -> Vec<&'static str> {
    const GRAMMAR: &str = include_str!("../../grammar/parity.pest");
    let mut words: Vec<&str> = GRAMMAR
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("kw_")?;
            let start = rest.find('"')? + 1;
            let len = rest.get(start..)?.find('"')?;
            rest.get(start..start + len)
        })
        .collect();
    words.sort_unstable();
    words
}

/// Whether a rule is a keyword (`kw_*`), which lowering skips.
pub(crate) fn is_keyword(rule: Rule) -> bool {
    keyword_text(rule).is_some()
}

/// The word of a keyword rule.
pub(crate) fn keyword_text(rule: Rule) -> Option<String> {
    let name = format!("{rule:?}");
    name.strip_prefix("kw_").map(str::to_owned)
}
