//! The questionnaires the project ships stay valid, and keep the shape the issues promise.

use crate::support::{root, run};
use itil_assess::questionnaire;

#[test]
fn itil_v3_is_valid_with_five_stages_and_thirty_processes() {
    let out = run(&["validate", "questionnaires/itil-v3"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, "", "no warnings expected");
    let q = questionnaire::load_valid(&root("questionnaires/itil-v3")).unwrap();
    assert_eq!(
        q.stages.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["strategy", "design", "transition", "operation", "csi"]
    );
    assert_eq!(q.processes.len(), 30);
    assert!(q.questions.len() >= 300, "{} questions", q.questions.len());
    assert_eq!(out.stdout, format!("OK questionnaires/itil-v3: {}\n", q.summary()));
    for (i, p) in q.processes.iter().enumerate() {
        for level in 1..=5 {
            let n = q.questions.iter().filter(|x| x.process == i && x.level == level).count();
            assert!(n >= 2, "{} has {n} questions at level {level}", p.id);
        }
    }
    assert!(q.questions.iter().all(|x| !x.guidance.trim().is_empty()));
    let functions = q.processes.iter().filter(|p| p.kind == questionnaire::ProcessType::Function).count();
    assert_eq!(functions, 4);
}

#[test]
fn quick_scan_is_valid_and_short() {
    let out = run(&["validate", "questionnaires/quick-scan.toml"]);
    assert_eq!(out.code, 0, "{out:?}");
    let q = questionnaire::load_valid(&root("questionnaires/quick-scan.toml")).unwrap();
    assert!((30..=40).contains(&q.questions.len()), "{} questions", q.questions.len());
    assert_eq!(q.stages.len(), 5);
}
