"""The `newsfacet` command. Thin: parse arguments, call the library, print.

Errors a user can cause (a missing, empty, binary or too large file) are
:class:`~search.errors.NewsfacetError` and become one line on standard error;
the other files of the batch are still processed.
"""
from __future__ import annotations

import functools
import json
import logging
import re
import signal
import sys
import threading
from contextlib import contextmanager
from datetime import date as Date

import click

from search import __version__
from search.extract import pipeline
from search.extract.article import REASONS, Article
from search.extract.capture import Capture, iter_capture_paths, read_capture
from search.errors import BadQuery, CaptureError, Interrupted, NewsfacetError

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
@click.option("--backend", type=click.Choice(["whoosh", "sphinx"]), default=None,
              help="Where documents are kept and searched: whoosh (the index folder, the default) or "
                   "sphinx (a SphinxQL cluster: Sphinx or Manticore searchd nodes). "
                   "Default: $NEWSFACET_BACKEND, else the config file, else whoosh.")
@click.option("--nodes", metavar="HOST:PORT,...", default=None,
              help="The cluster's SphinxQL addresses: the coordinator (distributed index) first, then "
                   "every shard, always in the same order. Default: $NEWSFACET_NODES, else the config file.")
@click.option("--config", "config_file", metavar="FILE", default=None,
              help="A newsfacet.toml with a [backend] table (name, nodes, on_shard_down); "
                   "default: newsfacet.toml in the index folder, if there is one.")
@click.option("--on-shard-down", type=click.Choice(["warn", "error"]), default=None,
              help="When a shard does not answer: warn (partial results, with a warning; the default) "
                   "or error.")
@click.pass_context
def main(ctx: click.Context, backend, nodes, config_file, on_shard_down) -> None:
    """Full-text search with facets for news clippings.

    newsfacet takes page captures (text copied out of a browser, or a page's
    HTML), strips the page furniture (menus, appeals, newsletter boxes,
    related links, comments), and finds each article's title, outlet, date,
    author and the people and organisations it mentions.

    \b
    Examples:
      newsfacet extract clipping.txt     # what newsfacet keeps of a page, and why
      newsfacet ingest captures/         # add captures to the index (./index)
      newsfacet search 'Macron Putin' --outlet "The Independent"
      newsfacet serve                    # the search page on http://127.0.0.1:5000
      newsfacet --backend sphinx --nodes 10.0.0.1:9306,10.0.0.2:9306,10.0.0.3:9306 search opec

    Run `newsfacet COMMAND --help` for a command's options.
    """
    ctx.obj = {"backend": backend, "nodes": nodes, "config": config_file, "on_shard_down": on_shard_down}
    _show_library_notes()


class _NoteHandler(logging.Handler):
    """The library's notes (what recovery after a crashed writer did) as lines on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"newsfacet: {record.getMessage()}", err=True)


def _show_library_notes() -> None:
    log = logging.getLogger("newsfacet")
    if not any(isinstance(h, _NoteHandler) for h in log.handlers):
        log.addHandler(_NoteHandler(logging.WARNING))
        log.propagate = False


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


# --------------------------------------------------------------------------- the index commands
# Each opens the index named by --index (else NEWSFACET_INDEX, else ./index: settings.index_dir),
# calls one library function and prints its result. Library errors become one line and a hint.


class _UserError(click.ClickException):
    """A NewsfacetError as one line on standard error, a hint, and an exit status."""

    def __init__(self, exc: NewsfacetError, exit_code: int = 1):
        super().__init__(str(exc))
        self.exc = exc
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"newsfacet: error: {self.message}", err=True)
        pointer = self.exc.pointer() if isinstance(self.exc, BadQuery) else ""
        if pointer:
            click.echo(pointer, err=True)
        hint = getattr(self.exc, "hint", "")
        if hint:
            click.echo(f"hint: {hint}", err=True)


def _library(fn):
    """Run a command body, turning library errors into _UserError (bad queries exit 2)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BadQuery as exc:
            raise _UserError(exc, 2) from None
        except NewsfacetError as exc:
            raise _UserError(exc, 1) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:    # a bug of ours: still one line, never a traceback
            error = NewsfacetError(_describe(exc))
            error.hint = "this is a bug in newsfacet; please report it with the command that showed it"
            raise _UserError(error, 1) from None
    return wrapper


