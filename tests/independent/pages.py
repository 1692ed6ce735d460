"""HTML checks for tests/independent/check.py: one function per page kind, each working
out its figures from SPEC/README rules (with check.py's exact computation) and reading
the page only to find where each figure is. check.py sets `k` to itself before use.

Each check finds one stable pattern per figure; a figure that cannot be found is counted
and reported as found `None`.
"""
import html
import math
import os
import re
from fractions import Fraction

k = None  # the check module (score, shown, counterparts, ...), set by check.py


# --- Small helpers -----------------------------------------------------------------

def read_html(c, rel):
    path = os.path.join(c.out, rel)
    if not os.path.exists(path):
        c.checked += 1
        c.fail(rel, "page", "a page", "none")
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()


SCORE_HTML = re.compile(r'<span class="num">([^<]*)</span> <strong class="grade grade-([a-z]+)">([^<]*)</strong>')


SHARE_HTML = re.compile(r'<span class="num">([0-9.]+%)</span> ([^<]+?)\s*</p>')

FROM_SHARE_HTML = re.compile(r'From ([0-9.]+%) ([^<(]+?) in the <a href="[^"]*">([^<]*)</a>')

FROM_HTML = re.compile(r'From ([0-9.-]+) \(([^)]*)\) in the <a href="[^"]*">([^<]*)</a>')


def html_framework_missing(site, c, fw):
    """The framework page: for each period, the organisations that made a return in the
    previous period and have none in this one (the callout before the period's grid)."""
    rel = fw.rel[len("content/"):].rsplit(".", 1)[0] + "/index.html"
    page = read_html(c, rel)
    if page is None:
        return
    periods = sorted({r.period for r in site.published if r.framework is fw})
    for period in periods:
        start = page.find(f'<h2 id="period-{period}">')
        if start < 0:
            c.checked += 1
            c.fail(rel, f"period {period}", "a section", "none")
            continue
        end = page.find('<h2 id="period-', start + 1)
        section = page[start:end if end > 0 else len(page)]
        names = set()
        m = re.search(r"No published return for.*?<ul>(.*?)</ul>", section, re.S)
        if m:
            names = {html.unescape(re.sub(r"<[^>]+>", "", li)).strip()
                     for li in re.findall(r"<li>(.*?)</li>", m.group(1), re.S)}
        # A closed organisation is listed with the day it closed: "(closed 5 March 2024)".
        expected = sorted(site.display_name(o) + closed_note(o) for o in k.missing(site, fw, period))
        c.same(rel, f"missing a return for {period}", expected, sorted(names))


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def closed_note(org):
    """` (closed 30 September 2021)` for an organisation the registry says closed."""
    closed = k.text(getattr(org, "closed", None))
    if not closed:
        return ""
    y, m, d = (int(x) for x in closed.split("-"))
    return f" (closed {d} {MONTHS[m - 1]} {y})"


def untag(s):
    """Text of an HTML fragment, tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", s)).split())


def value_text(v):
    """A scale value as written on a page: `75`, `0.5`."""
    if v.denominator == 1:
        return str(v.numerator)
    s = f"{float(v):.10f}".rstrip("0")
    return s


def pct(n, d):
    """A share as a whole per cent, to the nearest (an exact half to the even: 62.5% is
    shown 62%), and `<1%` or `>99%` for a share that would read as none or all (0.4%,
    99.6%) but is neither. SPEC and README leave both open; this is the product's way."""
    if d == 0:
        return None
    x = Fraction(100 * n, d)
    shown = round(x)
    if shown == 0 and x > 0:
        return "<1%"
    if shown == 100 and x < 100:
        return ">99%"
    return f"{shown}%"


def score_text(fw, s):
    """A score as shown with its label: `66.2 Partially met`, or `75% Yes`."""
    if s is None:
        return None
    if fw.is_share():
        return f"{k.shown_share(fw, s)} {fw.scale[-1][1]}"
    return f"{k.shown(s)} {fw.label(s)[0]}"


def score_paren(fw, s):
    """A score as the change note writes it: `50.0 (Partially met)`, or `40% Yes`."""
    if s is None or fw.is_share():
        return score_text(fw, s)
    return f"{k.shown(s)} ({fw.label(s)[0]})"


def coverage_text(ret):
    """`, graded on 11 of 15 criteria (4 not applicable)` for a partial return."""
    fw = ret.framework
    g = len(graded(ret))
    n = len(fw.criteria)
    return "" if g == n else f", graded on {g} of {n} criteria ({n - g} not applicable)"


def graded(ret):
    return [cid for cid in ret.framework.criteria if ret.results[cid]["effective"] is not None]


def label_or_na(fw, e):
    return "Not applicable" if e is None else fw.label(e)[0]


def direction(now, then):
    return "Improved" if now > then else "Worse" if now < then else "No change"


def section(page, start_pat, end_pats):
    """The part of `page` from the first match of start_pat to the first of end_pats after it."""
    m = re.search(start_pat, page)
    if not m:
        return None
    end = len(page)
    for p in end_pats:
        e = re.compile(p).search(page, m.end())
        if e:
            end = min(end, e.start())
    return page[m.start():end]


def tenths_diff(a, b):
    """The change between two shown numbers (text, one decimal), as shown: `+7.4`."""
    d = round((Fraction(a) - Fraction(b)) * 10)
    sign = "-" if d < 0 else "+"  # no change is written +0.0 (+0 points)
    whole, frac = divmod(abs(d), 10)
    return f"{sign}{whole}.{frac}"


def points_diff(a, b):
    """The change between two shown shares (`80%`, `62.4%`) in percentage points."""
    d = round((Fraction(a.rstrip("%")) - Fraction(b.rstrip("%"))) * 10)
    sign = "-" if d < 0 else "+"  # no change is written +0.0 (+0 points)
    whole, frac = divmod(abs(d), 10)
    return f"{sign}{whole}" + ("" if frac == 0 else f".{frac}") + " percentage points"


