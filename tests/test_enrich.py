"""Title, outlet, date and author of an extracted article (search.extract.enrich via the pipeline).

Captures are hand-written page texts; a value the capture does not state must stay None.
"""
from __future__ import annotations

from datetime import date

import pytest

from search.extract.capture import Capture
from search.extract.pipeline import extract_capture

TITLE = "Port Authority approves harbour dredging after deal with oyster farmers"
PARAS = (
    "The Port Authority voted on Tuesday to begin dredging the northern shipping channel next "
    "spring, ending a two-year dispute with fishing cooperatives who had warned that the work would "
    "disturb the oyster beds that supply most of the town's restaurants.",
    "Under the compromise, dredging crews will work only between October and March, outside the "
    "spawning season, and the authority will pay for an independent survey of the beds before and "
    "after each phase of the project.",
    "“We did not get everything we asked for, but we got the survey, and that was the thing that "
    "mattered,” said Maria Ortega, who chairs the Eastside Fishermen's Cooperative and attended every "
    "one of the eleven public hearings.",
    "Shipping companies have complained for years that the channel is too shallow for the newer "
    "container vessels, which must wait offshore for high tide and sometimes divert to larger ports "
    "further down the coast.",
)
BODY = "\n\n".join(PARAS)

# Paragraphs that mention dates: the dates of events, not of publication.
DATED_PARAS = (
    "The council first discussed the closure of the Mill Street bridge on 3 March 2024, when "
    "engineers reported cracks in two of its supporting piers, and voted to close it to lorries a "
    "month later, on April 9, 2024.",
    "Repairs were due to begin on 12 June 2025 but were postponed twice, first because of a dispute "
    "over the contract and then because the river stayed too high through the summer for divers to "
    "inspect the foundations.",
    "The bridge will now reopen to all traffic in the spring, the council said, provided that a final "
    "inspection scheduled for the week of 16 February finds the new steel supports in good order.",
)
DATED_TITLE = "Mill Street bridge to reopen in spring after long repair delays"


def extract(text: str, **hints):
    articles = extract_capture(Capture(source="t", text=text, kind="text", encoding="utf-8"), **hints)
    assert articles, "no article extracted"
    return articles[0]


def page(*head: str, paras=PARAS, tail: tuple[str, ...] = ()) -> str:
    return "\n\n".join((*head, *paras, *tail)) + "\n"


# --------------------------------------------------------------------------- title


def test_title_is_the_headline_not_its_repeat():
    a = extract(page(TITLE, TITLE))
    assert a.title == TITLE
    assert TITLE not in a.body
    assert a.body == BODY


def test_title_is_not_the_masthead():
    a = extract(page("The Harbour Post", TITLE, "By Daniel Reyes"))
    assert a.title == TITLE
    assert TITLE not in a.body


def test_title_loses_a_breaking_kicker():
    a = extract(page(f"Breaking: {TITLE}"))
    assert a.title == TITLE


def test_short_title_loses_a_breaking_kicker():
    a = extract(page("Breaking: Storm knocks out power to 40,000 homes", "By Daniel Reyes"))
    assert a.title == "Storm knocks out power to 40,000 homes"
    assert "Breaking" not in a.body


def test_title_from_repeated_headline_loses_its_kicker():
    a = extract(page(f"Breaking: {TITLE}", TITLE))
    assert a.title == TITLE
    assert a.body == BODY


# --------------------------------------------------------------------------- outlet


def test_outlet_from_masthead_first_line():
    a = extract(page("Harbour Daily", TITLE, "By Daniel Reyes"))
    assert a.outlet == "Harbour Daily"
    assert a.title == TITLE


def test_outlet_from_masthead_first_line_with_article():
    a = extract(page("The Harbour Post", TITLE, "By Daniel Reyes"))
    assert a.outlet == "The Harbour Post"


def test_outlet_from_notifications_prompt():
    a = extract(page("Stay up to date with notifications from The Valley Times",
                     "Notifications can be managed in browser preferences.", TITLE))
    assert a.outlet == "The Valley Times"
    assert a.title == TITLE


def test_outlet_from_support_appeal():
    a = extract(page(TITLE, tail=(
        "Support The Valley Post!",
        "Independent local journalism costs money. If you value our reporting, please make a donation "
        "today: every gift keeps our newsroom open and our articles free for everyone to read.",
        "Donate")))
    assert a.outlet == "The Valley Post"
    assert a.body == BODY


def test_outlet_from_page_title_line():
    a = extract(page(f"{TITLE} | Harbour Daily News", TITLE))
    assert a.outlet == "Harbour Daily News"
    assert a.title == TITLE


def test_outlet_is_none_when_the_capture_names_none():
    a = extract(page(TITLE, "By Daniel Reyes"))
    assert a.outlet is None


