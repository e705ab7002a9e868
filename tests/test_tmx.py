"""TMX reading and writing: exact round trips, odd inputs, hostile files, bounded memory."""

from __future__ import annotations

import io
import os
import tracemalloc
from pathlib import Path

import pytest

from termbase.errors import InputError, TermbaseError
from termbase.formats import tmx
from termbase.model import Inline, Note, Prop, TmxHeader, TranslationUnit, Variant

TMX_FIXTURES = Path(__file__).parent / "fixtures" / "tmx"
CANONICAL = TMX_FIXTURES / "canonical.tmx"


def written(units, header=None) -> bytes:
    out = io.BytesIO()
    tmx.write(units, out, header)
    return out.getvalue()


def test_canonical_tmx_round_trip_is_byte_identical():
    header, units = tmx.read_all(CANONICAL)
    assert written(units, header) == CANONICAL.read_bytes()


def test_writing_twice_gives_the_same_bytes():
    header, units = tmx.read_all(CANONICAL)
    once = written(units, header)
    assert written(tmx.read_all(io.BytesIO(once))[1], header) == once


def test_multilingual_unit_with_props_and_notes():
    header, units = tmx.read_all(CANONICAL)
    unit = units[0]
    assert unit.id == "union-state-1"
    assert unit.attrs == {"creationdate": "20261122T120000Z", "creationid": "termbase"}
    assert [v.lang for v in unit.variants] == ["ru", "be", "en"]
    assert unit.variant("BE").text == "Саюзная дзяржава Расіі і Беларусі"
    assert unit.props == [Prop("x-source", "https://www.soyuz.by/"),
                          Prop("x-domain", "Union State", lang="en")]
    assert unit.notes == [Note("Aligned by hand.")]
    assert unit.variant("be").props == [Prop("x-checked", "no")]
    assert unit.variant("en").notes == [Note("Headline case dropped.", lang="en")]
    assert unit.variant("en").attrs == {"creationid": "editor"}


def test_header_attributes_props_notes_and_udes():
    header, _ = tmx.read_all(CANONICAL)
    assert header.version == "1.4"
    assert header.attrs["creationdate"] == "20261122T120000Z"
    assert header.props == [Prop("x-project", "termbase test fixture")]
    assert header.notes == [Note('Header note with <markup> & "quotes".', lang="en")]
    [ude] = header.udes
    assert ude.attrs == {"name": "x-symbols", "base": "Macintosh"}
    assert ude.maps == [{"unicode": "#xF8FF", "code": "#xF0", "ent": "Apple_logo",
                         "subst": "[Apple]"}]


def test_inline_codes_are_kept_as_structure_with_attributes_in_order():
    _, units = tmx.read_all(CANONICAL)
    content = units[1].variant("en").content
    assert content == [
        "Press ",
        Inline("bpt", {"i": "1", "x": "1", "type": "bold"}, ["<b>"]),
        "Save",
        Inline("ept", {"i": "1"}, ["</b>"]),
        ", ",
        Inline("ph", {"x": "2", "type": "image", "assoc": "p"},
               ['<img src="a.png" alt="', Inline("sub", {"datatype": "plaintext"}, ["CSTO logo"]),
                '"/>']),
        " and ",
        Inline("it", {"pos": "begin", "x": "3"}, ["<i>"]),
        "next",
    ]
    assert list(content[1].attrs) == ["i", "x", "type"]
    assert units[1].variant("en").text == "Press Save,  and next"


def test_hi_ut_whitespace_and_escaping():
    _, units = tmx.read_all(CANONICAL)
    variant = units[2].variant("en-gb")
    assert variant.content[0] == Inline("hi", {"type": "emphasis"}, ["CSTO"])
    assert variant.content[2] == Inline("hi", {"x": "4"},
                                        ["SCO ", Inline("ph", {"x": "5"}), "together"])
    assert variant.text == "CSTO and SCO together  with two spaces & signs <> ' \" "


def test_carriage_returns_and_newlines_in_segments_survive():
    _, units = tmx.read_all(CANONICAL)
    assert units[3].variant("ru").text == "Первая строка\nвторая строка\r\nтретья"
    again = tmx.read_all(io.BytesIO(written(units)))[1]
    assert again[3].variant("ru").text == "Первая строка\nвторая строка\r\nтретья"


def test_tmx11_lang_attributes_and_odd_case_tags():
    header, units = tmx.read_all(TMX_FIXTURES / "tmx11-odd-case.tmx")
    assert header.version == "1.1"
    assert (header.attrs["srclang"], header.attrs["adminlang"]) == ("en-US", "en-US")
    assert header.notes == [Note("TMX 1.1 writes lang, not xml:lang.", lang="en")]
    assert [[v.lang for v in u.variants] for u in units] == [["en-US", "ru-RU", "be"],
                                                              ["en-US", "be-BY"]]
    assert units[0].variant("en-us").content[1] == Inline("ut", {}, ["{\\i}"])
    assert all("lang" not in v.attrs for u in units for v in u.variants)
    text = written(units, header).decode()
    assert 'xml:lang="ru-RU"' in text and ' lang=' not in text and '<tmx version="1.4">' in text


