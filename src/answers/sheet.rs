//! Answer sheets: CSV (through the csv crate) and workbooks (through calamine), in two shapes recognised
//! from the header row.
//!
//! - long: a row per question, with columns `id`, `answer` and optionally `comment` (and `respondent`, `role`,
//!   `weight` when several respondents share the sheet); a small block above the header may name the respondent;
//! - wide: a row per respondent, a column per question id, plus respondent, role, weight and date columns, as
//!   survey tools export.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Range, Reader};
use rayon::prelude::*;

use crate::questionnaire::{Answer, Questionnaire};

use super::toml_file::unknown_id;
use super::{FileResult, Problem, Respondent, Response, interpret, parse_weight, stem};

/// How far down a header row is looked for.
const HEADER_SEARCH_ROWS: usize = 30;

/// A rectangular view of a sheet's text.
pub(crate) trait Grid: Sync {
    fn rows(&self) -> usize;
    fn width(&self, row: usize) -> usize;
    fn cell(&self, row: usize, col: usize) -> Cow<'_, str>;

    fn is_blank(&self, row: usize) -> bool {
        (0..self.width(row)).all(|c| self.cell(row, c).trim().is_empty())
    }
}

pub(crate) struct CsvGrid(pub(crate) Vec<csv::StringRecord>);

impl Grid for CsvGrid {
    fn rows(&self) -> usize {
        self.0.len()
    }
    fn width(&self, row: usize) -> usize {
        self.0[row].len()
    }
    fn cell(&self, row: usize, col: usize) -> Cow<'_, str> {
        Cow::Borrowed(self.0[row].get(col).unwrap_or(""))
    }
}

pub(crate) struct SheetGrid(pub(crate) Range<Data>);

impl Grid for SheetGrid {
    fn rows(&self) -> usize {
        self.0.height()
    }
    fn width(&self, _row: usize) -> usize {
        self.0.width()
    }
    fn cell(&self, row: usize, col: usize) -> Cow<'_, str> {
        match self.0.get((row, col)) {
            None | Some(Data::Empty) => Cow::Borrowed(""),
            Some(Data::String(s)) => Cow::Borrowed(s.as_str()),
            Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => Cow::Owned(format!("{}", *f as i64)),
            Some(Data::Float(f)) => Cow::Owned(f.to_string()),
            Some(Data::Int(i)) => Cow::Owned(i.to_string()),
            Some(Data::Bool(b)) => Cow::Owned(b.to_string()),
            Some(Data::DateTime(d)) => Cow::Owned(match d.as_datetime() {
                Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.date().to_string(),
                Some(dt) => dt.to_string(),
                None => d.as_f64().to_string(),
            }),
            Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => Cow::Borrowed(s.as_str()),
            Some(Data::Error(e)) => Cow::Owned(format!("#{e:?}")),
        }
    }
}

/// Where a cell is, as a user finds it: `answers.xlsx: sheet Answers, cell C17`.
pub(crate) struct Place<'a> {
    pub(crate) file: &'a str,
    pub(crate) sheet: Option<&'a str>,
    /// Rows of the grid start at this sheet row (0-based), for ranges that do not start at A1.
    pub(crate) row_offset: usize,
    pub(crate) col_offset: usize,
}

impl Place<'_> {
    fn prefix(&self) -> String {
        match self.sheet {
            Some(sheet) => format!("{}: sheet {sheet}", self.file),
            None => self.file.to_string(),
        }
    }

    pub(crate) fn cell(&self, row: usize, col: usize) -> String {
        let name = format!("{}{}", column_letters(col + self.col_offset), row + self.row_offset + 1);
        match self.sheet {
            Some(sheet) => format!("{}: sheet {sheet}, cell {name}", self.file),
            None => format!("{}: cell {name}", self.file),
        }
    }

    pub(crate) fn row(&self, row: usize) -> String {
        format!("{}, row {}", self.prefix(), row + self.row_offset + 1)
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub(crate) fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().map(|&b| b as char).collect()
}

