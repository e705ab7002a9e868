"""The OpenAPI document of /api/v1/, written by hand: the shapes are those of the CLI's
`--format json`, and `tests/test_serve.py` checks every response against this document."""

from __future__ import annotations

from .. import __version__

STR = {"type": "string"}
NULLABLE_STR = {"type": "string", "nullable": True}
STRINGS = {"type": "array", "items": STR}


def _object(properties: dict, required: list[str] | None = None, **extra) -> dict:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required, **extra}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = _json(_ref("Error"), "refused: a one-line message")


def _errors(*statuses: int) -> dict:
    meanings = {400: "bad input", 401: "no valid token", 403: "read-only server",
                404: "not found", 413: "upload too large", 429: "rate limit: see Retry-After"}
    return {str(s): {**ERROR, "description": meanings[s]} for s in statuses}


def _query(name: str, description: str, schema: dict | None = None,
           required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or STR}


LANG = _query("lang", "language of the query, or several comma-separated (default: detected)")
LANGS = _query("langs", "languages shown, comma-separated (default: all)")
LIMIT = _query("limit", "most results", {"type": "integer", "minimum": 1, "maximum": 100,
                                          "default": 20})
USAGE = _query("usage", "the desk's region (BY, RU): a term used only elsewhere counts as "
               "deprecated")


def _min_score(default: int) -> dict:
    return _query("min_score", "lowest fuzzy score", {"type": "number", "minimum": 0,
                                                      "maximum": 100, "default": default})


SCHEMAS = {
    "Error": _object({"error": STR, "findings": {"type": "array", "items": _ref("Finding")},
                      "duplicates": STRINGS}, ["error"]),
    "Term": _object({"term": STR, "status": NULLABLE_STR, "type": NULLABLE_STR, "usage": STR},
                    ["term", "status", "type"]),
    "Match": _object({
        "concept": STR, "file": STR,
        "match": {"type": "string", "enum": ["exact", "inflected", "abbreviation", "surname",
                                             "part", "fuzzy"]},
        "score": {"type": "number"},
        "matched": _object({"lang": STR, "term": STR, "status": NULLABLE_STR,
                            "type": NULLABLE_STR, "use_instead": STRINGS},
                           ["lang", "term", "status", "type"]),
        "subject_fields": STRINGS, "definition": NULLABLE_STR,
        "languages": {"type": "object", "additionalProperties": {
            "type": "array", "items": _ref("Term")}},
    }),
    "Concept": _object({
        "id": STR, "file": STR, "subject_fields": STRINGS,
        "definitions": {"type": "array", "items": _object(
            {"lang": NULLABLE_STR, "text": STR, "source": NULLABLE_STR})},
        "notes": STRINGS, "checked": NULLABLE_STR,
        "terms": {"type": "array", "items": _object({
            "lang": STR, "text": STR, "status": NULLABLE_STR, "type": NULLABLE_STR,
            "part_of_speech": NULLABLE_STR, "id": NULLABLE_STR, "notes": STRINGS,
            "sources": STRINGS, "usage": NULLABLE_STR})},
    }),
    "Hit": _object({
        "unit": NULLABLE_STR, "file": STR,
        "match": {"type": "string", "enum": ["phrase", "words", "fuzzy"]},
        "score": {"type": "number"}, "lang": STR, "matched": {"type": "integer"},
        "segments": {"type": "array", "items": _object({"lang": STR, "text": STR})},
        "props": {"type": "array", "items": _object({"type": STR, "value": STR})},
    }),
    "CheckFinding": _object({
        "code": STR, "name": STR, "severity": {"type": "string",
                                              "enum": ["error", "warning", "info"]},
        "segment": NULLABLE_STR, "path": NULLABLE_STR,
        "line": {"type": "integer", "nullable": True},
        "column": {"type": "integer", "nullable": True}, "concept": NULLABLE_STR,
        "source_term": NULLABLE_STR, "source_line": {"type": "integer", "nullable": True},
        "expected": {"nullable": True}, "found": {"nullable": True}, "message": STR,
    }),
    "CheckResult": _object({
        "source": STR, "target": NULLABLE_STR, "source_lang": STR,
        "target_lang": NULLABLE_STR, "alignment": STR,
        "alignment_confidence": {"type": "object", "nullable": True},
        "warnings": STRINGS, "segments": {"type": "integer"}, "terms": {"type": "integer"},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "findings": {"type": "array", "items": _ref("CheckFinding")},
    }),
    "Finding": {"type": "object", "description": "a validation finding, as `termbase validate "
                "--format json` gives it", "required": ["code", "severity", "message"],
                "properties": {"code": STR, "severity": STR, "message": STR}},
    "Proposal": _object({
        "id": STR, "file": STR, "target": STR, "subject_fields": STRINGS,
        "definition": NULLABLE_STR,
        "terms": {"type": "array", "items": _object({"lang": STR, "term": STR,
                                                     "status": NULLABLE_STR,
                                                     "type": NULLABLE_STR})},
        "diff": STR, "warnings": {"type": "array", "items": _ref("Finding")},
    }, ["id", "file", "target", "subject_fields", "definition", "terms"]),
    "NewProposal": _object({
        "terms": {"type": "array", "minItems": 1, "maxItems": 50, "items": _object({
            "lang": STR, "text": STR,
            "type": {"type": "string", "enum": ["fullForm", "acronym", "abbreviation",
                                                "variant"], "default": "fullForm"},
            "status": {"type": "string", "enum": ["preferred", "admitted", "deprecated"],
                       "default": "preferred"}}, ["lang", "text"])},
        "subject": STR, "new_subject": {"type": "boolean"}, "definition": STR, "note": STR,
        "source": STR, "part_of_speech": {"type": "string", "enum": [
            "noun", "verb", "adjective", "adverb", "properNoun", "other"]},
    }, ["terms"]),
    "CheckRequest": {"type": "object", "properties": {
        "source_text": {**STR, "description": "the source text (or upload `source`)"},
        "target_text": {**STR, "description": "its translation (or upload `target`)"},
        "source": {"type": "string", "format": "binary", "description":
                   "txt, md or docx; or one bilingual XLIFF, PO or TMX file"},
        "target": {"type": "string", "format": "binary", "description": "txt, md or docx"},
        "source_lang": STR, "target_lang": STR,
        "lang": {**STR, "description": "check one text alone, in this language"},
        "usage": STR}},
}


