"""`termbase serve` and `termbase review`, against a copy of the shipped glossary and TM: the
API gives what the CLI's `--format json` gives, pages escape every text, the limits hold,
proposals go to proposals/ only, and a real browser uses the pages."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from html import escape
from pathlib import Path

import pytest
import schemathesis
from conftest import FIXTURES, ROOT, chromium
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.testclient import TestClient
from test_hostile import ROOT_RELS, W, docx, zeros_member

from termbase.formats import tbx
from termbase.model import Concept, LanguageSection, Sourced, Term, checked_on
from termbase.serve import create_app

TOKEN = "correct-horse-battery-staple"


def project_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("glossary", "tm"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A read-only use of the shipped data (tests that change it make their own copy)."""
    return project_copy(tmp_path_factory.mktemp("served"))


@pytest.fixture(scope="module")
def client(project) -> TestClient:
    """One client for many tests: the rate limit (tested on its own app) is lifted."""
    return TestClient(create_app(project, rate_per_minute=100_000, burst=100_000))


@pytest.fixture
def writable(tmp_path) -> Path:
    return project_copy(tmp_path / "desk")


def termbase(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "termbase", *args], cwd=cwd, check=False,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1"})


def cli_json(project: Path, *args: str) -> list | dict:
    """What the CLI prints with --format json, its files relative to the project as the API
    gives them."""
    done = termbase(*args, "--format", "json", cwd=project)
    assert done.returncode in (0, 1), done.stderr
    result = json.loads(done.stdout)
    for item in result if isinstance(result, list) else []:
        item["file"] = Path(item["file"]).relative_to(project.resolve()).as_posix()
    return result


# --- the API gives the CLI's answers --------------------------------------------------------

@pytest.mark.parametrize("query, params, options", [
    ("Саюзнай дзяржавы", {}, []),
    ("ОДКБ", {"langs": "be,en"}, ["--langs", "be,en"]),
    ("Shanghai Cooperation Organisaton", {"fuzzy": "true", "min_score": "85"},
     ["--fuzzy", "--min-score", "85"]),
    ("Белоруссия", {"usage": "BY"}, ["--usage", "BY"]),
])
def test_lookup_is_the_cli_lookup(client, project, query, params, options):
    answer = client.get("/api/v1/lookup", params={"q": query, **params})
    assert answer.status_code == 200
    assert answer.json() == cli_json(project, "lookup", query, *options)
    assert answer.json(), "a query that finds nothing proves nothing"


@pytest.mark.parametrize("query, path, options", [
    ("безопасность Союзного государства", "search", []),
    ("international security challenges", "search", ["--min-score", "70", "--limit", "5"]),
])
def test_tm_search_is_the_cli_tm_search(client, project, query, path, options):
    params = {"q": query, "min_score": "70", "limit": "5"} if options else {"q": query}
    answer = client.get(f"/api/v1/tm/{path}", params=params)
    assert answer.status_code == 200
    assert answer.json() == cli_json(project, "tm", "search", query, *options)
    assert answer.json()


def test_concordance_keeps_only_the_hits_that_hold_the_words(client, project):
    query = "безопасность Союзного государства"
    answer = client.get("/api/v1/tm/concordance", params={"q": query}).json()
    assert answer and all(hit["match"] in ("phrase", "words") for hit in answer)
    assert answer == [hit for hit in cli_json(project, "tm", "search", query)
                      if hit["match"] != "fuzzy"]


def test_check_of_two_uploads_is_the_cli_check(client, project):
    files = {side: (f"clean-ru-be.{lang}.txt",
                    (FIXTURES / "check" / f"clean-ru-be.{lang}.txt").read_bytes(), "text/plain")
             for side, lang in (("source", "ru"), ("target", "be"))}
    answer = client.post("/api/v1/check", files=files)
    assert answer.status_code == 200
    for name in ("clean-ru-be.ru.txt", "clean-ru-be.be.txt"):
        shutil.copy(FIXTURES / "check" / name, project / name)
    expected = cli_json(project, "check", "clean-ru-be.ru.txt", "clean-ru-be.be.txt")
    assert answer.json() == expected
    assert answer.json()["terms"] > 0


