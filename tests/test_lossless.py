"""Read → write keeps every element, attribute and text of real-world files.

Each TBX file of other tools and standards bodies (`tests/fixtures/world/`, see its
MANIFEST.md) is read and written back in its own version (v3 canonical DCA, or TBX 2), and
the two XML trees are compared node by node: per entry, per language, per term, every
element with its attributes and text, in any order. The writers' documented conversions are
applied to the input first, and only those:

- DCT data-category elements become DCA (`<subjectField>` → `<descrip type="subjectField">`);
- TBX-Basic v1 / TBX 2 statuses become the V4 value in v3 (`administrativeStatus`
  `preferredTerm-admn-sts` → `usageStatus` `preferred`), and in TBX 2 their TBX-Basic form
  (`supersededTerm-admn-sts` → `deprecatedTerm-admn-sts`, since V4 knows three statuses);
- other vocabularies' term types take the TBX-Basic name (`abbreviatedForm` → `abbreviation`);
- a TBX 2 `ntig` becomes a `tig` (its `termGrp` unwrapped), and a group of one item
  (`termNoteGrp`, `descripGrp`, `adminGrp`) that item;
- language tags take BCP 47 case (`En-gb` → `en-GB`), and an entry without an id gets
  `entry-N` (its place in the file), as the model needs one;
- white space between elements is layout.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from termbase.formats import tbx
from termbase.lang import tags

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORLD = sorted((FIXTURES / "world").glob("*.tbx")) + [
    FIXTURES / "tbx" / name for name in ("dct.tbx", "tbx2-ntig.tbx", "basic-v1-odd-case.tbx")
] + [FIXTURES / "edit" / "iate-export.tbx"]
TBX3 = tbx.TBX3_NAMESPACE
GROUPS = ("termNoteGrp", "descripGrp", "adminGrp")


def parse(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             remove_comments=True, remove_pis=True)
    return etree.parse(str(path), parser).getroot()


def readable(path: Path) -> bool:
    try:
        parse(path)
    except etree.XMLSyntaxError:
        return False
    return etree.QName(parse(path)).localname in ("tbx", "martif")


def readable_tmx(path: Path) -> bool:
    try:
        return etree.QName(parse(path)).localname == "tmx"
    except etree.XMLSyntaxError:
        return False


def node(el: etree._Element, version: int) -> str:
    """An element as a canonical string: the writers' conversions applied, children sorted."""
    name = etree.QName(el).localname
    namespace = etree.QName(el).namespace
    attrs = dict(el.attrib)
    if tbx.XML_LANG in attrs:
        attrs[tbx.XML_LANG] = tags.normalise(attrs[tbx.XML_LANG])
    if namespace not in (None, TBX3):  # DCT: the data category is the element's name
        attrs["type"] = name
        name = tbx.ELEMENT_OF.get(name, "descrip")
    text = (el.text or "").strip()
    category = attrs.get("type")
    if name == "termNote" and category in ("administrativeStatus", "usageStatus"):
        status = tbx.ADMINISTRATIVE_STATUS.get(text, text)
        if version == 3:
            attrs["type"], text = "usageStatus", status
        else:
            attrs["type"] = "administrativeStatus"
            text = tbx.STATUS_TO_ADMINISTRATIVE.get(status, status)
    elif name == "termNote" and category == "termType":
        text = tbx.TERM_TYPE_SYNONYMS.get(text, text)
    children = []
    for child in el:
        child_name = etree.QName(child).localname
        if child_name in GROUPS and len(child) == 1 and not child.attrib:
            child = child[0]
            child_name = etree.QName(child).localname
        if child_name == "termGrp":  # ntig: its termGrp's children are the tig's own
            children += [node(grandchild, version) for grandchild in child]
        else:
            children.append(node(child, version))
        if (child.tail or "").strip():
            children.append(f"tail:{child.tail.strip()}")
    if name == "ntig":
        name = "tig"
    rendered = " ".join(f'{etree.QName(k).localname}="{v}"' for k, v in sorted(attrs.items()))
    return f"<{name} {rendered}>{text}[{'|'.join(sorted(children))}]"


def named(root: etree._Element, *names: str) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str)
            and etree.QName(el).localname in names]


