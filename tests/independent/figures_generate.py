#!/usr/bin/env python3
"""Generates a fixture site for the independent check of indicator and training figures
(tests/independent/figures_check.py), written from SPEC.md ("Indicators", "Training
compliance", "Small numbers in public builds", "Organisations and partnerships") and
figures-design.md, not from the product's code.

    python3 tests/independent/figures_generate.py SITE_DIR [--seed N] [--suppress-below K]

Deterministic: the same seed and flags give the same files. The site has:

- site.yaml (`default_visibility: public`; `statistics: {suppress_below: K}` only with
  --suppress-below, otherwise the default 5 applies);
- content/organisations.yaml: a registry of 40 organisations and two partnerships;
- content/figures/kpis.yaml (`kind: indicators`, quarters of 2023-24 .. 2025-26, data in
  kpis-a.csv and kpis-b.csv with different column orders, the first with a `note`
  column): 14 indicators covering every unit and measure, both directions, with and
  without target and amber, for 30 organisations with missing quarters, missing years
  and missing organisations; values exactly on target and on amber, counts 0 and 1..4,
  numerators equal to their denominators, numerators 0;
- content/figures/monthly.yaml (months 2024-04 .. 2026-03) and content/figures/yearly.yaml
  (years 2021-22 .. 2025-26), three indicators each;
- content/figures/single.yaml: a set of one organisation (no totals: its figures are the
  headline of each page section), with notes, changes of 0 and below 0.05, a value of
  exactly 1 day, counts above 1,000 and small ones, and negative numbers;
- content/figures/private-kpis.yaml: a `visibility: private` set whose text carries
  PRIVATE-FIGURES-TOKEN-N marks, withheld from a public build;
- content/figures/training.yaml (`kind: training`, four quarters 2024-25 Q3 .. 2025-26
  Q2, about 5000 rows): organisations, four strands, levels board .. level-5, staff
  groups written in several spellings, rows with their own target (some totals with a
  common one), small counts, compliant = eligible, compliant 0 and eligible 0;
- content/figures/training-small.yaml: three organisations by hand (a table of them on
  the page rather than the spread), eligible 0, small counts, a row's own target.

Organisation cells name an organisation by its registry id, its registered name (in
another case or with doubled spaces) or its ODS code; staff groups are spelled first as
the canonical spelling, later also in other cases or with doubled spaces.

Readings (where the contract leaves a choice, this generator avoids depending on it):
- Names are matched ignoring case and runs of spaces; the variants written here (case,
  a doubled inner space) match under either "collapse spaces" or "drop spaces".
- eligible 0 is allowed (figures-design: "compliance ... null when eligible is 0");
  it is written with compliant 0.
- Row targets are never below the dataset's amber, so no status depends on how a row
  target under amber would be read.
"""
import argparse
import json
import os
import random

STRANDS = ["children", "adults", "prevent", "mental-capacity"]
LEVELS = ["board", "level-1", "level-2", "level-3", "level-4", "level-5"]
STAFF_GROUPS = ["Admin and Clerical", "Allied Health Professionals", "Healthcare Assistants",
                "Medical and Dental", "Nursing and Midwifery", "Social Workers"]
PLACES = ["Ashford", "Bramley", "Carlton", "Dunmore", "Elmswell", "Fairford", "Greyfriars",
          "Holbeck", "Ingleby", "Jarrow", "Kelham", "Langley", "Marston", "Newby", "Ormsby",
          "Pelham", "Quarry Bank", "Redhill", "Selby", "Thornton", "Upton", "Verwood",
          "Whitby", "Yarm", "Zouch", "Acton", "Brinton", "Cowley", "Denby", "Epworth",
          "Foxton", "Garston", "Hatton", "Ilford", "Kirkby", "Ludham", "Morley", "Nailsea"]
KINDS = ["trust", "council", "police", "school", "practice"]
PARTNERSHIPS = [("shire-sp", "Shire Safeguarding Partnership"),
                ("vale-sp", "Vale Safeguarding Children Partnership")]


def q(s):
    """A YAML double-quoted scalar."""
    return json.dumps(s, ensure_ascii=False)


def csv_cell(s):
    """A CSV cell, quoted where it holds a comma, a quote or spaces at its ends."""
    s = str(s)
    if any(ch in s for ch in ',"\n') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_text(header, rows):
    """CSV text with a header; each row a dict (missing keys are empty cells)."""
    lines = [",".join(header)]
    for r in rows:
        lines.append(",".join(csv_cell(r.get(h, "")) for h in header))
    return "\n".join(lines) + "\n"


