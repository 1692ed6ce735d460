#!/usr/bin/env python3
"""A self-test of tests/independent/figures_check.py that needs no product: it proves
that the checker passes a correct output and fails a wrong one.

    python3 tests/independent/figures_selftest.py

1. A tiny site (two registered organisations, one ratio indicator with three CSV rows,
   a training set with three rows) and the indicators.json / indicators.csv and
   training.json / training.csv the product should write for it, by hand, for an
   internal and a public build (the arithmetic is in the comments). The checker must
   find 0 mismatches; then one value is changed, and it must report that value (file,
   expected, found). In the public build, a true count left in a download and a raw CSV
   data file copied to the output must each be reported too. A figures page written by
   hand (the text formats pinned in the comments) must pass figures_pages.py's check,
   and a figure changed on it, in a table and in a chart's <desc>, must be reported.
2. A round trip over the full fixture of figures_generate.py: the checker's own
   expectation is written out as downloads (render_downloads), which must pass, and a
   mutated copy must fail. This tests the plumbing (paths, CSV/JSON parsing, ordering,
   28-digit decimals), not the arithmetic, which part 1 pins by hand.

Exit status 0 when every assertion holds, 1 if not, 3 if PyYAML is missing.
"""
import decimal
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import figures_check as fc  # noqa: E402  (exits 3 without PyYAML)

FAILURES = []


