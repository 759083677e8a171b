//! The ticket-evidence section of the report: KPIs against guidance, monthly trends, SLA by priority, and where
//! the data contradicts the self-assessment. Built from the result document's `tickets` section.

use serde::Serialize;

use crate::charts::{self, GroupedBarsInput, LineTrendInput, Series};
use crate::results::ResultDocument;
use crate::tickets::{Kind, KpiDocument};

use super::view::{Chart, chart, fixed};

#[derive(Debug, Serialize)]
pub struct TicketSection {
    pub sources: Vec<String>,
    pub kpis: Vec<KpiRow>,
    pub charts: Vec<Chart>,
    pub flags: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct KpiRow {
    pub name: String,
    pub value: String,
    pub process: String,
    pub guidance: String,
    pub level: String,
}

fn value_text(value: f64, unit: &str) -> String {
    match unit {
        "" => fixed(value, 2),
        "%" => format!("{} %", fixed(value, 1)),
        unit => format!("{} {unit}", fixed(value, 1)),
    }
}

fn series_of(doc: &KpiDocument, kpi: &str, keys: &[String]) -> Vec<f64> {
    keys.iter()
        .map(|k| doc.by_month.get(k).and_then(|set| set.get(kpi)).and_then(|v| v.as_f64()).unwrap_or(f64::NAN))
        .collect()
}

fn charts_for(doc: &KpiDocument, n: usize) -> Vec<Chart> {
    let kind = doc.kind.name();
    let months: Vec<String> = doc.by_month.keys().cloned().collect();
    let mut out = Vec::new();
    if months.is_empty() {
        return out;
    }
    let id = format!("tickets-{n}-volume");
    let title = format!("{} tickets opened per month", capitalised(kind));
    let volume = LineTrendInput {
        id: id.clone(),
        title: title.clone(),
        periods: months.clone(),
        series: vec![Series::new("Tickets opened", series_of(doc, "tickets", &months))],
        x_label: "Month opened".into(),
        y_label: "Tickets".into(),
        y_range: None,
        target: None,
        decimals: 0,
    };
    out.push(chart(&id, &title, charts::line_trend(&volume)));
    if matches!(doc.kind, Kind::Incident | Kind::Request | Kind::Problem) {
        let id = format!("tickets-{n}-ttr");
        let title = format!("{}: resolution time by month opened", capitalised(kind));
        let ttr = LineTrendInput {
            id: id.clone(),
            title: title.clone(),
            periods: months.clone(),
            series: vec![
                Series::new("Mean (MTTR)", series_of(doc, "mttr_hours", &months)),
                Series::new("Median", series_of(doc, "median_ttr_hours", &months)),
            ],
            x_label: "Month opened".into(),
            y_label: "Hours".into(),
            y_range: None,
            target: None,
            decimals: 1,
        };
        out.push(chart(&id, &title, charts::line_trend(&ttr)));
    }
    let priorities: Vec<&String> = doc
        .by_priority
        .iter()
        .filter(|(_, set)| set.get("sla_met_pct").and_then(|v| v.as_f64()).is_some())
        .map(|(k, _)| k)
        .collect();
    if !priorities.is_empty() {
        let id = format!("tickets-{n}-sla");
        let title = format!("{}: SLA met by priority", capitalised(kind));
        let sla = GroupedBarsInput {
            id: id.clone(),
            title: title.clone(),
            categories: priorities.iter().map(|p| format!("P{p}")).collect(),
            series: vec![Series::new(
                "SLA met",
                priorities
                    .iter()
                    .map(|p| doc.by_priority[*p].get("sla_met_pct").and_then(|v| v.as_f64()).unwrap_or(f64::NAN))
                    .collect(),
            )],
            x_label: "Priority".into(),
            y_label: "SLA met (%)".into(),
            y_max: Some(100.0),
            decimals: 1,
            unit: "%".into(),
        };
        out.push(chart(&id, &title, charts::grouped_bars(&sla)));
    }
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub fn section(doc: &ResultDocument) -> Option<TicketSection> {
    let evidence = doc.tickets.as_ref()?;
    let process_name =
        |id: &str| doc.processes.iter().find(|p| p.id == id).map_or_else(|| id.to_string(), |p| p.name.clone());
    let sources = evidence
        .sources
        .iter()
        .map(|s| format!("{} ({}; {} {} rows)", s.path, s.mapping, s.rows, s.kind.name()))
        .collect();
    let mut kpis: Vec<KpiRow> = Vec::new();
    for k in &evidence.kpis {
        for count in ["tickets", "open", "resolved"] {
            if let Some(v) = k.overall(count) {
                kpis.push(KpiRow {
                    name: format!("{} {count}", capitalised(k.kind.name())),
                    value: fixed(v, 0),
                    process: String::new(),
                    guidance: String::new(),
                    level: String::new(),
                });
            }
        }
        for g in evidence.guidance.iter().filter(|g| g.kind == k.kind) {
            kpis.push(KpiRow {
                name: capitalised(&g.label),
                value: value_text(g.value, &g.unit),
                process: process_name(&g.process),
                guidance: g.thresholds.clone(),
                level: format!("level {}", g.level),
            });
        }
    }
    let charts = evidence.kpis.iter().enumerate().flat_map(|(n, k)| charts_for(k, n + 1)).collect();
    let flags = evidence.disagreements.iter().map(|d| super::view::sentence(&d.message)).collect();
    Some(TicketSection { sources, kpis, charts, flags })
}
