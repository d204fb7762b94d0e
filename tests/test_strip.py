"""search.extract.strip: the furniture stripper for plain-text captures.

Every capture below is hand-written in the shape of text copied out of a browser page
(title, perhaps a masthead, byline and dateline, paragraphs, then page furniture). Each
test checks that (a) every article paragraph is in `.body`, (b) the furniture is not, and
(c) the furniture is in `.dropped` with the right reason from `article.REASONS`.
"""
from __future__ import annotations

from search.extract.article import REASONS, Dropped
from search.extract.capture import Capture
from search.extract.pipeline import extract_capture
from search.extract.rules import normalise
from search.extract.strip import Stripped, batch_furniture, strip

# --------------------------------------------------------------------------- articles
# Paragraphs of a few made-up stories, reused by the captures below.

HARBOUR_TITLE = "Port Authority approves harbour dredging after deal with oyster farmers"
HARBOUR = (
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
    "The first phase is expected to cost $14 million, most of it covered by a federal grant approved "
    "last year. The authority said it would publish the survey results on its website within a month "
    "of each inspection.",
)

LIBRARY_TITLE = "Central library reopens after eighteen-month renovation"
LIBRARY = (
    "The city's central library will reopen its reading rooms on Monday after an eighteen-month "
    "renovation that replaced the leaking glass roof, added a children's wing and restored the murals "
    "painted by local artists during the 1930s.",
    "Librarians spent the last three weeks moving more than 200,000 books back from a temporary "
    "warehouse near the airport. The rare maps collection, which had been stored in a "
    "climate-controlled vault in the state capital, returns next month.",
    "Opening hours will be longer than before the closure: the building will stay open until 9 p.m. "
    "on weekdays, a change that the library's director, Samuel Achebe, said was requested in more "
    "than half of the responses to a survey of students.",
    "The renovation came in roughly four percent over its original budget, mostly because of the "
    "roof, whose steel frame turned out to be more corroded than the engineers' first inspection had "
    "suggested.",
)

TRAIN_TITLE = "Hourly trains to return to the Lindenberg coast line in December"
TRAIN = (
    "Regional rail operators will run an hourly service between Lindenberg and the coast from "
    "December, the transport ministry announced, restoring a line that was cut back to four trains a "
    "day during the pandemic and never fully recovered.",
    "Passenger groups welcomed the decision but pointed out that the timetable still leaves a "
    "three-hour gap in the early afternoon, when many of the line's users, a large share of them "
    "schoolchildren and hospital staff, need to travel.",
    "The ministry said the gap was caused by maintenance work on a single-track section near Oberfeld "
    "and would close once a second track is laid there, a project now scheduled to begin in 2027 "
    "after several delays.",
    "Ticket prices will remain unchanged for at least a year. Operators said they expected ridership "
    "to return to its 2019 level within eighteen months if the new service proved reliable through "
    "its first winter.",
)

STORM_TITLE = "Storm knocks out power to 40,000 homes across the valley"
STORM = (
    "High winds brought down trees and power lines across the valley overnight, leaving about 40,000 "
    "homes without electricity on Wednesday morning, the utility company said, warning that some "
    "rural areas could wait until the weekend.",
    "Crews from three neighbouring states have been called in to help. Schools in the worst-hit "
    "districts were closed, and the county opened two warming centres for residents whose homes rely "
    "on electric heating.",
    "Forecasters expect calmer weather from Thursday, although another band of rain is due to cross "
    "the region early next week and the ground is already saturated after the wettest autumn on "
    "record.",
)

H1, H2, H3, H4, H5 = HARBOUR
L1, L2, L3, L4 = LIBRARY
T1, T2, T3, T4 = TRAIN
S1, S2, S3 = STORM

# --------------------------------------------------------------------------- captures

APPEAL_PAGE = f"""{HARBOUR_TITLE}

{H1}

{H2}

{H3}

{H4}

{H5}

Support The Harbour Post

Independent local journalism costs money. If you value our reporting on the port, the council and the courts, please consider a donation: every gift, large or small, keeps our newsroom open and our articles free for everyone to read.

Your support makes all the difference.

Donate
"""

