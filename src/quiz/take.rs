//! A quiz sitting in the terminal: ask each drawn question, read the answer line, save the attempt after every
//! answer, enforce the time limit, and end with the score, pass/fail, the score per stage and the weakest topics.
//!
//! Answers arrive as lines on a channel (a thread reads stdin), so the clock can run out while the student is
//! still thinking, and tests can feed lines and close the input half-way.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::error::Failure;

use super::attempt::{Attempt, Mode};
use super::grade::{self, Student, Tally};
use super::{Quiz, letter, letters, parse_choice};

/// How a sitting ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every question answered.
    Finished,
    /// The time limit ran out; unanswered questions count as wrong.
    TimeUp,
    /// The input closed or the student typed `quit`: the attempt can be resumed.
    Stopped,
}

/// How many weakest topics the end screen lists.
const WEAKEST_TOPICS: usize = 3;

/// Run (or resume) a sitting. `save_to` gets the attempt after every answer; `echo` repeats each answer line
/// after the prompt, for input that is not typed at a terminal (so the transcript reads as a dialogue).
pub fn run(
    quiz: &Quiz,
    attempt: &mut Attempt,
    input: &Receiver<String>,
    out: &mut dyn Write,
    save_to: Option<&Path>,
    echo: bool,
) -> Result<Ending, Failure> {
    let started = Instant::now();
    let base = attempt.elapsed_seconds;
    let limit = (attempt.time_limit_seconds > 0).then(|| Duration::from_secs(attempt.time_limit_seconds));
    let used = || Duration::from_secs(base) + started.elapsed();
    let save = |attempt: &Attempt| save_to.map_or(Ok(()), |path| attempt.save(quiz, path));
    let total = attempt.questions.len();

    while let Some(position) = attempt.next() {
        let remaining = limit.map(|l| l.saturating_sub(used()));
        if remaining == Some(Duration::ZERO) {
            return time_up(quiz, attempt, out, save_to, used());
        }
        let question = &quiz.questions[attempt.questions[position]];
        let mut text = format!("\nQuestion {} of {total} · {}", position + 1, quiz.stages[question.stage].name);
        if let Some(left) = remaining {
            text.push_str(&format!(" · {} left", clock(left)));
        }
        text.push_str(&format!("\n{}\n", question.text));
        for (i, option) in question.options.iter().enumerate() {
            text.push_str(&format!("  {}. {option}\n", letter(i)));
        }
        if question.picks() > 1 {
            text.push_str(&format!("Choose {}.\n", question.picks()));
        }
        say(out, &text)?;
        let choice = loop {
            say(out, "> ")?;
            let remaining = limit.map(|l| l.saturating_sub(used()));
            let line = match remaining {
                Some(left) => match input.recv_timeout(left) {
                    Ok(line) => Some(line),
                    Err(RecvTimeoutError::Timeout) => return time_up(quiz, attempt, out, save_to, used()),
                    Err(RecvTimeoutError::Disconnected) => None,
                },
                None => input.recv().ok(),
            };
            let Some(line) = line else {
                return stopped(attempt, out, save_to, "the input ended");
            };
            let line = line.trim();
            if echo {
                say(out, &format!("{line}\n"))?;
            }
            if line.eq_ignore_ascii_case("quit") {
                return stopped(attempt, out, save_to, "you stopped");
            }
            if limit.is_some_and(|l| used() >= l) {
                return time_up(quiz, attempt, out, save_to, used());
            }
            if line.eq_ignore_ascii_case("skip") {
                break 0;
            }
            match parse_choice(question, line) {
                Ok(0) => say(out, "Type the letter of your answer (e.g. B), 'skip' or 'quit'.\n")?,
                Ok(choice) if choice.count_ones() != question.picks() => {
                    say(out, &format!("Choose {} option{}.\n", question.picks(), plural(question.picks())))?
                }
                Ok(choice) => break choice,
                Err(message) => say(out, &format!("{message}\n"))?,
            }
        };
        attempt.answers[position] = Some(choice);
        attempt.elapsed_seconds = used().as_secs();
        attempt.finished = attempt.next().is_none();
        save(attempt)?;
        if attempt.mode == Mode::Study {
            say(out, &feedback(question.correct, choice, &question.explanation))?;
        }
    }
    attempt.finished = true;
    attempt.elapsed_seconds = attempt.elapsed_seconds.max(used().as_secs());
    save(attempt)?;
    say(out, &end_screen(quiz, attempt))?;
    Ok(Ending::Finished)
}

fn time_up(
    quiz: &Quiz,
    attempt: &mut Attempt,
    out: &mut dyn Write,
    save_to: Option<&Path>,
    used: Duration,
) -> Result<Ending, Failure> {
    attempt.finished = true;
    attempt.elapsed_seconds = used.as_secs().min(attempt.time_limit_seconds);
    if let Some(path) = save_to {
        attempt.save(quiz, path)?;
    }
    let missing = attempt.answers.iter().filter(|a| a.is_none()).count();
    say(out, &format!("\n\nTime is up: {missing} unanswered question{} count as wrong.\n", plural(missing as u32)))?;
    say(out, &end_screen(quiz, attempt))?;
    Ok(Ending::TimeUp)
}