# --- The registry ----------------------------------------------------------------------

def organisations():
    """40 organisations: 38 from PLACES x KINDS, plus one whose name holds a comma and one
    with an apostrophe. About two in three have an ODS code."""
    orgs = []
    for i, place in enumerate(PLACES):
        kind = KINDS[i % len(KINDS)]
        o = {"id": f"{place.lower().replace(' ', '-')}-{kind}",
             "name": f"{place} {'NHS Trust' if kind == 'trust' else kind.title()}",
             "type": kind}
        if i % 3 != 2:
            o["ods"] = f"R{i:02d}" if i % 5 else f"0{i:02d}"
        orgs.append(o)
    orgs.append({"id": "dudley-walsall-trust", "name": "Dudley, Walsall and Sandwell NHS Trust",
                 "ods": "RDW", "type": "trust"})
    orgs.append({"id": "st-marys-hospice", "name": "St Mary's Children's Hospice", "type": "hospice"})
    for n, o in enumerate(orgs):
        if n % 3 == 0:
            o["partnerships"] = ["shire-sp"]
        elif n % 3 == 1 and n % 2 == 0:
            o["partnerships"] = ["vale-sp"]
    return orgs


def write_registry(orgs):
    lines = ["kind: organisations", "organisations:"]
    for o in orgs:
        lines += [f"  - id: {o['id']}", f"    name: {q(o['name'])}"]
        for key in ("ods", "type"):
            if key in o:
                lines.append(f"    {key}: {q(o[key])}")
        if o.get("partnerships"):
            lines.append(f"    partnerships: [{', '.join(o['partnerships'])}]")
    lines.append("partnerships:")
    for pid, name in PARTNERSHIPS:
        lines.append(f"  - {{ id: {pid}, name: {q(name)} }}")
    return "\n".join(lines) + "\n"


def written_name(rng, org):
    """How a data row names an organisation: its id, its name (as registered, upper or
    lower case, or with a doubled inner space), or its ODS code."""
    ways = ["id", "name", "name-case", "name-space"] + (["ods", "ods"] if "ods" in org else [])
    way = rng.choice(ways)
    if way == "id":
        return org["id"]
    if way == "ods":
        return org["ods"]
    name = org["name"]
    if way == "name-case":
        return name.upper() if rng.random() < 0.5 else name.lower()
    if way == "name-space":
        return name.replace(" ", "  ", 1)
    return name


# --- Indicators --------------------------------------------------------------------------

# id, title, unit, better, measure, target, amber (as written, None = absent)
QUARTERLY = [
    ("iha-20-days", "Initial health assessments within 20 working days", "percent", "higher", "ratio", "95", "85"),
    ("rha-on-time", "Review health assessments on time", "percent", "higher", "ratio", "90", None),
    ("repeat-referrals", "Re-referrals within 12 months", "percent", "lower", "ratio", "10", "15"),
    ("contacts-screened", "Contacts screened within a day", "percent", "higher", "ratio", None, None),
    ("referrals", "Referrals to children's social care", "count", "higher", "sum", None, None),
    ("strategy-meetings", "Strategy meetings held", "count", "higher", "sum", "20", "10"),
    ("open-cases", "Open child protection cases", "count", "lower", "last", "50", "80"),
    ("care-leavers-in-touch", "Care leavers in touch", "count", "higher", "last", "12", None),
    ("caseload", "Average caseload per worker", "number", "lower", "mean", "18", "22"),
    ("audit-grade", "Case audit grade", "number", "higher", "last", "3", None),
    ("training-hours", "Training hours delivered", "number", "higher", "sum", None, None),
    ("days-to-assessment", "Days from referral to assessment", "days", "lower", "mean", "10", "15"),
    ("days-to-conference", "Days to initial conference", "days", "lower", "last", "15", None),
    ("satisfaction", "Families satisfied with the service", "percent", "higher", "mean", "80", "70"),
    ("supervision", "Staff with supervision in the quarter", "percent", "higher", "last", None, None),
]
MONTHLY = [
    ("mash-in-24h", "MASH decisions within 24 hours", "percent", "higher", "ratio", "95", "90"),
    ("missing-episodes", "Missing episodes", "count", "lower", "sum", "30", "40"),
    ("days-to-visit", "Days to first visit", "days", "lower", "mean", "5", "7"),
]
YEARLY = [
    ("annual-reviews", "Annual reviews completed", "percent", "higher", "ratio", "90", "80"),
    ("section-47", "Section 47 enquiries", "count", "higher", "last", None, None),
    ("lado-days", "Days to close a LADO referral", "days", "lower", "mean", "12", None),
]


