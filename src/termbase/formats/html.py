"""One self-contained HTML page of the glossary: every concept in every language, with status,
type, notes and definition, searchable as you type. No network: styles and script are inline.

The search folds case, ё/е and the apostrophe forms, and matches the start of any word of
any term, so «саюз» finds «Саюзная дзяржава» and «одкб» finds ОДКБ.
"""

from __future__ import annotations

import html
from typing import Iterable

from .. import __version__
from ..fileio import Destination
from ..lang import tags
from ..lang.text import fold
from ..model import Concept, checked_on
from .tabular import _write_bytes

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70rem;padding:1rem;color:#222}
header{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ccc}
input{font-size:1.1rem;width:100%;padding:.4rem;box-sizing:border-box}
article{border-bottom:1px solid #eee;padding:.6rem 0}
article[hidden]{display:none}
h2{font-size:1rem;margin:0 0 .3rem;color:#555;font-weight:600}
.lang{display:grid;grid-template-columns:3rem 1fr;gap:.2rem .6rem}
.code{color:#777;font-variant:small-caps}
.term{margin-right:1rem}
.status{font-size:.75rem;border-radius:.3rem;padding:0 .3rem;margin-left:.3rem;background:#eef}
.deprecated .text{text-decoration:line-through;color:#a00}
.deprecated .status{background:#fdd}
.admitted .status{background:#efe}
.definition,.note,.checked{color:#444;font-size:.9rem;margin:.2rem 0 0}
#count{color:#666;font-size:.9rem}
"""

SCRIPT = """
const box = document.getElementById('search');
const entries = Array.from(document.querySelectorAll('article'));
const count = document.getElementById('count');
function fold(text) {
  return text.normalize('NFC').toLowerCase().replace(/ё/g, 'е')
    .replace(/['\\u02bc\\u2018`\\u00b4]/g, '\\u2019');
}
function filter() {
  const words = fold(box.value).split(/\\s+/).filter(Boolean);
  let shown = 0;
  for (const entry of entries) {
    const haystack = ' ' + entry.dataset.search;
    const visible = words.every(word => haystack.includes(' ' + word));
    entry.hidden = !visible;
    if (visible) shown++;
  }
  count.textContent = shown + ' / ' + entries.length;
}
box.addEventListener('input', filter);
if (location.hash.length > 1) { box.value = decodeURIComponent(location.hash.slice(1)); }
filter();
"""


def write(concepts: Iterable[Concept], dest: Destination, languages: list[str],
          title: str = "termbase glossary") -> None:
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta name=\"generator\" content=\"termbase {__version__}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        f"<header><h1>{html.escape(title)}</h1>\n",
        "<input id=\"search\" type=\"search\" placeholder=\"Search any language…\" "
        "autofocus aria-label=\"Search\"> <span id=\"count\"></span></header>\n<main>\n",
    ]
    for concept in concepts:
        parts.append(_article(concept, languages))
    parts.append(f"</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")
    _write_bytes("".join(parts).encode("utf-8"), dest)


def _article(concept: Concept, languages: list[str]) -> str:
    words = " ".join(fold(term.text) for _, term in concept.terms())
    rows = []
    for lang in languages:
        terms = [t for s in concept.languages if tags.primary(s.lang) == lang for t in s.terms]
        if not terms:
            continue
        code = html.escape(lang)  # a tag as the file wrote it: it may hold anything
        rendered = "".join(
            f"<span class=\"term {html.escape(t.status or '')}\" lang=\"{code}\">"
            f"<span class=\"text\">{html.escape(t.text)}</span>"
            f"<span class=\"status\">{html.escape(' '.join(filter(None, (t.status, t.type))))}"
            f"</span></span>" for t in terms)
        notes = "".join(f"<p class=\"note\" lang=\"{code}\">{html.escape(t.text)}: "
                        f"{html.escape(note)}</p>" for t in terms for note in t.notes)
        rows.append(f"<span class=\"code\">{code}</span><div>{rendered}{notes}</div>")
    definition = "".join(f"<p class=\"definition\">{html.escape(d.text)}</p>"
                         for d in concept.definitions)
    subject = html.escape(", ".join(concept.subject_fields))
    review = checked_on(concept)
    checked = f"<p class=\"checked\">checked on {html.escape(review)}</p>" if review else ""
    return (f"<article id=\"{html.escape(concept.id)}\" data-search=\"{html.escape(words)}\">"
            f"<h2>{html.escape(concept.id)}{' · ' + subject if subject else ''}</h2>"
            f"<div class=\"lang\">{''.join(rows)}</div>{definition}{checked}</article>\n")
