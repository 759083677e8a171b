//! The canonical ticket record and how many export rows become one ticket (the event-log collapse of the spec).
//!
//! Pure: rows in, tickets out. A [`Row`] is what a reader extracted from one export row, with ids interned to
//! numbers and times already resolved; a [`Ticket`] is what the KPIs read.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::dates::{Micros, RawTime};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Incident,
    Problem,
    Change,
    Request,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::Problem => "problem",
            Kind::Change => "change",
            Kind::Request => "request",
        }
    }

    /// The words an export may use for a kind.
    pub fn from_word(word: &str) -> Option<Kind> {
        match word.trim().to_ascii_lowercase().as_str() {
            "incident" | "incidents" => Some(Kind::Incident),
            "problem" | "problems" => Some(Kind::Problem),
            "change" | "changes" | "change request" => Some(Kind::Change),
            "request" | "requests" | "service request" => Some(Kind::Request),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeType {
    Standard,
    Normal,
    Emergency,
}

impl ChangeType {
    pub fn from_word(word: &str) -> Option<ChangeType> {
        match word.trim().to_ascii_lowercase().as_str() {
            "standard" => Some(ChangeType::Standard),
            "normal" => Some(ChangeType::Normal),
            "emergency" => Some(ChangeType::Emergency),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Successful,
    Failed,
    BackedOut,
}

impl Outcome {
    pub fn from_word(word: &str) -> Option<Outcome> {
        match word.trim().to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "successful" | "success" => Some(Outcome::Successful),
            "failed" | "unsuccessful" => Some(Outcome::Failed),
            "backed_out" => Some(Outcome::BackedOut),
            _ => None,
        }
    }
}

/// One export row, reduced to what the KPIs need. `u32::MAX` / 0 mark unknown counts / priority to keep rows small.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// Interned ticket id.
    pub id: u32,
    pub opened: RawTime,
    pub resolved: RawTime,
    pub closed: RawTime,
    pub updated: RawTime,
    pub reassignments: u32,
    pub reopens: u32,
    /// 1..5, 0 unknown.
    pub priority: u8,
    pub made_sla: Option<bool>,
    pub kind: Option<Kind>,
    pub change_type: Option<ChangeType>,
    pub outcome: Option<Outcome>,
    /// Event logs with an assignee column: a fingerprint of the assignee (0: none); its changes between an id's
    /// consecutive events are counted as reassignments.
    pub assignee: u32,
    /// Event-log rows: times come from `updated` and the status flags below.
    pub event_log: bool,
    pub resolved_event: bool,
    pub closed_event: bool,
}

pub const UNKNOWN_COUNT: u32 = u32::MAX;

/// The canonical ticket (spec "Canonical record"), less the free-text fields the KPIs do not read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Ticket {
    pub opened_at: Option<Micros>,
    pub resolved_at: Option<Micros>,
    pub closed_at: Option<Micros>,
    pub priority: Option<u8>,
    pub made_sla: Option<bool>,
    pub reassignment_count: Option<u32>,
    pub reopen_count: Option<u32>,
    pub kind: Option<Kind>,
    pub change_type: Option<ChangeType>,
    pub outcome: Option<Outcome>,
}

fn time(raw: RawTime) -> Option<Micros> {
    match raw.view() {
        super::dates::RawView::At(t) => Some(t),
        _ => None,
    }
}

fn count(n: u32) -> Option<u32> {
    (n != UNKNOWN_COUNT).then_some(n)
}

/// Collapse rows (in file order, times resolved) into one ticket per id, in order of first appearance.
///
/// The case fields come from the id's last row by `updated` (rows without it sort first; ties: file order).
/// Event-log rows derive the times: opened = earliest event, resolved = earliest resolved-status event,
/// closed = latest closed-status event.
pub fn collapse(rows: &[Row], ids: usize) -> Vec<Ticket> {
    /// No row yet / no update time: below every real timestamp, so such rows sort first.
    const NONE: i64 = i64::MIN;
    // 12 bytes per id; the event-log times only when some row needs them.
    let mut last = vec![u32::MAX; ids];
    let mut last_key = vec![NONE; ids];
    let mut events: Vec<[Option<Micros>; 3]> =
        if rows.iter().any(|r| r.event_log) { vec![[None; 3]; ids] } else { Vec::new() };
    for (index, row) in rows.iter().enumerate() {
        let id = row.id as usize;
        let key = time(row.updated).unwrap_or(NONE);
        if key >= last_key[id] {
            last[id] = index as u32;
            last_key[id] = key;
        }
        if row.event_log
            && let Some(t) = time(row.updated)
        {
            let [first_event, first_resolved, last_closed] = &mut events[id];
            *first_event = Some(first_event.map_or(t, |f| f.min(t)));
            if row.resolved_event {
                *first_resolved = Some(first_resolved.map_or(t, |f| f.min(t)));
            }
            if row.closed_event {
                *last_closed = Some(last_closed.map_or(t, |f| f.max(t)));
            }
        }
    }
    drop(last_key);
    let handoffs = count_handoffs(rows, ids);
    last.par_iter()
        .enumerate()
        .filter(|(_, l)| **l != u32::MAX)
        .map(|(id, l)| {
            let row = &rows[*l as usize];
            let (opened_at, resolved_at, closed_at) = if row.event_log {
                let [o, r, c] = events[id];
                (o, r, c)
            } else {
                (time(row.opened), time(row.resolved), time(row.closed))
            };
            Ticket {
                opened_at,
                resolved_at,
                closed_at,
                priority: (row.priority != 0).then_some(row.priority),
                made_sla: row.made_sla,
                reassignment_count: match handoffs.get(id) {
                    Some(&n) if row.event_log && n != UNKNOWN_COUNT => Some(n),
                    _ => count(row.reassignments),
                },
                reopen_count: count(row.reopens),
                kind: row.kind,
                change_type: row.change_type,
                outcome: row.outcome,
            }
        })
        .collect()
}

/// Per id, how often the assignee changes between consecutive events (in `updated` order, ties file order);
/// `UNKNOWN_COUNT` for ids without assignee values. Empty when no row carries an assignee.
fn count_handoffs(rows: &[Row], ids: usize) -> Vec<u32> {
    if !rows.iter().any(|r| r.event_log && r.assignee != 0) {
        return Vec::new();
    }
    let mut order: Vec<u32> =
        (0..rows.len() as u32).filter(|&i| rows[i as usize].event_log && rows[i as usize].assignee != 0).collect();
    order.par_sort_unstable_by_key(|&i| {
        let r = &rows[i as usize];
        (r.id, time(r.updated).unwrap_or(i64::MIN), i)
    });
    let mut counts = vec![UNKNOWN_COUNT; ids];
    let mut previous: Option<(u32, u32)> = None; // (id, assignee)
    for &i in &order {
        let r = &rows[i as usize];
        let c = &mut counts[r.id as usize];
        match previous {
            Some((id, assignee)) if id == r.id => *c += u32::from(assignee != r.assignee),
            _ => *c = 0,
        }
        previous = Some((r.id, r.assignee));
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: u32, updated: Option<i64>, priority: u8) -> Row {
        Row {
            id,
            opened: RawTime::at(0),
            resolved: RawTime::MISSING,
            closed: RawTime::MISSING,
            updated: updated.map_or(RawTime::MISSING, RawTime::at),
            reassignments: UNKNOWN_COUNT,
            reopens: UNKNOWN_COUNT,
            priority,
            made_sla: None,
            kind: None,
            change_type: None,
            outcome: None,
            assignee: 0,
            event_log: false,
            resolved_event: false,
            closed_event: false,
        }
    }

    #[test]
    fn last_row_by_update_time_then_file_order() {
        let rows = [row(0, Some(5), 1), row(0, Some(3), 2), row(1, Some(1), 3), row(1, Some(1), 4), row(0, None, 5)];
        let t = collapse(&rows, 2);
        assert_eq!(t[0].priority, Some(1)); // the latest update wins even though a later row exists
        assert_eq!(t[1].priority, Some(4)); // a tie goes to the later row in the file
    }

    #[test]
    fn event_logs_derive_times_from_status_rows() {
        let mut rows = vec![row(0, Some(10), 0), row(0, Some(20), 0), row(0, Some(30), 0), row(0, Some(40), 0)];
        for r in &mut rows {
            r.event_log = true;
        }
        rows[1].resolved_event = true;
        rows[2].resolved_event = true;
        rows[2].closed_event = true;
        rows[3].closed_event = true;
        let t = collapse(&rows, 1);
        assert_eq!((t[0].opened_at, t[0].resolved_at, t[0].closed_at), (Some(10), Some(20), Some(40)));
    }
}