def document() -> dict:
    check_body = {"required": True, "content": {
        "multipart/form-data": {"schema": _ref("CheckRequest")},
        "application/json": {"schema": {"type": "object", "properties": {
            k: v for k, v in SCHEMAS["CheckRequest"]["properties"].items()
            if k not in ("source", "target")}}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "termbase", "version": __version__, "description":
                 "The glossary, translation memory, article check and term proposals of a "
                 "termbase project. The shapes are those of the CLI's --format json."},
        "paths": {
            "/api/v1/lookup": {"get": {
                "summary": "Look a term up, in any form and language (termbase lookup)",
                "operationId": "lookup",
                "parameters": [_query("q", "term or phrase", required=True), LANG, LANGS,
                               _query("fuzzy", "also similar spellings",
                                      {"type": "boolean", "default": False}),
                               _min_score(75), LIMIT, USAGE],
                "responses": {"200": _json({"type": "array", "items": _ref("Match")},
                                           "matches, best first"), **_errors(400)}}},
            "/api/v1/concept/{concept_id}": {"get": {
                "summary": "One concept with every term", "operationId": "concept",
                "parameters": [{"name": "concept_id", "in": "path", "required": True,
                                "schema": STR}, USAGE],
                "responses": {"200": _json(_ref("Concept"), "the concept"),
                              **_errors(400, 404)}}},
            "/api/v1/tm/search": {"get": {
                "summary": "Concordance and fuzzy matches in the TM (termbase tm search)",
                "operationId": "tmSearch",
                "parameters": [_query("q", "words or a sentence", required=True), LANG, LANGS,
                               _min_score(60), LIMIT],
                "responses": {"200": _json({"type": "array", "items": _ref("Hit")},
                                           "units, best first"), **_errors(400)}}},
            "/api/v1/tm/concordance": {"get": {
                "summary": "Units holding the words (any inflected form), no fuzzy matches",
                "operationId": "tmConcordance",
                "parameters": [_query("q", "words", required=True), LANG, LANGS, LIMIT],
                "responses": {"200": _json({"type": "array", "items": _ref("Hit")},
                                           "units"), **_errors(400)}}},
            "/api/v1/check": {"post": {
                "summary": "Check a translation against the glossary (termbase check)",
                "operationId": "check", "requestBody": check_body,
                "responses": {"200": _json(_ref("CheckResult"), "the report"),
                              **_errors(400, 413, 429)}}},
            "/api/v1/proposals": {
                "get": {"summary": "Proposals waiting for review", "operationId": "proposals",
                        "responses": {"200": _json({"type": "array",
                                                    "items": _ref("Proposal")}, "proposals")}},
                "post": {"summary": "Propose a concept (validated as termbase add)",
                         "operationId": "propose", "security": [{"bearer": []}],
                         "requestBody": {"required": True, "content": {
                             "application/json": {"schema": _ref("NewProposal")}}},
                         "responses": {"201": _json(_ref("Proposal"), "stored"),
                                       **_errors(400, 401, 403, 413, 429)}}},
            "/api/v1/proposals/{proposal_id}": {"get": {
                "summary": "One proposal, with the diff accepting it makes",
                "operationId": "proposal",
                "parameters": [{"name": "proposal_id", "in": "path", "required": True,
                                "schema": STR}],
                "responses": {"200": _json(_ref("Proposal"), "the proposal"),
                              **_errors(404)}}},
            "/api/v1/openapi.json": {"get": {
                "summary": "This document", "operationId": "openapi",
                "responses": {"200": _json({"type": "object"}, "OpenAPI 3.0")}}},
        },
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"}}},
    }