NEWSLETTER_PAGE = f"""Get notifications from The Harbour Post

{LIBRARY_TITLE}

{L1}

{L2}

{L3}

{L4}

Sign up for our free weekly newsletter on arts and culture in the city
Enter your email address
"""

# The sign-up box that many sites put between two paragraphs of the article.
NEWSLETTER_INLINE_PAGE = f"""{LIBRARY_TITLE}

{L1}

{L2}

Sign up for our free weekly newsletter on arts and culture in the city
Enter your email address

{L3}

{L4}
"""

RELATED_PAGE = f"""{TRAIN_TITLE}

{T1}

{T2}

Read more: Lindenberg station to get two new platforms by 2026

{T3}

{T4}

Related articles
Coast line passengers face weekend bus replacement
Why rural rail lines keep losing passengers
Ministry promises new trains for the north by 2028
Oberfeld track works delayed again
"""

COMMENTS_PAGE = f"""{LIBRARY_TITLE}

{L1}

{L2}

{L3}

{L4}

12 Comments
anna_k
Finally! My kids have been asking every week when the children's wing would open. Thank you to the staff who kept the pop-up branch going during all those months.
Reply
RetiredTeacher58
Four percent over budget is honestly better than most projects in this city. Still, I hope someone checks why the first roof inspection missed so much of the corrosion.
Reply
Log in to leave a comment
"""

LOGIN_PAGE = f"""Log in

{HARBOUR_TITLE}

{H1}

{H2}

{H3}

{H4}

{H5}

Log in

Thank you for registering

Please refresh the page or navigate to another page on the site to be automatically logged in
"""

MEDIA_PAGE = f"""{TRAIN_TITLE}

{T1}

0:00
Close
×

{T2}

{T3}

{T4}
"""

SHARE_PAGE = f"""{HARBOUR_TITLE}

Share
Facebook
Twitter
WhatsApp

{H1}

{H2}

{H3}

{H4}

{H5}
"""

DUP_TITLE = "Library ‘back and better than ever’ as reading rooms reopen"
DUP_TITLE_PAGE = f"""{DUP_TITLE}

{DUP_TITLE}

{L1}

{L2}

{L3}

{L4}
"""

# The page title repeated under a photo, with straight quotes instead of curly ones.
DUP_TITLE_QUOTES_PAGE = f"""{DUP_TITLE}

Library 'back and better than ever' as reading rooms reopen

{L1}

{L2}

{L3}

{L4}
"""

ENGAGEMENT_PAGE = f"""{TRAIN_TITLE}

{T1}

{T2}

{T3}

{T4}

What do you think about the new timetable? Let us know in the comments below.
"""

DEBRIS_PAGE = f"""{LIBRARY_TITLE}

{L1}

{L2}
/>
{L3}

{L4}
"""

APPENDED_PAGE = f"""{LIBRARY_TITLE}

{L1}

{L2}

{L3}

{L4}

3 Comments
anna_k
Finally! My kids have been asking every week when the children's wing would open. Thank you to the staff who kept the pop-up branch going during all those months.
Log in to leave a comment

{STORM_TITLE}

{S1}

{S2}

{S3}
"""

MASTHEAD_PAGE = f"""The Harbour Post
Independent news for the Bay since 1921

{HARBOUR_TITLE}

{H1}

{H2}

{H3}

{H4}

{H5}
"""

BYLINE_PAGE = f"""{HARBOUR_TITLE}

By Daniel Reyes and Priya Natarajan

{H1}

{H2}

{H3}

{H4}

{H5}
"""

DATELINE_PAGE = f"""{TRAIN_TITLE}

Friday, Nov 14, 2025
Updated: Nov 15, 2025 at 8:02 a.m.

{T1}

{T2}

{T3}

{T4}
"""

BULLETS = (
    "- An hourly train between Lindenberg and the coast from 6 a.m. to 10 p.m.",
    "- Two extra evening trains on Fridays and Saturdays",
    "- Twice as many bicycle spaces on every train",
)
TABLE = (
    "| Route | Trains per day now | From December |",
    "| Lindenberg – Seebad | 4 | 16 |",
    "| Lindenberg – Oberfeld | 8 | 16 |",
)
LIST_TABLE_PAGE = f"""{TRAIN_TITLE}

{T1}

What changes in December:
{BULLETS[0]}
{BULLETS[1]}
{BULLETS[2]}

{T2}

{TABLE[0]}
| --- | --- | --- |
{TABLE[1]}
{TABLE[2]}

{T3}

{T4}
"""

