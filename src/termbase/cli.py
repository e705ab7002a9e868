"""The `termbase` command: a thin click layer over the Python API.

One grammar in every command: `-d/--data` names the data read or changed; `--source-lang` and
`--target-lang` a direction, `--langs` a set of languages, `--lang` the language of one text
checked alone; `--format` and `-o/--output` ('-': standard output) what is written. Exit
status: 0 clean, 1 findings of error severity, 2 usage or unreadable input.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from pathlib import Path

import click

from . import __version__
from .diagnostics import SEVERITY_COLOURS, location
from .errors import TermbaseError
from .inputs import excerpt
from .project import data_paths

OUTPUT_FORMATS = click.Choice(["text", "json", "tsv"])
# Control characters (C0 but newline and tab, DEL, C1), format characters (bidi overrides and
# isolates, zero-width and soft hyphen), line separators and lone surrogates.
_HIDDEN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def _shown(text: str) -> str:
    """`text` for a terminal, with what it would not show escaped (`\\u202e`): data must not
    move the cursor, reorder a line or hide what a finding says. JSON output is left exact."""
    if text.isprintable():
        return text
    return "".join(_escaped(c) if c not in "\n\t" and unicodedata.category(c) in _HIDDEN
                   else c for c in text)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else (
        f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


def _styled(text: str, **style) -> str:
    """`text` escaped (`_shown`) before any style goes on; click.echo drops the style on a
    stream that is no terminal, with NO_COLOR or with --color never."""
    return click.style(_shown(text), **style) if style else _shown(text)


def _echo(text: str, err: bool = False, bold: str | None = None) -> None:
    """click.echo for a line that holds data, escaped; `bold` goes before it, in bold."""
    head = _styled(bold, bold=True) if bold is not None else ""
    click.echo(head + _shown(text), err=err)


# Deprecated terms, in lookup and show: the word «deprecated» stays in the text.
DEPRECATED_STYLE = {"fg": "red", "dim": True}


def _term_styled(text: str, status: str | None) -> str:
    return _styled(text, **(DEPRECATED_STYLE if status == "deprecated" else {}))


def _finding_line(finding) -> str:
    """`finding.as_text()`, escaped, its severity in the colour all commands give it."""
    where = location(finding.path, finding.line, finding.col)
    return (f"{_shown(where)}: {finding.code} "
            f"{click.style(finding.severity, fg=SEVERITY_COLOURS[finding.severity])} "
            f"{_shown(finding.message)}")


class _OldSpelling(click.Option):
    """The last release's spelling of an option, kept for one more: hidden from --help, it
    says on stderr what replaces it and hands its value to the `replacement` option."""

    def __init__(self, decls, replacement: str, **attrs):
        super().__init__(decls, hidden=True, expose_value=False, **attrs)
        self.replacement = replacement

    def handle_parse_result(self, ctx, opts, args):
        # `opts` holds what was typed, by option name: an option not typed is processed
        # after those that were, so the value is in place when the replacement reads it.
        if self.name in opts:
            new = next(p for p in ctx.command.params if p.name == self.replacement)
            old, use = "/".join(self.opts), "/".join(new.opts)
            if new.name in opts:
                raise click.UsageError(f"{old} and {use} are one option; give {use}", ctx)
            click.echo(f"termbase: {old} is deprecated; use {use}", err=True)
            value = opts.pop(self.name)
            opts[new.name] = [value] if new.multiple and not self.multiple else value
        return super().handle_parse_result(ctx, opts, args)


def _old_spelling(*decls: str, use: str):
    """`@_old_spelling("--to", use="langs")`: --to still works, with a warning, as --langs."""
    return click.option(*decls, f"old_{use}", cls=_OldSpelling, replacement=use)


def _codes(values: tuple[str, ...]) -> list[str]:
    """`--select E1,R101 --select X` → ['E1', 'R101', 'X']."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _refuse_unknown_codes(codes: list[str], known: list, what: str) -> None:
    """A usage error for a code or prefix that selects none of the `known` rules."""
    unknown = [c for c in codes if not any(r.code.startswith(c.upper()) for r in known)]
    if unknown:
        raise click.UsageError(f"no {what} code starts with {', '.join(unknown)} "
                               "(see --list-rules)")


def _sources(given: tuple[str, ...], only: str | None = None) -> list[str]:
    """What a command reads: the paths given, else the project's (or the shipped) glossary/
    and tm/ folders, or only the one named `only`."""
    sources = list(given) or [str(p) for p in data_paths() if only in (None, p.name)]
    if not sources:
        folders = f"{only}/ folder" if only else "glossary/ or tm/ folder"
        raise TermbaseError(f"no {folders} found here or above, and none given")
    return sources


def _set_colour(ctx: click.Context, param, value: str | None) -> None:
    """--color, before the command name or after it (then it is the command's own)."""
    if value is not None:
        # None lets click decide per stream: colour on a terminal, none in a pipe or a file.
        ctx.color = {"always": True, "never": False}.get(
            value, False if os.environ.get("NO_COLOR") else None)


