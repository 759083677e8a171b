//! What the CSV and spreadsheet readers share: the mapping resolved against a header ([`Plan`]), the conversion
//! of one row's cells into a compact [`Row`], the per-file evidence for slash-date order, and id interning.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::dates::{self, RawTime, SlashFit, SlashOrder};
use super::error::{DatePlace, TicketError};
use super::mapping::{Mapping, OneOrMany};
use super::record::{ChangeType, Kind, Outcome, Row, UNKNOWN_COUNT};
use super::values;

/// Rows converted per parallel batch: large enough to amortise the fork, small enough to bound memory.
pub const BATCH_ROWS: usize = 32_768;

/// The four date fields a row can carry, in [`Plan::dates`] order.
pub const DATE_FIELDS: [&str; 4] = ["opened_at", "resolved_at", "closed_at", "updated"];

/// A mapping resolved against one file's header: column indices per canonical field.
#[derive(Debug)]
pub struct Plan {
    pub id: usize,
    /// opened, resolved, closed, updated.
    pub dates: [Option<usize>; 4],
    pub priority: Option<usize>,
    pub made_sla: Option<usize>,
    pub reassignments: Option<usize>,
    pub reopens: Option<usize>,
    pub kind: Option<usize>,
    pub change_type: Option<usize>,
    pub outcome: Option<usize>,
    pub event_log: bool,
    pub resolved_rules: Vec<Vec<(usize, String)>>,
    pub closed_rules: Vec<Vec<(usize, String)>>,
    /// Event logs: the column whose changes count as reassignments.
    pub assignee: Option<usize>,
    /// Header names, trimmed, for messages.
    pub header: Vec<String>,
    /// Every column index the plan reads (spreadsheet readers keep only these cells).
    pub used: Vec<usize>,
}

impl Plan {
    /// Resolve `mapping` against `header`; also returns notes on optional columns that are absent.
    pub fn new(mapping: &Mapping, header: &[String], file: &str) -> Result<(Plan, Vec<String>), TicketError> {
        let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let find = |names: &OneOrMany| -> Option<usize> {
            names.as_slice().iter().find_map(|n| header.iter().position(|h| h.eq_ignore_ascii_case(n.trim())))
        };
        let missing = |field: &'static str, names: &[String]| TicketError::MissingColumn {
            file: file.into(),
            field,
            wanted: names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(" or "),
            mapping: mapping.name.clone(),
            header: header.join(", "),
        };
        let c = &mapping.columns;
        let id = find(&c.id).ok_or_else(|| missing("id", c.id.as_slice()))?;
        let event_log = mapping.event_log.is_some();
        let mut notes = Vec::new();
        let mut optional =
            |field: &'static str, names: &OneOrMany, required: bool| -> Result<Option<usize>, TicketError> {
                match find(names) {
                    Some(i) => Ok(Some(i)),
                    None if required => Err(missing(field, names.as_slice())),
                    None => {
                        if !names.as_slice().is_empty() {
                            notes.push(format!(
                                "{file}: no column {} for {field}; it counts as unknown",
                                names.as_slice().join(" or ")
                            ));
                        }
                        Ok(None)
                    }
                }
            };
        let dates = [
            optional("opened_at", &c.opened_at, !event_log)?,
            optional("resolved_at", &c.resolved_at, false)?,
            optional("closed_at", &c.closed_at, false)?,
            optional("updated", &c.updated, event_log)?,
        ];
        let priority = optional("priority", &c.priority, false)?;
        let made_sla = optional("made_sla", &c.made_sla, false)?;
        let reassignments = optional("reassignment_count", &c.reassignment_count, false)?;
        let reopens = optional("reopen_count", &c.reopen_count, false)?;
        let kind = optional("kind", &c.kind, false)?;
        let change_type = optional("change_type", &c.change_type, false)?;
        let outcome = optional("outcome", &c.outcome, false)?;
        let rules = |rules: &[BTreeMap<String, String>]| -> Result<Vec<Vec<(usize, String)>>, TicketError> {
            rules
                .iter()
                .map(|rule| {
                    rule.iter()
                        .map(|(column, value)| {
                            let names = OneOrMany::One(column.clone());
                            find(&names)
                                .map(|i| (i, value.trim().to_lowercase()))
                                .ok_or_else(|| missing("event_log", names.as_slice()))
                        })
                        .collect()
                })
                .collect()
        };
        let (resolved_rules, closed_rules) = match &mapping.event_log {
            Some(e) => (rules(&e.resolved)?, rules(&e.closed)?),
            None => (Vec::new(), Vec::new()),
        };
        let assignee = match mapping.event_log.as_ref().and_then(|e| e.assignee.as_ref()) {
            Some(column) => {
                let names = OneOrMany::One(column.clone());
                Some(find(&names).ok_or_else(|| missing("event_log.assignee", names.as_slice()))?)
            }
            None => None,
        };
        let mut used: Vec<usize> =
            [Some(id), priority, made_sla, reassignments, reopens, kind, change_type, outcome, assignee]
                .into_iter()
                .chain(dates)
                .flatten()
                .chain(resolved_rules.iter().chain(&closed_rules).flatten().map(|(i, _)| *i))
                .collect();
        used.sort_unstable();
        used.dedup();
        let plan = Plan {
            id,
            dates,
            priority,
            made_sla,
            reassignments,
            reopens,
            kind,
            change_type,
            outcome,
            event_log,
            resolved_rules,
            closed_rules,
            assignee,
            header,
            used,
        };
        Ok((plan, notes))
    }
}

