"""The compact id table the streaming checks rely on."""

from termbase.seen import SeenKeys


def test_add_reports_repeats_with_the_first_line():
    seen = SeenKeys()
    assert seen.add("csto", 12) == (False, None)
    assert seen.add("CSTO", 20) == (False, None)
    assert seen.add("csto", 40) == (True, 12)
    assert "csto" in seen and "sco" not in seen and len(seen) == 2


def test_growing_keeps_every_key_and_line():
    seen = SeenKeys()
    for i in range(50_000):
        assert seen.add(f"tu{i}", i + 1) == (False, None)
    assert len(seen) == 50_000
    assert all(seen.add(f"tu{i}", 0) == (True, i + 1) for i in range(0, 50_000, 997))
    assert "tu50000" not in seen


def test_unknown_line_is_none():
    seen = SeenKeys()
    seen.add("x")
    assert seen.add("x", 5) == (True, None)