def _colour_option(default: str | None):
    return click.Option(
        ["--color"], type=click.Choice(["auto", "always", "never"]), default=default,
        show_default=default is not None, expose_value=False, is_eager=True,
        callback=_set_colour, help="Colour severities and deprecated terms: auto on a "
        "terminal unless NO_COLOR is set, always, or never.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="termbase")
def main() -> None:
    """Russian / Belarusian / English terminology: TBX v3, TBX 2 and TMX done right."""


main.params.append(_colour_option("auto"))


_DATA_OPTION = click.option(
    "-d", "--data", multiple=True, type=click.Path(exists=True, path_type=str),
    help="TBX/TMX files or folders to read (default: the project's glossary/ and tm/, "
         "else the shipped ones). Repeatable.")


def _output_option(what: str):
    return click.option("-o", "--output", type=click.Path(path_type=str),
                        help=f"Write {what} to this file ('-' or none: standard output).")


def _write_report(text: str, output: str | None) -> None:
    """The report to the file `output` (atomically, uncoloured), or to standard output."""
    if output and output != "-":
        from .fileio import write_text_chunks

        write_text_chunks([click.unstyle(text) + "\n" if text else ""], output)
    elif text:
        click.echo(text)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@_DATA_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif"]),
              default="text", show_default=True,
              help="How findings are printed (sarif: for GitHub code scanning).")
@_output_option("the findings")
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
def validate(paths: tuple[str, ...], data: tuple[str, ...], output_format: str,
             output: str | None, select: tuple[str, ...], ignore: tuple[str, ...], fix: bool,
             list_rules: bool) -> None:
    """Check TBX and TMX files: PATHS and -d alike (default: the project's glossary/ and tm/).

    One finding per line: PATH:LINE:COL: CODE SEVERITY MESSAGE. Exit 0 clean (warnings
    allowed), 1 errors found, 2 usage or unreadable input. Settings: [tool.termbase] in the
    project's pyproject.toml.
    """
    if list_rules:
        _print_rules(output_format)
        return
    from . import config as project_config, rules
    from .validate import Tally, validate_paths

    settings = project_config.load()
    chosen = _codes(select) or list(settings.select)
    ignored = _codes(ignore) + list(settings.ignore)
    _refuse_unknown_codes(chosen + ignored, rules.all_rules(), "rule")
    targets = _sources(paths + data)
    if fix:
        from .fix import fix_paths

        for change in fix_paths(targets, rules.select(chosen, ignored)):
            _echo(change.as_text(), err=True)
    findings = []
    counts = {severity: 0 for severity in rules.SEVERITIES}
    tally = Tally()
    to_stdout = output in (None, "-")
    for finding in validate_paths(targets, chosen, ignored, tally, settings):
        counts[finding.severity] += 1
        if output_format == "text" and to_stdout:
            click.echo(_finding_line(finding))  # as found: a long run shows its progress
        else:
            findings.append(finding)
    if output_format == "json":
        _write_report(json.dumps([f.as_dict() for f in findings], ensure_ascii=False,
                                 indent=2), output)
    elif output_format == "sarif":
        from .sarif import sarif_log

        _write_report(json.dumps(sarif_log(findings, rules.all_rules()), ensure_ascii=False,
                                 indent=2), output)
    else:
        if not to_stdout:
            _write_report("\n".join(_shown(f.as_text()) for f in findings), output)
        summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
        _echo(f"{tally.as_text()}: {summary or 'no findings'}", err=True)
    sys.exit(1 if counts[rules.ERROR] else 0)


def _print_rules(output_format: str) -> None:
    from . import rules

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


def _usage_region(ctx, param, value: str | None) -> str | None:
    """--usage: a region subtag, else the project's `usage` setting."""
    from .lang import tags

    if value is None:
        from .config import load
        return load().usage
    region = tags.region(value)
    if region is None:
        raise click.BadParameter(f"«{excerpt(value)}» is no region subtag (BY, RU, KZ …)")
    return region


_USAGE_OPTION = click.option(
    "--usage", metavar="REGION", callback=_usage_region,
    help="The desk's region (BY, RU …): a term the glossary gives as used only elsewhere "
    "(geographicalUsage) is deprecated here. Default: usage in [tool.termbase]; with none, "
    "every such term counts as deprecated.")


def _open_index(data: tuple[str, ...], kind: str | None = None, usage: str | None = None):
    """The index of `data` (default: the project's or shipped glossary and TM), built if stale,
    seen from the desk's region `usage`.

    A progress bar on a terminal while it builds; nothing when stderr is not a terminal.
    """
    from .index import Index

    sources = _sources(data)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="indexing", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        index = Index.open(sources, progress=progress if sys.stderr.isatty() else None,
                           kind=kind, usage=usage)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for reason in index.skipped():
        _echo(f"termbase: warning: {reason}; left out of the index", err=True)
    return index


@main.command()
@click.argument("query")
@click.option("--source-lang", help="Language of the query (default: detected; ru and be are "
              "both tried when the letters do not tell).")
@_old_spelling("--lang", use="source_lang")
@click.option("--langs", help="Languages to show, comma-separated (default: all).")
@_old_spelling("--to", use="langs")
@click.option("--fuzzy", is_flag=True, help="Also find similar spellings (typos).")
@click.option("--min-score", type=click.FloatRange(0, 100), default=75, show_default=True,
              help="Lowest fuzzy score shown.")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--format", "output_format", type=OUTPUT_FORMATS, default="text",
              show_default=True)