FRENCH_TITLE = "Les trains de nuit reviennent entre Lyon et Rome dès le printemps"
FRENCH = (
    "La SNCF et son homologue italienne rétabliront à partir du mois d'avril une liaison de nuit "
    "entre Lyon et Rome, interrompue depuis 2011, a annoncé jeudi le ministère des Transports, qui "
    "finance une partie des nouvelles voitures-couchettes.",
    "Le train partira de la gare de la Part-Dieu en fin de soirée et arrivera à Rome le lendemain "
    "vers dix heures, après des arrêts à Turin, Gênes et Pise. Trois départs par semaine sont prévus "
    "la première année, puis un départ quotidien.",
    "Les associations d'usagers saluent une bonne nouvelle mais s'inquiètent du prix des billets : "
    "les premières estimations évoquent plus de 150 euros pour une couchette, soit nettement plus "
    "qu'un vol à bas coût sur le même trajet.",
    "Le ministère assure que des tarifs réduits seront proposés aux jeunes et aux familles, et que la "
    "ligne sera évaluée au bout de deux ans en fonction de sa fréquentation et de son bilan carbone.",
)
FRENCH_PAGE = f"""{FRENCH_TITLE}

Par Claire Dubois
Publié le 14 novembre 2025 à 08h30

Partager
Facebook
Twitter

{FRENCH[0]}

{FRENCH[1]}

{FRENCH[2]}

{FRENCH[3]}

Lire aussi
Grève à la SNCF : le trafic sera très perturbé mardi
Le TGV Lyon-Turin prend encore du retard
Commentaires
Enfin une bonne nouvelle pour ceux qui ne veulent plus prendre l'avion, reste à voir si les prix suivront.
Abonnez-vous à notre newsletter
"""

# "Lire aussi : <headline>" inside the article, as French sites print it.
FRENCH_INLINE_PAGE = f"""{FRENCH_TITLE}

{FRENCH[0]}

{FRENCH[1]}

Lire aussi : Le TGV Lyon-Turin prend encore du retard

{FRENCH[2]}

{FRENCH[3]}
"""

GERMAN_TITLE = "Freiburg will bis 2030 alle geeigneten städtischen Dächer mit Solaranlagen bestücken"
GERMAN = (
    "Die Stadt Freiburg will bis 2030 alle städtischen Dächer mit Solaranlagen ausstatten, die dafür "
    "geeignet sind. Das hat der Gemeinderat am Dienstagabend mit großer Mehrheit beschlossen, nachdem "
    "die Verwaltung eine Liste von 212 Gebäuden vorgelegt hatte.",
    "Den Anfang machen Schulen und Sporthallen, deren große Flachdächer sich besonders gut eignen. Die "
    "Kosten von rund 38 Millionen Euro sollen zum Teil über Fördermittel des Landes gedeckt werden, "
    "der Rest über Kredite der Stadtwerke.",
    "Kritik kam von der Opposition, die den Zeitplan für unrealistisch hält. Es fehle schon heute an "
    "Handwerkern, sagte ein Sprecher, und viele der älteren Gebäude müssten vor der Montage erst "
    "aufwendig saniert werden.",
    "Die Verwaltung will dem Gemeinderat künftig einmal im Jahr berichten, wie viele Anlagen in "
    "Betrieb gegangen sind und wie viel Strom sie erzeugen. Der erste Bericht wird für den Herbst "
    "2026 erwartet.",
)
GERMAN_PAGE = f"""{GERMAN_TITLE}

Von Jonas Weber
14.11.2025, 09:12 Uhr

Teilen

{GERMAN[0]}

{GERMAN[1]}

Anzeige

{GERMAN[2]}

{GERMAN[3]}

Newsletter abonnieren
Lesen Sie auch
Neue Radwege: Was sich in der Innenstadt ändert
Stadtwerke erhöhen die Strompreise zum Januar
Kommentare
"""

