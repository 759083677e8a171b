//! Spreadsheet exports (XLSX, XLSM, XLSB, XLS, ODS) through calamine: the first sheet or a named one. XLSX is
//! streamed cell by cell and only the mapped columns are kept; the other formats are read as a range.

use std::borrow::Cow;

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto};

use super::error::TicketError;
use super::read::{BATCH_ROWS, Cells, DateCell};

/// One spreadsheet row: cells by column index (unmapped columns left empty).
pub type SheetRow = Vec<Data>;

impl Cells for SheetRow {
    fn text(&self, col: usize) -> Cow<'_, str> {
        match self.get(col) {
            None | Some(Data::Empty) => Cow::Borrowed(""),
            Some(Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s)) => Cow::Borrowed(s),
            Some(Data::Float(f)) => Cow::Owned(number_text(*f)),
            Some(Data::Int(i)) => Cow::Owned(i.to_string()),
            Some(Data::Bool(b)) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Some(Data::DateTime(d)) => Cow::Owned(number_text(d.as_f64())),
            Some(Data::Error(e)) => Cow::Owned(e.to_string()),
        }
    }

    fn date(&self, col: usize) -> DateCell<'_> {
        match self.get(col) {
            None | Some(Data::Empty) => DateCell::Missing,
            Some(Data::DateTime(d)) => DateCell::Serial(d.as_f64()),
            Some(Data::Float(f)) => DateCell::Serial(*f),
            Some(Data::Int(i)) => DateCell::Serial(*i as f64),
            Some(Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s)) => DateCell::Text(Cow::Borrowed(s)),
            Some(other) => DateCell::Text(self.text_of(other)),
        }
    }
}

trait TextOf {
    fn text_of(&self, d: &Data) -> Cow<'_, str>;
}

impl TextOf for SheetRow {
    fn text_of(&self, d: &Data) -> Cow<'_, str> {
        match d {
            Data::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Data::Error(e) => Cow::Owned(e.to_string()),
            _ => Cow::Borrowed(""),
        }
    }
}

/// Integral numbers as integers (`3`, not `3.0`), as a spreadsheet displays them.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { f.to_string() }
}

fn owned(value: &DataRef<'_>) -> Data {
    match value {
        DataRef::SharedString(s) => Data::String((*s).to_string()),
        other => Data::from(other.clone()),
    }
}

/// What a spreadsheet import does with what it reads.
pub trait SheetHandler {
    /// The header row; returns the column indices to keep.
    fn header(&mut self, header: &[String]) -> Result<Vec<usize>, TicketError>;
    /// A batch of rows with their spreadsheet row numbers (1-based).
    fn batch(&mut self, rows: &[SheetRow], numbers: &[u64]) -> Result<(), TicketError>;
}

/// Read the first sheet (or `sheet`) of a workbook, header first, then the rows in batches.
pub fn read_sheet(path: &str, sheet: Option<&str>, handler: &mut dyn SheetHandler) -> Result<(), TicketError> {
    let bad = |e: &dyn std::fmt::Display| TicketError::Spreadsheet { file: path.into(), message: e.to_string() };
    let mut book = open_workbook_auto(path).map_err(|e| bad(&e))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| TicketError::NoSheet {
            file: path.into(),
            sheet: s.into(),
            available: names.join(", "),
        })?,
        None => names.first().cloned().ok_or_else(|| TicketError::Empty { file: path.into() })?,
    };
    if let Sheets::Xlsx(xlsx) = &mut book {
        let mut cells = xlsx.worksheet_cells_reader(&name).map_err(|e| bad(&e))?;
        let mut header: Vec<String> = Vec::new();
        let mut header_row = None;
        let mut keep: Vec<bool> = Vec::new();
        let mut width = 0;
        let mut rows: Vec<SheetRow> = Vec::with_capacity(BATCH_ROWS);
        let mut numbers: Vec<u64> = Vec::with_capacity(BATCH_ROWS);
        let mut current: Option<u32> = None;
        loop {
            let cell = cells.next_cell().map_err(|e| bad(&e))?;
            let (r, c) = match &cell {
                Some(cell) => cell.get_position(),
                None => (u32::MAX, 0),
            };
            if current != Some(r) {
                // a new row begins: the header is complete after its row
                if header_row.is_some() && header_row == current {
                    let used = handler.header(&header)?;
                    width = used.iter().max().map_or(0, |m| m + 1);
                    keep = vec![false; width];
                    for u in used {
                        keep[u] = true;
                    }
                }
                if rows.len() >= BATCH_ROWS || (cell.is_none() && !rows.is_empty()) {
                    handler.batch(&rows, &numbers)?;
                    rows.clear();
                    numbers.clear();
                }
                let Some(_) = &cell else { break };
                current = Some(r);
                if header_row.is_none() {
                    header_row = Some(r);
                } else {
                    rows.push(vec![Data::Empty; width]);
                    numbers.push(u64::from(r) + 1);
                }
            }
            let Some(cell) = cell else { break };
            let c = c as usize;
            if header_row == Some(r) {
                if header.len() <= c {
                    header.resize(c + 1, String::new());
                }
                header[c] = owned(cell.get_value()).to_string().trim().to_string();
            } else if c < width
                && keep[c]
                && let Some(row) = rows.last_mut()
            {
                row[c] = owned(cell.get_value());
            }
        }
        if header_row.is_none() {
            return Err(TicketError::Empty { file: path.into() });
        }
        return Ok(());
    }
    let range = book.worksheet_range(&name).map_err(|e| bad(&e))?;
    let Some((row0, col0)) = range.start() else {
        return Err(TicketError::Empty { file: path.into() });
    };
    let mut all = range.rows();
    let header_cells = all.next().ok_or_else(|| TicketError::Empty { file: path.into() })?;
    // Columns before the range's first column are empty; index cells by absolute column.
    let pad = col0 as usize;
    let header: Vec<String> = std::iter::repeat_n(String::new(), pad)
        .chain(header_cells.iter().map(|d| d.to_string().trim().to_string()))
        .collect();
    let used = handler.header(&header)?;
    let mut rows: Vec<SheetRow> = Vec::with_capacity(BATCH_ROWS);
    let mut numbers = Vec::with_capacity(BATCH_ROWS);
    for (i, cells) in all.enumerate() {
        let mut row = vec![Data::Empty; pad + cells.len()];
        for &u in &used {
            if u >= pad
                && let Some(d) = cells.get(u - pad)
            {
                row[u] = d.clone();
            }
        }
        rows.push(row);
        numbers.push(u64::from(row0) + i as u64 + 2);
        if rows.len() == BATCH_ROWS {
            handler.batch(&rows, &numbers)?;
            rows.clear();
            numbers.clear();
        }
    }
    if !rows.is_empty() {
        handler.batch(&rows, &numbers)?;
    }
    Ok(())
}
