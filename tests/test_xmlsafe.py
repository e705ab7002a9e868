"""The hardened parser refuses hostile DTDs itself, whatever guard the installed libxml2 has.

CI runs these with the newest lxml pip picks and again with the lowest that pyproject.toml
allows (.ci/lowest-versions.txt), so the findings cannot depend on the libxml2 release.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from termbase import xmlsafe
from termbase.errors import InputError


def parse(data: bytes) -> int:
    return sum(1 for _ in xmlsafe.iterparse(io.BytesIO(data)))


def refusal(data: bytes) -> InputError:
    with pytest.raises(InputError) as raised:
        parse(data)
    return raised.value


LAUGHS = b"".join(b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10) for n in range(1, 10))


@pytest.mark.parametrize("data, where", [
    # billion laughs: libxml2 2.14 stops it itself (amplification); ours must speak first
    (b'<!DOCTYPE x [<!ENTITY l0 "ha">' + LAUGHS + b"]><x>&l9;</x>", (1, 14)),
    (b'<!DOCTYPE x [\n <!ENTITY s SYSTEM "file:///etc/passwd">\n]><x>&s;</x>', (2, 2)),
    (b'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://example.org/evil.dtd">%p;]><x/>', (1, 14)),
    (b'<!DOCTYPE x [<!ENTITY  %  p "">]><x/>', (1, 14)),
    # declared after a comment and an attribute list holding «]» and «>» in literals
    (b'<!DOCTYPE x [<!-- ] > --><!ATTLIST x a CDATA "]>"><!ENTITY e "x">]><x/>', (1, 51)),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
     .encode("utf-16"), (1, 54)),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
     .encode("utf-16-be"), (1, 53)),
    (b'\xef\xbb\xbf<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', (1, 17)),
])
def test_entity_declarations_and_parameter_entities_are_refused_from_the_prolog(data, where):
    error = refusal(data)
    assert error.code == "X002" and error.message.startswith("refused: the DTD")
    assert "entities" in error.message
    assert (error.line, error.col) == where


def test_an_entity_declaration_far_into_a_large_internal_subset_is_found():
    attlists = b"".join(b"<!ATTLIST x a%d CDATA #IMPLIED>\n" % n for n in range(40_000))
    assert parse(b"<!DOCTYPE x [" + attlists + b"]><x/>") == 2
    error = refusal(b"<!DOCTYPE x [" + attlists + b'<!ENTITY e "e">]><x>&e;</x>')
    assert error.code == "X002" and error.line == 40_001


def test_nesting_beyond_libxml2s_limit_is_refused_not_called_malformed():
    error = refusal(b"<a>" * 300 + b"</a>" * 300)
    assert error.code == "X002" and "depth" in error.message


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4"/>',
    b'<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core//EN" "TBXcoreStructV02.dtd">'
    b"<martif/>",
    b'<!DOCTYPE x [<!-- <!ENTITY not "declared"> --><!ATTLIST x a CDATA "%notref;">]><x/>',
    b"<!-- <!DOCTYPE x [<!ENTITY a 'b'>]> --><x/>",
    b'<?pi <!DOCTYPE x [<!ENTITY a "b">]> ?><x/>',
])
def test_a_dtd_that_declares_no_entity_is_read(data):
    """TMX and TBX 2 files name their DTD; it is never loaded, so it is no threat."""
    assert parse(data) == 2


@pytest.mark.parametrize("data", [b"<!DOCTYPE x [<!ATTLIST x a CDATA", b"", b"<x>",
                                  b"<!DOCTYPE x [<!-- never closed"])
def test_a_truncated_prolog_is_malformed(data):
    assert refusal(data).code == "X001"


def test_a_stream_is_replayed_whole_after_its_prolog_is_read():
    data = b'<!DOCTYPE x SYSTEM "x.dtd">' + b"<x>" + b"<y>text</y>" * 50_000 + b"</x>"
    ends = [el.tag for event, el in xmlsafe.iterparse(io.BytesIO(data), events=("end",))]
    assert len(ends) == 50_001


def libxml2_sees_entities(data: bytes) -> bool | None:
    """What lxml itself finds in the internal subset; None when it cannot parse the prolog."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    dtd = root.getroottree().docinfo.internalDTD
    return dtd is not None and any(True for _ in dtd.iterentities())


DECLARATIONS = st.sampled_from([
    '<!ENTITY e "x">', "<!ENTITY % p 'x'>", '<!ENTITY s SYSTEM "file:///etc/hostname">',
    "<!ATTLIST x a CDATA #IMPLIED>", "<!ATTLIST x b CDATA ']> <!ENTITY no'>",
    "<!ELEMENT x ANY>", "<!-- <!ENTITY no 'x'> -->", "<?pi <!ENTITY no 'x'>?>",
    "<!NOTATION n SYSTEM 'n'>", "\n", " ",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(declarations=st.lists(DECLARATIONS, max_size=6), utf16=st.booleans(),
       external=st.sampled_from(["", ' SYSTEM "x.dtd"', ' PUBLIC "-//x//EN" "x.dtd"']))
def test_refusal_agrees_with_what_libxml2_parses(declarations, utf16, external):
    """Differential: X002 exactly when lxml's own parse shows a declared entity."""
    text = f"<!DOCTYPE x{external} [{''.join(declarations)}]><x/>"
    data = text.encode("utf-16") if utf16 else text.encode()
    expected = libxml2_sees_entities(data)
    try:
        parse(data)
    except InputError as error:
        assert error.code == "X002" if expected else expected is None, error
    else:
        assert expected is False


@pytest.mark.parametrize("make, message", [
    (lambda folder: folder / "missing.tbx", "no such file"),
    (lambda folder: folder, "is a directory, not a regular file"),
])
def test_xml_and_text_readers_word_the_operating_systems_refusals_alike(tmp_path, make,
                                                                         message):
    from termbase.formats import article

    path = make(tmp_path)
    with pytest.raises(InputError) as xml:
        parse_path(path)
    with pytest.raises(InputError) as text:
        article.read(path.with_suffix(".txt") if path.suffix else path)
    assert xml.value.message == text.value.message == message


def parse_path(path) -> int:
    return sum(1 for _ in xmlsafe.iterparse(path))


def test_names_of_nodes_that_are_not_elements():
    """Comments, processing instructions and entity references have a function for a tag:
    a reader walking an element's children gets '' for their name and namespace (an entity
    reference inside a conceptEntry, found by the import fuzz test, crashed the reader)."""
    from lxml import etree

    from termbase.xmlsafe import local_name, namespace

    for node in (etree.Comment("c"), etree.ProcessingInstruction("pi", "x"), etree.Entity("who")):
        assert (local_name(node.tag), namespace(node.tag)) == ("", "")
    assert namespace("{urn:iso:std:iso:30042:ed-2}term") == "urn:iso:std:iso:30042:ed-2"
    assert (local_name("term"), namespace("term")) == ("term", "")
