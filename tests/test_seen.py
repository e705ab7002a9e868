"""The compact id table the streaming checks rely on."""

from termbase.seen import SeenKeys


def test_add_reports_repeats_with_where_first_seen():
    seen = SeenKeys()
    assert seen.add("csto", 12, source=3) is None
    assert seen.add("CSTO", 20) is None
    assert seen.add("csto", 40) == (12, 3)
    assert "csto" in seen and "sco" not in seen and len(seen) == 2


def test_growing_keeps_every_key_line_and_source():
    seen = SeenKeys()
    for i in range(50_000):
        assert seen.add(f"tu{i}", i + 1, source=i % 7) is None
    assert len(seen) == 50_000
    assert all(seen.add(f"tu{i}", 0) == (i + 1, i % 7) for i in range(0, 50_000, 997))
    assert "tu50000" not in seen


def test_unknown_line_is_none():
    seen = SeenKeys()
    seen.add("x")
    assert seen.add("x", 5) == (None, 0)
