//! Compiled `matches` patterns: globs (globset, `*` stops at `/`) and regexes.

use globset::{GlobBuilder, GlobMatcher};
use regex::{Regex, RegexBuilder};

/// The largest compiled regex a contract may ask for.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

#[derive(Debug, Clone)]
enum Kind {
    Glob(GlobMatcher),
    Regex(Regex),
}

/// A pattern ready to match values.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The pattern as written (`https://*.run.app` or `/^pk_test_/`).
    text: String,
    kind: Kind,
}

impl Matcher {
    /// Compiles a glob; the error is a one-line reason.
    pub fn glob(pattern: &str) -> Result<Matcher, String> {
        let glob = GlobBuilder::new(pattern)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|e| e.kind().to_string())?;
        Ok(Matcher {
            text: pattern.to_owned(),
            kind: Kind::Glob(glob.compile_matcher()),
        })
    }

    /// Compiles a regex written between slashes (`\/` stands for `/`).
    pub fn regex(source: &str, case_insensitive: bool) -> Result<Matcher, String> {
        let unescaped = source.replace("\\/", "/");
        let regex = RegexBuilder::new(&unescaped)
            .case_insensitive(case_insensitive)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| regex_reason(&e))?;
        let flags = if case_insensitive { "i" } else { "" };
        Ok(Matcher {
            text: format!("/{source}/{flags}"),
            kind: Kind::Regex(regex),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_match(&self, value: &str) -> bool {
        match &self.kind {
            Kind::Glob(g) => g.is_match(value),
            Kind::Regex(r) => r.is_match(value),
        }
    }
}

/// The regex crate's error is a multi-line drawing; keep its reason line.
fn regex_reason(error: &regex::Error) -> String {
    match error {
        regex::Error::Syntax(text) => text
            .lines()
            .find_map(|l| l.strip_prefix("error: "))
            .unwrap_or("invalid syntax")
            .to_owned(),
        regex::Error::CompiledTooBig(limit) => {
            format!("the compiled pattern is larger than {limit} bytes")
        }
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::Matcher;

    #[test]
    fn glob_star_does_not_cross_slashes() -> Result<(), String> {
        let m = Matcher::glob("https://*.run.app")?;
        assert!(m.is_match("https://backend-abc-uc.a.run.app"));
        assert!(!m.is_match("https://evil.example/x.run.app"));
        assert!(!m.is_match("https://backend.run.app/path"));
        Ok(())
    }

    #[test]
    fn regex_searches_unless_anchored() -> Result<(), String> {
        let m = Matcher::regex("^pk_test_", false)?;
        assert!(m.is_match("pk_test_123"));
        assert!(!m.is_match("xpk_test_123"));
        Ok(())
    }

    #[test]
    fn escaped_slash_in_regex_means_slash() -> Result<(), String> {
        let m = Matcher::regex("^https:\\/\\/", false)?;
        assert!(m.is_match("https://x"));
        Ok(())
    }

    #[test]
    fn bad_regex_reason_is_one_line() {
        let reason = Matcher::regex("(", false).err().unwrap_or_default();
        assert_eq!(reason, "unclosed group");
    }
}
