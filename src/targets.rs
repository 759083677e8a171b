//! An engagement's targets file: the target level and importance agreed with the client per process,
//! overriding the questionnaire's defaults.
//!
//! ```toml
//! default_target = 3          # optional: every process not named below
//! [process.incident]
//! target = 4
//! importance = 2.0
//! ```

use std::path::Path;

use crate::diagnostic::{self, Diagnostic, SourceFile};
use crate::error::Failure;
use crate::questionnaire::Questionnaire;
use crate::scoring::Targets;
use crate::toml_reader::{self, Table};

pub fn read(q: &Questionnaire, path: &Path) -> Result<Targets, Failure> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{}: cannot read: {e}", path.display())))?;
    parse(q, &path.display().to_string(), &text)
}

pub fn parse(q: &Questionnaire, shown: &str, text: &str) -> Result<Targets, Failure> {
    let file = SourceFile::new(shown, text);
    let mut diags = Vec::new();
    let doc = toml_reader::parse(0, text, &mut diags);
    let mut root = Table::new(0, "the targets file", &doc, 0..0);
    let mut targets = Targets::of(q);
    let level = |v: &toml_reader::At<i64>, diags: &mut Vec<Diagnostic>| match u8::try_from(v.value) {
        Ok(l @ 1..=5) => Some(l),
        _ => {
            diags.push(Diagnostic::error(
                0,
                v.span.clone(),
                format!("a target must be a level from 1 to 5, found {}", v.value),
            ));
            None
        }
    };
    if let Some(v) = root.integer("default_target", &mut diags)
        && let Some(l) = level(&v, &mut diags)
    {
        targets.target.iter_mut().for_each(|t| *t = l);
    }
    if let Some(mut processes) = root.table("process", &mut diags) {
        let known: Vec<&str> = q.processes.iter().map(|p| p.id.as_str()).collect();
        for (key, _, span) in processes.entries() {
            let Some(index) = q.process(&key.value) else {
                let hint = toml_reader::closest(&key.value, &known)
                    .map(|n| format!("; did you mean \"{n}\"?"))
                    .unwrap_or_default();
                let message = format!("unknown process \"{}\" in {} {}{hint}", key.value, q.meta.id, q.meta.version);
                diags.push(Diagnostic::error(0, key.span, message));
                continue;
            };
            let Some(mut t) = processes.table_at(&key.value, span, &mut diags) else {
                continue;
            };
            if let Some(v) = t.integer("target", &mut diags)
                && let Some(l) = level(&v, &mut diags)
            {
                targets.target[index] = l;
            }
            if let Some(v) = t.number("importance", &mut diags) {
                if v.value > 0.0 {
                    targets.importance[index] = v.value;
                } else {
                    diags.push(Diagnostic::error(
                        0,
                        v.span,
                        format!("\"importance\" must be greater than 0, found {}", v.value),
                    ));
                }
            }
            t.finish(&mut diags);
        }
    }
    root.finish(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Failure::input(diagnostic::render(&diags, &[file]).trim_end().to_string()));
    }
    Ok(targets)
}
