#!/usr/bin/env python3
"""An independent computation of every indicator and training figure, written from
SPEC.md ("Audiences", "Organisations and partnerships", "Indicators", "Training
compliance", "Small numbers in public builds") and figures-design.md alone, not from the
product's code, and compared with what `safeguard build` wrote.

    python3 tests/independent/figures_check.py SITE_DIR OUTPUT_DIR [--audience internal|public] [--html]

It reads site.yaml, the registry and every `kind: indicators` / `kind: training` document
under content/ with its CSV data, computes each figure exactly with fractions.Fraction
(period figures, year roll-ups with `periods`/`of`, totals over organisations where
figures add, status against target and amber in both directions, change since the
previous period and since the same period a year before; training rows and their five
kinds of totals; public suppression and rounding), and compares, field by field, with
DIR/STEM/indicators.json + indicators.csv and DIR/STEM/training.json + training.csv in
OUTPUT_DIR. Internal values are compared within a relative 1e-9 (the product writes a
repeating decimal to 28 significant digits); public values exactly.

In a public build it also reads every file of OUTPUT_DIR, byte for byte, and fails if any
raw CSV data file was published (same name, same bytes, or its header and a data line
together), and re-reads every download to fail on any count that is 1..4 (1..k-1) or not
a multiple of 5.

With --html, figures_pages.py also compares every figure shown on each figures page
(DIR/STEM/index.html: the "Latest figures" table, each indicator's headline table,
by-organisation table, spread and chart; the training tables and chart), as text, with
this computation, in both audiences; and in a public build `scan_public_html` scans,
best effort, table cells and SVG text of those pages for a count 1..k-1 or not rounded
to 5 (skipping the charts of indicators that are not counts). Its readings of the
markup and the text formats are in figures_pages.py. figures_members.py then compares
the other pages that show figures the same way: each organisation page's "Figures"
tables, each partnership page's "its members' figures added together" tables (the
members' totals recomputed here, `keep=` the members), and every block embedding
indicators or training figures in a content page.

Every mismatch is printed as `FILE: WHAT: expected X, found Y`; the last line is
`checked N figures, M mismatches`. Exit status: 1 if M > 0, 0 if not, 3 if PyYAML is
missing.

Readings (where the contract can be read more than one way; the natural reading taken):
- Registry matching: an id as written; a registered name ignoring case and runs of
  white space; an ODS code as written. (Product tests use case/space variants of names.)
- Totals need two or more organisations reporting the indicator (figures-design.md); the
  fixture never has an indicator with one.
- `periods` and `of` are null on period figures; `of` is 4 (quarters) or 12 (months).
- A total exists for a period (or year) only where at least one organisation has a
  figure for it. For `last` of counts, a total's period figure is the sum over the
  organisations that have that period; its year figure is the sum of the organisations'
  year figures (design says so explicitly), and its `periods` counts the year's periods
  in which any organisation has a figure.
- `note` is the CSV cell as written (an empty cell or no note column: null); totals and
  year figures have none.
- suppress_below 0 in a public build: every value is the true, unrounded one, exactly as
  in an internal build ("public shows true figures like internal"), compared within 1e-9.
- A dataset with `visibility: private` (or without one on a private-by-default site) is
  withheld from a public build: no page, no downloads, and none of its text anywhere.
- Public `number`/`days` values: one decimal, floor for `higher`, ceiling for `lower`.
- A training row's own target, and a total's common target, are what the row's `target`
  cell gives; a total over rows of which some give none takes the dataset's target.
- Training totals within one kind are ordered like the data rows (organisation id, strand
  in `strands` order, level in board..level-5 order, staff group by its first spelling).
- A staff group's key for matching is its text case-folded with white space removed;
  training `organisation_name` is the registry name (null for a total).
- Numbers in CSV downloads are parsed as decimals; `year` is `true`/`false`.
- Period kind: `YYYY-YY Qn` a quarter; `YYYY-YY` a year when YY is the next year's last
  two digits, else `YYYY-MM` a month (so `2011-12` reads as a year; the fixture avoids it).
- Values written in the data (`value`, a row `target`) are read as exact decimals.
"""
import argparse
import csv
import html
import json
import math
import os
import re
import sys
from fractions import Fraction

try:
    import yaml
except ImportError:
    print("figures_check.py needs PyYAML: python3 -m pip install pyyaml", file=sys.stderr)
    sys.exit(3)


# --- Reading YAML (YAML 1.2: only true/false are booleans; dates stay text; numbers
# --- exact as written) --------------------------------------------------------------

class Num(Fraction):
    """A number read from YAML: its exact value and the text it was written as."""

    def __new__(cls, text):
        self = super().__new__(cls, text.replace("_", ""))
        self.text = text
        return self


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                             re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _number(loader, node):
    try:
        return Num(node.value)
    except (ValueError, ZeroDivisionError):
        return yaml.SafeLoader.construct_yaml_float(loader, node)


Loader.add_constructor("tag:yaml.org,2002:int", _number)
Loader.add_constructor("tag:yaml.org,2002:float", _number)


def text(v):
    """An id, period or name as text, however YAML read it."""
    if isinstance(v, Num):
        return v.text
    return None if v is None else str(v)


def number(v):
    """A YAML number as a Fraction, or None."""
    return None if v is None else Fraction(v)


def name_key(s):
    """Registry names match ignoring case and runs of white space."""
    return " ".join(s.split()).casefold()


def group_key(s):
    """Staff groups match ignoring case and spaces."""
    return "".join(s.split()).casefold()


# --- The site -------------------------------------------------------------------------

