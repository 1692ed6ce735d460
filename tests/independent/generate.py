#!/usr/bin/env python3
"""Generates a fixture site for the independent check of assurance figures
(tests/independent/check.py, run by tests/independent.rs).

    python3 tests/independent/generate.py DIR [--seed N] [--no-registry] [--no-versions]

Deterministic: the same seed and flags give the same files. The site has 60
organisations in a registry (content/organisations.yaml), two framework families, each
an older framework replaced by a later one (`replaces:` with split, merged, new,
dropped and renumbered criteria), a five-level framework on its own, a checklist of 250
criteria whose shares come near none and all, and returns for
four periods under content/returns/: the old frameworks in the first two periods, the
new ones in the last two. Between periods organisations are renamed, merge (one
three-way merger), stop making returns, or close; some returns are private; one is
graded on only three criteria.

--no-registry leaves out the registry (returns name organisations by name only, as
before registries existed); --no-versions leaves `replaces:` out of the later
frameworks. Both are for today's binary, which does not yet read either.

Every string is written JSON-quoted (valid YAML), so that `No`, `Yes`, `1.1` or
`2019-20` are read as text by any YAML reader; numbers are written as they are meant
to be read (`0.001`, `1.5`).
"""
import argparse
import itertools
import json
import os
import random
from fractions import Fraction

PERIODS = ["2019-20", "2020-21", "2022-23", "2024-25"]
AS_OF = "2026-11-22"


def q(s):
    """A YAML double-quoted scalar."""
    return json.dumps(s, ensure_ascii=False)


# --- Frameworks --------------------------------------------------------------------
# Each: id, title, scale [(value as written, label, colour)], standards
# [(id, title, [(criterion id, weight as written or None)])], and for a later version
# `replaces` (earlier id, {criterion here: criterion there | [merged ids] | None}).

SCALE_S11 = [("25", "Not met", "red"), ("50", "Partially met", "blue"),
             ("75", "Mostly met", "amber"), ("100", "Fully met", "green")]
SCALE_YES_NO = [("0", "No", "red"), ("1", "Yes", "green")]
SCALE_FIVE = [("1", "Not in place", "red"), ("2", "Planned", "amber"),
              ("3", "Partly in place", "yellow"), ("4", "In place", "blue"),
              ("5", "Embedded", "green")]

FRAMEWORKS = [
    {"id": "s11-2018", "title": "Section 11 self-assessment (Working Together 2018)",
     "scale": SCALE_S11,
     "standards": [
         ("1", "Leadership", [("1.1", None), ("1.2", "0.5"), ("1.3", "1.5"), ("1.4", None)]),
         ("2", "Policies", [("2.1", None), ("2.2", "0.001"), ("2.3", "2")]),
         ("3", "Training", [("3.1", None), ("3.2", "1.5"), ("3.3", None), ("3.4", "0.5")]),
         ("4", "Working with partners", [("4.1", None), ("4.2", "3")]),
     ]},
    {"id": "s11-2023", "title": "Section 11 self-assessment (Working Together 2023)",
     "scale": SCALE_S11,
     "standards": [
         ("1", "Leadership", [("1.1", None), ("1.2", "0.5"), ("1.3", "1.5"), ("1.4", None), ("1.5", None)]),
         ("2", "Policies", [("2.1", "2"), ("2.2", "0.001"), ("2.3", None)]),
         ("3", "Training", [("3.1", None), ("3.2", "1.5"), ("3.3", "0.5")]),
         ("4", "Working with partners", [("4.1", None), ("4.2", None), ("4.3", "3")]),
         ("5", "Hearing children", [("5.1", None)]),
     ],
     # 1.1, 3.1, 4.1: not in the map, the same id there. 1.3 and 1.4: 1.3 split in
     # two. 1.5: 1.4 renumbered. 2.1: 2.1 and 2.2 merged. 2.2: 2.3 renumbered. 2.3 and
     # 4.2: new. 3.3: 3.4 renumbered (3.3 there is dropped). 4.3: 4.2 renumbered. 5.1:
     # not in the map and no 5.1 there, so nothing to compare with.
     "replaces": ("s11-2018", {"1.2": "1.2", "1.3": "1.3", "1.4": "1.3", "1.5": "1.4",
                               "2.1": ["2.1", "2.2"], "2.2": "2.3", "2.3": None,
                               "3.2": "3.2", "3.3": "3.4", "4.2": None, "4.3": "4.2"})},
    {"id": "prevent-2019", "title": "Prevent duty self-assessment 2019",
     "scale": SCALE_YES_NO,
     "standards": [
         ("P", "Partnership", [("P1", None), ("P2", "0.5"), ("P3", "1.5")]),
         ("Q", "Training", [("Q1", None), ("Q2", "0.001"), ("Q3", None)]),
     ]},
    {"id": "prevent-2024", "title": "Prevent duty self-assessment 2024",
     "scale": SCALE_YES_NO,
     "standards": [
         ("P", "Partnership", [("P1", None), ("P2", "1.5"), ("P3", None)]),
         ("Q", "Training", [("Q1", None), ("Q2", "0.001"), ("Q3", "0.5")]),
         ("R", "Reporting", [("R1", None)]),
     ],
     # P1, Q1: same id. P2: P2 and P3 merged. P3, R1: new. Q2 and Q3: Q3 split in two
     # (Q2 there is dropped).
     "replaces": ("prevent-2019", {"P2": ["P2", "P3"], "P3": None, "Q2": "Q3", "Q3": "Q3",
                                   "R1": None})},
    # Five levels; weights that binary floating point cannot hold exactly.
    {"id": "mca", "title": "Mental Capacity Act compliance",
     "scale": SCALE_FIVE,
     "standards": [("M", "Mental capacity", [("M1", "0.1"), ("M2", "0.2"), ("M3", "0.7"), ("M4", None)])]},
]
FW = {f["id"]: f for f in FRAMEWORKS}
# Which framework a family uses in each period.
FAMILIES = {"s11": ["s11-2018", "s11-2018", "s11-2023", "s11-2023"],
            "prevent": ["prevent-2019", "prevent-2019", "prevent-2024", "prevent-2024"],
            "mca": [None, None, "mca", "mca"]}


