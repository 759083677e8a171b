//! The report's view model: every number formatted, every sentence written, every chart drawn, so that the
//! templates only lay things out. Strings here are plain text: the templates escape them (charts excepted,
//! which are SVG built by `crate::charts`, escaping their own text).

use serde::Serialize;

use crate::charts::{self, BarWithTarget, BarsWithTargetsInput, HeatMapInput, HeatMapRow, RadarInput, Series};
use crate::results::ResultDocument;

use super::ReportOptions;

/// Names of the maturity levels of the Process Maturity Framework, 0-5.
pub const LEVEL_NAMES: [&str; 6] = ["Absent", "Initial", "Repeatable", "Defined", "Managed", "Optimising"];

#[derive(Debug, Serialize)]
pub struct Report {
    pub title: String,
    pub client: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
    pub label: Option<String>,
    pub questionnaire: String,
    pub framework: Option<String>,
    pub scope: String,
    pub summary: Summary,
    pub method: Method,
    pub overview: Overview,
    pub stages: Vec<StageView>,
    pub heat_maps: Vec<Chart>,
    pub roadmap: Roadmap,
    pub disagreements: Vec<DisagreementGroup>,
    pub disagreement_threshold: String,
    pub tickets: Option<super::tickets::TicketSection>,
    pub trend: Option<super::trend::Trend>,
    pub appendix: Vec<AppendixProcess>,
    pub respondent_names: Vec<String>,
    pub generator: String,
}

#[derive(Debug, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// SVG text, already escaped by the chart code.
    pub svg: String,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub overall: String,
    pub overall_level: String,
    pub paragraphs: Vec<String>,
    pub top_gaps: Vec<GapView>,
    pub strengths: Vec<String>,
    pub ticket_findings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GapView {
    pub rank: usize,
    pub process: String,
    pub stage: String,
    pub index: String,
    pub target: String,
    pub gap: String,
    pub priority: String,
}

#[derive(Debug, Serialize)]
pub struct Method {
    pub questionnaire: String,
    pub respondents: Vec<RespondentView>,
    pub rule: Vec<String>,
    pub coverage: String,
    pub low_coverage: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RespondentView {
    pub name: String,
    pub role: String,
    pub weight: String,
    pub date: String,
    pub answered: usize,
}

#[derive(Debug, Serialize)]
pub struct Overview {
    pub radar: Chart,
    pub rows: Vec<StageRow>,
}

#[derive(Debug, Serialize)]
pub struct StageRow {
    pub anchor: String,
    pub name: String,
    pub index: String,
    pub target: String,
    pub gap: String,
    pub weakest: bool,
}

#[derive(Debug, Serialize)]
pub struct StageView {
    pub anchor: String,
    pub name: String,
    pub index: String,
    pub target: String,
    pub chart: Chart,
    pub processes: Vec<ProcessRow>,
}

#[derive(Debug, Serialize)]
pub struct ProcessRow {
    pub name: String,
    pub kind: String,
    pub level: u8,
    pub level_name: String,
    pub index: String,
    pub target: u8,
    pub gap: String,
    pub coverage: String,
    pub low_coverage: bool,
    pub below_target: bool,
}

#[derive(Debug, Serialize)]
pub struct Roadmap {
    pub gaps: Vec<GapView>,
    pub quick_wins: Vec<RecommendationView>,
    pub longer_term: Vec<RecommendationView>,
}

#[derive(Debug, Serialize)]
pub struct RecommendationView {
    pub process: String,
    pub stage: String,
    pub question: String,
    pub level: u8,
    pub level_name: String,
    pub text: String,
    pub guidance: String,
    pub evidence: Option<String>,
    pub value: String,
    pub priority: String,
}

#[derive(Debug, Serialize)]
pub struct DisagreementGroup {
    pub process: String,
    pub rows: Vec<DisagreementRow>,
}

#[derive(Debug, Serialize)]
pub struct DisagreementRow {
    pub question: String,
    pub text: String,
    pub answers: Vec<String>,
    pub spread: String,
}

#[derive(Debug, Serialize)]
pub struct AppendixProcess {
    pub anchor: String,
    pub name: String,
    pub stage: String,
    pub questions: Vec<AppendixQuestion>,
}

#[derive(Debug, Serialize)]
pub struct AppendixQuestion {
    pub id: String,
    pub level: u8,
    pub text: String,
    pub answers: Vec<String>,
    pub value: String,
    pub comments: Vec<String>,
}

pub(crate) fn fixed(value: f64, decimals: usize) -> String {
    // Format -0.00 as 0.00: the same input must always print the same text.
    let text = format!("{value:.decimals$}");
    if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text[1..].to_string()
    } else {
        text
    }
}

