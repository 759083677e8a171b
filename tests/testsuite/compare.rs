//! `compare` and the trend report: three rounds of the worked example with hand-computed deltas, version rules,
//! and the sample organisation's baseline, +6 and +12 months.

use std::path::Path;

use serde_json::Value;

use crate::support::run;

const MINI: &str = "tests/fixtures/questionnaires/mini.toml";

fn score(dir: &Path, name: &str, questionnaire: &str, answers: &[&str], label: &str) -> String {
    let out = dir.join(format!("{name}.json"));
    let mut args = vec!["score", questionnaire];
    args.extend(answers);
    args.extend(["--label", label, "--json", out.to_str().unwrap(), "--format", "csv"]);
    let result = run(&args);
    assert_eq!(result.code, 0, "{result:?}");
    out.display().to_string()
}

fn close(value: &Value, expected: f64) {
    let got = value.as_f64().unwrap_or_else(|| panic!("{value} is not a number"));
    assert!((got - expected).abs() < 1e-12, "{got} != {expected}");
}

fn closes(values: &Value, expected: &[f64]) {
    let values = values.as_array().unwrap();
    assert_eq!(values.len(), expected.len());
    for (v, e) in values.iter().zip(expected) {
        close(v, *e);
    }
}

fn by_id<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|x| x["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

fn three_rounds(dir: &Path) -> [String; 3] {
    [
        score(dir, "base", MINI, &["tests/fixtures/worked"], "Baseline"),
        score(dir, "t1", MINI, &["tests/fixtures/trend/t1"], "+6 months"),
        score(dir, "t2", MINI, &["tests/fixtures/trend/t2"], "+12 months"),
    ]
}

#[test]
fn three_rounds_give_the_hand_computed_deltas() {
    let dir = tempfile::tempdir().unwrap();
    let [base, t1, t2] = three_rounds(dir.path());
    let json = dir.path().join("comparison.json");
    // Given out of order: they are sorted by their dates.
    let out = run(&["compare", &t2, &base, &t1, "--json", json.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let c: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let labels: Vec<&str> = c["assessments"].as_array().unwrap().iter().map(|a| a["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Baseline", "+6 months", "+12 months"]);

    // Incident: 43/18 (docs/scoring.md); then IM-3-02 rises to 5/9, so a(3) = 5/9 > 0.5 with a(1) = 17/18 and
    // a(2) = 8/9 above 0.85: level 3, index 3 + a(4) = 3 + (1/3 + 0)/2 = 19/6. Unchanged at +12 months.
    let incident = by_id(&c["processes"], "incident");
    closes(&incident["values"], &[43.0 / 18.0, 19.0 / 6.0, 19.0 / 6.0]);
    close(&incident["since_baseline"], 19.0 / 6.0 - 43.0 / 18.0);
    close(&incident["since_previous"], 0.0);
    // Change: the mandatory CHM-2-01 rises from 1/3 to 2/3, unblocking level 2: 16/9 → 2 (level 3 unanswered).
    let change = by_id(&c["processes"], "change");
    closes(&change["values"], &[16.0 / 9.0, 2.0, 2.0]);
    // Problem: at +12 months A answers PM-2-02 "N": a(2) = (1 + 0)/2 = 0.5, not above 0.5: level 1, 1 + 0.5.
    let problem = by_id(&c["processes"], "problem");
    closes(&problem["values"], &[3.5, 3.5, 1.5]);
    close(&problem["since_previous"], -2.0);
    // Operation = (1.5 · incident + 1 · problem) / 2.5; transition = change; overall = their mean.
    let operation = by_id(&c["stages"], "operation");
    closes(&operation["values"], &[17.0 / 6.0, (1.5 * 19.0 / 6.0 + 3.5) / 2.5, (1.5 * 19.0 / 6.0 + 1.5) / 2.5]);
    closes(&c["overall"]["values"], &[83.0 / 36.0, (3.3 + 2.0) / 2.0, (2.5 + 2.0) / 2.0]);
    close(&c["overall"]["since_previous"], 2.25 - 2.65);

    assert_eq!(c["improved"], serde_json::json!([]));
    assert_eq!(c["unchanged"], serde_json::json!(["incident", "change"]));
    assert_eq!(c["regressed"], serde_json::json!(["problem"]));
    assert_eq!(c["lost_target"], serde_json::json!(["problem"]));
    assert_eq!(c["left_out_questions"], serde_json::json!([]));
    assert_eq!(
        c["summary"],
        serde_json::json!([
            "Overall maturity fell from 2.65 to 2.25 since +6 months.",
            "Regressed since +6 months: Problem management.",
            "Fell below their target: Problem management."
        ])
    );
    let table = &out.stdout;
    assert!(table.contains("Problem management      3.50    3.50    1.50     -2.00     -2.00  regressed"), "{table}");
}

#[test]
fn between_the_first_two_rounds_targets_are_reached() {
    let dir = tempfile::tempdir().unwrap();
    let [base, t1, _] = three_rounds(dir.path());
    let json = dir.path().join("c.json");
    assert_eq!(run(&["compare", &base, &t1, "--json", json.to_str().unwrap()]).code, 0);
    let c: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(c["improved"], serde_json::json!(["incident", "change"]));
    assert_eq!(c["reached_target"], serde_json::json!(["incident", "change"]));
    assert_eq!(c["summary"][0], "Overall maturity rose from 2.31 to 2.65 since Baseline.");
    assert_eq!(c["summary"][1], "2 of 3 processes improved; the largest step was Incident management (+0.78).");
}

#[test]
fn minor_versions_count_only_common_questions_and_major_versions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = score(dir.path(), "base", MINI, &["tests/fixtures/worked"], "Baseline");
    let minor = score(
        dir.path(),
        "minor",
        "tests/fixtures/trend/mini-1.3.0.toml",
        &["tests/fixtures/trend/t1-1.3.0.toml", "tests/fixtures/trend/t1/b.toml"],
        "1.3.0",
    );
    let json = dir.path().join("c.json");
    let out = run(&["compare", &base, &minor, "--json", json.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let c: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(c["left_out_questions"], serde_json::json!(["IM-4-03"]));
    // With IM-4-03 (F from A alone) the 1.3.0 result says 3 + (1/3 + 0 + 1)/3 = 3.44; on the common questions
    // the index is 19/6, as in the 1.2.0 round.
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&minor).unwrap()).unwrap();
    close(&by_id(&doc["processes"], "incident")["index"], 3.0 + 4.0 / 9.0);
    closes(&by_id(&c["processes"], "incident")["values"], &[43.0 / 18.0, 19.0 / 6.0]);
    assert!(
        out.stdout.contains("1 question(s) not asked in all of them were left out of every figure: IM-4-03."),
        "{}",
        out.stdout
    );

    let major = score(dir.path(), "major", "tests/fixtures/trend/mini-2.0.0.toml", &["tests/fixtures/trend/t1"], "2.0");
    let out = run(&["compare", &base, &major]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!(
            "{major}: assessed with mini 2.0.0, but {base} with mini 1.2.0: different major versions measure different things and cannot be compared\n"
        )
    );
    let other = score(dir.path(), "other", "questionnaires/quick-scan.toml", &["tests/fixtures/trend/empty.toml"], "x");
    let out = run(&["compare", &base, &other]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("assessed with questionnaire \"quick-scan\", but"), "{}", out.stderr);
}

#[test]
fn the_sample_organisation_over_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let files = crate::support::score_acme_rounds(dir.path(), 3);
    let json = dir.path().join("c.json");
    let html = dir.path().join("trend.html");
    let out = run(&[
        "compare",
        &files[0],
        &files[1],
        &files[2],
        "--json",
        json.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
        "--client",
        "Acme Logistics IT",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let c: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    // Each value is the index of that round's own result document.
    for (k, file) in files.iter().enumerate() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        for p in doc["processes"].as_array().unwrap() {
            let series = by_id(&c["processes"], p["id"].as_str().unwrap());
            close(&series["values"][k], p["index"].as_f64().unwrap());
        }
        close(&c["overall"]["values"][k], doc["overall"]["index"].as_f64().unwrap());
    }
    // The figures of the three rounds (to 2 decimals, as `compare` prints them; the arithmetic itself is
    // checked by hand on the worked example above).
    let round2 = |v: &Value| (v.as_f64().unwrap() * 100.0).round() / 100.0;
    let values = |s: &Value| s["values"].as_array().unwrap().iter().map(round2).collect::<Vec<f64>>();
    assert_eq!(values(&c["overall"]), [2.27, 2.54, 2.81]);
    assert_eq!(values(by_id(&c["stages"], "csi")), [1.41, 2.24, 3.07]);
    assert_eq!(values(by_id(&c["processes"], "problem")), [2.22, 3.0, 3.26]);
    assert_eq!(values(by_id(&c["processes"], "capacity")), [2.0, 1.36, 2.0]);
    assert_eq!(round2(&by_id(&c["stages"], "csi")["since_baseline"]), 1.66);
    assert_eq!(round2(&c["overall"]["since_previous"]), 0.26);
    assert_eq!(c["lost_target"], serde_json::json!(["supplier"]));
    // The organisation worked on continual improvement: its weakest stage at baseline gains the most.
    let csi = by_id(&c["stages"], "csi");
    assert!(csi["since_baseline"].as_f64().unwrap() > 1.0);
    let best = c["stages"]
        .as_array()
        .unwrap()
        .iter()
        .max_by(|a, b| a["since_baseline"].as_f64().partial_cmp(&b["since_baseline"].as_f64()).unwrap())
        .unwrap();
    assert_eq!(best["id"], "csi");
    assert!(c["reached_target"].as_array().unwrap().contains(&Value::from("seven-step-improvement")));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<h1>IT service management maturity over time</h1>"));
    assert!(page.contains("Overall maturity rose from"));
    assert_eq!(page.matches("<svg").count(), 6, "an overview and one chart per stage");
    assert!(!page.to_lowercase().contains("<script"));
}

#[test]
fn ticket_kpis_are_followed_over_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, answers, tickets) in [
        ("base", "tests/fixtures/worked", "tests/fixtures/tickets/handmade.csv"),
        ("t1", "tests/fixtures/trend/t1", "tests/fixtures/tickets/volvo_incidents_slice.csv"),
    ] {
        let out = dir.path().join(format!("{name}.json"));
        let r =
            run(&["score", MINI, answers, "--tickets", tickets, "--json", out.to_str().unwrap(), "--format", "csv"]);
        assert_eq!(r.code, 0, "{r:?}");
        files.push(out);
    }
    let json = dir.path().join("c.json");
    let out =
        run(&["compare", files[0].to_str().unwrap(), files[1].to_str().unwrap(), "--json", json.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let c: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mttr = by_id(&c["kpis"], "incident.mttr_hours");
    for (k, file) in files.iter().enumerate() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let expected = doc["tickets"]["kpis"][0]["overall"]["mttr_hours"].as_f64().unwrap();
        close(&mttr["values"][k], expected);
    }
    assert_eq!(mttr["name"], "Incident MTTR (hours)");
    assert_eq!(mttr["higher_is_better"], false);
    // Resolution got much slower: for a time, a rise is a regression.
    let line = out.stdout.lines().find(|l| l.starts_with("Incident MTTR (hours)")).unwrap();
    assert!(line.ends_with("regressed"), "{line}");
}
