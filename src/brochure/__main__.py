"""The command line. Parses options, calls a command, prints the report. No logic here.

Exit codes: 0 built (warnings allowed), 1 some case studies failed or
nothing was selected (or, with --strict, there were warnings), 2 usage or
configuration error.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import click

from . import __version__
from .errors import BrochureError, ConfigError, printable
from .settings import DPI, MARKS, PAPERS, PDF_VARIANTS

# a JSON string may hold any character but " \\ and C0 controls; these too are written as \\u escapes, so
# that a file name from a case study can neither send terminal codes nor break a line of the output
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(value, **options) -> str:
    text = json.dumps(value, ensure_ascii=False, **options)
    return _UNSAFE_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    click.echo(printable(message), err=True)


def _config(config_path: Path | None, site: Path | None, lang: str | None, section: str | None,
            taxonomy: str | None):
    from .config import from_command_line

    return from_command_line(config_path, site, lang, section=section, taxonomy=taxonomy)


def _fail(exc: BrochureError) -> None:
    lines = exc.lines() if isinstance(exc, ConfigError) else [str(exc)]
    for line in lines:
        _err(f"error: {line}")
    sys.exit(exc.exit_code)


@contextlib.contextmanager
def _guard(as_json: bool = False, empty: dict | None = None):
    """Turn a user's mistake into one line and its exit code, and a bug into one line too."""
    try:
        yield
    except BrochureError as exc:
        _stop(exc, as_json, empty or {})
    except Exception as exc:
        _internal(exc)


def _stop(exc: BrochureError, as_json: bool, empty: dict) -> None:
    """A problem that stops the command: the problems found before it, the one-line error, and
    with --json the JSON object too."""
    _print_each(exc.earlier)
    if as_json:
        error = {"case": None, "file": exc.path, "message": exc.message}
        found = {level: [p.as_json() for p in exc.earlier if p.level == level] for level in ("warning", "error")}
        extra = {"warnings": found["warning"]} if "warnings" in empty else {}
        click.echo(json_text({**empty, **extra, "errors": found["error"] + [error]}))
    _fail(exc)


def _print_problems(report) -> None:
    for note in report.notes:
        _err(f"note: {note}")
    _print_each(report.problems)


def _print_each(problems) -> None:
    for problem in problems:
        _err(f"{problem.level}: {problem}")


def _internal(exc: Exception) -> None:
    """A bug, not a user mistake: one line, the traceback only on request."""
    if os.environ.get("BROCHURE_DEBUG"):
        raise exc
    _err(f"error: internal error: {type(exc).__name__}: {' '.join(str(exc).split())} "
         "(set BROCHURE_DEBUG=1 to see the traceback)")
    sys.exit(EXIT_FAILED)


