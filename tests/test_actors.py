"""Actor extraction (search/extract/actors.py) on hand-written texts: people and organisations
under one name each, places and junk kept out, the alias tables, the CLI side."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search.extract.actors import actors_from_text, extract_actors
from search.extract.canonical import alias_file, merge_alias, read_user_aliases
from search.extract.lexicon import fold
from search.extract.article import Actor, Article
from search.extract.capture import Capture
from search.cli import main
from search.extract.pipeline import extract_capture


def names(title, body, **kw):
    return [a.name for a in actors_from_text(title, body, **kw)]


def typed(title, body, **kw):
    return {a.name: a.type for a in actors_from_text(title, body, **kw)}


def test_people_and_organisations_with_types():
    found = typed(None, "Finance Minister Maria Lindqvist met executives of Norbeck Shipping Ltd in the capital. "
                        "The World Bank said the talks went well, and Amnesty International agreed.")
    assert found == {"Maria Lindqvist": "person", "Norbeck Shipping Ltd": "organisation",
                     "World Bank": "organisation", "Amnesty International": "organisation"}


def test_surname_and_title_forms_map_to_the_fullest_name():
    body = ("Chancellor Helga Brandtner opened the session.\n\n"
            "Mrs Brandtner said the budget was sound. Later, Brandtner left for the airport.\n\n"
            "\"We are ready,\" said Chancellor Brandtner.")
    assert names(None, body) == ["Helga Brandtner"]


def test_particles_and_compound_first_names():
    body = "Foreign Minister Jean-Luc de la Fontaine spoke first. De la Fontaine then left, and Ursula von der Leyen replied."
    found = names(None, body)
    assert "Jean-Luc de la Fontaine" in found
    assert "Ursula von der Leyen" in found
    assert len(found) == 2


def test_honorifics_and_job_titles_are_stripped():
    body = ("The Pentagon spokesman Colonel Ray Hollis said the drill ended. Dr Amara Osei, the health "
            "minister, agreed, and Prime Minister Tomas Vilks thanked them.")
    found = names(None, body)
    assert {"Ray Hollis", "Amara Osei", "Tomas Vilks", "Pentagon"} <= set(found)
    assert not any(n.startswith(("Colonel", "Dr", "Prime", "Minister")) for n in found)


def test_case_is_repaired():
    assert "Vladimir Putin" in names(None, "President vladimir Putin signed the decree on a visit to the region.")


def test_lower_case_words_that_are_first_names_are_not_joined():
    found = names(None, "The minister said Peter Hallam would resign, the agency said Tuesday.")
    assert found == ["Peter Hallam"]


def test_built_in_aliases_merge_spellings_across_documents():
    a = names(None, "The talks with Volodymyr Zelenskiy went on. Zelenskiy said Nato must act.")
    b = names(None, "Later Volodymyr Zelenskyy flew home. The EU and NATO welcomed it.")
    assert "Volodymyr Zelensky" in a and "Volodymyr Zelensky" in b
    assert "NATO" in a and "NATO" in b
    assert "European Union" in b
    assert "Nato" not in a and "EU" not in b


def test_acronym_defined_in_the_text_maps_to_its_long_form():
    body = ("The Baltic Shipping Council (BSC) met on Monday. The BSC said freight rates would rise, "
            "a point the BSC had made before.")
    assert names(None, body) == ["Baltic Shipping Council"]


def test_a_misspelt_surname_after_a_title_joins_the_known_person():
    body = ("Josef Hartmann, the commission's chief, spoke first. Hartmann said talks would go on. "
            "Hartmann added more. Later, commissioner Hartman repeated it.")
    assert names(None, body) == ["Josef Hartmann"]


def test_places_and_nationalities_are_not_actors():
    body = ("German officials met French and Russian diplomats in Geneva. Germany, France and the United "
            "States want a deal; the talks in Brussels and New York continue, and Bavaria agrees.")
    assert names(None, body) == []


def test_a_building_is_a_place_an_institution_named_after_it_an_actor():
    assert names(None, "The two men met in the Kremlin on Monday.") == []
    assert names(None, "The Kremlin said on Monday it would not comment.") == ["Kremlin"]


# --- junk never becomes an actor

def test_weekdays_and_months_are_not_actors():
    assert names(None, "On Monday the talks stalled. In March they resumed, and by Friday in April "
                       "nothing had changed.") == []


def test_section_names_are_not_actors():
    assert names(None, "Comments\n\nNewsletter\n\nRelated Articles\n\nMost Read\n\nAdvertisement") == []


def test_sentence_initial_capitalised_words_are_not_actors():
    body = ("Analysts expect a cut. Meanwhile prices rose. Asked about it, officials declined. "
            "Soldiers patrolled the streets. Despite that, markets calmed.")
    assert names(None, body) == []


def test_photo_agencies_in_credits_are_not_actors():
    body = ("The convoy reached the border at dawn.\n\n"
            "A soldier keeps watch near the front. Photo: Ivan Petrenko/AFP\n\n"
            "Troops on the march (Getty Images)\n\n"
            "The harbour at night. © Shutterstock")
    assert names(None, body) == []


def test_bylines_are_not_actors():
    body = ("By Jane Holloway\n\nThe committee approved the plan on Tuesday.\n\n"
            "Reporting by Tom Bracken; Editing by Alison Weir")
    assert names(None, body) == []


def test_headline_names_count_only_when_the_article_names_them():
    title = "Markets Rally As Vega Praises Central Bank Move"
    body = "Economy Minister Lucia Vega said the decision by the central bank was wise."
    assert names(title, body) == ["Lucia Vega"]


def test_two_companies_joined_by_and_are_two_actors():
    found = names(None, "The deal was arranged by Harwick Securities Inc and Palmer Trust Co, it said.")
    assert found == ["Harwick Securities Inc", "Palmer Trust Co"]


# --- the user alias file

def test_user_alias_file_is_beside_the_index(tmp_path):
    assert alias_file(tmp_path / "idx") == tmp_path / "idx" / "aliases.json"


def test_merge_writes_the_alias_file_and_extraction_reads_it(tmp_path):
    path = alias_file(tmp_path)
    merge_alias(path, "Sasha Grell", "Alexandra Grell")
    assert read_user_aliases(path) == {"Sasha Grell": "Alexandra Grell"}
    article = Article(source="x", title=None, body="Party leader Sasha Grell spoke in the chamber.")
    assert extract_actors(article, path) == [Actor("Alexandra Grell", "person")]


def test_merge_keeps_chains_one_step(tmp_path):
    path = alias_file(tmp_path)
    merge_alias(path, "A. Grell", "Sasha Grell")
    merge_alias(path, "Sasha Grell", "Alexandra Grell")
    assert read_user_aliases(path) == {"A. Grell": "Alexandra Grell", "Sasha Grell": "Alexandra Grell"}


def test_merge_refuses_empty_names(tmp_path):
    with pytest.raises(ValueError):
        merge_alias(alias_file(tmp_path), " ", "Somebody")


def test_cli_actors_merge_and_list(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["actors", "merge", "--index", str(tmp_path), "Zelenskyy", "Volodymyr Zelensky"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "aliases.json").read_text(encoding="utf-8"))
    assert data == {"aliases": {"Zelenskyy": "Volodymyr Zelensky"}}
    result = runner.invoke(main, ["actors", "list", "--index", str(tmp_path)])
    assert result.exit_code == 0
    assert "Zelenskyy -> Volodymyr Zelensky" in result.output


def test_fold_ignores_case_accents_and_possessives():
    assert fold("Élysée") == fold("elysee")
    assert fold("Nato’s") == "nato"
    assert fold("U.S.") == "u s"


# --- wired into the pipeline

def test_pipeline_sets_actors_from_the_body_not_the_furniture(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSFACET_INDEX", str(tmp_path))  # no user alias file there
    text = ("Harbour plan approved after long debate\n\n"
            "Mayor Ingrid Solberg said on Tuesday that the council had approved the harbour plan after "
            "a debate that lasted most of the night, and that work would start in the spring.\n\n"
            "Solberg said the Norwegian Coastal Administration had raised no objection to the design, "
            "which keeps the old pier and adds a ferry terminal on the eastern side of the bay.\n\n"
            "Comments\n\n"
            "Gustav Brekke: this is a waste of money and nobody asked us.\n")
    article = extract_capture(Capture(source="t.txt", text=text, kind="text", encoding="utf-8"))[0]
    found = {a.name for a in article.actors}
    assert "Ingrid Solberg" in found
    assert "Norwegian Coastal Administration" in found
    assert "Gustav Brekke" not in found


def test_merge_relabels_indexed_documents_without_reextracting(tmp_path):
    """`actors merge` re-labels what is already indexed; facet counts follow."""
    from click.testing import CliRunner

    from search.cli import main
    from search.engine import SearchRequest, search
    from search.backends.whoosh.backend import WhooshBackend

    captures = tmp_path / "captures"
    captures.mkdir()
    para = ("Finance minister Ngozi Okonjo-Iweala told reporters in Abuja on Monday that the "
            "budget would protect spending on schools and clinics despite lower oil revenue.")
    for n in range(3):
        (captures / f"c{n}.txt").write_text(
            f"Budget protects schools, minister says ({n})\n\n{para} Day {n} of the talks.\n\n"
            f"The opposition said the plan relied on optimistic forecasts for crude prices in year {n}.\n",
            encoding="utf-8")
    index = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", "--index", str(index), "--workers", "1", str(captures)]).exit_code == 0

    def actor_counts():
        ix = WhooshBackend.open(index)
        try:
            result = search(ix, SearchRequest(query="budget"))
        finally:
            ix.close()
        return {v["value"]: v["count"] for v in result["facets"]["actor"]["values"]}

    before = actor_counts()
    assert before.get("Ngozi Okonjo-Iweala") == 3
    result = runner.invoke(main, ["actors", "merge", "--index", str(index), "Ngozi Okonjo-Iweala", "Ngozi Okonjo Iweala"])
    assert result.exit_code == 0, result.output
    assert "re-labelled 3 indexed documents" in result.output
    after = actor_counts()
    assert after.get("Ngozi Okonjo Iweala") == 3 and "Ngozi Okonjo-Iweala" not in after
    assert (index / "aliases.json").exists()
    # Captures ingested after the merge take the index's alias file too.
    (captures / "c9.txt").write_text(f"Budget protects schools, minister says (9)\n\n{para} Day 9.\n\n"
                                     "The opposition said the plan relied on optimistic forecasts.\n", encoding="utf-8")
    assert runner.invoke(main, ["ingest", "--index", str(index), "--workers", "2", str(captures)]).exit_code == 0
    final = actor_counts()
    assert final.get("Ngozi Okonjo Iweala") == 4 and "Ngozi Okonjo-Iweala" not in final
    # A reindex extracts everything again, with this index's alias file (not the default
    # index's), in worker processes and in this one.
    for workers in ("2", "1"):
        result = runner.invoke(main, ["reindex", "--index", str(index), "--workers", workers])
        assert result.exit_code == 0, result.output
        again = actor_counts()
        assert again.get("Ngozi Okonjo Iweala") == 4 and "Ngozi Okonjo-Iweala" not in again


def test_an_organisation_directly_followed_by_a_person_is_two_actors():
    from search.extract.actors import actors_from_text

    found = actors_from_text("Budget talks", "The head of the European Commission Ursula von der Leyen said on "
                             "Tuesday that the bloc would present its plan next week.")
    names = {(a.name, a.type) for a in found}
    assert ("European Commission", "organisation") in names
    assert ("Ursula von der Leyen", "person") in names
    assert not any("Commission Ursula" in a.name for a in found)
