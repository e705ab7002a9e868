"""The JSON API under /api/v1/: the shapes of the CLI's `--format json`, built by the same
functions (`Match.as_dict`, `tm.search_results`, `CheckResult.as_dict`)."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .. import proposals
from ..errors import TermbaseError
from ..lang import tags
from .core import Problem, Settings

MAX_LIMIT = 100
# What a check takes: articles (text, Markdown, DOCX) and bilingual files, by extension.
ARTICLE_TYPES = (".txt", ".md", ".markdown", ".docx")
BILINGUAL_TYPES = (".xlf", ".xliff", ".po", ".tmx")
MAX_PASTED = 2 * 2**20  # characters of a pasted text


# --- parameters ---------------------------------------------------------------------------

def languages(value: str | None, name: str) -> list[str] | None:
    """`ru,be` → ['ru', 'be']; a value that is no list of language tags is refused."""
    if value is None or not value.strip():
        return None
    found = [lang.strip() for lang in value.split(",") if lang.strip()]
    if not found or len(found) > 20 or not all(tags.is_well_formed(lang) for lang in found):
        raise Problem(400, f"{name} wants language tags, comma-separated (ru,be,en)")
    return found


def number(value: str | None, name: str, default: float, low: float, high: float) -> float:
    if value is None or value == "":
        return default
    try:
        result = float(value)
    except ValueError:
        raise Problem(400, f"{name} wants a number from {low:g} to {high:g}") from None
    if not low <= result <= high:
        raise Problem(400, f"{name} wants a number from {low:g} to {high:g}")
    return result


def flag(value: str | None, name: str) -> bool:
    if value in (None, "", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise Problem(400, f"{name} wants true or false")


def region(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    found = tags.region(value)
    if found is None:
        raise Problem(400, "usage wants a region subtag (BY, RU …)")
    return found


def query(params, name: str = "q") -> str:
    value = params.get(name)
    if value is None or not value.strip():
        raise Problem(400, f"{name} is required: the term or phrase to look up")
    return value


# --- services the pages share -------------------------------------------------------------

def lookup_results(settings: Settings, params) -> list[dict]:
    """`termbase lookup --format json` of the request's parameters."""
    from ..lookup import lookup

    text = query(params)
    source = languages(params.get("lang"), "lang")
    shown = languages(params.get("langs"), "langs")
    fuzzy = flag(params.get("fuzzy"), "fuzzy")
    min_score = number(params.get("min_score"), "min_score", 75, 0, 100)
    limit = int(number(params.get("limit"), "limit", 20, 1, MAX_LIMIT))
    index = settings.indexes.get("tbx", region(params.get("usage")))
    return relative(settings, [m.as_dict(shown)
                               for m in lookup(index, text, source, fuzzy, min_score, limit)])


def tm_results(settings: Settings, params, concordance: bool = False) -> list[dict]:
    """`termbase tm search --format json`; `concordance` keeps the hits that hold the words."""
    from ..tm import search_results

    text = query(params)
    source = languages(params.get("lang"), "lang")
    shown = languages(params.get("langs"), "langs")
    min_score = number(params.get("min_score"), "min_score", 60, 0, 100)
    limit = int(number(params.get("limit"), "limit", 20, 1, MAX_LIMIT))
    index = settings.indexes.get("tmx")
    if index is None:
        return []
    hits = search_results(index, text, source, shown, min_score, limit)
    return relative(settings, [hit for hit in hits if hit["match"] != "fuzzy"]
                              if concordance else hits)


def concept(settings: Settings, concept_id: str, usage: str | None = None) -> dict:
    if len(concept_id) > 200:
        raise Problem(404, "no such concept")
    found = settings.indexes.get("tbx", usage).concept_by_id(concept_id)
    if found is None:
        raise Problem(404, f"no concept «{concept_id[:100]}»")
    return relative(settings, [found])[0]


def relative(settings: Settings, items: list[dict]) -> list[dict]:
    """The CLI's JSON with each `file` relative to the project: what a client needs to know
    (glossary/organisations.tbx), not where the server keeps it."""
    for item in items:
        path = Path(item["file"])
        if path.is_relative_to(settings.project):
            item["file"] = path.relative_to(settings.project).as_posix()
    return items


@dataclass
class CheckInput:
    """What a check request hands in: files written to a folder of their own, by the names
    they are shown under."""

    folder: Path
    source: Path
    target: Path | None
    source_lang: str | None
    target_lang: str | None
    alone_lang: str | None
    names: dict[str, str]

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


