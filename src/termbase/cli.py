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

OUTPUT_FORMATS = click.Choice(["text", "json", "tsv"])


def _codes(values: tuple[str, ...]) -> list[str]:
    """`--select E1,R101 --select X` → ['E1', 'R101', 'X']."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="termbase")
def main() -> None:
    """Russian / Belarusian / English terminology: TBX v3, TBX 2 and TMX done right."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif"]),
              default="text", show_default=True,
              help="How findings are printed (sarif: for GitHub code scanning).")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rule codes or prefixes (comma-separated, repeatable; "
                   "replaces `select` of [tool.termbase]).")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Leave out these rule codes or prefixes (comma-separated, repeatable; "
                   "added to `ignore` of [tool.termbase]).")
@click.option("--fix", is_flag=True,
              help="Make the safe mechanical fixes first (NFC, apostrophes, homoglyphs, "
                   "white space), rewriting changed files in canonical form; print each one.")
@click.option("--list-rules", is_flag=True, help="List every rule with its code and exit.")
def validate(paths: tuple[str, ...], output_format: str, select: tuple[str, ...],
             ignore: tuple[str, ...], fix: bool, list_rules: bool) -> None:
    """Check TBX and TMX files (default: the project's glossary/ and tm/).

    One finding per line: PATH:LINE:COL: CODE SEVERITY MESSAGE. Exit 0 clean (warnings
    allowed), 1 errors found, 2 usage or unreadable input. Settings: [tool.termbase] in the
    project's pyproject.toml.
    """
    if list_rules:
        _print_rules(output_format)
        return
    from . import config as project_config

    settings = project_config.load()
    chosen = _codes(select) or list(settings.select)
    ignored = _codes(ignore) + list(settings.ignore)
    unknown = [c for c in chosen + ignored
               if not any(r.code.startswith(c.upper()) for r in rules.all_rules())]
    if unknown:
        raise click.UsageError(f"no rule code starts with {', '.join(unknown)} "
                               "(see --list-rules)")
    targets = list(paths) or [str(p) for p in data_paths()]
    if not targets:
        raise TermbaseError("no glossary/ or tm/ folder found here or above, and none given")
    if fix:
        from .fix import fix_paths

        for change in fix_paths(targets, rules.select(chosen, ignored)):
            click.echo(change.as_text(), err=True)
    findings = []
    counts = {severity: 0 for severity in rules.SEVERITIES}
    tally = Tally()
    for finding in validate_paths(targets, chosen, ignored, tally, settings):
        counts[finding.severity] += 1
        if output_format == "text":
            click.echo(finding.as_text())
        else:
            findings.append(finding)
    if output_format == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    elif output_format == "sarif":
        from .sarif import sarif_log

        click.echo(json.dumps(sarif_log(findings, rules.all_rules()), ensure_ascii=False,
                              indent=2))
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


def _languages(value: str | None) -> list[str] | None:
    """`--to be,en` → ['be', 'en']."""
    return [lang.strip() for lang in value.split(",") if lang.strip()] if value else None


def _open_index(data: tuple[str, ...], kind: str | None = None):
    """The index of `data` (default: the project's or shipped glossary and TM), built if stale.

    A progress bar on a terminal while it builds; nothing when stderr is not a terminal.
    """
    from .index import Index

    sources = list(data) or [str(p) for p in data_paths()]
    if not sources:
        raise TermbaseError("no glossary/ or tm/ folder found here or above, and none given")
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="indexing", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        return Index.open(sources, progress=progress if sys.stderr.isatty() else None, kind=kind)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


_DATA_OPTION = click.option(
    "-d", "--data", multiple=True, type=click.Path(exists=True, path_type=str),
    help="TBX/TMX files or folders to search (default: the project's glossary/ and tm/, "
         "else the shipped ones). Repeatable.")


@main.command()
@click.argument("query")
@click.option("--lang", help="Language of the query (default: detected; ru and be are both "
              "tried when the letters do not tell).")
@click.option("--to", "to", help="Languages to show, comma-separated (default: all).")
@click.option("--fuzzy", is_flag=True, help="Also find similar spellings (typos).")
@click.option("--min-score", type=click.FloatRange(0, 100), default=75, show_default=True,
              help="Lowest fuzzy score shown.")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--format", "output_format", type=OUTPUT_FORMATS, default="text",
              show_default=True)
@_DATA_OPTION
def lookup(query: str, lang: str | None, to: str | None, fuzzy: bool, min_score: float,
           limit: int, output_format: str, data: tuple[str, ...]) -> None:
    """Find the concepts a term (in any form, any of ru/be/en) belongs to.

    Matches are exact, inflected («Саюзнай дзяржавы»), abbreviation (ОДКБ, the CSTO's) or,
    with --fuzzy, fuzzy. Exit 1 when nothing is found.
    """
    from .lookup import lookup as find

    index = _open_index(data, "tbx")
    matches = find(index, query, _languages(lang), fuzzy, min_score, limit)
    shown = _languages(to)
    results = [m.as_dict(shown) for m in matches]
    if output_format == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    elif output_format == "tsv":
        click.echo("concept\tmatch\tscore\tlang\tterm\tstatus\ttype")
        for result in results:
            for language, terms in result["languages"].items():
                for term in terms:
                    click.echo("\t".join(_tsv(v) for v in (
                        result["concept"], result["match"], result["score"], language,
                        term["term"], term["status"], term["type"])))
    else:
        for result in results:
            _print_match(result)
    if not matches:
        hint = "" if fuzzy else "; try --fuzzy"
        click.echo(f"no match for «{query}»{hint}", err=True)
        sys.exit(1)