@_USAGE_OPTION
@_DATA_OPTION
def lookup(query: str, source_lang: str | None, langs: str | None, fuzzy: bool,
           min_score: float, limit: int, output_format: str, usage: str | None,
           data: tuple[str, ...]) -> None:
    """Find the concepts a term (in any form, any of ru/be/en) belongs to.

    Each match says how it matched, and how well:

    \b
      exact 100          the same text, but for case, Unicode form and apostrophes
      inflected 90       the same words in another form («Саюзнай дзяржавы»)
      abbreviation 100 or 90
                         an exact or inflected match on an acronym or
                         abbreviation (ОДКБ, the CSTO's)
      surname 85         a person by the surname alone («Лукашэнкі», "Lavrov's")
      part up to 80      a run of a name's words ("Security Council"): each name
                         it is part of, by the share it covers
      fuzzy 0-100        with --fuzzy: how alike the spellings are

    A query that matches no term whole finds the terms inside it, each scored by the share
    of the query it covers (an inflected two-word term in a four-word query: 45).
    --min-score applies only to fuzzy matches; the others are always shown. Exit 1 when
    nothing is found.
    """
    from .lookup import lookup as find

    index = _open_index(data, "tbx", usage)
    matches = find(index, query, _languages(source_lang), fuzzy, min_score, limit)
    shown = _languages(langs)
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
        _echo(f"no match for «{excerpt(query)}»{hint}", err=True)
        sys.exit(1)


def _tsv(value) -> str:
    return "" if value is None else _shown(str(value).replace("\t", " ").replace("\n", " "))


def _print_match(result: dict) -> None:
    matched = result["matched"]
    click.echo(_styled(result["concept"], bold=True)
               + _shown(f"  {result['match']} {result['score']:g}: {matched['lang']} ")
               + _term_styled(f"«{matched['term']}»", matched["status"]))
    if matched.get("use_instead"):
        click.echo("  " + _term_styled("deprecated", "deprecated")
                   + _shown(f": use «{'», «'.join(matched['use_instead'])}»"))
    for language, terms in result["languages"].items():
        rendered = []
        for term in terms:
            usage = f"used in {term['usage']}" if term.get("usage") else None
            details = ", ".join(v for v in (term["status"], term["type"], usage) if v)
            rendered.append(_term_styled(f"{term['term']} ({details})" if details
                                         else term["term"], term["status"]))
        click.echo(_shown(f"  {language:<5} ") + "; ".join(rendered))


@main.group()
def tm() -> None:
    """Search the translation memory."""


@tm.command("search")
@click.argument("query")
@click.option("--source-lang", help="Language of the query (default: detected).")
@_old_spelling("--lang", use="source_lang")
@click.option("--langs", help="Languages to show, comma-separated (default: all).")
@click.option("--min-score", type=click.FloatRange(0, 100), default=60, show_default=True,
              help="Lowest score of fuzzy matches (concordance hits are always shown).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--format", "output_format", type=OUTPUT_FORMATS, default="text",
              show_default=True)
@_DATA_OPTION
def tm_search(query: str, source_lang: str | None, langs: str | None, min_score: float,
              limit: int, output_format: str, data: tuple[str, ...]) -> None:
    """Concordance (words or phrase, any inflected form) and fuzzy matches in the TM.

    Exit 1 when nothing is found.
    """
    from .tm import search_results

    hits = search_results(_open_index(data, "tmx"), query, _languages(source_lang),
                          _languages(langs), min_score, limit)
    if output_format == "json":
        click.echo(json.dumps(hits, ensure_ascii=False, indent=2))
    elif output_format == "tsv":
        click.echo("unit\tmatch\tscore\tlang\tsegment")
        for hit in hits:
            for segment in hit["segments"]:
                click.echo("\t".join(_tsv(v) for v in (hit["unit"], hit["match"], hit["score"],
                                                         segment["lang"], segment["text"])))
    else:
        for hit in hits:
            _echo(f"  {hit['match']} {hit['score']:g}%  {hit['file']}",
                  bold=hit["unit"] or "(no tuid)")
            for segment in hit["segments"]:
                _echo(f"  {segment['lang']:<5} {segment['text']}")
    if not hits:
        _echo(f"no match for «{excerpt(query)}»", err=True)
        sys.exit(1)


@main.command()
@click.option("--format", "output_format",
              type=click.Choice(["tbx", "tbx2", "tsv", "csv", "xlsx", "po", "tmx", "html"]),
              required=True, help="tbx: TBX v3 TBX-Basic; tbx2: TBX 2 for OmegaT, memoQ, "
              "Trados, Weblate; tsv: OmegaT glossary (name it .txt); csv: with a header, for "
              "Xbench, Excel, translate-toolkit; xlsx: memoQ, Phrase; po: Weblate, Pootle; "
              "tmx: terms as a TM; html: one searchable page.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=str),
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
@click.option("--include-deprecated", is_flag=True,
              help="csv, tsv: write deprecated target terms too, marked «DEPRECATED, do not "
              "use» (left out by default: a QA tool would take them for right pairs; po "
              "always has them, flagged forbidden).")
@click.option("--usage", metavar="REGION", help="A desk's export (BY, RU …): a term the "
              "glossary gives as used only elsewhere is exported as deprecated. Default: "
              "every term with its recorded status, as an import takes it back.")
@_DATA_OPTION
def export(output_format: str, output: str, langs: str | None, source_lang: str | None,
           target_lang: str | None, subject: tuple[str, ...], status: str,
           include_deprecated: bool, usage: str | None, data: tuple[str, ...]) -> None:
    """Export the glossary for a CAT tool (OmegaT, memoQ, Trados, Weblate, Xbench …)."""
    from . import export as exporting

    if include_deprecated and output_format not in ("csv", "tsv", "po"):
        raise click.UsageError(f"--include-deprecated is for csv and tsv; {output_format} "
                               "keeps deprecated terms, marked, unless --status leaves them out")
    if include_deprecated and "deprecated" not in (_languages(status) or []):
        raise click.UsageError("--include-deprecated and a --status without deprecated "
                               "contradict each other")
    sources = _sources(data, "glossary")
    languages = _languages(langs)
    region = _usage_region(None, None, usage) if usage is not None else None
    concepts = list(exporting.read_concepts(sources, languages, list(subject),
                                            _languages(status) or [], region))
    languages = languages or exporting.languages_of(concepts)
    for lang in filter(None, (source_lang, target_lang)):
        if lang not in languages:
            raise click.UsageError(f"language {lang!r} is not among {', '.join(languages)}")
    dest = sys.stdout.buffer if output == "-" else output
    count = exporting.export(concepts, output_format, dest, languages, source_lang,
                             target_lang, include_deprecated)
    what = "pairs" if output_format in exporting.PAIR_FORMATS else "concepts"
    left = exporting.deprecated_targets(
        concepts, *exporting.direction(languages, source_lang, target_lang, output_format)) \
        if output_format in ("csv", "tsv") and not include_deprecated else 0
    _echo(f"{count} {what} written to {output}" + (
        f"; {left} deprecated target terms left out (--include-deprecated writes them, "
        "marked)" if left else ""), err=True)


# --- editors: check an article ------------------------------------------------------------

@main.command("check")
@click.argument("source", required=False, type=click.Path(path_type=str))
@click.argument("target", required=False, type=click.Path(path_type=str))
@click.option("--source-lang", help="Language of the source (default: declared by a bilingual "
              "file, else detected from the letters).")
@click.option("--target-lang", help="Language of the target (default: declared or detected).")
@click.option("--lang", "alone_lang", metavar="LANG",
              help="Check one text alone, in this language: deprecated terms, mixed variants, "
                   "acronyms of another language.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html"]),
              default="text", show_default=True,
              help="html: one page, source and target side by side, terms highlighted.")
