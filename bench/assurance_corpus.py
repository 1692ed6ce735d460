#!/usr/bin/env python3
"""Generates a site of N audit returns to one 45-criterion framework, for the
benchmark: `python3 bench/assurance_corpus.py DIR [N]`. Deterministic: the same N
gives the same files."""
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
rng = random.Random(11)
os.makedirs(f"{out}/content/returns", exist_ok=True)
with open(f"{out}/site.yaml", "w") as f:
    f.write("title: Assurance benchmark\ndefault_visibility: public\n")
with open(f"{out}/content/_index.md", "w") as f:
    f.write("---\ntitle: Home\n---\n\n```audit-summary\nreturns/org-0000-2016.yaml\n```\n")

standards = [(str(s), [f"{s}.{c}" for c in range(1, 5 if s > 1 else 6)]) for s in range(1, 12)]
assert sum(len(c) for _, c in standards) == 45
lines = ["kind: framework", "id: s11", "title: Section 11", "scale:",
         "  - { value: 25, label: Not met, colour: red }",
         "  - { value: 50, label: Partially met, colour: blue }",
         "  - { value: 75, label: Mostly met, colour: amber }",
         "  - { value: 100, label: Fully met, colour: green }", "standards:"]
for sid, criteria in standards:
    lines += [f'  - id: "{sid}"', f"    title: Standard {sid}", "    criteria:"]
    for cid in criteria:
        lines += [f'      - id: "{cid}"', f"        text: Criterion {cid} is met.",
                  "        descriptors:", "          25: Not in place.", "          100: In place and reviewed."]
with open(f"{out}/content/s11.yaml", "w") as f:
    f.write("\n".join(lines) + "\n")

periods = ["2014", "2016"]
for i in range(n):
    period = periods[i % 2]
    org = f"Organisation {i // 2:04d}"
    results, actions = [], []
    for _, criteria in standards:
        for cid in criteria:
            grade = rng.choice([25, 50, 75, 100, 100])
            results.append(f'  - {{ criterion: "{cid}", grade: {grade}, evidence: [Policy, Minutes], comment: Reviewed in {period}. }}')
            if grade < 100:
                actions.append(f'  - {{ id: A{len(actions) + 1}, criterion: "{cid}", action: Improve {cid}., owner: Lead, due: {period}-12-31, status: {rng.choice(["open", "in-progress", "done"])} }}')
    text = [f"kind: audit", "framework: s11", f"organisation: {org}", f'period: "{period}"', "results:"] + results
    text += ["actions:"] + (actions or ["  []"])
    with open(f"{out}/content/returns/org-{i // 2:04d}-{period}.yaml", "w") as f:
        f.write("\n".join(text) + "\n")
