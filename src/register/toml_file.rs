//! Registers as TOML, one `[[item]]` per row: values are kept as they were written (their source text), keys in
//! the register's column order; comments are not kept, which the file's opening comment says.

use std::fmt::Write as _;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, SourceFile, render};
use crate::error::Failure;

use super::table::{Cell, Table};

/// The array of tables that holds the items.
const ITEMS: &str = "item";

const HEAD: &str = "\
# Improvement register (CSI register), kept by `itil-assess register`.
# One [[item]] per improvement. Yours: owner, due, status (open, in progress, done, dropped), notes, and any key
# or item you add. The tool raises items, refreshes priority, levels and description of open ones, and marks
# them done with the date they are found met. Comments in this file are not kept when it is updated.
";

fn source_of(text: &str, span: std::ops::Range<usize>) -> &str {
    text.get(span).unwrap_or("").trim()
}

/// A value as a cell: strings by their value, everything else by its source text.
fn cell_of(value: &DeValue<'_>, source: &str) -> Cell {
    match value {
        DeValue::String(s) => Cell::Toml { text: s.to_string(), source: source.to_string() },
        _ => Cell::Toml { text: source.to_string(), source: source.to_string() },
    }
}

pub fn read(shown: &str, bytes: &[u8]) -> Result<Table, Failure> {
    let text = std::str::from_utf8(bytes).map_err(|e| Failure::input(format!("{shown}: not UTF-8 text: {e}")))?;
    let files = [SourceFile::new(shown, text)];
    // `file:line:col: error: …` with the line and a caret, as for questionnaires.
    let at = |span: std::ops::Range<usize>, message: String| {
        let rendered = render(&[Diagnostic::error(0, span, message)], &files);
        Failure::input(rendered.trim_end())
    };
    let doc = DeTable::parse(text)
        .map_err(|e| at(e.span().unwrap_or(0..0), format!("TOML syntax: {}", e.message().trim_end())))?;
    let mut entries: Vec<_> = doc.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let mut table = Table::default();
    for (key, value) in entries {
        let name = key.get_ref().to_string();
        let span = value.span();
        if name != ITEMS {
            let source = source_of(text, span.clone());
            let inline = !matches!(value.get_ref(), DeValue::Table(_)) || source.starts_with('{');
            if !inline || source.starts_with("[[") {
                return Err(at(
                    key.span(),
                    format!("`{name}` is not part of a register (items are [[{ITEMS}]] tables)"),
                ));
            }
            table.surroundings.toml_entries.push(format!("{} = {source}", toml_key(&name)));
            continue;
        }
        let DeValue::Array(items) = value.get_ref() else {
            return Err(at(key.span(), format!("`{ITEMS}` must be a list of [[{ITEMS}]] tables")));
        };
        for (n, item) in items.iter().enumerate() {
            let DeValue::Table(fields) = item.get_ref() else {
                return Err(at(item.span(), format!("item {} is not a table", n + 1)));
            };
            let mut fields: Vec<_> = fields.iter().collect();
            fields.sort_by_key(|(k, _)| k.span().start);
            let mut row = Vec::new();
            for (k, v) in fields {
                let source = source_of(text, v.span());
                if matches!(v.get_ref(), DeValue::Table(_)) && !source.starts_with('{') {
                    return Err(at(
                        k.span(),
                        format!("item {}: `{}` is a table; only values and inline tables are kept", n + 1, k.get_ref()),
                    ));
                }
                let col = table.column_or_add(k.get_ref());
                super::table::set(&mut row, col, cell_of(v.get_ref(), source));
            }
            table.rows.push(row);
        }
    }
    if table.column("id").is_none() && !table.rows.is_empty() {
        return Err(Failure::input(format!("{shown}: not an improvement register: its items have no `id` key")));
    }
    Ok(table)
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A bare key when the name allows it, else a quoted one.
fn toml_key(name: &str) -> String {
    let bare = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { name.to_string() } else { toml_string(name) }
}

fn value(cell: &Cell) -> Option<String> {
    Some(match cell {
        Cell::Empty => return None,
        Cell::Text(s) => toml_string(s),
        Cell::Toml { source, .. } => source.clone(),
        Cell::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) if n.is_finite() => format!("{n:?}"),
        Cell::Number(n) => toml_string(&n.to_string()),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::DateTime(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
    })
}

pub fn write(table: &Table) -> String {
    let mut out = String::from(HEAD);
    for entry in &table.surroundings.toml_entries {
        let _ = writeln!(out, "{entry}");
    }
    // Rows above a spreadsheet's header have no place in TOML: they are kept as comments.
    for row in &table.preamble {
        let line: Vec<String> = row.iter().map(|c| c.text().into_owned()).filter(|t| !t.is_empty()).collect();
        if !line.is_empty() {
            let _ = writeln!(out, "# {}", line.join(" ").replace('\n', " "));
        }
    }
    for row in &table.rows {
        let _ = write!(out, "\n[[{ITEMS}]]\n");
        for (name, cell) in table.header.iter().zip(row) {
            if let Some(v) = value(cell) {
                let _ = writeln!(out, "{} = {v}", toml_key(name));
            }
        }
    }
    out
}
