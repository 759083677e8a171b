//! Reading TOML with every value's place kept, so that one pass over a file reports all of its problems
//! (wrong types, missing keys, typos in keys) each at its line and column, instead of stopping at the first.
//!
//! serde's derive stops at the first error and loses spans in nested arrays of tables; walking
//! `toml::de::DeTable` by hand keeps both.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;

/// A value with the byte span it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// Parse a TOML document, pushing every syntax error; what could be recovered comes back.
pub fn parse<'i>(file: usize, text: &'i str, diags: &mut Vec<Diagnostic>) -> DeTable<'i> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        diags.push(Diagnostic::error(file, span, format!("TOML syntax: {}", error.message().trim_end())));
    }
    doc.into_inner()
}

/// One TOML table being read: remembers which keys were used, to report the others as unknown.
pub struct Table<'a, 'i> {
    file: usize,
    /// How messages name this table: `[[question]]`, `[respondent]`.
    what: String,
    table: &'a DeTable<'i>,
    /// Where to point when a key is missing: the table's header.
    header: Range<usize>,
    used: Vec<&'static str>,
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'a, 'i> Table<'a, 'i> {
    pub fn new(file: usize, what: impl Into<String>, table: &'a DeTable<'i>, header: Range<usize>) -> Self {
        Self { file, what: what.into(), table, header, used: Vec::new() }
    }

    pub fn file(&self) -> usize {
        self.file
    }

    pub fn header(&self) -> Range<usize> {
        self.header.clone()
    }

    /// Rename the table in later messages, e.g. once its id is known: `[[question]] "IM-1-01"`.
    pub fn rename(&mut self, what: impl Into<String>) {
        self.what = what.into();
    }

    fn raw(&mut self, key: &'static str) -> Option<(&'a DeValue<'i>, Range<usize>)> {
        self.used.push(key);
        self.table.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| (v.get_ref(), v.span()))
    }

    fn wrong_type(&self, key: &str, expected: &str, value: &DeValue<'_>, span: Range<usize>) -> Diagnostic {
        Diagnostic::error(self.file, span, format!("\"{key}\" must be {expected}, found {}", type_name(value)))
    }

    /// Report a required key as missing, pointing at the table's header.
    pub fn missing(&self, key: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(Diagnostic::error(self.file, self.header(), format!("missing key \"{key}\" in {}", self.what)));
    }

