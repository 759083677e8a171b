//! `score`: the worked example of docs/scoring.md, determinism, round trips and bad input.

use std::path::Path;

use serde_json::Value;

use crate::support::{root, run, run_with_env};

const MINI: &str = "tests/fixtures/questionnaires/mini.toml";

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = run(&all);
    assert_eq!(out.code, 0, "{out:?}");
    serde_json::from_str(&out.stdout).expect("JSON on stdout")
}

fn close(value: &Value, expected: f64) {
    let got = value.as_f64().unwrap_or_else(|| panic!("{value} is not a number"));
    assert!((got - expected).abs() < 1e-12, "{got} != {expected}");
}

fn by_id<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|x| x["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn worked_example_matches_the_hand_computed_numbers() {
    let doc = json(&["score", MINI, "tests/fixtures/worked"]);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["assessment"]["date"], "2026-03-02");
    let questions = &doc["questions"];
    close(&by_id(questions, "IM-1-02")["value"], 8.0 / 9.0);
    close(&by_id(questions, "IM-1-02")["spread"], 1.0 / 3.0);
    close(&by_id(questions, "IM-2-02")["value"], 7.0 / 9.0);
    close(&by_id(questions, "IM-3-01")["value"], 5.0 / 9.0);
    close(&by_id(questions, "IM-3-02")["value"], 2.0 / 9.0);
    close(&by_id(questions, "IM-4-01")["value"], 1.0 / 3.0);
    close(&by_id(questions, "IM-4-02")["value"], 0.0);
    assert_eq!(by_id(questions, "IM-5-01")["value"], Value::Null);
    assert_eq!(by_id(questions, "IM-5-01")["not_applicable"], 2);

    let processes = &doc["processes"];
    let incident = by_id(processes, "incident");
    assert_eq!(incident["level"], 2);
    close(&incident["levels"][0]["achievement"], 17.0 / 18.0);
    close(&incident["levels"][1]["achievement"], 8.0 / 9.0);
    close(&incident["levels"][2]["achievement"], 7.0 / 18.0);
    close(&incident["index"], 43.0 / 18.0);
    close(&incident["gap"], 11.0 / 18.0);
    close(&incident["priority"], 11.0 / 12.0);
    close(&incident["coverage"], 1.0);
    assert_eq!(incident["disagreements"], serde_json::json!(["IM-4-01"]));

    let problem = by_id(processes, "problem");
    assert_eq!(problem["level"], 3, "a(4) = 0.5 exactly is not above 0.5");
    close(&problem["index"], 3.5);
    close(&problem["gap"], 0.0);

    let change = by_id(processes, "change");
    assert_eq!(change["level"], 1, "the mandatory CHM-2-01 at 1/3 blocks level 2");
    close(&change["levels"][1]["achievement"], 7.0 / 9.0);
    close(&change["index"], 16.0 / 9.0);
    close(&change["coverage"], 0.4);
    assert_eq!(change["low_coverage"], true);

    close(&by_id(&doc["stages"], "operation")["index"], 17.0 / 6.0);
    close(&by_id(&doc["stages"], "operation")["target"], 3.0);
    close(&by_id(&doc["stages"], "transition")["index"], 16.0 / 9.0);
    close(&doc["overall"]["index"], 83.0 / 36.0);
    assert_eq!(doc["overall"]["weakest_stage"], "transition");

    let gaps: Vec<&str> = doc["gaps"].as_array().unwrap().iter().map(|g| g["process"].as_str().unwrap()).collect();
    assert_eq!(gaps, ["incident", "change"]);
    let recs: Vec<&str> =
        doc["recommendations"].as_array().unwrap().iter().map(|r| r["question"].as_str().unwrap()).collect();
    assert_eq!(recs, ["IM-3-02", "CHM-2-01"]);
    assert_eq!(doc["recommendations"][0]["guidance"], "Guidance for IM-3-02.");

    let a = &doc["respondents"][0];
    assert_eq!(a["name"], "A");
    assert_eq!(a["weight"], 2.0);
    assert_eq!(a["answers"]["IM-1-01"], "yes");
    assert_eq!(a["answers"]["CHM-2-02"], "4");
    assert_eq!(a["comments"]["IM-4-01"], "We have no incident KPIs yet.");
    assert_eq!(doc["respondents"][1]["answers"]["IM-1-02"], "L");
    assert_eq!(doc["respondents"][1]["answers"].get("IM-4-02"), None, "'?' is unanswered");
}

