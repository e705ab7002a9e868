"""TBX reading and writing: round trips, the liberal reader's odd cases, the strict writers."""

from __future__ import annotations

import io
import os
import tracemalloc
from pathlib import Path

import pytest

from termbase.errors import InputError, TermbaseError
from termbase.formats import tbx
from termbase.model import Concept, GlossaryHeader, LanguageSection, Term

TBX_FIXTURES = Path(__file__).parent / "fixtures" / "tbx"
CANONICAL = TBX_FIXTURES / "canonical.tbx"


def written(concepts, header=None, version=3) -> bytes:
    buffer = io.BytesIO()
    (tbx.write if version == 3 else tbx.write_v2)(concepts, buffer, header)
    return buffer.getvalue()


def test_canonical_tbx3_round_trip_is_byte_identical():
    header, concepts = tbx.read_all(CANONICAL)
    assert written(concepts, header) == CANONICAL.read_bytes()


def test_canonical_model_holds_every_data_category():
    _, concepts = tbx.read_all(CANONICAL)
    csto, union_state = concepts
    assert [s.lang for s in csto.languages] == ["ru", "en"]
    acronym = csto.language("ru").terms[1]
    assert (acronym.text, acronym.type, acronym.status, acronym.id) == (
        "ОДКБ", "acronym", "preferred", "csto-ru-acronym")
    assert acronym.cross_references[0].target == "csto-ru-full"
    assert csto.external_references[0].url == "https://en.odkb-csto.org/"
    assert [(e.element, e.type, e.value) for e in csto.extras] == [
        ("admin", "projectSubset", "seed")]
    variant = csto.language("en").terms[1]
    assert (variant.status, variant.geographical_usage, variant.notes) == (
        "admitted", "en-GB", ["British spelling"])
    assert union_state.definitions[0].source.startswith("Treaty on the Creation")
    assert union_state.transactions[0].date == "2026-11-22"
    en_term = union_state.language("EN").terms[0]
    assert en_term.contexts[0].source == "shared/corpus/en/union-state-security-eurasia.txt"
    assert union_state.language("be").terms[0].gender == "feminine"


def test_writer_sorts_concepts_and_languages_deterministically():
    _, concepts = tbx.read_all(CANONICAL)
    shuffled = list(reversed(concepts))
    for concept in shuffled:
        concept.languages.reverse()
    assert written(shuffled) == written(concepts)
    text = written(concepts).decode()
    assert text.index('id="csto"') < text.index('id="union-state"')
    union = text[text.index('id="union-state"'):]
    assert union.index('xml:lang="ru"') < union.index('xml:lang="be"') < union.index(
        'xml:lang="en"')
    assert text.endswith("</tbx>\n") and "\r" not in text and "\t" not in text


def test_adding_a_concept_is_one_contiguous_hunk():
    import difflib
    header, concepts = tbx.read_all(CANONICAL)
    before = written(concepts, header).decode().splitlines()
    new = Concept("eaeu", languages=[LanguageSection("en", [Term("Eurasian Economic Union")])])
    after = written(concepts + [new], header).decode().splitlines()
    changes = [op for op in difflib.SequenceMatcher(a=before, b=after).get_opcodes()
               if op[0] != "equal"]
    assert len(changes) == 1 and changes[0][0] == "insert"


def test_dct_style_reads_like_dca():
    _, [eaeu] = tbx.read_all(TBX_FIXTURES / "dct.tbx")
    assert eaeu.subject_fields == ["integration"]
    assert eaeu.definitions[0].text.startswith("Economic union")
    full, acronym = eaeu.language("ru").terms
    assert (full.part_of_speech, full.type, full.status) == ("properNoun", "fullForm",
                                                             "preferred")
    assert full.sources == ["Договор о Евразийском экономическом союзе, 29 мая 2014 г."]
    assert acronym.type == "acronym" and acronym.cross_references[0].target == "eaeu-ru-full"
    assert eaeu.language("en").terms[0].status == "preferred"


def test_tbx_basic_v1_statuses_and_odd_case_language_tags():
    problems = []
    reader = tbx.read(TBX_FIXTURES / "basic-v1-odd-case.tbx",
                      report=lambda *args, **kw: problems.append(args))
    [sco] = list(reader)
    # Read liberally; only the language-tag case is worth a warning (L102).
    assert [(code, line) for code, _, line, _ in problems] == [
        ("L102", 2), ("L102", 13), ("L102", 19)]
    assert reader.header.lang == "en"
    assert [s.lang for s in sco.languages] == ["ru", "en-GB"]
    statuses = [(t.text, t.status) for t in sco.language("en-gb").terms]
    assert statuses == [("Shanghai Cooperation Organisation", "admitted"),
                        ("Shanghai Five", "deprecated"), ("Shanghai Pact", "deprecated")]
    assert sco.language("ru").terms[0].status == "preferred"


def test_tbx2_ntig_keeps_term_group_and_its_auxiliary_information():
    reader = tbx.read(TBX_FIXTURES / "tbx2-ntig.tbx")
    [cis] = list(reader)
    assert reader.dialect.version == 2
    full, short = cis.language("ru").terms
    assert (full.text, full.status, full.type) == ("Содружество Независимых Государств",
                                                   "preferred", "fullForm")
    assert full.sources == ["https://e-cis.info/"] and full.notes == ["Official name."]
    assert (short.text, short.type) == ("СНГ", "abbreviation")  # abbreviatedForm in TBX 2
    assert cis.language("en").terms[0].part_of_speech == "properNoun"


