"""Codes for what readers find while parsing: XML well-formedness and document structure."""

from ..diagnostics import ERROR, WARNING
from .registry import TBX, reader_rule

NOT_WELL_FORMED = reader_rule(
    "X001", "not-well-formed", ERROR, "The file is not well-formed XML (or not in its encoding).")
ENTITY_DECLARATION = reader_rule(
    "X002", "entity-declaration", ERROR,
    "The DTD declares entities; refused to guard against billion-laughs and XXE files.")
UNKNOWN_DOCUMENT = reader_rule(
    "X003", "unknown-document", ERROR, "The root element is neither TBX (tbx, martif) nor TMX.")

UNEXPECTED_ELEMENT = reader_rule(
    "S101", "unexpected-element", ERROR,
    "An element the TBX or TMX structure does not allow at this place.")
MISSING_ATTRIBUTE = reader_rule(
    "S102", "missing-attribute", ERROR,
    "A required attribute is missing (conceptEntry id, xml:lang, TMX header attributes, ...).")
BAD_ATTRIBUTE_VALUE = reader_rule(
    "S103", "bad-attribute-value", ERROR,
    "An attribute value the standard does not allow (TBX style, TMX version, ...).")
UNKNOWN_ATTRIBUTE = reader_rule(
    "S104", "unknown-attribute", ERROR,
    "An attribute the format does not define on that element (kept; a TMX rewrite stops "
    "rather than write an invalid file).")
UNEXPECTED_TEXT = reader_rule(
    "S105", "unexpected-text", ERROR,
    "Text directly in an element that holds only elements (sourceDesc, termSec, tu, ...), or "
    "in one that must be empty.")

UNKNOWN_DATA_CATEGORY = reader_rule(
    "D101", "unknown-data-category", WARNING,
    "A data category TBX-Basic does not define; it is kept but CAT tools will ignore it.", TBX)
PICKLIST_VALUE = reader_rule(
    "D102", "picklist-value", ERROR,
    "A value outside the data category's picklist (usageStatus, termType, partOfSpeech, ...).",
    TBX)
WRONG_LEVEL = reader_rule(
    "D103", "wrong-level", WARNING,
    "A data category at a level TBX-Basic does not allow it (subjectField on a term, ...).", TBX)
