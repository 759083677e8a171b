#!/usr/bin/env python3
"""A wide answer sheet with N respondents for a questionnaire (deterministic), for benchmarks.

One row per respondent, one column per question id, plus Name/Role/Weight columns: the shape survey tools export.
Usage: scripts/gen_answers.py QUESTIONNAIRE_DIR_OR_FILE --respondents N --seed S -o FILE.csv
"""
import argparse
import os
import random
import tomllib

SCALES = {"yes-no": ["yes", "no"], "nplf": ["N", "P", "L", "F"], "0-4": ["0", "1", "2", "3", "4"]}


def questions(path):
    files = [os.path.join(path, f) for f in sorted(os.listdir(path)) if f.endswith(".toml")] if os.path.isdir(path) else [path]
    default, out = "nplf", []
    for f in files:
        doc = tomllib.load(open(f, "rb"))
        default = doc.get("questionnaire", {}).get("default_scale", default)
        out.extend(doc.get("question", []))
    return [(q["id"], q.get("scale", default)) for q in out]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("questionnaire")
    ap.add_argument("--respondents", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    qs = questions(a.questionnaire)
    roles = ["Service desk analyst", "Team lead", "Process owner", "IT manager", "Engineer"]
    with open(a.output, "w", newline="") as f:
        f.write(",".join(["Name", "Role", "Weight"] + [q for q, _ in qs]) + "\n")
        for i in range(a.respondents):
            cells = [f"Respondent {i + 1}", rng.choice(roles), rng.choice(["1", "1", "1", "2", "0.5"])]
            skill = rng.random()
            for _, scale in qs:
                r = rng.random()
                if r < 0.03:
                    cells.append("")
                elif r < 0.04:
                    cells.append("n/a")
                else:
                    options = SCALES[scale]
                    k = min(len(options) - 1, max(0, int((skill + rng.random() - 0.5) * len(options))))
                    cells.append(options[k] if scale != "yes-no" else options[1 - min(1, k)])
            f.write(",".join(cells) + "\n")


if __name__ == "__main__":
    main()
