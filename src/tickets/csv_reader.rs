//! CSV exports: delimiter sniffed among `,` `;` and tab, UTF-8 with or without BOM (Latin-1 when a field is not
//! UTF-8), any line ending. Records are read in batches; one batch is converted in parallel while the next is
//! read, and only the mapped columns leave the batch.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader};

use csv::ByteRecord;
use indicatif::ProgressBar;

use super::error::TicketError;
use super::read::{BATCH_ROWS, Cells, DateCell};

/// Decode a field: UTF-8 when valid, else Latin-1 (Windows-1252, as exports from Windows tools mean it).
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

impl Cells for ByteRecord {
    fn text(&self, col: usize) -> Cow<'_, str> {
        self.get(col).map_or(Cow::Borrowed(""), decode)
    }

    fn date(&self, col: usize) -> DateCell<'_> {
        match self.get(col) {
            None => DateCell::Missing,
            Some(b) => DateCell::Text(decode(b)),
        }
    }
}

/// The delimiter that occurs most often outside quotes in the first line (comma when none does).
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 { b',' } else { candidates[best] }
}

/// A CSV file opened past its BOM, with its header read.
pub struct CsvSource {
    reader: csv::Reader<BufReader<File>>,
    pub header: Vec<String>,
    pub len: u64,
    next_row: u64,
}

impl CsvSource {
    pub fn open(path: &str) -> Result<CsvSource, TicketError> {
        let io = |e: std::io::Error| TicketError::Io { file: path.into(), message: e.to_string() };
        let file = File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        let mut buf = BufReader::with_capacity(1 << 20, file);
        if buf.fill_buf().map_err(io)?.starts_with(b"\xEF\xBB\xBF") {
            buf.consume(3);
        }
        let delimiter = sniff_delimiter(buf.fill_buf().map_err(io)?);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 20)
            .from_reader(buf);
        let mut first = ByteRecord::new();
        let csv_err = |e: csv::Error| TicketError::Io { file: path.into(), message: e.to_string() };
        if !reader.read_byte_record(&mut first).map_err(csv_err)? {
            return Err(TicketError::Empty { file: path.into() });
        }
        let header = first.iter().map(|f| decode(f).trim().to_string()).collect();
        Ok(CsvSource { reader, header, len, next_row: 2 })
    }

    /// Fill `batch` with up to [`BATCH_ROWS`] records; returns how many and the row number of the first.
    pub fn fill(&mut self, batch: &mut Vec<ByteRecord>, path: &str) -> Result<(usize, u64), TicketError> {
        if batch.len() < BATCH_ROWS {
            batch.resize_with(BATCH_ROWS, ByteRecord::new);
        }
        let first = self.next_row;
        let mut n = 0;
        while n < BATCH_ROWS {
            let more = self
                .reader
                .read_byte_record(&mut batch[n])
                .map_err(|e| TicketError::Io { file: path.into(), message: format!("row {}: {e}", self.next_row) })?;
            if !more {
                break;
            }
            n += 1;
            self.next_row += 1;
        }
        Ok((n, first))
    }

    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    pub fn progress(&self, bar: &ProgressBar) {
        bar.set_position(self.position());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a,b,\"c;d\"\n"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }

    #[test]
    fn latin1_fields() {
        assert_eq!(decode(b"J\xf6rg"), "Jörg");
        assert_eq!(decode("Jörg".as_bytes()), "Jörg");
    }
}