@_output_option("the report")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rule codes or "
              "prefixes (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Leave out these rule codes "
              "or prefixes (comma-separated, repeatable).")
@click.option("--list-rules", is_flag=True, help="List the rules with their codes and exit.")
@_USAGE_OPTION
@_DATA_OPTION
def check_command(source: str | None, target: str | None, source_lang: str | None,
                  target_lang: str | None, alone_lang: str | None, output_format: str,
                  output: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
                  list_rules: bool, usage: str | None, data: tuple[str, ...]) -> None:
    """Check a translation against the glossary: SOURCE TARGET (text, Markdown or DOCX,
    paired by paragraph or sentence), or one bilingual SOURCE (TMX, PO, XLIFF 1.2/2.0), or
    one text alone with --lang.

    Findings: key term mismatch, deprecated term, inconsistent translation, one term for
    several concepts, acronym in the wrong language, mixed variants. Exit 1 when a finding
    is an error, 2 on unreadable input.
    """
    from . import align, check_report
    from .check import all_rules, check_files

    if list_rules:
        for r in all_rules():
            click.echo(f"{r.code}  {r.severity:<7}  {r.name:<28} {r.summary}")
        return
    if source is None:
        raise click.UsageError("give SOURCE and TARGET, one bilingual file, or --lang and a text")
    chosen, ignored = _codes(select), _codes(ignore)
    _refuse_unknown_codes(chosen + ignored, all_rules(), "check rule")
    if alone_lang and (target is not None or align.is_bilingual(source)):
        raise click.UsageError("--lang checks one text, Markdown or DOCX file; give only that")
    index = _open_index(tuple(_sources(data, "glossary")), "tbx", usage)
    result = check_files(index, source, target, source_lang, target_lang, alone_lang, chosen,
                         ignored)
    if output_format == "json":
        report = json.dumps(result.as_dict(), ensure_ascii=False, indent=2)
    elif output_format == "html":
        report = check_report.html_page(result)
    else:
        report = "\n".join(check_report.text_lines(result, _shown))
    _write_report(report, output)
    _echo(check_report.summary(result), err=True)
    sys.exit(1 if result.counts()["error"] else 0)


# --- contributors: add, show, edit, remove, import -----------------------------------------

def _glossary_option(command):
    """-d/--data for a command that reads or changes one glossary folder (-g/--glossary of
    the last release still works)."""
    command = _old_spelling("-g", "--glossary", use="data")(command)
    return click.option("-d", "--data", multiple=True, metavar="FOLDER",
                        type=click.Path(file_okay=False, path_type=str),
                        help="The glossary folder (default: the project's glossary/).")(command)


_FORCE_OPTION = click.option(
    "--force", is_flag=True, help="A term that another concept has too is a real homonym: "
    "write it all the same (every other check still runs).")


def _glossary(data: tuple[str, ...]):
    from .edit import Glossary
    from .project import project_root

    if len(data) > 1:
        raise click.UsageError("-d/--data names one glossary folder here, not "
                               f"{len(data)}")
    if data:
        return Glossary(data[0])
    root = project_root()
    if root is None:
        raise TermbaseError("no glossary/ folder here or above; give -d/--data")
    return Glossary(root / "glossary")


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    """`--term be=Саюзная дзяржава` → [('be', 'Саюзная дзяржава')]."""
    result = []
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not lang.strip() or not text.strip():
            raise click.UsageError(f"{option} wants LANG=TEXT, not «{excerpt(value)}»")
        result.append((lang.strip(), text.strip()))
    return result


def _with_status(text: str, default: str) -> tuple[str, str]:
    """«Белоруссия:deprecated» → ('Белоруссия', 'deprecated'); see `edit.split_status`."""
    from .edit import split_status

    try:
        return split_status(text, default)
    except TermbaseError as error:
        raise click.UsageError(str(error)) from None


def _refused(error) -> None:
    """The findings that refuse a change, each with the line of the proposed file it names."""
    for finding in error.findings:
        click.echo(_finding_line(finding), err=True)
        line = error.line_of(finding)
        if line is not None:
            _echo(f"  {finding.line:>6} | {line.strip()}", err=True)
    _echo(f"termbase: {error.message}", err=True)
    sys.exit(1)