RUSSIAN_TITLE = "В Казани построят новую линию скоростного трамвая"
RUSSIAN = (
    "Городские власти Казани объявили о запуске новой линии скоростного трамвая, которая соединит "
    "центр города с жилыми районами на северо-западе. Строительство начнётся весной и, по плану, "
    "займёт около трёх лет.",
    "Новая линия протяжённостью двенадцать километров будет включать четырнадцать остановок. По "
    "оценкам мэрии, ежедневно ею будут пользоваться до восьмидесяти тысяч пассажиров, что заметно "
    "разгрузит автобусные маршруты.",
    "Жители районов, через которые пройдёт трамвай, опасаются шума и пробок во время строительства. "
    "Представители мэрии пообещали проводить основные работы ночью и заранее публиковать схемы "
    "объезда.",
    "Стоимость проекта оценивается в двадцать восемь миллиардов рублей. Часть средств выделит "
    "федеральный бюджет, остальное город рассчитывает привлечь в рамках концессионного соглашения с "
    "частным инвестором.",
)
RUSSIAN_PAGE = f"""{RUSSIAN_TITLE}

14 ноября 2025, 10:45

Поделиться

{RUSSIAN[0]}

{RUSSIAN[1]}

{RUSSIAN[2]}

{RUSSIAN[3]}

Читайте также
Метро Казани продлят до аэропорта к 2030 году
В городе выросла стоимость проезда в автобусах
Подпишитесь на нашу рассылку
Комментарии
"""

MENU_ONLY_PAGE = """Home
News
Sport
Weather
Business
Culture
Log in
Subscribe
Search
Privacy policy
© 2025 The Harbour Post
"""

# --------------------------------------------------------------------------- helpers


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _drops(res: Stripped) -> list[tuple[str, str]]:
    return [(d.text, d.reason) for d in res.dropped]


def check(res: Stripped, paragraphs, furniture=(), *, title: str | None = None) -> None:
    """The article's paragraphs kept in order, nothing else kept, the furniture dropped for `reason`."""
    for p in paragraphs:
        assert p in res.body, f"article paragraph lost: {p[:60]!r}…\n dropped: {_drops(res)}"
    assert res.body == list(paragraphs), f"body holds more than the article: {res.body}"
    drops = _drops(res)
    for text, reason in furniture:
        assert reason in REASONS
        assert text not in res.body, f"furniture kept in body: {text!r}"
        assert (text, reason) in drops, f"{text!r} not dropped as {reason!r}; dropped: {drops}"
    if title is not None:
        assert res.title == title


def check_order(res: Stripped, text: str) -> None:
    """Dropped lines come in reading order."""
    lines = _lines(text)
    positions = []
    for d in res.dropped:
        if d.reason == "appended-article":
            continue
        assert d.text in lines, f"dropped text not a line of the capture: {d.text!r}"
        start = positions[-1] + 1 if positions else 0
        assert d.text in lines[start:], f"dropped out of reading order: {d.text!r}"
        positions.append(lines.index(d.text, start))


# --------------------------------------------------------------------------- one test per furniture kind


def test_appeal():
    res = strip(APPEAL_PAGE)
    appeal = [line for line in _lines(APPEAL_PAGE) if line not in HARBOUR and line != HARBOUR_TITLE]
    assert len(appeal) == 4
    check(res, HARBOUR, [(line, "appeal") for line in appeal], title=HARBOUR_TITLE)
    check_order(res, APPEAL_PAGE)


def test_newsletter():
    res = strip(NEWSLETTER_PAGE)
    check(res, LIBRARY, [
        ("Get notifications from The Harbour Post", "newsletter"),
        ("Sign up for our free weekly newsletter on arts and culture in the city", "newsletter"),
        ("Enter your email address", "newsletter"),
    ], title=LIBRARY_TITLE)
    check_order(res, NEWSLETTER_PAGE)


def test_newsletter_box_between_paragraphs_does_not_cut_the_article():
    res = strip(NEWSLETTER_INLINE_PAGE)
    check(res, LIBRARY, [
        ("Sign up for our free weekly newsletter on arts and culture in the city", "newsletter"),
        ("Enter your email address", "newsletter"),
    ], title=LIBRARY_TITLE)


