"""The web pages: server-rendered HTML that works without JavaScript (a form, a result), with
`static/serve.js` adding search as you type. Every text goes out through `html.escape`."""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from .. import __version__, check_report, proposals
from ..errors import TermbaseError
from . import api
from .core import CSP, Problem, Settings

NAV = (("/", "Search"), ("/tm", "Translation memory"), ("/check", "Check an article"),
       ("/propose", "Propose a term"), ("/proposals", "Proposals"))
LANGUAGES = ("ru", "be", "en")


def page(title: str, body: str, path: str = "") -> str:
    links = "".join(
        f'<li><a href="{href}"{" aria-current=page" if href == path else ""}>{name}</a></li>'
        for href, name in NAV)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="termbase {__version__}">\n'
        f"<title>{escape(title)} · termbase</title>\n"
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">\n'
        '<link rel="stylesheet" href="/static/serve.css">\n'
        '<script src="/static/serve.js" defer></script>\n</head>\n<body>\n'
        '<a class="skip" href="#main">Skip to content</a>\n'
        f'<nav aria-label="termbase"><ul>{links}</ul></nav>\n'
        f'<main id="main">\n<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n')


def error_page(status: int, message: str, details: dict) -> str:
    items = "".join(f"<li>{escape(str(d.get('message', d)) if isinstance(d, dict) else d)}"
                    f"</li>" for key in ("duplicates", "findings") for d in details.get(key, ()))
    return page(f"Error {status}", f'<p role="alert">{escape(message)}</p>'
                + (f"<ul>{items}</ul>" if items else ""))


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status)


# --- search and concepts --------------------------------------------------------------------

def search_form(q: str, fuzzy: bool) -> str:
    return (
        '<form action="/" method="get" role="search" id="search-form">'
        '<label for="q">Term, in any language and any form</label> '
        f'<input type="search" id="q" name="q" value="{escape(q)}" autocomplete="off" '
        'autofocus aria-controls="results" aria-describedby="search-help"> '
        f'<label><input type="checkbox" name="fuzzy" value="true"{" checked" if fuzzy else ""}>'
        ' similar spellings</label> <button type="submit">Search</button>'
        '<p id="search-help" class="help">Results show how each term matched (exact, '
        'inflected, abbreviation, part, fuzzy) and a score; they update as you type.</p>'
        "</form>")


def match_list(results: list[dict]) -> str:
    items = []
    for result in results:
        matched = result["matched"]
        use = (f' <span class="use">use «{escape("», «".join(matched["use_instead"]))}»</span>'
               if matched.get("use_instead") else "")
        terms = "; ".join(
            f"{escape(lang)}: " + ", ".join(_term_text(t["term"], t["status"])
                                             for t in shown)
            for lang, shown in result["languages"].items())
        items.append(
            f'<li><a href="/concept/{escape(result["concept"], True)}">'
            f'{escape(result["concept"])}</a> <span class="match">{escape(result["match"])} '
            f'{result["score"]:g}</span> {escape(matched["lang"])} '
            f'{_term_text(matched["term"], matched["status"])}{use}'
            f'<div class="terms">{terms}</div></li>')
    return "".join(items)


def _term_text(text: str, status: str | None) -> str:
    shown = escape(text)
    return f'<del title="deprecated">{shown}</del>' if status == "deprecated" else shown


def _source(source: str) -> str:
    """A source as text, or as a link when it is a web address (never another scheme)."""
    shown = escape(source)
    if source.startswith(("https://", "http://")) and not any(c.isspace() for c in source):
        return f'<a href="{escape(source, True)}" rel="noopener noreferrer">{shown}</a>'
    return shown