class Registry:
    """The organisations registry: lookup by id, name (see name_key) or ODS code."""

    def __init__(self, doc):
        self.names = {}
        self.lookup = {}
        entries = doc.get("organisations") or []
        for e in entries:
            self.names[text(e["id"])] = text(e["name"])
        for e in entries:
            self.lookup.setdefault(("id", text(e["id"])), text(e["id"]))
            self.lookup.setdefault(("name", name_key(text(e["name"]))), text(e["id"]))
            if e.get("ods") is not None:
                self.lookup.setdefault(("ods", text(e["ods"])), text(e["id"]))
        # Partnerships: id -> name, and id -> its member organisations (registry ids, in
        # registry order), from each organisation's `partnerships:`.
        self.partnerships = {text(p["id"]): text(p["name"]) for p in doc.get("partnerships") or []}
        self.members = {pid: [text(e["id"]) for e in entries if pid in [text(x) for x in e.get("partnerships") or []]]
                        for pid in self.partnerships}

    def find(self, written):
        """The registry id a data cell names, or None."""
        for key in (("id", written), ("name", name_key(written)), ("ods", written)):
            if key in self.lookup:
                return self.lookup[key]
        return None


class Site:
    """site.yaml, the registry and the figures datasets under content/."""

    def __init__(self, root, audience):
        self.root = root
        self.audience = audience
        with open(os.path.join(root, "site.yaml"), encoding="utf-8") as f:
            config = yaml.load(f, Loader=Loader) or {}
        self.default_visibility = config.get("default_visibility", "public")
        stats = config.get("statistics") or {}
        self.k = int(stats["suppress_below"]) if stats.get("suppress_below") is not None else 5
        self.registry = None
        self.datasets = []  # (rel path of the YAML, doc)
        for dirpath, dirs, files in os.walk(os.path.join(root, "content")):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith((".yaml", ".yml")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    doc = yaml.load(f, Loader=Loader)
                if not isinstance(doc, dict):
                    continue
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                if doc.get("kind") == "organisations":
                    self.registry = Registry(doc)
                    self.registry_rel = rel
                elif doc.get("kind") in ("indicators", "training"):
                    self.datasets.append((rel, doc))

    def published(self, doc):
        """Internal builds publish every dataset; public ones those whose visibility (or
        the site's default) is public."""
        if self.audience == "internal":
            return True
        return (doc.get("visibility") or self.default_visibility) == "public"

    def organisation(self, written):
        """(key, display name) of an organisation cell: the registry id and name, or
        without a registry the name as first written (first spelling wins)."""
        if self.registry:
            oid = self.registry.find(written)
            if oid is None:
                raise SystemExit(f"`{written}` is not in the registry")
            return oid, self.registry.names[oid]
        key = name_key(written)
        first = self._first_names.setdefault(key, written)
        return first, first

    _first_names = {}

    def public_rules(self):
        """True when counts are suppressed and figures rounded (public, k > 0)."""
        return self.audience == "public" and self.k > 0


def data_files(rel, doc):
    """The CSV files of a dataset, relative to the site root, in the order given."""
    data = doc.get("data")
    names = data if isinstance(data, list) else [data]
    folder = os.path.dirname(rel)
    return [os.path.join(folder, text(n)).replace(os.sep, "/") for n in names]


def read_csv_rows(site, rel):
    """Rows of a data CSV as dicts of text (a BOM dropped; empty cells as '')."""
    with open(os.path.join(site.root, rel), encoding="utf-8-sig", newline="") as f:
        return [{k.strip(): (v or "") for k, v in r.items()} for r in csv.DictReader(f)]


def output_dir(rel):
    """content/DIR/STEM.yaml is published at DIR/STEM/."""
    return rel[len("content/"):].rsplit(".", 1)[0]


# --- Periods -----------------------------------------------------------------------------

QUARTER = re.compile(r"^(\d{4})-(\d{2}) Q([1-4])$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def period_kind(periods):
    """quarter, month or year, from the periods as written (one kind per dataset). A
    `YYYY-YY` text is a year when its second part is the next year's last two digits."""
    kinds = set()
    for p in periods:
        if QUARTER.match(p):
            kinds.add("quarter")
        elif MONTH.match(p) and (int(p[:4]) + 1) % 100 == int(p[5:]):
            kinds.add("year")
        elif MONTH.match(p):
            kinds.add("month")
        else:
            raise SystemExit(f"malformed period `{p}`")
    if len(kinds) != 1:
        raise SystemExit(f"periods of several kinds: {sorted(kinds)}")
    return kinds.pop()


def fy_name(start_year):
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def ordinal(p, kind):
    """A number for each period that is consecutive within its kind (chronological)."""
    if kind == "quarter":
        m = QUARTER.match(p)
        return int(m.group(1)) * 4 + int(m.group(3)) - 1
    if kind == "month":
        return int(p[:4]) * 12 + int(p[5:]) - 1
    return int(p[:4])


def from_ordinal(n, kind):
    if kind == "quarter":
        return f"{fy_name(n // 4)} Q{n % 4 + 1}"
    if kind == "month":
        return f"{n // 12}-{n % 12 + 1:02d}"
    return fy_name(n)


def previous_period(p, kind):
    """2025-26 Q1 -> 2024-25 Q4; 2025-04 -> 2025-03; 2025-26 -> 2024-25."""
    return from_ordinal(ordinal(p, kind) - 1, kind)


def year_before(p, kind):
    """2025-26 Q2 -> 2024-25 Q2; 2025-04 -> 2024-04; none for years."""
    if kind == "year":
        return None
    return from_ordinal(ordinal(p, kind) - (4 if kind == "quarter" else 12), kind)


def financial_year(p, kind):
    """The financial year a quarter or month belongs to (2026-03 is in 2025-26)."""
    if kind == "quarter":
        return p[:7]
    if kind == "month":
        y, m = int(p[:4]), int(p[5:])
        return fy_name(y if m >= 4 else y - 1)
    return p


# --- Rounding and status -------------------------------------------------------------------

def round5(x):
    """Nearest multiple of 5 (x mod 5 of 0, 1, 2 down; 3, 4 up)."""
    return 5 * ((x + 2) // 5)


def shown_count(x, k):
    """A count as a public build shows it: None (`*`) for 1..k-1, else 0 or rounded to 5."""
    if x is None:
        return None
    if 1 <= x <= k - 1:
        return None
    return round5(x)


def small(x, k):
    """A count from 1 to k-1."""
    return x is not None and 1 <= x <= k - 1


def whole_unfavourable(v, better):
    """A percentage as a whole number: floor for `higher`, ceiling for `lower`."""
    return Fraction(math.floor(v) if better == "higher" else math.ceil(v))


def tenth_unfavourable(v, better):
    """One decimal: down for `higher`, up for `lower`."""
    t = v * 10
    return Fraction(math.floor(t) if better == "higher" else math.ceil(t), 10)


def status(value, target, amber, better):
    """green / amber / red against target and amber (amber optional); None without a
    target or a value."""
    if target is None or value is None:
        return None
    if better == "higher":
        if value >= target:
            return "green"
        return "amber" if amber is not None and value >= amber else "red"
    if value <= target:
        return "green"
    return "amber" if amber is not None and value <= amber else "red"


def difference(a, b):
    return None if a is None or b is None else a - b


# --- Indicators ---------------------------------------------------------------------------

class Indicator:
    def __init__(self, doc):
        self.id = text(doc["id"])
        self.title = text(doc.get("title"))
        self.unit = text(doc["unit"])
        self.better = text(doc["better"])
        self.measure = text(doc["measure"])
        self.target = number(doc.get("target"))
        self.amber = number(doc.get("amber"))
        self.definition = text(doc.get("definition"))
        self.owner = text(doc.get("owner"))

    def adds(self):
        """Totals over organisations only where figures add."""
        return self.measure in ("ratio", "sum") or (self.measure == "last" and self.unit == "count")


def cell_number(s):
    return None if s is None or s.strip() == "" else Fraction(s.strip())


def year_value(ind, figs):
    """A year figure made from period figures (dicts sorted by period) by the measure:
    returns (value, numerator, denominator)."""
    if ind.measure == "ratio":
        num = sum(f["numerator"] for f in figs)
        den = sum(f["denominator"] for f in figs)
        return num * 100 / den, num, den
    values = [f["value"] for f in figs]
    if ind.measure == "sum":
        return sum(values), None, None
    if ind.measure == "mean":
        return sum(values) / len(values), None, None
    return values[-1], None, None


def true_figures(site, ind, rows, kind, set_orgs):
    """Every figure of an indicator, with true (exact) values: a list of dicts with
    organisation, organisation_name, period, year, value, numerator, denominator,
    periods, of, note; ordered as the design says (organisations by id, totals last;
    periods chronological, each year's roll-up after its periods). `set_orgs`: the
    organisations of the whole dataset (a set of one has no totals)."""
    by_org = {}  # key -> {period: fig}
    for r in rows:
        key, name = site.organisation(r["organisation"])
        f = {"organisation": key, "organisation_name": name, "period": r["period"], "year": False,
             "numerator": None, "denominator": None, "periods": None, "of": None,
             "note": r.get("note") or None, "organisations": None, "_cohort": None}
        if ind.measure == "ratio":
            f["numerator"] = cell_number(r.get("numerator"))
            f["denominator"] = cell_number(r.get("denominator"))
            f["value"] = f["numerator"] * 100 / f["denominator"]
        else:
            f["value"] = cell_number(r.get("value"))
        by_org.setdefault(key, {})[r["period"]] = f
    of = {"quarter": 4, "month": 12}.get(kind)

    def with_years(periods_figs, year_of_total=None):
        """Period figures in order with each year's roll-up after its periods."""
        out = []
        ordered = sorted(periods_figs.values(), key=lambda f: ordinal(f["period"], kind))
        if kind == "year":
            return ordered
        years = {}
        for f in ordered:
            years.setdefault(financial_year(f["period"], kind), []).append(f)
        for fy in sorted(years):
            figs = years[fy]
            out += figs
            value, num, den = year_value(ind, figs)
            if year_of_total is not None:
                value = year_of_total(fy, value)
            cohort = frozenset().union(*(f["_cohort"] for f in figs)) if figs[0]["_cohort"] is not None else None
            out.append({"organisation": figs[0]["organisation"], "organisation_name": figs[0]["organisation_name"],
                        "period": fy, "year": True, "value": value, "numerator": num, "denominator": den,
                        "periods": len(figs), "of": of, "note": None, "_cohort": cohort,
                        "organisations": len(cohort) if cohort is not None else None})
        return out

    figures = []
    org_years = {}
    for key in sorted(by_org):
        figs = with_years(by_org[key])
        figures += figs
        org_years[key] = {f["period"]: f for f in figs if f["year"]}
    # Totals over organisations (organisation null) where figures add: for each period,
    # the organisations' figures of that period added (numerators and denominators for a
    # ratio, values for sum and for last of counts).
    if ind.adds() and len(by_org) > 1:
        per_period = {}
        for key in by_org:
            for p, f in by_org[key].items():
                per_period.setdefault(p, []).append(f)
        totals = {}
        for p, figs in per_period.items():
            # Who made it: a total is compared only with one made by the same
            # organisations, so a change is never one organisation's missing return.
            cohort = frozenset(f["organisation"] for f in figs)
            t = {"organisation": None, "organisation_name": None, "period": p, "year": False,
                 "value": None, "numerator": None, "denominator": None, "periods": None, "of": None,
                 "note": None, "_cohort": cohort, "organisations": len(cohort)}
            if ind.measure == "ratio":
                t["numerator"] = sum(f["numerator"] for f in figs)
                t["denominator"] = sum(f["denominator"] for f in figs)
                t["value"] = t["numerator"] * 100 / t["denominator"]
            else:
                t["value"] = sum(f["value"] for f in figs)
            totals[p] = t

        def last_count_year(fy, value):
            """For `last` of counts a total's year is the sum of the organisations' years."""
            if ind.measure != "last":
                return value
            return sum(y[fy]["value"] for y in org_years.values() if fy in y)

        figures += with_years(totals, last_count_year)
    return figures


def site_orgs_of(site, rows):
    return {site.organisation(r["organisation"])[0] for r in rows}


def present(site, ind, figures, kind):
    """The figures as the build writes them: values as shown (public) or true
    (internal), status, change, change_year. Returns a list of dicts in JSON terms
    (Fractions for numbers)."""
    public = site.public_rules()
    k = site.k
    out = []
    for f in figures:
        g = dict(f)
        if public:
            if ind.measure == "ratio":
                left_out = small(f["numerator"], k) or small(f["denominator"], k) or \
                    small(f["denominator"] - f["numerator"], k)
                g["numerator"] = shown_count(f["numerator"], k)
                g["denominator"] = shown_count(f["denominator"], k)
                g["value"] = None if left_out else whole_unfavourable(f["value"], ind.better)
            elif ind.unit == "count":
                g["value"] = shown_count(f["value"], k)
            elif ind.unit == "percent":
                g["value"] = whole_unfavourable(f["value"], ind.better)
            else:
                g["value"] = tenth_unfavourable(f["value"], ind.better)
            # A note beside a figure hidden to protect small numbers could give it away.
            if g["value"] is None and f["value"] is not None:
                g["note"] = None
        g["status"] = status(g["value"], ind.target, ind.amber, ind.better)
        out.append(g)
    index = {(g["organisation"], g["period"], g["year"]): g for g in out}
    for g in out:
        if g["year"] or kind == "year":
            prev = index.get((g["organisation"], fy_name(int(g["period"][:4]) - 1), g["year"]))
            g["change"] = difference(g["value"], comparable(g, prev))
            g["change_year"] = None
            g["_nc"] = (differs(g, prev), False)
        else:
            prev = index.get((g["organisation"], previous_period(g["period"], kind), False))
            before = index.get((g["organisation"], year_before(g["period"], kind), False))
            g["change"] = difference(g["value"], comparable(g, prev))
            g["change_year"] = difference(g["value"], comparable(g, before))
            g["_nc"] = (differs(g, prev), differs(g, before))
    return out


def differs(g, other):
    """Whether a figure to compare with exists but was made by other organisations
    (the page then says "Not comparable")."""
    return other is not None and other.get("_cohort") != g.get("_cohort")


def comparable(g, other):
    """The value `g` is compared with: `other`'s, if it was made by the same
    organisations (totals), else none."""
    if other is None or other.get("_cohort") != g.get("_cohort"):
        return None
    return other["value"]


def expected_indicators(site, rel, doc, keep=None):
    """The expected indicators.json of a dataset, as a dict (Fractions for numbers).
    `keep`: a set of organisation keys; the figures of only those organisations (and
    their totals, where two or more of them report: a partnership's members)."""
    rows = []
    for path in data_files(rel, doc):
        rows += read_csv_rows(site, path)
    kind = period_kind([r["period"] for r in rows])
    if keep is not None:
        rows = [r for r in rows if site.organisation(r["organisation"])[0] in keep]
    set_orgs = site_orgs_of(site, rows)
    out = {"id": text(doc["id"]), "title": text(doc.get("title")), "audience": site.audience,
           "suppress_below": site.k, "period_kind": kind, "indicators": []}
    for idoc in doc.get("indicators") or []:
        ind = Indicator(idoc)
        mine = [r for r in rows if r["indicator"] == ind.id]
        figures = present(site, ind, true_figures(site, ind, mine, kind, set_orgs), kind) if mine else []
        out["indicators"].append({"id": ind.id, "title": ind.title, "unit": ind.unit, "better": ind.better,
                                  "measure": ind.measure, "target": ind.target, "amber": ind.amber,
                                  "definition": ind.definition, "owner": ind.owner, "figures": figures,
                                  "_ind": ind})
    return out


# --- Training --------------------------------------------------------------------------------

LEVELS = ["board", "level-1", "level-2", "level-3", "level-4", "level-5"]
TOTAL_KINDS = [  # which of (organisation, strand, level, staff_group) a total keeps
    ("organisation", (True, False, False, False)),
    ("strand+level", (False, True, True, False)),
    ("organisation+strand+level", (True, True, True, False)),
    ("staff group", (False, False, False, True)),
    ("overall", (False, False, False, False)),
]


def expected_training(site, rel, doc, keep=None):
    """The expected training.json of a dataset (Fractions for numbers). `keep`: a set of
    organisation keys; the rows of only those organisations, totals over them."""
    rows = []
    for path in data_files(rel, doc):
        rows += read_csv_rows(site, path)
    if keep is not None:
        rows = [r for r in rows if site.organisation(r["organisation"])[0] in keep]
    strands = [text(s) for s in doc.get("strands") or []]
    target, amber = number(doc.get("target")), number(doc.get("amber"))
    kind = period_kind([r["period"] for r in rows])
    groups = {}  # key -> first spelling, in file order
    for r in rows:
        groups.setdefault(group_key(r["staff_group"]), r["staff_group"])
    public, k = site.public_rules(), site.k

    def sort_key(f):
        return (f["organisation"] is None, f["organisation"] or "",
                strands.index(f["strand"]) if f["strand"] is not None else -1,
                LEVELS.index(f["level"]) if f["level"] is not None else -1,
                f["staff_group"] or "")

    periods = sorted({r["period"] for r in rows}, key=lambda p: ordinal(p, kind))
    figures = []
    for period in periods:
        data = []
        for r in rows:
            if r["period"] != period:
                continue
            key, name = site.organisation(r["organisation"])
            own = cell_number(r.get("target"))
            data.append({"period": period, "organisation": key, "organisation_name": name,
                         "strand": r["strand"], "level": r["level"],
                         "staff_group": groups[group_key(r["staff_group"])],
                         "eligible": Fraction(r["eligible"]), "compliant": Fraction(r["compliant"]),
                         "_own": own, "target": own if own is not None else target,
                         "_cohort": None, "organisations": None})
        data.sort(key=sort_key)
        figures += data
        for _, keep in TOTAL_KINDS:
            totals = {}
            for f in data:
                tkey = tuple(f[n] if kept else None
                             for n, kept in zip(("organisation", "strand", "level", "staff_group"), keep))
                totals.setdefault(tkey, []).append(f)
            made = []
            for tkey, members in totals.items():
                owns = {m["_own"] for m in members}
                cohort = frozenset(m["organisation"] for m in members) if tkey[0] is None else None
                common = owns.pop() if len(owns) == 1 and None not in owns else None
                made.append({"period": period, "organisation": tkey[0],
                             "organisation_name": site.registry.names[tkey[0]] if tkey[0] and site.registry else tkey[0],
                             "strand": tkey[1], "level": tkey[2], "staff_group": tkey[3],
                             "eligible": sum(m["eligible"] for m in members),
                             "compliant": sum(m["compliant"] for m in members),
                             "_own": None, "target": common if common is not None else target,
                             "_cohort": cohort, "organisations": len(cohort) if cohort is not None else None})
            made.sort(key=sort_key)
            figures += made
    for f in figures:
        f.pop("_own", None)
        e, c = f["eligible"], f["compliant"]
        true = None if e == 0 else c * 100 / e
        if public:
            left_out = true is None or small(c, k) or small(e, k) or small(e - c, k)
            f["compliance"] = None if left_out else whole_unfavourable(true, "higher")
            f["eligible"], f["compliant"] = shown_count(e, k), shown_count(c, k)
        else:
            f["compliance"] = true
        f["status"] = status(f["compliance"], f["target"], amber, "higher")
    index = {(f["period"], f["organisation"], f["strand"], f["level"], f["staff_group"]): f for f in figures}
    for f in figures:
        prev = index.get((previous_period(f["period"], kind), f["organisation"], f["strand"], f["level"],
                          f["staff_group"]))
        same = prev is not None and prev["_cohort"] == f["_cohort"]
        f["change"] = difference(f["compliance"], prev["compliance"] if same else None)
        f["_nc"] = (prev is not None and not same, False)
    return {"id": text(doc["id"]), "title": text(doc.get("title")), "audience": site.audience,
            "suppress_below": site.k, "target": target, "amber": amber, "strands": strands,
            "figures": figures}


# --- Comparing ---------------------------------------------------------------------------------

class Checker:
    """Counts figures checked and collects mismatches."""

    def __init__(self, out_dir, exact):
        self.out = out_dir
        self.exact = exact  # public values (with suppression on) are compared exactly
        self.checked = 0
        self.mismatches = []

    def fail(self, file, what, expected, found):
        self.mismatches.append(f"{file}: {what}: expected {show(expected)}, found {show(found)}")

    def same(self, file, what, expected, found):
        """Exact comparison of text, booleans, whole numbers and null."""
        self.checked += 1
        if expected != found or isinstance(expected, bool) != isinstance(found, bool):
            self.fail(file, what, expected, found)

    def number(self, file, what, expected, found, exact=None):
        """A Fraction against a number the product wrote (JSON number or CSV text):
        internal within a relative 1e-9, public exactly; null only against null."""
        self.checked += 1
        exact = self.exact if exact is None else exact
        if isinstance(found, str):
            found = None if found == "" else found
        if expected is None or found is None:
            if expected is not None or found is not None:
                self.fail(file, what, expected, found)
            return
        if isinstance(found, bool):
            self.fail(file, what, expected, found)
            return
        try:
            f = Fraction(found) if not isinstance(found, float) else Fraction(repr(found))
        except (ValueError, TypeError):
            self.fail(file, what, expected, found)
            return
        if exact:
            ok = f == expected
        else:
            ok = abs(f - expected) <= Fraction(1, 10**9) * max(1, abs(expected))
        if not ok:
            self.fail(file, what, expected, found)


def show(v):
    """A value for a mismatch line: Fractions as decimals."""
    if isinstance(v, Fraction):
        return str(v) if v.denominator == 1 else f"{float(v)!r} ({v})"
    return repr(v)


def load_json(c, rel):
    """A download parsed with every decimal exact; None (and a mismatch) if absent."""
    path = os.path.join(c.out, rel)
    if not os.path.exists(path):
        c.checked += 1
        c.fail(rel, "file", "present", "absent")
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=Fraction)


def load_csv(c, rel):
    path = os.path.join(c.out, rel)
    if not os.path.exists(path):
        c.checked += 1
        c.fail(rel, "file", "present", "absent")
        return None
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


INDICATOR_FIELDS_TEXT = ["organisation", "organisation_name", "period", "year", "status", "note"]
INDICATOR_FIELDS_NUM = ["value", "numerator", "denominator", "change", "change_year"]
INDICATOR_FIELDS_INT = ["periods", "of", "organisations"]
INDICATORS_CSV_HEADER = ["indicator", "organisation", "organisation_name", "period", "year", "value",
                         "numerator", "denominator", "periods", "of", "status", "change", "change_year", "note",
                         "organisations"]


def figure_label(f):
    return f"{f['organisation'] or 'total'} {f['period']}{' (year)' if f['year'] else ''}"


def check_indicators_json(c, rel, exp, found):
    """indicators.json: the set's fields, then each indicator's fields and figures."""
    for key in ("id", "title", "audience", "suppress_below", "period_kind"):
        c.same(rel, key, exp[key], found.get(key))
    inds = found.get("indicators") or []
    c.same(rel, "indicators[].id", [i["id"] for i in exp["indicators"]], [i.get("id") for i in inds])
    by_id = {i.get("id"): i for i in inds}
    for ei in exp["indicators"]:
        fi = by_id.get(ei["id"])
        if fi is None:
            continue
        where = f"indicator {ei['id']}"
        for key in ("title", "unit", "better", "measure", "definition", "owner"):
            c.same(rel, f"{where} {key}", ei[key], fi.get(key))
        for key in ("target", "amber"):
            c.number(rel, f"{where} {key}", ei[key], fi.get(key), exact=True)
        figs = fi.get("figures") or []
        c.same(rel, f"{where} figures (order)",
               [figure_label(f) for f in ei["figures"]],
               [figure_label({"organisation": f.get("organisation"), "period": f.get("period"),
                              "year": f.get("year")}) for f in figs])
        found_by = {(f.get("organisation"), f.get("period"), f.get("year")): f for f in figs}
        for ef in ei["figures"]:
            ff = found_by.get((ef["organisation"], ef["period"], ef["year"]))
            label = f"{where} {figure_label(ef)}"
            if ff is None:
                c.checked += 1
                c.fail(rel, label, "a figure", None)
                continue
            for key in INDICATOR_FIELDS_TEXT:
                c.same(rel, f"{label} {key}", ef[key], ff.get(key))
            for key in INDICATOR_FIELDS_INT:
                c.same(rel, f"{label} {key}", ef[key], ff.get(key))
            for key in INDICATOR_FIELDS_NUM:
                c.number(rel, f"{label} {key}", ef[key], ff.get(key))


def check_indicators_csv(c, rel, exp, rows):
    """indicators.csv: the header, then one line per figure in the JSON's order."""
    c.same(rel, "header", INDICATORS_CSV_HEADER, rows[0] if rows else None)
    lines = [dict(zip(rows[0], r)) for r in rows[1:]] if rows else []
    expected = [(ei, ef) for ei in exp["indicators"] for ef in ei["figures"]]
    c.same(rel, "lines", len(expected), len(lines))
    for n, ((ei, ef), line) in enumerate(zip(expected, lines), start=2):
        label = f"line {n} ({ei['id']} {figure_label(ef)})"
        c.same(rel, f"{label} indicator", ei["id"], line.get("indicator"))
        for key in ("organisation", "organisation_name", "period", "status", "note"):
            c.same(rel, f"{label} {key}", ef[key] if ef[key] is not None else "", line.get(key))
        c.same(rel, f"{label} year", "true" if ef["year"] else "false", line.get("year"))
        for key in INDICATOR_FIELDS_INT:
            c.same(rel, f"{label} {key}", "" if ef[key] is None else str(ef[key]), line.get(key))
        for key in INDICATOR_FIELDS_NUM:
            c.number(rel, f"{label} {key}", ef[key], line.get(key))


TRAINING_CSV_HEADER = ["period", "organisation", "organisation_name", "strand", "level", "staff_group",
                       "eligible", "compliant", "compliance", "target", "status", "change", "organisations"]
TRAINING_KEY = ("period", "organisation", "strand", "level", "staff_group")


def training_label(f):
    return " ".join(str(f.get(k)) if f.get(k) is not None else "-" for k in TRAINING_KEY)


def check_training_json(c, rel, exp, found):
    for key in ("id", "title", "audience", "suppress_below", "strands"):
        c.same(rel, key, exp[key], found.get(key))
    for key in ("target", "amber"):
        c.number(rel, key, exp[key], found.get(key), exact=True)
    figs = found.get("figures") or []
    c.same(rel, "figures (order)", [training_label(f) for f in exp["figures"]],
           [training_label(f) for f in figs])
    found_by = {tuple(f.get(k) for k in TRAINING_KEY): f for f in figs}
    for ef in exp["figures"]:
        ff = found_by.get(tuple(ef[k] for k in TRAINING_KEY))
        label = training_label(ef)
        if ff is None:
            c.checked += 1
            c.fail(rel, label, "a figure", None)
            continue
        for key in ("organisation_name", "status", "organisations"):
            c.same(rel, f"{label} {key}", ef[key], ff.get(key))
        for key in ("eligible", "compliant", "compliance", "change"):
            c.number(rel, f"{label} {key}", ef[key], ff.get(key))
        c.number(rel, f"{label} target", ef["target"], ff.get("target"), exact=True)


def check_training_csv(c, rel, exp, rows):
    c.same(rel, "header", TRAINING_CSV_HEADER, rows[0] if rows else None)
    lines = [dict(zip(rows[0], r)) for r in rows[1:]] if rows else []
    c.same(rel, "lines", len(exp["figures"]), len(lines))
    for n, (ef, line) in enumerate(zip(exp["figures"], lines), start=2):
        label = f"line {n} ({training_label(ef)})"
        for key in ("period", "organisation", "organisation_name", "strand", "level", "staff_group", "status"):
            c.same(rel, f"{label} {key}", ef[key] if ef[key] is not None else "", line.get(key))
        c.same(rel, f"{label} organisations", "" if ef["organisations"] is None else str(ef["organisations"]),
               line.get("organisations"))
        for key in ("eligible", "compliant", "compliance", "change"):
            c.number(rel, f"{label} {key}", ef[key], line.get(key))
        c.number(rel, f"{label} target", ef["target"], line.get("target"), exact=True)


# --- Public builds: what must not be published ------------------------------------------------

COUNT_FIELDS_TRAINING = ("eligible", "compliant")


def count_ok(v, k):
    """A count as a public download may hold it: null, 0, or a multiple of 5 that is not
    1..k-1 (so never a true count 1..4, never an unrounded count)."""
    if v is None or v == "":
        return True
    try:
        x = Fraction(v)
    except (ValueError, TypeError):
        return False
    return x == 0 or (x % 5 == 0 and not small(x, k))


def scan_public_downloads(c, k):
    """Every indicators.json/.csv and training.json/.csv in the output: each count
    (numerator, denominator, values of count indicators, eligible, compliant) is null,
    0 or a multiple of 5 that is at least k."""
    for dirpath, _, files in os.walk(c.out):
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(dirpath, name), c.out).replace(os.sep, "/")
            if name == "indicators.json":
                j = load_json(c, rel)
                for ind in (j or {}).get("indicators") or []:
                    for f in ind.get("figures") or []:
                        keys = ["numerator", "denominator"] + (["value"] if ind.get("unit") == "count" else [])
                        for key in keys:
                            c.checked += 1
                            if not count_ok(f.get(key), k):
                                c.fail(rel, f"public count {ind.get('id')} {f.get('organisation')} "
                                       f"{f.get('period')} {key}", "suppressed or a multiple of 5", f.get(key))
            elif name == "indicators.csv":
                rows = load_csv(c, rel) or [[]]
                units = indicator_units(c, rel)
                for n, line in enumerate(rows[1:], start=2):
                    d = dict(zip(rows[0], line))
                    keys = ["numerator", "denominator"] + (["value"] if units.get(d.get("indicator")) == "count" else [])
                    for key in keys:
                        c.checked += 1
                        if not count_ok(d.get(key), k):
                            c.fail(rel, f"line {n} public count {key}", "suppressed or a multiple of 5", d.get(key))
            elif name in ("training.json", "training.csv"):
                if name.endswith(".json"):
                    items = ((f"{training_label(f)}", f) for f in ((load_json(c, rel) or {}).get("figures") or []))
                else:
                    rows = load_csv(c, rel) or [[]]
                    items = ((f"line {n}", dict(zip(rows[0], line))) for n, line in enumerate(rows[1:], start=2))
                for label, f in items:
                    for key in COUNT_FIELDS_TRAINING:
                        c.checked += 1
                        if not count_ok(f.get(key), k):
                            c.fail(rel, f"{label} public count {key}", "suppressed or a multiple of 5", f.get(key))


def indicator_units(c, csv_rel, json_path=None):
    """Units of the indicators of the indicators.json beside an indicators.csv (or at
    json_path)."""
    path = json_path or os.path.join(c.out, os.path.dirname(csv_rel), "indicators.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    return {i.get("id"): i.get("unit") for i in j.get("indicators") or []}


def scan_raw_data(c, site):
    """No raw CSV data file published: no file where a static copy would land
    (content/DIR/x.csv at DIR/x.csv), and every file of the output, every byte, is
    searched for a data file's exact bytes, and for its header line followed by its first
    data line (as they are, or with CRLF). A download may share the data file's name
    (training.csv beside training.yaml): it lands in DIR/STEM/, not DIR/."""
    needles = []
    for rel, doc in site.datasets:
        for path in data_files(rel, doc):
            with open(os.path.join(site.root, path), "rb") as f:
                data = f.read()
            lines = data.replace(b"\r\n", b"\n").split(b"\n")
            needles.append((path, path[len("content/"):], data, b"\n".join(lines[:2]),
                            b"\r\n".join(lines[:2])))
    for dirpath, _, files in os.walk(c.out):
        for name in sorted(files):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, c.out).replace(os.sep, "/")
            with open(full, "rb") as f:
                data = f.read()
            for path, published_at, raw, head, head_crlf in needles:
                c.checked += 1
                if rel == published_at:
                    c.fail(rel, "raw data file published", "absent", path)
                elif data == raw or head in data or head_crlf in data:
                    c.fail(rel, "raw data of " + path, "absent", "its contents")


PRIVATE_TOKEN = re.compile(r"PRIVATE-FIGURES-TOKEN-\d+")


def scan_private_tokens(c, site):
    """Nothing of a dataset a public build withholds appears anywhere in the output: the
    fixture marks a private set's title, indicator titles and notes with
    PRIVATE-FIGURES-TOKEN-N, searched for in every file, every byte."""
    needles = set()
    for rel, doc in site.datasets:
        if site.published(doc):
            continue
        paths = [rel] + data_files(rel, doc)
        for path in paths:
            with open(os.path.join(site.root, path), encoding="utf-8") as f:
                needles.update(PRIVATE_TOKEN.findall(f.read()))
    if not needles:
        return
    for dirpath, _, files in os.walk(c.out):
        for name in sorted(files):
            full = os.path.join(dirpath, name)
            with open(full, "rb") as f:
                data = f.read()
            rel = os.path.relpath(full, c.out).replace(os.sep, "/")
            for n in sorted(needles):
                c.checked += 1
                if n.encode() in data:
                    c.fail(rel, "private dataset content", "absent", n)


COUNT_HEADING = re.compile(r"\b(eligible|compliant|numerator|denominator|count|number of|staff|cases|referrals)\b",
                           re.I)


def scan_public_html(output_dir, k=5, pages=None):
    """Best effort (run with --html; figures_pages.py checks each figure exactly). For
    each figures page (the
    index.html beside an indicators.json or training.json, or `pages`), find every table,
    take the header cells of its first row as column names, and report any body cell in
    a column whose name looks like a count (COUNT_HEADING) holding a number that is 1..k-1
    or not a multiple of 5; and any SVG <text> whose whole text is a count 1..k-1 (not in
    the section of an indicator whose unit is not `count`).
    `pages="all"` scans every .html file of the output (organisation and partnership
    pages show figures too). Returns a list of (file, what, found)."""
    problems = []
    if pages == "all":
        pages = [os.path.join(d, n) for d, _, fs in os.walk(output_dir) for n in fs if n.endswith(".html")]
    elif pages is None:
        pages = []
        for dirpath, _, files in os.walk(output_dir):
            if ("indicators.json" in files or "training.json" in files) and "index.html" in files:
                pages.append(os.path.join(dirpath, "index.html"))
    for path in sorted(pages):
        rel = os.path.relpath(path, output_dir)
        with open(path, encoding="utf-8") as f:
            page = f.read()
        for table in re.findall(r"<table\b.*?</table>", page, re.S | re.I):
            rows = re.findall(r"<tr\b.*?</tr>", table, re.S | re.I)
            if not rows:
                continue
            heads = [untag(h) for h in re.findall(r"<th\b[^>]*>(.*?)</th>", rows[0], re.S | re.I)]
            for row in rows[1:]:
                cells = [untag(x) for x in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.S | re.I)]
                for head, cell in zip(heads, cells):
                    if not COUNT_HEADING.search(head):
                        continue
                    m = re.fullmatch(r"([0-9][0-9,]*)", cell.replace("\u2009", "").strip())
                    if not m:
                        continue
                    x = int(m.group(1).replace(",", ""))
                    if small(x, k) or (k > 0 and x % 5 != 0):
                        problems.append((rel, f"table cell under `{head}`", cell))
        # SVG text of a chart of an indicator that is not a count (a `number` of 1 is
        # no count) is left out: the part of the page from its section to the next.
        units = indicator_units(None, None, os.path.join(os.path.dirname(path), "indicators.json"))
        svg_text = page
        for iid, unit in units.items():
            if unit != "count":
                svg_text = re.sub(r'<section class="indicator" aria-labelledby="indicator-%s">.*?(?=<section|$)'
                                  % re.escape(iid), "", svg_text, flags=re.S)
        for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg_text, re.S | re.I):
            s = untag(t)
            if re.fullmatch(r"[0-9]+", s) and small(int(s), k):
                problems.append((rel, "SVG text", s))
    return problems


