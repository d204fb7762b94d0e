"""A newsletter's furniture (search/extract/newsletter.py), moved to dropped with its reason."""
from __future__ import annotations

from search.extract.article import REASONS, Article
from search.extract.newsletter import strip_newsletter

STORY = ("The council met on Tuesday evening to discuss the ferry proposal, which residents say would change "
         "the character of the harbour district for a generation, and the vote was close.")


def article(*paras: str) -> Article:
    return Article(source="x", body="\n\n".join(paras))


def test_each_kind_of_furniture_gets_its_reason():
    a = article("View this email in your browser", STORY, STORY + " Again.", "SPONSORED", "Try Ferrylink Premium",
                "Ferrylink gets you to the island faster. Try it free.", "Next: the weather",
                "Refer a friend and earn rewards.", STORY + " Third.",
                "You are receiving this email because you signed up.", "Unsubscribe | Manage preferences",
                "Harbour Media Ltd, 1 Quay Street")
    n = strip_newsletter(a)
    got = [(d.text, d.reason) for d in a.dropped]
    assert got == [("View this email in your browser", "navigation"), ("SPONSORED", "sponsor"),
                   ("Try Ferrylink Premium", "sponsor"),
                   ("Ferrylink gets you to the island faster. Try it free.", "sponsor"),
                   ("Refer a friend and earn rewards.", "share"),
                   ("You are receiving this email because you signed up.", "newsletter"),
                   ("Unsubscribe | Manage preferences", "newsletter"), ("Harbour Media Ltd, 1 Quay Street", "newsletter")]
    assert n == len(got) and all(r in REASONS for _, r in got)
    assert a.body.split("\n\n") == [STORY, STORY + " Again.", "Next: the weather", STORY + " Third."]


def test_other_languages():
    a = article(STORY, "Diesen Newsletter im Browser ansehen", "Newsletter abbestellen", )
    strip_newsletter(a)
    assert [d.reason for d in a.dropped] == ["navigation", "newsletter"]
    a = article("Voir la version en ligne", STORY, "Se désabonner de cette lettre")
    strip_newsletter(a)
    assert [d.reason for d in a.dropped] == ["navigation", "newsletter"] and a.body == STORY


def test_a_footer_with_a_story_below_it_takes_only_itself():
    long_story = STORY * 4
    a = article(STORY, "Unsubscribe", long_story)
    strip_newsletter(a)
    assert [d.text for d in a.dropped] == ["Unsubscribe"] and a.body.split("\n\n") == [STORY, long_story]


def test_prose_mentioning_a_phrase_stays():
    text = ("Readers who want to unsubscribe from the council's mailing list can write to the clerk, the council "
            "said on Tuesday, adding that the sponsored by-election leaflets were paid for by the parties. " * 2)
    a = article(STORY, text)
    assert strip_newsletter(a) == 0 and a.body == STORY + "\n\n" + text
