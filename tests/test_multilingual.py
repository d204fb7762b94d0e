"""Per-language analysis (search/multilingual.py, search/analysis.py): stems, stop words,
folding and bigrams, and query words expanded into every indexed language."""
from __future__ import annotations

from search.analysis import index_terms, query_terms, terms
from search.multilingual import fold, stop_list


def test_inflected_forms_share_a_term_in_their_language():
    assert terms("Verhandlungen", "de") == terms("Verhandlung", "de")
    assert terms("Путиным Путина", "ru") == terms("Путин", "ru") * 2
    assert terms("négociations", "fr") == terms("negociations", "fr")


def test_stop_words_per_language():
    assert terms("die Verhandlungen und der Haushalt", "de") == terms("Verhandlungen Haushalt", "de")
    assert "les" in stop_list("fr")
    assert terms("the", None) == []          # no known language: every list's stop words


def test_content_words_are_not_stop_words():
    # the stop-words package lists these beside function words; a reader searches for them
    assert terms("l'état des personnes", "fr") == terms("état personnes", "fr") != []
    assert len(terms("жизнь люди время", "ru")) == 3
    assert len(terms("lavoro gente", "it")) == 2
    assert terms("Kaunis päivä", "fi") != []


def test_folding():
    assert fold("négociations") == "negociations"
    assert fold("straße") == "strasse"
    assert fold("ёлка") == "елка"
    assert fold("हिन्दी") == "हिन्दी"            # Devanagari marks are letters' parts: kept
    assert terms("Café", "en") == ["cafe"]


def test_cjk_bigrams_and_no_stemming_without_a_stemmer():
    assert terms("北京市", "zh") == ["北京", "京市"]
    assert terms("Ελληνικά", "el") != []
    assert terms("Kaunis päivä", "xx") == ["kaunis", "paiva"]


def test_a_query_word_stands_for_its_term_in_each_language():
    got = query_terms("Verhandlung", ["de", "en", None])
    assert ["verhandl"] in got and ["verhandlung"] in got
    assert query_terms("the", ["en", None]) == []


def test_index_terms_positions_follow_the_terms():
    items = dict((t.decode(), n) for t, n, _, _ in index_terms("Путиным и Путина", "ru"))
    assert items == {"путин": 2}


# --------------------------------------------------------------------------- the issue's table, both backends

import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

from search.cli import main  # noqa: E402
from conftest import BACKENDS, settings_for  # noqa: E402

SAMPLES = Path(__file__).resolve().parent / "data" / "languages"   # written for newsfacet (README.md there)
CAPTURES = ["fr_negociations.txt", "de_verhandlungen.txt", "ru_peskov.txt", "de_putin_macron.txt",
            "fr_poutine_macron.txt"]


@pytest.fixture(scope="module", params=BACKENDS)
def table_index(request, tmp_path_factory):
    settings = settings_for(request, request.param)
    env = {} if settings is None else {"NEWSFACET_BACKEND": "sphinx", "NEWSFACET_NODES": ",".join(settings.nodes)}
    index = tmp_path_factory.mktemp("languages") / "index"
    result = CliRunner().invoke(main, ["ingest", "--index", str(index), "--workers", "1",
                                       *[str(SAMPLES / c) for c in CAPTURES]], env=env)
    assert result.exit_code == 0, result.output
    return index, env


def _search(table_index, *args):
    index, env = table_index
    result = CliRunner().invoke(main, ["search", "--index", str(index), "--json", *args], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("query,title_word", [("negociations", "négociations"), ("Verhandlung", "Verhandlungen"),
                                              ("Путин", "Путина"), ('"europaischen Haushalt"', "Haushalt"),
                                              ("négo*", "négociations")])
def test_the_issue_table_queries_find_their_article(table_index, query, title_word):
    got = _search(table_index, query)
    assert got["total"] >= 1
    assert any(title_word in (h["title"] or "") or title_word in h["snippet"] for h in got["hits"])


def test_language_facet_is_disjunctive(table_index):
    got = _search(table_index, "", "--language", "ru")
    assert got["total"] == 1 and got["hits"][0]["language"] == "ru"
    counts = {v["value"]: v["count"] for v in got["facets"]["language"]["values"]}
    assert counts == {"fr": 2, "de": 2, "ru": 1}
    assert _search(table_index, "", "--language", "ru", "--language", "fr")["total"] == 3


def test_spellings_merge_under_one_actor(table_index):
    got = _search(table_index, "", "--actor", "Vladimir Putin")
    assert got["total"] == 4          # the Russian, two German (Wladimir) and the French (Poutine) captures
    actors = {v["value"] for v in _search(table_index, "", "--language", "ru")["facets"]["actor"]["values"]}
    assert {"Vladimir Putin", "Emmanuel Macron", "Dmitry Peskov"} <= actors
