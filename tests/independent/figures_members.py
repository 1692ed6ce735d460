"""The other pages that show figures, checked figure by figure against figures_check.py's
own computation (SPEC.md "Organisations and partnerships", "Indicators", "Training
compliance", "Small numbers in public builds", "Embedding figures in a page" and
figures-design.md), never the product's code. Called by figures_check.py with --html,
after figures_pages.py, whose text formats it uses; every cell compared is one figure.

Organisation pages (`organisations/ID/index.html`, under the registry page's URL): the
section "Figures" (`#sg-figures`) has one table per published dataset with a figure of
the organisation, in the datasets' order (content path order), captioned
"TITLE: NAME, latest period":
- an indicator set: one row per indicator with a figure of the organisation, in the
  set's order: its latest period figure (never a year roll-up) of the organisation's
  own series: period, figure, target, status words, change since the previous period;
- training: "All staff" (the organisation's total over strand, level and staff group in
  the dataset's latest period the organisation has), then its totals by strand and level
  (staff groups added) in that period, in strands and level order: period, eligible,
  compliant, compliance, target, status, change.
An organisation with no figure in any published dataset has no "Figures" section.

Partnership pages (`organisations/PID/index.html`): no table of "the partnership's own
figures" (data rows name organisations, never partnerships), and one table of "its
members' figures added together" (caption "TITLE: its members' figures added together,
latest period") per published dataset where two or more of its members (registry
`partnerships:`) report:
- indicators where figures add (ratio Σnum/Σden, sum, last of count): the members'
  total of each period (the members reporting in it), a row per indicator with the
  latest period of that total, and the change since the same total's previous period;
- training: the members' totals in the latest period any member has: "All staff", then
  by strand and level.
Public builds protect these totals like any other count and percentage (figures_check's
`present` and training rules: counts rounded to 5 or `*`, percentages whole on the
unfavourable side or left out, status of the shown figure, changes between shown
figures).

Embedded blocks (every content page with an ```indicators or ```training block):
- indicators: a row per listed indicator (all of the set's when none are listed), in
  the order listed: the headline series (the totals, else the set's one organisation)
  figure of `period:` (a year in a quarterly or monthly set is the year roll-up; no
  `period:` the set's latest period); whose ("All N organisations together", N the
  organisations of the indicator, or the organisation's name); the numerator and
  denominator ("A of B") for ratios; target; status words ("Left out" where a targeted
  figure is withheld); change since the previous period (or year), and for a period
  (not a year) change since the same period a year before. An indicator with no
  headline series has one cell saying it is not added up.
- training: `by: organisation`: each organisation's total in the period (default the
  latest), by name; default: the totals by strand and level then "All staff".

Readings (where SPEC and the design doc are silent; the product's choice adopted):
- The members' total of a period adds the members reporting in that period (as the
  set's totals do), so a `last` count's total falls when a member has no figure.
- A partnership's dataset counts when two or more members have any row in it; an
  indicator of it reported by a single member still has a "total" (that member's).

Not adopted (checked as one figure per table, rows still matched ignoring case and
hyphens so their figures are compared): strand and level rows of the organisation and
partnership tables must be labelled as on the figures pages and in embedded blocks
(`Children, level 1`, `Mental capacity, board`), not by their ids (`mental-capacity,
board`); row order is checked.
"""
import os
import re

import figures_pages as fp
from figures_pages import DASH, Page, body_rows, cells_text, value_text, count_text, change_text, change_of, \
    target_text, status_text, strand_label


def norm_label(s):
    return " ".join(s.lower().replace("-", " ").split())


def org_key_sort(site, keys):
    return sorted(keys, key=lambda k: site.registry.names.get(k, k).lower() if site.registry else k)


def comp_text(f, withheld):
    if f is None:
        return DASH
    if f["compliance"] is None:
        return DASH if f["eligible"] == 0 else ("*" if withheld else DASH)
    return value_text(f["compliance"], "percent", "higher", withheld)


def kind_of(f):
    return tuple(f[k] is not None for k in ("organisation", "strand", "level", "staff_group"))


# --- The expected rows of a "held" table -----------------------------------------------------

def held_indicator_rows(exp, withheld, org):
    """[(label, [period, figure, target, status, change])] for the figures of `org`
    (None: the totals) in an expected indicators set."""
    out = []
    for ei in exp["indicators"]:
        ind = ei["_ind"]
        mine = [f for f in ei["figures"] if f["organisation"] == org and not f["year"]]
        if not mine:
            continue
        f = mine[-1]
        out.append((ind.title, [f["period"], value_text(f["value"], ind.unit, ind.better, withheld),
                                target_text(ind.target, ind.unit), status_text(f["status"]),
                                change_of(f, "change", ind.unit)]))
    return out


