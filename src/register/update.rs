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

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of docs/scoring.md: recommendations IM-3-02 (2/9) and CHM-2-01 (1/3).
    fn worked() -> ResultDocument {
        let q = crate::questionnaire::load_valid(std::path::Path::new("tests/fixtures/questionnaires/mini.toml"))
            .expect("the mini questionnaire loads");
        let responses = crate::answers::read(&q, &["tests/fixtures/worked".into()], false).expect("answers read");
        let scores = crate::scoring::score(&q, &responses.responses, &crate::scoring::Targets::of(&q));
        ResultDocument::build(&q, &responses, &scores, crate::results::Assessment::default())
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, d).expect("a valid date")
    }

    fn cell<'a>(table: &'a Table, row: usize, name: &str) -> std::borrow::Cow<'a, str> {
        table.get(&table.rows[row], table.column(name))
    }

    fn set_value(doc: &mut ResultDocument, id: &str, value: f64) {
        let q = doc.questions.iter_mut().find(|q| q.id == id).expect("the question exists");
        q.value = Some(value);
    }

    #[test]
    fn a_new_register_has_a_row_per_recommendation_in_order() {
        let mut table = empty();
        let summary = update(&mut table, &worked(), day(1));
        assert_eq!(summary.added, ["IM-3-02", "CHM-2-01"]);
        assert_eq!(summary.open, 2);
        assert_eq!(table.header, COLUMNS);
        assert_eq!(cell(&table, 0, "priority"), "0.92"); // 11/12
        assert_eq!(cell(&table, 1, "priority"), "0.22"); // 2/9
        assert_eq!(cell(&table, 0, "current_level"), "2");
        assert_eq!(cell(&table, 0, "target_level"), "3");
        assert_eq!(cell(&table, 0, "raised"), "2026-09-01");
        assert_eq!(cell(&table, 0, "status"), "open");
        assert_eq!(cell(&table, 0, "related_kpi"), "mttr_hours, sla_met_pct, first_line_resolution_pct");
    }

    #[test]
    fn met_means_above_the_threshold_beyond_rounding() {
        let mut doc = worked();
        let mut table = empty();
        update(&mut table, &doc, day(1));
        // 0.5 from thirds can come out a hair above 0.5: still unmet.
        set_value(&mut doc, "IM-3-02", 0.5 + 1e-12);
        set_value(&mut doc, "CHM-2-01", 0.5 + 1e-6);
        let summary = update(&mut table, &doc, day(2));
        assert_eq!(summary.completed, ["CHM-2-01"]);
        assert_eq!(summary.added, Vec::<String>::new());
        assert_eq!((cell(&table, 0, "status"), cell(&table, 0, "closed")), ("open".into(), "".into()));
        assert_eq!((cell(&table, 1, "status"), cell(&table, 1, "closed")), ("done".into(), "2026-09-02".into()));
    }

    #[test]
    fn open_items_get_fresh_tool_columns_and_closed_ones_do_not() {
        let mut doc = worked();
        let mut table = empty();
        update(&mut table, &doc, day(1));
        let status = table.column("status").expect("a status column");
        table.rows[1][status] = Cell::Text("Dropped".into());
        for p in &mut doc.processes {
            p.level += 1;
            p.priority = 0.5;
        }
        doc.recommendations[0].guidance = "New guidance.".into();
        update(&mut table, &doc, day(2));
        assert_eq!(cell(&table, 0, "current_level"), "3");
        assert_eq!(cell(&table, 0, "priority"), "0.5");
        assert_eq!(cell(&table, 0, "description"), "New guidance.");
        assert_eq!(cell(&table, 1, "current_level"), "1");
        assert_eq!(cell(&table, 1, "priority"), "0.22");
        assert_eq!(cell(&table, 1, "status"), "Dropped");
    }

    #[test]
    fn missing_standard_columns_are_added_at_the_right() {
        let mut table = Table { header: vec!["Notes".into(), "ID".into()], ..Table::default() };
        table.rows.push(vec![Cell::Text("ours".into()), Cell::Text("X-1".into())]);
        update(&mut table, &worked(), day(1));
        assert_eq!(table.header.len(), 15);
        assert_eq!(table.header[..3], ["Notes", "ID", "raised"]);
        assert_eq!(table.rows[0], [Cell::Text("ours".into()), Cell::Text("X-1".into())]);
        assert_eq!(cell(&table, 1, "id"), "IM-3-02");
    }
}
