//! A class's answers as trainers collect them: form exports (CSV or workbooks, a row per student, a column per
//! question id) and attempt files from `quiz take`, read in parallel into one [`Student`] record each.
//!
//! Every bad cell of every file is reported (`class.csv: cell D7: …`) before anything is graded.

use std::path::{Path, PathBuf};

use calamine::Reader;
use rayon::prelude::*;

use crate::answers::sheet::{
    CsvGrid, Grid, Place as SheetPlace, SheetGrid, column_letters, decode, parse_csv_parallel, sniff_delimiter,
};
use crate::error::Failure;

use super::attempt::Attempt;
use super::grade::Student;
use super::{Quiz, parse_choice};

/// How far down a header row is looked for.
const HEADER_SEARCH_ROWS: usize = 30;

/// Header cells (lower case, trimmed) that name the student, best first.
const NAME_HEADERS: &[&str] = &["name", "student", "student name", "full name", "your name", "respondent"];
const EMAIL_HEADERS: &[&str] = &["email", "email address", "e-mail", "username", "user"];

/// Read every sheet, in parallel; fail listing every problem.
pub fn read(quiz: &Quiz, paths: &[PathBuf]) -> Result<Vec<Student>, Failure> {
    let files = expand(paths)?;
    let results: Vec<Result<Vec<Student>, Vec<String>>> = files.par_iter().map(|p| read_file(quiz, p)).collect();
    let mut students = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(found) => students.extend(found),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        let plural = if problems.len() == 1 { "" } else { "s" };
        return Err(Failure::input(format!(
            "{}\n{} problem{plural} in the answer sheets; nothing was graded",
            problems.join("\n"),
            problems.len()
        )));
    }
    if students.is_empty() {
        return Err(Failure::input("no students found in the answer sheets"));
    }
    Ok(students)
}

fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    crate::answers::expand(
        paths,
        |p| kind(p).is_some(),
        "answer sheets",
        ".csv, .xlsx, .xls, .ods or attempt .toml files",
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Attempt,
    Csv,
    Workbook,
}

fn kind(path: &Path) -> Option<Kind> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "toml" => Some(Kind::Attempt),
        "csv" | "tsv" | "txt" => Some(Kind::Csv),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(Kind::Workbook),
        _ => None,
    }
}

fn read_file(quiz: &Quiz, path: &Path) -> Result<Vec<Student>, Vec<String>> {
    let shown = path.display().to_string();
    let fail = |message: String| vec![format!("{shown}: {message}")];
    match kind(path) {
        Some(Kind::Attempt) => {
            let attempt = Attempt::read(quiz, path).map_err(|f| vec![f.message])?;
            let mut answers = vec![None; quiz.questions.len()];
            for (&q, a) in attempt.questions.iter().zip(&attempt.answers) {
                answers[q] = Some(a.unwrap_or(0));
            }
            let name = attempt.student.unwrap_or_else(|| stem(path));
            Ok(vec![Student { name, source: shown, answers }])
        }
        Some(Kind::Csv) => {
            let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read: {e}")))?;
            let text = decode(&bytes);
            let records = parse_csv_parallel(&text, sniff_delimiter(&text)).map_err(fail)?;
            read_grid(
                quiz,
                &CsvGrid(records),
                &Place { at: SheetPlace { file: &shown, sheet: None, row_offset: 0, col_offset: 0 }, stem: stem(path) },
            )
            .unwrap_or_else(|| Err(fail(not_a_sheet())))
        }
        Some(Kind::Workbook) => {
            let mut workbook =
                calamine::open_workbook_auto(path).map_err(|e| fail(format!("cannot read the workbook: {e}")))?;
            for name in workbook.sheet_names().to_vec() {
                let range =
                    workbook.worksheet_range(&name).map_err(|e| fail(format!("cannot read sheet {name}: {e}")))?;
                // calamine trims leading empty rows and columns: cell names add the range's start back.
                let (row_offset, col_offset) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
                let place = Place {
                    at: SheetPlace { file: &shown, sheet: Some(&name), row_offset, col_offset },
                    stem: stem(path),
                };
                if let Some(result) = read_grid(quiz, &SheetGrid(range), &place) {
                    return result;
                }
            }
            Err(fail(not_a_sheet()))
        }
        None => Err(fail("not an answer sheet (expected .csv, .xlsx, .xls, .ods or an attempt .toml)".to_string())),
    }
}

