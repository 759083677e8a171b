//! `validate` on quizzes, `quiz take` (resuming, time limit, seeded draws) and `quiz grade` (hand-computed class).

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{root, run};
use itil_assess::quiz::{self, draw, letters};

const MINI: &str = "tests/fixtures/quiz/mini-quiz.toml";
const SHIPPED: &str = "questionnaires/itil-foundation-practice.toml";

#[test]
fn the_shipped_quiz_is_valid_with_over_100_questions_across_five_stages() {
    let out = run(&["validate", SHIPPED]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, "");
    let q = quiz::load_valid(&root(SHIPPED)).unwrap();
    assert_eq!(out.stdout, format!("OK {SHIPPED}: {}\n", q.summary()));
    assert!(out.stdout.starts_with(&format!("OK {SHIPPED}: ITIL Foundation practice 1.0.0 — 5 stages, ")));
    assert!(q.questions.len() >= 100, "{}", q.questions.len());
    let ids: Vec<&str> = q.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["strategy", "design", "transition", "operation", "csi"]);
    for (i, stage) in q.stages.iter().enumerate() {
        let n = q.questions.iter().filter(|x| x.stage == i).count();
        assert!(n >= 15, "{}: {n} questions", stage.id);
    }
    assert_eq!((q.exam.questions, q.exam.minutes, q.exam.pass_mark), (40, 60, 26));
}

#[test]
fn validate_reports_every_quiz_error_with_its_place() {
    let out = run(&["validate", "tests/fixtures/quiz/bad-quiz.toml", MINI]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "OK tests/fixtures/quiz/mini-quiz.toml: Mini quiz 0.1.0 — 2 stages, 5 questions\n");
    assert_eq!(
        out.stderr,
        r#"tests/fixtures/quiz/bad-quiz.toml:10:13: error: "pass_mark" (5) is more than the exam's 2 questions
   |
10 | pass_mark = 5
   |             ^
tests/fixtures/quiz/bad-quiz.toml:18:9: error: question "B-1" names stage "desgn", which is not declared; did you mean "design"?
   |
18 | stage = "desgn"
   |         ^^^^^^^
tests/fixtures/quiz/bad-quiz.toml:22:59: error: option C duplicates option A ("provider and  customer")
   |
22 | options = ["Provider and customer", "Two internal teams", "provider and  customer"]
   |                                                           ^^^^^^^^^^^^^^^^^^^^^^^^
tests/fixtures/quiz/bad-quiz.toml:23:11: error: question "B-1" has no correct option: list at least one letter, e.g. ["B"]
   |
23 | correct = []
   |           ^^
tests/fixtures/quiz/bad-quiz.toml:31:8: error: "text" must not be empty
   |
31 | text = ""
   |        ^^
tests/fixtures/quiz/bad-quiz.toml:33:12: error: "correct" names option C, but the question has 2 options (A to B)
   |
33 | correct = ["C"]
   |            ^^^
tests/fixtures/quiz/bad-quiz.toml:35:1: error: unknown key "hint" in [[question]] "B-2" (expected one of: id, stage, topic, difficulty, text, options, correct, explanation)
   |
35 | hint = "internal"
   | ^^^^
FAILED tests/fixtures/quiz/bad-quiz.toml: 7 errors
"#
    );
}

