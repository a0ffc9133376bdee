//! What must never be shown: values of secret-looking keys and of keys the contract calls
//! `secret`, credentials inside URLs, private keys pasted as values. The checker uses
//! [`Redactor::show`] for every value it puts in a message, and the CLI renders snapshot
//! files with the ranges found here masked (`SourceMap::settle`: same byte offsets, secrets
//! replaced by `*`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::source::mask::masked;

/// Parts of a key name that mark its value as secret.
const SECRET_WORDS: &[&str] = &[
    "SECRET",
    "KEY",
    "TOKEN",
    "PASSWORD",
    "PASSWD",
    "PWD",
    "CREDENTIAL",
    "PRIVATE",
    "AUTH",
    "DSN",
    "CERT",
    "SALT",
    "SIGNATURE",
];

/// Field names of snapshot formats that hold names and versions, not secret values.
const STRUCTURAL: &[&str] = &[
    "key",
    "secret",
    "secretkeyref",
    "secretname",
    "valuefrom",
    "valuesource",
    "secrets",
    "version",
    "kind",
];

static URL_PASSWORD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/:@]*:([^\s@]+)@").ok());

/// Decides which values are secret.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Keys the contract calls `secret` (`require key K secret`).
    secret_keys: Vec<String>,
}

impl Redactor {
    pub fn new(secret_keys: impl IntoIterator<Item = String>) -> Self {
        let mut secret_keys: Vec<String> = secret_keys.into_iter().collect();
        secret_keys.sort();
        secret_keys.dedup();
        Redactor { secret_keys }
    }

    /// Whether the whole value of `key` must be hidden.
    pub fn hides_key(&self, key: &str) -> bool {
        let upper = key.to_ascii_uppercase();
        self.secret_keys.iter().any(|k| k.eq_ignore_ascii_case(key))
            || SECRET_WORDS.iter().any(|w| upper.contains(w))
    }

    /// Whether a value must be hidden whatever its key (a private key, a key file).
    pub fn hides_value(value: &str) -> bool {
        value.contains("-----BEGIN") || value.contains("\"private_key\"")
    }

    /// The value as it may appear in a message: `"(redacted)"` for a secret, with URL
    /// passwords masked otherwise, and shortened past 120 characters.
    pub fn show(&self, key: &str, value: &str) -> String {
        if self.hides_key(key) || Self::hides_value(value) {
            return "(redacted)".to_owned();
        }
        let mut shown = masked(value, &credential_ranges(value));
        if shown.chars().count() > 120 {
            shown = shown.chars().take(117).collect::<String>() + "...";
        }
        shown
    }

    /// The value for a message: `` `value` `` (credentials masked), or "a hidden value"
    /// for a secret.
    pub fn quoted(&self, key: &str, value: &str) -> String {
        if self.hides_key(key) || Self::hides_value(value) {
            "a hidden value".to_owned()
        } else {
            format!("`{}`", self.show(key, value))
        }
    }

    /// The byte ranges of `raw` (a value as written in a file) to mask.
    pub fn ranges(&self, key: &str, raw: &str) -> Vec<Range<usize>> {
        if self.hides_key(key) || Self::hides_value(raw) {
            return std::iter::once(0..raw.len()).collect();
        }
        credential_ranges(raw)
    }
}

/// The password parts of `scheme://user:password@host` inside `text`.
pub fn credential_ranges(text: &str) -> Vec<Range<usize>> {
    let Some(regex) = URL_PASSWORD.as_ref() else {
        return Vec::new();
    };
    regex
        .captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.range()))
        .collect()
}

/// Byte ranges of values that look secret by their line alone, for files no reader could
/// parse: `KEY: value`, `KEY=value`, `"KEY": "value"` with a secret-looking key, and the
/// `value:` after a `name: SECRET_KEY` line (Knative env entries).
pub fn line_ranges(text: &str, redactor: &Redactor) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut secret_entry = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start().trim_start_matches("- ").trim_start();
        let sep = trimmed.find([':', '=']);
        if let Some(i) = sep {
            let key = trimmed[..i].trim().trim_matches(['"', '\'']);
            let value_start_in_trimmed = i + 1;
            let value = trimmed[value_start_in_trimmed..].trim();
            let value_offset = offset
                + (content.len() - trimmed.len())
                + value_start_in_trimmed
                + (trimmed[value_start_in_trimmed..].len()
                    - trimmed[value_start_in_trimmed..].trim_start().len());
            let is_key = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
                && !STRUCTURAL.contains(&key.to_ascii_lowercase().as_str());
            if is_key && key == "name" {
                secret_entry = redactor.hides_key(value.trim_matches(['"', '\'', ',']));
            } else if is_key
                && !value.is_empty()
                && (redactor.hides_key(key) || (key == "value" && secret_entry))
            {
                out.push(value_offset..value_offset + value.len());
                secret_entry = false;
            } else if is_key && key == "value" {
                secret_entry = false;
            }
        }
        if Redactor::hides_value(content) {
            out.push(offset..offset + content.len());
        }
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_hide_their_values() {
        let r = Redactor::new(["DATABASE_URL".to_owned()]);
        assert_eq!(r.show("STRIPE_SECRET_KEY", "sk_live_x"), "(redacted)");
        assert_eq!(r.show("DATABASE_URL", "postgres://h/db"), "(redacted)");
        assert_eq!(r.show("APP_ENV", "stage"), "stage");
    }

    #[test]
    fn url_passwords_are_masked_in_any_value() {
        let r = Redactor::default();
        assert_eq!(
            r.show("REDIS", "redis://user:hunter2@cache:6379"),
            "redis://user:*******@cache:6379"
        );
    }

    #[test]
    fn private_keys_are_hidden_whatever_the_key() {
        let r = Redactor::default();
        assert_eq!(r.show("CONFIG", "{\"private_key\": \"x\"}"), "(redacted)");
    }

    #[test]
    fn line_ranges_hide_secret_looking_lines_of_broken_files() {
        let r = Redactor::default();
        let text =
            "env:\n- name: API_TOKEN\n  value: tok123\n- name: APP\n  value: ok\nDB_PASSWORD=pw\n";
        let masked = masked(text, &line_ranges(text, &r));
        assert!(!masked.contains("tok123"), "{masked}");
        assert!(!masked.contains("pw\n"), "{masked}");
        assert!(masked.contains("value: ok"), "{masked}");
    }

    #[test]
    fn masking_keeps_length_and_utf8() {
        let text = "a=é😀b";
        let masked = masked(text, &std::iter::once(2..text.len()).collect::<Vec<_>>());
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked, "a=*******");
    }
}
