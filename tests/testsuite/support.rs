//! Running the real binary on fixture files and reading what a user would see.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `itil-assess ARGS...` from the crate root, so fixture paths print as the user would type them.
pub fn run(args: &[&str]) -> Run {
    run_with_env(args, &[])
}

/// Run with extra environment variables.
pub fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_itil-assess"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A path below the crate root.
pub fn root(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The sample organisation's assessments (baseline, +6 months, +12 months), oldest first.
pub const ACME_ROUNDS: [(&str, &str); 3] =
    [("answers", "Baseline"), ("followup-2026-09", "+6 months"), ("followup-2027-03", "+12 months")];

/// Score the first `rounds` of the sample organisation's assessments with its targets, each saved as
/// `DIR/FOLDER.json`; returns the result files, oldest first.
pub fn score_acme_rounds(dir: &Path, rounds: usize) -> Vec<String> {
    ACME_ROUNDS[..rounds]
        .iter()
        .map(|(folder, label)| {
            let json = dir.join(format!("{folder}.json"));
            let answers = format!("examples/acme/{folder}");
            let r = run(&[
                "score",
                "questionnaires/itil-v3",
                &answers,
                "--targets",
                "examples/acme/targets.toml",
                "--label",
                label,
                "--json",
                json.to_str().unwrap(),
                "--format",
                "csv",
            ]);
            assert_eq!(r.code, 0, "{r:?}");
            json.display().to_string()
        })
        .collect()
}