def concept_body(concept: dict) -> str:
    out = [f'<p class="file">{escape(concept["file"])}</p>']
    if concept["subject_fields"]:
        out.append(f'<p><strong>Subject:</strong> {escape(", ".join(concept["subject_fields"]))}'
                   "</p>")
    for definition in concept["definitions"]:
        lang = definition["lang"]
        label = f"Definition ({escape(lang)})" if lang else "Definition"
        source = (f' <span class="source">source: {_source(definition["source"])}</span>'
                  if definition["source"] else "")
        out.append(f'<p class="definition"><strong>{label}:</strong> <span lang="'
                   f'{escape(lang or "en", True)}">{escape(definition["text"])}</span>{source}</p>')
    out += [f'<p class="note"><strong>Note:</strong> {escape(note)}</p>'
            for note in concept["notes"]]
    if concept["checked"]:
        out.append(f'<p class="checked"><strong>Checked on</strong> {escape(concept["checked"])}'
                   "</p>")
    out.append('<table class="terms"><caption>Terms</caption><thead><tr><th scope="col">'
               'Language</th><th scope="col">Term</th><th scope="col">Status</th>'
               '<th scope="col">Type</th><th scope="col">Used in</th><th scope="col">'
               "Sources and notes</th></tr></thead><tbody>")
    preferred: dict[str, list[str]] = {}
    for term in concept["terms"]:
        if term["status"] == "preferred":
            preferred.setdefault(term["lang"], []).append(term["text"])
    for term in concept["terms"]:
        text = _term_text(term["text"], term["status"])
        if term["status"] == "deprecated" and preferred.get(term["lang"]):
            text += (' <span class="use">use «'
                     + escape("», «".join(preferred[term["lang"]])) + "»</span>")
        about = [f"source: {_source(s)}" for s in term.get("sources") or ()] + [
            f"note: {escape(n)}" for n in term.get("notes") or ()]
        out.append(
            f'<tr class="{escape(term["status"] or "", True)}"><td lang="en">'
            f'{escape(term["lang"])}</td><td lang="{escape(term["lang"], True)}">{text}</td>'
            f'<td>{escape(term["status"] or "")}</td><td>{escape(term["type"] or "")}</td>'
            f'<td>{escape(term.get("usage") or "")}</td><td>{"<br>".join(about)}</td></tr>')
    out.append("</tbody></table>")
    return "\n".join(out)


# --- translation memory ------------------------------------------------------------------

def hit_list(hits: list[dict]) -> str:
    items = []
    for hit in hits:
        segments = "".join(f'<li lang="{escape(s["lang"], True)}"><span class="lang">'
                           f'{escape(s["lang"])}</span> {escape(s["text"])}</li>'
                           for s in hit["segments"])
        items.append(f'<li><span class="match">{escape(hit["match"])} {hit["score"]:g}%</span> '
                     f'{escape(hit["unit"] or "(no tuid)")} <span class="file">'
                     f'{escape(hit["file"])}</span><ul>{segments}</ul></li>')
    return "".join(items)


# --- the article check -------------------------------------------------------------------

CHECK_FORM = """
<form action="/check" method="post" enctype="multipart/form-data" id="check-form">
<fieldset><legend>Paste two texts</legend>
<p><label for="source_text">Source text</label><br>
<textarea id="source_text" name="source_text" rows="8" cols="60"></textarea></p>
<p><label for="target_text">Translation</label><br>
<textarea id="target_text" name="target_text" rows="8" cols="60"></textarea></p>
</fieldset>
<fieldset><legend>Or upload files</legend>
<p><label for="source">Source: txt, md or docx; or one bilingual XLIFF, PO or TMX file</label>
<input type="file" id="source" name="source" accept=".txt,.md,.markdown,.docx,.xlf,.xliff,.po,.tmx"></p>
<p><label for="target">Translation: txt, md or docx (none for a bilingual file)</label>
<input type="file" id="target" name="target" accept=".txt,.md,.markdown,.docx"></p>
</fieldset>
<p><label for="source_lang">Source language</label>
<input id="source_lang" name="source_lang" size="5" placeholder="detected">
<label for="target_lang">Target language</label>
<input id="target_lang" name="target_lang" size="5" placeholder="detected"></p>
<fieldset><legend>Report</legend>
<label><input type="radio" name="format" value="view" checked> show it here</label>
<label><input type="radio" name="format" value="html"> download HTML</label>
<label><input type="radio" name="format" value="json"> download JSON</label>
</fieldset>
<p><button type="submit">Check</button></p>
</form>
"""


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


# The check report is `termbase check --format html` as it is, with its own style and script:
# the policy admits those two by their hashes, and nothing else inline.
REPORT_CSP = CSP.replace("script-src 'self'", f"script-src 'self' {_hash(check_report.SCRIPT)}") \
    .replace("style-src 'self'", f"style-src 'self' {_hash(check_report.STYLE)}")


def report_page(result) -> str:
    back = ('<nav aria-label="termbase"><a href="/check">Check another article</a> · '
            '<a href="/">Search the glossary</a></nav>')
    return check_report.html_page(result).replace("<body>", "<body>\n" + back, 1)


