"""HTML captures: the matter that closes an article, once the DOM extractor (html.py)
has kept its blocks, and the article's text rendered twice.

- a closing heading ("Related posts", "Comments") speaks for its whole box (`box_end`);
- from a heading naming the article's sources, references or footnotes, other posts,
  its author or a disclaimer, after most of its text, to its end (`cut_end_matter`,
  the headings in many languages in `_END_MATTER`);
- runs of blocks that repeat earlier ones (mobile and desktop layouts, a print copy:
  `drop_copies`);
- the author's box under the article, once the author is known (`cut_author_bio`).
"""
from __future__ import annotations

import re

from search.extract.article import Dropped
from search.extract.htmlblocks import Page
from search.extract.htmlmeta import site_key
from search.extract.htmlscore import is_inside
from search.extract.strip import Stripped

def box_end(page: Page, k: int, container: int, holds_kept: set[int]) -> int:
    """The last block of the box that closing block `k` titles ("Related posts", "Comments"):
    its highest element below the article's that holds none of the article's kept text.
    A teaser under such a heading is prose, but the heading speaks for its whole box."""
    parent, blocks = page.parent, page.blocks
    box = blocks[k].owner
    if box in holds_kept:
        return k
    while parent[box] != container and parent[box] > 0 and parent[box] not in holds_kept:
        box = parent[box]
    end = k
    while end + 1 < len(blocks) and is_inside(page, blocks[end + 1].owner, box):
        end += 1
    return end


#: Headings of the matter closing an article, by the reason it is dropped: its sources,
#: references and footnotes, lists of other posts; its author's box and legal notes.
#: Headings of lists of other posts: they close the article wherever they stand.
OTHER_POSTS = frozenset(
    "recent posts|recent articles|recent stories|latest posts|latest articles|"
    "latest news|latest stories|recent news|latest blog posts|recent blog posts|latest blogs|recent blogs|"
    "read this next|more videos|neueste beiträge|articles récents|derniers articles|entradas recientes|"
    "neueste nachrichten|dernières nouvelles|dernières actualités|últimas noticias|ultime notizie|"
    "últimas notícias|laatste nieuws|последние новости|"
    "artículos recientes|artigos recentes|posts recentes|articoli recenti|recente berichten|"
    "последние статьи|последние записи".split("|"))
_END_MATTER: dict[str, str] = {
    **dict.fromkeys((
        "reference references source sources citation citations footnote footnotes bibliography "
        "références bibliographie quellen quellenangaben einzelnachweise literatur referencias fuentes "
        "bibliografía riferimenti fonti bibliografia referências fontes bronnen referenties "
        "bronvermelding källor kilder lähteet przypisy źródła источники литература примечания "
        "джерела kaynaklar kaynakça 参考文献 出典 참고문헌").split(), "related-links"),
    **dict.fromkeys("works cited|article sources|references and sources|references & sources|"
                    "sources and references|sources & references|참고 문헌".split("|"), "related-links"),
    **dict.fromkeys(OTHER_POSTS | {"explore more", "keep reading", "more to explore", "explore more articles",
                                    "latest insights", "recent insights", "also in the news",
                                    "related posts", "related articles", "related stories", "related blog posts",
                                    "related content", "related reading", "you may also like", "you might also like",
                                    "read next", "see also", "articles connexes", "à lire aussi", "lire aussi",
                                    "ähnliche beiträge", "das könnte sie auch interessieren", "artículos relacionados",
                                    "artigos relacionados", "articoli correlati", "gerelateerde artikelen"},
                    "related-links"),
    **dict.fromkeys("republish|republish this article|republish this story|republish our articles|"
                    "republier cet article|diesen artikel wiederveröffentlichen|republicar este artículo|"
                    "republique este artigo".split("|"), "navigation"),
    **dict.fromkeys((
        "testimonials|was this article helpful|was this helpful|was this page helpful|did you find this helpful|"
        "did you find this content helpful|did you find this article helpful|war dieser artikel hilfreich|"
        "cet article vous a-t-il été utile|¿te ha resultado útil este artículo|este artigo foi útil|"
        "questo articolo ti è stato utile|was dit artikel nuttig").split("|"), "engagement"),
    **dict.fromkeys((
        "disclaimer|medical disclaimer|legal disclaimer|written by|about the author|about the authors|"
        "about the writer|contributing writer|haftungsausschluss|geschrieben von|über den autor|"
        "über die autorin|avertissement|écrit par|à propos de l'auteur|aviso legal|escrito por|"
        "sobre el autor|sobre la autora|sobre o autor|sobre a autora|scritto da|sull'autore|"
        "geschreven door|over de auteur|об авторе|автор статьи").split("|"), "navigation"),
}
_TRAILING = re.compile(r"[\W_]+$")
_BRACKETED = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
#: "Written by Jane Doe" as the heading of the author's box (its label and the name in one line).
_WRITTEN_BY = re.compile(r"(?:written by|geschrieben von|écrit par|escrito por|scritto da|geschreven door)\s*:?\s*[^\W\d_]",
                         re.I)


