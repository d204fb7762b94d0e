"""The Whoosh backend: the Backend interface (search/backends/__init__.py) on the
embedded Whoosh index of the index folder, the default.

`WhooshBackend` is the index (index.py) with the writer lock and its recovery
(locking.py), searching (searching.py, facets.py), documents, stats and deletes;
`rebuilding` is the Whoosh side of `reindex`: a new index built beside the old one,
then swapped in.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
from whoosh import index as whoosh_index

from search.analysis import query_languages, query_terms
from search.backends.whoosh import facets, locking
from search.backends.whoosh.evaluate import Evaluator
from search.backends.whoosh.index import Index
from search.backends.whoosh.safety import NEW_DIR, durable_storage, new_build, seal, swap_in, write_manifest
from search.backends.whoosh.schema import SCHEMA, WHOOSH_DIR
from search.backends.whoosh.searching import SUGGEST_BELOW, cluster_members, docnum_of, run, suggest
from search.query import Node, Terms, parse, words
from search.request import SearchRequest
from search.results import article_object, copy_object
from search.settings import LOCK_TIMEOUT, BackendSettings
from search.store import CaptureStore


class WhooshBackend(Index):
    """One index folder on the Whoosh backend. Thread-safe for searching (one search
    at a time per object)."""

    # ------------------------------------------------------------------ writing

    @contextmanager
    def writing(self, *, timeout: float = LOCK_TIMEOUT,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the writer lock for a whole ingest, delete or reindex (see
        search.folder.writer_lock), recovering from a writer that died first."""
        with locking.writer_lock(self.path, timeout=timeout, on_wait=on_wait):
            yield

    def delete(self, doc_ids: list[str]) -> list[str]:
        """Delete documents by id (they stay deleted through re-ingest and reindex).
        Returns the ids that were not found. Call while holding the writer lock."""
        with self.lock:
            searcher = self.searcher()
            missing = [d for d in doc_ids if searcher.document_number(id=d) is None]
        found = [d for d in doc_ids if d not in missing]
        if found:
            writer = self.writer()
            for d in found:
                writer.delete_by_term("id", d)
            writer.commit()
            CaptureStore.record_deleted(self.store_path, found)
        return missing

    # ------------------------------------------------------------------ searching

    def search(self, request: SearchRequest) -> dict:
        """A ranked page of hits, facet counts over all matches, a suggestion."""
        node = parse(request.query, any_word=request.any_word)
        with self.lock:
            cols = self.columns()
            result = run(cols, node, request)
            if result["total"] < SUGGEST_BELOW and request.query.strip():
                result["suggestion"] = suggest(cols, request.query, node)
        return result

    def similar(self, doc_id: str, request: SearchRequest) -> dict:
        """Documents sharing the document's most telling words (its own syndicated
        copies left out)."""
        with self.lock:
            cols = self.columns()
            docnum = docnum_of(cols, doc_id)
            stored = cols.searcher.stored_fields(docnum)
            text = (stored.get("title") or "") + "\n" + (stored.get("body") or "")
            key = tuple(t for t, _ in cols.searcher.key_terms_from_text("body", text, numterms=25))
            node = Terms(key) if key else Terms(("",))
            own = cols.cluster[docnum]
            exclude = cols.cluster == own if own > 0 else np.zeros(cols.size, dtype=bool)
            exclude[docnum] = True
            return run(cols, node, request, exclude=exclude)

    def facet_values(self, name: str, request: SearchRequest, prefix: str = "") -> dict:
        """The values of facet `name` whose words start with `prefix`, counted over the
        request's matches with the other facets' selections."""
        node = parse(request.query, any_word=request.any_word)
        with self.lock:
            cols = self.columns()
            base = Evaluator(cols).run(node).mask
            sel = request.selection
            docs = facets.apply(base, facets.selection_masks(cols, sel), name)
            return facets.value_facet(cols, name, docs, getattr(sel, name), top=request.facet_top, prefix=prefix)

    def explain(self, node: Node) -> list[str]:
        """How the query is matched: each word's terms and their document counts."""
        lines = []
        cols = self.columns()
        for w in words(node):
            languages = query_languages(cols.values.get("language", ()))
            analysed = ([t for ts in query_terms(w.text, languages) for t in dict.fromkeys(ts)]
                        if w.kind != "prefix" else [w.text.lower() + "*"])
            fields = [w.field] if w.field else ["title", "body"]
            counts = ", ".join(f"{f}:{t} in {len(cols.postings(f, t)[0])} docs"
                               for f in fields for t in analysed if not t.endswith("*"))
            lines.append(f"  {w.text!r} -> {' '.join(analysed) or '(stop words only: ignored)'}"
                         + (f" ({counts})" if counts else ""))
        lines.append(f"  matches before facet filters: {int(Evaluator(cols).run(node).mask.sum())}")
        return lines

    # ------------------------------------------------------------------ documents

    def show(self, doc_id: str) -> dict:
        """One document: its article fields, its syndicated copies and what was dropped."""
        with self.lock:
            cols = self.columns()
            docnum = docnum_of(cols, doc_id)
            s = cols.searcher.stored_fields(docnum)
            copies = []
            for other in cluster_members(cols, docnum):
                if other != docnum:
                    copies.append(copy_object(cols.searcher.stored_fields(other)))
        return article_object(s, copies)

    def stats(self) -> dict:
        """Sizes of the index: documents, captures, outlets, actors, dates, clusters, bytes."""
        with self.lock:
            cols = self.columns()
            live = cols.live
            days = cols.day[live & (cols.day >= 0)]
            stored = CaptureStore(self.store_path, readonly=True) if self.store_path.exists() else None
            size = sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
            out = {
                "index": str(self.path),
                "documents": int(cols.live_count),
                "captures": stored.count() if stored else 0,
                "segments": len(cols.leaves),
                "outlets": int(len(np.unique(cols.ords["outlet"][live & (cols.ords["outlet"] >= 0)]))),
                "actors": int(len(np.unique(cols.multi["actor"][1]))),
                "without_outlet": int((live & (cols.ords["outlet"] < 0)).sum()),
                "without_date": int((live & (cols.day < 0)).sum()),
                "first_date": Date.fromordinal(int(days.min())).isoformat() if len(days) else None,
                "last_date": Date.fromordinal(int(days.max())).isoformat() if len(days) else None,
                "clusters_with_copies": int((cols.cluster_size > 1).sum()),
                "bytes": size,
            }
            if stored:
                stored.close()
        return out


