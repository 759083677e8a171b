//! `register`: a register raised from a result, then updated from a later one, with a person's edits in
//! between; for CSV, XLSX and TOML. Unreadable registers are reported and left as they were.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use serde_json::{Value, json};

use crate::support::run;

const MINI: &str = "tests/fixtures/questionnaires/mini.toml";

const HEADER: &str = "id,raised,process,stage,question,description,priority,current_level,target_level,related_kpi,\
owner,due,status,closed,notes";
const IM: &str = "IM-3-02,2026-03-02,incident,operation,Question 2 on incident management at level 3?,\
Guidance for IM-3-02.,0.92,2,3,\"mttr_hours, sla_met_pct, first_line_resolution_pct\"";
const CHM: &str = "CHM-2-01,2026-03-02,change,transition,Question 1 on change management at level 2?,\
Guidance for CHM-2-01.,0.22,1,2,\"change_success_pct, emergency_change_pct\"";
const PM: &str = "PM-4-02,2026-09-15,problem,operation,Question 2 on problem management at level 4?,\
Guidance for PM-4-02.,0,3,3,\"median_ttr_hours, open_age_mean_days\"";

/// The worked example's result (2026-03-02), and a later one (2026-09-15) in which IM-3-02 is met and
/// PM-4-02 is a new gap.
struct Results {
    dir: tempfile::TempDir,
    first: PathBuf,
    second: PathBuf,
}

fn results() -> Results {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    let out = run(&["score", MINI, "tests/fixtures/worked", "--json", first.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&first).unwrap()).unwrap();
    doc["assessment"]["date"] = json!("2026-09-15");
    for q in doc["questions"].as_array_mut().unwrap() {
        if q["id"] == "IM-3-02" {
            q["value"] = json!(0.75);
            q["unmet"] = json!(false);
        }
    }
    let recommendations = doc["recommendations"].as_array_mut().unwrap();
    recommendations.retain(|r| r["question"] != "IM-3-02");
    recommendations.push(json!({
        "process": "problem", "stage": "operation", "question": "PM-4-02", "level": 4,
        "value": 1.0 / 3.0, "priority": 0.0, "text": "Question 2 on problem management at level 4?",
        "guidance": "Guidance for PM-4-02.", "evidence": null
    }));
    let second = dir.path().join("second.json");
    std::fs::write(&second, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    Results { dir, first, second }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn register(result: &Path, existing: Option<&Path>, out: &Path) -> crate::support::Run {
    let mut args = vec!["register", path(result), "-o", path(out)];
    if let Some(existing) = existing {
        args.extend(["--register", path(existing)]);
    }
    run(&args)
}

#[test]
fn register_created_from_a_result_has_a_row_per_recommendation() {
    let r = results();
    let out_path = r.dir.path().join("csi.csv");
    let out = register(&r.first, None, &out_path);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, format!("wrote {}: 2 new, 0 done, 2 open\n", out_path.display()));
    let expected = format!("{HEADER}\n{IM},,,open,,\n{CHM},,,open,,\n");
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), expected);
}

#[test]
fn register_csv_edited_by_hand_survives_an_update() {
    let r = results();
    let csv = r.dir.path().join("csi.csv");
    assert_eq!(register(&r.first, None, &csv).code, 0);
    // What a person does: owners, a due date, a status, notes, a column and an item of their own.
    let edited = format!(
        "{HEADER},budget\n\
         {IM},Alice,2026-06-30,in progress,,\"Needs a tool; see \"\"plan\"\"\",1200\n\
         {CHM},Bob,,open,,,\n\
         X-1,2026-04-01,,,,Replace the phone system,,,,,Carol,,open,,ours,5000\n"
    );
    std::fs::write(&csv, &edited).unwrap();
    let out = register(&r.second, Some(&csv), &csv);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, format!("wrote {}: 1 new, 1 done (IM-3-02), 2 open\n", csv.display()));
    let expected = format!(
        "{HEADER},budget\n\
         {IM},Alice,2026-06-30,done,2026-09-15,\"Needs a tool; see \"\"plan\"\"\",1200\n\
         {CHM},Bob,,open,,,\n\
         X-1,2026-04-01,,,,Replace the phone system,,,,,Carol,,open,,ours,5000\n\
         {PM},,,open,,,\n"
    );
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), expected);
    // Nothing changed, nothing changes.
    assert_eq!(register(&r.second, Some(&csv), &csv).code, 0);
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), expected);
}

#[test]
fn register_keeps_what_people_closed_and_reopens_a_gap_that_came_back() {
    let r = results();
    let csv = r.dir.path().join("csi.csv");
    // CHM-2-01 dropped by a person, IM-3-02 done by a person (though the first result still finds it unmet).
    let edited = format!("{HEADER}\n{IM},,,done,2026-02-01,\n{CHM},,,Dropped,,too costly\n");
    std::fs::write(&csv, &edited).unwrap();
    let out = register(&r.first, Some(&csv), &csv);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, format!("wrote {}: 1 new (reopened: IM-3-02), 0 done, 1 open\n", csv.display()));
    let reopened = format!("{IM},,,open,,");
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), format!("{edited}{reopened}\n"));
}