def expect(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


# --- Part 1: three rows, by hand ---------------------------------------------------------

SITE = {
    "site.yaml": "title: Self-test\ndefault_visibility: public\n",
    "content/_index.md": "---\ntitle: Home\n---\n",
    "content/organisations.yaml": (
        "kind: organisations\norganisations:\n"
        '  - { id: a-trust, name: "A NHS Trust", ods: "RA1" }\n'
        '  - { id: b-council, name: "B Council" }\n'),
    "content/kpis.yaml": (
        "kind: indicators\nid: kpis\ntitle: KPIs\ndata: kpis.csv\nindicators:\n"
        "  - { id: iha, title: IHA on time, unit: percent, better: higher, measure: ratio, target: 95, amber: 85 }\n"),
    # A named by ODS code and by its name in another case and spacing; B by its id.
    "content/kpis.csv": (
        "indicator,organisation,period,numerator,denominator,note\n"
        "iha,RA1,2024-25 Q4,95,100,checked\n"
        "iha,a  nhs trust,2025-26 Q1,51,60,\n"
        "iha,b-council,2025-26 Q1,3,4,\n"),
    "content/training.yaml": (
        "kind: training\nid: training\ntitle: Training\ndata: training.csv\ntarget: 90\namber: 80\n"
        "strands: [children, adults]\n"),
    # Three rows: A (by ODS code, then by name in capitals) in two quarters, B once with
    # its own target; the staff group is first spelt `Nursing`, then `nursing`.
    "content/training.csv": (
        "period,organisation,staff_group,strand,level,eligible,compliant,target\n"
        "2025-26 Q1,RA1,Nursing,children,level-3,40,35,\n"
        "2025-26 Q1,b-council,nursing,adults,board,3,3,95\n"
        "2025-26 Q2,A NHS TRUST,Nursing,children,level-3,40,30,\n"),
}


def fig(org, name, period, year, value, num, den, periods, of, status, change, note=None):
    return {"organisation": org, "organisation_name": name, "period": period, "year": year,
            "value": value, "numerator": num, "denominator": den, "periods": periods, "of": of,
            "status": status, "change": change, "change_year": None, "note": note,
            "organisations": None}


# Internal build. Ratio value = num x 100 / den; status: >= 95 green, >= 85 amber, else red.
#   A 2024-25 Q4: 95 x 100 / 100 = 95, green; no 2024-25 Q3 or 2023-24 Q4: changes null.
#   A 2024-25 (year, 1 of 4 quarters): 95/100 = 95, green; no 2023-24: change null.
#   A 2025-26 Q1: 51 x 100 / 60 = 85 (on amber), amber; change 85 - 95 = -10 since
#     2024-25 Q4; no 2024-25 Q1: change_year null.
#   A 2025-26 (year): 85, amber; change since the 2024-25 year: -10.
#   B 2025-26 Q1: 3 x 100 / 4 = 75, red (no 2024-25 Q4: change null); its year the same.
#   Totals (two organisations; ratio adds): 2024-25 Q4 95/100 = 95 green, its year too;
#     2025-26 Q1 (51+3)/(60+4) = 54/64 = 84.375 red (below amber 85), change
#     84.375 - 95 = -10.625; its year the same, change since the 2024-25 total year -10.625.
INTERNAL = {
    "id": "kpis", "title": "KPIs", "audience": "internal", "suppress_below": 5, "period_kind": "quarter",
    "indicators": [{
        "id": "iha", "title": "IHA on time", "unit": "percent", "better": "higher", "measure": "ratio",
        "target": 95, "amber": 85, "definition": None, "owner": None,
        "figures": [
            fig("a-trust", "A NHS Trust", "2024-25 Q4", False, 95, 95, 100, None, None, "green", None, "checked"),
            fig("a-trust", "A NHS Trust", "2024-25", True, 95, 95, 100, 1, 4, "green", None),
            fig("a-trust", "A NHS Trust", "2025-26 Q1", False, 85, 51, 60, None, None, "amber", -10),
            fig("a-trust", "A NHS Trust", "2025-26", True, 85, 51, 60, 1, 4, "amber", -10),
            fig("b-council", "B Council", "2025-26 Q1", False, 75, 3, 4, None, None, "red", None),
            fig("b-council", "B Council", "2025-26", True, 75, 3, 4, 1, 4, "red", None),
            fig(None, None, "2024-25 Q4", False, 95, 95, 100, None, None, "green", None),
            fig(None, None, "2024-25", True, 95, 95, 100, 1, 4, "green", None),
            fig(None, None, "2025-26 Q1", False, 84.375, 54, 64, None, None, "red", None),
            fig(None, None, "2025-26", True, 84.375, 54, 64, 1, 4, "red", None),
        ]}]}
# A total says how many organisations made it, and is compared only with one made by the
# same: A alone made the 2024-25 totals, A and B the 2025-26 ones, so the 2025-26 totals
# have no change (B's first figures are not a fall of 10.625 points).
for _f, _n in zip(INTERNAL["indicators"][0]["figures"][6:], [1, 1, 2, 2]):
    _f["organisations"] = _n

# Public build, k = 5. Counts: 1..4 are `*` (null), else rounded to 5 (mod 5 of 3, 4 up).
# A percentage is whole, floor for `higher`, left out where num, den or den - num is 1..4.
#   A 2024-25 Q4: 95 -> 95, 100 -> 100, gap 5: shown 95, green. Its year the same.
#   A 2025-26 Q1: 51 -> 50, 60 -> 60, gap 9: shown floor(85) = 85, amber; change 85 - 95 = -10.
#   B 2025-26 Q1: 3 and 4 are `*`, so null; the percentage is left out: value and status null.
#   Totals 2025-26 Q1: 54 -> 55, 64 -> 65, gap 10: floor(84.375) = 84, red; change 84 - 95 = -11.
PUBLIC = json.loads(json.dumps(INTERNAL))
PUBLIC["audience"] = "public"
_pub = PUBLIC["indicators"][0]["figures"]
_pub[2].update(numerator=50)
_pub[3].update(numerator=50)
_pub[4].update(value=None, numerator=None, denominator=None, status=None)
_pub[5].update(value=None, numerator=None, denominator=None, status=None)
_pub[8].update(value=84, numerator=55, denominator=65)
_pub[9].update(value=84, numerator=55, denominator=65)


def tfig(period, org, strand, level, group, eligible, compliant, compliance, target, status, change):
    return {"period": period, "organisation": org,
            "organisation_name": {"a-trust": "A NHS Trust", "b-council": "B Council"}.get(org),
            "strand": strand, "level": level, "staff_group": group, "eligible": eligible,
            "compliant": compliant, "compliance": compliance, "target": target, "status": status,
            "change": change, "organisations": None}


Q1, Q2 = "2025-26 Q1", "2025-26 Q2"
# Internal build. compliance = compliant x 100 / eligible; target 90, amber 80, a row's own
# target wins; a total's target is its rows' common own target, else 90.
# 2025-26 Q1:
#   rows: A children level-3: 35/40 = 87.5, amber; B adults board: 3/3 = 100, own 95, green.
#   per organisation: A 87.5 amber (target 90); B 100 green (its one row gives 95).
#   per strand and level (strands order: children first): children level-3 87.5 amber;
#     adults board 100, target 95, green.
#   per organisation, strand and level: the same two as the rows.
#   per staff group: Nursing 43 eligible, 38 compliant: 3800/43 = 88.372093..., amber; its
#     rows give no target and 95, not one common target, so 90.
#   overall: the same as Nursing.
# 2025-26 Q2 (changes since Q1, the same figure):
#   row A children level-3: 30/40 = 75, red, change 75 - 87.5 = -12.5; the same for A's
#   organisation total, children level-3 and A children level-3.
#   Nursing and overall: 75, red, change 75 - 3800/43 = -575/43 = -13.372093...
TRAINING_INTERNAL = {
    "id": "training", "title": "Training", "audience": "internal", "suppress_below": 5,
    "target": 90, "amber": 80, "strands": ["children", "adults"],
    "figures": [
        tfig(Q1, "a-trust", "children", "level-3", "Nursing", 40, 35, 87.5, 90, "amber", None),
        tfig(Q1, "b-council", "adults", "board", "Nursing", 3, 3, 100, 95, "green", None),
        tfig(Q1, "a-trust", None, None, None, 40, 35, 87.5, 90, "amber", None),
        tfig(Q1, "b-council", None, None, None, 3, 3, 100, 95, "green", None),
        tfig(Q1, None, "children", "level-3", None, 40, 35, 87.5, 90, "amber", None),
        tfig(Q1, None, "adults", "board", None, 3, 3, 100, 95, "green", None),
        tfig(Q1, "a-trust", "children", "level-3", None, 40, 35, 87.5, 90, "amber", None),
        tfig(Q1, "b-council", "adults", "board", None, 3, 3, 100, 95, "green", None),
        tfig(Q1, None, None, None, "Nursing", 43, 38, 88.37209302325581395348837209, 90, "amber", None),
        tfig(Q1, None, None, None, None, 43, 38, 88.37209302325581395348837209, 90, "amber", None),
        tfig(Q2, "a-trust", "children", "level-3", "Nursing", 40, 30, 75, 90, "red", -12.5),
        tfig(Q2, "a-trust", None, None, None, 40, 30, 75, 90, "red", -12.5),
        tfig(Q2, None, "children", "level-3", None, 40, 30, 75, 90, "red", -12.5),
        tfig(Q2, "a-trust", "children", "level-3", None, 40, 30, 75, 90, "red", -12.5),
        tfig(Q2, None, None, None, "Nursing", 40, 30, 75, 90, "red", None),
        tfig(Q2, None, None, None, None, 40, 30, 75, 90, "red", None),
    ]}
# Totals over organisations say how many made them; Nursing and everyone in Q2 (A alone)
# are not compared with Q1 (A and B), so they have no change.
for _i, _n in [(4, 1), (5, 1), (8, 2), (9, 2), (12, 1), (14, 1), (15, 1)]:
    TRAINING_INTERNAL["figures"][_i]["organisations"] = _n
# Public build, k = 5: 40 -> 40, 35 -> 35 (gap 5): floor(87.5) = 87, amber. B's 3 and 3
# are `*` (null), so its compliance (and every total of B alone) is left out: null, status
# null, its target still 95. Nursing Q1: 43 -> 45, 38 -> 40, gap 5: floor(88.37) = 88,
# amber. Q2: 30/40 = 75 shown 75, red; change 75 - 87 = -12; Nursing 75 - 88 = -13.
TRAINING_PUBLIC = json.loads(json.dumps(TRAINING_INTERNAL))
TRAINING_PUBLIC["audience"] = "public"
for _f in TRAINING_PUBLIC["figures"]:
    if _f["compliance"] == 87.5:
        _f["compliance"] = 87
    if _f["eligible"] == 3:
        _f.update(eligible=None, compliant=None, compliance=None, status=None)
    if _f["eligible"] == 43:
        _f.update(eligible=45, compliant=40, compliance=88)
    if _f["change"] == -12.5:
        _f["change"] = -12
    if _f["change"] is not None and _f["change"] < -13:
        _f["change"] = -13


def training_csv_of(j):
    """training.csv for a hand-written training.json."""
    lines = [",".join(fc.TRAINING_CSV_HEADER)]
    for f in j["figures"]:
        lines.append(",".join("" if f.get(k) is None else str(f[k]) for k in fc.TRAINING_CSV_HEADER))
    return "\n".join(lines) + "\n"


def csv_of(j):
    """indicators.csv for a hand-written indicators.json (null empty, year true/false)."""
    lines = [",".join(fc.INDICATORS_CSV_HEADER)]
    for ind in j["indicators"]:
        for f in ind["figures"]:
            row = [ind["id"]]
            for key in fc.INDICATORS_CSV_HEADER[1:]:
                v = f.get(key)
                row.append("" if v is None else ("true" if v is True else "false" if v is False else str(v)))
            lines.append(",".join(row))
    return "\n".join(lines) + "\n"


def write_output(out, j, t):
    write(out, "kpis/indicators.json", json.dumps(j, indent=2))
    write(out, "kpis/indicators.csv", csv_of(j))
    write(out, "training/training.json", json.dumps(t, indent=2))
    write(out, "training/training.csv", training_csv_of(t))
    write(out, "index.html", "<html></html>")


# The indicators page of the internal build, by hand (figures-design "Showing figures").
# The headline is the total (ratio adds, two organisations): 2024-25 Q4 95% and its year
# (1 of 4 quarters) 95%; 2025-26 Q1 84.375 shown down to one decimal, 84.3%, red, and
# not compared with 2024-25 Q4, which A alone made: "Not comparable"; its year the same. By organisation (2, at most 20): each
# one's latest period and year. The spread in 2025-26 Q1: A amber (85 on the amber
# line), B red (75); none without a figure.
def row(period, value, num, den, status, change, change_year="–", year=False):
    words = {"green": "Meets target", "amber": "Below target", "red": "Well below target"}[status]
    head = f'Year {period} <span class="partial">(1 of 4 quarters)</span>' if year else f"<abbr>{period}</abbr>"
    return (f'<tr><th scope="row">{head}</th><td class="num">{value}</td><td class="num">{num}</td>'
            f'<td class="num">{den}</td><td><strong class="status status-{status}">{words}</strong></td>'
            f'<td class="num">{change}</td><td class="num">{change_year}</td></tr>')


PAGE_INTERNAL = (
    '<html><body><article>'
    '<section aria-labelledby="sg-summary"><table><caption id="sg-summary-caption">Latest</caption><tbody>'
    '<tr><th scope="row"><a href="#indicator-iha">IHA on time</a></th><td>2025-26 Q1</td>'
    '<td class="num">84.3%</td><td class="num">95%</td><td><strong>Well below target</strong></td>'
    '<td class="num">Not comparable</td></tr></tbody></table></section>'
    '<section class="indicator" aria-labelledby="indicator-iha"><h2 id="indicator-iha">IHA on time</h2>'
    '<figure><svg><desc>IHA on time for All 2 organisations together, by period: Q4 95%, Q1 84.3%. '
    'The target is 95%.</desc><text class="chart-point-label">95%</text>'
    '<text class="chart-point-label">84.3%</text></svg></figure>'
    '<table><caption id="sg-rows-iha-caption">IHA on time: All 2 organisations together, by quarter and year'
    '</caption><tbody>'
    + row("2024-25 Q4", "95%", "95", "100", "green", "–")
    + row("2024-25", "95%", "95", "100", "green", "–", year=True)
    + row("2025-26 Q1", "84.3%", "54", "64", "red", "Not comparable")
    + row("2025-26", "84.3%", "54", "64", "red", "Not comparable", year=True)
    + '</tbody></table>'
    '<table><caption id="sg-orgs-iha-caption">By organisation</caption><tbody>'
    '<tr><th><a href="x">A NHS Trust</a></th><td>2025-26 Q1</td><td>85%</td><td>Below target</td>'
    '<td>2025-26 (1 of 4 quarters)</td><td>85%</td><td>Below target</td></tr>'
    '<tr><th>B Council</th><td>2025-26 Q1</td><td>75%</td><td>Well below target</td>'
    '<td>2025-26 (1 of 4 quarters)</td><td>75%</td><td>Well below target</td></tr></tbody></table>'
    '<table><caption id="sg-spread-iha-caption">IHA on time: how the 2 organisations compare with the target in 2025-26 Q1</caption><tbody>'
    '<tr><th>Meets target</th><td>0</td></tr><tr><th>Below target</th><td>1</td></tr>'
    '<tr><th>Well below target</th><td>1</td></tr>'
    '<tr><th>No figure for this period, or left out</th><td>0</td></tr></tbody></table>'
    '</section></article></body></html>')


def held(caption_id, title, whose, training, rows):
    """A held-figures table as organisation.html writes it (partials/held-figures.html)."""
    cells = "".join(
        f'<tr><th scope="row"><a href="x">{r[0]}</a></th><td>{r[1]}</td>'
        + "".join(f'<td class="num">{v}</td>' for v in r[2:-2])
        + (f'<td><strong class="status">{r[-2]}</strong></td>' if r[-2] != "–" else "<td>–</td>")
        + f'<td class="num">{r[-1]}</td></tr>' for r in rows)
    return (f'<div class="table-wrap"><table class="figure-table"><caption id="{caption_id}">'
            f'<a href="x">{title}</a>: {whose}, latest period</caption><thead><tr><th>x</th></tr></thead>'
            f'<tbody>{cells}</tbody></table></div>')


def org_page(tables):
    return ('<html><body><article><section data-search-ignore aria-labelledby="sg-figures">'
            '<h2 id="sg-figures">Figures</h2>' + "".join(tables) + '</section></article></body></html>')


# Organisation pages (internal), by hand. A: IHA 2025-26 Q1 51/60 = 85% (on the amber
# line: Below target), change 85 - 95 = -10 points; training in its latest period Q2:
# 30 of 40 = 75% (under amber 80: Well below target), change 75 - 87.5 = -12.5 points, the
# one strand and level the same. B: IHA 3/4 = 75%, no previous; training 3 of 3 = 100%
# against its rows' own target 95 (the total's target is the common own target).
ORG_PAGES = {
    "organisations/a-trust/index.html": org_page([
        held("sg-figures-1-caption", "KPIs", "A NHS Trust", False,
             [("IHA on time", "2025-26 Q1", "85%", "95%", "Below target", "\u221210 points")]),
        held("sg-figures-2-caption", "Training", "A NHS Trust", True,
             [("All staff", "2025-26 Q2", "40", "30", "75%", "90%", "Well below target", "\u221212.5 points"),
              ("Children, level 3", "2025-26 Q2", "40", "30", "75%", "90%", "Well below target",
               "\u221212.5 points")])]),
    "organisations/b-council/index.html": org_page([
        held("sg-figures-1-caption", "KPIs", "B Council", False,
             [("IHA on time", "2025-26 Q1", "75%", "95%", "Well below target", "–")]),
        held("sg-figures-2-caption", "Training", "B Council", True,
             [("All staff", "2025-26 Q1", "3", "3", "100%", "95%", "Meets target", "–"),
              ("Adults, board", "2025-26 Q1", "3", "3", "100%", "95%", "Meets target", "–")])]),
}


def check_org_pages(site_dir, out):
    """figures_members' check of the organisation pages alone."""
    import figures_members as fm
    site = fc.Site(site_dir, "internal")
    c = fc.Checker(out, False)
    fm.check_members(c, site, fc)
    return c


def check_page(site_dir, out):
    """figures_pages' check of kpis/index.html alone (no training page is written)."""
    import figures_pages as fp
    site = fc.Site(site_dir, "internal")
    rel, doc = next((r, d) for r, d in site.datasets if d["kind"] == "indicators")
    c = fc.Checker(out, False)
    fp.check_indicator_page(c, site, fc, "kpis/index.html", fc.expected_indicators(site, rel, doc))
    return c


def part1():
    tmp = tempfile.mkdtemp()
    try:
        site = os.path.join(tmp, "site")
        for rel, text in SITE.items():
            write(site, rel, text)
        for audience, j, t in (("internal", INTERNAL, TRAINING_INTERNAL), ("public", PUBLIC, TRAINING_PUBLIC)):
            out = os.path.join(tmp, "out-" + audience)
            write_output(out, j, t)
            c = fc.run(site, out, audience)
            expect(not c.mismatches and c.checked > 100,
                   f"{audience}: the hand-written output passes ({c.checked} checked)"
                   + "".join("\n     " + m for m in c.mismatches))
            # One changed value in the JSON, one in the CSV.
            bad = json.loads(json.dumps(j))
            bad["indicators"][0]["figures"][8]["value"] = 84.4 if audience == "internal" else 85
            write(out, "kpis/indicators.json", json.dumps(bad))
            c = fc.run(site, out, audience)
            expect(len(c.mismatches) == 1 and "indicators.json" in c.mismatches[0]
                   and "total 2025-26 Q1 value" in c.mismatches[0],
                   f"{audience}: a changed total value is the one mismatch: {c.mismatches}")
            write_output(out, j, t)
            text = open(os.path.join(out, "kpis/indicators.csv"), encoding="utf-8").read()
            write(out, "kpis/indicators.csv", text.replace("2025-26 Q1,false,85,", "2025-26 Q1,false,86,", 1))
            c = fc.run(site, out, audience)
            expect(len(c.mismatches) == 1 and "indicators.csv: line 4" in c.mismatches[0]
                   and " value" in c.mismatches[0],
                   f"{audience}: a changed CSV value is the one mismatch: {c.mismatches}")
            write_output(out, j, t)
            # A status judged wrongly (amber on the amber line).
            bad = json.loads(json.dumps(j))
            bad["indicators"][0]["figures"][2]["status"] = "red"
            write(out, "kpis/indicators.json", json.dumps(bad))
            c = fc.run(site, out, audience)
            expect(any("a-trust 2025-26 Q1 status" in m for m in c.mismatches),
                   f"{audience}: a wrong status is reported: {c.mismatches}")
            write_output(out, j, t)
            # Training: the Nursing total of Q1 with the mean of its rows' compliance
            # ((87.5 + 100) / 2 = 93.75) instead of the compliance of its added counts.
            bad = json.loads(json.dumps(t))
            bad["figures"][8]["compliance"] = 93.75 if audience == "internal" else 93
            bad["figures"][8]["status"] = "green"
            write(out, "training/training.json", json.dumps(bad))
            c = fc.run(site, out, audience)
            expect(len(c.mismatches) == 2 and all("Nursing" in m for m in c.mismatches)
                   and any("compliance" in m for m in c.mismatches),
                   f"{audience}: an averaged training total is reported: {c.mismatches}")
            write_output(out, j, t)
        out = os.path.join(tmp, "out-public")
        # A true small count in a public download: B's numerator 3.
        bad = json.loads(json.dumps(PUBLIC))
        bad["indicators"][0]["figures"][4]["numerator"] = 3
        write(out, "kpis/indicators.json", json.dumps(bad))
        c = fc.run(site, out, "public")
        expect(any("public count" in m and "found 3" in m for m in c.mismatches)
               and any("b-council 2025-26 Q1 numerator" in m for m in c.mismatches),
               f"public: a true count 3 is reported by the comparison and the scan: {c.mismatches}")
        write_output(out, PUBLIC, TRAINING_PUBLIC)
        # The raw data file copied into the output, under another name.
        shutil.copy(os.path.join(site, "content/kpis.csv"), os.path.join(out, "kpis/data.txt"))
        c = fc.run(site, out, "public")
        expect(any("kpis/data.txt" in m and "raw data" in m for m in c.mismatches),
               f"public: a raw data file in the output is reported: {c.mismatches}")
        os.remove(os.path.join(out, "kpis/data.txt"))
        # scan_public_html, pending the markup: a count 3 under an `Eligible` column.
        write(out, "kpis/index.html", "<table><tr><th>Organisation</th><th>Eligible</th></tr>"
                                      "<tr><td>B</td><td>3</td></tr><tr><td>A</td><td>40</td></tr></table>"
                                      "<svg><text>2</text><text>95%</text></svg>")
        found = fc.scan_public_html(out, 5)
        expect(len(found) == 2 and found[0][2] == "3" and found[1][2] == "2",
               f"scan_public_html finds the count cell 3 and the SVG text 2: {found}")
        # The figures page, by hand: it passes; a figure changed on it is the one mismatch.
        out = os.path.join(tmp, "out-internal")
        write(out, "kpis/index.html", PAGE_INTERNAL)
        c = check_page(site, out)
        expect(not c.mismatches and c.checked >= 40,
               f"internal: the hand-written page passes ({c.checked} checked)"
               + "".join("\n     " + m for m in c.mismatches))
        write(out, "kpis/index.html", PAGE_INTERNAL.replace('<td class="num">84.3%</td>',
                                                            '<td class="num">84.4%</td>', 1))
        c = check_page(site, out)
        expect(len(c.mismatches) == 1 and "kpis/index.html: Latest figures: iha figure: expected '84.3%', "
               "found '84.4%'" in c.mismatches[0],
               f"internal: a figure changed on the page is the one mismatch: {c.mismatches}")
        write(out, "kpis/index.html", PAGE_INTERNAL.replace("Q1 84.3%.", "Q1 84.4%.", 1))
        c = check_page(site, out)
        expect(len(c.mismatches) == 1 and "chart <desc> 2025-26 Q1" in c.mismatches[0],
               f"internal: a figure changed in a chart's <desc> is the one mismatch: {c.mismatches}")
        # The organisation pages, by hand: they pass; a figure changed on one is the one
        # mismatch.
        for rel, text in ORG_PAGES.items():
            write(out, rel, text)
        c = check_org_pages(site, out)
        expect(not c.mismatches and c.checked >= 30,
               f"internal: the hand-written organisation pages pass ({c.checked} checked)"
               + "".join("\n     " + m for m in c.mismatches))
        a = "organisations/a-trust/index.html"
        write(out, a, ORG_PAGES[a].replace('<td class="num">85%</td>', '<td class="num">85.1%</td>', 1))
        c = check_org_pages(site, out)
        expect(len(c.mismatches) == 1 and "organisations/a-trust/index.html: Figures: KPIs: IHA on time figure: "
               "expected '85%', found '85.1%'" in c.mismatches[0],
               f"internal: a figure changed on an organisation page is the one mismatch: {c.mismatches}")
    finally:
        shutil.rmtree(tmp)


# --- Part 2: the full fixture, round trip ---------------------------------------------------

def decimal_text(v):
    """An exact Fraction as a decimal of up to 28 significant digits (as the product
    writes internal values), whole numbers without a point."""
    if v.denominator == 1:
        return str(v.numerator)
    with decimal.localcontext() as ctx:
        ctx.prec = 28
        d = decimal.Decimal(v.numerator) / decimal.Decimal(v.denominator)
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def dumps(obj):
    """JSON text in which every Fraction is written as an exact decimal number: each is
    first written as the string "#NUM:<decimal>" and then unquoted."""
    def mark(v):
        if isinstance(v, dict):
            # The checker's own working (`_cohort`, `_nc`) is not part of a download.
            return {k: mark(x) for k, x in v.items() if not k.startswith("_")}
        if isinstance(v, list):
            return [mark(x) for x in v]
        if isinstance(v, Fraction):
            return "#NUM:" + decimal_text(v)
        return v
    return re.sub(r'"#NUM:([-0-9.]+)"', r"\1", json.dumps(mark(obj), indent=1, ensure_ascii=False))


def csv_cell(v):
    if v is None:
        return ""
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, Fraction):
        return decimal_text(v)
    s = str(v)
    return '"' + s.replace('"', '""') + '"' if any(ch in s for ch in ',"\n') else s


