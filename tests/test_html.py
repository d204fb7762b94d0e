"""HTML captures: the DOM extractor (search/extract/html.py) and the page's metadata (search/extract/htmlmeta.py)."""
import json
import time
from datetime import date

from search.extract.article import REASONS
from search.extract.capture import Capture, read_capture
from search.extract.html import extract, visible_text
from search.extract.pipeline import extract_capture

PARA = ("The harbour authority approved a plan on Tuesday to dredge the northern channel, "
        "a project that engineers say will let larger container ships dock by the end of next year.")
PARA2 = ("Residents of the waterfront district have complained for years about the noise of night "
         "dredging, and the council promised that work would stop each evening at eight o'clock.")
PARA3 = ("Funding comes from the port's own reserves and a regional grant, the authority said, "
         "and no increase in harbour dues is planned before the works are finished in two years.")
PAGE = f"""<!doctype html><html><head><title>Channel dredging approved | Harbour Post</title>
<script>var x = "<p>not text</p>";</script><style>p {{ color: red }}</style></head>
<body><nav><a href="/">Home</a><a href="/news">News</a></nav>
<h1>Channel dredging approved</h1><p>{PARA}</p><p>{PARA.replace("Tuesday", "Monday")}</p>
<div>Share</div></body></html>"""


def html_capture(text: str, source: str = "p.html") -> Capture:
    return Capture(source=source, text=text, kind="html", encoding="utf-8")


def test_visible_text_drops_scripts_and_styles_and_splits_blocks():
    text = visible_text(PAGE)
    assert "not text" not in text and "color: red" not in text
    assert PARA in text.split("\n")


def test_html_capture_keeps_the_article_and_drops_furniture():
    article = extract_capture(html_capture(PAGE))[0]
    assert article.title == "Channel dredging approved"
    assert PARA in article.body and "Share" not in article.body and "Home" not in article.body
    assert "not text" not in article.body
    assert all(d.reason in REASONS for d in article.dropped)


NEWS = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour to dredge northern channel - The Harbour Post</title>
<meta property="og:title" content="Harbour to dredge northern channel">
<meta property="og:site_name" content="The Harbour Post">
<meta property="article:published_time" content="2025-11-14T08:00:00Z">
<meta property="article:modified_time" content="2025-11-16T10:00:00Z">
<link rel="canonical" href="https://harbourpost.example/2025/11/14/dredging">
<script type="application/ld+json">{json.dumps({
    "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour to dredge northern channel",
    "datePublished": "2025-11-14T08:00:00Z", "dateModified": "2025-11-16T10:00:00Z",
    "author": [{"@type": "Person", "name": "Jane Doe"}],
    "publisher": {"@type": "Organization", "name": "The Harbour Post"}})}</script>
</head><body>
<header class="site-header"><div class="logo">The Harbour Post</div>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/login">Log in</a></li></ul></nav></header>
<main><article class="post">
<h1 class="entry-title">Harbour to dredge northern channel</h1>
<div class="byline">By <a rel="author" href="/jane">Jane Doe</a></div>
<time datetime="2025-11-14">14 November 2025</time>
<div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<div class="entry-content">
<p>{PARA}</p>
<figure><img src="a.jpg"><figcaption>Dredgers at work. Photo: Getty Images</figcaption></figure>
<p>{PARA2}</p>
<h2>Who pays</h2>
<p>{PARA3}</p>
<div class="newsletter-box"><p>Get our daily newsletter delivered to your inbox</p>
<form><input type="email"><button>Sign up</button></form></div>
</div>
<div class="related-posts"><h3>Related articles</h3><ul>
<li><a href="/a">Ferry timetable changes for winter</a></li>
<li><a href="/b">Council approves new marina plans</a></li></ul></div>
</article>
<section id="comments" class="comments-area"><h3>12 Comments</h3>
<div class="comment"><p>I have lived by the harbour for thirty years and the dredging noise at night has always been
unbearable for everyone in our street, so this is welcome news for all of us here.</p></div></section>
</main>
<footer class="site-footer"><p>© 2025 The Harbour Post. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def test_news_page_body_and_dropped_reasons():
    article = extract_capture(html_capture(NEWS))[0]
    assert article.body.split("\n\n") == [PARA, PARA2, "Who pays", PARA3]
    reasons = {d.text: d.reason for d in article.dropped}
    assert reasons["Get our daily newsletter delivered to your inbox"] == "newsletter"
    assert reasons["Ferry timetable changes for winter"] == "related-links"
    assert reasons["Dredgers at work. Photo: Getty Images"] == "caption"
    assert reasons["Facebook Twitter Email"] == "share"
    assert any(r == "comments" for r in reasons.values())
    assert reasons["Harbour to dredge northern channel"] == "duplicate-title"
    assert all(d.reason in REASONS for d in article.dropped)


def test_news_page_metadata():
    article = extract_capture(html_capture(NEWS))[0]
    assert article.title == "Harbour to dredge northern channel"
    assert article.outlet == "The Harbour Post"
    assert article.url == "https://harbourpost.example/2025/11/14/dredging"
    assert article.date == date(2025, 11, 14)  # published, not modified
    assert article.author == "Jane Doe"


