"""The one XML parser every reader uses: streaming, and hardened against hostile files.

Entities are never expanded, no DTD is loaded, nothing is fetched from the network. A document
whose internal DTD subset declares an entity or references a parameter entity is refused
(X002) from its prolog, before lxml parses a byte: billion-laughs and external-entity (XXE)
files stop in bounded time and memory, whatever guard the installed libxml2 has. A DOCTYPE
that only names an external DTD (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, as TMX and TBX 2 files
do) is read: the DTD is never loaded.
"""

from __future__ import annotations

import os
import re
from typing import IO, Iterator, Union

from lxml import etree

from .errors import InputError
from .inputs import open_regular

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


def namespace(tag: object) -> str:
    """`{namespace}name` → `namespace`; comments, processing instructions and entity
    references (whose tag is a function) → ''."""
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def iterparse(source: Source, events=("start", "end"),
              tags: list[str] | None = None) -> Iterator[tuple[str, etree._Element]]:
    """Yield (event, element) pairs; raise InputError with file, line and column on bad input.

    The document type declaration is read by `refuse_hostile_prolog` before lxml sees a byte,
    so the refusal does not depend on which guard a given libxml2 release trips first.
    `tags` (`{*}name` matches any namespace) filters events in C: the tree is still built,
    but Python only wakes for the elements a reader acts on.
    """
    name = source_name(source)
    try:
        source = refuse_hostile_prolog(source, name)  # a path is opened as a regular file
        yield from etree.iterparse(
            source, events=events, tag=tags, resolve_entities=False, load_dtd=False,
            no_network=True, huge_tree=False, remove_comments=True, remove_pis=True,
        )
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (None, None)
        message = (error.msg or str(error)).strip()
        # libxml2 appends ", line N, column M" to some messages; the location is ours to print.
        message = message.split(", line ")[0]
        if any(sign in message for sign in _LIBXML2_REFUSALS):
            raise InputError(f"refused: {message.rstrip('.')}; termbase never expands entities "
                             "nor reads documents nested deeper than libxml2's limit",
                             name, line, col, "X002") from None
        raise InputError(f"not well-formed XML: {message}", name, line, col, "X001") from None
    except OSError as error:  # the file went away or failed after it was opened and checked
        raise InputError(f"cannot read: {error.strerror or error}", name) from None


# What libxml2 says when its own guards stop a document (entity amplification and loops in
# 2.10+, depth without XML_PARSE_HUGE): the same refusal as ours, whichever guard came first.
_LIBXML2_REFUSALS = ("amplification", "entity reference loop", "Excessive depth",
                     "Maximum entity nesting depth", "entity loop")

# The prolog (XML declaration, comments, document type declaration) is read in chunks that
# double until the root element starts; past this size the file is refused, not buffered.
_PROLOG_LIMIT = 16 * 1024 * 1024
_FIRST_CHUNK = 64 * 1024

# Tokens of a prolog and of a DTD's internal subset. Literals and comments are skipped whole,
# so «<!ENTITY» inside a comment or a quoted system id is not taken for a declaration.
_PROLOG_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<pi><\?.*?\?>)
  | (?P<comment><!--.*?-->)
  | (?P<doctype><!DOCTYPE\b)
  | (?P<root><[^!?])
""", re.S | re.X)
_DOCTYPE_TOKEN = re.compile(r"""
    (?P<literal>"[^"]*"|'[^']*')
  | (?P<comment><!--.*?-->)
  | (?P<pi><\?.*?\?>)
  | (?P<entity><!ENTITY\b\s*(?:%\s*)?(?P<entity_name>[^\s"'>]*))
  | (?P<reference>%(?P<reference_name>[^\s;%"'<>]+);)
  | (?P<open>\[)
  | (?P<close>\])
  | (?P<end>>)
  | (?P<other>[^"'<%\[\]>]+|<|%)
""", re.S | re.X)


class _Incomplete(Exception):
    """The prolog runs past the bytes read so far."""


def refuse_hostile_prolog(source: Source, name: str) -> Source:
    """Raise X002 when the DTD declares an entity or references a parameter entity.

    Returns what lxml should parse: the path itself, or for a stream one that replays the
    bytes read here. Only the prolog is read; a file without a DOCTYPE costs one small read.
    """
    stream = open_regular(source) if isinstance(source, (str, os.PathLike)) else source
    try:
        head = b""
        want = _FIRST_CHUNK
        while True:
            chunk = stream.read(want - len(head))
            head += chunk
            finished = not chunk or len(head) < want
            try:
                _scan_prolog(_decode_head(head, final=finished), name)
                break
            except _Incomplete:
                if finished:
                    break  # a truncated prolog: lxml reports it as not well-formed
                if want >= _PROLOG_LIMIT:
                    raise InputError(
                        f"refused: the document type declaration is over "
                        f"{_PROLOG_LIMIT // 2**20} MB", name, 1, None, "X002") from None
                want *= 2
    finally:
        if stream is not source:
            stream.close()
    return source if stream is not source else _Replay(head, stream)


def _decode_head(head: bytes, final: bool) -> str:
    """The prolog as text: UTF-16 by BOM or by its first «<»; else any ASCII-compatible
    encoding, where every character of markup is the same byte."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16-be" if head[:2] in (b"\xfe\xff", b"\x00<") else "utf-16-le"
        return head.decode(encoding, errors="replace" if final else "ignore")
    return head.decode("latin-1")


def _scan_prolog(text: str, name: str) -> None:
    position = 3 if text.startswith("\xef\xbb\xbf") else 1 if text.startswith("\ufeff") else 0
    while position < len(text):
        token = _PROLOG_TOKEN.match(text, position)
        if token is None:
            if text.startswith(("<?", "<!--"), position):
                raise _Incomplete
            return  # not well-formed: lxml says where
        if token.lastgroup == "root":
            return
        position = token.end()
        if token.lastgroup == "doctype":
            position = _scan_doctype(text, position, name)
    raise _Incomplete


def _scan_doctype(text: str, position: int, name: str) -> int:
    depth = 0
    while position < len(text):
        token = _DOCTYPE_TOKEN.match(text, position)
        if token is None or (token.lastgroup == "other" and
                             text.startswith(("<!--", "<?"), position)):
            raise _Incomplete  # an unterminated literal, comment or processing instruction
        kind = token.lastgroup
        if kind == "entity" and depth:
            _refuse(text, token.start(), name, "declares an entity "
                    f"({token.group('entity_name') or '?'})")
        if kind == "reference" and depth:
            _refuse(text, token.start(), name, "references a parameter entity "
                    f"(%{token.group('reference_name')};)")
        depth += kind == "open"
        depth -= kind == "close" and depth > 0
        position = token.end()
        if kind == "end" and not depth:
            return position
    raise _Incomplete


def _refuse(text: str, offset: int, name: str, what: str) -> None:
    line = text.count("\n", 0, offset) + 1
    col = offset - text.rfind("\n", 0, offset)
    raise InputError(f"refused: the DTD {what}; termbase never expands entities "
                     "(billion-laughs and external-entity protection)", name, line, col, "X002")


class _Replay:
    """A stream whose first bytes were already read to check the prolog."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head = head
        self._rest = rest
        self.name = getattr(rest, "name", None)

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._rest.read(size)
        if size is None or size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        return data


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