fn stopped(attempt: &mut Attempt, out: &mut dyn Write, save_to: Option<&Path>, why: &str) -> Result<Ending, Failure> {
    let (done, total) = (attempt.answered(), attempt.questions.len());
    let note = match save_to {
        // Every answer is already saved; only the time of the unanswered question is not.
        Some(path) => format!("saved to {}: run the same command again to continue", path.display()),
        None => "not saved (give -o FILE to be able to resume)".to_string(),
    };
    say(out, &format!("\n\nStopped ({why}) after {done} of {total} questions; {note}.\n"))?;
    Ok(Ending::Stopped)
}

fn feedback(correct: u8, choice: u8, explanation: &str) -> String {
    let verdict = if choice == correct {
        "Correct.".to_string()
    } else if choice == 0 {
        format!("Skipped: the answer is {}.", letters(correct))
    } else {
        format!("Not quite: the answer is {}.", letters(correct))
    };
    format!("{verdict}\nWhy: {explanation}\n")
}

/// Score, pass/fail, per-stage scores, weakest topics; in exam mode, the missed questions with their explanation.
pub fn end_screen(quiz: &Quiz, attempt: &Attempt) -> String {
    let mut answers = vec![None; quiz.questions.len()];
    for (&q, a) in attempt.questions.iter().zip(&attempt.answers) {
        answers[q] = Some(a.unwrap_or(0));
    }
    let student = Student { name: String::new(), source: String::new(), answers };
    let class = grade::grade(quiz, std::slice::from_ref(&student));
    let result = &class.students[0];
    let verdict = if result.passed { "PASS" } else { "FAIL" };
    let mut text = format!(
        "\nScore: {} of {} ({}%): {verdict} (pass mark {})\n",
        result.score,
        result.asked,
        percent(Tally { correct: result.score, asked: result.asked }),
        result.pass_mark
    );
    if attempt.time_limit_seconds > 0 {
        let (used, limit) = (attempt.elapsed_seconds, attempt.time_limit_seconds);
        text.push_str(&format!(
            "Time used: {} of {}\n",
            clock(Duration::from_secs(used)),
            clock(Duration::from_secs(limit))
        ));
    }
    text.push_str("\nBy stage:\n");
    let width = quiz.stages.iter().map(|s| s.name.chars().count()).max().unwrap_or(0);
    for (stage, tally) in quiz.stages.iter().zip(&result.stages) {
        if tally.asked > 0 {
            text.push_str(&format!(
                "  {:width$}  {:>3} of {:<3} {:>3}%\n",
                stage.name,
                tally.correct,
                tally.asked,
                percent(*tally)
            ));
        }
    }
    let weak: Vec<_> = class.topics.iter().filter(|t| t.tally.correct < t.tally.asked).take(WEAKEST_TOPICS).collect();
    if !weak.is_empty() {
        text.push_str("\nWeakest topics:\n");
        for topic in weak {
            text.push_str(&format!("  {} ({} of {})\n", topic.topic, topic.tally.correct, topic.tally.asked));
        }
    }
    if attempt.mode == Mode::Exam {
        let missed: Vec<_> = attempt
            .questions
            .iter()
            .zip(&attempt.answers)
            .enumerate()
            .filter(|(_, (q, a))| a.unwrap_or(0) != quiz.questions[**q].correct)
            .collect();
        if !missed.is_empty() {
            text.push_str("\nReview of the questions missed:\n");
        }
        for (position, (&q, answer)) in missed {
            let question = &quiz.questions[q];
            let given = match answer {
                Some(0) => "skipped".to_string(),
                Some(choice) => format!("answered {}", letters(*choice)),
                None => "did not answer".to_string(),
            };
            text.push_str(&format!(
                "  {}. {} — {}\n     You {given}; the answer is {}. {}\n",
                position + 1,
                question.id,
                question.text,
                letters(question.correct),
                question.explanation
            ));
        }
    }
    text
}

/// Whole percent, half rounded up.
fn percent(tally: Tally) -> u64 {
    if tally.asked == 0 { 0 } else { (tally.correct * 200 + tally.asked) / (tally.asked * 2) }
}

/// `mm:ss`, or `h:mm:ss` from an hour.
fn clock(duration: Duration) -> String {
    let s = duration.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn say(out: &mut dyn Write, text: &str) -> Result<(), Failure> {
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| Failure::other(format!("cannot write: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_and_percentages() {
        assert_eq!(clock(Duration::from_secs(59 * 60 + 5)), "59:05");
        assert_eq!(clock(Duration::from_secs(3600 + 61)), "1:01:01");
        assert_eq!(percent(Tally { correct: 1, asked: 8 }), 13); // 12.5 rounds up
        assert_eq!(percent(Tally { correct: 26, asked: 40 }), 65);
    }
}
