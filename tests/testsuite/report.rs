//! `report`: the sample engagement's report (snapshot), escaping, self-containment, templates, and a real browser.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{root, run};

const ACME: [&str; 7] = [
    "questionnaires/itil-v3",
    "examples/acme/answers",
    "--targets",
    "examples/acme/targets.toml",
    "--label=Baseline",
    "--tickets",
    "examples/acme/tickets/incidents.csv",
];
const BRAND: [&str; 3] = ["--client=Acme Logistics IT", "--assessor=J. Rivera", "--date=2026-03-06"];

fn report(args: &[&str], out: &Path) -> String {
    let mut all = vec!["report"];
    all.extend(args);
    all.extend(["-o", out.to_str().unwrap()]);
    let result = run(&all);
    assert_eq!(result.code, 0, "{result:?}");
    std::fs::read_to_string(out).unwrap()
}

fn acme(dir: &Path) -> String {
    report(&[&ACME[..], &BRAND[..]].concat(), &dir.join("report.html"))
}

#[test]
fn the_sample_engagement_report_matches_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let html = acme(dir.path());
    insta::assert_snapshot!("acme_report", html);
}

#[test]
fn the_report_is_deterministic_self_contained_and_small() {
    let dir = tempfile::tempdir().unwrap();
    let first = acme(dir.path());
    let second = report(&[&ACME[..], &BRAND[..]].concat(), &dir.path().join("again.html"));
    assert_eq!(first, second);
    assert!(first.len() < 2 * 1024 * 1024, "{} bytes", first.len());
    assert!(first.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none';"#));
    // The SVG namespace is a name, not an address that is fetched.
    let lower = first.to_lowercase().replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for forbidden in ["<script", "<link", "<img", "<iframe", "@import", "http://", "https://", " src="] {
        assert!(!lower.contains(forbidden), "the report contains {forbidden}");
    }
    // url() only for patterns defined in the same SVG (`url(#id)`), never a file or address.
    assert!(lower.match_indices("url(").all(|(i, _)| lower[i + 4..].starts_with('#')), "an external url()");
    for section in [
        "summary",
        "method",
        "overview",
        "stage-1",
        "stage-5",
        "heatmap",
        "roadmap",
        "disagreements",
        "tickets",
        "appendix",
    ] {
        assert!(first.contains(&format!("id=\"{section}\"")), "no section {section}");
        assert!(first.contains(&format!("href=\"#{section}\"")), "no contents entry for {section}");
    }
    assert_eq!(first.matches("<svg").count(), 14, "radar, 5 stage bar charts, 5 heat maps, 3 ticket charts");
    assert!(
        first.contains("<h1>ITSM maturity assessment</h1>")
            || first.contains("<h1>IT service management maturity assessment</h1>")
    );
}

#[test]
fn the_report_says_what_the_scores_say() {
    let dir = tempfile::tempdir().unwrap();
    let html = acme(dir.path());
    let out = run(&[&["score"][..], &ACME[..], &["--format", "json"][..]].concat());
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let overall = doc["overall"]["index"].as_f64().unwrap();
    assert!(html.contains(&format!("Overall maturity is {overall:.1} out of 5")), "overall {overall}");
    assert!(html.contains("The weakest stage is Continual service improvement at 1.4"));
    let first_gap = &doc["gaps"][0];
    assert_eq!(first_gap["process"], "seven-step-improvement");
    assert!(html.contains("<td class=\"num\">1</td><td>Seven-step improvement process</td>"));
    let first_rec = doc["recommendations"][0]["guidance"].as_str().unwrap();
    assert!(
        html.contains(&first_rec.replace('\'', "&#x27;").replace('"', "&quot;")),
        "guidance of the top recommendation"
    );
    assert!(html.contains("The IT strategy is a slide deck from the 2025 board retreat."), "a comment in the appendix");
    assert!(html.contains("<dt>Client</dt><dd>Acme Logistics IT</dd>"));
    // Ticket evidence: the KPI table, the contradiction in the summary, and the charts.
    assert!(html.contains("<tr><td>Mean time to resolve</td><td class=\"num\">87.3 h</td><td>Incident management</td><td>≤72 L2 · ≤24 L3 · ≤8 L4 · ≤4 L5</td><td>level 1</td></tr>"));
    assert!(html.contains("<li>Incident management self-assessed at 4.0; mean time to resolve 87.3 h supports level 1, reopen rate 2 % supports level 5, reassigned 35 % supports level 3.</li>"));
    assert!(html.contains("<li>Service level management: the data supports level 2.0 (self-assessed 2.4): SLA met 81 % supports level 2.</li>"));
    assert!(html.contains("Incident: SLA met by priority"));
}

#[test]
fn a_saved_result_renders_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let result = dir.path().join("result.json");
    let out = run(&[&["score"][..], &ACME[..], &["--json", result.to_str().unwrap(), "--format", "csv"][..]].concat());
    assert_eq!(out.code, 0, "{out:?}");
    let from_answers = acme(dir.path());
    let from_result =
        report(&[&["--result", result.to_str().unwrap()][..], &BRAND[..]].concat(), &dir.path().join("r.html"));
    assert_eq!(from_answers, from_result);
}

