//! Trends over successive assessments, for the main report's trend section (`report --history`) and for the
//! standalone trend report of `compare -o trend.html`. Both are views of one [`Comparison`].

use serde::Serialize;

use crate::charts::{self, LineTrendInput, ReferenceLine, Series};
use crate::compare::{self, Comparison};
use crate::results::ResultDocument;

use super::view::{Chart, chart, fixed, opt};

/// The trend section of the main report.
#[derive(Debug, Serialize)]
pub struct Trend {
    pub chart: Chart,
    pub periods: Vec<String>,
    pub rows: Vec<TrendRow>,
    pub summary: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TrendRow {
    pub name: String,
    pub values: Vec<String>,
    pub since_first: String,
    pub since_previous: String,
    pub direction: String,
}

/// The standalone trend report.
#[derive(Debug, Serialize)]
pub struct TrendReport {
    pub title: String,
    pub client: Option<String>,
    pub questionnaire: String,
    pub periods: Vec<String>,
    pub assessments: Vec<String>,
    pub summary: Vec<String>,
    pub overview: Chart,
    pub stage_charts: Vec<Chart>,
    pub stages: Vec<TrendRow>,
    pub processes: Vec<ProcessTrendRow>,
    /// Ticket KPIs over time (empty without ticket evidence).
    pub kpis: Vec<TrendRow>,
    pub left_out: Vec<String>,
    pub generator: String,
}

#[derive(Debug, Serialize)]
pub struct ProcessTrendRow {
    pub name: String,
    pub stage: String,
    pub values: Vec<String>,
    pub target: String,
    pub since_first: String,
    pub since_previous: String,
    pub direction: String,
}

fn signed(delta: Option<f64>) -> String {
    match delta {
        Some(d) if d >= 0.005 => format!("+{}", fixed(d, 2)),
        Some(d) => fixed(d, 2),
        None => "–".to_string(),
    }
}

fn row(series: &compare::Series) -> TrendRow {
    TrendRow {
        name: series.name.clone(),
        values: series.values.iter().map(|v| opt(*v, 2)).collect(),
        since_first: signed(series.since_baseline),
        since_previous: signed(series.since_previous),
        direction: series.change().unwrap_or("–").to_string(),
    }
}

fn periods(c: &Comparison) -> Vec<String> {
    c.assessments.iter().enumerate().map(|(i, a)| a.name(i)).collect()
}

fn line_chart(id: &str, title: &str, periods: &[String], series: Vec<Series>, target: Option<ReferenceLine>) -> Chart {
    let input = LineTrendInput {
        id: id.into(),
        title: title.into(),
        periods: periods.to_vec(),
        series,
        x_label: "Assessment".into(),
        y_label: "Maturity index".into(),
        y_range: Some((0.0, 5.0)),
        target,
        decimals: 2,
    };
    chart(id, title, charts::line_trend(&input))
}

fn stage_lines(c: &Comparison) -> Vec<Series> {
    c.stages
        .iter()
        .map(|s| Series::new(s.name.clone(), s.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect()))
        .collect()
}

/// The main report's trend section: earlier assessments, then this one. `None` when they cannot be compared
/// (the command checks that first and says why).
pub fn for_report(doc: &ResultDocument, history: &[ResultDocument]) -> Option<Trend> {
    let docs: Vec<(String, ResultDocument)> = history
        .iter()
        .chain(std::iter::once(doc))
        .enumerate()
        .map(|(i, d)| (format!("assessment {}", i + 1), d.clone()))
        .collect();
    let c = compare::compare(&docs).ok()?;
    let periods = periods(&c);
    let chart = line_chart("trend", "Stage maturity over time", &periods, stage_lines(&c), None);
    Some(Trend { chart, rows: c.stages.iter().map(row).collect(), periods, summary: c.summary })
}

pub fn for_comparison(c: &Comparison, title: Option<String>, client: Option<String>) -> TrendReport {
    let periods = periods(c);
    let mut lines = stage_lines(c);
    lines.push(Series::new("Overall", c.overall.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect()));
    let overview = line_chart("trend-overview", "Maturity per lifecycle stage over time", &periods, lines, None);
    let stage_charts = c
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let series = c
                .processes
                .iter()
                .filter(|p| p.stage == s.id)
                .map(|p| {
                    Series::new(p.series.name.clone(), p.series.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
                })
                .collect();
            line_chart(
                &format!("trend-stage-{}", i + 1),
                &format!("{}: processes over time", s.name),
                &periods,
                series,
                None,
            )
        })
        .collect();
    let stage_name = |id: &str| c.stages.iter().find(|s| s.id == id).map_or(id.to_string(), |s| s.name.clone());
    let processes = c
        .processes
        .iter()
        .map(|p| ProcessTrendRow {
            name: p.series.name.clone(),
            stage: stage_name(&p.stage),
            values: p.series.values.iter().map(|v| opt(*v, 2)).collect(),
            target: p.targets.last().copied().flatten().map_or_else(|| "–".into(), |t| t.to_string()),
            since_first: signed(p.series.since_baseline),
            since_previous: signed(p.series.since_previous),
            direction: p.series.change().unwrap_or("–").to_string(),
        })
        .collect();
    let mut stages: Vec<TrendRow> = c.stages.iter().map(row).collect();
    stages.push(row(&c.overall));
    TrendReport {
        title: title.unwrap_or_else(|| "IT service management maturity over time".into()),
        client,
        questionnaire: c.questionnaire.clone(),
        assessments: c
            .assessments
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let date = a.date.as_deref().map(|d| format!(", {d}")).unwrap_or_default();
                format!("{} ({}{date}, questionnaire version {})", a.name(i), a.source, a.version)
            })
            .collect(),
        periods,
        summary: c.summary.clone(),
        overview,
        stage_charts,
        stages,
        processes,
        kpis: c.kpis.iter().map(row).collect(),
        left_out: c.left_out_questions.clone(),
        generator: format!("itil-assess {}", env!("CARGO_PKG_VERSION")),
    }
}