def _findings_let_through(change) -> None:
    """What a change that was written brings: its warnings, and the homonyms --force let in."""
    for finding in change.findings:
        click.echo(_finding_line(finding), err=True)
    for concept_id in change.homonyms:
        _echo(f"kept «{concept_id}» as a homonym (--force): a note in it waives U101", err=True)


@main.command()
@click.option("--ru", help="Russian preferred term.")
@click.option("--be", help="Belarusian preferred term.")
@click.option("--en", help="English preferred term.")
@click.option("--term", "extra_terms", multiple=True, metavar="LANG=TEXT",
              help="A preferred term in any language (repeatable).")
@click.option("--abbr", multiple=True, metavar="LANG=TEXT",
              help="An acronym or abbreviation (repeatable); linked to the full form.")
@click.option("--variant", multiple=True, metavar="LANG=TEXT[:STATUS]",
              help="A variant, admitted unless :deprecated or :preferred (repeatable).")
@click.option("--subject", help="Subject field (also chooses the file): one the glossary has.")
@click.option("--new-subject", is_flag=True, help="--subject starts a new subject field (and "
              "file).")
@click.option("--definition", help="English definition.")
@click.option("--note", help="A note on the concept.")
@click.option("--source", help="Where the terms come from (site, document, dictionary).")
@click.option("--pos", type=click.Choice(["noun", "verb", "adjective", "adverb", "properNoun",
                                          "other"]), help="Part of speech of the terms.")
@click.option("--id", "concept_id", help="Concept id (default: made from the English term).")
@click.option("--file", "file_name", type=click.Path(dir_okay=False, path_type=str),
              help="TBX file to add to (default: chosen by subject field).")
@click.option("--merge-into", metavar="ID", help="Add the terms to this existing concept.")
@click.option("--yes", "-y", is_flag=True, help="Never prompt (for scripts).")
@_FORCE_OPTION
@_glossary_option
def add(ru, be, en, extra_terms, abbr, variant, subject, new_subject, definition, note, source,
        pos, concept_id, file_name, merge_into, yes, force, data) -> None:
    """Add a concept (or, with --merge-into, terms of an existing one).

    New terms are looked up first; a concept that already has one of them is shown and the
    addition refused unless --merge-into or --force. The result is validated; errors refuse it
    with nothing written.
    """
    from .edit import NewConcept, Refused, add_term, file_for_subject, has_term

    glossary = _glossary(data)
    given = {"ru": ru, "be": be, "en": en}
    interactive = not yes and sys.stdin.isatty()
    if interactive and not merge_into:
        for lang in ("ru", "be", "en"):
            if not given[lang]:
                given[lang] = click.prompt(f"{lang} preferred term", default="",
                                           show_default=False) or None
        subject = subject or click.prompt("subject field", default="", show_default=False) or None
        source = source or click.prompt("source", default="", show_default=False) or None
    new = NewConcept(subject=subject, definition=definition, note=note, source=source,
                     part_of_speech=pos, id=concept_id)
    new.terms += [(lang, text, "fullForm", "preferred") for lang, text in given.items() if text]
    new.terms += [(lang, text, "fullForm", "preferred")
                  for lang, text in _pairs(extra_terms, "--term")]
    new.terms += [(lang, *_variant(text)) for lang, text in _pairs(variant, "--variant")]
    new.terms += [(lang, text, "acronym" if text.isupper() else "abbreviation", "preferred")
                  for lang, text in _pairs(abbr, "--abbr")]
    if not new.terms:
        raise click.UsageError("no term given (--ru, --be, --en, --term LANG=TEXT)")
    if not merge_into:
        duplicates = glossary.duplicates(new.terms)
        for line in duplicates:
            _echo(line, err=True)
        if duplicates and not force:
            click.echo("termbase: refused: these terms are in the glossary already; "
                       "--merge-into ID adds them to that concept, --force adds a new concept "
                       "(a homonym)", err=True)
            sys.exit(1)
    try:
        with glossary.transaction(homonyms=force) as change:
            if merge_into:
                path, concept = change.find(merge_into)
                added = 0
                for lang, text, term_type, status in new.terms:
                    if has_term(concept, lang, text):  # already there: nothing to add
                        _echo(f"kept: «{text}» ({lang}) is a term of «{concept.id}» already",
                              err=True)
                        continue
                    add_term(concept, lang, text, term_type, status, pos,
                             [source] if source else [])
                    added += 1
                what = f"added {added} terms to «{concept.id}»"
            else:
                concept = new.concept(glossary.taken_ids())
                path = (Path(file_name) if file_name
                        else file_for_subject(glossary.folder, subject))
                if subject and not file_name and not new_subject and glossary.files():
                    known = glossary.subject_fields()
                    if subject.casefold() not in {k.casefold() for k in known}:
                        raise click.UsageError(
                            f"the glossary has no subject field «{subject}» (it has: "
                            f"{', '.join(sorted(known))}); --new-subject starts one")
                change.concepts(path).append(concept)
                what = f"added concept «{concept.id}»"
    except Refused as error:
        _refused(error)
    _findings_let_through(change)
    _echo(f"{what} to {path}", err=True)


def _variant(text: str) -> tuple[str, str, str]:
    text, status = _with_status(text, "admitted")
    return text, "variant", status


@main.command()
@click.argument("concept_id")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "tbx"]),
              default="text", show_default=True)
