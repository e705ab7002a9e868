"""Our TMX output against the official DTD/XSD and the programs translators use.

Each client must see every unit, every language and the text of every segment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import need_standards, run_client
from termbase.formats import tmx
from termbase.model import Inline

TMX_FIXTURES = Path(__file__).parent / "fixtures" / "tmx"
SOURCES = ["canonical.tmx", "tmx11-odd-case.tmx"]
# OmegaT shows inline codes as short tags such as <b0>, </b0>, <c1/> in level-2 mode.
OMEGAT_TAG = re.compile(r"</?[^\W\d_]\d+/?>")


@pytest.fixture(params=SOURCES)
def exported(request, tmp_path) -> Path:
    header, units = tmx.read_all(TMX_FIXTURES / request.param)
    path = tmp_path / request.param
    tmx.write(units, path, header)
    return path


def _units(path: Path):
    return tmx.read_all(path)[1]


def _all_text(content) -> str:
    """Every character of a segment, codes included: what translate-toolkit shows."""
    return "".join(part if isinstance(part, str) else _all_text(part.content)
                   for part in content)


def _has_codes(unit) -> bool:
    return any(isinstance(part, Inline) for v in unit.variants for part in v.content)


def test_output_passes_tmx14_dtd_and_xsd(exported):
    standards = need_standards()
    document = etree.parse(str(exported), etree.XMLParser(load_dtd=False, no_network=True))
    dtd = etree.DTD(str(standards / "tmx" / "tmx14.dtd"))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    schema = etree.XMLSchema(etree.parse(str(standards / "tmx" / "tmx14.xsd")))
    assert schema.validate(document), schema.error_log.filter_from_errors()


def test_dtd_oracle_catches_a_planted_error(tmp_path):
    standards = need_standards()
    broken = tmp_path / "broken.tmx"
    broken.write_text((TMX_FIXTURES / "canonical.tmx").read_text()
                      .replace('<tuv xml:lang="ru">', "<tuv>", 1))
    dtd = etree.DTD(str(standards / "tmx" / "tmx14.dtd"))
    assert not dtd.validate(etree.parse(str(broken)))


def test_xmllint_and_jing_accept_our_output(exported):
    result = run_client("validate.py", exported)
    assert result["accepted"], result
    assert result["schema_checks_run"] >= 2
    assert all(step["ok"] for step in result["steps"]), result["steps"]


def test_omegat_reads_every_unit_and_segment(exported):
    units = _units(exported)
    result = run_client("omegat_read.py", exported)
    assert result["accepted"] and result["reader_errors"] == 0, result.get("error")
    assert result["tu_count"] == len(units)
    for unit, seen in zip(units, result["tus"]):
        assert sorted(seen["segments"]) == sorted(v.lang for v in unit.variants)
        if not _has_codes(unit):
            assert seen["segments"] == {v.lang: v.text for v in unit.variants}


def test_omegat_level2_keeps_every_word_around_the_codes(exported):
    units = _units(exported)
    result = run_client("omegat_read.py", exported, "--level2")
    assert result["tu_count"] == len(units)
    for unit, seen in zip(units, result["tus"]):
        assert {lang: OMEGAT_TAG.sub("", text) for lang, text in seen["segments"].items()} == \
            {v.lang: v.text for v in unit.variants}


def test_omegat_project_fills_segments_from_our_tm(tmp_path):
    header, units = tmx.read_all(TMX_FIXTURES / "canonical.tmx")
    exported = tmp_path / "auto.tmx"
    tmx.write(units, exported, header)
    result = run_client("omegat_project.py", exported)
    assert result["accepted"] and not result["tm_load_errors"], result
    assert result["translated_from_tm_auto"] >= 1


def test_translate_toolkit_reads_every_unit_with_codes_as_text(exported):
    units = _units(exported)
    result = run_client("tt_read.py", exported)
    assert result["accepted"], result.get("error")
    assert result["tu_count"] == len(units)
    for unit, seen in zip(units, result["tus"]):
        assert seen["id"] == unit.id
        assert seen["segments"] == {v.lang: _all_text(v.content) for v in unit.variants}


def test_xml_tmx_reads_every_unit_prop_and_note(exported):
    units = _units(exported)
    result = run_client("xmltmx_read.pl", exported)
    assert result["accepted"], result.get("error")
    assert result["tu_count"] == len(units)
    for unit, seen in zip(units, result["tus"]):
        assert sorted(seen["segments"]) == sorted(v.lang for v in unit.variants)
        assert seen["props"] == {p.type: p.value for p in unit.props}
        assert seen["note"] == (unit.notes[0].text if unit.notes else None)
        if not _has_codes(unit):
            assert seen["segments"] == {v.lang: v.text for v in unit.variants}
