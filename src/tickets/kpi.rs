//! The KPIs of `spec/ticket-kpis.md`, computed from canonical tickets: pure (tickets in, numbers out), parallel
//! over chunks, and deterministic (durations are sorted before they are summed, so chunking cannot change a bit).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::dates::{MICROS_PER_DAY, MICROS_PER_HOUR, Micros, year_month};
use super::record::{ChangeType, Kind, Outcome, Ticket};

pub const INCIDENT_KPIS: [&str; 12] = [
    "tickets",
    "open",
    "resolved",
    "mttr_hours",
    "median_ttr_hours",
    "p90_ttr_hours",
    "sla_met_pct",
    "reopen_rate_pct",
    "reassigned_pct",
    "mean_reassignments",
    "first_line_resolution_pct",
    "data_errors",
];
pub const PROBLEM_KPIS: [&str; 6] =
    ["tickets", "open", "resolved", "mttr_hours", "median_ttr_hours", "open_age_mean_days"];
pub const CHANGE_KPIS: [&str; 4] = ["tickets", "change_success_pct", "emergency_change_pct", "failed_change_pct"];
const COUNT_KPIS: [&str; 4] = ["tickets", "open", "resolved", "data_errors"];

/// The KPI names reported for a kind, in the spec's order.
pub fn kpi_names(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Incident | Kind::Request => &INCIDENT_KPIS,
        Kind::Problem => &PROBLEM_KPIS,
        Kind::Change => &CHANGE_KPIS,
    }
}

/// One KPI value: counts are integers; everything else a number, or `null` when its denominator is zero.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Kpi {
    Count(u64),
    Value(Option<f64>),
}

impl Kpi {
    pub fn as_f64(self) -> Option<f64> {
        match self {
            Kpi::Count(n) => Some(n as f64),
            Kpi::Value(v) => v,
        }
    }
}

/// KPI name → value for one group (sorted by name, like the peers' `sort_keys`).
pub type KpiSet = BTreeMap<String, Kpi>;

/// The KPI document: exactly the peers' JSON shape. Fields are declared in sorted order so the JSON keys are too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiDocument {
    pub by_month: BTreeMap<String, KpiSet>,
    pub by_priority: BTreeMap<String, KpiSet>,
    pub kind: Kind,
    pub overall: KpiSet,
}

impl KpiDocument {
    /// The overall value of a KPI, if reported and known.
    pub fn overall(&self, name: &str) -> Option<f64> {
        self.overall.get(name).and_then(|k| k.as_f64())
    }

