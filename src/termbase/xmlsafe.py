"""The one XML parser every reader uses: streaming, and hardened against hostile files.

Entities are never expanded, no DTD is loaded, nothing is fetched from the network. A document
whose DTD declares any entity is refused before its first element is processed, which stops
billion-laughs and external-entity (XXE) files in bounded time and memory.
"""

from __future__ import annotations

import os
from typing import IO, Iterator, Union

from lxml import etree

from .errors import InputError

Source = Union[str, os.PathLike, IO[bytes]]


def source_name(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return getattr(source, "name", None) or "<stream>"


_LOCAL_NAMES: dict[str, str] = {}


def local_name(tag: object) -> str:
    """`{namespace}name` → `name`; comments and processing instructions → ''."""
    try:
        return _LOCAL_NAMES[tag]
    except (KeyError, TypeError):
        if not isinstance(tag, str):
            return ""
        name = tag.rpartition("}")[2]
        if len(_LOCAL_NAMES) < 4096:  # a hostile file's endless new tags must not grow it
            _LOCAL_NAMES[tag] = name
        return name


def namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def iterparse(source: Source, events=("start", "end"),
              tags: list[str] | None = None) -> Iterator[tuple[str, etree._Element]]:
    """Yield (event, element) pairs; raise InputError with file, line and column on bad input.

    `tags` (`{*}name` matches any namespace) filters events in C: the tree is still built,
    but Python only wakes for the elements a reader acts on.
    """
    name = source_name(source)
    try:
        context = etree.iterparse(
            source, events=events, tag=tags, resolve_entities=False, load_dtd=False,
            no_network=True, huge_tree=False, remove_comments=True, remove_pis=True,
        )
        checked = False
        for event, element in context:
            if not checked:
                _refuse_entity_declarations(element, name)
                checked = True
            yield event, element
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (None, None)
        message = (error.msg or str(error)).strip()
        # libxml2 appends ", line N, column M" to some messages; the location is ours to print.
        message = message.split(", line ")[0]
        raise InputError(f"not well-formed XML: {message}", name, line, col, "X001") from None
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as error:
        # lxml reports an unreadable path as a plain OSError naming libxml2's message
        if isinstance(source, (str, os.PathLike)) and not os.path.exists(source):
            raise InputError("no such file", name) from None
        raise InputError(f"cannot read: {error}", name) from None


def _refuse_entity_declarations(element: etree._Element, name: str) -> None:
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is not None:
        entities = [entity.name for entity in dtd.iterentities()]
        if entities:
            raise InputError(
                f"refused: the DTD declares entities ({', '.join(entities[:3])}); termbase never "
                "expands entities (billion-laughs and external-entity protection)",
                name, element.sourceline, None, "X002",
            )


def release(element: etree._Element) -> None:
    """Free an element that has been turned into model objects, and its earlier siblings."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def text_of(element: etree._Element) -> str:
    """All text inside an element, markup dropped (TBX notes may carry `hi`, `foreign`, ...)."""
    if not len(element):
        return element.text or ""
    return "".join(element.itertext())