pub(crate) fn opt(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "–".to_string(), |v| fixed(v, decimals))
}

fn percent(share: f64) -> String {
    format!("{}%", fixed(share * 100.0, 0))
}

fn level_name(level: u8) -> String {
    LEVEL_NAMES.get(usize::from(level)).copied().unwrap_or("").to_string()
}

/// A chart, or a note saying why it could not be drawn (never a failed report).
pub(crate) fn chart(id: &str, title: &str, drawn: Result<String, charts::ChartError>) -> Chart {
    let svg = drawn.unwrap_or_else(|e| {
        let text = format!("Chart not available: {e}");
        format!("<p class=\"chart-error\">{}</p>", charts::escape(&text))
    });
    Chart { id: id.to_string(), title: title.to_string(), svg }
}

/// A sentence on what an overall index means, in the Process Maturity Framework's terms.
fn overall_meaning(index: f64) -> &'static str {
    match index {
        i if i < 1.0 => "service management activities are largely missing or depend on individuals",
        i if i < 2.0 => "activities happen, but ad hoc: results depend on who does the work",
        i if i < 3.0 => {
            "practice is repeatable in many places, but not yet defined, owned and integrated across the lifecycle"
        }
        i if i < 4.0 => "processes are defined and owned; measurement and management by data are the next step",
        i if i < 5.0 => "processes are measured and managed; the organisation is moving towards continual optimisation",
        _ => "processes are continually optimised against business goals",
    }
}

