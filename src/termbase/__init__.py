"""termbase: a ru/be/en terminology toolkit built on TBX v3, TBX 2 and TMX 1.4b."""

__version__ = "0.1.0"