_index_option = click.option("--index", "index_path", metavar="DIR", envvar=None,
                             help="The index folder (default: $NEWSFACET_INDEX, else ./index).")


def _settings(path):
    """The backend settings of the command line (global options), else as settings.py finds them."""
    from search.settings import backend_settings

    ctx = click.get_current_context(silent=True)
    obj = (ctx.find_root().obj if ctx is not None else None) or {}
    return backend_settings(path, backend=obj.get("backend"), nodes=obj.get("nodes"),
                            on_shard_down=obj.get("on_shard_down"), config=obj.get("config"))


def _open(index_path: str | None):
    """The index on its backend, closed (its files, its connections) when the command ends."""
    from search.backends import open_index
    from search.settings import index_dir

    path = index_dir(index_path)
    index = open_index(path, _settings(path))
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.call_on_close(index.close)
    return index


def _print_json(obj) -> None:
    text = json.dumps(obj, ensure_ascii=False)
    _echo(text, fallback=json.dumps(obj))


def _terminal_snippet(snippet: str) -> str:
    import html

    parts = re.split(r"<mark>(.*?)</mark>", snippet)
    return "".join(html.unescape(p) if i % 2 == 0 else click.style(html.unescape(p), bold=True)
                   for i, p in enumerate(parts))


def _print_hits(result: dict) -> None:
    for warning in result.get("warnings") or []:
        click.echo(f"newsfacet: warning: partial results: {warning}", err=True)
    total, docs = result["total"], result["total_documents"]
    shown = f"{total} result{'s' if total != 1 else ''}"
    if result["collapsed"] and docs != total:
        shown += f" ({docs} documents; syndicated copies folded)"
    _echo(f"{shown}, page {result['page']} of {result['pages']}, {result['took_ms']} ms")
    if result.get("suggestion"):
        _echo(f"Did you mean: {result['suggestion']}")
    for hit in result["hits"]:
        meta = " · ".join(x for x in (hit["outlet"] or "(no outlet)", hit["date"] or "(no date)") if x)
        _echo("")
        _echo(f"[{hit['id']}] " + click.style(hit["title"] or "(no title)", bold=True))
        copies = f" · {hit['copies']} copies in {hit['copy_outlets']} outlets" if hit["copies"] > 1 else ""
        _echo(f"  {meta}{copies}")
        if hit["actors"]:
            _echo("  " + ", ".join(a["name"] for a in hit["actors"][:8]))
        _echo("  " + _terminal_snippet(hit["snippet"]))
    facets = result["facets"]
    _echo("")
    for name in ("outlet", "actor"):
        f = facets[name]
        values = ", ".join(f"{'*' if v['selected'] else ''}{v['value']} ({v['count']})" for v in f["values"])
        more = ", …" if f["truncated"] else ""
        missing = f", (none) ({f['missing']})" if f["missing"] else ""
        _echo(f"{name.capitalize()}: {values or '-'}{more}{missing}")
    d = facets["date"]
    bars = ", ".join(f"{v['value']} ({v['count']})" for v in d["values"] if v["count"])
    missing = f", (no date) ({d['missing']})" if d["missing"] else ""
    _echo(f"Date by {d['interval']}: {bars or '-'}{missing}")


def _print_csv(result: dict) -> None:
    import csv
    import html

    out = csv.writer(sys.stdout)
    out.writerow(["id", "title", "outlet", "date", "actors", "url", "score", "copies", "snippet"])
    for h in result["hits"]:
        snippet = html.unescape(re.sub(r"</?mark>", "", h["snippet"]))
        row = [h["id"], h["title"] or "", h["outlet"] or "", h["date"] or "",
               "; ".join(a["name"] for a in h["actors"]), h["url"] or "", h["score"], h["copies"], snippet]
        out.writerow([("'" + c) if isinstance(c, str) and c[:1] in ("=", "+", "-", "@") else c for c in row])