@_output_option("the concept")
@_glossary_option
def show(concept_id: str, output_format: str, output: str | None,
         data: tuple[str, ...]) -> None:
    """Show one concept with all its terms and data."""
    import dataclasses

    path, concept = _glossary(data).find(concept_id)
    if output_format == "json":
        fields = dataclasses.asdict(concept)
        _write_report(json.dumps({"file": str(path), **fields}, ensure_ascii=False, indent=2),
                      output)
    elif output_format == "tbx":
        from .formats import tbx
        tbx.write([concept], sys.stdout.buffer if output in (None, "-") else output)
    else:
        lines = [_styled(concept.id, bold=True) + _shown(f"  {path}")]
        from .model import checked_on

        checked = [f"on {checked_on(concept)}"] if checked_on(concept) else []
        for label, values in (("subject", concept.subject_fields),
                              ("definition", [d.text for d in concept.definitions]),
                              ("note", concept.notes), ("checked", checked)):
            lines += [_shown(f"  {label}: {value}") for value in values]
        for lang, term in concept.terms():
            usage = f"used in {term.geographical_usage}" if term.geographical_usage else None
            details = ", ".join(v for v in (term.status, term.type, term.part_of_speech, usage)
                                if v)
            lines.append(_shown(f"  {lang:<5} ")
                         + _term_styled(f"{term.text} ({details})", term.status))
            lines += [_shown(f"        source: {value}") for value in term.sources]
            lines += [_shown(f"        note: {value}") for value in term.notes]
        _write_report("\n".join(lines), output)


@main.command()
@click.argument("concept_id")
@click.option("--add-term", multiple=True, metavar="LANG=TEXT[:STATUS]",
              help="Add a full form (preferred unless :admitted or :deprecated).")
@click.option("--add-abbr", multiple=True, metavar="LANG=TEXT", help="Add an acronym.")
@click.option("--add-variant", multiple=True, metavar="LANG=TEXT[:STATUS]",
              help="Add a variant (admitted unless :deprecated).")
@click.option("--status", "statuses", multiple=True, metavar="LANG=TEXT:STATUS",
              help="Change a term's usage status.")
@click.option("--remove-term", multiple=True, metavar="LANG=TEXT", help="Remove a term.")
@click.option("--used-in", multiple=True, metavar="LANG=TEXT:REGIONS",
              help="Where a term holds its status (geographicalUsage): «ru=Белоруссия:RU»; "
              "elsewhere it counts as deprecated (see --usage of lookup and check). «:» alone "
              "clears it.")
@click.option("--definition", help="Replace the English definition (its source: --source, "
              "or --keep-source).")
@click.option("--keep-source", is_flag=True, help="The new --definition keeps the source of "
              "the one it replaces.")
@click.option("--subject", help="Replace the subject field.")
@click.option("--note", help="Add a note on the concept.")
@click.option("--source", help="Source of the terms and the definition given.")
@click.option("--reviewed-by", metavar="NAME", help="Record a second review of the concept, "
              "dated today, in its transaction history (the HTML export shows «checked on»).")
@click.option("--review-note", metavar="TEXT", help="What the review checked (with "
              "--reviewed-by).")
@_FORCE_OPTION
@_glossary_option
def edit(concept_id, add_term, add_abbr, add_variant, statuses, remove_term, used_in,
         definition, keep_source, subject, note, source, reviewed_by, review_note, force,
         data) -> None:
    """Change a concept: add, remove or re-status terms, set its definition or subject."""
    from .edit import Refused, add_term as add, mark_reviewed
    from .lang import tags
    from .model import Sourced

    if review_note and not reviewed_by:
        raise click.UsageError("--review-note goes with --reviewed-by NAME")
    sources = [source] if source else []
    try:
        with _glossary(data).transaction(homonyms=force) as change:
            _, concept = change.find(concept_id)
            for lang, text in _pairs(add_term, "--add-term"):
                text, status = _with_status(text, "preferred")
                add(concept, lang, text, "fullForm", status, sources=sources)
            for lang, text in _pairs(add_abbr, "--add-abbr"):
                add(concept, lang, text, "acronym" if text.isupper() else "abbreviation",
                    "preferred", sources=sources)
            for lang, text in _pairs(add_variant, "--add-variant"):
                text, status = _with_status(text, "admitted")
                add(concept, lang, text, "variant", status, sources=sources)
            for lang, text in _pairs(statuses, "--status"):
                text, status = _with_status(text, "")
                if not status:
                    raise click.UsageError("--status wants LANG=TEXT:STATUS")
                _term(concept, lang, text).status = status
            for lang, text in _pairs(used_in, "--used-in"):
                text, _, regions = text.rpartition(":")
                wrong = [r for r in regions.replace(",", " ").split() if tags.region(r) is None]
                if not text or wrong:
                    raise click.UsageError(f"--used-in wants LANG=TEXT:REGIONS with region "
                                           f"subtags (RU, BY), not «{excerpt(regions)}»")
                _term(concept, lang, text).geographical_usage = " ".join(
                    regions.replace(",", " ").split()) or None
            for lang, text in _pairs(remove_term, "--remove-term"):
                term = _term(concept, lang, text)
                for section in concept.languages:
                    if term in section.terms:
                        section.terms.remove(term)
                concept.languages = [s for s in concept.languages if s.terms]
            if definition:
                concept.definitions = [Sourced(definition,
                                               _definition_source(concept, source, keep_source))]
            if subject:
                concept.subject_fields = [subject]
            if note:
                concept.notes.append(note)
            if reviewed_by:
                mark_reviewed(concept, reviewed_by, review_note)
    except Refused as error:
        _refused(error)
    _findings_let_through(change)
    _echo(f"changed «{concept_id}»", err=True)


