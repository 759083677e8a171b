//! The questionnaire model: lifecycle stages, their processes, and the questions that evidence each maturity level.
//!
//! [`load`] reads TOML files into this model and reports every problem with its place; what comes out of it is
//! valid, so scoring and reporting never re-check it.

mod load;
mod scale;

pub use load::{Loaded, load, load_valid};
pub use scale::{Answer, Scale};

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A whole questionnaire, merged from one file or a folder of files.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub meta: Meta,
    pub scoring: Thresholds,
    /// In declaration order.
    pub stages: Vec<Stage>,
    /// Grouped by stage (in stage order), then in declaration order.
    pub processes: Vec<Process>,
    /// Grouped by process (in process order), then by level, then in declaration order.
    pub questions: Vec<Question>,
    question_index: HashMap<String, usize>,
    process_index: HashMap<String, usize>,
}

/// Descriptive metadata, carried into result documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub version: Version,
    pub kind: Kind,
    pub framework: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    pub licence: Option<String>,
}

/// What a questionnaire is for. Only maturity assessments exist so far; practice quizzes will join them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Maturity,
}

/// A semantic version `MAJOR.MINOR.PATCH`; comparisons across assessments look at the major and minor parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('.');
        let mut next = || -> Option<u64> {
            let part = parts.next()?;
            let plain = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            let canonical = part == "0" || !part.starts_with('0');
            if plain && canonical { part.parse().ok() } else { None }
        };
        let version = Self { major: next()?, minor: next()?, patch: next()? };
        parts.next().is_none().then_some(version)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Version::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" is not a version MAJOR.MINOR.PATCH")))
    }
}

/// The thresholds of the scoring rule (see `docs/scoring.md`); the defaults are those of ISO/IEC 33020.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Level L is achieved when a(L) is above this ("largely achieved")...
    pub largely: f64,
    /// ...and every lower level is above this ("fully achieved").
    pub fully: f64,
    /// A question at or below this is unmet: it blocks its level when mandatory and is recommended.
    pub unmet: f64,
    /// Respondents disagree on a question when their spread is at least this.
    pub disagreement: f64,
    /// A process with a smaller share of its questions answered is flagged.
    pub min_coverage: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self { largely: 0.5, fully: 0.85, unmet: 0.5, disagreement: 0.5, min_coverage: 0.8 }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProcessType {
    Process,
    Function,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Process {
    pub id: String,
    /// Index into [`Questionnaire::stages`].
    pub stage: usize,
    pub name: String,
    pub purpose: String,
    /// Default target level, 1-5.
    pub target: u8,
    /// Weight among the processes of its stage, > 0.
    pub importance: f64,
    pub kind: ProcessType,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    /// Index into [`Questionnaire::processes`].
    pub process: usize,
    /// The maturity level 1-5 this question evidences.
    pub level: u8,
    pub text: String,
    pub scale: Scale,
    pub weight: f64,
    pub mandatory: bool,
    /// What good practice recommends when this is not in place: becomes a recommendation.
    pub guidance: String,
    /// What an auditor would ask to see.
    pub evidence: Option<String>,
}

impl Questionnaire {
    pub(crate) fn new(
        meta: Meta,
        scoring: Thresholds,
        stages: Vec<Stage>,
        processes: Vec<Process>,
        questions: Vec<Question>,
    ) -> Self {
        let question_index = questions.iter().enumerate().map(|(i, q)| (q.id.clone(), i)).collect();
        let process_index = processes.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
        Self { meta, scoring, stages, processes, questions, question_index, process_index }
    }

    pub fn question(&self, id: &str) -> Option<usize> {
        self.question_index.get(id).copied()
    }

    pub fn process(&self, id: &str) -> Option<usize> {
        self.process_index.get(id).copied()
    }

    /// Indices of the processes of a stage, in order.
    pub fn processes_of(&self, stage: usize) -> impl Iterator<Item = usize> + '_ {
        self.processes.iter().enumerate().filter(move |(_, p)| p.stage == stage).map(|(i, _)| i)
    }

    /// One line for `validate`: `ITIL v3 lifecycle assessment 1.0.0 — 5 stages, 30 processes, 312 questions`.
    pub fn summary(&self) -> String {
        format!(
            "{} {} — {} stages, {} processes, {} questions",
            self.meta.title,
            self.meta.version,
            self.stages.len(),
            self.processes.len(),
            self.questions.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_three_plain_numbers() {
        assert_eq!(Version::parse("1.10.0"), Some(Version { major: 1, minor: 10, patch: 0 }));
        assert_eq!(Version::parse("1.0"), None);
        assert_eq!(Version::parse("1.0.0.0"), None);
        assert_eq!(Version::parse("01.0.0"), None);
        assert_eq!(Version::parse("1.a.0"), None);
        assert_eq!(Version::parse(""), None);
    }
}
