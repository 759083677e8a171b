//! The ticket-evidence section of the report: KPIs against guidance, trends and contradictions with the
//! self-assessment. Filled when ticket exports are given (`report --tickets`).

use serde::Serialize;

use super::view::Chart;

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
