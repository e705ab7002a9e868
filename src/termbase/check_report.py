"""How a `termbase check` result is shown: text grouped by segment, or one self-contained
HTML page with source and target side by side and the terms highlighted (no network: style
and script inline). JSON is `CheckResult.as_dict`.

In every form a doubtful pairing (`align.Confidence`) is said before any finding. The page
marks the term a finding names as wrong as the problem, with the term to use beside it, and
explains its highlights in a legend; a severity is a word and a symbol as well as a colour.
"""

from __future__ import annotations

import bisect
import html
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterator

import click

from . import __version__
from .align import Alignment, Piece
from .check import CheckResult, Finding, SegmentTerms
from .diagnostics import ERROR, INFO, SEVERITIES, SEVERITY_COLOURS, WARNING
from .matching import Found, longest


def summary(result: CheckResult) -> str:
    """One line: languages, pairing, what was checked, what was found; a doubtful pairing
    said at the end (the warning itself leads the report)."""
    alignment = result.alignment
    counts = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in result.counts().items()
                       if n) or "no findings"
    languages = (alignment.source_lang if alignment.target_lang is None
                 else f"{alignment.source_lang} → {alignment.target_lang}")
    segments = len(result.article.segments)
    terms = sum(len(s.source) for s in result.article.segments)
    line = (f"{languages}, {segments} segment{'s' if segments != 1 else ''} "
            f"({alignment.method}), {terms} glossary term{'s' if terms != 1 else ''}: {counts}")
    if result.warnings:
        line += f"; low alignment confidence {alignment.confidence.score:.2f}, see the warning"
    return line


def segments_with_findings(result: CheckResult) -> str:
    """«3 of 9 segments have findings»."""
    total = len(result.article.segments)
    with_findings = len({f.segment for f in result.findings} &
                        {s.segment.id for s in result.article.segments})
    return (f"{with_findings} of {total} segment{'s' if total != 1 else ''} "
            f"{'has' if with_findings == 1 else 'have'} findings")


def text_lines(result: CheckResult, shown: Callable[[str], str] = str) -> Iterator[str]:
    """A doubtful pairing first, then the findings grouped under their segment, severities
    coloured (click strips the colour when the output is not a terminal); `shown` escapes
    what comes from the data before the colour goes on."""
    for warning in result.warnings:
        yield click.style("warning", fg=SEVERITY_COLOURS["warning"]) + f": {shown(warning)}"
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