async def read_check_input(request: Request, settings: Settings) -> tuple[CheckInput, dict]:
    """The texts or files of a check request (JSON, or a form with uploads), and its fields."""
    form = None
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            fields = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise Problem(400, "the body is not JSON") from None
        if not isinstance(fields, dict) or not all(
                isinstance(v, (str, type(None))) for v in fields.values()):
            raise Problem(400, "the body wants an object of strings")
    else:
        form = await read_form(request, max_files=2, max_fields=20,
                               max_part_size=settings.max_upload)
        fields = dict(form)
    folder = Path(tempfile.mkdtemp(prefix="termbase-check-"))
    names: dict[str, str] = {}
    try:
        paths = {}
        for side in ("source", "target"):
            paths[side] = await _side(fields, side, folder, names)
        if paths["source"] is None:
            raise Problem(400, "give a source: a text (source_text) or a file (source)")
        return CheckInput(folder, paths["source"], paths["target"],
                          _one_language(fields, "source_lang"),
                          _one_language(fields, "target_lang"),
                          _one_language(fields, "lang"), names), fields
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        if form is not None:
            await form.close()  # the uploads' spooled files, copied into `folder` by now


async def read_form(request: Request, **limits):
    """The request's form, within `limits`. A malformed body is Starlette's HTTPException
    400; python-multipart's own parse errors (a header with a control character) get through
    Starlette before 1.x, and are refused here the same way."""
    from python_multipart.exceptions import FormParserError

    try:
        return await request.form(**limits)
    except FormParserError as error:
        raise Problem(400, f"the form cannot be read: {str(error)[:200]}") from None


async def _side(fields: dict, side: str, folder: Path, names: dict[str, str]) -> Path | None:
    upload = fields.get(side)
    text = fields.get(f"{side}_text")
    if isinstance(upload, UploadFile) and upload.filename:
        name = _safe_name(upload.filename)
        suffix = Path(name).suffix.lower()
        if suffix not in ARTICLE_TYPES + BILINGUAL_TYPES:
            raise Problem(400, f"{side}: a file of type {suffix or '(none)'} cannot be checked "
                          f"(txt, md, docx; xlf, xliff, po, tmx)")
        path = folder / side / name
        path.parent.mkdir()
        await run_in_threadpool(_save, upload.file, path)
    elif isinstance(text, str) and text.strip():
        if len(text) > MAX_PASTED:
            raise Problem(413, f"{side}_text is over {MAX_PASTED // 2**20} M characters")
        name = f"{side}.txt"
        path = folder / side / name
        path.parent.mkdir()
        path.write_text(text, "utf-8")
    else:
        return None
    names[str(path)] = name
    return path


def _save(upload, path: Path) -> None:
    with open(path, "wb") as stream:
        shutil.copyfileobj(upload, stream)


def _safe_name(filename: str) -> str:
    """An uploaded file's name as a plain name of our own: no folder, nothing but letters,
    digits, dot, dash and underscore."""
    base = re.split(r"[\\/]", filename)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^\w.-]+", "_", stem, flags=re.ASCII).strip("._")[:80] or "file"
    suffix = re.sub(r"[^\w]+", "", suffix, flags=re.ASCII)[:10]
    return f"{stem}.{suffix}" if suffix else stem


def _one_language(fields: dict, name: str) -> str | None:
    value = fields.get(name)
    if not isinstance(value, str) or not value.strip():
        return None
    return languages(value, name)[0]


def run_check(settings: Settings, given: CheckInput, usage: str | None = None):
    """`termbase check` of the input, its paths shown by the names they came under."""
    from ..check import check_files

    index = settings.indexes.get("tbx", usage)
    try:
        result = check_files(index, str(given.source),
                             str(given.target) if given.target else None, given.source_lang,
                             given.target_lang, given.alone_lang)
    except TermbaseError as error:
        raise Problem(400, _renamed(str(error), given.names)) from None
    alignment = result.alignment
    alignment.source_path = _renamed(alignment.source_path, given.names)
    if alignment.target_path:
        alignment.target_path = _renamed(alignment.target_path, given.names)
    for finding in result.findings:
        if finding.path:
            finding.path = _renamed(finding.path, given.names)
    result.warnings[:] = [_renamed(w, given.names) for w in result.warnings]
    return result


def _renamed(text: str, names: dict[str, str]) -> str:
    for path, name in names.items():
        text = text.replace(path, name)
    return text


# --- endpoints ----------------------------------------------------------------------------

