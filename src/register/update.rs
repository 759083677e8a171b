//! The register's rules, as pure functions of a table and a result document: what is new, what is now met,
//! which columns the tool refreshes, and which it never touches.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::results::{ProcessResult, QuestionResult, RecommendationResult, ResultDocument};
use crate::scoring::EPSILON;

use super::table::{Cell, Table, set};
use super::{COLUMNS, related_kpis};

/// What an update did, for the summary line and the tests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// Question ids appended as new items, in order.
    pub added: Vec<String>,
    /// Of `added`, those that had only `done` rows: the gap came back.
    pub reopened: Vec<String>,
    /// Question ids of items that became `done`.
    pub completed: Vec<String>,
    /// Items still open (any status but done or dropped) after the update.
    pub open: usize,
}

/// A status a person set that the tool leaves alone: the item is closed.
fn is_closed(status: &str) -> Option<&'static str> {
    match super::table::normalise(status).as_str() {
        "done" => Some("done"),
        "dropped" => Some("dropped"),
        _ => None,
    }
}

/// A register with the standard columns and no items.
pub fn empty() -> Table {
    Table { header: COLUMNS.iter().map(|c| c.to_string()).collect(), ..Table::default() }
}

/// Round a priority for people: two decimals are enough to rank items, and keep cells short.
fn priority(value: f64) -> Cell {
    Cell::Number((value * 100.0).round() / 100.0)
}

struct Lookup<'a> {
    questions: HashMap<&'a str, &'a QuestionResult>,
    processes: HashMap<&'a str, &'a ProcessResult>,
    recommendations: HashMap<&'a str, &'a RecommendationResult>,
}

impl<'a> Lookup<'a> {
    fn new(doc: &'a ResultDocument) -> Self {
        Self {
            questions: doc.questions.iter().map(|q| (q.id.as_str(), q)).collect(),
            processes: doc.processes.iter().map(|p| (p.id.as_str(), p)).collect(),
            recommendations: doc.recommendations.iter().map(|r| (r.question.as_str(), r)).collect(),
        }
    }
}

/// Bring `table` up to date with `doc`, as of `date`.
///
/// Rows whose status is `done` or `dropped`, and rows whose id is not a question of the result, are left exactly
/// as they are. Every other row with a question id gets its tool-owned columns refreshed, and becomes `done` on
/// `date` when its question is now met. Recommendations without a row (or whose rows are all `done`: the gap came
/// back) are appended as `open`. Missing standard columns are added at the right.
pub fn update(table: &mut Table, doc: &ResultDocument, date: NaiveDate) -> Summary {
    let cols: Vec<usize> = COLUMNS.iter().map(|name| table.column_or_add(name)).collect();
    let col = |name: &str| cols[COLUMNS.iter().position(|c| *c == name).unwrap_or(0)];
    let (id, status, closed) = (col("id"), col("status"), col("closed"));
    let lookup = Lookup::new(doc);
    let unmet = doc.scoring.unmet;
    let mut summary = Summary::default();
    // Question id → whether some row keeps it from being added again (an active or dropped row).
    let mut covered: HashMap<String, bool> = HashMap::new();

    for row in &mut table.rows {
        let row_id = row.get(id).map(|c| c.text().trim().to_string()).unwrap_or_default();
        let Some(question) = lookup.questions.get(row_id.as_str()) else { continue };
        let row_status = row.get(status).map(|c| c.text().into_owned()).unwrap_or_default();
        let closed_by_person = is_closed(&row_status);
        let keeps_out = closed_by_person != Some("done");
        let entry = covered.entry(row_id.clone()).or_insert(false);
        *entry |= keeps_out;
        if closed_by_person.is_some() {
            continue;
        }
        if let Some(process) = lookup.processes.get(question.process.as_str()) {
            set(row, col("priority"), priority(process.priority));
            set(row, col("current_level"), Cell::Number(f64::from(process.level)));
            set(row, col("target_level"), Cell::Number(f64::from(process.target)));
        }
        if let Some(rec) = lookup.recommendations.get(row_id.as_str()) {
            set(row, col("description"), Cell::Text(rec.guidance.clone()));
        }
        if question.value.is_some_and(|v| v > unmet + EPSILON) {
            set(row, status, Cell::Text("done".into()));
            set(row, closed, Cell::Date(date));
            summary.completed.push(row_id);
        } else {
            summary.open += 1;
        }
    }

    for rec in &doc.recommendations {
        match covered.get(rec.question.as_str()) {
            Some(true) => continue,
            Some(false) => summary.reopened.push(rec.question.clone()),
            None => {}
        }
        covered.insert(rec.question.clone(), true);
        let mut row = vec![Cell::Empty; table.header.len()];
        let (current, target) = lookup.processes.get(rec.process.as_str()).map_or((Cell::Empty, Cell::Empty), |p| {
            (Cell::Number(f64::from(p.level)), Cell::Number(f64::from(p.target)))
        });
        let values = [
            ("id", Cell::Text(rec.question.clone())),
            ("raised", Cell::Date(date)),
            ("process", Cell::Text(rec.process.clone())),
            ("stage", Cell::Text(rec.stage.clone())),
            ("question", Cell::Text(rec.text.clone())),
            ("description", Cell::Text(rec.guidance.clone())),
            ("priority", priority(rec.priority)),
            ("current_level", current),
            ("target_level", target),
            ("related_kpi", Cell::Text(related_kpis(&rec.process).join(", "))),
            ("owner", Cell::Text(String::new())),
            ("due", Cell::Text(String::new())),
            ("status", Cell::Text("open".into())),
            ("closed", Cell::Text(String::new())),
            ("notes", Cell::Text(String::new())),
        ];
        for (name, cell) in values {
            set(&mut row, col(name), cell);
        }
        table.rows.push(row);
        summary.added.push(rec.question.clone());
        summary.open += 1;
    }
    summary
}
