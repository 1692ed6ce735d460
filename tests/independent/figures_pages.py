"""The figures pages, checked figure by figure against figures_check.py's own computation
(written from SPEC.md and figures-design.md "Showing figures", not from the product's
code). Called by figures_check.py with --html; every cell compared counts as one figure.

For each published indicator set (DIR/STEM/index.html beside indicators.json):
- "Latest figures": per indicator, its title, the latest period of its headline series,
  the figure, the target, the status words and the change since the previous period.
- Per indicator (section aria-labelledby="indicator-ID"): the headline table (every
  period and year row: label with "(3 of 4 quarters)" where a year has fewer periods,
  figure, numerator and denominator for ratios, status, change, change since a year
  before); the by-organisation table (each organisation's latest period and latest year:
  figure and status) where the set has at most 20 organisations, absent above; the
  spread (organisations of the indicator by status in the latest period) where the
  indicator has a target; the chart (each point label, and the values listed in <desc>
  with the target), present exactly when there is a headline series.
- The headline series: the totals (organisation null) where the indicator has them,
  else the single organisation's figures, else none (no chart, and "–" in the summary).

For each training set: the overall table by period and its chart, by strand and level,
by organisation (or the spread above 20 organisations), by staff group, each in the
latest period: eligible, compliant, compliance, target, status words, change.

Text (figures-design "Showing figures", with the brief's formats): percent, number and
days to one decimal rounded toward the unfavourable side (down for `higher`, up for
`lower`), a trailing `.0` dropped, `%` / ` days` (` day` for exactly 1); counts whole;
thousands separated by commas; minus sign U+2212; changes rounded half away from zero
to one decimal, `+` for positive, `No change` for 0, ` points`/` point` (percent),
` days`/` day` (days); no figure `–`; a withheld (suppressed or left out) figure `*`.
Public (k > 0): the figures as figures_check.py expects them in the downloads (counts
rounded to 5 or `*`, percentages whole on the unfavourable side, changes the
difference of the shown figures), written in the same text formats.

Readings (where the design doc is silent; the product's choice adopted as reasonable):
- A change of exactly 0 is `No change`; one that rounds to 0 but is not 0 is `Up, under
  0.1 points` or `Down, under 0.1 points` (` days`, or nothing, by unit); the trailing `.0`
  rule applies to changes too (`+5 points`); commas apply to every number (`1,336.8`).
- A target is shown exactly as written, in its unit (`95%`, `10 days`, `92.5%`).
- "At most 20 organisations" counts the organisations of the indicator (those with a
  figure of it; the fixture's days-to-assessment has exactly 20 in a set of 30, so the
  boundary is exercised); the spread counts the organisations of the indicator, those
  with no figure (or a left-out one) in the period on the last row, and the caption's
  "how the N organisations compare" must be that count (the rows' sum); its period is
  the indicator's latest period. Training's spread counts the set's organisations.
- An indicator whose headline is its one organisation has no by-organisation table and
  no spread (they would repeat the headline table).
- A training compliance with eligible 0 is `–` (no figure), in both audiences.
- The period labels of a chart's <desc> may be the full period (`2025-26 Q1`) or its
  short form (`Q1`, `Apr`); the values, their order and the target are checked exactly.
  Point labels, where a chart has them (the product omits them on long series), must
  be the shown figures of the period rows, in order.
- Strand and level labels are `Children, board`, `Mental capacity, level 3`.
"""
import html
import html.parser
import math
import os
import re
from fractions import Fraction

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr"}
MINUS = "\u2212"
DASH = "\u2013"
WORDS = {"green": "Meets target", "amber": "Below target", "red": "Well below target"}


# --- A small DOM ----------------------------------------------------------------------------

