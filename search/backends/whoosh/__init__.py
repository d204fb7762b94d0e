"""The Whoosh backend, the embedded default: documents in the Whoosh index of the
index folder, searched by our own evaluator over per-segment arrays.

schema.py and codec.py say how documents are written, safety.py and locking.py keep
the folder whole through crashes, index.py opens it, columns.py, evaluate.py,
facets.py and searching.py answer searches, and backend.py is the Backend interface
on all of it (with check.py and relabel.py, the commands that only Whoosh has).
"""
