//! One keyword list: every `kw_*` word of grammar/parity.pest must be highlighted by each
//! editor grammar (`TextMate`, tree-sitter, Vim).

use super::support::repo_root;

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn missing(keywords: &[&str], text: &str, quoted: bool) -> Vec<String> {
    keywords
        .iter()
        .filter(|k| {
            if quoted {
                !text.contains(&format!("\"{k}\"")) && !text.contains(&format!("'{k}'"))
            } else {
                // A whole word of the file (regex alternations, Vim keyword lists).
                !text
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .any(|w| w == **k)
            }
        })
        .map(|k| (*k).to_owned())
        .collect()
}

#[test]
fn the_keywords_come_from_the_grammar() {
    let keywords = parity::syntax::keywords();
    assert!(keywords.len() > 60, "{keywords:?}");
    for k in [
        "require",
        "deny",
        "invoker",
        "service_account_email",
        "absent",
    ] {
        assert!(keywords.contains(&k), "`{k}` is a keyword");
    }
}

#[test]
fn the_textmate_grammar_highlights_every_keyword() {
    let keywords = parity::syntax::keywords();
    let text = read("editors/vscode/syntaxes/parity.tmLanguage.json");
    let gaps = missing(&keywords, &text, false);
    assert!(gaps.is_empty(), "the TextMate grammar misses {gaps:?}");
}

#[test]
fn the_tree_sitter_grammar_and_highlights_have_every_keyword() {
    let keywords = parity::syntax::keywords();
    for path in [
        "editors/tree-sitter-parity/grammar.js",
        "editors/tree-sitter-parity/queries/highlights.scm",
    ] {
        let gaps = missing(&keywords, &read(path), true);
        assert!(gaps.is_empty(), "{path} misses {gaps:?}");
    }
}

#[test]
fn the_vim_syntax_highlights_every_keyword() {
    let keywords = parity::syntax::keywords();
    let gaps = missing(&keywords, &read("editors/vim/syntax/parity.vim"), false);
    assert!(gaps.is_empty(), "the Vim syntax misses {gaps:?}");
}