#[test]
fn the_table_in_docs_scoring_md_is_what_score_prints() {
    let docs = std::fs::read_to_string(root("docs/scoring.md")).unwrap();
    let block = docs.split("```text\n").nth(1).and_then(|rest| rest.split("```").next()).unwrap();
    let out = run(&["score", MINI, "tests/fixtures/worked"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, block);
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let args = [
        "score",
        "questionnaires/itil-v3",
        "examples/acme/answers",
        "--targets",
        "examples/acme/targets.toml",
        "--format",
        "json",
    ];
    let one = run_with_env(&args, &[("RAYON_NUM_THREADS", "1")]);
    let two = run_with_env(&args, &[("RAYON_NUM_THREADS", "2")]);
    let four = run_with_env(&args, &[("RAYON_NUM_THREADS", "4")]);
    assert_eq!(one.code, 0, "{one:?}");
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn the_sample_engagement_reads_all_three_formats() {
    let doc =
        json(&["score", "questionnaires/itil-v3", "examples/acme/answers", "--targets", "examples/acme/targets.toml"]);
    let people: Vec<(&str, &str)> = doc["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        people,
        [("Priya Shah", "Service desk lead"), ("Tomasz Nowak", "Change manager"), ("Helen Carter", "IT director")]
    );
    assert_eq!(doc["respondents"][2]["weight"], 1.5);
    assert_eq!(
        doc["respondents"][2]["comments"]["SGM-1-01"],
        "The IT strategy is a slide deck from the 2025 board retreat."
    );
    assert_eq!(by_id(&doc["processes"], "incident")["target"], 4, "from the targets file");
    assert_eq!(doc["processes"].as_array().unwrap().len(), 30);
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn toml_and_csv_templates_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["toml", "csv"] {
        let blank = dir.path().join(format!("blank.{format}"));
        let out = run(&["template", MINI, "-o", blank.to_str().unwrap()]);
        assert_eq!(out.code, 0, "{out:?}");
        let text = std::fs::read_to_string(&blank).unwrap();
        // Fill every answer with "F" (yes-no and 0-4 questions get "yes" and "4").
        let filled: String = text
            .lines()
            .map(|line| {
                let answer = |id: &str| match id {
                    "IM-1-01" => "yes",
                    "CHM-2-02" => "4",
                    _ => "F",
                };
                if format == "toml" {
                    match line.split_once(" = \"\"") {
                        Some((id, ""))
                            if !line.starts_with("name") && !line.starts_with("role") && !line.starts_with("date") =>
                        {
                            format!("{id} = \"{}\"", answer(id))
                        }
                        _ if line == "name = \"\"" => "name = \"Round Trip\"".to_string(),
                        _ => line.to_string(),
                    }
                } else if line.ends_with(",,") && line.contains("-0") {
                    let id = line.split(',').next().unwrap();
                    format!("{},{},", &line[..line.len() - 2], answer(id))
                } else if line == "Respondent," {
                    "Respondent,Round Trip".to_string()
                } else {
                    line.to_string()
                }
            })
            .map(|l| l + "\n")
            .collect();
        let path = write(dir.path(), &format!("filled.{format}"), &filled);
        let doc = json(&["score", MINI, &path]);
        assert_eq!(doc["respondents"][0]["name"], "Round Trip", "{format}");
        assert_eq!(doc["respondents"][0]["answers"].as_object().unwrap().len(), 30, "{format}");
        for p in doc["processes"].as_array().unwrap() {
            assert_eq!(p["level"], 5, "{format}: {}", p["id"]);
            close(&p["index"], 5.0);
        }
    }
}

#[test]
fn a_blank_xlsx_template_is_read_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    assert_eq!(run(&["template", MINI, "-o", blank.to_str().unwrap()]).code, 0);
    let doc = json(&["score", MINI, blank.to_str().unwrap()]);
    assert_eq!(doc["respondents"][0]["name"], "blank", "no name given: the file's stem");
    assert_eq!(doc["respondents"][0]["source"], format!("{}: sheet Answers", blank.display()));
    assert_eq!(doc["questions"][0]["unanswered"], 1);
}

#[test]
fn templates_saved_by_libreoffice_are_read_as_xlsx_ods_and_xls() {
    // The mini template, filled and saved by LibreOffice Calc (tests/fixtures/libreoffice/PROVENANCE.md).
    for path in [
        "tests/fixtures/libreoffice/filled.xlsx",
        "tests/fixtures/libreoffice/filled.ods",
        "tests/fixtures/libreoffice/filled.xls",
    ] {
        let doc = json(&["score", MINI, path]);
        let r = &doc["respondents"][0];
        assert_eq!(r["name"], "Libre Office", "{path}");
        assert_eq!(r["role"], "Tester");
        assert_eq!(r["weight"], 2.0);
        assert_eq!(r["date"], "2026-02-01");
        assert_eq!(
            r["answers"],
            serde_json::json!({"CHM-2-02": "3", "IM-1-01": "yes", "IM-1-02": "F", "IM-3-02": "P", "PM-2-01": "L"})
        );
        assert_eq!(r["comments"]["IM-1-02"], "Filled before LibreOffice saved it");
        assert_eq!(r["source"], format!("{path}: sheet Answers"));
    }
}

#[test]
fn a_bad_value_and_an_unknown_id_are_reported_with_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let csv =
        write(dir.path(), "answers.csv", "id,answer,comment\nIM-1-01,yes,\nIM-1-02,mostly,\nIM-9-01,F,\nIM-2-01,F,\n");
    let out = run(&["score", MINI, &csv]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!(
            "{csv}: cell B3: \"mostly\" is not a valid answer for IM-1-02 (N/P/L/F)\n\
             {csv}: cell A4: unknown question id \"IM-9-01\" in mini 1.2.0; did you mean \"IM-1-01\"?\n\
             2 problems in the answers; nothing was scored (use --skip-invalid to score the rest)\n"
        )
    );
    let out = run(&["score", MINI, &csv, "--skip-invalid", "--format", "json"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "warning: skipped {csv}: cell B3: \"mostly\" is not a valid answer for IM-1-02 (N/P/L/F)\n\
             warning: skipped {csv}: cell A4: unknown question id \"IM-9-01\" in mini 1.2.0; did you mean \"IM-1-01\"?\n"
        )
    );
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["respondents"][0]["answers"].as_object().unwrap().len(), 2);
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 2);
}

