//! Registers as workbooks: read with calamine, written with rust_xlsxwriter with a fixed creation date. Values
//! survive a round trip (text, numbers, dates, other sheets); formulas come back as their last computed values.

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

use crate::error::Failure;

use super::table::{Cell, OtherSheet, Table, find_header};
use super::{COLUMNS, STATUSES};

/// The sheet a new register is written to, and the one read first.
pub const REGISTER_SHEET: &str = "Register";
const HEADER_SEARCH_ROWS: usize = 30;
/// Rows below the last item that still offer the status list, for items people add by hand.
const SPARE_ROWS: u32 = 200;

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => Cell::Date(dt.date()),
            Some(dt) => Cell::DateTime(dt),
            None => Cell::Number(d.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// A sheet's cells from A1, whatever part of the sheet is used.
fn grid(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let Some((top, left)) = range.start() else { return Vec::new() };
    let mut rows = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left as usize];
        cells.extend(row.iter().map(cell_of));
        while cells.last() == Some(&Cell::Empty) {
            cells.pop();
        }
        rows.push(cells);
    }
    rows
}

pub fn read(shown: &str, bytes: &[u8]) -> Result<Table, Failure> {
    let fail = |message: String| Failure::input(format!("{shown}: {message}"));
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| fail(format!("cannot read the workbook: {e}")))?;
    let names = workbook.sheet_names().to_vec();
    let mut sheets = Vec::with_capacity(names.len());
    for name in &names {
        let range = workbook.worksheet_range(name).map_err(|e| fail(format!("cannot read sheet {name}: {e}")))?;
        sheets.push(grid(&range));
    }
    // The sheet named Register, else the first with an id column.
    let chosen = names
        .iter()
        .position(|n| n == REGISTER_SHEET)
        .filter(|&i| find_header(&sheets[i], HEADER_SEARCH_ROWS).is_some())
        .or_else(|| sheets.iter().position(|rows| find_header(rows, HEADER_SEARCH_ROWS).is_some()));
    let Some(index) = chosen else {
        let which = if names.len() == 1 { "its sheet has" } else { "none of its sheets has" };
        return Err(fail(format!(
            "not an improvement register: {which} an \"id\" column in a header row in the first \
             {HEADER_SEARCH_ROWS} rows (a register's header names its columns: id, raised, process, …)"
        )));
    };
    let mut table = Table::default();
    for (position, (name, rows)) in names.into_iter().zip(sheets).enumerate() {
        if position != index {
            table.surroundings.other_sheets.push(OtherSheet { name, position, rows });
            continue;
        }
        let header = find_header(&rows, HEADER_SEARCH_ROWS).unwrap_or(0);
        let mut rows = rows.into_iter();
        table.preamble = rows.by_ref().take(header).collect();
        table.header = rows.next().unwrap_or_default().iter().map(|c| c.text().into_owned()).collect();
        table.rows = rows.collect();
        table.surroundings.sheet_name = Some(name);
        table.surroundings.sheet_position = position;
    }
    Ok(table)
}

struct Formats {
    header: Format,
    date: Format,
    datetime: Format,
    wrap: Format,
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
    wrap: bool,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) | Cell::Toml { text: s, .. } if s.is_empty() => {}
        Cell::Text(s) | Cell::Toml { text: s, .. } if wrap => {
            sheet.write_string_with_format(row, col, s, &f.wrap)?;
        }
        Cell::Text(s) | Cell::Toml { text: s, .. } => {
            sheet.write_string(row, col, s)?;
        }
        Cell::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        Cell::Bool(b) => {
            sheet.write_boolean(row, col, *b)?;
        }
        Cell::Date(d) => {
            use chrono::Datelike;
            let date = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            sheet.write_datetime_with_format(row, col, &date, &f.date)?;
        }
        Cell::DateTime(dt) => {
            use chrono::{Datelike, Timelike};
            let date = ExcelDateTime::from_ymd(dt.year() as u16, dt.month() as u8, dt.day() as u8)?.and_hms(
                dt.hour() as u16,
                dt.minute() as u8,
                dt.second(),
            )?;
            sheet.write_datetime_with_format(row, col, &date, &f.datetime)?;
        }
    }
    Ok(())
}