def test_user_values_win_over_the_page():
    article = extract_capture(html_capture(NEWS), url="https://x.example/a", outlet="X", date=date(2024, 1, 2))[0]
    assert (article.url, article.outlet, article.date) == ("https://x.example/a", "X", date(2024, 1, 2))


def test_metadata_is_absent_rather_than_invented():
    article = extract_capture(html_capture(PAGE))[0]
    assert article.date is None and article.author is None and article.url is None


def test_author_is_never_by_a_date_or_the_site():
    page = NEWS.replace('"author": [{"@type": "Person", "name": "Jane Doe"}],',
                        '"author": {"@type": "Organization", "name": "The Harbour Post"},')
    page = page.replace('By <a rel="author" href="/jane">Jane Doe</a>', "By Jane Doe")
    article = extract_capture(html_capture(page))[0]
    assert article.author != "The Harbour Post"
    assert article.author is None or not article.author.lower().startswith("by")


def test_malformed_and_truncated_html_never_raises():
    broken = NEWS.replace("</p>", "").replace("</div>", "")
    article = extract_capture(html_capture(broken))[0]
    assert PARA in article.body
    cut = NEWS[:NEWS.index(PARA2) + 60]  # cut mid-paragraph, tags left open
    article = extract_capture(html_capture(cut))[0]
    assert PARA in article.body and article.title == "Harbour to dredge northern channel"
    for junk in ("", "<", "<html", "<p>" * 10, "</div></body>", "<!-- unterminated", "<body><p>x"):
        extract_capture(html_capture(junk))


def test_deeply_nested_markup_no_recursion_error():
    deep = "<html><body>" + "<div>" * 20000 + f"<p>{PARA}</p>" + "</div>" * 20000 + "</body></html>"
    article = extract_capture(html_capture(deep))[0]
    assert PARA in article.body
    assert visible_text("<div>" * 5000 + "deep" + "<p>unclosed").strip().endswith("unclosed")
    assert visible_text("") == ""


def test_page_without_an_article_gives_an_empty_body_and_reasons():
    links = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(40))
    page = f"<html><body><nav><ul>{links}</ul></nav><div class='menu'><a href='/'>Home</a></div>" \
           "<footer><a href='/privacy'>Privacy policy</a></footer></body></html>"
    article = extract_capture(html_capture(page))[0]
    assert article.body == ""
    assert article.dropped and all(d.reason in REASONS for d in article.dropped)
    assert {d.reason for d in article.dropped} <= {"navigation", "related-links"}


def test_wrong_declared_charset_falls_back_to_detection(tmp_path):
    text = NEWS.replace(PARA, "Café owners in the old town welcomed the décision, saying the façade "
                              "works and the dredging would finally bring visitors back to the quay. " + PARA)
    # Declares UTF-8, is really Windows-1252.
    path = tmp_path / "wrong.html"
    path.write_bytes(text.encode("cp1252"))
    capture = read_capture(path)
    assert capture.kind == "html" and capture.encoding == "cp1252"
    article = extract_capture(capture)[0]
    assert "Café owners" in article.body and "décision" in article.body and "façade" in article.body
    # Declares Latin-1, is really UTF-8: the bytes win.
    path = tmp_path / "latin.html"
    path.write_bytes(text.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("utf-8"))
    article = extract_capture(read_capture(path))[0]
    assert "Café owners" in article.body


def test_a_20_mb_page_is_extracted(tmp_path):
    filler = "".join(f'<div class="teaser"><a href="/n{i}">Another headline number {i}</a></div>' for i in range(200))
    body = (f"<p>{PARA}</p>" + filler) * 600
    page = f"<html><head><title>Big</title></head><body><article>{body}</article></body></html>"
    page += " " * (19_900_000 - len(page))
    assert 19_000_000 < len(page.encode()) <= 20_000_000
    path = tmp_path / "big.html"
    path.write_text(page, encoding="utf-8")
    t0 = time.perf_counter()
    article = extract_capture(read_capture(path))[0]
    assert time.perf_counter() - t0 < 60
    assert PARA in article.body and "Another headline" not in article.body


def _author(page: str) -> str | None:
    from search.extract.htmlmeta import choose_author
    found = extract(page)
    return choose_author(found.meta, None, found.meta.site)


def _with_author(author_json: str, byline: str) -> str:
    return (NEWS.replace('"author": [{"@type": "Person", "name": "Jane Doe"}]', f'"author": {author_json}')
            .replace('<div class="byline">By <a rel="author" href="/jane">Jane Doe</a></div>', byline))


def test_several_authors_are_joined_as_the_byline_shows_them():
    two = '[{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}]'
    assert _author(_with_author(two, "")) == "Jane Doe and John Roe"
    three = two[:-1] + ', {"@type": "Person", "name": "Ann Poe"}]'
    assert _author(_with_author(three, "")) == "Jane Doe, John Roe, Ann Poe"
    shown = '<div class="byline">By Jane Doe, John Roe, and Ann Poe | 14 November 2025</div>'
    assert _author(_with_author(three, shown)) == "Jane Doe, John Roe, and Ann Poe"