/// Every string a user controls, in every place it can reach the report.
const PAYLOAD: &str = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>&amp;";

fn poison(value: &mut Value, key: &str) {
    match value {
        Value::String(s) if !matches!(key, "scale" | "type" | "version" | "date" | "kind") => s.push_str(PAYLOAD),
        Value::Array(items) => items.iter_mut().for_each(|v| poison(v, key)),
        Value::Object(map) => {
            let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            for (k, mut v) in entries {
                poison(&mut v, &k);
                // Keys of answer and comment maps are question ids: poisoned like the ids they repeat.
                let k = if matches!(key, "answers" | "comments") { format!("{k}{PAYLOAD}") } else { k };
                map.insert(k, v);
            }
        }
        _ => {}
    }
}

fn assert_escaped(html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "unescaped <script>");
    assert!(!lower.contains("<img"), "unescaped <img>");
    assert!(!html.contains("\"'>"), "an attribute could be broken out of");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}

#[test]
fn everything_a_user_supplies_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "score",
        "tests/fixtures/questionnaires/mini.toml",
        "tests/fixtures/worked",
        "--tickets",
        "tests/fixtures/tickets/handmade.csv",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let mut doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(doc["tickets"].is_object(), "ticket evidence is poisoned too");
    poison(&mut doc, "");
    doc["assessment"]["date"] = Value::String(format!("2026-03-02{PAYLOAD}"));
    let result = dir.path().join("poisoned.json");
    std::fs::write(&result, serde_json::to_string(&doc).unwrap()).unwrap();
    let fields = [
        format!("--title=T{PAYLOAD}"),
        format!("--client=C{PAYLOAD}"),
        format!("--assessor=A{PAYLOAD}"),
        format!("--date=D{PAYLOAD}"),
    ];
    let mut args = vec!["--result", result.to_str().unwrap()];
    args.extend(fields.iter().map(String::as_str));
    let html = report(&args, &dir.path().join("poisoned.html"));
    assert_escaped(&html);
    assert!(
        html.contains("Question 2 on incident management at level 3?&lt;script&gt;"),
        "question texts are shown, escaped"
    );

    // And through the questionnaire and answer files themselves, scored on the way.
    let q = std::fs::read_to_string(root("tests/fixtures/questionnaires/mini.toml")).unwrap();
    let toml_payload = PAYLOAD.replace('"', "\\\"");
    let q = q
        .replace("name = \"Incident management\"", &format!("name = \"Incident{toml_payload}\""))
        .replace("name = \"Service operation\"", &format!("name = \"Operation{toml_payload}\""))
        .replace("guidance = \"Guidance for IM-3-02.\"", &format!("guidance = \"G{toml_payload}\""))
        .replace("title = \"Mini assessment\"", &format!("title = \"Mini{toml_payload}\""));
    std::fs::write(dir.path().join("q.toml"), q).unwrap();
    let a = std::fs::read_to_string(root("tests/fixtures/worked/a.toml"))
        .unwrap()
        .replace("name = \"A\"", &format!("name = \"A{toml_payload}\""))
        .replace("role = \"Process owner\"", &format!("role = \"R{toml_payload}\""))
        .replace("IM-4-01 = \"We have no incident KPIs yet.\"", &format!("IM-4-01 = \"K{toml_payload}\""));
    std::fs::create_dir(dir.path().join("answers")).unwrap();
    std::fs::write(dir.path().join("answers/a.toml"), a).unwrap();
    std::fs::copy(root("tests/fixtures/worked/b.toml"), dir.path().join("answers/b.toml")).unwrap();
    let q_path = dir.path().join("q.toml");
    let answers = dir.path().join("answers");
    let html = report(&[q_path.to_str().unwrap(), answers.to_str().unwrap()], &dir.path().join("p2.html"));
    assert_escaped(&html);
    assert!(html.contains("Incident&lt;script&gt;") || html.contains("Incident&lt;script"));
}

