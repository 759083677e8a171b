//! Grading a class: each student's score and pass/fail, and item analysis of every question asked. Pure
//! functions over plain data, parallel over students and over questions, with the same numbers every run.
//!
//! Definitions (see `docs/study.md`): a question is right when the chosen options are exactly the correct ones;
//! a blank is wrong. Difficulty is the share of students asked the question who got it right. Discrimination
//! is the share right in the upper group minus the share right in the lower group, where each group holds
//! g = round(0.27 × N) students (half rounds up) ranked by their share of correct answers; students tied at a
//! group's cut share its remaining places equally (each counts with weight places ÷ tied), so the result does
//! not depend on the order of the rows.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{MAX_OPTIONS, Quiz};

/// Items answered correctly by more than this share are flagged as too easy.
pub const TOO_EASY: f64 = 0.9;
/// Items answered correctly by fewer than this share are flagged as too hard.
pub const TOO_HARD: f64 = 0.3;
/// The share of the class in each of the upper and lower groups, in percent.
pub const GROUP_PERCENT: usize = 27;

/// One student's answers, indexed like the quiz's questions: `None` when the question was not asked,
/// `Some(0)` for a blank, otherwise the bit set of chosen options.
#[derive(Debug, Clone, PartialEq)]
pub struct Student {
    pub name: String,
    /// Where the answers came from: `class.csv, row 4`, `ana.toml`.
    pub source: String,
    pub answers: Vec<Option<u8>>,
}

/// Right answers out of questions asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub correct: u64,
    pub asked: u64,
}

impl Tally {
    pub fn share(&self) -> Option<f64> {
        (self.asked > 0).then(|| self.correct as f64 / self.asked as f64)
    }

    fn add(&mut self, other: Tally) {
        self.correct += other.correct;
        self.asked += other.asked;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentResult {
    pub name: String,
    pub source: String,
    pub score: u64,
    pub asked: u64,
    /// The pass mark scaled to the questions asked (see [`super::ExamSettings::pass_mark_for`]).
    pub pass_mark: u64,
    pub passed: bool,
    /// Per stage of the quiz, in stage order.
    pub stages: Vec<Tally>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    TooEasy,
    TooHard,
    NegativeDiscrimination,
}

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::TooEasy => "too easy",
            Flag::TooHard => "too hard",
            Flag::NegativeDiscrimination => "negative discrimination",
        }
    }
}

/// Item analysis of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStats {
    /// Index into the quiz's questions.
    pub question: usize,
    pub asked: u64,
    pub correct: u64,
    pub blank: u64,
    /// How many students chose each option (a student choosing two options counts for both).
    pub chosen: Vec<u64>,
    /// Share correct.
    pub difficulty: f64,
    /// Share correct in the upper group, in the lower group, and their difference; `None` when a group is empty.
    pub upper: Option<f64>,
    pub lower: Option<f64>,
    pub discrimination: Option<f64>,
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicStats {
    pub topic: String,
    pub tally: Tally,
}

/// Everything `grade` computes for a class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassResult {
    /// In input order.
    pub students: Vec<StudentResult>,
    /// Questions asked to at least one student, in quiz order.
    pub items: Vec<ItemStats>,
    /// Per quiz stage, in stage order.
    pub stages: Vec<Tally>,
    /// Weakest first (lowest share correct, then most missed, then by name).
    pub topics: Vec<TopicStats>,
    /// Students in each of the upper and lower groups.
    pub group_size: usize,
}

/// g = round(0.27 × n), half up, in whole numbers: (27n + 50) div 100.
pub fn group_size(students: usize) -> usize {
    (GROUP_PERCENT * students + 50) / 100
}

/// Grade every student and analyse every item.
pub fn grade(quiz: &Quiz, students: &[Student]) -> ClassResult {
    let results: Vec<StudentResult> = students.par_iter().map(|s| grade_student(quiz, s)).collect();
    let g = group_size(students.len());
    let (upper, lower) = group_weights(&results, g);
    let items: Vec<ItemStats> = (0..quiz.questions.len())
        .into_par_iter()
        .filter_map(|q| analyse_item(quiz, q, students, &upper, &lower))
        .collect();
    let mut stages = vec![Tally::default(); quiz.stages.len()];
    let mut topics: BTreeMap<&str, Tally> = BTreeMap::new();
    for item in &items {
        let question = &quiz.questions[item.question];
        let tally = Tally { correct: item.correct, asked: item.asked };
        stages[question.stage].add(tally);
        topics.entry(question.topic.as_str()).or_default().add(tally);
    }
    let mut topics: Vec<TopicStats> =
        topics.into_iter().map(|(topic, tally)| TopicStats { topic: topic.to_string(), tally }).collect();
    topics.sort_by(|a, b| weakest_first(&a.tally, &b.tally).then_with(|| a.topic.cmp(&b.topic)));
    ClassResult { students: results, items, stages, topics, group_size: g }
}

