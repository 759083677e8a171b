//! SVG text from primitives: escaping, fixed number formatting, label fitting, the document shell with its text
//! alternative, and the bridge that embeds a plotters drawing (axes, grids) inside our own document.
//!
//! Coordinates are printed with at most two decimals and ids only ever derive from the caller's prefix, so the
//! output is byte-for-byte reproducible and several charts can share one HTML page.

use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::prelude::{
    ChartBuilder, Color, DrawingArea, DrawingAreaErrorKind, IntoDrawingArea, IntoFont, RGBColor, SVGBackend,
};

use super::ChartError;
use super::style::{self, Marker, Pattern};

/// `text` with the five XML special characters as entities and control characters (invalid in XML) as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate or size: rounded to two decimals, trailing zeros dropped, never `-0`; non-finite gives `0`.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_string();
    }
    let mut text = format!("{value:.2}");
    while text.ends_with('0') {
        text.pop();
    }
    if text.ends_with('.') {
        text.pop();
    }
    if text == "-0" { "0".to_string() } else { text }
}

/// A data value as printed for readers: fixed decimals.
pub fn value(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    // `-0.0` reads as a glitch to people.
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') { text[1..].to_string() } else { text }
}

/// Rough advance of `c` in a sans-serif face, in ems: enough to keep labels inside their room without a font file.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' | 'f' | 't' | 'r' | '(' | ')' => 0.3,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.85,
        '0'..='9' => 0.56,
        c if c.is_uppercase() => 0.68,
        _ => style::CHAR_WIDTH_EM,
    }
}

