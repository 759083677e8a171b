//! Loading a quiz from one TOML file and checking what it means, with every problem reported at its place.
//!
//! Uses the same spanned reader as maturity questionnaires, so `validate` prints quiz errors in the same
//! `file:line:col: error: message` form, with suggestions for mistyped keys.

use std::collections::HashMap;
use std::fs;
use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Checked, Diagnostic, SourceFile};
use crate::error::Failure;
use crate::questionnaire::Version;
use crate::toml_reader::{self, At, Table};

use super::{Difficulty, ExamSettings, MAX_OPTIONS, Quiz, QuizMeta, QuizQuestion, QuizStage, letter};

/// What loading produced: the quiz when there were no errors, and every diagnostic either way.
pub type LoadedQuiz = Checked<Quiz>;

/// Whether `path` is a single TOML file whose `[questionnaire]` says `kind = "quiz"` (syntax errors elsewhere
/// in the file do not matter: the loader reports them).
pub fn is_quiz_file(path: &Path) -> bool {
    if !path.is_file() {
        return false;
    }
    let Ok(text) = fs::read_to_string(path) else {
        return false;
    };
    let (doc, _) = DeTable::parse_recoverable(&text);
    let kind = doc.get_ref().iter().find(|(k, _)| k.get_ref().as_ref() == "questionnaire").and_then(|(_, v)| {
        match v.get_ref() {
            DeValue::Table(t) => t.iter().find(|(k, _)| k.get_ref().as_ref() == "kind").map(|(_, v)| v.get_ref()),
            _ => None,
        }
    });
    matches!(kind, Some(DeValue::String(s)) if s.as_ref() == "quiz")
}