#[test]
fn a_bad_value_in_an_xlsx_names_the_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Answers").unwrap();
    sheet.write_row(0, 0, ["Respondent", "Dana"]).unwrap();
    sheet.write_row(2, 0, ["Question id", "Level", "Answer"]).unwrap();
    for (i, (id, answer)) in [("IM-1-01", "yes"), ("IM-3-02", "mostly"), ("IM-3-01", "L")].iter().enumerate() {
        sheet.write_row(3 + i as u32, 0, [*id, "", *answer]).unwrap();
    }
    workbook.save(&path).unwrap();
    let out = run(&["score", MINI, path.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "{}: sheet Answers, cell C5: \"mostly\" is not a valid answer for IM-3-02 (N/P/L/F)\n\
             1 problem in the answers; nothing was scored (use --skip-invalid to score the rest)\n",
            path.display()
        )
    );
}

#[test]
fn a_corrupt_xlsx_and_a_sheet_that_is_not_an_answer_sheet_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let corrupt = write(dir.path(), "corrupt.xlsx", "PK\u{3}\u{4} this is not a zip archive");
    let out = run(&["score", MINI, &corrupt]);
    assert_eq!(out.code, 2, "{out:?}");
    let first = out.stderr.lines().next().unwrap();
    assert!(first.starts_with(&format!("{corrupt}: cannot read the workbook: ")), "{first}");
    assert!(out.stderr.ends_with("1 problem in the answers; nothing was scored\n"), "{}", out.stderr);

    let other = write(dir.path(), "other.csv", "name,city\nAda,London\n");
    let out = run(&["score", MINI, &other]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "{other}: not an answer sheet: no header row with \"id\" and \"answer\" columns (long shape) or \
             question ids as columns (wide shape) in the first 30 rows\n1 problem in the answers; nothing was scored\n"
        )
    );
}

