#!/usr/bin/env python3
"""Generate a class answer sheet (a row per student, a column per question id) for benchmarking `quiz grade`.

Each student has an ability; each answer is right with that probability, otherwise a random wrong option, and
about 2 % of cells are left blank. Usage: gen_quiz_class.py QUIZ.toml --students N --questions 40 --seed 1 -o OUT.csv
"""
import argparse
import csv
import random
import tomllib

parser = argparse.ArgumentParser()
parser.add_argument("quiz")
parser.add_argument("--students", type=int, default=10000)
parser.add_argument("--questions", type=int, default=40)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("-o", "--output", required=True)
args = parser.parse_args()

rng = random.Random(args.seed)
with open(args.quiz, "rb") as f:
    quiz = tomllib.load(f)
by_stage = {}
for q in quiz["question"]:
    by_stage.setdefault(q["stage"], []).append(q)
stages = list(by_stage)
chosen = []
while len(chosen) < args.questions:
    for s in stages:
        pool = [q for q in by_stage[s] if q not in chosen]
        if pool and len(chosen) < args.questions:
            chosen.append(rng.choice(pool))
letters = "ABCDEFGH"
with open(args.output, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["Timestamp", "Name"] + [q["id"] for q in chosen])
    for i in range(args.students):
        ability = rng.betavariate(5, 3)
        row = ["2026-03-01 09:00", f"Student {i + 1:05d}"]
        for q in chosen:
            n = len(q["options"])
            if rng.random() < 0.02:
                row.append("")
            elif rng.random() < ability:
                row.append(",".join(q["correct"]))
            else:
                wrong = [letters[k] for k in range(n) if letters[k] not in q["correct"]]
                row.append(rng.choice(wrong))
        w.writerow(row)