def _definition_source(concept, source: str | None, keep: bool) -> str | None:
    """The source of a replaced definition: the one given, or with --keep-source the old
    one; never dropped because no one said."""
    old = next((d.source for d in concept.definitions if d.source), None)
    if keep and source:
        raise click.UsageError("--keep-source and --source both name the definition's source; "
                               "give one")
    if keep:
        return old
    if old and not source:
        raise click.UsageError(f"the definition replaced has the source «{excerpt(old)}»: give "
                               "the new one's with --source, or --keep-source to keep it")
    return source


def _term(concept, lang: str, text: str):
    from .lang.text import fold

    for section_lang, term in concept.terms():
        if section_lang.casefold() == lang.casefold() and fold(term.text) == fold(text):
            return term
    raise TermbaseError(f"concept «{concept.id}» has no {excerpt(lang)} term «{excerpt(text)}»")


@main.command()
@click.argument("concept_id")
@click.option("--deprecate", is_flag=True,
              help="Keep the concept but mark every term deprecated, instead of removing it.")
@click.option("--force", is_flag=True, hidden=True, expose_value=False,
              callback=lambda ctx, param, value: value and click.echo(
                  "termbase: --force does nothing in remove and goes in the next release (it "
                  "only admits homonyms in add, edit and import)", err=True))
@_glossary_option
def remove(concept_id: str, deprecate: bool, data: tuple[str, ...]) -> None:
    """Remove a concept (its id is never given out again), or --deprecate it.

    The id goes to REMOVED-IDS in the glossary folder: commit that file with the change.
    """
    from .edit import REMOVED_IDS, Refused

    glossary = _glossary(data)
    try:
        with glossary.transaction(allowed=("C101", "C104") if deprecate else ()) as change:
            path, concept = change.find(concept_id)
            if deprecate:
                for _, term in concept.terms():
                    term.status = "deprecated"
                concept.notes.append("Deprecated concept: every term is deprecated.")
            else:
                change.concepts(path).remove(concept)
                change.removed.append(concept.id)
    except Refused as error:
        _refused(error)
    _findings_let_through(change)
    if deprecate:
        _echo(f"deprecated «{concept_id}» in {path}", err=True)
    else:
        _echo(f"removed «{concept_id}» from {path}; its id is in {glossary.folder / REMOVED_IDS}, "
              "never to be given out again: commit both files", err=True)


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--map", "mappings", multiple=True, metavar="COLUMN=FIELD",
              help="Read a column as a field: «Russisch=ru», «Abkürzung=en_abbr»; «Created=» "
              "leaves a column out (repeatable).")
@click.option("--map-lang", "language_maps", multiple=True, metavar="TAG=TAG",
              help="Read a TBX file's language tag as another: «EN-US=en», «---=und» "
                   "(repeatable).")
@click.option("--source-lang", metavar="LANG", help="The source language of a pair file: "
              "our CSV (source,target,translator_comments) or an OmegaT glossary.")
@click.option("--target-lang", metavar="LANG", help="The target language of a pair file.")
@click.option("--dry-run", is_flag=True, help="Print what would be added, merged or in "
              "conflict, validated as the import is (the same refusals, the same exit "
              "status); write nothing.")
@_FORCE_OPTION
@_glossary_option
def import_command(file: str, mappings, language_maps, source_lang: str | None,
                   target_lang: str | None, dry_run: bool, force: bool,
                   data: tuple[str, ...]) -> None:
    """Merge concepts from CSV, TSV, XLSX or TBX (v2, v3, IATE) into the glossary; a TBX file
    is known by its root element, whatever its extension.

    Conflicts (a different preferred term, status or definition) are reported, never
    overwritten. What the schemas would reject in a TBX file (ids that are no XML names,
    dates in another ISO 8601 form) is repaired and each repair printed. Exit 1 when there
    are conflicts or the result would not validate.
    """
    from .edit import Refused
    from .importing import import_file

    mapping = {}
    for value in mappings:  # «Created=»: a column left out
        name, sep, field = value.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"--map wants COLUMN=FIELD, not «{excerpt(value)}»")
        mapping[name.strip()] = field.strip()
    languages = dict(_pairs(language_maps, "--map-lang"))
    if bool(source_lang) != bool(target_lang):
        raise click.UsageError("a pair file needs both --source-lang and --target-lang")
    pair = (source_lang, target_lang) if source_lang and target_lang else None
    glossary = _glossary(data)
    try:
        actions = import_file(glossary, Path(file), mapping, dry_run=dry_run, homonyms=force,
                              languages=languages, pair=pair)
    except Refused as error:
        _refused(error)
    for action in actions:
        _echo(action.as_text())
    counts = {kind: sum(1 for a in actions if a.kind == kind)
              for kind in ("repair", "add", "merge", "conflict")}
    verb = "would be" if dry_run else "were"
    repaired = f", {counts['repair']} repairs" if counts["repair"] else ""
    click.echo(f"{counts['add']} concepts {verb} added, {counts['merge']} changes merged, "
               f"{counts['conflict']} conflicts{repaired}", err=True)
    sys.exit(1 if counts["conflict"] else 0)


@main.command("index")
@_DATA_OPTION
def index_command(data: tuple[str, ...]) -> None:
    """Build or refresh the lookup and TM indexes now and print what they hold."""
    for kind in ("tbx", "tmx"):
        index = _open_index(data, kind)
        counts = index.counts()
        held = (f"{counts['concepts']} concepts, {counts['terms']} terms" if kind == "tbx"
                else f"{counts['units']} units")
        _echo(f"{kind}: {held} ({index.path})")


# --- a desk's server, and the review of what it collects ------------------------------------