# --- proposals --------------------------------------------------------------------------

def proposal_form(settings: Settings, values: dict, subjects: list[str]) -> str:
    def field(name: str, label: str, lang: str | None = None) -> str:
        value = escape(values.get(name, "") if isinstance(values.get(name), str) else "")
        attrs = f' lang="{lang}"' if lang else ""
        return (f'<p><label for="{name}">{label}</label><br>'
                f'<input id="{name}" name="{name}" value="{value}" size="50"{attrs}></p>')

    options = "".join(f'<option{" selected" if s == values.get("subject") else ""}>'
                      f"{escape(s)}</option>" for s in subjects)
    token = "" if settings.token is None else (
        '<p><label for="token">Access token (from whoever runs this server)</label><br>'
        '<input type="password" id="token" name="token" autocomplete="off" required></p>')
    readonly = ('<p role="note">This server is read-only: it takes no proposals.</p>'
                if settings.token is None else "")
    return (
        readonly + '<form action="/propose" method="post" id="propose-form">'
        + field("ru", "Russian preferred term", "ru") + field("be", "Belarusian preferred term", "be")
        + field("en", "English preferred term", "en")
        + "".join(field(f"abbr_{lang}", f"{lang} acronym or abbreviation", lang)
                  for lang in LANGUAGES)
        + '<p><label for="variants">Variants, one a line: LANG=TEXT or LANG=TEXT:STATUS '
          '(admitted unless :deprecated)</label><br>'
          f'<textarea id="variants" name="variants" rows="3" cols="60">'
          f'{escape(values.get("variants", "") or "")}</textarea></p>'
        + f'<p><label for="subject">Subject field</label><br><select id="subject" '
          f'name="subject"><option value="">(none)</option>{options}</select></p>'
        + field("definition", "Definition (English)") + field("source", "Source (site, document)")
        + field("note", "Note")
        + token + '<p><button type="submit">Propose</button></p></form>')


def form_request(form) -> proposals.Request:
    """The proposal form as `termbase add` options: preferred terms, acronyms, variants."""
    from ..edit import split_status

    def text(name: str) -> str | None:
        value = form.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None

    terms = [(lang, text(lang), "fullForm", "preferred") for lang in LANGUAGES if text(lang)]
    for lang in LANGUAGES:
        abbr = text(f"abbr_{lang}")
        if abbr:
            terms.append((lang, abbr, "acronym" if abbr.isupper() else "abbreviation",
                          "preferred"))
    for line in (text("variants") or "").splitlines():
        if not line.strip():
            continue
        lang, sep, value = line.partition("=")
        if not sep or not lang.strip() or not value.strip():
            raise proposals.NotValid(f"a variant wants LANG=TEXT, not «{line.strip()[:100]}»")
        value, status = split_status(value.strip(), "admitted")
        terms.append((lang.strip(), value, "variant", status))
    return proposals.Request(terms, subject=text("subject"), definition=text("definition"),
                             note=text("note"), source=text("source"))