#[test]
fn templates_export_and_override_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    let out = run(&["templates", "export", templates.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, format!("wrote 17 templates to {}\n", templates.display()));
    let again = run(&["templates", "export", templates.to_str().unwrap()]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists (use --force to overwrite)"), "{}", again.stderr);

    // Keep only a rebranded cover: every other template stays the built-in one.
    for entry in walk(&templates) {
        if !entry.ends_with("sections/cover.html") {
            std::fs::remove_file(entry).unwrap();
        }
    }
    let cover = templates.join("sections/cover.html");
    let text = std::fs::read_to_string(&cover)
        .unwrap()
        .replace("<h1>{{ report.title }}</h1>", "<h1>Contoso Advisory: {{ report.title }}</h1>");
    std::fs::write(&cover, text).unwrap();
    let html =
        report(&[&ACME[..], &["--templates", templates.to_str().unwrap()][..]].concat(), &dir.path().join("b.html"));
    assert!(html.contains("<h1>Contoso Advisory: IT service management maturity assessment</h1>"));
    assert!(html.contains("id=\"roadmap\""), "the other sections are the defaults");

    std::fs::write(&cover, "{% if %}").unwrap();
    let out = run(&[
        &["report"][..],
        &ACME[..],
        &["--templates", templates.to_str().unwrap(), "-o", dir.path().join("c.html").to_str().unwrap()][..],
    ]
    .concat());
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("report templates: "), "{}", out.stderr);
    assert!(!dir.path().join("c.html").exists(), "no half-written report");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

/// The browser check needs Node, the system Chromium and tests/browser's playwright-core (`.ci/run` installs all
/// three). Outside CI it is skipped, with a message, when one is missing.
#[test]
fn the_report_loads_cleanly_in_a_real_browser() {
    let browser_dir = root("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists()
        && browser_dir.join("node_modules/playwright-core").exists()
        && Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: .ci/run installs chromium and playwright-core"
        );
        eprintln!("skipped: needs node, {chromium} and `npm ci` in tests/browser (see .ci/run)");
        return;
    }
    let out_dir = root("target/browser");
    std::fs::create_dir_all(&out_dir).unwrap();
    let html = out_dir.join("report.html");
    report(&[&ACME[..], &BRAND[..]].concat(), &html);
    check_in_browser(&browser_dir, &chromium, &html, &out_dir.join("report.png"), 14);

    // The trend report of three assessments passes the same check.
    let results = crate::support::score_acme_rounds(&out_dir, 3);
    let trend = out_dir.join("trend.html");
    let r = run(&["compare", &results[0], &results[1], &results[2], "-o", trend.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r:?}");
    check_in_browser(&browser_dir, &chromium, &trend, &out_dir.join("trend.png"), 6);
}

fn check_in_browser(browser_dir: &Path, chromium: &str, html: &Path, shot: &Path, charts: usize) {
    let shot = shot.to_path_buf();
    let output = Command::new("node")
        .arg(browser_dir.join("check.js"))
        .args([html, shot.as_path()])
        .env("CHROMIUM", chromium)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let found: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(found["problems"], serde_json::json!([]), "console errors or network requests");
    let svgs = found["svgs"].as_array().unwrap();
    assert_eq!(svgs.len(), charts);
    for svg in svgs {
        assert!(svg["width"].as_f64().unwrap() > 0.0 && svg["height"].as_f64().unwrap() > 0.0, "empty chart {svg}");
        assert_eq!(svg["title"], true, "{svg}");
        assert_eq!(svg["desc"], true, "{svg}");
    }
    let headings: Vec<u64> = found["headings"].as_array().unwrap().iter().map(|h| h.as_u64().unwrap()).collect();
    assert_eq!(headings[0], 1);
    for pair in headings.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "a heading level is skipped: {headings:?}");
    }
    assert_eq!(found["clipped_in_print"], 0, "charts wider than the printed page");
    assert!(shot.metadata().unwrap().len() > 10_000, "a screenshot for people to look at");
}

#[test]
fn history_adds_a_trend_section() {
    let dir = tempfile::tempdir().unwrap();
    let history = crate::support::score_acme_rounds(dir.path(), 2);
    let args = [
        "questionnaires/itil-v3",
        "examples/acme/followup-2027-03",
        "--targets",
        "examples/acme/targets.toml",
        "--label",
        "+12 months",
        "--history",
        &history[0],
        "--history",
        &history[1],
    ];
    let html = report(&args, &dir.path().join("r.html"));
    assert!(html.contains("<section id=\"trend\" class=\"major\">"));
    assert!(html.contains("<th scope=\"col\" class=\"num\">Baseline</th><th scope=\"col\" class=\"num\">+6 months</th><th scope=\"col\" class=\"num\">+12 months</th>"));
    assert!(html.contains("<tr><td>Continual service improvement</td><td class=\"num\">1.41</td><td class=\"num\">2.24</td><td class=\"num\">3.07</td><td class=\"num\">+1.66</td><td class=\"num\">+0.83</td></tr>"));
    assert_eq!(html.matches("<svg").count(), 12, "the report's 11 charts (no tickets here) and the trend chart");

    let other = dir.path().join("other.json");
    let r = run(&[
        "score",
        "questionnaires/quick-scan.toml",
        "tests/fixtures/trend/empty.toml",
        "--json",
        other.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0);
    let out = run(&[
        "report",
        "questionnaires/itil-v3",
        "examples/acme/answers",
        "--history",
        other.to_str().unwrap(),
        "-o",
        dir.path().join("x.html").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        format!("{}: assessed with quick-scan 1.0.0, which cannot be compared with itil-v3 1.0.0\n", other.display())
    );
}