def write_indicator_set(set_id, title, data, indicators, visibility=None):
    lines = ["kind: indicators", f"id: {q(set_id)}", f"title: {q(title)}"]
    if visibility:
        lines.append(f"visibility: {visibility}")
    if isinstance(data, list):
        lines.append("data: [" + ", ".join(q(d) for d in data) + "]")
    else:
        lines.append(f"data: {q(data)}")
    lines.append("indicators:")
    for n, (iid, ititle, unit, better, measure, target, amber) in enumerate(indicators):
        lines += [f"  - id: {q(iid)}", f"    title: {q(ititle)}", f"    unit: {unit}",
                  f"    better: {better}", f"    measure: {measure}"]
        if target is not None:
            lines.append(f"    target: {target}")
        if amber is not None:
            lines.append(f"    amber: {amber}")
        if n % 2 == 0:
            lines.append(f"    definition: {q('How ' + ititle.lower() + ' is counted.')}")
        if n % 3 == 0:
            lines.append(f"    owner: {q('Designated Nurse')}")
    return "\n".join(lines) + "\n"


def quarters(first_year, years):
    return [f"{y}-{(y + 1) % 100:02d} Q{n}" for y in range(first_year, first_year + years) for n in range(1, 5)]


def months(first_year, years):
    out = []
    for y in range(first_year, first_year + years):
        out += [f"{y}-{m:02d}" for m in range(4, 13)] + [f"{y + 1}-{m:02d}" for m in range(1, 4)]
    return out


def fy_of(period):
    """The financial year a period belongs to: a quarter `2025-26 Q1` and a year
    `2025-26` by their first seven letters; a month `2026-03` (April..December of y in
    y-(y+1), January..March in (y-1)-y). The generator writes no year whose second part
    could be a month (such as 2011-12)."""
    if " Q" in period:
        return period[:7]
    y, m = int(period[:4]), int(period[5:])
    if m > 12:
        return period
    return f"{y}-{(y + 1) % 100:02d}" if m >= 4 else f"{y - 1}-{y % 100:02d}"


def decimal(rng, low, high, places):
    """A decimal between low and high written with up to `places` decimals."""
    v = rng.uniform(low, high)
    s = f"{v:.{places}f}"
    return s.rstrip("0").rstrip(".") if "." in s and rng.random() < 0.5 else s