/// A date cell as the reader found it.
pub enum DateCell<'a> {
    Missing,
    Text(Cow<'a, str>),
    /// A spreadsheet datetime cell or number: a serial day.
    Serial(f64),
}

/// One row's cells, by header column index.
pub trait Cells {
    /// The cell as text (untrimmed); empty when the row is short.
    fn text(&self, col: usize) -> Cow<'_, str>;
    /// The cell as a date value.
    fn date(&self, col: usize) -> DateCell<'_>;
}

/// A slash date that says something about the file's day/month order.
#[derive(Clone, Debug)]
pub struct Sample {
    pub row: u64,
    pub column: String,
    pub text: String,
}

/// The first day-first-only, month-first-only and ambiguous slash dates seen in a file.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub day_first: Option<Sample>,
    pub month_first: Option<Sample>,
    pub ambiguous: Option<Sample>,
}

impl Evidence {
    fn merge(&mut self, other: Evidence) {
        for (mine, theirs) in [
            (&mut self.day_first, other.day_first),
            (&mut self.month_first, other.month_first),
            (&mut self.ambiguous, other.ambiguous),
        ] {
            if let Some(t) = theirs
                && mine.as_ref().is_none_or(|m| t.row < m.row)
            {
                *mine = Some(t);
            }
        }
    }

    /// The file's slash order, or an error when the data and the mapping cannot settle it.
    pub fn decide(&self, mapping: &Mapping, file: &str) -> Result<Option<SlashOrder>, TicketError> {
        if let Some(forced) = mapping.forced_order() {
            return Ok(Some(forced));
        }
        match (&self.day_first, &self.month_first) {
            (Some(d), Some(m)) => Err(TicketError::ConflictingDates {
                file: file.into(),
                day_first: Box::new(DatePlace { text: d.text.clone(), row: d.row, column: d.column.clone() }),
                month_first: Box::new(DatePlace { text: m.text.clone(), row: m.row, column: m.column.clone() }),
            }),
            (Some(_), None) => Ok(Some(SlashOrder::DayFirst)),
            (None, Some(_)) => Ok(Some(SlashOrder::MonthFirst)),
            (None, None) => match (&self.ambiguous, mapping.ambiguous_order()) {
                (None, _) => Ok(None),
                (Some(_), Some(order)) => Ok(Some(order)),
                (Some(a), None) => Err(TicketError::AmbiguousDates {
                    file: file.into(),
                    row: a.row,
                    column: a.column.clone(),
                    found: a.text.clone(),
                }),
            },
        }
    }
}

