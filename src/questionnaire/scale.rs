//! Answer scales: which words a respondent may write, and the value in [0, 1] each one stands for.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scale {
    /// yes / no.
    #[serde(rename = "yes-no")]
    YesNo,
    /// Not / Partially / Largely / Fully achieved, as in ISO/IEC 33020's rating scale.
    #[serde(rename = "nplf")]
    Nplf,
    /// 0 to 4.
    #[serde(rename = "0-4")]
    ZeroToFour,
}

/// What one respondent said about one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    /// A value in [0, 1].
    Value(f64),
    /// The question does not apply: it leaves scoring altogether.
    NotApplicable,
    /// No answer (blank, `?`, don't know): it counts against coverage.
    Unanswered,
}

impl Scale {
    pub const ALL: [Scale; 3] = [Scale::YesNo, Scale::Nplf, Scale::ZeroToFour];

    /// The name used in questionnaire files.
    pub fn name(self) -> &'static str {
        match self {
            Scale::YesNo => "yes-no",
            Scale::Nplf => "nplf",
            Scale::ZeroToFour => "0-4",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The valid answers as a user would write them, for error messages: `N/P/L/F`.
    pub fn choices(self) -> &'static str {
        match self {
            Scale::YesNo => "yes/no",
            Scale::Nplf => "N/P/L/F",
            Scale::ZeroToFour => "0-4",
        }
    }

    /// The canonical answers, as offered in a template's drop-down list.
    pub fn options(self) -> &'static [&'static str] {
        match self {
            Scale::YesNo => &["yes", "no", "n/a"],
            Scale::Nplf => &["N", "P", "L", "F", "n/a"],
            Scale::ZeroToFour => &["0", "1", "2", "3", "4", "n/a"],
        }
    }

    /// Read an answer, case-insensitively and trimmed; `None` when the text is not valid on this scale.
    pub fn parse(self, text: &str) -> Option<Answer> {
        // Lower-case short ASCII answers on the stack: this runs once per cell of sheets with millions of cells.
        let text = text.trim();
        let mut buffer = [0u8; 24];
        let owned;
        let word = if text.is_ascii() && text.len() <= buffer.len() {
            let bytes = &mut buffer[..text.len()];
            bytes.copy_from_slice(text.as_bytes());
            bytes.make_ascii_lowercase();
            std::str::from_utf8(bytes).unwrap_or_default()
        } else {
            owned = text.to_lowercase();
            owned.as_str()
        };
        match word {
            "" | "?" | "don't know" | "dont know" | "don\u{2019}t know" => {
                return Some(Answer::Unanswered);
            }
            "n/a" | "na" | "not applicable" => return Some(Answer::NotApplicable),
            _ => {}
        }
        let value = match self {
            Scale::YesNo => match word {
                "yes" | "y" | "true" | "1" => 1.0,
                "no" | "n" | "false" | "0" => 0.0,
                _ => return None,
            },
            Scale::Nplf => match word {
                "n" | "not" | "not achieved" => 0.0,
                "p" | "partially" | "partially achieved" => 1.0 / 3.0,
                "l" | "largely" | "largely achieved" => 2.0 / 3.0,
                "f" | "fully" | "fully achieved" => 1.0,
                _ => return None,
            },
            Scale::ZeroToFour => match word {
                "0" => 0.0,
                "1" => 0.25,
                "2" => 0.5,
                "3" => 0.75,
                "4" => 1.0,
                _ => return None,
            },
        };
        Some(Answer::Value(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_the_scales() {
        assert_eq!(Scale::YesNo.parse(" Yes "), Some(Answer::Value(1.0)));
        assert_eq!(Scale::YesNo.parse("FALSE"), Some(Answer::Value(0.0)));
        assert_eq!(Scale::Nplf.parse("p"), Some(Answer::Value(1.0 / 3.0)));
        assert_eq!(Scale::Nplf.parse("Largely"), Some(Answer::Value(2.0 / 3.0)));
        assert_eq!(Scale::ZeroToFour.parse("3"), Some(Answer::Value(0.75)));
        assert_eq!(Scale::Nplf.parse("N/A"), Some(Answer::NotApplicable));
        assert_eq!(Scale::ZeroToFour.parse("  "), Some(Answer::Unanswered));
        assert_eq!(Scale::YesNo.parse("Don't know"), Some(Answer::Unanswered));
        assert_eq!(Scale::Nplf.parse("mostly"), None);
        assert_eq!(Scale::ZeroToFour.parse("5"), None);
        assert_eq!(Scale::YesNo.parse("P"), None);
    }

    #[test]
    fn every_offered_option_parses() {
        for scale in Scale::ALL {
            for option in scale.options() {
                assert!(scale.parse(option).is_some(), "{option} on {}", scale.name());
            }
        }
    }
}