/// Estimated width of `text` set at `size`.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// `text` with control characters as spaces and outer whitespace trimmed.
fn clean(text: &str) -> String {
    text.trim().chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `text` cut to `max_chars` characters, the last one an ellipsis when anything was cut; controls become spaces.
pub fn truncate(text: &str, max_chars: usize) -> String {
    let cleaned = clean(text);
    if cleaned.chars().count() <= max_chars {
        return cleaned;
    }
    let mut cut: String = cleaned.chars().take(max_chars.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// `text` cut so that it fits `width` at `size`, ending in an ellipsis when anything was cut.
pub fn fit(text: &str, width: f64, size: f64) -> String {
    let cleaned = clean(text);
    if text_width(&cleaned, size) <= width {
        return cleaned;
    }
    let room = width - text_width("…", size);
    let mut used = 0.0;
    let mut cut = String::new();
    for c in cleaned.chars() {
        used += char_em(c) * size;
        if used > room {
            break;
        }
        cut.push(c);
    }
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// `text` broken at spaces into at most `max_lines` lines that fit `width` at `size`; what does not fit ends in
/// an ellipsis.
pub fn wrap(text: &str, width: f64, size: f64, max_lines: usize) -> Vec<String> {
    let max_lines = max_lines.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in clean(text).split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if text_width(&candidate, size) <= width || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        // Force the ellipsis: the rest does not fit by construction, but make sure even if it happened to.
        lines.push(fit(&format!("{rest}…"), width, size));
    }
    lines.into_iter().map(|line| fit(&line, width, size)).collect()
}

/// Bold text runs wider; multiply the size by this when fitting bold text.
pub const BOLD: f64 = 1.08;

/// A chart id prefix must be usable inside SVG ids and `url(#…)` references without escaping.
pub fn check_id(id: &str) -> Result<(), ChartError> {
    let mut chars = id.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(())
    } else {
        Err(ChartError::InvalidId(id.to_string()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// How a piece of text is set. `centred` puts the text's middle, not its baseline, on `y`.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub anchor: Anchor,
    pub bold: bool,
    pub fill: &'static str,
    pub centred: bool,
    /// A white outline behind the glyphs, so the text stays legible where it crosses lines or bars.
    pub halo: bool,
}

impl Font {
    pub fn new(size: f64) -> Self {
        Self { size, anchor: Anchor::Start, bold: false, fill: style::TEXT, centred: false, halo: false }
    }
    pub fn anchor(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn fill(mut self, fill: &'static str) -> Self {
        self.fill = fill;
        self
    }
    pub fn centred(mut self) -> Self {
        self.centred = true;
        self
    }
    pub fn halo(mut self) -> Self {
        self.halo = true;
        self
    }
}

/// An outline: colour, width and an optional `stroke-dasharray`.
#[derive(Debug, Clone, Copy)]
pub struct Stroke<'a> {
    pub colour: &'a str,
    pub width: f64,
    pub dash: Option<&'a str>,
}

impl<'a> Stroke<'a> {
    pub fn new(colour: &'a str, width: f64) -> Self {
        Self { colour, width, dash: None }
    }
    pub fn dashed(mut self, dash: Option<&'a str>) -> Self {
        self.dash = dash;
        self
    }
}

/// A run of SVG elements. Every attribute value and text node goes through [`escape`].
#[derive(Debug, Default)]
pub struct Fragment {
    buf: String,
}

impl Fragment {
    pub fn into_string(self) -> String {
        self.buf
    }

    pub fn raw(&mut self, svg: &str) {
        self.buf.push_str(svg);
    }

    fn open_tag(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.buf.push('<');
        self.buf.push_str(name);
        for (key, value) in attrs {
            let _ = write!(self.buf, " {key}=\"{}\"", escape(value));
        }
    }

    /// `<name attrs/>`
    pub fn element(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.open_tag(name, attrs);
        self.buf.push_str("/>\n");
    }

    fn stroke_attrs(attrs: &mut Vec<(&str, String)>, stroke: Option<Stroke<'_>>) {
        if let Some(stroke) = stroke {
            attrs.push(("stroke", stroke.colour.to_string()));
            attrs.push(("stroke-width", num(stroke.width)));
            if let Some(dash) = stroke.dash {
                attrs.push(("stroke-dasharray", dash.to_string()));
            }
        }
    }

    pub fn text(&mut self, x: f64, y: f64, content: &str, font: Font) {
        let mut attrs = vec![("x", num(x)), ("y", num(y))];
        if font.centred {
            attrs.push(("dy", "0.35em".to_string()));
        }
        match font.anchor {
            Anchor::Start => {}
            Anchor::Middle => attrs.push(("text-anchor", "middle".to_string())),
            Anchor::End => attrs.push(("text-anchor", "end".to_string())),
        }
        attrs.push(("font-size", num(font.size)));
        if font.bold {
            attrs.push(("font-weight", "bold".to_string()));
        }
        attrs.push(("fill", font.fill.to_string()));
        if font.halo {
            attrs.push(("stroke", style::BACKGROUND.to_string()));
            attrs.push(("stroke-width", "3".to_string()));
            attrs.push(("stroke-linejoin", "round".to_string()));
            attrs.push(("paint-order", "stroke".to_string()));
        }
        self.open_tag("text", &attrs);
        let _ = writeln!(self.buf, ">{}</text>", escape(content));
    }

    /// Several lines of text, the first at `y`, each `line_height` below the previous one.
    pub fn text_lines(&mut self, x: f64, y: f64, lines: &[String], line_height: f64, font: Font) {
        for (index, line) in lines.iter().enumerate() {
            self.text(x, y + index as f64 * line_height, line, font);
        }
    }

    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), stroke: Stroke<'_>) {
        let mut attrs = vec![("x1", num(from.0)), ("y1", num(from.1)), ("x2", num(to.0)), ("y2", num(to.1))];
        Self::stroke_attrs(&mut attrs, Some(stroke));
        self.element("line", &attrs);
    }

    pub fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: &str, stroke: Option<Stroke<'_>>) {
        let mut attrs = vec![
            ("x", num(x)),
            ("y", num(y)),
            ("width", num(width.max(0.0))),
            ("height", num(height.max(0.0))),
            ("fill", fill.to_string()),
        ];
        Self::stroke_attrs(&mut attrs, stroke);
        self.element("rect", &attrs);
    }

    /// A closed shape; `fill` `None` leaves it hollow.
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: Option<(&str, f64)>, stroke: Option<Stroke<'_>>) {
        let mut attrs = vec![("points", points_attr(points))];
        match fill {
            Some((colour, opacity)) => {
                attrs.push(("fill", colour.to_string()));
                if opacity < 1.0 {
                    attrs.push(("fill-opacity", num(opacity)));
                }
            }
            None => attrs.push(("fill", "none".to_string())),
        }
        Self::stroke_attrs(&mut attrs, stroke);
        attrs.push(("stroke-linejoin", "round".to_string()));
        self.element("polygon", &attrs);
    }

    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: Stroke<'_>) {
        let mut attrs = vec![("points", points_attr(points)), ("fill", "none".to_string())];
        Self::stroke_attrs(&mut attrs, Some(stroke));
        attrs.push(("stroke-linejoin", "round".to_string()));
        self.element("polyline", &attrs);
    }

    /// A data-point marker centred on (`x`, `y`), `r` units from centre to edge; white-edged so it reads on lines.
    pub fn marker(&mut self, shape: Marker, x: f64, y: f64, r: f64, colour: &str) {
        let edge = Some(Stroke::new(style::BACKGROUND, 1.0));
        match shape {
            Marker::Circle => {
                let mut attrs = vec![("cx", num(x)), ("cy", num(y)), ("r", num(r)), ("fill", colour.to_string())];
                Self::stroke_attrs(&mut attrs, edge);
                self.element("circle", &attrs);
            }
            Marker::Square => {
                let side = r * 1.8;
                self.rect(x - side / 2.0, y - side / 2.0, side, side, colour, edge);
            }
            Marker::Triangle => {
                let points = [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)];
                self.polygon(&points, Some((colour, 1.0)), edge);
            }
            Marker::InvertedTriangle => {
                let points = [(x, y + r * 1.2), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)];
                self.polygon(&points, Some((colour, 1.0)), edge);
            }
            Marker::Diamond => {
                let d = r * 1.3;
                let points = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)];
                self.polygon(&points, Some((colour, 1.0)), edge);
            }
            Marker::Cross => {
                let d = r * 0.9;
                let width = r * 0.8;
                self.line((x - d, y - d), (x + d, y + d), Stroke::new(colour, width));
                self.line((x - d, y + d), (x + d, y - d), Stroke::new(colour, width));
            }
        }
    }
}