def held_training_rows(exp, withheld, org):
    """[(label, [period, eligible, compliant, compliance, target, status, change])]: `org`'s
    (None: the overall) total and its strand and level totals in its latest period."""
    figs = exp["figures"]
    whole = (org is not None, False, False, False)
    levels = (org is not None, True, True, False)
    mine = [f for f in figs if f["organisation"] == org and kind_of(f) == whole]
    if not mine:
        return []
    last = mine[-1]["period"]

    def row(f):
        return [f["period"], count_text(f["eligible"], withheld), count_text(f["compliant"], withheld),
                comp_text(f, withheld), target_text(f["target"], "percent"), status_text(f["status"]),
                change_of(f, "change", "percent")]
    out = [("All staff", row(mine[-1]))]
    for f in figs:
        if f["period"] == last and f["organisation"] == org and kind_of(f) == levels:
            out.append((strand_label(f["strand"], f["level"]), row(f)))
    return out


def compare_held(p, what, table, want, training):
    """One held-figures table against [(label, cells)]."""
    names = (["period", "eligible", "compliant", "compliance", "target", "status", "change"] if training
             else ["period", "figure", "target", "status", "change"])
    rows = body_rows(table)
    got_labels = [r[0].text() for r in rows]
    p.same(f"{what}: row labels", [lab for lab, _ in want], got_labels)
    by_label = {norm_label(r[0].text()): r for r in rows}
    for lab, cells in want:
        r = by_label.get(norm_label(lab))
        if r is None:
            p.missing(f"{what}: row {lab}")
            continue
        got = cells_text(r)[1:]
        for name, e, g in zip(names, cells, got + [None] * (len(cells) - len(got))):
            p.same(f"{what}: {lab} {name}", e, g)
    p.checked_rows = getattr(p, "checked_rows", 0) + len(want)


def held_tables(p, section, prefix):
    """{title: table} of the held-figures tables with ids PREFIX-N-caption, in order."""
    out = []
    if section is None:
        return out
    for cap in section.find_all("caption"):
        if re.fullmatch(rf"{re.escape(prefix)}-\d+-caption", cap.attrs.get("id") or ""):
            link = cap.find("a")
            out.append((link.text() if link is not None else cap.text(), cap.text(), cap.parent))
    return out


# --- Organisation and partnership pages ------------------------------------------------------

def check_members(c, site, fc):
    if site.registry is None:
        return
    withheld = site.public_rules()
    base = fc.output_dir(site.registry_rel)
    published = [(rel, doc) for rel, doc in site.datasets if site.published(doc)]

    # Every dataset's expectation once, and which organisations it names.
    full = {}
    for rel, doc in published:
        exp = fc.expected_indicators(site, rel, doc) if doc["kind"] == "indicators" else \
            fc.expected_training(site, rel, doc)
        full[rel] = exp

    def orgs_of(rel, doc):
        exp = full[rel]
        figs = [f for ei in exp["indicators"] for f in ei["figures"]] if doc["kind"] == "indicators" \
            else exp["figures"]
        return {f["organisation"] for f in figs if f["organisation"]}

    named = {rel: orgs_of(rel, doc) for rel, doc in published}

    for oid, name in site.registry.names.items():
        rel_page = f"{base}/{oid}/index.html"
        if not os.path.exists(os.path.join(c.out, rel_page)):
            c.checked += 1
            c.fail(rel_page, "the organisation page", "present", "absent")
            continue
        p = Page(c, rel_page)
        section = p.root.find("section", aria_labelledby="sg-figures")
        mine = [(rel, doc) for rel, doc in published if oid in named[rel]]
        tables = held_tables(p, section, "sg-figures")
        p.same("Figures: tables", [fc.text(doc.get("title")) for _, doc in mine], [t for t, _, _ in tables])
        found = {t: (cap, tab) for t, cap, tab in tables}
        for rel, doc in mine:
            title = fc.text(doc.get("title"))
            if title not in found:
                continue
            cap, table = found[title]
            p.same(f"Figures: {title} caption", f"{title}: {name}, latest period", cap)
            if doc["kind"] == "indicators":
                want = held_indicator_rows(full[rel], withheld, oid)
            else:
                want = held_training_rows(full[rel], withheld, oid)
            compare_held(p, f"Figures: {title}", table, want, doc["kind"] == "training")

    for pid, pname in site.registry.partnerships.items():
        rel_page = f"{base}/{pid}/index.html"
        if not os.path.exists(os.path.join(c.out, rel_page)):
            c.checked += 1
            c.fail(rel_page, "the partnership page", "present", "absent")
            continue
        p = Page(c, rel_page)
        section = p.root.find("section", aria_labelledby="sg-figures")
        members = set(site.registry.members.get(pid, []))
        p.same("Figures: the partnership's own figures", [], [t for t, _, _ in held_tables(p, section, "sg-own")])
        mine = []
        for rel, doc in published:
            if len(named[rel] & members) < 2:
                continue
            if doc["kind"] == "indicators":
                exp = fc.expected_indicators(site, rel, doc, keep=members)
                want = held_indicator_rows(exp, withheld, None)
            else:
                exp = fc.expected_training(site, rel, doc, keep=members)
                want = held_training_rows(exp, withheld, None)
            if want:
                mine.append((rel, doc, want))
        tables = held_tables(p, section, "sg-members-figures")
        p.same("Figures: its members' figures added together: tables",
               [fc.text(doc.get("title")) for _, doc, _ in mine], [t for t, _, _ in tables])
        found = {t: (cap, tab) for t, cap, tab in tables}
        for rel, doc, want in mine:
            title = fc.text(doc.get("title"))
            if title not in found:
                continue
            cap, table = found[title]
            p.same(f"Members' figures: {title} caption", f"{title}: its members' figures added together, latest period",
                   cap)
            compare_held(p, f"Members' figures: {title}", table, want, doc["kind"] == "training")

    check_embeds(c, site, fc, full)


