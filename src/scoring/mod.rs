//! Scoring: from answers to maturity levels, indices, gaps and recommendations. Pure code, no I/O.
//!
//! The rules are in `docs/scoring.md`; every threshold comparison allows 1e-9 of slack, as
//! `../shared/spec/scoring-thresholds.md` requires, so results do not depend on summation order.
//! Questions and processes are scored in parallel; each sum runs in a fixed order, so the output is
//! byte-identical whatever the number of threads.

use rayon::prelude::*;

use crate::answers::Response;
use crate::questionnaire::{Answer, Questionnaire, Thresholds};

/// Slack for comparisons with thresholds.
pub const EPSILON: f64 = 1e-9;

/// Target level and importance per process, indexed like the questionnaire's processes.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    pub target: Vec<u8>,
    pub importance: Vec<f64>,
}

impl Targets {
    /// The questionnaire's defaults.
    pub fn of(q: &Questionnaire) -> Self {
        Self {
            target: q.processes.iter().map(|p| p.target).collect(),
            importance: q.processes.iter().map(|p| p.importance).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuestionScore {
    /// Weighted mean over the respondents who gave a value; `None` when nobody did (or their weights are 0).
    pub value: Option<f64>,
    /// max − min over the respondents who gave a value.
    pub spread: Option<f64>,
    pub answered: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
}

impl QuestionScore {
    /// Every respondent who said anything said "n/a": the question leaves scoring.
    pub fn is_not_applicable(&self) -> bool {
        self.answered == 0 && self.not_applicable > 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelScore {
    /// a(L): weighted mean of the values of the level's answered questions.
    pub achievement: Option<f64>,
    pub answered: usize,
    pub questions: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProcessScore {
    /// Achieved level, 0-5.
    pub level: u8,
    /// Continuous maturity index: level + a(level + 1), capped at 5.
    pub index: f64,
    pub levels: [LevelScore; 5],
    /// Questions with a value ÷ questions that apply (not n/a).
    pub coverage: f64,
    pub low_coverage: bool,
    pub answered: usize,
    pub applicable: usize,
    pub target: u8,
    pub importance: f64,
    /// max(0, target − index).
    pub gap: f64,
    /// gap × importance.
    pub priority: f64,
    /// Question indices whose spread is at or above the disagreement threshold.
    pub disagreements: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StageScore {
    /// Importance-weighted mean of its processes' indices; `None` for a stage without processes.
    pub index: Option<f64>,
    /// Importance-weighted mean of its processes' targets.
    pub target: Option<f64>,
    pub gap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub process: usize,
    pub question: usize,
    pub priority: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub questions: Vec<QuestionScore>,
    pub processes: Vec<ProcessScore>,
    pub stages: Vec<StageScore>,
    /// Mean of the stage indices.
    pub overall: f64,
    /// The stage with the lowest index (the first of equals).
    pub weakest_stage: Option<usize>,
    /// Most urgent first: priority, then level, then questionnaire order.
    pub recommendations: Vec<Recommendation>,
}

/// Weighted mean `Σ(w·x) / Σw` in the order given; `None` when the total weight is 0.
pub fn weighted_mean(pairs: impl IntoIterator<Item = (f64, f64)>) -> Option<f64> {
    let (mut sum, mut total) = (0.0, 0.0);
    for (weight, value) in pairs {
        sum += weight * value;
        total += weight;
    }
    (total > 0.0).then(|| sum / total)
}

pub fn score(q: &Questionnaire, responses: &[Response], targets: &Targets) -> Scores {
    let questions: Vec<QuestionScore> =
        (0..q.questions.len()).into_par_iter().map(|i| score_question(i, responses)).collect();
    let processes: Vec<ProcessScore> =
        (0..q.processes.len()).into_par_iter().map(|p| score_process(q, p, &questions, targets, &q.scoring)).collect();
    let stages: Vec<StageScore> = (0..q.stages.len())
        .map(|s| {
            let members: Vec<usize> = q.processes_of(s).collect();
            let index = weighted_mean(members.iter().map(|&p| (processes[p].importance, processes[p].index)));
            let target =
                weighted_mean(members.iter().map(|&p| (processes[p].importance, f64::from(processes[p].target))));
            let gap = index.zip(target).map(|(i, t)| (t - i).max(0.0));
            StageScore { index, target, gap }
        })
        .collect();
    let indices: Vec<f64> = stages.iter().filter_map(|s| s.index).collect();
    let overall = if indices.is_empty() { 0.0 } else { indices.iter().sum::<f64>() / indices.len() as f64 };
    let weakest_stage = stages
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.index.map(|x| (i, x)))
        .fold(None, |best: Option<(usize, f64)>, (i, x)| match best {
            Some((_, b)) if b <= x => best,
            _ => Some((i, x)),
        })
        .map(|(i, _)| i);
    let recommendations = recommend(q, &questions, &processes);
    Scores { questions, processes, stages, overall, weakest_stage, recommendations }
}

fn score_question(question: usize, responses: &[Response]) -> QuestionScore {
    let (mut answered, mut not_applicable, mut unanswered) = (0, 0, 0);
    let (mut sum, mut total) = (0.0, 0.0);
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for response in responses {
        match response.answers.get(question) {
            Answer::Value(v) => {
                answered += 1;
                sum += response.respondent.weight * v;
                total += response.respondent.weight;
                min = min.min(v);
                max = max.max(v);
            }
            Answer::NotApplicable => not_applicable += 1,
            Answer::Unanswered => unanswered += 1,
        }
    }
    QuestionScore {
        value: (total > 0.0).then(|| sum / total),
        spread: (answered > 0).then_some(max - min),
        answered,
        not_applicable,
        unanswered,
    }
}

/// What the level rule needs to know of one question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuestionValue {
    pub level: u8,
    pub weight: f64,
    pub mandatory: bool,
    /// `None` when nobody gave a value.
    pub value: Option<f64>,
}

/// The level rule of `docs/scoring.md` for one process: achievement per level, achieved level, maturity index.
pub fn rate(questions: &[QuestionValue], t: &Thresholds) -> ([LevelScore; 5], u8, f64) {
    let levels: [LevelScore; 5] = std::array::from_fn(|l| {
        let at_level = questions.iter().filter(|x| usize::from(x.level) == l + 1);
        let valued: Vec<(f64, f64)> = at_level.clone().filter_map(|x| x.value.map(|v| (x.weight, v))).collect();
        LevelScore {
            achievement: weighted_mean(valued.iter().copied()),
            answered: valued.len(),
            questions: at_level.count(),
        }
    });
    let blocked_at = |level: usize| {
        questions
            .iter()
            .any(|x| x.mandatory && usize::from(x.level) <= level && x.value.is_some_and(|v| v <= t.unmet + EPSILON))
    };
    let mut level = 0;
    for candidate in 1..=5 {
        let reached = levels[candidate - 1].achievement.is_some_and(|a| a > t.largely + EPSILON);
        let lower_full = levels[..candidate - 1].iter().all(|l| l.achievement.is_some_and(|a| a > t.fully + EPSILON));
        if !(reached && lower_full) || blocked_at(candidate) {
            break;
        }
        level = candidate;
    }
    let index = if level == 5 { 5.0 } else { (level as f64 + levels[level].achievement.unwrap_or(0.0)).min(5.0) };
    (levels, level as u8, index)
}

fn score_process(
    q: &Questionnaire,
    process: usize,
    questions: &[QuestionScore],
    targets: &Targets,
    t: &Thresholds,
) -> ProcessScore {
    let members: Vec<usize> = (0..q.questions.len()).filter(|&i| q.questions[i].process == process).collect();
    let values: Vec<QuestionValue> = members
        .iter()
        .map(|&i| {
            let x = &q.questions[i];
            QuestionValue { level: x.level, weight: x.weight, mandatory: x.mandatory, value: questions[i].value }
        })
        .collect();
    let (levels, level, index) = rate(&values, t);
    let applicable = members.iter().filter(|&&i| !questions[i].is_not_applicable()).count();
    let answered = members.iter().filter(|&&i| questions[i].value.is_some()).count();
    let coverage = if applicable == 0 { 0.0 } else { answered as f64 / applicable as f64 };
    let target = targets.target[process];
    let importance = targets.importance[process];
    let gap = (f64::from(target) - index).max(0.0);
    let disagreements = members
        .iter()
        .copied()
        .filter(|&i| questions[i].answered >= 2 && questions[i].spread.is_some_and(|s| s >= t.disagreement - EPSILON))
        .collect();
    ProcessScore {
        level,
        index,
        levels,
        coverage,
        low_coverage: coverage < t.min_coverage - EPSILON,
        answered,
        applicable,
        target,
        importance,
        gap,
        priority: gap * importance,
        disagreements,
    }
}

/// For each process below its target: its unmet questions from the level above the achieved one up to the
/// target, most urgent first.
fn recommend(q: &Questionnaire, questions: &[QuestionScore], processes: &[ProcessScore]) -> Vec<Recommendation> {
    let unmet = q.scoring.unmet;
    let mut out: Vec<Recommendation> = q
        .questions
        .iter()
        .enumerate()
        .filter(|(i, x)| {
            let p = &processes[x.process];
            p.gap > EPSILON
                && x.level > p.level
                && x.level <= p.target
                && questions[*i].value.is_some_and(|v| v <= unmet + EPSILON)
        })
        .map(|(i, x)| Recommendation { process: x.process, question: i, priority: processes[x.process].priority })
        .collect();
    out.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then(q.questions[a.question].level.cmp(&q.questions[b.question].level))
            .then(a.question.cmp(&b.question))
    });
    out
}
