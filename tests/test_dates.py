"""Tests for search.extract.dates: datelines and URLs in many languages, and inputs that must not break it."""
from __future__ import annotations

import random
import time
from datetime import date

import pytest

from search.extract.dates import (
    MONTHS,
    _MONTH_TABLES,
    date_from_url,
    find_dates,
    is_dateline,
    is_updated_line,
    numeric_order,
    parse_date,
)

TODAY = date(2025, 11, 20)
D = date(2025, 11, 14)

FORMATS = {
    "numeric": [
        ("2025-11-14", D), ("2025/11/14", D), ("2025.11.14", D), ("2025. 11. 14.", D),
        ("14.11.2025", D), ("14/11/2025", D), ("14-11-2025", D), ("14. 11. 2025", D),
        ("11/14/2025", D), ("2025-11-14T13:15:00Z", D), ("2025-11-14T13:15:00+01:00", D),
        ("2025-11-14 13:15", D), ("04/05/2025", date(2025, 5, 4)),  # ambiguous: day-first
        ("05/04/2025", date(2025, 4, 5)), ("1.2.2025", date(2025, 2, 1)),
    ],
    "english": [
        ("Friday, Nov 14, 2025", D), ("Monday 07 February 2022 13:15 EST", date(2022, 2, 7)),
        ("14 November 2025", D), ("November 14th, 2025", D), ("Nov. 14, 2025", D),
        ("Sept 4, 2025", date(2025, 9, 4)), ("September 4, 2025 5:50 am", date(2025, 9, 4)),
        ("Published 3:12 PM ET Tue, 4 March 2025", date(2025, 3, 4)),
        ("Updated: Nov 14, 2025 at 10:03 a.m. EST", D), ("Sat, 14 Nov 2025 13:15:00 GMT", D),
        ("14-Nov-2025", D), ("NOVEMBER 14 2025", D), ("1st March 2024", date(2024, 3, 1)),
        ("May 22nd, 2024", date(2024, 5, 22)), ("14 Nov 25", D), ("14 Nov '25", D),
        ("29 February 2024", date(2024, 2, 29)), ("2025-Nov-14", D),
    ],
    "french": [
        ("14 novembre 2025", D), ("1er mars 2024", date(2024, 3, 1)),
        ("Publié le 14 nov. 2025 à 13h15", D), ("14 DÉCEMBRE 2025", date(2025, 12, 14)),
        ("14 decembre 2025", date(2025, 12, 14)), ("3 août 2025", date(2025, 8, 3)),
        ("3 aout 2025", date(2025, 8, 3)), ("mardi 4 février 2025", date(2025, 2, 4)),
        ("4 févr. 2025", date(2025, 2, 4)),
    ],
    "german": [
        ("14. November 2025", D), ("3. März 2024", date(2024, 3, 3)),
        ("3. Maerz 2024", date(2024, 3, 3)), ("3. MARZ 2024", date(2024, 3, 3)),
        ("Veröffentlicht am 14.11.2025, 13:15 Uhr", D), ("Mittwoch, 3. Dez. 2025", date(2025, 12, 3)),
        ("14. Jänner 2025", date(2025, 1, 14)),
    ],
    "spanish": [
        ("14 de noviembre de 2025", D), ("jueves, 14 de noviembre del 2025", D),
        ("14 de setiembre de 2025", date(2025, 9, 14)), ("Publicado el 3 de mayo de 2024", date(2024, 5, 3)),
        ("1º de marzo de 2024", date(2024, 3, 1)),
    ],
    "portuguese": [
        ("14 de novembro de 2025", D), ("3 de março de 2024", date(2024, 3, 3)),
        ("3 de marco de 2024", date(2024, 3, 3)), ("14 de out. de 2025", date(2025, 10, 14)),
    ],
    "italian": [
        ("14 novembre 2025", D), ("3 maggio 2024", date(2024, 5, 3)),
        ("venerdì 14 novembre 2025", D), ("1 ottobre 2025", date(2025, 10, 1)),
    ],
    "dutch": [("14 november 2025", D), ("3 maart 2024", date(2024, 3, 3)), ("3 mrt 2024", date(2024, 3, 3))],
    "polish": [
        ("14 listopada 2025", D), ("3 maja 2024 r.", date(2024, 5, 3)),
        ("15 października 2025", date(2025, 10, 15)), ("15 pazdziernika 2025", date(2025, 10, 15)),
        ("1 września 2025", date(2025, 9, 1)),
    ],
    "czech": [
        ("14. listopadu 2025", D), ("3. května 2024", date(2024, 5, 3)),
        ("1. září 2025", date(2025, 9, 1)), ("28. října 2025", date(2025, 10, 28)),
    ],
    "nordic": [
        ("14 november 2025", D), ("3 maj 2024", date(2024, 5, 3)), ("3. marts 2024", date(2024, 3, 3)),
        ("14. desember 2025", date(2025, 12, 14)), ("1 augusti 2025", date(2025, 8, 1)),
    ],
    "finnish": [
        ("14. marraskuuta 2025", D), ("3. toukokuuta 2024", date(2024, 5, 3)),
        ("1. kesäkuuta 2025", date(2025, 6, 1)), ("1. kesakuuta 2025", date(2025, 6, 1)),
    ],
    "turkish": [
        ("14 Kasım 2025", D), ("14 KASIM 2025", D), ("3 Mayıs 2024", date(2024, 5, 3)),
        ("30 Ağustos 2025 Cumartesi", date(2025, 8, 30)), ("1 EKİM 2025", date(2025, 10, 1)),
    ],
    "indonesian/malay": [
        ("3 Mei 2024", date(2024, 5, 3)), ("17 Agustus 2025", date(2025, 8, 17)),
        ("17 Ogos 2025", date(2025, 8, 17)), ("Senin, 3 Maret 2025", date(2025, 3, 3)),
    ],
    "romanian": [("14 noiembrie 2025", D), ("3 mai 2024", date(2024, 5, 3)), ("1 decembrie 2025", date(2025, 12, 1))],
    "hungarian": [("2025. november 14.", D), ("2024. március 3.", date(2024, 3, 3)), ("2025. nov. 14.", D)],
    "greek": [
        ("14 Νοεμβρίου 2025", D), ("14 Νοεμβριου 2025", D), ("3 Μαΐου 2024", date(2024, 5, 3)),
        ("3 ΜΑΪΟΥ 2024", date(2024, 5, 3)),
    ],
    "russian": [
        ("14 ноября 2025 г.", D), ("3 мая 2024 года", date(2024, 5, 3)),
        ("1 сентября 2025", date(2025, 9, 1)), ("14 НОЯБРЯ 2025", D),
    ],
    "ukrainian": [("14 листопада 2025", D), ("3 травня 2024 р.", date(2024, 5, 3)), ("1 вересня 2025", date(2025, 9, 1))],
    "cjk": [
        ("2025年11月14日", D), ("2025年1月5日 13:15", date(2025, 1, 5)), ("２０２５年１１月１４日", D),
        ("2025 年 11 月 14 日", D), ("2025년 11월 14일", D), ("2025-11-14 13:15 KST", D),
    ],
    "arabic": [("14 نوفمبر 2025", D)],
}
FORMAT_CASES = [pytest.param(text, want, id=f"{lang}:{text}") for lang, cases in FORMATS.items()
                for text, want in cases]