/// Lower share first, compared exactly (cross-multiplied), then more questions missed first.
fn weakest_first(a: &Tally, b: &Tally) -> Ordering {
    let by_share = (u128::from(a.correct) * u128::from(b.asked)).cmp(&(u128::from(b.correct) * u128::from(a.asked)));
    by_share.then_with(|| (b.asked - b.correct).cmp(&(a.asked - a.correct)))
}

pub fn grade_student(quiz: &Quiz, student: &Student) -> StudentResult {
    let mut stages = vec![Tally::default(); quiz.stages.len()];
    for (question, answer) in quiz.questions.iter().zip(&student.answers) {
        if let Some(choice) = answer {
            let tally = &mut stages[question.stage];
            tally.asked += 1;
            tally.correct += u64::from(*choice == question.correct);
        }
    }
    let score = stages.iter().map(|t| t.correct).sum();
    let asked: u64 = stages.iter().map(|t| t.asked).sum();
    let pass_mark = u64::from(quiz.exam.pass_mark_for(u32::try_from(asked).unwrap_or(u32::MAX)));
    StudentResult {
        name: student.name.clone(),
        source: student.source.clone(),
        score,
        asked,
        pass_mark,
        passed: asked > 0 && score >= pass_mark,
        stages,
    }
}

/// Compare students by share of correct answers, exactly; a student asked nothing ranks as 0 %.
fn by_share(a: &StudentResult, b: &StudentResult) -> Ordering {
    let (a_asked, b_asked) = (a.asked.max(1), b.asked.max(1));
    (u128::from(a.score) * u128::from(b_asked)).cmp(&(u128::from(b.score) * u128::from(a_asked)))
}

/// Each student's weight in the upper and in the lower group (0 outside it; between 0 and 1 when tied at the cut).
fn group_weights(results: &[StudentResult], g: usize) -> (Vec<f64>, Vec<f64>) {
    let n = results.len();
    let mut upper = vec![0.0; n];
    let mut lower = vec![0.0; n];
    if g == 0 {
        return (upper, lower);
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| by_share(&results[b], &results[a]).then(a.cmp(&b)));
    fill_group(&order, g, results, &mut upper);
    order.reverse();
    fill_group(&order, g, results, &mut lower);
    (upper, lower)
}

/// `order` runs from the group's end inwards (best first for the upper group, worst first for the lower).
fn fill_group(order: &[usize], g: usize, results: &[StudentResult], weights: &mut [f64]) {
    let cut = &results[order[g - 1]];
    let beyond = order.iter().take_while(|&&s| by_share(&results[s], cut) != Ordering::Equal).count();
    let tied: Vec<usize> = order.iter().copied().filter(|&s| by_share(&results[s], cut) == Ordering::Equal).collect();
    for &s in &order[..beyond] {
        weights[s] = 1.0;
    }
    let share = (g - beyond) as f64 / tied.len() as f64;
    for s in tied {
        weights[s] = share;
    }
}

fn analyse_item(quiz: &Quiz, q: usize, students: &[Student], upper: &[f64], lower: &[f64]) -> Option<ItemStats> {
    let question = &quiz.questions[q];
    let mut chosen = vec![0u64; question.options.len()];
    let (mut asked, mut correct, mut blank) = (0u64, 0u64, 0u64);
    let (mut up_right, mut up_all, mut low_right, mut low_all) = (0.0, 0.0, 0.0, 0.0);
    for (s, student) in students.iter().enumerate() {
        let Some(choice) = student.answers[q] else { continue };
        asked += 1;
        let right = choice == question.correct;
        correct += u64::from(right);
        blank += u64::from(choice == 0);
        for (option, count) in chosen.iter_mut().enumerate().take(MAX_OPTIONS) {
            *count += u64::from(choice & (1 << option) != 0);
        }
        up_all += upper[s];
        low_all += lower[s];
        if right {
            up_right += upper[s];
            low_right += lower[s];
        }
    }
    if asked == 0 {
        return None;
    }
    let difficulty = correct as f64 / asked as f64;
    let upper = (up_all > 0.0).then(|| up_right / up_all);
    let lower = (low_all > 0.0).then(|| low_right / low_all);
    let discrimination = upper.zip(lower).map(|(u, l)| u - l);
    let mut flags = Vec::new();
    if difficulty > TOO_EASY {
        flags.push(Flag::TooEasy);
    }
    if difficulty < TOO_HARD {
        flags.push(Flag::TooHard);
    }
    if discrimination.is_some_and(|d| d < -1e-12) {
        flags.push(Flag::NegativeDiscrimination);
    }
    Some(ItemStats { question: q, asked, correct, blank, chosen, difficulty, upper, lower, discrimination, flags })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_size_rounds_half_up() {
        assert_eq!(group_size(1), 0); // 0.27
        assert_eq!(group_size(2), 1); // 0.54
        assert_eq!(group_size(10), 3); // 2.7
        assert_eq!(group_size(50), 14); // 13.5 → 14
        assert_eq!(group_size(10_000), 2700);
    }
}