def test_check_of_a_bilingual_file_and_of_pasted_texts(client, project):
    tmx = (FIXTURES / "check" / "en-ru.tmx").read_bytes()
    answer = client.post("/api/v1/check", files={"source": ("en-ru.tmx", tmx)})
    shutil.copy(FIXTURES / "check" / "en-ru.tmx", project / "en-ru.tmx")
    assert answer.json() == cli_json(project, "check", "en-ru.tmx")
    pasted = client.post("/api/v1/check", json={
        "source_text": "Союзное государство и ОДКБ.",
        "target_text": "Саюзная дзяржава і АДКБ."}).json()
    assert (pasted["source"], pasted["target"]) == ("source.txt", "target.txt")
    assert (pasted["source_lang"], pasted["target_lang"], pasted["terms"]) == ("ru", "be", 2)


def test_concept_is_the_glossary_concept(client, project):
    """Everything the TBX says of a concept that a reader needs: each term with its status,
    sources and notes; the definition with its source; the concept's notes; the last review."""
    path = project / "glossary" / "organisations.tbx"
    entry = next(c for c in tbx.read_all(path)[1] if c.id == "csce")
    concept = client.get("/api/v1/concept/csce").json()
    assert concept["id"] == "csce" and concept["file"] == "glossary/organisations.tbx"
    assert [(t["lang"], t["text"], t["status"], t["sources"], t["notes"])
            for t in concept["terms"]] == [(lang, t.text, t.status, t.sources, t.notes)
                                           for lang, t in entry.terms()]
    assert concept["definitions"] == [{"lang": None, "text": d.text, "source": d.source}
                                      for d in entry.definitions]
    assert concept["notes"] == entry.notes and concept["notes"]
    assert concept["checked"] == checked_on(entry) and concept["checked"].startswith("2026-")


def test_the_concept_page_shows_definition_source_notes_and_review(client, project):
    path = project / "glossary" / "organisations.tbx"
    entry = next(c for c in tbx.read_all(path)[1] if c.id == "csce")
    page = client.get("/concept/csce").text
    source = entry.definitions[0].source
    assert f'source: <a href="{source}" rel="noopener noreferrer">{source}</a></span>' in page
    assert f"<strong>Note:</strong> {escape(entry.notes[0])}</p>" in page
    assert "<strong>Checked on</strong> 2026-" in page


@pytest.mark.parametrize("path, status", [
    ("/api/v1/lookup", 400), ("/api/v1/lookup?q=x&limit=0", 400),
    ("/api/v1/lookup?q=x&fuzzy=maybe", 400), ("/api/v1/lookup?q=x&lang=%3Cscript%3E", 400),
    ("/api/v1/lookup?q=x&usage=Narnia", 400), ("/api/v1/concept/no-such-thing", 404),
    ("/api/v1/tm/search?q=", 400), ("/api/v1/nothing", 404), ("/api/v1/proposals/nope", 404),
])
def test_errors_are_json_with_a_message(client, path, status):
    answer = client.get(path)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["error"] and "Traceback" not in answer.text


def test_a_malformed_form_is_refused_as_bad_input(client):
    body = (b"--b\r\nContent-Disposition: form-data; name=\"source_text\"\r\nX-\x0d: y\r\n"
            b"\r\ntext\r\n--b--\r\n")
    for path in ("/api/v1/check", "/check"):
        answer = client.post(path, content=body,
                             headers={"content-type": "multipart/form-data; boundary=b"})
        assert answer.status_code == 400, answer.text
        assert "Traceback" not in answer.text


def test_a_query_too_long_is_refused_not_answered_slowly(client):
    answer = client.get("/api/v1/lookup", params={"q": "слово " * 500})
    assert answer.status_code == 400 and "1000" in answer.json()["error"]


# --- refresh ----------------------------------------------------------------------------------

