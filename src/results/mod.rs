//! The result document: everything a scoring run found, in one JSON shape that reports, comparisons over time
//! and other tools read. Its contract is `docs/result-format.md`; change it only with `SCHEMA_VERSION`.

mod table;
pub mod tickets;

pub use table::{render_csv, render_table};

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use serde::{Deserialize, Serialize};

use crate::answers::{Respondent, Responses};
use crate::questionnaire::{Answer, ProcessType, Questionnaire, Scale, Thresholds, Version};
use crate::scoring::Scores;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultDocument {
    pub schema_version: u32,
    pub questionnaire: QuestionnaireRef,
    pub assessment: Assessment,
    pub scoring: Thresholds,
    pub overall: Overall,
    pub stages: Vec<StageResult>,
    pub processes: Vec<ProcessResult>,
    pub questions: Vec<QuestionResult>,
    pub gaps: Vec<GapResult>,
    pub recommendations: Vec<RecommendationResult>,
    /// Values skipped under `--skip-invalid`, as `place: message`.
    pub warnings: Vec<String>,
    /// What ticket exports given with `--tickets` show; absent without them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tickets: Option<tickets::TicketEvidence>,
    /// Last in the document; written by [`ResultDocument::to_json`] in parallel.
    #[serde(skip_serializing)]
    pub respondents: Vec<RespondentResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireRef {
    pub id: String,
    pub title: String,
    pub version: Version,
    pub framework: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub label: Option<String>,
    /// `--date`, else the latest respondent date.
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overall {
    /// Mean of the stage indices.
    pub index: f64,
    pub weakest_stage: Option<String>,
    pub weakest_index: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageResult {
    pub id: String,
    pub name: String,
    pub index: Option<f64>,
    pub target: Option<f64>,
    pub gap: Option<f64>,
    pub processes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelResult {
    pub level: u8,
    pub achievement: Option<f64>,
    pub answered: usize,
    pub questions: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessResult {
    pub id: String,
    pub name: String,
    pub stage: String,
    #[serde(rename = "type")]
    pub kind: ProcessType,
    pub level: u8,
    pub index: f64,
    pub target: u8,
    pub importance: f64,
    pub gap: f64,
    pub priority: f64,
    pub coverage: f64,
    pub low_coverage: bool,
    pub levels: Vec<LevelResult>,
    pub disagreements: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionResult {
    pub id: String,
    pub process: String,
    pub level: u8,
    pub text: String,
    pub scale: Scale,
    pub weight: f64,
    pub mandatory: bool,
    pub value: Option<f64>,
    pub spread: Option<f64>,
    pub answered: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
    pub unmet: bool,
    pub disagreement: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapResult {
    pub process: String,
    pub stage: String,
    pub index: f64,
    pub target: u8,
    pub gap: f64,
    pub importance: f64,
    pub priority: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationResult {
    pub process: String,
    pub stage: String,
    pub question: String,
    pub level: u8,
    pub value: f64,
    pub priority: f64,
    pub text: String,
    pub guidance: String,
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RespondentResult {
    pub name: String,
    pub role: Option<String>,
    pub weight: f64,
    pub date: Option<String>,
    pub source: String,
    /// Question id → canonical answer (`F`, `yes`, `3`, `n/a`), in questionnaire order; unanswered questions
    /// are absent.
    pub answers: AnswerMap,
    pub comments: BTreeMap<String, String>,
}

/// A respondent's answers as a JSON object, in questionnaire order; unanswered questions are absent.
///
/// Ten thousand respondents answering 312 questions make three million entries: each is two indices into
/// tables shared by the whole document (the question ids, the answer words), eight bytes in all.
#[derive(Debug, Clone, Default)]
pub struct AnswerMap {
    keys: Arc<[Box<str>]>,
    words: Arc<[Box<str>]>,
    /// (index into `keys`, index into `words`).
    entries: Vec<(u32, u32)>,
}

impl AnswerMap {
    pub fn new(keys: Arc<[Box<str>]>, words: Arc<[Box<str>]>, entries: Vec<(u32, u32)>) -> Self {
        Self { keys, words, entries }
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == id).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|&(k, v)| (&*self.keys[k as usize], &*self.words[v as usize]))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl PartialEq for AnswerMap {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Serialize for AnswerMap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for AnswerMap {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = AnswerMap;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map from question ids to answers")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<AnswerMap, A::Error> {
                let (mut keys, mut words, mut entries) = (Vec::new(), Vec::<Box<str>>::new(), Vec::new());
                while let Some((k, v)) = access.next_entry::<String, String>()? {
                    let word = match words.iter().position(|w| **w == *v) {
                        Some(i) => i,
                        None => {
                            words.push(v.into_boxed_str());
                            words.len() - 1
                        }
                    };
                    entries.push((keys.len() as u32, word as u32));
                    keys.push(k.into_boxed_str());
                }
                Ok(AnswerMap { keys: keys.into(), words: words.into(), entries })
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

/// One respondent inside `{"respondents": [...]}`: pretty, indented as in the document, with the answers map on
/// one line.
fn respondent_json(r: &RespondentResult) -> std::io::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct View<'a> {
        name: &'a str,
        role: &'a Option<String>,
        weight: f64,
        date: &'a Option<String>,
        source: &'a str,
        answers: &'a serde_json::value::RawValue,
        comments: &'a BTreeMap<String, String>,
    }
    // Serialised, not re-parsed: to_raw_value trusts serde_json's own output.
    let answers = serde_json::value::to_raw_value(&r.answers).map_err(std::io::Error::other)?;
    let view = View {
        name: &r.name,
        role: &r.role,
        weight: r.weight,
        date: &r.date,
        source: &r.source,
        answers: &answers,
        comments: &r.comments,
    };
    // Inside `{"respondents": [...]}` the respondent sits at the depth it has in the document, so the pretty
    // printer indents it as it stands there: cut out the middle.
    #[derive(Serialize)]
    struct Nest<'a> {
        respondents: [View<'a>; 1],
    }
    // The caller writes the text between OPEN and CLOSE.
    serde_json::to_vec_pretty(&Nest { respondents: [view] }).map_err(std::io::Error::other)
}

/// What surrounds a respondent serialised by [`respondent_json`].
const OPEN: &[u8] = b"{\n  \"respondents\": [\n";
const CLOSE: &[u8] = b"\n  ]\n}";

/// Every canonical answer word, in a fixed order: answer maps refer to them by index.
const WORDS: [&str; 12] = ["yes", "no", "n/a", "N", "P", "L", "F", "0", "1", "2", "3", "4"];

/// The index in [`WORDS`] of an answer's canonical text on its scale; `None` when unanswered.
fn canonical_index(scale: Scale, answer: Answer) -> Option<u32> {
    match answer {
        Answer::Unanswered => None,
        Answer::NotApplicable => Some(2),
        Answer::Value(v) => Some(match scale {
            Scale::YesNo if v >= 0.5 => 0,
            Scale::YesNo => 1,
            Scale::Nplf => 3 + (v * 3.0).round().clamp(0.0, 3.0) as u32,
            Scale::ZeroToFour => 7 + (v * 4.0).round().clamp(0.0, 4.0) as u32,
        }),
    }
}

/// The canonical text of an answer on its scale.
#[cfg(test)]
fn canonical(scale: Scale, answer: Answer) -> Option<&'static str> {
    canonical_index(scale, answer).map(|i| WORDS[i as usize])
}

impl ResultDocument {
    pub fn build(q: &Questionnaire, responses: &Responses, scores: &Scores, assessment: Assessment) -> Self {
        let t = &q.scoring;
        let stage_of = |p: usize| q.stages[q.processes[p].stage].id.clone();
        let stages = q
            .stages
            .iter()
            .zip(&scores.stages)
            .enumerate()
            .map(|(i, (s, score))| StageResult {
                id: s.id.clone(),
                name: s.name.clone(),
                index: score.index,
                target: score.target,
                gap: score.gap,
                processes: q.processes_of(i).map(|p| q.processes[p].id.clone()).collect(),
            })
            .collect();
        let processes = q
            .processes
            .iter()
            .zip(&scores.processes)
            .enumerate()
            .map(|(i, (p, s))| ProcessResult {
                id: p.id.clone(),
                name: p.name.clone(),
                stage: stage_of(i),
                kind: p.kind,
                level: s.level,
                index: s.index,
                target: s.target,
                importance: s.importance,
                gap: s.gap,
                priority: s.priority,
                coverage: s.coverage,
                low_coverage: s.low_coverage,
                levels: (1..=5)
                    .zip(&s.levels)
                    .map(|(level, l)| LevelResult {
                        level,
                        achievement: l.achievement,
                        answered: l.answered,
                        questions: l.questions,
                    })
                    .collect(),
                disagreements: s.disagreements.iter().map(|&x| q.questions[x].id.clone()).collect(),
            })
            .collect();
        let questions = q
            .questions
            .iter()
            .zip(&scores.questions)
            .map(|(x, s)| QuestionResult {
                id: x.id.clone(),
                process: q.processes[x.process].id.clone(),
                level: x.level,
                text: x.text.clone(),
                scale: x.scale,
                weight: x.weight,
                mandatory: x.mandatory,
                value: s.value,
                spread: s.spread,
                answered: s.answered,
                not_applicable: s.not_applicable,
                unanswered: s.unanswered,
                unmet: s.value.is_some_and(|v| v <= t.unmet + crate::scoring::EPSILON),
                disagreement: s.answered >= 2
                    && s.spread.is_some_and(|d| d >= t.disagreement - crate::scoring::EPSILON),
            })
            .collect();
        let mut gaps: Vec<GapResult> = scores
            .processes
            .iter()
            .enumerate()
            .filter(|(_, s)| s.gap > crate::scoring::EPSILON)
            .map(|(i, s)| GapResult {
                process: q.processes[i].id.clone(),
                stage: stage_of(i),
                index: s.index,
                target: s.target,
                gap: s.gap,
                importance: s.importance,
                priority: s.priority,
            })
            .collect();
        gaps.sort_by(|a, b| b.priority.total_cmp(&a.priority)); // stable: questionnaire order among equals
        let recommendations = scores
            .recommendations
            .iter()
            .map(|r| {
                let x = &q.questions[r.question];
                RecommendationResult {
                    process: q.processes[r.process].id.clone(),
                    stage: stage_of(r.process),
                    question: x.id.clone(),
                    level: x.level,
                    value: scores.questions[r.question].value.unwrap_or(0.0),
                    priority: r.priority,
                    text: x.text.clone(),
                    guidance: x.guidance.clone(),
                    evidence: x.evidence.clone(),
                }
            })
            .collect();
        let keys: Arc<[Box<str>]> = q.questions.iter().map(|x| x.id.clone().into_boxed_str()).collect();
        let words: Arc<[Box<str>]> = WORDS.iter().map(|w| Box::from(*w)).collect();
        let respondents = responses
            .responses
            .par_iter()
            .map(|r| {
                let Respondent { name, role, weight, date, source } = r.respondent.clone();
                let entries = q
                    .questions
                    .iter()
                    .zip(r.answers.iter())
                    .enumerate()
                    .filter_map(|(i, (x, a))| canonical_index(x.scale, a).map(|w| (i as u32, w)))
                    .collect();
                let answers = AnswerMap::new(keys.clone(), words.clone(), entries);
                let comments = r.comments.iter().map(|(i, c)| (q.questions[*i].id.clone(), c.clone())).collect();
                RespondentResult { name, role, weight, date, source, answers, comments }
            })
            .collect();
        let date =
            assessment.date.or_else(|| responses.responses.iter().filter_map(|r| r.respondent.date.clone()).max());
        ResultDocument {
            schema_version: SCHEMA_VERSION,
            questionnaire: QuestionnaireRef {
                id: q.meta.id.clone(),
                title: q.meta.title.clone(),
                version: q.meta.version,
                framework: q.meta.framework.clone(),
            },
            assessment: Assessment { label: assessment.label, date },
            scoring: *t,
            overall: Overall {
                index: scores.overall,
                weakest_stage: scores.weakest_stage.map(|s| q.stages[s].id.clone()),
                weakest_index: scores.weakest_stage.and_then(|s| scores.stages[s].index),
            },
            stages,
            processes,
            questions,
            gaps,
            recommendations,
            warnings: responses.warnings.iter().map(ToString::to_string).collect(),
            tickets: None,
            respondents,
        }
    }

    /// Pretty JSON with a final newline; the same document always gives the same bytes.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Write the JSON of [`ResultDocument::to_json`] without holding it whole in memory.
    ///
    /// The document is pretty-printed, except each respondent's `answers` map, which is written on one line:
    /// for large surveys those maps are most of the bytes. Respondents are serialised in parallel, slice by
    /// slice, and each slice is written while the next one is serialised; the bytes do not depend on the
    /// number of threads.
    pub fn write_json(&self, w: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
        let head = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        w.write_all(head.strip_suffix("\n}").unwrap_or(&head).as_bytes())?;
        if self.respondents.is_empty() {
            return w.write_all(b",\n  \"respondents\": []\n}\n");
        }
        w.write_all(b",\n  \"respondents\": [\n")?;
        let slices: Vec<&[RespondentResult]> = self.respondents.chunks(1024).collect();
        let serialise =
            |k: usize| -> std::io::Result<Vec<Vec<u8>>> { slices[k].par_iter().map(respondent_json).collect() };
        let write = |w: &mut (dyn std::io::Write + Send), k: usize, texts: &[Vec<u8>]| -> std::io::Result<()> {
            for (i, text) in texts.iter().enumerate() {
                if k > 0 || i > 0 {
                    w.write_all(b",\n")?;
                }
                w.write_all(&text[OPEN.len()..text.len() - CLOSE.len()])?;
            }
            Ok(())
        };
        let mut ready = serialise(0)?;
        for k in 1..=slices.len() {
            let (written, next) =
                rayon::join(|| write(&mut *w, k - 1, &ready), || (k < slices.len()).then(|| serialise(k)));
            written?;
            match next {
                Some(next) => ready = next?,
                None => break,
            }
        }
        w.write_all(b"\n  ]\n}\n")
    }

    /// Read a saved result document, refusing other schema versions with a clear message.
    pub fn from_json(shown: &str, text: &str) -> Result<Self, crate::error::Failure> {
        use crate::error::Failure;
        #[derive(Deserialize)]
        struct Probe {
            schema_version: Option<u64>,
        }
        let probe: Probe = serde_json::from_str(text).map_err(|e| Failure::input(format!("{shown}: not JSON: {e}")))?;
        match probe.schema_version {
            Some(v) if v == u64::from(SCHEMA_VERSION) => {}
            Some(v) => {
                return Err(Failure::input(format!(
                    "{shown}: result schema version {v} is not supported (this itil-assess reads version {SCHEMA_VERSION})"
                )));
            }
            None => {
                return Err(Failure::input(format!(
                    "{shown}: not an itil-assess result document (no \"schema_version\")"
                )));
            }
        }
        serde_json::from_str(text).map_err(|e| Failure::input(format!("{shown}: not a valid result document: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_answers() {
        assert_eq!(canonical(Scale::Nplf, Answer::Value(2.0 / 3.0)), Some("L"));
        assert_eq!(canonical(Scale::Nplf, Answer::Value(0.0)), Some("N"));
        assert_eq!(canonical(Scale::YesNo, Answer::Value(1.0)), Some("yes"));
        assert_eq!(canonical(Scale::YesNo, Answer::Value(0.0)), Some("no"));
        assert_eq!(canonical(Scale::ZeroToFour, Answer::Value(0.75)), Some("3"));
        assert_eq!(canonical(Scale::ZeroToFour, Answer::NotApplicable), Some("n/a"));
        assert_eq!(canonical(Scale::ZeroToFour, Answer::Unanswered), None);
    }
}

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn parallel_json_reads_back_as_the_document_and_is_pretty_but_for_answers() {
        let q =
            crate::questionnaire::load_valid(std::path::Path::new("tests/fixtures/questionnaires/mini.toml")).unwrap();
        let responses = crate::answers::read(&q, &["tests/fixtures/worked".into()], false).unwrap();
        let scores = crate::scoring::score(&q, &responses.responses, &crate::scoring::Targets::of(&q));
        let doc = ResultDocument::build(&q, &responses, &scores, Assessment::default());
        let json = doc.to_json();
        assert_eq!(ResultDocument::from_json("x", &json).unwrap(), doc);
        let whole: serde_json::Value = serde_json::from_str(&json).unwrap();
        let lines: Vec<&str> = json.lines().filter(|l| l.starts_with("      \"answers\": {")).collect();
        assert_eq!(lines.len(), 2, "each respondent's answers on one line");
        assert_eq!(
            lines[1],
            "      \"answers\": {\"IM-1-01\":\"yes\",\"IM-1-02\":\"L\",\"IM-2-01\":\"F\",\"IM-2-02\":\"F\",\"IM-3-01\":\"P\",\"IM-3-02\":\"N\",\"IM-4-01\":\"F\",\"IM-5-01\":\"n/a\",\"IM-5-02\":\"n/a\",\"CHM-1-01\":\"F\",\"CHM-1-02\":\"F\",\"CHM-2-01\":\"P\",\"CHM-2-02\":\"4\"},"
        );
        assert!(whole["respondents"][1]["answers"].is_object());
        // Everything else is pretty-printed: one field per line.
        assert!(json.contains("\n  \"schema_version\": 1,\n  \"questionnaire\": {\n    \"id\": \"mini\",\n"));
        assert!(json.contains("\n    {\n      \"name\": \"B\",\n      \"role\": \"Analyst\",\n"));
    }
}