fn not_a_sheet() -> String {
    format!(
        "not a quiz answer sheet: no header row with question ids as columns in the first {HEADER_SEARCH_ROWS} rows"
    )
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A cell's place (shared with answer sheets), and the file's stem for students without a name.
struct Place<'a> {
    at: crate::answers::sheet::Place<'a>,
    stem: String,
}

impl Place<'_> {
    fn cell(&self, row: usize, col: usize) -> String {
        self.at.cell(row, col)
    }

    fn row(&self, row: usize) -> String {
        self.at.row(row)
    }
}

/// The first token of a header: `STR-01`, from `STR-01`, `[STR-01] What…`, `STR-01. What…`.
fn header_token(header: &str) -> &str {
    let header = header.trim().trim_start_matches('[');
    let end = header.find(|c: char| c.is_whitespace() || matches!(c, ']' | ':' | ')')).unwrap_or(header.len());
    header[..end].trim_end_matches('.')
}

/// Whether a header looks like a quiz question id (`ABC-12`) even if the quiz does not know it.
fn looks_like_id(token: &str) -> bool {
    let mut parts = token.split('-');
    let (Some(code), Some(number), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !code.is_empty()
        && code.chars().all(|c| c.is_ascii_alphabetic())
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
}

/// Students of a sheet; `None` when no header row with question ids is found (try the next sheet).
fn read_grid(quiz: &Quiz, grid: &dyn Grid, place: &Place<'_>) -> Option<Result<Vec<Student>, Vec<String>>> {
    let (header, columns) = (0..grid.rows().min(HEADER_SEARCH_ROWS)).find_map(|row| {
        let columns: Vec<(usize, Option<usize>)> = (0..grid.width(row))
            .filter_map(|col| {
                let cell = grid.cell(row, col);
                let token = header_token(&cell);
                match quiz.question(token) {
                    Some(q) => Some((col, Some(q))),
                    None if looks_like_id(token) => Some((col, None)),
                    None => None,
                }
            })
            .collect();
        columns.iter().any(|(_, q)| q.is_some()).then_some((row, columns))
    })?;
    let mut problems = Vec::new();
    let mut questions: Vec<(usize, usize)> = Vec::new();
    for (col, question) in columns {
        match question {
            None => problems.push(format!(
                "{}: unknown question id \"{}\" (not in the quiz)",
                place.cell(header, col),
                header_token(&grid.cell(header, col))
            )),
            Some(q) => match questions.iter().find(|(_, other)| *other == q) {
                Some((first, _)) => problems.push(format!(
                    "{}: a second column for {} (the first is column {})",
                    place.cell(header, col),
                    quiz.questions[q].id,
                    column_letters(*first + place.at.col_offset)
                )),
                None => questions.push((col, q)),
            },
        }
    }
    let headers: Vec<String> = (0..grid.width(header)).map(|c| grid.cell(header, c).trim().to_lowercase()).collect();
    let find = |names: &[&str]| names.iter().find_map(|n| headers.iter().position(|h| h == n));
    let name_col = find(NAME_HEADERS).or_else(|| find(EMAIL_HEADERS));

    let rows: Vec<(Option<Student>, Vec<String>)> = (header + 1..grid.rows())
        .into_par_iter()
        .map(|row| {
            let mut problems = Vec::new();
            if grid.is_blank(row) {
                return (None, problems);
            }
            let name = name_col
                .map(|c| grid.cell(row, c).trim().to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("{} row {}", place.stem, row + place.at.row_offset + 1));
            let mut answers = vec![None; quiz.questions.len()];
            for &(col, q) in &questions {
                match parse_choice(&quiz.questions[q], &grid.cell(row, col)) {
                    Ok(choice) => answers[q] = Some(choice),
                    Err(message) => problems.push(format!("{}: {message}", place.cell(row, col))),
                }
            }
            (Some(Student { name, source: place.row(row), answers }), problems)
        })
        .collect();
    let mut students = Vec::new();
    for (student, row_problems) in rows {
        students.extend(student);
        problems.extend(row_problems);
    }
    Some(if problems.is_empty() { Ok(students) } else { Err(problems) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_questions_as_forms_write_them() {
        assert_eq!(header_token("[STR-01] What is value?"), "STR-01");
        assert_eq!(header_token("STR-01. What is value?"), "STR-01");
        assert!(looks_like_id("OPS-12"));
        assert!(!looks_like_id("Timestamp"));
        assert!(!looks_like_id("2026-03"));
    }
}
