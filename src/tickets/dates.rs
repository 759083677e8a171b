//! Timestamps as the exports write them: ISO 8601 (with or without offset), slash dates whose day/month order is
//! decided per file, spreadsheet serial days, and custom chrono formats from a mapping.
//!
//! Slash dates cannot be converted until the whole file has been seen (a `13/1/2024` on row 90,000 decides how
//! `3/4/2024` on row 2 reads), so a value is first kept as a compact [`RawTime`] and resolved once per file.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike};

/// Microseconds since 1970-01-01 00:00: wall-clock time when the source had no offset, UTC when it had one.
pub type Micros = i64;

pub const MICROS_PER_HOUR: f64 = 3_600_000_000.0;
pub const MICROS_PER_DAY: i64 = 86_400_000_000;
/// Serial day 0 of the spreadsheet 1900 date system (1899-12-30), in days since 1970-01-01.
const SERIAL_EPOCH_DAYS: i64 = -25_569;
/// Serial numbers at or above this are past 9999-12-31 and not dates.
const SERIAL_LIMIT: f64 = 2_958_466.0;

/// A parsed timestamp, an undecided slash date, or nothing, packed into 8 bytes so a million rows stay small.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RawTime(i64);

/// What a [`RawTime`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawView {
    Missing,
    At(Micros),
    /// `first/second/year` with the time of day; which of first and second is the day is decided per file.
    Slash {
        first: u8,
        second: u8,
        year: u16,
        micros_of_day: i64,
    },
}

const SLASH_BASE: i64 = i64::MIN + 1;
/// Any real timestamp lies well above this (years 1..9999 are within ±2^58 µs); slash payloads lie below it.
const SLASH_LIMIT: i64 = -(1 << 60);

impl RawTime {
    pub const MISSING: RawTime = RawTime(i64::MIN);

    pub fn at(micros: Micros) -> Self {
        RawTime(micros)
    }

    fn slash(first: u8, second: u8, year: u16, micros_of_day: i64) -> Self {
        // micros_of_day < 2^37, year < 2^14, day and month fields < 2^5
        let payload = micros_of_day | (i64::from(second) << 37) | (i64::from(first) << 42) | (i64::from(year) << 47);
        RawTime(SLASH_BASE + payload)
    }

    pub fn view(self) -> RawView {
        if self.0 == i64::MIN {
            RawView::Missing
        } else if self.0 < SLASH_LIMIT {
            let p = self.0 - SLASH_BASE;
            RawView::Slash {
                micros_of_day: p & ((1 << 37) - 1),
                second: ((p >> 37) & 31) as u8,
                first: ((p >> 42) & 31) as u8,
                year: (p >> 47) as u16,
            }
        } else {
            RawView::At(self.0)
        }
    }

    pub fn is_slash(self) -> bool {
        self.0 != i64::MIN && self.0 < SLASH_LIMIT
    }

    /// The timestamp once the file's slash order is known. A slash value that is not a valid date in that order
    /// has already been reported as evidence for the other order, so it cannot reach here; it reads as missing.
    pub fn resolve(self, order: SlashOrder) -> Option<Micros> {
        match self.view() {
            RawView::Missing => None,
            RawView::At(t) => Some(t),
            RawView::Slash { first, second, year, micros_of_day } => {
                let (day, month) = match order {
                    SlashOrder::DayFirst => (first, second),
                    SlashOrder::MonthFirst => (second, first),
                };
                valid_date(i32::from(year), month, day)
                    .then(|| days_from_civil(i64::from(year), month, day) * MICROS_PER_DAY + micros_of_day)
            }
        }
    }
}

impl std::fmt::Debug for RawTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.view().fmt(f)
    }
}

/// How slash dates of a file read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum SlashOrder {
    DayFirst,
    MonthFirst,
}

/// Which slash orders a single slash date is valid in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlashFit {
    DayFirstOnly,
    MonthFirstOnly,
    Both,
}

/// The fit of a raw slash value; `None` for anything else.
pub fn slash_fit(raw: RawTime) -> Option<SlashFit> {
    match raw.view() {
        RawView::Slash { first, second, year, .. } => {
            let day_first = valid_date(i32::from(year), second, first);
            let month_first = valid_date(i32::from(year), first, second);
            match (day_first, month_first) {
                (true, true) => Some(SlashFit::Both),
                (true, false) => Some(SlashFit::DayFirstOnly),
                (false, true) => Some(SlashFit::MonthFirstOnly),
                (false, false) => None,
            }
        }
        _ => None,
    }
}

