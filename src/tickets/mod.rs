//! Ticket evidence: ITSM exports (CSV and spreadsheets) → canonical tickets → the KPIs of
//! `spec/ticket-kpis.md` → the maturity level the data supports, per ITIL process.
//!
//! The flow reads top to bottom: [`mapping`] decides which column is what, the readers ([`csv_reader`],
//! [`sheet_reader`]) turn rows into compact [`record::Row`]s through [`read`], [`record::collapse`] makes one
//! ticket per id, [`kpi::compute`] counts, [`guidance::assess`] compares. Only [`import`] touches files.

pub mod csv_reader;
pub mod dates;
pub mod error;
pub mod guidance;
pub mod kpi;
pub mod mapping;
pub mod read;
pub mod record;
pub mod sheet_reader;
pub mod table;
pub mod values;

use std::collections::BTreeMap;
use std::io::IsTerminal;

use calamine::Data;
use csv::ByteRecord;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

pub use dates::Micros;
pub use error::TicketError;
pub use guidance::{Guidance, ProcessEvidence, assess};
pub use kpi::{Kpi, KpiDocument, KpiSet};
pub use mapping::Mapping;
pub use record::{Kind, Ticket};

use dates::{RawView, SlashOrder};
use read::{BatchStats, Converter, Interner, Plan};
use record::Row;

/// What the user asked for, already resolved from the command line.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// A mapping to use for every file; `None` detects one per file from its header.
    pub mapping: Option<Mapping>,
    pub kind: Option<Kind>,
    pub sheet: Option<String>,
    /// ISO 8601 reference time for open problem age.
    pub as_of: Option<String>,
    /// Unreadable dates count as missing (and are counted per column) instead of stopping the import.
    pub skip_invalid: bool,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
}

/// What happened to one input file.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    pub path: String,
    pub mapping: String,
    /// The mapping was detected from the header (not given).
    pub detected: bool,
    pub rows: u64,
    /// Rows without an id.
    pub skipped_rows: u64,
    /// Unreadable dates per column (only with `--skip-invalid`).
    pub invalid_dates: BTreeMap<String, u64>,
    pub slash_order: Option<SlashOrder>,
    pub notes: Vec<String>,
    /// The latest time on rows without an id (they still count for the as-of time).
    #[serde(skip)]
    pub latest_skipped: Option<Micros>,
}

/// The imported tickets of one kind, ready for [`kpi::compute`].
#[derive(Clone, Debug)]
pub struct Import {
    pub kind: Kind,
    pub tickets: Vec<Ticket>,
    /// `--as-of`, or the latest opened/resolved/closed/updated value over all rows.
    pub as_of: Option<Micros>,
    pub files: Vec<FileReport>,
}

impl Import {
    /// The KPI document of the imported tickets.
    pub fn kpis(&self) -> KpiDocument {
        kpi::compute(self.kind, &self.tickets, self.as_of)
    }
}

/// Read every file, collapse rows into tickets (ids shared across files are one ticket) and pick the kind.
pub fn import(paths: &[String], options: &ImportOptions) -> Result<Import, TicketError> {
    let mut interner = Interner::default();
    let mut rows: Vec<Row> = Vec::new();
    let mut files = Vec::new();
    let mut kinds: Vec<(String, Kind)> = Vec::new();
    // a bad --as-of should not wait for a million rows to be read
    let given_as_of = match &options.as_of {
        Some(text) => Some(dates::parse_iso_text(text).ok_or_else(|| TicketError::BadAsOf { found: text.clone() })?),
        None => None,
    };
    for path in paths {
        let (report, mapping) = read_file(path, options, &mut interner, &mut rows)?;
        if let Some(k) = mapping.kind {
            kinds.push((path.clone(), k));
        }
        files.push(report);
    }
    let kind = match options.kind {
        Some(k) => k,
        None => {
            if let Some((first, first_kind)) = kinds.first()
                && let Some((second, second_kind)) = kinds.iter().find(|(_, k)| k != first_kind)
            {
                return Err(TicketError::MixedKinds {
                    first: first.clone(),
                    first_kind: first_kind.name().into(),
                    second: second.clone(),
                    second_kind: second_kind.name().into(),
                });
            }
            kinds.first().map_or(Kind::Incident, |(_, k)| *k)
        }
    };
    let as_of = given_as_of.or_else(|| latest_time(&rows).max(files.iter().filter_map(|f| f.latest_skipped).max()));
    let ids = interner.len();
    drop(interner); // the id texts are not needed once rows carry numbers
    let mut tickets = record::collapse(&rows, ids);
    drop(rows);
    tickets.retain(|t| t.kind.is_none_or(|k| k == kind));
    Ok(Import { kind, tickets, as_of, files })
}

