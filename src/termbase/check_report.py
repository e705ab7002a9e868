"""How a `termbase check` result is shown: text grouped by segment, or one self-contained
HTML page with source and target side by side and the terms highlighted (no network: style
and script inline). JSON is `CheckResult.as_dict`.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Callable, Iterator

import click

from . import __version__
from .check import CheckResult, Finding, SegmentTerms
from .diagnostics import SEVERITY_COLOURS
from .matching import Found, longest


def summary(result: CheckResult) -> str:
    """One line: languages, pairing, what was checked, what was found."""
    alignment = result.alignment
    counts = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in result.counts().items()
                       if n) or "no findings"
    languages = (alignment.source_lang if alignment.target_lang is None
                 else f"{alignment.source_lang} → {alignment.target_lang}")
    segments = len(result.article.segments)
    terms = sum(len(s.source) for s in result.article.segments)
    return (f"{languages}, {segments} segment{'s' if segments != 1 else ''} "
            f"({alignment.method}), {terms} glossary term{'s' if terms != 1 else ''}: {counts}")


def text_lines(result: CheckResult, shown: Callable[[str], str] = str) -> Iterator[str]:
    """Findings grouped under their segment, severities coloured (click strips the colour
    when the output is not a terminal); `shown` escapes what comes from the data before the
    colour goes on."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        grouped[finding.segment].append(finding)
    for segment, findings in grouped.items():
        yield click.style(shown(segment), bold=True)
        for finding in findings:
            where = ":".join(str(p) for p in (finding.path, finding.line, finding.col) if p)
            yield (f"  {shown(where)}: {finding.code} "
                   + click.style(finding.severity, fg=SEVERITY_COLOURS[finding.severity])
                   + f" {shown(finding.message)}")


# --- HTML ---------------------------------------------------------------------------------

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:90rem;padding:1rem;color:#222}
header{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ccc}
h1{font-size:1.2rem;margin:0 0 .3rem}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #eee;padding:.4rem;vertical-align:top;text-align:left}
th{background:#f6f6f6}
td.id{color:#777;white-space:nowrap;font-size:.85rem}
tr[hidden]{display:none}
mark{background:#e6f0ff;border-radius:.2rem;padding:0 .1rem}
mark.ok{background:#e3f6e3}
mark.missing{background:#ffe2e2}
mark.bad{background:#ffd0d0;text-decoration:underline wavy #c00}
ul.findings{margin:0;padding-left:1rem;font-size:.9rem}
li.error{color:#a00}
li.warning{color:#8a5a00}
li.info{color:#555}
.code{font-family:monospace}
"""

SCRIPT = """
const only = document.getElementById('only');
const rows = Array.from(document.querySelectorAll('tbody tr'));
const count = document.getElementById('count');
function filter() {
  let shown = 0;
  for (const row of rows) {
    row.hidden = only.checked && !row.classList.contains('has-findings');
    if (!row.hidden) shown++;
  }
  count.textContent = shown + ' / ' + rows.length + ' segments';
}
only.addEventListener('change', filter);
filter();
"""


def html_page(result: CheckResult) -> str:
    alignment = result.alignment
    by_segment: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_segment[finding.segment].append(finding)
    alone = alignment.target_lang is None
    title = f"termbase check: {alignment.source_path}" + (
        "" if alone else f" → {alignment.target_path}")
    out = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta name="generator" content="termbase {__version__}">',
        f"<title>{html.escape(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        "<header>", f"<h1>{html.escape(title)}</h1>",
        f'<p id="summary">{html.escape(summary(result))}</p>',
        '<label><input type="checkbox" id="only"> only segments with findings</label> '
        '<span id="count"></span>', "</header>",
    ]
    article_findings = by_segment.get("article", [])
    if article_findings:
        out.append('<ul class="findings" id="article-findings">')
        out += [_finding_item(f) for f in article_findings]
        out.append("</ul>")
    header = "<th>segment</th>" + (
        f"<th>{html.escape(alignment.source_lang)}</th>" if alone else
        f"<th>source ({html.escape(alignment.source_lang)})</th>"
        f"<th>target ({html.escape(alignment.target_lang)})</th>")
    out += ["<table>", f"<thead><tr>{header}<th>findings</th></tr></thead>", "<tbody>"]
    for terms in result.article.segments:
        findings = by_segment.get(terms.segment.id, [])
        out.append(_row(terms, findings, alone))
    out += ["</tbody>", "</table>", f"<script>{SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(out)


def _row(terms: SegmentTerms, findings: list[Finding], alone: bool) -> str:
    missing = {f.source_term for f in findings if f.code == "T101"}
    bad = {f.found for f in findings if f.code in ("T102", "T105")}
    source = _marked(terms.segment.source.text, terms.source,
                     lambda f: "bad" if alone and f.matched in bad else
                     "missing" if f.matched in missing else "")
    cells = [f'<td class="id">{html.escape(terms.segment.id)}</td>',
             f'<td class="source">{source}</td>']
    if not alone:
        shown = longest(terms.target + terms.foreign)
        target = _marked(terms.segment.target.text, shown,
                         lambda f: "bad" if f.matched in bad else "ok")
        cells.append(f'<td class="target">{target}</td>')
    items = "".join(_finding_item(f) for f in findings)
    cells.append(f'<td><ul class="findings">{items}</ul></td>' if findings else "<td></td>")
    row_class = ' class="has-findings"' if findings else ""
    return f"<tr{row_class}>{''.join(cells)}</tr>"


def _finding_item(finding: Finding) -> str:
    return (f'<li class="{finding.severity}"><span class="code">{finding.code}</span> '
            f"{html.escape(finding.message)}</li>")


def _marked(content: str, found: list[Found], kind) -> str:
    """The text escaped, each term found wrapped in a <mark> titled with its term."""
    parts = []
    position = 0
    for item in found:
        parts.append(html.escape(content[position:item.start]))
        css = kind(item)
        attributes = f' class="{css}"' if css else ""
        title = html.escape(f"{item.term.text} ({item.term.status or 'no status'})")
        parts.append(f'<mark{attributes} title="{title}">'
                     f"{html.escape(content[item.start:item.end])}</mark>")
        position = item.end
    parts.append(html.escape(content[position:]))
    return "".join(parts).replace("\n", "<br>")