@pytest.mark.parametrize("text, want", FORMAT_CASES)
def test_parse_date(text, want):
    assert parse_date(text, today=TODAY) == want


@pytest.mark.parametrize("text", [
    "", "   ", "no date here", "2 hours ago", "Updated 5 minutes ago", "yesterday", "hace 3 horas",
    "il y a 2 jours", "vor 2 Stunden", "3 дня назад", "Feb 30, 2025", "31 April 2025", "29 February 2023",
    "2025-13-01", "00/12/2025", "13/13/2025", "14 November 1850", "31 December 1899", "14 November 2099",
    "2027-01-01", "November 2025", "14 November", "Page 3 of 12", "Call 555-1234", "Version 3.11.2",
    "Score: 3-1", "14 Nov 13:15", "14 Nov 25 people", "1.000.000", "ISBN 978-3-16-148410-0", "13:15",
    "20251114", "Copyright 2025", "x" * 400 + " 14 Nov 2025",
])
def test_parse_date_none(text):
    assert parse_date(text, today=TODAY) is None


@pytest.mark.parametrize("text, want", [
    ("14 November 2026", date(2026, 11, 14)),   # next year is still plausible
    ("14 November 2027", None),
    ("1 January 1900", date(1900, 1, 1)),
    ("14 Nov 99", date(1999, 11, 14)),
    ("14 Nov 26", date(2026, 11, 14)),
    ("14 Nov 27", date(1927, 11, 14)),          # 2027 would be in the future
])
def test_year_bounds(text, want):
    assert parse_date(text, today=TODAY) == want


