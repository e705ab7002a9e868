"""Differential test: termbase's structural verdict against the official schemas', file by file.

From seed files the schemas accept (TBX v3: the core RNG; TBX 2: TBXcoreStructV02.dtd; TMX:
tmx14.dtd, all run by lxml as `shared/standards/MANIFEST.md` shows), thousands of seeded, so
repeatable, mutations are made in memory: elements removed, duplicated, moved and renamed,
attributes removed and added, enumerated values and ids changed, text put where the schema
allows none. Each mutated file is judged twice: does the schema reject it, and does
`validate_paths(select=STRUCTURAL)` report an error? The two must agree on 99 % of them; each
kind of mutation on which they may still differ is listed, with the reason, in `KNOWN`.

Run it alone (`python tests/test_schema_differential.py`) for the table and every disagreement.
"""

from __future__ import annotations

import copy
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from conftest import STANDARDS, need_standards
from termbase.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TBX3 = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The codes of structure: what the schemas judge. X: XML; S: elements, attributes, values,
# text; R: ids and references; E102, E103, M103: a level the schema requires at least once.
STRUCTURAL = ["X", "S", "R", "E102", "E103", "M103"]

SEEDS = {
    "TBX v3": ["tests/fixtures/tbx/canonical.tbx", "tests/fixtures/tbx/dct.tbx",
               "tests/fixtures/tbx/basic-v1-odd-case.tbx",
               "glossary/organisations.tbx",  # its first three concepts
               "tests/fixtures/world/byutrg-PrinterTermbase-tiny-TBXv3.tbx",
               "tests/fixtures/world/byutrg-TBX-basic-sample.tbx",
               "tests/fixtures/world/ltac-min-dct-Example_Astronomy_DCT_VALID.tbx"],
    "TBX 2": ["tests/fixtures/tbx/tbx2-ntig.tbx", "tests/fixtures/edit/iate-export.tbx",
              "tests/fixtures/world/ltac-converter-Good-Basic2-criti.tbx",
              "tests/fixtures/world/ltac-converter-Unknown-Dialect2.tbx",
              "tests/fixtures/world/omegat-sampleTBXfile.tbx",
              "tests/fixtures/world/weblate-cs.tbx"],
    "TMX": ["tests/fixtures/tmx/canonical.tmx",
            "tm/security-and-integration.tmx",  # its first four units
            "tests/fixtures/world/okapi-Paragraph_TM.tmx",
            "tests/fixtures/world/okapi-confusion.tmx",
            "tests/fixtures/world/okapi-olifant-tmxtest-attributes.tmx",
            "tests/fixtures/world/okapi-sampleTMX2.tmx",
            "tests/fixtures/world/omegat-lisa-ImportTest1C.tmx",
            "tests/fixtures/world/omegat-lisa-ImportTest1D.tmx",
            "tests/fixtures/world/omegat-lisa-ImportTest2A-0index.tmx",
            "tests/fixtures/world/omegat-lisa-ImportTest2C.tmx"],
}
MUTATIONS = {"TBX v3": 1000, "TBX 2": 700, "TMX": 800}
ENTRIES_KEPT = {"glossary/organisations.tbx": 3, "tm/security-and-integration.tmx": 4}

# Element names a rename or an insertion picks from: the format's own, and one nobody knows.
NAMES = {
    "TBX v3": """tbx tbxHeader fileDesc titleStmt title publicationStmt sourceDesc p
        encodingDesc revisionDesc change text body back conceptEntry langSec termSec term
        termNote termNoteGrp descrip descripGrp descripNote admin adminGrp adminNote
        transacGrp transac transacNote date note ref xref hi foreign ph ec sc refObjectSec
        refObject itemSet itemGrp item bogus""".split(),
    "TBX 2": """martif martifHeader fileDesc titleStmt title publicationStmt sourceDesc p
        encodingDesc revisionDesc change text body back termEntry langSet tig ntig termGrp
        term termNote termNoteGrp descrip descripGrp descripNote admin adminGrp adminNote
        transacGrp transac transacNote date note ref xref hi foreign bpt ept ph termCompList
        termComp termCompGrp refObjectList refObject itemSet itemGrp item bogus""".split(),
    "TMX": """tmx header body tu tuv seg prop note ude map bpt ept it ph hi sub ut
        bogus""".split(),
}
ATTRIBUTES = {
    "TBX v3": ["id", "type", "target", "datatype", XML_LANG, "style", "x-unknown"],
    "TBX 2": ["id", "type", "target", "datatype", XML_LANG, "x-unknown"],
    "TMX": ["tuid", "segtype", "srclang", "datatype", "o-encoding", "creationdate", "type",
            XML_LANG, "i", "x", "pos", "x-unknown"],
}
LANGUAGE_TAGS = ["en", "en-GB", "EN-gb", "en_US", "", "e n", "english", "zh-Hant-TW",
                 "x-klingon", "123", "en-", "sr-Latn-RS"]