def write_framework(fw, versions):
    lines = ["kind: framework", f"id: {q(fw['id'])}", f"title: {q(fw['title'])}"]
    if versions and "replaces" in fw:
        old, mapping = fw["replaces"]
        lines += ["replaces:", f"  framework: {q(old)}", "  map:"]
        for here, there in mapping.items():
            if there is None:
                v = "~"
            elif isinstance(there, list):
                v = "[" + ", ".join(q(t) for t in there) + "]"
            else:
                v = q(there)
            lines.append(f"    {q(here)}: {v}")
    lines.append("scale:")
    for value, label, colour in fw["scale"]:
        lines.append(f"  - {{ value: {value}, label: {q(label)}, colour: {colour} }}")
    lines.append("standards:")
    for sid, title, criteria in fw["standards"]:
        lines += [f"  - id: {q(sid)}", f"    title: {q(title)}", "    criteria:"]
        for cid, weight in criteria:
            w = f", weight: {weight}" if weight is not None else ""
            lines.append(f"      - {{ id: {q(cid)}, text: {q('Criterion ' + cid + ' is in place.')}{w} }}")
    return "\n".join(lines) + "\n"


# --- Organisations -------------------------------------------------------------------
# Each: id, name, optional ods/type/established/closed/predecessors/partnerships, and
# for the generator only: `active` (indices of the periods it makes returns in),
# `families`, `private` (indices of periods whose returns are private).

