//! Problems found in a user's file, printed the way compilers do: `file:line:col: error: message`, then the
//! source line and a caret under the offending text, so a user can fix every problem in one pass.

use std::fmt::{self, Write as _};
use std::ops::Range;

/// A file's text, kept so that byte spans can be turned into lines, columns and excerpts.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or as joined from the folder they gave): it is what messages print.
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { path: path.into(), text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> &str {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(self.text.len());
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located by a byte span in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Index of the file in the list the caller keeps (see [`render`]).
    pub file: usize,
    pub span: Range<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: usize, span: Range<usize>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, file, span, message: message.into() }
    }

    pub fn warning(file: usize, span: Range<usize>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, file, span, message: message.into() }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col` of the start of the span.
    pub fn location(&self, files: &[SourceFile]) -> String {
        let file = &files[self.file];
        let (line, col) = file.line_col(self.span.start);
        format!("{}:{line}:{col}", file.path)
    }
}

/// What checking some files produced: the value when there were no errors, and every diagnostic either way.
#[derive(Debug)]
pub struct Checked<T> {
    pub value: Option<T>,
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Checked<T> {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Every diagnostic, rendered with its source line and caret.
    pub fn render(&self) -> String {
        render(&self.diagnostics, &self.files)
    }

    /// The value, or a failure listing every error, ending `PATH: N errors: not a valid WHAT`.
    pub fn into_result(self, path: &std::path::Path, what: &str) -> Result<T, crate::error::Failure> {
        match self.value {
            Some(value) => Ok(value),
            None => {
                let errors: Vec<Diagnostic> = self.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
                let plural = if errors.len() == 1 { "" } else { "s" };
                Err(crate::error::Failure::input(format!(
                    "{}{}: {} error{plural}: not a valid {what}",
                    render(&errors, &self.files),
                    path.display(),
                    errors.len()
                )))
            }
        }
    }
}

/// Render diagnostics in file order, then position: a header line, the source line and a caret line.
pub fn render(diagnostics: &[Diagnostic], files: &[SourceFile]) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| (d.file, d.span.start, d.severity));
    let mut out = String::new();
    for d in sorted {
        let _ = write!(out, "{}", Rendered { d, files });
    }
    out
}

struct Rendered<'a> {
    d: &'a Diagnostic,
    files: &'a [SourceFile],
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.d;
        let file = &self.files[d.file];
        let (line, col) = file.line_col(d.span.start);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{}:{line}:{col}: {kind}: {}", file.path, d.message)?;
        let text = file.line(line);
        let gutter = " ".repeat(line.to_string().len());
        let (end_line, end_col) = file.line_col(d.span.end.max(d.span.start));
        let width = if end_line == line { end_col.saturating_sub(col) } else { 0 };
        let width = width.clamp(1, text.chars().count().saturating_sub(col - 1).max(1));
        writeln!(f, "{gutter} |")?;
        writeln!(f, "{line} | {text}")?;
        writeln!(f, "{gutter} | {}{}", " ".repeat(col - 1), "^".repeat(width))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let file = SourceFile::new("a.toml", "a = 1\nb = \"é\" x\n");
        let offset = file.text.find('x').unwrap_or_default();
        assert_eq!(file.line_col(offset), (2, 9));
        assert_eq!(file.line(2), "b = \"é\" x");
    }

    #[test]
    fn renders_location_line_and_caret() {
        let files = vec![SourceFile::new("q.toml", "[question]\nlevel = 7\n")];
        let start = files[0].text.find('7').unwrap_or_default();
        let d = Diagnostic::error(0, start..start + 1, "level must be from 1 to 5, found 7");
        assert_eq!(
            render(&[d], &files),
            "q.toml:2:9: error: level must be from 1 to 5, found 7\n  |\n2 | level = 7\n  |         ^\n"
        );
    }
}