/// Load and check a quiz; `Err` only when the file cannot be read at all.
pub fn load(path: &Path) -> Result<LoadedQuiz, Failure> {
    let bytes = fs::read(path).map_err(|e| Failure::input(format!("{}: cannot read: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::input(format!("{}: not UTF-8 text (TOML files must be UTF-8)", path.display())))?;
    let files = vec![SourceFile::new(path.display().to_string(), text)];
    let mut diagnostics = Vec::new();
    let quiz = read(&files[0].text, &files, &mut diagnostics);
    let quiz = if diagnostics.iter().any(Diagnostic::is_error) { None } else { quiz };
    Ok(LoadedQuiz { value: quiz, files, diagnostics })
}

/// Load a quiz that must be valid (for `quiz take` and `quiz grade`).
pub fn load_valid(path: &Path) -> Result<Quiz, Failure> {
    load(path)?.into_result(path, "quiz")
}

const FILE: usize = 0;

fn read(text: &str, files: &[SourceFile], diags: &mut Vec<Diagnostic>) -> Option<Quiz> {
    let doc = toml_reader::parse(FILE, text, diags);
    let mut root = Table::new(FILE, "this file", &doc, 0..0);
    let meta = root.table("questionnaire", diags).map(|t| read_meta(t, diags));
    let exam = root.table("quiz", diags).map(|t| read_exam(t, diags));
    let stage_tables = root.tables("stage", diags);
    let question_tables = root.tables("question", diags);
    root.finish(diags);

    if meta.is_none() {
        diags.push(Diagnostic::error(FILE, 0..0, "no [questionnaire] table: a quiz gives its id, title and version"));
    }
    if exam.is_none() {
        let message = "no [quiz] table: a quiz gives its exam's questions, minutes and pass_mark";
        diags.push(Diagnostic::error(FILE, 0..0, message));
    }

    let mut stages: Vec<(At<String>, QuizStage)> = Vec::new();
    let mut broken_stages: Vec<String> = Vec::new();
    for t in stage_tables {
        match read_stage(t, diags) {
            Ok((id, stage)) => {
                if let Some((first, _)) = stages.iter().find(|(s, _)| s.value == id.value) {
                    let place = place(files, &first.span);
                    let message = format!("duplicate stage id \"{}\" (first declared at {place})", id.value);
                    diags.push(Diagnostic::error(FILE, id.span, message));
                } else {
                    stages.push((id, stage));
                }
            }
            Err(id) => broken_stages.extend(id),
        }
    }
    let known_stages: Vec<&str> = stages.iter().map(|(id, _)| id.value.as_str()).collect();

    let mut questions: Vec<QuizQuestion> = Vec::new();
    let mut question_places: HashMap<String, Range<usize>> = HashMap::new();
    let mut any_question = false;
    for t in question_tables {
        any_question = true;
        let QuestionDraft { id, stage, question } = read_question(t, diags);
        let Some(id) = id else { continue };
        if let Some(first) = question_places.get(&id.value) {
            let message = format!("duplicate question id \"{}\" (first declared at {})", id.value, place(files, first));
            diags.push(Diagnostic::error(FILE, id.span, message));
            continue;
        }
        question_places.insert(id.value.clone(), id.span.clone());
        let Some(stage) = stage else { continue };
        match known_stages.iter().position(|s| *s == stage.value) {
            Some(index) => {
                if let Some(mut question) = question {
                    question.stage = index;
                    questions.push(question);
                }
            }
            None if broken_stages.contains(&stage.value) => {}
            None => {
                let hint = match toml_reader::closest(&stage.value, &known_stages) {
                    Some(near) => format!("; did you mean \"{near}\"?"),
                    None if known_stages.is_empty() => " (no [[stage]] is declared)".to_string(),
                    None => format!(" (declared: {})", known_stages.join(", ")),
                };
                let message =
                    format!("question \"{}\" names stage \"{}\", which is not declared{hint}", id.value, stage.value);
                diags.push(Diagnostic::error(FILE, stage.span, message));
            }
        }
    }
    if !any_question {
        diags.push(Diagnostic::error(FILE, 0..0, "a quiz needs at least one [[question]]"));
    }

    let (meta, exam) = (meta??, exam??);
    if (questions.len() as u64) < u64::from(exam.value.questions) {
        let message = format!(
            "the quiz has {} questions, fewer than the exam's {}: `quiz take` will need --questions",
            questions.len(),
            exam.value.questions
        );
        diags.push(Diagnostic::warning(FILE, exam.span, message));
    }
    for (i, (id, _)) in stages.iter().enumerate() {
        if !questions.iter().any(|q| q.stage == i) {
            diags.push(Diagnostic::warning(FILE, id.span.clone(), format!("stage \"{}\" has no questions", id.value)));
        }
    }
    Some(Quiz::new(meta, exam.value, stages.into_iter().map(|(_, s)| s).collect(), questions))
}

fn place(files: &[SourceFile], span: &Range<usize>) -> String {
    Diagnostic::error(FILE, span.clone(), "").location(files)
}

fn id(table: &mut Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<At<String>> {
    let id = table.text("id", diags)?;
    if !id.value.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        let message = format!("id \"{}\" may hold only letters, digits, '-', '_' and '.'", id.value);
        diags.push(Diagnostic::error(FILE, id.span, message));
        return None;
    }
    Some(id)
}

fn read_meta(mut t: Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<QuizMeta> {
    let id = id(&mut t, diags);
    let title = t.text("title", diags);
    let version = t.text("version", diags).and_then(|v| {
        let parsed = Version::parse(&v.value);
        if parsed.is_none() {
            let message =
                format!("version \"{}\" is not a semantic version MAJOR.MINOR.PATCH (e.g. \"1.0.0\")", v.value);
            diags.push(Diagnostic::error(FILE, v.span, message));
        }
        parsed
    });
    let kind_ok = match t.text("kind", diags) {
        Some(k) if k.value == "quiz" => true,
        Some(k) => {
            diags.push(Diagnostic::error(FILE, k.span, format!("unknown kind \"{}\" (expected \"quiz\")", k.value)));
            false
        }
        None => false,
    };
    let mut optional = |key| t.optional_text(key, diags).map(|s| s.value);
    let framework = optional("framework");
    let description = optional("description");
    let author = optional("author");
    let licence = optional("licence");
    t.finish(diags);
    Some(QuizMeta { id: id?.value, title: title?.value, version: version?, framework, description, author, licence })
        .filter(|_| kind_ok)
}

/// A required whole number of at least `min`.
fn count(t: &mut Table<'_, '_>, key: &'static str, min: i64, diags: &mut Vec<Diagnostic>) -> Option<At<u32>> {
    let before = diags.len();
    let Some(found) = t.integer(key, diags) else {
        if diags.len() == before {
            t.missing(key, diags);
        }
        return None;
    };
    match u32::try_from(found.value) {
        Ok(v) if i64::from(v) >= min => Some(At { value: v, span: found.span }),
        _ => {
            let message = format!("\"{key}\" must be a whole number of at least {min}, found {}", found.value);
            diags.push(Diagnostic::error(FILE, found.span, message));
            None
        }
    }
}

fn read_exam(mut t: Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<At<ExamSettings>> {
    let header = t.header();
    let questions = count(&mut t, "questions", 1, diags);
    let minutes = count(&mut t, "minutes", 1, diags);
    let pass_mark = count(&mut t, "pass_mark", 1, diags);
    t.finish(diags);
    let (questions, minutes, pass_mark) = (questions?, minutes?, pass_mark?);
    if pass_mark.value > questions.value {
        let message =
            format!("\"pass_mark\" ({}) is more than the exam's {} questions", pass_mark.value, questions.value);
        diags.push(Diagnostic::error(FILE, pass_mark.span, message));
        return None;
    }
    let exam = ExamSettings { questions: questions.value, minutes: minutes.value, pass_mark: pass_mark.value };
    Some(At { value: exam, span: header })
}

fn read_stage(mut t: Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> Result<(At<String>, QuizStage), Option<String>> {
    let id = id(&mut t, diags);
    if let Some(id) = &id {
        t.rename(format!("[[stage]] \"{}\"", id.value));
    }
    let name = t.text("name", diags);
    let description = t.optional_text("description", diags).map(|s| s.value);
    t.finish(diags);
    match (id, name) {
        (Some(id), Some(name)) => {
            let stage = QuizStage { id: id.value.clone(), name: name.value, description };
            Ok((id, stage))
        }
        (id, _) => Err(id.map(|i| i.value)),
    }
}

/// What was read of a question: its id and stage name whenever present (so that duplicates and unknown stages
/// are reported even when other keys are wrong), and the question when everything else was right.
struct QuestionDraft {
    id: Option<At<String>>,
    stage: Option<At<String>>,
    question: Option<QuizQuestion>,
}

fn read_question(mut t: Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> QuestionDraft {
    let id = id(&mut t, diags);
    let name = id.as_ref().map(|i| i.value.clone()).unwrap_or_else(|| "?".to_string());
    if id.is_some() {
        t.rename(format!("[[question]] \"{name}\""));
    }
    let stage = t.text("stage", diags);
    let topic = t.text("topic", diags);
    let difficulty = match t.text("difficulty", diags) {
        Some(d) => match Difficulty::parse(&d.value) {
            Some(found) => Some(found),
            None => {
                let message = format!("unknown difficulty \"{}\" (expected \"easy\", \"medium\" or \"hard\")", d.value);
                diags.push(Diagnostic::error(FILE, d.span, message));
                None
            }
        },
        None => None,
    };
    let text = t.text("text", diags);
    let (options, option_count) = read_options(&mut t, diags);
    let correct = read_correct(&mut t, &name, option_count, diags);
    let explanation = t.text("explanation", diags);
    t.finish(diags);
    let question = || {
        Some(QuizQuestion {
            id: id.as_ref()?.value.clone(),
            stage: 0,
            topic: topic?.value,
            difficulty: difficulty?,
            text: text?.value,
            options: options?,
            correct: correct?,
            explanation: explanation?.value,
        })
    };
    let question = question();
    QuestionDraft { id, stage, question }
}

/// The options when valid, and how many there are whenever the array could be read (to check `correct`).
fn read_options(t: &mut Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> (Option<Vec<String>>, Option<usize>) {
    let before = diags.len();
    let Some(found) = t.strings("options", diags) else {
        if diags.len() == before {
            t.missing("options", diags);
        }
        return (None, None);
    };
    let count = found.value.len();
    let mut ok = true;
    if !(2..=MAX_OPTIONS).contains(&found.value.len()) {
        let message = format!("a question needs 2 to {MAX_OPTIONS} options, found {}", found.value.len());
        diags.push(Diagnostic::error(FILE, found.span.clone(), message));
        ok = false;
    }
    for (i, option) in found.value.iter().enumerate() {
        let normal = normalise(&option.value);
        if normal.is_empty() {
            diags.push(Diagnostic::error(FILE, option.span.clone(), format!("option {} is empty", letter(i))));
            ok = false;
        } else if let Some(first) = found.value[..i].iter().position(|o| normalise(&o.value) == normal) {
            let message = format!("option {} duplicates option {} (\"{}\")", letter(i), letter(first), option.value);
            diags.push(Diagnostic::error(FILE, option.span.clone(), message));
            ok = false;
        }
    }
    (ok.then(|| found.value.into_iter().map(|o| o.value.trim().to_string()).collect()), Some(count))
}

/// Options compare without case and runs of spaces, so "Service  level" duplicates "service level".
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn read_correct(
    t: &mut Table<'_, '_>,
    question: &str,
    options: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Option<u8> {
    let before = diags.len();
    let Some(found) = t.strings("correct", diags) else {
        if diags.len() == before {
            t.missing("correct", diags);
        }
        return None;
    };
    if found.value.is_empty() {
        let message = format!("question \"{question}\" has no correct option: list at least one letter, e.g. [\"B\"]");
        diags.push(Diagnostic::error(FILE, found.span, message));
        return None;
    }
    let mut correct = 0u8;
    let mut ok = true;
    for item in &found.value {
        let text = item.value.trim();
        let index = match text.as_bytes() {
            [b] if b.is_ascii_alphabetic() => usize::from(b.to_ascii_uppercase() - b'A'),
            _ => {
                let message = format!("\"correct\" holds option letters (\"A\", \"B\", …), found \"{}\"", item.value);
                diags.push(Diagnostic::error(FILE, item.span.clone(), message));
                ok = false;
                continue;
            }
        };
        match options {
            Some(n) if index >= n => {
                let message = format!(
                    "\"correct\" names option {}, but the question has {n} options (A to {})",
                    letter(index),
                    letter(n.saturating_sub(1))
                );
                diags.push(Diagnostic::error(FILE, item.span.clone(), message));
                ok = false;
            }
            _ if index >= MAX_OPTIONS => ok = false,
            _ if correct & (1 << index) != 0 => {
                let message = format!("option {} is listed twice in \"correct\"", letter(index));
                diags.push(Diagnostic::error(FILE, item.span.clone(), message));
                ok = false;
            }
            _ => correct |= 1 << index,
        }
    }
    (ok && options.is_some_and(|n| n <= MAX_OPTIONS)).then_some(correct)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        let files = vec![SourceFile::new("q.toml", text)];
        let mut diags = Vec::new();
        read(text, &files, &mut diags);
        diags.sort_by_key(|d| d.span.start);
        diags.iter().filter(|d| d.is_error()).map(|d| format!("{}: {}", d.location(&files), d.message)).collect()
    }

    const HEAD: &str = "[questionnaire]\nid = \"q\"\ntitle = \"Q\"\nversion = \"1.0.0\"\nkind = \"quiz\"\n\
                        [quiz]\nquestions = 1\nminutes = 2\npass_mark = 1\n[[stage]]\nid = \"csi\"\nname = \"CSI\"\n";

    #[test]
    fn a_small_quiz_loads() {
        let text = format!(
            "{HEAD}[[question]]\nid = \"C-1\"\nstage = \"csi\"\ntopic = \"t\"\ndifficulty = \"easy\"\ntext = \"?\"\n\
             options = [\"a\", \"b\"]\ncorrect = [\"b\"]\nexplanation = \"e\"\n"
        );
        assert_eq!(messages(&text), Vec::<String>::new());
    }

    #[test]
    fn checks_options_and_answers() {
        let text = format!(
            "{HEAD}[[question]]\nid = \"C-1\"\nstage = \"cs\"\ntopic = \"t\"\ndifficulty = \"tricky\"\ntext = \"?\"\n\
             options = [\"One\", \"one \", \"\"]\ncorrect = [\"D\", \"A\", \"A\"]\nexplanation = \"e\"\nexplanaton = 1\n"
        );
        assert_eq!(
            messages(&text),
            [
                "q.toml:15:9: question \"C-1\" names stage \"cs\", which is not declared; did you mean \"csi\"?",
                "q.toml:17:14: unknown difficulty \"tricky\" (expected \"easy\", \"medium\" or \"hard\")",
                "q.toml:19:19: option B duplicates option A (\"one \")",
                "q.toml:19:27: option C is empty",
                "q.toml:20:12: \"correct\" names option D, but the question has 3 options (A to C)",
                "q.toml:20:22: option A is listed twice in \"correct\"",
                "q.toml:22:1: unknown key \"explanaton\" in [[question]] \"C-1\"; did you mean \"explanation\"?",
            ]
        );
    }
}