pub fn build(doc: &ResultDocument, history: &[ResultDocument], options: &ReportOptions) -> Report {
    let stage_name = |id: &str| doc.stages.iter().find(|s| s.id == id).map_or(id.to_string(), |s| s.name.clone());
    let process_name = |id: &str| doc.processes.iter().find(|p| p.id == id).map_or(id.to_string(), |p| p.name.clone());
    let stage_anchor = |i: usize| format!("stage-{}", i + 1);

    let gap_views: Vec<GapView> = doc
        .gaps
        .iter()
        .enumerate()
        .map(|(i, g)| GapView {
            rank: i + 1,
            process: process_name(&g.process),
            stage: stage_name(&g.stage),
            index: fixed(g.index, 2),
            target: g.target.to_string(),
            gap: fixed(g.gap, 2),
            priority: fixed(g.priority, 2),
        })
        .collect();

    // Executive summary, in plain language.
    let reached = doc.processes.iter().filter(|p| p.gap <= crate::scoring::EPSILON).count();
    let mut paragraphs = vec![format!(
        "Overall maturity is {} out of 5: {}.",
        fixed(doc.overall.index, 1),
        overall_meaning(doc.overall.index)
    )];
    if let (Some(weakest), Some(index)) = (&doc.overall.weakest_stage, doc.overall.weakest_index) {
        let target = doc.stages.iter().find(|s| &s.id == weakest).and_then(|s| s.target);
        paragraphs.push(format!(
            "The weakest stage is {} at {} against a target of {}. ITIL 4's maturity model rates an organisation by its weakest component, so this stage sets the pace for the whole.",
            stage_name(weakest),
            fixed(index, 1),
            opt(target, 1)
        ));
    }
    paragraphs.push(format!(
        "{reached} of {} processes and functions reach their target; {} fall short, with {} recommendations drawn from the questions they do not yet meet.",
        doc.processes.len(),
        doc.gaps.len(),
        doc.recommendations.len()
    ));
    let mut by_index: Vec<&crate::results::ProcessResult> = doc.processes.iter().collect();
    by_index.sort_by(|a, b| b.index.total_cmp(&a.index));
    let strengths =
        by_index.iter().take(3).map(|p| format!("{} ({}, level {})", p.name, fixed(p.index, 2), p.level)).collect();

    let respondents: Vec<RespondentView> = doc
        .respondents
        .iter()
        .map(|r| RespondentView {
            name: r.name.clone(),
            role: r.role.clone().unwrap_or_else(|| "–".into()),
            weight: fixed(r.weight, if r.weight.fract() == 0.0 { 0 } else { 2 }),
            date: r.date.clone().unwrap_or_else(|| "–".into()),
            answered: r.answers.iter().filter(|(_, a)| *a != "n/a").count(),
        })
        .collect();
    let answered: usize = doc.questions.iter().filter(|q| q.value.is_some()).count();
    let t = &doc.scoring;
    let method = Method {
        questionnaire: format!(
            "{} {} ({} questions across {} processes and functions)",
            doc.questionnaire.title,
            doc.questionnaire.version,
            doc.questions.len(),
            doc.processes.len()
        ),
        respondents,
        rule: vec![
            "Each answer becomes a value between 0 and 1 (N 0, P ⅓, L ⅔, F 1; yes 1, no 0; k/4 on the 0–4 scale). A question's value is the weighted mean over the respondents who answered it.".to_string(),
            format!(
                "A process achieves level L when the mean value of its level-L questions is above {} (largely achieved), every lower level is above {} (fully achieved), and no mandatory question up to L is at or below {} — the rating rule of ISO/IEC 33020.",
                fixed(t.largely, 2), fixed(t.fully, 2), fixed(t.unmet, 2)
            ),
            "The maturity index adds the achievement of the next level to the achieved level (level 2 with 40 % of level 3 gives 2.4). A stage's index is the importance-weighted mean of its processes; the overall index is the mean of the five stages.".to_string(),
            "Gap = target − index; priority = gap × importance. Recommendations are the unmet questions between the achieved level and the target.".to_string(),
        ],
        coverage: format!("{answered} of {} questions were answered by at least one respondent.", doc.questions.len()),
        low_coverage: doc
            .processes
            .iter()
            .filter(|p| p.low_coverage)
            .map(|p| format!("{} ({} answered)", p.name, percent(p.coverage)))
            .collect(),
        warnings: doc.warnings.clone(),
    };

    let radar = RadarInput {
        id: "radar".into(),
        title: "Maturity per lifecycle stage".into(),
        axes: doc.stages.iter().map(|s| s.name.clone()).collect(),
        series: vec![
            Series::new("Current", doc.stages.iter().map(|s| s.index.unwrap_or(f64::NAN)).collect()),
            Series::new("Target", doc.stages.iter().map(|s| s.target.unwrap_or(f64::NAN)).collect()),
        ],
    };
    let overview = Overview {
        radar: chart("radar", "Maturity per lifecycle stage", charts::radar(&radar)),
        rows: doc
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| StageRow {
                anchor: stage_anchor(i),
                name: s.name.clone(),
                index: opt(s.index, 2),
                target: opt(s.target, 2),
                gap: opt(s.gap, 2),
                weakest: doc.overall.weakest_stage.as_deref() == Some(s.id.as_str()),
            })
            .collect(),
    };

    let mut stages = Vec::new();
    let mut heat_maps = Vec::new();
    for (i, s) in doc.stages.iter().enumerate() {
        let processes: Vec<&crate::results::ProcessResult> = doc.processes.iter().filter(|p| p.stage == s.id).collect();
        let id = format!("{}-bars", stage_anchor(i));
        let title = format!("{}: maturity index and target per process", s.name);
        let bars = BarsWithTargetsInput {
            id: id.clone(),
            title: title.clone(),
            value_name: "Maturity index".into(),
            target_name: "Target".into(),
            axis_label: "Maturity index (0–5)".into(),
            bars: processes
                .iter()
                .map(|p| BarWithTarget { label: p.name.clone(), value: p.index, target: Some(f64::from(p.target)) })
                .collect(),
        };
        let heat_id = format!("{}-heat", stage_anchor(i));
        let heat_title = format!("{}: achievement per level", s.name);
        let heat = HeatMapInput {
            id: heat_id.clone(),
            title: heat_title.clone(),
            columns: (1..=5).map(|l| format!("L{l} {}", LEVEL_NAMES[l])).collect(),
            rows: processes
                .iter()
                .map(|p| HeatMapRow { label: p.name.clone(), cells: p.levels.iter().map(|l| l.achievement).collect() })
                .collect(),
        };
        heat_maps.push(chart(&heat_id, &heat_title, charts::heat_map(&heat)));
        stages.push(StageView {
            anchor: stage_anchor(i),
            name: s.name.clone(),
            index: opt(s.index, 2),
            target: opt(s.target, 2),
            chart: chart(&id, &title, charts::bars_with_targets(&bars)),
            processes: processes
                .iter()
                .map(|p| ProcessRow {
                    name: p.name.clone(),
                    kind: match p.kind {
                        crate::questionnaire::ProcessType::Process => "process".into(),
                        crate::questionnaire::ProcessType::Function => "function".into(),
                    },
                    level: p.level,
                    level_name: level_name(p.level),
                    index: fixed(p.index, 2),
                    target: p.target,
                    gap: fixed(p.gap, 2),
                    coverage: percent(p.coverage),
                    low_coverage: p.low_coverage,
                    below_target: p.gap > crate::scoring::EPSILON,
                })
                .collect(),
        });
    }

    // Quick wins: the next level up for processes within one level of their target; the rest is longer work.
    let (mut quick_wins, mut longer_term) = (Vec::new(), Vec::new());
    for r in &doc.recommendations {
        let Some(p) = doc.processes.iter().find(|p| p.id == r.process) else { continue };
        let view = RecommendationView {
            process: p.name.clone(),
            stage: stage_name(&r.stage),
            question: r.question.clone(),
            level: r.level,
            level_name: level_name(r.level),
            text: r.text.clone(),
            guidance: r.guidance.clone(),
            evidence: r.evidence.clone(),
            value: percent(r.value),
            priority: fixed(r.priority, 2),
        };
        if r.level == p.level + 1 && p.gap <= 1.0 + crate::scoring::EPSILON {
            quick_wins.push(view);
        } else {
            longer_term.push(view);
        }
    }

    let respondent_names: Vec<String> = doc.respondents.iter().map(|r| r.name.clone()).collect();
    let answer_of = |id: &str| -> Vec<String> {
        doc.respondents.iter().map(|r| r.answers.get(id).unwrap_or("–").to_string()).collect()
    };
    let disagreements = doc
        .processes
        .iter()
        .filter(|p| !p.disagreements.is_empty())
        .map(|p| DisagreementGroup {
            process: p.name.clone(),
            rows: p
                .disagreements
                .iter()
                .filter_map(|id| doc.questions.iter().find(|q| &q.id == id))
                .map(|q| DisagreementRow {
                    question: q.id.clone(),
                    text: q.text.clone(),
                    answers: answer_of(&q.id),
                    spread: opt(q.spread, 2),
                })
                .collect(),
        })
        .collect();

    let appendix = doc
        .processes
        .iter()
        .enumerate()
        .map(|(i, p)| AppendixProcess {
            anchor: format!("appendix-{}", i + 1),
            name: p.name.clone(),
            stage: stage_name(&p.stage),
            questions: doc
                .questions
                .iter()
                .filter(|q| q.process == p.id)
                .map(|q| AppendixQuestion {
                    id: q.id.clone(),
                    level: q.level,
                    text: q.text.clone(),
                    answers: answer_of(&q.id),
                    value: q.value.map_or_else(|| "–".into(), percent),
                    comments: doc
                        .respondents
                        .iter()
                        .filter_map(|r| r.comments.get(&q.id).map(|c| format!("{}: {c}", r.name)))
                        .collect(),
                })
                .collect(),
        })
        .collect();

    let ticket_section = super::tickets::section(doc);
    let ticket_findings = ticket_findings(doc);
    let trend = if history.is_empty() { None } else { super::trend::for_report(doc, history) };
    let questionnaire = format!("{} {}", doc.questionnaire.title, doc.questionnaire.version);
    Report {
        title: options.title.clone().unwrap_or_else(|| "IT service management maturity assessment".into()),
        client: options.client.clone(),
        assessor: options.assessor.clone(),
        date: options.date.clone().or_else(|| doc.assessment.date.clone()),
        label: doc.assessment.label.clone(),
        scope: format!(
            "{} lifecycle stages, {} processes and functions, {} questions, {} respondent{}",
            doc.stages.len(),
            doc.processes.len(),
            doc.questions.len(),
            doc.respondents.len(),
            if doc.respondents.len() == 1 { "" } else { "s" }
        ),
        questionnaire,
        framework: doc.questionnaire.framework.clone(),
        summary: Summary {
            overall: fixed(doc.overall.index, 1),
            overall_level: level_name(doc.overall.index.floor().clamp(0.0, 5.0) as u8),
            paragraphs,
            top_gaps: gap_views.iter().take(5).cloned().collect(),
            strengths,
            ticket_findings,
        },
        method,
        overview,
        stages,
        heat_maps,
        roadmap: Roadmap { gaps: gap_views, quick_wins, longer_term },
        disagreements,
        disagreement_threshold: fixed(doc.scoring.disagreement, 2),
        tickets: ticket_section,
        trend,
        appendix,
        respondent_names,
        generator: format!("itil-assess {}", env!("CARGO_PKG_VERSION")),
    }
}

