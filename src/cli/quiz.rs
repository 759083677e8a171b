//! `itil-assess quiz take` and `quiz grade`: certification practice for one person in the terminal, and
//! grading with item analysis for a trainer's class.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::sync::mpsc;

use clap::{Args, Subcommand};

use crate::error::Failure;
use crate::output::write_atomically;
use crate::quiz::attempt::{Attempt, Mode};
use crate::quiz::{self, Quiz, draw, grade, report, sheets, take};

#[derive(Debug, Args)]
pub struct QuizArgs {
    #[command(subcommand)]
    pub command: QuizCommand,
}

#[derive(Debug, Subcommand)]
pub enum QuizCommand {
    /// Take a practice exam in the terminal; answers are read line by line (`B`, `A,C`, `skip`, `quit`).
    Take(TakeArgs),
    /// Grade a class's answer sheets: scores, pass/fail, item analysis and an HTML report.
    Grade(GradeArgs),
}

#[derive(Debug, Args)]
pub struct TakeArgs {
    /// The quiz file (`kind = "quiz"`).
    pub quiz: PathBuf,
    /// How many questions to draw [default: the exam's, e.g. 40].
    #[arg(long, value_name = "N")]
    pub questions: Option<usize>,
    /// Draw only from this lifecycle stage (repeat for several).
    #[arg(long = "stage", value_name = "ID")]
    pub stages: Vec<String>,
    /// Seed of the draw: the same seed draws the same questions in the same order [default: random, printed].
    #[arg(long, value_parser = clap::value_parser!(u64).range(..=i64::MAX as u64))]
    pub seed: Option<u64>,
    #[arg(long, value_enum, default_value_t = Mode::Study)]
    pub mode: Mode,
    /// Time limit: `60m`, `90s`, `1h30m`, or `none` [default: exam mode, the exam's time scaled to the questions
    /// drawn; study mode, none].
    #[arg(long, value_name = "DURATION")]
    pub time: Option<String>,
    /// Save the attempt here after every answer; running the same command again resumes it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The student's name, saved in the attempt (for `quiz grade`).
    #[arg(long)]
    pub student: Option<String>,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// The quiz file the sheets answer.
    pub quiz: PathBuf,
    /// Answer sheets (CSV, XLSX, XLS, ODS: a row per student, a column per question id), attempt files from
    /// `quiz take`, or folders of them.
    #[arg(required = true, value_name = "SHEETS")]
    pub sheets: Vec<PathBuf>,
    /// Write the HTML class report here.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the results as JSON here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// A folder whose files replace the built-in report templates (`class-report.html` for this report).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

pub fn run(args: QuizArgs) -> Result<(), Failure> {
    match args.command {
        QuizCommand::Take(args) => run_take(args),
        QuizCommand::Grade(args) => run_grade(args),
    }
}

/// `60m`, `90s`, `1h30m`, `45` (minutes); `none` or `0` for no limit.
fn parse_duration(text: &str) -> Result<u64, Failure> {
    let bad = || Failure::input(format!("--time \"{text}\": expected a duration such as 60m, 90s, 1h30m or none"));
    let text = text.trim().to_ascii_lowercase();
    if text == "none" || text == "0" {
        return Ok(0);
    }
    if let Ok(minutes) = text.parse::<u64>() {
        return Ok(minutes * 60);
    }
    let mut total = 0u64;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let value: u64 = number.parse().map_err(|_| bad())?;
        number.clear();
        total += value
            * match c {
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => return Err(bad()),
            };
    }
    if !number.is_empty() || total == 0 {
        return Err(bad());
    }
    Ok(total)
}

fn stage_indices(quiz: &Quiz, ids: &[String]) -> Result<Vec<usize>, Failure> {
    let known: Vec<&str> = quiz.stages.iter().map(|s| s.id.as_str()).collect();
    ids.iter()
        .map(|id| {
            quiz.stage(id).ok_or_else(|| {
                let hint = match crate::toml_reader::closest(id, &known) {
                    Some(near) => format!("; did you mean \"{near}\"?"),
                    None => String::new(),
                };
                Failure::input(format!("--stage {id}: no such stage (stages: {}){hint}", known.join(", ")))
            })
        })
        .collect()
}

