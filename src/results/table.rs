//! The result as a terminal table (processes, then stages, then the overall picture) or as CSV.

use std::fmt::Write as _;

use super::ResultDocument;

fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len > width {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        format!("{text}{}", " ".repeat(width - len))
    }
}

fn opt(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

pub fn render_table(doc: &ResultDocument) -> String {
    let mut out = String::new();
    let n = doc.respondents.len();
    let _ = write!(
        out,
        "{} {} · {n} respondent{}",
        doc.questionnaire.title,
        doc.questionnaire.version,
        if n == 1 { "" } else { "s" }
    );
    for part in [&doc.assessment.label, &doc.assessment.date].into_iter().flatten() {
        let _ = write!(out, " · {part}");
    }
    out.push_str("\n\n");
    let stage_name = |id: &str| doc.stages.iter().find(|s| s.id == id).map_or(id.to_string(), |s| s.name.clone());
    let sw = doc.stages.iter().map(|s| s.name.chars().count()).max().unwrap_or(5).clamp(5, 30);
    let pw = doc.processes.iter().map(|p| p.name.chars().count()).max().unwrap_or(7).clamp(7, 44);
    let _ = writeln!(out, "{} {} Level  Index  Target   Gap  Coverage", pad("Stage", sw), pad("Process", pw));
    for p in &doc.processes {
        let flag = if p.low_coverage { " (low)" } else { "" };
        let _ = writeln!(
            out,
            "{} {} {:>5}  {:>5.2}  {:>6}  {:>4.2}  {:>7.0}%{flag}",
            pad(&stage_name(&p.stage), sw),
            pad(&p.name, pw),
            p.level,
            p.index,
            p.target,
            p.gap,
            p.coverage * 100.0
        );
    }
    let _ = writeln!(out, "\n{} Index  Target   Gap", pad("Stage", sw));
    for s in &doc.stages {
        let _ = writeln!(out, "{} {:>5}  {:>6}  {:>4}", pad(&s.name, sw), opt(s.index), opt(s.target), opt(s.gap));
    }
    let _ = write!(out, "\nOverall maturity {:.2}", doc.overall.index);
    if let (Some(id), Some(index)) = (&doc.overall.weakest_stage, doc.overall.weakest_index) {
        let _ = write!(out, " · weakest stage: {} ({index:.2})", stage_name(id));
    }
    out.push('\n');
    let low: Vec<&str> = doc.processes.iter().filter(|p| p.low_coverage).map(|p| p.id.as_str()).collect();
    if !low.is_empty() {
        let _ =
            writeln!(out, "Low coverage (under {:.0}% answered): {}", doc.scoring.min_coverage * 100.0, low.join(", "));
    }
    let disagreements: Vec<&str> = doc.questions.iter().filter(|q| q.disagreement).map(|q| q.id.as_str()).collect();
    if !disagreements.is_empty() {
        let _ =
            writeln!(out, "Respondents disagree on {} question(s): {}", disagreements.len(), disagreements.join(", "));
    }
    let _ = writeln!(out, "{} gap(s), {} recommendation(s)", doc.gaps.len(), doc.recommendations.len());
    out
}

/// One row per process, for spreadsheets.
pub fn render_csv(doc: &ResultDocument) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "stage",
        "process",
        "name",
        "level",
        "index",
        "target",
        "gap",
        "importance",
        "priority",
        "coverage",
        "low_coverage",
    ]);
    for p in &doc.processes {
        let _ = writer.write_record([
            p.stage.clone(),
            p.id.clone(),
            p.name.clone(),
            p.level.to_string(),
            format!("{:.4}", p.index),
            p.target.to_string(),
            format!("{:.4}", p.gap),
            p.importance.to_string(),
            format!("{:.4}", p.priority),
            format!("{:.4}", p.coverage),
            p.low_coverage.to_string(),
        ]);
    }
    writer.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}
