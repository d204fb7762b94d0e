"""The same hand-written captures in the shapes users paste them in: hard-wrapped (an
e-mail, a plain-text newsletter), in capitals (wire copy), copied out of a PDF (wrapped at
varying widths, words hyphenated at line ends, a running header and page numbers). In
English, French, German and Russian: the story keeps every word, an appeal is still an
appeal, comments are still comments, an appended second article is still split off.

The shapes here are written for these tests (other widths than the benchmark's)."""
from __future__ import annotations

import random
import re
import textwrap
from collections import Counter

import pytest

from search.extract.capture import Capture
from search.extract.casing import initial_case, repair_case, shouts
from search.extract.pipeline import extract_capture
from search.extract.strip import strip

from test_reflow import CAPTURES

# A second story appended below the comments, under its own headline.
SECOND = {
    "en": ("Storm warning issued for the northern coast",
           ["Forecasters issued a storm warning for the whole northern coast on Wednesday, saying gusts of up to "
            "one hundred kilometres an hour could reach the harbour towns by Thursday night.",
            "Ferry operators cancelled the evening crossings and advised passengers to check the timetable "
            "again in the morning, when a clearer picture of the storm's path should be available.",
            "The coastguard asked fishing crews to stay in port and reminded walkers to keep away from the "
            "cliffs and the sea walls while the warning remains in force."]),
    "fr": ("Alerte à la tempête sur la côte nord",
           ["Les prévisionnistes ont placé mercredi toute la côte nord en alerte, en annonçant des rafales "
            "jusqu'à cent kilomètres à l'heure sur les villes portuaires d'ici jeudi soir.",
            "Les compagnies de ferry ont annulé les traversées du soir et invitent les passagers à consulter "
            "de nouveau les horaires demain matin, quand la trajectoire sera mieux connue.",
            "Les garde-côtes demandent aux pêcheurs de rester au port et rappellent aux promeneurs de "
            "s'éloigner des falaises et des digues tant que l'alerte reste en vigueur."]),
    "de": ("Sturmwarnung für die Nordküste",
           ["Die Meteorologen haben am Mittwoch eine Sturmwarnung für die gesamte Nordküste ausgegeben, "
            "mit Böen von bis zu hundert Kilometern pro Stunde bis Donnerstagabend.",
            "Die Fährgesellschaften strichen die Abendfahrten und baten die Fahrgäste, den Fahrplan am "
            "Morgen erneut zu prüfen, wenn der Weg des Sturms besser abzusehen sei.",
            "Die Küstenwache forderte die Fischer auf, im Hafen zu bleiben, und warnte Spaziergänger vor "
            "den Klippen und Kaimauern, solange die Warnung gilt."]),
    "ru": ("Штормовое предупреждение для северного побережья",
           ["Синоптики в среду объявили штормовое предупреждение для всего северного побережья: к вечеру "
            "четверга порывы ветра в портовых городах могут достигать ста километров в час.",
            "Паромные компании отменили вечерние рейсы и попросили пассажиров утром снова проверить "
            "расписание, когда путь шторма станет понятнее.",
            "Береговая охрана призвала рыбаков оставаться в порту и напомнила, что к скалам и волнорезам "
            "подходить нельзя, пока действует предупреждение."]),
}
MENU = ["Home", "World", "Business", "Sport", "Culture"]
TITLE = {"en": "Port strike leaves ships waiting at anchor", "fr": "Grève au port : les navires attendent au large",
         "de": "Hafenstreik: Schiffe warten vor Anker", "ru": "Забастовка в порту: суда ждут на рейде"}
COMMENTS = ["Anna K.", "Well said!", "Tom B.", "Agreed, about time."]


def _capture(lang: str) -> str:
    story, appeal, comments_heading = CAPTURES[lang]
    title, second = SECOND[lang]
    return "\n".join([*MENU, TITLE[lang], *story, appeal, comments_heading, *COMMENTS, title, *second])


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


def _wrap(text: str, width: int) -> str:
    return "\n".join(out for line in text.split("\n")
                     for out in (textwrap.wrap(line, width, break_on_hyphens=False) or [""]))


_VOWELS = set("aeiouäöüéèêàâîôyаеёиоуыэюя")