/// The class: five rows of `class.csv` plus Fay's attempt file. Correct answers: MQ-1 A, MQ-2 B, MQ-3 A+C,
/// MQ-4 D, MQ-5 A. Right (✓), wrong (✗), blank (_):
///
/// | student | MQ-1  | MQ-2  | MQ-3   | MQ-4  | MQ-5 | score |
/// |---------|-------|-------|--------|-------|------|-------|
/// | Ana     | A ✓   | B ✓   | A,C ✓  | D ✓   | A ✓  | 5     |
/// | Ben     | A ✓   | B ✓   | A ✗    | D ✓   | A ✓  | 4     |
/// | Cat     | a ✓   | C ✗   | C;A ✓  | D ✓   | text ✓ | 4   |
/// | Dan     | B ✗   | B ✓   | _ ✗    | D ✓   | A ✓  | 3     |
/// | Eve     | A ✓   | _ ✗   | B ✗    | D ✓   | a ✓  | 3     |
/// | Fay     | C ✗   | B ✓   | A ✗    | _ ✗   | A ✓  | 2     |
///
/// Pass mark: 3 of 4 scaled to 5 questions = ceil(3 × 5 / 4) = ceil(3.75) = 4: Ana, Ben, Cat pass.
/// Groups: g = round(0.27 × 6) = round(1.62) = 2.
/// - upper: Ana (5) is above the cut; Ben and Cat tie at the cut (4) for the 1 place left: weight 1/2 each;
/// - lower: Fay (2) is below the cut; Dan and Eve tie at the cut (3) for 1 place: weight 1/2 each.
#[test]
fn grades_a_small_class_with_ties_and_blanks_as_computed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("class.json");
    let html = dir.path().join("class.html");
    let out = run(&[
        "quiz",
        "grade",
        MINI,
        "tests/fixtures/quiz/class.csv",
        "tests/fixtures/quiz/fay.toml",
        "--json",
        json.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "Graded 6 students on 5 items: 3 passed; 1 flagged.\n");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();

    let students: Vec<(String, u64, u64, bool)> = doc["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let name = s["name"].as_str().unwrap().to_string();
            (name, s["score"].as_u64().unwrap(), s["pass_mark"].as_u64().unwrap(), s["passed"].as_bool().unwrap())
        })
        .collect();
    let expected = [("Ana", 5, true), ("Ben", 4, true), ("Cat <script>", 4, true), ("Dan", 3, false)];
    for ((name, score, passed), got) in expected.iter().zip(&students) {
        assert_eq!(got, &(name.to_string(), *score, 4, *passed));
    }
    assert_eq!(students[4], ("Eve".to_string(), 3, 4, false));
    assert_eq!(students[5], ("Fay".to_string(), 2, 4, false));
    // Per stage: Dan has strategy MQ-1 ✗, MQ-2 ✓ (1 of 2) and operation MQ-3 _, MQ-4 ✓, MQ-5 ✓ (2 of 3).
    assert_eq!(doc["students"][3]["stages"][0], serde_json::json!({"stage": "strategy", "correct": 1, "asked": 2}));
    assert_eq!(doc["students"][3]["stages"][1], serde_json::json!({"stage": "operation", "correct": 2, "asked": 3}));
    assert_eq!(doc["group_size"], 2);

    let item = |i: usize| &doc["items"][i];
    let f = |v: &serde_json::Value| v.as_f64().unwrap();
    // MQ-1: right Ana Ben Cat Eve = 4/6. Upper (Ana 1 + Ben ½ + Cat ½, all right) = 2/2 = 1.
    // Lower (Fay 1 ✗, Dan ½ ✗, Eve ½ ✓) = 0.5/2 = 0.25. D = 1 - 0.25 = 0.75. Chosen: A 4, B 1 (Dan), C 1 (Fay).
    assert_eq!(item(0)["id"], "MQ-1");
    assert_eq!((f(&item(0)["difficulty"]), f(&item(0)["upper"]), f(&item(0)["lower"])), (4.0 / 6.0, 1.0, 0.25));
    assert_eq!(f(&item(0)["discrimination"]), 0.75);
    assert_eq!(item(0)["chosen"], serde_json::json!([["A", 4], ["B", 1], ["C", 1], ["D", 0]]));
    // MQ-2: right Ana Ben Dan Fay = 4/6; Eve blank. Upper (Ana 1 ✓, Ben ½ ✓, Cat ½ ✗) = 1.5/2 = 0.75;
    // lower (Fay 1 ✓, Dan ½ ✓, Eve ½ ✗) = 1.5/2 = 0.75; D = 0.
    assert_eq!((f(&item(1)["upper"]), f(&item(1)["lower"]), f(&item(1)["discrimination"])), (0.75, 0.75, 0.0));
    assert_eq!((item(1)["blank"].as_u64(), item(1)["chosen"][2][1].as_u64()), (Some(1), Some(1)));
    // MQ-3 (A and C both needed): right Ana Cat = 2/6. Upper (Ana 1 + Cat ½) = 1.5/2 = 0.75; lower none = 0.
    // Chosen: A by Ana Ben Cat Fay = 4, B by Eve = 1, C by Ana Cat = 2; Dan blank.
    assert_eq!((f(&item(2)["difficulty"]), f(&item(2)["discrimination"])), (2.0 / 6.0, 0.75));
    assert_eq!(item(2)["chosen"], serde_json::json!([["A", 4], ["B", 1], ["C", 2], ["D", 0]]));
    assert_eq!(item(2)["blank"], 1);
    // MQ-4: right 5/6 (Fay blank). Upper 2/2 = 1; lower (Dan ½ + Eve ½) = 1/2 = 0.5; D = 0.5.
    assert_eq!((f(&item(3)["difficulty"]), f(&item(3)["discrimination"])), (5.0 / 6.0, 0.5));
    // MQ-5: everyone right: difficulty 1 > 0.9, too easy; D = 1 - 1 = 0.
    assert_eq!((f(&item(4)["difficulty"]), f(&item(4)["discrimination"])), (1.0, 0.0));
    assert_eq!(item(4)["flags"], serde_json::json!(["too-easy"]));
    assert_eq!(item(0)["flags"], serde_json::json!([]));
    // Topics, weakest first: Functions (MQ-3) 2 of 6; then Service portfolio and Utility and warranty tie at 4 of
    // 6 with 2 misses each, so by name.
    let topics: Vec<&str> = doc["topics"].as_array().unwrap().iter().map(|t| t["topic"].as_str().unwrap()).collect();
    assert_eq!(
        topics,
        ["Functions", "Service portfolio", "Utility and warranty", "Incident management", "Service desk"]
    );

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains(
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"#
    ));
    assert!(page.contains("Cat &lt;script&gt;"), "names are escaped");
    assert!(!page.contains("<script"), "no script anywhere");
    assert!(!page.contains("http://") || !page.contains("src=\"http"), "no external resources");
    assert!(page.contains("<svg"), "charts are inline");

    // The same class gives the same bytes.
    let again = dir.path().join("again.html");
    let out = run(&["quiz", "grade", MINI, "tests/fixtures/quiz/class.csv", "tests/fixtures/quiz/fay.toml", "-o"]
        .into_iter()
        .chain([again.to_str().unwrap()])
        .collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(std::fs::read(&again).unwrap(), page.clone().into_bytes());

    // A trainer's own class-report template replaces the built-in one (the report's template set).
    let templates = dir.path().join("templates");
    let out = run(&["templates", "export", templates.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    let own = templates.join("class-report.html");
    let text = std::fs::read_to_string(&own).unwrap();
    assert_eq!(text.as_bytes(), &page_template_bytes()[..], "the exported template is the built-in one");
    std::fs::write(&own, "<p>Academy class report: {{ r.students }} students</p>").unwrap();
    let branded = dir.path().join("branded.html");
    let args = ["quiz", "grade", MINI, "tests/fixtures/quiz/class.csv", "tests/fixtures/quiz/fay.toml", "-o"];
    let out = run(&args
        .into_iter()
        .chain([branded.to_str().unwrap(), "--templates", templates.to_str().unwrap()])
        .collect::<Vec<_>>());
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(std::fs::read_to_string(&branded).unwrap(), "<p>Academy class report: 6 students</p>");
}

fn page_template_bytes() -> Vec<u8> {
    std::fs::read(crate::support::root("report-templates/class-report.html")).unwrap()
}

#[test]
fn a_bad_cell_is_reported_with_its_place_and_nothing_is_graded() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("bad.csv");
    std::fs::write(&sheet, "Name,MQ-1,MQ-2,MQ-9\nAna,E,B,A\n").unwrap();
    let out = run(&["quiz", "grade", MINI, sheet.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{out:?}");
    let shown = sheet.display();
    assert_eq!(
        out.stderr,
        format!(
            "{shown}: cell D1: unknown question id \"MQ-9\" (not in the quiz)\n\
             {shown}: cell B2: \"E\" is not an answer to MQ-1 (expected letters from A to D, e.g. \"B\" or \"A,C\")\n\
             2 problems in the answer sheets; nothing was graded\n"
        )
    );
}

/// Feed `input` to `quiz take ARGS` on stdin, then close it.
fn take(args: &[&str], input: &str) -> crate::support::Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_itil-assess"))
        .args(["quiz", "take"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    crate::support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn an_attempt_interrupted_half_way_resumes_with_nothing_lost() {
    let quiz = quiz::load_valid(&root(MINI)).unwrap();
    let drawn = draw::draw(&quiz, &[], 4, 11).unwrap();
    let right: Vec<String> = drawn.iter().map(|&q| letters(quiz.questions[q].correct)).collect();
    let dir = tempfile::tempdir().unwrap();
    let attempt = dir.path().join("attempt.toml");
    let attempt_arg = attempt.to_str().unwrap();
    let args = [MINI, "--questions", "4", "--seed", "11", "--mode", "exam", "--student", "Ana", "-o", attempt_arg];

    // The first sitting: two answers, then stdin closes.
    let first = take(&args, &format!("{}\n{}\n", right[0], right[1]));
    assert_eq!(first.code, 0, "{first:?}");
    assert!(first.stdout.contains("Question 3 of 4"), "{}", first.stdout);
    assert!(
        first.stdout.ends_with(&format!(
            "Stopped (the input ended) after 2 of 4 questions; saved to {attempt_arg}: run the same command again to \
             continue.\n"
        )),
        "{}",
        first.stdout
    );
    let saved = std::fs::read_to_string(&attempt).unwrap();
    assert!(saved.contains("finished = false"), "{saved}");
    for &q in &drawn[..2] {
        assert!(saved.contains(&format!("{} = \"{}\"", quiz.questions[q].id, letters(quiz.questions[q].correct))));
    }

    // The same command again: it resumes at question 3 with the same draw and the saved answers.
    let second = take(&args, &format!("{}\n{}\n", right[2], right[3]));
    assert_eq!(second.code, 0, "{second:?}");
    assert!(second.stdout.starts_with(&format!("Resuming {attempt_arg}: 2 of 4 answered (seed 11, exam mode).\n")));
    assert!(!second.stdout.contains("Question 1 of 4") && second.stdout.contains("Question 3 of 4"));
    assert!(second.stdout.contains("Score: 4 of 4 (100%): PASS (pass mark 3)"), "{}", second.stdout);
    let saved = std::fs::read_to_string(&attempt).unwrap();
    assert!(saved.contains("finished = true") && saved.contains("student = \"Ana\""), "{saved}");
    let resolved = quiz::attempt::Attempt::read(&quiz, &attempt).unwrap();
    assert_eq!(resolved.questions, drawn);
    assert!(resolved.answers.iter().zip(&drawn).all(|(a, &q)| *a == Some(quiz.questions[q].correct)));

    // The finished attempt grades like any sheet.
    let out = run(&["quiz", "grade", MINI, attempt_arg]);
    // Alone in the class, every item is answered right by 100 % of the students: all too easy.
    let mut in_quiz_order = drawn.clone();
    in_quiz_order.sort_unstable();
    let flagged: String = in_quiz_order.iter().map(|&q| format!("item {}: too easy\n", quiz.questions[q].id)).collect();
    assert_eq!(out.stdout, format!("Ana\t4 / 4\tpass\n{flagged}Graded 1 student on 4 items: 1 passed; 4 flagged.\n"));
}

#[test]
fn study_mode_explains_each_answer_and_rejects_bad_input() {
    let quiz = quiz::load_valid(&root(MINI)).unwrap();
    let drawn = draw::draw(&quiz, &[quiz.stage("strategy").unwrap()], 1, 5).unwrap();
    let question = &quiz.questions[drawn[0]];
    let wrong = if question.correct == 1 { "B" } else { "A" };
    let out = take(&[MINI, "--questions", "1", "--stage", "strategy", "--seed", "5"], &format!("Z\n{wrong}\n"));
    assert_eq!(out.code, 0, "{out:?}");
    let expected = format!(
        "> Z\n\"Z\" is not an answer to {} (expected letters from A to D, e.g. \"B\" or \"A,C\")\n> {wrong}\n\
         Not quite: the answer is {}.\nWhy: {}\n",
        question.id,
        letters(question.correct),
        question.explanation
    );
    assert!(out.stdout.contains(&expected), "{}", out.stdout);
    assert!(out.stdout.contains("Score: 0 of 1 (0%): FAIL (pass mark 1)"), "{}", out.stdout);
}

#[test]
fn the_time_limit_is_enforced_while_waiting_for_an_answer() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_itil-assess"))
        .args(["quiz", "take", MINI, "--questions", "2", "--seed", "1", "--time", "1s"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Keep stdin open and silent: the clock, not the end of input, must end the sitting.
    let stdin = child.stdin.take().unwrap();
    let output = child.wait_with_output().unwrap();
    drop(stdin);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Time is up: 2 unanswered questions count as wrong."), "{stdout}");
    assert!(stdout.contains("Score: 0 of 2 (0%): FAIL"), "{stdout}");
}

#[test]
fn seeded_draws_are_reproducible_and_balanced_across_stages() {
    let q = quiz::load_valid(&root(SHIPPED)).unwrap();
    let a = draw::draw(&q, &[], 40, 2026).unwrap();
    assert_eq!(a, draw::draw(&q, &[], 40, 2026).unwrap());
    assert_ne!(a, draw::draw(&q, &[], 40, 2027).unwrap());
    let mut unique = a.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 40);
    let per_stage = |drawn: &[usize]| {
        (0..q.stages.len()).map(|s| drawn.iter().filter(|&&i| q.questions[i].stage == s).count()).collect::<Vec<_>>()
    };
    assert_eq!(per_stage(&a), [8, 8, 8, 8, 8]);
    // 42 over five stages: 8 each and two stages get one more.
    let counts = per_stage(&draw::draw(&q, &[], 42, 9).unwrap());
    assert!(counts.iter().all(|&n| n == 8 || n == 9) && counts.iter().sum::<usize>() == 42, "{counts:?}");
    // Two stages: half each.
    let (design, csi) = (q.stage("design").unwrap(), q.stage("csi").unwrap());
    let two = draw::draw(&q, &[design, csi], 20, 1).unwrap();
    assert_eq!(per_stage(&two), [0, 10, 0, 0, 10]);
    // A stage too small for its share passes the shortfall on: 16 CSI questions, 40 asked from design and CSI.
    let csi_count = q.questions.iter().filter(|x| x.stage == csi).count();
    let big = draw::draw(&q, &[design, csi], 40, 1).unwrap();
    assert_eq!(per_stage(&big)[csi], csi_count.min(20));
    assert_eq!(big.len(), 40);
    assert!(draw::draw(&q, &[csi], csi_count + 1, 1).is_err());
}
