#!/usr/bin/env python3
"""safeguard beside Zola and Hugo on the same generated sites, in one run.

    cargo build --release
    xz -dc ../shared/peers/zola-0.22.1-x86_64-linux.xz > /tmp/zola && chmod +x /tmp/zola
    python3 bench/compare.py [--runs 5] [--corpora pages-1k,pages-10k,returns-1k] [--against OLD_BIN]
    python3 bench/compare.py --corpora figures          # safeguard alone; no Hugo needed

For each corpus (1,000 and 10,000 training-module pages, 1,000 audit returns) it writes
the safeguard site with bench/pages_corpus.py or bench/assurance_corpus.py and the same
content as a Hugo site (the same pages and front matter; layouts with the same parts:
menu, breadcrumbs, contents, the page, previous and next, section listings; each
return's results and actions as tables). Then, run after run, alternating which goes
first, it times:

- a cold build (into a new, empty output folder) with each tool;
- a rebuild with nothing changed (the output of the build before still there);
- the floor: reading every source file, and `cp -r` of safeguard's output.

The page corpora are written as a Zola site too (the same pages; `title` and
`description` as Zola has them, every other field under `extra`; templates with the same
parts), and Zola (`ZOLA_BIN`, default /tmp/zola) is timed beside the other two. Returns
have no Zola counterpart (Zola has no data-driven pages), so Zola's cells for them are
empty.

It prints the median wall time of each, the ratios to Zola and to Hugo, and each tool's
peak memory (maximum resident set size), then whether the targets are met.

The `figures` corpus (bench/figures_corpus.py: a registry of 500 organisations, 100,000
indicator observations in five yearly CSV files and 50,000 training rows) has no Hugo
counterpart, so only safeguard is timed on it (cold build, rebuild with nothing
changed, and a cold build into a folder just deleted), in a table of its own, against
the target of a cold build under 2 s. It is not in the default list; ask for it with
`--corpora figures` (alone, it needs no Hugo). With
`--against OLD_BIN`, an earlier build of safeguard is timed in the same runs too (each
tool first in turn) and a second table gives this build beside it. Needs
/usr/bin/time (GNU time) and `hugo` (`apt-get install hugo`). Everything is written
under --work (default: a fresh folder in /tmp), which is left for inspection: about
3 GB for all three corpora at 5 runs.

Cold builds go into new folders, and nothing is deleted until every such run is done.
On a filesystem like this machine's (ext4 without a journal), creating files within a
minute or so of deleting many costs a scan past every inode just freed, which would
time the benchmark's own `rm -rf` rather than the tools. The last column times that
case too, for both tools: a cold build into the folder of the run before, just
deleted. Those runs come last, after every other.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# SAFEGUARD_BIN measures another build of safeguard (an earlier commit, say).
SAFEGUARD = os.environ.get("SAFEGUARD_BIN") or os.path.join(REPO, "target", "release", "safeguard")
AS_OF = "2026-11-22"
MIB = 1024 * 1024

CORPORA = {
    "pages-1k": ("pages_corpus.py", 1000),
    "pages-10k": ("pages_corpus.py", 10000),
    "returns-1k": ("assurance_corpus.py", 1000),
    "figures": ("figures_corpus.py", 500),
}
# Run when --corpora is not given.
DEFAULT_CORPORA = ["pages-1k", "pages-10k", "returns-1k"]
# Corpora with no Hugo counterpart: safeguard alone is timed on them.
SAFEGUARD_ONLY = {"figures"}

ZOLA = os.environ.get("ZOLA_BIN") or "/tmp/zola"
# Corpora with a Zola counterpart.
ZOLA_CORPORA = {"pages-1k", "pages-10k"}

# Targets, on the 10,000-page corpus: against Zola, the fastest peer on this machine.
COLD_RATIO = 0.5
REBUILD_RATIO = 0.10
PEAK_MIB = 150
# Target on the figures corpus: safeguard's cold build.
FIGURES_COLD_S = 2.0

HUGO_CONFIG = """baseURL = "/"
title = "Benchmark"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = false
[markup.highlight]
noClasses = false
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