fn points_attr(points: &[(f64, f64)]) -> String {
    points.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect::<Vec<_>>().join(" ")
}

/// The id of the fill pattern for `pattern` in `colour` within the chart `id`, and its `<pattern>` definition.
/// `Solid` needs no definition: callers fill with the plain colour.
pub fn pattern_def(id: &str, index: usize, pattern: Pattern, colour: &str) -> Option<(String, String)> {
    let pattern_id = format!("{id}-pattern-{index}");
    let background = format!("<rect width=\"8\" height=\"8\" fill=\"{}\"/>", escape(colour));
    let ink = "stroke=\"#ffffff\" stroke-width=\"1.6\"";
    let marks = match pattern {
        Pattern::Solid => return None,
        Pattern::Diagonal => format!("<path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\" {ink}/>"),
        Pattern::AntiDiagonal => format!("<path d=\"M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4\" {ink}/>"),
        Pattern::Horizontal => format!("<path d=\"M0,2 h8 M0,6 h8\" {ink}/>"),
        Pattern::CrossHatch => format!("<path d=\"M0,4 h8 M4,0 v8\" {ink}/>"),
        Pattern::Dots => "<circle cx=\"2\" cy=\"2\" r=\"1.3\" fill=\"#ffffff\"/><circle cx=\"6\" cy=\"6\" r=\"1.3\" fill=\"#ffffff\"/>".to_string(),
    };
    let def = format!(
        "<pattern id=\"{pattern_id}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">{background}{marks}</pattern>\n"
    );
    Some((pattern_id, def))
}

/// A whole chart: the root `<svg>` with its text alternative, definitions, background and visible title.
pub struct Document {
    id: String,
    width: f64,
    height: f64,
    title: String,
    desc: String,
    pub defs: String,
    pub body: Fragment,
}

impl Document {
    pub fn new(id: &str, width: f64, height: f64, title: &str, desc: String) -> Self {
        Self {
            id: id.to_string(),
            width,
            height,
            title: title.trim().to_string(),
            desc,
            defs: String::new(),
            body: Fragment::default(),
        }
    }

    pub fn finish(self) -> String {
        let Self { id, width, height, title, desc, defs, body } = self;
        let mut out = String::new();
        // No `style` attributes anywhere: the report's Content-Security-Policy may forbid inline styles.
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
             preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
             font-family=\"sans-serif\">",
            w = num(width),
            h = num(height),
        );
        let _ = writeln!(out, "<title id=\"{id}-title\">{}</title>", escape(&title));
        let _ = writeln!(out, "<desc id=\"{id}-desc\">{}</desc>", escape(&desc));
        if !defs.is_empty() {
            let _ = write!(out, "<defs>\n{defs}</defs>\n");
        }
        let mut head = Fragment::default();
        head.rect(0.0, 0.0, width, height, style::BACKGROUND, None);
        head.text(
            16.0,
            24.0,
            &fit(&title, width - 32.0, style::TITLE_SIZE * BOLD),
            Font::new(style::TITLE_SIZE).bold(),
        );
        out.push_str(&head.into_string());
        out.push_str(&body.into_string());
        out.push_str("</svg>\n");
        out
    }
}