pub(super) fn read_csv(q: &Questionnaire, shown: &str, path: &Path, bytes: &[u8]) -> Result<FileResult, Problem> {
    let text = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let grid = CsvGrid(parse_csv_parallel(&text, delimiter).map_err(|message| Problem {
        place: shown.to_string(),
        message,
        skippable: false,
    })?);
    let place = Place { file: shown, sheet: None, row_offset: 0, col_offset: 0 };
    interpret_grid(q, &grid, &place, path).ok_or_else(|| not_an_answer_sheet(shown))
}

pub(super) fn read_workbook(q: &Questionnaire, shown: &str, path: &Path) -> Result<FileResult, Problem> {
    let fatal = |message: String| Problem { place: shown.to_string(), message, skippable: false };
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|e| fatal(format!("cannot read the workbook: {e}")))?;
    let names = workbook.sheet_names().to_vec();
    for name in &names {
        let range = workbook.worksheet_range(name).map_err(|e| fatal(format!("cannot read sheet {name}: {e}")))?;
        let (row_offset, col_offset) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let grid = SheetGrid(range);
        let place = Place { file: shown, sheet: Some(name), row_offset, col_offset };
        if let Some(result) = interpret_grid(q, &grid, &place, path) {
            return Ok(result);
        }
    }
    let sheets = if names.len() == 1 { "its sheet" } else { "none of its sheets" };
    Err(fatal(format!(
        "not an answer sheet: {sheets} has a header row with \"id\" and \"answer\" columns (long shape) \
         or question ids as columns (wide shape) in its first {HEADER_SEARCH_ROWS} rows"
    )))
}

fn not_an_answer_sheet(shown: &str) -> Problem {
    Problem {
        place: shown.to_string(),
        message: format!(
            "not an answer sheet: no header row with \"id\" and \"answer\" columns (long shape) or question ids \
             as columns (wide shape) in the first {HEADER_SEARCH_ROWS} rows"
        ),
        skippable: false,
    }
}

