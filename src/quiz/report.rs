//! The class report: a JSON document for other tools, and a self-contained HTML page for the trainer (score
//! histogram, per-stage bars, per-student table, item table, topics to revisit).
//!
//! The HTML comes from `report-templates/class-report.html`, one of the report's templates (embedded, and
//! replaceable with `--templates`), rendered with tera 2
//! (the version the main report uses), which escapes every value of an `.html` template; numbers are
//! formatted here, in Rust, so the same class always gives the same bytes.

use serde::Serialize;

use crate::charts::{self, GroupedBarsInput, HistogramInput, ReferenceLine, Series};
use crate::error::Failure;

use super::grade::{ClassResult, Flag, Tally};
use super::{Quiz, letter, letters};

const TEMPLATE_NAME: &str = "class-report.html";

/// Topics whose share correct is below the pass share are listed for revision.
fn pass_share(quiz: &Quiz) -> f64 {
    f64::from(quiz.exam.pass_mark) / f64::from(quiz.exam.questions.max(1))
}

#[derive(Serialize)]
struct JsonReport<'a> {
    quiz: JsonQuiz<'a>,
    students: Vec<JsonStudent<'a>>,
    items: Vec<JsonItem<'a>>,
    stages: Vec<JsonStage<'a>>,
    topics: Vec<JsonTopic<'a>>,
    /// Students in each of the upper and lower 27 % groups.
    group_size: usize,
}

#[derive(Serialize)]
struct JsonQuiz<'a> {
    id: &'a str,
    title: &'a str,
    version: String,
    exam: super::ExamSettings,
}

#[derive(Serialize)]
struct JsonStudent<'a> {
    name: &'a str,
    source: &'a str,
    score: u64,
    asked: u64,
    pass_mark: u64,
    passed: bool,
    /// Stage id → tally, in stage order.
    stages: Vec<JsonStage<'a>>,
}

#[derive(Serialize)]
struct JsonStage<'a> {
    stage: &'a str,
    correct: u64,
    asked: u64,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    stage: &'a str,
    topic: &'a str,
    correct_options: String,
    asked: u64,
    correct: u64,
    blank: u64,
    /// Option letter → how many chose it.
    chosen: Vec<(String, u64)>,
    difficulty: f64,
    upper: Option<f64>,
    lower: Option<f64>,
    discrimination: Option<f64>,
    flags: &'a [Flag],
}

#[derive(Serialize)]
struct JsonTopic<'a> {
    topic: &'a str,
    correct: u64,
    asked: u64,
}

fn stages_of<'a>(quiz: &'a Quiz, tallies: &[Tally]) -> Vec<JsonStage<'a>> {
    quiz.stages
        .iter()
        .zip(tallies)
        .map(|(s, t)| JsonStage { stage: &s.id, correct: t.correct, asked: t.asked })
        .collect()
}