def _project_folder(data: str | None) -> Path:
    from .project import project_root

    if data:
        return Path(data)
    root = project_root()
    if root is None:
        raise TermbaseError("no glossary/ folder here or above; give -d/--data")
    return root


def _size(text: str) -> int:
    """«10MB», «512k», «1048576» → bytes."""
    import re

    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text, re.IGNORECASE)
    if not found:
        raise click.BadParameter(f"«{excerpt(text)}» is no size (10MB, 512KB, 1048576)")
    return int(float(found[1]) * 2 ** (10 * " kmg".index(found[2].lower() or " ")))


@main.command()
@click.option("-d", "--data", metavar="FOLDER", type=click.Path(file_okay=False, path_type=str),
              help="The project folder, holding glossary/, tm/ and proposals/ (default: the "
              "project found from here upwards).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes; each keeps its own indexes and rate limits.")
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=str),
              help="A file holding the token that lets proposals in (Authorization: Bearer); "
              "without one the server is read-only.")
@click.option("--max-upload", default="10MB", show_default=True,
              help="Largest request body (an uploaded article, a bilingual file).")
@click.option("--rate-limit", type=click.IntRange(1), default=30, show_default=True,
              metavar="N", help="Article checks and proposals a client may make a minute, per "
              "worker.")
@_USAGE_OPTION
def serve(data: str | None, host: str, port: int, workers: int, token_file: str | None,
          max_upload: str, rate_limit: int, usage: str | None) -> None:
    """Serve the glossary, the TM, the article check and term proposals as web pages and a
    JSON API (/api/v1/, described at /api/v1/openapi.json)."""
    import uvicorn

    from .inputs import read_bytes
    from .serve import create_app

    project = _project_folder(data).resolve()
    token = None
    if token_file:
        token = read_bytes(token_file, 4096).decode("utf-8", "replace").strip()
        if len(token) < 16:
            raise TermbaseError("the token is too short (16 characters at least)", token_file)
    limit = _size(max_upload)
    create_app(project, token, limit, usage)  # refuses a folder without a glossary here
    os.environ.update({"TERMBASE_SERVE_PROJECT": str(project),
                       "TERMBASE_SERVE_MAX_UPLOAD": str(limit),
                       "TERMBASE_SERVE_USAGE": usage or "",
                       "TERMBASE_SERVE_RATE": str(rate_limit)})
    if token is not None:
        os.environ["TERMBASE_SERVE_TOKEN"] = token
    else:
        os.environ.pop("TERMBASE_SERVE_TOKEN", None)
    _echo(f"termbase: serving {project} on http://{host}:{port}/ "
          f"({'proposals with a token' if token else 'read-only'}, {workers} workers)", err=True)
    uvicorn.run("termbase.serve:app_from_environment", factory=True, host=host, port=port,
                workers=workers, log_level="warning", server_header=False)


@main.group()
def review() -> None:
    """Review the terms proposed through `termbase serve` (kept in proposals/)."""


@review.command("list")
@_glossary_option
def review_list(data: tuple[str, ...]) -> None:
    """List the proposals, oldest id first."""
    from .proposals import list_proposals

    found = list_proposals(_glossary(data))
    for proposal in found:
        terms = "; ".join(f"{lang} {term.text}" for lang, term in proposal.concept.terms())
        _echo(f"{proposal.id}  {terms}")
    if not found:
        click.echo("no proposals", err=True)


@review.command("show")
@click.argument("proposal_id")
@_glossary_option
def review_show(proposal_id: str, data: tuple[str, ...]) -> None:
    """Show a proposal as the diff accepting it would make."""
    from .proposals import diff, find

    glossary = _glossary(data)
    click.echo(_shown(diff(glossary, find(glossary, proposal_id))), nl=False)


@review.command("accept")
@click.argument("proposal_id")
@_glossary_option
def review_accept(proposal_id: str, data: tuple[str, ...]) -> None:
    """Add the proposed concept to the glossary (validated, atomic) and remove the proposal."""
    from .edit import Refused
    from .proposals import accept

    try:
        path, findings = accept(_glossary(data), proposal_id)
    except Refused as error:
        _refused(error)
    for finding in findings:
        click.echo(_finding_line(finding), err=True)
    _echo(f"accepted «{proposal_id}» into {path}; commit it", err=True)


@review.command("reject")
@click.argument("proposal_id")
@click.option("--reason", required=True, help="Why, for the record and the proposer.")
@_glossary_option
def review_reject(proposal_id: str, reason: str, data: tuple[str, ...]) -> None:
    """Remove a proposal, saying why."""
    from .proposals import reject

    proposal = reject(_glossary(data), proposal_id)
    _echo(f"rejected «{proposal.id}»: {reason}")


def _colour_in_every_command(group: click.Group) -> None:
    """`termbase check --color never` as well as `termbase --color never check`."""
    for command in group.commands.values():
        command.params.append(_colour_option(None))
        if isinstance(command, click.Group):
            _colour_in_every_command(command)


_colour_in_every_command(main)


def run() -> None:
    """Entry point: user errors become one line on stderr and exit status 2."""
    for position, argument in enumerate(sys.argv[1:], 1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:  # bytes the locale could not decode, kept as surrogates
            click.echo(f"termbase: error: argument {position} is not UTF-8 text", err=True)
            sys.exit(2)
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
        _echo(f"termbase: error: {error}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as error:  # the system's refusal (disk full, no permission) on a path
        where = f"{error.filename}: " if error.filename else ""
        click.echo(f"termbase: error: {where}{error.strerror or error}", err=True)
        sys.exit(2)
