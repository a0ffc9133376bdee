//! `deny reference to ENV [domains, databases, secrets, projects]`: no value of this
//! environment names something that belongs to ENV. What belongs to ENV is learned from
//! its snapshot and declaration (project id and number, hosts of its URLs and URL-like
//! values, its databases and Cloud SQL instances, its secrets), minus what both share.
//!
//! What an environment *owns* (declared domains and project, its service URLs, Cloud SQL
//! instances, secrets) always counts. A host that only appears in one of its values counts
//! unless this environment's value of the same key names it too: both environments
//! configure that key with the same host (a third-party API, say), so it is shared.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{Checker, Verdict, shapes};
use crate::compile::EnvIndex;
use crate::diagnostic::Code;
use crate::snapshot::model::Text;
use crate::snapshot::{EnvValue, Environment, Service};
use crate::source::Span;
use crate::syntax::ast::RefCategory;

/// Something that belongs to an environment.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Lowercase; shared with the index that deduplicates tokens.
    pub text: Arc<str>,
    pub category: RefCategory,
    /// Where it was learned (`None`: the contract's declaration).
    pub origin: Option<Span>,
    /// For a host found in a value: the key of that value (the token is shared when this
    /// environment's same key names it too). `None` for what the environment owns.
    pub key: Option<Text>,
}

/// Everything of `env` (its snapshot and its declaration). With `owned_only`, only what
/// proves ownership (project ids and numbers, declared domains, its services' URLs): a
/// Cloud SQL instance or secret an environment *uses* may be another's.
pub(crate) fn tokens(
    c: &Checker<'_>,
    name: &str,
    env: Option<&Environment>,
    owned_only: bool,
) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    // Each text once, with the token of each category it is (a fleet's environment has
    // thousands of hosts, each seen in several values).
    let mut index: HashMap<Arc<str>, [Option<usize>; 4]> = HashMap::new();
    let mut add = |text: &str, category: RefCategory, origin: Option<Span>, key: Option<&str>| {
        let text = text.trim().to_ascii_lowercase();
        if text.len() < 3
            || matches!(
                text.as_str(),
                "localhost" | "127.0.0.1" | "0.0.0.0" | "default"
            )
        {
            return;
        }
        let slot = category_slot(category);
        let (text, found) = match index.get_key_value(text.as_str()) {
            Some((shared, slots)) => (shared.clone(), slots[slot]),
            None => (Arc::from(text), None),
        };
        match found {
            // Owned wins over seen-in-a-value.
            Some(i) if key.is_none() => out[i].key = None,
            Some(_) => {}
            None => {
                index.entry(text.clone()).or_default()[slot] = Some(out.len());
                out.push(Token {
                    text,
                    category,
                    origin,
                    key: key.map(Text::from),
                });
            }
        }
    };
    for p in c.projects.tokens(name) {
        add(&p, RefCategory::Projects, None, None);
    }
    if let Some(decl) = c.contract.envs.iter().find(|e| e.name == name) {
        for d in &decl.domains {
            add(&d.node, RefCategory::Domains, None, None);
        }
    }
    let Some(env) = env else { return out };
    for s in &env.services {
        for url in &s.urls {
            for host in shapes::url_hosts(&url.node) {
                add(&host, RefCategory::Domains, Some(url.span), None);
            }
        }
        if owned_only {
            continue;
        }
        for i in &s.cloudsql {
            add(&i.node, RefCategory::Databases, Some(i.span), None);
        }
        for var in s.env() {
            match var.value() {
                EnvValue::Literal(v) => {
                    let category = if shapes::is_database_url(v.node) {
                        RefCategory::Databases
                    } else {
                        RefCategory::Domains
                    };
                    for host in shapes::url_hosts(v.node) {
                        add(&host, category, Some(v.span), Some(&var.name.node));
                    }
                }
                EnvValue::Secret(secret) => {
                    if secret.project.is_some() {
                        add(
                            &secret.resource(),
                            RefCategory::Secrets,
                            Some(secret.name.span),
                            None,
                        );
                    }
                }
            }
        }
    }
    out
}

