"""Metadata an HTML page states about itself: title, outlet, dates, author, canonical URL.

Read from the page's structured data, most trusted first: JSON-LD (schema.org
``Article`` and kin), Open Graph and other ``<meta>`` tags, microdata
(``itemprop``), ``<link rel=canonical>``, ``<time>`` elements, then the visible
``<h1>`` and ``<title>``. Nothing is guessed: a value the page does not state stays
``None``. Choosing between these and what the visible text says (bylines,
datelines) is the pipeline's job (`search.extract.pipeline`); this module only reads.

Site-independent: only standard vocabularies (schema.org, Open Graph, Dublin Core,
the ``author``/``date`` meta names common to publishing systems) are read.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from search.extract import dates
from search.extract.rules import normalise

# schema.org types that describe the page's article (CreativeWork kinds a news or blog page uses).
_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "techarticle", "scholarlyarticle", "socialmediaposting", "liveblogposting", "report",
    "medicalwebpage", "review", "posting", "discussionforumposting", "howto", "recipe",
}
_PAGE_TYPES = {"webpage", "itempage", "collectionpage", "aboutpage", "faqpage", "qapage"}

# <meta> names/properties, most trusted first.
_META_TITLE = ("og:title", "twitter:title", "dc.title", "dcterms.title", "sailthru.title", "parsely-title")
_META_SITE = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher",
              "twitter:site")
_META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "article.published", "datepublished",
    "publishdate", "publish-date", "publish_date", "pubdate", "date", "dc.date", "dc.date.issued",
    "dc.date.created", "dcterms.created", "dcterms.issued", "dcterms.date", "sailthru.date",
    "parsely-pub-date", "citation_publication_date", "citation_date", "originalpublicationdate",
    "article_date_original", "cxenseparse:recs:publishtime", "og:published_time", "published_time",
    "release_date", "date.release", "live_date",
)
_META_AUTHOR = ("author", "article:author", "og:article:author", "parsely-author", "sailthru.author",
                "dc.creator", "dcterms.creator", "citation_author", "byl", "twitter:creator")
_URL_LIKE = re.compile(r"^(https?:)?//|^www\.|^/|\.(com|org|net)\b", re.I)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPACES = re.compile(r"\s+")


@dataclass
class PageMeta:
    """What the page states, each value ``None`` when it does not."""

    title: str | None = None           # og:title / JSON-LD headline / <title>, as stated
    h1: list[str] = field(default_factory=list)  # the visible <h1> headings, in order
    page_title: str | None = None      # the <title> element
    site: str | None = None            # og:site_name, JSON-LD publisher name
    url: str | None = None             # canonical URL
    lang: str | None = None            # the page's language tag (<html lang>, og:locale)
    published: Date | None = None      # structured publication date
    modified: Date | None = None       # structured modification date (never used as the publication date)
    #: `published` comes only from a WebPage object (not an article's, not a <meta> tag): the
    #: day the page was made in the publishing system, which dates the article only when shown.
    published_by_page: bool = False
    authors: list[str] = field(default_factory=list)  # structured author names, most trusted first
    time_dates: list[Date] = field(default_factory=list)  # <time datetime> values in the body
    bylines: list[str] = field(default_factory=list)  # author names the page shows (rel=author, byline boxes)
    #: Byline lines the page shows ("By A, B and C | May 2"), nearest the article's head first
    #: (filled by the HTML extractor, which knows where the article starts).
    shown_bylines: list[str] = field(default_factory=list)


def _text(value) -> str:
    """A stated value, white space collapsed and HTML entities decoded (publishing systems
    often escape them twice: "&amp;#8217;")."""
    if not isinstance(value, str):
        return ""
    if "&" in value:
        value = html.unescape(html.unescape(value) if "&amp;" in value else value)
    return _SPACES.sub(" ", value).strip()


def parse_iso_date(value) -> Date | None:
    """The day of an ISO-8601 timestamp or of a date written out in words."""
    value = _text(value)
    if not value:
        return None
    m = _ISO.search(value[:40])
    if m:
        try:
            day = Date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return day if 1900 <= day.year <= Date.today().year + 1 else None
    if value.isdigit() and len(value) in (10, 13):  # epoch seconds / milliseconds
        try:
            return datetime.fromtimestamp(int(value[:10]), tz=timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    return dates.parse_date(value)


# --------------------------------------------------------------------------- JSON-LD

def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {x.rsplit("/", 1)[-1].lower() for x in items if isinstance(x, str)}


def _walk_ld(data, out: list[dict], depth: int = 0) -> None:
    """Every JSON-LD object (dicts in lists, @graph, mainEntity) into `out`, bounded."""
    if depth > 6 or len(out) > 200:
        return
    if isinstance(data, list):
        for item in data:
            _walk_ld(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data and isinstance(data[key], (list, dict)):
                _walk_ld(data[key], out, depth + 1)


def _names(value, limit: int = 10) -> list[str]:
    """Names out of a schema.org Person/Organization, a list of them, or a plain string."""
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in items[:limit]:
        if isinstance(item, dict):
            name = _text(item.get("name"))
            if not name and isinstance(item.get("givenName"), str):
                name = _text(f"{item.get('givenName', '')} {item.get('familyName', '')}")
        else:
            name = _text(item)
        if name and not _URL_LIKE.search(name):
            found.append(name)
    return found


def _read_ld(tree: LexborHTMLParser, meta: PageMeta) -> None:
    objects: list[dict] = []
    for script in tree.css('script[type="application/ld+json"]'):
        raw = script.text(deep=True)
        if not raw or len(raw) > 2_000_000:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # a stray control character or trailing comma is common; try once more, cleaned
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ").replace("\t", " ")))
            except ValueError:
                continue
        _walk_ld(data, objects)
    article = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    pages = [o for o in objects if _types(o) & _PAGE_TYPES]
    for obj in article + pages:
        if meta.title is None and obj in article:
            meta.title = _text(obj.get("headline")) or _text(obj.get("name")) or None
        if meta.published is None:
            meta.published = parse_iso_date(obj.get("datePublished")) or (
                parse_iso_date(obj.get("dateCreated")) if obj in article else None)
            meta.published_by_page = meta.published is not None and obj not in article
        if meta.modified is None:
            meta.modified = parse_iso_date(obj.get("dateModified"))
        if not meta.authors and "author" in obj:
            meta.authors = _names(obj["author"]) or _names(obj.get("creator"))
        if meta.site is None and isinstance(obj.get("publisher"), (dict, list, str)):
            names = _names(obj["publisher"], 1)
            meta.site = names[0] if names else None
    if meta.site is None:
        for obj in objects:
            if _types(obj) & {"website"}:
                meta.site = _text(obj.get("name")) or None
                if meta.site:
                    break
    if meta.site is None:
        for obj in objects:
            if _types(obj) & {"newsmediaorganization", "organization"}:
                meta.site = _text(obj.get("name")) or None
                if meta.site:
                    break


# --------------------------------------------------------------------------- <meta> and microdata

def _read_meta_tags(tree: LexborHTMLParser, meta: PageMeta) -> None:
    values: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = attrs.get("content")
        if key and content:
            key = key.strip().lower()
            if key not in values:
                values[key] = content
    if meta.title is None:
        meta.title = next((t for k in _META_TITLE if (t := _text(values.get(k)))), None)
    if meta.site is None:
        # a value without a letter or digit ("/", "-") names nothing
        site = next((t for k in _META_SITE if (t := _text(values.get(k))) and any(c.isalnum() for c in t)), None)
        meta.site = site.lstrip("@") if site else None
    if meta.published is None or meta.published_by_page:   # an article's own date beats its page's
        stated = next((d for k in _META_PUBLISHED if (d := parse_iso_date(values.get(k)))), None)
        if stated:
            meta.published, meta.published_by_page = stated, False
    if meta.modified is None:
        meta.modified = next((d for k in ("article:modified_time", "og:updated_time", "datemodified",
                                          "dcterms.modified", "last-modified")
                              if (d := parse_iso_date(values.get(k)))), None)
    if not meta.authors:
        cited = [_text(n.attributes.get("content")) for n in tree.css('meta[name="citation_author"]')[:12]]
        cited = [re.sub(r"^([^,]+),\s*([^,]+)$", r"\2 \1", n) for n in cited if n]  # "Doe, Jane"
        if len(cited) > 1:
            meta.authors = cited
    if not meta.authors:
        for k in _META_AUTHOR:
            name = _text(values.get(k))
            if name and not _URL_LIKE.search(name) and not name.startswith("@"):
                meta.authors = [name]
                break
    meta.lang = _text(values.get("og:locale")) or None
    if meta.url is None:
        url = _text(values.get("og:url"))
        meta.url = url if url.startswith(("http://", "https://")) else None


def _read_microdata(tree: LexborHTMLParser, meta: PageMeta) -> None:
    if meta.published is None or meta.published_by_page:
        for node in tree.css('[itemprop="datePublished"]')[:3]:
            attrs = node.attributes
            day = parse_iso_date(attrs.get("content") or attrs.get("datetime") or node.text(deep=True)[:100])
            if day:
                meta.published, meta.published_by_page = day, False
                break
    if not meta.authors:
        for node in tree.css('[itemprop="author"]')[:3]:
            inner = node.css_first('[itemprop="name"]')
            attrs = (inner or node).attributes
            name = _text(attrs.get("content") or (inner or node).text(deep=True))
            if name and len(name) <= 80 and not _URL_LIKE.search(name):
                meta.authors.append(name)
                break
    if meta.title is None:
        node = tree.css_first('[itemprop="headline"]')
        if node is not None:
            meta.title = _text(node.attributes.get("content") or node.text(deep=True)) or None


_BYLINE_SELECTORS = ('a[rel="author"]', '[class*="author-name"]', '[class*="byline"]', 'a[href*="/author/"]',
                     'a[href*="/authors/"]', '[class*="author"]')
_NAME_LIKE = re.compile(r"^[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4}$")


def _bylines(tree: LexborHTMLParser) -> list[str]:
    """Names in the page's byline elements (not in comments), first found first."""
    found: list[str] = []
    for selector in _BYLINE_SELECTORS:
        for node in tree.css(selector)[:6]:
            cls = (node.attributes.get("class") or "").lower()
            if "comment" in cls or "avatar" in cls:
                continue
            text = _BY.sub("", _text(node.text(deep=True, separator=" "))).strip(" -–—|·•,:;")
            half = text.split()
            if len(half) % 2 == 0 and half[:len(half) // 2] == half[len(half) // 2:]:
                text = " ".join(half[:len(half) // 2])  # "Jane Doe Jane Doe": an image's alt, then the name
            elif len(half) >= 3 and _ROLE_WORD.match(half[-1]):
                text = " ".join(half[:2])  # "Jane Doe Senior Reporter": the name, then the role
            if 3 <= len(text) <= 60 and _NAME_LIKE.match(text) and text[0].isupper():
                found.append(text)
        if found:
            break
    return found


def read_meta(tree: LexborHTMLParser, base_url: str | None = None) -> PageMeta:
    """What the parsed page states about itself (see the module docstring)."""
    meta = PageMeta()
    _read_ld(tree, meta)
    _read_meta_tags(tree, meta)
    _read_microdata(tree, meta)
    canonical = tree.css_first('link[rel="canonical"]')
    href = _text(canonical.attributes.get("href")) if canonical is not None else ""
    if href and not href.startswith(("http://", "https://")) and (base_url or meta.url):
        href = urljoin(base_url or meta.url, href)
    if href.startswith(("http://", "https://")):
        meta.url = href
    title = tree.css_first("title")
    meta.page_title = _text(title.text(deep=True)) if title is not None else None
    meta.h1 = [t for node in tree.css("h1")[:5] if (t := _text(node.text(deep=True)))]
    meta.bylines = _bylines(tree)
    root = tree.css_first("html")
    tag = _text(root.attributes.get("lang") or root.attributes.get("xml:lang")) if root is not None else ""
    if tag and (re.search(r"[-_]", tag) or not meta.lang):
        meta.lang = tag     # the page's own tag, unless og:locale (read above) says more: en, en_US
    for node in tree.css("time[datetime]")[:10]:
        day = parse_iso_date(node.attributes.get("datetime"))
        if day:
            meta.time_dates.append(day)
    return meta


# --------------------------------------------------------------------------- cleaning

_TITLE_SEP = re.compile(r"\s+[|–—·•»:/]{1,2}\s+|\s+-{1,2}\s+|\s*::\s*")


def split_title(title: str) -> list[str]:
    """"Headline - Site | Section" -> ["Headline", "Site", "Section"]."""
    return [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]


def site_key(name: str | None) -> str:
    """A site or domain name compared loosely: "The Foo Times" ~ "foo-times.com" ~ "FooTimes"."""
    if not name:
        return ""
    key = normalise(name)
    key = re.sub(r"^(www|m|amp)\.|\.(com|org|net|co|io|news|info|[a-z]{2})(\.[a-z]{2})?$", "", key)
    return re.sub(r"^the|[\W_]+", "", key)


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return host or None


# --------------------------------------------------------------------------- choosing

def choose_outlet(meta: PageMeta, url: str | None) -> str | None:
    """The outlet the page names (og:site_name, JSON-LD publisher)."""
    return meta.site


def choose_date(meta: PageMeta, shown: list[tuple[Date, bool]], url: str | None,
                far_date: Date | None = None) -> Date | None:
    """The publication date as the page shows it (see `date_evidence`)."""
    return date_evidence(meta, shown, url, far_date)[0]


#: What `date_evidence` dates a page by, strongest first.
DATE_EVIDENCE = ("stated and shown", "stated, only updates shown", "modification shown", "shown",
                 "only updates shown", "stated", "url", "shown away from the head", "none")


def date_evidence(meta: PageMeta, shown: list[tuple[Date, bool]], url: str | None,
                  far_date: Date | None = None) -> tuple[Date | None, str]:
    """The publication date as the page shows it, and the evidence (one of DATE_EVIDENCE).

    `shown` are the dates shown around the article's head, in reading order, each
    with whether its line says "updated". A shown date the structured data also
    states (published or modified: pages show the date they were last revised) wins,
    but when every shown date is stated as an update the structured publication
    date does (an update is not the publication); else the first shown date not
    stated as an update; else the structured publication date, the date in the URL,
    and last `far_date`, a date the page shows away from the article's head. A date that
    only a WebPage object states (`published_by_page`) counts only when shown.
    """
    days = [day for day, _ in shown]
    if meta.published and meta.published in days:
        return meta.published, "stated and shown"
    if meta.published and shown and all(updated for _, updated in shown):
        # The page shows only when it was updated: the stated publication date.
        return meta.published, "stated, only updates shown"
    if meta.modified and meta.modified in days:
        return meta.modified, "modification shown"
    for day, updated in shown:
        if not updated:
            return day, "shown"
    if shown:
        return shown[0][0], "only updates shown"
    if meta.published and not meta.published_by_page:
        return meta.published, "stated"
    if url and (day := dates.date_from_url(url)):
        return day, "url"
    if far_date:
        return far_date, "shown away from the head"
    return None, "none"


_AUTHOR_TAIL = re.compile(r"\s+(?:[-–|·•]|in)\s+.*$|,\s+(?:the\s+)?[A-Z][\w&.]*(?:\s+[A-Z][\w&.]*)*$")
#: "By" in other languages, before a name (a capital follows): "Von Anna Müller", "Автор: Анна Смирнова".
#: Written as a word ("Von", "von"), not in capitals ("AF Group" is a name).
_BY_OTHER = "(?-i:(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in (
    "von", "par", "por", "di", "door", "av", "af", "przez", "autor", "autorka", "autore", "автор", "текст",
    "yazan", "oleh")) + "))"
_BY = re.compile(r"^(?:(?:text|words|story|recipe|article|posted|written|reporting|photos?)\s+)?by(?-i:(?=[A-Z]))|"
                 r"^(?:(?:text|words|story|recipe|article|posted|written|reporting|(?:medically\s+)?reviewed|fact[- ]checked)"
    r"\s+by|by|author)\s*:?\s+|"
    rf"^{_BY_OTHER}\s*:?\s+(?-i:(?=[A-ZÀ-ÖØ-ÞА-ЯЁŁŚŻŹĆŃŠČŘŽ]))", re.I)
#: Not a name: placeholders, roles and labels that publishing systems put where the author goes.
_NOT_NAME = re.compile(
    r"^(?:by|written by|the author|author|authors|admin|administrator|webmaster|undefined|null|none|"
    r"unknown|staff|editor|editors|guest|anonymous|sign in|log in|view (?:all|more) posts.*|"
    r"about the author|posted by|contributor|learn more|read more|more|bio|(?:articles|posts|stories|more) (?:by|from)\b.*|"
    r"(?:view|see) (?:all|more|profile)\b.*|.* by)$", re.I)
_ROLE_WORD = re.compile(r"^(?:reporter|writer|editor|contributor|correspondent|columnist|journalist|producer|"
                        r"analyst|expert|consultant|author|founder|ceo)$", re.I)
#: Where a shown byline's names end: a separator, a date, "Updated", "Reviewed by"...
_BYLINE_END = re.compile(r"\s+[|·•—–]\s+|\s+-\s+|(?<=\w\w)\.\s+(?=[A-Z])|\s+(?:updated|published|posted|reviewed|"
                         r"edited|fact[- ]checked|on)\b|\s*\d+\s*min(?:ute)?s?\s+read", re.I)
_SHOWN_BY = re.compile(r"^(?:(?:text|words|story|written|reporting)\s+)?by\s*:?\s*|"
                       rf"^{_BY_OTHER}\s*:?\s+(?-i:(?=[A-ZÀ-ÖØ-ÞА-ЯЁŁŚŻŹĆŃŠČŘŽ]))", re.I)
_NAME_WORD = re.compile(r"^(?:[A-Z\u00c0-\u024f][\w.'’®-]*|[A-Z]{2,}[\w.®]*|and|&|van|der|den|de|la|le|da|"
                        r"di|von|del|du|bin|al|[A-Z]\.)[,;]?$")


#: A button's label glued to a name ("Jane Doe View In Digital Edition", "Jane Doe Follow").
_UI_WORDS = frozenset({"view", "read", "follow", "see", "share", "more", "subscribe"})


def _cut_ui(name: str) -> str:
    words = name.split()
    cut = next((i for i in range(2, len(words)) if words[i].lower() in _UI_WORDS), None)
    return " ".join(words[:cut]) if cut else name


def _is_junk(name: str) -> bool:
    """A placeholder, a user id or a label rather than a name."""
    if _NOT_NAME.match(name) or dates.parse_date(name):
        return True
    # "mdelatorreq6vkpg2ma0ci", "262588213843476", "page.head.extra.author", "andrew.keaveney"
    return " " not in name and "@" not in name and (
        sum(ch.isdigit() for ch in name) >= 3 or name.count(".") >= 2 and name.islower())


def clean_author(name: str | None, outlet: str | None) -> str | None:
    """A name as stated, without "By", a leading comma, or a trailing " - Role",
    ", The Outlet" or "| Outlet"; None for a placeholder or a date."""
    if not name:
        return None
    name = _BY.sub("", _text(name).strip(" ,;:|-"))
    if outlet and (tail := _AUTHOR_TAIL.search(name)) and site_key(outlet) in site_key(tail.group(0)):
        name = name[:tail.start()]
    elif " | " in name or " – " in name:
        name = re.split(r"\s+[–|]\s+", name)[0]
    name = name.strip(" ,;:|-\"'")
    words = name.split()
    if _NOT_NAME.match(name):
        return None
    name = _cut_ui(name)
    if "," not in name and len(words) >= 4 and any(_ROLE_WORD.match(w) for w in words[2:]):
        name = " ".join(words[:2])  # "Jane Doe Senior Reporter": the name, then the role
    if outlet and name.lower().endswith(" " + outlet.lower()):
        name = name[:-len(outlet)].strip(" ,;:|-")  # "Jane Doe, The Post"
    if not name or len(name) > 120 or _is_junk(name):
        return None
    return name


def _shown_names(line: str) -> str | None:
    """The names of a shown byline ("By A, MD, and B | May 2, 2025" -> "A, MD, and B")."""
    m = _SHOWN_BY.match(line)
    if not m:
        return None
    rest = line[m.end():]
    end = _BYLINE_END.search(rest)
    rest = rest[:end.start()] if end else rest
    rest = _cut_ui(rest.strip(" ,;:.")).strip(" ,;:.")
    words = rest.split()
    if not words or len(words) > 24 or not all(_NAME_WORD.match(w) for w in words):
        return None
    if words[-1].lower() in ("and", "&") or _is_junk(rest) or (len(words) == 1 and len(rest) <= 3):
        return None
    return rest


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else ", ".join(names)


def choose_author(meta: PageMeta, visible: str | None, outlet: str | None) -> str | None:
    """The author: structured data first (a person over the site's own name), as the page's
    byline words it when that byline lists the same people; then a byline the page shows;
    last an organisation the structured data states as the author."""
    sites = {site_key(outlet), site_key(meta.site), site_key(host_of(meta.url))} - {""}
    stated = []
    for raw in meta.authors:
        name = clean_author(raw, outlet or meta.site)
        if name and name not in stated:
            stated.append(name)
    persons = [n for n in stated if site_key(n) not in sites]
    # A user handle ("jdoe", "andrew.keaveney") is a weaker claim than a name the page shows.
    handles = [n for n in persons if " " not in n and (n.islower() or any(ch.isdigit() for ch in n))]
    if handles and len(handles) == len(persons) and meta.bylines:
        stated, persons = [n for n in stated if n not in handles] + handles, []
    shown = [n for line in meta.shown_bylines if (n := _shown_names(line))]
    if persons:
        first = persons[0]
        for names in shown:
            if (len(persons) > 1 or " and " in names or " & " in names) and names.startswith(first) and len(names) > len(first) and all(p in names for p in persons):
                return names
        return _join(persons)
    for name in shown:
        if site_key(name) not in sites:
            return name
    others = [n for name in [*meta.bylines, visible] if (n := clean_author(name, outlet or meta.site))]
    for name in others:
        if site_key(name) not in sites:
            return name
    return (stated or shown or others or [None])[0]
