//! Tests over every chart: determinism, escaping, text alternatives, snapshots and edge cases.
//! `previews_are_written` also leaves each sample chart in `target/charts-preview/` for people to look at.

use super::*;

const STAGES: [&str; 5] =
    ["Service strategy", "Service design", "Service transition", "Service operation", "Continual service improvement"];

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
    let bar = |label: &str, value: f64, target: Option<f64>| BarWithTarget { label: label.into(), value, target };
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
    let row = |label: &str, cells: [Option<f64>; 5]| HeatMapRow { label: label.into(), cells: cells.to_vec() };
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
        target: Some(ReferenceLine { value: 3.0, label: "Target".into() }),
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
        marker: Some(ReferenceLine { value: 65.0, label: "Pass mark".into() }),
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

/// Crowded inputs, for looking at: many periods, long labels, many axes and rows.
fn stress_samples() -> Vec<(&'static str, String)> {
    let months: Vec<String> = (0..24).map(|m| format!("{}-{:02}", 2024 + m / 12, m % 12 + 1)).collect();
    let volumes = |base: f64| (0..24).map(|m| base + f64::from((m * 37) % 90)).collect();
    let tickets = LineTrendInput {
        id: "volumes".into(),
        title: "Monthly ticket volumes".into(),
        periods: months,
        series: vec![
            Series::new("Incidents", volumes(380.0)),
            Series::new("Service requests", volumes(250.0)),
            Series::new("Problems", volumes(10.0)),
            Series::new("Changes", volumes(120.0)),
        ],
        x_label: "Month".into(),
        y_label: "Tickets".into(),
        y_range: None,
        target: None,
        decimals: 0,
    };
    let axes: Vec<String> = [
        "Service portfolio management including the long and winding road",
        "Financial management for IT services",
        "Demand management",
        "Business relationship management",
        "Service catalogue management",
        "Availability management",
        "Capacity management",
        "IT service continuity management",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let many_axes = RadarInput {
        id: "strategy-design".into(),
        title: "Strategy and design processes: a rather long title that keeps going until it must be cut short".into(),
        series: vec![
            Series::new("Current", vec![1.0, 2.0, 3.0, 4.0, 5.0, 0.5, 2.5, 3.5]),
            Series::new("Target", vec![3.0; 8]),
            Series::new("Peer average", vec![2.0; 8]),
        ],
        axes,
    };
    let rows = (0..38)
        .map(|i| HeatMapRow {
            label: format!("Process number {i} with a fairly long name"),
            cells: (0..5)
                .map(|l| (i + l) % 7 != 0)
                .zip(0..5)
                .map(|(answered, l)| answered.then(|| f64::from((i * 13 + l * 29) % 101) / 100.0))
                .collect(),
        })
        .collect();
    let big_heat = HeatMapInput { rows, ..sample_heat_map() };
    let sla = GroupedBarsInput {
        categories: strings(&[
            "P1 critical outage of a business service",
            "P2 high",
            "P3 medium",
            "P4 low",
            "P5 planning",
        ]),
        series: vec![
            Series::new("2023", vec![70.0, 80.0, 90.0, 95.0, 99.0]),
            Series::new("2024", vec![82.0, 88.5, 93.0, 97.2, 100.0]),
            Series::new("2025", vec![91.5, 90.0, 95.5, 98.0, f64::NAN]),
            Series::new("Industry", vec![85.0, 90.0, 92.0, 95.0, 97.0]),
        ],
        ..sample_grouped_bars()
    };
    let hours = HistogramInput {
        id: "resolution".into(),
        title: "Incident resolution time".into(),
        bin_edges: (0..=30).map(|h| f64::from(h) * 4.0).collect(),
        counts: (0..30u64).map(|b| (900 / (b + 1)) % 400).collect(),
        x_label: "Hours to resolve".into(),
        y_label: "Incidents".into(),
        marker: Some(ReferenceLine { value: 110.0, label: "SLA".into() }),
    };
    vec![
        ("stress_line_trend", line_trend(&tickets).unwrap()),
        ("stress_radar", radar(&many_axes).unwrap()),
        ("stress_heat_map", heat_map(&big_heat).unwrap()),
        ("stress_grouped_bars", grouped_bars(&sla).unwrap()),
        ("stress_histogram", histogram(&hours).unwrap()),
    ]
}

#[test]
fn previews_are_written() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/charts-preview");
    std::fs::create_dir_all(&dir).unwrap();
    let mut page = String::from("<!doctype html><meta charset=\"utf-8\"><title>charts</title><body>\n");
    for (name, svg) in samples().into_iter().chain(stress_samples()) {
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

#[test]
fn rendering_twice_gives_the_same_bytes() {
    assert_eq!(samples(), samples());
}

#[test]
fn every_chart_opens_with_its_text_alternative_and_stays_self_contained() {
    for (name, svg) in samples() {
        let id = svg
            .split("aria-labelledby=\"")
            .nth(1)
            .and_then(|rest| rest.split('-').next())
            .unwrap_or_default()
            .to_string();
        let mut lines = svg.lines();
        let root = lines.next().unwrap();
        assert!(root.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 "), "{name}");
        assert!(root.contains("width=\"100%\"") && root.contains("role=\"img\""), "{name}");
        assert!(root.contains("font-family=\"sans-serif\""), "{name}");
        assert!(lines.next().unwrap().starts_with(&format!("<title id=\"{id}")), "{name}");
        assert!(lines.next().unwrap().starts_with(&format!("<desc id=\"{id}")), "{name}");
        assert!(svg.ends_with("</svg>\n"), "{name}");
        assert!(!svg.starts_with("<?xml"), "{name}");
        // Inline styles may be forbidden by the report's CSP; links and images would load from the network.
        for forbidden in ["style=", "href", "<image", "@import", "url(http", "<script"] {
            assert!(!svg.contains(forbidden), "{name} contains {forbidden}");
        }
        assert_eq!(svg.matches("http").count(), 1, "{name}: only the SVG namespace");
        // Every font is a generic family.
        for family in svg.split("font-family=\"").skip(1) {
            assert!(family.starts_with("sans-serif\""), "{name}");
        }
    }
}

#[test]
fn coordinates_have_at_most_two_decimals() {
    for (name, svg) in samples() {
        for attr in [" x=\"", " y=\"", " x1=\"", " y2=\"", " width=\"", " height=\"", " points=\"", " font-size=\""] {
            for value in svg.split(attr).skip(1) {
                let value = value.split('"').next().unwrap();
                for number in value.split([' ', ',']).filter(|n| !n.is_empty() && *n != "100%") {
                    let decimals = number.split('.').nth(1).map_or(0, str::len);
                    assert!(decimals <= 2, "{name}: {attr}{value}");
                }
            }
        }
    }
}

/// Each chart with the hostile string in every text it takes from users.
fn hostile_charts() -> Vec<(&'static str, Result<String, ChartError>)> {
    let mut radar_input = sample_radar();
    radar_input.title = HOSTILE.into();
    radar_input.axes[0] = HOSTILE.into();
    radar_input.series[0].name = HOSTILE.into();
    let mut bars = sample_bars();
    bars.title = HOSTILE.into();
    bars.value_name = HOSTILE.into();
    bars.target_name = HOSTILE.into();
    bars.axis_label = HOSTILE.into();
    bars.bars[0].label = HOSTILE.into();
    let mut heat = sample_heat_map();
    heat.title = HOSTILE.into();
    heat.columns[0] = HOSTILE.into();
    heat.rows[0].label = HOSTILE.into();
    let mut line = sample_line_trend();
    line.title = HOSTILE.into();
    line.periods[0] = HOSTILE.into();
    line.series[0].name = HOSTILE.into();
    line.x_label = HOSTILE.into();
    line.y_label = HOSTILE.into();
    line.target.as_mut().unwrap().label = HOSTILE.into();
    let mut hist = sample_histogram();
    hist.title = HOSTILE.into();
    hist.x_label = HOSTILE.into();
    hist.y_label = HOSTILE.into();
    hist.marker.as_mut().unwrap().label = HOSTILE.into();
    let mut grouped = sample_grouped_bars();
    grouped.title = HOSTILE.into();
    grouped.categories[0] = HOSTILE.into();
    grouped.series[1].name = HOSTILE.into();
    grouped.x_label = HOSTILE.into();
    grouped.y_label = HOSTILE.into();
    grouped.unit = HOSTILE.into();
    vec![
        ("radar", radar(&radar_input)),
        ("bars_with_targets", bars_with_targets(&bars)),
        ("heat_map", heat_map(&heat)),
        ("line_trend", line_trend(&line)),
        ("histogram", histogram(&hist)),
        ("grouped_bars", grouped_bars(&grouped)),
    ]
}

#[test]
fn user_text_is_escaped_everywhere() {
    for (name, svg) in hostile_charts() {
        let svg = svg.unwrap();
        assert!(!svg.contains("<script"), "{name}");
        assert!(!svg.contains("' onload"), "{name}");
        assert!(!svg.contains("\"x\""), "{name}");
        assert!(!svg.contains("&amp;lt;"), "{name}: escaped twice");
        // The title and the description carry the whole string, escaped.
        assert!(svg.contains("&lt;script&gt;alert("), "{name}");
        assert!(svg.contains("alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x"), "{name}");
        // Nothing but our own elements: every `<` opens a known tag.
        for tag in svg.split('<').skip(1) {
            let tag = tag.trim_start_matches('/');
            let name_end = tag.find([' ', '>', '/', '\n']).unwrap_or(tag.len());
            let tag_name = &tag[..name_end];
            assert!(
                [
                    "svg", "title", "desc", "defs", "pattern", "rect", "path", "circle", "g", "text", "line",
                    "polyline", "polygon"
                ]
                .contains(&tag_name),
                "{name}: unexpected <{tag_name}"
            );
        }
    }
}

#[test]
fn radar_describes_the_data_in_words() {
    let svg = radar(&sample_radar()).unwrap();
    let desc = "<desc id=\"lifecycle-desc\">Radar chart on a 0 to 5 scale. Service strategy: Current 2.4, \
                Target 3.0; Service design: Current 2.1, Target 3.0; Service transition: Current 1.8, Target 3.0; \
                Service operation: Current 2.9, Target 3.5; Continual service improvement: Current 1.2, Target 2.5.</desc>";
    assert!(svg.contains(desc), "{svg}");
}

#[test]
fn other_charts_describe_their_data_in_words() {
    let cases = [
        (
            bars_with_targets(&sample_bars()).unwrap(),
            "Current and Target on a 0 to 5 scale. Event management: Current 1.6, Target 3.0; Incident management: \
             Current 3.2, Target 3.0; Request fulfilment: Current 2.7, Target 3.0; Problem management: Current 1.1, \
             Target 3.0; Access management: Current 4.6, Target 4.0.",
        ),
        (
            heat_map(&sample_heat_map()).unwrap(),
            "Achievement per column, in percent. Incident management: Level 1 100%, Level 2 90%, Level 3 60%, \
             Level 4 25%, Level 5 0%; Problem management: Level 1 80%, Level 2 50%, Level 3 10%, Level 4 not \
             answered, Level 5 not answered; Change management: Level 1 100%, Level 2 75%, Level 3 50%, Level 4 40%, \
             Level 5 10%; Service level management: Level 1 95%, Level 2 70%, Level 3 not answered, Level 4 20%, \
             Level 5 5%.",
        ),
        (
            line_trend(&sample_line_trend()).unwrap(),
            "Line chart of Maturity (0–5) by Assessment. Service strategy: 2024-03 1.8, 2024-09 2.0, 2025-03 2.3, \
             2025-09 2.4; Service design: 2024-03 1.5, 2024-09 no data, 2025-03 1.9, 2025-09 2.1; Service operation: \
             2024-03 2.2, 2024-09 2.5, 2025-03 2.6, 2025-09 2.9; Target 3.0.",
        ),
        (
            histogram(&sample_histogram()).unwrap(),
            "Histogram of Students by Score (%). 0 to 10: 0; 10 to 20: 1; 20 to 30: 0; 30 to 40: 2; 40 to 50: 3; \
             50 to 60: 5; 60 to 70: 7; 70 to 80: 9; 80 to 90: 6; 90 to 100: 2. Pass mark at 65.",
        ),
        (
            grouped_bars(&sample_grouped_bars()).unwrap(),
            "Bar chart of SLA met (%) by Priority. P1 critical: 2024 82.0%, 2025 91.5%; P2 high: 2024 88.5%, 2025 \
             90.0%; P3 medium: 2024 93.0%, 2025 95.5%; P4 low: 2024 97.2%, 2025 98.0%.",
        ),
    ];
    for (svg, desc) in cases {
        assert!(svg.contains(&format!("-desc\">{}</desc>", svg_escape(desc))), "{desc}\n{svg}");
    }
}

fn svg_escape(text: &str) -> String {
    svg::escape(text)
}

#[test]
fn empty_inputs_give_a_titled_no_data_chart() {
    let charts = [
        radar(&RadarInput { axes: vec![], ..sample_radar() }),
        radar(&RadarInput { series: vec![], ..sample_radar() }),
        bars_with_targets(&BarsWithTargetsInput { bars: vec![], ..sample_bars() }),
        heat_map(&HeatMapInput { rows: vec![], ..sample_heat_map() }),
        line_trend(&LineTrendInput { periods: vec![], series: vec![], ..sample_line_trend() }),
        histogram(&HistogramInput { bin_edges: vec![], counts: vec![], ..sample_histogram() }),
        grouped_bars(&GroupedBarsInput { series: vec![], ..sample_grouped_bars() }),
    ];
    for chart in charts {
        let svg = chart.unwrap();
        assert!(svg.contains(">No data</text>"), "{svg}");
        assert!(svg.contains(": no data.</desc>"), "{svg}");
    }
}

#[test]
fn malformed_inputs_are_reported() {
    let two_axes = RadarInput {
        axes: strings(&["A", "B"]),
        series: vec![Series::new("Current", vec![1.0, 2.0])],
        ..sample_radar()
    };
    assert_eq!(radar(&two_axes), Err(ChartError::TooFewAxes(2)));
    let mut short = sample_radar();
    short.series[1].values.pop();
    assert_eq!(radar(&short).unwrap_err().to_string(), "\"Target\" has 4 values, expected one per axis (5)");
    let mut bad_id = sample_heat_map();
    bad_id.id = "levels\" onload=\"x".into();
    assert_eq!(
        heat_map(&bad_id).unwrap_err().to_string(),
        "chart id \"levels\\\" onload=\\\"x\" cannot prefix SVG ids: use an ASCII letter followed by letters, \
         digits, '-' or '_'"
    );
    let mut ragged = sample_heat_map();
    ragged.rows[1].cells.push(Some(1.0));
    assert!(matches!(heat_map(&ragged), Err(ChartError::LengthMismatch { found: 6, .. })));
    let mut edges = sample_histogram();
    edges.bin_edges.pop();
    assert_eq!(
        histogram(&edges).unwrap_err().to_string(),
        "histogram bin edges must be one more than the counts: 10 counts need 11 edges, found 10"
    );
    edges = sample_histogram();
    edges.bin_edges.swap(3, 4);
    assert_eq!(histogram(&edges).unwrap_err().to_string(), "histogram bin edges must be strictly increasing");
    edges.bin_edges[3] = f64::NAN;
    assert_eq!(histogram(&edges).unwrap_err().to_string(), "histogram bin edges must all be finite numbers");
    let mut lines = sample_line_trend();
    lines.series[2].values.push(1.0);
    assert!(matches!(line_trend(&lines), Err(ChartError::LengthMismatch { per: "period", .. })));
    let mut grouped = sample_grouped_bars();
    grouped.series[0].values.clear();
    assert!(matches!(grouped_bars(&grouped), Err(ChartError::LengthMismatch { per: "category", .. })));
}

#[test]
fn odd_values_are_clamped_or_shown_as_missing() {
    let odd = [f64::NAN, f64::INFINITY, -3.0, 7.5, f64::NEG_INFINITY];
    let svg = radar(&RadarInput { series: vec![Series::new("Current", odd.to_vec())], ..sample_radar() }).unwrap();
    assert!(svg.contains(
        "Service strategy: Current no data; Service design: Current no data; Service transition: \
                          Current 0.0; Service operation: Current 5.0;"
    ));
    assert!(!svg.contains("NaN") && !svg.contains("inf"));

    let bars = BarsWithTargetsInput {
        bars: odd.iter().map(|v| BarWithTarget { label: "P".into(), value: *v, target: Some(*v) }).collect(),
        ..sample_bars()
    };
    let svg = bars_with_targets(&bars).unwrap();
    assert!(svg.contains(">no data</text>") && svg.contains(">5.0</text>"));
    assert!(!svg.contains("NaN") && !svg.contains("inf"));

    let heat = HeatMapInput {
        rows: vec![HeatMapRow {
            label: "P".into(),
            cells: vec![Some(f64::NAN), Some(-1.0), Some(2.0), None, Some(0.333)],
        }],
        ..sample_heat_map()
    };
    let svg = heat_map(&heat).unwrap();
    assert!(svg.contains("P: Level 1 not answered, Level 2 0%, Level 3 100%, Level 4 not answered, Level 5 33%."));

    for values in [vec![f64::NAN], vec![4.0], vec![0.0]] {
        let one = LineTrendInput {
            periods: strings(&["2025-06"]),
            series: vec![Series::new("Tickets", values)],
            y_range: None,
            target: None,
            ..sample_line_trend()
        };
        let svg = line_trend(&one).unwrap();
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }

    let grouped = GroupedBarsInput {
        series: vec![Series::new("Met", vec![f64::NAN, -5.0, 250.0, 0.0])],
        y_max: None,
        ..sample_grouped_bars()
    };
    let svg = grouped_bars(&grouped).unwrap();
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    // A single series needs no legend.
    assert!(!svg.contains(">Met</text>"));

    let zeros = HistogramInput {
        counts: vec![0; 10],
        marker: Some(ReferenceLine { value: 500.0, label: "Far away".into() }),
        ..sample_histogram()
    };
    assert!(histogram(&zeros).unwrap().contains(">Far away 100</text>"));

    let one_bin = HistogramInput { bin_edges: vec![0.0, 10.0], counts: vec![3], marker: None, ..sample_histogram() };
    assert!(histogram(&one_bin).unwrap().contains("0 to 10: 3.</desc>"));

    let untargeted = BarsWithTargetsInput {
        bars: vec![BarWithTarget { label: "Incident management".into(), value: 2.0, target: None }],
        ..sample_bars()
    };
    let svg = bars_with_targets(&untargeted).unwrap();
    assert!(svg.contains(">Current on a 0 to 5 scale. Incident management: Current 2.0.</desc>"));
    assert!(!svg.contains(">Target</text>"));
}

#[test]
fn long_labels_end_in_an_ellipsis() {
    let long = "Information security management and the management of everything else that is secure";
    let mut bars = sample_bars();
    bars.bars[0].label = long.into();
    let svg = bars_with_targets(&bars).unwrap();
    assert!(svg.contains(">Information security manageme…</text>"), "{svg}");
    let mut radar_input = sample_radar();
    radar_input.axes[1] = long.into();
    let svg = radar(&radar_input).unwrap();
    assert!(svg.contains("…</text>"));
    // The description keeps the whole label.
    assert!(svg.contains(&format!("{long}: Current")));
}

#[test]
fn ids_derive_from_the_prefix_so_charts_can_share_a_page() {
    let svg = grouped_bars(&sample_grouped_bars()).unwrap();
    let ids: Vec<&str> = svg.split(" id=\"").skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
    assert_eq!(ids, ["sla-title", "sla-desc", "sla-pattern-1"]);
    assert!(svg.contains("fill=\"url(#sla-pattern-1)\""));
}
