//! One sitting of a quiz, as saved after every answer: the draw, the answers so far and the time used, so
//! that an interrupted attempt resumes where it stopped, and a finished one can be graded with the class.
//!
//! The file is small TOML a person can read; answers are letters (`"A,C"`), a blank is `""`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Failure;
use crate::output::write_atomically;

use super::{Quiz, letters, parse_choice};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Show whether each answer is right, and why, straight after it.
    Study,
    /// Show the results and explanations only at the end.
    Exam,
}

/// What the file holds, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptFile {
    pub attempt: AttemptHeader,
    /// Question id → letters; only answered (or skipped) questions appear.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptHeader {
    pub quiz: String,
    pub quiz_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student: Option<String>,
    pub mode: Mode,
    pub seed: u64,
    /// 0 for no limit.
    pub time_limit_seconds: u64,
    /// Time spent answering, summed over sittings (time between sittings does not count).
    pub elapsed_seconds: u64,
    pub finished: bool,
    /// The drawn questions, in the order they are asked.
    pub questions: Vec<String>,
}

/// An attempt resolved against its quiz: question indices and answer bit sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub quiz_id: String,
    pub quiz_version: String,
    pub student: Option<String>,
    pub mode: Mode,
    pub seed: u64,
    pub time_limit_seconds: u64,
    pub elapsed_seconds: u64,
    pub finished: bool,
    pub questions: Vec<usize>,
    /// Aligned with `questions`: `None` until answered, `Some(0)` for a blank.
    pub answers: Vec<Option<u8>>,
}

impl Attempt {
    /// A fresh attempt at the drawn questions.
    pub fn new(quiz: &Quiz, questions: Vec<usize>, mode: Mode, seed: u64, time_limit_seconds: u64) -> Self {
        Self {
            quiz_id: quiz.meta.id.clone(),
            quiz_version: quiz.meta.version.to_string(),
            student: None,
            mode,
            seed,
            time_limit_seconds,
            elapsed_seconds: 0,
            finished: false,
            answers: vec![None; questions.len()],
            questions,
        }
    }

    /// The position of the first question not answered yet.
    pub fn next(&self) -> Option<usize> {
        self.answers.iter().position(Option::is_none)
    }

    pub fn answered(&self) -> usize {
        self.answers.iter().filter(|a| a.is_some()).count()
    }

    pub fn to_file(&self, quiz: &Quiz) -> AttemptFile {
        let answers = self
            .questions
            .iter()
            .zip(&self.answers)
            .filter_map(|(&q, a)| a.map(|choice| (quiz.questions[q].id.clone(), letters(choice))))
            .collect();
        AttemptFile {
            attempt: AttemptHeader {
                quiz: self.quiz_id.clone(),
                quiz_version: self.quiz_version.clone(),
                student: self.student.clone(),
                mode: self.mode,
                seed: self.seed,
                time_limit_seconds: self.time_limit_seconds,
                elapsed_seconds: self.elapsed_seconds,
                finished: self.finished,
                questions: self.questions.iter().map(|&q| quiz.questions[q].id.clone()).collect(),
            },
            answers,
        }
    }

    /// Resolve a file against the quiz; every problem is named (`attempt.toml: …`).
    pub fn from_file(quiz: &Quiz, file: AttemptFile, shown: &str) -> Result<Self, Failure> {
        let header = file.attempt;
        if header.quiz != quiz.meta.id {
            return Err(Failure::input(format!(
                "{shown}: this attempt is at quiz \"{}\", not \"{}\"",
                header.quiz, quiz.meta.id
            )));
        }
        let mut problems = Vec::new();
        let mut questions = Vec::new();
        for id in &header.questions {
            match quiz.question(id) {
                Some(q) if questions.contains(&q) => problems.push(format!("question {id} is listed twice")),
                Some(q) => questions.push(q),
                None => problems.push(format!("question {id} is not in the quiz")),
            }
        }
        let mut answers = vec![None; questions.len()];
        for (id, text) in &file.answers {
            let Some(position) = quiz.question(id).and_then(|q| questions.iter().position(|&x| x == q)) else {
                problems.push(format!("an answer to {id}, which is not one of the attempt's questions"));
                continue;
            };
            match parse_choice(&quiz.questions[questions[position]], text) {
                Ok(choice) => answers[position] = Some(choice),
                Err(message) => problems.push(message),
            }
        }
        if !problems.is_empty() {
            return Err(Failure::input(
                problems.iter().map(|p| format!("{shown}: {p}")).collect::<Vec<_>>().join("\n"),
            ));
        }
        Ok(Self {
            quiz_id: header.quiz,
            quiz_version: header.quiz_version,
            student: header.student,
            mode: header.mode,
            seed: header.seed,
            time_limit_seconds: header.time_limit_seconds,
            elapsed_seconds: header.elapsed_seconds,
            finished: header.finished,
            questions,
            answers,
        })
    }

    /// Read and resolve an attempt file.
    pub fn read(quiz: &Quiz, path: &Path) -> Result<Self, Failure> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{shown}: cannot read: {e}")))?;
        let file: AttemptFile = toml::from_str(&text)
            .map_err(|e| Failure::input(format!("{shown}: not an attempt file: {}", e.to_string().trim_end())))?;
        Self::from_file(quiz, file, &shown)
    }

    /// Write the attempt atomically: an interruption leaves the previous version whole.
    pub fn save(&self, quiz: &Quiz, path: &Path) -> Result<(), Failure> {
        let text = toml::to_string(&self.to_file(quiz))
            .map_err(|e| Failure::other(format!("{}: cannot write the attempt: {e}", path.display())))?;
        write_atomically(path, text.as_bytes())
    }
}