/// What converting a batch of rows found besides the rows.
#[derive(Default)]
pub struct BatchStats {
    pub evidence: Evidence,
    /// Unreadable dates per column name (with `--skip-invalid`).
    pub invalid: BTreeMap<String, u64>,
    /// Rows without an id.
    pub skipped: u64,
    /// Their readable times: they count towards the as-of time ("over all rows"), nothing else.
    pub skipped_times: Vec<RawTime>,
}

impl BatchStats {
    pub fn merge(&mut self, other: BatchStats) {
        self.evidence.merge(other.evidence);
        for (k, v) in other.invalid {
            *self.invalid.entry(k).or_default() += v;
        }
        self.skipped += other.skipped;
        self.skipped_times.extend(other.skipped_times);
    }
}

/// Converted rows (ids still as text, in row order) and what was noticed on the way.
pub type Converted = (Vec<(String, Row)>, BatchStats);

/// Turns one row's cells into a [`Row`] (id still as text) following a [`Plan`].
pub struct Converter<'a> {
    pub plan: &'a Plan,
    pub mapping: &'a Mapping,
    pub file: &'a str,
    pub skip_invalid: bool,
    /// Spreadsheets: a bare number in a date column is a serial day.
    pub spreadsheet: bool,
    formats: Vec<String>,
    forced: Option<SlashOrder>,
    expected: String,
}

impl<'a> Converter<'a> {
    pub fn new(plan: &'a Plan, mapping: &'a Mapping, file: &'a str, skip_invalid: bool, spreadsheet: bool) -> Self {
        let formats = mapping.chrono_formats();
        let forced = mapping.forced_order();
        let mut expected = match forced {
            Some(SlashOrder::DayFirst) => "ISO 8601 or D/M/YYYY".to_string(),
            Some(SlashOrder::MonthFirst) => "ISO 8601 or M/D/YYYY".to_string(),
            None => "ISO 8601, D/M/YYYY or M/D/YYYY".to_string(),
        };
        if !formats.is_empty() {
            expected = format!("{}, {expected}", formats.join(", "));
        }
        if spreadsheet {
            expected.push_str(", a date cell or a serial number");
        }
        Converter { plan, mapping, file, skip_invalid, spreadsheet, formats, forced, expected }
    }

    /// Convert rows in parallel; `first_row` is the spreadsheet row number of `rows[0]`. Results keep row order.
    pub fn convert_batch<C: Cells + Sync>(
        &self,
        rows: &[C],
        row_numbers: &(dyn Fn(usize) -> u64 + Sync),
    ) -> Result<Converted, TicketError> {
        let parts: Vec<Result<Converted, TicketError>> = rows
            .par_chunks(2048)
            .enumerate()
            .map(|(chunk_index, chunk)| {
                let mut stats = BatchStats::default();
                let mut out = Vec::with_capacity(chunk.len());
                for (i, cells) in chunk.iter().enumerate() {
                    let row_number = row_numbers(chunk_index * 2048 + i);
                    if let Some(r) = self.convert(cells, row_number, &mut stats)? {
                        out.push(r);
                    }
                }
                Ok((out, stats))
            })
            .collect();
        let mut rows_out = Vec::with_capacity(rows.len());
        let mut stats = BatchStats::default();
        for part in parts {
            let (mut r, s) = part?;
            rows_out.append(&mut r);
            stats.merge(s);
        }
        Ok((rows_out, stats))
    }