# --------------------------------------------------------------------------- the folder


def open_backend(path: str | os.PathLike, settings: BackendSettings | None = None, *,
                 create: bool = False) -> WhooshBackend:
    """The Whoosh index of the folder at `path` (IndexNotFound if none and not `create`)."""
    return WhooshBackend.open(path, create=create)


def writer_lock(path: Path, settings: BackendSettings | None = None, **options):
    """The writer lock of a Whoosh index folder, with recovery (locking.py)."""
    return locking.writer_lock(path, **options)


@contextmanager
def rebuilding(path: Path, settings: BackendSettings | None, store: CaptureStore) -> Iterator[tuple[WhooshBackend, bool]]:
    """A fresh index to write every stored capture into, in ``whoosh.new/``; swapped in
    when the block ends without an error. Yields (the new index, False: the capture
    store is not committed by the batches; it commits here, as the commit point).

    Two-phase: the store's changes (document ids, clusters) stay in one open transaction
    while the new index is built; the store commits with the new index's build id, then
    the folders are exchanged atomically. Killed before the store commit: the old index
    and store are intact and the next writer deletes ``whoosh.new/``; after it: the next
    writer finishes the swap (safety.recover). Readers keep the old index until they look
    again. Call while holding the writer lock."""
    path = Path(path)
    new_dir, live_dir = path / NEW_DIR, path / WHOOSH_DIR
    shutil.rmtree(new_dir, ignore_errors=True)
    committed = False
    try:
        new_dir.mkdir()
        fresh = WhooshBackend(path, whoosh_index.FileIndex.create(durable_storage(new_dir), SCHEMA, "MAIN"))
        try:
            yield fresh, False
        finally:
            fresh.close()
        build = new_build()
        write_manifest(new_dir, {"build": build})
        seal(new_dir)
        store.set_meta("build", build)
        store.commit()            # the commit point
        committed = True
        swap_in(new_dir, live_dir)
    except BaseException:
        if not committed:
            store.db.rollback()
            shutil.rmtree(new_dir, ignore_errors=True)
        raise