def entries(root: etree._Element, version: int) -> Counter:
    found = named(root, "conceptEntry", "termEntry")
    for ordinal, entry in enumerate(found, 1):
        if entry.get("id") is None:
            entry.set("id", f"entry-{ordinal}")
    return Counter(node(entry, version) for entry in found)


def back_matter(root: etree._Element, version: int) -> list[str]:
    return sorted(node(child, version) for back in named(root, "back") for child in back)


def header_parts(root: etree._Element, version: int) -> Counter:
    return Counter(node(child, version) for header in named(root, "tbxHeader", "martifHeader")
                   for child in header if etree.QName(child).localname != "fileDesc")


@pytest.mark.parametrize("path", [p for p in WORLD if readable(p)], ids=lambda p: p.name)
def test_every_element_and_attribute_survives_a_rewrite(path, tmp_path):
    reader = tbx.read(path)
    concepts = list(reader)
    version = reader.dialect.version
    written = tmp_path / "rewritten.tbx"
    (tbx.write if version == 3 else tbx.write_v2)(concepts, written, reader.header, sort=False)
    before, after = parse(path), parse(written)
    assert entries(after, version) == entries(before, version)
    assert back_matter(after, version) == back_matter(before, version)
    assert header_parts(before, version) - header_parts(after, version) == Counter()


def test_the_comparison_sees_a_lost_attribute(tmp_path):
    """The check itself can fail: an attribute dropped from a written file is noticed."""
    path = FIXTURES / "tbx" / "dct.tbx"
    reader = tbx.read(path)
    concepts = list(reader)
    concepts[0].languages[0].terms[0].attrs["xml:lang"] = "x-planted"
    written = tmp_path / "rewritten.tbx"
    tbx.write(concepts, written, reader.header, sort=False)
    assert entries(parse(written), 3) != entries(parse(path), 3)


BACK_MATTER = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader>
    <fileDesc><sourceDesc><p>Exported by a terminology system</p></sourceDesc></fileDesc>
    <encodingDesc><p type="XCSURI">TBXXCSV02.xcs</p></encodingDesc>
  </tbxHeader>
  <text>
    <body>
      <conceptEntry id="c1" status="approved">
        <transacGrp><transac type="transactionType">modification</transac>
          <transacNote type="responsibility" target="p1">Anna</transacNote>
          <date>2024-05-07</date></transacGrp>
        <note from="reviewer">checked</note>
        <langSec xml:lang="en">
          <termSec id="t1">
            <term id="term-1">Union State </term>
            <termNote type="usageStatus">preferred</termNote>
          </termSec>
          <termSec>
            <term>the <hi type="italics">Union</hi> State</term>
            <termNote type="usageStatus">admitted</termNote>
          </termSec>
        </langSec>
      </conceptEntry>
    </body>
    <back>
      <refObjectSec type="respPerson">
        <refObject id="p1"><itemSet><item type="fn">Anna Ivanova</item>
          <item type="email">anna@example.org</item></itemSet></refObject>
      </refObjectSec>
    </back>
  </text>