class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def find_all(self, tag=None, cls=None, **attrs):
        out = []
        for ch in self.children:
            if isinstance(ch, Node):
                if (tag is None or ch.tag == tag) and (cls is None or cls in ch.classes()) and \
                        all(ch.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                    out.append(ch)
                out += ch.find_all(tag, cls, **attrs)
        return out

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def text(self, skip=("figure-note",)):
        """Text with white space collapsed, leaving out elements with a class in `skip`."""
        parts = []

        def walk(n):
            for ch in n.children:
                if isinstance(ch, str):
                    parts.append(ch)
                elif not (set(ch.classes()) & set(skip)):
                    if ch.tag == "br":
                        parts.append(" ")
                    walk(ch)
        walk(self)
        return " ".join("".join(parts).split())


class Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(path):
    b = Builder()
    with open(path, encoding="utf-8") as f:
        b.feed(f.read())
    return b.root


def table_by_caption(root, caption_id):
    cap = root.find("caption", id=caption_id)
    return cap.parent if cap is not None else None


def body_rows(table):
    """Each body row as a list of cells (th and td nodes)."""
    body = table.find("tbody") or table
    return [[c for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")]
            for tr in body.find_all("tr")]


# --- Text formats ----------------------------------------------------------------------------

def digits(n):
    """A whole number >= 0 with commas."""
    return f"{n:,}"


def tenths_text(t):
    """A number of tenths (an int) as text: commas, a trailing .0 dropped, minus U+2212."""
    sign = MINUS if t < 0 else ""
    t = abs(t)
    return sign + digits(t // 10) + (f".{t % 10}" if t % 10 else "")


def tenths_unfavourable(v, better):
    t = v * 10
    return math.floor(t) if better == "higher" else math.ceil(t)


def tenths_half_away(v):
    t = abs(v) * 10
    r = math.floor(t + Fraction(1, 2))
    return -r if v < 0 else r


def exact_text(v):
    """A number exactly as written (a terminating decimal), commas, minus U+2212."""
    sign = MINUS if v < 0 else ""
    v = abs(Fraction(v))
    whole = v.numerator // v.denominator
    rest = v - whole
    frac = ""
    n = 0
    while rest and n < 28:
        rest *= 10
        d = rest.numerator // rest.denominator
        frac += str(d)
        rest -= d
        n += 1
    return sign + digits(whole) + ("." + frac if frac else "")


def with_unit(number_text, unit, one):
    if unit == "percent":
        return number_text + "%"
    if unit == "days":
        return number_text + (" day" if one else " days")
    return number_text


def value_text(v, unit, better, withheld):
    """A figure as shown: `*` withheld, `–` none."""
    if v is None:
        return "*" if withheld else DASH
    if unit == "count":
        return (MINUS if v < 0 else "") + digits(abs(int(v)))
    t = tenths_unfavourable(v, better)
    return with_unit(tenths_text(t), unit, abs(t) == 10)


def count_text(x, withheld):
    if x is None:
        return "*" if withheld else DASH
    return digits(int(x))


def change_of(f, key, unit):
    """The change `key` of figure `f` as shown: a total compared with one made by other
    organisations has none, and says so."""
    nc = f.get("_nc", (False, False))[0 if key == "change" else 1]
    if f[key] is None and nc:
        return "Not comparable"
    return change_text(f[key], unit)


def change_text(d, unit):
    if d is None:
        return DASH
    t = tenths_half_away(d)
    if t == 0:
        if d == 0:
            return "No change"
        tail = {"percent": " points", "days": " days"}.get(unit, "")
        return ("Up" if d > 0 else "Down") + ", under 0.1" + tail
    s = ("+" if t > 0 else "") + tenths_text(t)
    if unit == "percent":
        return s + (" point" if abs(t) == 10 else " points")
    if unit == "days":
        return s + (" day" if abs(t) == 10 else " days")
    return s


def target_text(target, unit):
    if target is None:
        return DASH
    return with_unit(exact_text(target), unit, target == 1)


def status_text(s):
    return WORDS.get(s, DASH) if s else DASH


def partial_text(f, kind):
    if f.get("year") and f.get("periods") is not None and f.get("of") and f["periods"] < f["of"]:
        return f"({f['periods']} of {f['of']} {'quarters' if f['of'] == 4 else 'months'})"
    return None


def row_label(f, kind):
    """The period cell of a headline row: `2025-26 Q1`, `Year 2025-26 (3 of 4 quarters)`."""
    if not f["year"]:
        return f["period"]
    p = partial_text(f, kind)
    return f"Year {f['period']}" + (f" {p}" if p else "")


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def short_period(p, kind):
    if kind == "quarter":
        return p[-2:]
    if kind == "month":
        return MONTHS[int(p[5:]) - 1]
    return p


# --- The check -------------------------------------------------------------------------------

class Page:
    """One page: its DOM and a comparer that counts each cell as a figure."""

    def __init__(self, c, rel):
        self.c, self.rel = c, rel
        self.root = parse(os.path.join(c.out, rel))

    def same(self, what, expected, found):
        self.c.same(self.rel, what, expected, found)

    def missing(self, what, expected="present"):
        self.c.checked += 1
        self.c.fail(self.rel, what, expected, "absent")


def cells_text(row):
    return [cell.text() for cell in row]


def check_indicator_page(c, site, fc, rel_page, exp):
    """Every figure of an indicators page against the expectation `exp`
    (figures_check.expected_indicators)."""
    p = Page(c, rel_page)
    withheld = site.public_rules()
    kind = exp["period_kind"]

    summary = table_by_caption(p.root, "sg-summary-caption")
    srows = body_rows(summary) if summary is not None else []
    if exp["indicators"] and summary is None:
        p.missing("Latest figures table")
    p.same("Latest figures: rows", len(exp["indicators"]), len(srows))

    for n, ei in enumerate(exp["indicators"]):
        ind = ei["_ind"]
        figs = ei["figures"]
        orgs = sorted({f["organisation"] for f in figs if f["organisation"]})
        totals = [f for f in figs if f["organisation"] is None]
        if totals:
            series, name = totals, f"All {len(orgs)} organisations together"
        elif len(orgs) == 1:
            series, name = figs, figs[0]["organisation_name"]
        else:
            series, name = None, None
        periods_of = [f for f in series if not f["year"]] if series else []
        latest = periods_of[-1] if periods_of else None

        def vt(f):
            return value_text(f["value"], ind.unit, ind.better, withheld) if f else DASH

        # Latest figures.
        label = f"Latest figures: {ind.id}"
        if n < len(srows):
            got = cells_text(srows[n])
            want = [ind.title, latest["period"] if latest else DASH, vt(latest),
                    target_text(ind.target, ind.unit),
                    status_text(latest["status"]) if latest else DASH,
                    change_of(latest, "change", ind.unit) if latest else DASH]
            for what, e, f in zip(["title", "period", "figure", "target", "status", "change"], want,
                                  got + [None] * (6 - len(got))):
                p.same(f"{label} {what}", e, f)

        section = p.root.find("section", aria_labelledby=f"indicator-{ind.id}")
        if section is None:
            p.missing(f"section of {ind.id}")
            continue

        # The headline table.
        table = table_by_caption(section, f"sg-rows-{ind.id}-caption")
        if series is None:
            p.same(f"{ind.id} headline table", "absent", "absent" if table is None else "present")
        elif table is None:
            p.missing(f"{ind.id} headline table")
        else:
            cap = table.find("caption").text()
            p.same(f"{ind.id} headline table caption", f"{ind.title}: {name}, by {kind_words(kind)} and year", cap)
            rows = body_rows(table)
            p.same(f"{ind.id} headline rows", [row_label(f, kind) for f in series],
                   [r[0].text() for r in rows])
            for f, r in zip(series, rows):
                got = cells_text(r)
                want = [row_label(f, kind), vt(f)]
                names = ["period", "figure"]
                if ind.measure == "ratio":
                    want += [count_text(f["numerator"], withheld), count_text(f["denominator"], withheld)]
                    names += ["numerator", "denominator"]
                want += [status_text(f["status"]), change_of(f, "change", ind.unit),
                         DASH if f["year"] else change_of(f, "change_year", ind.unit)]
                names += ["status", "change", "change since a year before"]
                for what, e, g in zip(names[1:], want[1:], got[1:] + [None] * (len(want) - len(got))):
                    p.same(f"{ind.id} headline {row_label(f, kind)} {what}", e, g)
                note = r[0].find("span", cls="figure-note")
                if f.get("note") or note is not None:
                    p.same(f"{ind.id} headline {row_label(f, kind)} note", f.get("note"),
                           note.text(skip=()) if note is not None else None)

        # The chart.
        svg = section.find("svg")
        if series is None:
            p.same(f"{ind.id} chart", "absent", "absent" if svg is None else "present")
        elif svg is None:
            p.missing(f"{ind.id} chart")
        else:
            check_chart(p, ind.id, svg, periods_of, vt, kind, ind.target, ind.unit, name)

        # By organisation.
        table = table_by_caption(section, f"sg-orgs-{ind.id}-caption")
        if len(orgs) == 1 and not totals:
            p.same(f"{ind.id} by-organisation table (one organisation: the headline)", "absent",
                   "absent" if table is None else "present")
        elif len(orgs) > 20:
            p.same(f"{ind.id} by-organisation table (more than 20 organisations)", "absent",
                   "absent" if table is None else "present")
        elif table is None:
            p.missing(f"{ind.id} by-organisation table")
        else:
            rows = {r[0].text(): r for r in body_rows(table)}
            names = {}
            for o in orgs:
                mine = [f for f in figs if f["organisation"] == o]
                names[mine[0]["organisation_name"]] = mine
            p.same(f"{ind.id} by-organisation rows", sorted(names), sorted(rows))
            for oname, mine in names.items():
                r = rows.get(oname)
                if r is None:
                    continue
                lp = [f for f in mine if not f["year"]]
                ly = [f for f in mine if f["year"]]
                lf, yf = (lp[-1] if lp else None), (ly[-1] if ly else None)
                want = [lf["period"] if lf else DASH, vt(lf), status_text(lf["status"]) if lf else DASH]
                if yf:
                    part = partial_text(yf, kind)
                    want += [yf["period"] + (f" {part}" if part else ""), vt(yf), status_text(yf["status"])]
                else:
                    want += [DASH, DASH, DASH]
                got = cells_text(r)[1:]
                for what, e, g in zip(["period", "figure", "status", "year", "year's figure", "year's status"],
                                      want, got + [None] * (6 - len(got))):
                    p.same(f"{ind.id} by organisation {oname} {what}", e, g)

        # The spread.
        table = table_by_caption(section, f"sg-spread-{ind.id}-caption")
        if ind.target is None or (len(orgs) == 1 and not totals):
            p.same(f"{ind.id} spread (no target)", "absent", "absent" if table is None else "present")
        elif table is None:
            p.missing(f"{ind.id} spread")
        else:
            last = max((f["period"] for f in figs if not f["year"]), key=lambda x: fc.ordinal(x, kind))
            cap = table.find("caption").text()
            p.same(f"{ind.id} spread period", True, f" in {last}" in cap)
            # The caption's count of organisations is the count the rows add up to.
            m = re.search(r"how the ([0-9,]+) organisations? (?:that report it )?compare", cap)
            p.same(f"{ind.id} spread caption: organisations compared", str(len(orgs)),
                   m.group(1) if m else cap)
            counts = {"green": 0, "amber": 0, "red": 0, None: 0}
            for o in orgs:
                f = next((f for f in figs if f["organisation"] == o and not f["year"] and f["period"] == last), None)
                counts[f["status"] if f else None] += 1
            want = [(WORDS["green"], str(counts["green"])), (WORDS["amber"], str(counts["amber"])),
                    (WORDS["red"], str(counts["red"])),
                    ("No figure for this period, or left out", str(counts[None]))]
            got = [tuple(cells_text(r)) for r in body_rows(table)]
            p.same(f"{ind.id} spread rows", [w for w, _ in want], [g[0] for g in got])
            found = {g[0]: g[1] if len(g) > 1 else None for g in got}
            for words, count in want:
                p.same(f"{ind.id} spread {last} {words}", count, found.get(words))


def kind_words(kind):
    return {"quarter": "quarter", "month": "month", "year": "financial year"}[kind]


def check_chart(p, what, svg, period_figs, vt, kind, target, unit, name=None, value_key="value"):
    """Point labels (where drawn) and the <desc> listing of a chart."""
    labels = [t.text() for t in svg.find_all("text", cls="chart-point-label")]
    want = [vt(f) for f in period_figs]
    drawn = [f for f in period_figs if f[value_key] is not None]
    if labels:
        p.same(f"{what} chart point labels (count)", len(drawn), len(labels))
        for f, e, g in zip(drawn, [vt(f) for f in drawn], labels):
            p.same(f"{what} chart point label {f['period']}", e, g)
    desc = svg.find("desc")
    if desc is None:
        p.missing(f"{what} chart <desc>")
        return
    d = desc.text()
    if name is not None:
        p.same(f"{what} chart <desc> series", True, f" for {name}," in d)
    m = re.search(r", by [a-z ]+: (.*?)\.(?: The target is (.*)\.)?$", d)
    if not m:
        p.same(f"{what} chart <desc> listing", "PERIOD VALUE, ...", d)
        return
    listing, tgt = m.group(1), m.group(2)
    pos = 0
    for f, e in zip(period_figs, want):
        rx = re.compile(r"(?:%s|%s) %s(?:, |$)" % (re.escape(f["period"]), re.escape(short_period(f["period"], kind)),
                                                 re.escape(e)))
        mm = rx.match(listing, pos)
        if mm:
            p.same(f"{what} chart <desc> {f['period']}", e, e)
            pos = mm.end()
        else:
            p.same(f"{what} chart <desc> {f['period']}", e, listing[pos:pos + 40] + "…")
            nxt = listing.find(", ", pos)
            pos = len(listing) if nxt < 0 else nxt + 2
    p.same(f"{what} chart <desc> after the listing", "", listing[pos:])
    p.same(f"{what} chart <desc> target", target_text(target, unit) if target is not None else None, tgt)


def strand_label(strand, level):
    return f"{strand.replace('-', ' ').capitalize()}, {level.replace('-', ' ')}"


def check_training_page(c, site, fc, rel_page, exp):
    """Every figure of a training page against `exp` (figures_check.expected_training)."""
    p = Page(c, rel_page)
    withheld = site.public_rules()
    figs = exp["figures"]
    if not figs:
        return
    periods = []
    for f in figs:
        if f["period"] not in periods:
            periods.append(f["period"])
    last = periods[-1]

    def kind_of(f):
        return tuple(f[k] is not None for k in ("organisation", "strand", "level", "staff_group"))

    def comp_text(f):
        if f is None:
            return DASH
        if f["compliance"] is None:
            return DASH if f["eligible"] == 0 else ("*" if withheld else DASH)
        return value_text(f["compliance"], "percent", "higher", withheld)

    def row_want(f):
        return [count_text(f["eligible"], withheld), count_text(f["compliant"], withheld), comp_text(f),
                target_text(f["target"], "percent"), status_text(f["status"]), change_of(f, "change", "percent")]

    names = ["eligible", "compliant", "compliance", "target", "status", "change"]

    def compare(section_what, caption_id, expected_rows):
        """expected_rows: [(label, figure)]; rows are matched by their label."""
        table = table_by_caption(p.root, caption_id)
        if table is None:
            p.missing(f"{section_what} table")
            return
        rows = {r[0].text(): r for r in body_rows(table)}
        p.same(f"{section_what} rows", [lab for lab, _ in expected_rows], [r[0].text() for r in body_rows(table)])
        for lab, f in expected_rows:
            r = rows.get(lab)
            if r is None:
                continue
            got = cells_text(r)[1:]
            for what, e, g in zip(names, row_want(f), got + [None] * (6 - len(got))):
                p.same(f"{section_what} {lab} {what}", e, g)

    overall = [f for f in figs if kind_of(f) == (False, False, False, False)]
    compare("overall", "sg-overall-table-caption", [(f["period"], f) for f in overall])
    svg = p.root.find("section", aria_labelledby="sg-overall")
    svg = svg.find("svg") if svg is not None else None
    if svg is None:
        p.missing("overall chart")
    else:
        check_chart(p, "overall", svg, overall, comp_text, exp_kind(fc, periods), exp["target"], "percent",
                    value_key="compliance")

    levels = [f for f in figs if f["period"] == last and kind_of(f) == (False, True, True, False)]
    compare(f"by strand and level {last}", "sg-levels-table-caption",
            [(strand_label(f["strand"], f["level"]), f) for f in levels])

    org_figs = [f for f in figs if f["period"] == last and kind_of(f) == (True, False, False, False)]
    all_orgs = {f["organisation"] for f in figs if f["organisation"]}
    if len(all_orgs) > 20:
        p.same("by organisation table (more than 20 organisations)", "absent",
               "absent" if table_by_caption(p.root, "sg-orgs-table-caption") is None else "present")
        table = table_by_caption(p.root, "sg-spread-caption")
        if table is None:
            p.missing("organisations by status")
        else:
            counts = {"green": 0, "amber": 0, "red": 0, None: 0}
            for o in all_orgs:
                f = next((f for f in org_figs if f["organisation"] == o), None)
                counts[f["status"] if f else None] += 1
            want = [(WORDS["green"], str(counts["green"])), (WORDS["amber"], str(counts["amber"])),
                    (WORDS["red"], str(counts["red"])), ("No status (no target, or left out)", str(counts[None]))]
            got = [tuple(cells_text(r)) for r in body_rows(table)]
            p.same("organisations by status rows", [w for w, _ in want], [g[0] for g in got])
            found = {g[0]: g[1] if len(g) > 1 else None for g in got}
            for words, count in want:
                p.same(f"organisations by status {last} {words}", count, found.get(words))
    else:
        compare(f"by organisation {last}", "sg-orgs-table-caption",
                [(f["organisation_name"], f) for f in sorted(org_figs, key=lambda f: f["organisation_name"])])

    groups = [f for f in figs if f["period"] == last and kind_of(f) == (False, False, False, True)]
    compare(f"by staff group {last}", "sg-groups-table-caption",
            [(f["staff_group"], f) for f in sorted(groups, key=lambda f: f["staff_group"])])


def exp_kind(fc, periods):
    return fc.period_kind(periods)


def check_pages(c, site, fc):
    """Every published figures page of the site, against figures_check's computation."""
    for rel, doc in site.datasets:
        if not site.published(doc):
            continue
        base = fc.output_dir(rel)
        page = f"{base}/index.html"
        if not os.path.exists(os.path.join(c.out, page)):
            c.checked += 1
            c.fail(page, "the figures page", "present", "absent")
            continue
        if doc["kind"] == "indicators":
            check_indicator_page(c, site, fc, page, fc.expected_indicators(site, rel, doc))
        else:
            check_training_page(c, site, fc, page, fc.expected_training(site, rel, doc))