    /// One row; `None` when it has no id (counted as skipped).
    pub fn convert(
        &self,
        cells: &impl Cells,
        row: u64,
        stats: &mut BatchStats,
    ) -> Result<Option<(String, Row)>, TicketError> {
        let p = self.plan;
        let id = cells.text(p.id);
        let id = id.trim();
        if self.missing(id) {
            stats.skipped += 1;
            for col in p.dates.iter().flatten() {
                // read leniently: a row that is skipped cannot stop the import or vote on the date order
                let mut scratch = BatchStats::default();
                let t = self.date(cells, *col, row, &mut scratch).unwrap_or(RawTime::MISSING);
                if t != RawTime::MISSING {
                    stats.skipped_times.push(t);
                }
            }
            return Ok(None);
        }
        let id = id.to_string();
        let mut times = [RawTime::MISSING; 4];
        for (slot, col) in p.dates.iter().enumerate() {
            if let Some(col) = *col {
                times[slot] = self.date(cells, col, row, stats)?;
            }
        }
        let text = |col: Option<usize>| -> Option<Cow<'_, str>> {
            let col = col?;
            let t = cells.text(col);
            let trimmed = t.trim();
            if self.missing(trimmed) {
                return None;
            }
            Some(match t {
                Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
                Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
            })
        };
        let v = &self.mapping.values;
        let priority = text(p.priority)
            .and_then(|t| lookup(&v.priority, &t).copied().or_else(|| values::parse_priority(&t)))
            .unwrap_or(0);
        let made_sla =
            text(p.made_sla).and_then(|t| lookup(&v.made_sla, &t).copied().or_else(|| values::parse_bool(&t)));
        let count = |col| text(col).and_then(|t| values::parse_count(&t)).unwrap_or(UNKNOWN_COUNT);
        // Only a kind column sets a row's kind; a file of one kind leaves it unset (see `import`).
        let kind = text(p.kind).and_then(|t| lookup(&v.kind, &t).copied().or_else(|| Kind::from_word(&t)));
        let change_type =
            text(p.change_type).and_then(|t| lookup(&v.change_type, &t).copied().or_else(|| ChangeType::from_word(&t)));
        let outcome = text(p.outcome).and_then(|t| lookup(&v.outcome, &t).copied().or_else(|| Outcome::from_word(&t)));
        let matches = |rules: &[Vec<(usize, String)>]| {
            rules.iter().any(|rule| rule.iter().all(|(col, want)| eq_lower(cells.text(*col).trim(), want)))
        };
        Ok(Some((
            id,
            Row {
                id: 0,
                opened: times[0],
                resolved: times[1],
                closed: times[2],
                updated: times[3],
                reassignments: count(p.reassignments),
                reopens: count(p.reopens),
                priority,
                made_sla,
                kind,
                change_type,
                outcome,
                event_log: p.event_log,
                assignee: p.assignee.map_or(0, |col| assignee_key(&cells.text(col))),
                resolved_event: p.event_log && matches(&p.resolved_rules),
                closed_event: p.event_log && matches(&p.closed_rules),
            },
        )))
    }

    fn missing(&self, trimmed: &str) -> bool {
        values::is_missing(trimmed, &self.mapping.missing)
    }

    fn date(&self, cells: &impl Cells, col: usize, row: u64, stats: &mut BatchStats) -> Result<RawTime, TicketError> {
        let text = match cells.date(col) {
            DateCell::Missing => return Ok(RawTime::MISSING),
            DateCell::Serial(x) if self.spreadsheet => {
                return match dates::from_serial(x) {
                    Some(t) => Ok(RawTime::at(t)),
                    None => self.invalid(row, col, &x.to_string(), stats),
                };
            }
            DateCell::Serial(x) => Cow::Owned(x.to_string()),
            DateCell::Text(t) => t,
        };
        let trimmed = text.trim();
        if self.missing(trimmed) {
            return Ok(RawTime::MISSING);
        }
        if self.spreadsheet && is_plain_number(trimmed) {
            if let Some(t) = trimmed.parse::<f64>().ok().and_then(dates::from_serial) {
                return Ok(RawTime::at(t));
            }
            return self.invalid(row, col, trimmed, stats);
        }
        let Some(raw) = dates::parse_text(trimmed, &self.formats) else {
            return self.invalid(row, col, trimmed, stats);
        };
        if raw.is_slash() {
            let fit = dates::slash_fit(raw);
            let compatible = !matches!(
                (self.forced, fit),
                (Some(SlashOrder::DayFirst), Some(SlashFit::MonthFirstOnly))
                    | (Some(SlashOrder::MonthFirst), Some(SlashFit::DayFirstOnly))
            );
            if !compatible {
                return self.invalid(row, col, trimmed, stats);
            }
            let slot = match fit {
                Some(SlashFit::DayFirstOnly) => &mut stats.evidence.day_first,
                Some(SlashFit::MonthFirstOnly) => &mut stats.evidence.month_first,
                _ => &mut stats.evidence.ambiguous,
            };
            if slot.is_none() {
                *slot = Some(Sample { row, column: self.plan.header[col].clone(), text: trimmed.to_string() });
            }
        }
        Ok(raw)
    }

    fn invalid(&self, row: u64, col: usize, found: &str, stats: &mut BatchStats) -> Result<RawTime, TicketError> {
        let column = self.plan.header.get(col).cloned().unwrap_or_default();
        if self.skip_invalid {
            *stats.invalid.entry(column).or_default() += 1;
            return Ok(RawTime::MISSING);
        }
        let column = if self.spreadsheet {
            format!("{column} (cell {}{row})", crate::answers::column_letters(col))
        } else {
            column
        };
        Err(TicketError::BadDate {
            file: self.file.into(),
            row,
            column,
            found: found.into(),
            expected: self.expected.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_stay_small() {
        // a million-row import holds one of these per row
        assert!(std::mem::size_of::<Row>() <= 56, "{}", std::mem::size_of::<Row>());
    }
}

/// A non-zero fingerprint of an assignee value (0: none), compared between an id's consecutive events.
fn assignee_key(text: &str) -> u32 {
    let trimmed = text.trim();
    if values::is_missing(trimmed, &[]) {
        return 0;
    }
    let mut h = FxHasher::default();
    h.write(trimmed.to_lowercase().as_bytes());
    let folded = (h.finish() >> 32) as u32 ^ h.finish() as u32;
    folded.max(1)
}

fn is_plain_number(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn lookup<'m, V>(map: &'m BTreeMap<String, V>, text: &str) -> Option<&'m V> {
    if map.is_empty() {
        return None;
    }
    map.get(text.to_lowercase().as_str())
}

/// `text` equals `lower` (already lower-case) ignoring case.
fn eq_lower(text: &str, lower: &str) -> bool {
    if text.is_ascii() { text.eq_ignore_ascii_case(lower) } else { text.to_lowercase() == lower }
}

/// Resolve a file's rows once its slash order is known (in place, in parallel).
pub fn resolve_times(rows: &mut [Row], order: Option<SlashOrder>) {
    let Some(order) = order else { return };
    let fix = |raw: RawTime| raw.resolve(order).map_or(RawTime::MISSING, RawTime::at);
    rows.par_iter_mut().for_each(|r| {
        r.opened = fix(r.opened);
        r.resolved = fix(r.resolved);
        r.closed = fix(r.closed);
        r.updated = fix(r.updated);
    });
}

/// FxHash: ids are short and not attacker-chosen in a way that matters for a one-shot CLI run.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Ticket ids → dense numbers, in order of first appearance.
#[derive(Default)]
pub struct Interner {
    map: HashMap<Box<str>, u32, BuildHasherDefault<FxHasher>>,
}

impl Interner {
    pub fn intern(&mut self, id: String) -> u32 {
        if let Some(&n) = self.map.get(id.as_str()) {
            return n;
        }
        let n = self.map.len() as u32;
        self.map.insert(id.into_boxed_str(), n);
        n
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Room for `more` new ids without rehashing on the way.
    pub fn reserve(&mut self, more: usize) {
        self.map.reserve(more);
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