/// What holds a scanned value; named (formatted) only for a value that names something.
enum Holder<'a> {
    Key(&'a str),
    Annotation(&'a str),
    Service,
}

/// The place of a category in a token index entry.
fn category_slot(category: RefCategory) -> usize {
    match category {
        RefCategory::Domains => 0,
        RefCategory::Databases => 1,
        RefCategory::Secrets => 2,
        RefCategory::Projects => 3,
    }
}

/// Another environment's tokens that this environment does not share, indexed by text and
/// by first word: a token matches only as a whole name, so it can only start where a word
/// of the value starts, and only a value word that begins some token needs a look further.
pub(crate) struct Others {
    tokens: Vec<Token>,
    /// Each token text to its first token (a text can be a token of several categories).
    by_text: HashMap<Arc<str>, usize>,
    /// The first word of every token that starts with a word character.
    first_words: HashSet<Box<str>>,
    /// Tokens that start with another character (rare): searched for one by one.
    odd: Vec<usize>,
    /// The length of the longest token, in bytes.
    longest: usize,
}

impl Others {
    /// What belongs to `target` (in `categories`) and not also to `source`.
    pub(crate) fn new(
        c: &Checker<'_>,
        source: &Environment,
        target: &Environment,
        categories: &[RefCategory],
    ) -> Others {
        let wanted = |cat: RefCategory| categories.is_empty() || categories.contains(&cat);
        let owned: HashSet<Arc<str>> = tokens(c, &source.name, Some(source), true)
            .into_iter()
            .filter(|t| t.key.is_none())
            .map(|t| t.text)
            .collect();
        // The hosts each key of the source names: a host both environments give the same
        // key is shared (a third-party API); database endpoints are never shared.
        let mut hosts_by_key: HashMap<&str, HashSet<String>> = HashMap::new();
        for s in &source.services {
            for var in s.env() {
                if let EnvValue::Literal(l) = var.value() {
                    hosts_by_key
                        .entry(var.name.node.as_str())
                        .or_default()
                        .extend(shapes::url_hosts(l.node));
                }
            }
        }
        let tokens: Vec<Token> = tokens(c, &target.name, Some(target), false)
            .into_iter()
            .filter(|t| {
                let shared = owned.contains(&*t.text)
                    || (t.category == RefCategory::Domains
                        && t.key
                            .as_deref()
                            .and_then(|k| hosts_by_key.get(k))
                            .is_some_and(|hosts| hosts.contains(&*t.text)));
                wanted(t.category) && !shared
            })
            .collect();
        // Only the tokens and their index stay: what sorted them goes first.
        drop(owned);
        drop(hosts_by_key);
        Others::of(tokens)
    }

    /// The index of `tokens` (lowercase texts).
    fn of(tokens: Vec<Token>) -> Others {
        let mut by_text = HashMap::with_capacity(tokens.len());
        let mut first_words = HashSet::new();
        let mut odd = Vec::new();
        let mut longest = 0;
        for (i, t) in tokens.iter().enumerate() {
            if t.text.is_empty() || by_text.contains_key(&*t.text) {
                continue;
            }
            by_text.insert(t.text.clone(), i);
            longest = longest.max(t.text.len());
            match first_word(&t.text, 0) {
                Some(word) => {
                    first_words.insert(Box::from(word));
                }
                None => odd.push(i),
            }
        }
        Others {
            tokens,
            by_text,
            first_words,
            odd,
            longest,
        }
    }

    /// The token that occurs in `text` as a whole name (ASCII case ignored) and ends
    /// first; of those ending at the same place, the longest.
    pub(crate) fn first_in(&self, text: &str) -> Option<&Token> {
        let lower: Cow<'_, str> = if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
        let bytes = lower.as_bytes();
        // (end, start, token) of the best match so far.
        let mut best: Option<(usize, usize, usize)> = None;
        let ends_name =
            |e: usize| e == bytes.len() || (!is_word(bytes[e]) && lower.is_char_boundary(e));
        // `start` only ever stops on a byte that is not a name character or just after
        // one, so a word found there is a whole word of the value.
        let mut start = 0;
        while start < bytes.len() && best.is_none_or(|(end, _, _)| start < end) {
            let Some(word) = first_word(&lower, start) else {
                start += 1;
                continue;
            };
            let after = start + word.len();
            if self.first_words.contains(word) {
                let limit = bytes.len().min(start + self.longest);
                let hit = (after..=limit)
                    .take_while(|e| best.is_none_or(|(end, _, _)| *e < end))
                    .filter(|e| ends_name(*e))
                    .find_map(|e| self.by_text.get(&lower[start..e]).map(|i| (e, start, *i)));
                if hit.is_some() {
                    best = hit;
                }
            }
            start = after;
        }
        for &i in &self.odd {
            let token = &*self.tokens[i].text;
            let mut from = 0;
            while let Some(at) = lower.get(from..).and_then(|rest| rest.find(token)) {
                let (s, e) = (from + at, from + at + token.len());
                if whole(&lower, s, e) {
                    if best.is_none_or(|(end, start, _)| (e, s) < (end, start)) {
                        best = Some((e, s, i));
                    }
                    break;
                }
                from = s + lower[s..].chars().next().map_or(1, char::len_utf8);
            }
        }
        best.and_then(|(_, _, i)| self.tokens.get(i))
    }
}

/// A character of a name: a match must not start or end next to one.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// The run of name characters of `text` that starts at byte `start`, if one does.
fn first_word(text: &str, start: usize) -> Option<&str> {
    let rest = text.as_bytes().get(start..)?;
    let len = rest.iter().take_while(|b| is_word(**b)).count();
    (len > 0).then(|| &text[start..start + len])
}

/// Whether `text[start..end]` is not part of a longer name.
fn whole(text: &str, start: usize, end: usize) -> bool {
    let before = text.as_bytes()[..start].last();
    let after = text.as_bytes().get(end);
    !before.is_some_and(|b| is_word(*b)) && !after.is_some_and(|b| is_word(*b))
}

fn category_word(c: RefCategory) -> &'static str {
    match c {
        RefCategory::Domains => "a domain",
        RefCategory::Databases => "a database",
        RefCategory::Secrets => "a secret",
        RefCategory::Projects => "the project",
    }
}

