//! The `tickets` command and the ticket import, end to end: hand-computed KPIs on a hand-made export, every shared
//! sample file, exact error messages, spreadsheets, and a cross-check against the pandas reference script.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use itil_assess::tickets::{self, ImportOptions, Kind, Kpi, KpiDocument};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tickets").join(name).display().to_string()
}

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!("skipped: {} is absent", p.display());
        None
    }
}

/// Run the binary in `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_itil-assess")).current_dir(dir).args(args).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn import(paths: &[&str], options: ImportOptions) -> tickets::Import {
    let paths: Vec<String> = paths.iter().map(|s| s.to_string()).collect();
    match tickets::import(&paths, &options) {
        Ok(i) => i,
        Err(e) => panic!("{e}"),
    }
}

fn value(set: &tickets::KpiSet, name: &str) -> Option<f64> {
    set.get(name).and_then(|k| k.as_f64())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-12)
}

fn assert_set(set: &tickets::KpiSet, expected: &[(&str, Option<f64>)], label: &str) {
    for (name, want) in expected {
        let got = value(set, name);
        match (got, want) {
            (Some(g), Some(w)) if close(g, *w) => {}
            (None, None) => {}
            _ => panic!("{label} {name}: got {got:?}, want {want:?}"),
        }
    }
}

// handmade.csv, by hand. Rows sharing an id collapse to the row with the latest sys_updated_at (ties: file order).
//   INC1  last row (updated 12:00): priority 1, sla true, reass 1, reopen 0; opened 01-01 08:00, resolved 10:00 → 2 h
//   INC2  priority 2, sla false, reass 0, reopen 1; resolved "?" → falls back to closed 01-16 08:00 → 24 h
//   INC3  priority 2 ("High"), sla true, reass 2, reopen 0; no resolved/closed → open
//   (row without an id: skipped)
//   INC4  priority 3, sla "yes", reass 0, reopen 0; resolved an hour before opened → data error, still resolved
//   INC5  priority "urgent" → unknown (overall only); sla N/A → unknown; reass "3.0" → 3; reopen empty → unknown;
//         opened 10:00+02:00 = 08:00 UTC, resolved 14:00Z → 6 h; month 2024-02
//   INC6  two rows with the same update time: the later one wins → priority 3; sla 1; reass 0; reopen 0;
//         opened 03-01 (midnight), resolved 05:00 → 5 h
// overall: tickets 6, open 1 (INC3), resolved 5, data_errors 1 (INC4)
//   valid durations sorted [2, 5, 6, 24]: mean 37/4 = 9.25; median (5+6)/2 = 5.5;
//   p90: rank 0.9 × 3 = 2.7 → 6 + 0.7 × (24 − 6) = 18.6
//   sla: true for INC1, INC3, INC4, INC6; false INC2; INC5 unknown → 4/5 = 80 %
//   reopen (resolved, known: INC1 0, INC2 1, INC4 0, INC6 0) → 1/4 = 25 %
//   reassigned (known for all six: 1, 0, 2, 0, 3, 0) → 3/6 = 50 %; mean 6/6 = 1
//   first line (resolved, known: INC1 1, INC2 0, INC4 0, INC5 3, INC6 0) → 3/5 = 60 %
// by priority: "1" = INC1; "2" = INC2 + INC3; "3" = INC4 + INC6 (INC5 unknown, INC1's earlier "P5" row ignored)
//   "2": tickets 2, open 1, ttr [24]; sla 1/2 = 50; reopen 1/1 = 100; reassigned 1/2 = 50; mean 2/2 = 1; flr 1/1 = 100
//   "3": tickets 2, open 0, ttr [5] (INC4 excluded); sla 2/2 = 100; reopen 0/2 = 0; reassigned 0/2; flr 2/2 = 100; errors 1
// by month: "2024-01" = INC1 + INC2: ttr [2, 24] → mean 13, median 13, p90 2 + 0.9 × 22 = 21.8;
//   sla 1/2 = 50; reopen 1/2 = 50; reassigned 1/2 = 50; mean 1/2 = 0.5; flr 1/2 = 50
//   "2024-02" = INC3 + INC4 + INC5: open 1, ttr [6]; sla 2/2 = 100; reopen 0/1 = 0 (INC5 unknown);
//   reassigned 2/3 (INC3, INC5); mean 5/3; flr 1/2 (INC4 yes, INC5 no) = 50; errors 1
//   "2024-03" = INC6: ttr [5]; everything 100 % or 0
#[test]
fn handmade_export_gives_the_hand_computed_kpis() {
    let imp = import(&[&fixture("handmade.csv")], ImportOptions::default());
    assert_eq!(imp.files[0].skipped_rows, 1);
    assert_eq!(imp.files[0].mapping, "ServiceNow incident export");
    let doc = imp.kpis();
    assert_eq!(doc.kind, Kind::Incident);
    assert_set(
        &doc.overall,
        &[
            ("tickets", Some(6.0)),
            ("open", Some(1.0)),
            ("resolved", Some(5.0)),
            ("mttr_hours", Some(9.25)),
            ("median_ttr_hours", Some(5.5)),
            ("p90_ttr_hours", Some(18.6)),
            ("sla_met_pct", Some(80.0)),
            ("reopen_rate_pct", Some(25.0)),
            ("reassigned_pct", Some(50.0)),
            ("mean_reassignments", Some(1.0)),
            ("first_line_resolution_pct", Some(60.0)),
            ("data_errors", Some(1.0)),
        ],
        "overall",
    );
    assert_eq!(doc.by_priority.keys().collect::<Vec<_>>(), ["1", "2", "3"]);
    assert_set(
        &doc.by_priority["1"],
        &[
            ("tickets", Some(1.0)),
            ("mttr_hours", Some(2.0)),
            ("reopen_rate_pct", Some(0.0)),
            ("first_line_resolution_pct", Some(0.0)),
        ],
        "P1",
    );
    assert_set(
        &doc.by_priority["2"],
        &[
            ("tickets", Some(2.0)),
            ("open", Some(1.0)),
            ("mttr_hours", Some(24.0)),
            ("p90_ttr_hours", Some(24.0)),
            ("sla_met_pct", Some(50.0)),
            ("reopen_rate_pct", Some(100.0)),
            ("reassigned_pct", Some(50.0)),
            ("mean_reassignments", Some(1.0)),
            ("first_line_resolution_pct", Some(100.0)),
        ],
        "P2",
    );
    assert_set(
        &doc.by_priority["3"],
        &[("tickets", Some(2.0)), ("mttr_hours", Some(5.0)), ("sla_met_pct", Some(100.0)), ("data_errors", Some(1.0))],
        "P3",
    );
    assert_eq!(doc.by_month.keys().collect::<Vec<_>>(), ["2024-01", "2024-02", "2024-03"]);
    assert_set(
        &doc.by_month["2024-01"],
        &[
            ("tickets", Some(2.0)),
            ("mttr_hours", Some(13.0)),
            ("median_ttr_hours", Some(13.0)),
            ("p90_ttr_hours", Some(21.8)),
            ("sla_met_pct", Some(50.0)),
            ("reopen_rate_pct", Some(50.0)),
            ("mean_reassignments", Some(0.5)),
            ("first_line_resolution_pct", Some(50.0)),
        ],
        "2024-01",
    );
    assert_set(
        &doc.by_month["2024-02"],
        &[
            ("tickets", Some(3.0)),
            ("open", Some(1.0)),
            ("mttr_hours", Some(6.0)),
            ("sla_met_pct", Some(100.0)),
            ("reopen_rate_pct", Some(0.0)),
            ("reassigned_pct", Some(200.0 / 3.0)),
            ("mean_reassignments", Some(5.0 / 3.0)),
            ("first_line_resolution_pct", Some(50.0)),
            ("data_errors", Some(1.0)),
        ],
        "2024-02",
    );
    assert_set(&doc.by_month["2024-03"], &[("tickets", Some(1.0)), ("mttr_hours", Some(5.0))], "2024-03");
}