/// Parse a trimmed, non-missing text value. `formats` are a mapping's chrono formats, tried first.
/// Returns `None` when the text is not a date in any accepted form.
pub fn parse_text(text: &str, formats: &[String]) -> Option<RawTime> {
    for format in formats {
        if let Some(t) = parse_with_format(text, format) {
            return Some(RawTime::at(t));
        }
    }
    let b = text.as_bytes();
    if b.len() >= 10 && b[4] == b'-' {
        return parse_iso(b).map(RawTime::at);
    }
    parse_slash(b)
}

/// A spreadsheet serial day (1900 system), rounded to the millisecond as spreadsheets store it.
pub fn from_serial(serial: f64) -> Option<Micros> {
    if !(0.0..SERIAL_LIMIT).contains(&serial) {
        return None;
    }
    let millis = (serial * 86_400_000.0).round() as i64;
    Some(SERIAL_EPOCH_DAYS * MICROS_PER_DAY + millis * 1000)
}

/// Parse `--as-of` and similar single values: ISO 8601 only (no per-file evidence exists for slashes).
pub fn parse_iso_text(text: &str) -> Option<Micros> {
    parse_iso(text.trim().as_bytes())
}

fn parse_with_format(text: &str, format: &str) -> Option<Micros> {
    let naive = if format.contains("%z") || format.contains("%:z") || format.contains("%#z") {
        DateTime::parse_from_str(text, format).ok()?.naive_utc()
    } else {
        match NaiveDateTime::parse_from_str(text, format) {
            Ok(t) => t,
            Err(_) => NaiveDate::parse_from_str(text, format).ok()?.and_hms_opt(0, 0, 0)?,
        }
    };
    let days = naive.date().signed_duration_since(NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days();
    let time = naive.time();
    Some(
        days * MICROS_PER_DAY
            + i64::from(time.num_seconds_from_midnight()) * 1_000_000
            + i64::from(time.nanosecond() / 1000),
    )
}

/// `YYYY-MM-DD`, then optionally `T` or space and `HH:MM[:SS[.fraction]]`, then optionally `Z` or `±HH[:MM]`.
fn parse_iso(b: &[u8]) -> Option<Micros> {
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)? as u8;
    let day = digits(b, 8, 2)? as u8;
    if b[4] != b'-' || b[7] != b'-' || !valid_date(year as i32, month, day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let mut i = 10;
    let mut time = 0;
    if i < b.len() && (b[i] == b'T' || b[i] == b' ') {
        let (t, next) = parse_clock(b, i + 1, 2)?;
        time = t;
        i = next;
    }
    let offset = parse_offset(b, i)?;
    Some(days * MICROS_PER_DAY + time - offset)
}

/// `HH:MM[:SS[.fraction]]` from `start`; `min_hour_digits` is 2 for ISO, 1 for slash dates.
fn parse_clock(b: &[u8], start: usize, min_hour_digits: usize) -> Option<(i64, usize)> {
    let mut i = start;
    let hour_len = if b.get(i + 1).is_some_and(u8::is_ascii_digit) { 2 } else { 1 };
    if hour_len < min_hour_digits {
        return None;
    }
    let hour = digits(b, i, hour_len)?;
    i += hour_len;
    if b.get(i) != Some(&b':') {
        return None;
    }
    let minute = digits(b, i + 1, 2)?;
    i += 3;
    let mut second = 0;
    let mut micros = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b, i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
            i += 1;
            let start = i;
            let mut scale = 100_000;
            while i < b.len() && b[i].is_ascii_digit() {
                micros += i64::from(b[i] - b'0') * scale;
                scale /= 10;
                i += 1;
            }
            if i == start {
                return None;
            }
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some((((hour * 60 + minute) * 60 + second) * 1_000_000 + micros, i))
}

/// Nothing, `Z`, or `±HH`, `±HHMM`, `±HH:MM` (optionally after one space), as microseconds east of UTC.
fn parse_offset(b: &[u8], mut i: usize) -> Option<i64> {
    if i == b.len() {
        return Some(0);
    }
    if b[i] == b' ' && i + 1 < b.len() {
        i += 1;
    }
    let sign = match b[i] {
        b'Z' | b'z' if i + 1 == b.len() => return Some(0),
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = digits(b, i + 1, 2)?;
    let rest = &b[i + 3..];
    let minutes = match rest {
        [] => 0,
        [b':', m1, m2] | [m1, m2] if m1.is_ascii_digit() && m2.is_ascii_digit() => {
            i64::from((m1 - b'0') * 10 + (m2 - b'0'))
        }
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 60 + minutes) * 60_000_000)
}

/// `A/B/YYYY` optionally followed by spaces and `H:MM[:SS]`; A and B are one or two digits.
fn parse_slash(b: &[u8]) -> Option<RawTime> {
    let (first, i) = short_number(b, 0)?;
    if b.get(i) != Some(&b'/') {
        return None;
    }
    let (second, i) = short_number(b, i + 1)?;
    if b.get(i) != Some(&b'/') {
        return None;
    }
    let year = digits(b, i + 1, 4)?;
    let mut i = i + 5;
    let mut time = 0;
    if i < b.len() {
        if b[i] != b' ' {
            return None;
        }
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        let (t, next) = parse_clock(b, i, 1)?;
        if next != b.len() {
            return None;
        }
        time = t;
    }
    let raw = RawTime::slash(first, second, year as u16, time);
    slash_fit(raw).map(|_| raw)
}

fn short_number(b: &[u8], start: usize) -> Option<(u8, usize)> {
    let len = match (b.get(start), b.get(start + 1)) {
        (Some(d1), Some(d2)) if d1.is_ascii_digit() && d2.is_ascii_digit() => 2,
        (Some(d1), _) if d1.is_ascii_digit() => 1,
        _ => return None,
    };
    Some((digits(b, start, len)? as u8, start + len))
}

fn digits(b: &[u8], start: usize, len: usize) -> Option<i64> {
    let slice = b.get(start..start + len)?;
    let mut n = 0i64;
    for &c in slice {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(c - b'0');
    }
    Some(n)
}

fn valid_date(year: i32, month: u8, day: u8) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Calendar (year, month) of a timestamp.
pub fn year_month(t: Micros) -> (i64, u8) {
    let z = t.div_euclid(MICROS_PER_DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Micros {
        match parse_text(s, &[]).map(RawTime::view) {
            Some(RawView::At(t)) => t,
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn iso_forms() {
        let base = days_from_civil(2010, 3, 31) * MICROS_PER_DAY;
        assert_eq!(at("2010-03-31"), base);
        assert_eq!(at("2010-03-31 15:59"), base + (15 * 60 + 59) * 60_000_000);
        assert_eq!(at("2010-03-31T15:59:42"), base + ((15 * 60 + 59) * 60 + 42) * 1_000_000);
        assert_eq!(at("2010-03-31T15:59:42+01:00"), base + ((14 * 60 + 59) * 60 + 42) * 1_000_000);
        assert_eq!(at("2010-03-31 15:59:42.5Z"), base + ((15 * 60 + 59) * 60 + 42) * 1_000_000 + 500_000);
        assert_eq!(at("2010-03-31 01:00:00-0230"), base + (3 * 60 + 30) * 60_000_000);
        assert!(parse_text("2010-02-30", &[]).is_none());
        assert!(parse_text("2010-03-31 25:00", &[]).is_none());
        assert!(parse_text("2010-03-31x", &[]).is_none());
    }

    #[test]
    fn slash_dates_wait_for_their_order() {
        let raw = parse_text("3/4/2024 9:05", &[]).unwrap();
        assert_eq!(slash_fit(raw), Some(SlashFit::Both));
        let nine = (9 * 60 + 5) * 60_000_000;
        assert_eq!(raw.resolve(SlashOrder::DayFirst), Some(days_from_civil(2024, 4, 3) * MICROS_PER_DAY + nine));
        assert_eq!(raw.resolve(SlashOrder::MonthFirst), Some(days_from_civil(2024, 3, 4) * MICROS_PER_DAY + nine));
        assert_eq!(slash_fit(parse_text("13/01/2024 10:00:00", &[]).unwrap()), Some(SlashFit::DayFirstOnly));
        assert_eq!(slash_fit(parse_text("1/13/2024", &[]).unwrap()), Some(SlashFit::MonthFirstOnly));
        assert!(parse_text("31/04/2024", &[]).is_none());
        assert!(parse_text("31/02/2024 10:00", &[]).is_none());
        assert!(parse_text("1/2/24", &[]).is_none());
    }

    #[test]
    fn serials_and_months() {
        assert_eq!(from_serial(25_569.0), Some(0));
        assert_eq!(from_serial(45_292.5), Some(days_from_civil(2024, 1, 1) * MICROS_PER_DAY + 12 * 3_600_000_000));
        assert_eq!(year_month(days_from_civil(2024, 2, 29) * MICROS_PER_DAY), (2024, 2));
        assert_eq!(year_month(-1), (1969, 12));
        assert_eq!(from_serial(-1.0), None);
    }

    #[test]
    fn custom_formats_come_first() {
        let formats = vec!["%d.%m.%Y %H:%M".to_string()];
        let raw = parse_text("05.02.2024 13:30", &formats).unwrap();
        assert_eq!(raw.view(), RawView::At(days_from_civil(2024, 2, 5) * MICROS_PER_DAY + (13 * 60 + 30) * 60_000_000));
    }
}
