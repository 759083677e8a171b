//! Lines over successive periods (assessments, months): one marker shape and dash style per series, so
//! grey-scale print keeps them apart, with an optional horizontal target line.

use super::svg::{self, Anchor, Axes, Document, Font, Stroke};
use super::{ChartError, ReferenceLine, Series, style};

const HEIGHT_OF_PLOT: f64 = 260.0;
const AXIS_AREA: f64 = 52.0;
const VALUE_AXIS_AREA: f64 = 64.0;

/// Input for [`line_trend`].
#[derive(Debug, Clone, PartialEq)]
pub struct LineTrendInput {
    /// Prefix for the SVG ids (`{id}-title`, …): unique within the page.
    pub id: String,
    pub title: String,
    /// The periods, oldest first, e.g. "2025-06"; every series has one value per period.
    pub periods: Vec<String>,
    pub series: Vec<Series>,
    pub x_label: String,
    pub y_label: String,
    /// Fixed value range, e.g. `Some((0.0, 5.0))` for maturity; `None` fits the data (from zero).
    pub y_range: Option<(f64, f64)>,
    pub target: Option<ReferenceLine>,
    /// Decimals of values in the description and the target label.
    pub decimals: usize,
}

/// Draws `input` as a line chart; see [`LineTrendInput`].
pub fn line_trend(input: &LineTrendInput) -> Result<String, ChartError> {
    svg::check_id(&input.id)?;
    if input.periods.is_empty() || input.series.is_empty() {
        return Ok(svg::no_data(&input.id, &input.title, &input.title));
    }
    for series in &input.series {
        if series.values.len() != input.periods.len() {
            return Err(ChartError::LengthMismatch {
                name: series.name.clone(),
                per: "period",
                expected: input.periods.len(),
                found: series.values.len(),
            });
        }
    }

    let target = input.target.as_ref().filter(|t| t.value.is_finite());
    let mut names: Vec<String> = input.series.iter().map(|s| s.name.clone()).collect();
    if let Some(target) = target {
        names.push(target.label.clone());
    }
    let legend_top = style::TITLE_HEIGHT + 10.0;
    let legend_height = svg::legend_height(style::WIDTH - 32.0, &names);
    let top = legend_top + legend_height + 10.0;
    let height = top + HEIGHT_OF_PLOT + AXIS_AREA;
    let y_range = value_range(input, target.map(|t| t.value));
    let count = input.periods.len();

    let axes = Axes {
        x_range: (-0.5, count as f64 - 0.5),
        y_range,
        top,
        right: 24.0,
        bottom: AXIS_AREA,
        left: VALUE_AXIS_AREA,
        x_desc: &input.x_label,
        y_desc: &input.y_label,
        x_ticks: 0,
        y_ticks: 6,
    };
    let (grid, frame) = svg::plot(style::WIDTH, height, |root| svg::axes(root, &axes))?;

    let mut doc = Document::new(&input.id, style::WIDTH, height, &input.title, describe(input, target));
    doc.body.raw(&grid);
    let series_count = input.series.len();
    svg::legend(&mut doc.body, 16.0, legend_top, style::WIDTH - 32.0, &names, |fragment, index, x, y| {
        if index < series_count {
            let look = style::series(index);
            fragment.line((x, y), (x + 26.0, y), Stroke::new(look.colour, 2.0).dashed(look.dash));
            fragment.marker(look.marker, x + 13.0, y, 4.0, look.colour);
        } else {
            fragment.line((x, y), (x + 26.0, y), Stroke::new(style::REFERENCE, 1.5).dashed(Some("5 3")));
        }
    });

    // Period labels under the axis, thinned so that they never overlap.
    let label_font = Font::new(style::SMALL_SIZE).anchor(Anchor::Middle);
    let slot = frame.width() / count as f64;
    let labels: Vec<String> = input.periods.iter().map(|p| svg::truncate(p, 12)).collect();
    let label_width = labels.iter().map(|l| svg::text_width(l, label_font.size)).fold(0.0, f64::max) + 8.0;
    let step = (label_width / slot).ceil().max(1.0) as usize;
    for (index, period) in labels.iter().enumerate() {
        let x = frame.x(index as f64);
        if index % step == 0 {
            doc.body.line((x, frame.bottom), (x, frame.bottom + 5.0), Stroke::new(style::AXIS, 1.0));
            doc.body.text(x, frame.bottom + 18.0, period, label_font);
        }
    }

    if let Some(target) = target {
        let y = frame.y(target.value);
        doc.body.line((frame.left, y), (frame.right, y), Stroke::new(style::REFERENCE, 1.5).dashed(Some("5 3")));
        let label = format!("{} {}", svg::truncate(&target.label, 30), svg::value(target.value, input.decimals));
        let font = Font::new(style::SMALL_SIZE).anchor(Anchor::End).fill(style::REFERENCE).halo();
        doc.body.text(frame.right - 4.0, y - 5.0, &label, font);
    }

    for (index, series) in input.series.iter().enumerate() {
        let look = style::series(index);
        let stroke = Stroke::new(look.colour, 2.0).dashed(look.dash);
        // A missing value breaks the line; a lone point still gets its marker.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut points = Vec::new();
        for (period, value) in series.values.iter().enumerate() {
            if value.is_finite() {
                let point = (frame.x(period as f64), frame.y(*value));
                run.push(point);
                points.push(point);
            } else {
                if run.len() > 1 {
                    doc.body.polyline(&run, stroke);
                }
                run.clear();
            }
        }
        if run.len() > 1 {
            doc.body.polyline(&run, stroke);
        }
        for (x, y) in points {
            doc.body.marker(look.marker, x, y, 4.0, look.colour);
        }
    }
    Ok(doc.finish())
}

/// The given range, or zero (or the lowest value, if negative) up to a little above the highest value or target.
fn value_range(input: &LineTrendInput, target: Option<f64>) -> (f64, f64) {
    if let Some((low, high)) = input.y_range
        && low.is_finite()
        && high.is_finite()
        && high > low
    {
        return (low, high);
    }
    let values = input.series.iter().flat_map(|s| s.values.iter().copied()).chain(target).filter(|v| v.is_finite());
    let (low, high) = values.fold((0.0_f64, 0.0_f64), |(low, high), v| (low.min(v), high.max(v)));
    if high > low { (low, high + (high - low) * 0.1) } else { (low, low + 1.0) }
}

/// "Incident volume per month. Incidents: 2025-01 412, 2025-02 388; …; Target 400."
fn describe(input: &LineTrendInput, target: Option<&ReferenceLine>) -> String {
    let mut parts: Vec<String> = input
        .series
        .iter()
        .map(|series| {
            let points: Vec<String> = input
                .periods
                .iter()
                .zip(&series.values)
                .map(|(period, value)| {
                    let text =
                        if value.is_finite() { svg::value(*value, input.decimals) } else { "no data".to_string() };
                    format!("{} {}", period.trim(), text)
                })
                .collect();
            format!("{}: {}", series.name.trim(), points.join(", "))
        })
        .collect();
    if let Some(target) = target {
        parts.push(format!("{} {}", target.label.trim(), svg::value(target.value, input.decimals)));
    }
    let axis = match (input.y_label.trim(), input.x_label.trim()) {
        ("", "") => "Line chart".to_string(),
        (y, "") => format!("Line chart of {y}"),
        ("", x) => format!("Line chart by {x}"),
        (y, x) => format!("Line chart of {y} by {x}"),
    };
    format!("{axis}. {}.", parts.join("; "))
}