</tbx>
"""


def test_fix_keeps_back_matter_ids_and_attributes(tmp_path):
    """A trailing-space fix once removed back matter and every unknown attribute."""
    path = tmp_path / "glossary.tbx"
    path.write_text(BACK_MATTER, encoding="utf-8")
    before = parse(path)
    done = subprocess.run([sys.executable, "-m", "termbase", "validate", "--fix", str(path)],
                          capture_output=True, text=True, timeout=300)
    assert "O109 fixed «Union State » → «Union State»" in done.stderr, done.stdout + done.stderr
    after = parse(path)
    fixed = {key: count for key, count in entries(before, 3).items()}
    assert back_matter(after, 3) == back_matter(before, 3)
    assert header_parts(before, 3) - header_parts(after, 3) == Counter()
    [written] = entries(after, 3)
    [read] = fixed
    assert written == read.replace(">Union State [", ">Union State[")


def test_a_change_that_would_drop_inline_markup_is_refused(tmp_path):
    path = tmp_path / "glossary.tbx"
    path.write_text(BACK_MATTER.replace("Union State </term>", "Union State</term>")
                    .replace("<hi type=\"italics\">Union</hi> State",
                             "<hi type=\"italics\">Union</hi>  State"), encoding="utf-8")
    original = path.read_bytes()
    done = subprocess.run([sys.executable, "-m", "termbase", "validate", "--fix", str(path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "holds inline markup termbase does not model" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == original


# --- TMX ---------------------------------------------------------------------------------

TMX_FILES = sorted((FIXTURES / "world").glob("*.tmx")) + [
    FIXTURES / "tmx" / name for name in ("canonical.tmx", "tmx11-odd-case.tmx")]


def tmx_node(el: etree._Element) -> str:
    """A TMX element as a canonical string, the writer's conversions applied: TMX 1.1 `lang`
    is `xml:lang`, language tags take BCP 47 case; children sorted, except segment content,
    which is compared exactly."""
    name = etree.QName(el).localname
    attrs = {("xml:lang" if key in ("lang", tbx.XML_LANG) else key):
             (tags.normalise(value) if key in ("lang", tbx.XML_LANG, "srclang", "adminlang")
              and value != "*all*" else value)
             for key, value in el.attrib.items()}
    rendered = " ".join(f'{k}="{v}"' for k, v in sorted(attrs.items()))
    if name == "seg":
        inner = etree.tostring(el, encoding="unicode", with_tail=False)
        return f"<seg>{inner[inner.index('>') + 1:]}"
    children = sorted(tmx_node(child) for child in el)
    return f"<{name} {rendered}>{(el.text or '').strip()}[{'|'.join(children)}]"


def units_of(root: etree._Element) -> Counter:
    return Counter(tmx_node(tu) for tu in named(root, "tu"))


@pytest.mark.parametrize("path", [p for p in TMX_FILES if readable_tmx(p)], ids=lambda p: p.name)
def test_every_unit_survives_a_tmx_rewrite_or_the_rewrite_says_why(path, tmp_path):
    from termbase.errors import TermbaseError
    from termbase.formats import tmx

    reader = tmx.read(path)
    units = list(reader)
    written = tmp_path / "rewritten.tmx"
    kept = [xml for owner in (reader.header, *units, *(v for u in units for v in u.variants))
            for xml in owner.foreign]
    try:
        tmx.write(units, written, reader.header)
    except TermbaseError as error:
        assert kept or "is not TMX 1.4b" in str(error), error
        assert not written.exists()
        return
    assert not kept
    before, after = parse(path), parse(written)
    assert units_of(after) == units_of(before)
    header_before = named(before, "header")[0]
    header_after = named(after, "header")[0]
    assert Counter(tmx_node(c) for c in header_before) == Counter(
        tmx_node(c) for c in header_after)
    assert tmx_node(header_before).split("[")[0] == tmx_node(header_after).split("[")[0] or \
        set(header_before.attrib) < set(header_after.attrib)  # the writer adds what TMX requires
    standards = Path(__file__).resolve().parent.parent.parent / "shared" / "standards"
    if standards.is_dir():  # what tmx14.dtd accepted, it accepts written back
        dtd = etree.DTD(str(standards / "tmx" / "tmx14.dtd"))
        if dtd.validate(before):
            assert dtd.validate(after), dtd.error_log.filter_from_errors()[:3]


RU = '<tuv xml:lang="ru"><seg>Союзное\u200b государство</seg></tuv>'  # a fix to make
EN = '<tuv xml:lang="en"><seg>Union State</seg></tuv>'


@pytest.mark.parametrize("unit, named", [
    (f'<tu tuid="1" x-score="0.9">{EN}{RU}</tu>', "attribute x-score"),
    (f'<tu tuid="1"><x-origin>mt</x-origin>{EN}{RU}</tu>', "<x-origin>"),
    (f'<tu tuid="1"><tuv xml:lang="en"><seg>Union State</seg><seg>two</seg></tuv>{RU}</tu>',
     "<seg>"),
    (f'<tu tuid="1"><prop type="x-a" x-b="c">d</prop>{EN}{RU}</tu>', "<prop>"),
])
def test_a_tmx_rewrite_that_would_drop_something_stops_and_says_what(tmp_path, unit, named):
    path = tmp_path / "memory.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                    'creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
                    f'adminlang="en" srclang="en" datatype="plaintext"/><body>\n{unit}\n'
                    '</body></tmx>\n', encoding="utf-8")
    original = path.read_bytes()
    done = subprocess.run([sys.executable, "-m", "termbase", "validate", "--fix", str(path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    [line] = [x for x in done.stderr.splitlines() if "cannot write" in x or "is not TMX" in x]
    assert named in line and "unit 1" in line
    assert path.read_bytes() == original