IDS = ["c1875432", "1875432", "a b", "ok-id", "ns:name", "-dash", "é-ok", ""]
# (element, attribute) → values to try; None for the element: any element with it.
VALUES = {
    "TBX v3": {("tbx", "style"): ["dca", "dct", "DCA", "basic", ""],
               ("tbx", "type"): ["TBX-Basic", "TBX-Core", "TBX-", "Basic", "TBX-Min"],
               ("hi", "type"): ["bold", "italics", "underline", ""],
               ("transac", "type"): ["transactionType", "origination", "bogus"],
               ("transacNote", "type"): ["responsibility", "bogus"],
               ("p", "type"): ["XCSURI", "DCSName", "bogus"]},
    "TBX 2": {("martif", "type"): ["TBX", "TBX-Basic", ""],
              ("p", "type"): ["XCSURI", "DCSName", "XCSContent", "bogus", ""],
              ("transac", "type"): ["transactionType", "origination", "bogus"],
              ("transacNote", "type"): ["responsibility", "bogus"]},
    "TMX": {("tmx", "version"): ["1.4", "1.4b", "1.1", "2.0", ""],
            ("header", "segtype"): ["block", "paragraph", "sentence", "phrase", "word", ""],
            ("tu", "segtype"): ["sentence", "Sentence", "word"],
            ("it", "pos"): ["begin", "end", "middle"],
            ("bpt", "i"): ["1", "2", "x", ""],
            ("ept", "i"): ["1", "2", ""],
            ("tu", "srclang"): ["en", "*all*", "en_US"]},
}

# Where termbase and the schema may still disagree, and why (`disagreement_class` sorts them).
KNOWN = {
    "TMX version": "termbase reads TMX 1.1 to 1.4b and reports a version outside those (S103); "
                   "tmx14.dtd fixes version to «1.4», so it refuses 1.1 to 1.3 and 1.4b",
    "TMX version missing": "the TMX 1.4b specification requires <tmx version> (S102); the DTD "
                           "declares it #FIXED, which supplies it when it is missing",
    "dangling reference": "a target that points at no id of the file (R102): lxml's RELAX NG "
                          "does not resolve IDREFs (jing does, and reports them too), and the "
                          "core RNG leaves the attributes of DCT elements such as "
                          "<basic:crossReference target> untyped",
}


def disagreement_class(outcome: "Outcome") -> str | None:
    """Which of `KNOWN` a disagreement is, if any."""
    if outcome.format == "TMX" and outcome.kind == "value <tmx> @version":
        return "TMX version"
    if outcome.format == "TMX" and outcome.kind == "drop <tmx> @version":
        return "TMX version missing"
    if outcome.termbase_codes == {"R102"} and not outcome.schema_rejects:
        return "dangling reference"
    return None


@dataclass
class Outcome:
    format: str
    seed: str
    kind: str
    schema_rejects: bool
    termbase_codes: set[str]  # of the errors termbase reported
    schema_says: str
    termbase_says: str

    @property
    def termbase_rejects(self) -> bool:
        return bool(self.termbase_codes)

    @property
    def agree(self) -> bool:
        return self.schema_rejects == self.termbase_rejects


def _parser() -> etree.XMLParser:
    return etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False,
                           remove_comments=True, remove_pis=True)


def _seed(path: str) -> etree._ElementTree:
    tree = etree.parse(str(ROOT / path), _parser())
    keep = ENTRIES_KEPT.get(path)
    if keep:
        entries = [el for el in tree.iter() if etree.QName(el).localname in ("conceptEntry", "tu")]
        for el in entries[keep:]:
            el.getparent().remove(el)
    return tree


