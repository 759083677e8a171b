//! Answers: what each respondent said about each question, read from TOML files or answer sheets
//! (CSV, XLSX, XLS, ODS) in the long or the wide shape.
//!
//! Every problem in every file is collected before anything is scored, so a consultant fixes a client's sheet
//! in one round; `--skip-invalid` turns bad values into warnings and scores the rest.

pub(crate) mod sheet;

pub(crate) use sheet::column_letters;
mod template;
mod toml_file;

pub use template::{TemplateFormat, write_template};

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Failure;
use crate::questionnaire::{Answer, Questionnaire};

/// Who answered, and how much their answers count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Respondent {
    pub name: String,
    pub role: Option<String>,
    /// Weight among respondents, ≥ 0 (default 1).
    pub weight: f64,
    /// As written in the answer file (ISO dates are recommended).
    pub date: Option<String>,
    /// The file (and sheet and row) the answers came from.
    pub source: String,
}

/// One respondent's answers, indexed like the questionnaire's questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub respondent: Respondent,
    pub answers: AnswerRow,
    /// (question index, comment), in question order.
    pub comments: Vec<(usize, String)>,
}

impl Response {
    fn new(respondent: Respondent, questions: usize) -> Self {
        Self { respondent, answers: AnswerRow::new(questions), comments: Vec::new() }
    }
}

/// The values an answer can take on any scale: yes/no, N/P/L/F and 0-4 together.
const STEPS: [f64; 7] = [0.0, 0.25, 1.0 / 3.0, 0.5, 2.0 / 3.0, 0.75, 1.0];
const NOT_APPLICABLE: u8 = 7;
const UNANSWERED: u8 = 8;

/// A respondent's answers, one byte each: large surveys hold millions of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow(Vec<u8>);

impl AnswerRow {
    pub fn new(questions: usize) -> Self {
        Self(vec![UNANSWERED; questions])
    }

    pub fn get(&self, question: usize) -> Answer {
        match self.0[question] {
            NOT_APPLICABLE => Answer::NotApplicable,
            UNANSWERED => Answer::Unanswered,
            step => Answer::Value(STEPS[usize::from(step)]),
        }
    }

    /// Store an answer; values are those of the scales (anything else is stored as the nearest step).
    pub fn set(&mut self, question: usize, answer: Answer) {
        self.0[question] = match answer {
            Answer::NotApplicable => NOT_APPLICABLE,
            Answer::Unanswered => UNANSWERED,
            Answer::Value(v) => {
                let nearest = STEPS.iter().enumerate().min_by(|a, b| (a.1 - v).abs().total_cmp(&(b.1 - v).abs()));
                nearest.map_or(UNANSWERED, |(i, _)| i as u8)
            }
        };
    }

    pub fn iter(&self) -> impl Iterator<Item = Answer> + '_ {
        (0..self.0.len()).map(|i| self.get(i))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A problem with a value, located as precisely as its file allows (`file: sheet S, cell C17` or `file:12:5`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub place: String,
    pub message: String,
    /// Whether `--skip-invalid` may pass over it (a bad value or id), or it stops the run regardless.
    pub skippable: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// All the answers read, and what was skipped on the way.
#[derive(Debug, Default)]
pub struct Responses {
    pub responses: Vec<Response>,
    /// Values skipped under `--skip-invalid`.
    pub warnings: Vec<Problem>,
}

/// Files to read: answer files as given, folders expanded to their answer files in name order.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    expand(paths, |p| Format::of(p).is_some(), "answer files", ".toml, .csv, .xlsx, .xls or .ods")
}

/// Files as given, and folders expanded to the files in them that `accept` takes, in name order; a folder with
/// none is an error naming `what` and the `expected` extensions.
pub(crate) fn expand(
    paths: &[PathBuf],
    accept: impl Fn(&Path) -> bool,
    what: &str,
    expected: &str,
) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| Failure::input(format!("{}: cannot read folder: {e}", path.display())))?;
            let mut found: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file() && accept(p)).collect();
            found.sort();
            if found.is_empty() {
                return Err(Failure::input(format!(
                    "{}: no {what} in this folder (expected {expected})",
                    path.display()
                )));
            }
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(Failure::input(format!("{}: no such file", path.display())));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod row_tests {
    use super::*;

    #[test]
    fn every_scale_value_is_stored_exactly() {
        let mut row = AnswerRow::new(3);
        for scale in crate::questionnaire::Scale::ALL {
            for option in scale.options() {
                let answer = scale.parse(option).unwrap();
                row.set(1, answer);
                assert_eq!(row.get(1), answer, "{option}");
            }
        }
        assert_eq!(row.get(0), Answer::Unanswered);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Toml,
    Csv,
    Spreadsheet,
}

impl Format {
    fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Format::Toml),
            "csv" | "tsv" | "txt" => Some(Format::Csv),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(Format::Spreadsheet),
            _ => None,
        }
    }
}