    /// Pretty JSON with one-space indentation, like `json.dumps(sort_keys=True, indent=1)`.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        // Serialising plain maps of numbers into memory cannot fail.
        if self.serialize(&mut ser).is_err() {
            return String::new();
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

#[derive(Clone, Default)]
struct Acc {
    tickets: u64,
    open: u64,
    data_errors: u64,
    sla_num: u64,
    sla_den: u64,
    reopen_num: u64,
    reopen_den: u64,
    reass_num: u64,
    reass_den: u64,
    reass_sum: u64,
    flr_num: u64,
    flr_den: u64,
    success: u64,
    failed: u64,
    outcome_known: u64,
    emergency: u64,
    type_known: u64,
    ttr_hours: Vec<f64>,
    age_days: Vec<f64>,
}

impl Acc {
    fn add(&mut self, t: &Ticket, f: &Facts) {
        self.tickets += 1;
        self.open += u64::from(f.open);
        self.data_errors += u64::from(f.negative);
        if let Some(sla) = t.made_sla {
            self.sla_den += 1;
            self.sla_num += u64::from(sla);
        }
        if let Some(n) = t.reassignment_count {
            self.reass_den += 1;
            self.reass_num += u64::from(n > 0);
            self.reass_sum += u64::from(n);
            if !f.open {
                self.flr_den += 1;
                self.flr_num += u64::from(n == 0);
            }
        }
        if let (Some(n), false) = (t.reopen_count, f.open) {
            self.reopen_den += 1;
            self.reopen_num += u64::from(n > 0);
        }
        if let Some(o) = t.outcome {
            self.outcome_known += 1;
            self.success += u64::from(o == Outcome::Successful);
            self.failed += u64::from(matches!(o, Outcome::Failed | Outcome::BackedOut));
        }
        if let Some(c) = t.change_type {
            self.type_known += 1;
            self.emergency += u64::from(c == ChangeType::Emergency);
        }
        if let Some(h) = f.ttr_hours {
            self.ttr_hours.push(h);
        }
        if let Some(a) = f.age_days {
            self.age_days.push(a);
        }
    }

    fn merge(&mut self, mut o: Acc) {
        self.tickets += o.tickets;
        self.open += o.open;
        self.data_errors += o.data_errors;
        self.sla_num += o.sla_num;
        self.sla_den += o.sla_den;
        self.reopen_num += o.reopen_num;
        self.reopen_den += o.reopen_den;
        self.reass_num += o.reass_num;
        self.reass_den += o.reass_den;
        self.reass_sum += o.reass_sum;
        self.flr_num += o.flr_num;
        self.flr_den += o.flr_den;
        self.success += o.success;
        self.failed += o.failed;
        self.outcome_known += o.outcome_known;
        self.emergency += o.emergency;
        self.type_known += o.type_known;
        self.ttr_hours.append(&mut o.ttr_hours);
        self.age_days.append(&mut o.age_days);
    }

    fn finish(mut self, names: &[&str]) -> KpiSet {
        self.ttr_hours.sort_unstable_by(f64::total_cmp);
        self.age_days.sort_unstable_by(f64::total_cmp);
        let pct = |num: u64, den: u64| (den > 0).then(|| 100.0 * num as f64 / den as f64);
        names
            .iter()
            .map(|&name| {
                let value = match name {
                    "tickets" => Kpi::Count(self.tickets),
                    "open" => Kpi::Count(self.open),
                    "resolved" => Kpi::Count(self.tickets - self.open),
                    "data_errors" => Kpi::Count(self.data_errors),
                    "mttr_hours" => Kpi::Value(mean(&self.ttr_hours)),
                    "median_ttr_hours" => Kpi::Value(quantile(&self.ttr_hours, 0.5)),
                    "p90_ttr_hours" => Kpi::Value(quantile(&self.ttr_hours, 0.9)),
                    "sla_met_pct" => Kpi::Value(pct(self.sla_num, self.sla_den)),
                    "reopen_rate_pct" => Kpi::Value(pct(self.reopen_num, self.reopen_den)),
                    "reassigned_pct" => Kpi::Value(pct(self.reass_num, self.reass_den)),
                    "mean_reassignments" => {
                        Kpi::Value((self.reass_den > 0).then(|| self.reass_sum as f64 / self.reass_den as f64))
                    }
                    "first_line_resolution_pct" => Kpi::Value(pct(self.flr_num, self.flr_den)),
                    "open_age_mean_days" => Kpi::Value(mean(&self.age_days)),
                    "change_success_pct" => Kpi::Value(pct(self.success, self.outcome_known)),
                    "failed_change_pct" => Kpi::Value(pct(self.failed, self.outcome_known)),
                    "emergency_change_pct" => Kpi::Value(pct(self.emergency, self.type_known)),
                    _ => Kpi::Value(None),
                };
                (name.to_string(), value)
            })
            .collect()
    }
}

/// What one ticket contributes besides its own fields.
struct Facts {
    open: bool,
    negative: bool,
    ttr_hours: Option<f64>,
    age_days: Option<f64>,
    month: Option<(i64, u8)>,
}

fn facts(t: &Ticket, as_of: Option<Micros>) -> Facts {
    let end = t.resolved_at.or(t.closed_at);
    let duration = match (t.opened_at, end) {
        (Some(o), Some(e)) => Some(e - o),
        _ => None,
    };
    let open = end.is_none();
    Facts {
        open,
        negative: duration.is_some_and(|d| d < 0),
        ttr_hours: duration.filter(|d| *d >= 0).map(|d| d as f64 / MICROS_PER_HOUR),
        age_days: match (open, as_of, t.opened_at) {
            (true, Some(a), Some(o)) => Some((a - o) as f64 / MICROS_PER_DAY as f64),
            _ => None,
        },
        month: t.opened_at.map(year_month),
    }
}

#[derive(Default)]
struct Groups {
    overall: Acc,
    by_priority: [Option<Acc>; 5],
    by_month: BTreeMap<(i64, u8), Acc>,
}

impl Groups {
    fn add(&mut self, t: &Ticket, as_of: Option<Micros>) {
        let f = facts(t, as_of);
        self.overall.add(t, &f);
        if let Some(p) = t.priority.filter(|p| (1..=5).contains(p)) {
            self.by_priority[usize::from(p - 1)].get_or_insert_with(Acc::default).add(t, &f);
        }
        if let Some(m) = f.month {
            self.by_month.entry(m).or_default().add(t, &f);
        }
    }

    fn merge(mut self, other: Groups) -> Groups {
        self.overall.merge(other.overall);
        for (mine, theirs) in self.by_priority.iter_mut().zip(other.by_priority) {
            if let Some(theirs) = theirs {
                mine.get_or_insert_with(Acc::default).merge(theirs);
            }
        }
        for (k, acc) in other.by_month {
            self.by_month.entry(k).or_default().merge(acc);
        }
        self
    }
}

/// The KPI document for tickets of one kind. `as_of` is the reference time for open problem age.
pub fn compute(kind: Kind, tickets: &[Ticket], as_of: Option<Micros>) -> KpiDocument {
    let names = kpi_names(kind);
    let groups = tickets
        .par_chunks(16_384)
        .map(|chunk| {
            let mut g = Groups::default();
            for t in chunk {
                g.add(t, as_of);
            }
            g
        })
        .reduce(Groups::default, Groups::merge);
    KpiDocument {
        kind,
        overall: groups.overall.finish(names),
        by_priority: (1..=5)
            .zip(groups.by_priority)
            .filter_map(|(p, acc)| acc.map(|a| (p.to_string(), a.finish(names))))
            .collect(),
        by_month: groups.by_month.into_iter().map(|((y, m), a)| (format!("{y:04}-{m:02}"), a.finish(names))).collect(),
    }
}

/// Mean of sorted values, summed in that (fixed) order.
fn mean(sorted: &[f64]) -> Option<f64> {
    (!sorted.is_empty()).then(|| sorted.iter().sum::<f64>() / sorted.len() as f64)
}

/// Quantile with linear interpolation between closest ranks (numpy's default), of sorted values.
fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let pos = q * last as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(last);
    let frac = pos - lo as f64;
    let (a, b) = (sorted[lo], sorted[hi]);
    // numpy's _lerp: interpolate from the nearer end, so the result is exact at either rank
    Some(if frac >= 0.5 { b - (b - a) * (1.0 - frac) } else { a + (b - a) * frac })
}

/// Whether a KPI name is a count (an integer in JSON).
pub fn is_count(name: &str) -> bool {
    COUNT_KPIS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 0.9), Some(3.7)); // pos 2.7: 3 + 0.7 × (4 − 3)
        assert_eq!(quantile(&[5.0], 0.9), Some(5.0));
        assert_eq!(quantile(&[], 0.9), None);
    }

    #[test]
    fn empty_input_gives_zero_counts_and_nulls() {
        let doc = compute(Kind::Incident, &[], None);
        assert_eq!(doc.overall["tickets"], Kpi::Count(0));
        assert_eq!(doc.overall["mttr_hours"], Kpi::Value(None));
        assert!(doc.by_priority.is_empty() && doc.by_month.is_empty());
    }
}