def comparison(site, ret, prev):
    """Each criterion's comparison with `prev`: {cid: (counterparts, status)} where
    status is Improved / Worse / No change, or the reason for none (as words the page
    uses for them: new, not applicable now, not applicable then, merged differently),
    or None where the rules do not settle it (a merged criterion with some of its
    earlier criteria not applicable)."""
    fw = ret.framework
    out = {}
    for cid in fw.criteria:
        there = k.counterparts(site, fw, cid, prev.framework)
        now = ret.results[cid]["effective"]
        thens = [prev.results[t]["effective"] for t in there]
        if not there:
            status = "new"
        elif now is None:
            status = "na-now"
        elif all(t is None for t in thens):
            status = "na-then"
        elif any(t is None for t in thens):
            status = None
        else:
            dirs = {direction(now, t) for t in thens}
            status = dirs.pop() if len(dirs) == 1 else "merged-differ"
        out[cid] = (there, status)
    return out


def overdue_first(c, rel, marks):
    """Overdue actions (True) come before the rest: the first one that does not."""
    late = next((i for i, m in enumerate(marks) if m and False in marks[:i]), None)
    c.same(rel, "overdue actions first", None,
           None if late is None else f"an overdue action at row {late + 1}, after one not overdue")


def tally(comp):
    dirs = [s for _, s in comp.values()]
    return (dirs.count("Improved"), dirs.count("Worse"), dirs.count("No change"))


STATUS_WORDS = {
    "new": "New in this framework, so there is nothing to compare with",
    "na-now": "Not applicable now, so not compared",
    "merged-differ": "Merged from earlier criteria that compare differently, so no one direction",
}


def status_words(status, prev):
    if status == "na-then":
        return f"Not applicable in {prev.period}, so not compared"
    return STATUS_WORDS.get(status, status)


def page_rel(ret):
    return f"{ret.output_dir()}/index.html"


# --- Charts: each row's label, its bars (colour, width) and the figures written on them --

def chart(page, title_id):
    """The rows of the SVG chart titled `title_id`: [(label, [(colour, width)], [(colour
    or None, text)])], or None if there is no such chart."""
    m = re.search(rf'<svg class="chart"[^>]*aria-labelledby="{title_id} [^"]*".*?</svg>', page, re.S)
    if not m:
        return None
    rows = []
    for part in m.group(0).split('<text class="chart-label"')[1:]:
        label = untag(part[part.index(">") + 1:part.index("</text>")])
        bars = [(col, Fraction(w)) for col, w in
                re.findall(r'<rect class="chart-bar grade-([a-z]+)"[^>]* width="([0-9.]+)"', part)]
        texts = [(col or None, untag(t)) for col, t in
                 re.findall(r'<text class="chart-(?:value|segment)(?: grade-([a-z]+))?"[^>]*>(.*?)</text>', part)]
        rows.append((label, bars, texts))
    return rows


def close(expected, found, within=Fraction(1, 20)):
    """A bar's drawn length against its exact length: equal to the tenth it is drawn to."""
    return abs(Fraction(found) - expected) <= within + Fraction(1, 10**9)


def check_bar(c, rel, what, expected, found, within=Fraction(1, 20), least=2):
    """A bar as long as `expected`; one that is not zero is drawn at least `least` long,
    so that it shows (the parts of a stacked bar are not: least=0)."""
    if 0 < expected < least:
        expected = Fraction(least)
    c.checked += 1
    if found is None or not close(expected, found, within):
        c.fail(rel, what, f"{float(expected):.2f}", None if found is None else float(found))


def html_audit_charts(site, c, ret, page, rel):
    """The chart of results at each grade (count and share, a bar as long as the count)
    and the chart of each standard's score (a bar as long as the score, from 0)."""
    fw = ret.framework
    g = graded(ret)
    rows = chart(page, "sg-audit-grades-title")
    if g:
        counts = [(value, label, colour, sum(1 for cid in g if ret.results[cid]["effective"] == value))
                  for value, label, colour in fw.scale]
        top = max(n for *_, n in counts)
        c.same(rel, "grades chart rows", [label for _, label, _, _ in counts], [r[0] for r in rows or []])
        for (value, label, colour, n), row in zip(counts, rows or []):
            c.same(rel, f"grades chart {label}", f"{n} ({pct(n, len(g))})", row[2][0][1] if row[2] else None)
            if top:
                check_bar(c, rel, f"grades chart {label} bar (of {200})", Fraction(200 * n, top),
                          row[1][0][1] if row[1] else None)
    rows = chart(page, "sg-audit-standards-title")
    if rows is None:
        return
    c.same(rel, "standards chart rows", [f"Standard {sid}" for sid, _ in fw.standards], [r[0] for r in rows])
    top = fw.scale[-1][0]
    for (sid, ids), row in zip(fw.standards, rows):
        ss = k.weighted_mean(ret, ids)
        c.same(rel, f"standards chart {sid}", score_text(fw, ss) or "not applicable", row[2][0][1] if row[2] else None)
        if ss is not None:
            check_bar(c, rel, f"standards chart {sid} bar (of 200)", 200 * ss / top, row[1][0][1] if row[1] else None)


# --- Audit pages ---------------------------------------------------------------------

