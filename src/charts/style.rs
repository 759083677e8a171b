//! The charts' look in one place: canvas sizes, type sizes, the series palette and the heat-map ramp.
//! Each series differs by colour *and* by something that survives grey-scale print (marker, dash, pattern).

/// Canvas width of every chart, in SVG user units; heights depend on the data.
pub const WIDTH: f64 = 640.0;
/// Space at the top for the visible title.
pub const TITLE_HEIGHT: f64 = 36.0;
pub const TITLE_SIZE: f64 = 16.0;
pub const LABEL_SIZE: f64 = 12.0;
pub const SMALL_SIZE: f64 = 11.0;
/// Rough advance of an ordinary lower-case letter of a sans-serif face, in ems; see `svg::text_width`.
pub const CHAR_WIDTH_EM: f64 = 0.54;

pub const TEXT: &str = "#1a1a1a";
pub const MUTED_TEXT: &str = "#555555";
pub const AXIS: &str = "#4d4d4d";
pub const GRID: &str = "#d0d0d0";
pub const BACKGROUND: &str = "#ffffff";
/// Reference lines (targets, pass marks): dark, so they stay visible over any bar.
pub const REFERENCE: &str = "#b2182b";

/// Plotters' SVG backend writes `font-size` as the given size / 1.24; these give whole numbers (11 and 12).
pub const PLOTTERS_TICK_SIZE: f64 = 13.64;
pub const PLOTTERS_DESC_SIZE: f64 = 14.88;

/// How a point is marked on a line chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
    InvertedTriangle,
}

/// How a bar is filled besides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Solid,
    Diagonal,
    Dots,
    CrossHatch,
    Horizontal,
    AntiDiagonal,
}

/// Everything that tells one series from another.
#[derive(Debug, Clone, Copy)]
pub struct SeriesStyle {
    pub colour: &'static str,
    /// `stroke-dasharray` value; `None` is a solid line.
    pub dash: Option<&'static str>,
    pub marker: Marker,
    pub pattern: Pattern,
}

/// Colours from the Okabe–Ito set (safe for colour-blind readers), ordered so that neighbours differ in lightness.
pub const SERIES: [SeriesStyle; 6] = [
    SeriesStyle { colour: "#0b4f8a", dash: None, marker: Marker::Circle, pattern: Pattern::Solid },
    SeriesStyle { colour: "#d55e00", dash: Some("6 4"), marker: Marker::Square, pattern: Pattern::Diagonal },
    SeriesStyle { colour: "#009e73", dash: Some("2 3"), marker: Marker::Triangle, pattern: Pattern::Dots },
    SeriesStyle { colour: "#cc79a7", dash: Some("8 3 2 3"), marker: Marker::Diamond, pattern: Pattern::CrossHatch },
    SeriesStyle { colour: "#56b4e9", dash: Some("12 4"), marker: Marker::Cross, pattern: Pattern::Horizontal },
    SeriesStyle {
        colour: "#7a5c00",
        dash: Some("4 2"),
        marker: Marker::InvertedTriangle,
        pattern: Pattern::AntiDiagonal,
    },
];

/// The style of the `index`-th series; styles repeat after six series.
pub fn series(index: usize) -> SeriesStyle {
    SERIES[index % SERIES.len()]
}

/// Light-to-dark single-hue ramp (ColorBrewer "Blues"): lightness falls steadily, so grey-scale print keeps order.
const RAMP: [(u8, u8, u8); 9] = [
    (0xf7, 0xfb, 0xff),
    (0xde, 0xeb, 0xf7),
    (0xc6, 0xdb, 0xef),
    (0x9e, 0xca, 0xe1),
    (0x6b, 0xae, 0xd6),
    (0x42, 0x92, 0xc6),
    (0x21, 0x71, 0xb5),
    (0x08, 0x51, 0x9c),
    (0x08, 0x30, 0x6b),
];

/// The ramp colour for `share` in [0, 1] (clamped), and the text colour that reads on it.
pub fn ramp(share: f64) -> (String, &'static str) {
    let share = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.0 };
    let position = share * (RAMP.len() - 1) as f64;
    let low = (position.floor() as usize).min(RAMP.len() - 2);
    let t = position - low as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    let (r, g, b) =
        (mix(RAMP[low].0, RAMP[low + 1].0), mix(RAMP[low].1, RAMP[low + 1].1), mix(RAMP[low].2, RAMP[low + 1].2));
    // WCAG relative luminance; pick whichever of white and near-black text contrasts more (both ≥ 4.5:1 here).
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    let against_white = 1.05 / (luminance + 0.05);
    let against_text = (luminance + 0.05) / 0.06;
    let text = if against_white > against_text { "#ffffff" } else { TEXT };
    (format!("#{r:02x}{g:02x}{b:02x}"), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_runs_light_to_dark_with_readable_text() {
        assert_eq!(ramp(0.0), ("#f7fbff".to_string(), TEXT));
        assert_eq!(ramp(1.0), ("#08306b".to_string(), "#ffffff"));
        assert_eq!(ramp(f64::NAN), ramp(0.0));
        assert_eq!(ramp(7.0), ramp(1.0));
        assert_eq!(ramp(0.5).1, TEXT);
        assert_eq!(ramp(0.75).1, "#ffffff");
    }
}
