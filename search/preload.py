"""What every ingest worker reads and none writes, loaded once before the workers start.

The ingest workers (search/workers.py) are forked from multiprocessing's fork server,
which imports this module when it starts. It runs the pipeline once over a few short
captures written here (English text and HTML, French, Russian), which loads everything
the pipeline loads on first use: the language detector's model (langid.py's tables,
about 60 MB of flat arrays), the word lists, the name tagger, the stemmers and stop
lists. Then it freezes the garbage collector (gc.freeze): the collector never walks
these objects again, so it never writes to their pages. Each worker forked afterwards
shares those pages with the fork server instead of loading its own copy.
"""
from __future__ import annotations

import gc

from search.analysis import index_terms
from search.extract import pipeline
from search.extract.capture import Capture

_WARM = (
    ("text", "Talks resume in Geneva\n\nBy Jane Doe\n\nPresident Emmanuel Macron met Chancellor Olaf "
             "Scholz of Germany and officials of the European Commission on Monday, the Élysée said.\n\n"
             "Sign up for our newsletter"),
    ("html", "<html lang='en'><head><title>Talks resume | The Daily</title></head><body><nav><a href='/'>"
             "Home</a></nav><article><h1>Talks resume</h1><p>Foreign ministers met in Geneva on Monday "
             "to discuss a ceasefire, a spokesman for the United Nations said.</p></article></body></html>"),
    ("text", "Les négociations reprennent\n\nLe président Emmanuel Macron a reçu jeudi le chancelier "
             "allemand à l'Élysée pour des négociations sur l'avenir de l'Union européenne."),
    ("text", "Переговоры возобновились\n\nПрезидент России Владимир Путин провёл телефонный разговор "
             "с президентом Франции Эммануэлем Макроном, сообщил Дмитрий Песков."),
)


def warm() -> None:
    try:
        for kind, text in _WARM:
            for article in pipeline.extract_capture(Capture("preload", text, kind, "utf-8")):
                index_terms(article.body, article.language)
    except Exception:   # noqa: BLE001  a failed warm-up costs memory, not the ingest: each
        pass            # worker then loads what it needs itself, and reports its own errors
    gc.collect()
    gc.freeze()


warm()
