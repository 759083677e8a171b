//! A register as a table of cells, whatever file it came from: the header as written, the rows in order, and
//! what the file held around them, so that writing it back loses nothing a person wrote.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};

/// One cell, typed as far as its file said: CSV gives text, a workbook numbers and dates, TOML its source.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A blank cell, or a key a TOML item does not have.
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    /// A TOML value kept as it was written (`source`); `text` is what other formats show of it.
    Toml {
        text: String,
        source: String,
    },
}

impl Cell {
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) | Cell::Toml { text: s, .. } => Cow::Borrowed(s),
            Cell::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => Cow::Owned(format!("{}", *f as i64)),
            Cell::Number(f) => Cow::Owned(f.to_string()),
            Cell::Bool(b) => Cow::Owned(b.to_string()),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::DateTime(dt) => Cow::Owned(dt.format("%Y-%m-%d %H:%M:%S").to_string()),
        }
    }
}

/// A sheet of a workbook other than the register's: its values are written back as they were read.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherSheet {
    pub name: String,
    /// Where it stood among the workbook's sheets.
    pub position: usize,
    pub rows: Vec<Vec<Cell>>,
}

/// What a file held besides the register's table; each writer uses what its format can hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Surroundings {
    /// The workbook sheet the register was read from.
    pub sheet_name: Option<String>,
    /// Its position among the workbook's sheets.
    pub sheet_position: usize,
    pub other_sheets: Vec<OtherSheet>,
    /// Top-level TOML entries other than `item`, as `key = value` source lines.
    pub toml_entries: Vec<String>,
    /// The CSV field delimiter, and whether the file began with a UTF-8 byte order mark.
    pub csv_delimiter: Option<u8>,
    pub csv_bom: bool,
}

/// The register's table: rows above the header (a title a person added), the header, and the items.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub preamble: Vec<Vec<Cell>>,
    /// Column names as written.
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub surroundings: Surroundings,
}

/// How a header names a column, whatever its case or separators: `Current level` is `current_level`.
pub fn normalise(header: &str) -> String {
    header.trim().to_lowercase().replace(['_', '-'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Table {
    /// The column named `name` (normalised), if the header has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        let wanted = normalise(name);
        self.header.iter().position(|h| normalise(h) == wanted)
    }

    /// The column named `name`, appended to the header when missing.
    pub fn column_or_add(&mut self, name: &str) -> usize {
        match self.column(name) {
            Some(col) => col,
            None => {
                self.header.push(name.to_string());
                self.header.len() - 1
            }
        }
    }

    pub fn get<'a>(&'a self, row: &'a [Cell], col: Option<usize>) -> Cow<'a, str> {
        match col.and_then(|c| row.get(c)) {
            Some(cell) => cell.text(),
            None => Cow::Borrowed(""),
        }
    }
}

/// Set a cell, growing the row only as far as needed.
pub fn set(row: &mut Vec<Cell>, col: usize, cell: Cell) {
    if row.len() <= col {
        row.resize(col + 1, Cell::Empty);
    }
    row[col] = cell;
}

/// The row in which a header naming an `id` column sits, within the first `limit` rows.
pub fn find_header(rows: &[Vec<Cell>], limit: usize) -> Option<usize> {
    rows.iter().take(limit).position(|row| row.iter().any(|c| normalise(&c.text()) == "id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_their_case_and_separators() {
        assert_eq!(normalise(" Current-Level "), "current level");
        assert_eq!(normalise("current_level"), "current level");
        let table = Table { header: vec!["ID".into(), "Related KPI".into()], ..Table::default() };
        assert_eq!(table.column("id"), Some(0));
        assert_eq!(table.column("related_kpi"), Some(1));
        assert_eq!(table.column("owner"), None);
    }

    #[test]
    fn cells_show_numbers_as_people_write_them() {
        assert_eq!(Cell::Number(2.0).text(), "2");
        assert_eq!(Cell::Number(0.92).text(), "0.92");
        assert_eq!(Cell::Date(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()).text(), "2026-03-02");
    }
}
