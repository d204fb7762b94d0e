"""`newsfacet extract`: the articles found in page captures, as text or JSON Lines.

Also the readable form of an article (`format_article`), which `newsfacet show` uses too.
"""
from __future__ import annotations

import json
from datetime import date as Date

import click

from search.cli.common import blank_is_none, describe, echo, error, parse_date, shown
from search.errors import CaptureError, NewsfacetError
from search.extract.article import REASONS, Article
from search.extract import formats, records
from search.extract.capture import Capture, iter_capture_paths, read_capture
from search.extract.formats import sniff

#: Longest dropped block shown by --explain, in characters.
EXPLAIN_WIDTH = 100
_RULE = "-" * 72
#: Records of an archive, mailbox or feed extracted together (their repeated lines are furniture).
RECORD_CHUNK = 32


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
        f"Source: {shown(article.source)}",
    ]
    if article.provenance:
        lines.append(f"Record: {records.describe_provenance(article.provenance)}")
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


# --------------------------------------------------------------------------- the command


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object per line for each article (JSON Lines) "
                   "instead of readable text.")
@click.option("--explain", is_flag=True,
              help="After each article, list every dropped block with its reason, "
                   "in reading order. Reasons: " + ", ".join(REASONS) + ". With --json "
                   "it changes nothing: the JSON always has them in its \"dropped\" key.")
@click.option("--outlet", metavar="NAME", callback=blank_is_none,
              help="The outlet (publication) of the captures; wins over what they state.")
@click.option("--url", metavar="URL", callback=blank_is_none,
              help="The page's address; wins over what the capture states.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", callback=parse_date,
              help="The publication date; wins over what the capture states.")
@click.option("--as-is", "as_is", is_flag=True,
              help="The captures are already clean (a press release, a transcript, an API's text): "
                   "take each whole, as given, with nothing stripped; title, outlet, date and author "
                   "come only from the options (or a record), never from the text.")
def extract(paths: tuple[str, ...], as_json: bool, explain: bool,
            outlet: str | None, url: str | None, date_: Date | None, as_is: bool = False) -> None:
    """Print the articles found in page captures.

    Each PATH is a capture file (.txt: text copied out of a browser; .html or
    .html.gz: the page's source), a file of many captures told by its content
    (a WARC or WACZ web archive, an MHTML saved page, an .eml e-mail or .mbox
    mailbox, an RSS, Atom or JSON feed: each record is a capture), a directory (searched recursively for
    *.txt, *.text, *.htm, *.html, *.html.gz, *.htm.gz, *.warc, *.warc.gz,
    *.wacz, *.mht, *.mhtml, *.eml, *.mbox, *.rss and *.atom; hidden files are
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
      newsfacet extract --json crawl.warc.gz newsletters.mbox feed.xml
      pbpaste | newsfacet extract --url https://example.com/a --date 2025-11-14 -
    """
    failed = False
    captures: list[Capture] = []
    printer = _Printer(as_json, explain)
    for path, problem in iter_capture_paths(paths):
        if problem is not None:
            error(problem.source, problem.problem)
            failed = True
            continue
        fmt = sniff(path) if path != "-" else None
        if fmt is not None:   # an archive, saved page, mailbox or feed: its records, a chunk at a time
            failed = _extract_records(path, fmt, printer, url=url, outlet=outlet, date=date_, clean=as_is) or failed
            continue
        try:
            captures.append(read_capture(path))
        except CaptureError as exc:
            error(exc.source, exc.problem)
            failed = True
        except NewsfacetError as exc:
            error(path, str(exc))
            failed = True
        except Exception as exc:  # a bug with one file must not stop the batch
            error(path, describe(exc))
            failed = True

    hints = {"url": url, "outlet": outlet, "date": date_, "clean": as_is}
    results, batch_failed = _extract_all(captures, hints)
    failed = failed or batch_failed

    for capture, articles in zip(captures, results):
        failed = not printer.show(capture, articles) or failed
    click.get_current_context().exit(1 if failed else 0)


class _Printer:
    """Prints each capture's articles (or its error line), as text or JSON Lines."""

    def __init__(self, as_json: bool, explain: bool):
        self.as_json, self.explain, self.first = as_json, explain, True

    def show(self, capture: Capture, articles) -> bool:
        """Print; False if `articles` is the exception the capture raised."""
        if isinstance(articles, BaseException):
            exc = articles
            if isinstance(exc, CaptureError):
                error(exc.source, exc.problem)
            elif isinstance(exc, NewsfacetError):
                error(capture.source, str(exc))
            else:
                error(capture.source, describe(exc))
            return False
        for article in articles:
            if self.as_json:
                record = article.to_dict()
                echo(json.dumps(record, ensure_ascii=False), fallback=json.dumps(record))
            else:
                if not self.first:
                    echo("\n" + _RULE + "\n")
                echo(format_article(article, explain=self.explain))
            self.first = False
        return True


def _extract_records(path: str, fmt: str, printer: _Printer, **hints) -> bool:
    """Extract and print the records of one file of many, a chunk at a time (bounded memory);
    True if any record failed. Records that are not pages are counted on standard error."""
    # imported here, not with the module: `newsfacet ingest` loads this module too, and its
    # process (the writer) never extracts (search/workers.py)
    from search.extract import finish

    failed, skipped, chunk = False, 0, []

    def flush() -> None:
        nonlocal failed
        for capture, articles in zip(chunk, finish.extract_records(chunk, **hints)):
            failed = not printer.show(capture, articles) or failed
        chunk.clear()

    for record in formats.records(path, fmt):
        if isinstance(record, records.Skipped):
            skipped += 1
        elif isinstance(record, CaptureError):
            error(record.source, record.problem)
            failed = True
        else:
            try:
                chunk.append(record.capture())
            except CaptureError as exc:
                error(exc.source, exc.problem)
                failed = True
                continue
            if len(chunk) >= RECORD_CHUNK:
                flush()
    flush()
    if skipped:
        click.echo(f"newsfacet: {shown(path)}: {skipped} record{'s' if skipped != 1 else ''} skipped "
                   "(not pages: revisits, redirects, not HTML)", err=True)
    return failed


def _extract_all(captures: list[Capture], hints: dict) -> tuple[list, bool]:
    """Each capture's articles (or the exception it raised), and whether the batch step failed.

    The whole batch goes to `pipeline.extract_batch`, so that lines repeating
    across captures count as furniture. If that raises, every capture is
    extracted on its own, so that one bad capture costs only itself.
    """
    from search.extract import pipeline   # imported here: see _extract_records

    if not captures:
        return [], False
    try:
        results = pipeline.extract_batch(captures, **hints)
        if len(results) != len(captures):
            raise RuntimeError(f"extract_batch gave {len(results)} results for {len(captures)} captures")
        return list(results), False
    except Exception as exc:
        click.echo(f"newsfacet: error: extracting the captures together failed "
                   f"({describe(exc)}); extracting each on its own", err=True)
    results: list = []
    for capture in captures:
        try:
            results.append(pipeline.extract_capture(capture, **hints))
        except Exception as exc:
            results.append(exc)
    return results, True
