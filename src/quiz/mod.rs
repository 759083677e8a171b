//! Practice quizzes for ITIL certification: multiple-choice questions tagged by lifecycle stage and syllabus topic,
//! taken in the terminal (`take`) or graded for a whole class with item analysis (`grade`).
//!
//! The flow, one module each: [`load`] (TOML with places) → [`draw`] (a seeded, stage-balanced exam) →
//! [`attempt`] (the saved state of one sitting) → [`take`] (the terminal session) ; and for trainers
//! [`sheets`] (CSV, workbooks, attempt files) → [`grade`] (pure maths) → [`report`] (HTML and JSON).

pub mod attempt;
pub mod draw;
pub mod grade;
mod load;
pub mod report;
pub mod sheets;
pub mod take;

pub use load::{LoadedQuiz, is_quiz_file, load, load_valid};

use std::collections::HashMap;

use serde::Serialize;

use crate::questionnaire::Version;

/// At most this many options per question: a choice is a bit set in a `u8`.
pub const MAX_OPTIONS: usize = 8;

/// A whole quiz: its exam settings, stages and questions.
#[derive(Debug, Clone)]
pub struct Quiz {
    pub meta: QuizMeta,
    pub exam: ExamSettings,
    /// In declaration order.
    pub stages: Vec<QuizStage>,
    /// In declaration order.
    pub questions: Vec<QuizQuestion>,
    index: HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizMeta {
    pub id: String,
    pub title: String,
    pub version: Version,
    pub framework: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
    pub licence: Option<String>,
}

/// The shape of the real exam the quiz prepares for: the default size and time of a draw, and its pass mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExamSettings {
    pub questions: u32,
    pub minutes: u32,
    /// Correct answers needed out of `questions`.
    pub pass_mark: u32,
}

impl ExamSettings {
    /// The pass mark for an exam of `asked` questions: the same share, rounded up (26 of 40 → 13 of 20).
    pub fn pass_mark_for(&self, asked: u32) -> u32 {
        if self.questions == 0 {
            return asked;
        }
        let needed = u64::from(self.pass_mark) * u64::from(asked);
        needed.div_ceil(u64::from(self.questions)) as u32
    }