fn run_take(args: TakeArgs) -> Result<(), Failure> {
    let quiz = quiz::load_valid(&args.quiz)?;
    let resumed = match &args.output {
        Some(path) if path.exists() => Some(Attempt::read(&quiz, path)?),
        _ => None,
    };
    let mut attempt = match resumed {
        Some(attempt) => {
            if attempt.finished {
                println!("{} is a finished attempt; its results:", display(&args.output));
                print!("{}", take::end_screen(&quiz, &attempt));
                return Ok(());
            }
            println!(
                "Resuming {}: {} of {} answered (seed {}, {} mode).",
                display(&args.output),
                attempt.answered(),
                attempt.questions.len(),
                attempt.seed,
                mode_name(attempt.mode)
            );
            attempt
        }
        None => {
            let stages = stage_indices(&quiz, &args.stages)?;
            let wanted = args.questions.unwrap_or(quiz.exam.questions as usize);
            let seed = args.seed.unwrap_or_else(random_seed);
            let drawn = draw::draw(&quiz, &stages, wanted, seed).map_err(|e| Failure::input(e.to_string()))?;
            let time_limit = match (&args.time, args.mode) {
                (Some(text), _) => parse_duration(text)?,
                (None, Mode::Exam) => quiz.exam.seconds_for(drawn.len() as u32),
                (None, Mode::Study) => 0,
            };
            let mut attempt = Attempt::new(&quiz, drawn, args.mode, seed, time_limit);
            attempt.student = args.student.clone();
            if let Some(path) = &args.output {
                attempt.save(&quiz, path)?;
            }
            let limit = if time_limit > 0 { format!("{} minutes", time_limit.div_ceil(60)) } else { "none".into() };
            println!(
                "{}: {} questions, {} mode, time limit {limit}, pass mark {}. Seed {seed} (--seed {seed} draws the same \
                 questions).",
                quiz.meta.title,
                attempt.questions.len(),
                mode_name(args.mode),
                quiz.exam.pass_mark_for(attempt.questions.len() as u32)
            );
            println!("Answer with letters (B, or A,C), 'skip' to leave a question blank, 'quit' to stop.");
            attempt
        }
    };
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut stdout = std::io::stdout().lock();
    let echo = !std::io::stdin().is_terminal();
    take::run(&quiz, &mut attempt, &receiver, &mut stdout, args.output.as_deref(), echo)?;
    Ok(())
}

fn display(path: &Option<PathBuf>) -> String {
    path.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Study => "study",
        Mode::Exam => "exam",
    }
}

/// A seed from the clock, small enough to type back.
fn random_seed() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    (draw::SplitMix64::new(nanos as u64).next_u64()) % 1_000_000
}

fn run_grade(args: GradeArgs) -> Result<(), Failure> {
    let quiz = quiz::load_valid(&args.quiz)?;
    let students = sheets::read(&quiz, &args.sheets)?;
    let class = grade::grade(&quiz, &students);
    if let Some(path) = &args.json {
        write_atomically(path, report::json(&quiz, &class)?.as_bytes())?;
    }
    if let Some(path) = &args.output {
        write_atomically(path, report::html(&quiz, &class, args.templates.as_deref())?.as_bytes())?;
    }
    let passed = class.students.iter().filter(|s| s.passed).count();
    let flagged: Vec<_> = class.items.iter().filter(|i| !i.flags.is_empty()).collect();
    let mut text = String::new();
    if args.output.is_none() && args.json.is_none() {
        for s in &class.students {
            text.push_str(&format!(
                "{}\t{} / {}\t{}\n",
                s.name,
                s.score,
                s.asked,
                if s.passed { "pass" } else { "fail" }
            ));
        }
        for item in &flagged {
            let flags: Vec<&str> = item.flags.iter().map(|f| f.label()).collect();
            text.push_str(&format!("item {}: {}\n", quiz.questions[item.question].id, flags.join(", ")));
        }
    }
    text.push_str(&format!(
        "Graded {} student{} on {} items: {passed} passed; {} flagged.\n",
        class.students.len(),
        if class.students.len() == 1 { "" } else { "s" },
        class.items.len(),
        flagged.len()
    ));
    print!("{text}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("60m").ok(), Some(3600));
        assert_eq!(parse_duration("1h30m").ok(), Some(5400));
        assert_eq!(parse_duration("90s").ok(), Some(90));
        assert_eq!(parse_duration("45").ok(), Some(2700));
        assert_eq!(parse_duration("none").ok(), Some(0));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("m").is_err());
    }
}