class Oracle:
    """The official schemas, loaded once."""

    def __init__(self, standards: Path):
        self.tbx3 = etree.RelaxNG(etree.parse(str(standards / "tbx3/core/TBXcoreStructV03.rng")))
        self.tbx2 = etree.DTD(str(standards / "tbx2/default/TBXcoreStructV02.dtd"))
        self.tmx = etree.DTD(str(standards / "tmx/tmx14.dtd"))

    def judge(self, fmt: str, data: bytes) -> tuple[bool, str]:
        """(rejects, first error) of the schema of `fmt` for the document `data`."""
        schema = {"TBX v3": self.tbx3, "TBX 2": self.tbx2, "TMX": self.tmx}[fmt]
        doc = etree.fromstring(data, _parser()).getroottree()
        if schema.validate(doc):
            return False, ""
        return True, str(schema.error_log[0].message) if schema.error_log else "?"


# --- mutations --------------------------------------------------------------------------------

def _local(el) -> str:
    return etree.QName(el).localname


def _elements(root, rng, exclude_root=True):
    found = [el for el in root.iter() if isinstance(el.tag, str)]
    return found[1:] if exclude_root else found


def _ids(root) -> list[str]:
    return [v for el in root.iter() if isinstance(el.tag, str)
            for k, v in el.attrib.items() if k in ("id", "tuid")]


def mutate(fmt: str, tree: etree._ElementTree, rng: random.Random) -> str:
    """Change `tree` in place by one random mutation; its kind, for the tally."""
    root = tree.getroot()
    operator = rng.choices(
        ["remove", "duplicate", "move", "rename", "drop-attribute", "add-attribute", "value",
         "language", "id", "target", "text"],
        weights=[14, 12, 14, 14, 8, 8, 10, 4, 6, 3, 7])[0]
    elements = _elements(root, rng)
    el = rng.choice(elements)
    name = _local(el)
    if operator == "remove":
        el.getparent().remove(el)
        return f"remove <{name}>"
    if operator == "duplicate":
        el.addnext(copy.deepcopy(el))
        return f"duplicate <{name}>"
    if operator == "move":
        inside = set(el.iter())
        targets = [t for t in _elements(root, rng, exclude_root=False) if t not in inside]
        target = rng.choice(targets)
        tail = el.tail
        el.getparent().remove(el)
        el.tail = tail
        target.insert(rng.randint(0, len(target)), el)
        return f"move <{name}> into <{_local(target)}>"
    if operator == "rename":
        el = rng.choice(_elements(root, rng, exclude_root=False))
        name = _local(el)
        new = rng.choice(NAMES[fmt])
        el.tag = etree.QName(etree.QName(el).namespace, new).text
        return f"rename <{name}> to <{new}>"
    if operator == "drop-attribute":
        having = [e for e in _elements(root, rng, False) if e.attrib]
        el = rng.choice(having)
        attribute = rng.choice(sorted(el.attrib))
        del el.attrib[attribute]
        return f"drop <{_local(el)}> @{_attribute(attribute)}"
    if operator == "add-attribute":
        el = rng.choice(_elements(root, rng, False))
        attribute = rng.choice(ATTRIBUTES[fmt])
        value = {XML_LANG: "en", "id": f"new-{rng.randint(0, 9)}", "tuid": "t"}.get(attribute, "1")
        el.set(attribute, value)
        return f"add <{_local(el)}> @{_attribute(attribute)}"
    if operator == "value":
        choices = [(e, attribute, values) for (element, attribute), values in VALUES[fmt].items()
                   for e in root.iter() if isinstance(e.tag, str) and _local(e) == element]
        if not choices:
            return mutate(fmt, tree, rng)
        el, attribute, values = rng.choice(choices)
        el.set(attribute, rng.choice(values))
        return f"value <{_local(el)}> @{attribute}"
    if operator == "language":
        having = [e for e in root.iter() if isinstance(e.tag, str) and
                  (e.get(XML_LANG) is not None or _local(e) == "header")]
        el = rng.choice(having)
        attribute = "srclang" if _local(el) == "header" else XML_LANG
        el.set(attribute, rng.choice(LANGUAGE_TAGS))
        return "language tag"
    if operator == "id":
        el = rng.choice(_elements(root, rng, False))
        attribute = "tuid" if fmt == "TMX" and _local(el) == "tu" else "id"
        existing = _ids(root)
        value = rng.choice(IDS + ([rng.choice(existing)] if existing else []))
        el.set(attribute, value)
        return f"id on <{_local(el)}>"
    if operator == "target":
        having = [e for e in root.iter() if isinstance(e.tag, str) and e.get("target")]
        if not having or fmt == "TMX":
            return mutate(fmt, tree, rng)
        el = rng.choice(having)
        el.set("target", rng.choice(["missing-id", "1bad"] + _ids(root)[:3]))
        return f"target on <{_local(el)}>"
    # text where there may be none
    el = rng.choice(_elements(root, rng, False))
    if len(el) and rng.random() < 0.5:
        child = el[rng.randrange(len(el))]
        child.tail = (child.tail or "") + " stray "
    else:
        el.text = "stray " + (el.text or "")
    return f"text in <{_local(el)}>"


