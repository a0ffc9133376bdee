//! The set of input texts of one run.

use super::{FileId, LineCol, LineIndex, Span};

/// One input text with the name it is shown under (a path as the user gave it).
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// The text as it may be shown: the same bytes with secret values masked.
    /// INVARIANT: `display.len() == text.len()`, so every span means the same in both.
    pub display: Option<String>,
    index: LineIndex,
}

impl SourceFile {
    /// The text to print around a span: the redacted copy when there is one.
    pub fn shown_text(&self) -> &str {
        self.display.as_deref().unwrap_or(&self.text)
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.index
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.index.line_col(&self.text, offset)
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
        let index = LineIndex::new(&text);
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            name: name.into(),
            text,
            display: None,
            index,
        });
        id
    }

    /// Sets the redacted copy of a file's text; ignored unless it has the same length.
    pub fn set_display(&mut self, file: FileId, display: String) {
        if let Some(f) = self.files.get_mut(file.0 as usize)
            && display.len() == f.text.len()
        {
            f.display = Some(display);
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