def test_related_links():
    res = strip(RELATED_PAGE)
    related = _lines(RELATED_PAGE.split("Related articles")[1])
    check(res, TRAIN, [
        ("Read more: Lindenberg station to get two new platforms by 2026", "related-links"),
        ("Related articles", "related-links"),
        *[(line, "related-links") for line in related],
    ], title=TRAIN_TITLE)
    check_order(res, RELATED_PAGE)


def test_comments():
    res = strip(COMMENTS_PAGE)
    comments = _lines(COMMENTS_PAGE.split(L4)[1])
    assert comments[0] == "12 Comments" and comments[-1] == "Log in to leave a comment"
    check(res, LIBRARY, [(line, "comments") for line in comments], title=LIBRARY_TITLE)
    assert not res.appended, "a comment was taken for an appended article"
    check_order(res, COMMENTS_PAGE)


def test_navigation_and_login_debris():
    res = strip(LOGIN_PAGE)
    check(res, HARBOUR, [
        ("Log in", "navigation"),
        ("Thank you for registering", "navigation"),
        ("Please refresh the page or navigate to another page on the site to be automatically logged in",
         "navigation"),
    ], title=HARBOUR_TITLE)
    assert sum(1 for d in res.dropped if d.text == "Log in") == 2  # top and bottom
    check_order(res, LOGIN_PAGE)


def test_media_player_debris():
    res = strip(MEDIA_PAGE)
    check(res, TRAIN, [("0:00", "media"), ("Close", "media"), ("×", "media")], title=TRAIN_TITLE)


def test_share_buttons():
    res = strip(SHARE_PAGE)
    check(res, HARBOUR, [(w, "share") for w in ("Share", "Facebook", "Twitter", "WhatsApp")],
          title=HARBOUR_TITLE)


def test_duplicate_title():
    res = strip(DUP_TITLE_PAGE)
    check(res, LIBRARY, [(DUP_TITLE, "duplicate-title")], title=DUP_TITLE)
    assert sum(1 for d in res.dropped if d.reason == "duplicate-title") == 1


def test_duplicate_title_with_other_quote_characters():
    res = strip(DUP_TITLE_QUOTES_PAGE)
    check(res, LIBRARY, [("Library 'back and better than ever' as reading rooms reopen", "duplicate-title")],
          title=DUP_TITLE)


def test_engagement_prompt():
    res = strip(ENGAGEMENT_PAGE)
    check(res, TRAIN, [("What do you think about the new timetable? Let us know in the comments below.",
                        "engagement")], title=TRAIN_TITLE)


def test_markup_debris():
    res = strip(DEBRIS_PAGE)
    check(res, LIBRARY, [("/>", "debris")], title=LIBRARY_TITLE)


def test_appended_article_comes_back_separately():
    res = strip(APPENDED_PAGE)
    comments = _lines(APPENDED_PAGE.split(L4)[1].split(STORM_TITLE)[0])
    check(res, LIBRARY, [(line, "comments") for line in comments], title=LIBRARY_TITLE)
    for p in STORM:
        assert p not in res.body
    assert STORM_TITLE not in res.body
    assert len(res.appended) == 1
    other = res.appended[0]
    assert other.title == STORM_TITLE
    assert other.body == list(STORM)
    assert any(d.reason == "appended-article" for d in res.dropped)
    assert not any(d.reason == "appended-article" and d.text in LIBRARY for d in res.dropped)


def test_appended_article_becomes_its_own_document():
    articles = extract_capture(Capture(source="t", text=APPENDED_PAGE, kind="text", encoding="utf-8"))
    assert len(articles) == 2
    assert articles[0].title == LIBRARY_TITLE and articles[1].title == STORM_TITLE
    assert articles[0].body == "\n\n".join(LIBRARY)
    assert all(p in articles[1].body for p in STORM)
    assert not any(p in articles[0].body for p in STORM)