def test_a_changed_glossary_shows_on_the_next_request(writable):
    client = TestClient(create_app(writable))
    assert client.get("/api/v1/lookup", params={"q": "Freshly Added Term"}).json() == []
    path = writable / "glossary" / "organisations.tbx"
    header, concepts = tbx.read_all(path)
    concept = Concept("freshly-added", languages=[
        LanguageSection("en", [Term("Freshly Added Term", status="preferred", type="fullForm")])])
    tbx.write([*concepts, concept], path, header)
    found = client.get("/api/v1/lookup", params={"q": "Freshly Added Term"}).json()
    assert [m["concept"] for m in found] == ["freshly-added"]
    assert client.get("/concept/freshly-added").status_code == 200


# --- pages --------------------------------------------------------------------------------

def test_pages_answer_without_javascript(client):
    search = client.get("/", params={"q": "Саюзнай дзяржавы"})
    assert 'href="/concept/union-state"' in search.text and "inflected 90" in search.text
    assert '<label for="q">' in search.text
    concept = client.get("/concept/belarus").text
    assert "<del" in concept and "use «" in concept
    tm = client.get("/tm", params={"q": "Союзного государства", "mode": "concordance"})
    assert 'id="hits"' in tm.text and "phrase" in tm.text
    for path in ("/check", "/propose", "/proposals"):
        assert client.get(path).status_code == 200


def test_check_form_shows_the_report_and_gives_it_as_downloads(client):
    form = {"source_text": "Союзное государство и ОДКБ.",
            "target_text": "Саюзная дзяржава і АДКБ."}
    shown = client.post("/check", data={**form, "format": "view"}, files={"x": ("", b"")})
    assert shown.status_code == 200 and "<table>" in shown.text
    assert "sha256-" in shown.headers["content-security-policy"]
    html = client.post("/check", data={**form, "format": "html"}, files={"x": ("", b"")})
    assert "attachment" in html.headers["content-disposition"] and "<table>" in html.text
    as_json = client.post("/check", data={**form, "format": "json"}, files={"x": ("", b"")})
    assert as_json.json()["terms"] == 2


# --- security -----------------------------------------------------------------------------

def test_every_text_is_escaped(writable):
    path = writable / "glossary" / "hostile.tbx"
    hostile = "<script>alert(1)</script> Pact"
    tbx.write([Concept("hostile-pact", subject_fields=["<b>bold</b>"], definitions=[
        Sourced("<script>alert(3)</script>", 'https://x.example/"><script>alert(4)</script>')],
        notes=["<img src=x onerror=alert(5)>"], languages=[
        LanguageSection("en", [Term(hostile, status="preferred", type="fullForm",
                                    notes=['"><img src=x onerror=alert(2)>'],
                                    sources=["javascript:alert(6)"])])])], path)
    client = TestClient(create_app(writable))
    for page in (client.get("/", params={"q": hostile}), client.get("/concept/hostile-pact")):
        assert "hostile-pact" in page.text
        assert "<script>alert" not in page.text and "&lt;script&gt;alert(1)" in page.text
        assert "<img" not in page.text and "<b>bold" not in page.text
    concept = client.get("/concept/hostile-pact").text
    assert "&lt;script&gt;alert(3)" in concept and 'href="javascript' not in concept
    assert "<script>alert(4)" not in concept and "&lt;script&gt;alert(4)" in concept
    assert "alert(6)" in concept  # a source of another scheme is text, not a link
    report = client.post("/check", data={"source_text": hostile, "lang": "en"},
                         files={"x": ("", b"")})
    assert "<script>alert" not in report.text


