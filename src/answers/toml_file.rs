//! One respondent's answers as TOML: `[respondent]`, `[answers]` (id = value) and `[comments]` (id = text).

use std::path::Path;

use toml::de::DeValue;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::questionnaire::Questionnaire;
use crate::toml_reader::{self, Table};

use super::{FileResult, Problem, Respondent, Response, interpret, stem};

pub(super) fn read(q: &Questionnaire, shown: &str, path: &Path, text: &str) -> FileResult {
    let file = SourceFile::new(shown, text);
    let mut diags = Vec::new();
    // Problems that --skip-invalid may pass over: bad values and unknown ids.
    let mut skippable = Vec::new();
    let doc = toml_reader::parse(0, text, &mut diags);
    let mut root = Table::new(0, "this file", &doc, 0..0);

    let mut respondent =
        Respondent { name: stem(path), role: None, weight: 1.0, date: None, source: shown.to_string() };
    if let Some(mut t) = root.table("respondent", &mut diags) {
        // Blank fields are allowed: the template ships them empty.
        let mut text = |key| t.string(key, &mut diags).map(|s| s.value.trim().to_string()).filter(|s| !s.is_empty());
        if let Some(name) = text("name") {
            respondent.name = name;
        }
        respondent.role = text("role");
        if let Some(w) = t.number("weight", &mut diags) {
            if w.value >= 0.0 {
                respondent.weight = w.value;
            } else {
                diags.push(Diagnostic::error(0, w.span, format!("\"weight\" must be 0 or more, found {}", w.value)));
            }
        }
        respondent.date = t.date_text("date", &mut diags).map(|d| d.value).filter(|d| !d.trim().is_empty());
        t.finish(&mut diags);
    }
    let mut response = Response::new(respondent, q.questions.len());

    if let Some(mut t) = root.table("answers", &mut diags) {
        for (key, value, span) in t.entries() {
            let Some(index) = q.question(&key.value) else {
                skippable.push(Diagnostic::error(0, key.span, unknown_id(q, &key.value)));
                continue;
            };
            let text = match value {
                DeValue::String(s) => s.to_string(),
                DeValue::Integer(i) => i.as_str().to_string(),
                DeValue::Boolean(b) => b.to_string(),
                _ => {
                    let message = format!("the answer to {} must be a string, an integer or true/false", key.value);
                    skippable.push(Diagnostic::error(0, span, message));
                    continue;
                }
            };
            match interpret(q, index, &text) {
                Ok(answer) => response.answers.set(index, answer),
                Err(message) => skippable.push(Diagnostic::error(0, span, message)),
            }
        }
    }
    if let Some(mut t) = root.table("comments", &mut diags) {
        for (key, value, span) in t.entries() {
            let Some(index) = q.question(&key.value) else {
                skippable.push(Diagnostic::error(0, key.span, unknown_id(q, &key.value)));
                continue;
            };
            match value {
                DeValue::String(s) if !s.trim().is_empty() => response.comments.push((index, s.trim().to_string())),
                DeValue::String(_) => {}
                _ => diags.push(Diagnostic::error(0, span, format!("the comment on {} must be a string", key.value))),
            }
        }
        response.comments.sort_by_key(|(i, _)| *i);
    }
    root.finish(&mut diags);

    let files = [file];
    let place = |d: &Diagnostic| d.location(&files);
    let mut problems: Vec<Problem> =
        diags.iter().map(|d| Problem { place: place(d), message: d.message.clone(), skippable: false }).collect();
    problems.extend(skippable.iter().map(|d| Problem { place: place(d), message: d.message.clone(), skippable: true }));
    problems.sort();
    let fatal = problems.iter().any(|p| !p.skippable);
    FileResult { responses: if fatal { Vec::new() } else { vec![response] }, problems }
}

/// `unknown question id "IM-9-01"`, with the closest known id when there is one.
pub(super) fn unknown_id(q: &Questionnaire, id: &str) -> String {
    let known: Vec<&str> = q.questions.iter().map(|x| x.id.as_str()).collect();
    match toml_reader::closest(id, &known) {
        Some(near) => {
            format!("unknown question id \"{id}\" in {} {}; did you mean \"{near}\"?", q.meta.id, q.meta.version)
        }
        None => format!("unknown question id \"{id}\" in {} {}", q.meta.id, q.meta.version),
    }
}