BASEOF = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title><link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav aria-label="Main"><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav></header>
<nav aria-label="Breadcrumbs"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li>{{ .Title }}</li></ol></nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body></html>
"""

SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ with .Description }}<p class="lede">{{ . }}</p>{{ end }}
{{ with .Params.learning_outcomes }}<h2>Learning outcomes</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="prose">{{ .Content }}</div>
{{ with .Params.questions }}<section><h2>Check your understanding</h2>{{ range $i, $q := . }}<fieldset><legend>{{ $q.question }}</legend>{{ range $j, $o := $q.options }}<label><input type="radio" name="q{{ $i }}"> {{ $o }}</label>{{ end }}<details><summary>Show the answer</summary><p>{{ $q.explanation }}</p></details></fieldset>{{ end }}</section>{{ end }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
"""

LIST = """{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<ol>{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>{{ end }}</ol>
</article>{{ end }}
"""

RETURN = """{{ define "main" }}<article><h1>{{ .Params.organisation }}, {{ .Params.period }}</h1>
{{ $scores := dict }}{{ $total := 0 }}{{ range .Params.results }}{{ $total = add $total .grade }}{{ end }}
<p>Mean grade: {{ div (float $total) (len .Params.results) }}</p>
<table><thead><tr><th>Criterion</th><th>Text</th><th>Grade</th><th>Evidence</th><th>Comment</th></tr></thead><tbody>
{{ range .Params.results }}{{ $c := .criterion }}<tr><td>{{ $c }}</td><td>{{ range $.Site.Data.s11.standards }}{{ range .criteria }}{{ if eq .id $c }}{{ .text }}{{ end }}{{ end }}{{ end }}</td><td>{{ .grade }}</td><td>{{ delimit .evidence ", " }}</td><td>{{ .comment }}</td></tr>{{ end }}
</tbody></table>
<h2>Action plan</h2><table><tbody>{{ range .Params.actions }}<tr><td>{{ .id }}</td><td>{{ .criterion }}</td><td>{{ .action }}</td><td>{{ .owner }}</td><td>{{ .due }}</td><td>{{ .status }}</td></tr>{{ end }}</tbody></table>
</article>{{ end }}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


ZOLA_CONFIG = """base_url = "/"
title = "Benchmark"
compile_sass = false
build_search_index = false
generate_feeds = false
[markdown.highlighting]
theme = "github-light"
style = "class"
"""

ZOLA_BASE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title><link rel="stylesheet" href="{{ get_url(path='style.css') }}"></head>
<body>
{% set root = get_section(path="_index.md", metadata_only=true) %}
<header><a href="{{ get_url(path='/') }}">{{ config.title }}</a>
<nav aria-label="Main"><ul>{% for s in root.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul></nav></header>
{% block crumbs %}{% endblock %}
<main>{% block main %}{% endblock %}</main>
<footer>{{ config.title }}</footer>
</body></html>
"""

ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} – {{ config.title }}{% endblock %}
{% block crumbs %}<nav aria-label="Breadcrumbs"><ol>{% for a in page.ancestors %}{% set s = get_section(path=a, metadata_only=true) %}<li><a href="{{ s.permalink }}">{{ s.title }}</a></li>{% endfor %}<li>{{ page.title }}</li></ol></nav>{% endblock %}
{% block main %}<article><h1>{{ page.title }}</h1>
{% if page.description %}<p class="lede">{{ page.description }}</p>{% endif %}
{% if page.extra.learning_outcomes %}<h2>Learning outcomes</h2><ul>{% for o in page.extra.learning_outcomes %}<li>{{ o }}</li>{% endfor %}</ul>{% endif %}
<nav class="toc"><ul>{% for h in page.toc %}<li><a href="{{ h.permalink }}">{{ h.title }}</a>{% if h.children %}<ul>{% for c in h.children %}<li><a href="{{ c.permalink }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>{% endfor %}</ul></nav>
<div class="prose">{{ page.content | safe }}</div>
{% if page.extra.questions %}<section><h2>Check your understanding</h2>{% for q in page.extra.questions %}{% set i = loop.index %}<fieldset><legend>{{ q.question }}</legend>{% for o in q.options %}<label><input type="radio" name="q{{ i }}"> {{ o }}</label>{% endfor %}<details><summary>Show the answer</summary><p>{{ q.explanation }}</p></details></fieldset>{% endfor %}</section>{% endif %}
<nav>{% if page.lower %}<a href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %} {% if page.higher %}<a href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}</nav>
</article>{% endblock %}
"""

ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} – {{ config.title }}{% endblock %}
{% block main %}<article><h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>
<ol>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>{% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>{% endfor %}</ol>
</article>{% endblock %}
"""