def untag(s):
    """Text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", s)).split())


# --- Main ------------------------------------------------------------------------------------

def check_dataset(site, c, rel, doc):
    """Compares one dataset's downloads with the independent computation."""
    base = output_dir(rel)
    if doc["kind"] == "indicators":
        exp = expected_indicators(site, rel, doc)
        j = load_json(c, f"{base}/indicators.json")
        if j is not None:
            check_indicators_json(c, f"{base}/indicators.json", exp, j)
        rows = load_csv(c, f"{base}/indicators.csv")
        if rows is not None:
            check_indicators_csv(c, f"{base}/indicators.csv", exp, rows)
    else:
        exp = expected_training(site, rel, doc)
        j = load_json(c, f"{base}/training.json")
        if j is not None:
            check_training_json(c, f"{base}/training.json", exp, j)
        rows = load_csv(c, f"{base}/training.csv")
        if rows is not None:
            check_training_csv(c, f"{base}/training.csv", exp, rows)


def check_withheld(site, c, rel, doc):
    """A dataset a public build withholds has no page and no downloads."""
    base = output_dir(rel)
    for name in ("index.html", "indicators.json", "indicators.csv", "training.json", "training.csv"):
        c.same(f"{base}/{name}", "absent in a public build", False, os.path.exists(os.path.join(c.out, base, name)))


