//! Ticket evidence in the result document: what the ITSM tool's exports say, set against the self-assessment.
//!
//! Stored whole (sources, KPI documents, each KPI beside its guidance, per-process levels, disagreements) so that
//! a saved result renders the same report and `compare` can follow the KPIs over time.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::Failure;
use crate::tickets::guidance::{Disagreement, disagreements};
use crate::tickets::{self, Guidance, ImportOptions, Kind, KpiDocument, ProcessEvidence};

/// How far (in levels) the data and the self-assessment may differ before it is flagged.
pub const TOLERANCE: f64 = 1.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketEvidence {
    pub sources: Vec<TicketSource>,
    /// One KPI document per kind of ticket, in the shape of `itil-assess tickets --json`.
    pub kpis: Vec<KpiDocument>,
    /// Every KPI that has guidance, beside its thresholds and the level it supports.
    pub guidance: Vec<KpiVersusGuidance>,
    /// Per process (by id), the level the data supports.
    pub processes: Vec<ProcessEvidence>,
    /// Where the data and the self-assessment differ by a level or more.
    pub disagreements: Vec<Disagreement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketSource {
    pub path: String,
    pub kind: Kind,
    pub mapping: String,
    pub rows: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiVersusGuidance {
    pub kind: Kind,
    pub kpi: String,
    pub label: String,
    pub value: f64,
    pub unit: String,
    pub process: String,
    /// The thresholds, e.g. `≥50 L2 · ≥65 L3 · ≥75 L4 · ≥85 L5`.
    pub thresholds: String,
    pub level: u8,
    pub source: String,
}

/// Import ticket files (each kind may span several files), compute their KPIs and set them beside guidance.
pub fn import(paths: &[PathBuf], mapping: Option<&str>, skip_invalid: bool) -> Result<Vec<tickets::Import>, Failure> {
    let mapping = match mapping {
        Some(spec) => Some(crate::cli::load_mapping(spec)?),
        None => None,
    };
    let options = |m: Option<crate::tickets::Mapping>| ImportOptions { mapping: m, skip_invalid, ..Default::default() };
    // One import per file tells each file's kind; files of one kind are then read together, so that a ticket
    // spread over several files (open and closed problems, say) is one ticket.
    let mut by_kind: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
    let mut single: BTreeMap<String, tickets::Import> = BTreeMap::new();
    for path in paths {
        let shown = path.display().to_string();
        let import = tickets::import(std::slice::from_ref(&shown), &options(mapping.clone()))?;
        by_kind.entry(import.kind).or_default().push(shown.clone());
        single.insert(shown, import);
    }
    let mut imports = Vec::new();
    for (_, files) in by_kind {
        if files.len() == 1 {
            if let Some(import) = single.remove(&files[0]) {
                imports.push(import);
            }
        } else {
            imports.push(tickets::import(&files, &options(mapping.clone()))?);
        }
    }
    Ok(imports)
}

/// The evidence of the imported tickets against a scored assessment (process id → maturity index).
pub fn evidence(imports: &[tickets::Import], guidance: &Guidance, indices: &BTreeMap<String, f64>) -> TicketEvidence {
    let kpis: Vec<KpiDocument> = imports.iter().map(tickets::Import::kpis).collect();
    let sources = imports
        .iter()
        .flat_map(|i| {
            i.files.iter().map(|f| TicketSource {
                path: f.path.clone(),
                kind: i.kind,
                mapping: f.mapping.clone(),
                rows: f.rows,
            })
        })
        .collect();
    let mut processes: Vec<ProcessEvidence> = Vec::new();
    let mut rows = Vec::new();
    for doc in &kpis {
        for guide in guidance.kpis.iter().filter(|g| g.kind == doc.kind) {
            let Some(value) = doc.overall(&guide.kpi) else { continue };
            let level = guide.level(value);
            let source =
                guide.levels.iter().find(|t| t.level == level.max(2)).map(|t| t.source.clone()).unwrap_or_default();
            rows.push(KpiVersusGuidance {
                kind: doc.kind,
                kpi: guide.kpi.clone(),
                label: if guide.label.is_empty() { guide.kpi.clone() } else { guide.label.clone() },
                value,
                unit: guide.unit.clone(),
                process: guide.process.clone(),
                thresholds: guide.summary(),
                level,
                source,
            });
        }
        for found in tickets::assess(doc, guidance) {
            match processes.iter_mut().find(|p| p.process == found.process) {
                // A process evidenced by two kinds of tickets: all its KPIs count.
                Some(p) => {
                    p.evidence.extend(found.evidence);
                    p.level = p.evidence.iter().map(|e| f64::from(e.level)).sum::<f64>() / p.evidence.len() as f64;
                    p.lowest = p.evidence.iter().map(|e| e.level).min().unwrap_or(1);
                }
                None => processes.push(found),
            }
        }
    }
    processes.sort_by(|a, b| a.process.cmp(&b.process));
    let disagreements = disagreements(&processes, indices, TOLERANCE);
    TicketEvidence { sources, kpis, guidance: rows, processes, disagreements }
}
