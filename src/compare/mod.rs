//! Comparing assessments over time: the same questionnaire scored again, process by process and stage by stage.
//!
//! Results from different questionnaires, or different major versions of one, measure different things and are
//! refused. Across minor versions only the questions present in every assessment count: each assessment is
//! re-rated on that common set (with the level rule of `scoring::rate`), and the left-out questions are listed.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::Failure;
use crate::results::ResultDocument;
use crate::scoring::{self, EPSILON, QuestionValue};

/// A move smaller than this (in index points) counts as unchanged.
pub const UNCHANGED: f64 = 0.05;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub questionnaire: String,
    pub assessments: Vec<AssessmentRef>,
    /// Question ids missing from at least one assessment (minor versions differ): not counted anywhere.
    pub left_out_questions: Vec<String>,
    pub overall: Series,
    pub stages: Vec<Series>,
    pub processes: Vec<ProcessSeries>,
    /// Process ids by their move since the previous assessment.
    pub improved: Vec<String>,
    pub unchanged: Vec<String>,
    pub regressed: Vec<String>,
    /// Processes at or above target now but not in the previous assessment, and the other way round.
    pub reached_target: Vec<String>,
    pub lost_target: Vec<String>,
    /// Ticket KPIs over time, where the results carry ticket evidence (`score --tickets`).
    pub kpis: Vec<Series>,
    pub summary: Vec<String>,
}

/// The ticket KPIs followed over time: (kind, KPI, label, higher is better).
const TRENDED_KPIS: [(&str, &str, &str, bool); 5] = [
    ("incident", "mttr_hours", "Incident MTTR (hours)", false),
    ("incident", "sla_met_pct", "Incident SLA met (%)", true),
    ("incident", "first_line_resolution_pct", "First-line resolution (%)", true),
    ("request", "mttr_hours", "Request MTTR (hours)", false),
    ("change", "change_success_pct", "Change success (%)", true),
];

