#!/usr/bin/env python3
"""An independent computation of every assurance figure, written from SPEC.md alone
(sections "Assurance data", "Audiences", "Organisations and partnerships" and
"Framework versions"), not from the product's code, and compared with what
`safeguard build` wrote.

    python3 tests/independent/check.py SITE_DIR OUTPUT_DIR [--audience internal|public]
        [--as-of YYYY-MM-DD] [--pending FIELD,...] [--known FIGURE,...] [--no-html]

It reads the site's YAML, computes each figure exactly with fractions.Fraction from the
values as written, and compares with OUTPUT_DIR: every return's audit.json and
audit.csv, what a public build must leave out, and the figures on the HTML pages that
show them (pages.py, a function per page kind in HTML_CHECKS: audit pages and their
charts, framework pages with their trend, grids and grid pages, the assurance index, the
action tracker, organisation, partnership and registry pages, the home page), so that a
change of markup touches only pages.py.
Every mismatch is printed with the file, the expected and the found value; the exit
status is 1 if there was any, 0 if not, 3 if PyYAML is missing.

--pending names output fields the product does not write yet (organisation_id,
previous.framework, previous.organisation, previous.compared): where such a field is
absent it is counted as pending, not as a mismatch; where it is present it is checked.

--known names figures where the product is known to differ from SPEC/README and the
difference has been reported (grid-row-name: a framework grid names a renamed
organisation's earlier return under its own name, not its latest): each such difference
is printed as `known: FILE: FIGURE: expected X, found Y` and counted, not failed.
previous-coverage: README says a return graded on fewer criteria than the framework has
says "graded on N of M criteria" wherever its score is shown; the audit page shows the
previous return's score (and each merged predecessor's) without it.
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
except ImportError:  # CI installs it as .ci/run installs jsonschema
    print("check.py needs PyYAML: python3 -m pip install pyyaml", file=sys.stderr)
    sys.exit(3)


# --- Reading YAML as the product does (YAML 1.2: only true/false are booleans; dates
# --- stay text), with every number exact, as written ---------------------------------

class Num(Fraction):
    """A number read from YAML: its exact value, and the text it was written as (for
    ids such as `1.1` written without quotes)."""

    def __new__(cls, text):
        self = super().__new__(cls, text.replace("_", ""))
        self.text = text
        return self


# libyaml's parser where PyYAML has it (several times quicker); resolving and
# constructing stay in Python either way, so the rules below hold for both.
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
    except (ValueError, ZeroDivisionError):  # 0x.., .inf and the like: as YAML reads them
        return yaml.SafeLoader.construct_yaml_float(loader, node)


Loader.add_constructor("tag:yaml.org,2002:int", _number)
Loader.add_constructor("tag:yaml.org,2002:float", _number)


def text(v):
    """An id, period or name as text, however it was written."""
    if isinstance(v, Num):
        return v.text
    return None if v is None else str(v)


# --- The site ------------------------------------------------------------------------

class Site:
    def __init__(self, root, audience):
        self.root = root
        self.audience = audience
        with open(os.path.join(root, "site.yaml"), encoding="utf-8") as f:
            config = yaml.load(f, Loader=Loader) or {}
        self.default_visibility = config.get("default_visibility", "public")
        self.frameworks, self.returns, self.registry = {}, [], None
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
                kind = doc.get("kind")
                if kind == "framework":
                    self.frameworks[text(doc["id"])] = Framework(doc, rel)
                elif kind == "audit":
                    self.returns.append(Return(doc, rel))
                elif kind == "organisations":
                    self.registry = Registry(doc)
        # Audiences: a public build publishes only items whose visibility (or the
        # site's default_visibility) is public; nothing of the rest may count anywhere.
        for r in self.returns:
            fw = self.frameworks[r.framework_id]
            r.framework = fw
            r.published = self.publishes(r.visibility) and self.publishes(fw.visibility) and not r.draft
            r.org = self.organisation(r.organisation_written)
            r.resolve_grades()
        self.published = [r for r in self.returns if r.published]

    def publishes(self, visibility):
        if self.audience == "internal":
            return True
        return (visibility or self.default_visibility) == "public"

    def organisation(self, written):
        """The organisation a return names. With a registry: by its id, its name or its
        ODS code. Without one, by name (spacing and case do not split an organisation,
        as the product's own tests have it)."""
        if self.registry:
            return self.registry.find(written)
        return Org(" ".join(written.split()).casefold(), written, None)

    def display_name(self, org):
        return org.name

    def family(self, fw):
        """A framework and, through `replaces`, every framework it replaces."""
        out = [fw]
        while out[-1].replaces and out[-1].replaces[0] in self.frameworks:
            earlier = self.frameworks[out[-1].replaces[0]]
            if earlier in out:  # a cycle is the product's error to report, not ours
                break
            out.append(earlier)
        return out


class Org:
    def __init__(self, key, name, entry):
        self.key, self.name, self.entry = key, name, entry
        self.predecessors = [text(p) for p in (entry or {}).get("predecessors") or []]
        self.closed = (entry or {}).get("closed")

    def __eq__(self, other):
        return self.key == other.key

    def __hash__(self):
        return hash(self.key)


class Registry:
    def __init__(self, doc):
        self.orgs = {}
        self.lookup = {}
        for e in doc.get("organisations") or []:
            o = Org(text(e["id"]), text(e["name"]), e)
            self.orgs[o.key] = o
        for o in self.orgs.values():  # ids first, then names, then ODS codes
            self.lookup.setdefault(o.key, o)
        for o in self.orgs.values():
            self.lookup.setdefault(o.name, o)
        for o in self.orgs.values():
            if o.entry.get("ods") is not None:
                self.lookup.setdefault(text(o.entry["ods"]), o)

    def find(self, written):
        if written not in self.lookup:
            raise SystemExit(f"the return names `{written}`, not in the registry")
        return self.lookup[written]

    def successors(self, org):
        """Organisations that name `org` as a predecessor, and theirs, recursively."""
        out, todo = [], [org.key]
        while todo:
            k = todo.pop()
            for o in self.orgs.values():
                if k in o.predecessors and o not in out:
                    out.append(o)
                    todo.append(o.key)
        return out


class Framework:
    def __init__(self, doc, rel):
        self.rel = rel
        self.id = text(doc["id"])
        self.title = text(doc.get("title"))
        self.visibility = doc.get("visibility")
        # The scale, worst to best: (value, label, colour).
        self.scale = [(Fraction(s["value"]), text(s["label"]), s.get("colour")) for s in doc["scale"]]
        self.standards = []  # (id, [criterion id])
        self.weight = {}  # criterion id -> weight (default 1)
        self.weight_text = {}  # criterion id -> the weight as written, or None
        self.standard_of = {}
        for s in doc["standards"]:
            sid = text(s["id"])
            ids = []
            for c in s["criteria"]:
                cid = text(c["id"])
                ids.append(cid)
                self.weight[cid] = Fraction(c["weight"]) if c.get("weight") is not None else Fraction(1)
                self.weight_text[cid] = text(c["weight"]) if c.get("weight") is not None else None
                self.standard_of[cid] = sid
            self.standards.append((sid, ids))
        self.criteria = [c for _, ids in self.standards for c in ids]
        rep = doc.get("replaces")
        self.replaces = None
        if rep:
            mapping = {}
            for here, there in (rep.get("map") or {}).items():
                if there is None:
                    mapping[text(here)] = []
                elif isinstance(there, list):
                    mapping[text(here)] = [text(t) for t in there]
                else:
                    mapping[text(here)] = [text(there)]
            self.replaces = (text(rep["framework"]), mapping)

    def level(self, written):
        """The scale value a grade names: a value of the scale, or its label."""
        for value, label, _ in self.scale:
            if isinstance(written, Fraction) and written == value:
                return value
            if isinstance(written, str) and written == label:
                return value
        raise SystemExit(f"{self.id}: `{written}` is not on the scale")

    def is_share(self):
        """On a scale of exactly two levels (No/Yes), a score is read as the share at
        the top level, and is not labelled with a level."""
        return len(self.scale) == 2

    def score_label(self, score):
        """The label a score is given, as `score_label`: none on a two-level scale."""
        return None if self.is_share() else self.label(score)[0]

    def label(self, score):
        """A score is labelled with the best scale level at or below it (never rounded
        up). Returns (label, colour)."""
        if score is None:
            return None, None
        best = None
        for value, label, colour in self.scale:
            if value <= score:
                best = (label, colour)
        return best or (None, None)


class Return:
    def __init__(self, doc, rel):
        self.rel = rel
        self.doc = doc
        self.framework_id = text(doc["framework"])
        self.organisation_written = text(doc["organisation"])
        self.period = text(doc["period"])
        self.visibility = doc.get("visibility")
        self.draft = doc.get("draft") is True
        self.actions = doc.get("actions") or []

    def resolve_grades(self):
        # Each criterion's result: grade, moderated (both scale values) or a
        # not_applicable reason. The effective grade is `moderated` where given.
        self.results = {}
        for r in self.doc.get("results") or []:
            cid = text(r["criterion"])
            na = r.get("not_applicable")
            grade = None if na is not None else self.framework.level(r["grade"])
            mod = self.framework.level(r["moderated"]) if r.get("moderated") is not None else None
            self.results[cid] = {"grade": grade, "moderated": mod, "na": text(na),
                                 "effective": None if na is not None else (mod if mod is not None else grade)}

    def output_dir(self):
        # content/A/B.yaml is published at A/B/ (as content/audits/a-2016.yaml is at
        # audits/a-2016/ in the product's tests).
        return self.rel[len("content/"):].rsplit(".", 1)[0]


# --- The figures -----------------------------------------------------------------------

def weighted_mean(ret, criteria):
    """The weighted mean of the graded criteria among `criteria`; None if none is
    graded (not-applicable criteria count in neither sum)."""
    num = den = Fraction(0)
    for cid in criteria:
        e = ret.results[cid]["effective"]
        if e is not None:
            w = ret.framework.weight[cid]
            num += w * e
            den += w
    return None if den == 0 else num / den


def score(ret):
    return weighted_mean(ret, ret.framework.criteria)


def shown(score_value):
    """A score as shown: one decimal, rounded down (like its label, never up)."""
    if score_value is None:
        return None
    tenths = math.floor(score_value * 10)
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    return f"{sign}{whole}.{frac}"


def shown_share(fw, score_value):
    """A score on a two-level scale as shown: the share at the top level, in per cent,
    to one decimal rounded down, with no `.0`: `80%`, `99.9%`."""
    low, high = fw.scale[0][0], fw.scale[-1][0]
    tenths = math.floor((score_value - low) / (high - low) * 1000)
    whole, frac = divmod(tenths, 10)
    return f"{whole}%" if frac == 0 else f"{whole}.{frac}%"


def overdue(action, as_of):
    """An action that is not done and whose `due` is before the as-of date."""
    due = text(action.get("due"))
    return action.get("status") != "done" and due is not None and due < as_of


def counterparts(site, fw, cid, target):
    """The criteria of framework `target` that criterion `cid` of `fw` compares with:
    through `map` where named (a list for a merged criterion, none for a new one),
    else the criterion of the same id, if there is one; step by step down the chain
    of replaced frameworks."""
    ids, cur = [cid], fw
    while cur.id != target.id:
        if not cur.replaces or cur.replaces[0] not in site.frameworks:
            return []
        old_id, mapping = cur.replaces
        old = site.frameworks[old_id]
        nxt = []
        for c in ids:
            if c in mapping:
                nxt += mapping[c]
            elif c in old.weight:
                nxt.append(c)
        ids, cur = nxt, old
    return ids


def previous_returns(site, ret):
    """SPEC: an organisation's previous return is its own return with the period that
    sorts next below (periods sort as text), to the same framework or one it
    replaces; if it has none, its predecessors' returns, one per predecessor,
    recursively through predecessors that made none. Only returns this build
    publishes count."""
    return previous_and_merged(site, ret)[0]


def previous_and_merged(site, ret):
    """The previous returns, and whether they are a merger's (an organisation formed
    from several, directly or through one that made no return): then `previous` is
    a list however many of them made a return."""
    family = {f.id for f in site.family(ret.framework)}

    def own(org):
        mine = [r for r in site.published
                if r.org == org and r.framework.id in family and r.period < ret.period]
        return max(mine, key=lambda r: r.period) if mine else None

    merged = [False]

    def resolve(org, seen):
        r = own(org)
        if r:
            return [r]
        out = []
        if site.registry:
            preds = [p for p in org.predecessors if p in site.registry.orgs]
            if len(preds) > 1:
                merged[0] = True
            for p in preds:
                if p not in seen:
                    out += resolve(site.registry.orgs[p], seen | {p})
        return out

    found = resolve(ret.org, {ret.org.key})
    return found, merged[0]


def compared(site, ret, prev):
    """How many of this return's criteria have a counterpart in the previous return's
    framework: all of them within one framework; through the map across versions."""
    return sum(1 for c in ret.framework.criteria if counterparts(site, ret.framework, c, prev.framework))


def missing(site, fw, period):
    """Organisations that made a return in the previous period (of this framework and
    the ones it replaces) and have none in this one, leaving out an organisation that
    closed and whose successor made one."""
    family = {f.id for f in site.family(fw)}
    rets = [r for r in site.published if r.framework.id in family]
    earlier = sorted({r.period for r in rets if r.period < period})
    if not earlier:
        return set()
    made_before = {r.org for r in rets if r.period == earlier[-1]}
    made_now = {r.org for r in rets if r.period == period}
    out = set()
    for org in made_before - made_now:
        if site.registry and org.closed is not None and any(
                s in made_now for s in site.registry.successors(org)):
            continue
        out.add(org)
    return out


# --- Comparing -----------------------------------------------------------------------

class Checker:
    def __init__(self, out_dir, pending, known=()):
        self.out = out_dir
        self.pending = set(pending)
        self.known = set(known)
        self.known_diffs = []
        self.checked = 0
        self.pending_count = 0
        self.searched = 0  # (file, private text) pairs searched in a public build
        self.mismatches = []

    def fail(self, file, what, expected, found):
        self.mismatches.append(f"{file}: {what}: expected {expected!r}, found {found!r}")

    def same(self, file, what, expected, found):
        """Exact comparison (text, booleans, counts, null)."""
        self.checked += 1
        if expected != found:
            self.fail(file, what, expected, found)

    def same_known(self, kind, file, what, expected, found):
        """As `same`, for a figure of a `kind` that --known may name: then a difference
        is listed as known, not as a mismatch."""
        if kind in self.known and expected != found:
            self.checked += 1
            self.known_diffs.append(f"known: {file}: {what}: expected {expected!r}, found {found!r}")
            return
        self.same(file, what, expected, found)

    def number(self, file, what, expected, found):
        """An exact Fraction against the float the product wrote: equal to within
        floating point (a relative 1e-9), or both null."""
        self.checked += 1
        if isinstance(found, bool) or not isinstance(found, (int, float, str, Fraction, type(None))):
            self.fail(file, what, None if expected is None else float(expected), found)
            return
        if expected is None or found is None:
            if expected is not None or found is not None:
                self.fail(file, what, None if expected is None else float(expected), found)
            return
        try:
            f = Fraction(found)
        except ValueError:
            self.fail(file, what, float(expected), found)
            return
        if abs(f - expected) > Fraction(1, 10**9) * max(1, abs(expected)):
            self.fail(file, what, float(expected), str(found) if isinstance(found, Fraction) else found)

    def field(self, file, obj, key, name):
        """obj[key]; a field named in --pending that is absent counts as pending."""
        if key not in obj:
            if name in self.pending:
                self.pending_count += 1
                return None, False
            self.checked += 1
            self.fail(file, name, "a field", "none")
            return None, False
        return obj[key], True


def check_audit_json(site, c, ret, as_of):
    rel = f"{ret.output_dir()}/audit.json"
    path = os.path.join(c.out, rel)
    if not os.path.exists(path):
        c.checked += 1
        c.fail(rel, "file", "an audit.json for " + ret.rel, "none")
        return
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    fw = ret.framework
    c.same(rel, "framework", fw.id, j.get("framework"))
    c.same(rel, "organisation", site.display_name(ret.org), j.get("organisation"))
    if site.registry:
        v, ok = c.field(rel, j, "organisation_id", "organisation_id")
        if ok:
            c.same(rel, "organisation_id", ret.org.key, v)
    c.same(rel, "period", ret.period, j.get("period"))
    s = score(ret)
    c.number(rel, "score", s, j.get("score"))
    if "score_label" in j:
        c.same(rel, "score_label", fw.score_label(s), j["score_label"])
    graded = [cid for cid in fw.criteria if ret.results[cid]["effective"] is not None]
    if "graded" in j:
        c.same(rel, "graded", len(graded), j["graded"])
    if "not_applicable" in j:
        c.same(rel, "not_applicable", len(fw.criteria) - len(graded), j["not_applicable"])
    # Counts per grade, and shares of graded results (as percentages).
    if "counts" in j:
        found = {Fraction(x["value"]): x for x in j["counts"]}
        c.same(rel, "counts[].value", [float(v) for v, _, _ in fw.scale], [x["value"] for x in j["counts"]])
        for value, label, _ in fw.scale:
            n = sum(1 for cid in graded if ret.results[cid]["effective"] == value)
            x = found.get(value, {})
            c.same(rel, f"counts[{label}].count", n, x.get("count"))
            c.number(rel, f"counts[{label}].share", Fraction(100 * n, len(graded)) if graded else None, x.get("share"))
    # Standards, in the framework's order, each with its score.
    standards = j.get("standards") or []
    c.same(rel, "standards[].id", [sid for sid, _ in fw.standards], [x.get("id") for x in standards])
    for (sid, ids), x in zip(fw.standards, standards):
        ss = weighted_mean(ret, ids)
        c.number(rel, f"standards[{sid}].score", ss, x.get("score"))
        if "score_label" in x:
            c.same(rel, f"standards[{sid}].score_label", fw.score_label(ss), x["score_label"])
    # Results: one per criterion, in order: grade or not_applicable, moderated where given.
    results = j.get("results") or []
    c.same(rel, "results[].criterion", fw.criteria, [x.get("criterion") for x in results])
    for cid, x in zip(fw.criteria, results):
        r = ret.results[cid]
        where = f"results[{cid}]"
        if r["na"] is not None:
            c.same(rel, where + ".not_applicable", r["na"], x.get("not_applicable"))
            c.same(rel, where + " has no grade", None, x.get("grade"))
        else:
            c.number(rel, where + ".grade", r["grade"], x.get("grade"))
            c.same(rel, where + ".not_applicable", None, x.get("not_applicable"))
        c.number(rel, where + ".moderated", r["moderated"], x.get("moderated"))
        if "effective" in x:
            c.number(rel, where + ".effective", r["effective"], x["effective"])
        if "label" in x:
            c.same(rel, where + ".label", fw.label(r["effective"])[0], x["label"])
    # Actions: id, status, due, and overdue (not done, due before the as-of date).
    actions = j.get("actions") or []
    c.same(rel, "actions[].id", [text(a.get("id")) for a in ret.actions], [x.get("id") for x in actions])
    for a, x in zip(ret.actions, actions):
        aid = text(a.get("id"))
        c.same(rel, f"actions[{aid}].status", a.get("status"), x.get("status"))
        c.same(rel, f"actions[{aid}].due", text(a.get("due")), x.get("due"))
        c.same(rel, f"actions[{aid}].overdue", overdue(a, as_of), x.get("overdue"))
    # Previous: an object, a list (one per predecessor), or null.
    prevs, merged = previous_and_merged(site, ret)
    found = j.get("previous")
    if not prevs:
        c.same(rel, "previous", None, found)
    else:
        if len(prevs) == 1 and not merged:
            c.same(rel, "previous is an object", True, isinstance(found, dict))
            pairs = [(prevs[0], found if isinstance(found, dict) else {})]
        else:
            c.same(rel, "previous is a list", True, isinstance(found, list))
            items = found if isinstance(found, list) else []
            c.same(rel, "previous[] count", len(prevs), len(items))
            pairs = list(zip(prevs, items))
        for n, (p, x) in enumerate(pairs):
            where = "previous" if len(prevs) == 1 and not merged else f"previous[{n}]"
            c.same(rel, where + ".period", p.period, x.get("period"))
            c.number(rel, where + ".score", score(p), x.get("score"))
            for key, expected in (("framework", p.framework.id),
                                  ("organisation", site.display_name(p.org)),
                                  ("compared", compared(site, ret, p))):
                v, ok = c.field(rel, x, key, "previous." + key)
                if ok:
                    c.same(rel, f"{where}.{key}", expected, v)


def check_audit_csv(site, c, ret):
    """audit.csv: a row per criterion. Columns are found by their header names."""
    rel = f"{ret.output_dir()}/audit.csv"
    path = os.path.join(c.out, rel)
    if not os.path.exists(path):
        c.checked += 1
        c.fail(rel, "file", "an audit.csv for " + ret.rel, "none")
        return
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fw = ret.framework
    c.same(rel, "rows (criterion column)", fw.criteria, [r.get("criterion") for r in rows])
    prevs = previous_returns(site, ret)
    for cid, row in zip(fw.criteria, rows):
        r = ret.results[cid]
        where = f"row {cid}"
        for col, expected in (("framework", fw.id), ("organisation", site.display_name(ret.org)),
                              ("period", ret.period), ("standard", fw.standard_of[cid]),
                              ("not_applicable", r["na"] or ""),
                              ("label", fw.label(r["effective"])[0] or "")):
            if col in row:
                c.same(rel, f"{where} {col}", expected, row[col])
        for col, expected in (("weight", fw.weight[cid]), ("grade", r["grade"]),
                              ("moderated", r["moderated"]), ("effective", r["effective"])):
            if col in row:
                c.number(rel, f"{where} {col}", expected, row[col] or None)
        # `previous`: the effective grade of the criterion it compares with, where that
        # is one criterion of one previous return (a merged criterion, or several
        # predecessors, have no single previous grade, so are not checked).
        if "previous" in row:
            if not prevs:
                c.same(rel, f"{where} previous", "", row["previous"])
            elif len(prevs) == 1:
                there = counterparts(site, fw, cid, prevs[0].framework)
                if len(there) <= 1:
                    e = prevs[0].results[there[0]]["effective"] if there else None
                    c.number(rel, f"{where} previous", e, row["previous"] or None)


def check_public(site, c):
    """A public build: no page or download of a private return, and nothing of it
    anywhere (its comments and actions carry tokens the generator wrote); without a
    registry, no name of an organisation whose every return is private."""
    if site.audience != "public":
        return
    hidden = [r for r in site.returns if not r.published]
    for r in hidden:
        for name in ("audit.json", "audit.csv", "index.html"):
            rel = f"{r.output_dir()}/{name}"
            c.same(rel, "absent in a public build", False, os.path.exists(os.path.join(c.out, rel)))
    needles = set()
    for r in hidden:
        for m in re.finditer(r"PRIVATE-TOKEN-\d+", json.dumps(r.doc, default=str)):
            needles.add(m.group(0))
    if not site.registry:
        shown_orgs = {r.org for r in site.published}
        for r in hidden:
            if r.org not in shown_orgs:
                needles.add(r.organisation_written)
    for dirpath, _, files in os.walk(c.out):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                data = f.read().decode("utf-8", "replace")
            rel = os.path.relpath(path, c.out)
            for n in sorted(needles):
                c.searched += 1
                if n in data or html.escape(n) in data:
                    c.fail(rel, "private content", "absent", n)


def check_no_extra_downloads(site, c):
    """Every audit.json in the output is one of a published return."""
    expected = {f"{r.output_dir()}/audit.json" for r in site.published}
    for dirpath, _, files in os.walk(c.out):
        if "audit.json" in files:
            rel = os.path.relpath(os.path.join(dirpath, "audit.json"), c.out).replace(os.sep, "/")
            c.same(rel, "a published return's download", True, rel in expected)


# --- HTML pages: tests/independent/pages.py, a function per page kind ---------------------

import pages  # noqa: E402  (beside this file)

pages.k = sys.modules[__name__]
HTML_CHECKS = pages.HTML_CHECKS


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site")
    ap.add_argument("output")
    ap.add_argument("--audience", choices=["internal", "public"], default="internal")
    ap.add_argument("--as-of", default="2026-11-22")
    ap.add_argument("--pending", default="", help="fields not yet written by the product")
    ap.add_argument("--known", default="", help="figures known to differ, already reported")
    ap.add_argument("--no-html", action="store_true", help="skip the HTML page checks")
    args = ap.parse_args()
    site = Site(args.site, args.audience)
    site.as_of = args.as_of
    c = Checker(args.output, [p for p in args.pending.split(",") if p], [x for x in args.known.split(",") if x])
    for ret in site.published:
        check_audit_json(site, c, ret, args.as_of)
        check_audit_csv(site, c, ret)
    check_no_extra_downloads(site, c)
    check_public(site, c)
    if not args.no_html:
        for kind, check in HTML_CHECKS.items():
            check(site, c)
    for m in c.mismatches + c.known_diffs:
        print(m)
    print(f"{c.checked} figures checked over {len(site.published)} returns "
          f"({args.audience} build), {len(c.mismatches)} mismatches"
          + (f", {c.pending_count} pending (absent, allowed by --pending)" if c.pending_count else "")
          + (f", {len(c.known_diffs)} known differences (--known)" if c.known_diffs else "")
          + (f"; {c.searched} searches of output files for private text" if c.searched else ""))
    sys.exit(1 if c.mismatches else 0)


if __name__ == "__main__":
    main()
