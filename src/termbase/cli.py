"""The `termbase` command: a thin click layer over the Python API.

Exit status: 0 clean, 1 findings of error severity, 2 usage or unreadable input.
"""

from __future__ import annotations

import json
import sys

import click

from . import __version__, rules
from .errors import TermbaseError
from .project import data_paths
from .validate import Tally, validate_paths


def _codes(values: tuple[str, ...]) -> list[str]:
    """`--select E1,R101 --select X` → ['E1', 'R101', 'X']."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="termbase")
def main() -> None:
    """Russian / Belarusian / English terminology: TBX v3, TBX 2 and TMX done right."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How findings are printed.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rule codes or prefixes (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Leave out these rule codes or prefixes (comma-separated, repeatable).")
@click.option("--list-rules", is_flag=True, help="List every rule with its code and exit.")
def validate(paths: tuple[str, ...], output_format: str, select: tuple[str, ...],
             ignore: tuple[str, ...], list_rules: bool) -> None:
    """Check TBX and TMX files (default: the project's glossary/ and tm/).

    One finding per line: PATH:LINE:COL: CODE SEVERITY MESSAGE.
    """
    if list_rules:
        _print_rules(output_format)
        return
    unknown = [c for c in _codes(select) + _codes(ignore)
               if not any(r.code.startswith(c.upper()) for r in rules.all_rules())]
    if unknown:
        raise click.UsageError(f"no rule code starts with {', '.join(unknown)} "
                               "(see --list-rules)")
    targets = list(paths) or [str(p) for p in data_paths()]
    if not targets:
        raise TermbaseError("no glossary/ or tm/ folder found here or above, and none given")
    findings = []
    counts = {severity: 0 for severity in rules.SEVERITIES}
    tally = Tally()
    for finding in validate_paths(targets, _codes(select), _codes(ignore), tally):
        counts[finding.severity] += 1
        if output_format == "text":
            click.echo(finding.as_text())
        else:
            findings.append(finding.as_dict())
    if output_format == "json":
        click.echo(json.dumps(findings, ensure_ascii=False, indent=2))
    else:
        summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
        click.echo(f"{tally.as_text()}: {summary or 'no findings'}", err=True)
    sys.exit(1 if counts[rules.ERROR] else 0)


def _print_rules(output_format: str) -> None:
    listed = rules.all_rules()
    if output_format == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity,
                                "applies_to": r.applies_to, "summary": r.summary}
                               for r in listed], indent=2))
        return
    for r in listed:
        click.echo(f"{r.code}  {r.severity:<7}  {r.applies_to:<3}  {r.name:<28} {r.summary}")


def run() -> None:
    """Entry point: user errors become one line on stderr and exit status 2."""
    try:
        main(standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.Abort:
        click.echo("termbase: aborted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except TermbaseError as error:
        click.echo(f"termbase: error: {error}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