/// UTF-8 (with or without a byte order mark), else Windows-1252, the usual Latin-1 of spreadsheet exports.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// The most frequent of `,` `;` and tab in the first lines; comma on a tie.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
    let count = |c: char| head.matches(c).count();
    let (comma, semicolon, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab >= semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

/// Parse CSV text on all cores: split it at record boundaries (newlines outside quotes), parse the pieces
/// in parallel, and join the records in file order.
pub(crate) fn parse_csv_parallel(text: &str, delimiter: u8) -> Result<Vec<csv::StringRecord>, String> {
    let bytes = text.as_bytes();
    let pieces = rayon::current_num_threads().max(1) * 4;
    let target = bytes.len() / pieces + 1;
    let mut bounds = vec![0];
    let mut in_quotes = false;
    let mut next = target;
    for pos in memchr::memchr2_iter(b'"', b'\n', bytes) {
        if bytes[pos] == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && pos >= next {
            bounds.push(pos + 1);
            next = pos + 1 + target;
        }
    }
    bounds.push(bytes.len());
    bounds.dedup();
    let chunks: Vec<Result<Vec<csv::StringRecord>, String>> = bounds
        .par_windows(2)
        .map(|w| {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(&bytes[w[0]..w[1]]);
            reader.records().map(|r| r.map_err(|e| format!("not valid CSV: {e}"))).collect()
        })
        .collect();
    let mut records = Vec::new();
    for chunk in chunks {
        records.extend(chunk?);
    }
    Ok(records)
}

fn normalise(header: &str) -> String {
    header.trim().trim_end_matches([':', '*']).trim().to_lowercase().replace(['_', '-'], " ")
}

/// The question a header cell stands for: its exact id, or an id followed by the question text
/// (`IM-1-01. Are incidents logged?`, `[IM-1-01] Are …`) as survey tools write headers.
fn header_question(q: &Questionnaire, header: &str) -> Option<usize> {
    let header = header.trim().trim_start_matches('[');
    if let Some(i) = q.question(header) {
        return Some(i);
    }
    let end = header.find(|c: char| c.is_whitespace() || matches!(c, ']' | ':' | ')')).unwrap_or(header.len());
    let token = header[..end].trim_end_matches('.');
    q.question(token)
}

/// Whether a header looks like a question id (`XX-3-02`) even if the questionnaire does not know it.
fn looks_like_question_id(header: &str) -> bool {
    let header = header.trim().trim_start_matches('[');
    let end = header.find(|c: char| c.is_whitespace() || matches!(c, ']' | ':' | ')')).unwrap_or(header.len());
    let token = header[..end].trim_end_matches('.');
    let parts: Vec<&str> = token.split('-').collect();
    parts.len() >= 3
        && parts[0].starts_with(|c: char| c.is_ascii_alphabetic())
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
        && parts[parts.len() - 2..].iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

#[derive(Default)]
struct RespondentColumns {
    name: Option<usize>,
    role: Option<usize>,
    weight: Option<usize>,
    date: Option<usize>,
}

impl RespondentColumns {
    fn assign(&mut self, col: usize, header: &str) -> bool {
        let slot = match header {
            "respondent" | "name" | "respondent name" | "full name" | "your name" => &mut self.name,
            "role" | "job title" | "position" | "respondent role" => &mut self.role,
            "weight" | "respondent weight" => &mut self.weight,
            "date" | "timestamp" | "submitted" | "submit date" | "submitdate" | "completion time" => &mut self.date,
            _ => return false,
        };
        slot.get_or_insert(col);
        true
    }
}

enum Shape {
    Long { header: usize, id: usize, answer: usize, comment: Option<usize>, people: RespondentColumns },
    Wide { header: usize, questions: Vec<(usize, usize)>, unknown: Vec<usize>, people: RespondentColumns },
}

fn detect(q: &Questionnaire, grid: &dyn Grid) -> Option<Shape> {
    for row in 0..grid.rows().min(HEADER_SEARCH_ROWS) {
        let headers: Vec<String> = (0..grid.width(row)).map(|c| normalise(&grid.cell(row, c))).collect();
        // Names in order of preference: a sheet with both "Question" (the text) and "ID" columns has its ids in "ID".
        let find = |names: &[&str]| names.iter().find_map(|name| headers.iter().position(|h| h == name));
        let id = find(&["id", "question id", "questionid", "question"]);
        let answer = find(&["answer", "response", "rating", "value"]);
        if let (Some(id), Some(answer)) = (id, answer) {
            let mut people = RespondentColumns::default();
            for (col, h) in headers.iter().enumerate() {
                people.assign(col, h);
            }
            let comment = find(&["comment", "comments", "note", "notes", "remark", "remarks"]);
            return Some(Shape::Long { header: row, id, answer, comment, people });
        }
        let mut questions = Vec::new();
        let mut unknown = Vec::new();
        let mut people = RespondentColumns::default();
        for (col, header) in headers.iter().enumerate() {
            let raw = grid.cell(row, col);
            if let Some(question) = header_question(q, &raw) {
                questions.push((col, question));
            } else if !people.assign(col, header) && looks_like_question_id(&raw) {
                unknown.push(col);
            }
        }
        if !questions.is_empty() {
            return Some(Shape::Wide { header: row, questions, unknown, people });
        }
    }
    None
}

fn interpret_grid(q: &Questionnaire, grid: &dyn Grid, place: &Place<'_>, path: &Path) -> Option<FileResult> {
    Some(match detect(q, grid)? {
        Shape::Long { header, id, answer, comment, people } => {
            read_long(q, grid, place, path, header, id, answer, comment, &people)
        }
        Shape::Wide { header, questions, unknown, people } => {
            read_wide(q, grid, place, path, header, &questions, &unknown, &people)
        }
    })
}

fn skippable(place: String, message: String) -> Problem {
    Problem { place, message, skippable: true }
}

fn fatal(place: String, message: String) -> Problem {
    Problem { place, message, skippable: false }
}

/// The respondent block above a long sheet's header: rows `Respondent | Alice`, `Role | …`, `Weight | 2`.
fn respondent_block(
    grid: &dyn Grid,
    place: &Place<'_>,
    path: &Path,
    header: usize,
    problems: &mut Vec<Problem>,
) -> Respondent {
    let mut respondent = Respondent { name: stem(path), role: None, weight: 1.0, date: None, source: place.prefix() };
    for row in 0..header {
        let label = normalise(&grid.cell(row, 0));
        // The value sits in column B or C, beside its label (a title further right is not a value).
        let Some((col, value)) =
            (1..grid.width(row).min(3)).map(|c| (c, grid.cell(row, c).trim().to_string())).find(|(_, v)| !v.is_empty())
        else {
            continue;
        };
        match label.as_str() {
            "respondent" | "name" | "respondent name" => respondent.name = value,
            "role" => respondent.role = Some(value),
            "date" => respondent.date = Some(value),
            "weight" => match parse_weight(&value) {
                Ok(w) => respondent.weight = w,
                Err(message) => problems.push(fatal(place.cell(row, col), message)),
            },
            _ => {}
        }
    }
    respondent
}

#[allow(clippy::too_many_arguments)]
fn read_long(
    q: &Questionnaire,
    grid: &dyn Grid,
    place: &Place<'_>,
    path: &Path,
    header: usize,
    id_col: usize,
    answer_col: usize,
    comment_col: Option<usize>,
    people: &RespondentColumns,
) -> FileResult {
    let mut problems = Vec::new();
    let block = respondent_block(grid, place, path, header, &mut problems);
    let mut responses: Vec<Response> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for row in header + 1..grid.rows() {
        let id = grid.cell(row, id_col);
        let id = id.trim();
        if id.is_empty() {
            continue;
        }
        let Some(question) = q.question(id) else {
            problems.push(skippable(place.cell(row, id_col), unknown_id(q, id)));
            continue;
        };
        let who = people.name.map(|c| grid.cell(row, c).trim().to_string()).filter(|n| !n.is_empty());
        let slot = match who {
            None => *by_name.entry(String::new()).or_insert_with(|| {
                responses.push(Response::new(block.clone(), q.questions.len()));
                responses.len() - 1
            }),
            Some(name) => *by_name.entry(name.clone()).or_insert_with(|| {
                let mut respondent = block.clone();
                respondent.name = name;
                respondent.source = place.prefix();
                responses.push(Response::new(respondent, q.questions.len()));
                responses.len() - 1
            }),
        };
        let response = &mut responses[slot];
        fill_respondent(&mut response.respondent, grid, place, row, people, &mut problems);
        match interpret(q, question, &grid.cell(row, answer_col)) {
            Ok(answer) => response.answers.set(question, answer),
            Err(message) => problems.push(skippable(place.cell(row, answer_col), message)),
        }
        if let Some(c) = comment_col {
            let comment = grid.cell(row, c);
            if !comment.trim().is_empty() {
                response.comments.push((question, comment.trim().to_string()));
            }
        }
    }
    for response in &mut responses {
        response.comments.sort_by_key(|(i, _)| *i);
    }
    let fatal_found = problems.iter().any(|p| !p.skippable);
    FileResult { responses: if fatal_found { Vec::new() } else { responses }, problems }
}

/// Role, weight and date from a row's respondent columns, where the respondent does not have them yet.
fn fill_respondent(
    respondent: &mut Respondent,
    grid: &dyn Grid,
    place: &Place<'_>,
    row: usize,
    people: &RespondentColumns,
    problems: &mut Vec<Problem>,
) {
    let text = |c: Option<usize>| c.map(|c| grid.cell(row, c).trim().to_string()).filter(|v| !v.is_empty());
    if let Some(role) = text(people.role) {
        respondent.role.get_or_insert(role);
    }
    if let Some(date) = text(people.date) {
        respondent.date.get_or_insert(date);
    }
    if let (Some(col), Some(weight)) = (people.weight, text(people.weight)) {
        match parse_weight(&weight) {
            Ok(w) => respondent.weight = w,
            Err(message) => problems.push(fatal(place.cell(row, col), message)),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn read_wide(
    q: &Questionnaire,
    grid: &dyn Grid,
    place: &Place<'_>,
    path: &Path,
    header: usize,
    questions: &[(usize, usize)],
    unknown: &[usize],
    people: &RespondentColumns,
) -> FileResult {
    let mut problems: Vec<Problem> = unknown
        .iter()
        .map(|&col| skippable(place.cell(header, col), unknown_id(q, grid.cell(header, col).trim())))
        .collect();
    let name = stem(path);
    let rows: Vec<(Option<Response>, Vec<Problem>)> = (header + 1..grid.rows())
        .into_par_iter()
        .map(|row| {
            let mut problems = Vec::new();
            if grid.is_blank(row) {
                return (None, problems);
            }
            let who = people.name.map(|c| grid.cell(row, c).trim().to_string()).filter(|n| !n.is_empty());
            let respondent = Respondent {
                name: who.unwrap_or_else(|| format!("{name} row {}", row + place.row_offset + 1)),
                role: None,
                weight: 1.0,
                date: None,
                source: place.row(row),
            };
            let mut response = Response::new(respondent, q.questions.len());
            fill_respondent(&mut response.respondent, grid, place, row, people, &mut problems);
            for &(col, question) in questions {
                let cell = grid.cell(row, col);
                match interpret(q, question, &cell) {
                    Ok(Answer::Unanswered) => {}
                    Ok(answer) => response.answers.set(question, answer),
                    Err(message) => problems.push(skippable(place.cell(row, col), message)),
                }
            }
            (Some(response), problems)
        })
        .collect();
    let mut responses = Vec::new();
    for (response, row_problems) in rows {
        responses.extend(response);
        problems.extend(row_problems);
    }
    let fatal_found = problems.iter().any(|p| !p.skippable);
    FileResult { responses: if fatal_found { Vec::new() } else { responses }, problems }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheets() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn question_id_lookalikes() {
        assert!(looks_like_question_id("IM-9-01"));
        assert!(looks_like_question_id("[QS-OPE-3-01] Are …"));
        assert!(!looks_like_question_id("Respondent"));
        assert!(!looks_like_question_id("2026-03-01"));
    }

    #[test]
    fn csv_splits_only_outside_quotes() {
        let mut text = String::from("id,answer,comment\n");
        for i in 0..200 {
            text.push_str(&format!("Q-1-{i:02},F,\"line one\nline two, with comma\"\n"));
        }
        let records = parse_csv_parallel(&text, b',').unwrap();
        assert_eq!(records.len(), 201);
        assert!(records.iter().skip(1).all(|r| r.len() == 3 && r[2].contains('\n')));
        assert_eq!(&records[200][0], "Q-1-199");
    }

    #[test]
    fn the_id_column_is_preferred_to_a_question_text_column() {
        let q = crate::questionnaire::load_valid(Path::new("tests/fixtures/questionnaires/mini.toml")).unwrap();
        let rows = "Question,ID,Answer\nAre incidents logged?,IM-1-01,yes\n";
        let grid = CsvGrid(parse_csv_parallel(rows, b',').unwrap());
        match detect(&q, &grid) {
            Some(Shape::Long { id, answer, .. }) => assert_eq!((id, answer), (1, 2)),
            _ => panic!("a long sheet"),
        }
    }

    #[test]
    fn delimiters_and_encodings() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2"), b'\t');
        assert_eq!(sniff_delimiter("a,b\n"), b',');
        assert_eq!(decode(b"\xEF\xBB\xBFid"), "id");
        assert_eq!(decode(b"caf\xE9"), "café");
    }
}
