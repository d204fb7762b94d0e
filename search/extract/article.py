"""The article as it flows through the pipeline: capture -> strip -> enrich -> index."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date as Date

#: The fixed vocabulary of reasons a block of a capture is dropped for.
REASONS: tuple[str, ...] = (
    "appeal",            # donation and membership appeals
    "newsletter",        # newsletter sign-ups and notification prompts
    "related-links",     # related-link and "read more" lists
    "comments",          # comment sections and their prompts
    "navigation",        # menus, breadcrumbs, login/registration debris, site chrome
    "media",             # media-player debris: 0:00, Close, ×, "Watch live"
    "share",             # share / social buttons
    "duplicate-title",   # the headline repeated
    "engagement",        # "Readers, what do you think?" prompts
    "debris",            # markup debris such as "/>"
    "appended-article",  # an unrelated article below the main one
    "masthead",          # the outlet's name and slogan at the top
    "byline",            # "By Jane Doe"
    "dateline",          # the publication date line
    "caption",           # photo captions and credits
    "page-furniture",    # a paged document's running header, footer, page number
    "sponsor",           # sponsor blocks and advertisements in newsletters
)


@dataclass(frozen=True)
class Dropped:
    """A block of the capture that is not the article, and why."""

    text: str
    reason: str

    def __post_init__(self) -> None:
        if self.reason not in REASONS:
            raise ValueError(f"unknown drop reason {self.reason!r}")


@dataclass(frozen=True)
class Actor:
    name: str
    type: str  # "person" | "organisation"


@dataclass
class Article:
    """One article found in a capture, with its metadata."""

    source: str                       # where the capture came from (a path, or "-")
    body: str = ""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: Date | None = None
    author: str | None = None
    actors: list[Actor] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    # where a record of an archive, mailbox or feed came from (search/extract/records.py)
    provenance: dict | None = None
    language: str | None = None       # ISO 639-1 code (search/extract/language.py), None: unknown

    def to_dict(self) -> dict:
        """The JSON shape of `newsfacet extract --json` (keys in a fixed order)."""
        return {
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "date": self.date.isoformat() if self.date else None,
            "author": self.author,
            "language": self.language,
            "actors": [asdict(a) for a in self.actors],
            "body": self.body,
            "dropped": [asdict(d) for d in self.dropped],
            "provenance": self.provenance,
        }
