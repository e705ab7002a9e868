"""Findings as SARIF 2.1.0, the format GitHub code scanning shows inline on pull requests."""

from __future__ import annotations

import os

from . import __version__
from .rules import ERROR, WARNING, Rule
from .validate import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {ERROR: "error", WARNING: "warning"}


def sarif_log(findings: list[Finding], rules: list[Rule]) -> dict:
    used = sorted({f.code for f in findings})
    described = [r for r in rules if r.code in used]
    position = {r.code: i for i, r in enumerate(described)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "termbase", "version": __version__,
                "informationUri": "https://pypi.org/project/termbase/",
                "rules": [{
                    "id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
                    "defaultConfiguration": {"level": LEVELS.get(r.severity, "note")},
                } for r in described],
            }},
            "results": [_result(f, position) for f in findings],
        }],
    }


def _result(finding: Finding, position: dict[str, int]) -> dict:
    region = {}
    if finding.line:
        region["startLine"] = finding.line
        if finding.col:
            region["startColumn"] = finding.col
    location = {"artifactLocation": {"uri": _uri(finding.path)}}
    if region:
        location["region"] = region
    return {
        "ruleId": finding.code, "ruleIndex": position[finding.code],
        "level": LEVELS.get(finding.severity, "note"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": location}],
    }


def _uri(path: str) -> str:
    """A path relative to the working directory when inside it, with forward slashes."""
    relative = os.path.relpath(path)
    chosen = path if relative.startswith("..") else relative
    return chosen.replace(os.sep, "/")