# Severity in a word and a symbol as well as a colour, so that it reads without colour.
SYMBOLS = {ERROR: "✖", WARNING: "⚠", INFO: "ℹ"}
MEANINGS = {
    ERROR: "a wrong, deprecated or missing term: the check fails (exit 1)",
    WARNING: "worth a look: an inconsistency, or a doubt about the pairing",
    INFO: "likely right, or how the texts were paired: shown for review",
}
# Each kind of highlight: its class, an example, what it means.
HIGHLIGHTS = [
    ("term", "term", "a glossary term"),
    ("missing", "source term", "a source term whose approved equivalent the target lacks"),
    ("ok", "target term", "the approved equivalent of a term of the source"),
    ("problem error", "wrong term", "a term a finding names as wrong (its symbol says how "
     "serious: ✖ error, ⚠ warning, ℹ info)"),
]

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:90rem;padding:1rem;color:#222}
header{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ccc}
h1{font-size:1.2rem;margin:0 0 .3rem}
h2{font-size:1rem;margin:.6rem 0 .3rem}
p{margin:.2rem 0}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #eee;padding:.4rem;vertical-align:top;text-align:left}
th{background:#f6f6f6}
td.id{color:#595959;white-space:nowrap;font-size:.85rem}
tr[hidden]{display:none}
.alert{border:2px solid #8a5a00;background:#fff4d6;padding:.5rem .8rem;margin:.8rem 0}
#legend ul{list-style:none;margin:0 0 .3rem;padding:0;display:flex;flex-wrap:wrap;
  gap:.2rem 1.5rem;font-size:.9rem}
#count{color:#595959}
mark{background:#e6f0ff;border-radius:.2rem;padding:0 .1rem;color:inherit}
mark.ok{background:#e3f6e3;border-bottom:2px solid #2a7a2a}
mark.missing{background:#ffe2e2;border-bottom:2px dashed #a00}
mark.missing::after{content:"\\a0∅";color:#a00}
mark.problem{background:#ffd0d0;text-decoration:line-through wavy #a00}
mark.problem.warning{background:#fff0c2;text-decoration-color:#8a5a00}
mark.problem.info{background:#e8eef8;text-decoration:underline dotted #30508a}
mark.problem::before{display:inline-block;text-decoration:none}
mark.problem.error::before{content:"✖\\a0";color:#a00}
mark.problem.warning::before{content:"⚠\\a0";color:#8a5a00}
mark.problem.info::before{content:"ℹ\\a0";color:#30508a}
ins.fix{background:#e3f6e3;text-decoration:underline;padding:0 .1rem}
ins.fix::before{content:"→\\a0"}
ul.findings{margin:0;padding-left:1rem;font-size:.9rem}
.severity{font-weight:600;white-space:nowrap}
.error .severity,.severity.error{color:#a00}
.warning .severity,.severity.warning{color:#8a5a00}
.info .severity,.severity.info{color:#30508a}
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
  count.textContent = 'showing ' + shown + ' of ' + rows.length + ' segments';
}
only.addEventListener('change', filter);
filter();
"""


def html_page(result: CheckResult) -> str:
    """The report as one page: a doubtful pairing first, a legend, then each segment with
    its terms highlighted, what is wrong marked as such and the term to use beside it."""
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
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        "<header>", f"<h1>{html.escape(title)}</h1>",
        f'<p id="summary">{html.escape(summary(result))}</p>',
        f'<p id="segments-with-findings">{html.escape(segments_with_findings(result))}</p>',
        '<p><label><input type="checkbox" id="only"> only segments with findings</label> · '
        '<span id="count"></span></p>', "</header>", "<main>",
    ]
    for warning in result.warnings:
        out.append(f'<div class="alert" id="alignment-warning" role="alert"><p>'
                   f"{_severity(WARNING)} <strong>The pairing is doubtful.</strong> "
                   f"{html.escape(_capitalised(warning))}.</p></div>")
    article_findings = by_segment.get("article", [])
    if article_findings:
        out.append('<ul class="findings" id="article-findings">')
        out += [_finding_item(f) for f in article_findings]
        out.append("</ul>")
    out.append(_legend())
    header = "<th>segment</th>" + (
        f"<th>{html.escape(alignment.source_lang)}</th>" if alone else
        f"<th>source ({html.escape(alignment.source_lang)})</th>"
        f"<th>target ({html.escape(alignment.target_lang)})</th>")
    out += ["<table>", f"<thead><tr>{header}<th>findings</th></tr></thead>", "<tbody>"]
    for terms in result.article.segments:
        findings = by_segment.get(terms.segment.id, [])
        out.append(_row(terms, findings, alignment))
    out += ["</tbody>", "</table>", "</main>", f"<script>{SCRIPT}</script>", "</body>",
            "</html>", ""]
    return "\n".join(out)


def _capitalised(message: str) -> str:
    return message[:1].upper() + message[1:]


def _severity(severity: str) -> str:
    """A severity as a symbol and a word (the colour comes on top)."""
    return (f'<span class="severity {severity}"><span class="icon" aria-hidden="true">'
            f"{SYMBOLS[severity]}</span> {severity}</span>")


def _legend() -> str:
    severities = "".join(f"<li>{_severity(severity)}: {html.escape(meaning)}</li>"
                         for severity, meaning in MEANINGS.items())
    highlights = "".join(f'<li><mark class="{css}">{html.escape(example)}</mark>: '
                         f"{html.escape(meaning)}</li>" for css, example, meaning in HIGHLIGHTS)
    highlights += ('<li><ins class="fix">term to use</ins>: what the glossary has instead, '
                   "beside the wrong term</li>")
    return ('<section id="legend" aria-labelledby="legend-heading">'
            '<h2 id="legend-heading">Legend</h2>'
            f'<ul class="severities">{severities}</ul>'
            f'<ul class="highlights">{highlights}</ul></section>')


@dataclass
class _Mark:
    """A stretch of a text to highlight."""

    start: int
    end: int
    css: str
    title: str
    fix: list[str] = field(default_factory=list)


def _row(terms: SegmentTerms, findings: list[Finding], alignment: Alignment) -> str:
    alone = alignment.target_lang is None
    segment = terms.segment
    missing = {f.source_term: f for f in findings if f.code == "T101" and f.source_term}
    if alone:
        source = _marked(segment.source, _problems(
            segment.source, longest(terms.source + terms.foreign), findings,
            lambda found: "term"))
    else:
        source = _marked(segment.source, [
            _term_mark(f, "missing" if f.matched in missing else "term",
                       f"target lacks {_or(missing[f.matched].expected)}"
                       if f.matched in missing else "") for f in terms.source])
    cells = [f'<td class="id">{html.escape(segment.id)}</td>',
             f'<td class="source" lang="{html.escape(alignment.source_lang)}">{source}</td>']
    if not alone:
        own = {id(f) for f in terms.target}

        def kind(found: Found) -> str:
            if id(found) in own and found.term.status != "deprecated" \
                    and found.concept in terms.source_inside:
                return "ok"
            return "term"

        target = _marked(segment.target, _problems(
            segment.target, longest(terms.target + terms.foreign), findings, kind))
        cells.append(f'<td class="target" lang="{html.escape(alignment.target_lang)}">'
                     f"{target}</td>")
    items = "".join(_finding_item(f) for f in findings)
    cells.append(f'<td><ul class="findings">{items}</ul></td>' if findings else "<td></td>")
    row_class = ' class="has-findings"' if findings else ""
    return f"<tr{row_class}>{''.join(cells)}</tr>"


def _term_mark(found: Found, css: str, note: str = "") -> _Mark:
    title = f"{found.term.text} ({found.term.status or 'no status'})"
    return _Mark(found.start, found.end, css, title + (f": {note}" if note else ""))


def _problems(piece: Piece, found: list[Found], findings: list[Finding],
              kind: Callable[[Found], str]) -> list[_Mark]:
    """The marks of the checked text: each term found, as what `kind` says unless a finding
    names it as what the text has instead of the glossary's term: then as a problem of the
    finding's severity, with the term to use. A word a finding names that is no glossary
    term (T107's derived word) is marked where the finding points."""
    # each finding naming a word of the checked text, by that word and where it points
    pointing: dict[tuple[str, int | None, int | None], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.found:
            pointing[finding.found, finding.line, finding.col].append(finding)
    marks = []
    for item in found:
        line, col = piece.position(item.start)
        mine = [f for key in dict.fromkeys(((item.matched, line, col), (item.matched, line, None),
                                            (item.matched, None, None)))
                for f in pointing.pop(key, [])]
        marks.append(_problem_mark(item.start, item.end, mine, _term_mark(item, kind(item))))
    marks.sort(key=lambda m: m.start)
    for unclaimed in pointing.values():
        for finding in unclaimed:
            start = _find_word(piece, finding, marks)
            if start is not None:
                end = start + len(finding.found)
                plain = _Mark(start, end, "term", finding.found)
                bisect.insort(marks, _problem_mark(start, end, [finding], plain),
                              key=lambda m: m.start)
    return marks


def _problem_mark(start: int, end: int, findings: list[Finding], plain: _Mark) -> _Mark:
    if not findings:
        return plain
    worst = min(findings, key=lambda f: SEVERITIES.index(f.severity))
    fix = list(dict.fromkeys(t for f in findings if f.code != "T107" for t in f.expected))
    title = "; ".join(f"{f.code} {f.severity}: {f.message}" for f in findings)
    return _Mark(start, end, f"problem {worst.severity}", title, fix)


def _find_word(piece: Piece, finding: Finding, marks: list[_Mark]) -> int | None:
    """Where in the piece a finding's word stands (not inside a mark): where the finding
    points, else its first free occurrence."""
    starts = [m.start for m in marks]  # marks do not overlap: their ends are in order too

    def free(start: int, end: int) -> bool:
        before = bisect.bisect_left(starts, end)  # the marks that start before the end
        return before == 0 or marks[before - 1].end <= start

    fallback = None
    start = piece.text.find(finding.found)
    while start >= 0:
        end = start + len(finding.found)
        if free(start, end):
            line, col = piece.position(start)
            if finding.line is None or (line == finding.line and col == finding.col):
                return start
            if fallback is None:
                fallback = start
        start = piece.text.find(finding.found, start + 1)
    return fallback


def _or(terms: list[str]) -> str:
    return " or ".join(f"«{t}»" for t in terms)


def _finding_item(finding: Finding) -> str:
    fix = ""
    if finding.expected and finding.code != "T107":
        fix = (' <span class="fix">fix: '
               + " or ".join(f"<ins>{html.escape(t)}</ins>" for t in finding.expected)
               + "</span>")
    return (f'<li class="finding {finding.severity}">{_severity(finding.severity)} '
            f'<span class="code">{finding.code}</span> '
            f'<span class="message">{html.escape(finding.message)}</span>{fix}</li>')


def _marked(piece: Piece, marks: list[_Mark]) -> str:
    """The text escaped, each mark a <mark> titled with what it is; a problem's fix beside it."""
    content = piece.text
    parts = []
    position = 0
    for mark in marks:
        if mark.start < position:  # overlaps the one before: leave it out
            continue
        parts.append(html.escape(content[position:mark.start]))
        parts.append(f'<mark class="{mark.css}" title="{html.escape(mark.title)}">'
                     f"{html.escape(content[mark.start:mark.end])}</mark>")
        if mark.fix:
            parts.append(f'<ins class="fix" title="use instead">'
                         f"{html.escape(' or '.join(mark.fix))}</ins>")
        position = mark.end
    parts.append(html.escape(content[position:]))
    return "".join(parts).replace("\n", "<br>")