def organisations(rng):
    orgs = []

    def add(id, name, active, families=("s11", "prevent"), **kw):
        o = {"id": id, "name": name, "active": list(active), "families": list(families),
             "private": kw.pop("private", [])}
        o.update(kw)
        orgs.append(o)
        return o

    # A rename across framework versions: Oldbury CCG (old framework) becomes Oldbury
    # Place (new framework); one predecessor, so its 2022-23 return is compared with
    # Oldbury CCG's 2020-21 return through the map.
    add("oldbury-ccg", "NHS Oldbury CCG", [0, 1], ods="05X", type="ccg", closed="2022-06-30")
    add("oldbury-place", "Oldbury Place Partnership", [2, 3], ods="QOP", type="icb",
        established="2022-07-01", predecessors=["oldbury-ccg"])
    # A rename within the old framework.
    add("hillside-trust", "Hillside NHS Trust", [0], ods="RH1", type="trust", closed="2020-09-30")
    add("hillside-care-trust", "Hillside Care NHS Trust", [1, 2, 3], ods="RH2", type="trust",
        established="2020-10-01", predecessors=["hillside-trust"])
    # A two-way merger across versions.
    add("north-ccg", "NHS North Borough CCG", [0, 1], ods="06N", type="ccg", closed="2022-06-30")
    add("south-ccg", "NHS South Borough CCG", [0, 1], type="ccg", closed="2022-06-30")
    add("borough-icb", "NHS Borough Integrated Care Board", [2, 3], ods="QBR", type="icb",
        established="2022-07-01", predecessors=["north-ccg", "south-ccg"])
    # A three-way merger within the new framework.
    add("east-police", "East Shire Police", [0, 1, 2], type="police", closed="2024-03-31")
    add("west-police", "West Shire Police", [0, 1, 2], type="police", closed="2024-03-31")
    add("central-police", "Central Shire Police", [0, 1, 2], type="police", closed="2024-03-31")
    add("tri-shire-police", "Tri-Shire Police", [3], type="police",
        established="2024-04-01", predecessors=["east-police", "west-police", "central-police"])
    # A successor that made no return: Vale Health compares, through Vale Interim
    # Trust (no returns), with Vale Trust's 2020-21 return to the old framework.
    add("vale-trust", "Vale NHS Trust", [0, 1], ods="RV1", type="trust", closed="2021-09-30")
    add("vale-interim", "Vale Interim NHS Trust", [], ods="RV2", type="trust",
        established="2021-10-01", closed="2024-03-31", predecessors=["vale-trust"])
    add("vale-health", "Vale Health NHS Foundation Trust", [3], ods="RV3", type="trust",
        established="2024-04-01", predecessors=["vale-interim"])
    # Stops making returns, with no successor and not closed: missing in 2022-23.
    add("riverside-school", "Riverside Academy", [0, 1], type="school")
    # Closed with no successor: missing in 2024-25.
    add("old-mill-hospice", "Old Mill Children's Hospice", [0, 1, 2], type="hospice", closed="2024-01-31")
    # Every return private: nothing of it may appear in a public build.
    add("confidential-unit", "Confidential Secure Unit", [0, 1, 2, 3], type="secure unit",
        private=[0, 1, 2, 3])
    # One private return: in a public build it is missing in 2020-21, and its 2022-23
    # return compares with 2019-20.
    add("harbour-trust", "Harbour NHS Foundation Trust", [0, 1, 2, 3], ods="RHB", type="trust",
        private=[1])
    # Joins in 2022-23: nothing to compare with.
    add("new-academy", "Northfield New Academy", [2, 3], families=("s11",), type="school",
        established="2022-09-01")
    # Graded on only three criteria in 2022-23 (the rest not applicable).
    add("tiny-practice", "Tiny Lane Surgery", [0, 1, 2, 3], families=("s11",), ods="M81", type="gp")

    kinds = ["trust", "local authority", "police", "school", "gp", "charity"]
    places = ["Ashford", "Bramley", "Carlton", "Dunmore", "Elmswell", "Fairford", "Greyfriars",
              "Holbeck", "Ingleby", "Jarrow", "Kelham", "Langley", "Marston", "Newby",
              "Ormsby", "Pelham", "Quarry Bank", "Redhill", "Selby", "Thornton", "Upton",
              "Verwood", "Whitby", "Yarm", "Zouch", "Acton", "Brinton", "Cowley", "Denby",
              "Epworth", "Foxton", "Garston", "Hatton", "Ilford", "Kirkby", "Ludham",
              "Morley", "Nailsea", "Oakley", "Padstow"]
    i = 0
    while len(orgs) < 60:
        place = places[i]
        kind = kinds[i % len(kinds)]
        fams = ["s11"] + (["prevent"] if i % 2 == 0 else []) + (["mca"] if i % 4 == 1 else [])
        extra = {}
        if i % 3 != 2:
            extra["ods"] = f"R{i:02d}"
        private = [p for p in range(4) if rng.random() < 0.06]
        add(f"{place.lower().replace(' ', '-')}-{kind.replace(' ', '-')}",
            f"{place} {kind.title() if kind != 'gp' else 'Medical Practice'}",
            [0, 1, 2, 3], families=fams, type=kind, private=private, **extra)
        i += 1
    # Partnerships: every third organisation in one, some in two.
    for n, o in enumerate(orgs):
        ps = [["shire-sp", "vale-sp", "borough-sp"][n % 3]] if n % 4 != 3 else []
        if n % 7 == 0:
            ps.append("children-board")
        if ps:
            o["partnerships"] = sorted(set(ps))
    return orgs


