//! Registers as CSV: the delimiter, the byte order mark, the rows above the header and every cell are kept as
//! read, so that a spreadsheet user's file comes back as they saved it (in UTF-8).

use crate::answers::sheet::{decode, sniff_delimiter};
use crate::error::Failure;

use super::table::{Cell, Table, find_header};

/// How far down a header row is looked for.
const HEADER_SEARCH_ROWS: usize = 30;

pub fn read(shown: &str, bytes: &[u8]) -> Result<Table, Failure> {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let text = decode(bytes);
    let delimiter = sniff_delimiter(&text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(String::new(), |p| format!(": line {}", p.line()));
            Failure::input(format!("{shown}{line}: not valid CSV: {e}"))
        })?;
        rows.push(record.iter().map(|c| Cell::Text(c.to_string())).collect::<Vec<_>>());
    }
    let Some(header) = find_header(&rows, HEADER_SEARCH_ROWS) else {
        return Err(Failure::input(format!(
            "{shown}: not an improvement register: no \"id\" column in a header row in the first \
             {HEADER_SEARCH_ROWS} lines (a register's header names its columns: id, raised, process, …)"
        )));
    };
    let mut rows = rows.into_iter();
    let preamble: Vec<_> = rows.by_ref().take(header).collect();
    let header_row: Vec<String> = rows.next().unwrap_or_default().iter().map(|c| c.text().into_owned()).collect();
    let mut table = Table { preamble, header: header_row, rows: rows.collect(), ..Table::default() };
    table.surroundings.csv_delimiter = Some(delimiter);
    table.surroundings.csv_bom = bom;
    Ok(table)
}

pub fn write(table: &Table) -> Result<Vec<u8>, Failure> {
    let fail = |e: csv::Error| Failure::other(format!("cannot write CSV: {e}"));
    let delimiter = table.surroundings.csv_delimiter.unwrap_or(b',');
    let mut out = Vec::new();
    if table.surroundings.csv_bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    let mut writer = csv::WriterBuilder::new().flexible(true).delimiter(delimiter).from_writer(out);
    for row in &table.preamble {
        writer.write_record(row.iter().map(|c| c.text().into_owned())).map_err(fail)?;
    }
    writer.write_record(&table.header).map_err(fail)?;
    for row in &table.rows {
        // A row shorter than the header gets empty cells, so that every line has the header's fields.
        let width = row.len().max(table.header.len());
        let cells = (0..width).map(|c| row.get(c).map_or(String::new(), |cell| cell.text().into_owned()));
        writer.write_record(cells).map_err(fail)?;
    }
    writer.into_inner().map_err(|e| Failure::other(format!("cannot write CSV: {e}")))
}
