//! The set of input texts of one run.
//!
//! A large check reads thousands of files and shows a few of them, so what only showing
//! needs is made on first use: the line index, and the masked copy of a file with secrets.

use std::ops::Range;
use std::sync::OnceLock;

use super::{FileId, LineCol, LineIndex, Span};

/// One input text with the name it is shown under (a path as the user gave it).
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// The byte ranges that must never be shown (sorted, merged); empty for most files.
    masked: Vec<Range<usize>>,
    /// The text as it may be shown: `text` with `masked` replaced by `*`, made on first use.
    /// INVARIANT: same length as `text`, so every span means the same in both.
    display: OnceLock<String>,
    index: OnceLock<LineIndex>,
}

impl SourceFile {
    /// The text to print around a span: the redacted copy when the file holds secrets.
    pub fn shown_text(&self) -> &str {
        if self.masked.is_empty() {
            return &self.text;
        }
        self.display
            .get_or_init(|| super::mask::masked(&self.text, &self.masked))
    }

    /// Whether some of the text is masked when shown.
    pub fn is_masked(&self) -> bool {
        !self.masked.is_empty()
    }

    pub fn line_index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.line_index().line_col(&self.text, offset)
    }
}

/// All texts of a run. Files are only ever added, so a [`FileId`] stays valid.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            name: name.into(),
            text,
            masked: Vec::new(),
            display: OnceLock::new(),
            index: OnceLock::new(),
        });
        id
    }

    /// Marks byte ranges of a file that must never be shown (added to those already
    /// marked); renderers then print the file with them masked.
    pub fn mask(&mut self, file: FileId, ranges: Vec<Range<usize>>) {
        if let Some(f) = self.files.get_mut(file.0 as usize) {
            let len = f.text.len();
            let mut all = std::mem::take(&mut f.masked);
            all.extend(ranges.into_iter().map(|r| r.start.min(len)..r.end.min(len)));
            f.masked = super::mask::normalize(all);
            f.display = OnceLock::new();
        }
    }

    pub fn get(&self, file: FileId) -> &SourceFile {
        &self.files[file.0 as usize]
    }

    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.name == name)
            .and_then(|i| u32::try_from(i).ok())
            .map(FileId)
    }

    pub fn text(&self, span: Span) -> &str {
        self.get(span.file).text.get(span.range()).unwrap_or("")
    }

    pub fn start(&self, span: Span) -> LineCol {
        self.get(span.file).line_col(span.start as usize)
    }

    pub fn end(&self, span: Span) -> LineCol {
        self.get(span.file).line_col(span.end as usize)
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }
}
