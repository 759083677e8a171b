//! Tests over every chart: determinism, escaping, text alternatives, snapshots and edge cases.
//! `previews_are_written` also leaves each sample chart in `target/charts-preview/` for people to look at.

use super::*;

const STAGES: [&str; 5] = [
    "Service strategy",
    "Service design",
    "Service transition",
    "Service operation",
    "Continual service improvement",
];

const HOSTILE: &str = "<script>alert(\"x\")</script>' onload='x";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn sample_radar() -> RadarInput {
    RadarInput {
        id: "lifecycle".into(),
        title: "Lifecycle maturity: current and target".into(),
        axes: strings(&STAGES),
        series: vec![
            Series::new("Current", vec![2.4, 2.1, 1.8, 2.9, 1.2]),
            Series::new("Target", vec![3.0, 3.0, 3.0, 3.5, 2.5]),
        ],
    }
}

fn sample_bars() -> BarsWithTargetsInput {
    let bar = |label: &str, value: f64, target: Option<f64>| BarWithTarget {
        label: label.into(),
        value,
        target,
    };
    BarsWithTargetsInput {
        id: "operation-bars".into(),
        title: "Service operation: maturity per process".into(),
        value_name: "Current".into(),
        target_name: "Target".into(),
        axis_label: "Maturity level (0–5)".into(),
        bars: vec![
            bar("Event management", 1.6, Some(3.0)),
            bar("Incident management", 3.2, Some(3.0)),
            bar("Request fulfilment", 2.7, Some(3.0)),
            bar("Problem management", 1.1, Some(3.0)),
            bar("Access management", 4.6, Some(4.0)),
        ],
    }
}

fn sample_heat_map() -> HeatMapInput {
    let row = |label: &str, cells: [Option<f64>; 5]| HeatMapRow {
        label: label.into(),
        cells: cells.to_vec(),
    };
    HeatMapInput {
        id: "levels".into(),
        title: "Achievement per process and level".into(),
        columns: strings(&["Level 1", "Level 2", "Level 3", "Level 4", "Level 5"]),
        rows: vec![
            row("Incident management", [Some(1.0), Some(0.9), Some(0.6), Some(0.25), Some(0.0)]),
            row("Problem management", [Some(0.8), Some(0.5), Some(0.1), None, None]),
            row("Change management", [Some(1.0), Some(0.75), Some(0.5), Some(0.4), Some(0.1)]),
            row("Service level management", [Some(0.95), Some(0.7), None, Some(0.2), Some(0.05)]),
        ],
    }
}

fn sample_line_trend() -> LineTrendInput {
    LineTrendInput {
        id: "stage-trend".into(),
        title: "Stage indices over successive assessments".into(),
        periods: strings(&["2024-03", "2024-09", "2025-03", "2025-09"]),
        series: vec![
            Series::new("Service strategy", vec![1.8, 2.0, 2.3, 2.4]),
            Series::new("Service design", vec![1.5, f64::NAN, 1.9, 2.1]),
            Series::new("Service operation", vec![2.2, 2.5, 2.6, 2.9]),
        ],
        x_label: "Assessment".into(),
        y_label: "Maturity (0–5)".into(),
        y_range: Some((0.0, 5.0)),
        target: Some(ReferenceLine {
            value: 3.0,
            label: "Target".into(),
        }),
        decimals: 1,
    }
}

fn sample_histogram() -> HistogramInput {
    HistogramInput {
        id: "scores".into(),
        title: "Class scores".into(),
        bin_edges: (0..=10).map(|i| f64::from(i) * 10.0).collect(),
        counts: vec![0, 1, 0, 2, 3, 5, 7, 9, 6, 2],
        x_label: "Score (%)".into(),
        y_label: "Students".into(),
        marker: Some(ReferenceLine {
            value: 65.0,
            label: "Pass mark".into(),
        }),
    }
}

fn sample_grouped_bars() -> GroupedBarsInput {
    GroupedBarsInput {
        id: "sla".into(),
        title: "SLA met by priority".into(),
        categories: strings(&["P1 critical", "P2 high", "P3 medium", "P4 low"]),
        series: vec![
            Series::new("2024", vec![82.0, 88.5, 93.0, 97.2]),
            Series::new("2025", vec![91.5, 90.0, 95.5, 98.0]),
        ],
        x_label: "Priority".into(),
        y_label: "SLA met (%)".into(),
        y_max: Some(100.0),
        decimals: 1,
        unit: "%".into(),
    }
}

/// Every sample chart, by file name.
fn samples() -> Vec<(&'static str, String)> {
    vec![
        ("radar", radar(&sample_radar()).unwrap()),
        ("bars_with_targets", bars_with_targets(&sample_bars()).unwrap()),
        ("heat_map", heat_map(&sample_heat_map()).unwrap()),
        ("line_trend", line_trend(&sample_line_trend()).unwrap()),
        ("histogram", histogram(&sample_histogram()).unwrap()),
        ("grouped_bars", grouped_bars(&sample_grouped_bars()).unwrap()),
    ]
}

#[test]
fn previews_are_written() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/charts-preview");
    std::fs::create_dir_all(&dir).unwrap();
    let mut page = String::from(
        "<!doctype html><meta charset=\"utf-8\"><title>charts</title><body>\n",
    );
    for (name, svg) in samples() {
        std::fs::write(dir.join(format!("{name}.svg")), &svg).unwrap();
        page.push_str(&format!("<div>{svg}</div>\n"));
    }
    std::fs::write(dir.join("all.html"), page).unwrap();
}

#[test]
fn snapshots() {
    for (name, svg) in samples() {
        insta::assert_snapshot!(name, svg);
    }
}