def test_strict_headers_on_every_response(client):
    for path in ("/", "/api/v1/lookup?q=x", "/static/serve.js", "/nowhere"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in client.get("/").text.replace('<script src="/static/serve.js" '
                                                          'defer></script>', "")


@pytest.mark.parametrize("path", [
    "/static/../glossary/organisations.tbx", "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2fglossary%2forganisations.tbx", "/concept/../../etc/passwd",
    "/api/v1/concept/..%2F..%2Fglossary%2Forganisations.tbx",
    "/api/v1/proposals/..%2Fglossary%2Forganisations", "/proposals/../../etc/passwd",
    "/api/v1/proposals/%2Fetc%2Fpasswd",
])
def test_no_request_names_a_file_outside_the_data(client, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert "xmlns" not in answer.text and "root:" not in answer.text


def test_read_only_without_a_token(client):
    answer = client.post("/api/v1/proposals", json={"terms": [{"lang": "en", "text": "X"}]},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 403 and "read-only" in answer.json()["error"]


def test_a_proposal_needs_the_token(writable):
    client = TestClient(create_app(writable, token=TOKEN))
    body = {"terms": [{"lang": "en", "text": "Test Term"}]}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        answer = client.post("/api/v1/proposals", json=body, headers=headers)
        assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
    assert not (writable / "proposals").exists()


def test_uploads_over_the_limit_are_refused(writable):
    client = TestClient(create_app(writable, max_upload=1000))
    answer = client.post("/api/v1/check", files={"source": ("a.txt", b"x" * 5000)})
    assert answer.status_code == 413 and "limit" in answer.json()["error"]
    answer = client.post("/api/v1/check", content=iter([b"{" + b" " * 3000 + b"}"]),
                         headers={"content-type": "application/json"})
    assert answer.status_code == 413


def test_a_zip_bomb_and_xml_entities_are_refused(client, tmp_path):
    bomb = docx(tmp_path / "bomb.docx", "<w:p/>")
    with zipfile.ZipFile(bomb, "a") as archive:
        zeros_member(archive, "word/media/image1.png", 100 * 2**20)
    answer = client.post("/api/v1/check", files={"source": ("bomb.docx", bomb.read_bytes())},
                         data={"lang": "en"})
    assert answer.status_code == 400 and "unpacks to over 64 MB" in answer.json()["error"]
    assert str(tmp_path) not in answer.text and "termbase-check-" not in answer.text
    laughs = ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><tmx version="1.4"><header '
              'srclang="en"/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>')
    answer = client.post("/api/v1/check", files={"source": ("laughs.tmx", laughs.encode())})
    assert answer.status_code == 400 and "entity" in answer.json()["error"]
    assert ROOT_RELS and W  # the same corpus helpers as test_hostile


def test_checks_are_rate_limited_per_client(writable):
    client = TestClient(create_app(writable, rate_per_minute=1, burst=2))
    body = {"source_text": "ОДКБ", "lang": "ru"}
    assert [client.post("/api/v1/check", json=body).status_code for _ in range(2)] == [200, 200]
    refused = client.post("/api/v1/check", json=body)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert client.get("/api/v1/lookup", params={"q": "ОДКБ"}).status_code == 200


# --- proposals and review -----------------------------------------------------------------

PROPOSAL = {"terms": [
    {"lang": "ru", "text": "Единое экономическое пространство"},
    {"lang": "be", "text": "Адзіная эканамічная прастора"},
    {"lang": "en", "text": "Single Economic Space"},
    {"lang": "en", "text": "SES", "type": "acronym"}],
    "subject": "political concepts", "source": "https://eec.eaeunion.org/",
    "definition": "Stage of economic integration of Belarus, Kazakhstan and Russia."}


def test_a_valid_proposal_is_stored_under_proposals_only(writable):
    before = {p: p.read_bytes() for p in (writable / "glossary").iterdir()}
    client = TestClient(create_app(writable, token=TOKEN))
    answer = client.post("/api/v1/proposals", json=PROPOSAL,
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["id"] == "single-economic-space"
    assert answer.json()["file"] == "proposals/single-economic-space.tbx"
    assert answer.json()["target"] == "glossary/political-concepts.tbx"
    assert {p: p.read_bytes() for p in (writable / "glossary").iterdir()} == before
    listed = client.get("/api/v1/proposals").json()
    assert [p["id"] for p in listed] == ["single-economic-space"]
    shown = client.get("/api/v1/proposals/single-economic-space").json()
    assert "+          <term>Single Economic Space</term>" in shown["diff"] or \
        "Single Economic Space" in shown["diff"]


@pytest.mark.parametrize("terms, says", [
    ([{"lang": "ru", "text": "Союзное государство"}], "already"),
    ([{"lang": "be", "text": "Саюзная дзяржава"}, {"lang": "en", "text": "Nowhere Union"}],
     "already"),
    ([{"lang": "be", "text": "Адзиная прастора"}, {"lang": "ru", "text": "Новое пространство"},
      {"lang": "en", "text": "New Space"}], "error"),
    ([{"lang": "en", "text": "Only English Here"}], "error"),
    ([{"lang": "en", "text": "X", "status": "forbidden"}], "status"),
])
def test_an_invalid_proposal_is_refused_as_add_refuses_it(writable, terms, says):
    client = TestClient(create_app(writable, token=TOKEN))
    answer = client.post("/api/v1/proposals", json={"terms": terms},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 400
    body = answer.json()
    assert says in json.dumps(body, ensure_ascii=False)
    assert not list((writable / "proposals").glob("*.tbx")) if (writable / "proposals").exists() \
        else True


def test_review_lists_shows_accepts_and_rejects(writable):
    client = TestClient(create_app(writable, token=TOKEN))
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/v1/proposals", json=PROPOSAL, headers=headers).status_code == 201
    other = {"terms": [{"lang": "ru", "text": "Военный паритет"},
                       {"lang": "be", "text": "Ваенны парытэт"},
                       {"lang": "en", "text": "Military parity"}], "source": "a source"}
    assert client.post("/api/v1/proposals", json=other, headers=headers).status_code == 201
    listed = termbase("review", "list", cwd=writable)
    assert listed.returncode == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [
        "military-parity", "single-economic-space"]
    shown = termbase("review", "show", "single-economic-space", cwd=writable)
    assert shown.stdout.startswith("--- a/glossary/political-concepts.tbx\n"
                                   "+++ b/glossary/political-concepts.tbx\n")
    assert shown.stdout.count("\n@@") + shown.stdout.startswith("@@") == 1
    added = [line for line in shown.stdout.splitlines() if line.startswith("+")]
    assert any("Single Economic Space" in line for line in added)
    accepted = termbase("review", "accept", "single-economic-space", cwd=writable)
    assert accepted.returncode == 0, accepted.stderr
    assert "single-economic-space" in (writable / "glossary" / "political-concepts.tbx") \
        .read_text("utf-8")
    assert not (writable / "proposals" / "single-economic-space.tbx").exists()
    assert termbase("validate", "glossary", cwd=writable).returncode == 0
    rejected = termbase("review", "reject", "military-parity", "--reason", "not a term",
                        cwd=writable)
    assert rejected.returncode == 0 and "not a term" in rejected.stdout
    assert not list((writable / "proposals").glob("*.tbx"))
    missing = termbase("review", "accept", "../glossary/organisations", cwd=writable)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "Traceback" not in missing.stderr


def test_review_accept_refuses_what_no_longer_validates(writable):
    client = TestClient(create_app(writable, token=TOKEN))
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/v1/proposals", json=PROPOSAL, headers=headers).status_code == 201
    added = termbase("add", "--ru", "Единое экономическое пространство", "--be",
                     "Адзіная эканамічная прастора", "--en", "Single Economic Space",
                     "--subject", "political concepts", "--source", "x", "--yes",
                     "--id", "single-economic-space", cwd=writable)
    assert added.returncode == 0, added.stderr
    refused = termbase("review", "accept", "single-economic-space", cwd=writable)
    assert refused.returncode == 2 and "taken" in refused.stderr
    assert (writable / "proposals" / "single-economic-space.tbx").exists()


def test_the_proposal_form(writable):
    client = TestClient(create_app(writable, token=TOKEN))
    form = {"ru": "Военный паритет", "be": "Ваенны парытэт", "en": "Military parity",
            "variants": "en=military balance:admitted", "source": "a source", "token": TOKEN}
    wrong = client.post("/propose", data={**form, "token": "nope"})
    assert wrong.status_code == 401 and "token" in wrong.text
    bad = client.post("/propose", data={**form, "be": "Ваенны паритет"})
    assert bad.status_code == 400 and 'role="alert"' in bad.text
    assert 'value="Ваенны паритет"' in bad.text  # what was typed stays in the form
    done = client.post("/propose", data=form)
    assert done.status_code == 201 and "military-parity" in done.text
    assert (writable / "proposals" / "military-parity.tbx").exists()


# --- the API against its own document -------------------------------------------------------

def _schema_project() -> Path:
    """The project the generated requests go to: made when the module is collected (the
    tests are generated from the running app's document), removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="termbase-schema-"))
    atexit.register(shutil.rmtree, folder, True)
    return project_copy(folder / "desk")


schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(
    _schema_project(), token=TOKEN, rate_per_minute=10_000, burst=10_000))


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance, response_schema_conformance])


def test_the_document_names_every_route(client):
    document = client.get("/api/v1/openapi.json").json()
    app = client.app
    while not hasattr(app, "router"):  # inside the middleware
        app = app.app
    routes = {route.path.replace(":path", "") for route in app.routes
              if route.path.startswith("/api/")}
    assert routes == set(document["paths"])


# --- a real browser -----------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(writable):
    import uvicorn

    port = _free_port()
    running = uvicorn.Server(uvicorn.Config(create_app(writable, token=TOKEN), host="127.0.0.1",
                                            port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", writable
    running.should_exit = True
    thread.join(10)


def test_a_desk_uses_every_page_in_chromium(server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shows
    from selenium.webdriver.support.ui import WebDriverWait

    url, project = server
    browser = chromium()
    try:
        wait = WebDriverWait(browser, 20)
        browser.get(url + "/")
        browser.find_element(By.ID, "q").send_keys("Саюзнай дзяржавы")
        wait.until(shows.text_to_be_present_in_element((By.ID, "results"), "inflected 90"))
        assert browser.find_element(By.ID, "result-count").text == "1 concept"
        browser.find_element(By.CSS_SELECTOR, "#results a").click()
        wait.until(shows.title_contains("union-state"))
        assert "Саюзная дзяржава" in browser.find_element(By.TAG_NAME, "table").text

        browser.get(url + "/concept/belarus")
        struck = browser.find_elements(By.CSS_SELECTOR, "td del")
        assert struck and "Белоруссия" in [d.text for d in struck]

        browser.get(url + "/check")
        for side, lang in (("source", "ru"), ("target", "be")):
            browser.find_element(By.ID, side).send_keys(
                str(FIXTURES / "check" / f"clean-ru-be.{lang}.txt"))
        browser.find_element(By.CSS_SELECTOR, "#check-form button").click()
        wait.until(shows.presence_of_element_located((By.ID, "summary")))
        assert "clean-ru-be.ru.txt" in browser.title
        assert browser.find_elements(By.CSS_SELECTOR, "mark")  # its terms highlighted
        assert "showing" in browser.find_element(By.ID, "count").text  # its script ran

        browser.get(url + "/propose")
        for name, value in (("ru", "Военный паритет"), ("be", "Ваенны парытэт"),
                            ("en", "Military parity"), ("source", "a source"),
                            ("token", TOKEN)):
            browser.find_element(By.ID, name).send_keys(value)
        browser.find_element(By.CSS_SELECTOR, "#propose-form button").click()
        wait.until(shows.presence_of_element_located((By.ID, "proposed")))
        assert (project / "proposals" / "military-parity.tbx").exists()
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, errors
    finally:
        browser.quit()


# --- the command ----------------------------------------------------------------------------

def test_termbase_serve_runs_workers_and_refuses_bad_options(writable, tmp_path):
    import httpx

    token = tmp_path / "token"
    token.write_text(TOKEN + "\n")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "termbase", "serve", "-d", str(writable),
                               "--port", str(port), "--workers", "2", "--token-file",
                               str(token)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/lookup",
                                   params={"q": "ОДКБ", "langs": "en"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.2)
        assert answer.status_code == 200 and answer.json()[0]["concept"] == "csto"
        assert "server-timing" in answer.headers
        wrong = httpx.post(f"http://127.0.0.1:{port}/api/v1/proposals", json={"terms": []},
                           headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
    finally:
        server.terminate()
        server.wait(30)
    for args, says in ((["-d", str(tmp_path / "nowhere")], "no glossary/ folder"),
                       (["-d", str(writable), "--max-upload", "ten"], "is no size"),
                       (["-d", str(writable), "--token-file", str(tmp_path / "none")],
                        "no such file")):
        done = termbase("serve", *args, cwd=tmp_path)
        assert done.returncode == 2 and says in done.stderr
        assert "Traceback" not in done.stderr
