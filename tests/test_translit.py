"""Known actors in other scripts and spellings (search/extract/translit.py)."""
from __future__ import annotations

from search.extract.article import Actor
from search.extract.translit import canonical_key, known_actors, sound_key, with_known_actors


def test_spellings_share_a_sound_key():
    assert sound_key("Путин") == sound_key("Putin") == sound_key("Poutine")
    assert sound_key("Wladimir Putin") == sound_key("Vladimir Putin")
    assert sound_key("Макрон") == sound_key("Macron")


def test_other_spellings_merge_into_the_table():
    assert canonical_key("Wladimir Putin") == ("Vladimir Putin", "person")
    assert canonical_key("Dmitri Peskow") == ("Dmitry Peskov", "person")
    assert canonical_key("Bernhard Nobody") is None


def test_russian_case_forms_are_found():
    text = "Песков заявил, что разговор между Владимиром Путиным и Эммануэлем Макроном прошёл хорошо."
    names = {n for n, _, _ in known_actors(None, text)}
    assert names == {"Dmitry Peskov", "Vladimir Putin", "Emmanuel Macron"}


def test_nothing_outside_the_table():
    assert known_actors(None, "Мария Иванова и Пётр Сидоров встретились в Москве.") == []


def test_with_known_actors_merges_and_adds():
    got = with_known_actors([Actor("Wladimir Putin", "person")], None, "Poutine a parlé avec Macron.")
    assert [a.name for a in got] == ["Vladimir Putin", "Emmanuel Macron"]
