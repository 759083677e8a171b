//! Loading a questionnaire from one TOML file or a folder of them, and checking what it means.
//!
//! Each file is read into drafts that keep every value's place; the drafts of all files are then checked
//! together (duplicate ids, references, levels without questions) so that every problem is reported at once.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use crate::diagnostic::{Checked, Diagnostic, SourceFile};
use crate::error::Failure;
use crate::toml_reader::{self, At, Table};

use super::{Kind, Meta, Process, ProcessType, Question, Questionnaire, Scale, Stage, Thresholds, Version};

/// What loading produced: the questionnaire when there were no errors, and every diagnostic either way.
pub type Loaded = Checked<Questionnaire>;

/// Load and check a questionnaire; `Err` only when files cannot be read at all.
pub fn load(path: &Path) -> Result<Loaded, Failure> {
    let files = read_sources(path)?;
    let mut diagnostics = Vec::new();
    let mut drafts = Drafts::default();
    for (index, file) in files.iter().enumerate() {
        read_file(index, &file.text, &mut drafts, &mut diagnostics);
    }
    let questionnaire = assemble(drafts, &files, &mut diagnostics);
    let questionnaire = if diagnostics.iter().any(Diagnostic::is_error) { None } else { questionnaire };
    Ok(Loaded { value: questionnaire, files, diagnostics })
}

/// Load a questionnaire that must be valid (for `score`, `template`, `report`).
pub fn load_valid(path: &Path) -> Result<Questionnaire, Failure> {
    load(path)?.into_result(path, "questionnaire")
}

fn read_sources(path: &Path) -> Result<Vec<SourceFile>, Failure> {
    let read = |p: &Path| {
        fs::read(p)
            .map_err(|e| Failure::input(format!("{}: cannot read: {e}", p.display())))
            .and_then(|bytes| {
                String::from_utf8(bytes)
                    .map_err(|_| Failure::input(format!("{}: not UTF-8 text (TOML files must be UTF-8)", p.display())))
            })
            .map(|text| SourceFile::new(p.display().to_string(), text))
    };
    if !path.is_dir() {
        return Ok(vec![read(path)?]);
    }
    let entries = fs::read_dir(path).map_err(|e| Failure::input(format!("{}: cannot read: {e}", path.display())))?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Failure::input(format!("{}: no .toml files in this folder", path.display())));
    }
    paths.iter().map(|p| read(p)).collect()
}

/// Everything read from the files, with places, before cross-file checks.
#[derive(Default)]
struct Drafts {
    meta: Vec<(usize, MetaDraft)>,
    scoring: Vec<(usize, std::ops::Range<usize>, Thresholds)>,
    stages: Vec<(usize, StageDraft)>,
    processes: Vec<(usize, ProcessDraft)>,
    questions: Vec<(usize, QuestionDraft)>,
    /// Ids of stages and processes declared with errors: references to them are not reported again.
    broken: Vec<String>,
    /// Processes named by questions that had errors: their level coverage is not checked, since the
    /// missing levels are most likely those of the broken questions.
    broken_questions: Vec<String>,
}

struct MetaDraft {
    header: std::ops::Range<usize>,
    meta: Option<Meta>,
    default_scale: Option<Scale>,
}

struct StageDraft {
    id: At<String>,
    name: String,
    description: Option<String>,
}

struct ProcessDraft {
    id: At<String>,
    stage: At<String>,
    name: String,
    purpose: String,
    target: u8,
    importance: f64,
    kind: ProcessType,
}

struct QuestionDraft {
    id: At<String>,
    process: At<String>,
    level: u8,
    text: String,
    scale: Option<Scale>,
    weight: f64,
    mandatory: bool,
    guidance: String,
    evidence: Option<String>,
}