@pytest.mark.parametrize("fixture", ["tbx2-ntig.tbx", "canonical.tbx", "dct.tbx",
                                     "basic-v1-odd-case.tbx"])
def test_tbx2_to_tbx3_to_tbx2_loses_nothing(fixture):
    _, concepts = tbx.read_all(TBX_FIXTURES / fixture)
    as_v2 = written(concepts, version=2)
    _, from_v2 = tbx.read_all(io.BytesIO(as_v2))
    as_v3 = written(from_v2)
    _, from_v3 = tbx.read_all(io.BytesIO(as_v3))
    assert written(from_v3, version=2) == as_v2
    assert from_v3 == tbx.canonical_order(from_v2)
    # and nothing was lost relative to the original: same terms, statuses, types and notes
    def summary(items):
        return sorted((c.id, lang, t.text, t.status, t.type, tuple(t.notes), tuple(t.sources))
                      for c in items for lang, t in c.terms())
    assert summary(from_v3) == summary(concepts)


def test_tbx2_output_uses_administrative_status_and_martif():
    _, concepts = tbx.read_all(CANONICAL)
    text = written(concepts, version=2).decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif')
    assert "<termEntry" in text and "<tig" in text and "xmlns" not in text
    assert "preferredTerm-admn-sts" in text and "usageStatus" not in text


@pytest.mark.parametrize("encoding,bom", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                          ("utf-16-be", b"\xfe\xff")])
def test_reads_bom_and_utf16(tmp_path, encoding, bom):
    text = CANONICAL.read_text("utf-8").replace('encoding="UTF-8"',
                                                f'encoding="{encoding.upper()[:6]}"')
    path = tmp_path / "encoded.tbx"
    path.write_bytes(bom + text.encode(encoding))
    assert tbx.read_all(path)[1] == tbx.read_all(CANONICAL)[1]


@pytest.mark.parametrize("fixture", ["billion-laughs.tbx", "xxe.tbx"])
def test_hostile_entities_are_refused(fixture):
    with pytest.raises(InputError) as raised:
        tbx.read_all(TBX_FIXTURES / fixture)
    assert raised.value.code == "X002" and "entities" in raised.value.message


def test_malformed_xml_names_file_line_and_column(tmp_path):
    path = tmp_path / "broken.tbx"
    path.write_text(CANONICAL.read_text().replace("</term>", "</trem>", 1))
    with pytest.raises(InputError) as raised:
        tbx.read_all(path)
    error = raised.value
    assert (error.code, error.path, error.line) == ("X001", str(path), 22)
    assert error.col and str(error).startswith(f"{path}:22:{error.col}: not well-formed XML")


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        tbx.read_all(tmp_path / "absent.tbx")


def test_not_tbx_is_refused(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<html><body/></html>")
    with pytest.raises(InputError, match="not a TBX file"):
        tbx.read_all(path)


def test_writer_refuses_characters_xml_cannot_carry_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.tbx"
    target.write_bytes(CANONICAL.read_bytes())
    bad = Concept("bad", languages=[LanguageSection("en", [Term("bell\x07")])])
    with pytest.raises(TermbaseError, match="U\\+0007"):
        tbx.write([bad], target)
    assert target.read_bytes() == CANONICAL.read_bytes()
    assert os.listdir(tmp_path) == ["out.tbx"]  # no temporary file left behind


def test_escaping_round_trips():
    tricky = 'Save & Close <b> "quoted" \'single\''
    concept = Concept("x", notes=[tricky],
                      languages=[LanguageSection("en", [Term(tricky, notes=["a\nb"])])])
    [back] = tbx.read_all(io.BytesIO(written([concept])))[1]
    assert back == concept


def test_empty_glossary_is_valid_tbx3_but_not_tbx2():
    text = written([]).decode()
    assert "<text/>" in text and tbx.read_all(io.BytesIO(text.encode()))[1] == []
    with pytest.raises(InputError, match="TBX 2 cannot represent an empty glossary"):
        written([], version=2)


def test_reader_streams_in_memory_bounded_by_one_concept(tmp_path):
    path = tmp_path / "big.tbx"

    def generated(n):
        for i in range(n):
            yield Concept(f"c{i:07d}", subject_fields=["security"], languages=[
                LanguageSection("ru", [Term(f"термин номер {i}", status="preferred")]),
                LanguageSection("be", [Term(f"тэрмін нумар {i}", status="preferred")]),
                LanguageSection("en", [Term(f"term number {i}", status="preferred")])])

    tbx.write(generated(30_000), path, sort=False)
    assert path.stat().st_size > 10_000_000
    tracemalloc.start()
    count = sum(1 for _ in tbx.read(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 30_000
    assert peak < 2_000_000, f"peak {peak} bytes: the reader holds more than one concept"


def test_header_round_trips():
    header = GlossaryHeader(title="Glossary", source_desc=["one", "two"], lang="be")
    reader = tbx.read(io.BytesIO(written([Concept("x", languages=[
        LanguageSection("be", [Term("х")])])], header)))
    assert reader.header == header