    /// The time for an exam of `asked` questions, in seconds: the same time per question.
    pub fn seconds_for(&self, asked: u32) -> u64 {
        if self.questions == 0 {
            return 0;
        }
        (u64::from(self.minutes) * 60 * u64::from(asked)).div_ceil(u64::from(self.questions))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizStage {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "easy" => Some(Self::Easy),
            "medium" => Some(Self::Medium),
            "hard" => Some(Self::Hard),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Easy => "easy",
            Self::Medium => "medium",
            Self::Hard => "hard",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuizQuestion {
    pub id: String,
    /// Index into [`Quiz::stages`].
    pub stage: usize,
    pub topic: String,
    pub difficulty: Difficulty,
    pub text: String,
    /// Labelled A, B, C… in this order.
    pub options: Vec<String>,
    /// Bit `i` set when option `i` is correct; never 0.
    pub correct: u8,
    /// Why the right answer is right.
    pub explanation: String,
}

impl QuizQuestion {
    /// How many options a complete answer picks.
    pub fn picks(&self) -> u32 {
        self.correct.count_ones()
    }
}

impl Quiz {
    pub(crate) fn new(
        meta: QuizMeta,
        exam: ExamSettings,
        stages: Vec<QuizStage>,
        questions: Vec<QuizQuestion>,
    ) -> Self {
        let index = questions.iter().enumerate().map(|(i, q)| (q.id.clone(), i)).collect();
        Self { meta, exam, stages, questions, index }
    }

    pub fn question(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn stage(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// One line for `validate`: `ITIL Foundation practice 1.0.0 — 5 stages, 120 questions`.
    pub fn summary(&self) -> String {
        format!(
            "{} {} — {} stages, {} questions",
            self.meta.title,
            self.meta.version,
            self.stages.len(),
            self.questions.len()
        )
    }
}

/// `0 → A`.
pub fn letter(option: usize) -> char {
    char::from(b'A' + option as u8)
}

/// A choice as letters: `A,C`; empty for a blank.
pub fn letters(choice: u8) -> String {
    (0..MAX_OPTIONS).filter(|i| choice & (1 << i) != 0).map(|i| letter(i).to_string()).collect::<Vec<_>>().join(",")
}

/// Read one answer to a question as people and forms write it: `B`, `a, c`, `AC`, `A;C`, the option's text,
/// or option texts joined by commas (as form tools export checkboxes). `Ok(0)` is a blank (also `-` and `?`).
pub fn parse_choice(question: &QuizQuestion, text: &str) -> Result<u8, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed == "-" || trimmed == "?" {
        return Ok(0);
    }
    let unified = trimmed.replace(';', ",");
    let parts: Vec<&str> = unified.split(',').collect();
    // Segment the comma-separated parts into options: reachable[j] holds the choice made of parts[..j].
    let mut reachable: Vec<Option<u8>> = vec![None; parts.len() + 1];
    reachable[0] = Some(0);
    for start in 0..parts.len() {
        let Some(so_far) = reachable[start] else { continue };
        for end in start + 1..=parts.len() {
            if reachable[end].is_some() {
                continue;
            }
            let piece = parts[start..end].join(",");
            if let Some(found) = piece_choice(question, piece.trim()) {
                reachable[end] = Some(so_far | found);
            }
        }
    }
    match reachable[parts.len()] {
        Some(choice) if choice != 0 => Ok(choice),
        _ => Err(format!(
            "\"{trimmed}\" is not an answer to {} (expected letters from A to {}, e.g. \"B\" or \"A,C\")",
            question.id,
            letter(question.options.len() - 1)
        )),
    }
}

/// One piece of an answer: an option's text, or letters (`B`, `AC`, `A C`, `B)`).
fn piece_choice(question: &QuizQuestion, piece: &str) -> Option<u8> {
    if piece.is_empty() {
        return None;
    }
    if let Some(i) = question.options.iter().position(|o| o.trim().eq_ignore_ascii_case(piece)) {
        return Some(1 << i);
    }
    let mut choice = 0u8;
    for c in piece.chars().filter(|c| !c.is_whitespace() && !matches!(c, '+' | '&' | '/' | ')' | '.')) {
        let upper = c.to_ascii_uppercase();
        let index = (upper as u32).checked_sub('A' as u32)? as usize;
        if !upper.is_ascii_uppercase() || index >= question.options.len() {
            return None;
        }
        choice |= 1 << index;
    }
    (choice != 0).then_some(choice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(options: &[&str]) -> QuizQuestion {
        QuizQuestion {
            id: "Q-1".into(),
            stage: 0,
            topic: "t".into(),
            difficulty: Difficulty::Easy,
            text: "?".into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            correct: 1,
            explanation: "because".into(),
        }
    }

    #[test]
    fn choices_in_the_shapes_people_and_forms_write() {
        let q = question(&["Utility", "Warranty, and more", "Value", "Cost"]);
        assert_eq!(parse_choice(&q, "B"), Ok(0b10));
        assert_eq!(parse_choice(&q, " a , c "), Ok(0b101));
        assert_eq!(parse_choice(&q, "AC"), Ok(0b101));
        assert_eq!(parse_choice(&q, "A;D"), Ok(0b1001));
        assert_eq!(parse_choice(&q, "value"), Ok(0b100));
        assert_eq!(parse_choice(&q, "Utility, Warranty, and more"), Ok(0b11));
        assert_eq!(parse_choice(&q, ""), Ok(0));
        assert_eq!(parse_choice(&q, "-"), Ok(0));
        assert_eq!(
            parse_choice(&q, "E"),
            Err("\"E\" is not an answer to Q-1 (expected letters from A to D, e.g. \"B\" or \"A,C\")".into())
        );
        assert!(parse_choice(&q, "Cost of it").is_err());
        assert_eq!(letters(0b101), "A,C");
    }

    #[test]
    fn pass_mark_and_time_scale_with_the_number_of_questions() {
        let exam = ExamSettings { questions: 40, minutes: 60, pass_mark: 26 };
        assert_eq!(exam.pass_mark_for(40), 26);
        assert_eq!(exam.pass_mark_for(20), 13);
        assert_eq!(exam.pass_mark_for(10), 7); // 6.5 rounds up
        assert_eq!(exam.seconds_for(40), 3600);
        assert_eq!(exam.seconds_for(10), 900);
    }
}