pub(super) fn check(
    c: &Checker<'_>,
    env: &Environment,
    s: &Service,
    to: EnvIndex,
    categories: &[RefCategory],
) -> Verdict {
    let Some(decl) = c.contract.envs.get(to) else {
        return Verdict::Skip;
    };
    let target_name = decl.name.as_str();
    let Some(target) = c.snapshot.env(target_name) else {
        return Verdict::unknown(
            format!("there is no snapshot of `{target_name}`, so what belongs to it is not known"),
            format!(
                "add a `{target_name}` folder to --snapshots, or map one with `--env {target_name}=PATH`"
            ),
            None,
        );
    };
    let wanted = |cat: RefCategory| categories.is_empty() || categories.contains(&cat);
    let theirs = c.reference_tokens(env, target, categories);
    // Every text of this service that could name something, with what it is.
    let mut texts: Vec<(Holder<'_>, &str, Span)> = Vec::new();
    for var in s.env() {
        if let EnvValue::Literal(v) = var.value() {
            texts.push((Holder::Key(&var.name.node), v.node, v.span));
        }
    }
    for a in s.annotations.iter().chain(&s.template_annotations) {
        texts.push((
            Holder::Annotation(&a.name.node),
            a.value().node,
            a.value().span,
        ));
    }
    for v in s
        .other_values
        .iter()
        .chain(&s.cloudsql)
        .chain(&s.service_account)
    {
        texts.push((Holder::Service, &v.node, v.span));
    }
    let mut hits: Vec<(String, Span, &Token)> = Vec::new();
    for (holder, text, span) in &texts {
        if let Some(t) = theirs.first_in(text)
            && !hits.iter().any(|(_, _, h)| h.text == t.text)
        {
            let what = match holder {
                Holder::Key(k) => format!("`{k}`"),
                Holder::Annotation(a) => format!("annotation `{a}`"),
                Holder::Service => "the service".to_owned(),
            };
            hits.push((what, *span, t));
        }
    }
    let svc = &s.name.node;
    // Secret references resolving to the other environment's project.
    if wanted(RefCategory::Secrets) {
        for var in s.env() {
            if let EnvValue::Secret(secret) = var.value()
                && let Some(p) = &secret.project
                && c.projects.env_of(p) == Some(target_name)
            {
                return Verdict::fail(
                    Code::CrossEnvironmentReference,
                    format!(
                        "`{}` references a secret of `{target_name}` (project `{p}`)",
                        var.name.node
                    ),
                    secret.name.span,
                    format!(
                        "store the secret in `{}`'s own project and reference it there",
                        env.name
                    ),
                );
            }
        }
    }
    let Some((what, at, token)) = hits.first() else {
        return Verdict::Pass(format!("`{svc}` names nothing of `{target_name}`"));
    };
    let origin = match token.origin {
        Some(_) => format!("seen in the snapshot of `{target_name}`"),
        None => "declared in the contract".to_owned(),
    };
    let more = match hits.len() - 1 {
        0 => String::new(),
        n => format!(" (and {n} more)"),
    };
    Verdict::Fail {
        code: Code::CrossEnvironmentReference,
        message: format!(
            "{what} names `{}`, {} of `{target_name}` ({origin}){more}",
            token.text,
            category_word(token.category)
        ),
        help: Some(format!(
            "point `{}` at its own resources; `{target_name}`'s must not appear in it",
            env.name
        )),
        at: Some(*at),
        related: token
            .origin
            .map(|o| (o, format!("`{}` belongs to `{target_name}`", token.text)))
            .into_iter()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn index(texts: &[&str]) -> Others {
        Others::of(
            texts
                .iter()
                .map(|t| Token {
                    text: Arc::from(*t),
                    category: RefCategory::Domains,
                    origin: None,
                    key: None,
                })
                .collect(),
        )
    }

    fn found<'a>(o: &'a Others, text: &str) -> Option<&'a str> {
        o.first_in(text).map(|t| &*t.text)
    }

    #[test]
    fn tokens_match_whole_names_only() {
        let o = index(&["app.jualuma.com", "jualuma-prod"]);
        assert_eq!(
            found(&o, "https://app.jualuma.com/x"),
            Some("app.jualuma.com")
        );
        assert_eq!(
            found(&o, "HTTPS://App.Jualuma.COM"),
            Some("app.jualuma.com")
        );
        assert_eq!(found(&o, "https://myapp.jualuma.com"), None);
        assert_eq!(
            found(&o, "jualuma-prod:us-central1:db"),
            Some("jualuma-prod")
        );
        assert_eq!(found(&o, "jualuma-prod-archive"), None);
        assert_eq!(found(&o, "jualuma_prod"), None);
        assert_eq!(found(&o, ""), None);
    }

    #[test]
    fn the_name_that_ends_first_wins_then_the_longest() {
        let o = index(&["run.app", "acme-prod.run.app", "acme-prod"]);
        assert_eq!(found(&o, "x acme-prod.run.app"), Some("acme-prod"));
        assert_eq!(found(&o, "api.run.app acme-prod"), Some("run.app"));
        let o = index(&["run.app", "acme-prod.run.app"]);
        assert_eq!(
            found(&o, "https://acme-prod.run.app"),
            Some("acme-prod.run.app")
        );
    }

    #[test]
    fn names_that_start_with_other_characters_are_found_too() {
        let o = index(&[".internal", "ünï.example"]);
        assert_eq!(found(&o, "host: .internal"), Some(".internal"));
        assert_eq!(found(&o, "db.internal"), None);
        assert_eq!(found(&o, " .internals"), None);
        assert_eq!(found(&o, "x.internalx .internal"), Some(".internal"));
        assert_eq!(found(&o, "https://ünï.example/"), Some("ünï.example"));
        assert_eq!(found(&o, "aünï.example"), None);
    }

    /// The first whole occurrence by (end, start) of any token, found the slow way.
    fn naive<'a>(tokens: &[&'a str], text: &str) -> Option<&'a str> {
        let lower = text.to_ascii_lowercase();
        let mut best: Option<(usize, usize, &str)> = None;
        for t in tokens.iter().filter(|t| !t.is_empty()) {
            for s in (0..=lower.len()).filter(|s| lower.is_char_boundary(*s)) {
                let e = s + t.len();
                if lower.get(s..e) == Some(*t)
                    && whole(&lower, s, e)
                    && best.is_none_or(|(be, bs, _)| (e, s) < (be, bs))
                {
                    best = Some((e, s, *t));
                }
            }
        }
        best.map(|(_, _, t)| t)
    }

    proptest! {
        #[test]
        fn the_index_finds_what_a_scan_finds(
            tokens in prop::collection::vec("[ab_.é/-]{1,5}", 1..6),
            text in "[abAB_.é/: -]{0,24}",
        ) {
            let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
            let o = index(&refs);
            prop_assert_eq!(found(&o, &text), naive(&refs, &text));
        }
    }
}