/// The titled chart for an input with nothing to draw.
pub fn no_data(id: &str, title: &str, what: &str) -> String {
    let height = 160.0;
    let desc = if what.trim().is_empty() { "No data.".to_string() } else { format!("{}: no data.", what.trim()) };
    let mut doc = Document::new(id, style::WIDTH, height, title, desc);
    doc.body.rect(
        16.0,
        style::TITLE_HEIGHT + 8.0,
        style::WIDTH - 32.0,
        height - style::TITLE_HEIGHT - 24.0,
        "none",
        Some(Stroke::new(style::GRID, 1.0).dashed(Some("4 4"))),
    );
    doc.body.text(
        style::WIDTH / 2.0,
        (height + style::TITLE_HEIGHT - 16.0) / 2.0 + 4.0,
        "No data",
        Font::new(style::LABEL_SIZE + 2.0).anchor(Anchor::Middle).fill(style::MUTED_TEXT).centred(),
    );
    doc.finish()
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(error.to_string())
    }
}

/// Plotters draws into a canvas of `width`×`height`; its elements come back as one `<g>` without plotters' own
/// root `<svg>`, together with whatever `draw` returns (typically data positions mapped to pixels).
pub fn plot<T>(
    width: f64,
    height: f64,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<T, ChartError>,
) -> Result<(String, T), ChartError> {
    let mut buf = String::new();
    let result = {
        let root = SVGBackend::with_string(&mut buf, (width.round() as u32, height.round() as u32)).into_drawing_area();
        let result = draw(&root)?;
        root.present()?;
        result
    };
    let inner = buf.split_once('\n').map_or("", |(_, rest)| rest);
    let inner = inner.trim_end();
    let inner = inner.strip_suffix("</svg>").unwrap_or(inner);
    Ok((format!("<g>\n{inner}</g>\n"), result))
}

/// What [`axes`] asks plotters to draw: a cartesian frame of two numeric ranges, tick labels and grid lines on
/// the axes that carry values (category axes get no plotters labels: the charts set those themselves).
pub struct Axes<'a> {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Space around the plotting area, in pixels: top, right, bottom (x labels), left (y labels).
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub left: f64,
    pub x_desc: &'a str,
    pub y_desc: &'a str,
    /// Most tick labels wanted on each axis; 0 for none (and no grid lines across that axis).
    pub x_ticks: usize,
    pub y_ticks: usize,
}

/// The plotting area in pixels and the data ranges it shows; maps data to pixels in `f64`.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
}

impl Frame {
    pub fn x(&self, value: f64) -> f64 {
        let (low, high) = self.x_range;
        let share = if high > low { (value.clamp(low, high) - low) / (high - low) } else { 0.5 };
        self.left + share * (self.right - self.left)
    }
    pub fn y(&self, value: f64) -> f64 {
        let (low, high) = self.y_range;
        let share = if high > low { (value.clamp(low, high) - low) / (high - low) } else { 0.5 };
        self.bottom - share * (self.bottom - self.top)
    }
    pub fn width(&self) -> f64 {
        self.right - self.left
    }
}

fn rgb(hex: &str) -> RGBColor {
    let channel = |at: usize| u8::from_str_radix(hex.get(at..at + 2).unwrap_or("00"), 16).unwrap_or(0);
    RGBColor(channel(1), channel(3), channel(5))
}