def test_masthead():
    res = strip(MASTHEAD_PAGE)
    masthead = [("The Harbour Post", "masthead"), ("Independent news for the Bay since 1921", "masthead")]
    check(res, HARBOUR, masthead, title=HARBOUR_TITLE)
    assert res.head.get("masthead") == ["The Harbour Post", "Independent news for the Bay since 1921"]


def test_byline():
    res = strip(BYLINE_PAGE)
    check(res, HARBOUR, [("By Daniel Reyes and Priya Natarajan", "byline")], title=HARBOUR_TITLE)
    assert res.head.get("byline") == ["By Daniel Reyes and Priya Natarajan"]


def test_dateline():
    res = strip(DATELINE_PAGE)
    lines = ["Friday, Nov 14, 2025", "Updated: Nov 15, 2025 at 8:02 a.m."]
    check(res, TRAIN, [(line, "dateline") for line in lines], title=TRAIN_TITLE)
    assert res.head.get("dateline") == lines


# --------------------------------------------------------------------------- the article's own structure


def test_bullet_list_and_table_inside_the_article_are_kept():
    res = strip(LIST_TABLE_PAGE)
    for line in ("What changes in December:", *BULLETS, *TABLE, *TRAIN):
        assert line in res.body, f"lost: {line!r}; dropped: {_drops(res)}"
    # reading order is kept
    kept = [line for line in res.body if line in ("What changes in December:", *BULLETS, *TABLE, *TRAIN)]
    assert kept == [T1, "What changes in December:", *BULLETS, T2, *TABLE, T3, T4] or kept == [
        T1, "What changes in December:", *BULLETS, T2, TABLE[0], TABLE[1], TABLE[2], T3, T4]
    assert res.title == TRAIN_TITLE
    assert TRAIN_TITLE not in res.body


# --------------------------------------------------------------------------- other languages


def test_french_furniture():
    res = strip(FRENCH_PAGE)
    check(res, FRENCH, [
        ("Partager", "share"),
        ("Facebook", "share"),
        ("Lire aussi", "related-links"),
        ("Grève à la SNCF : le trafic sera très perturbé mardi", "related-links"),
        ("Le TGV Lyon-Turin prend encore du retard", "related-links"),
        ("Commentaires", "comments"),
        ("Abonnez-vous à notre newsletter", "newsletter"),
    ], title=FRENCH_TITLE)
    assert "Par Claire Dubois" not in res.body
    assert "Publié le 14 novembre 2025 à 08h30" not in res.body
    check_order(res, FRENCH_PAGE)


def test_french_inline_read_also_link():
    res = strip(FRENCH_INLINE_PAGE)
    check(res, FRENCH, [("Lire aussi : Le TGV Lyon-Turin prend encore du retard", "related-links")],
          title=FRENCH_TITLE)


def test_german_furniture():
    res = strip(GERMAN_PAGE)
    check(res, GERMAN, [
        ("Von Jonas Weber", "byline"),
        ("14.11.2025, 09:12 Uhr", "dateline"),
        ("Teilen", "share"),
        ("Anzeige", "debris"),
        ("Newsletter abonnieren", "newsletter"),
        ("Lesen Sie auch", "related-links"),
        ("Kommentare", "comments"),
    ], title=GERMAN_TITLE)
    for line in ("Neue Radwege: Was sich in der Innenstadt ändert", "Stadtwerke erhöhen die Strompreise zum Januar"):
        assert line not in res.body
        assert any(d.text == line for d in res.dropped)
    check_order(res, GERMAN_PAGE)


def test_russian_furniture():
    res = strip(RUSSIAN_PAGE)
    check(res, RUSSIAN, [
        ("14 ноября 2025, 10:45", "dateline"),
        ("Поделиться", "share"),
        ("Читайте также", "related-links"),
        ("Метро Казани продлят до аэропорта к 2030 году", "related-links"),
        ("В городе выросла стоимость проезда в автобусах", "related-links"),
        ("Подпишитесь на нашу рассылку", "newsletter"),
        ("Комментарии", "comments"),
    ], title=RUSSIAN_TITLE)
    check_order(res, RUSSIAN_PAGE)


# --------------------------------------------------------------------------- no article at all


