#!/usr/bin/env python3
"""Generate the sample engagement's answer files (deterministic; the outputs are committed).

A fictional organisation, Acme Logistics IT, answers the itil-v3 questionnaire through three respondents with
different roles and formats: a TOML file, a long CSV from `itil-assess template`, and a filled XLSX template.
Answers follow a per-process 'true' maturity plus each respondent's bias and a deterministic jitter.
Three rounds: the baseline (answers/, March 2026) and two follow-ups six and twelve months later
(followup-2026-09/, followup-2027-03/), in which the organisation works on its weakest processes.
Usage: python3 examples/acme/generate.py   (needs openpyxl; builds itil-assess for its templates)
"""
import csv
import hashlib
import os
import subprocess
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
QDIR = os.path.join(ROOT, "questionnaires", "itil-v3")

# The organisation as an auditor would find it: operation fairly mature, strategy and CSI weak.
TRUE_MATURITY = {
    "strategy-management": 1.4, "service-portfolio": 1.8, "financial": 2.2, "demand": 1.2,
    "business-relationship": 1.9, "design-coordination": 1.6, "service-catalogue": 2.6, "service-level": 2.4,
    "availability": 2.0, "capacity": 1.7, "continuity": 2.1, "information-security": 2.9, "supplier": 2.3,
    "transition-planning": 1.8, "change": 3.1, "asset-configuration": 1.9, "release-deployment": 2.5,
    "validation-testing": 2.2, "change-evaluation": 1.5, "knowledge": 1.6, "event": 2.6, "incident": 3.4,
    "request-fulfilment": 3.0, "problem": 2.0, "access": 2.8, "service-desk": 3.5, "technical-management": 2.7,
    "it-operations": 2.9, "application-management": 2.4, "seven-step-improvement": 1.3,
}
# What changed after each round: index points added to the true maturity (negative: a regression).
ROUNDS = [
    ("answers", "", {}),
    ("followup-2026-09", "2026-09", {
        "seven-step-improvement": 0.9, "problem": 0.6, "change-evaluation": 0.6, "knowledge": 0.5,
        "service-level": 0.4, "incident": 0.2, "capacity": -0.5, "strategy-management": 0.3,
    }),
    ("followup-2027-03", "2027-03", {
        "seven-step-improvement": 1.6, "problem": 1.1, "change-evaluation": 1.0, "knowledge": 0.9,
        "service-level": 0.8, "incident": 0.3, "capacity": -0.2, "strategy-management": 0.7, "demand": 0.6,
        "service-portfolio": 0.5, "information-security": 0.4,
    }),
]
RESPONDENTS = [
    # name, role, weight, date, bias per stage (default 0), file
    ("Priya Shah", "Service desk lead", 1.0, "2026-03-02", {"operation": 0.25, "strategy": -0.3}, "1-service-desk-lead.toml"),
    ("Tomasz Nowak", "Change manager", 1.0, "2026-03-03", {"transition": 0.1, "design": -0.1}, "2-change-manager.csv"),
    ("Helen Carter", "IT director", 1.5, "2026-03-04", {"strategy": 0.5, "csi": 0.4, "design": 0.2}, "3-it-director.xlsx"),
]
COMMENTS = {
    ("Priya Shah", "IM-3-01"): "The process document exists but was last reviewed in 2023.",
    ("Priya Shah", "SD-4-01"): "We report first-contact resolution monthly; no targets yet.",
    ("Tomasz Nowak", "CHM-2-01"): "The CAB meets weekly; emergency changes skip it.",
    ("Helen Carter", "SGM-1-01"): "The IT strategy is a slide deck from the 2025 board retreat.",
}


def jitter(*key):
    """A deterministic number in [-0.5, 0.5) from the key."""
    digest = hashlib.sha256("/".join(key).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 - 0.5


def answer(scale, value):
    value = max(0.0, min(1.0, value))
    if scale == "yes-no":
        return "yes" if value >= 0.5 else "no"
    if scale == "0-4":
        return str(round(value * 4))
    return "NPLF"[round(value * 3)]


def load_questions():
    meta = tomllib.load(open(os.path.join(QDIR, "questionnaire.toml"), "rb"))
    default = meta["questionnaire"].get("default_scale", "nplf")
    stages, questions = {}, []
    for name in sorted(os.listdir(QDIR)):
        doc = tomllib.load(open(os.path.join(QDIR, name), "rb"))
        for p in doc.get("process", []):
            stages[p["id"]] = p["stage"]
        for q in doc.get("question", []):
            questions.append(dict(q, scale=q.get("scale", default)))
    return stages, questions


def answers_of(respondent, stages, questions, gains, round_key):
    name, _, _, _, bias, _ = respondent
    out = {}
    for q in questions:
        j = jitter(name, q["id"], round_key) if round_key else jitter(name, q["id"])
        if abs(j) > 0.485:  # about 3 % left blank: "don't know"
            continue
        m = TRUE_MATURITY[q["process"]] + gains.get(q["process"], 0.0) + bias.get(stages[q["process"]], 0.0)
        out[q["id"]] = answer(q["scale"], m + 1.0 - q["level"] + 0.9 * j)
    return out


def main():
    stages, questions = load_questions()
    os.makedirs(os.path.join(HERE, "answers"), exist_ok=True)
    binary = os.path.join(ROOT, "target", "release", "itil-assess")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    for folder, month, gains in ROUNDS:
        os.makedirs(os.path.join(HERE, folder), exist_ok=True)
        for r in RESPONDENTS:
            write_respondent(binary, folder, month, gains, r, stages, questions)


def write_respondent(binary, folder, month, gains, r, stages, questions):
    name, role, weight, date, _, file = r
    if month:
        date = f"{month}-{date[-2:]}"
    given = answers_of(r, stages, questions, gains, month)
    path = os.path.join(HERE, folder, file)
    comments = {qid: c for (who, qid), c in COMMENTS.items() if who == name}
    if file.endswith(".toml"):
        with open(path, "w") as f:
            f.write(f'[respondent]\nname = "{name}"\nrole = "{role}"\nweight = {weight}\ndate = {date}\n\n[answers]\n')
            for q in questions:
                if q["id"] in given:
                    f.write(f'{q["id"]} = "{given[q["id"]]}"\n')
            f.write("\n[comments]\n")
            for qid, c in comments.items():
                f.write(f'{qid} = "{c}"\n')
    elif file.endswith(".csv"):
        subprocess.run([binary, "template", QDIR, "-o", path], check=True, capture_output=True)
        rows = list(csv.reader(open(path, newline="")))
        rows[0][1], rows[1][1], rows[2][1], rows[3][1] = name, role, str(weight), date
        for row in rows[6:]:
            row[5] = given.get(row[0], "")
            row[6] = comments.get(row[0], "")
        with open(path, "w", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    else:
        import openpyxl
        subprocess.run([binary, "template", QDIR, "-o", path], check=True, capture_output=True)
        wb = openpyxl.load_workbook(path)
        ws = wb["Answers"]
        ws["B1"], ws["B2"], ws["B3"], ws["B4"] = name, role, weight, date
        for row in ws.iter_rows(min_row=7):
            qid = row[0].value
            row[5].value = given.get(qid)
            row[6].value = comments.get(qid)
        wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2026, 3, 4)
        wb.save(path)


if __name__ == "__main__":
    main()