fn latest_time(rows: &[Row]) -> Option<Micros> {
    rows.par_iter()
        .flat_map_iter(|r| [r.opened, r.resolved, r.closed, r.updated])
        .filter_map(|t| match t.view() {
            RawView::At(t) => Some(t),
            _ => None,
        })
        .max()
}

fn is_spreadsheet(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"].iter().any(|e| lower.ends_with(e)) {
        return true;
    }
    if [".csv", ".tsv", ".txt"].iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    // Unknown extension: zip (xlsx, ods) and OLE (xls) signatures mean a workbook.
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|_| head.starts_with(b"PK\x03\x04") || head == [0xD0, 0xCF, 0x11, 0xE0])
}

/// The mapping for a file: the given one, or the built-in profile its header matches.
fn choose_mapping(path: &str, header: &[String], options: &ImportOptions) -> Result<(Mapping, bool), TicketError> {
    if let Some(m) = &options.mapping {
        return Ok((m.clone(), false));
    }
    match Mapping::detect(header) {
        Some((_, m)) => Ok((m, true)),
        None => Err(TicketError::Undetected {
            file: path.into(),
            header: header.iter().take(12).cloned().collect::<Vec<_>>().join(", "),
            names: mapping::BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
        }),
    }
}

fn progress_bar(options: &ImportOptions, len: Option<u64>, path: &str) -> ProgressBar {
    if !options.progress || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match len {
        Some(len) => {
            let bar = ProgressBar::new(len);
            if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {eta}") {
                bar.set_style(style);
            }
            bar.set_message(path.to_string());
            bar
        }
        None => {
            let bar = ProgressBar::new_spinner();
            bar.set_message(format!("{path}: reading"));
            bar
        }
    }
}

/// Rows of one file, interned and appended to `rows`, with their times resolved.
fn read_file(
    path: &str,
    options: &ImportOptions,
    interner: &mut Interner,
    rows: &mut Vec<Row>,
) -> Result<(FileReport, Mapping), TicketError> {
    let start = rows.len();
    let mut state = FileState { path, options, interner, rows, stats: BatchStats::default(), setup: None, count: 0 };
    if is_spreadsheet(path) {
        let bar = progress_bar(options, None, path);
        let mut handler = SheetImport { state: &mut state, bar: &bar };
        sheet_reader::read_sheet(path, options.sheet.as_deref(), &mut handler)?;
        bar.finish_and_clear();
        if state.setup.is_none() {
            return Err(TicketError::Empty { file: path.into() });
        }
    } else {
        read_csv(&mut state)?;
    }
    let FileState { stats, setup, count, .. } = state;
    let Some(setup) = setup else {
        return Err(TicketError::Empty { file: path.into() });
    };
    let order = stats.evidence.decide(&setup.mapping, path)?;
    read::resolve_times(&mut rows[start..], order);
    let mut notes = setup.notes;
    if setup.detected {
        notes.insert(0, format!("detected {}", setup.mapping.name));
    }
    let report = FileReport {
        path: path.into(),
        mapping: setup.mapping.name.clone(),
        detected: setup.detected,
        rows: count,
        skipped_rows: stats.skipped,
        invalid_dates: stats.invalid,
        slash_order: order,
        notes,
        latest_skipped: stats
            .skipped_times
            .iter()
            .filter_map(|t| match order {
                Some(o) => t.resolve(o),
                None if !t.is_slash() => t.resolve(SlashOrder::DayFirst),
                None => None,
            })
            .max(),
    };
    Ok((report, setup.mapping))
}