def zola_front_matter(text, section):
    """safeguard's front matter as Zola takes it: `title` and `description` where they
    were, every other field under `extra` (as written, so YAML reads it the same), and
    a section's pages in title order (which gives each page its previous and next)."""
    if not text.startswith("---\n"):
        return text
    end = text.index("\n---\n", 4)
    top, extra = [], []
    for line in text[4:end].split("\n"):
        if line.startswith(("title:", "description:")):
            top.append(line)
        else:
            extra.append("  " + line)
    if section:
        top.append("sort_by: title")
    if extra:
        top += ["extra:"] + extra
    return "---\n" + "\n".join(top) + text[end:]


def zola_site(sg, zola):
    """The pages of the safeguard site at `sg` as a Zola site at `zola`."""
    write(f"{zola}/config.toml", ZOLA_CONFIG)
    write(f"{zola}/templates/base.html", ZOLA_BASE)
    write(f"{zola}/templates/page.html", ZOLA_PAGE)
    write(f"{zola}/templates/section.html", ZOLA_SECTION)
    write(f"{zola}/templates/index.html", ZOLA_SECTION)
    write(f"{zola}/static/style.css", "body { font-family: sans-serif; }\n")
    content = f"{sg}/content"
    for folder, _, files in os.walk(content):
        rel = os.path.relpath(folder, content)
        for name in files:
            if name.endswith(".md"):
                with open(os.path.join(folder, name)) as f:
                    text = f.read()
                out = os.path.normpath(os.path.join(f"{zola}/content", rel, name))
                write(out, zola_front_matter(text, name == "_index.md"))


def hugo_site(sg, hugo):
    """The safeguard site at `sg` as a Hugo site at `hugo`."""
    write(f"{hugo}/hugo.toml", HUGO_CONFIG)
    write(f"{hugo}/layouts/_default/baseof.html", BASEOF)
    write(f"{hugo}/layouts/_default/single.html", SINGLE)
    write(f"{hugo}/layouts/_default/list.html", LIST)
    write(f"{hugo}/layouts/return/single.html", RETURN)
    write(f"{hugo}/static/style.css", "body { font-family: sans-serif; }\n")
    content = f"{sg}/content"
    for folder, _, files in os.walk(content):
        rel = os.path.relpath(folder, content)
        for name in files:
            src = os.path.join(folder, name)
            with open(src) as f:
                text = f.read()
            out = os.path.normpath(os.path.join(f"{hugo}/content", rel, name))
            if name.endswith(".md"):
                write(out, text)
            elif "kind: framework" in text:
                write(f"{hugo}/data/{name}", text)
            elif "kind: audit" in text:
                # A return is a page whose front matter is its data.
                write(out[: -len(".yaml")] + ".md", f"---\ntype: return\ntitle: {name}\n{text}---\n")
            # The glossary has no counterpart.


def timed(cmd, cwd=None):
    """(wall seconds, peak resident MiB) of one run; exits if the command fails. GNU
    time gives the memory; the wall time is taken here, to the millisecond."""
    started = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    last = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-3000:]}")
    return wall, int(last) * 1024 / MIB


def prepare(name, work):
    """Writes the corpus as a safeguard site and as a Hugo site; their commands."""
    script, n = CORPORA[name]
    base = f"{work}/{name}"
    sg, hugo = f"{base}/safeguard", f"{base}/hugo"
    subprocess.run([sys.executable, f"{REPO}/bench/{script}", sg, str(n)], check=True,
                   stdout=subprocess.DEVNULL)
    if name in SAFEGUARD_ONLY:
        return {
            "base": base,
            "src": sg,
            "sg": lambda out: [SAFEGUARD, "build", "--root", sg, "--output", out, "--as-of", AS_OF],
        }
    hugo_site(sg, hugo)
    c = {
        "base": base,
        "src": sg,
        "sg": lambda out: [SAFEGUARD, "build", "--root", sg, "--output", out, "--as-of", AS_OF],
        "hugo": lambda out: ["hugo", "--quiet", "--source", hugo, "--destination", out],
    }
    if name in ZOLA_CORPORA:
        zola = f"{base}/zola"
        zola_site(sg, zola)
        c["zola"] = lambda out: [ZOLA, "--root", zola, "build", "--output-dir", out, "--force"]
    return c


def rotated(tools, run):
    """The tools in the order of this run: each goes first in turn."""
    k = run % len(tools)
    return tools[k:] + tools[:k]