def test_outlet_is_none_for_a_capture_of_bare_paragraphs():
    a = extract(page(paras=PARAS))
    assert a.outlet is None


def test_outlet_hint_wins():
    a = extract(page("Stay up to date with notifications from The Valley Times", TITLE),
                outlet="Valley Times Online")
    assert a.outlet == "Valley Times Online"


def test_outlet_from_url_when_the_page_names_none():
    url = "https://www.harbourpost.com/news/port-dredging-deal"
    a = extract(page(TITLE), url=url)
    assert a.url == url
    assert a.outlet is not None
    assert a.outlet.casefold() in {"harbourpost.com", "harbourpost", "harbour post", "the harbour post"}


def test_outlet_named_by_the_page_wins_over_the_url():
    a = extract(page("Stay up to date with notifications from The Valley Times", TITLE),
                url="https://amp.valleytimes-cdn.net/a/123")
    assert a.outlet == "The Valley Times"


# --------------------------------------------------------------------------- date


def test_date_from_us_dateline():
    a = extract(page(TITLE, "By Daniel Reyes", "Friday, Nov 14, 2025"))
    assert a.date == date(2025, 11, 14)
    assert "Friday, Nov 14, 2025" not in a.body


def test_date_numeric_dateline_is_read_as_the_page_writes_its_dates():
    assert extract(page(TITLE, "By Daniel Reyes", "04/05/2025")).date == date(2025, 5, 4)
    # A list of other posts below, written month first (11/14), settles the order.
    others = ("More stories", "Harbour dredging finished ahead of schedule 11/14/2024",
              "Port authority names new director 10/28/2024")
    assert extract(page(TITLE, "By Daniel Reyes", "04/05/2025", tail=others)).date == date(2025, 4, 5)


def test_date_from_dateline_with_time_and_zone():
    a = extract(page(TITLE, "Thomas Kingsley\nMonday 07 February 2022 13:15 EST"))
    assert a.date == date(2022, 2, 7)


def test_date_is_none_when_only_the_body_mentions_dates():
    a = extract(page(DATED_TITLE, "By Daniel Reyes", paras=DATED_PARAS))
    assert a.date is None
    assert a.body == "\n\n".join(DATED_PARAS)


def test_date_hint_wins():
    a = extract(page(TITLE, "Friday, Nov 14, 2025"), date=date(2025, 11, 20))
    assert a.date == date(2025, 11, 20)


def test_date_from_url_when_the_page_states_none():
    a = extract(page(TITLE), url="https://harbourpost.com/2025/11/14/port-dredging-deal")
    assert a.date == date(2025, 11, 14)


# --------------------------------------------------------------------------- author


def test_author_from_by_line():
    a = extract(page(TITLE, "By Jane Doe", "Friday, Nov 14, 2025"))
    assert a.author == "Jane Doe"
    assert "By Jane Doe" not in a.body


def test_author_from_bare_name_next_to_dateline():
    a = extract(page(TITLE, "Jane Doe\nMonday 07 February 2022 13:15 EST"))
    assert a.author == "Jane Doe"
    assert "Jane Doe" not in a.body


def test_author_from_byline_with_role():
    a = extract(page(TITLE, "By Jane Doe, Transport Correspondent", "Friday, Nov 14, 2025"))
    assert a.author == "Jane Doe"


def test_author_and_date_from_one_line():
    a = extract(page(TITLE, "By Jane Doe | November 14, 2025"))
    assert a.author == "Jane Doe"
    assert a.date == date(2025, 11, 14)


@pytest.mark.parametrize("byline", ["By Staff", "By Staff Reporter", "By Newsroom Staff"])
def test_author_is_never_staff(byline):
    a = extract(page(TITLE, byline, "Friday, Nov 14, 2025"))
    assert a.author is None or "staff" not in a.author.casefold()


def test_author_is_never_a_date():
    a = extract(page(TITLE, "Published Nov 14, 2025", "Updated Nov 15, 2025 10:02 a.m."))
    assert a.author is None
    assert a.date == date(2025, 11, 14)


def test_author_is_never_the_outlet():
    a = extract(page("Stay up to date with notifications from The Valley Times", TITLE,
                     "By The Valley Times", "Friday, Nov 14, 2025"))
    assert a.outlet == "The Valley Times"
    assert a.author is None


def test_author_is_never_the_outlet_given_as_hint():
    a = extract(page(TITLE, "By Valley Times", "Friday, Nov 14, 2025"), outlet="Valley Times")
    assert a.author is None


def test_author_is_none_when_the_capture_names_none():
    a = extract(page(TITLE, "Friday, Nov 14, 2025"))
    assert a.author is None
