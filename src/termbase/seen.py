"""Remembering millions of ids in a few bytes each, so that streaming checks stay bounded.

Duplicate-id and dangling-reference checks must remember every id of a file. A Python dict of
strings costs about 130 bytes an id (300 MB for a 1 GB memory); this table keeps a 64-bit hash
a line number and a file number per id, about 28 bytes. Two different ids collide with a probability of
about n²/2⁶⁵ — under one in a million for ten million ids — which a validator can accept.
"""

from __future__ import annotations

from array import array

_EMPTY = 0
_NO_LINE = 0
_MAX_LINE = 2**32 - 1


class SeenKeys:
    """An open-addressing set of strings, each with where it was first seen: a line and a
    source number (which file, for checks that span files)."""

    def __init__(self, capacity: int = 1024):
        size = 1 << max(10, (capacity * 2 - 1).bit_length())
        self._hashes = array("q", bytes(8 * size))
        self._lines = array("I", bytes(4 * size))
        self._sources = array("H", bytes(2 * size))
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, key: str) -> bool:
        return self._find(key)[1] != _EMPTY

    def add(self, key: str, line: int | None = None,
            source: int = 0) -> tuple[int | None, int] | None:
        """Remember `key`. None if it is new; else (line, source) of where it was first seen."""
        wanted = hash(key) or 1  # (`_find`, written out: this runs for every id read)
        hashes = self._hashes
        mask = len(hashes) - 1
        slot = wanted & mask
        while True:
            found = hashes[slot]
            if found == _EMPTY:
                break
            if found == wanted:
                first = self._lines[slot]
                return (first if first != _NO_LINE else None), self._sources[slot]
            slot = (slot + 1) & mask
        hashes[slot] = wanted
        self._lines[slot] = min(line or _NO_LINE, _MAX_LINE)
        self._sources[slot] = min(source, 2**16 - 1)
        self._count += 1
        if self._count * 10 > len(self._hashes) * 7:
            self._grow()
        return None

    def _find(self, key: str) -> tuple[int, int]:
        """The slot holding `key`'s hash, or the empty slot where it would go; and its hash."""
        wanted = _hash(key)
        hashes = self._hashes
        mask = len(hashes) - 1
        slot = wanted & mask
        while True:
            current = hashes[slot]
            if current == _EMPTY or current == wanted:
                return slot, current
            slot = (slot + 1) & mask

    def _grow(self) -> None:
        old = self._hashes, self._lines, self._sources
        size = len(self._hashes) * 2
        self._hashes = array("q", bytes(8 * size))
        self._lines = array("I", bytes(4 * size))
        self._sources = array("H", bytes(2 * size))
        mask = size - 1
        for stored, line, source in zip(*old):
            if stored != _EMPTY:
                slot = stored & mask
                while self._hashes[slot] != _EMPTY:
                    slot = (slot + 1) & mask
                self._hashes[slot] = stored
                self._lines[slot] = line
                self._sources[slot] = source


def _hash(key: str) -> int:
    """Python's 64-bit SipHash of the string, never the empty marker."""
    return hash(key) or 1


def table(state: dict, name: str) -> SeenKeys:
    """The table `name` in a rule's state, made on first use (not at every call, as
    `state.setdefault(name, SeenKeys())` would: an allocation for every concept read)."""
    found = state.get(name)
    if found is None:
        found = state[name] = SeenKeys()
    return found