def routes(settings: Settings) -> list[Route]:
    async def lookup(request: Request):
        return JSONResponse(await run_in_threadpool(lookup_results, settings,
                                                    request.query_params))

    async def concept_endpoint(request: Request):
        usage = region(request.query_params.get("usage"))
        return JSONResponse(await run_in_threadpool(
            concept, settings, request.path_params["concept_id"], usage))

    async def tm_search(request: Request):
        return JSONResponse(await run_in_threadpool(tm_results, settings,
                                                    request.query_params))

    async def tm_concordance(request: Request):
        return JSONResponse(await run_in_threadpool(tm_results, settings,
                                                    request.query_params, True))

    async def check(request: Request):
        settings.limit.take(settings.client(request))
        given, fields = await read_check_input(request, settings)
        try:
            usage = region(fields.get("usage") if isinstance(fields.get("usage"), str)
                           else None)
            result = await run_in_threadpool(run_check, settings, given, usage)
        finally:
            given.close()
        return JSONResponse(result.as_dict())

    async def proposal_list(request: Request):
        found = await run_in_threadpool(proposals.list_proposals, settings.glossary)
        return JSONResponse([proposal_summary(settings, p) for p in found])

    async def proposal_create(request: Request):
        settings.limit.take(settings.client(request))
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        settings.authorise(token.strip() if scheme.lower() == "bearer" else None)
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise Problem(400, "the body is not JSON") from None
        return await create_proposal(settings, proposal_request(body))

    async def proposal_show(request: Request):
        proposal_id = request.path_params["proposal_id"]
        found = await run_in_threadpool(find_proposal, settings, proposal_id)
        diff = await run_in_threadpool(proposals.diff, settings.glossary, found)
        return JSONResponse({**proposal_summary(settings, found), "diff": diff})

    async def openapi(request: Request):
        from .openapi import document

        return JSONResponse(document())

    return [
        Route("/api/v1/lookup", lookup),
        Route("/api/v1/concept/{concept_id:path}", concept_endpoint),
        Route("/api/v1/tm/search", tm_search),
        Route("/api/v1/tm/concordance", tm_concordance),
        Route("/api/v1/check", check, methods=["POST"]),
        Route("/api/v1/proposals", proposal_list, methods=["GET"]),
        Route("/api/v1/proposals", proposal_create, methods=["POST"]),
        Route("/api/v1/proposals/{proposal_id:path}", proposal_show),
        Route("/api/v1/openapi.json", openapi),
    ]


def find_proposal(settings: Settings, proposal_id: str):
    try:
        return proposals.find(settings.glossary, proposal_id)
    except TermbaseError:
        raise Problem(404, "no such proposal") from None


def proposal_summary(settings: Settings, proposal) -> dict:
    concept = proposal.concept
    return {"id": proposal.id,
            "file": str(proposal.path.relative_to(settings.project)),
            "target": str(proposals.target_file(settings.glossary, concept)
                          .relative_to(settings.project)),
            "subject_fields": concept.subject_fields,
            "definition": next((d.text for d in concept.definitions), None),
            "terms": [{"lang": lang, "term": term.text, "status": term.status,
                       "type": term.type} for lang, term in concept.terms()]}


def proposal_request(body) -> proposals.Request:
    """A proposal's JSON body as a `proposals.Request`; anything of another shape is refused."""
    if not isinstance(body, dict) or not isinstance(body.get("terms"), list):
        raise Problem(400, "a proposal wants an object with a list of terms")
    terms = []
    for term in body["terms"]:
        if not isinstance(term, dict) or not all(
                isinstance(term.get(key), str) for key in ("lang", "text")):
            raise Problem(400, "each term wants lang and text")
        kind, status = term.get("type", "fullForm"), term.get("status", "preferred")
        if not isinstance(kind, str) or not isinstance(status, str):
            raise Problem(400, "a term's type and status are strings")
        terms.append((term["lang"], term["text"], kind, status))
    strings = {}
    for key in ("subject", "definition", "note", "source", "part_of_speech"):
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            raise Problem(400, f"{key} wants a string")
        strings[key] = value.strip() if value and value.strip() else None
    new_subject = body.get("new_subject", False)
    if not isinstance(new_subject, bool):
        raise Problem(400, "new_subject wants true or false")
    return proposals.Request(terms, new_subject=new_subject, **strings)


async def create_proposal(settings: Settings, request: proposals.Request) -> JSONResponse:
    try:
        proposal, findings = await run_in_threadpool(proposals.propose, settings.glossary,
                                                     request)
    except proposals.NotValid as refused:
        raise Problem(400, refused.message, findings=[
            _finding(f) for f in refused.findings], duplicates=refused.duplicates) from None
    return JSONResponse({**proposal_summary(settings, proposal),
                         "warnings": [_finding(f) for f in findings]}, 201)


def _finding(finding) -> dict:
    """A validation finding as `termbase validate --format json` gives it, its path made
    relative to the glossary folder (no server path goes out)."""
    found = finding.as_dict()
    if found.get("path"):
        found["path"] = Path(found["path"]).name
    return found