fn read_file(file: usize, text: &str, drafts: &mut Drafts, diags: &mut Vec<Diagnostic>) {
    let doc = toml_reader::parse(file, text, diags);
    let mut root = Table::new(file, "this file", &doc, 0..0);
    if let Some(t) = root.table("questionnaire", diags) {
        drafts.meta.push((file, read_meta(t, diags)));
    }
    if let Some(t) = root.table("scoring", diags) {
        let header = t.header();
        drafts.scoring.push((file, header, read_scoring(t, diags)));
    }
    for t in root.tables("stage", diags) {
        match read_stage(t, diags) {
            Ok(s) => drafts.stages.push((file, s)),
            Err(id) => drafts.broken.extend(id),
        }
    }
    for t in root.tables("process", diags) {
        match read_process(t, diags) {
            Ok(p) => drafts.processes.push((file, p)),
            Err(id) => drafts.broken.extend(id),
        }
    }
    for t in root.tables("question", diags) {
        match read_question(t, diags) {
            Ok(q) => drafts.questions.push((file, q)),
            Err(process) => drafts.broken_questions.extend(process),
        }
    }
    root.finish(diags);
}

fn id(table: &mut Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<At<String>> {
    let id = table.text("id", diags)?;
    let valid = id.value.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        diags.push(Diagnostic::error(
            table.file(),
            id.span.clone(),
            format!("id \"{}\" may hold only letters, digits, '-', '_' and '.'", id.value),
        ));
        return None;
    }
    Some(id)
}

