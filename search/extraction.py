"""What an ingest's worker does with a chunk of Items: reads and extracts them, and
makes each an Outcome (articles with their syndication signature and their text fields
already analysed). Runs in the worker processes (workers.py hands them the chunks), or in
the writer when there is one process; the writer itself does not import it otherwise, so
that it does not hold the pipeline's modules and tables.
"""
from __future__ import annotations

from datetime import date as Date
from pathlib import Path

from search import syndication
from search.analysis import index_terms
from search.errors import CaptureError, NewsfacetError
from search.extract import pipeline
from search.extract.article import Actor, Article
from search.extract.canonical import alias_file
from search.extract.capture import Capture, read_capture
from search.extract.finish import finish
from search.extract.language import settle_languages
from search.extract.records import Payload
from search.items import Item, Outcome, fingerprint
from search.store import CaptureStore, compress, decompress

_worker_store: CaptureStore | None = None
#: The alias file of the index being written (its folder's aliases.json), for actor names.
_worker_aliases: Path | None = None


def init_worker(store_path: str | None, aliases: str | None = None) -> None:
    """Open the capture store at `store_path` (None: none, a fresh index) for `extract_chunk`
    to look fingerprints up in, and take `aliases` as the index's alias file."""
    global _worker_store, _worker_aliases
    _worker_store = CaptureStore(Path(store_path), readonly=True) if store_path else None
    _worker_aliases = Path(aliases) if aliases else None


def close_worker_store() -> None:
    """Close what `init_worker` opened."""
    global _worker_store, _worker_aliases
    _worker_aliases = None
    if _worker_store is not None:
        _worker_store.close()
        _worker_store = None


def _capture_of(item: Item) -> Capture:
    if item.path is not None:
        return read_capture(item.path)
    if item.data is not None or item.at is not None:   # a record of an archive, mailbox or feed, decoded here
        return Payload(item.source, item.data, item.hints, kind=item.kind, charset=item.charset,
                       at=item.at).capture()
    return Capture(source=item.source, text=item.text or "", kind=item.kind, encoding="utf-8")


def extract_chunk(items: list[Item], store: CaptureStore | None = None) -> list[Outcome]:
    """Read and extract a chunk of items (in a worker process, or in this one).

    Only the chunk's text captures are held decoded together (their repeated lines are
    furniture); an HTML page waits for its turn as the compressed text that goes to the
    store, and a record's bytes are let go (`item.data`) once decoded: a chunk of 32 web
    pages held at once was 15-25 MB of text a worker (non-ASCII pages take 2 or 4 bytes
    a character), beside their bytes."""
    store = store if store is not None else _worker_store
    outcomes: list[Outcome | None] = []
    captures: list[tuple[int, Capture] | None] = []
    for item in items:
        if item.problem:
            outcomes.append(Outcome(item.source, "failed", item.problem))
            continue
        if item.skip:
            outcomes.append(Outcome(item.source, "skipped", item.skip))
            continue
        try:
            capture = _capture_of(item)
        except CaptureError as exc:
            outcomes.append(Outcome(item.source, "failed", exc.problem))
            continue
        except Exception as exc:  # a bug with one file must not stop the batch
            outcomes.append(Outcome(item.source, "failed", f"internal error: {type(exc).__name__}: {exc}"))
            continue
        item.data = None
        fp = fingerprint(capture.kind, capture.text, item.hints)
        if store is not None and store.has_fingerprint(fp):
            outcomes.append(Outcome(item.source, "unchanged", fingerprint=fp))
            continue
        outcomes.append(Outcome(item.source, "ok", fingerprint=fp, kind=capture.kind,
                                data=compress(capture.text), hints=item.hints))
        if capture.kind != "text":
            capture.text = None   # decompressed from the outcome's data when its turn comes
        captures.append((len(outcomes) - 1, capture))
    try:
        common = pipeline.batch_furniture(c.text for _, c in captures if c.kind == "text")
    except Exception:
        common = frozenset()
    extracted = []
    for k, (i, capture) in enumerate(captures):
        captures[k] = None        # each capture's text let go once extracted
        out = outcomes[i]
        try:
            if capture.text is None:
                capture.text = decompress(out.data)
            extracted.append((out, _extract(capture, out.hints, common, store)))
        except NewsfacetError as exc:
            out.status, out.reason = "failed", str(exc)
        except Exception as exc:
            out.status, out.reason = "failed", f"extraction failed: {type(exc).__name__}: {exc}"
        del capture
    # articles too short to tell their language take the one most of the chunk's are in
    settle_languages([a for _, articles in extracted for a in articles])
    for out, articles in extracted:
        out.articles = []
        for article in articles:
            record = article.to_dict()
            record["signature"] = syndication.signature(article.body)
            # The text fields analysed here, in parallel, rather than by the one writer.
            record["terms"] = {"title": index_terms(record.get("title") or "", article.language),
                               "body": index_terms(record["body"], article.language)}
            out.articles.append(record)
    return outcomes


def _extract(capture: Capture, hints: dict, common: frozenset[str],
             store: CaptureStore | None = None) -> list[Article]:
    day = Date.fromisoformat(hints["date"]) if hints.get("date") else None
    aliases = _worker_aliases or (alias_file(store.path.parent) if store is not None else None)
    articles = pipeline.extract_capture(capture, url=hints.get("url"), outlet=hints.get("outlet"),
                                        date=day, common_lines=common, aliases=aliases,
                                        clean=bool(hints.get("clean")))
    articles = finish(articles, hints, aliases, capture.text)   # a record's fallbacks and provenance (extract/records.py)
    main = articles[0]
    if hints.get("title"):
        main.title = hints["title"]
    if hints.get("actors"):
        main.actors = [Actor(name, kind) for name, kind in hints["actors"]]
    return articles
