"""A newsletter's own furniture, in the article extracted from an e-mail: "view in browser"
links (navigation), sponsor blocks (sponsor), referral prompts (share) and the unsubscribe
footer (newsletter), each moved from the body to the dropped blocks with its reason.

Runs on the article after extraction (finish.py, for mail records), so that whatever
the HTML or text extractor already dropped keeps its own reason. When in doubt a paragraph
stays: only short paragraphs are judged by a phrase, and a footer takes the paragraphs after
it only when they are short too (a postal address, links), never a story below it.
"""
from __future__ import annotations

import re

from search.extract.article import Article, Dropped

_I = re.IGNORECASE

VIEW_ONLINE = re.compile(
    r"\b(view|read|open|see)\b.{0,30}\b(in|on) (your|a|the) (web )?browser\b|\bview (it |this )?(online|as a web ?page)\b"
    r"|\bhaving trouble (viewing|reading)\b|\bim browser (ansehen|anzeigen|öffnen|lesen)\b|\bonline (ansehen|lesen)\b"
    r"|\b(voir|afficher|lire) (la version |cet e-?mail |ce message )?(en ligne|dans (votre|le) navigateur)\b"
    r"|\bver (en (el|tu|su) navegador|online|versión web)\b|\bvisualizza (nel browser|online)\b"
    r"|\bbekijk (deze e-?mail )?(in (je|uw) browser|online)\b|\bver no navegador\b"
    r"|открыть в браузере|веб-верси", _I)

FOOTER = re.compile(
    r"\bunsubscribe\b|\bopt[ -]out\b|\bmanage (your )?(e-?mail |subscription |newsletter )?(preferences|subscriptions?|settings)\b"
    r"|\bupdate your (e-?mail )?preferences\b|\byou('re| are) receiving this\b|\byou received this (e-?mail|message|newsletter)\b"
    r"|\bno longer (wish|want) to receive\b|\bwhy did I get this\b|\bthis (e-?mail|newsletter) was sent to\b"
    r"|\bdésabonner\b|\bdésinscri|\bse désabonner\b|\babbestellen\b|\babmelden\b|\bnewsletter abbestellen\b"
    r"|\bdarse de baja\b|\bcancelar (la )?suscripción\b|\bdisiscriv|\bcancella(re)? l'iscrizione\b"
    r"|\buitschrijven\b|\bafmelden\b|\bdescadastr|\bcancelar (a )?inscrição\b|отписаться|отказаться от рассылки", _I)

SPONSOR_LABEL = re.compile(
    r"^\W*(sponsored( by| content| post)?|sponsor(ed)? message|sponsor|presented by|brought to you by|"
    r"together with|in partnership with|a message from|message from our sponsors?|from our sponsors?|"
    r"advertisement|advertising|paid (post|content|partnership)|partner content|promoted|"
    r"anzeige|werbung|publicité|publicidad|patrocinado|sponsorizzato|pubblicità|advertentie|реклама)\b", _I)

REFERRAL = re.compile(
    r"\brefer (a|your) friends?\b|\breferr?al\b|\bshare (this|the|our) (newsletter|e-?mail)\b"
    r"|\bforward (this|the) (e-?mail|newsletter)\b|\b(was )?this (e-?mail |newsletter )?(was )?forwarded to you\b"
    r"|\binvite (your )?friends\b|\bearn (rewards|free|perks)\b|\bsubscribe here\b|\bget (it|this newsletter) in your inbox\b"
    r"|\bempfehlen sie (uns|diesen newsletter)\b|\bparrainez\b|\btransférez cet e-?mail\b"
    r"|\brecomienda (este|nuestro) (boletín|newsletter)\b|\binvita (i tuoi )?amici\b", _I)

#: Longest paragraph judged by a phrase, in characters (longer ones are prose and stay).
SHORT = 320
#: A footer takes the paragraphs after it only while they are this short, together at most FOOTER_TAIL.
FOOTER_LINE, FOOTER_TAIL = 240, 1500
#: Paragraphs a sponsor label takes after it (up to the next heading-like line).
SPONSOR_BLOCK = 3


def strip_newsletter(article: Article, text: str | None = None) -> int:
    """Move the newsletter furniture of `article`'s body to its dropped blocks; returns how
    many paragraphs were moved. `text`: the capture's text, where a sponsor label the
    extractor already dropped (as debris, say) is found, to take the sponsor's paragraphs
    after it too (the label is then given the reason sponsor)."""
    paras = [p for p in article.body.split("\n\n") if p.strip()]
    labels = _dropped_labels(article, paras, text) if text else {}
    keep: list[str] = []
    dropped: list[Dropped] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        short = len(p) <= SHORT
        if i in labels:   # the paragraphs after a sponsor label dropped before
            n = 0
            while n < SPONSOR_BLOCK and i < len(paras) and not (n and _heading_like(paras[i])) \
                    and not _other_furniture(paras[i]):
                dropped.append(Dropped(paras[i], "sponsor"))
                i, n = i + 1, n + 1
            continue
        if short and FOOTER.search(p) and _tail_is_footer(paras[i + 1:]):
            dropped += [Dropped(x, "newsletter") for x in paras[i:]]
            break
        if short and VIEW_ONLINE.search(p):
            dropped.append(Dropped(p, "navigation"))
        elif short and FOOTER.search(p):
            dropped.append(Dropped(p, "newsletter"))
        elif short and REFERRAL.search(p):
            dropped.append(Dropped(p, "share"))
        elif short and SPONSOR_LABEL.search(p):
            dropped.append(Dropped(p, "sponsor"))
            n = 0
            while n < SPONSOR_BLOCK and i + 1 < len(paras) and not (n and _heading_like(paras[i + 1])) \
                    and not _other_furniture(paras[i + 1]):
                i, n = i + 1, n + 1
                dropped.append(Dropped(paras[i], "sponsor"))
        else:
            keep.append(p)
        i += 1
    if dropped:
        article.body = "\n\n".join(keep)
        article.dropped = list(article.dropped) + dropped
    return len(dropped)


def _dropped_labels(article: Article, paras: list[str], text: str) -> dict[int, Dropped]:
    """{index of the body paragraph right after it: label} for each sponsor label among the
    dropped blocks, placed by where both are in the capture's text (relabelled sponsor)."""
    out: dict[int, Dropped] = {}
    where = [text.find(p[:40]) for p in paras]
    for k, d in enumerate(article.dropped):
        if len(d.text) > SHORT or not SPONSOR_LABEL.search(d.text) or d.reason == "sponsor":
            continue
        at = text.find(d.text)
        after = next((i for i, w in enumerate(where) if w > at >= 0), None)
        if after is not None and after not in out:
            out[after] = d
            article.dropped[k] = Dropped(d.text, "sponsor")
    return out


def _other_furniture(p: str) -> bool:
    """A paragraph with furniture of another kind: it ends a sponsor block."""
    return len(p) <= SHORT and any(x.search(p) for x in (VIEW_ONLINE, FOOTER, REFERRAL, SPONSOR_LABEL))


def _tail_is_footer(rest: list[str]) -> bool:
    return all(len(x) <= FOOTER_LINE for x in rest) and sum(len(x) for x in rest) <= FOOTER_TAIL


def _heading_like(p: str) -> bool:
    """A short line without a sentence's end: the next section's heading."""
    p = p.strip()
    return len(p) <= 100 and "\n" not in p and not p.endswith((".", "!", "?", ":", "…", "。"))