def test_an_organisation_stated_as_author_is_taken_only_without_a_person():
    org = '{"@type": "Organization", "name": "The Harbour Post"}'
    assert _author(_with_author(org, "")) == "The Harbour Post"
    assert _author(_with_author(org, '<div class="byline">By Jane Doe</div>')) == "Jane Doe"


def test_byline_label_and_name_in_separate_elements():
    page = _with_author('[]', '<div class="meta"><p>Written by</p><p>Jane Doe</p></div>')
    assert _author(page) == "Jane Doe"


def test_placeholders_and_handles_are_not_authors():
    assert _author(_with_author('"undefined"', "")) is None
    assert _author(_with_author('"jdoe42x9"', "")) is None
    page = _with_author('"jane.doe"', '<span class="author-name">Jane Doe</span>')
    assert _author(page) == "Jane Doe"
    assert _author(_with_author('"Text by Jane Doe"', "")) == "Jane Doe"


def test_title_drops_a_subtitle_the_stated_title_lacks():
    page = NEWS.replace('<h1 class="entry-title">Harbour to dredge northern channel</h1>',
                        '<h1 class="entry-title">Harbour to dredge northern channel – what it means</h1>')
    assert extract(page).stripped.title == "Harbour to dredge northern channel"
    page = NEWS.replace('<h1 class="entry-title">Harbour to dredge northern channel</h1>',
                        '<h1 class="entry-title">HARBOUR TO DREDGE NORTHERN CHANNEL</h1>')
    assert extract(page).stripped.title == "Harbour to dredge northern channel"


def _body(page: str) -> str:
    return "\n".join(extract(page).stripped.body)


def _article(headline: str, after: str) -> str:
    """A page whose <article> holds a headline, three paragraphs and then `after`."""
    return (f'<html><body><article><h1>{headline}</h1><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p>'
            f'{after}</article></body></html>')


def test_comments_inside_the_article_element_do_not_push_the_article_out():
    comment = ("I read this twice and still think the council should have asked the fishermen first, "
               "since they know the channel better than any engineer from the capital ever will.")
    comments = "".join(f'<li class="comment"><p>{comment} ({k})</p></li>' for k in range(40))
    page = (f'<html><body><div class="post"><h1>Channel dredging approved</h1><p>{PARA}</p>'
            f'<p>{PARA2}</p><p>{PARA3}</p><div id="comments"><ol>{comments}</ol></div></div></body></html>')
    body = _body(page)
    assert PARA in body and PARA2 in body and PARA3 in body and comment not in body


def test_an_article_split_over_sibling_boxes_is_kept_whole():
    rows = "".join(f"<tr><td>Berth {k}</td><td>{k * 3} m</td></tr>" for k in range(60))
    page = (f'<html><body><nav><a href="/">Home</a></nav><div><div><p>{PARA}</p></div>'
            f'<table>{rows}</table><div><p>{PARA2}</p></div><div><p>{PARA3}</p></div></div></body></html>')
    body = _body(page)
    assert PARA in body and PARA2 in body and PARA3 in body


def test_the_page_footer_and_the_author_box_are_dropped_even_when_wordy():
    legal = ("This material is for general information only and is not intended to replace the advice "
             "of a qualified professional; information has been obtained from sources believed reliable. ")
    bio = ("Jane Doe is a staff writer who has covered ports, shipping and coastal towns for twelve years, "
           "and before that reported on local politics for a regional daily.")
    page = (f'<html><body><main><h1>Channel dredging approved</h1><p>{PARA}</p><p>{PARA2}</p>'
            f'<div class="post-author-box"><p>{bio}</p></div></main>'
            f'<footer><p>{legal * 3}</p><p>{legal * 4}</p></footer></body></html>')
    body = _body(page)
    assert PARA in body and PARA2 in body
    assert bio not in body and "general information only" not in body


def _titled(page_title: str, h1: str, og: str | None = None, site: str | None = None) -> str | None:
    og_tag = f'<meta property="og:title" content="{og}">' if og else ""
    og_tag += f'<meta property="og:site_name" content="{site}">' if site else ""
    page = (f'<html><head><title>{page_title}</title>{og_tag}</head><body><h1>{h1}</h1>'
            f'<main><p>{PARA}</p><p>{PARA2}</p></main></body></html>')
    return extract(page).stripped.title


def test_title_an_h1_that_is_the_sites_name_is_not_the_headline():
    # The blog's name as the only <h1>: it is the last part of the <title>.
    assert _titled("Le port dragué, enfin | Carnet de bord", "Carnet de bord") == "Le port dragué, enfin"
    assert _titled("Hafenblog: Der Hafen wird ausgebaggert", "Hafenblog",
                   og="Der Hafen wird ausgebaggert") == "Der Hafen wird ausgebaggert"


def test_title_h1_without_the_sites_name_a_label_or_a_date():
    assert _titled("Harbour to dredge northern channel – Harbour Post", "Harbour to dredge northern channel – Harbour Post",
                   og="Harbour to dredge northern channel – Harbour Post", site="Harbour Post"
                   ) == "Harbour to dredge northern channel"
    assert _titled("Hafen wird ausgebaggert, sagt die Behörde", "14. März 2025 Hafen wird ausgebaggert, sagt die Behörde"
                   ) == "Hafen wird ausgebaggert, sagt die Behörde"
    assert _titled("Harbour to dredge northern channel", "Blog: Harbour to dredge northern channel"
                   ) == "Harbour to dredge northern channel"