# --- Embedded blocks ---------------------------------------------------------------------------

FENCE = re.compile(r"^```(indicators|training)[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)


def page_output(rel_md):
    """content/a/b.md -> a/b/index.html; content/a/_index.md -> a/index.html."""
    rel = rel_md[len("content/"):]
    d, name = os.path.split(rel)
    stem = os.path.splitext(name)[0]
    parts = [x for x in (d, "" if stem in ("_index", "index") else stem) if x]
    return "/".join(parts + ["index.html"])


def check_embeds(c, site, fc, full):
    import yaml
    by_rel = {rel: doc for rel, doc in site.datasets}
    for dirpath, dirs, files in os.walk(os.path.join(site.root, "content")):
        dirs.sort()
        for fname in sorted(files):
            if not fname.endswith(".md"):
                continue
            path = os.path.join(dirpath, fname)
            with open(path, encoding="utf-8") as f:
                src = f.read()
            blocks = FENCE.findall(src)
            if not blocks:
                continue
            m = re.match(r"^---\n(.*?)\n---\n", src, re.S)
            front = yaml.safe_load(m.group(1)) if m else {}
            if site.audience == "public" and (front.get("visibility") or site.default_visibility) != "public":
                continue
            rel_md = os.path.relpath(path, site.root).replace(os.sep, "/")
            rel_page = page_output(rel_md)
            if not os.path.exists(os.path.join(c.out, rel_page)):
                c.checked += 1
                c.fail(rel_page, "the page embedding figures", "present", "absent")
                continue
            p = Page(c, rel_page)
            embeds = p.root.find_all("div", cls="figures-embed")
            p.same("embedded blocks", len(blocks), len(embeds))
            for n, ((kind, body), div) in enumerate(zip(blocks, embeds)):
                lines = body.strip("\n").split("\n")
                src_rel = os.path.normpath(os.path.join(os.path.dirname(rel_md), lines[0].strip())).replace(os.sep, "/")
                opts = yaml.safe_load("\n".join(lines[1:])) or {}
                doc = by_rel.get(src_rel)
                if doc is None or src_rel not in full:
                    continue
                table = div.find("table")
                what = f"block {n + 1} ({kind} {lines[0].strip()})"
                if table is None:
                    p.missing(f"{what} table")
                    continue
                if kind == "indicators":
                    check_indicators_embed(p, site, fc, what, full[src_rel], opts, table)
                else:
                    check_training_embed(p, site, fc, what, full[src_rel], opts, table)


def check_indicators_embed(p, site, fc, what, exp, opts, table):
    withheld = site.public_rules()
    kind = exp["period_kind"]
    period = opts.get("period")
    period = fc.text(period) if period is not None else None
    wanted = [fc.text(i) for i in opts.get("indicators") or [ei["id"] for ei in exp["indicators"]]]
    by_id = {ei["id"]: ei for ei in exp["indicators"]}
    if period is None:
        periods = {f["period"] for ei in exp["indicators"] for f in ei["figures"] if not f["year"]}
        period = max(periods, key=lambda x: fc.ordinal(x, kind))
    is_year = kind != "year" and re.fullmatch(r"\d{4}-\d{2}", period) is not None
    year_before = not is_year and kind != "year"
    if is_year or kind == "year":
        prev = fc.fy_name(int(period[:4]) - 1)
    else:
        prev = fc.previous_period(period, kind)
    heads = [th.text() for th in table.find("thead").find_all("th")]
    want_heads = ["Indicator", "Figure", "Target", "Status", f"Change since {prev}"]
    if year_before:
        want_heads.append(f"Change since {fc.year_before(period, kind)}")
    p.same(f"{what} columns", want_heads, heads)
    cap = table.find("caption").text()
    p.same(f"{what} caption", True, cap.startswith(fc.text(exp["title"]) + ": ") and period in cap)
    rows = body_rows(table)
    p.same(f"{what} rows", [by_id[i]["title"] for i in wanted],
           [r[0].text(skip=("figure-note", "partial")) for r in rows])
    for iid, r in zip(wanted, rows):
        ei = by_id[iid]
        ind = ei["_ind"]
        figs = ei["figures"]
        orgs = sorted({f["organisation"] for f in figs if f["organisation"]})
        totals = [f for f in figs if f["organisation"] is None]
        if totals:
            series, whose = totals, f"All {len(orgs)} organisations together"
        elif len(orgs) == 1:
            series, whose = figs, figs[0]["organisation_name"]
        else:
            series, whose = None, None
        label = f"{what} {iid}"
        cells = r[1:]
        if series is None:
            p.same(f"{label}: not added up (one cell)", 1, len(cells))
            p.same(f"{label}: not added up", True, "Not added up" in cells_text(r)[-1])
            continue
        f = next((f for f in series if f["period"] == period and f["year"] == is_year), None)
        notes = [s.text(skip=()) for s in r[0].find_all("span", cls="figure-note")]
        p.same(f"{label} whose", whose, notes[0] if notes else None)
        if f is None:
            p.same(f"{label}: no figure for {period} (one cell)", 1, len(cells))
            continue
        fig_cell = cells[0] if cells else None
        want = [value_text(f["value"], ind.unit, ind.better, withheld)]
        got = [fig_cell.text() if fig_cell is not None else None]
        names = ["figure"]
        if ind.measure == "ratio" and f["numerator"] is not None and f["denominator"] is not None:
            note = fig_cell.find("span", cls="figure-note") if fig_cell is not None else None
            want.append(f"{count_text(f['numerator'], withheld)} of {count_text(f['denominator'], withheld)}")
            got.append(note.text(skip=()) if note is not None else None)
            names.append("numerator of denominator")
        if withheld and f["value"] is None and ind.target is not None:
            st = "Left out"
        else:
            st = status_text(f["status"])
        want += [target_text(ind.target, ind.unit), st, change_of(f, "change", ind.unit)]
        names += ["target", "status", "change"]
        rest = cells_text(r)[2:]
        if year_before:
            want.append(change_of(f, "change_year", ind.unit))
            names.append("change since a year before")
        got += rest + [None] * (len(want) - len(got) - len(rest))
        for name, e, g in zip(names, want, got):
            p.same(f"{label} {period} {name}", e, g)
        part = r[0].find("span", cls="partial")
        exp_part = fp.partial_text(f, kind)
        p.same(f"{label} {period} partial year", f"({exp_part[1:-1]})" if exp_part else None,
               part.text() if part is not None else None)


def check_training_embed(p, site, fc, what, exp, opts, table):
    withheld = site.public_rules()
    figs = exp["figures"]
    periods = []
    for f in figs:
        if f["period"] not in periods:
            periods.append(f["period"])
    period = fc.text(opts["period"]) if opts.get("period") is not None else periods[-1]
    here = [f for f in figs if f["period"] == period]
    if opts.get("by") == "organisation":
        want = [(f["organisation_name"], f) for f in sorted(
            (f for f in here if kind_of(f) == (True, False, False, False)), key=lambda f: f["organisation_name"])]
    else:
        want = [(strand_label(f["strand"], f["level"]), f) for f in here if kind_of(f) == (False, True, True, False)]
        want += [("All staff", f) for f in here if kind_of(f) == (False, False, False, False)]
    heads = [th.text() for th in table.find("thead").find_all("th")]
    prev = fc.previous_period(period, fc.period_kind(periods))
    p.same(f"{what} change column", f"Change since {prev}", heads[-1] if heads else None)
    cap = table.find("caption").text()
    p.same(f"{what} caption", True, cap.startswith(fc.text(exp["title"]) + ": ") and f" in {period}" in cap)
    rows = body_rows(table)
    p.same(f"{what} rows", [lab for lab, _ in want], [r[0].text() for r in rows])
    by_label = {r[0].text(): r for r in rows}
    for lab, f in want:
        r = by_label.get(lab)
        if r is None:
            continue
        cells = [count_text(f["eligible"], withheld), count_text(f["compliant"], withheld), comp_text(f, withheld),
                 target_text(f["target"], "percent"), status_text(f["status"]), change_of(f, "change", "percent")]
        got = cells_text(r)[1:]
        for name, e, g in zip(["eligible", "compliant", "compliance", "target", "status", "change"], cells,
                              got + [None] * (6 - len(got))):
            p.same(f"{what} {period} {lab} {name}", e, g)
