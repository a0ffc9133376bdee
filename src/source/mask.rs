//! Masking byte ranges of a text with `*`, keeping its length and line breaks.

use std::ops::Range;

/// Sorts `ranges`, drops empty ones and merges those that overlap or touch.
pub fn normalize(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// `text` with the bytes of `ranges` replaced by `*`: every character that starts inside a
/// range becomes as many `*` as it has bytes (so the result is valid UTF-8 of the same
/// length and every span means the same in both), line breaks excepted. One pass over the
/// text, whatever the number of ranges.
pub fn masked(text: &str, ranges: &[Range<usize>]) -> String {
    let ranges = normalize(ranges.to_vec());
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for r in &ranges {
        let start = r.start.max(copied).min(text.len());
        // The first character that starts at or after `start`.
        let start = (start..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        out.push_str(&text[copied..start]);
        let mut i = start;
        for (offset, c) in text[start..].char_indices() {
            let at = start + offset;
            if at >= r.end {
                break;
            }
            if matches!(c, '\n' | '\r') {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n('*', c.len_utf8()));
            }
            i = at + c.len_utf8();
        }
        copied = i;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_and_unsorted_ranges_mask_once() {
        let text = "abcdefghij";
        assert_eq!(masked(text, &[6..8, 1..3, 2..4, 9..9]), "a***ef**ij");
        assert_eq!(
            normalize(vec![6..8, 1..3, 2..4, 4..5, 9..9]),
            vec![1..5, 6..8]
        );
    }

    #[test]
    fn characters_starting_in_a_range_are_masked_whole() {
        let text = "a=é😀b\nc";
        let out = masked(text, std::slice::from_ref(&(3..text.len())));
        assert_eq!(out.len(), text.len());
        assert_eq!(out, "a=é*****\n*");
        // A range starting inside a character begins at the next one.
        assert_eq!(masked("é😀", std::slice::from_ref(&(1..6))), "é****");
    }

    #[test]
    fn line_breaks_stay() {
        assert_eq!(
            masked("ab\r\ncd", std::slice::from_ref(&(0..6))),
            "**\r\n**"
        );
    }
}
