//! Byte offset to line and column, in characters (for humans and JSON) or UTF-16 units.

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// The start offsets of every line of one text.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Whether the text has a `\r` not followed by `\n` (a line break to some tools).
    lone_cr: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let bytes = text.as_bytes();
        let lone_cr = text
            .match_indices('\r')
            .any(|(i, _)| bytes.get(i + 1) != Some(&b'\n'));
        Self { starts, lone_cr }
    }

    /// How many lines the text has (a text without `\n` has one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Whether the text has a `\r` that is not part of `\r\n`.
    pub fn has_lone_cr(&self) -> bool {
        self.lone_cr
    }

    /// 0-based line number that holds `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    /// 1-based line and column (in characters) of `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = clamp_to_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text.get(start..offset).map_or(0, |s| s.chars().count());
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// 0-based line and UTF-16 column of `offset`, as the language server protocol counts.
    pub fn line_utf16(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = clamp_to_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column: usize = text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        (
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }
}

impl LineIndex {
    /// The byte offset of a 0-based line and UTF-16 column (clamped to the line).
    pub fn offset_utf16(&self, text: &str, line: u32, column: u32) -> usize {
        let line = line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.line_start(line);
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let mut units = 0u32;
        for (i, c) in text.get(start..end).unwrap_or("").char_indices() {
            if units >= column || c == '\n' {
                return start + i;
            }
            units += u32::try_from(c.len_utf16()).unwrap_or(2);
        }
        end
    }
}

fn clamp_to_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\nçé=x\n";
        let index = LineIndex::new(text);
        let offset = text.find('=').unwrap_or_default();
        assert_eq!(index.line_col(text, offset), LineCol { line: 2, column: 3 });
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = "x = \"😀\" y";
        let index = LineIndex::new(text);
        let offset = text.find('y').unwrap_or_default();
        assert_eq!(index.line_utf16(text, offset), (0, 9));
    }

    #[test]
    fn utf16_positions_map_back_to_byte_offsets() {
        let text = "é😀x\nsecond";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap_or_default();
        let (line, col) = index.line_utf16(text, x);
        assert_eq!(index.offset_utf16(text, line, col), x);
        assert_eq!(
            index.offset_utf16(text, 1, 3),
            text.find("ond").unwrap_or_default()
        );
    }

    #[test]
    fn offset_at_end_of_text_is_on_last_line() {
        let text = "a\nb";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, column: 2 });
    }
}