def _attribute(name: str) -> str:
    return "xml:lang" if name == XML_LANG else name


# --- the run ----------------------------------------------------------------------------------

def run(tmp: Path, standards: Path) -> list[Outcome]:
    oracle = Oracle(standards)
    outcomes: list[Outcome] = []
    for fmt, seeds in SEEDS.items():
        rng = random.Random(f"termbase-differential-{fmt}")
        trees = {path: _seed(path) for path in seeds}
        for path, tree in trees.items():
            data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
            rejects, message = oracle.judge(fmt, data)
            assert not rejects, f"seed {path} is not valid: {message}"
        suffix = ".tmx" if fmt == "TMX" else ".tbx"
        for number in range(MUTATIONS[fmt]):
            path = seeds[number % len(seeds)]
            tree = copy.deepcopy(trees[path])
            kind = mutate(fmt, tree, rng)
            data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
            schema_rejects, schema_says = oracle.judge(fmt, data)
            file = tmp / f"m{number}{suffix}"
            file.write_bytes(data)
            errors = [f for f in validate_paths([file], select=STRUCTURAL)
                      if f.severity == "error"]
            said = "; ".join(f"{f.code} {f.message}" for f in errors[:3])
            outcomes.append(Outcome(fmt, path, kind, schema_rejects, {f.code for f in errors},
                                    schema_says, said))
            file.unlink()
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    rows = ["format   mutations  schema rejects  agree    rate"]
    by_format: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_format[outcome.format].append(outcome)
    for fmt, group in [*by_format.items(), ("overall", outcomes)]:
        agree = sum(o.agree for o in group)
        rejected = sum(o.schema_rejects for o in group)
        rows.append(f"{fmt:8} {len(group):9} {rejected:15} {agree:6} {agree / len(group):7.2%}")
    return "\n".join(rows)


def disagreements(outcomes: list[Outcome]) -> Counter:
    return Counter((o.format, disagreement_class(o) or o.kind,
                    "schema" if o.schema_rejects else "termbase")
                   for o in outcomes if not o.agree)


def test_termbase_and_the_schemas_agree(tmp_path):
    standards = need_standards()
    outcomes = run(tmp_path, standards)
    print("\n" + table(outcomes))
    assert len(outcomes) >= 2000
    assert sum(o.schema_rejects for o in outcomes) > len(outcomes) / 3  # the mutations bite
    agree = sum(o.agree for o in outcomes)
    assert agree / len(outcomes) >= 0.99, table(outcomes)
    unexplained = [o for o in outcomes if not o.agree and disagreement_class(o) is None]
    assert not unexplained, "\n".join(f"{o.format} {o.kind}: schema «{o.schema_says}», "
                                      f"termbase «{o.termbase_says}»" for o in unexplained[:20])


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        results = run(Path(folder), STANDARDS)
    print(table(results))
    for (fmt, kind, who), n in sorted(disagreements(results).items(), key=lambda x: -x[1]):
        example = next(o for o in results if not o.agree and o.format == fmt
                       and (disagreement_class(o) or o.kind) == kind)
        print(f"{n:4} {fmt:6} {kind:40} only {who}: {example.schema_says[:90]} | "
              f"{example.termbase_says[:90]} [{example.kind}, {example.seed}]")
