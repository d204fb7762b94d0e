"""Build bench/data/langpages/: news pages in nine languages other than English, as a text
capture (a browser copy) and as HTML, with their gold body, from source.json.

    .venv/bin/python bench/langpages.py         # rewrites ID.txt, ID.html and gold.jsonl

WCXB, the development set, is English only; these pages stand in for the languages of
trafilatura's evaluation pages (German above all, then French, Spanish, Italian,
Portuguese, Dutch, Russian, Polish). They were written for newsfacet (the stories and
outlets are made up; CC0): each has an article (title, byline, date, paragraphs) and
the furniture a news site of that language shows around it, in its words: a menu, a
share bar, "read also" between paragraphs, an advertisement label, a newsletter box or
a subscription appeal, related headlines, comments, the footer's legal links and a
cookie banner. The HTML is laid out three ways (page index mod 3): semantic elements
with English class names; neutral class names ("box", "col") with the boxes inside the
article's element, where only the words tell furniture from prose; and class names in
the page's language. bench/extract.py --set langs-text | langs-html scores them.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

DIR = Path(__file__).resolve().parent / "data" / "langpages"
_DAY_FIRST = {"fr", "es", "it", "pt"}


def _date(lang: str, iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}" if lang in _DAY_FIRST else f"{d}.{m}.{y}"


def _body_lines(page: dict) -> list[tuple[str, str]]:
    """(kind, text) in reading order: paragraphs with the inline link and the ad label."""
    out = []
    for k, para in enumerate(page["body"]):
        if page.get("ad") and page["ad"][0] == k:
            out.append(("ad", page["ad"][1]))
        if page.get("inline") and page["inline"][0] == k:
            out.append(("inline", page["inline"][1]))
        out.append(("p", para))
    return out


def text_capture(page: dict) -> str:
    lines = [*page["top"], ""]
    if page.get("kicker"):
        lines.append(page["kicker"])
    lines += [page["title"], "", page["byline"], _date(page["lang"], page["date"]), "", *page["share"], ""]
    for kind, text in _body_lines(page):
        lines += [text, ""]
    for block in page["after"]:
        lines += [*block[1:], ""]
    return "\n".join(lines)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def html_page(page: dict, layout: int) -> str:
    lang = page["lang"]
    local = {"de": ("kommentare", "verwandte-artikel", "teilen", "werbung", "fusszeile"),
             "fr": ("commentaires", "articles-lies", "partage", "publicite", "pied-de-page"),
             "es": ("comentarios", "relacionadas", "compartir", "publicidad", "pie"),
             "it": ("commenti", "correlati", "condividi", "pubblicita", "piede"),
             "pt": ("comentarios", "relacionadas", "partilhar", "publicidade", "rodape"),
             "nl": ("reacties", "gerelateerd", "delen", "advertentie", "voet"),
             "ru": ("kommentarii", "po-teme", "podelitsya", "reklama", "podval"),
             "pl": ("komentarze", "powiazane", "udostepnij", "reklama", "stopka")}[lang]
    names = {0: {"comments": "comments", "related": "related-articles", "share": "share-bar", "ad": "ad-slot",
                 "footer": "site-footer", "newsletter": "newsletter-box", "appeal": "paywall", "cookies": "cookie-banner"},
             1: {k: "box" for k in ("comments", "related", "share", "ad", "footer", "newsletter", "appeal", "cookies")},
             2: {"comments": local[0], "related": local[1], "share": local[2], "ad": local[3], "footer": local[4],
                 "newsletter": "box-" + local[2], "appeal": "box", "cookies": "hinweis"}}[layout]
    top = "".join(f"<li><a href='/{i}'>{_esc(t)}</a></li>" for i, t in enumerate(page["top"][1:]))
    share = "".join(f"<a href='#s{i}'>{_esc(t)}</a> " for i, t in enumerate(page["share"]))
    body = []
    for kind, text in _body_lines(page):
        if kind == "p":
            body.append(f"<p>{_esc(text)}</p>")
        elif kind == "ad":
            body.append(f"<div class='{names['ad']}'><span>{_esc(text)}</span></div>")
        else:
            label, _, rest = text.partition(":")
            body.append(f"<p><strong>{_esc(label)}:</strong> <a href='/x'>{_esc(rest.strip())}</a></p>")
    inside, outside = [], []
    for block in page["after"]:
        kind, items = block[0], block[1:]
        if kind == "related":
            inner = f"<h3>{_esc(items[0])}</h3><ul>" + "".join(
                f"<li><a href='/r{i}'>{_esc(t)}</a></li>" for i, t in enumerate(items[1:])) + "</ul>"
        elif kind == "footer":
            inner = "".join(f"<a href='/f{i}'>{_esc(t)}</a> " for i, t in enumerate(items[:-1])) + \
                f"<p>{_esc(items[-1])}</p>"
        elif kind == "comments":
            inner = f"<h3>{_esc(items[0])}</h3>" + "".join(f"<p>{_esc(t)}</p>" for t in items[1:])
        elif kind == "cookies":
            inner = f"<p>{_esc(items[0])}</p>" + "".join(f"<button>{_esc(t)}</button>" for t in items[1:])
        else:   # newsletter, appeal: a heading, a sentence, a field or a button
            inner = f"<h3>{_esc(items[0])}</h3><p>{_esc(items[1])}</p>" + "".join(
                f"<p><a href='/a{i}'>{_esc(t)}</a></p>" for i, t in enumerate(items[2:]))
        tag = "footer" if kind == "footer" and layout == 0 else ("aside" if kind == "related" and layout == 0
                                                                  else "div")
        element = f"<{tag} class='{names[kind]}'>{inner}</{tag}>"
        # layout 1 keeps the boxes in the article's element (nothing in the markup tells them apart)
        (inside if layout == 1 and kind in ("newsletter", "appeal", "related", "comments") else outside).append(element)
    article_tag = "article" if layout == 0 else "div"
    head = (f"<header><div class='logo'>{_esc(page['top'][0])}</div><nav><ul>{top}</ul></nav></header>"
            if layout == 0 else f"<div class='top'><div class='logo'>{_esc(page['top'][0])}</div><ul>{top}</ul></div>")
    kicker = f"<div class='kicker'>{_esc(page['kicker'])}</div>" if page.get("kicker") else ""
    return (f"<!doctype html>\n<html lang='{lang}'><head><meta charset='utf-8'><title>{_esc(page['title'])} | "
            f"{_esc(page['top'][0])}</title><meta property='og:site_name' content='{html.escape(page['outlet'])}'>"
            f"<meta property='article:published_time' content='{page['date']}T08:00:00+01:00'></head>\n<body>{head}"
            f"<div class='wrap'><{article_tag} class='col'>{kicker}<h1>{_esc(page['title'])}</h1>"
            f"<div class='meta'><span class='author'>{_esc(page['byline'])}</span> "
            f"<time datetime='{page['date']}'>{_date(lang, page['date'])}</time></div>"
            f"<div class='{names['share']}'>{share}</div>" + "".join(body) + "".join(inside) +
            f"</{article_tag}></div>" + "".join(outside) + "</body></html>\n")


def main() -> None:
    pages = json.loads((DIR / "source.json").read_text(encoding="utf-8"))
    with (DIR / "gold.jsonl").open("w", encoding="utf-8") as gold:
        for i, page in enumerate(pages):
            (DIR / f"{page['id']}.txt").write_text(text_capture(page), encoding="utf-8")
            (DIR / f"{page['id']}.html").write_text(html_page(page, i % 3), encoding="utf-8")
            author = page["byline"].split(":", 1)[-1].strip() if ":" in page["byline"] else \
                page["byline"].split(" ", 1)[1]
            gold.write(json.dumps({"id": page["id"], "language": page["lang"], "title": page["title"],
                                   "outlet": page["outlet"], "date": page["date"], "author": author,
                                   "body": "\n\n".join(page["body"])}, ensure_ascii=False) + "\n")
    print(f"{len(pages)} pages written to {DIR}")


if __name__ == "__main__":
    main()
