//! The set of input texts of one run.
//!
//! A large check reads thousands of files and shows a few of them, so what only showing
//! needs is made on first use: the line index, and the masked copy of a file with secrets.
//! The text of a snapshot file is itself let go once the file is parsed
//! ([`SourceMap::reserve`], [`SourceMap::settle`]): the model keeps every value the checker
//! needs, and the few files a report shows are read again, and checked to be the same
//! bytes, when shown.

use std::hash::{DefaultHasher, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{FileId, LineCol, LineIndex, Span};

/// One input text with the name it is shown under (a path as the user gave it). A fleet
/// has one per snapshot file, so the rarely used parts are made on first use.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    /// The text: set when added in memory; for a snapshot file let go once parsed, read
    /// again on first use, and `None` when the file is gone or no longer the same.
    text: OnceLock<Option<Box<str>>>,
    /// Length of the text in bytes (known after eviction too).
    len: usize,
    /// Where a text that is not held is read again from.
    origin: Option<Origin>,
    /// The byte ranges that must never be shown (sorted, merged); empty for most files.
    masked: Box<[Range<usize>]>,
    /// The text as it may be shown: `text` with `masked` replaced by `*`, made on first use.
    /// INVARIANT: same length as `text`, so every span means the same in both.
    display: OnceLock<Box<str>>,
    index: OnceLock<Box<LineIndex>>,
}

#[derive(Debug)]
struct Origin {
    /// `None` when the name the file is shown under is its path (nearly always).
    path: Option<Box<Path>>,
    /// The hash of the text as first read (its length is [`SourceFile::len`]); `None`
    /// until [`SourceMap::settle`].
    hash: Option<u64>,
}

/// Length and hash of a text: tells a file read again from the one first read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    pub fn of(text: &str) -> Self {
        let mut h = DefaultHasher::new();
        h.write(text.as_bytes());
        Self {
            len: text.len(),
            hash: h.finish(),
        }
    }
}

impl SourceFile {
    /// The text, or `None` when it is not held and the file on disk is gone or changed
    /// since it was read (then nothing of it may be shown: spans would point at other
    /// bytes, and masks at other values).
    pub fn try_text(&self) -> Option<&str> {
        if let Some(text) = self.text.get() {
            return text.as_deref();
        }
        // Not settled yet: nothing to compare a reading with, and nothing is remembered.
        let origin = self.origin.as_ref()?;
        let hash = origin.hash?;
        self.text
            .get_or_init(|| {
                let path = origin
                    .path
                    .as_deref()
                    .unwrap_or_else(|| Path::new(&self.name));
                let text = std::fs::read_to_string(path).ok()?;
                let first = Fingerprint {
                    len: self.len,
                    hash,
                };
                (Fingerprint::of(&text) == first).then(|| text.into_boxed_str())
            })
            .as_deref()
    }

    /// The text; empty when it can no longer be read (see [`SourceFile::try_text`]).
    pub fn text(&self) -> &str {
        self.try_text().unwrap_or("")
    }

    /// Whether the text can be shown (see [`SourceFile::try_text`]).
    pub fn is_available(&self) -> bool {
        self.try_text().is_some()
    }

    /// The length of the text in bytes, as first read.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text to print around a span: the redacted copy when the file holds secrets.
    pub fn shown_text(&self) -> &str {
        let text = self.text();
        if self.masked.is_empty() {
            return text;
        }
        self.display
            .get_or_init(|| super::mask::masked(text, &self.masked).into_boxed_str())
    }

    pub fn line_index(&self) -> &LineIndex {
        self.index
            .get_or_init(|| Box::new(LineIndex::new(self.text())))
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.line_index().line_col(self.text(), offset)
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
        let text = text.into().into_boxed_str();
        let len = text.len();
        self.push(name.into(), OnceLock::from(Some(text)), len, None)
    }

    /// Reserves an id for a file that is read, parsed and let go elsewhere (the snapshot
    /// readers do it on every core); [`SourceMap::settle`] records what was read. Until
    /// then the file has no text.
    pub fn reserve(&mut self, name: impl Into<String>, path: PathBuf) -> FileId {
        let name = name.into();
        let path = (path.to_str() != Some(name.as_str())).then(|| path.into_boxed_path());
        self.push(name, OnceLock::new(), 0, Some(Origin { path, hash: None }))
    }