def html_audit_page(site, c, ret, as_of):
    rel = page_rel(ret)
    page = read_html(c, rel)
    if page is None:
        return
    fw = ret.framework
    s = k.score(ret)
    g = graded(ret)
    n = len(fw.criteria)
    headline = section(page, r'<div class="headline">', [r'<nav class="toc"']) or ""

    # The headline score (as shown, with its label and colour).
    if s is not None:
        if fw.is_share():
            m = SHARE_HTML.search(page)
            found = (m.group(1), html.unescape(m.group(2))) if m else None
            c.same(rel, "shown share and its level", (k.shown_share(fw, s), fw.scale[-1][1]), found)
        else:
            m = SCORE_HTML.search(page)
            label, colour = fw.label(s)
            found = (m.group(1), html.unescape(m.group(3)), m.group(2)) if m else None
            c.same(rel, "shown score, label and colour", (k.shown(s), label, colour), found)

    # "graded on N of M criteria" for a partial return, and nothing of it otherwise,
    # in the return's own score (the previous return's says its own).
    own = section(headline, r'<div class="headline-score">', [r'<div class="headline-']) or headline
    m = re.search(r"graded on (\d+) of (\d+) criteria", own)
    c.same(rel, "graded on N of M", (len(g), n) if len(g) < n else None,
           (int(m.group(1)), int(m.group(2))) if m else None)

    # How many criteria the score rests on, and how many are not applicable.
    na = n - len(g)
    m = re.search(r"of (\d+) graded criteri(?:on|a) on a scale of .*?(?:; (\d+) not applicable)?\.</p>", headline)
    c.same(rel, "headline: graded, not applicable", (len(g), na),
           (int(m.group(1)), int(m.group(2) or 0)) if m else None)
    # Counts and shares at each grade, best first.
    table = section(page, r'<table class="counts">', [r"</table>"]) or ""
    m = re.search(r"Criteria at each grade \((\d+) graded(?:, (\d+) not applicable)?\)", table)
    c.same(rel, "counts caption: graded, not applicable", (len(g), na),
           (int(m.group(1)), int(m.group(2) or 0)) if m else None)
    rows = re.findall(r'<tr><th scope="row"><strong class="grade grade-[a-z]+">([^<]*)</strong> '
                      r'<span class="grade-value">\(([^)]*)\)</span></th><td class="num">(\d+)</td>'
                      r'<td class="num">([^<]*)</td></tr>', table)
    expected = []
    for value, label, _ in reversed(fw.scale):
        cnt = sum(1 for cid in g if ret.results[cid]["effective"] == value)
        expected.append((label, value_text(value), str(cnt), pct(cnt, len(g)) or "–"))
    found = [(html.unescape(a), b, cc, html.unescape(d)) for a, b, cc, d in rows]
    c.same(rel, "grade rows (label, value)", [e[:2] for e in expected], [f[:2] for f in found])
    for e, f in zip(expected, found):
        c.same(rel, f"count at {e[0]}", e[2], f[2])
        if g:
            c.same(rel, f"share at {e[0]}", e[3], f[3])

    html_audit_charts(site, c, ret, page, rel)

    # The standards table: each standard's score and label; a previous column where
    # the previous return is one, to the same framework.
    prevs, merged = k.previous_and_merged(site, ret)
    single = prevs[0] if len(prevs) == 1 and not merged else None
    table = section(page, r'<table class="standards-table">', [r"</table>"]) or ""
    trs = re.findall(r"<tr>\s*<th scope=\"row\"><a href=\"#standard-[^\"]*\">([^<]*)</a></th>(.*?)</tr>", table, re.S)
    c.same(rel, "standards table rows", [sid for sid, _ in fw.standards],
           [html.unescape(t).split(".")[0] for t, _ in trs])
    same_fw_prev = single if single is not None and single.framework is fw else None
    for (sid, ids), (_, cells) in zip(fw.standards, trs):
        tds = [untag(td) for td in re.findall(r"<td>(.*?)</td>", cells, re.S)]
        ss = k.weighted_mean(ret, ids)
        c.same(rel, f"standard {sid} score", score_text(fw, ss) or "Not applicable", tds[0] if tds else None)
        if same_fw_prev is not None:
            ps = k.weighted_mean(same_fw_prev, ids)
            c.same(rel, f"standard {sid} score in {same_fw_prev.period}", score_text(fw, ps) or "—",
                   tds[1] if len(tds) > 1 else None)
    # The same score at the head of each standard's section.
    for sid, ids in fw.standards:
        sec = section(page, rf'<h3 id="standard-{re.escape(sid.lower())}">', [r'<h3 id="standard-', r"</section>"])
        m = re.search(r'<p class="standard-score">Score (.*?)</p>', sec or "", re.S)
        c.same(rel, f"standard {sid} section score", score_text(fw, k.weighted_mean(ret, ids)),
               untag(m.group(1)) if m else None)

    # Each criterion: its grade (label and value) or not applicable, moderation, and
    # the comparison with the previous return (one, not a merger's).
    comp = comparison(site, ret, single) if single is not None else None
    for cid in fw.criteria:
        r = ret.results[cid]
        block = section(page, rf'<div class="criterion" id="criterion-[^"]*">\s*<h4><span class="criterion-id">{re.escape(cid)}</span>',
                        [r'<div class="criterion" id=', r"</section>"])
        if block is None:
            c.same(rel, f"criterion {cid}", "a criterion block", None)
            continue
        m = re.search(r"<dt>Grade</dt><dd>(.*?)</dd>", block, re.S)
        dd = m.group(1) if m else ""
        gl = re.search(r'<strong class="grade grade-([a-z]+)">([^<]*)</strong>', dd)
        found_label = html.unescape(gl.group(2)) if gl else None
        if r["na"] is not None:
            c.same(rel, f"criterion {cid} grade", ("Not applicable", r["na"]),
                   (found_label, untag(dd[gl.end():]) if gl else None))
        else:
            label, colour = fw.label(r["effective"])
            gv = re.search(r'<span class="grade-value">\(([^)]*)\)</span>', dd)
            c.same(rel, f"criterion {cid} grade", (label, colour, value_text(r["effective"])),
                   (found_label, gl.group(1) if gl else None, gv.group(1) if gv else None))
        # Its weight, as written, where it is not 1.
        w = re.search(r"<dt>Weight</dt><dd>([^<]*)</dd>", block)
        c.same(rel, f"criterion {cid} weight", None if fw.weight[cid] == 1 else fw.weight_text[cid],
               w.group(1) if w else None)
        mod = re.search(r'<span class="moderation">([^<]*)</span>', dd)
        if r["moderated"] is None:
            expected = None
        elif r["moderated"] == r["grade"]:
            expected = "confirmed at moderation"
        else:
            expected = f"moderated from {fw.label(r['grade'])[0]} ({value_text(r['grade'])})"
        c.same(rel, f"criterion {cid} moderation", expected, html.unescape(mod.group(1)) if mod else None)
        # The previous grade(s) and the direction, or the reason there is none.
        pm = re.search(r"<div><dt>(\d{4}[^<]*)</dt><dd>(.*?)</dd></div>", block, re.S)
        if comp is None:
            c.same(rel, f"criterion {cid} previous", None, untag(pm.group(1)) if pm else None)
            continue
        there, status = comp[cid]
        who = "" if single.org == ret.org else f" ({site.display_name(single.org)})"
        c.same(rel, f"criterion {cid} previous period", single.period + who, untag(pm.group(1)) if pm else None)
        if not pm:
            continue
        pdd = pm.group(2)
        cross = single.framework is not fw
        grades = [("as " + t + ":" if cross else None, label_or_na(single.framework, single.results[t]["effective"]))
                  for t in there]
        fg = []
        for part in pdd.split(";") if there else []:
            wc = re.search(r'<span class="was-criterion">([^<]*)</span>', part)
            gl2 = re.search(r'<strong class="grade grade-[a-z]+">([^<]*)</strong>', part)
            fg.append((html.unescape(wc.group(1)) if wc else None, html.unescape(gl2.group(1)) if gl2 else None))
        c.same(rel, f"criterion {cid} previous grade", grades, fg)
        if status is None:
            continue
        ch = re.search(r'<span class="change change-[a-z]+">([^<]*)</span>', pdd)
        nc = re.search(r'<span class="not-compared">([^<]*)</span>', pdd)
        found = html.unescape(ch.group(1)) if ch else html.unescape(nc.group(1)) if nc else None
        c.same(rel, f"criterion {cid} direction", status_words(status, single), found)

    # The change since the previous return.
    change = section(headline, r'<div class="headline-change">', [r'<div class="headline-actions">']) or ""
    lab = re.search(r'<p class="headline-label">([^<]*)</p>', change)
    found_label = html.unescape(lab.group(1)) if lab else None
    if not prevs:
        c.same(rel, "change label", None, found_label)
    elif single is not None:
        c.same(rel, "change label", f"Since {single.period}", found_label)
        ps = k.score(single)
        val = re.search(r'<p class="headline-value"><span class="num">([^<]*)</span> '
                        r'<span class="change change-[a-z]+">([^<]*)</span>', change)
        found = (val.group(1), val.group(2)) if val else None
        if single.framework is fw and s is not None and ps is not None:
            if fw.is_share():
                a, b = k.shown_share(fw, s), k.shown_share(fw, ps)
                d = points_diff(a, b)
                way = Fraction(a.rstrip("%")) - Fraction(b.rstrip("%"))
            else:
                a, b = k.shown(s), k.shown(ps)
                d = tenths_diff(a, b)
                way = Fraction(a) - Fraction(b)
            c.same(rel, "score change", (d, "Improved" if way > 0 else "Worse" if way < 0 else "No change"), found)
        else:
            c.same(rel, "score change (none across frameworks)", None, found)
        # "From 70.3 (Partially met) in the <a>2022-23 return</a>", naming the organisation
        # it continues after a rename, and the earlier framework across versions.
        if ps is not None:
            if single.framework.is_share():
                m = FROM_SHARE_HTML.search(change)
                expected = (k.shown_share(single.framework, ps), single.framework.scale[-1][1], True)
            else:
                m = FROM_HTML.search(change)
                expected = (k.shown(ps), single.framework.label(ps)[0], True)
            found = (m.group(1), html.unescape(m.group(2)), single.period in m.group(3)) if m else None
            c.same(rel, "the previous score shown, its label, its period", expected, found)
        note = untag(change)
        # README: a return graded on fewer criteria than the framework has says so
        # "wherever its score is shown", and the previous return's score is shown here.
        pg, pn = len(graded(single)), len(single.framework.criteria)
        c.same_known("previous-coverage", rel, "the previous return's score: graded on N of M",
                     f"graded on {pg} of {pn} criteria" if pg < pn else None,
                     f"graded on {pg} of {pn} criteria" if f"graded on {pg} of {pn} criteria" in note else None)
        if single.org != ret.org:
            c.same(rel, "the organisation it continues", True,
                   f"of {site.display_name(single.org)}, which this organisation continues" in note)
        if single.framework is not fw:
            c.same(rel, "the earlier framework named", True,
                   f"made to the earlier framework, {single.framework.title}." in note)
            rests = re.search(r"rests on the (\d+) of this return&#39;s (\d+) criteria|rests on the (\d+) of this return's (\d+) criteria", change)
            f = tuple(int(x) for x in rests.groups() if x) if rests else None
            c.same(rel, "comparison rests on N of M", (k.compared(site, ret, single), n), f)
        cm = re.search(r"Criteria: (\d+) improved, (\d+) worse, (\d+) the same", change)
        if all(st is not None for _, st in comp.values()):
            c.same(rel, "criteria improved, worse, same", tally(comp),
                   tuple(int(x) for x in cm.groups()) if cm else None)
    else:
        c.same(rel, "change label", "Before the merger", found_label)
        items = re.findall(r"<li>(.*?)</li>", change, re.S)
        expected, found = [], []
        for p in prevs:
            comp_p = comparison(site, ret, p)
            e = (f"{site.display_name(p.org)}: {score_paren(p.framework, k.score(p))}"
                 f" in its {p.period} return"
                 + ("" if p.framework is fw else f" to the earlier framework (compared on {k.compared(site, ret, p)} of {n} criteria)"))
            t = tally(comp_p)
            if all(st is not None for _, st in comp_p.values()):
                e += f"; criteria {t[0]} improved, {t[1]} worse, {t[2]} the same"
            expected.append(e)
        for it in items:
            found.append(untag(it))
        c.same(rel, "before the merger", expected,
               [re.sub(r" \(graded on \d+ of \d+ criteria(?: \(\d+ not applicable\))?\)", "", f) for f in found])
        for p, f in zip(prevs, found):
            pg, pn = len(graded(p)), len(p.framework.criteria)
            phrase = f"graded on {pg} of {pn} criteria"
            c.same_known("previous-coverage", rel, f"before the merger: {p.org.key}'s score: graded on N of M",
                         phrase if pg < pn else None, phrase if phrase in f else None)

    # Actions: how many are not done and how many overdue; the Overdue mark on each.
    not_done = [a for a in ret.actions if a.get("status") != "done"]
    over = [a for a in ret.actions if k.overdue(a, as_of)]
    acts = section(headline, r'<div class="headline-actions">', [r"</div>"]) or ""
    m = re.search(r'<span class="num">(\d+)</span> not done', acts)
    c.same(rel, "actions not done", len(not_done), int(m.group(1)) if m else (0 if not ret.actions else None))
    m = re.search(r"(\d+) overdue", acts)
    c.same(rel, "actions overdue", len(over), int(m.group(1)) if m else 0)
    plan = section(page, r'<h2 id="sg-actions">', [r"<table", r"</section>"]) or ""
    m = re.search(r"<p>(\d+) actions?: (\d+) not done(?:, <strong>(\d+) overdue</strong>)?", plan)
    if ret.actions:
        c.same(rel, "action plan: actions, not done, overdue", (len(ret.actions), len(not_done), len(over)),
               (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) if m else None)
    # The organisation, named and linked to its page.
    m = re.search(r'<dt>Organisation</dt><dd>(?:<a href="(?:\.\./)*organisations/([^"/]*)/">)?(.*?)</dd>', page, re.S)
    c.same(rel, "organisation", (ret.org.key if site.registry else None, site.display_name(ret.org)),
           (m.group(1), untag(m.group(2))) if m else None)
    table = section(page, r'<table class="actions-table', [r"</table>"]) or ""
    rows = re.findall(r'<tr id="action-([^"]*)"[^>]*>(.*?)</tr>', table, re.S)
    c.same(rel, "action rows", [k.text(a.get("id")).lower() for a in ret.actions], [a for a, _ in rows])
    for a, (_, row) in zip(ret.actions, rows):
        aid = k.text(a.get("id"))
        st = re.search(r'<span class="status status-([a-z-]+)">', row)
        c.same(rel, f"action {aid} status", a.get("status"), st.group(1) if st else None)
        c.same(rel, f"action {aid} overdue mark", k.overdue(a, as_of), "tag-overdue" in row)


