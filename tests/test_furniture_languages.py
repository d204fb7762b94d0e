"""Page furniture in other languages (search/extract/phrases.py through rules.py): the
phrase rules name it in German, French, Spanish, Italian, Portuguese, Dutch, Russian and
Polish, leave prose with the same words alone, and both strippers drop it from
hand-written captures (bench/data/langpages/, built by bench/langpages.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.extract.capture import read_capture
from search.extract.htmlmeta import clean_author
from search.extract.pipeline import extract_capture
from search.extract.rules import classify

PAGES = Path(__file__).resolve().parents[1] / "bench" / "data" / "langpages"

FURNITURE = [
    # (line, reason, whether it closes the article)
    ("Newsletter abonnieren", "newsletter", True),
    ("Die wichtigsten Nachrichten jeden Morgen direkt in Ihr Postfach.", "newsletter", True),
    ("Inscrivez-vous à notre newsletter", "newsletter", True),
    ("Recibe cada mañana las noticias en tu bandeja de entrada.", "newsletter", True),
    ("Подпишитесь на нашу рассылку", "newsletter", True),
    ("Meld je aan voor onze nieuwsbrief", "newsletter", True),
    ("Jetzt Abo abschließen", "appeal", True),
    ("Cet article est réservé aux abonnés", "appeal", True),
    ("Hazte socio y apoya el periodismo independiente", "appeal", True),
    ("Sei già abbonato? Accedi", "appeal", True),
    ("Wykup dostęp i czytaj wszystkie artykuły", "appeal", True),
    ("Kommentare (12)", "comments", True),
    ("Laisser un commentaire", "comments", True),
    ("Il tuo indirizzo email non sarà pubblicato.", "comments", True),
    ("Чтобы оставить комментарий, войдите на сайт.", "comments", True),
    ("Reacties (5)", "comments", True),
    ("Mehr zum Thema", "related-links", True),
    ("Noticias relacionadas", "related-links", True),
    ("Читайте также", "related-links", True),
    ("Najczęściej czytane", "related-links", True),
    ("Lesen Sie auch: Neues Heizkraftwerk geht ans Netz", "related-links", False),
    ("Lire aussi : la réforme des retraites", "related-links", False),
    ("Artikel teilen", "share", False),
    ("Copier le lien", "share", False),
    ("Alle Rechte vorbehalten", "navigation", False),
    ("© 2023 Diario del Levante. Todos los derechos reservados.", "navigation", False),
    ("Wszelkie prawa zastrzeżone", "navigation", False),
    ("Wir verwenden Cookies, um Inhalte zu personalisieren und Zugriffe zu analysieren.", "navigation", False),
    ("Nous utilisons des cookies pour mesurer l'audience.", "navigation", False),
    ("Tout accepter", "navigation", False),
    ("Datenschutzerklärung", "navigation", False),
    ("Anzeige", "debris", False),
    ("Lire la suite", "debris", False),
    ("Foto: picture alliance / dpa", "caption", False),
    ("5 Min. Lesezeit", "byline", False),
]

PROSE = [
    # the same words in sentences of an article: not furniture
    "Die Regierung will die Ukraine jetzt unterstützen, sagte der Kanzler am Dienstag.",
    "Soutenir l'Ukraine est essentiel, a déclaré le président devant les députés.",
    "Para comentar la situación, el ministro convocó a la prensa en Madrid.",
    "Deel 2: De verkiezingen in het oosten van het land",
    "Der Makler erhält eine Provision von drei Prozent des Kaufpreises.",
    "Die Stadt sammelt Spenden für die Opfer der Flut, teilte der Bürgermeister mit.",
    "« J'accepte les résultats », a dit le candidat malheureux dimanche soir.",
    "Gli abbonati a Netflix sono aumentati del 10 per cento nel trimestre.",
    "Он решил пожертвовать свою коллекцию городскому музею.",
    "Recherche",
]


@pytest.mark.parametrize("line,reason,ends", FURNITURE)
def test_furniture_phrases_in_other_languages(line, reason, ends):
    rule = classify(line)
    assert rule is not None, line
    assert (rule.reason, rule.ends) == (reason, ends)


@pytest.mark.parametrize("line", PROSE)
def test_prose_with_the_same_words_is_not_furniture(line):
    assert classify(line) is None


def _pages() -> list[dict]:
    return [json.loads(line) for line in (PAGES / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_captures_keep_the_story_and_drop_its_furniture(suffix):
    pages = _pages()
    assert len({p["language"] for p in pages}) >= 8
    for page in pages:
        article = extract_capture(read_capture(PAGES / f"{page['id']}{suffix}"))[0]
        kept = [line.strip() for line in article.body.split("\n") if line.strip()]
        gold = [p.strip() for p in page["body"].split("\n\n")]
        assert all(p in kept for p in gold), (page["id"], suffix)          # every paragraph of the story
        source = json.loads((PAGES / "source.json").read_text(encoding="utf-8"))
        furniture = [t for p in source if p["id"] == page["id"] for block in p["after"] for t in block[1:]]
        leaked = [t for t in furniture if t in kept]
        assert leaked == [], (page["id"], suffix, leaked)
        assert article.language == page["language"]


def test_bylines_in_other_languages():
    assert clean_author("Von Katrin Albers", None) == "Katrin Albers"
    assert clean_author("Автор: Анна Смирнова", None) == "Анна Смирнова"
    assert clean_author("Door Pieter de Vries", None) == "Pieter de Vries"
    assert clean_author("Von der Leyen", None) == "Von der Leyen"      # a name, not "by" + a name
    assert clean_author("Paris Hilton", None) == "Paris Hilton"