    /// Room for `more` files: a fleet's folders are listed before their files are reserved.
    pub fn reserve_room(&mut self, more: usize) {
        self.files.reserve_exact(more);
    }

    /// Records what a reserved file was read as: the fingerprint of its text and the byte
    /// ranges that must never be shown. From now on the text is read again from disk when
    /// something asks for it, shown only if it is still the same bytes, and shown with
    /// `masked` replaced by `*`.
    pub fn settle(&mut self, file: FileId, fingerprint: Fingerprint, masked: Vec<Range<usize>>) {
        if let Some(f) = self.files.get_mut(file.0 as usize)
            && let Some(origin) = &mut f.origin
        {
            origin.hash = Some(fingerprint.hash);
            f.len = fingerprint.len;
            let len = f.len;
            let clamped = masked.into_iter().map(|r| r.start.min(len)..r.end.min(len));
            f.masked = super::mask::normalize(clamped.collect()).into_boxed_slice();
        }
    }

    fn push(
        &mut self,
        name: String,
        text: OnceLock<Option<Box<str>>>,
        len: usize,
        origin: Option<Origin>,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            name,
            text,
            len,
            origin,
            masked: Box::default(),
            display: OnceLock::new(),
            index: OnceLock::new(),
        });
        id
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
        self.get(span.file).text().get(span.range()).unwrap_or("")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, text: &str) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("parity-source-{name}-{}", std::process::id()));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    #[test]
    fn a_settled_file_is_read_again_when_shown() {
        let path = temp_file("same", "a: 1\nb: secret\n");
        let mut map = SourceMap::new();
        let file = map.reserve("f.yaml", path.clone());
        assert_eq!(
            map.get(file).try_text(),
            None,
            "nothing before it is settled"
        );
        map.settle(
            file,
            Fingerprint::of("a: 1\nb: secret\n"),
            std::iter::once(8..14).collect(),
        );
        assert_eq!(map.get(file).len(), 15);
        assert_eq!(map.get(file).text(), "a: 1\nb: secret\n");
        assert_eq!(map.get(file).shown_text(), "a: 1\nb: ******\n");
        assert_eq!(map.start(Span::new(file, 8..14)).line, 2);
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_shown() {
        // Same length, other bytes: masks computed for the old text would miss.
        let path = temp_file("changed", "b: public\n");
        let mut map = SourceMap::new();
        let file = map.reserve("f.yaml", path.clone());
        map.settle(
            file,
            Fingerprint::of("b: secret\n"),
            std::iter::once(3..9).collect(),
        );
        assert!(!map.get(file).is_available());
        assert_eq!(map.get(file).text(), "");
        assert_eq!(map.get(file).shown_text(), "");
        assert_eq!(map.text(Span::new(file, 3..9)), "");
        let _ = std::fs::remove_file(&path);
        // A file gone is the same.
        let mut map = SourceMap::new();
        let file = map.reserve("g.yaml", path);
        map.settle(file, Fingerprint::of("x"), Vec::new());
        assert!(!map.get(file).is_available());
    }

    #[test]
    fn masks_are_kept_whole_and_clamped_to_the_text() {
        let path = temp_file("early", "k: secret\n");
        let mut map = SourceMap::new();
        let file = map.reserve("f.yaml", path.clone());
        // Overlapping, unsorted, and past the end.
        map.settle(
            file,
            Fingerprint::of("k: secret\n"),
            vec![5..9, 3..6, 8..400],
        );
        assert_eq!(map.get(file).shown_text(), "k: ******\n");
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn a_file_entry_stays_small() {
        // One per snapshot file: 30,000 of them at N = 5,000.
        assert_eq!(size_of::<SourceFile>(), 144);
    }

    #[test]
    fn texts_added_in_memory_stay() {
        let mut map = SourceMap::new();
        let file = map.add("contract.parity", "env stage;\n");
        assert_eq!(map.get(file).text(), "env stage;\n");
        assert!(map.get(file).is_available());
    }
}
