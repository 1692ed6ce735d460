#!/usr/bin/env python3
"""Generates a site of figures for the benchmark: a registry of N organisations in
N/50 partnerships, an indicator set of 10 indicators (every measure) with a quarter of
every organisation and indicator over five financial years (N × 10 × 20 rows, one CSV
per year), and a training dataset of N × 100 rows (25 per organisation and quarter of
2025-26): `python3 bench/figures_corpus.py DIR [N]`. The default N of 500 gives
100,000 observations and 50,000 training rows. Deterministic: the same N gives the
same files."""
import csv
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
rng = random.Random(19)
os.makedirs(f"{out}/content/figures", exist_ok=True)
with open(f"{out}/site.yaml", "w") as f:
    f.write("title: Figures benchmark\ndefault_visibility: public\n")
with open(f"{out}/content/_index.md", "w") as f:
    f.write("---\ntitle: Home\n---\n\n"
            "```indicators\nfigures/indicators.yaml\nindicators: [iha-20-days, contacts]\nperiod: 2025-26\n```\n\n"
            "```training\nfigures/training.yaml\nperiod: 2025-26 Q4\n```\n")

# The registry: every organisation has an ODS-like code and belongs to one partnership
# (50 members each). Some rows below name an organisation by its code or its name
# rather than its id, as a registry allows.
types = ["trust", "foundation trust", "icb", "police", "local authority", "school", "gp practice"]
partnerships = [(f"partnership-{p:02d}", f"Safeguarding Partnership {p:02d}") for p in range((n + 49) // 50)]
orgs = []
for i in range(n):
    orgs.append({"id": f"org-{i:04d}", "name": f"Organisation {i:04d} Health Services",
                 "ods": f"Y{i:04d}", "type": types[i % len(types)],
                 "partnership": partnerships[i // 50][0], "size": rng.choice([40, 200, 800, 3000, 9000])})
lines = ["kind: organisations", "title: Organisations", "visibility: public", "organisations:"]
for o in orgs:
    lines += [f"  - id: {o['id']}", f"    name: {o['name']}", f'    ods: "{o["ods"]}"',
              f"    type: {o['type']}", f"    partnerships: [{o['partnership']}]"]
lines.append("partnerships:")
lines += [f"  - {{ id: {pid}, name: {name} }}" for pid, name in partnerships]
with open(f"{out}/content/organisations.yaml", "w") as f:
    f.write("\n".join(lines) + "\n")


def written(o, row):
    """How a data row names its organisation: mostly the id, sometimes the code or name."""
    k = (int(o["id"][4:]) + row) % 20
    return o["ods"] if k == 7 else o["name"] if k == 13 else o["id"]


# Indicators: (id, title, unit, better, measure, target, amber).
indicators = [
    ("iha-20-days", "Initial health assessments within 20 working days", "percent", "higher", "ratio", 95, 85),
    ("rha-on-time", "Review health assessments on time", "percent", "higher", "ratio", 95, 85),
    ("icpc-15-days", "Initial conferences within 15 working days", "percent", "higher", "ratio", 90, 80),
    ("rapid-reviews", "Rapid reviews within 15 working days", "percent", "higher", "ratio", 100, 80),
    ("contacts", "Contacts to the front door", "count", "lower", "sum", None, None),
    ("lado-referrals", "Allegations referred to the LADO", "count", "higher", "sum", None, None),
    ("cp-plans", "Children on a child protection plan at quarter end", "count", "lower", "last", None, None),
    ("looked-after", "Children looked after at quarter end", "count", "lower", "last", 400, 450),
    ("strategy-days", "Working days from strategy discussion to conference", "days", "lower", "mean", 15, 18),
    ("caseload", "Average caseload per social worker", "number", "lower", "mean", 18, 22),
]
years = ["2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
lines = ["kind: indicators", "id: benchmark-kpis", "title: Benchmark indicators", "visibility: public",
         "data: [" + ", ".join(f"indicators-{y}.csv" for y in years) + "]", "indicators:"]
for iid, title, unit, better, measure, target, amber in indicators:
    lines += [f"  - id: {iid}", f"    title: {title}", f"    unit: {unit}", f"    better: {better}",
              f"    measure: {measure}"]
    if target is not None:
        lines += [f"    target: {target}", f"    amber: {amber}"]
    lines += [f"    definition: How {title.lower()} is counted, in a sentence.", "    owner: Head of Service"]
with open(f"{out}/content/figures/indicators.yaml", "w") as f:
    f.write("\n".join(lines) + "\n")

observations = 0
for year in years:
    with open(f"{out}/content/figures/indicators-{year}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["indicator", "organisation", "period", "numerator", "denominator", "value", "note"])
        for iid, _, unit, _, measure, _, _ in indicators:
            for o in orgs:
                for q in range(1, 5):
                    period = f"{year} Q{q}"
                    num = den = value = ""
                    if measure == "ratio":
                        # Rapid reviews are few: small counts, suppressed in public builds.
                        den = rng.randint(1, 6) if iid == "rapid-reviews" else max(1, o["size"] // 20 + rng.randint(-5, 5))
                        num = den - min(den, rng.choice([0, 0, 1, 2, den // 10, den // 5]))
                    elif unit == "count":
                        value = max(0, o["size"] // 10 + rng.randint(-30, 30)) if rng.random() > 0.02 else rng.randint(0, 4)
                    elif unit == "days":
                        value = f"{rng.uniform(9, 22):.1f}"
                    else:
                        value = f"{rng.uniform(12, 26):.2f}"
                    note = "Figure revised after validation, see the quarterly report." if observations % 997 == 0 else ""
                    w.writerow([iid, written(o, observations), period, num, den, value, note])
                    observations += 1

# Training: 25 (staff group, strand, level) rows per organisation and quarter.
strands = ["children", "adults", "prevent", "mental-capacity"]
levels = {"Board": ["board"], "Non-clinical": ["level-1", "level-2"], "Clinical": ["level-2", "level-3"],
          "Medical": ["level-3"], "Named and designated professionals": ["level-4", "level-5"]}
cohorts = [(g, s, lv) for g, lvs in levels.items() for s in strands for lv in lvs][:25]
with open(f"{out}/content/figures/training.yaml", "w") as f:
    f.write("kind: training\nid: benchmark-training\ntitle: Benchmark training compliance\n"
            "visibility: public\ndata: training-2025-26.csv\ntarget: 90\namber: 80\n"
            f"strands: [{', '.join(strands)}]\n")
rows = 0
with open(f"{out}/content/figures/training-2025-26.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["period", "organisation", "staff_group", "strand", "level", "eligible", "compliant", "target"])
    for q in range(1, 5):
        for o in orgs:
            for g, s, lv in cohorts:
                eligible = {"Board": 12, "Named and designated professionals": 3}.get(g, o["size"] // 4)
                eligible = max(0, eligible + rng.randint(-2, 2))
                compliant = eligible - min(eligible, int(eligible * rng.uniform(0, 0.25)))
                target = "95" if g == "Medical" else ""
                w.writerow([f"2025-26 Q{q}", written(o, rows), g, s, lv, eligible, compliant, target])
                rows += 1
print(f"{n} organisations, {len(partnerships)} partnerships, {observations} observations, {rows} training rows")
