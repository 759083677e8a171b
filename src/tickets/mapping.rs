//! How an export's columns become canonical ticket fields: the mapping format (TOML), the built-in profiles
//! (embedded from `mappings/`, so the shipped examples and the built-ins cannot drift apart) and their detection.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::dates::SlashOrder;
use super::error::TicketError;
use super::record::{ChangeType, Kind, Outcome};

/// One or several strings: `x = "a"` or `x = ["a", "b"]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::None => &[],
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// A mapping file: see `docs/ticket-import.md` for every key with examples.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Display name, e.g. `ServiceNow incident export`.
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The kind of every ticket in the file, unless `columns.kind` names a column.
    #[serde(default)]
    pub kind: Option<Kind>,
    /// Header names that must all be present for automatic detection (case-insensitive). Empty: never detected.
    #[serde(default)]
    pub detect: Vec<String>,
    /// `"auto"` (default), `"D/M/YYYY"`, `"M/D/YYYY"` and/or chrono patterns such as `"%d.%m.%Y %H:%M"`.
    #[serde(default)]
    pub date_format: OneOrMany,
    /// How slash dates read when nothing in the file decides it (`"D/M/YYYY"` or `"M/D/YYYY"`); else an error.
    #[serde(default)]
    pub ambiguous_dates: Option<String>,
    /// Extra missing markers, besides the built-in ones.
    #[serde(default)]
    pub missing: Vec<String>,
    pub columns: Columns,
    #[serde(default)]
    pub values: Values,
    /// Event logs: times derived from status rows instead of opened/resolved/closed columns.
    #[serde(default)]
    pub event_log: Option<EventLog>,
    /// Shipped with the tool (then absent optional columns are expected and not reported).
    #[serde(skip)]
    pub builtin: bool,
}

/// Column (or alternative columns, first present wins) per canonical field.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub id: OneOrMany,
    #[serde(default)]
    pub kind: OneOrMany,
    #[serde(default)]
    pub opened_at: OneOrMany,
    #[serde(default)]
    pub resolved_at: OneOrMany,
    #[serde(default)]
    pub closed_at: OneOrMany,
    /// Last-update time (orders an event log's rows) or, with `[event_log]`, the event time.
    #[serde(default)]
    pub updated: OneOrMany,
    #[serde(default)]
    pub priority: OneOrMany,
    #[serde(default)]
    pub made_sla: OneOrMany,
    #[serde(default)]
    pub reassignment_count: OneOrMany,
    #[serde(default)]
    pub reopen_count: OneOrMany,
    #[serde(default)]
    pub category: OneOrMany,
    #[serde(default)]
    pub assignment_group: OneOrMany,
    #[serde(default)]
    pub state: OneOrMany,
    #[serde(default)]
    pub change_type: OneOrMany,
    #[serde(default)]
    pub outcome: OneOrMany,
}

/// Value maps, consulted (case-insensitively) before the built-in readings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Values {
    #[serde(default)]
    pub priority: BTreeMap<String, u8>,
    #[serde(default)]
    pub made_sla: BTreeMap<String, bool>,
    #[serde(default)]
    pub kind: BTreeMap<String, Kind>,
    #[serde(default)]
    pub change_type: BTreeMap<String, ChangeType>,
    #[serde(default)]
    pub outcome: BTreeMap<String, Outcome>,
}

/// Which rows of an event log mean resolved and closed: each rule is a table of column = value (all must match,
/// trimmed and case-insensitive); a row matching any rule counts.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventLog {
    #[serde(default)]
    pub resolved: Vec<BTreeMap<String, String>>,
    #[serde(default)]
    pub closed: Vec<BTreeMap<String, String>>,
    /// A column naming who holds the ticket (a support team): each change of its value between consecutive
    /// events of an id counts as one reassignment, when the export has no reassignment count.
    #[serde(default)]
    pub assignee: Option<String>,
}

/// The built-in profiles, in detection order (the most specific first).
pub const BUILTIN: [(&str, &str); 10] = [
    ("volvo-incidents", include_str!("../../mappings/volvo-incidents.toml")),
    ("volvo-problems", include_str!("../../mappings/volvo-problems.toml")),
    ("helpdesk", include_str!("../../mappings/helpdesk.toml")),
    ("bpic2014", include_str!("../../mappings/bpic2014.toml")),
    ("servicenow", include_str!("../../mappings/servicenow.toml")),
    ("jira", include_str!("../../mappings/jira.toml")),
    ("glpi", include_str!("../../mappings/glpi.toml")),
    ("itop", include_str!("../../mappings/itop.toml")),
    ("otrs", include_str!("../../mappings/otrs.toml")),
    ("freshservice", include_str!("../../mappings/freshservice.toml")),
];