PARTNERSHIPS = [("shire-sp", "Shire Safeguarding Partnership"),
                ("vale-sp", "Vale Safeguarding Children Partnership"),
                ("borough-sp", "Borough Safeguarding Together"),
                ("children-board", "Regional Children's Board")]


def write_registry(orgs):
    lines = ["kind: organisations", "organisations:"]
    for o in orgs:
        lines += [f"  - id: {o['id']}", f"    name: {q(o['name'])}"]
        for key in ("ods", "type", "established", "closed"):
            if key in o:
                v = o[key] if key in ("established", "closed") else q(o[key])
                lines.append(f"    {key}: {v}")
        for key in ("predecessors", "partnerships"):
            if o.get(key):
                lines.append(f"    {key}: [{', '.join(o[key])}]")
    lines.append("partnerships:")
    for pid, name in PARTNERSHIPS:
        lines.append(f"  - {{ id: {pid}, name: {q(name)} }}")
    return "\n".join(lines) + "\n"


# --- Returns ---------------------------------------------------------------------------

def edge_grades():
    """Grades for the five-level framework (weights 0.1, 0.2, 0.7, 1) whose exact score
    sits on a level, or on a tenth, while a naive floating-point sum falls just below
    it: a score of exactly 3 is "Partly in place" and shown 3.0, not 2.9."""
    ws = ["0.1", "0.2", "0.7", "1"]
    on_level = on_tenth = None
    for gs in itertools.product(range(1, 6), repeat=4):
        exact = sum(Fraction(w) * g for w, g in zip(ws, gs)) / sum(Fraction(w) for w in ws)
        naive = sum(float(w) * g for w, g in zip(ws, gs)) / sum(float(w) for w in ws)
        if naive < exact and exact.denominator == 1 and on_level is None:
            on_level = gs
        if naive < exact and (exact * 10).denominator == 1 and exact.denominator != 1 and on_tenth is None:
            on_tenth = gs
    return on_level, on_tenth


def due_dates(period_index):
    """Due dates for a period's actions; the last period's fall either side of the
    as-of date (2026-11-22), including the day before and the day itself."""
    if period_index == 3:
        return ["2025-12-31", "2026-06-30", "2026-11-21", "2026-11-22", "2026-11-23", "2027-03-31"]
    y = 2020 + period_index + (1 if period_index >= 2 else 0)
    return [f"{y}-12-31", f"{y + 1}-06-30", f"{y + 1}-03-31"]


