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
