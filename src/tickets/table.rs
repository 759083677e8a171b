//! The terminal view of a KPI document: each KPI beside its guidance and the level it supports, then the same
//! KPIs per priority and per month. Pure text out, so it can be tested and snapshotted.

use std::fmt::Write;

use super::guidance::{Guidance, assess};
use super::kpi::{Kpi, KpiDocument, KpiSet, kpi_names};

/// Counts as integers, other values to 2 decimals, unknown as `-`.
pub fn cell(value: Option<&Kpi>) -> String {
    match value {
        Some(Kpi::Count(n)) => n.to_string(),
        Some(Kpi::Value(Some(v))) => format!("{v:.2}"),
        _ => "-".to_string(),
    }
}

/// The whole table.
pub fn render(doc: &KpiDocument, guidance: &Guidance) -> String {
    let mut out = String::new();
    let names = kpi_names(doc.kind);
    let _ = writeln!(out, "{} KPIs, all tickets", doc.kind.name());
    let mut rows = vec![["KPI".to_string(), "value".into(), "process".into(), "guidance".into(), "level".into()]];
    for &name in names {
        let guide = guidance.guide(doc.kind, name);
        let value = doc.overall.get(name);
        let level = match (guide, value.and_then(|v| v.as_f64())) {
            (Some(g), Some(v)) => g.level(v).to_string(),
            _ => String::new(),
        };
        let unit = guide.map(|g| g.unit.as_str()).filter(|u| !u.is_empty() && value.and_then(|v| v.as_f64()).is_some());
        rows.push([
            name.to_string(),
            match unit {
                Some(u) => format!("{} {u}", cell(value)),
                None => cell(value),
            },
            guide.map(|g| g.process.clone()).unwrap_or_default(),
            guide.map(|g| g.summary()).unwrap_or_default(),
            level,
        ]);
    }
    write_rows(&mut out, &rows, &[false, true, false, false, true]);
    let evidence = assess(doc, guidance);
    if !evidence.is_empty() {
        let _ = writeln!(out, "\nlevel the data supports, per process (mean of its KPI levels)");
        let mut rows = vec![["process".to_string(), "level".into(), "lowest".into(), "evidence".into()]];
        for p in &evidence {
            rows.push([
                p.process.clone(),
                format!("{:.1}", p.level),
                p.lowest.to_string(),
                p.evidence.iter().map(|e| e.summary.clone()).collect::<Vec<_>>().join("; "),
            ]);
        }
        write_rows(&mut out, &rows, &[false, true, true, false]);
    }
    group(&mut out, "by priority", "priority", &doc.by_priority, names);
    group(&mut out, "by month of opening", "month", &doc.by_month, names);
    out
}

fn group(
    out: &mut String,
    title: &str,
    key: &str,
    groups: &std::collections::BTreeMap<String, KpiSet>,
    names: &[&str],
) {
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    let mut rows =
        vec![std::iter::once(key.to_string()).chain(names.iter().map(|n| short(n).to_string())).collect::<Vec<_>>()];
    for (k, set) in groups {
        rows.push(std::iter::once(k.clone()).chain(names.iter().map(|n| cell(set.get(*n)))).collect());
    }
    let right: Vec<bool> = std::iter::once(false).chain(names.iter().map(|_| true)).collect();
    write_rows(out, &rows, &right);
}

/// Column headings for the grouped tables, short enough to fit a terminal.
fn short(name: &str) -> &str {
    match name {
        "median_ttr_hours" => "median_h",
        "p90_ttr_hours" => "p90_h",
        "mttr_hours" => "mttr_h",
        "sla_met_pct" => "sla%",
        "reopen_rate_pct" => "reopen%",
        "reassigned_pct" => "reassigned%",
        "mean_reassignments" => "reassign/t",
        "first_line_resolution_pct" => "first_line%",
        "open_age_mean_days" => "open_age_d",
        "change_success_pct" => "success%",
        "emergency_change_pct" => "emergency%",
        "failed_change_pct" => "failed%",
        "data_errors" => "errors",
        other => other,
    }
}

fn write_rows<R: AsRef<[String]>>(out: &mut String, rows: &[R], right: &[bool]) {
    let columns = rows.first().map_or(0, |r| r.as_ref().len());
    let widths: Vec<usize> =
        (0..columns).map(|c| rows.iter().map(|r| r.as_ref()[c].chars().count()).max().unwrap_or(0)).collect();
    for row in rows {
        let mut line = String::new();
        for (c, text) in row.as_ref().iter().enumerate() {
            let pad = widths[c] - text.chars().count();
            if c > 0 {
                line.push_str("  ");
            }
            if right.get(c).copied().unwrap_or(false) {
                line.push_str(&" ".repeat(pad));
                line.push_str(text);
            } else {
                line.push_str(text);
                line.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