def _tsv(value) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")


def _print_match(result: dict) -> None:
    matched = result["matched"]
    click.echo(click.style(result["concept"], bold=True)
               + f"  {result['match']} {result['score']:g}: {matched['lang']} «{matched['term']}»")
    if matched.get("use_instead"):
        click.echo(f"  deprecated: use «{'», «'.join(matched['use_instead'])}»")
    for language, terms in result["languages"].items():
        rendered = []
        for term in terms:
            details = ", ".join(v for v in (term["status"], term["type"]) if v)
            rendered.append(f"{term['term']} ({details})" if details else term["term"])
        click.echo(f"  {language:<5} " + "; ".join(rendered))


@main.group()
def tm() -> None:
    """Search the translation memory."""


@tm.command("search")
@click.argument("query")
@click.option("--lang", help="Language of the query (default: detected).")
@click.option("--min-score", type=click.FloatRange(0, 100), default=60, show_default=True,
              help="Lowest score of fuzzy matches (concordance hits are always shown).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--format", "output_format", type=OUTPUT_FORMATS, default="text",
              show_default=True)
@_DATA_OPTION
def tm_search(query: str, lang: str | None, min_score: float, limit: int, output_format: str,
              data: tuple[str, ...]) -> None:
    """Concordance (words or phrase, any inflected form) and fuzzy matches in the TM.

    Exit 1 when nothing is found.
    """
    from .tm import search

    hits = [hit.as_dict() for hit in search(_open_index(data, "tmx"), query, _languages(lang),
                                            min_score, limit)]
    if output_format == "json":
        click.echo(json.dumps(hits, ensure_ascii=False, indent=2))
    elif output_format == "tsv":
        click.echo("unit\tmatch\tscore\tlang\tsegment")
        for hit in hits:
            for language, segment in hit["segments"].items():
                click.echo("\t".join(_tsv(v) for v in (hit["unit"], hit["match"], hit["score"],
                                                         language, segment)))
    else:
        for hit in hits:
            click.echo(click.style(hit["unit"] or "(no tuid)", bold=True)
                       + f"  {hit['match']} {hit['score']:g}%  {hit['file']}")
            for language, segment in hit["segments"].items():
                click.echo(f"  {language:<5} {segment}")
    if not hits:
        click.echo(f"no match for «{query}»", err=True)
        sys.exit(1)


@main.command()
@click.option("--format", "output_format",
              type=click.Choice(["tbx", "tbx2", "tsv", "csv", "xlsx", "po", "tmx", "html"]),
              required=True, help="tbx: TBX v3 TBX-Basic; tbx2: TBX 2 for OmegaT, memoQ, "
              "Trados, Weblate; tsv: OmegaT glossary (name it .txt); csv: with a header, for "
              "Xbench, Excel, translate-toolkit; xlsx: memoQ, Phrase; po: Weblate, Pootle; "
              "tmx: terms as a TM; html: one searchable page.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="File to write ('-' for standard output).")
@click.option("--langs", help="Languages, comma-separated, in column order (default: all in "
              "the glossary, ru, be, en first).")
@click.option("--source-lang", help="Source language of bilingual formats (tsv, csv, po).")
@click.option("--target-lang", help="Target language of bilingual formats (tsv, csv, po).")
@click.option("--subject", multiple=True, help="Only concepts of this subject field "
              "(repeatable).")
@click.option("--status", default="preferred,admitted,deprecated", show_default=True,
              help="Usage statuses to include; deprecated terms, when included, are marked "
              "so that the CAT tool warns.")
@_DATA_OPTION
def export(output_format: str, output: str, langs: str | None, source_lang: str | None,
           target_lang: str | None, subject: tuple[str, ...], status: str,
           data: tuple[str, ...]) -> None:
    """Export the glossary for a CAT tool (OmegaT, memoQ, Trados, Weblate, Xbench …)."""
    from . import export as exporting

    sources = list(data) or [str(p) for p in data_paths() if p.name == "glossary"]
    if not sources:
        raise TermbaseError("no glossary/ folder found here or above, and none given")
    languages = _languages(langs)
    concepts = list(exporting.read_concepts(sources, languages, list(subject),
                                            _languages(status) or []))
    languages = languages or exporting.languages_of(concepts)
    for lang in filter(None, (source_lang, target_lang)):
        if lang not in languages:
            raise click.UsageError(f"language {lang!r} is not among {', '.join(languages)}")
    dest = sys.stdout.buffer if output == "-" else output
    count = exporting.export(concepts, output_format, dest, languages, source_lang,
                             target_lang)
    what = "pairs" if output_format in exporting.PAIR_FORMATS else "concepts"
    click.echo(f"{count} {what} written to {output}", err=True)


@main.command("index")
@_DATA_OPTION
def index_command(data: tuple[str, ...]) -> None:
    """Build or refresh the lookup and TM indexes now and print what they hold."""
    for kind in ("tbx", "tmx"):
        index = _open_index(data, kind)
        counts = index.counts()
        held = (f"{counts['concepts']} concepts, {counts['terms']} terms" if kind == "tbx"
                else f"{counts['units']} units")
        click.echo(f"{kind}: {held} ({index.path})")


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