impl Mapping {
    /// Parse a mapping from TOML text and check what the types cannot.
    pub fn from_toml(text: &str, origin: &str) -> Result<Mapping, TicketError> {
        let mut mapping: Mapping =
            toml::from_str(text).map_err(|e| TicketError::Mapping { origin: origin.into(), message: e.to_string() })?;
        mapping.check(origin)?;
        mapping.values.priority = lower_keys(&mapping.values.priority);
        mapping.values.made_sla = lower_keys(&mapping.values.made_sla);
        mapping.values.kind = lower_keys(&mapping.values.kind);
        mapping.values.change_type = lower_keys(&mapping.values.change_type);
        mapping.values.outcome = lower_keys(&mapping.values.outcome);
        Ok(mapping)
    }

    /// A built-in profile by its short name (`servicenow`, `jira`, …), case-insensitively.
    pub fn builtin(name: &str) -> Option<Mapping> {
        BUILTIN.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(n, text)| {
            #[allow(clippy::expect_used)] // embedded at compile time and checked by a unit test
            let mut m = Mapping::from_toml(text, n).expect("built-in mapping is valid");
            m.builtin = true;
            m
        })
    }

    /// The first built-in profile whose `detect` headers are all present.
    pub fn detect(header: &[String]) -> Option<(&'static str, Mapping)> {
        BUILTIN.iter().filter_map(|(n, _)| Mapping::builtin(n).map(|m| (*n, m))).find(|(_, m)| {
            !m.detect.is_empty()
                && m.detect.iter().all(|want| header.iter().any(|h| h.trim().eq_ignore_ascii_case(want)))
        })
    }

    /// The slash order forced by `date_format`, if any.
    pub fn forced_order(&self) -> Option<SlashOrder> {
        self.date_format.as_slice().iter().find_map(|f| order_name(f))
    }

    /// The slash order to assume when the data does not decide.
    pub fn ambiguous_order(&self) -> Option<SlashOrder> {
        self.ambiguous_dates.as_deref().and_then(order_name)
    }

    /// The mapping's chrono patterns (the entries containing `%`).
    pub fn chrono_formats(&self) -> Vec<String> {
        self.date_format.as_slice().iter().filter(|f| f.contains('%')).cloned().collect()
    }

    fn check(&self, origin: &str) -> Result<(), TicketError> {
        let bad = |message: String| Err(TicketError::Mapping { origin: origin.into(), message });
        if self.columns.id.as_slice().is_empty() {
            return bad("columns.id is required".into());
        }
        if self.event_log.is_some() && self.columns.updated.as_slice().is_empty() {
            return bad("[event_log] needs columns.updated (the event time of each row)".into());
        }
        if self.event_log.is_none() && self.columns.opened_at.as_slice().is_empty() {
            return bad("columns.opened_at is required (or an [event_log] with columns.updated)".into());
        }
        for f in self.date_format.as_slice() {
            let known = f.eq_ignore_ascii_case("auto") || f.eq_ignore_ascii_case("iso") || order_name(f).is_some();
            if !known && !f.contains('%') {
                return bad(format!(
                    "date_format {f:?} is not one of \"auto\", \"ISO\", \"D/M/YYYY\", \"M/D/YYYY\" or a chrono pattern with %"
                ));
            }
        }
        if let Some(a) = &self.ambiguous_dates
            && order_name(a).is_none()
        {
            return bad(format!("ambiguous_dates {a:?} is not \"D/M/YYYY\" or \"M/D/YYYY\""));
        }
        if let Some((word, p)) = self.values.priority.iter().find(|(_, p)| !(1..=5).contains(*p)) {
            return bad(format!("values.priority.{word:?} = {p} is not a priority 1..5"));
        }
        Ok(())
    }
}

fn order_name(name: &str) -> Option<SlashOrder> {
    let n = name.trim().to_ascii_uppercase();
    match n.as_str() {
        "D/M/YYYY" | "DD/MM/YYYY" | "DAY-FIRST" => Some(SlashOrder::DayFirst),
        "M/D/YYYY" | "MM/DD/YYYY" | "MONTH-FIRST" => Some(SlashOrder::MonthFirst),
        _ => None,
    }
}

fn lower_keys<V: Clone>(map: &BTreeMap<String, V>) -> BTreeMap<String, V> {
    map.iter().map(|(k, v)| (k.trim().to_lowercase(), v.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses() {
        for (name, text) in BUILTIN {
            if let Err(e) = Mapping::from_toml(text, name) {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn detection_picks_servicenow() {
        let header: Vec<String> = ["number", "incident_state", "opened_at", "sys_updated_at", "priority"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(Mapping::detect(&header).map(|(n, _)| n), Some("servicenow"));
    }

    #[test]
    fn bad_mappings_say_why() {
        let err = Mapping::from_toml("name = \"x\"\n[columns]\nid = \"a\"\n", "m.toml").unwrap_err();
        assert_eq!(err.to_string(), "m.toml: columns.opened_at is required (or an [event_log] with columns.updated)");
    }
}