@contextlib.contextmanager
def _progress(enabled: bool):
    """A progress bar on stderr when it is a terminal; otherwise nothing."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=None, transient=True, redirect_stdout=False) as bar:
        task = bar.add_task("rendering", total=None)

        def update(done: int, total: int) -> None:
            if total > 2:  # a handful of documents needs no bar
                bar.update(task, completed=done, total=total)

        yield update


def selection_options(func):
    """Options shared by every command that selects case studies (applied bottom-up)."""
    options = [
        click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                     help="Configuration file (default: ./brochure.toml)."),
        click.option("--site", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
                     help="A Hugo site's root: read its configuration and content."),
        click.option("--lang", metavar="CODE", help="The site language to read (default: the site's default)."),
        click.option("--section", metavar="NAME", help="The content section (default: references)."),
        click.option("--project", "projects", multiple=True, metavar="P",
                     help="Only case studies of this project (repeatable)."),
        click.option("--taxonomy", metavar="NAME", help="Select by this taxonomy instead of projects, e.g. tags."),
        click.option("--term", "terms", multiple=True, metavar="T", help="A term of --taxonomy (repeatable)."),
        click.option("--case", "cases", multiple=True, metavar="SLUG", help="Only this case study (repeatable)."),
        click.option("--drafts", is_flag=True, help="Include case studies marked draft."),
        click.option("--future", is_flag=True, help="Include pages whose publishDate is in the future."),
        click.option("--expired", is_flag=True, help="Include pages whose expiryDate has passed."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _choice(projects, terms, cases, drafts, future, expired):
    from .commands.common import Choice

    return Choice(tuple(projects) + tuple(terms), tuple(cases), drafts, future, expired)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="brochure")
def cli() -> None:
    """Print-ready PDF one-pagers and a bookmarked brochure from Hugo case studies."""


_PAPER = click.Choice(PAPERS, case_sensitive=False)


@cli.command()
@selection_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False), metavar="DIR", help="Output folder (default: dist/).")
@click.option("--no-one-pagers", "one_pagers", flag_value=False, default=None, help="Do not write the one-pagers.")
@click.option("--no-brochure", "brochure", flag_value=False, default=None, help="Do not write the merged brochure.")
@click.option("--paper", type=_PAPER, help="Paper size (default: a4).")
@click.option("--strict", is_flag=True, default=None, help="Treat warnings as failures (exit 1).")
@click.option("--allow-network", is_flag=True, default=None, help="Fetch remote (http/https) images; off by default.")
@click.option("--jobs", type=click.IntRange(1, 256), metavar="N", help="Processes to use (default: one per core).")
@click.option("--no-cache", "cache", flag_value=False, default=None,
              help="Render everything again, ignoring the build cache.")
@click.option("--screen", is_flag=True, default=None,
              help="Images at 150 dpi for on-screen reading (default: 300 dpi for print).")
@click.option("--dpi", type=click.IntRange(*DPI), metavar="N", help="Image resolution (overrides --screen).")
@click.option("--original-images", "downsample", flag_value=False, default=None,
              help="Embed images as they are, without making them lighter for their dpi (large PDFs).")
@click.option("--html", is_flag=True, default=None, help="Also write the brochure's HTML next to its PDF.")
@click.option("--manifest", "manifest_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="A tender manifest: the bid's cover, selection, summary, annexes and options.")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS, case_sensitive=False),
              help="Standard: archiving (PDF/A), accessibility (PDF/UA), both, or none (default: output.pdf_variant).")
@click.option("--no-summary", "summary", flag_value=False, default=None,
              help="No summary table of references after the contents.")
@click.option("--bleed", metavar="LENGTH", help="Bleed around each page for a print shop, e.g. 3mm (default: none).")
@click.option("--marks", type=click.Choice(tuple(MARKS)), help="Printer's marks (default: none).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
def build(config_path, site, lang, section, projects, taxonomy, terms, cases, drafts, future, expired,
          out_dir, one_pagers, brochure, paper, strict, allow_network, jobs, cache, screen, dpi, downsample,
          html, manifest_path, pdf_variant, summary, bleed, marks, as_json):
    """Build the one-pagers and the merged brochure."""
    from .commands.build import build as run_build
    from .commands.tender import request

    with _guard(as_json, {"outputs": [], "warnings": []}):
        config, options = request(
            _choice(projects, terms, cases, drafts, future, expired),
            dict(config_path=config_path, site=site, lang=lang, section=section, taxonomy=taxonomy, dpi=dpi,
                 screen=screen, downsample=downsample),
            dict(out_dir=out_dir, one_pagers=one_pagers, brochure=brochure, paper=paper, strict=strict,
                 allow_network=allow_network, jobs=jobs, cache=cache, html=html, pdf_variant=pdf_variant,
                 summary=summary, bleed=bleed, marks=marks),
            manifest_path)
        with _progress(enabled=not as_json) as progress:
            report = run_build(config, replace(options, progress=progress))
    _print_problems(report)
    if as_json:
        click.echo(json_text(report.as_json(), indent=2))
    made = [o for o in report.outputs if o.kind == "brochure"]
    ones = [o for o in report.outputs if o.kind == "one-pager"]
    summary = []
    if made:
        summary.append(f"brochure {_rel(made[0].path)} ({made[0].pages} pages)")
    if ones:
        summary.append(f"{len(ones)} one-pager{'s' if len(ones) > 1 else ''} in {_rel(ones[0].path.parent)}")
    _err(("built " + " and ".join(summary) if summary else "nothing built")
         + f"; {len(report.warnings)} warning(s), {len(report.errors)} error(s)")
    sys.exit(report.exit_code)


@cli.command()
@selection_options
@click.option("--paper", type=_PAPER, help="Paper size (default: a4).")
@click.option("--layout", is_flag=True, help="Lay the one-pagers out to find exactly which would be cut (slower).")
@click.option("--strict", is_flag=True, help="Treat warnings as failures (exit 1).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
def check(config_path, site, lang, section, projects, taxonomy, terms, cases, drafts, future, expired,
          paper, layout, strict, as_json):
    """Report what a build would find, without writing PDFs."""
    from .commands.check import check as run_check

    with _guard(as_json, {"checked": 0, "warnings": []}):
        config = _config(config_path, site, lang, section, taxonomy)
        report, count = run_check(config, _choice(projects, terms, cases, drafts, future, expired),
                                  strict=strict, layout=layout, paper=paper)
    _print_problems(report)
    if as_json:
        data = report.as_json()
        click.echo(json_text({"checked": count, "warnings": data["warnings"], "errors": data["errors"],
                               "summary": [p.as_json() for p in report.summary_gaps]}, indent=2))
    _err(f"checked {count} case stud{'y' if count == 1 else 'ies'}; "
         f"{len(report.warnings)} warning(s), {len(report.errors)} error(s)")
    sys.exit(report.exit_code)


@cli.command(name="list")
@selection_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array on stdout.")
def list_command(config_path, site, lang, section, projects, taxonomy, terms, cases, drafts, future, expired, as_json):
    """List the selected case studies in Hugo's order."""
    from .commands.listing import list_cases

    with _guard():
        config = _config(config_path, site, lang, section, taxonomy)
        rows, loaded = list_cases(config, _choice(projects, terms, cases, drafts, future, expired))
    for note in loaded.notes:
        _err(f"note: {note}")
    _print_each(loaded.problems)
    if as_json:
        click.echo(json_text(rows, indent=2))
    else:
        for row in rows:
            date = (row["date"] or "")[:10]
            flags = " (draft)" if row["draft"] else ""
            click.echo(f"{row['slug']:<32} {row['weight']:>4}  {date:<10}  {','.join(row['projects']):<24} {row['title']}{flags}")
    sys.exit(EXIT_FAILED if any(p.level == "error" for p in loaded.problems) else EXIT_OK)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@selection_options
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True, metavar="N",
              help="How many case studies to show.")