def write_return(rng, fw, org, pidx, registry, private, token, few=False, fixed=None):
    period = PERIODS[pidx]
    scale = fw["scale"]
    # How the return names its organisation: by id, name or ODS code (by name only
    # without a registry).
    if registry:
        ways = ["id", "name"] + (["ods"] if "ods" in org else [])
        named = org[rng.choice(ways)]
    else:
        named = org["name"]
    lines = ["kind: audit", f"framework: {q(fw['id'])}", f"organisation: {q(named)}",
             f"period: {q(period)}", f"submitted: {2020 + pidx + (1 if pidx >= 2 else 0)}-06-15",
             f"completed_by: {q('Designated nurse')}"]
    if rng.random() < 0.3:
        lines.append(f"moderated_by: {q('Partnership panel')}")
    if private:
        lines.append("visibility: private")
    results, actions = [], []
    criteria = [c for _, _, cs in fw["standards"] for c in cs]
    graded_few = set(rng.sample([c for c, _ in criteria], 3)) if few else None
    for n, (cid, _) in enumerate(criteria):
        if few and cid not in graded_few:
            results.append(f"  - {{ criterion: {q(cid)}, not_applicable: {q('Not a provider of this service')} }}")
            continue
        if fixed is None and not few and rng.random() < 0.07:
            results.append(f"  - {{ criterion: {q(cid)}, not_applicable: {q('Not commissioned here')} }}")
            continue
        level = fixed[n] - 1 if fixed is not None else rng.choice(
            list(range(len(scale))) + [len(scale) - 1])
        value, label, _ = scale[level]
        # A grade is written as the scale's value or its label.
        item = f"criterion: {q(cid)}, grade: " + (q(label) if rng.random() < 0.25 else value)
        effective = level
        if fixed is None and rng.random() < 0.2:
            # Moderation: half confirm the grade, half change it by a level.
            if rng.random() < 0.5:
                m = level
            else:
                m = max(0, min(len(scale) - 1, level + rng.choice([-1, 1])))
            mv, ml, _ = scale[m]
            item += ", moderated: " + (q(ml) if rng.random() < 0.3 else mv)
            effective = m
        if private and n == 0:
            item += f", comment: {q(token + ' comment')}"
        results.append("  - { " + item + " }")
        if effective < len(scale) - 1 and rng.random() < 0.85:
            status = rng.choice(["open", "in-progress", "done"])
            due = rng.choice(due_dates(pidx))
            text = f"Improve {cid}." + (f" {token} action." if private else "")
            actions.append(f"  - {{ id: {q('A' + str(len(actions) + 1))}, criterion: {q(cid)}, "
                           f"action: {q(text)}, owner: {q('Safeguarding lead')}, due: {due}, status: {status} }}")
    lines += ["results:"] + results
    lines += ["actions:"] + (actions or ["  []"])
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--no-registry", action="store_true", help="no content/organisations.yaml")
    ap.add_argument("--no-versions", action="store_true", help="no `replaces:` in frameworks")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    registry = not args.no_registry
    out = args.dir

    def write(rel, text):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    write("site.yaml", "title: Independent check fixture\ndefault_visibility: public\n")
    write("content/_index.md", "---\ntitle: Home\n---\n\nAssurance returns for the independent check.\n")
    for fw in FRAMEWORKS:
        write(f"content/frameworks/{fw['id']}.yaml", write_framework(fw, not args.no_versions))
    orgs = organisations(rng)
    assert len(orgs) == 60
    if registry:
        write("content/organisations.yaml", write_registry(orgs))

    on_level, on_tenth = edge_grades()
    mca_orgs = [o for o in orgs if "mca" in o["families"]]
    edge = {(mca_orgs[0]["id"], 2): on_level, (mca_orgs[1]["id"], 2): on_tenth}
    tokens = 0
    for o in orgs:
        for pidx in o["active"]:
            for family in o["families"]:
                fid = FAMILIES[family][pidx]
                if fid is None:
                    continue
                private = pidx in o["private"]
                tokens += private
                token = f"PRIVATE-TOKEN-{tokens:03d}"
                few = o["id"] == "tiny-practice" and pidx == 2 and family == "s11"
                text = write_return(rng, FW[fid], o, pidx, registry, private, token,
                                    few=few, fixed=edge.get((o["id"], pidx)) if family == "mca" else None)
                write(f"content/returns/{fid}/{PERIODS[pidx]}/{o['id']}.yaml", text)

    # A checklist of 250 criteria on a two-level scale, with one return a period (none
    # drawn at random, so the rest stays as it was): one No of 250 is 0.4%, shown `<1%`,
    # and its Yes 99.6%, `>99%` (neither none nor all); two No are 0.8%, shown `1%`.
    wide = {"id": "wide", "title": "Wide checklist", "scale": SCALE_YES_NO,
            "standards": [("W", "Everything", [(f"W{i}", None) for i in range(1, 251)])]}
    write("content/frameworks/wide.yaml", write_framework(wide, False))
    tiny = next(o for o in orgs if o["id"] == "tiny-practice")
    for pidx, low in ((2, 1), (3, 2)):
        lines = ["kind: audit", 'framework: "wide"',
                 f"organisation: {q(tiny['id'] if registry else tiny['name'])}",
                 f"period: {q(PERIODS[pidx])}", "submitted: 2024-06-15", f"completed_by: {q('Practice manager')}",
                 "results:"]
        lines += [f"  - {{ criterion: \"W{i}\", grade: {0 if i <= low else 1} }}" for i in range(1, 251)]
        lines += ["actions:", "  []"]
        write(f"content/returns/wide/{PERIODS[pidx]}/tiny-practice.yaml", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
