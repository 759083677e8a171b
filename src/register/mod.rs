//! The improvement register (ITIL's CSI register): one item per recommendation, kept across assessments.
//! The tool raises items and closes the ones a new assessment finds met; everything else is the people's.
//!
//! Flow: a file (CSV, XLSX or TOML) → [`Table`] → [`update`] with a result document → the same file, written
//! whole to a temporary file and renamed. The rules are in `update.rs`, pure; `docs/register.md` is the contract.

mod csv_file;
mod table;
mod toml_file;
mod update;
mod xlsx_file;

use std::path::Path;

use chrono::NaiveDate;

use crate::error::Failure;
use crate::output::write_atomically;
use crate::results::ResultDocument;

pub use table::{Cell, OtherSheet, Surroundings, Table};
pub use update::{Summary, empty, update};

/// The register's columns, in the order a new register has them.
pub const COLUMNS: [&str; 15] = [
    "id",
    "raised",
    "process",
    "stage",
    "question",
    "description",
    "priority",
    "current_level",
    "target_level",
    "related_kpi",
    "owner",
    "due",
    "status",
    "closed",
    "notes",
];

/// The statuses people use; the tool writes `open` and `done`.
pub const STATUSES: [&str; 4] = ["open", "in progress", "done", "dropped"];

/// The ticket KPIs that show whether work on a process pays off: the hook between the register and KPI reports.
pub fn related_kpis(process: &str) -> &'static [&'static str] {
    match process {
        "incident" => &["mttr_hours", "sla_met_pct", "first_line_resolution_pct"],
        "problem" => &["median_ttr_hours", "open_age_mean_days"],
        "change" => &["change_success_pct", "emergency_change_pct"],
        "request-fulfilment" => &["mttr_hours", "sla_met_pct"],
        "service-level" => &["sla_met_pct"],
        "service-desk" => &["first_line_resolution_pct", "reassigned_pct"],
        _ => &[],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RegisterFormat {
    Csv,
    Xlsx,
    Toml,
}

impl RegisterFormat {
    /// The format a file's extension names.
    pub fn of(path: &Path) -> Result<Self, Failure> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => Ok(Self::Csv),
            Some("xlsx") => Ok(Self::Xlsx),
            Some("toml") => Ok(Self::Toml),
            _ => Err(Failure::input(format!(
                "{}: cannot tell the register's format from the extension: use .csv, .xlsx or .toml",
                path.display()
            ))),
        }
    }
}

/// The date items are raised and closed on: `--date`, else the result's assessment date; an error without one.
pub fn assessment_date(given: Option<&str>, doc: &ResultDocument, shown: &str) -> Result<NaiveDate, Failure> {
    let (text, source) = match (given, doc.assessment.date.as_deref()) {
        (Some(text), _) => (text, "--date"),
        (None, Some(text)) => (text, shown),
        (None, None) => {
            return Err(Failure::input(format!(
                "{shown}: the result has no assessment date; give one with --date YYYY-MM-DD"
            )));
        }
    };
    // A timestamp counts by its day: respondent dates may carry a time.
    let day = text.trim().get(..10).unwrap_or(text.trim());
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
        let hint = if source == "--date" { "" } else { "; give one with --date YYYY-MM-DD" };
        Failure::input(format!("{source}: the assessment date \"{text}\" is not a date (YYYY-MM-DD){hint}"))
    })
}

/// Read a register file; any problem is an error naming the file and, where it can, the line or cell.
pub fn read(path: &Path) -> Result<Table, Failure> {
    let shown = path.display().to_string();
    let format = RegisterFormat::of(path)?;
    let bytes = std::fs::read(path).map_err(|e| Failure::input(format!("{shown}: cannot read the register: {e}")))?;
    match format {
        RegisterFormat::Csv => csv_file::read(&shown, &bytes),
        RegisterFormat::Xlsx => xlsx_file::read(&shown, &bytes),
        RegisterFormat::Toml => toml_file::read(&shown, &bytes),
    }
}

/// The bytes of a register in a format.
pub fn render(table: &Table, format: RegisterFormat) -> Result<Vec<u8>, Failure> {
    match format {
        RegisterFormat::Csv => csv_file::write(table),
        RegisterFormat::Xlsx => xlsx_file::write(table),
        RegisterFormat::Toml => Ok(toml_file::write(table).into_bytes()),
    }
}

/// Write a register whole, to a temporary file renamed over `path`.
pub fn write(table: &Table, path: &Path) -> Result<(), Failure> {
    let bytes = render(table, RegisterFormat::of(path)?)?;
    write_atomically(path, &bytes)
}