def render_downloads(site, out, withheld_too=False):
    """Writes what the checker expects of every dataset the build publishes as its
    downloads (with `withheld_too`, also those of datasets it withholds)."""
    for rel, doc in site.datasets:
        if not site.published(doc) and not withheld_too:
            continue
        base = fc.output_dir(rel)
        if doc["kind"] == "indicators":
            exp = fc.expected_indicators(site, rel, doc)
            inds = [{k: v for k, v in i.items() if k != "_ind"} for i in exp["indicators"]]
            j = dict(exp, indicators=inds)
            lines = [",".join(fc.INDICATORS_CSV_HEADER)]
            for i in inds:
                for f in i["figures"]:
                    lines.append(",".join([csv_cell(i["id"])] + [csv_cell(f[k]) for k in fc.INDICATORS_CSV_HEADER[1:]]))
            name = "indicators"
        else:
            j = fc.expected_training(site, rel, doc)
            lines = [",".join(fc.TRAINING_CSV_HEADER)]
            for f in j["figures"]:
                lines.append(",".join(csv_cell(f[k]) for k in fc.TRAINING_CSV_HEADER))
            name = "training"
        write(out, f"{base}/{name}.json", dumps(j))
        write(out, f"{base}/{name}.csv", "\n".join(lines) + "\n")