fn write_rows(
    sheet: &mut Worksheet,
    first: u32,
    rows: &[Vec<Cell>],
    f: &Formats,
    wrap: &[bool],
) -> Result<(), XlsxError> {
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let wrapped = wrap.get(c).copied().unwrap_or(false);
            write_cell(sheet, first + r as u32, c as u16, cell, f, wrapped)?;
        }
    }
    Ok(())
}

fn width_of(name: &str) -> f64 {
    match super::table::normalise(name).as_str() {
        "id" => 12.0,
        "raised" | "due" | "closed" => 11.0,
        "process" => 24.0,
        "stage" => 12.0,
        "question" | "description" => 50.0,
        "priority" => 8.0,
        "current level" | "target level" => 7.0,
        "related kpi" => 28.0,
        "owner" => 16.0,
        "status" => 11.0,
        "notes" => 40.0,
        _ => 16.0,
    }
}

pub fn write(table: &Table) -> Result<Vec<u8>, Failure> {
    build(table).map_err(|e| Failure::other(format!("cannot write XLSX: {e}")))
}

fn build(table: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date keeps the bytes the same for the same register.
    let properties = DocProperties::new()
        .set_title("Improvement register")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    workbook.set_properties(&properties);
    let f = Formats {
        header: Format::new().set_bold().set_background_color("#D9E1F2").set_border_bottom(FormatBorder::Thin),
        date: Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Top),
        datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss").set_align(FormatAlign::Top),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    };
    let s = &table.surroundings;
    let sheet_count = s.other_sheets.len() + 1;
    let mut others = s.other_sheets.iter().peekable();
    for position in 0..sheet_count {
        let sheet = workbook.add_worksheet();
        if let Some(other) = others.next_if(|o| o.position == position && position != s.sheet_position) {
            sheet.set_name(&other.name)?;
            write_rows(sheet, 0, &other.rows, &f, &[])?;
            continue;
        }
        sheet.set_name(s.sheet_name.as_deref().unwrap_or(REGISTER_SHEET))?;
        write_register(sheet, table, &f)?;
    }
    workbook.save_to_buffer()
}

fn write_register(sheet: &mut Worksheet, table: &Table, f: &Formats) -> Result<(), XlsxError> {
    let wrap: Vec<bool> = table
        .header
        .iter()
        .map(|h| matches!(super::table::normalise(h).as_str(), "question" | "description" | "notes"))
        .collect();
    write_rows(sheet, 0, &table.preamble, f, &[])?;
    let header_row = table.preamble.len() as u32;
    for (c, name) in table.header.iter().enumerate() {
        sheet.write_string_with_format(header_row, c as u16, name, &f.header)?;
        sheet.set_column_width(c as u16, width_of(name))?;
    }
    write_rows(sheet, header_row + 1, &table.rows, f, &wrap)?;
    let last_row = header_row + table.rows.len() as u32;
    if let Some(last_col) = table.header.len().checked_sub(1) {
        sheet.autofilter(header_row, 0, last_row.max(header_row + 1), last_col as u16)?;
    }
    if let Some(status) = table.column(COLUMNS[12]) {
        // A warning, not a refusal: a person may need a status of their own.
        let validation = DataValidation::new()
            .allow_list_strings(&STATUSES)?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_message("Statuses are open, in progress, done and dropped.")?;
        let col = status as u16;
        sheet.add_data_validation(header_row + 1, col, last_row + SPARE_ROWS, col, &validation)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_round_trips_its_values_title_rows_and_other_sheets() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("a valid date");
        let mut table = Table {
            preamble: vec![vec![Cell::Text("ACME CSI register".into())], vec![]],
            header: vec!["id".into(), "due".into(), "budget".into()],
            rows: vec![vec![Cell::Text("IM-3-02".into()), Cell::Date(date), Cell::Number(1200.5)]],
            ..Table::default()
        };
        table.surroundings.sheet_name = Some("CSI".into());
        table.surroundings.sheet_position = 1;
        table.surroundings.other_sheets.push(OtherSheet {
            name: "Read me".into(),
            position: 0,
            rows: vec![vec![Cell::Empty, Cell::Text("B1".into()), Cell::Bool(true)]],
        });
        let bytes = write(&table).expect("the workbook is written");
        let back = read("r.xlsx", &bytes).expect("the workbook reads back");
        assert_eq!(back, table);
        assert_eq!(write(&back).expect("written again"), bytes);
    }
}
