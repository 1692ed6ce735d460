#!/usr/bin/env python3
"""Generates a site of N training-module pages (headings, lists, a table, a code block,
links between pages) in 20 sections: `python3 bench/pages_corpus.py DIR [N]`.
Deterministic: the same N gives the same files."""
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
sections = 20
os.makedirs(f"{out}/content", exist_ok=True)
with open(f"{out}/site.yaml", "w") as f:
    f.write("title: Page benchmark\ndefault_visibility: public\n")
with open(f"{out}/content/_index.md", "w") as f:
    f.write("---\ntitle: Home\n---\n\nA generated course.\n")
with open(f"{out}/content/glossary.yaml", "w") as f:
    f.write("kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n  MASH: Multi-Agency Safeguarding Hub\n")
per = (n + sections - 1) // sections
for s in range(sections):
    d = f"{out}/content/section-{s:02d}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/_index.md", "w") as f:
        f.write(f"---\ntitle: Section {s}\n---\n\nModules of section {s}.\n")
    for i in range(per):
        k = s * per + i
        if k >= n:
            break
        nxt = (i + 1) % per
        with open(f"{d}/{i:04d}-module.md", "w") as f:
            f.write(f"""---
title: Module {k}
description: Generated module {k}.
type: module
level: level-2
duration_minutes: 20
learning_outcomes:
  - Explain point {k}.
questions:
  - question: Is this module {k}?
    options: [Yes, No]
    answer: 0
    explanation: It is.
---

## Introduction

The LSCB and the MASH work together on case {k}. See [the next module]({nxt:04d}-module.md#introduction).

- First point
- Second point with **bold** text
- Third point

## Details

| Measure | Value |
|---|---|
| Referrals | {k % 97} |
| Reviews | {k % 13} |

```yaml
module: {k}
section: {s}
```

## Summary

A closing paragraph for module {k}.
""")