def _hyphen_at(word: str, room: int) -> int | None:
    """Where a typesetter might break a long word to fit `room` columns: after a vowel
    followed by a consonant, three letters or more on each side."""
    if len(word) < 8 or not word.isalpha():
        return None
    for cut in range(min(room, len(word) - 3), 2, -1):
        if word[cut - 1].lower() in _VOWELS and word[cut].lower() not in _VOWELS:
            return cut
    return None


def _paged(text: str, seed: int = 7) -> str:
    """As copied out of a PDF: every line wrapped at 56 to 70 columns, a long word broken by a
    hyphen at a line end now and then, a page number and a running header every 14 lines."""
    rng = random.Random(seed)
    lines: list[str] = []
    for para in text.split("\n"):
        words, cur = para.split(), ""
        width = rng.randint(56, 70)
        while words:
            word = words.pop(0)
            if not cur:
                cur = word
            elif len(cur) + 1 + len(word) <= width:
                cur += " " + word
            else:
                cut = _hyphen_at(word, width - len(cur) - 2)
                if cut:
                    cur, word = cur + " " + word[:cut] + "-", word[cut:]
                lines.append(cur)
                cur, width = word, rng.randint(56, 70)
        lines.append(cur)
    out = []
    for n, line in enumerate(lines, 1):
        out.append(line)
        if n % 14 == 0:
            out += [f"- {n // 14} -", "Harbour Review, spring issue"]
    return "\n".join(out)