# --- Framework pages -------------------------------------------------------------------

def fw_dir(fw):
    return fw.rel[len("content/"):].rsplit(".", 1)[0]


def mean(values):
    return sum(values, Fraction(0)) / len(values) if values else None


def level_shares(fw, rets, cids_of):
    """The share of all graded results of `rets` at each level, worst first."""
    results = [r.results[cid]["effective"] for r in rets for cid in cids_of(r)]
    results = [e for e in results if e is not None]
    return [pct(sum(1 for e in results if e == v), len(results)) or "–" for v, _, _ in fw.scale]


GRID_ROW = re.compile(r'<tr>\s*<th scope="row"><a href="(?:\.\./)*([^"]*)/">([^<]*)</a>(?: <span class="made-as">\(as [^<]*\)</span>)?</th>\s*'
                      r'<td class="grid-score">(.*?)</td>\s*((?:<td class="cell[^"]*">.*?</td>)*)\s*</tr>', re.S)
CELL = re.compile(r'<td class="cell grade-([a-z]+)">([^<]*)(?:<span class="visually-hidden"> ([^<]*)</span>)?</td>')


def grid_rows(c, rel_dir, page_html, period_section):
    """The grid's rows for a period: on the framework page, or over its pages."""
    links = re.findall(r'<ol class="grid-pages">(.*?)</ol>', period_section, re.S)
    if not links:
        return GRID_ROW.findall(period_section), [period_section]
    rows, parts = [], []
    for href in re.findall(r'<a href="([^"]*)">', links[0]):
        rel = os.path.normpath(os.path.join(rel_dir, href, "index.html")).replace(os.sep, "/")
        sub = read_html(c, rel)
        if sub:
            rows += GRID_ROW.findall(sub)
            parts.append(sub)
    return rows, parts