def test_today_defaults_to_real_today():
    assert parse_date("14 November 2025") == D
    assert parse_date(f"1 January {date.today().year + 2}") is None


@pytest.mark.parametrize("text, want", [
    ("Published 14 Nov 2025 | Updated 15 Nov 2025", [D, date(2025, 11, 15)]),
    ("From 2025-11-14 to 2025-11-20", [D, date(2025, 11, 20)]),
    ("Veröffentlicht: 14.11.2025, 13:15 — Aktualisiert: 15.11.2025", [D, date(2025, 11, 15)]),
    ("Nov 14, 2025 and 3 mars 2024", [D, date(2024, 3, 3)]),
    ("no dates", []),
    ("", []),
])
def test_find_dates(text, want):
    assert find_dates(text, today=TODAY) == want


@pytest.mark.parametrize("line", [
    "Friday, Nov 14, 2025", "Monday 07 February 2022 13:15 EST", "Published 3:12 PM ET Tue, 4 March 2025",
    "Updated: November 14, 2025 at 5:50 a.m. ET", "14.11.2025, 13:15 Uhr",
    "Veröffentlicht am 14.11.2025 um 13:15 Uhr", "Publié le 14 novembre 2025 à 13h15",
    "Publicado el 14 de noviembre de 2025 a las 10:00", "Опубликовано 14 ноября 2025 г. в 13:15",
    "2025-11-14T13:15:00Z", "2025年11月14日 13:15", "Nov 14, 2025 | 5 min read", "14 Nov 2025 · Reuters",
    "Posted on 2025/11/14 - 10:00 GMT+1", "Pubblicato il 14 novembre 2025 alle 10:00",
])
def test_is_dateline(line):
    assert is_dateline(line, today=TODAY)


@pytest.mark.parametrize("line", [
    "On 14 November 2025 the president said he would resign from office next year",
    "The 14 November 2025 summit in Paris brought together leaders from twenty countries",
    "No date on this line", "2 hours ago", "Updated 5 minutes ago", "Copyright 2025", "",
    "Friday, Nov 14, 2025 " + "and a great deal more words " * 20,
])
def test_is_not_dateline(line):
    assert not is_dateline(line, today=TODAY)


@pytest.mark.parametrize("line", [
    "Updated: Nov 14, 2025", "Last updated 14 November 2025", "Last modified: 2025-11-14",
    "UPDATED Nov 14", "Aktualisiert am 14.11.2025", "Mis à jour le 14 novembre 2025",
    "Mise à jour : 14/11/2025", "Actualizado el 14 de noviembre de 2025", "Atualizado em 14/11/2025",
    "Aggiornato il 14 novembre 2025", "Обновлено 14 ноября 2025", "Оновлено 14 листопада 2025",
    "Bijgewerkt op 14 november 2025", "Zaktualizowano 14 listopada 2025", "Güncelleme: 14 Kasım 2025",
    "更新：2025年11月14日",
])
def test_is_updated_line(line):
    assert is_updated_line(line)


@pytest.mark.parametrize("line", [
    "Published Nov 14, 2025", "Published 14 Nov 2025, updated 15 Nov 2025",
    "Veröffentlicht am 14.11.2025, aktualisiert am 15.11.2025",
    "Publié le 14/11/2025, mis à jour le 15/11/2025", "Friday, Nov 14, 2025", "",
    "Mission statement", "Misunderstanding", "Terms of use",
])
def test_is_not_updated_line(line):
    assert not is_updated_line(line)


@pytest.mark.parametrize("url, want", [
    ("https://www.example.com/2025/11/14/world/story.html", D),
    ("https://example.com/news/2025-11-14/story", D),
    ("https://example.com/a/20251114/b", D),
    ("https://www.theguardian.com/world/2025/nov/14/story", D),
    ("https://example.com/story-2025-11-14.html", D),
    ("https://example.com/news/article_20251114.html", D),
    ("https://example.com/2025/11/14", D),
    ("https://example.com/2025/1/5/x", date(2025, 1, 5)),
    ("https://example.com/2025/11/", None),           # year and month only: no day invented
    ("https://example.com/2025/11/story-slug", None),
    ("https://example.com/2025/", None),
    ("https://example.com/2025/11/1234567/slug", None),
    ("https://example.com/article/12345678/", None),
    ("https://example.com/20251332/", None),
    ("https://example.com/2025/13/01/", None),
    ("https://example.com/1850/11/14/", None),
    ("https://example.com/p/1202511140/", None),
    ("", None),
    ("not a url", None),
])
def test_date_from_url(url, want):
    assert date_from_url(url, today=TODAY) == want