#[test]
fn json_has_the_peer_shape_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["tickets", &fixture("handmade.csv"), "--json", "a.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "detected ServiceNow incident export\nhandmade.csv: 1 row without an id skipped\n"
            .replace("handmade.csv", &fixture("handmade.csv"))
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("first_line_resolution_pct"), "{stdout}");
    let out2 = run(dir.path(), &["tickets", &fixture("handmade.csv"), "--json", "b.json"]);
    assert!(out2.status.success());
    let a = std::fs::read_to_string(dir.path().join("a.json")).unwrap();
    assert_eq!(a, std::fs::read_to_string(dir.path().join("b.json")).unwrap());
    assert!(a.starts_with("{\n \"by_month\": {\n  \"2024-01\": {\n   \"data_errors\": 0,\n"), "{a}");
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["by_month", "by_priority", "kind", "overall"]);
    assert_eq!(v["kind"], "incident");
    assert!(v["overall"]["tickets"].is_u64());
    assert!(v["by_priority"]["1"]["sla_met_pct"].is_f64());
    // P1 has one resolved ticket and no open one: reopen known → 0.0, never null; nothing is NaN
    assert_eq!(v["by_priority"]["1"]["reopen_rate_pct"], 0.0);
    let doc: KpiDocument = serde_json::from_str(&a).unwrap();
    assert_eq!(doc.overall["tickets"], Kpi::Count(6));
}

#[test]
fn fixture_slices_import_with_detected_profiles() {
    let cases = [
        ("volvo_incidents_slice.csv", "Volvo IT incident event log (BPI Challenge 2013)", Kind::Incident),
        ("helpdesk_slice.csv", "Helpdesk ticket event log (Verenich 2016)", Kind::Incident),
        ("bpic2014_first20.csv", "Rabobank HP Service Manager incident export (BPI Challenge 2014)", Kind::Incident),
        ("volvo_problems_closed_slice.csv", "Volvo IT problem event log (BPI Challenge 2013)", Kind::Problem),
        ("volvo_problems_open_slice.csv", "Volvo IT problem event log (BPI Challenge 2013)", Kind::Problem),
    ];
    for (file, mapping, kind) in cases {
        let imp = import(&[&fixture(file)], ImportOptions::default());
        assert_eq!(imp.files[0].mapping, mapping, "{file}");
        assert!(imp.files[0].detected);
        assert_eq!(imp.kind, kind, "{file}");
        assert!(!imp.tickets.is_empty(), "{file}");
    }
    let bpic = import(&[&fixture("bpic2014_first20.csv")], ImportOptions::default()).kpis();
    assert_eq!(bpic.overall["tickets"], Kpi::Count(20));
    assert_eq!(bpic.overall["open"], Kpi::Count(0));
    // IM0000004: opened 05/02/2012 13:32:57, resolved 04/11/2013 13:50:27 (day-first) → Feb 2012
    assert!(bpic.by_month.contains_key("2012-02"));
}