def drop_copies(out: Stripped) -> None:
    """Drop the article's text rendered twice (mobile and desktop layouts, a print copy):
    runs of two or more blocks that repeat earlier ones. A single repeated line (a pull
    quote, a refrain, a table's repeated cell) is the article's own."""
    seen: set[str] = set()
    again = []  # the block repeats an earlier one (short ones too: a copy's headings)
    for text in out.body:
        key = text.casefold()
        again.append(key in seen)
        seen.add(key)
    n = len(again)
    drop = [again[k] and len(out.body[k]) >= 30 and (k > 0 and again[k - 1] or k + 1 < n and again[k + 1])
            for k in range(n)]
    if any(drop):
        out.dropped.extend(Dropped(text, "debris") for text, gone in zip(out.body, drop) if gone)
        out.body[:] = [text for text, gone in zip(out.body, drop) if not gone]


def end_matter_key(text: str) -> str:
    # Without a trailing count or note in brackets: "References (12)", "Quellen [Bearbeiten]".
    return " ".join(_TRAILING.sub("", _BRACKETED.sub("", text)).casefold().split())


def cut_end_matter(out: Stripped) -> None:
    """Drop what closes an article after its text: from a heading naming its sources,
    references or footnotes, other posts, its author or a disclaimer, after most of its
    text, to its end."""
    body = out.body
    before, total = 0, sum(map(len, body))
    for k, text in enumerate(body):
        if 2 * before >= total and len(text) <= 60:
            reason = _END_MATTER.get(end_matter_key(text)) or (_WRITTEN_BY.match(text) and "navigation")
            if reason:
                out.dropped.extend(Dropped(line, reason) for line in body[k:])
                del body[k:]
                return
        before += len(text)


# --------------------------------------------------------------------------- author box

#: How many of the article's last blocks may be its author's box.
BIO_REACH = 4


def cut_author_bio(stripped: Stripped, author: str | None, outlet: str | None = None) -> None:
    """Drop the author's box closing the article: from the first of its last blocks (in
    its second half) that opens with the name of one of its authors ("Jane Doe is a staff writer who...", or the
    name alone as the box's heading). Only for people (two words or more, not the outlet)."""
    if not author or not stripped.body:
        return
    names = [n.strip() for n in re.split(r",|\s+and\s+|\s+&\s+", author) if len(n.split()) >= 2]
    names = [n for n in names if not outlet or site_key(n) != site_key(outlet)]
    if not names:
        return
    body = stripped.body
    for k in range(max(len(body) // 2 + 1, len(body) - BIO_REACH), len(body)):
        if any(body[k].startswith(n) and (len(body[k]) == len(n) or not body[k][len(n)].isalnum()) for n in names):
            stripped.dropped.extend(Dropped(text, "navigation") for text in body[k:])
            del body[k:]
            return