def test_menu_only_capture_does_not_crash():
    res = strip(MENU_ONLY_PAGE)
    assert isinstance(res, Stripped)
    for line in ("Log in", "Subscribe", "Search", "Privacy policy", "© 2025 The Harbour Post"):
        assert line not in res.body
        assert any(d.text == line for d in res.dropped)
    assert all(d.reason in REASONS for d in res.dropped)
    # every line is accounted for exactly once: kept, the title, or dropped
    accounted = res.body + [d.text for d in res.dropped] + ([res.title] if res.title else [])
    assert sorted(accounted) == sorted(_lines(MENU_ONLY_PAGE))
    articles = extract_capture(Capture(source="t", text=MENU_ONLY_PAGE, kind="text", encoding="utf-8"))
    assert len(articles) == 1


def test_empty_capture_does_not_crash():
    for text in ("", "\n\n  \n", "/>"):
        res = strip(text)
        assert isinstance(res, Stripped)
        assert res.body == []
        assert res.title is None


# --------------------------------------------------------------------------- batch furniture

SITE_MENU = ("World", "Business", "Harbour Life", "Podcasts")
SITE_BLURB = ("The Harbour Post is an independent, reader-funded newsroom covering the port, the "
              "council and the courts of the Bay since 1921.")


def _site_page(title: str, paragraphs) -> str:
    body = "\n\n".join(paragraphs)
    return "\n".join(SITE_MENU) + f"\n\n{title}\n\n{body}\n\n{SITE_BLURB}\n"


SITE_PAGES = (
    _site_page(HARBOUR_TITLE, HARBOUR),
    _site_page(LIBRARY_TITLE, LIBRARY),
    _site_page(TRAIN_TITLE, TRAIN),
)

# One wire story as three outlets ran it: the same paragraphs, a different line or two.
WIRE = (
    "Central banks in three countries raised interest rates on Thursday, a coordinated move that "
    "surprised markets and sent government bond yields to their highest level in more than a decade.",
    "Officials said the decision was meant to cool prices that have risen faster than wages for two "
    "years, and that further increases would depend on figures due in the spring.",
    "Economists were divided over the move, with some warning that higher borrowing costs could push "
    "several smaller economies into recession before the end of next year.",
)
SYNDICATED = tuple(
    f"{masthead}\n\nCentral banks raise rates in surprise coordinated move\n\n" + "\n\n".join(WIRE) + f"\n\n{end}\n"
    for masthead, end in (("The Valley Courier", "Share"), ("Morning Ledger", "Comments"),
                          ("Coastal Times", "Related articles"))
)


def test_batch_furniture_finds_lines_repeated_across_captures():
    common = batch_furniture(SITE_PAGES)
    for line in (*SITE_MENU, SITE_BLURB):
        assert normalise(line) in common
    for line in (*HARBOUR, *LIBRARY, *TRAIN, HARBOUR_TITLE, LIBRARY_TITLE, TRAIN_TITLE):
        assert normalise(line) not in common


def test_batch_furniture_ignores_lines_of_syndicated_copies():
    assert batch_furniture(SYNDICATED) == frozenset()
    common = batch_furniture(SITE_PAGES + SYNDICATED)
    for line in (*WIRE, "Central banks raise rates in surprise coordinated move"):
        assert normalise(line) not in common
    assert normalise("World") in common


def test_common_lines_are_dropped_with_a_reason():
    common = batch_furniture(SITE_PAGES)
    res = strip(SITE_PAGES[0], common)
    check(res, HARBOUR, [(line, "navigation") for line in (*SITE_MENU, SITE_BLURB)], title=HARBOUR_TITLE)
    check_order(res, SITE_PAGES[0])


def test_a_paragraph_rendered_twice_is_kept_once():
    para = ("The council voted on Monday to extend the night bus network to the eastern suburbs, "
            "a change campaigners had sought for more than a decade.")
    other = ("Services will start in March and run every twenty minutes between midnight and five in "
             "the morning, the transport department said in a statement.")
    out = strip(f"Night buses reach the eastern suburbs\n\n{para}\n\n{other}\n\n{para}\n")
    assert out.body == [para, other]
    assert Dropped(para, "debris") in out.dropped