    /// An optional string.
    pub fn string(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Option<At<String>> {
        let (value, span) = self.raw(key)?;
        match value {
            DeValue::String(s) => Some(At { value: s.to_string(), span }),
            other => {
                diags.push(self.wrong_type(key, "a string", other, span));
                None
            }
        }
    }

    /// A required string that must hold some text.
    pub fn text(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Option<At<String>> {
        let found = self.optional_text(key, diags);
        if found.is_none() && !self.table.iter().any(|(k, _)| k.get_ref().as_ref() == key) {
            self.missing(key, diags);
        }
        found
    }

    /// An optional string that, when present, must hold some text.
    pub fn optional_text(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Option<At<String>> {
        let found = self.string(key, diags)?;
        if found.value.trim().is_empty() {
            diags.push(Diagnostic::error(self.file, found.span, format!("\"{key}\" must not be empty")));
            return None;
        }
        Some(found)
    }

    /// An optional string or TOML date, as text (answer files accept `date = 2026-03-01` and `"2026-03-01"`).
    pub fn date_text(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Option<At<String>> {
        let (value, span) = self.raw(key)?;
        match value {
            DeValue::String(s) => Some(At { value: s.to_string(), span }),
            DeValue::Datetime(d) => Some(At { value: d.to_string(), span }),
            other => {
                diags.push(self.wrong_type(key, "a date", other, span));
                None
            }
        }
    }

    pub fn integer(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Option<At<i64>> {
        let (value, span) = self.raw(key)?;
        match value {
            DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                Ok(value) => Some(At { value, span }),
                Err(_) => {
                    diags.push(Diagnostic::error(self.file, span, format!("\"{key}\" is out of range")));
                    None
                }
            },
            other => {
                diags.push(self.wrong_type(key, "an integer", other, span));
                None
            }
        }
    }

    /// An integer or a float.
    pub fn number(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Option<At<f64>> {
        let (value, span) = self.raw(key)?;
        let parsed = match value {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok().map(|v| v as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => {
                diags.push(self.wrong_type(key, "a number", other, span));
                return None;
            }
        };
        match parsed {
            Some(value) if value.is_finite() => Some(At { value, span }),
            _ => {
                diags.push(Diagnostic::error(self.file, span, format!("\"{key}\" must be a finite number")));
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Option<At<bool>> {
        let (value, span) = self.raw(key)?;
        match value {
            DeValue::Boolean(b) => Some(At { value: *b, span }),
            other => {
                diags.push(self.wrong_type(key, "true or false", other, span));
                None
            }
        }
    }

    /// An optional array of strings, each with its own span (quiz options, correct letters).
    pub fn strings(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Option<At<Vec<At<String>>>> {
        let (value, span) = self.raw(key)?;
        let DeValue::Array(items) = value else {
            diags.push(self.wrong_type(key, "an array of strings", value, span));
            return None;
        };
        let mut strings = Vec::new();
        let mut wrong = false;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => strings.push(At { value: s.to_string(), span: item.span() }),
                other => {
                    diags.push(self.wrong_type(key, "an array of strings", other, item.span()));
                    wrong = true;
                }
            }
        }
        (!wrong).then_some(At { value: strings, span })
    }

    /// A sub-table `[key]`.
    pub fn table(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Option<Table<'a, 'i>> {
        let (value, span) = self.raw(key)?;
        match value {
            DeValue::Table(t) => Some(Table::new(self.file, format!("[{key}]"), t, span)),
            other => {
                diags.push(self.wrong_type(key, "a table", other, span));
                None
            }
        }
    }

    /// A sub-table whose key is data (`[process.incident]`), found through [`Table::entries`].
    pub fn table_at(&mut self, key: &str, span: Range<usize>, diags: &mut Vec<Diagnostic>) -> Option<Table<'a, 'i>> {
        let value = self.table.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v.get_ref())?;
        match value {
            DeValue::Table(t) => Some(Table::new(self.file, format!("[{key}]"), t, span)),
            other => {
                diags.push(self.wrong_type(key, "a table", other, span));
                None
            }
        }
    }

    /// An array of tables `[[key]]`; empty when absent.
    pub fn tables(&mut self, key: &'static str, diags: &mut Vec<Diagnostic>) -> Vec<Table<'a, 'i>> {
        let Some((value, span)) = self.raw(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value else {
            diags.push(self.wrong_type(key, "an array of tables", value, span));
            return Vec::new();
        };
        let mut tables = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => tables.push(Table::new(self.file, format!("[[{key}]]"), t, item.span())),
                other => diags.push(self.wrong_type(key, "an array of tables", other, item.span())),
            }
        }
        tables
    }

    /// Every key and value of a table whose keys are data (`[answers]`), in source order.
    pub fn entries(&mut self) -> Vec<(At<String>, &'a DeValue<'i>, Range<usize>)> {
        let mut entries: Vec<_> = self
            .table
            .iter()
            .map(|(k, v)| (At { value: k.get_ref().to_string(), span: k.span() }, v.get_ref(), v.span()))
            .collect();
        entries.sort_by_key(|(k, _, _)| k.span.start);
        entries
    }

    /// Report every key that was not read; the message suggests the closest known key for typos.
    pub fn finish(self, diags: &mut Vec<Diagnostic>) {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if self.used.contains(&name) {
                continue;
            }
            let hint = match closest(name, &self.used) {
                Some(near) => format!("; did you mean \"{near}\"?"),
                None => format!(" (expected one of: {})", self.used.join(", ")),
            };
            diags.push(Diagnostic::error(
                self.file,
                key.span(),
                format!("unknown key \"{name}\" in {}{hint}", self.what),
            ));
        }
    }
}

/// The known key within edit distance 2 (or a plural/singular slip) of what was typed.
pub(crate) fn closest<'k>(typed: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(typed, k), *k))
        .filter(|(d, k)| *d <= 2.min(k.len() / 2).max(1) || typed.trim_end_matches('s') == *k)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        let known = ["id", "level", "mandatory", "question"];
        assert_eq!(closest("mandatroy", &known), Some("mandatory"));
        assert_eq!(closest("questions", &known), Some("question"));
        assert_eq!(closest("levle", &known), Some("level"));
        assert_eq!(closest("colour", &known), None);
    }

    #[test]
    fn collects_every_problem_of_a_table() {
        let text = "[t]\nname = 3\nlevl = 2\nnote = \"  \"\n";
        let mut diags = Vec::new();
        let doc = parse(0, text, &mut diags);
        let mut root = Table::new(0, "the file", &doc, 0..0);
        let mut t = root.table("t", &mut diags).unwrap();
        assert_eq!(t.text("name", &mut diags), None);
        assert_eq!(t.integer("level", &mut diags), None);
        assert_eq!(t.text("note", &mut diags), None);
        assert_eq!(t.text("id", &mut diags), None);
        t.finish(&mut diags);
        let messages: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "\"name\" must be a string, found an integer",
                "\"note\" must not be empty",
                "missing key \"id\" in [t]",
                "unknown key \"levl\" in [t]; did you mean \"level\"?",
            ]
        );
    }
}
