"""Language detection (search/extract/language.py): the text decides, hints help only where it cannot."""
from __future__ import annotations

from search.extract.article import Article
from search.extract.language import detect, settle_languages, tag_language, url_language

FR = ("Les négociations sur le budget européen ont repris mardi à Bruxelles, après deux semaines "
      "d'interruption. La France resterait ferme sur la politique agricole commune.")
DE = ("Die Verhandlungen zwischen Berlin und Paris über den europäischen Haushalt wurden am Dienstag "
      "in Brüssel fortgesetzt. Deutschland sei zu Zugeständnissen bereit.")
RU = "Пресс-секретарь президента России заявил во вторник, что телефонный разговор прошёл в деловой обстановке."


def test_languages_of_clear_texts():
    assert detect(None, FR) == "fr"
    assert detect("Verhandlungen gehen weiter", DE) == "de"
    assert detect(None, RU) == "ru"
    assert detect(None, "北京市今天宣布了新的城市交通政策，市民对此反应积极，认为将改善出行条件。") == "zh"


def test_a_hint_does_not_overrule_clear_text():
    assert detect(None, FR + " " + FR, lang_tag="en-US", url="https://example.co.uk/news/a") == "fr"


def test_short_text_takes_the_hint_or_nothing():
    assert detect("Budget talks", "", lang_tag="de-DE") == "de"
    assert detect(None, "", url="https://www.lemonde.fr/a") == "fr"
    assert detect(None, "12 34") is None


def test_hints_read_from_tags_and_urls():
    assert tag_language("pt_BR") == "pt"
    assert tag_language("") is None
    assert url_language("https://example.com/fr/article") == "fr"
    assert url_language("https://www.spiegel.de/politik/x") == "de"
    assert url_language("https://example.com/news") is None


def test_norwegian_is_given_as_bokmal():
    text = ("Regjeringen la tirsdag fram forslaget til statsbudsjett for neste år, og finansministeren sa at "
            "økonomien står sterkt til tross for høye renter og usikkerhet i verdensøkonomien.")
    assert detect(None, text) == "nb"


def test_a_batch_lends_its_language_to_its_short_articles():
    articles = [Article(source=str(i), title="t", body=DE, language="de") for i in range(3)]
    short = Article(source="s", title="Haushalt Berlin Paris", body="")
    articles.append(short)
    settle_languages(articles)
    assert short.language == "de"
    # a clear French text in a German batch stays French
    fr = Article(source="f", body=FR, language="fr")
    settle_languages(articles + [fr])
    assert fr.language == "fr"


def test_the_vectorised_walk_finds_py3langid_s_own_features():
    """language._Walk replaces py3langid's byte-at-a-time walk: the same features, the same
    counts, in the same order (so the same scores to the last bit), on texts of many scripts,
    and on texts with fewer bytes than the automaton's depth."""
    import numpy as np

    from py3langid.langid import LanguageIdentifier, visit_counts

    from search.extract.language import DEPTH, _identifiers

    ident = _identifiers()[0]
    # DEPTH holds: a breadth-first walk from the start state reaches every state within it
    walk = ident._walk
    seen = np.zeros(len(walk.rowbase), dtype=bool)
    seen[0] = True
    frontier, steps = np.array([0]), 0
    while len(frontier):
        reached = np.unique(walk.nextmove[walk.rowbase[frontier][:, None] + np.arange(256)])
        frontier = reached[~seen[reached]]
        seen[frontier] = True
        steps += 1 if len(frontier) else 0
    assert seen.all() and steps <= DEPTH
    texts = [FR, DE, RU, FR.upper(), "日本語のテキストです。東京都", "a", "ab", "", "\u00e9t\u00e9 " * 40,
             "Ελληνικά κείμενα για δοκιμή", "نص عربي للاختبار", "12 34 — «quotes»"]
    for text in texts:
        data = LanguageIdentifier._encode(text)
        ref = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
        got = ident._walk.visits(data)
        if ref is None:
            assert got is None, text
            continue
        assert got[0].tolist() == list(ref.keys()), text
        assert got[1].tolist() == list(ref.values()), text