/// Plotters draws the frame, the value axes' ticks, labels and grid lines, and the axis descriptions.
pub fn axes(root: &DrawingArea<SVGBackend<'_>, Shift>, spec: &Axes<'_>) -> Result<Frame, ChartError> {
    let px = |value: f64| value.max(0.0).round() as u32;
    let mut chart = ChartBuilder::on(root)
        .margin_top(px(spec.top))
        // Plotters sets the rotated y description at the very edge; keep it inside the canvas.
        .margin_left(8)
        .margin_right(px(spec.right))
        .x_label_area_size(px(spec.bottom))
        .y_label_area_size(px(spec.left))
        .build_cartesian_2d(spec.x_range.0..spec.x_range.1, spec.y_range.0..spec.y_range.1)?;
    let tick_font = ("sans-serif", style::PLOTTERS_TICK_SIZE).into_font().color(&rgb(style::TEXT));
    let desc_font = ("sans-serif", style::PLOTTERS_DESC_SIZE).into_font().color(&rgb(style::TEXT));
    let format = |value: &f64| num(*value);
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(spec.x_ticks)
        .y_labels(spec.y_ticks)
        .x_label_formatter(&format)
        .y_label_formatter(&format)
        .label_style(tick_font)
        .axis_desc_style(desc_font)
        .axis_style(rgb(style::AXIS))
        .bold_line_style(rgb(style::GRID).stroke_width(1))
        .light_line_style(RGBColor(255, 255, 255).mix(0.0));
    if !spec.x_desc.trim().is_empty() {
        mesh.x_desc(truncate(spec.x_desc, 80));
    }
    if !spec.y_desc.trim().is_empty() {
        mesh.y_desc(truncate(spec.y_desc, 50));
    }
    if spec.x_ticks == 0 {
        mesh.disable_x_mesh();
    }
    if spec.y_ticks == 0 {
        mesh.disable_y_mesh();
    }
    mesh.draw()?;
    let (left, bottom) = chart.backend_coord(&(spec.x_range.0, spec.y_range.0));
    let (right, top) = chart.backend_coord(&(spec.x_range.1, spec.y_range.1));
    Ok(Frame {
        left: f64::from(left),
        right: f64::from(right),
        top: f64::from(top),
        bottom: f64::from(bottom),
        x_range: spec.x_range,
        y_range: spec.y_range,
    })
}

/// A legend row: one entry per series, drawn by `swatch` at the given position, wrapping onto more rows.
/// Returns the height used.
pub fn legend(
    fragment: &mut Fragment,
    x: f64,
    y: f64,
    max_width: f64,
    names: &[String],
    mut swatch: impl FnMut(&mut Fragment, usize, f64, f64),
) -> f64 {
    let row_height = 18.0;
    let swatch_width = 26.0;
    let font = Font::new(style::SMALL_SIZE).centred();
    let (mut cx, mut cy) = (x, y);
    for (index, name) in names.iter().enumerate() {
        let label = fit(name, max_width / 2.0 - swatch_width, font.size);
        let entry_width = swatch_width + 6.0 + text_width(&label, font.size) + 16.0;
        if cx > x && cx + entry_width > x + max_width {
            cx = x;
            cy += row_height;
        }
        swatch(fragment, index, cx, cy);
        fragment.text(cx + swatch_width + 6.0, cy, &label, font);
        cx += entry_width;
    }
    cy - y + row_height
}

/// Height the [`legend`] will need for `names`.
pub fn legend_height(max_width: f64, names: &[String]) -> f64 {
    let mut scratch = Fragment::default();
    legend(&mut scratch, 0.0, 0.0, max_width, names, |_, _, _, _| {})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_two_decimals_and_no_negative_zero() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.005_1), "1.01");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(value(-0.01, 1), "0.0");
        assert_eq!(value(2.45, 1), "2.5");
    }

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(escape("<a href=\"x\">'&'</a>\u{1}"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; ");
    }

    #[test]
    fn truncates_and_wraps_with_an_ellipsis() {
        assert_eq!(truncate("Service level management", 10), "Service l…");
        assert_eq!(truncate("Short", 10), "Short");
        assert_eq!(fit("Service level management", 80.0, 10.0), "Service level m…");
        assert_eq!(fit("Short", 80.0, 10.0), "Short");
        assert_eq!(wrap("Continual service improvement", 120.0, 12.0, 2), ["Continual service", "improvement"]);
        assert_eq!(wrap("Continual service improvement", 70.0, 12.0, 2), ["Continual", "service imp…"]);
        assert!(wrap("", 50.0, 12.0, 2).is_empty());
    }

    #[test]
    fn ids_must_be_plain() {
        assert!(check_id("radar-1").is_ok());
        assert!(check_id("").is_err());
        assert!(check_id("1radar").is_err());
        assert!(check_id("a\"b").is_err());
    }
}