SHAPES = {
    "as-is": lambda text: text,
    "wrapped at 64": lambda text: _wrap(text, 64),
    "wrapped at 78": lambda text: _wrap(text, 78),
    "capitals": str.upper,
    "capitals, wrapped at 66": lambda text: _wrap(text.upper(), 66),
    "pdf": _paged,
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("lang", sorted(CAPTURES))
def test_every_shape_keeps_the_story_and_its_furniture_stays_furniture(lang: str, shape: str) -> None:
    text = SHAPES[shape](_capture(lang))
    out = strip(text)
    story, _, _ = CAPTURES[lang]
    assert _words("\n".join(out.body)) == _words("\n".join(story))
    assert _words(out.title or "") == _words(TITLE[lang])
    reasons: dict[str, Counter] = {}
    for d in out.dropped:
        reasons.setdefault(d.reason, Counter()).update(_words(d.text))
    assert _words(CAPTURES[lang][1]) <= reasons.get("appeal", Counter())          # the appeal is an appeal
    assert _words(" ".join([CAPTURES[lang][2], *COMMENTS])) <= reasons.get("comments", Counter())  # comments
    assert len(out.appended) == 1                                                  # the second article
    title, second = SECOND[lang]
    assert _words(out.appended[0].title or "") == _words(title)
    assert _words("\n".join(out.appended[0].body)) == _words("\n".join(second))


def test_a_headline_in_capitals_is_repaired_from_the_body() -> None:
    body = ("President Vaclav Havel on Monday praised Madeleine Albright, who was born in Prague, as a friend of "
            "the Czech Republic, during her first visit to the country as secretary of state.\n"
            "Albright, who left Czechoslovakia as a child, met Havel at Prague Castle and later spoke to "
            "students about the enlargement of NATO and the future of central Europe.\n"
            "Havel said the visit showed how far relations had come since the fall of communism in 1989.")
    article = extract_capture(Capture(source="t", text="HAVEL PRAISES CZECH NATIVE ALBRIGHT\n" + body,
                                      kind="text", encoding="utf-8"))[0]
    assert article.title == "Havel praises Czech native Albright"
    names = {a.name for a in article.actors}
    assert {"Vaclav Havel", "Madeleine Albright"} <= names


def test_a_capture_in_capitals_gives_names_in_a_writers_case() -> None:
    text = ("AS THE TWO MET, PENTAGON SPOKESMAN JOHN KIRBY SAID THE TALKS WOULD GO ON. "
            "FOREIGN MINISTER JEAN-YVES LE DRIAN TOLD RTL RADIO ON FRIDAY THAT THE WHITE HOUSE HAD BEEN TOLD. "
            "LATER KIRBY SAID THE MEETING WITH JOE BIDEN WAS USEFUL.")
    assert shouts(text)
    fixed = repair_case(text)
    assert len(fixed) == len(text) and fixed.upper() == text   # case only, offsets kept
    for name in ("John Kirby said", "Jean-Yves le Drian told", "RTL", "White House", "Later Kirby said",
                 "Joe Biden was"):
        assert name in fixed
    article = extract_capture(Capture(source="t", text=text, kind="text", encoding="utf-8"))[0]
    names = {a.name.casefold() for a in article.actors}
    assert {"john kirby", "joe biden"} <= names
    assert not any(n.endswith(" said") for n in names)


def test_organisation_names_in_capitals_end_where_their_shape_says() -> None:
    # "<head word> of/on/for <words>" is one name up to a stop word or a word newswire
    # never capitalises; a nationality and an organisation word are a name only where
    # newswire writes the pair as one (data/case_words.json)
    text = ("THE MINISTRY OF FINANCE SAID ON FRIDAY THAT BRITISH AIRWAYS AND THE COMMITTEE ON HUMAN RIGHTS "
            "WOULD MEET. JAPANESE BANKS, ITS EUROPEAN PARTNERS AND GERMAN ENERGY FIRMS AGREED, AS DID A "
            "COUNCIL OF EXPERTS.")
    fixed = repair_case(text)
    assert len(fixed) == len(text) and fixed.upper() == text
    for name in ("The Ministry of Finance said", "British Airways", "the Committee on Human Rights would",
                 "Japanese banks", "European partners", "German energy firms", "a council of experts"):
        assert name in fixed, (name, fixed)
    article = extract_capture(Capture(source="t", text=text + " " + text, kind="text", encoding="utf-8"))[0]
    names = {a.name.casefold() for a in article.actors}
    assert {"ministry of finance", "british airways"} <= names
    assert not names & {"european partners", "german energy", "japanese banks"}


def test_a_record_with_its_line_breaks_keeps_every_word() -> None:
    # an abstract hard-wrapped at irregular widths, two spaces after full stops, keywords below
    text = ("Sussenguth suggests in a paper that a\n"
            "file should be organized as a doubly-chained tree \n"
            "structure if it is necessary both to search and to update\n"
            "frequently.  Such a structure provides a compromise \n"
            "between the fast search and slow update characteristics of\n"
            "binary searching and the slow search and fast update \n"
            "characteristics of serial searching.  This paper considers\n"
            "the effect of relaxing this restriction.\n"
            "\n"
            "trees, searching, file organization, information retrieval")
    out = strip(text)
    assert _words(" ".join([out.title or "", *out.body])) == _words(text)
    assert out.dropped == []


# Word initials in many scripts and spacings: a digit or "_" starts no word's letter, a
# letter after a tab or a new line does, caseless scripts count neither way.
INITIALS = ("The Minister said on Friday", "ÉTÉ à Paris, Öl und Übel", "²nd place _x Yy", "\tA b\nC d  e",
            "Москва Заявила что", "東京 Tokyo は", "1 a B", "", "   Lead in", "ǅemal İstanbul ﬁne",
            "x\x1cA\x0bb_c (d) E", "Plain ASCII words, Some Capitals and a-hyphen")


@pytest.mark.parametrize("text", INITIALS)
def test_word_initials_are_counted_by_case(text: str) -> None:
    starts = [ch for k, ch in enumerate(text[:400]) if (k == 0 or text[k - 1].isspace())
              and ch.isalnum() and not ch.isdecimal()]
    assert initial_case(text) == (sum(c.isupper() for c in starts), sum(c.islower() for c in starts))


# Abstracts hard-wrapped at irregular widths (a typewriter, an archive's own breaks), in
# capitals: no lower-case start says that a sentence goes on past a line's end.
WRAPPED_IN_CAPITALS = {
    "en": "THE COMMITTEE SAID ON MONDAY THAT THE NEW RULES FOR\nTHE HARBOUR WOULD COME INTO FORCE NEXT SPRING, AFTER A\n"
          "LONG CONSULTATION WITH THE FISHERMEN AND THE FERRY\nOPERATORS.  IT ADDED THAT THE COST OF THE WORKS WOULD\n"
          "BE SHARED BETWEEN THE TOWN AND THE REGION.",
    "fr": "LE COMITÉ A DÉCLARÉ LUNDI QUE LES NOUVELLES RÈGLES DU\nPORT ENTRERONT EN VIGUEUR AU PRINTEMPS PROCHAIN, APRÈS\n"
          "UNE LONGUE CONSULTATION AVEC LES PÊCHEURS ET LES\nEXPLOITANTS DES FERRIES.  IL A AJOUTÉ QUE LE COÛT DES\n"
          "TRAVAUX SERAIT PARTAGÉ ENTRE LA VILLE ET LA RÉGION.",
    "de": "DER AUSSCHUSS ERKLÄRTE AM MONTAG, DASS DIE NEUEN REGELN\nFÜR DEN HAFEN IM KOMMENDEN FRÜHJAHR IN KRAFT TRETEN,\n"
          "NACH EINER LANGEN ANHÖRUNG DER FISCHER UND DER\nFÄHRBETREIBER.  DIE KOSTEN DER ARBEITEN WÜRDEN ZWISCHEN\n"
          "DER STADT UND DER REGION GETEILT.",
    "ru": "КОМИТЕТ ЗАЯВИЛ В ПОНЕДЕЛЬНИК, ЧТО НОВЫЕ ПРАВИЛА ДЛЯ\nПОРТА ВСТУПЯТ В СИЛУ СЛЕДУЮЩЕЙ ВЕСНОЙ, ПОСЛЕ ДОЛГИХ\n"
          "КОНСУЛЬТАЦИЙ С РЫБАКАМИ И ОПЕРАТОРАМИ ПАРОМОВ.  ОН\nДОБАВИЛ, ЧТО РАСХОДЫ НА РАБОТЫ РАЗДЕЛЯТ ГОРОД И\n"
          "РЕГИОН, КАК И В ПРОШЛЫЙ РАЗ.",
}


@pytest.mark.parametrize("lang", sorted(WRAPPED_IN_CAPITALS))
def test_a_record_in_capitals_with_its_line_breaks_keeps_its_sentences_whole(lang: str) -> None:
    text = WRAPPED_IN_CAPITALS[lang]
    out = strip(text)
    assert out.shouted and out.dropped == []
    assert _words(" ".join([out.title or "", *out.body])) == _words(text)
    assert len(out.body) == 1 and out.title is None   # one paragraph: no line taken for a heading
    second = text.split("\n")[1].split()[0]
    assert f" {second.lower()} " in out.body[0]   # the wrapped line's first word is not a sentence's


def test_a_page_in_capitals_keeps_its_list_of_headlines_apart() -> None:
    # furniture on the page: its long lines that end without a full stop stay lines
    text = ("HOME | NEWS | SPORT | WEATHER\n"
            "STORM WARNING ISSUED FOR THE WHOLE NORTHERN COAST\n"
            "FORECASTERS ISSUED A STORM WARNING FOR THE WHOLE NORTHERN COAST ON WEDNESDAY, SAYING GUSTS OF UP TO "
            "ONE HUNDRED KILOMETRES AN HOUR COULD REACH THE HARBOUR TOWNS BY THURSDAY NIGHT.\n"
            "FERRY OPERATORS CANCELLED THE EVENING CROSSINGS AND ADVISED PASSENGERS TO CHECK THE TIMETABLE AGAIN "
            "IN THE MORNING, WHEN A CLEARER PICTURE OF THE STORM'S PATH SHOULD BE AVAILABLE.\n"
            "RELATED ARTICLES\n"
            "HARBOUR TOWNS PREPARE FOR THE WORST AS THE WIND PICKS UP ALONG THE COAST\n"
            "WHAT THE NEW FERRY TIMETABLE MEANS FOR PASSENGERS TRAVELLING THIS WINTER\n"
            "FISHERMEN WARN THAT THE SEASON COULD BE THE SHORTEST IN TWENTY YEARS\n")
    out = strip(text)
    lines = [d.text.upper() for d in out.dropped] + [b.upper() for b in out.body]
    for teaser in text.split("\n")[-4:-1]:
        assert teaser in lines   # each teaser is a line of its own, not joined to the next
