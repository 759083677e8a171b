//! KPI values set against published guidance: which ITIL process a KPI evidences and which value suggests which
//! maturity level. Pure: a [`KpiDocument`] and a [`Guidance`] table in, per-process evidence out.
//!
//! The table ships as `questionnaires/kpi-guidance.toml` (embedded); a user file with the same format replaces it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::error::TicketError;
use super::kpi::KpiDocument;
use super::record::Kind;

/// The shipped guidance table.
pub const BUILTIN_GUIDANCE: &str = include_str!("../../questionnaires/kpi-guidance.toml");

/// Whether a higher or a lower value is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

/// The value from which a level is suggested (at least it when higher is better, at most it when lower is).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub level: u8,
    pub value: f64,
    pub source: String,
}

/// Guidance for one KPI of one ticket kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiGuide {
    pub kpi: String,
    pub kind: Kind,
    /// Process id of the questionnaire: incident, problem, change, request-fulfilment, service-level, service-desk.
    pub process: String,
    pub better: Better,
    #[serde(default)]
    pub unit: String,
    /// How people call the KPI in a sentence ("SLA met"); default: its name.
    #[serde(default)]
    pub label: String,
    /// Thresholds for levels 2..5, in increasing level; below level 2's the data supports level 1.
    pub levels: Vec<Threshold>,
}

impl KpiGuide {
    /// The level the value supports: the highest level whose threshold it meets, else 1.
    pub fn level(&self, value: f64) -> u8 {
        self.levels
            .iter()
            .filter(|t| match self.better {
                Better::Higher => value >= t.value,
                Better::Lower => value <= t.value,
            })
            .map(|t| t.level)
            .max()
            .unwrap_or(1)
    }

    /// One-line summary such as `≥50 L2 · ≥65 L3 · ≥75 L4 · ≥85 L5`.
    pub fn summary(&self) -> String {
        let op = match self.better {
            Better::Higher => "≥",
            Better::Lower => "≤",
        };
        self.levels.iter().map(|t| format!("{op}{} L{}", t.value, t.level)).collect::<Vec<_>>().join(" · ")
    }
}

/// The guidance table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    #[serde(default)]
    pub about: String,
    #[serde(rename = "kpi")]
    pub kpis: Vec<KpiGuide>,
}

/// The processes a guide may name (the questionnaire's process ids).
pub const PROCESSES: [&str; 6] =
    ["incident", "problem", "change", "request-fulfilment", "service-level", "service-desk"];

impl Guidance {
    pub fn from_toml(text: &str, origin: &str) -> Result<Guidance, TicketError> {
        let g: Guidance =
            toml::from_str(text).map_err(|e| TicketError::Guidance(format!("{origin}: {}", e.message().trim())))?;
        for k in &g.kpis {
            let fail =
                |m: String| Err(TicketError::Guidance(format!("{origin}: kpi {} ({}): {m}", k.kpi, k.kind.name())));
            if !PROCESSES.contains(&k.process.as_str()) {
                return fail(format!("process {:?} is not one of {}", k.process, PROCESSES.join(", ")));
            }
            if !super::kpi::kpi_names(k.kind).contains(&k.kpi.as_str()) {
                return fail(format!("{} is not a KPI of {} tickets", k.kpi, k.kind.name()));
            }
            let ordered = k.levels.windows(2).all(|w| {
                w[0].level < w[1].level
                    && match k.better {
                        Better::Higher => w[0].value <= w[1].value,
                        Better::Lower => w[0].value >= w[1].value,
                    }
            });
            if !ordered || k.levels.iter().any(|t| !(2..=5).contains(&t.level)) {
                return fail("levels must be 2..5 in increasing order with values getting stricter".into());
            }
        }
        Ok(g)
    }

    /// The shipped table.
    pub fn builtin() -> Guidance {
        #[allow(clippy::expect_used)] // embedded at compile time and checked by a unit test
        Guidance::from_toml(BUILTIN_GUIDANCE, "kpi-guidance.toml").expect("shipped guidance is valid")
    }

    /// The guide for a KPI of a kind, if any.
    pub fn guide(&self, kind: Kind, kpi: &str) -> Option<&KpiGuide> {
        self.kpis.iter().find(|g| g.kind == kind && g.kpi == kpi)
    }
}

/// One KPI's evidence for a process.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiEvidence {
    pub kpi: String,
    pub value: f64,
    pub unit: String,
    /// The level this value supports, 1..5.
    pub level: u8,
    /// Where the threshold reached (or, at level 1, the level-2 threshold missed) comes from.
    pub source: String,
    /// Human summary, e.g. `sla_met_pct 61.00 % supports level 2`.
    pub summary: String,
}

/// What the ticket data says about one process.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessEvidence {
    pub process: String,
    /// Mean of the KPI levels (1..5), the figure to set beside a self-assessed score.
    pub level: f64,
    /// The weakest KPI level.
    pub lowest: u8,
    pub evidence: Vec<KpiEvidence>,
}

