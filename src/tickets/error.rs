//! What can go wrong while importing tickets, phrased for the person who has to fix the file: every message names
//! the file, the row (1-based, header = row 1, as a spreadsheet shows it) and the column, what was found and what
//! was expected.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum TicketError {
    #[error("{file}: cannot read: {message}")]
    Io { file: String, message: String },

    #[error("{file}: not a readable spreadsheet: {message}")]
    Spreadsheet { file: String, message: String },

    #[error("{file}: no sheet named {sheet:?} (sheets: {available})")]
    NoSheet { file: String, sheet: String, available: String },

    #[error("{file}: the file is empty (no header row)")]
    Empty { file: String },

    #[error("{origin}: {message}")]
    Mapping { origin: String, message: String },

    #[error(
        "{file}: no built-in mapping recognises this header ({header}); pass --mapping NAME|FILE (built-in: {names})"
    )]
    Undetected { file: String, header: String, names: String },

    #[error("{file}: no column {wanted} for {field} (mapping {mapping}); the header has: {header}")]
    MissingColumn { file: String, field: &'static str, wanted: String, mapping: String, header: String },

    #[error("{file}: row {row}, column {column}: {found:?} is not a date (expected {expected})")]
    BadDate { file: String, row: u64, column: String, found: String, expected: String },

    #[error(
        "{file}: column {column}: slash dates such as {found:?} (row {row}) could be day-first or month-first and no date in the file decides it; set date_format = \"D/M/YYYY\" or \"M/D/YYYY\" in a mapping (--mapping FILE)"
    )]
    AmbiguousDates { file: String, row: u64, column: String, found: String },

    #[error(
        "{file}: slash dates disagree: {:?} (row {}, column {}) is day-first but {:?} (row {}, column {}) is month-first; set date_format in a mapping (--mapping FILE)",
        .day_first.text, .day_first.row, .day_first.column, .month_first.text, .month_first.row, .month_first.column
    )]
    ConflictingDates { file: String, day_first: Box<DatePlace>, month_first: Box<DatePlace> },

    #[error("files disagree on the ticket kind ({first} is {first_kind}, {second} is {second_kind}); pass --kind")]
    MixedKinds { first: String, first_kind: String, second: String, second_kind: String },

    #[error("--as-of {found:?} is not an ISO 8601 timestamp (expected e.g. 2024-06-30T00:00:00)")]
    BadAsOf { found: String },

    #[error("{0}")]
    Guidance(String),
}

impl TicketError {
    /// Whether the user's input is at fault (exit 2) rather than the system (exit 1). Every import error is about
    /// an input file the user named (even one that cannot be opened), as elsewhere in itil-assess.
    pub fn is_bad_input(&self) -> bool {
        true
    }
}

/// A date value and where it was found.
#[derive(Debug, Clone)]
pub struct DatePlace {
    pub text: String,
    pub row: u64,
    pub column: String,
}

/// At the binary's edge: bad input exits 2, I/O failures 1.
impl From<TicketError> for crate::error::Failure {
    fn from(e: TicketError) -> Self {
        if e.is_bad_input() {
            crate::error::Failure::input(e.to_string())
        } else {
            crate::error::Failure::other(e.to_string())
        }
    }
}