def _wait_message(holder: str) -> None:
    who = f" ({holder})" if holder else ""
    click.echo(f"newsfacet: another process{who} is writing to the index; waiting for it to finish…", err=True)


def _progress(total_hint: str = "captures"):
    """A progress line on standard error (captures done, documents, docs/s); a no-op off a terminal."""
    import time as _time

    start = _time.perf_counter()
    interactive = sys.stderr.isatty()

    def report(done: int, documents: int) -> None:
        if not interactive:
            return
        rate = documents / max(1e-9, _time.perf_counter() - start)
        click.echo(f"\r  {done} {total_hint} read, {documents} documents written, {rate:,.0f} docs/s ",
                   err=True, nl=False)

    def finish() -> None:
        if interactive:
            click.echo("", err=True)
    return report, finish


@contextmanager
def _stoppable():
    """Ctrl-C or SIGTERM asks the run to stop after the captures in hand: it commits
    them and raises Interrupted. A second Ctrl-C stops at once (the batch in hand is
    dropped; what was committed stays). Yields (the stop event, the signals received)."""
    stop = threading.Event()
    received: list[int] = []

    def handler(signum, frame):
        received.append(signum)
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo("\nnewsfacet: stopping after the captures in hand (Ctrl-C again to stop at once)…", err=True)

    if threading.current_thread() is not threading.main_thread():
        yield stop, received
        return
    old = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop, received
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)


def _interrupted(exc: Interrupted, received: list[int], what: str) -> None:
    """Say what an interrupted run left, and exit 130 (SIGINT) or 143 (SIGTERM)."""
    s = exc.summary
    if what == "reindex":
        click.echo("newsfacet: reindex interrupted; the index is as it was before it.", err=True)
    elif s is not None:
        click.echo(f"newsfacet: interrupted: {s.committed} capture{'s' if s.committed != 1 else ''} "
                   f"({s.committed_documents} document{'s' if s.committed_documents != 1 else ''}) were "
                   f"committed by this run and are searchable; {s.unchanged} were already in.", err=True)
        for source, reason in s.failed:
            _error(source, reason)
    click.echo(f"hint: {exc.hint}", err=True)
    sig = received[0] if received else signal.SIGINT
    click.get_current_context().exit(128 + int(sig))


def _print_summary(summary, verb: str = "Ingested") -> None:
    s = summary
    rate = s.documents / s.seconds if s.seconds else 0.0
    click.echo(f"{verb} in {s.seconds:.1f} s ({rate:,.0f} docs/s): {s.added} added, {s.updated} updated, "
               f"{s.unchanged} unchanged, {s.duplicates} duplicates, {len(s.failed)} failed; "
               f"{s.documents} documents written.", err=True)
    for source, reason in s.failed:
        _error(source, reason)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@_index_option
@click.option("--outlet", metavar="NAME", callback=_blank_is_none,
              help="The outlet of every capture; wins over what they state.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Extraction processes (default: the number of cores).")
@click.option("--lock-timeout", type=click.FloatRange(0), default=600.0, show_default=True,
              help="Seconds to wait for another writer to finish.")
@click.option("--batch", type=click.IntRange(1), default=None, metavar="N",
              help="Captures per commit (default 1000). A run stopped or killed keeps every "
                   "commit; running it again does the rest.")