def test_minified_input_is_written_indented():
    _, units = tmx.read_all(TMX_FIXTURES / "tmx11-odd-case.tmx")
    lines = written(units).decode().splitlines()
    assert '    <tu tuid="2">' in lines and '        <seg>Мінск</seg>' in lines


@pytest.mark.parametrize("encoding,bom", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                          ("utf-16-be", b"\xfe\xff")])
def test_reads_bom_and_utf16(tmp_path, encoding, bom):
    text = CANONICAL.read_text("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"'
                                                if encoding.startswith("utf-16") else
                                                'encoding="UTF-8"')
    path = tmp_path / "encoded.tmx"
    path.write_bytes(bom + text.encode(encoding))
    assert tmx.read_all(path) == tmx.read_all(CANONICAL)


def test_writer_orders_variants_ru_be_en_then_others():
    unit = TranslationUnit("x", [Variant("de", ["Minsk"]), Variant("en", ["Minsk"]),
                                 Variant("be", ["Мінск"]), Variant("ru", ["Минск"])])
    text = written([unit]).decode()
    order = [text.index(f'xml:lang="{lang}"') for lang in ("ru", "be", "en", "de")]
    assert order == sorted(order)


def test_default_header_has_every_required_attribute():
    text = written([]).decode()
    for attribute in tmx.REQUIRED_HEADER_ATTRIBUTES:
        assert f' {attribute}="' in text
    assert tmx.read_all(io.BytesIO(text.encode()))[1] == []


@pytest.mark.parametrize("fixture", ["billion-laughs.tmx", "xxe.tmx"])
def test_hostile_entities_are_refused(fixture):
    with pytest.raises(InputError) as raised:
        tmx.read_all(TMX_FIXTURES / fixture)
    assert raised.value.code == "X002" and "entities" in raised.value.message


def test_malformed_xml_names_file_line_and_column(tmp_path):
    path = tmp_path / "broken.tmx"
    path.write_text(CANONICAL.read_text().replace("</seg>", "</sag>", 1))
    with pytest.raises(InputError) as raised:
        tmx.read_all(path)
    error = raised.value
    assert (error.code, error.path, error.line) == ("X001", str(path), 17)
    assert str(error).startswith(f"{path}:17:{error.col}: not well-formed XML")


def test_not_tmx_is_refused(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<html><body/></html>")
    with pytest.raises(InputError, match="not a TMX file"):
        tmx.read_all(path)


def test_writer_refuses_characters_xml_cannot_carry_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.tmx"
    target.write_bytes(CANONICAL.read_bytes())
    bad = TranslationUnit("bad", [Variant("en", ["bell\x07"])])
    with pytest.raises(TermbaseError, match="unit bad: character U\\+0007"):
        tmx.write([TranslationUnit("good", [Variant("en", ["fine"])]), bad], target)
    assert target.read_bytes() == CANONICAL.read_bytes()
    assert os.listdir(tmp_path) == ["out.tmx"]


def test_model_built_in_code_round_trips():
    unit = TranslationUnit("u1", [
        Variant("ru", ["Саммит ", Inline("bpt", {"i": "1"}, ["<b>"]), "ОДКБ",
                       Inline("ept", {"i": "1"}, ["</b>"]), " & «ШОС»"]),
        Variant("en", [Inline("ph", {"x": "1"}), "CSTO <summit>"], props=[Prop("x-a", 'q"x')])],
        props=[Prop("x-source", "https://odkb-csto.org/")], notes=[Note("n", lang="en")])
    header = TmxHeader(attrs={"srclang": "ru"})
    back_header, [back] = tmx.read_all(io.BytesIO(written([unit], header)))
    assert back == unit
    assert back_header.attrs["srclang"] == "ru" and back_header.attrs["creationtool"] == "termbase"


def test_reader_streams_in_memory_bounded_by_one_unit(tmp_path):
    path = tmp_path / "big.tmx"

    def generated(n):
        for i in range(n):
            yield TranslationUnit(f"u{i}", [
                Variant("ru", [f"Сегмент номер {i} о ", Inline("ph", {"x": "1"}, ["<br/>"]),
                               "Союзном государстве"]),
                Variant("be", [f"Сегмент нумар {i} пра Саюзную дзяржаву"]),
                Variant("en", [f"Segment number {i} on the Union State"])],
                props=[Prop("x-source", "generated")])

    tmx.write(generated(30_000), path)
    assert path.stat().st_size > 10_000_000
    tracemalloc.start()
    count = sum(1 for _ in tmx.read(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 30_000
    assert peak < 2_000_000, f"peak {peak} bytes: the reader holds more than one unit"
