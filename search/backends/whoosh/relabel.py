"""Re-label the actors of documents already in a Whoosh index (`newsfacet actors merge`),
without extracting them again."""
from __future__ import annotations

import os
from datetime import date as Date

from whoosh.writing import MERGE_SMALL

from search.analysis import index_terms
from search.backends.whoosh.backend import WhooshBackend
from search.extract.lexicon import fold
from search.settings import LOCK_TIMEOUT


def relabel_index(index_dir: str | os.PathLike, variant: str, canonical: str, *,
                  timeout: float | None = None) -> int:
    """Apply a merge to documents already indexed, without re-stripping them: every
    document whose actors include VARIANT (case and accents aside) gets CANONICAL
    instead, with CANONICAL's type where the index knows it. Returns how many
    documents changed. Holds the index's writer lock while it writes."""
    index = WhooshBackend.open(index_dir)
    try:
        searcher = index.searcher()
        reader = searcher.reader()
        key = fold(variant)
        names = [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon("actor")]
        matches = [n for n in names if fold(n) == key and n != canonical]
        if not matches:
            return 0
        types = {name: kind for doc in searcher.documents(actor=canonical) for name, kind in doc.get("actors", [])}
        with index.writing(timeout=LOCK_TIMEOUT if timeout is None else timeout):
            writer = index.writer()
            cluster = reader.column_reader("cluster") if reader.has_column("cluster") else None
            changed = 0
            try:
                for name in matches:
                    for docnum in list(searcher.document_numbers(actor=name)):
                        doc = dict(reader.stored_fields(docnum))
                        kind = types.get(canonical) or next((k for n, k in doc["actors"] if n == name), "person")
                        actors, seen = [], set()
                        for n, k in doc["actors"]:
                            n, k = (canonical, kind) if n == name else (n, k)
                            if n not in seen:
                                seen.add(n)
                                actors.append([n, k])
                        doc["actors"] = actors
                        doc["actor"] = ",".join(n.replace(",", " ") for n, _ in actors)
                        if doc.get("date"):
                            doc["day"] = Date.fromisoformat(doc["date"]).toordinal()
                        if cluster is not None:
                            doc["cluster"] = cluster[docnum]
                        # title and body analysed in the document's language, as at ingest
                        language = doc.get("language")
                        doc["terms"] = {"title": index_terms(doc.get("title") or "", language),
                                        "body": index_terms(doc.get("body") or "", language)}
                        writer.update_document(**doc)
                        changed += 1
                writer.commit(mergetype=MERGE_SMALL)   # Whoosh's own policy, as before
            except BaseException:
                writer.cancel()
                raise
        return changed
    finally:
        index.close()