/// A sheet's cells as text, by row, without trailing blanks.
fn sheet_text(path: &Path) -> Vec<Vec<String>> {
    let mut workbook = calamine::open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range("Register").unwrap();
    range
        .rows()
        .map(|row| {
            let mut cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Data::DateTime(d) => d.as_datetime().unwrap().date().to_string(),
                    other => other.to_string(),
                })
                .collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            cells
        })
        .collect()
}

/// Rewrite a workbook as a person's spreadsheet program would: values only, with their types, plus edits.
fn edit_xlsx(path: &Path, edit: impl Fn(usize, usize, &Data) -> Option<Data>, extra_rows: &[Vec<Data>]) {
    let mut workbook = calamine::open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range("Register").unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Register").unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let mut write = |r: usize, c: usize, cell: &Data| {
        let (r, c) = (r as u32, c as u16);
        match cell {
            Data::Empty => {}
            Data::String(s) => {
                sheet.write_string(r, c, s).unwrap();
            }
            Data::Float(f) => {
                sheet.write_number(r, c, *f).unwrap();
            }
            Data::DateTime(d) => {
                let d = d.as_datetime().unwrap().date();
                let text = d.format("%Y-%m-%dT00:00:00").to_string();
                let value = rust_xlsxwriter::ExcelDateTime::parse_from_str(&text).unwrap();
                sheet.write_datetime_with_format(r, c, &value, &date).unwrap();
            }
            other => panic!("unexpected cell {other:?}"),
        }
    };
    let height = range.height();
    for (r, row) in range.rows().enumerate() {
        for c in 0..row.len() + 1 {
            let cell = row.get(c).cloned().unwrap_or(Data::Empty);
            write(r, c, &edit(r, c, &cell).unwrap_or(cell));
        }
    }
    for (i, row) in extra_rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            write(height + i, c, cell);
        }
    }
    book.save(path).unwrap();
}

