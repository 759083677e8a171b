//! Radar chart of maturity per axis (the lifecycle stages), current against target on the 0–5 scale.
//! Plotters has no polar chart, so rings, spokes, polygons and labels are placed in pixel space here.

use std::f64::consts::PI;

use super::svg::{self, Anchor, Document, Font, Stroke};
use super::{ChartError, Series, style};

/// The scale's top; rings are drawn at every whole level up to it.
const MAX_LEVEL: f64 = 5.0;
const RADIUS: f64 = 165.0;
const LABEL_GAP: f64 = 14.0;

/// Input for [`radar`]: one spoke per axis, one polygon per series. The first series is drawn filled, the
/// others as dashed outlines; put "current" first and "target" second.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarInput {
    /// Prefix for the SVG ids (`{id}-title`, …): unique within the page.
    pub id: String,
    pub title: String,
    /// At least three, clockwise from the top.
    pub axes: Vec<String>,
    /// Each with one value per axis on the 0–5 scale.
    pub series: Vec<Series>,
}

/// Draws `input` as a radar chart; see [`RadarInput`].
pub fn radar(input: &RadarInput) -> Result<String, ChartError> {
    svg::check_id(&input.id)?;
    if input.axes.is_empty() || input.series.is_empty() {
        return Ok(svg::no_data(&input.id, &input.title, &input.title));
    }
    if input.axes.len() < 3 {
        return Err(ChartError::TooFewAxes(input.axes.len()));
    }
    for series in &input.series {
        if series.values.len() != input.axes.len() {
            return Err(ChartError::LengthMismatch {
                name: series.name.clone(),
                per: "axis",
                expected: input.axes.len(),
                found: series.values.len(),
            });
        }
    }

    let names: Vec<String> = input.series.iter().map(|s| s.name.clone()).collect();
    let legend_y = style::TITLE_HEIGHT + 10.0;
    let legend_height = svg::legend_height(style::WIDTH - 32.0, &names);
    let centre = (style::WIDTH / 2.0, legend_y + legend_height + 40.0 + RADIUS);
    // Room below the lowest spokes' labels (two lines).
    let height = centre.1 + RADIUS + 56.0;
    let mut doc = Document::new(&input.id, style::WIDTH, height, &input.title, describe(input));
    svg::legend(&mut doc.body, 16.0, legend_y, style::WIDTH - 32.0, &names, swatch);

    let count = input.axes.len();
    let angle = |axis: usize| -PI / 2.0 + 2.0 * PI * axis as f64 / count as f64;
    let at = |axis: usize, level: f64| {
        let r = RADIUS * level / MAX_LEVEL;
        (centre.0 + r * angle(axis).cos(), centre.1 + r * angle(axis).sin())
    };

    // Grid: one ring per level, one spoke per axis.
    for level in 1..=MAX_LEVEL as usize {
        let ring: Vec<(f64, f64)> = (0..count).map(|axis| at(axis, level as f64)).collect();
        let colour = if level == MAX_LEVEL as usize { style::AXIS } else { style::GRID };
        doc.body.polygon(&ring, None, Some(Stroke::new(colour, 1.0)));
    }
    for axis in 0..count {
        doc.body.line(centre, at(axis, MAX_LEVEL), Stroke::new(style::GRID, 1.0));
    }

    for (index, series) in input.series.iter().enumerate() {
        let look = style::series(index);
        let points: Vec<(f64, f64)> =
            series.values.iter().enumerate().map(|(axis, value)| at(axis, clamp_level(*value))).collect();
        let stroke = Stroke::new(look.colour, 2.0).dashed(look.dash);
        let fill = (index == 0).then_some((look.colour, 0.25));
        doc.body.polygon(&points, fill, Some(stroke));
        for (point, value) in points.iter().zip(&series.values) {
            if value.is_finite() {
                doc.body.marker(look.marker, point.0, point.1, 3.5, look.colour);
            }
        }
    }

    // Ring labels beside the top spoke, over a white pad so spokes and polygons do not cross them.
    for level in 1..=MAX_LEVEL as usize {
        let (x, y) = at(0, level as f64);
        doc.body.rect(x + 3.0, y - 6.0, 9.0, 12.0, style::BACKGROUND, None);
        doc.body.text(
            x + 4.0,
            y,
            &level.to_string(),
            Font::new(style::SMALL_SIZE - 1.0).fill(style::MUTED_TEXT).centred(),
        );
    }

    // Axis labels outside the outer ring, anchored away from the centre and wrapped onto up to two lines.
    let line_height = style::LABEL_SIZE + 2.0;
    for (axis, label) in input.axes.iter().enumerate() {
        let (cos, sin) = (angle(axis).cos(), angle(axis).sin());
        let x = centre.0 + (RADIUS + LABEL_GAP) * cos;
        let y = centre.1 + (RADIUS + LABEL_GAP) * sin;
        let anchor = if cos.abs() < 0.3 {
            Anchor::Middle
        } else if cos > 0.0 {
            Anchor::Start
        } else {
            Anchor::End
        };
        let room = match anchor {
            Anchor::Middle => 200.0,
            Anchor::Start => style::WIDTH - x - 8.0,
            Anchor::End => x - 8.0,
        };
        let lines = svg::wrap(label, room.min(150.0), style::LABEL_SIZE * svg::BOLD, 2);
        let block = (lines.len().max(1) - 1) as f64 * line_height;
        let first_y = if sin < -0.3 {
            y - block
        } else if sin > 0.3 {
            y + line_height * 0.6
        } else {
            y - block / 2.0
        };
        let font = Font::new(style::LABEL_SIZE).anchor(anchor).bold().centred();
        doc.body.text_lines(x, first_y, &lines, line_height, font);
    }
    Ok(doc.finish())
}

fn clamp_level(value: f64) -> f64 {
    if value.is_finite() { value.clamp(0.0, MAX_LEVEL) } else { 0.0 }
}

fn swatch(fragment: &mut svg::Fragment, index: usize, x: f64, y: f64) {
    let look = style::series(index);
    if index == 0 {
        fragment.polygon(
            &[(x, y - 6.0), (x + 26.0, y - 6.0), (x + 26.0, y + 6.0), (x, y + 6.0)],
            Some((look.colour, 0.25)),
            Some(Stroke::new(look.colour, 2.0)),
        );
    } else {
        fragment.line((x, y), (x + 26.0, y), Stroke::new(look.colour, 2.0).dashed(look.dash));
    }
    fragment.marker(look.marker, x + 13.0, y, 3.5, look.colour);
}

/// "Radar chart on a 0 to 5 scale. Service strategy: Current 2.4, Target 3.0; …."
fn describe(input: &RadarInput) -> String {
    let per_axis: Vec<String> = input
        .axes
        .iter()
        .enumerate()
        .map(|(axis, label)| {
            let values: Vec<String> = input
                .series
                .iter()
                .map(|series| format!("{} {}", series.name.trim(), level_text(series.values[axis])))
                .collect();
            format!("{}: {}", label.trim(), values.join(", "))
        })
        .collect();
    format!("Radar chart on a 0 to {} scale. {}.", MAX_LEVEL, per_axis.join("; "))
}

fn level_text(value: f64) -> String {
    if value.is_finite() { svg::value(value.clamp(0.0, MAX_LEVEL), 1) } else { "no data".to_string() }
}