#[test]
fn volvo_event_log_derives_times_from_status_rows() {
    // The slice holds whole cases 1-364285768 (…), each opened by its first event; the first case reaches
    // Completed/Resolved and Completed/Closed.
    let imp = import(&[&fixture("volvo_incidents_slice.csv")], ImportOptions::default());
    let first = imp.tickets[0];
    assert!(first.opened_at.is_some());
    assert!(first.resolved_at.is_some());
    assert!(first.closed_at >= first.resolved_at);
}

#[test]
fn problem_files_with_different_column_orders_and_latin1_import_together() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "tickets",
            &fixture("volvo_problems_closed_slice.csv"),
            &fixture("volvo_problems_open_slice.csv"),
            "--json",
            "p.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("p.json")).unwrap()).unwrap();
    assert_eq!(v["kind"], "problem");
    assert!(v["overall"]["open_age_mean_days"].is_f64());
}

#[test]
fn every_shared_data_file_imports() {
    let cases: [(&[&str], u64); 4] = [
        (&["data/bpic2013_volvo_it/incidents.csv"], 7554),
        (&["data/bpic2013_volvo_it/problems_closed.csv", "data/bpic2013_volvo_it/problems_open.csv"], 1841),
        (&["data/helpdesk/helpdesk.csv"], 4580),
        (&["data/bpic2014_excerpt/detail_incident_first20.csv"], 20),
    ];
    for (files, tickets) in cases {
        let Some(paths) = files.iter().map(|f| shared(f)).collect::<Option<Vec<_>>>() else {
            continue;
        };
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let doc = import(&refs, ImportOptions::default()).kpis();
        assert_eq!(doc.overall["tickets"], Kpi::Count(tickets), "{files:?}");
        if files[0].ends_with("incidents.csv") {
            // checked independently with pandas: sort each SR's events by time, count changes of "Involved ST"
            assert_set(
                &doc.overall,
                &[("reassigned_pct", Some(50.56923484246757)), ("mean_reassignments", Some(1.251522372253111))],
                "volvo handoffs",
            );
        }
        // and with the shipped mapping named explicitly
        let name = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings");
        let mapping = match files[0] {
            f if f.contains("incidents") => "volvo-incidents.toml",
            f if f.contains("problems") => "volvo-problems.toml",
            f if f.contains("helpdesk") => "helpdesk.toml",
            _ => "bpic2014.toml",
        };
        let text = std::fs::read_to_string(name.join(mapping)).unwrap();
        let m = tickets::Mapping::from_toml(&text, mapping).unwrap();
        let again = import(&refs, ImportOptions { mapping: Some(m), ..Default::default() }).kpis();
        assert_eq!(again, doc, "{mapping}");
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn an_unreadable_date_names_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tickets.csv",
        "number,opened_at,resolved_at\nINC1,13/02/2024 10:00,14/02/2024 10:00\nINC2,31/02/2024 10:00,\n",
    );
    let out = run(dir.path(), &["tickets", "tickets.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "tickets.csv: row 3, column opened_at: \"31/02/2024 10:00\" is not a date (expected ISO 8601, D/M/YYYY or M/D/YYYY)\n"
    );
    // with --skip-invalid the date is missing and counted
    let out = run(dir.path(), &["tickets", "tickets.csv", "--skip-invalid", "--json", "o.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "detected ServiceNow incident export\ntickets.csv: column opened_at: 1 unreadable date counted as missing\n"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("o.json")).unwrap()).unwrap();
    assert_eq!(v["overall"]["tickets"], 2);
    assert_eq!(v["overall"]["open"], 1);
}

#[test]
fn ambiguous_slash_dates_ask_for_a_date_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "amb.csv", "id,opened\nA,3/4/2024 10:00\nB,5/6/2024 11:00\n");
    write(dir.path(), "m.toml", "name = \"Test export\"\n[columns]\nid = \"id\"\nopened_at = \"opened\"\n");
    let out = run(dir.path(), &["tickets", "amb.csv", "--mapping", "m.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "amb.csv: column opened: slash dates such as \"3/4/2024 10:00\" (row 2) could be day-first or month-first and no date in the file decides it; set date_format = \"D/M/YYYY\" or \"M/D/YYYY\" in a mapping (--mapping FILE)\n"
    );
    write(
        dir.path(),
        "m2.toml",
        "name = \"Test export\"\ndate_format = \"M/D/YYYY\"\n[columns]\nid = \"id\"\nopened_at = \"opened\"\n",
    );
    let out = run(dir.path(), &["tickets", "amb.csv", "--mapping", "m2.toml", "--json", "o.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("o.json")).unwrap()).unwrap();
    assert_eq!(v["by_month"].as_object().unwrap().keys().collect::<Vec<_>>(), ["2024-03", "2024-05"]);
    // a single day-first date anywhere in the file decides for every row
    write(dir.path(), "dec.csv", "id,opened\nA,3/4/2024 10:00\nB,25/6/2024 11:00\n");
    let out = run(dir.path(), &["tickets", "dec.csv", "--mapping", "m.toml", "--json", "d.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("d.json")).unwrap()).unwrap();
    assert_eq!(v["by_month"].as_object().unwrap().keys().collect::<Vec<_>>(), ["2024-04", "2024-06"]);
}

#[test]
fn contradicting_slash_dates_are_reported_with_both_examples() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "mixed.csv", "number,opened_at\nA,13/1/2024 10:00\nB,1/13/2024 10:00\n");
    let out = run(dir.path(), &["tickets", "mixed.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "mixed.csv: slash dates disagree: \"13/1/2024 10:00\" (row 2, column opened_at) is day-first but \"1/13/2024 10:00\" (row 3, column opened_at) is month-first; set date_format in a mapping (--mapping FILE)\n"
    );
}

#[test]
fn a_corrupt_workbook_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.xlsx", "this is not a zip archive");
    let out = run(dir.path(), &["tickets", "broken.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "broken.xlsx: not a readable spreadsheet: Xlsx error: Zip error: invalid Zip archive: Could not find EOCD\n"
    );
}

#[test]
fn a_missing_required_column_names_the_mapping_and_header() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "export.csv", "number,priority\nINC1,1\n");
    let out = run(dir.path(), &["tickets", "export.csv", "--mapping", "servicenow"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "export.csv: no column \"opened_at\" for opened_at (mapping ServiceNow incident export); the header has: number, priority\n"
    );
    write(dir.path(), "other.csv", "ref;when\nX;2024-01-01\n");
    let out = run(dir.path(), &["tickets", "other.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .starts_with("other.csv: no built-in mapping recognises this header (ref, when); pass --mapping NAME|FILE")
    );
}

#[test]
fn workbook_cells_serials_and_text_dates_read_like_csv() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("export").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in
        ["number", "priority", "made_sla", "reassignment_count", "opened_at", "resolved_at"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    // INC1: datetime cells 2024-01-01 08:00 → 10:30 (2.5 h); INC2: bare serials 45306.25 → 45307.25 (24 h);
    // INC3: text dates (day-first proven by 15/01) and a count written as a number
    let jan1 = 45292.0; // 2024-01-01 in the 1900 date system
    sheet.write_string(1, 0, "INC1").unwrap();
    sheet.write_string(1, 1, "1 - Critical").unwrap();
    sheet.write_boolean(1, 2, true).unwrap();
    sheet.write_number(1, 3, 0).unwrap();
    sheet.write_number_with_format(1, 4, jan1 + 8.0 / 24.0, &date).unwrap();
    sheet.write_number_with_format(1, 5, jan1 + 10.5 / 24.0, &date).unwrap();
    sheet.write_string(2, 0, "INC2").unwrap();
    sheet.write_number(2, 1, 3).unwrap();
    sheet.write_string(2, 2, "false").unwrap();
    sheet.write_number(2, 3, 2).unwrap();
    sheet.write_number(2, 4, 45306.25).unwrap();
    sheet.write_number(2, 5, 45307.25).unwrap();
    sheet.write_string(3, 0, "INC3").unwrap();
    sheet.write_string(3, 1, "P3").unwrap();
    sheet.write_string(3, 2, "?").unwrap();
    sheet.write_number(3, 3, 1).unwrap();
    sheet.write_string(3, 4, "15/01/2024 06:00").unwrap();
    sheet.write_string(3, 5, "2024-01-15T12:00:00").unwrap();
    book.save(dir.path().join("t.xlsx")).unwrap();
    let path = dir.path().join("t.xlsx").display().to_string();
    let doc = import(&[&path], ImportOptions { sheet: Some("export".into()), ..Default::default() }).kpis();
    // durations [2.5, 24, 6]: mean 32.5 / 3; sla 1/2; reassigned 2/3; first line 1/3
    assert_set(
        &doc.overall,
        &[
            ("tickets", Some(3.0)),
            ("mttr_hours", Some(32.5 / 3.0)),
            ("median_ttr_hours", Some(6.0)),
            ("sla_met_pct", Some(50.0)),
            ("reassigned_pct", Some(200.0 / 3.0)),
            ("first_line_resolution_pct", Some(100.0 / 3.0)),
        ],
        "xlsx",
    );
    assert_eq!(doc.by_priority.keys().collect::<Vec<_>>(), ["1", "3"]);
    // an unreadable date in a workbook names the cell too
    let sheet = book.worksheet_from_index(0).unwrap();
    sheet.write_string(4, 0, "INC4").unwrap();
    sheet.write_string(4, 4, "soon").unwrap();
    book.save(dir.path().join("bad.xlsx")).unwrap();
    let out = run(dir.path(), &["tickets", "bad.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "bad.xlsx: row 5, column opened_at (cell E5): \"soon\" is not a date (expected ISO 8601, D/M/YYYY or M/D/YYYY, a date cell or a serial number)\n"
    );
    let out = run(dir.path(), &["tickets", "t.xlsx", "--sheet", "nope"]);
    assert_eq!(stderr(&out), "t.xlsx: no sheet named \"nope\" (sheets: export)\n");
}

/// Python with the packages the peers need, or a printed reason to skip.
fn python_with_pandas() -> Option<PathBuf> {
    let peers = shared("peers")?;
    let ok = Command::new("python3")
        .args(["-c", "import pandas, numpy, openpyxl, xlsxwriter, pyarrow"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("skipped: python3 with pandas, numpy, openpyxl, xlsxwriter and pyarrow is not available");
        return None;
    }
    Some(peers)
}

fn compare(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>(), "keys at {path}");
            for (k, v) in x {
                compare(v, &y[k], &format!("{path}/{k}"));
            }
        }
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => {
            assert_eq!(x.is_f64(), y.is_f64(), "integer vs float at {path}: {x} {y}");
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(close(x, y), "{path}: pandas {x}, itil-assess {y}");
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

#[test]
fn an_ods_copy_matches_the_pandas_peer() {
    let Some(peers) = python_with_pandas() else {
        return;
    };
    let has_odf = Command::new("python3").args(["-c", "import odf"]).output().is_ok_and(|o| o.status.success());
    if !has_odf {
        println!("skipped: python3 lacks odfpy");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("g.xlsx").display().to_string();
    let ods = dir.path().join("g.ods").display().to_string();
    let g = Command::new("python3")
        .arg(peers.join("gen_tickets.py"))
        .args(["--tickets", "400", "--seed", "9", "--format", "xlsx", "-o", &xlsx])
        .output()
        .unwrap();
    assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
    // ODS date cells (a midnight value comes back as a bare date) and '?' text cells, written by pandas' odf engine
    let script =
        "import pandas as pd, sys; pd.read_excel(sys.argv[1]).to_excel(sys.argv[2], index=False, engine='odf')";
    let c = Command::new("python3").args(["-c", script, &xlsx, &ods]).output().unwrap();
    assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    let p = Command::new("python3").arg(peers.join("kpis_pandas.py")).arg(&ods).output().unwrap();
    assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
    let o = run(dir.path(), &["tickets", &ods, "--json", "ours.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let theirs: serde_json::Value = serde_json::from_slice(&p.stdout).unwrap();
    let ours: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("ours.json")).unwrap()).unwrap();
    compare(&theirs, &ours, "ods");
}

#[test]
fn generated_exports_match_the_pandas_peer() {
    let Some(peers) = python_with_pandas() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str], &[&str]); 4] = [
        ("csv", &["--date-style", "servicenow"], &[]),
        ("csv", &["--date-style", "iso"], &["--kind", "problem"]),
        ("xlsx", &["--date-style", "servicenow"], &[]),
        ("xlsx", &["--date-style", "iso"], &["--kind", "problem", "--as-of", "2025-02-01T00:00:00"]),
    ];
    for (i, (format, gen_args, kpi_args)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("gen{i}.{format}"));
        let file_s = file.display().to_string();
        let seed = (40 + i).to_string();
        let mut generate = vec![peers.join("gen_tickets.py").display().to_string()];
        generate.extend(["--tickets", "2500", "--seed", &seed, "--format", format, "-o", &file_s].map(String::from));
        generate.extend(gen_args.iter().map(|s| s.to_string()));
        let g = Command::new("python3").args(&generate).output().unwrap();
        assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
        let mut py = vec![peers.join("kpis_pandas.py").display().to_string(), file_s.clone()];
        py.extend(kpi_args.iter().map(|s| s.to_string()));
        let p = Command::new("python3").args(&py).output().unwrap();
        assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
        let mut ours = vec!["tickets", file_s.as_str(), "--json", "ours.json"];
        ours.extend(kpi_args.iter());
        let o = run(dir.path(), &ours);
        assert!(o.status.success(), "{}", stderr(&o));
        let theirs: serde_json::Value = serde_json::from_slice(&p.stdout).unwrap();
        let ours: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("ours.json")).unwrap()).unwrap();
        compare(&theirs, &ours, &format!("case {i} ({format} {gen_args:?} {kpi_args:?})"));
    }
}

#[test]
fn csv_dialects_read_alike() {
    // The hand-made export as Latin-1 with BOM-less semicolons and CRLF, and as UTF-8 with BOM and tabs.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("handmade.csv")).unwrap();
    let want = import(&[&fixture("handmade.csv")], ImportOptions::default()).kpis();
    let semicolon: String = text.lines().map(|l| l.replace(',', ";") + "\r\n").collect();
    let mut latin1: Vec<u8> = semicolon.into_bytes();
    latin1.extend_from_slice(b"\r\n"); // a trailing blank line
    let tabs = format!("\u{feff}{}", text.replace(',', "\t"));
    std::fs::write(dir.path().join("semi.csv"), &latin1).unwrap();
    std::fs::write(dir.path().join("tabs.tsv"), tabs).unwrap();
    for name in ["semi.csv", "tabs.tsv"] {
        let path = dir.path().join(name).display().to_string();
        assert_eq!(import(&[&path], ImportOptions::default()).kpis(), want, "{name}");
    }
    // a Latin-1 id survives decoding
    std::fs::write(dir.path().join("l1.csv"), b"number;opened_at\nJ\xf6rg-1;2024-01-01\n").unwrap();
    let path = dir.path().join("l1.csv").display().to_string();
    assert_eq!(import(&[&path], ImportOptions::default()).tickets.len(), 1);
}

#[test]
fn change_exports_with_a_custom_mapping() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "changes.csv",
        "Ref;Raised;Class;Result;Prio\n\
         C1;01.03.2024 09:00;Standard;Done;-\n\
         C2;02.03.2024 09:00;Emergency;Rolled back;2\n\
         C3;03.04.2024 09:00;normal;failed;2\n\
         C4;04.04.2024 09:00;Pre-approved;Done;3\n\
         C5;05.04.2024 09:00;-;-;3\n",
    );
    write(
        dir.path(),
        "changes.toml",
        r#"
name = "Acme changes"
kind = "change"
date_format = "%d.%m.%Y %H:%M"
missing = ["-"]

[columns]
id = "Ref"
opened_at = "Raised"
change_type = "Class"
outcome = "Result"
priority = "Prio"

[values.change_type]
"pre-approved" = "standard"

[values.outcome]
"done" = "successful"
"rolled back" = "backed_out"
"#,
    );
    let out = run(dir.path(), &["tickets", "changes.csv", "--mapping", "changes.toml", "--json", "c.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let doc: KpiDocument = serde_json::from_str(&std::fs::read_to_string(dir.path().join("c.json")).unwrap()).unwrap();
    // outcomes known for C1..C4: successful C1, C4 → 2/4 = 50 %; failed or backed out C2, C3 → 50 %
    // types known for C1..C4: emergency C2 → 1/4 = 25 %
    assert_set(
        &doc.overall,
        &[
            ("tickets", Some(5.0)),
            ("change_success_pct", Some(50.0)),
            ("failed_change_pct", Some(50.0)),
            ("emergency_change_pct", Some(25.0)),
        ],
        "changes",
    );
    assert_eq!(doc.overall.len(), 4);
    assert_eq!(doc.by_month.keys().collect::<Vec<_>>(), ["2024-03", "2024-04"]);
    // "2" = C2, C3: both failed; "3" = C4 (C5 unknown)
    assert_set(&doc.by_priority["2"], &[("change_success_pct", Some(0.0)), ("emergency_change_pct", Some(50.0))], "P2");
    assert_set(&doc.by_priority["3"], &[("tickets", Some(2.0)), ("change_success_pct", Some(100.0))], "P3");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("failed_change_pct") && table.contains("change"), "{table}");
}

/// (file, header + rows, profile name, priorities of the tickets, their made_sla)
type ProfileCase = (&'static str, &'static str, &'static str, Vec<Option<u8>>, Vec<Option<bool>>);

#[test]
fn tool_profiles_are_detected_and_read_their_values() {
    let cases: [ProfileCase; 5] = [
        (
            "jira.csv",
            "Issue key,Issue Type,Status,Priority,Created,Updated,Resolved\n\
             SD-1,[System] Incident,Done,Highest,05/Feb/24 1:32 PM,06/Feb/24 9:00 AM,06/Feb/24 9:00 AM\n\
             SD-2,[System] Service request,Open,Low,07/Feb/24 10:00 AM,07/Feb/24 10:00 AM,\n\
             SD-3,[System] Incident,Open,Lowest,2024-02-08 10:00,2024-02-08 10:00,\n",
            "Jira Service Management export",
            vec![Some(1), Some(5)],
            vec![None, None],
        ),
        (
            "glpi.csv",
            "ID;Title;Status;Last update;Opening date;Priority;Type;Resolution date;Closing date\n\
             12;Printer;Closed;2024-03-02 10:00;2024-03-01 09:00;Very high;Incident;2024-03-01 12:00;2024-03-02 10:00\n\
             13;Laptop;New;2024-03-03 10:00;2024-03-03 10:00;Medium;Request;;\n",
            "GLPI ticket export",
            vec![Some(1)],
            vec![None],
        ),
        (
            "itop.csv",
            "Ref,Title,Status,Priority,Start date,Last update,Resolution date,Close date,SLA TTR passed\n\
             R-1,VPN,closed,critical,2024-04-01 08:00:00,2024-04-02 08:00:00,2024-04-01 10:00:00,2024-04-02 08:00:00,No\n\
             R-2,Mail,resolved,low,2024-04-03 08:00:00,2024-04-05 08:00:00,2024-04-05 08:00:00,,Yes\n",
            "iTop ticket export",
            vec![Some(1), Some(4)],
            vec![Some(true), Some(false)],
        ),
        (
            "otrs.csv",
            "Ticket#;Title;Created;Changed;Close Time;Queue;State;Priority;Type\n\
             2024010110000011;Disk;2024-01-01 10:00:00;2024-01-02 10:00:00;2024-01-02 10:00:00;Raw;closed successful;5 very high;Incident\n\
             2024010110000012;Font;2024-01-01 11:00:00;2024-01-01 11:00:00;;Raw;open;1 very low;Incident\n",
            "OTRS/Znuny ticket export",
            vec![Some(1), Some(5)],
            vec![None, None],
        ),
        (
            "fresh.csv",
            "Ticket Id,Subject,Status,Priority,Type,Created Time,Resolved Time,Closed Time,Last Updated Time,Resolution Status\n\
             INC-7,Wifi,Closed,Urgent,Incident,2024-05-01 08:00:00,2024-05-01 09:00:00,2024-05-02 09:00:00,2024-05-02 09:00:00,Within SLA\n\
             INC-8,Screen,Open,Medium,Incident,2024-05-03 08:00:00,,,2024-05-03 08:00:00,SLA Violated\n",
            "Freshservice ticket export",
            vec![Some(1), Some(3)],
            vec![Some(true), Some(false)],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (file, text, name, priorities, slas) in cases {
        write(dir.path(), file, text);
        let path = dir.path().join(file).display().to_string();
        let imp = import(&[&path], ImportOptions::default());
        assert_eq!(imp.files[0].mapping, name, "{file}");
        assert_eq!(imp.tickets.iter().map(|t| t.priority).collect::<Vec<_>>(), priorities, "{file}");
        assert_eq!(imp.tickets.iter().map(|t| t.made_sla).collect::<Vec<_>>(), slas, "{file}");
    }
    // Jira: the service request is left out of the incident KPIs and reported with --kind request
    let jira = dir.path().join("jira.csv").display().to_string();
    let requests = import(&[&jira], ImportOptions { kind: Some(Kind::Request), ..Default::default() });
    assert_eq!(requests.tickets.len(), 1);
    assert_eq!(requests.tickets[0].priority, Some(4));
}

#[test]
fn files_of_different_kinds_need_a_kind() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["tickets", &fixture("helpdesk_slice.csv"), &fixture("volvo_problems_open_slice.csv")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "files disagree on the ticket kind ({} is incident, {} is problem); pass --kind\n",
            fixture("helpdesk_slice.csv"),
            fixture("volvo_problems_open_slice.csv")
        )
    );
}

#[test]
fn built_in_defaults_can_be_written_out_for_editing() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["tickets", "--print-mapping", "otrs"]);
    assert!(out.status.success());
    let shipped = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/otrs.toml")).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), shipped);
    let out = run(dir.path(), &["tickets", "--print-guidance"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("[[kpi]]"));
    let out = run(dir.path(), &["tickets", "--print-mapping", "remedy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("--print-mapping remedy: no such built-in profile (volvo-incidents, "));
}

#[test]
fn a_bad_as_of_is_reported_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["tickets", &fixture("handmade.csv"), "--kind", "problem", "--as-of", "30/06/2024"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "--as-of \"30/06/2024\" is not an ISO 8601 timestamp (expected e.g. 2024-06-30T00:00:00)\n"
    );
    // a good one sets the age of open problems: INC3 opened 2024-02-01 00:00, as of 2024-03-02 12:00 → 30.5 days
    let out = run(
        dir.path(),
        &[
            "tickets",
            &fixture("handmade.csv"),
            "--kind",
            "problem",
            "--as-of",
            "2024-03-02T12:00:00",
            "--json",
            "p.json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: KpiDocument = serde_json::from_str(&std::fs::read_to_string(dir.path().join("p.json")).unwrap()).unwrap();
    assert_set(&doc.overall, &[("open_age_mean_days", Some(30.5)), ("tickets", Some(6.0))], "as-of");
}

#[test]
fn odd_input_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let long = "9".repeat(5000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("quotes.csv", b"number,opened_at\n\"INC\n1\",\"2024-01-01\"\nINC2,\"2024-01-02\nINC3,2024-01-03\n".to_vec()),
        ("binary.csv", b"number,opened_at\n\x00\xff\xfe,\x01\x02\nINC1,\xff\n".to_vec()),
        ("long.csv", format!("number,opened_at\n{long},{long}\n").into_bytes()),
        ("short.csv", b"number,opened_at,resolved_at\nINC1\nINC2,2024-01-01\n,,,,,,\n".to_vec()),
        (
            "weird.csv",
            "number,opened_at\nA,9999-12-31T23:59:60+23:59\nB,0000-01-01\nC,2024-02-29 24:00\nD,29/2/2023\n".into(),
        ),
        ("header.csv", b"\xef\xbb\xbf\n".to_vec()),
        ("fake.xlsx", b"PK\x03\x04garbage".to_vec()),
        ("fake.ods", b"".to_vec()),
        ("fake.xls", b"\xd0\xcf\x11\xe0garbage".to_vec()),
    ];
    for (name, bytes) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        for extra in [&[][..], &["--skip-invalid"][..], &["--kind", "problem"][..]] {
            let mut args = vec!["tickets", name];
            args.extend_from_slice(extra);
            let out = run(dir.path(), &args);
            let err = stderr(&out);
            assert!(matches!(out.status.code(), Some(0 | 2)), "{name} {extra:?}: {:?} {err}", out.status);
            assert!(!err.contains("panicked"), "{name}: {err}");
        }
    }
    let out = run(dir.path(), &["tickets", "absent.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("absent.csv: cannot read: "));
}

#[test]
fn the_terminal_table_sets_each_kpi_beside_its_guidance() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["tickets", &fixture("handmade.csv")]);
    assert!(out.status.success());
    let expected = concat!(
        "incident KPIs, all tickets\n",
        "KPI                          value  process        guidance                           level\n",
        "tickets                          6\n",
        "open                             1\n",
        "resolved                         5\n",
        "mttr_hours                  9.25 h  incident       ≤72 L2 · ≤24 L3 · ≤8 L4 · ≤4 L5        3\n",
        "median_ttr_hours              5.50\n",
        "p90_ttr_hours                18.60\n",
        "sla_met_pct                80.00 %  service-level  ≥70 L2 · ≥85 L3 · ≥92 L4 · ≥97 L5      2\n",
        "reopen_rate_pct            25.00 %  incident       ≤15 L2 · ≤8 L3 · ≤5 L4 · ≤2 L5         1\n",
        "reassigned_pct             50.00 %  incident       ≤60 L2 · ≤40 L3 · ≤25 L4 · ≤15 L5      2\n",
        "mean_reassignments            1.00\n",
        "first_line_resolution_pct  60.00 %  service-desk   ≥50 L2 · ≥65 L3 · ≥75 L4 · ≥85 L5      2\n",
        "data_errors                      1\n",
        "\n",
        "level the data supports, per process (mean of its KPI levels)\n",
        "process        level  lowest  evidence\n",
        "incident         2.0       1  mean time to resolve 9.2 h supports level 3; reopen rate 25 % supports level 1; reassigned 50 % supports level 2\n",
        "service-desk     2.0       2  first-line resolution 60 % supports level 2\n",
        "service-level    2.0       2  SLA met 80 % supports level 2\n",
        "\n",
        "by priority\n",
        "priority  tickets  open  resolved  mttr_h  median_h  p90_h    sla%  reopen%  reassigned%  reassign/t  first_line%  errors\n",
        "1               1     0         1    2.00      2.00   2.00  100.00     0.00       100.00        1.00         0.00       0\n",
        "2               2     1         1   24.00     24.00  24.00   50.00   100.00        50.00        1.00       100.00       0\n",
        "3               2     0         2    5.00      5.00   5.00  100.00     0.00         0.00        0.00       100.00       1\n",
        "\n",
        "by month of opening\n",
        "month    tickets  open  resolved  mttr_h  median_h  p90_h    sla%  reopen%  reassigned%  reassign/t  first_line%  errors\n",
        "2024-01        2     0         2   13.00     13.00  21.80   50.00    50.00        50.00        0.50        50.00       0\n",
        "2024-02        3     1         2    6.00      6.00   6.00  100.00     0.00        66.67        1.67        50.00       1\n",
        "2024-03        1     0         1    5.00      5.00   5.00  100.00     0.00         0.00        0.00       100.00       0\n",
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    // 50,000 tickets: several conversion batches and KPI chunks, so threads really split the work
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("number,priority,made_sla,reassignment_count,opened_at,resolved_at\n");
    let mut state: u64 = 7;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        state >> 33
    };
    for i in 0..50_000 {
        let (day, hour, minute) = (1 + next() % 28, next() % 24, next() % 60);
        let ttr = next() % 5000;
        let (rday, rhour, rmin) = (day + ttr / 1440, (hour + ttr / 60 % 24) % 24, (minute + ttr % 60) % 60);
        let resolved = if rday <= 28 { format!("2024-03-{rday:02} {rhour:02}:{rmin:02}:00") } else { "?".into() };
        text.push_str(&format!(
            "INC{i},{},{},{},2024-03-{day:02} {hour:02}:{minute:02}:00,{resolved}\n",
            1 + next() % 5,
            next() % 2 == 0,
            next() % 3
        ));
    }
    write(dir.path(), "many.csv", &text);
    let json = |threads: &str, out: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_itil-assess"))
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .args(["tickets", "many.csv", "--json", out])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read(dir.path().join(out)).unwrap()
    };
    assert_eq!(json("1", "one.json"), json("3", "three.json"));
}

#[test]
fn an_xls_saved_by_libreoffice_gives_the_same_kpis_as_its_csv() {
    // handmade.xls is handmade.csv saved by LibreOffice as Excel 97-2003, with real date cells (PROVENANCE.md).
    let csv = import(&[&fixture("handmade.csv")], ImportOptions::default()).kpis();
    let xls = import(&[&fixture("handmade.xls")], ImportOptions::default());
    assert_eq!(xls.files[0].mapping, "ServiceNow incident export");
    assert_eq!(xls.kpis(), csv);
    assert_eq!(xls.kpis().to_json(), csv.to_json());
}