/// The executive summary's ticket findings: where the data contradicts the self-assessment, then the level the
/// data supports for each process it evidences.
fn ticket_findings(doc: &ResultDocument) -> Vec<String> {
    let Some(evidence) = &doc.tickets else { return Vec::new() };
    let mut findings: Vec<String> = evidence.disagreements.iter().map(|d| sentence(&d.message)).collect();
    for p in &evidence.processes {
        if evidence.disagreements.iter().any(|d| d.process == p.process) {
            continue;
        }
        let name = doc.processes.iter().find(|x| x.id == p.process).map_or(p.process.as_str(), |x| x.name.as_str());
        let claimed = doc.processes.iter().find(|x| x.id == p.process).map(|x| x.index);
        let summaries: Vec<&str> = p.evidence.iter().map(|e| e.summary.as_str()).collect();
        findings.push(match claimed {
            Some(c) => format!(
                "{name}: the data supports level {} (self-assessed {}): {}.",
                fixed(p.level, 1),
                fixed(c, 1),
                summaries.join("; ")
            ),
            None => format!("{name}: the data supports level {}: {}.", fixed(p.level, 1), summaries.join("; ")),
        });
    }
    findings
}

/// A message as a sentence: capital first letter, full stop.
pub(crate) fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    let rest = chars.as_str();
    if rest.ends_with('.') { format!("{first}{rest}") } else { format!("{first}{rest}.") }
}