def _dated(head: str, body_top: str = "", below: str = "", far_above: str = "") -> date | None:
    filler = "".join(f'<div><a href="/s{k}">Section {k}</a></div>' for k in range(40)) if far_above else ""
    page = (f'<html><head>{head}</head><body>{far_above}{filler}<h1>Hafen wird ausgebaggert</h1>{body_top}'
            f'<div class="content"><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div>{below}'
            f'<div class="other"><p>Impressum</p></div></body></html>')
    return extract_capture(html_capture(page))[0].date


def test_date_an_update_shown_alone_is_not_the_publication_date():
    published = '<meta property="article:published_time" content="2024-03-02T08:00:00Z">'
    assert _dated(published, "<p>Aktualisiert am 14. März 2025</p>") == date(2024, 3, 2)
    assert _dated(published, "<p>Mis à jour le 14 mars 2025</p>") == date(2024, 3, 2)
    # A shown date that is not an update still wins over the structured one.
    assert _dated(published, "<p>14. März 2025</p>") == date(2025, 3, 14)


def test_date_shown_just_below_the_article_or_far_above_it_in_a_time_element():
    assert _dated("", below="<p>Publié le 13 avril 2023</p>") == date(2023, 4, 13)
    # Several dates below the article are a list of other posts, not its date.
    others = "".join(f'<li><a href="/p{k}">Autre article, {k} mai 2023</a></li>' for k in (2, 9))
    assert _dated("", below=f"<ul>{others}</ul>") is None
    assert _dated("", far_above='<time datetime="2023-04-13">13.04.2023</time>') == date(2023, 4, 13)
    assert _dated("", far_above='<p>13.04.2023</p>') is None


def test_date_numeric_order_follows_the_pages_own_dates_else_its_region():
    # Day first by default (most of the world): 04/05/2025 is 4 May.
    assert _dated("", "<p>04/05/2025</p>") == date(2025, 5, 4)
    # The page writes month first elsewhere (a date that cannot be day first): 5 April.
    other = '<p>Vorheriger Beitrag vom 11/14/2024</p>'
    assert _dated("", "<p>04/05/2025</p>", below=other) == date(2025, 4, 5)
    # Its language's region writes month first (og:locale en_US), unless its own dates say otherwise.
    us = '<meta property="og:locale" content="en_US">'
    assert _dated(us, "<p>04/05/2025</p>") == date(2025, 4, 5)
    assert _dated(us, "<p>04/05/2025</p>", below='<p>Vorheriger Beitrag vom 14/11/2024</p>') == date(2025, 5, 4)
    assert _dated('<meta property="og:locale" content="en_GB">', "<p>04/05/2025</p>") == date(2025, 5, 4)


def test_date_a_webpage_objects_date_alone_is_not_the_articles():
    def ld(kind: str) -> str:
        return ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "%s", '
                '"datePublished": "2019-12-12T10:00:00+00:00"}</script>' % kind)
    # The page's creation in the publishing system dates nothing by itself...
    assert _dated(ld("WebPage")) is None
    # ...but an article's date does, and so does the page's date when the page shows it.
    assert _dated(ld("NewsArticle")) == date(2019, 12, 12)
    assert _dated(ld("WebPage"), "<p>12 décembre 2019</p>") == date(2019, 12, 12)
    # The article's own <meta> date beats the page's.
    tag = '<meta property="article:published_time" content="2019-11-30T08:00:00Z">'
    assert _dated(ld("WebPage") + tag) == date(2019, 11, 30)


def test_date_in_a_sentence_deep_in_the_article_is_the_texts_own():
    paras = "".join(f"<p>{p}</p>" for p in [PARA, PARA2, PARA3] * 7)
    page = ('<html><head><meta property="article:published_time" content="2025-12-10T08:00:00Z"></head>'
            f'<body><article><h1>Messen 2026</h1>{paras}<p>Die Messe öffnet am 23. März 2026 in Berlin.</p>'
            f'<p>{PARA}</p></article></body></html>')
    assert extract_capture(html_capture(page))[0].date == date(2025, 12, 10)
    # A date stamp there still dates the article.
    stamp = page.replace("<p>Die Messe öffnet am 23. März 2026 in Berlin.</p>", "<p>Publié le 3 janvier 2026</p>")
    assert extract_capture(html_capture(stamp))[0].date == date(2026, 1, 3)


def test_an_article_of_many_short_lines_is_kept_whole_inside_its_content_element():
    # Sections in plain boxes inside the <article>: one holds prose, the others prose and
    # long lists of short lines (a changelog, steps) that score below zero all told.
    items = "".join(f"<li>v{k}</li>" for k in range(250))
    section = f"<div><h2>Änderungen</h2><p>{PARA2}</p><p>{PARA3}</p><p>{PARA}</p><ul>{items}</ul></div>"
    page = (f'<html><body><nav><a href="/">Home</a></nav><article><div class="wrap"><div class="inner">'
            f'<div><p>{PARA}</p><p>{PARA3}</p><p>{PARA.replace("Tuesday", "Friday")}</p></div>'
            f'{section}{section}</div></div></article></body></html>')
    body = _body(page)
    assert PARA.replace("Tuesday", "Friday") in body and PARA2 in body and "v13" in body


