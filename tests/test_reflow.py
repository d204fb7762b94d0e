"""Hard-wrapped captures (e-mail, PDF, terminal copies) read as their paragraphs:
search/extract/reflow.py, and the stripper on wrapped, upper-cased and paged text."""
from __future__ import annotations

import re
import textwrap
from collections import Counter

import pytest

from search.extract.reflow import page_lines, reflow
from search.extract.strip import strip

# Hand-written captures: a story of four paragraphs, then an appeal, then comments.
CAPTURES = {
    "en": (
        ["Harbour workers in the northern port walked out on Tuesday after talks over pay and night shifts "
         "broke down late on Monday evening, leaving dozens of ships waiting at anchor outside the breakwater.",
         "The union said its members had been offered a rise well below inflation for the third year running, "
         "and that the company had refused to discuss the rota that keeps crews on the quay for twelve hours.",
         "A spokesman for the port authority said contingency plans were in place and that perishable cargo "
         "would be moved first, but he could not say when the container terminal would reopen to traffic.",
         "Shipping agents warned that a long stoppage would push freight costs up across the region, where "
         "several factories depend on parts that arrive by sea every week and keep only a few days of stock."],
        "Support independent journalism today: donate now and help us keep reporting on the stories that matter to you.",
        "Comments (12)",
    ),
    "fr": (
        ["Les dockers du port du nord ont cessé le travail mardi après l'échec des négociations sur les salaires "
         "et le travail de nuit, laissant des dizaines de navires au mouillage devant la digue du port.",
         "Le syndicat affirme que ses membres se sont vu proposer une hausse bien inférieure à l'inflation pour "
         "la troisième année consécutive, et que la direction refuse de discuter des horaires imposés aux équipes.",
         "Un porte-parole de l'autorité portuaire a indiqué que des plans d'urgence étaient prêts et que les "
         "denrées périssables seraient déchargées en premier, sans pouvoir dire quand le terminal rouvrirait.",
         "Les agents maritimes préviennent qu'un long arrêt ferait grimper le coût du fret dans toute la région, "
         "où plusieurs usines dépendent de pièces qui arrivent chaque semaine par la mer et ont peu de stock."],
        "Soutenez notre journalisme indépendant : faites un don dès aujourd'hui pour que nous puissions continuer.",
        "Commentaires",
    ),
    "de": (
        ["Die Hafenarbeiter im nördlichen Hafen haben am Dienstag die Arbeit niedergelegt, nachdem die "
         "Verhandlungen über Löhne und Nachtschichten am späten Montagabend gescheitert waren.",
         "Die Gewerkschaft erklärte, ihren Mitgliedern sei zum dritten Mal in Folge eine Erhöhung angeboten "
         "worden, die deutlich unter der Inflation liege, und das Unternehmen verweigere Gespräche über Schichten.",
         "Ein Sprecher der Hafenbehörde sagte, Notfallpläne lägen bereit und verderbliche Waren würden zuerst "
         "entladen, er könne aber nicht sagen, wann das Containerterminal wieder für den Verkehr öffne.",
         "Schiffsagenten warnten, ein langer Stillstand werde die Frachtkosten in der ganzen Region steigen "
         "lassen, wo mehrere Fabriken von Teilen abhängen, die jede Woche auf dem Seeweg eintreffen."],
        "Unterstützen Sie unabhängigen Journalismus: jetzt spenden und unsere Arbeit für Sie möglich machen.",
        "Kommentare",
    ),
    "ru": (
        ["Портовые рабочие северного порта во вторник прекратили работу после того, как переговоры о зарплате "
         "и ночных сменах сорвались поздно вечером в понедельник, и десятки судов остались ждать на рейде.",
         "Профсоюз заявил, что его членам уже третий год подряд предлагают повышение заметно ниже инфляции, а "
         "компания отказывается обсуждать график, из-за которого бригады работают на причале по двенадцать часов.",
         "Представитель портовых властей сообщил, что планы на случай забастовки готовы и скоропортящиеся грузы "
         "будут разгружены первыми, но не смог сказать, когда контейнерный терминал снова откроется.",
         "Судовые агенты предупреждают, что долгая остановка поднимет стоимость фрахта во всём регионе, где "
         "несколько заводов зависят от деталей, которые каждую неделю приходят морем, а запасов у них мало."],
        "Поддержите нас: независимая журналистика существует благодаря читателям, которые помогают каждый месяц.",
        "Комментарии",
    ),
}
COMMENTS = ["Anna K.", "This has been coming for years and nobody listened to the crews at all."]