def check_figures_pages(c, site):
    """Every figure shown on the figures pages (figures_pages.py), against this module's
    computation."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
    import figures_pages
    import figures_members
    figures_pages.check_pages(c, site, sys.modules[__name__])
    figures_members.check_members(c, site, sys.modules[__name__])


def run(site_dir, output, audience, html_scan=False):
    """Checks a build; returns the Checker."""
    site = Site(site_dir, audience)
    c = Checker(output, site.public_rules())
    for rel, doc in site.datasets:
        if site.published(doc):
            check_dataset(site, c, rel, doc)
        else:
            check_withheld(site, c, rel, doc)
    if html_scan:
        check_figures_pages(c, site)
    if audience == "public":
        scan_raw_data(c, site)
        scan_private_tokens(c, site)
        if site.k > 0:
            scan_public_downloads(c, site.k)
            if html_scan:
                for rel, what, found in scan_public_html(output, site.k):
                    c.checked += 1
                    c.fail(rel, what, "no count 1..k-1, counts rounded to 5", found)
    return c


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("output")
    ap.add_argument("--audience", choices=["internal", "public"], default="internal")
    ap.add_argument("--html", action="store_true",
                    help="also check every figure on the figures pages (figures_pages.py)")
    args = ap.parse_args()
    c = run(args.site, args.output, args.audience, args.html)
    for m in c.mismatches:
        print(m)
    print(f"checked {c.checked} figures, {len(c.mismatches)} mismatches")
    sys.exit(1 if c.mismatches else 0)


if __name__ == "__main__":
    main()