@_library
def ingest(paths, index_path, outlet, workers, lock_timeout, batch) -> None:
    """Add captures to the index (created if needed).

    PATH is a capture file, a folder (searched recursively), a quoted glob, or a
    JSON Lines file (.jsonl, .ndjson) of records {"url", "html" or "text", and
    optionally "outlet", "date", "title", "actors"}. A capture ingested again
    (same canonical URL, else same content) is updated, never duplicated. The raw
    captures are kept, compressed, in the index folder for `newsfacet reindex`.

    Commits every --batch captures. Ctrl-C (or SIGTERM) stops after the captures
    in hand, commits them and says what is in; run the same command again to
    finish (what is in is skipped). Killed outright, the index keeps its last
    commit. One writer at a time: a second one waits up to --lock-timeout.

    Exit status: 0 if every capture went in, 1 if any failed (each is named),
    130 when stopped by Ctrl-C (143: SIGTERM).

    \b
    Examples:
      newsfacet ingest captures/
      newsfacet ingest --index ~/clips/index --workers 2 'captures/**/*.html.gz'
      newsfacet ingest records.jsonl
    """
    from search.ingest import ingest as run_ingest
    from search.settings import INGEST_BATCH, index_dir

    report, finish = _progress()
    path = index_dir(index_path)
    with _stoppable() as (stop, received):
        try:
            summary = run_ingest(path, paths, outlet=outlet, workers=workers,
                                 batch=batch or INGEST_BATCH, lock_timeout=lock_timeout,
                                 on_wait=_wait_message, on_progress=report, stop=stop, settings=_settings(path))
        except Interrupted as exc:
            finish()
            _interrupted(exc, received, "ingest")
        except KeyboardInterrupt:   # before the run started (waiting for the lock)
            finish()
            click.echo("newsfacet: interrupted before anything was written.", err=True)
            click.get_current_context().exit(130)
        finally:
            finish()
    _print_summary(summary)
    click.get_current_context().exit(1 if summary.failed else 0)


def _search_request(query, outlet, actor, date_from, date_to, sort, page, per_page, any_word, no_collapse,
                    interval, facet_size):
    from search.engine import SearchRequest

    return SearchRequest(query=query, outlet=list(outlet), actor=list(actor), date_from=date_from,
                         date_to=date_to, sort=sort, page=page, per_page=per_page, any_word=any_word,
                         collapse=not no_collapse, interval=interval, facet_top=facet_size)


def _search_options(fn):
    options = [
        click.option("--outlet", multiple=True, metavar="NAME", help="Only this outlet (repeat: any of them)."),
        click.option("--actor", multiple=True, metavar="NAME", help="Only documents naming this actor (repeat: any)."),
        click.option("--from", "date_from", metavar="YYYY-MM-DD", callback=_parse_date, help="Dated on or after."),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", callback=_parse_date, help="Dated on or before."),
        click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
                     show_default=True),
        click.option("--page", type=int, default=1, show_default=True),
        click.option("--per-page", type=int, default=10, show_default=True),
        click.option("--any", "any_word", is_flag=True, help="Rank by any of the words (natural language)."),
        click.option("--no-collapse", is_flag=True, help="Show every syndicated copy, not one per story."),
        click.option("--interval", type=click.Choice(["day", "month", "year"]), default=None,
                     help="Date histogram buckets (default: from the span of the matches)."),
        click.option("--facet-size", type=int, default=10, show_default=True, help="Values listed per facet."),
        _index_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@main.command(name="search")
@click.argument("query", nargs=-1)
@_search_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the page of hits as CSV.")
@click.option("--explain", is_flag=True, help="Show how the query was read, with each word's document count.")
@_library
def search_command(query, outlet, actor, date_from, date_to, sort, page, per_page, any_word, no_collapse,
                   interval, facet_size, index_path, as_json, as_csv, explain) -> None:
    """Search the index: ranked results, highlighted snippets, facet counts.

    \b
    Query syntax (all words required unless --any):
      oil prices          both words (stemmed)        "oil prices"   the phrase
      oil OR gas          either                      oil -gas, oil NOT gas
      pri*                prefix                      (oil OR gas) opec
      title:opec  outlet:Reuters  actor:"Emmanuel Macron"
      date:2022-01-01..2022-02-28   date:2022   date:2023-03..

    Facets (outlet, actor, date) count every matching document; values chosen
    within a facet are ORed, facets ANDed, each counted without its own choice.
    Exit status: 0, 1 (no index or other error), 2 (bad query or option).

    \b
    Examples:
      newsfacet search Macron
      newsfacet search '"peace talks" Ukraine' --outlet "The Moscow Times" --sort newest
      newsfacet search opec --json
    """
    from search.engine import search as run_search

    request = _search_request(" ".join(query), outlet, actor, date_from, date_to, sort, page, per_page,
                              any_word, no_collapse, interval, facet_size)
    index = _open(index_path)
    if explain:
        _explain(index, request)
    result = run_search(index, request)
    if as_json:
        _print_json(result)
    elif as_csv:
        _print_csv(result)
    else:
        _print_hits(result)


