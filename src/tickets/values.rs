//! Reading single cell values the way the KPI contract says: trimming, missing markers, priorities, booleans and
//! counts. Pure functions on text, shared by the CSV and spreadsheet readers.

/// Markers that mean "no value", compared after trimming and case-insensitively (the spec's list).
pub const MISSING_MARKERS: [&str; 6] = ["", "?", "NULL", "N/A", "#N/A", "#N/B"];

/// True when the trimmed text is one of the built-in missing markers or one of the mapping's extra markers.
pub fn is_missing(trimmed: &str, extra: &[String]) -> bool {
    MISSING_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(trimmed))
        || extra.iter().any(|m| m.eq_ignore_ascii_case(trimmed))
}

/// A priority 1..5: a leading digit 1–5 (optionally after `P`) not followed by another digit, or a priority word.
pub fn parse_priority(trimmed: &str) -> Option<u8> {
    let bytes = trimmed.as_bytes();
    let digits = match bytes.first() {
        Some(b'P' | b'p') => &bytes[1..],
        _ => bytes,
    };
    if let Some(&d @ b'1'..=b'5') = digits.first()
        && !digits.get(1).is_some_and(u8::is_ascii_digit)
    {
        return Some(d - b'0');
    }
    match trimmed.to_ascii_lowercase().as_str() {
        "critical" => Some(1),
        "high" => Some(2),
        "moderate" | "medium" => Some(3),
        "low" => Some(4),
        "planning" => Some(5),
        _ => None,
    }
}

/// `true/false`, `yes/no`, `1/0` in any case; anything else is unknown.
pub fn parse_bool(trimmed: &str) -> Option<bool> {
    const TRUE: [&str; 3] = ["true", "yes", "1"];
    const FALSE: [&str; 3] = ["false", "no", "0"];
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(trimmed)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(trimmed)) {
        Some(false)
    } else {
        None
    }
}

/// A non-negative integer count written as `3` or `3.0`; negative, fractional or other text is unknown.
pub fn parse_count(trimmed: &str) -> Option<u32> {
    let (int, frac) = match trimmed.split_once('.') {
        Some((i, f)) => (i, f),
        None => (trimmed, ""),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b == b'0') {
        return None;
    }
    int.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_follow_the_spec() {
        for (text, want) in [
            ("3", Some(3)),
            ("3.0", Some(3)),
            ("P2", Some(2)),
            ("p5", Some(5)),
            ("1 - Critical", Some(1)),
            ("HIGH", Some(2)),
            ("medium", Some(3)),
            ("Moderate", Some(3)),
            ("planning", Some(5)),
            ("10", None),
            ("6", None),
            ("urgent", None),
            ("", None),
        ] {
            assert_eq!(parse_priority(text), want, "{text}");
        }
    }

    #[test]
    fn booleans_and_counts() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("No"), Some(false));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("1.0"), None);
        assert_eq!(parse_count("3"), Some(3));
        assert_eq!(parse_count("3.0"), Some(3));
        assert_eq!(parse_count("3.5"), None);
        assert_eq!(parse_count("-1"), None);
        assert_eq!(parse_count(".0"), None);
    }

    #[test]
    fn missing_markers_ignore_case() {
        assert!(is_missing("n/a", &[]));
        assert!(is_missing("#n/b", &[]));
        assert!(is_missing("-", &["-".into()]));
        assert!(!is_missing("0", &[]));
    }
}