def test_title_an_h2_the_stated_title_names_beats_an_h1_that_does_not():
    page = ('<html><head><title>Le port sera dragué dès lundi</title></head><body>'
            f'<h1>Carnet de bord</h1><article><h2>Le port sera dragué dès lundi</h2><p>{PARA}</p>'
            f'<p>{PARA2}</p></article></body></html>')
    assert extract(page).stripped.title == "Le port sera dragué dès lundi"


def test_the_authors_box_closing_the_article_is_dropped_by_name():
    bio = "Jeanne Dupont est journaliste au service économie depuis 2015 et couvre les ports de l'Atlantique."
    ld = json.dumps({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jeanne Dupont"}})
    page = (f'<html><head><script type="application/ld+json">{ld}</script></head><body><article>'
            f'<h1>Le port sera dragué</h1><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p><p>{bio}</p>'
            f'</article></body></html>')
    article = extract_capture(html_capture(page))[0]
    assert article.author == "Jeanne Dupont"
    assert PARA3 in article.body and bio not in article.body
    assert any(d.text == bio and d.reason == "navigation" for d in article.dropped)
    # Her name inside the article's own text (not in its last blocks) stays.
    early = page.replace(f"<p>{PARA}</p>", f"<p>{PARA}</p><p>{bio}</p>", 1).replace(f"<p>{bio}</p></article>", "</article>")
    assert bio in extract_capture(html_capture(early))[0].body


def test_date_a_list_of_dates_is_not_the_articles_dateline():
    published = '<meta property="article:published_time" content="2021-01-18T08:00:00Z">'
    changes = "<ul><li>2021-08-09 Añadida una sección</li><li>2022-04-12 Enlace corregido</li><li>2023-06-12 Nota</li></ul>"
    assert _dated(published, changes) == date(2021, 1, 18)
    # Without a stated publication date the list dates nothing; a lone dateline stands.
    assert _dated("", changes) is None
    assert _dated("", "<p>9 de agosto de 2021</p>") == date(2021, 8, 9)
    assert _dated(published, "<p>9 de agosto de 2021</p>") == date(2021, 8, 9)


def test_a_closing_heading_drops_its_whole_box_teasers_and_all():
    # "Lesen Sie auch" titles a box of teasers: each a headline and a sentence of prose,
    # which alone would read as the article going on.
    teaser = ("Der Hafen von Kiel erweitert seine Liegeplätze für Kreuzfahrtschiffe, und die Stadt "
              "rechnet mit deutlich mehr Besuchern in der kommenden Saison, teilte die Verwaltung mit.")
    box = "".join(f'<div><h3><a href="/n/{k}">Kiel baut aus ({k})</a></h3><p>{teaser} ({k})</p></div>' for k in range(3))
    page = (f'<html><body><div class="wrap"><div><h1>Channel dredging approved</h1><p>{PARA}</p><p>{PARA2}</p>'
            f'<p>{PARA3}</p></div><div><h2>Lesen Sie auch</h2>{box}</div></div></body></html>')
    body = _body(page)
    assert PARA in body and PARA3 in body
    assert teaser not in body
    # A closing heading inside the article's own box closes only its list: prose after it stays.
    inline = (f'<html><body><article><h1>Channel dredging approved</h1><p>{PARA}</p><h3>Lesen Sie auch</h3>'
              f'<ul><li><a href="/a">Kiel baut aus</a></li></ul><p>{PARA2}</p><p>{PARA3}</p></article></body></html>')
    body = _body(inline)
    assert PARA2 in body and "Kiel baut aus" not in body


def test_utf8_text_mangled_as_latin1_in_the_page_is_repaired():
    mangled = "Investor’s café – naïve".encode("utf-8").decode("latin-1")  # 'InvestorÃ¢\x80\x99s cafÃ©...'
    page = (f'<html><head><title>{mangled}</title></head><body><article><h1>{mangled}</h1>'
            f'<p>{PARA} {mangled}</p><p>{PARA2}</p></article></body></html>')
    found = extract(page)
    assert found.stripped.title == "Investor’s café – naïve"
    assert "Investor’s café – naïve" in " ".join(found.stripped.body)
    # Latin-1 letters and French spacing that only look like it stay as they are.
    french = f"<html><body><article><h1>Déjà vu à\u00a0« Paris »</h1><p>{PARA} – à\u00a0« oui »</p></article></body></html>"
    found = extract(french)
    assert found.stripped.title.replace("\u00a0", " ") == "Déjà vu à « Paris »"
    assert "à « oui »" in found.stripped.body[0].replace("\u00a0", " ")


def test_title_a_headline_loses_what_follows_a_vertical_bar():
    page = ('<html><head><title>Quanto costa dragare il porto | Opinioni | Gazzetta del Porto</title></head>'
            f'<body><article><h1>Quanto costa dragare il porto | Opinioni</h1><p>{PARA}</p><p>{PARA2}</p>'
            '</article></body></html>')
    found = extract(page)
    assert found.stripped.title == "Quanto costa dragare il porto"
    assert not any("Quanto costa" in line for line in found.stripped.body)
    # A colon is the headline's own.
    colon = page.replace(" | Opinioni", ": una stima", 2)
    assert extract(colon).stripped.title == "Quanto costa dragare il porto: una stima"


def test_the_articles_references_are_dropped():
    refs = "".join(f"<p>Autor {k}, «Dragado de canales», Revista Portuaria {k} (2019), pp. {k}-{k + 9}.</p>" for k in range(4))
    page = _article("El dragado del canal", f'<h2>Referencias</h2>{refs}')
    body = _body(page)
    assert PARA3 in body and "Revista Portuaria" not in body and "Referencias" not in body
    # Near the article's head, such a word is a section of its own text: it stays.
    early = page.replace(f"<p>{PARA}</p>", f"<h2>Fuentes</h2><p>{PARA}</p>", 1)
    assert PARA in _body(early) and PARA2 in _body(early)


def test_a_disclaimer_or_a_list_of_recent_posts_closing_the_article_is_dropped():
    note = ("Dieser Beitrag dient nur der allgemeinen Information und ersetzt keine Beratung durch "
            "eine Fachperson; für die Richtigkeit der Angaben wird keine Haftung übernommen.")
    page = _article("Der Kanal wird ausgebaggert", f'<h3>Haftungsausschluss</h3><p>{note}</p>')
    body = _body(page)
    assert PARA3 in body and note not in body
    teaser = "Le port de Brest agrandit ses quais pour accueillir des navires plus grands dès l'an prochain."
    page = _article("Le chenal sera dragué", f'<h3>Articles récents</h3><p>{teaser}</p>')
    body = _body(page)
    assert PARA3 in body and teaser not in body


def test_a_heading_over_other_posts_closes_the_article_for_good():
    # Teasers of prose under "Artigos recentes", in the article's own box: they do not
    # reopen it as the paragraph after a "Leia também" link would.
    teaser = ("O porto de Santos amplia os seus cais para receber navios maiores a partir do próximo ano, "
              "segundo a autoridade portuária, que prevê obras durante dois anos.")
    teasers = "".join(f"<h4>Santos amplia cais ({k})</h4><p>{teaser} ({k})</p>" for k in range(6))
    page = (f'<html><body><div class="post"><h1>O canal será dragado</h1><p>{PARA}</p><p>{PARA2}</p>'
            f'<p>{PARA3}</p><h3>Artigos recentes</h3>{teasers}</div></body></html>')
    body = _body(page)
    assert PARA3 in body and teaser not in body
    inline = page.replace("<h3>Artigos recentes</h3>", '<p>Leia também: <a href="/x">Santos amplia cais</a></p>')
    assert teaser in _body(inline)
    # Above the article's prose (a sidebar its element holds), such a list closes only itself.
    side = ('<html><body><div class="post"><div><h3>Artigos recentes</h3><ul><li><a href="/a">Santos amplia cais</a>'
            f'</li></ul></div><h1>O canal será dragado</h1><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></div></body></html>')
    assert PARA3 in _body(side)


def test_a_sentence_opening_with_by_is_not_a_byline():
    sentence = "Por la tarde, los vecinos del puerto se reunieron para hablar del dragado."
    page = (f'<html><body><article><h1>El canal será dragado</h1><p>Por Juan Pérez</p><p>{PARA}</p>'
            f'<p>{sentence}</p><p>{PARA2}</p></article></body></html>')
    found = extract(page)
    assert sentence in found.stripped.body
    assert "Por Juan Pérez" not in found.stripped.body
    assert any(d.text == "Por Juan Pérez" and d.reason == "byline" for d in found.stripped.dropped)


def test_a_headings_anchor_id_does_not_name_it_furniture():
    heading = "What share of the harbour dues pays for dredging"
    page = (f'<html><body><article><h1>Channel dredging approved</h1><p>{PARA}</p>'
            f'<h2 id="what-share-of-the-harbour-dues-pays-for-dredging">{heading}</h2><p>{PARA2}</p>'
            f'<h2 id="comments-from-residents">Comments from residents</h2><p>{PARA3}</p></article></body></html>')
    body = _body(page)
    assert heading in body and "Comments from residents" in body and PARA3 in body


def test_a_repeated_line_stays_but_a_copy_of_the_article_goes():
    quote = "Larger ships will dock here by the end of next year, the engineers say."
    page = (f'<html><body><article><h1>Channel dredging approved</h1><p>{quote}</p><p>{PARA}</p>'
            f'<blockquote>{quote}</blockquote><p>{PARA2}</p></article></body></html>')
    assert _body(page).count(quote) == 2  # a pull quote repeats a line: the article says it twice
    copy = _article("Channel dredging approved", f'<div class="m"><h2>Dredging</h2><p>{PARA}</p><p>{PARA2}</p></div>')
    body = _body(copy)
    assert body.count(PARA) == 1 and body.count(PARA2) == 1 and PARA3 in body


def test_a_paragraph_mentioning_donations_is_prose_not_an_appeal():
    prose = ("Les dons alimentaires ont doublé cette année: la banque alimentaire du port a reçu plus de "
             "dons que jamais, dont une donation record d'un armateur, et ses bénévoles ont distribué des colis à plus de deux mille familles "
             "du quartier, dont beaucoup vivent de la pêche et des petits métiers du port.") * 2
    page = (f'<html><body><article><h1>Le chenal sera dragué</h1><p>{PARA}</p><p>{prose}</p><p>{PARA2}</p>'
            f'<p>Faites un don</p></article></body></html>')
    body = _body(page)
    assert prose in body and "Faites un don" not in body


def test_a_sentence_with_a_long_link_stays_a_line_of_links_goes():
    linked = ('<p>Le calendrier des travaux: <a href="/c">carte du chenal, phases de dragage et horaires '
              'des équipes publiés par l’autorité portuaire</a></p>')
    page = (f'<html><body><article><h1>Le chenal sera dragué</h1><p>{PARA}</p>{linked}<p>{PARA2}</p>'
            '<p><a href="/a">Brest agrandit ses quais</a> · <a href="/b">Le port de Lorient en travaux</a></p>'
            f'<p>{PARA3}</p></article></body></html>')
    body = _body(page)
    assert "Le calendrier des travaux" in body and "Brest agrandit" not in body


def test_a_collapsed_panel_of_the_article_is_its_text():
    answer = ("Sí: las obras se hacen de día y el ruido se mide cada hora; si supera el límite, la autoridad "
              "portuaria detiene las dragas y avisa a los vecinos del barrio.") * 2
    page = (f'<html><body><article><h1>El canal será dragado</h1><p>{PARA}</p><p>{PARA2}</p>'
            f'<h3>¿Habrá ruido por la noche?</h3><div class="accordion-panel hidden"><p>{answer}</p></div>'
            f'<div class="menu hidden"><a href="/a">Inicio</a> <a href="/b">Puerto</a></div></article></body></html>')
    body = _body(page)
    assert answer in body and "Inicio" not in body


def test_a_pop_up_is_judged_on_its_own_prose_not_on_the_furniture_inside_it():
    # A cookie pop-up whose settings list (named "cookie") makes it long: without that list it is
    # a short box, furniture, and the article (a short one, with a list of links, over many
    # comments) is the page's.
    intro = ("Diese Website verwendet Technologien, um Ihr Erlebnis beim Navigieren zu verbessern; einige davon "
             "sind für den Betrieb der Seite notwendig, andere helfen uns zu verstehen, wie sie genutzt wird. ") * 3
    detail = ("Notwendige Technologien sind für das Funktionieren der Website unbedingt erforderlich und "
              "speichern keine persönlichen Daten; sie sichern grundlegende Funktionen der Seite. ") * 2
    links = "".join(f'<p><a href="/{k}">Weiterer Beitrag über den Hafen Nummer {k}</a></p>' for k in range(6))
    page = (f'<html><body><article><h1>Der Kanal wird ausgebaggert</h1><p>{PARA}</p><p>{PARA2}</p>{links}'
            f'</article><div class="modal"><h4>Datenschutz</h4><div><p>{intro}</p>'
            f'<div class="cookie-description"><p>{detail}</p></div>'
            f'<div class="cookie-description"><p>{detail}</p></div></div></div>'
            f'<section class="comments">{"".join(f"<p>{PARA3} ({k})</p>" for k in range(8))}</section></body></html>')
    body = _body(page)
    assert PARA in body and PARA2 in body and intro.strip() not in body


def test_json_settings_in_a_hidden_element_are_data_not_text():
    settings = json.dumps({"layout": 2, "buttonText": "Comprar agora", "products": [
        {"id": k, "title": f"Faixa elástica de resistência modelo {k}", "price": "29,90"} for k in range(6)]},
        ensure_ascii=False)
    sample = '{"porto": "Santos", "calado": 15}'
    page = (f'<html><body><article><h1>O canal será dragado</h1><p>{PARA}</p>'
            f'<div class="produto"><span hidden>{settings}</span></div><p>{PARA2}</p>'
            f'<pre>{sample}</pre><p>{PARA3}</p></article></body></html>')
    body = _body(page)
    assert PARA2 in body and "buttonText" not in body and sample in body


def test_the_headline_repeated_as_the_articles_first_line_is_dropped():
    title = "Il canale del porto sarà dragato"
    page = (f'<html><head><title>{title} | Gazzetta del Porto</title></head><body><article><h1>{title}</h1>'
            f'<div class="entry-title">{title}</div><p>{PARA}</p><p>{PARA2}</p><p>{PARA3}</p></article></body></html>')
    article = extract_capture(html_capture(page))[0]
    assert article.title == title
    assert title not in article.body and PARA in article.body


def test_sentences_made_into_links_do_not_push_the_article_out():
    # Each card ends with a sentence that is one link (it ends with a full stop: it is not a
    # headline); counted as a list of links, the cards lost to a long notice above them.
    notice = ("Les sites officiels utilisent une adresse en .gouv.fr; un site sécurisé utilise HTTPS et "
              "un cadenas, ce qui signifie que vous êtes connecté en toute sécurité au site officiel. ") * 2
    linked = '<p><a href="/don">Vous pouvez soutenir cette caméra et son entretien en faisant un don à l’association des amis du port.</a></p>'
    cards = "".join(f'<div class="card"><h2>Caméra {k}</h2><p>{text}</p>{linked}</div>'
                    for k, text in enumerate((PARA, PARA2, PARA3, PARA.replace("Tuesday", "Monday"))))
    menu = "".join(f'<li><a href="/r{k}">Rubrique du portail numéro {k}</a></li>' for k in range(40))
    page = f'<html><body><div><p>{notice}</p></div><nav><ul>{menu}</ul></nav><div class="cards">{cards}</div></body></html>'
    body = _body(page)
    assert PARA in body and PARA3 in body and notice.strip() not in body


def test_placeholder_text_of_a_template_is_not_the_article():
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore."
    about = ("Lorem ipsum, el texto de relleno de los diseñadores, viene de un tratado de Cicerón; el puerto "
             "lo usó en los carteles de prueba de la nueva terminal antes de imprimir los definitivos.")
    page = (f'<html><body><article><h1>El canal será dragado</h1><p>{PARA}</p><div class="card"><p>{filler}</p></div>'
            f'<p>{about}</p><p>{PARA2}</p></article></body></html>')
    body = _body(page)
    assert filler not in body and about in body and PARA2 in body


def test_a_latest_news_heading_closes_the_article_a_menu_entry_does_not():
    teaser = ("Die Hafenbehörde hat den Ausbau des Nordkais beschlossen; die Arbeiten sollen im Frühjahr "
              "beginnen und zwei Jahre dauern, teilte die Verwaltung am Montag mit.")
    page = (f'<html><body><article><h1>Der Kanal wird ausgebaggert</h1><p>{PARA}</p><p>{PARA2}</p>'
            f'<div class="box"><h2>Neueste Nachrichten</h2><h3><a href="/a">Nordkai wird ausgebaut</a></h3>'
            f'<p>{teaser}</p></div></article></body></html>')
    body = _body(page)
    assert PARA2 in body and teaser not in body
    menu = "".join(f"<p>{name}</p>" for name in ("Home", "Latest News", "World", "Sport"))
    page = (f'<html><body><article><h1>The channel will be dredged</h1><p>{PARA}</p><div>{menu}</div>'
            f'<p>{PARA2}</p><p>{PARA3}</p></article></body></html>')
    body = _body(page)
    assert PARA3 in body


def test_a_feedback_prompt_or_testimonials_after_the_article_close_it():
    quote = ("Geweldige service, de vergunning voor onze steiger was binnen twee weken geregeld en "
             "het team hield ons steeds op de hoogte van elke stap.")
    for heading in ("Was dit artikel nuttig?", "Testimonials", "More to explore"):
        page = _article("De vaargeul wordt uitgebaggerd", f'<h3>{heading}</h3><p>{quote}</p>')
        body = _body(page)
        assert PARA3 in body and quote not in body, heading


def test_a_republish_box_or_also_in_the_news_after_the_article_close_it():
    terms = ("Vous pouvez republier nos articles gratuitement, en ligne ou sur papier, sous licence Creative "
             "Commons, à condition de citer l'auteur et le journal.")
    for heading in ("Republier cet article", "Also in the news"):
        page = _article("Le chenal sera dragué", f'<h3>{heading}</h3><p>{terms}</p>')
        body = _body(page)
        assert PARA3 in body and terms not in body, heading


def test_a_written_by_line_with_the_name_after_the_article_closes_it():
    bio = ("Autora premiada y comunicadora del año, escribe sobre puertos y navegación desde hace veinte "
           "años y dirige una escuela de náutica en Vigo.")
    page = _article("El canal será dragado", f'<div class="box"><p>Escrito por<b>María Pérez</b></p><p>{bio}</p></div>')
    body = _body(page)
    assert PARA3 in body and bio not in body


def test_an_end_matter_heading_with_a_count_in_brackets_still_closes_the_article():
    ref = "García, L. (2021). Dragado y ruido nocturno en puertos medianos. Revista de Ingeniería Portuaria, 12(3), 44-59."
    for heading in ("Referencias (3)", "Einzelnachweise [Bearbeiten]"):
        page = _article("El canal será dragado", f'<h2>{heading}</h2><p>{ref}</p>')
        body = _body(page)
        assert PARA3 in body and ref not in body, heading


def test_a_related_posts_heading_after_the_article_cuts_the_teasers_below_it():
    teaser = ("Le port de Lorient agrandit ses quais pour accueillir les nouveaux chalutiers; les travaux "
              "commencent au printemps et dureront deux ans, selon la région.")
    page = _article("Le chenal sera dragué", '<section><h2>Articles connexes</h2><div class="card">'
                    f'<h3>Lorient agrandit ses quais</h3><p>{teaser}</p></div></section>')
    body = _body(page)
    assert PARA3 in body and teaser not in body