/// The class result as pretty JSON.
pub fn json(quiz: &Quiz, class: &ClassResult) -> Result<String, Failure> {
    let report = JsonReport {
        quiz: JsonQuiz {
            id: &quiz.meta.id,
            title: &quiz.meta.title,
            version: quiz.meta.version.to_string(),
            exam: quiz.exam,
        },
        students: class
            .students
            .iter()
            .map(|s| JsonStudent {
                name: &s.name,
                source: &s.source,
                score: s.score,
                asked: s.asked,
                pass_mark: s.pass_mark,
                passed: s.passed,
                stages: stages_of(quiz, &s.stages),
            })
            .collect(),
        items: class
            .items
            .iter()
            .map(|item| {
                let q = &quiz.questions[item.question];
                JsonItem {
                    id: &q.id,
                    stage: &quiz.stages[q.stage].id,
                    topic: &q.topic,
                    correct_options: letters(q.correct),
                    asked: item.asked,
                    correct: item.correct,
                    blank: item.blank,
                    chosen: item.chosen.iter().enumerate().map(|(i, &n)| (letter(i).to_string(), n)).collect(),
                    difficulty: item.difficulty,
                    upper: item.upper,
                    lower: item.lower,
                    discrimination: item.discrimination,
                    flags: &item.flags,
                }
            })
            .collect(),
        stages: stages_of(quiz, &class.stages),
        topics: class
            .topics
            .iter()
            .map(|t| JsonTopic { topic: &t.topic, correct: t.tally.correct, asked: t.tally.asked })
            .collect(),
        group_size: class.group_size,
    };
    let mut text = serde_json::to_string_pretty(&report).map_err(|e| Failure::other(format!("JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

#[derive(Serialize)]
struct HtmlView {
    title: String,
    quiz: String,
    students: usize,
    mean: String,
    passed: String,
    pass_rule: String,
    group_size: usize,
    histogram: String,
    stage_bars: String,
    student_rows: Vec<HtmlStudent>,
    stage_names: Vec<String>,
    items: Vec<HtmlItem>,
    revisit: Vec<HtmlTopic>,
    flagged: usize,
}

#[derive(Serialize)]
struct HtmlStudent {
    name: String,
    source: String,
    score: String,
    percent: String,
    passed: bool,
    stages: Vec<String>,
}

#[derive(Serialize)]
struct HtmlItem {
    id: String,
    stage: String,
    topic: String,
    text: String,
    asked: u64,
    difficulty: String,
    discrimination: String,
    options: Vec<HtmlOption>,
    blank: u64,
    flags: Vec<&'static str>,
}

#[derive(Serialize)]
struct HtmlOption {
    letter: char,
    count: u64,
    correct: bool,
}

#[derive(Serialize)]
struct HtmlTopic {
    topic: String,
    share: String,
    tally: String,
}

fn pct(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_string(), |s| format!("{:.0}%", s * 100.0))
}

fn fixed2(value: Option<f64>) -> String {
    // "-0.00" would read oddly for a tiny negative: normalise zeros.
    value.map_or_else(|| "–".to_string(), |v| if v.abs() < 0.005 { "0.00".to_string() } else { format!("{v:.2}") })
}

fn chart_error(e: charts::ChartError) -> Failure {
    Failure::other(format!("class report: {e}"))
}

/// The class report as one HTML page.
/// The HTML class report; `templates` is a folder whose files replace the built-in report templates.
pub fn html(quiz: &Quiz, class: &ClassResult, templates: Option<&std::path::Path>) -> Result<String, Failure> {
    let n = class.students.len();
    let total: Tally = class
        .students
        .iter()
        .fold(Tally::default(), |t, s| Tally { correct: t.correct + s.score, asked: t.asked + s.asked });
    let passed = class.students.iter().filter(|s| s.passed).count();

    let edges: Vec<f64> = (0..=10).map(|i| f64::from(i) * 10.0).collect();
    let mut counts = vec![0u64; 10];
    for s in &class.students {
        let share = Tally { correct: s.score, asked: s.asked }.share().unwrap_or(0.0);
        counts[((share * 10.0).floor() as usize).min(9)] += 1;
    }
    let pass_percent = pass_share(quiz) * 100.0;
    let histogram = charts::histogram(&HistogramInput {
        id: "scores".into(),
        title: "Scores".into(),
        bin_edges: edges,
        counts,
        x_label: "Share of questions right (%)".into(),
        y_label: "Students".into(),
        marker: Some(ReferenceLine { value: pass_percent, label: format!("Pass mark {pass_percent:.0}%") }),
    })
    .map_err(chart_error)?;
    let asked_stages: Vec<(usize, Tally)> =
        class.stages.iter().copied().enumerate().filter(|(_, t)| t.asked > 0).collect();
    let stage_bars = charts::grouped_bars(&GroupedBarsInput {
        id: "stages".into(),
        title: "Share right by lifecycle stage".into(),
        categories: asked_stages.iter().map(|(i, _)| quiz.stages[*i].name.clone()).collect(),
        series: vec![Series::new(
            "Class",
            asked_stages.iter().map(|(_, t)| t.share().unwrap_or(0.0) * 100.0).collect(),
        )],
        x_label: "Stage".into(),
        y_label: "Right (%)".into(),
        y_max: Some(100.0),
        decimals: 0,
        unit: "%".into(),
    })
    .map_err(chart_error)?;

    let student_rows = class
        .students
        .iter()
        .map(|s| HtmlStudent {
            name: s.name.clone(),
            source: s.source.clone(),
            score: format!("{} / {}", s.score, s.asked),
            percent: pct(Tally { correct: s.score, asked: s.asked }.share()),
            passed: s.passed,
            stages: asked_stages.iter().map(|(i, _)| pct(s.stages[*i].share())).collect(),
        })
        .collect();
    let items: Vec<HtmlItem> = class
        .items
        .iter()
        .map(|item| {
            let q = &quiz.questions[item.question];
            HtmlItem {
                id: q.id.clone(),
                stage: quiz.stages[q.stage].name.clone(),
                topic: q.topic.clone(),
                text: q.text.clone(),
                asked: item.asked,
                difficulty: fixed2(Some(item.difficulty)),
                discrimination: fixed2(item.discrimination),
                options: item
                    .chosen
                    .iter()
                    .enumerate()
                    .map(|(i, &count)| HtmlOption { letter: letter(i), count, correct: q.correct & (1 << i) != 0 })
                    .collect(),
                blank: item.blank,
                flags: item.flags.iter().map(|f| f.label()).collect(),
            }
        })
        .collect();
    let revisit = class
        .topics
        .iter()
        .filter(|t| t.tally.share().is_some_and(|s| s < pass_share(quiz)))
        .map(|t| HtmlTopic {
            topic: t.topic.clone(),
            share: pct(t.tally.share()),
            tally: format!("{} of {}", t.tally.correct, t.tally.asked),
        })
        .collect();
    let view = HtmlView {
        title: format!("Class results: {}", quiz.meta.title),
        quiz: format!("{} {}", quiz.meta.title, quiz.meta.version),
        students: n,
        mean: pct(total.share()),
        passed: format!("{passed} of {n} ({})", pct(Tally { correct: passed as u64, asked: n as u64 }.share())),
        pass_rule: format!(
            "{} of {} ({pass_percent:.0}%), scaled to the questions asked",
            quiz.exam.pass_mark, quiz.exam.questions
        ),
        group_size: class.group_size,
        histogram,
        stage_bars,
        student_rows,
        stage_names: asked_stages.iter().map(|(i, _)| quiz.stages[*i].name.clone()).collect(),
        flagged: items.iter().filter(|i| !i.flags.is_empty()).count(),
        items,
        revisit,
    };
    let tera = crate::report::templates(templates)?;
    let mut context = tera::Context::new();
    context.insert("r", &view);
    tera.render(TEMPLATE_NAME, &context)
        .map_err(|e| Failure::input(format!("report templates: {}", crate::report::error_chain(&e))))
}