#[test]
fn wide_sheets_as_survey_tools_export_them() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(
        dir.path(),
        "survey.csv",
        "Timestamp;Name;Role;Weight;IM-1-01. Are incidents logged?;[IM-1-02] Owner?;IM-2-01\n\
         2026-03-01 10:00;Ann;Lead;2;yes;F;L\n\
         ;;;;;;\n\
         2026-03-02 11:00;Bo;Analyst;;no;p;\n",
    );
    let doc = json(&["score", MINI, &csv]);
    let people = doc["respondents"].as_array().unwrap();
    assert_eq!(people.len(), 2, "the blank row is skipped");
    assert_eq!(people[0]["name"], "Ann");
    assert_eq!(people[0]["weight"], 2.0);
    assert_eq!(people[0]["date"], "2026-03-01 10:00");
    assert_eq!(people[1]["answers"]["IM-1-02"], "P");
    assert_eq!(people[1]["source"], format!("{csv}, row 4"));
    close(&by_id(&doc["questions"], "IM-1-02")["value"], (2.0 + 1.0 / 3.0) / 3.0);
}

#[test]
fn a_targets_file_with_an_unknown_process_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let targets = write(dir.path(), "targets.toml", "[process.incidnet]\ntarget = 4\n");
    let out = run(&["score", MINI, "tests/fixtures/worked", "--targets", &targets]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "{targets}:1:10: error: unknown process \"incidnet\" in mini 1.2.0; did you mean \"incident\"?\n  |\n1 | [process.incidnet]\n  |          ^^^^^^^^\n"
        )
    );
}

#[test]
fn json_output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("result.json");
    let out = run(&["score", MINI, "tests/fixtures/worked", "--json", out_path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_eq!(saved["questionnaire"]["id"], "mini");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn tickets_are_set_beside_the_self_assessment() {
    let doc = json(&[
        "score",
        "questionnaires/itil-v3",
        "examples/acme/answers",
        "--targets",
        "examples/acme/targets.toml",
        "--tickets",
        "examples/acme/tickets/incidents.csv",
    ]);
    let t = &doc["tickets"];
    assert_eq!(t["sources"][0]["mapping"], "ServiceNow incident export");
    assert_eq!(t["sources"][0]["rows"], 6387);
    // The KPI document is exactly what `itil-assess tickets --json` writes for the same file.
    let dir = tempfile::tempdir().unwrap();
    let kpis = dir.path().join("kpis.json");
    let out = run(&["tickets", "examples/acme/tickets/incidents.csv", "--json", kpis.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let alone: Value = serde_json::from_str(&std::fs::read_to_string(&kpis).unwrap()).unwrap();
    assert_eq!(t["kpis"][0], alone);
    // Guidance levels: first-line resolution 65.44 % ≥ 65 → 3; SLA met 81 % ≥ 70 but < 85 → 2;
    // MTTR 87.3 h > 72 → 1, reopen 1.74 % ≤ 2 → 5, reassigned 34.6 % ≤ 40 → 3: incident (1 + 5 + 3) / 3 = 3.
    let level = |id: &str| by_process(&t["processes"], id)["level"].as_f64().unwrap();
    assert_eq!((level("incident"), level("service-desk"), level("service-level")), (3.0, 3.0, 2.0));
    // Incident management is self-assessed at 4.0: a level above what the data supports, so it is flagged.
    assert_eq!(by_id(&doc["processes"], "incident")["index"], 4.0);
    assert_eq!(
        t["disagreements"],
        serde_json::json!([{
            "process": "incident",
            "self_assessed": 4.0,
            "data_level": 3.0,
            "message": "incident management self-assessed at 4.0; mean time to resolve 87.3 h supports level 1, reopen rate 2 % supports level 5, reassigned 35 % supports level 3"
        }])
    );
}

fn by_process<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|x| x["process"] == id).unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn a_bad_ticket_file_stops_the_run_with_its_message() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.csv", "number,opened_at,priority\nINC1,31/02/2024 10:00,1\n");
    let out = run(&["score", MINI, "tests/fixtures/worked", "--tickets", &bad]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("bad.csv: row 2, column opened_at: \"31/02/2024 10:00\""), "{}", out.stderr);
}

#[test]
fn the_sample_engagement_scores_as_its_readme_shows() {
    let readme = std::fs::read_to_string(root("examples/acme/README.md")).unwrap();
    let shown = readme.split("```text\n").nth(1).and_then(|rest| rest.split("```").next()).unwrap();
    let out =
        run(&["score", "questionnaires/itil-v3", "examples/acme/answers", "--targets", "examples/acme/targets.toml"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, shown);
}