def routes(settings: Settings) -> list[Route]:
    async def search(request: Request):
        params = request.query_params
        q = params.get("q", "")
        fuzzy = params.get("fuzzy") == "true"
        results = ""
        if q.strip():
            try:
                found = await run_in_threadpool(api.lookup_results, settings, params)
            except (Problem, TermbaseError) as error:
                found, results = [], f'<p role="alert">{escape(error.message)}</p>'
            results = results or (f'<p id="result-count" role="status">{len(found)} '
                                  f'concept{"s" if len(found) != 1 else ""}</p>' if found else
                                  '<p id="result-count" role="status">no match</p>')
            results += f'<ol id="results">{match_list(found)}</ol>'
        else:
            results = '<p id="result-count" role="status"></p><ol id="results"></ol>'
        return _html(page("Glossary", search_form(q, fuzzy) + results, "/"))

    async def concept_page(request: Request):
        found = await run_in_threadpool(api.concept, settings,
                                        request.path_params["concept_id"])
        return _html(page(found["id"], concept_body(found)))

    async def tm_page(request: Request):
        params = request.query_params
        q = params.get("q", "")
        mode = params.get("mode", "search")
        form = ('<form action="/tm" method="get" role="search"><label for="q">Words or a '
                f'sentence</label> <input type="search" id="q" name="q" value="{escape(q)}"> '
                '<label><input type="radio" name="mode" value="search"'
                f'{" checked" if mode != "concordance" else ""}> concordance and fuzzy</label> '
                '<label><input type="radio" name="mode" value="concordance"'
                f'{" checked" if mode == "concordance" else ""}> concordance only</label> '
                '<button type="submit">Search</button></form>')
        body = ""
        if q.strip():
            hits = await run_in_threadpool(api.tm_results, settings, params,
                                           mode == "concordance")
            body = (f'<p role="status">{len(hits)} units</p><ol id="hits">{hit_list(hits)}</ol>')
        return _html(page("Translation memory", form + body, "/tm"))

    async def check_page(request: Request):
        if request.method == "GET":
            return _html(page("Check an article", CHECK_FORM, "/check"))
        settings.limit.take(settings.client(request))
        given, fields = await api.read_check_input(request, settings)
        try:
            result = await run_in_threadpool(api.run_check, settings, given)
        finally:
            given.close()
        chosen = fields.get("format")
        if chosen == "json":
            return Response(json.dumps(result.as_dict(), ensure_ascii=False, indent=2),
                            media_type="application/json", headers={
                                "Content-Disposition": 'attachment; filename="check.json"'})
        headers = {"Content-Security-Policy": REPORT_CSP}
        if chosen == "html":
            return HTMLResponse(check_report.html_page(result), headers={
                **headers, "Content-Disposition": 'attachment; filename="check.html"'})
        return HTMLResponse(report_page(result), headers=headers)

    async def propose_page(request: Request):
        subjects = sorted(await run_in_threadpool(settings.glossary.subject_fields))
        if request.method == "GET":
            return _html(page("Propose a term", proposal_form(settings, {}, subjects),
                              "/propose"))
        settings.limit.take(settings.client(request))
        form = await api.read_form(request, max_files=0, max_fields=30)
        token = form.get("token")
        settings.authorise(token if isinstance(token, str) else None)
        try:
            answer = await api.create_proposal(settings, form_request(form))
        except (Problem, TermbaseError) as refused:
            if isinstance(refused, Problem) and refused.status != 400:
                raise
            details = getattr(refused, "details", {})
            lines = [escape(d) for d in details.get("duplicates", [])] + [
                escape(f"{f['code']} {f['message']}") for f in details.get("findings", [])]
            problems = (f'<div role="alert" id="problems"><p>{escape(refused.message)}</p>'
                        f'<ul>{"".join(f"<li>{line}</li>" for line in lines)}</ul></div>')
            values = {k: v for k, v in form.items() if k != "token"}
            return _html(page("Propose a term", problems + proposal_form(
                settings, values, subjects), "/propose"), 400)
        proposal = json.loads(answer.body)
        warnings = "".join(f"<li>{escape(w['code'])} {escape(w['message'])}</li>"
                           for w in proposal["warnings"])
        body = (f'<p role="status" id="proposed">Thank you: «{escape(proposal["id"])}» is '
                f'proposed, as {escape(proposal["file"])}, for a contributor to review.</p>'
                + (f"<p>Warnings:</p><ul>{warnings}</ul>" if warnings else ""))
        return _html(page("Proposal stored", body, "/propose"), 201)

    async def proposals_page(request: Request):
        found = await run_in_threadpool(proposals.list_proposals, settings.glossary)
        items = "".join(
            f'<li><a href="/proposals/{escape(p.id, True)}">{escape(p.id)}</a>: '
            + escape("; ".join(f"{lang} {t.text}" for lang, t in p.concept.terms())) + "</li>"
            for p in found)
        return _html(page("Proposals", f"<ul>{items}</ul>" if items else
                          "<p>No proposals wait for review.</p>", "/proposals"))

    async def proposal_page(request: Request):
        proposal = await run_in_threadpool(api.find_proposal, settings,
                                           request.path_params["proposal_id"])
        diff = await run_in_threadpool(proposals.diff, settings.glossary, proposal)
        return _html(page(f"Proposal {proposal.id}",
                          '<p>Accept or reject with <code>termbase review</code>.</p>'
                          f'<pre class="diff">{escape(diff)}</pre>'))

    return [
        Route("/", search),
        Route("/concept/{concept_id:path}", concept_page),
        Route("/tm", tm_page),
        Route("/check", check_page, methods=["GET", "POST"]),
        Route("/propose", propose_page, methods=["GET", "POST"]),
        Route("/proposals", proposals_page),
        Route("/proposals/{proposal_id:path}", proposal_page),
    ]
