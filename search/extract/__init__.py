"""Extraction: a capture in, articles out (pipeline.py).

capture.py reads and decodes it; strip.py (text) or html.py (HTML) keeps the article
and gives every dropped block a reason (rules.py); enrich.py, htmlmeta.py and
dates.py find title, outlet, date and author; actors.py finds the people and
organisations, canonical.py names each once. The result is an Article (article.py).
Nothing here knows about indexes: this room imports only errors and settings.
"""