def observation(rng, ind, forced=None):
    """One observation of an indicator: {'value': text} or {'numerator', 'denominator'}.
    `forced` picks an edge case: 'target', 'amber', 'all', 'none', 'small', 'zero',
    'small-gap'."""
    iid, _, unit, better, measure, target, amber = ind
    if measure == "ratio":
        if forced in ("target", "amber") and (target if forced == "target" else amber):
            pct = int((target if forced == "target" else amber))
            den = 20 * rng.randint(1, 8)  # pct * den / 100 is whole for whole percents
            return {"numerator": str(pct * den // 100), "denominator": str(den)}
        if forced == "all":
            den = rng.choice([1, 3, 7, 40, 120])
            return {"numerator": str(den), "denominator": str(den)}
        if forced == "none":
            return {"numerator": "0", "denominator": str(rng.choice([2, 5, 9, 60]))}
        if forced == "small":
            den = rng.randint(1, 4)
            return {"numerator": str(rng.randint(0, den)), "denominator": str(den)}
        if forced == "small-gap":
            den = rng.randint(10, 90)
            return {"numerator": str(den - rng.randint(1, 4)), "denominator": str(den)}
        den = rng.choice([rng.randint(5, 40), rng.randint(20, 300)])
        low = 0.6 if better == "higher" else 0.0
        high = 1.0 if better == "higher" else 0.3
        num = min(den, max(0, round(den * rng.uniform(low, high))))
        return {"numerator": str(num), "denominator": str(den)}
    if forced in ("target", "amber") and (target if forced == "target" else amber):
        v = target if forced == "target" else amber
        if unit != "count" and rng.random() < 0.5:
            v = v + ".0"
        return {"value": v}
    if unit == "count":
        if forced == "zero":
            return {"value": "0"}
        if forced == "small":
            return {"value": str(rng.randint(1, 4))}
        return {"value": str(rng.choice([rng.randint(0, 30), rng.randint(5, 120)]))}
    if unit == "percent":
        if forced == "zero":
            return {"value": "0"}
        if forced == "all":
            return {"value": "100"}
        return {"value": decimal(rng, 55, 100, 2)}
    if unit == "days":
        return {"value": decimal(rng, 2, 25, 2)}
    if iid == "audit-grade":
        return {"value": decimal(rng, 1, 4, 1)}
    return {"value": decimal(rng, 5, 30, 3)}


def indicator_rows(rng, indicators, orgs, periods, gap=0.1, drop_years=True):
    """Rows for a set: each indicator uses most of `orgs`; each organisation has a span
    of years (some start late or stop early) and misses some periods at random. The
    first cells of each indicator are edge cases."""
    rows = []
    years = sorted({fy_of(p) for p in periods})
    edges = ["target", "amber", "all", "none", "small", "zero", "small-gap", "small", "target"]
    for ind in indicators:
        chosen = [o for o in orgs if rng.random() < 0.85]
        queue = list(edges)
        for n, o in enumerate(chosen):
            span = set(years)
            if drop_years and n % 7 == 3:
                span.discard(years[0])
            if drop_years and n % 11 == 5:
                span.discard(years[-1])
            for p in periods:
                if fy_of(p) not in span or rng.random() < gap:
                    continue
                forced = queue.pop(0) if queue and rng.random() < 0.3 else None
                if forced is None and rng.random() < 0.04:
                    forced = rng.choice(edges)
                row = {"indicator": ind[0], "organisation": written_name(rng, o), "period": p}
                row.update(observation(rng, ind, forced))
                if rng.random() < 0.05:
                    row["note"] = rng.choice(["Late return, figure estimated", "Includes \"out of area\" children",
                                              "Validated by the panel"])
                rows.append(row)
    return rows


# --- Training ----------------------------------------------------------------------------

def staff_group_spelling(rng, group, seen):
    """The canonical spelling the first time a group appears, then sometimes another."""
    if group not in seen:
        seen.add(group)
        return group
    r = rng.random()
    if r < 0.1:
        return group.upper()
    if r < 0.2:
        return group.lower()
    if r < 0.3:
        return group.replace(" ", "  ", 1)
    return group


def training_rows(rng, orgs, periods):
    rows = []
    seen = set()
    plan = {}
    for n, o in enumerate(orgs):
        levels = sorted(rng.sample(LEVELS, rng.randint(2, 5)), key=LEVELS.index)
        groups = sorted(rng.sample(STAFF_GROUPS, rng.randint(3, 5)))
        plan[o["id"]] = (levels, groups)
    for pi, period in enumerate(periods):
        for n, o in enumerate(orgs):
            levels, groups = plan[o["id"]]
            for strand in STRANDS:
                for level in levels:
                    for group in groups:
                        if rng.random() < 0.04:
                            continue
                        r = rng.random()
                        if r < 0.08:
                            eligible = rng.randint(1, 4)
                        elif r < 0.4:
                            eligible = rng.randint(5, 30)
                        else:
                            eligible = rng.randint(20, 400)
                        r = rng.random()
                        if r < 0.01:
                            eligible = 0
                        if eligible == 0 or r < 0.04:
                            compliant = 0
                        elif r < 0.10:
                            compliant = eligible
                        elif r < 0.16:
                            compliant = max(0, eligible - rng.randint(1, 4))
                        else:
                            compliant = min(eligible, round(eligible * rng.uniform(0.6, 1.0)))
                        row = {"period": period, "organisation": written_name(rng, o),
                               "staff_group": staff_group_spelling(rng, group, seen),
                               "strand": strand, "level": level,
                               "eligible": str(eligible), "compliant": str(compliant)}
                        # Own targets: every board row of mental-capacity (so its totals
                        # by strand and level have the common target 85), every row of
                        # one organisation in one period (95), and a few at random.
                        if strand == "mental-capacity" and level == "board":
                            row["target"] = "85"
                        elif n == 2 and pi == 1:
                            row["target"] = "95"
                        elif rng.random() < 0.03:
                            row["target"] = rng.choice(["85", "95", "100", "92.5"])
                        rows.append(row)
    rng.shuffle(rows)
    # Canonical spellings first in file order: the first row of each group is rewritten.
    first = set()
    for r in rows:
        canon = next(g for g in STAFF_GROUPS if " ".join(g.split()).lower() == " ".join(r["staff_group"].split()).lower())
        if canon not in first:
            first.add(canon)
            r["staff_group"] = canon
    return rows


def write_training(data):
    return "\n".join([
        "kind: training", 'id: "safeguarding-training"', 'title: "Safeguarding training compliance"',
        f"data: {q(data)}", "target: 90", "amber: 80",
        "strands: [" + ", ".join(STRANDS) + "]"]) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--suppress-below", type=int, default=None,
                    help="write statistics: {suppress_below: K} to site.yaml")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = args.dir

    def write(rel, text):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)

    site = "title: Figures check fixture\ndefault_visibility: public\n"
    if args.suppress_below is not None:
        site += f"statistics:\n  suppress_below: {args.suppress_below}\n"
    write("site.yaml", site)
    write("content/_index.md", "---\ntitle: Home\n---\n\nIndicator and training figures for the independent check.\n")
    orgs = organisations()
    write("content/organisations.yaml", write_registry(orgs))

    # Quarterly: 30 organisations (the rest have no figures), three financial years.
    active = orgs[:28] + orgs[-2:]
    rows = indicator_rows(rng, QUARTERLY, active, quarters(2023, 3))
    a = [r for r in rows if r["period"] < "2025-26" or rng.random() < 0.2]
    b = [r for r in rows if r not in a]
    for r in b:
        r.pop("note", None)
    write("content/figures/kpis.yaml", write_indicator_set(
        "partnership-kpis", "Partnership performance indicators", ["kpis-a.csv", "kpis-b.csv"], QUARTERLY))
    write("content/figures/kpis-a.csv", csv_text(
        ["indicator", "organisation", "period", "value", "numerator", "denominator", "note"], a))
    write("content/figures/kpis-b.csv", csv_text(
        ["period", "organisation", "indicator", "numerator", "denominator", "value"], b))

    monthly_orgs = rng.sample(active, 10)
    rows = indicator_rows(rng, MONTHLY, monthly_orgs, months(2024, 2), gap=0.15)
    write("content/figures/monthly.yaml", write_indicator_set(
        "monthly-kpis", "Monthly indicators", "monthly.csv", MONTHLY))
    write("content/figures/monthly.csv", csv_text(
        ["indicator", "organisation", "period", "numerator", "denominator", "value", "note"], rows))

    yearly_orgs = rng.sample(active, 8)
    rows = indicator_rows(rng, YEARLY, yearly_orgs, [f"{y}-{(y + 1) % 100:02d}" for y in range(2021, 2026)],
                          gap=0.15, drop_years=False)
    write("content/figures/yearly.yaml", write_indicator_set(
        "yearly-kpis", "Yearly indicators", ["yearly.csv"], YEARLY))
    write("content/figures/yearly.csv", csv_text(
        ["organisation", "indicator", "period", "value", "numerator", "denominator"], rows))

    # A private set: withheld from a public build, with every trace of it (its title,
    # indicator titles, notes) marked PRIVATE-FIGURES-TOKEN-N.
    private = [("exclusions", "PRIVATE-FIGURES-TOKEN-1 Exclusions", "count", "lower", "sum", "5", "8"),
               ("seclusion", "PRIVATE-FIGURES-TOKEN-2 Seclusion reviews", "percent", "higher", "ratio", "95", None)]
    rows = indicator_rows(rng, private, rng.sample(active, 5), quarters(2024, 2), drop_years=False)
    for n, r in enumerate(rows):
        if n % 4 == 0:
            r["note"] = f"PRIVATE-FIGURES-TOKEN-{3 + n}"
    write("content/figures/private-kpis.yaml", write_indicator_set(
        "private-kpis", "PRIVATE-FIGURES-TOKEN-0 Secure unit indicators", "private.csv", private,
        visibility="private"))
    write("content/figures/private.csv", csv_text(
        ["indicator", "organisation", "period", "value", "numerator", "denominator", "note"], rows))

    # A set of one organisation: its figures are the headline series of each indicator
    # (no totals), with notes, changes of exactly 0 and of less than 0.05, a value of
    # exactly 1 day, counts above 1,000 and small ones, and negative numbers.
    one = orgs[0]
    single = [("one-ratio", "Assessments on time (one organisation)", "percent", "higher", "ratio", "95", "85"),
              ("one-count", "Contacts (one organisation)", "count", "higher", "sum", "1000", None),
              ("one-days", "Days to respond (one organisation)", "days", "lower", "mean", "1", "2"),
              ("one-net", "Net change in caseload (one organisation)", "number", "lower", "last", None, None)]
    cells = {
        "one-ratio": [("19", "20"), ("38", "40"), ("57", "60"), ("2", "3"), ("0", "7"), ("997", "1000"),
                      ("1000", "1000"), ("1999", "2000")],
        "one-count": ["1234", "1234", "3", "0", "12345", "998", "1002", "1000"],
        "one-days": ["1", "1.02", "1.04", "0.95", "1.05", "2", "2.01", "1"],
        "one-net": ["-2.5", "-2.54", "0", "3.25", "-0.04", "0.04", "-1", "1"],
    }
    rows = []
    for iid, values in cells.items():
        for n, (p, v) in enumerate(zip(quarters(2024, 2), values)):
            row = {"indicator": iid, "organisation": one["name"], "period": p}
            if isinstance(v, tuple):
                row["numerator"], row["denominator"] = v
            else:
                row["value"] = v
            if n % 3 == 1:
                row["note"] = f"Note {n} on {iid}, with a comma"
            rows.append(row)
    write("content/figures/single.yaml", write_indicator_set(
        "single-organisation", "One organisation's indicators", "single.csv", single))
    write("content/figures/single.csv", csv_text(
        ["indicator", "organisation", "period", "value", "numerator", "denominator", "note"], rows))

    # A small training set (three organisations, so the page has a table of them), by
    # hand: eligible 0, small counts, compliant = eligible, a row's own target, and an
    # organisation missing from the first period.
    small = [("2025-26 Q1", 0, "Nursing", "children", "level-1", 40, 38, ""),
             ("2025-26 Q1", 0, "Nursing", "adults", "level-1", 3, 3, ""),
             ("2025-26 Q1", 1, "Medical", "children", "level-1", 0, 0, ""),
             ("2025-26 Q1", 1, "nursing", "children", "level-3", 12, 9, "95"),
             ("2025-26 Q2", 0, "Nursing", "children", "level-1", 41, 40, ""),
             ("2025-26 Q2", 0, "Nursing", "adults", "level-1", 4, 2, ""),
             ("2025-26 Q2", 1, "Medical", "children", "level-1", 1234, 1111, ""),
             ("2025-26 Q2", 1, "NURSING", "children", "level-3", 12, 12, "95"),
             ("2025-26 Q2", 2, "Medical", "adults", "level-3", 7, 6, "")]
    write("content/figures/training-small.yaml", "\n".join([
        "kind: training", 'id: "small-training"', 'title: "Training in three organisations"',
        'data: "training-small.csv"', "target: 90", "amber: 80", "strands: [children, adults]"]) + "\n")
    write("content/figures/training-small.csv", csv_text(
        ["period", "organisation", "staff_group", "strand", "level", "eligible", "compliant", "target"],
        [{"period": p, "organisation": orgs[o]["id"], "staff_group": g, "strand": st, "level": lv,
          "eligible": str(e), "compliant": str(cpl), "target": t} for p, o, g, st, lv, e, cpl, t in small]))

    # A public page embedding figures (SPEC "Embedding figures in a page"): indicators
    # for a financial year and for a quarter, training by organisation and by default.
    write("content/report.md", "\n".join([
        "---", "title: Figures report", "visibility: public", "---", "",
        "Indicators for a year.", "", "```indicators", "figures/kpis.yaml",
        "indicators: [iha-20-days, referrals, open-cases, caseload, days-to-conference]",
        "period: 2024-25", "```", "",
        "Indicators for a quarter.", "", "```indicators", "figures/kpis.yaml",
        "indicators: [repeat-referrals, strategy-meetings, care-leavers-in-touch, satisfaction]",
        "period: 2025-26 Q2", "```", "",
        "Training by organisation.", "", "```training", "figures/training.yaml", "by: organisation", "```", "",
        "Training.", "", "```training", "figures/training-small.yaml", "```", ""]))

    training_orgs = orgs[:25]
    rows = training_rows(rng, training_orgs, ["2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2"])
    write("content/figures/training.yaml", write_training("training.csv"))
    write("content/figures/training.csv", csv_text(
        ["period", "organisation", "staff_group", "strand", "level", "eligible", "compliant", "target"], rows))


if __name__ == "__main__":
    main()