def fresh_runs(c, runs, times, peak, tools):
    """Cold builds into new folders, rebuilds with nothing changed, and the floor.
    Nothing is deleted: see `deleted_runs`."""
    for run in range(runs):
        order = rotated(tools, run)
        outs = {tool: f"{c['base']}/{tool}-out-{run}" for tool in order}
        for tool in order:
            wall, rss = timed(c[tool](outs[tool]))
            times[f"{tool} cold"].append(wall)
            peak[tool] = max(peak[tool], rss)
        for tool in order:
            wall, rss = timed(c[tool](outs[tool]))
            times[f"{tool} rebuild"].append(wall)
            peak[tool] = max(peak[tool], rss)
        times["read"].append(timed(["sh", "-c", f"find {c['src']} -type f -exec cat {{}} + > /dev/null"])[0])
        times["cp"].append(timed(["cp", "-r", outs["sg"], f"{c['base']}/copy-{run}"])[0])


def deleted_runs(c, runs, times, tools):
    """Cold builds into the folder of the build before, just deleted (`rm -rf`)."""
    for run in range(runs):
        order = rotated(tools, run)
        for tool in order:
            out = f"{c['base']}/{tool}-out-{run}"
            shutil.rmtree(out)
            times[f"{tool} deleted"].append(timed(c[tool](out))[0])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--corpora", default=",".join(DEFAULT_CORPORA),
                   help=f"comma-separated, of: {', '.join(CORPORA)}")
    p.add_argument("--work", default=None, help="an empty folder (default: a new one in /tmp)")
    p.add_argument("--against", default=None, metavar="BIN",
                   help="another safeguard binary (an earlier commit) timed in the same runs")
    args = p.parse_args()
    if not os.path.exists(SAFEGUARD):
        sys.exit("build the release binary first: cargo build --release")
    names = args.corpora.split(",")
    unknown = [name for name in names if name not in CORPORA]
    if unknown:
        sys.exit(f"unknown corpus {', '.join(unknown)}: choose from {', '.join(CORPORA)}")
    with_hugo = [name for name in names if name not in SAFEGUARD_ONLY]
    if with_hugo and not shutil.which("hugo"):
        sys.exit("Hugo is needed: apt-get install hugo")
    if any(name in ZOLA_CORPORA for name in names) and not os.access(ZOLA, os.X_OK):
        sys.exit(f"Zola is needed at {ZOLA}: see the top of this file, or set ZOLA_BIN")
    work = args.work or tempfile.mkdtemp(prefix="sg-compare-")
    if os.path.exists(work) and os.listdir(work):
        sys.exit(f"{work} is not empty: deleting files just before timing would slow both tools")
    if with_hugo:
        version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
        zola_version = subprocess.run([ZOLA, "--version"], capture_output=True, text=True).stdout.split()[-1] \
            if os.access(ZOLA, os.X_OK) else "none"
        print(f"safeguard vs Zola {zola_version} and Hugo {version}, {args.runs} runs each, alternating; "
              f"medians (work: {work})\n", flush=True)
    else:
        print(f"safeguard alone, {args.runs} runs; medians (work: {work})\n", flush=True)
    corpora = {name: prepare(name, work) for name in names}
    all_tools = ["sg", "zola", "hugo"] + (["old"] if args.against else [])
    if args.against:
        for c in corpora.values():
            src = c["src"]
            c["old"] = lambda out, src=src: [args.against, "build", "--root", src, "--output", out, "--as-of", AS_OF]
    # The tools timed on each corpus: no Hugo where it has no counterpart.
    tools_of = {name: [t for t in all_tools
                       if (t != "hugo" or name not in SAFEGUARD_ONLY) and (t != "zola" or name in ZOLA_CORPORA)]
                for name in names}
    keys = ["read", "cp"] + [f"{t} {what}" for t in all_tools for what in ("cold", "rebuild", "deleted")]
    times = {name: {k: [] for k in keys} for name in names}
    peak = {name: {t: 0.0 for t in tools_of[name]} for name in names}
    # Every fresh-folder run first, for every corpus; the runs that delete come last.
    for name in names:
        fresh_runs(corpora[name], args.runs, times[name], peak[name], tools_of[name])
    for name in names:
        deleted_runs(corpora[name], args.runs, times[name], tools_of[name])

    def medians(name):
        return {k: statistics.median(v) for k, v in times[name].items() if v}

    verdicts = []
    if with_hugo:
        print("| corpus | files | safeguard cold | Zola cold | ratio | Hugo cold | ratio "
              "| safeguard no change | Zola no change | ratio | Hugo no change | ratio "
              "| peak MiB safeguard / Zola / Hugo | floor: read sources / cp -r output "
              "| cold into a folder just deleted: safeguard / Zola / Hugo |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")

    def cell(med, tool, what, against=None):
        key = f"{tool} {what}"
        if key not in med:
            return "—"
        return f"{med[key]:.3f} s" if against is None else f"{med[against] / med[key]:.3f}×"

    for name in with_hugo:
        med = medians(name)
        files = sum(len(f) for _, _, f in os.walk(f"{corpora[name]['base']}/sg-out-0"))
        pk = peak[name]
        zola_peak = f"{pk['zola']:.0f}" if "zola" in pk else "—"
        print(f"| {name} | {files} | {cell(med, 'sg', 'cold')} "
              f"| {cell(med, 'zola', 'cold')} | {cell(med, 'zola', 'cold', 'sg cold')} "
              f"| {cell(med, 'hugo', 'cold')} | {cell(med, 'hugo', 'cold', 'sg cold')} "
              f"| {cell(med, 'sg', 'rebuild')} "
              f"| {cell(med, 'zola', 'rebuild')} | {cell(med, 'zola', 'rebuild', 'sg rebuild')} "
              f"| {cell(med, 'hugo', 'rebuild')} | {cell(med, 'hugo', 'rebuild', 'sg rebuild')} "
              f"| {pk['sg']:.0f} / {zola_peak} / {pk['hugo']:.0f} | {med['read']:.3f} s / {med['cp']:.3f} s "
              f"| {cell(med, 'sg', 'deleted')} / {cell(med, 'zola', 'deleted')} / {cell(med, 'hugo', 'deleted')} |")
        if name == "pages-10k":
            cold = med["sg cold"] / med["zola cold"]
            rebuild = med["sg rebuild"] / med["zola rebuild"]
            verdicts += [
                (f"cold build ≤ {COLD_RATIO}× Zola", cold <= COLD_RATIO, f"{cold:.2f}×"),
                (f"rebuild with nothing changed ≤ {REBUILD_RATIO}× Zola", rebuild <= REBUILD_RATIO, f"{rebuild:.2f}×"),
                (f"peak memory ≤ {PEAK_MIB} MiB", pk["sg"] <= PEAK_MIB, f"{pk['sg']:.0f} MiB"),
            ]
    alone = [name for name in names if name in SAFEGUARD_ONLY]
    if alone:
        if with_hugo:
            print()
        print("Safeguard alone (no Hugo counterpart)\n")
        print(f"| corpus | source files | output files | safeguard cold (target < {FIGURES_COLD_S:g} s) | safeguard no change | peak MiB | floor: read sources / cp -r output | cold into a folder just deleted |")
        print("|---|---|---|---|---|---|---|---|")
    for name in alone:
        med = medians(name)
        sources = sum(len(f) for _, _, f in os.walk(corpora[name]["src"]))
        files = sum(len(f) for _, _, f in os.walk(f"{corpora[name]['base']}/sg-out-0"))
        print(f"| {name} | {sources} | {files} | {med['sg cold']:.3f} s | {med['sg rebuild']:.3f} s "
              f"| {peak[name]['sg']:.0f} | {med['read']:.3f} s / {med['cp']:.3f} s | {med['sg deleted']:.3f} s |")
        if name == "figures":
            verdicts.append((f"figures: cold build under {FIGURES_COLD_S:g} s", med["sg cold"] < FIGURES_COLD_S,
                             f"{med['sg cold']:.3f} s"))
    if args.against:
        print(f"\nThis build beside {args.against}, in the same runs (ratio below 1: this one is faster)\n")
        print("| corpus | cold: this / old / ratio | no change: this / old / ratio | into a folder just deleted: this / old / ratio | peak MiB this / old |")
        print("|---|---|---|---|---|")
        for name in names:
            med = medians(name)
            cells = []
            for what in ("cold", "rebuild", "deleted"):
                new, old = med[f"sg {what}"], med[f"old {what}"]
                cells.append(f"{new:.3f} s / {old:.3f} s / {new / old:.3f}×")
            pk = peak[name]
            print(f"| {name} | {' | '.join(cells)} | {pk['sg']:.0f} / {pk['old']:.0f} |")
    if verdicts:
        print()
        for what, ok, got in verdicts:
            print(f"{'met' if ok else 'NOT MET'}: {what} ({got})")
    sys.exit(0 if all(ok for _, ok, _ in verdicts) else 1)


if __name__ == "__main__":
    main()
