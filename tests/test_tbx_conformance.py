"""Our TBX output against the official schemas and the programs translators use.

Schemas and clients live in ../shared (see conftest); without it these tests skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, isoschematron

from conftest import need_standards, run_client
from termbase.formats import tbx

TBX_FIXTURES = Path(__file__).parent / "fixtures" / "tbx"
READABLE = ["canonical.tbx", "dct.tbx", "basic-v1-odd-case.tbx", "tbx2-ntig.tbx"]
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


def _parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(load_dtd=False, no_network=True,
                                                  resolve_entities=False))


@pytest.fixture(scope="module")
def tbx3_schemas():
    standards = need_standards()
    rng = etree.RelaxNG(etree.parse(str(standards / "tbx3/core/TBXcoreStructV03.rng")))
    sch_doc = etree.parse(str(standards / "tbx3/basic-v4/basic_schema.sch"))
    sch_doc.getroot().set("queryBinding", "xslt1")  # XPath-1 only; see standards/MANIFEST.md
    finder = etree.XPath("//svrl:failed-assert | //svrl:successful-report[not(@role='info')]",
                         namespaces=SVRL)
    schematron = isoschematron.Schematron(sch_doc, store_report=True, error_finder=finder)
    return rng, schematron


def _schematron_messages(schematron) -> list[str]:
    report = schematron.validation_report
    return [" ".join(e.itertext()).strip() for e in report.xpath(
        "//svrl:failed-assert | //svrl:successful-report[not(@role='info')]", namespaces=SVRL)]


@pytest.fixture
def exported(tmp_path):
    def export(fixture: str, version: int) -> Path:
        header, concepts = tbx.read_all(TBX_FIXTURES / fixture)
        path = tmp_path / f"{Path(fixture).stem}-v{version}.tbx"
        (tbx.write if version == 3 else tbx.write_v2)(concepts, path, header)
        return path
    return export


@pytest.mark.parametrize("fixture", READABLE)
def test_tbx3_output_passes_core_rng_and_basic_v4_schematron(fixture, exported, tbx3_schemas):
    rng, schematron = tbx3_schemas
    document = _parse(exported(fixture, 3))
    assert rng.validate(document), rng.error_log
    assert schematron.validate(document), _schematron_messages(schematron)


def test_schematron_oracle_catches_a_planted_error(tbx3_schemas):
    """The Schematron setup must be able to fail, or the test above proves nothing."""
    _, schematron = tbx3_schemas
    document = _parse(TBX_FIXTURES / "planted-errors.tbx")
    assert not schematron.validate(document)
    messages = " ".join(_schematron_messages(schematron))
    assert "usageStatus must take" in messages and "subjectField must be declared" in messages


@pytest.mark.parametrize("fixture", READABLE)
def test_tbx2_output_passes_the_tbx2_core_dtd(fixture, exported):
    standards = need_standards()
    dtd = etree.DTD(str(standards / "tbx2/default/TBXcoreStructV02.dtd"))
    document = _parse(exported(fixture, 2))
    assert dtd.validate(document), dtd.error_log


def _expected_terms(fixture: str) -> dict[str, list[tuple[str, str | None]]]:
    _, concepts = tbx.read_all(TBX_FIXTURES / fixture)
    terms: dict[str, list[tuple[str, str | None]]] = {}
    for concept in concepts:
        for lang, term in concept.terms():
            terms.setdefault(lang.lower(), []).append((term.text, term.status))
    return terms


@pytest.mark.parametrize("fixture", READABLE)
def test_tbx2_output_loads_in_omegat_with_every_term(fixture, exported):
    result = run_client("omegat_read.py", exported(fixture, 2))
    assert result["accepted"], result.get("error")
    expected = _expected_terms(fixture)
    assert result["entry_count"] == len(tbx.read_all(TBX_FIXTURES / fixture)[1])
    seen = {lang.lower(): [t["term"] for entry in result["entries"]
                           for t in entry["languages"].get(lang, [])]
            for lang in result["languages"]}
    assert {lang: sorted(terms) for lang, terms in seen.items()} == {
        lang: sorted(text for text, _ in terms) for lang, terms in expected.items()}


@pytest.mark.parametrize("fixture", READABLE)
def test_tbx2_output_loads_in_translate_toolkit_with_every_term_status_and_note(fixture,
                                                                               exported):
    result = run_client("tt_read.py", exported(fixture, 2))
    assert result["accepted"], result.get("error")
    expected = _expected_terms(fixture)
    status_names = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                    "deprecated": "deprecatedTerm-admn-sts", None: None}
    seen = {}
    for entry in result["entries"]:
        for lang, terms in entry["languages"].items():
            for term in terms:
                seen.setdefault(lang.lower(), []).append(
                    (term["term"], term["administrative_status"]))
                assert term["deprecated"] == (term["administrative_status"] ==
                                              "deprecatedTerm-admn-sts")
    assert {lang: sorted(terms, key=str) for lang, terms in seen.items()} == {
        lang: sorted(((text, status_names[status]) for text, status in terms), key=str)
        for lang, terms in expected.items()}


def test_translate_toolkit_sees_term_notes_of_our_tbx2(exported):
    result = run_client("tt_read.py", exported("canonical.tbx", 2))
    notes = [note["text"] for entry in result["entries"]
             for terms in entry["languages"].values() for term in terms
             for note in term["notes"]]
    assert "British spelling" in notes and "acronym" in notes and "en-GB" in notes


def test_xmllint_and_jing_accept_our_tbx_output(exported):
    """Independent validators. For v3 only the core-structure steps apply: the harness also
    runs the TBX-Basic v1.1 dialect (administrativeStatus), which V4 output cannot satisfy."""
    v3 = run_client("validate.py", exported("canonical.tbx", 3))
    core = [s for s in v3["steps"] if "core" in s["check"] or s["check"] == "well-formed"]
    assert {s["tool"] for s in core} == {"xmllint", "jing"}
    assert all(s["ok"] for s in core), core
    v2 = run_client("validate.py", exported("canonical.tbx", 2))
    assert v2["returncode"] == 0 and all(s["ok"] for s in v2["steps"]), v2["steps"]


def test_a_review_passes_the_schemas_and_reads_back(tmp_path, tbx3_schemas):
    """`termbase edit --reviewed-by` writes a transacGrp with a responsibility and a note:
    the core RNG and the Basic V4 Schematron take it, in TBX v3 and in TBX 2, and it reads
    back as the same review."""
    from termbase.edit import mark_reviewed
    from termbase.model import checked_on

    rng, schematron = tbx3_schemas
    header, concepts = tbx.read_all(TBX_FIXTURES / "canonical.tbx")
    mark_reviewed(concepts[0], "A. Reviewer", "Belarusian terms attested", "2026-12-06")
    path = tmp_path / "reviewed.tbx"
    tbx.write(concepts, path, header)
    document = _parse(path)
    assert rng.validate(document), rng.error_log
    assert schematron.validate(document), _schematron_messages(schematron)
    group = document.xpath("//t:conceptEntry[@id=$id]/t:transacGrp", id=concepts[0].id,
                           namespaces={"t": "urn:iso:std:iso:30042:ed-2"})[-1]
    assert [(c.tag.split("}")[1], c.get("type"), c.text) for c in group] == [
        ("transac", "transactionType", "modification"), ("date", None, "2026-12-06"),
        ("transacNote", "responsibility", "A. Reviewer"),
        ("note", None, "reviewed: Belarusian terms attested")]
    again = tbx.read_all(path)[1][0]
    assert again.transactions == concepts[0].transactions
    assert checked_on(again) == "2026-12-06 by A. Reviewer (Belarusian terms attested)"
    v2 = tmp_path / "reviewed-v2.tbx"
    tbx.write_v2(concepts, v2, header)
    assert checked_on(tbx.read_all(v2)[1][0]) == checked_on(again)