@click.option("--date", "day", metavar="YYYY-MM-DD",
              help="The consultation's date, for the case studies' age (default: read from the documents, else today).")
@click.option("--manifest-out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write a tender manifest (.toml) with the suggested case studies, in order.")
@click.option("--force", is_flag=True, help="With --manifest-out: replace an existing file.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
def suggest(files, config_path, site, lang, section, projects, taxonomy, terms, cases, drafts, future, expired,
            top, day, manifest_out, force, as_json):
    """Rank the case studies by relevance to a consultation's documents (PDF, DOCX, ODT, TXT, MD)."""
    from .commands import suggest as command

    with _guard(as_json, {"suggestions": [], "warnings": []}):
        when = command.parse_day(day)
        if manifest_out and manifest_out.exists() and not force:
            raise ConfigError("already exists; not overwritten (--force replaces it)", manifest_out)
        config = _config(config_path, site, lang, section, taxonomy)
        report = command.suggest(config, _choice(projects, terms, cases, drafts, future, expired), list(files),
                                 top=top, when=when)
        if manifest_out:
            command.write_manifest(report, manifest_out, force)
    for note in report.notes:
        _err(f"note: {note}")
    _print_each(report.problems)
    if as_json:
        click.echo(json_text(report.as_json(), indent=2))
    else:
        for line in command.describe(report):
            click.echo(line)
    _err(command.summary(report))
    sys.exit(report.exit_code)


@cli.command()
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="A Hugo site's root: read its themes, styles, static files and params "
                   "(default: the site brochure.toml names, else the project itself).")
@click.option("--write", is_flag=True, help="Put what was found in brochure.toml as a [theme] block.")
@click.option("--force", is_flag=True, help="With --write: replace the file's [theme] block.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The project read without --site, and the file --write changes (default: ./brochure.toml).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
def brand(site, write, force, config_path, as_json):
    """The company's brand as its site shows it: logos, fonts, colours, contact details."""
    from .commands import brand as command

    with _guard():
        config_path = config_path or Path("brochure.toml")
        if site is not None:
            (found_site, found), hugo = command.read_brand(site), True
        else:
            found_site, found, hugo = command.read_project_brand(config_path)
        written = command.write_theme(config_path, found_site, found, force, hugo) if write else None
    if as_json:
        click.echo(json_text(command.as_json(found), indent=2))
    else:
        for line in command.describe(found_site, found):
            click.echo(line)
    if written:
        _err(f"wrote the [theme] block in {_rel(written)}")
    sys.exit(EXIT_OK)


@cli.command()
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="A Hugo site's root: read its configuration and content.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Configuration file (default: ./brochure.toml).")
@click.option("--lang", metavar="CODE", help="The site language to read (default: the site's default).")
@click.option("--section", metavar="NAME", help="The content section (default: references).")
@click.option("--port", type=click.IntRange(1, 65535), metavar="N", help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", "browser", flag_value=False, default=True, help="Do not open the browser.")
def serve(site, config_path, lang, section, port, browser):
    """The bid desk: pick references, preview and build bids in the browser."""
    from .serve import missing_dependency

    missing = missing_dependency()
    if missing:
        _err(f"error: {missing}")
        sys.exit(EXIT_USAGE)
    from .serve.app import serve as run_desk

    with _guard():
        run_desk({"config_path": config_path, "site": site, "lang": lang, "section": section}, port, browser, say=_err)
    sys.exit(EXIT_OK)


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def main() -> None:
    try:
        cli(prog_name="brochure")
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
