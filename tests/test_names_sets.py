"""The labelled name sets of issue 15 that have been scored (`check-names`;
`check-names-heldout`, `check-names-final` and `check-names-4` to `check-names-9` since
their one scoring each), as a regression test: no error on a clean article, every lookup
right, no false alarm and no planted finding missed but those `KNOWN` lists (equal, so a
fix takes its line off). A set not yet scored is not here: it is scored once, by
`benchmarks/eval_names.py`, at the end."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import eval_names  # noqa: E402  (the scorer the closing notes' figures come from)

from termbase.index import Index  # noqa: E402


# What the sets' frozen glossary cannot tell, and the shipped glossary now can (its concepts
# nuclear-power-plant and ministry-of-internal-affairs-of-belarus with «МУС»), or a label
# termbase does not share.
KNOWN = {
    "check-names-6": {
        # 'nuclear power plant' in the source is read as the nuclear power (a state)
        ("alarm", "04-union-gas-market-en-ru.en.txt", "T101", "paragraph 4", "nuclear-power"),
        # the Belarusian «МУС» (interior ministry) read as the ICC's Russian acronym
        ("alarm", "a09-mogilev-forum-projects-be.txt", "T105", "paragraph 3",
         "international-criminal-court"),
        # the treaty's name written whole, then 'двух стран': the label calls the words added
        # a near miss; termbase sees the name, as written, and a phrase after it
        ("miss", "a06-equal-rights-g20-ru.txt", "T108", "paragraph 3",
         "treaty-on-the-equal-rights-of-citizens"),
    },
    "check-names-8": {
        # «Санкт-Петербург» then «Петербург»: a full name beside its own short form is no
        # mix for termbase (nor for the sets' T106); the label calls it a T103
        ("miss", "02-mogilev-glazyev-en-ru.en.txt", "T103", "article", "saint-petersburg"),
        # «Алматинская» for «Алма-Атинская»: one word against a hyphenated one, too unlike
        # for a near miss, so the name is missing (T101)
        ("miss", "14-astana-visit-be-ru.be.txt", "T108", "paragraph 4", "alma-ata-declaration"),
        ("alarm", "14-astana-visit-be-ru.be.txt", "T101", "paragraph 4", "alma-ata-declaration"),
    },
    "check-names-9": {
        # 'Court of the Eurasian Economic Union States': the name written whole and a word
        # after it (as the sixth set's treaty), labelled a near miss
        ("miss", "16-eaeu-court-be-en.be.txt", "T108", "paragraph 1", "eaeu-court"),
    },
}


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Index:
    return Index.open([eval_names.GLOSSARY], directory=tmp_path_factory.mktemp("cache"),
                      kind="tbx")


@pytest.mark.parametrize("check_set,lookup_set", [
    ("check-names", "lookup-names"), ("check-names-heldout", "lookup-names-heldout"),
    ("check-names-final", "lookup-names-final"), ("check-names-4", "lookup-names-4"),
    ("check-names-5", "lookup-names-5"), ("check-names-6", "lookup-names-6"),
    ("check-names-7", "lookup-names-7"), ("check-names-8", "lookup-names-8"),
    ("check-names-9", "lookup-names-9")])
def test_scored_name_sets_do_not_regress(frozen, check_set, lookup_set):
    checked = eval_names.score_check(frozen, eval_names.FIXTURES / check_set)
    known = KNOWN.get(check_set, set())
    assert {("alarm", *alarm) for alarm in checked["alarms"]} == {
        item for item in known if item[0] == "alarm"}
    assert {("miss", *miss) for miss in checked["misses"]} == {
        item for item in known if item[0] == "miss"}
    assert set(checked["errors_on_clean"]) <= {item[1] for item in known if item[0] == "alarm"}
    looked = eval_names.score_lookup(frozen,
                                     eval_names.FIXTURES / lookup_set / "queries.tsv")
    assert looked["wrong"] == []