fn s(text: &str) -> Data {
    Data::String(text.into())
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn register_xlsx_edited_by_hand_survives_an_update() {
    let r = results();
    let xlsx = r.dir.path().join("csi.xlsx");
    assert_eq!(register(&r.first, None, &xlsx).code, 0);
    // Columns: 10 owner, 11 due, 12 status, 14 notes; 15 is a column of the person's own.
    edit_xlsx(
        &xlsx,
        |r, c, _| match (r, c) {
            (0, 15) => Some(s("budget")),
            (1, 10) => Some(s("Alice")),
            (1, 12) => Some(s("in progress")),
            (1, 14) => Some(s("Needs a tool")),
            (1, 15) => Some(Data::Float(1200.0)),
            (2, 10) => Some(s("Bob")),
            _ => None,
        },
        &[vec![s("X-1"), Data::Empty, Data::Empty, Data::Empty, Data::Empty, s("Replace the phone system")]],
    );
    let before = sheet_text(&xlsx);
    let out = register(&r.second, Some(&xlsx), &xlsx);
    assert_eq!(out.code, 0, "{out:?}");
    let after = sheet_text(&xlsx);
    let mut expected = before.clone();
    expected[1][12] = "done".into();
    expected[1][13] = "2026-09-15".into();
    expected.push(strings(&[
        "PM-4-02",
        "2026-09-15",
        "problem",
        "operation",
        "Question 2 on problem management at level 4?",
        "Guidance for PM-4-02.",
        "0",
        "3",
        "3",
        "median_ttr_hours, open_age_mean_days",
        "",
        "",
        "open",
    ]));
    assert_eq!(after, expected);
    assert_eq!(
        before[1],
        strings(&[
            "IM-3-02",
            "2026-03-02",
            "incident",
            "operation",
            "Question 2 on incident management at level 3?",
            "Guidance for IM-3-02.",
            "0.92",
            "2",
            "3",
            "mttr_hours, sla_met_pct, first_line_resolution_pct",
            "Alice",
            "",
            "in progress",
            "",
            "Needs a tool",
            "1200",
        ])
    );
    assert_eq!(before[3], strings(&["X-1", "", "", "", "", "Replace the phone system"]));
}

#[test]
fn register_xlsx_output_is_deterministic() {
    let r = results();
    let (a, b) = (r.dir.path().join("a.xlsx"), r.dir.path().join("b.xlsx"));
    assert_eq!(register(&r.first, None, &a).code, 0);
    assert_eq!(register(&r.first, None, &b).code, 0);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // And reading it back and writing it again changes nothing.
    assert_eq!(register(&r.first, Some(&a), &b).code, 0);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn register_toml_edited_by_hand_survives_an_update() {
    let r = results();
    let toml = r.dir.path().join("csi.toml");
    assert_eq!(register(&r.first, None, &toml).code, 0);
    let created = std::fs::read_to_string(&toml).unwrap();
    let edited = created
        .replacen("owner = \"\"", "owner = 'Alice'", 1)
        .replacen("notes = \"\"", "notes = \"\"\"\nNeeds a tool.\nAsk Bob.\"\"\"\nbudget = 1_200", 1)
        .replacen("status = \"open\"", "status = \"in progress\"", 2)
        + "\n[[item]]\nid = \"X-1\"\ndescription = \"Replace the phone system\"\ndue = 2026-12-31\n";
    std::fs::write(&toml, &edited).unwrap();
    let out = register(&r.second, Some(&toml), &toml);
    assert_eq!(out.code, 0, "{out:?}");
    let item_im = "id = \"IM-3-02\"\nraised = 2026-03-02\nprocess = \"incident\"\nstage = \"operation\"\n\
question = \"Question 2 on incident management at level 3?\"\ndescription = \"Guidance for IM-3-02.\"\n\
priority = 0.92\ncurrent_level = 2\ntarget_level = 3\n\
related_kpi = \"mttr_hours, sla_met_pct, first_line_resolution_pct\"\nowner = 'Alice'\ndue = \"\"\n\
status = \"done\"\nclosed = 2026-09-15\nnotes = \"\"\"\nNeeds a tool.\nAsk Bob.\"\"\"\nbudget = 1_200\n";
    let item_chm = "id = \"CHM-2-01\"\nraised = 2026-03-02\nprocess = \"change\"\nstage = \"transition\"\n\
question = \"Question 1 on change management at level 2?\"\ndescription = \"Guidance for CHM-2-01.\"\n\
priority = 0.22\ncurrent_level = 1\ntarget_level = 2\nrelated_kpi = \"change_success_pct, emergency_change_pct\"\n\
owner = \"\"\ndue = \"\"\nstatus = \"in progress\"\nclosed = \"\"\nnotes = \"\"\n";
    let item_x = "id = \"X-1\"\ndescription = \"Replace the phone system\"\ndue = 2026-12-31\n";
    let item_pm = "id = \"PM-4-02\"\nraised = 2026-09-15\nprocess = \"problem\"\nstage = \"operation\"\n\
question = \"Question 2 on problem management at level 4?\"\ndescription = \"Guidance for PM-4-02.\"\n\
priority = 0\ncurrent_level = 3\ntarget_level = 3\nrelated_kpi = \"median_ttr_hours, open_age_mean_days\"\n\
owner = \"\"\ndue = \"\"\nstatus = \"open\"\nclosed = \"\"\nnotes = \"\"\n";
    let head = created.split("\n[[item]]").next().unwrap();
    let expected =
        format!("{head}\n[[item]]\n{item_im}\n[[item]]\n{item_chm}\n[[item]]\n{item_x}\n[[item]]\n{item_pm}");
    assert_eq!(std::fs::read_to_string(&toml).unwrap(), expected);
}

/// An unreadable register: the run fails with `message`, and the file is left byte for byte as it was.
fn refused(name: &str, content: &[u8], message: impl Fn(&str) -> String) {
    let r = results();
    let file = r.dir.path().join(name);
    std::fs::write(&file, content).unwrap();
    let out = register(&r.second, Some(&file), &file);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stderr, message(path(&file)) + "\n");
    assert_eq!(std::fs::read(&file).unwrap(), content);
    assert_eq!(std::fs::read_dir(r.dir.path()).unwrap().count(), 3, "no temporary file is left");
}

#[test]
fn register_that_cannot_be_read_is_reported_and_left_alone() {
    refused("csi.xlsx", b"PK\x03\x04 not really a workbook", |f| {
        format!("{f}: cannot read the workbook: Zip error: invalid Zip archive: Could not find EOCD")
    });
    refused("csi.csv", b"question,owner\nIM-3-02,Alice\n", |f| {
        format!(
            "{f}: not an improvement register: no \"id\" column in a header row in the first 30 lines \
             (a register's header names its columns: id, raised, process, …)"
        )
    });
    refused("csi.toml", b"[[item]]\nid = \"IM-3-02\"\nowner = Alice\n", |f| {
        format!(
            "{f}:3:9: error: TOML syntax: string values must be quoted, expected literal string\n  |\n3 | owner = Alice\n  |         ^^^^^"
        )
    });
}

#[test]
fn register_needs_a_date() {
    let r = results();
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&r.first).unwrap()).unwrap();
    doc["assessment"]["date"] = Value::Null;
    let undated = r.dir.path().join("undated.json");
    std::fs::write(&undated, doc.to_string()).unwrap();
    let csv = r.dir.path().join("csi.csv");
    let out = register(&undated, None, &csv);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!("{}: the result has no assessment date; give one with --date YYYY-MM-DD\n", undated.display())
    );
    assert!(!csv.exists());
    let out = run(&["register", path(&undated), "-o", path(&csv), "--date", "2026-04-01"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(std::fs::read_to_string(&csv).unwrap().contains("\nIM-3-02,2026-04-01,"));
    let out = run(&["register", path(&undated), "-o", path(&csv), "--date", "April"]);
    assert_eq!(out.stderr, "--date: the assessment date \"April\" is not a date (YYYY-MM-DD)\n");
}