fn kpi_value(doc: &ResultDocument, kind: &str, kpi: &str) -> Option<f64> {
    let evidence = doc.tickets.as_ref()?;
    evidence.kpis.iter().find(|k| k.kind.name() == kind).and_then(|k| k.overall(kpi))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentRef {
    pub source: String,
    pub label: Option<String>,
    pub date: Option<String>,
    pub version: String,
}

impl AssessmentRef {
    /// How the assessment is named in tables and charts: its label, else its date, else its position.
    pub fn name(&self, position: usize) -> String {
        self.label.clone().or_else(|| self.date.clone()).unwrap_or_else(|| format!("#{}", position + 1))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub id: String,
    pub name: String,
    /// One value per assessment, oldest first; null where the assessment has none.
    pub values: Vec<Option<f64>>,
    pub since_baseline: Option<f64>,
    pub since_previous: Option<f64>,
    /// Whether a rise is an improvement (maturity, SLA met) or not (resolution times).
    #[serde(default = "yes")]
    pub higher_is_better: bool,
}

fn yes() -> bool {
    true
}

impl Series {
    /// `improved`, `unchanged` or `regressed` since the previous assessment; `None` without two values.
    pub fn change(&self) -> Option<&'static str> {
        let d = self.since_previous?;
        let d = if self.higher_is_better { d } else { -d };
        Some(if d >= UNCHANGED - EPSILON {
            "improved"
        } else if d <= -UNCHANGED + EPSILON {
            "regressed"
        } else {
            "unchanged"
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessSeries {
    #[serde(flatten)]
    pub series: Series,
    pub stage: String,
    pub levels: Vec<Option<u8>>,
    pub targets: Vec<Option<u8>>,
}

fn deltas(values: &[Option<f64>]) -> (Option<f64>, Option<f64>) {
    let last = values.last().copied().flatten();
    let first = values.first().copied().flatten();
    let previous = values.len().checked_sub(2).and_then(|i| values[i]);
    (first.zip(last).map(|(a, b)| b - a), previous.zip(last).map(|(a, b)| b - a))
}

fn series(id: &str, name: &str, values: Vec<Option<f64>>) -> Series {
    let (since_baseline, since_previous) = deltas(&values);
    Series {
        id: id.to_string(),
        name: name.to_string(),
        values,
        since_baseline,
        since_previous,
        higher_is_better: true,
    }
}

/// Put assessments oldest first: by date when every one has a date, else in the order given.
pub fn order(mut docs: Vec<(String, ResultDocument)>) -> Vec<(String, ResultDocument)> {
    if docs.iter().all(|(_, d)| d.assessment.date.is_some()) {
        docs.sort_by(|a, b| a.1.assessment.date.cmp(&b.1.assessment.date)); // stable: equal dates keep their order
    }
    docs
}

/// Refuse results that do not measure the same thing.
pub fn check_comparable(docs: &[(String, ResultDocument)]) -> Result<(), Failure> {
    let Some((first_source, first)) = docs.first() else {
        return Err(Failure::input("nothing to compare: give at least two result documents"));
    };
    if docs.len() < 2 {
        return Err(Failure::input("nothing to compare: give at least two result documents"));
    }
    for (source, doc) in &docs[1..] {
        let (a, b) = (&first.questionnaire, &doc.questionnaire);
        if a.id != b.id {
            return Err(Failure::input(format!(
                "{source}: assessed with questionnaire \"{}\", but {first_source} with \"{}\": only assessments of the same questionnaire can be compared",
                b.id, a.id
            )));
        }
        if a.version.major != b.version.major {
            return Err(Failure::input(format!(
                "{source}: assessed with {} {}, but {first_source} with {} {}: different major versions measure different things and cannot be compared",
                b.id, b.version, a.id, a.version
            )));
        }
    }
    Ok(())
}

/// Each process's index (and level) on the questions common to every assessment.
fn rerate(doc: &ResultDocument, common: &BTreeSet<&str>) -> HashMap<String, (u8, f64)> {
    doc.processes
        .iter()
        .map(|p| {
            let values: Vec<QuestionValue> = doc
                .questions
                .iter()
                .filter(|q| q.process == p.id && common.contains(q.id.as_str()))
                .map(|q| QuestionValue { level: q.level, weight: q.weight, mandatory: q.mandatory, value: q.value })
                .collect();
            let (_, level, index) = scoring::rate(&values, &doc.scoring);
            (p.id.clone(), (level, index))
        })
        .collect()
}

/// Compare assessments, oldest first (see [`order`]); they must pass [`check_comparable`].
pub fn compare(docs: &[(String, ResultDocument)]) -> Result<Comparison, Failure> {
    check_comparable(docs)?;
    let latest = &docs[docs.len() - 1].1;
    let same_version = docs.iter().all(|(_, d)| d.questionnaire.version == latest.questionnaire.version);
    let sets: Vec<BTreeSet<&str>> =
        docs.iter().map(|(_, d)| d.questions.iter().map(|q| q.id.as_str()).collect()).collect();
    let all: BTreeSet<&str> = sets.iter().flatten().copied().collect();
    let common: BTreeSet<&str> = all.iter().copied().filter(|id| sets.iter().all(|s| s.contains(id))).collect();
    let left_out_questions: Vec<String> = all.difference(&common).map(|s| s.to_string()).collect();

    // Per assessment: process id → (level, index, target, importance, stage).
    let rated: Vec<HashMap<String, (u8, f64)>> = docs
        .iter()
        .map(|(_, d)| {
            if same_version {
                d.processes.iter().map(|p| (p.id.clone(), (p.level, p.index))).collect()
            } else {
                rerate(d, &common)
            }
        })
        .collect();

    let processes: Vec<ProcessSeries> = latest
        .processes
        .iter()
        .map(|p| {
            let values = rated.iter().map(|r| r.get(&p.id).map(|x| x.1)).collect();
            ProcessSeries {
                series: series(&p.id, &p.name, values),
                stage: p.stage.clone(),
                levels: rated.iter().map(|r| r.get(&p.id).map(|x| x.0)).collect(),
                targets: docs
                    .iter()
                    .map(|(_, d)| d.processes.iter().find(|x| x.id == p.id).map(|x| x.target))
                    .collect(),
            }
        })
        .collect();

    // Stage indices from the (re-rated) process indices, weighted by each assessment's own importance.
    let stage_value = |k: usize, stage: &str| -> Option<f64> {
        let d = &docs[k].1;
        scoring::weighted_mean(
            d.processes
                .iter()
                .filter(|p| p.stage == stage)
                .filter_map(|p| rated[k].get(&p.id).map(|x| (p.importance, x.1))),
        )
    };
    let stages: Vec<Series> = latest
        .stages
        .iter()
        .map(|s| series(&s.id, &s.name, (0..docs.len()).map(|k| stage_value(k, &s.id)).collect()))
        .collect();
    let overall_values = (0..docs.len())
        .map(|k| {
            let values: Vec<f64> = docs[k].1.stages.iter().filter_map(|s| stage_value(k, &s.id)).collect();
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        })
        .collect();
    let overall = series("overall", "Overall", overall_values);

    let (mut improved, mut unchanged, mut regressed) = (Vec::new(), Vec::new(), Vec::new());
    let (mut reached_target, mut lost_target) = (Vec::new(), Vec::new());
    let n = docs.len();
    for p in &processes {
        match p.series.change() {
            Some("improved") => improved.push(p.series.id.clone()),
            Some("regressed") => regressed.push(p.series.id.clone()),
            Some(_) => unchanged.push(p.series.id.clone()),
            None => {}
        }
        let at_target = |k: usize| match (p.series.values[k], p.targets[k]) {
            (Some(v), Some(t)) => Some(v >= f64::from(t) - EPSILON),
            _ => None,
        };
        match (at_target(n - 2), at_target(n - 1)) {
            (Some(false), Some(true)) => reached_target.push(p.series.id.clone()),
            (Some(true), Some(false)) => lost_target.push(p.series.id.clone()),
            _ => {}
        }
    }

    let kpis: Vec<Series> = TRENDED_KPIS
        .iter()
        .map(|(kind, kpi, label, higher_is_better)| {
            let values: Vec<Option<f64>> = docs.iter().map(|(_, d)| kpi_value(d, kind, kpi)).collect();
            Series { higher_is_better: *higher_is_better, ..series(&format!("{kind}.{kpi}"), label, values) }
        })
        .filter(|s| s.values.iter().any(Option::is_some))
        .collect();
    let assessments: Vec<AssessmentRef> = docs
        .iter()
        .map(|(source, d)| AssessmentRef {
            source: source.clone(),
            label: d.assessment.label.clone(),
            date: d.assessment.date.clone(),
            version: d.questionnaire.version.to_string(),
        })
        .collect();
    let name_of =
        |id: &str| processes.iter().find(|p| p.series.id == id).map_or(id.to_string(), |p| p.series.name.clone());
    let mut summary = Vec::new();
    let previous = assessments[n - 2].name(n - 2);
    if let Some(d) = overall.since_previous {
        summary.push(format!(
            "Overall maturity {} from {} to {} since {previous}.",
            if d >= UNCHANGED {
                "rose"
            } else if d <= -UNCHANGED {
                "fell"
            } else {
                "held steady"
            },
            fmt(overall.values[n - 2]),
            fmt(overall.values[n - 1])
        ));
    }
    if let Some(best) = processes
        .iter()
        .filter(|p| p.series.since_previous.is_some_and(|d| d >= UNCHANGED))
        .max_by(|a, b| a.series.since_previous.unwrap_or(0.0).total_cmp(&b.series.since_previous.unwrap_or(0.0)))
    {
        summary.push(format!(
            "{} of {} processes improved; the largest step was {} (+{:.2}).",
            improved.len(),
            processes.len(),
            best.series.name,
            best.series.since_previous.unwrap_or(0.0)
        ));
    }
    if !regressed.is_empty() {
        let names: Vec<String> = regressed.iter().map(|id| name_of(id)).collect();
        summary.push(format!("Regressed since {previous}: {}.", names.join(", ")));
    }
    if !reached_target.is_empty() {
        let names: Vec<String> = reached_target.iter().map(|id| name_of(id)).collect();
        summary.push(format!("Reached their target: {}.", names.join(", ")));
    }
    if !lost_target.is_empty() {
        let names: Vec<String> = lost_target.iter().map(|id| name_of(id)).collect();
        summary.push(format!("Fell below their target: {}.", names.join(", ")));
    }
    if !left_out_questions.is_empty() {
        summary.push(format!(
            "The assessments used different minor versions of {}; {} question(s) not asked in all of them were left out of every figure: {}.",
            latest.questionnaire.id,
            left_out_questions.len(),
            left_out_questions.join(", ")
        ));
    }
    Ok(Comparison {
        questionnaire: format!("{} {}", latest.questionnaire.title, latest.questionnaire.version),
        assessments,
        left_out_questions,
        overall,
        stages,
        processes,
        improved,
        unchanged,
        regressed,
        reached_target,
        lost_target,
        kpis,
        summary,
    })
}

fn fmt(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}