def test_month_tables():
    assert all(len(months) == 12 for months in _MONTH_TABLES.values())
    assert set(MONTHS.values()) == set(range(1, 13))
    assert MONTHS["marz"] == MONTHS["maerz"] == 3
    assert MONTHS["kasim"] == MONTHS["listopada"] == MONTHS["ноября"] == MONTHS["νοεμβριου"] == 11


def _random_texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pieces = ["14", "2025", "11", "/", ".", "-", " ", ",", "Nov", "mars", "ноября", "年", "月", "日",
              "de", "1er", "'", ":", "T", "Z", "Ⅻ", "٢٠٢٥", "２０", "\u0301", "\ud800", "\x00", "ß", "İ"]
    texts = []
    for _ in range(n):
        if rng.random() < 0.5:
            texts.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))))
        else:
            texts.append("".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 60))))
    texts += [bytes(rng.randrange(256) for _ in range(200)).decode("latin-1") for _ in range(200)]
    return texts


LONG_JUNK = [
    "1" * 100_000, "14 " * 50_000, "Nov " * 50_000, "1." * 50_000, "2025-" * 20_000, "a" * 1_000_000,
    "14 de " * 20_000, ("1 ," * 5_000) + "2025", "\u0301" * 100_000, "年" * 100_000,
]


def _check_any_input(text: str) -> None:
    got = parse_date(text, today=TODAY)
    assert got is None or date(1900, 1, 1) <= got <= date(2026, 12, 31), repr(text)
    assert all(isinstance(d, date) for d in find_dates(text, today=TODAY)), repr(text)
    assert isinstance(is_dateline(text, today=TODAY), bool)
    assert isinstance(is_updated_line(text), bool)
    got = date_from_url(text, today=TODAY)
    assert got is None or date(1900, 1, 1) <= got <= date(2026, 12, 31), repr(text)


def test_random_input_never_raises():
    for text in _random_texts(3000):
        _check_any_input(text)


@pytest.mark.parametrize("text", LONG_JUNK, ids=lambda t: f"{t[:8]!r}..{len(t)}chars")
def test_long_junk_never_raises(text):
    _check_any_input(text)


@pytest.mark.parametrize("value", [None, 20251114, b"2025-11-14", ["2025-11-14"]])
def test_non_strings(value):
    assert parse_date(value) is None
    assert find_dates(value) == []
    assert not is_dateline(value)
    assert not is_updated_line(value)
    assert date_from_url(value) is None


def test_speed():
    """A loose bound that catches runaway backtracking; the real figure is a few microseconds."""
    lines = ["The minister said 250 people attended the meeting on Monday, and 12 more came in 2024.",
             "x" * 100, "Published 3:12 PM ET Tue, 4 March 2025"] + LONG_JUNK
    start = time.perf_counter()
    for _ in range(200):
        for line in lines:
            parse_date(line)
    assert (time.perf_counter() - start) / (200 * len(lines)) < 0.0005


def test_numeric_order_from_the_texts_own_dates_else_the_region():
    assert numeric_order("Posted 09.10.2024; earlier posts 11.24.2025, 10.28.2025") is True
    assert numeric_order("14/11/2025 and 11/14/2025") is False      # mixed: the default
    assert numeric_order("24.11.2025") is False
    assert numeric_order("3/4/2025", "en-US") is True
    assert numeric_order("3/4/2025", "es_US") is True
    assert numeric_order("3/4/2025", "en") is False
    assert numeric_order("3/4/2025 and 24/12/2024", "en-US") is False  # the page's own dates win
    assert numeric_order("version 1.2.2025.3", "de") is False
    assert parse_date("09.10.2024", month_first=True) == date(2024, 9, 10)
    assert parse_date("09.10.2024") == date(2024, 10, 9)
    assert parse_date("14.10.2024", month_first=True) == date(2024, 10, 14)   # cannot be month first