struct Setup {
    mapping: Mapping,
    plan: Plan,
    detected: bool,
    notes: Vec<String>,
}

struct FileState<'a> {
    path: &'a str,
    options: &'a ImportOptions,
    interner: &'a mut Interner,
    rows: &'a mut Vec<Row>,
    stats: BatchStats,
    setup: Option<Setup>,
    count: u64,
}

impl FileState<'_> {
    fn header(&mut self, header: &[String]) -> Result<&Setup, TicketError> {
        let (mapping, detected) = choose_mapping(self.path, header, self.options)?;
        let (plan, mut notes) = Plan::new(&mapping, header, self.path)?;
        if mapping.builtin {
            notes.clear(); // a profile names columns some exports lack; only a user's own mapping gets told
        }
        Ok(self.setup.insert(Setup { mapping, plan, detected, notes }))
    }

    fn take(&mut self, converted: Vec<(String, Row)>, stats: BatchStats) {
        self.stats.merge(stats);
        self.rows.reserve(converted.len());
        for (id, mut row) in converted {
            row.id = self.interner.intern(id);
            self.rows.push(row);
        }
    }
}

fn read_csv(state: &mut FileState<'_>) -> Result<(), TicketError> {
    let path = state.path;
    let mut source = csv_reader::CsvSource::open(path)?;
    let header = source.header.clone();
    state.header(&header)?;
    let bar = progress_bar(state.options, Some(source.len), path);
    let mut current: Vec<ByteRecord> = Vec::new();
    let mut next: Vec<ByteRecord> = Vec::new();
    let (mut n, mut first) = source.fill(&mut current, path)?;
    // Size the row store once from the first batch's bytes per row, instead of doubling it (and briefly holding
    // old and new copies) as a million rows arrive.
    if n > 0 && source.position() > 0 {
        let estimate = (n as u128 * u128::from(source.len) / u128::from(source.position())) as usize;
        state.rows.reserve(estimate + estimate / 16);
        // ids ≤ rows; ServiceNow-style logs run ~1.6 rows per id, so 5/8 of the rows avoids rehashing without waste
        state.interner.reserve(estimate * 5 / 8);
    }
    while n > 0 {
        let Some(setup) = &state.setup else { break };
        let converter = Converter::new(&setup.plan, &setup.mapping, path, state.options.skip_invalid, false);
        // Read the next batch on one core while the current one is converted on the other.
        let (filled, converted) = rayon::join(
            || source.fill(&mut next, path),
            || converter.convert_batch(&current[..n], &|i| first + i as u64),
        );
        let (converted, stats) = converted?;
        state.count += n as u64;
        state.take(converted, stats);
        source.progress(&bar);
        std::mem::swap(&mut current, &mut next);
        (n, first) = filled?;
    }
    bar.finish_and_clear();
    Ok(())
}

struct SheetImport<'s, 'a> {
    state: &'s mut FileState<'a>,
    bar: &'s ProgressBar,
}

impl sheet_reader::SheetHandler for SheetImport<'_, '_> {
    fn header(&mut self, header: &[String]) -> Result<Vec<usize>, TicketError> {
        Ok(self.state.header(header)?.plan.used.clone())
    }

    fn batch(&mut self, rows: &[Vec<Data>], numbers: &[u64]) -> Result<(), TicketError> {
        let Some(setup) = &self.state.setup else {
            return Ok(());
        };
        let converter =
            Converter::new(&setup.plan, &setup.mapping, self.state.path, self.state.options.skip_invalid, true);
        let (converted, stats) = converter.convert_batch(rows, &|i| numbers[i])?;
        self.state.count += rows.len() as u64;
        self.state.take(converted, stats);
        self.bar.set_message(format!("{}: {} rows", self.state.path, self.state.count));
        self.bar.tick();
        Ok(())
    }
}