def _explain(index, request) -> None:
    from search.backends.whoosh.evaluate import Evaluator, analyze
    from search.query import describe, parse, words

    node = parse(request.query, any_word=request.any_word)
    click.echo(f"Query: {describe(node)}", err=True)
    if not hasattr(index, "columns"):  # the sphinx backend: the SphinxQL it sends
        from search.backends.sphinx.backend import _Translator

        match, conds = _Translator(index.names).translate(node)
        click.echo(f"  MATCH({match!r})" + "".join(f" AND {c}" for c in conds), err=True)
        return
    cols = index.columns()
    for w in words(node):
        terms = analyze(w.text) if w.kind != "prefix" else [w.text.lower() + "*"]
        fields = [w.field] if w.field else ["title", "body"]
        counts = ", ".join(f"{f}:{t} in {len(cols.postings(f, t)[0])} docs"
                           for f in fields for t in terms if not t.endswith("*"))
        click.echo(f"  {w.text!r} -> {' '.join(terms) or '(stop words only: ignored)'}"
                   + (f" ({counts})" if counts else ""), err=True)
    click.echo(f"  matches before facet filters: {int(Evaluator(cols).run(node).mask.sum())}", err=True)


@main.command()
@click.argument("doc_id", metavar="ID")
@_index_option
@click.option("--json", "as_json", is_flag=True, help="Print the document as one JSON object.")
@_library
def show(doc_id, index_path, as_json) -> None:
    """Print one document: its metadata, clean text, syndicated copies and dropped blocks."""
    from datetime import date as _date

    from search.extract.article import Actor, Dropped
    from search.engine import show as run_show

    doc = run_show(_open(index_path), doc_id)
    if as_json:
        _print_json(doc)
        return
    article = Article(source=doc["source"] or "", body=doc["body"], title=doc["title"], url=doc["url"],
                      outlet=doc["outlet"], date=_date.fromisoformat(doc["date"]) if doc["date"] else None,
                      author=doc["author"], actors=[Actor(a["name"], a["type"]) for a in doc["actors"]],
                      dropped=[Dropped(d["text"], d["reason"]) for d in doc["dropped"]])
    _echo(f"[{doc['id']}]")
    _echo(format_article(article, explain=True))
    if doc["copies"]:
        _echo(f"\nSyndicated copies ({len(doc['copies'])}):")
        for c in doc["copies"]:
            _echo(f"  [{c['id']}] {c['outlet'] or '(no outlet)'} {c['date'] or ''}")


@main.command()
@click.argument("doc_id", metavar="ID")
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--per-page", type=int, default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@_index_option
@_library
def similar(doc_id, page, per_page, as_json, index_path) -> None:
    """Documents like document ID (more like this; its own syndicated copies left out)."""
    from search.engine import SearchRequest, similar as run_similar

    result = run_similar(_open(index_path), doc_id, SearchRequest(page=page, per_page=per_page))
    if as_json:
        _print_json(result)
    else:
        _print_hits(result)


@main.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="ID...")
@_index_option
@click.option("--lock-timeout", type=click.FloatRange(0), default=600.0, show_default=True)
@_library
def delete(doc_ids, index_path, lock_timeout) -> None:
    """Delete documents by id. They stay deleted when their capture is ingested again
    and through `reindex`."""
    from search.engine import delete as run_delete

    from search.backends.whoosh.safety import write_errors

    index = _open(index_path)
    with write_errors(index.path), index.writing(timeout=lock_timeout, on_wait=_wait_message):
        missing = run_delete(index, list(doc_ids))
    deleted = len(doc_ids) - len(missing)
    click.echo(f"Deleted {deleted} document{'s' if deleted != 1 else ''}.", err=True)
    for d in missing:
        click.echo(f"newsfacet: error: no document with id {d!r}", err=True)
    click.get_current_context().exit(1 if missing else 0)