def part2():
    tmp = tempfile.mkdtemp()
    try:
        site_dir = os.path.join(tmp, "site")
        subprocess.run([sys.executable, os.path.join(HERE, "figures_generate.py"), site_dir], check=True)
        for audience in ("internal", "public"):
            out = os.path.join(tmp, "out-" + audience)
            site = fc.Site(site_dir, audience)
            render_downloads(site, out)
            c = fc.run(site_dir, out, audience)
            expect(not c.mismatches and c.checked > 100_000,
                   f"{audience}: the fixture's rendered expectation passes ({c.checked} checked, "
                   f"{len(c.mismatches)} mismatches) {c.mismatches[:3]}")
            if audience == "public":
                leak = os.path.join(tmp, "out-leak")
                render_downloads(site, leak, withheld_too=True)
                c = fc.run(site_dir, leak, audience)
                expect(any("private-kpis/indicators.json: absent in a public build" in m for m in c.mismatches)
                       and any("private dataset content" in m for m in c.mismatches),
                       f"public: a private set's downloads and text are reported ({len(c.mismatches)} mismatches)")
            path = os.path.join(out, "figures/training/training.json")
            j = json.load(open(path, encoding="utf-8"))
            j["figures"][0]["eligible"] = (j["figures"][0]["eligible"] or 0) + 5
            write(out, "figures/training/training.json", json.dumps(j))
            c = fc.run(site_dir, out, audience)
            expect(len(c.mismatches) >= 1 and all("training.json" in m for m in c.mismatches),
                   f"{audience}: a changed eligible count in training.json is reported: {c.mismatches[:2]}")
    finally:
        shutil.rmtree(tmp)


def main():
    part1()
    part2()
    print(f"{len(FAILURES)} self-test failures")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
