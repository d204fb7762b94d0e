"""Reuters-21578 stories (from ../shared), and copies of them to reach a given size.

A story is kept if it has a body. Copy k of a story gets its own URL, one of a
few outlets (skewed), and its date moved back k % 30 years, so that replicated
indexes have outlet, actor (the PEOPLE and ORGS tags) and date facets to count.
"""
from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
REUTERS = SHARED / "data" / "reuters21578"
OUTLETS = ("Reuters", "Reuters", "Reuters", "Wire Daily", "Wire Daily", "The Courier", "Market Times",
           "Evening Ledger", "Global Post", "Trade Journal")

_STORY = re.compile(r"<REUTERS.*?</REUTERS>", re.S)


def _tag(story: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", story, re.S)
    return html.unescape(m.group(1)) if m else ""


def _names(story: str, tag: str) -> list[str]:
    return [d.replace("-", " ").title() for d in re.findall(r"<D>(.*?)</D>", _tag(story, tag))]


def stories() -> list[dict]:
    """The stories with a body: id, title, date (ISO), body (paragraphs), actors."""
    out = []
    for path in sorted(REUTERS.glob("reut2-*.sgm")):
        for story in _STORY.findall(path.read_text(encoding="latin-1")):
            body = _tag(story, "BODY").replace("\x03", "").strip()
            if not body:
                continue
            body = re.sub(r"\s*Reuter\s*$", "", body)
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{2,}", body) if p.strip()]
            date = datetime.strptime(_tag(story, "DATE").strip().split()[0], "%d-%b-%Y").date()
            newid = re.search(r'NEWID="(\d+)"', story).group(1)
            actors = [{"name": n, "type": "person"} for n in _names(story, "PEOPLE")]
            actors += [{"name": n.upper() if len(n) <= 5 else n, "type": "organisation"}
                       for n in _names(story, "ORGS")]
            out.append({"id": newid, "title": " ".join(_tag(story, "TITLE").split()).title(),
                        "date": date, "body": "\n\n".join(paragraphs), "actors": actors})
    return out


def replicated(base: list[dict], size: int):
    """`size` records (dicts as `newsfacet ingest` reads from JSON Lines), copies of `base`."""
    for n in range(size):
        k, s = divmod(n, len(base))
        story = base[s]
        date = story["date"].replace(year=story["date"].year - (k % 30))
        yield {"url": f"https://wire{k}.example/{story['id']}", "outlet": OUTLETS[(s + k) % len(OUTLETS)],
               "title": story["title"], "date": date.isoformat(), "text": story["body"],
               "actors": story["actors"]}