@main.command()
@_index_option
@click.option("--json", "as_json", is_flag=True)
@_library
def stats(index_path, as_json) -> None:
    """Sizes of the index: documents, captures, outlets, actors, dates, bytes."""
    from search.engine import stats as run_stats

    result = run_stats(_open(index_path))
    if as_json:
        _print_json(result)
        return
    for key, value in result.items():
        _echo(f"{key.replace('_', ' ')}: {value if value is not None else '-'}")


@main.command()
@click.argument("name", type=click.Choice(["outlet", "actor"]))
@click.option("--prefix", default="", help="Only values with a word starting with this.")
@click.option("--query", "-q", default="", help="Count over the documents matching this query.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@_index_option
@_library
def facets(name, prefix, query, limit, as_json, index_path) -> None:
    """List the values of facet NAME (outlet or actor) with their document counts."""
    from search.engine import SearchRequest, facet_values

    result = facet_values(_open(index_path), name, SearchRequest(query=query, facet_top=limit), prefix)
    if as_json:
        _print_json(result)
        return
    for v in result["values"]:
        _echo(f"{v['count']:8d}  {v['value']}")
    if result["truncated"]:
        _echo("       …  (more: raise --limit or give --prefix)")
    if result["missing"] and not prefix:
        _echo(f"{result['missing']:8d}  (none)")


@main.command()
@_index_option
@click.option("--workers", type=click.IntRange(1, 64), default=None)
@click.option("--lock-timeout", type=click.FloatRange(0), default=600.0, show_default=True)
@_library
def reindex(index_path, workers, lock_timeout) -> None:
    """Rebuild the index from the captures stored in it (after the extractor improved,
    or to recover a damaged index).

    The new index is built beside the old one (whoosh.new/) and swapped in at once
    when complete; searches keep answering from the old one meanwhile. Stopped or
    killed before the end, the old index is left as it was.

    With --backend sphinx the cluster's shards are emptied and filled from the stored
    captures: this moves an index folder from Whoosh to the cluster (and
    `newsfacet reindex` without it, back)."""
    from search.backends.whoosh.index import STORE_FILE, Index, exists
    from search.ingest import reindex as run_reindex
    from search.settings import index_dir

    path = index_dir(index_path)
    settings = _settings(path)
    if settings.backend == "sphinx":
        from search.backends.sphinx.backend import reindex as run_reindex  # noqa: F811
        run_reindex = functools.partial(run_reindex, settings=settings)
    elif not exists(path) and (path / STORE_FILE).exists():
        Index.open(path, create=True).close()  # back from the cluster: a Whoosh index to rebuild into
    report, finish = _progress()
    with _stoppable() as (stop, received):
        try:
            summary = run_reindex(path, workers=workers, lock_timeout=lock_timeout,
                                  on_wait=_wait_message, on_progress=report, stop=stop)
        except Interrupted as exc:
            finish()
            _interrupted(exc, received, "reindex")
        except KeyboardInterrupt:
            finish()
            click.echo("newsfacet: reindex interrupted; the index is as it was before it.", err=True)
            click.get_current_context().exit(130)
        finally:
            finish()
    _print_summary(summary, "Reindexed")
    click.get_current_context().exit(1 if summary.failed else 0)


@main.command()
@_index_option
@click.option("--lock-timeout", type=click.FloatRange(0), default=600.0, show_default=True,
              help="Seconds to wait for a running writer to finish.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@_library
def check(index_path, lock_timeout, as_json) -> None:
    """Verify the index: every segment opens and reads, its files are as they were
    written, and its documents match the stored captures.

    Also cleans up after a writer that died (temporary files, an unfinished reindex or
    batch). Waits for a running writer first. Exit status: 0 if the index is sound,
    1 if there are problems (each is named; `newsfacet reindex` rebuilds the index
    from the stored captures).

    \b
    Examples:
      newsfacet check
      newsfacet check --index ~/clips/index --json
    """
    from search.backends.whoosh.check import check as run_check
    from search.settings import index_dir

    path = index_dir(index_path)
    if _settings(path).backend != "whoosh":
        raise click.UsageError("check verifies the Whoosh index of an index folder; the Sphinx backend's "
                               "shards are not checked by it (run it without --backend sphinx)")
    report = run_check(path, lock_timeout=lock_timeout, on_wait=_wait_message)
    if as_json:
        _print_json(report.to_dict())
    else:
        for note in report.notes:
            click.echo(f"newsfacet: {note}", err=True)
        for problem in report.problems:
            click.echo(f"newsfacet: problem: {problem}", err=True)
        state = "OK" if report.ok else f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''}"
        _echo(f"{state}: {report.documents} documents in {report.segments} segments, "
              f"{report.captures} stored captures ({report.path}).")
    if not report.ok:
        click.echo("hint: run `newsfacet reindex` to rebuild the index from the stored captures "
                   "(the old index stays until the new one is complete)", err=True)
    click.get_current_context().exit(0 if report.ok else 1)


# --------------------------------------------------------------------------- actors


@main.group()
def actors() -> None:
    """The actor names: merge a variant into a canonical name, list the merges."""


@actors.command("merge")
@click.argument("variant")
@click.argument("canonical")
@_index_option
@_library
def actors_merge(variant: str, canonical: str, index_path: str | None) -> None:
    """Take VARIANT for CANONICAL from now on: "newsfacet actors merge Zelenskyy 'Volodymyr Zelensky'".

    The merge is kept in the user alias file beside the index (aliases.json), which
    extraction reads from then on, and documents already in the index are re-labelled
    at once, without extracting them again."""
    from search.backends.whoosh.relabel import relabel_index
    from search.extract.canonical import alias_file, merge_alias
    from search.backends.whoosh.index import exists

    path = alias_file(index_path)
    try:
        merge_alias(path, variant, canonical)
    except (OSError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    _echo(f"{variant} -> {canonical} (in {path})")
    if exists(path.parent):
        changed = relabel_index(path.parent, variant, canonical)
        _echo(f"re-labelled {changed} indexed document{'s' if changed != 1 else ''}")


@actors.command("list")
@_index_option
def actors_list(index_path: str | None) -> None:
    """List the user's merges (VARIANT -> CANONICAL)."""
    from search.extract.canonical import alias_file, read_user_aliases

    path = alias_file(index_path)
    try:
        aliases = read_user_aliases(path)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    for variant, canonical in sorted(aliases.items(), key=lambda kv: (kv[1].lower(), kv[0].lower())):
        _echo(f"{variant} -> {canonical}")


# --------------------------------------------------------------------------- serve


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=5000, show_default=True,
              help="The port (0: any free one).")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Worker threads answering requests.")
@_index_option
@_library
def serve(host: str, port: int, threads: int, index_path: str | None) -> None:
    """Serve the search page and the JSON API (waitress, a production WSGI server).

    \b
    Examples:
      newsfacet serve                       # http://127.0.0.1:5000/
      newsfacet serve --index ~/clips/index --port 8080
    """
    from waitress import create_server

    from web import create_app

    from search.backends.whoosh.index import exists
    from search.settings import index_dir

    path = index_dir(index_path)
    if not exists(path) and _settings(path).backend == "whoosh":
        click.echo(f"newsfacet: warning: no index at {path} yet; pages will say so until "
                   "`newsfacet ingest` creates it", err=True)
    settings = _settings(path)
    app = create_app()
    app.config["INDEX"] = str(path)   # read when the index is first opened
    app.config.update(BACKEND=settings.backend, NODES=list(settings.nodes), ON_SHARD_DOWN=settings.on_shard_down)
    server = create_server(app, host=host, port=port, threads=threads, ident="newsfacet")
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newsfacet: serving {path} on http://{shown}:{server.effective_port}/ (Ctrl+C to stop)", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main(prog_name="newsfacet")