/// What reading one file gave: its responses, and every problem found in it.
#[derive(Debug, Default)]
struct FileResult {
    responses: Vec<Response>,
    problems: Vec<Problem>,
}

/// Read every answer file (in parallel); fail with every problem listed unless all are skippable and
/// `skip_invalid` is set.
pub fn read(q: &Questionnaire, paths: &[PathBuf], skip_invalid: bool) -> Result<Responses, Failure> {
    let files = expand_paths(paths)?;
    let results: Vec<Result<FileResult, Problem>> = files.par_iter().map(|path| read_file(q, path)).collect();
    let mut responses = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(file) => {
                responses.extend(file.responses);
                problems.extend(file.problems);
            }
            Err(fatal) => problems.push(fatal),
        }
    }
    let blocking = problems.iter().filter(|p| !skip_invalid || !p.skippable).count();
    if blocking > 0 {
        let listed: Vec<String> = problems.iter().map(Problem::to_string).collect();
        let plural = if problems.len() == 1 { "" } else { "s" };
        let hint = if problems.iter().all(|p| p.skippable) { " (use --skip-invalid to score the rest)" } else { "" };
        return Err(Failure::input(format!(
            "{}\n{} problem{plural} in the answers; nothing was scored{hint}",
            listed.join("\n"),
            problems.len()
        )));
    }
    if responses.is_empty() {
        return Err(Failure::input("no respondents found in the answer files".to_string()));
    }
    Ok(Responses { responses, warnings: problems })
}

fn read_file(q: &Questionnaire, path: &Path) -> Result<FileResult, Problem> {
    let shown = path.display().to_string();
    let fatal = |message: String| Problem { place: shown.clone(), message, skippable: false };
    match Format::of(path) {
        Some(Format::Toml) => {
            let text = std::fs::read_to_string(path).map_err(|e| fatal(format!("cannot read: {e}")))?;
            Ok(toml_file::read(q, &shown, path, &text))
        }
        Some(Format::Csv) => {
            let bytes = std::fs::read(path).map_err(|e| fatal(format!("cannot read: {e}")))?;
            sheet::read_csv(q, &shown, path, &bytes)
        }
        Some(Format::Spreadsheet) => sheet::read_workbook(q, &shown, path),
        None => Err(fatal("not an answer file (expected .toml, .csv, .xlsx, .xls or .ods)".to_string())),
    }
}

/// The file stem, used as the respondent's name when a file gives none.
fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Interpret one answer's text for a question; the problem names the question and its scale.
fn interpret(q: &Questionnaire, question: usize, text: &str) -> Result<Answer, String> {
    let question = &q.questions[question];
    question.scale.parse(text).ok_or_else(|| {
        format!("\"{}\" is not a valid answer for {} ({})", text.trim(), question.id, question.scale.choices())
    })
}

/// A respondent weight: a number ≥ 0.
fn parse_weight(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(w) if w >= 0.0 && w.is_finite() => Ok(w),
        _ => Err(format!("\"{}\" is not a valid respondent weight (expected a number ≥ 0)", text.trim())),
    }
}
