use crate::support::run;

#[test]
fn reports_every_planted_error_with_its_place_and_exits_2() {
    let out = run(&["validate", "tests/fixtures/questionnaires/planted-errors"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        r#"tests/fixtures/questionnaires/planted-errors/main.toml:17:1: error: unknown key "importnace" in [[process]] "incident"; did you mean "importance"?
   |
17 | importnace = 1.5
   | ^^^^^^^^^^
tests/fixtures/questionnaires/planted-errors/questions.toml:3:11: error: question "IM-1-01" names process "incidents", which is not declared; did you mean "incident"?
  |
3 | process = "incidents"
  |           ^^^^^^^^^^^
tests/fixtures/questionnaires/planted-errors/questions.toml:11:9: error: "level" must be a maturity level from 1 to 5, found 7
   |
11 | level = 7
   |         ^
FAILED tests/fixtures/questionnaires/planted-errors: 3 errors
"#
    );
}

#[test]
fn a_valid_questionnaire_gets_one_ok_line() {
    let out = run(&["validate", "tests/fixtures/questionnaires/mini.toml"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "OK tests/fixtures/questionnaires/mini.toml: Mini assessment 1.2.0 — 2 stages, 3 processes, 30 questions\n"
    );
    assert_eq!(out.stderr, "");
}