/// Per process (sorted by id), the level the overall KPIs of `doc` support. KPIs without a value (zero
/// denominators) or without guidance are left out; a process with no evidence is absent.
pub fn assess(doc: &KpiDocument, guidance: &Guidance) -> Vec<ProcessEvidence> {
    let mut by_process: BTreeMap<&str, Vec<KpiEvidence>> = BTreeMap::new();
    for guide in guidance.kpis.iter().filter(|g| g.kind == doc.kind) {
        let Some(value) = doc.overall(&guide.kpi) else {
            continue;
        };
        let level = guide.level(value);
        let source =
            guide.levels.iter().find(|t| t.level == level.max(2)).map(|t| t.source.clone()).unwrap_or_default();
        let label = if guide.label.is_empty() { guide.kpi.as_str() } else { guide.label.as_str() };
        by_process.entry(&guide.process).or_default().push(KpiEvidence {
            kpi: guide.kpi.clone(),
            value,
            unit: guide.unit.clone(),
            level,
            source,
            summary: format!("{label} {} supports level {level}", show(value, &guide.unit)),
        });
    }
    by_process
        .into_iter()
        .map(|(process, evidence)| {
            let level = evidence.iter().map(|e| f64::from(e.level)).sum::<f64>() / evidence.len() as f64;
            let lowest = evidence.iter().map(|e| e.level).min().unwrap_or(1);
            ProcessEvidence { process: process.to_string(), level, lowest, evidence }
        })
        .collect()
}

/// A value as a sentence shows it: percentages whole, hours and days to one decimal.
fn show(value: f64, unit: &str) -> String {
    match unit {
        "%" => format!("{value:.0} %"),
        "" => format!("{value:.2}"),
        u => format!("{value:.1} {u}"),
    }
}

/// How a process reads in a sentence.
pub fn process_label(process: &str) -> &str {
    match process {
        "incident" => "incident management",
        "problem" => "problem management",
        "change" => "change management",
        "request-fulfilment" => "request fulfilment",
        "service-level" => "service level management",
        "service-desk" => "the service desk",
        other => other,
    }
}

/// Where the data and a self-assessment disagree by at least `tolerance` levels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    pub process: String,
    pub self_assessed: f64,
    pub data_level: f64,
    /// e.g. `incident management self-assessed at 4.1; MTTR 236.6 h supports level 1`
    pub message: String,
}

/// Compare per-process self-assessed levels (process id → level) with what the data supports.
pub fn disagreements(
    evidence: &[ProcessEvidence],
    self_assessed: &BTreeMap<String, f64>,
    tolerance: f64,
) -> Vec<Disagreement> {
    evidence
        .iter()
        .filter_map(|p| {
            let claimed = *self_assessed.get(&p.process)?;
            ((claimed - p.level).abs() >= tolerance).then(|| Disagreement {
                process: p.process.clone(),
                self_assessed: claimed,
                data_level: p.level,
                message: format!(
                    "{} self-assessed at {claimed:.1}; {}",
                    process_label(&p.process),
                    p.evidence.iter().map(|e| e.summary.as_str()).collect::<Vec<_>>().join(", ")
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tickets::kpi::Kpi;

    #[test]
    fn shipped_guidance_loads() {
        let g = Guidance::builtin();
        assert!(g.guide(Kind::Incident, "sla_met_pct").is_some());
        assert!(g.guide(Kind::Change, "failed_change_pct").is_some());
    }

    #[test]
    fn levels_from_thresholds() {
        let doc = KpiDocument {
            kind: Kind::Change,
            overall: [
                ("failed_change_pct".to_string(), Kpi::Value(Some(12.0))),
                ("tickets".to_string(), Kpi::Count(9)),
            ]
            .into_iter()
            .collect(),
            by_priority: BTreeMap::new(),
            by_month: BTreeMap::new(),
        };
        let g = Guidance::from_toml(
            r#"
[[kpi]]
kpi = "failed_change_pct"
kind = "change"
process = "change"
better = "lower"
unit = "%"
levels = [
  { level = 2, value = 30, source = "a" },
  { level = 3, value = 15, source = "b" },
  { level = 4, value = 10, source = "c" },
]
"#,
            "t",
        )
        .unwrap();
        let e = assess(&doc, &g);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].process, "change");
        assert_eq!(e[0].evidence[0].level, 3);
        assert_eq!(e[0].evidence[0].source, "b");
        assert_eq!(e[0].evidence[0].summary, "failed_change_pct 12 % supports level 3");
        let claimed: BTreeMap<String, f64> = [("change".to_string(), 4.4)].into_iter().collect();
        let d = disagreements(&e, &claimed, 1.0);
        assert_eq!(d[0].message, "change management self-assessed at 4.4; failed_change_pct 12 % supports level 3");
        assert!(disagreements(&e, &claimed, 1.5).is_empty());
    }
}
