"""The commands that write or verify the index: `ingest`, `delete`, `reindex`, `check`.

With their helpers: the progress line, Ctrl-C / SIGTERM handling (stop after the
captures in hand), the run summary, and the message while waiting for another writer.
"""
from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager

import click

from search.cli.common import blank_is_none, cli_settings, echo, error, index_option, library, open_index, print_json
from search.errors import Interrupted


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@index_option
@click.option("--outlet", metavar="NAME", callback=blank_is_none,
              help="The outlet of every capture; wins over what they state.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Extraction processes (default: the number of cores).")
@click.option("--lock-timeout", type=click.FloatRange(0), default=600.0, show_default=True,
              help="Seconds to wait for another writer to finish.")
@click.option("--batch", type=click.IntRange(1), default=None, metavar="N",
              help="Captures per commit (default 1000). A run stopped or killed keeps every "
                   "commit; running it again does the rest.")
@click.option("--as-is", "as_is", is_flag=True,
              help="The captures are already clean: index each whole, as given, with nothing "
                   "stripped; metadata only from the options or the record (a JSON Lines "
                   "record says it alone with \"clean\": true).")
@library
def ingest(paths, index_path, outlet, workers, lock_timeout, batch, as_is=False) -> None:
    """Add captures to the index (created if needed).

    PATH is a capture file, a folder (searched recursively), a quoted glob, or a
    JSON Lines file (.jsonl, .ndjson) of records {"url", "html" or "text", and
    optionally "outlet", "date", "title", "actors", "clean": true}, or a file of many captures
    (WARC, WACZ, MHTML, .eml, .mbox, RSS, Atom, JSON Feed), read record by record;
    records that are not pages are counted as skipped. A capture ingested again
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
      newsfacet ingest crawl.warc.gz newsletters.mbox
    """
    from search.ingest import ingest as run_ingest
    from search.settings import INGEST_BATCH, index_dir

    report, finish = _progress()
    path = index_dir(index_path)
    with _stoppable() as (stop, received):
        try:
            summary = run_ingest(path, paths, outlet=outlet, clean=as_is, workers=workers,
                                 batch=batch or INGEST_BATCH, lock_timeout=lock_timeout,
                                 on_wait=_wait_message, on_progress=report, stop=stop, settings=cli_settings(path))
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


@click.command()
@click.argument("doc_ids", nargs=-1, required=True, metavar="ID...")
@index_option
@click.option("--lock-timeout", type=click.FloatRange(0), default=600.0, show_default=True)
@library
def delete(doc_ids, index_path, lock_timeout) -> None:
    """Delete documents by id. They stay deleted when their capture is ingested again
    and through `reindex`."""
    from search.engine import delete as run_delete

    from search.folder import write_errors

    index = open_index(index_path)
    with write_errors(index.path), index.writing(timeout=lock_timeout, on_wait=_wait_message):
        missing = run_delete(index, list(doc_ids))
    deleted = len(doc_ids) - len(missing)
    click.echo(f"Deleted {deleted} document{'s' if deleted != 1 else ''}.", err=True)
    for d in missing:
        click.echo(f"newsfacet: error: no document with id {d!r}", err=True)
    click.get_current_context().exit(1 if missing else 0)


@click.command()
@index_option
@click.option("--workers", type=click.IntRange(1, 64), default=None)
@click.option("--lock-timeout", type=click.FloatRange(0), default=600.0, show_default=True)
@library
def reindex(index_path, workers, lock_timeout) -> None:
    """Rebuild the index from the captures stored in it (after the extractor improved,
    or to recover a damaged index).

    The new index is built beside the old one (whoosh.new/) and swapped in at once
    when complete; searches keep answering from the old one meanwhile. Stopped or
    killed before the end, the old index is left as it was.

    With --backend sphinx the cluster's shards are emptied and filled from the stored
    captures: this moves an index folder from Whoosh to the cluster (and
    `newsfacet reindex` without it, back)."""
    from search.ingest import reindex as run_reindex
    from search.settings import index_dir

    path = index_dir(index_path)
    settings = cli_settings(path)
    report, finish = _progress()
    with _stoppable() as (stop, received):
        try:
            summary = run_reindex(path, workers=workers, lock_timeout=lock_timeout, settings=settings,
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


@click.command()
@index_option
@click.option("--lock-timeout", type=click.FloatRange(0), default=600.0, show_default=True,
              help="Seconds to wait for a running writer to finish.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@library
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
    if cli_settings(path).backend != "whoosh":
        raise click.UsageError("check verifies the Whoosh index of an index folder; the Sphinx backend's "
                               "shards are not checked by it (run it without --backend sphinx)")
    report = run_check(path, lock_timeout=lock_timeout, on_wait=_wait_message)
    if as_json:
        print_json(report.to_dict())
    else:
        for note in report.notes:
            click.echo(f"newsfacet: {note}", err=True)
        for problem in report.problems:
            click.echo(f"newsfacet: problem: {problem}", err=True)
        state = "OK" if report.ok else f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''}"
        echo(f"{state}: {report.documents} documents in {report.segments} segments, "
             f"{report.captures} stored captures ({report.path}).")
    if not report.ok:
        click.echo("hint: run `newsfacet reindex` to rebuild the index from the stored captures "
                   "(the old index stays until the new one is complete)", err=True)
    click.get_current_context().exit(0 if report.ok else 1)


# --------------------------------------------------------------------------- helpers


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
            error(source, reason)
    click.echo(f"hint: {exc.hint}", err=True)
    sig = received[0] if received else signal.SIGINT
    click.get_current_context().exit(128 + int(sig))


def _print_summary(summary, verb: str = "Ingested") -> None:
    s = summary
    rate = s.documents / s.seconds if s.seconds else 0.0
    click.echo(f"{verb} in {s.seconds:.1f} s ({rate:,.0f} docs/s): {s.added} added, {s.updated} updated, "
               f"{s.unchanged} unchanged, {s.duplicates} duplicates, {len(s.failed)} failed; "
               f"{s.documents} documents written.", err=True)
    skipped = getattr(s, "skipped", None) or {}
    if skipped:   # records of archives, mailboxes and feeds that are not pages
        n = sum(skipped.values())
        click.echo(f"Skipped {n} record{'s' if n != 1 else ''} that {'are' if n != 1 else 'is'} not a page: "
                   + ", ".join(f"{count} {reason}" for reason, count in sorted(skipped.items(), key=lambda x: -x[1])),
                   err=True)
    for source, reason in s.failed:
        error(source, reason)
