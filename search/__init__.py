"""newsfacet: full-text search with facets for news clippings.

The package reads as the pipeline: extract/ (capture -> Article), then the writer
(items.py, workers.py and extraction.py, writing.py, ingest.py) into backends/ (whoosh/ or sphinx/),
then query.py, request.py, facets.py and engine.py (the one search function), and
the front doors: cli/ here and the web app in web/.
"""

__version__ = "0.1.0"