def html_framework_figures(site, c, fw):
    rel_dir = fw_dir(fw)
    rel = rel_dir + "/index.html"
    page = read_html(c, rel)
    if page is None:
        return
    family = site.family(fw)
    label_of = lambda f, s: score_text(f, s)

    # The summary: how many standards and criteria; each period's returns, newest first.
    m = re.search(r"<dt>Standards</dt><dd>(\d+), with (\d+) criteria</dd>", page)
    c.same(rel, "standards, criteria", (len(fw.standards), len(fw.criteria)),
           (int(m.group(1)), int(m.group(2))) if m else None)
    own = sorted({r.period for r in site.published if r.framework is fw}, reverse=True)
    m = re.search(r"<dt>Returns</dt><dd>(.*?)</dd>", page, re.S)
    c.same(rel, "returns by period", [f"{p} ({sum(1 for r in site.published if r.framework is fw and r.period == p)})"
                                      for p in own],
           untag(m.group(1)).split(", ") if m else [])

    # The trend: each period of this framework and those it replaces, latest first.
    trend = section(page, r'<table class="trend-table">', [r"</table>"]) or ""
    expected, found = [], []
    periods = sorted({(r.period, r.framework.id) for r in site.published if r.framework in family}, reverse=True)
    for period, fid in periods:
        f = site.frameworks[fid]
        rets = [r for r in site.published if r.framework is f and r.period == period]
        scores = [k.score(r) for r in rets if k.score(r) is not None]
        expected.append([period] + ([] if len(family) == 1 else ["This framework" if f is fw else f.title])
                        + [str(len(rets)), score_text(f, mean(scores)) or "–"]
                        + level_shares(f, rets, lambda r: r.framework.criteria))
    for tr in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", trend, re.S):
        cells = re.findall(r"^(.*?)</th>|<td[^>]*>(.*?)</td>", tr, re.S)
        found.append([untag(a or b) for a, b in cells])
    w = 1 if len(family) == 1 else 2
    c.same(rel, "trend periods", [e[:w] for e in expected], [f[:w] for f in found])
    for e, f in zip(expected, found):
        for name, x, y in zip(["returns", "mean score"] + [f"share {lab}" for _, lab, _ in fw.scale], e[w:], f[w:]):
            c.same(rel, f"trend {e[0]} {name}", x, y)

    # The trend chart: a stacked bar per period, oldest first, each level's part as long
    # as its share, with the share written on the parts wide enough to hold it.
    rows = chart(page, "sg-trend-title")
    if rows is not None:
        exp_rows = []
        for period, fid in sorted(periods):
            f = site.frameworks[fid]
            rets = [r for r in site.published if r.framework is f and r.period == period]
            res = [r.results[cid]["effective"] for r in rets for cid in f.criteria]
            res = [e for e in res if e is not None]
            exp_rows.append((period if f is fw else f"{period} ({f.id})", f, res))
        c.same(rel, "trend chart rows", [e[0] for e in exp_rows], [r[0] for r in rows])
        for (label, f, res), (_, bars, texts) in zip(exp_rows, rows):
            total = sum((w for _, w in bars), Fraction(0))
            widths = dict(bars)
            written = dict(texts)
            for value, lab, colour in f.scale:
                n = sum(1 for e in res if e == value)
                if res:
                    check_bar(c, rel, f"trend chart {label} {lab} part (of {float(total)})",
                              total * n / len(res) if n else Fraction(0), widths.get(colour, 0),
                              Fraction(1, 10), least=0)  # of a total itself drawn to tenths
                if colour in written:
                    c.same(rel, f"trend chart {label} {lab}", pct(n, len(res)), written[colour])

    # Changes from the earlier framework.
    if fw.replaces and fw.replaces[0] in site.frameworks:
        old = site.frameworks[fw.replaces[0]]
        same = mapped = new = 0
        rows = []
        used = set()
        for cid in fw.criteria:
            there = k.counterparts(site, fw, cid, old)
            used.update(there)
            if not there:
                new += 1
            elif there == [cid]:
                same += 1
            else:
                mapped += 1
                rows.append((cid, " and ".join(there) + (" (merged)" if len(there) > 1 else "")))
        rows += [(cid, "Nothing: a new criterion") for cid in fw.criteria if not k.counterparts(site, fw, cid, old)]
        dropped = [cid for cid in old.criteria if cid not in used]
        m = re.search(r"(\d+) carry on under the same number, (\d+) compare with differently numbered or merged "
                      r"criteria, and (\d+) (?:is|are) new", page)
        c.same(rel, "changes: same number, mapped, new", (same, mapped, new),
               tuple(int(x) for x in m.groups()) if m else None)
        m = re.search(r"(\d+) earlier criteri(?:on|a) (?:has|have) no counterpart here: (.*?)</p>", page, re.S)
        c.same(rel, "changes: dropped", dropped, untag(m.group(2)).rstrip(".").replace(" and ", ", ").split(", ") if m else [])
        vt = section(page, r'<table class="version-table">', [r"</table>"]) or ""
        c.same(rel, "changes table", rows,
               [(untag(a), untag(b)) for a, b in re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', vt)])

    # Each period: the summary, the grid (rows in registry-id order, each score and
    # cell) and the shares at its foot.
    for period in sorted({r.period for r in site.published if r.framework is fw}):
        sec = section(page, rf'<h2 id="period-{re.escape(period)}">', [r'<h2 id="period-', r"</article>"])
        if sec is None:
            c.same(rel, f"period {period}", "a section", None)
            continue
        rets = sorted([r for r in site.published if r.framework is fw and r.period == period],
                      key=lambda r: r.org.key)
        scores = [k.score(r) for r in rets if k.score(r) is not None]
        m = re.search(r"<p>(\d+) returns?, with a mean score of (.*?)\.</p>", sec)
        ms = mean(scores)
        c.same(rel, f"period {period} summary", (str(len(rets)), score_paren(fw, ms)),
               (m.group(1), untag(m.group(2))) if m else None)
        rows, parts = grid_rows(c, rel_dir, page, sec)
        links = re.findall(r'<ol class="grid-pages">(.*?)</ol>', sec, re.S)
        if len(rets) > 50 or links:
            # Split over pages of at most 50 rows, each link naming its first and last.
            n_pages = -(-len(rets) // 50)
            names = [untag(x) for x in re.findall(r"<li><a [^>]*>(.*?)</a></li>", links[0])] if links else []
            c.same(rel, f"grid {period} pages", [f"{site.display_name(rets[i].org)} to "
                                                 f"{site.display_name(rets[min(i + 49, len(rets) - 1)].org)}"
                                                 for i in range(0, len(rets), 50)], names)
            for part in parts:
                m = re.search(r"(\d+) returns in all, (\d+) pages", part)
                c.same(rel, f"grid {period} page: returns, pages", (len(rets), n_pages),
                       (int(m.group(1)), int(m.group(2))) if m else None)
        c.same(rel, f"grid {period} rows", [r.output_dir() for r in rets],
               [p for p, _, _, _ in rows])
        for r, (_, name, sc, cells) in zip(rets, rows):
            where = f"grid {period} {r.org.key}"
            # README: "A renamed organisation is one row under its latest name on the
            # assurance index and the framework pages."
            c.same_known("grid-row-name", rel, where + " name", site.display_name(latest(site, r.org)),
                         html.unescape(name))
            c.same(rel, where + " score", (score_text(fw, k.score(r)) or "–") + coverage_text(r), untag(sc))
            found = [(g, v, html.unescape(lab) if lab else None) for g, v, lab in CELL.findall(cells)]
            exp = []
            for cid in fw.criteria:
                e = r.results[cid]["effective"]
                exp.append(("none", "n/a", None) if e is None else
                           (fw.label(e)[1], value_text(e), fw.label(e)[0]))
            c.same(rel, where + " cells", exp, found)
        # The shares at the foot: of the returns grading each criterion.
        expected = []
        for value, label, _ in fw.scale:
            row = []
            for cid in fw.criteria:
                es = [r.results[cid]["effective"] for r in rets if r.results[cid]["effective"] is not None]
                row.append(pct(sum(1 for e in es if e == value), len(es)) or "–")
            expected.append((f"{label} ({value_text(value)})", row))
        for part in parts:
            foot = section(part, r"<tfoot>", [r"</tfoot>"]) or ""
            found = [(untag(h), [untag(x) for x in re.findall(r'<td class="share">(.*?)</td>', tds)])
                     for h, tds in re.findall(r'<tr>\s*<th scope="row" colspan="2">(.*?)</th>(.*?)</tr>', foot, re.S)]
            c.same(rel, f"grid {period} shares at each level", expected, found)


# --- The assurance index and the action tracker ----------------------------------------

def latest(site, org):
    """The organisation `org` continues as, through renames (a successor with it as its
    one predecessor), under whose latest name it is one row."""
    if not site.registry:
        return org
    seen = {org.key}
    while True:
        nxt = [o for o in site.registry.orgs.values() if o.predecessors == [org.key]]
        if len(nxt) != 1 or nxt[0].key in seen:
            return org
        org = nxt[0]
        seen.add(org.key)


def html_assurance_index(site, c):
    rel = "assurance/index.html"
    page = read_html(c, rel)
    if page is None:
        return
    not_done = [(r, a) for r in site.published for a in r.actions if a.get("status") != "done"]
    over = [(r, a) for r, a in not_done if k.overdue(a, site.as_of)]
    m = re.search(r'>(\d+) actions? not done</a>, <strong class="tag tag-overdue">(\d+) overdue</strong>', page)
    c.same(rel, "actions not done, overdue", (len(not_done), len(over)) if not_done else None,
           (int(m.group(1)), int(m.group(2))) if m else None)
    for fw in site.frameworks.values():
        if not site.publishes(fw.visibility):
            continue
        rets = [r for r in site.published if r.framework is fw]
        sec = section(page, rf'<h2 id="[^"]*"><a href="(?:\.\./)*{re.escape(fw_dir(fw))}/">',
                      [r"</section>"])
        if not rets:
            continue
        if sec is None:
            c.same(rel, f"{fw.id} section", "a section", None)
            continue
        periods = sorted({r.period for r in rets})
        heads = {}
        for r in rets:
            heads.setdefault(latest(site, r.org), {})[r.period] = r
        order = sorted(heads, key=lambda o: o.key)
        head = re.search(r"<thead>(.*?)</thead>", sec, re.S)
        c.same(rel, f"{fw.id} periods", periods,
               [untag(x) for x in re.findall(r'<th scope="col">(.*?)</th>', head.group(1))][1:] if head else None)
        rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', sec, re.S)
        c.same(rel, f"{fw.id} rows", [site.display_name(o) for o in order], [untag(h) for h, _ in rows])
        for o, (_, cells) in zip(order, rows):
            tds = re.findall(r"<td>(.*?)</td>", cells, re.S)
            for period, td in zip(periods, tds):
                r = heads[o].get(period)
                where = f"{fw.id} {o.key} {period}"
                if r is None:
                    c.same(rel, where, "No return", untag(td))
                else:
                    link = re.search(r'<a href="(?:\.\./)*([^"]*)/">', td)
                    c.same(rel, where + " return", r.output_dir(), link.group(1) if link else None)
                    c.same(rel, where, (score_text(fw, k.score(r)) or "–") + coverage_text(r), untag(td))


def html_action_tracker(site, c):
    rel = "assurance/actions/index.html"
    page = read_html(c, rel)
    if page is None:
        return
    table = section(page, r'<table class="actions-table', [r"</table>"]) or ""
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        aid = re.search(r'<span class="action-id">([^<]*)</span>', row)
        ret = re.search(r'<td data-label="Return"><a href="(?:\.\./)*([^"#]*)/#[^"]*">(.*?)</a>', row, re.S)
        st = re.search(r'<span class="status status-([a-z-]+)">', row)
        found.append((ret.group(1) if ret else None, html.unescape(aid.group(1)) if aid else None,
                      untag(ret.group(2)) if ret else None, st.group(1) if st else None, "tag-overdue" in row))
    expected = {}
    for r in site.published:
        for a in r.actions:
            if a.get("status") != "done":
                key = (r.output_dir(), k.text(a.get("id")))
                expected[key] = (f"{r.framework.title}: {site.display_name(r.org)}, {r.period}",
                                 a.get("status"), k.overdue(a, site.as_of))
    got = {(p, i): rest for p, i, *rest in found}
    c.same(rel, "actions listed", len(expected), len(found))
    c.same(rel, "actions missing", [], sorted(set(expected) - set(got)))
    c.same(rel, "actions not to be listed", [], sorted(set(got) - set(expected)))
    for key in sorted(set(expected) & set(got)):
        title, status, over = expected[key]
        where = f"action {key[0]} {key[1]}"
        c.same(rel, where + " return", title, got[key][0])
        c.same(rel, where + " status", status, got[key][1])
        c.same(rel, where + " overdue mark", over, got[key][2])
    overdue_first(c, rel, [f[4] for f in found])


# --- Organisation, partnership and registry pages ----------------------------------------

def earlier_names(site, org):
    """`org` and the organisations it continues through renames (one predecessor each)."""
    out = [org]
    while len(out[-1].predecessors) == 1 and out[-1].predecessors[0] in site.registry.orgs:
        p = site.registry.orgs[out[-1].predecessors[0]]
        # A rename: the predecessor was replaced by this one alone (not split).
        direct = [o for o in site.registry.orgs.values() if p.key in o.predecessors]
        if p in out or len(direct) != 1:
            break
        out.append(p)
    return out


RETURN_ROW = re.compile(
    r'(?:<th scope="row" data-label="Organisation"><a href="(?:\.\./)*organisations/([^"/]*)/">([^<]*)</a>((?:(?!</th>).)*)</th>\s*)?'
    r'<td data-label="Framework"><a href="[^"]*">([^<]*)</a></td>\s*'
    r'<td data-label="Period"><a href="(?:\.\./)*([^"]*)/">([^<]*)</a>[^\n]*</td>\s*'
    r'<td data-label="Score">(.*?)</td>\s*<td data-label="Criteria graded">([^<]*)</td>\s*'
    r'<td data-label="Actions not done" class="num">(.*?)</td>', re.S)


def return_row(site, r):
    """What a returns table says of a return: framework, period, score, N of M graded,
    actions not done (and how many overdue)."""
    nd = sum(1 for a in r.actions if a.get("status") != "done")
    ov = sum(1 for a in r.actions if k.overdue(a, site.as_of))
    return (html.unescape(r.framework.title), r.period, score_text(r.framework, k.score(r)) or "–",
            f"{len(graded(r))} of {len(r.framework.criteria)}", f"{nd}" + (f" {ov} overdue" if ov else ""))


def found_row(m):
    return (html.unescape(m[3]), m[5], untag(m[6]), m[7].strip(), untag(m[8]))


def html_organisation_pages(site, c):
    if not site.registry:
        return
    for org in site.registry.orgs.values():
        rel = f"organisations/{org.key}/index.html"
        page = read_html(c, rel)
        if page is None:
            continue
        names = earlier_names(site, org)
        rets = [r for r in site.published if r.org in names]
        table = section(page, r'<table class="returns-table', [r"</table>"]) or ""
        rows = RETURN_ROW.findall(table)
        got = {m[4]: found_row(m) for m in rows}
        c.same(rel, "returns listed", sorted(r.output_dir() for r in rets), sorted(got))
        for r in rets:
            if r.output_dir() in got:
                c.same(rel, f"return {r.output_dir()}", return_row(site, r), got[r.output_dir()])
        periods = [m[5] for m in rows]
        c.same(rel, "returns newest first", sorted(periods, reverse=True), periods)
        # Its actions not done, overdue first.
        acts = [(r, a) for r in rets for a in r.actions if a.get("status") != "done"]
        over = [1 for r, a in acts if k.overdue(a, site.as_of)]
        sec = section(page, r'<h2 id="sg-actions">', [r"</section>"]) or ""
        m = re.search(r"<p>(\d+) actions? not done(?:, <strong class=\"tag tag-overdue\">(\d+) overdue)?", sec)
        c.same(rel, "actions not done, overdue", (len(acts), len(over)) if acts else None,
               (int(m.group(1)), int(m.group(2) or 0)) if m else None)
        found = []
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", section(sec, r"<tbody>", [r"</tbody>"]) or "", re.S):
            aid = re.search(r'<span class="action-id">([^<]*)</span>', row)
            rr = re.search(r'<td data-label="Return"><a href="(?:\.\./)*([^"#]*)/#', row)
            found.append((rr.group(1) if rr else None, html.unescape(aid.group(1)) if aid else None,
                          "tag-overdue" in row))
        expected = sorted((r.output_dir(), k.text(a.get("id")), k.overdue(a, site.as_of)) for r, a in acts)
        c.same(rel, "actions listed", expected, sorted(found))
        overdue_first(c, rel, [f[2] for f in found])


def html_partnership_pages(site, c):
    if not site.registry:
        return
    pids = set()
    for o in site.registry.orgs.values():
        pids.update(k.text(p) for p in (o.entry.get("partnerships") or []))
    for pid in sorted(pids):
        rel = f"organisations/{pid}/index.html"
        page = read_html(c, rel)
        if page is None:
            continue
        members = sorted((o for o in site.registry.orgs.values()
                          if pid in [k.text(p) for p in (o.entry.get("partnerships") or [])]), key=lambda o: o.key)
        m = re.search(r"<p>(\d+) member organisations?", page)
        c.same(rel, "members", len(members), int(m.group(1)) if m else None)
        table = section(page, r'<table class="returns-table', [r"</table>"]) or ""
        listed = re.findall(r'<th scope="row" data-label="Organisation"><a href="(?:\.\./)*organisations/([^"/]*)/">', table)
        c.same(rel, "members listed", [o.key for o in members], sorted(set(listed)))
        rows = RETURN_ROW.findall(table)
        got = {(m[0], m[4]): found_row(m) for m in rows}
        names = {m[0]: untag(m[1] + m[2]) for m in rows if m[0]}
        for o in members:
            if o.key in names:
                c.same(rel, f"member {o.key} name", site.display_name(o) + closed_note(o), names[o.key])
        expected = {}
        for o in members:
            # README: a renamed organisation carries on its earlier names' history,
            # so a member's latest return may be one made under an earlier name.
            line = earlier_names(site, o) if site.registry else [o]
            latest_by_fw = {}
            for r in site.published:
                if r.org in line and (r.framework.id not in latest_by_fw or r.period > latest_by_fw[r.framework.id].period):
                    latest_by_fw[r.framework.id] = r
            for r in latest_by_fw.values():
                expected[(o.key, r.output_dir())] = return_row(site, r)
        c.same(rel, "members' latest returns", sorted(expected), sorted(got))
        for key in sorted(set(expected) & set(got)):
            c.same(rel, f"{key[0]} {key[1]}", expected[key], got[key])


def html_registry_page(site, c):
    if not site.registry:
        return
    rel = "organisations/index.html"
    page = read_html(c, rel)
    if page is None:
        return
    rows = re.findall(r'<td data-label="Id"><code>([^<]*)</code></td>.*?<td data-label="Returns" class="num">([^<]*)</td>',
                      page, re.S)
    got = dict(rows)
    c.same(rel, "organisations", sorted(site.registry.orgs), sorted(got))
    for o in site.registry.orgs.values():
        n = sum(1 for r in site.published if r.org == o)
        c.same(rel, f"{o.key} returns", str(n), got.get(o.key))


# --- The home page ---------------------------------------------------------------------

def html_home_page(site, c):
    rel = "index.html"
    page = read_html(c, rel)
    if page is None or 'id="sg-news-assurance"' not in page:
        return
    news = section(page, r'<section class="news-part" aria-labelledby="sg-news-assurance">', [r"</section>"]) or ""
    found = {}
    for href, item in re.findall(r'<li><a href="(?:\./|\.\./)*([^"]*)/">[^<]*</a>, (.*?)</li>', news, re.S):
        found[href] = untag(item)
    expected = {}
    # README: a framework another replaces drops out of the figures at a glance.
    replaced = {fw.replaces[0] for fw in site.frameworks.values() if fw.replaces}
    for fw in site.frameworks.values():
        rets = [r for r in site.published if r.framework is fw]
        if not rets or fw.id in replaced:
            continue
        period = max(r.period for r in rets)
        now = [r for r in rets if r.period == period]
        scores = [k.score(r) for r in now if k.score(r) is not None]
        n_missing = len(k.missing(site, fw, period))
        e = (f"{period}: {len(now)} return{'s' if len(now) != 1 else ''}, average score "
             f"{score_text(fw, mean(scores)) or '–'}")
        if n_missing:
            e += (f"; {n_missing} organisation{'s have' if n_missing != 1 else ' has'} not made a return yet")
        expected[fw_dir(fw)] = e + "."
    c.same(rel, "frameworks at a glance", sorted(expected), sorted(found))
    for key in sorted(set(expected) & set(found)):
        c.same(rel, f"{key} at a glance", expected[key], found[key])
    over = [(r, a) for r in site.published for a in r.actions if k.overdue(a, site.as_of)]
    sec = section(page, r'<section class="news-part" aria-labelledby="sg-news-overdue">', [r"</section>"]) or ""
    m = re.search(r"<strong>(\d+)</strong> actions? (?:are|is) overdue", sec)
    c.same(rel, "overdue actions", len(over), int(m.group(1)) if m else (0 if not over else None))
    listed = re.findall(r'<li><a href="(?:\./)*([^"#]*)/#action-([^"]*)">.*?due <time datetime="([^"]*)">', sec, re.S)
    if over:
        dues = sorted(k.text(a.get("due")) for _, a in over)[:len(listed) or 3]
        c.same(rel, "the most overdue (their due dates)", dues, sorted(d for _, _, d in listed))
        ids = {(r.output_dir(), k.text(a.get("id")).lower()) for r, a in over}
        c.same(rel, "the most overdue are overdue", [], [(p, i) for p, i, _ in listed if (p, i) not in ids])


def html_framework_page(site, c, fw):
    html_framework_missing(site, c, fw)
    html_framework_figures(site, c, fw)


HTML_CHECKS = {
    "audit": lambda site, c: [html_audit_page(site, c, r, site.as_of) for r in site.published],
    "framework": lambda site, c: [html_framework_page(site, c, fw) for fw in site.frameworks.values()
                                  if site.publishes(fw.visibility)],
    "assurance index": html_assurance_index,
    "action tracker": html_action_tracker,
    "organisation": html_organisation_pages,
    "partnership": html_partnership_pages,
    "registry": html_registry_page,
    "home": html_home_page,
}
