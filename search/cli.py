"""The `newsfacet` command. Thin: parse arguments, call the library, print.

Errors a user can cause (a missing, empty, binary or too large file) are
:class:`~search.errors.NewsfacetError` and become one line on standard error;
the other files of the batch are still processed.
"""
from __future__ import annotations

import json
import re
import sys
from datetime import date as Date

import click

from . import __version__, pipeline
from .article import REASONS, Article
from .capture import Capture, iter_capture_paths, read_capture
from .errors import CaptureError, NewsfacetError

#: Longest dropped block shown by --explain, in characters.
EXPLAIN_WIDTH = 100
_RULE = "-" * 72


# --------------------------------------------------------------------------- formatting


def shorten(text: str, width: int = EXPLAIN_WIDTH) -> str:
    """The text on one line, white space collapsed, cut to `width` with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def format_article(article: Article, *, explain: bool = False) -> str:
    """An article as readable text: title, metadata lines, body, and (explain) what was dropped."""
    title = article.title or "(no title found)"
    unknown = "(unknown)"
    lines = [
        title,
        "=" * min(len(title), 72),
        f"Outlet: {article.outlet or unknown}",
        f"Date:   {article.date.isoformat() if article.date else unknown}",
        f"Author: {article.author or unknown}",
        f"URL:    {article.url or unknown}",
        f"Source: {_shown(article.source)}",
    ]
    if article.actors:
        lines.append("Actors: " + ", ".join(f"{a.name} ({a.type})" for a in article.actors))
    lines += ["", article.body.strip() or "(no article text found)"]
    if explain:
        lines.append("")
        if article.dropped:
            n = len(article.dropped)
            lines.append(f"Dropped ({n} block{'s' if n != 1 else ''}, in reading order):")
            lines += [f"  [{d.reason}] {shorten(d.text)}" for d in article.dropped]
        else:
            lines.append("Dropped: nothing")
    return "\n".join(lines)


def _shown(source: str) -> str:
    return "<stdin>" if source == "-" else source


# --------------------------------------------------------------------------- output


def _echo(text: str, fallback: str | None = None) -> None:
    """Print to stdout; where its encoding cannot hold a character, print `fallback` or escapes."""
    try:
        click.echo(text)
    except UnicodeEncodeError:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        if fallback is None:
            fallback = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
        click.echo(fallback)


def _error(source: str, problem: str) -> None:
    click.echo(f"newsfacet: error: {_shown(source)}: {problem}", err=True)


def _describe(exc: BaseException) -> str:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"internal error: {type(exc).__name__}" + (f": {detail}" if detail else "")


# --------------------------------------------------------------------------- options


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> Date | None:
    if value is None:
        return None
    value = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD (for example 2025-11-14).")
    try:
        return Date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a real date ({exc}).") from None


def _blank_is_none(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


# --------------------------------------------------------------------------- commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newsfacet")
def main() -> None:
    """Full-text search with facets for news clippings.

    newsfacet takes page captures (text copied out of a browser, or a page's
    HTML), strips the page furniture (menus, appeals, newsletter boxes,
    related links, comments), and finds each article's title, outlet, date,
    author and the people and organisations it mentions.

    \b
    Examples:
      newsfacet extract clipping.txt
      newsfacet extract --json captures/ > articles.jsonl
      newsfacet extract --help

    Run `newsfacet COMMAND --help` for a command's options.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object per line for each article (JSON Lines) "
                   "instead of readable text.")
@click.option("--explain", is_flag=True,
              help="After each article, list every dropped block with its reason, "
                   "in reading order. Reasons: " + ", ".join(REASONS) + ". With --json "
                   "it changes nothing: the JSON always has them in its \"dropped\" key.")
@click.option("--outlet", metavar="NAME", callback=_blank_is_none,
              help="The outlet (publication) of the captures; wins over what they state.")
