//! "Did you mean" hints: the closest known name to a misspelt one.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let score = strsim::jaro_winkler(&word.to_lowercase(), &candidate.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_the_closest_name() {
        assert_eq!(
            did_you_mean("stgae", ["dev", "stage", "prod"]),
            Some("stage")
        );
    }

    #[test]
    fn suggests_nothing_for_unrelated_names() {
        assert_eq!(did_you_mean("kitchen", ["dev", "stage", "prod"]), None);
    }
}