fn choice<T>(
    table: &mut Table<'_, '_>,
    key: &'static str,
    parse: impl Fn(&str) -> Option<T>,
    expected: &str,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<T>, ()> {
    let Some(found) = table.string(key, diags) else {
        return Ok(None);
    };
    match parse(&found.value) {
        Some(v) => Ok(Some(v)),
        None => {
            diags.push(Diagnostic::error(
                table.file(),
                found.span,
                format!("unknown {key} \"{}\" (expected {expected})", found.value),
            ));
            Err(())
        }
    }
}

fn scale_choice(
    table: &mut Table<'_, '_>,
    key: &'static str,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<Scale>, ()> {
    choice(table, key, Scale::from_name, "\"yes-no\", \"nplf\" or \"0-4\"", diags)
}

fn read_meta(mut t: Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> MetaDraft {
    let header = t.header();
    let id = id(&mut t, diags);
    let title = t.text("title", diags);
    let version = t.text("version", diags).and_then(|v| {
        let parsed = Version::parse(&v.value);
        if parsed.is_none() {
            diags.push(Diagnostic::error(
                t.file(),
                v.span,
                format!("version \"{}\" is not a semantic version MAJOR.MINOR.PATCH (e.g. \"1.0.0\")", v.value),
            ));
        }
        parsed
    });
    let kind = choice(&mut t, "kind", |k| (k == "maturity").then_some(Kind::Maturity), "\"maturity\"", diags);
    let mut optional = |key| t.optional_text(key, diags).map(|s| s.value);
    let framework = optional("framework");
    let description = optional("description");
    let author = optional("author");
    let licence = optional("licence");
    let default_scale = scale_choice(&mut t, "default_scale", diags).ok().flatten();
    t.finish(diags);
    let meta = match (id, title, version, kind) {
        (Some(id), Some(title), Some(version), Ok(kind)) => Some(Meta {
            id: id.value,
            title: title.value,
            version,
            kind: kind.unwrap_or(Kind::Maturity),
            framework,
            description,
            author,
            licence,
        }),
        _ => None,
    };
    MetaDraft { header, meta, default_scale }
}

fn read_scoring(mut t: Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> Thresholds {
    let mut thresholds = Thresholds::default();
    let fields: [(&'static str, &mut f64); 5] = [
        ("largely", &mut thresholds.largely),
        ("fully", &mut thresholds.fully),
        ("unmet", &mut thresholds.unmet),
        ("disagreement", &mut thresholds.disagreement),
        ("min_coverage", &mut thresholds.min_coverage),
    ];
    for (key, slot) in fields {
        if let Some(v) = t.number(key, diags) {
            if (0.0..=1.0).contains(&v.value) {
                *slot = v.value;
            } else {
                diags.push(Diagnostic::error(
                    t.file(),
                    v.span,
                    format!("\"{key}\" must be between 0 and 1, found {}", v.value),
                ));
            }
        }
    }
    t.finish(diags);
    thresholds
}

/// A draft, or the id of a declaration that had errors (when it had an id).
type Read<T> = Result<T, Option<String>>;

fn read_stage(mut t: Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> Read<StageDraft> {
    let id = id(&mut t, diags);
    if let Some(id) = &id {
        t.rename(format!("[[stage]] \"{}\"", id.value));
    }
    let name = t.text("name", diags);
    let description = t.optional_text("description", diags).map(|s| s.value);
    t.finish(diags);
    let broken = id.as_ref().map(|i| i.value.clone());
    match (id, name) {
        (Some(id), Some(name)) => Ok(StageDraft { id, name: name.value, description }),
        _ => Err(broken),
    }
}

/// An integer level 1-5 (for `level` and `target`).
fn level(t: &mut Table<'_, '_>, key: &'static str, diags: &mut Vec<Diagnostic>) -> Result<Option<u8>, ()> {
    let Some(found) = t.integer(key, diags) else {
        return Ok(None);
    };
    match u8::try_from(found.value) {
        Ok(v @ 1..=5) => Ok(Some(v)),
        _ => {
            diags.push(Diagnostic::error(
                t.file(),
                found.span,
                format!("\"{key}\" must be a maturity level from 1 to 5, found {}", found.value),
            ));
            Err(())
        }
    }
}

fn positive(t: &mut Table<'_, '_>, key: &'static str, diags: &mut Vec<Diagnostic>) -> Result<f64, ()> {
    match t.number(key, diags) {
        None => Ok(1.0),
        Some(v) if v.value > 0.0 => Ok(v.value),
        Some(v) => {
            diags.push(Diagnostic::error(
                t.file(),
                v.span,
                format!("\"{key}\" must be greater than 0, found {}", v.value),
            ));
            Err(())
        }
    }
}

fn read_process(mut t: Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> Read<ProcessDraft> {
    let id = id(&mut t, diags);
    if let Some(id) = &id {
        t.rename(format!("[[process]] \"{}\"", id.value));
    }
    let stage = t.text("stage", diags);
    let name = t.text("name", diags);
    let purpose = t.text("purpose", diags);
    let target = level(&mut t, "target", diags);
    let importance = positive(&mut t, "importance", diags);
    let parse_type = |s: &str| match s {
        "process" => Some(ProcessType::Process),
        "function" => Some(ProcessType::Function),
        _ => None,
    };
    let kind = choice(&mut t, "type", parse_type, "\"process\" or \"function\"", diags);
    t.finish(diags);
    let broken = id.as_ref().map(|i| i.value.clone());
    let draft = || {
        Some(ProcessDraft {
            id: id?,
            stage: stage?,
            name: name?.value,
            purpose: purpose?.value,
            target: target.ok()?.unwrap_or(3),
            importance: importance.ok()?,
            kind: kind.ok()?.unwrap_or(ProcessType::Process),
        })
    };
    draft().ok_or(broken)
}

fn read_question(mut t: Table<'_, '_>, diags: &mut Vec<Diagnostic>) -> Read<QuestionDraft> {
    let id = id(&mut t, diags);
    if let Some(id) = &id {
        t.rename(format!("[[question]] \"{}\"", id.value));
    }
    let process = t.text("process", diags);
    let level_found = level(&mut t, "level", diags);
    if matches!(level_found, Ok(None)) {
        t.missing("level", diags);
    }
    let text = t.text("text", diags);
    let scale = scale_choice(&mut t, "scale", diags);
    let weight = positive(&mut t, "weight", diags);
    let mandatory = t.boolean("mandatory", diags).is_some_and(|b| b.value);
    let guidance = t.text("guidance", diags);
    let evidence = t.optional_text("evidence", diags).map(|s| s.value);
    t.finish(diags);
    let broken = process.as_ref().map(|p| p.value.clone());
    let draft = || {
        Some(QuestionDraft {
            id: id?,
            process: process?,
            level: level_found.ok()??,
            text: text?.value,
            scale: scale.ok()?,
            weight: weight.ok()?,
            mandatory,
            guidance: guidance?.value,
            evidence,
        })
    };
    draft().ok_or(broken)
}

/// Where an id was first declared, for duplicate errors: `path:line:col`.
fn first_place(files: &[SourceFile], file: usize, span: &std::ops::Range<usize>) -> String {
    Diagnostic::error(file, span.clone(), "").location(files)
}

/// Cross-file checks, then the model; `None` when something essential is missing.
fn assemble(drafts: Drafts, files: &[SourceFile], diags: &mut Vec<Diagnostic>) -> Option<Questionnaire> {
    let Drafts { meta, scoring, stages, processes, questions, mut broken, mut broken_questions } = drafts;

    if meta.is_empty() {
        let message = "no [questionnaire] table: one file must give the questionnaire's id, title and version";
        diags.push(Diagnostic::error(0, 0..0, message));
    }
    for (file, extra) in meta.iter().skip(1) {
        let first = first_place(files, meta[0].0, &meta[0].1.header);
        diags.push(Diagnostic::error(
            *file,
            extra.header.clone(),
            format!("a second [questionnaire] table (the first is at {first})"),
        ));
    }
    for (file, header, _) in scoring.iter().skip(1) {
        let first = first_place(files, scoring[0].0, &scoring[0].1);
        diags.push(Diagnostic::error(
            *file,
            header.clone(),
            format!("a second [scoring] table (the first is at {first})"),
        ));
    }

    let mut stage_ids: HashMap<String, (usize, usize)> = HashMap::new();
    let mut stage_list = Vec::new();
    for (file, s) in stages {
        if let Some(&(f, i)) = stage_ids.get(&s.id.value) {
            let first = first_place(files, f, &stage_list_span(&stage_list, i));
            diags.push(Diagnostic::error(
                file,
                s.id.span.clone(),
                format!("duplicate stage id \"{}\" (first declared at {first})", s.id.value),
            ));
            continue;
        }
        stage_ids.insert(s.id.value.clone(), (file, stage_list.len()));
        stage_list.push(s);
    }
    let known_stages: Vec<&str> = stage_list.iter().map(|s| s.id.value.as_str()).collect();

    let mut process_ids: HashMap<String, (usize, std::ops::Range<usize>)> = HashMap::new();
    let mut process_list: Vec<(usize, ProcessDraft, usize)> = Vec::new();
    for (file, p) in processes {
        if let Some((f, span)) = process_ids.get(&p.id.value) {
            let first = first_place(files, *f, span);
            diags.push(Diagnostic::error(
                file,
                p.id.span.clone(),
                format!("duplicate process id \"{}\" (first declared at {first})", p.id.value),
            ));
            continue;
        }
        let Some(&(_, stage)) = stage_ids.get(&p.stage.value) else {
            if !broken.contains(&p.stage.value) {
                diags.push(unknown_reference(file, "process", &p.id.value, "stage", &p.stage, &known_stages));
            }
            broken.push(p.id.value);
            continue;
        };
        process_ids.insert(p.id.value.clone(), (file, p.id.span.clone()));
        process_list.push((file, p, stage));
    }
    // Processes grouped by stage, keeping declaration order within a stage.
    process_list.sort_by_key(|(_, _, stage)| *stage);
    let process_index: HashMap<&str, usize> =
        process_list.iter().enumerate().map(|(i, (_, p, _))| (p.id.value.as_str(), i)).collect();
    let known_processes: Vec<&str> = process_list.iter().map(|(_, p, _)| p.id.value.as_str()).collect();

    let mut question_ids: HashMap<String, (usize, std::ops::Range<usize>)> = HashMap::new();
    let mut question_list: Vec<(usize, QuestionDraft)> = Vec::new();
    let mut per_level = vec![[0usize; 5]; process_list.len()];
    for (file, q) in questions {
        if let Some((f, span)) = question_ids.get(&q.id.value) {
            let first = first_place(files, *f, span);
            diags.push(Diagnostic::error(
                file,
                q.id.span.clone(),
                format!("duplicate question id \"{}\" (first declared at {first})", q.id.value),
            ));
            continue;
        }
        question_ids.insert(q.id.value.clone(), (file, q.id.span.clone()));
        let Some(&process) = process_index.get(q.process.value.as_str()) else {
            if !broken.contains(&q.process.value) {
                diags.push(unknown_reference(file, "question", &q.id.value, "process", &q.process, &known_processes));
            }
            let near = crate::toml_reader::closest(&q.process.value, &known_processes);
            broken_questions.extend(near.map(str::to_string));
            continue;
        };
        per_level[process][usize::from(q.level) - 1] += 1;
        question_list.push((process, q));
    }

    for ((file, p, _), counts) in process_list.iter().zip(&per_level) {
        if broken_questions.contains(&p.id.value) {
            continue;
        }
        for (level, &count) in (1..=5).zip(counts) {
            if count == 0 {
                diags.push(Diagnostic::error(
                    *file,
                    p.id.span.clone(),
                    format!("process \"{}\" has no question at level {level}", p.id.value),
                ));
            }
        }
        let single: Vec<String> = (1..=5).zip(counts).filter(|(_, c)| **c == 1).map(|(l, _)| l.to_string()).collect();
        if !single.is_empty() {
            let levels = if single.len() == 1 { "level" } else { "levels" };
            let message = format!("process \"{}\" has a single question at {levels} {}", p.id.value, single.join(", "));
            diags.push(Diagnostic::warning(*file, p.id.span.clone(), message));
        }
    }
    for (i, s) in stage_list.iter().enumerate() {
        if !process_list.iter().any(|(_, _, stage)| *stage == i) {
            let file = stage_ids[&s.id.value].0;
            diags.push(Diagnostic::warning(
                file,
                s.id.span.clone(),
                format!("stage \"{}\" has no processes", s.id.value),
            ));
        }
    }

    let first_meta = meta.into_iter().next()?.1;
    let default_scale = first_meta.default_scale.unwrap_or(Scale::Nplf);
    let meta = first_meta.meta?;
    let scoring = scoring.into_iter().next().map(|(_, _, t)| t).unwrap_or_default();
    question_list.sort_by_key(|(process, q)| (*process, q.level));
    let stages =
        stage_list.into_iter().map(|s| Stage { id: s.id.value, name: s.name, description: s.description }).collect();
    let processes = process_list
        .into_iter()
        .map(|(_, p, stage)| Process {
            id: p.id.value,
            stage,
            name: p.name,
            purpose: p.purpose,
            target: p.target,
            importance: p.importance,
            kind: p.kind,
        })
        .collect();
    let questions = question_list
        .into_iter()
        .map(|(process, q)| Question {
            id: q.id.value,
            process,
            level: q.level,
            text: q.text,
            scale: q.scale.unwrap_or(default_scale),
            weight: q.weight,
            mandatory: q.mandatory,
            guidance: q.guidance,
            evidence: q.evidence,
        })
        .collect();
    Some(Questionnaire::new(meta, scoring, stages, processes, questions))
}

fn stage_list_span(list: &[StageDraft], index: usize) -> std::ops::Range<usize> {
    list[index].id.span.clone()
}

fn unknown_reference(
    file: usize,
    what: &str,
    id: &str,
    target: &str,
    reference: &At<String>,
    known: &[&str],
) -> Diagnostic {
    let hint = match crate::toml_reader::closest(&reference.value, known) {
        Some(near) => format!("; did you mean \"{near}\"?"),
        None => String::new(),
    };
    Diagnostic::error(
        file,
        reference.span.clone(),
        format!("{what} \"{id}\" names {target} \"{}\", which is not declared{hint}", reference.value),
    )
}