@click.option("--url", metavar="URL", callback=_blank_is_none,
              help="The page's address; wins over what the capture states.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", callback=_parse_date,
              help="The publication date; wins over what the capture states.")
def extract(paths: tuple[str, ...], as_json: bool, explain: bool,
            outlet: str | None, url: str | None, date_: Date | None) -> None:
    """Print the articles found in page captures.

    Each PATH is a capture file (.txt: text copied out of a browser; .html or
    .html.gz: the page's source), a directory (searched recursively for
    *.txt, *.text, *.htm, *.html, *.html.gz and *.htm.gz; hidden files are
    skipped), a glob pattern such as 'captures/**/*.txt' (quoted, so that
    newsfacet expands it), or - for standard input. Lines that repeat across
    the captures of one run are taken as site furniture, so give the captures
    of one site together.

    For each article: its title, then Outlet, Date, Author, URL and Source
    lines, then the text. A capture with an article appended below the main
    one gives two articles, the main one first. --outlet, --url and --date
    apply to every capture of the run.

    A file that cannot be read gets one line on standard error, and the
    others are still processed:

    \b
      newsfacet: error: scan.pdf: binary file, not a text or HTML capture (looks like PDF document)

    Exit status: 0 if every file was read, 1 if any failed, 2 for a usage error.

    \b
    Examples:
      newsfacet extract clipping.txt
      newsfacet extract --explain clipping.txt
      newsfacet extract --json captures/ > articles.jsonl
      newsfacet extract 'captures/**/*.html.gz'
      pbpaste | newsfacet extract --url https://example.com/a --date 2025-11-14 -
    """
    failed = False
    captures: list[Capture] = []
    for path, problem in iter_capture_paths(paths):
        if problem is not None:
            _error(problem.source, problem.problem)
            failed = True
            continue
        try:
            captures.append(read_capture(path))
        except CaptureError as exc:
            _error(exc.source, exc.problem)
            failed = True
        except NewsfacetError as exc:
            _error(path, str(exc))
            failed = True
        except Exception as exc:  # a bug with one file must not stop the batch
            _error(path, _describe(exc))
            failed = True

    hints = {"url": url, "outlet": outlet, "date": date_}
    results, batch_failed = _extract_all(captures, hints)
    failed = failed or batch_failed

    first = True
    for capture, articles in zip(captures, results):
        if isinstance(articles, BaseException):
            exc = articles
            if isinstance(exc, CaptureError):
                _error(exc.source, exc.problem)
            elif isinstance(exc, NewsfacetError):
                _error(capture.source, str(exc))
            else:
                _error(capture.source, _describe(exc))
            failed = True
            continue
        for article in articles:
            if as_json:
                record = article.to_dict()
                _echo(json.dumps(record, ensure_ascii=False), fallback=json.dumps(record))
            else:
                if not first:
                    _echo("\n" + _RULE + "\n")
                _echo(format_article(article, explain=explain))
            first = False
    click.get_current_context().exit(1 if failed else 0)


def _extract_all(captures: list[Capture], hints: dict) -> tuple[list, bool]:
    """Each capture's articles (or the exception it raised), and whether the batch step failed.

    The whole batch goes to `pipeline.extract_batch`, so that lines repeating
    across captures count as furniture. If that raises, every capture is
    extracted on its own, so that one bad capture costs only itself.
    """
    if not captures:
        return [], False
    try:
        results = pipeline.extract_batch(captures, **hints)
        if len(results) != len(captures):
            raise RuntimeError(f"extract_batch gave {len(results)} results for {len(captures)} captures")
        return list(results), False
    except Exception as exc:
        click.echo(f"newsfacet: error: extracting the captures together failed "
                   f"({_describe(exc)}); extracting each on its own", err=True)
    results: list = []
    for capture in captures:
        try:
            results.append(pipeline.extract_capture(capture, **hints))
        except Exception as exc:
            results.append(exc)
    return results, True


if __name__ == "__main__":
    main(prog_name="newsfacet")