def _capture(lang: str) -> tuple[str, list[str]]:
    story, appeal, comments = CAPTURES[lang]
    return "\n".join([*story, appeal, comments, *COMMENTS]), story


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


def _wrap(text: str, width: int) -> str:
    return "\n".join(line for raw in text.split("\n") for line in textwrap.wrap(raw, width, break_on_hyphens=False))


@pytest.mark.parametrize("lang", sorted(CAPTURES))
@pytest.mark.parametrize("width", [60, 72])
def test_a_wrapped_capture_keeps_its_story_and_drops_the_same_furniture(lang: str, width: int) -> None:
    text, story = _capture(lang)
    wrapped = _wrap(text, width)
    assert len(wrapped.split("\n")) > len(text.split("\n")) + 4  # the wrapping really broke lines
    out, plain = strip(wrapped), strip(text)
    assert _words("\n".join(out.body)) == _words("\n".join(story))
    # the same words are dropped, and the appeal is still an appeal
    assert _words(" ".join(d.text for d in out.dropped)) == _words(" ".join(d.text for d in plain.dropped))
    assert "appeal" in {d.reason for d in out.dropped}


@pytest.mark.parametrize("lang", sorted(CAPTURES))
def test_a_capture_in_capitals_keeps_its_story_and_drops_the_same_furniture(lang: str) -> None:
    text, story = _capture(lang)
    out, plain = strip(text.upper()), strip(text)
    assert _words("\n".join(out.body)) == _words("\n".join(story))
    reasons = {d.reason for d in out.dropped}
    assert "appeal" in reasons and reasons == {d.reason for d in plain.dropped}


def test_paragraphs_are_rebuilt_and_short_lines_keep_their_breaks() -> None:
    text, story = _capture("en")
    paragraphs, pages = reflow(_wrap(text, 60))
    assert [p.text for p in paragraphs][:4] == story
    assert "Comments (12)" in [p.text for p in paragraphs]  # a short line is not joined
    assert pages == []


def test_a_browser_copy_comes_back_line_for_line() -> None:
    text, _ = _capture("de")
    paragraphs, pages = reflow(text)
    assert [p.text for p in paragraphs] == [line for line in text.split("\n") if line]
    assert [p.no for p in paragraphs] == list(range(1, len(paragraphs) + 1))


def test_a_word_broken_at_a_line_end_is_rejoined_and_a_real_hyphen_kept() -> None:
    body = ("Harbour workers in the northern port walked out on Tuesday after\n"
            "talks over pay and night shifts broke down late on Monday at the inter-\n"
            "national terminal, leaving dozens of ships waiting for the Moscow-\n"
            "backed funds that were promised to the port authority last spring.\n"
            "The union said its members had been offered a rise well below the\n"
            "inflation rate for the third year running, and that the company had\n"
            "refused to discuss the rota that keeps crews on the quay all night.\n")
    paragraphs, _ = reflow(body)
    joined = " ".join(p.text for p in paragraphs)
    assert "international terminal" in joined and "Moscow-backed funds" in joined


def test_a_table_and_a_list_keep_their_lines() -> None:
    prose = " ".join(CAPTURES["en"][0][:3])
    table = ["Team          P   W   D   L  Pts", "Harbour FC    10  7   2   1  23", "Quay United   10  6   1   3  19"]
    items = ["- fuel up 3 per cent", "- bread up 2 per cent"]
    text = "\n".join([*textwrap.wrap(prose, 70), *table, *textwrap.wrap(prose, 70), *items])
    texts = [p.text for p in reflow(text)[0]]
    for row in table + items:
        assert " ".join(row.split()) in texts


def test_a_paged_documents_running_header_and_page_numbers_are_dropped() -> None:
    prose = " ".join(" ".join(story) for story, _, _ in CAPTURES.values())  # no line repeats
    lines = textwrap.wrap(prose, 70)
    out = ["Port strike report"]
    for n, line in enumerate(lines, 1):
        out.append(line)
        if n % 15 == 0:
            out += [f"Page {n // 15}", "Port strike report"]
    assert len(lines) >= 45
    paragraphs, pages = reflow("\n".join(out))
    assert {p.text for p in pages} == {"Page 1", "Page 2", "Page 3", "Port strike report"}
    assert paragraphs[0].text == "Port strike report"  # the first one, at the top, is the title
    assert _words(" ".join(p.text for p in paragraphs[1:])) == _words(" ".join(lines))
    stripped = strip("\n".join(out))
    assert "page-furniture" in {d.reason for d in stripped.dropped}


def test_a_refrain_is_not_a_page_header() -> None:
    lines = ["Row, row, row your boat", "Gently down the stream"] * 4
    assert page_lines(lines) == set()
