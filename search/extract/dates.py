"""Publication dates in short lines of text (datelines) and in URLs, for the common languages.

    parse_date("Friday, Nov 14, 2025")            -> date(2025, 11, 14)
    parse_date("14 ноября 2025 г.")               -> date(2025, 11, 14)
    date_from_url("https://x.org/2025/11/14/a")   -> date(2025, 11, 14)

Text is normalised before matching: case-folded, diacritics dropped, fullwidth digits made
ASCII, so "März", "MARZ" and "Maerz" are all March and "Kasım"/"KASIM" both November. Only
the first 300 characters are scanned, so any input is cheap; nothing here raises.

Rules: a date needs a year. Numeric dates are read day-first when the order is ambiguous
(04/05/2025 is 4 May, the convention of most of the world), unless the caller knows the
page writes month first (`month_first`, from `numeric_order`: the page's own unambiguous
dates, else its language's region); 11/14/2025 is read month-first because 14 cannot be a
month. Two-digit years are accepted only after a month name
("14 Nov 25") and not when a word or a time follows. Years outside 1900..today.year+1 and
impossible days (Feb 30) are rejected. Relative dates ("2 hours ago") are not dates: None.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Callable

__all__ = ["MONTHS", "month_names", "parse_date", "find_dates", "numeric_order", "is_dateline", "is_updated_line",
           "date_from_url"]

SCAN_LIMIT = 300  # characters of a line that are looked at

# One table per language: twelve entries, each the spellings of one month separated by
# spaces (nominative, genitive and other case forms, common abbreviations). Diacritics are
# optional in the text, so they may be written here as the language writes them.
_FI = "tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu".split()
_MONTH_TABLES: dict[str, list[str]] = {
    "en": ["january jan", "february feb", "march mar", "april apr", "may", "june jun",
           "july jul", "august aug", "september sept sep", "october oct", "november nov",
           "december dec"],
    "fr": ["janvier janv", "février févr fév", "mars", "avril avr", "mai", "juin",
           "juillet juil", "août", "septembre sept", "octobre oct", "novembre nov",
           "décembre déc"],
    "de": ["januar jänner jan jän", "februar feber feb", "märz maerz mär mrz", "april apr",
           "mai", "juni jun", "juli jul", "august aug", "september sept sep", "oktober okt",
           "november nov", "dezember dez"],
    "es": ["enero ene", "febrero feb", "marzo mar", "abril abr", "mayo may", "junio jun",
           "julio jul", "agosto ago", "septiembre setiembre sept sep set", "octubre oct",
           "noviembre nov", "diciembre dic"],
    "pt": ["janeiro jan", "fevereiro fev", "março mar", "abril abr", "maio mai", "junho jun",
           "julho jul", "agosto ago", "setembro set", "outubro out", "novembro nov",
           "dezembro dez"],
    "it": ["gennaio gen", "febbraio feb", "marzo mar", "aprile apr", "maggio mag",
           "giugno giu", "luglio lug", "agosto ago", "settembre set", "ottobre ott",
           "novembre nov", "dicembre dic"],
    "nl": ["januari jan", "februari feb", "maart mrt mar", "april apr", "mei", "juni jun",
           "juli jul", "augustus aug", "september sept sep", "oktober okt", "november nov",
           "december dec"],
    "sv da no": ["januari januar jan", "februari februar feb", "mars marts mar", "april apr",
                 "maj mai", "juni jun", "juli jul", "augusti august aug", "september sep",
                 "oktober okt", "november nov", "december desember dec des"],
    "fi": [f"{m}kuu {m}kuuta {m}kuun" for m in _FI],
    "pl": ["styczeń stycznia sty", "luty lutego lut", "marzec marca mar",
           "kwiecień kwietnia kwi", "maj maja", "czerwiec czerwca cze", "lipiec lipca lip",
           "sierpień sierpnia sie", "wrzesień września wrz", "październik października paź",
           "listopad listopada lis", "grudzień grudnia gru"],
    "cs sk": ["leden ledna januára", "únor února februára", "březen března marca",
              "duben dubna apríla", "květen května mája", "červen června júna",
              "červenec července júla", "srpen srpna augusta", "září septembra",
              "říjen října októbra", "listopad listopadu novembra", "prosinec prosince decembra"],
    "ro": ["ianuarie ian", "februarie feb", "martie mar", "aprilie apr", "mai", "iunie iun",
           "iulie iul", "august aug", "septembrie sept sep", "octombrie oct",
           "noiembrie noi nov", "decembrie dec"],
    "hu": ["január jan", "február febr feb", "március márc már", "április ápr", "május máj",
           "június jún", "július júl", "augusztus aug", "szeptember szept szep",
           "október okt", "november nov", "december dec"],
    "tr": ["ocak oca", "şubat şub", "mart mar", "nisan nis", "mayıs may", "haziran haz",
           "temmuz tem", "ağustos ağu", "eylül eyl", "ekim eki", "kasım kas", "aralık ara"],
    "id ms": ["januari jan", "februari pebruari feb", "maret mac mar", "april apr", "mei",
              "juni jun", "juli julai jul", "agustus ogos agu agt ags", "september sep",
              "oktober okt", "november nopember nov", "desember disember des dis"],
    "el": ["ιανουάριος ιανουαρίου ιαν", "φεβρουάριος φεβρουαρίου φεβ",
           "μάρτιος μαρτίου μαρ", "απρίλιος απριλίου απρ", "μάιος μαΐου μαΐ",
           "ιούνιος ιουνίου ιουν", "ιούλιος ιουλίου ιουλ", "αύγουστος αυγούστου αυγ",
           "σεπτέμβριος σεπτεμβρίου σεπ σεπτ", "οκτώβριος οκτωβρίου οκτ",
           "νοέμβριος νοεμβρίου νοε νοεμ", "δεκέμβριος δεκεμβρίου δεκ"],
    "ru": ["январь января янв", "февраль февраля фев", "март марта мар",
           "апрель апреля апр", "май мая", "июнь июня июн", "июль июля июл",
           "август августа авг", "сентябрь сентября сен сент", "октябрь октября окт",
           "ноябрь ноября ноя нояб", "декабрь декабря дек"],
    "uk": ["січень січня січ", "лютий лютого лют", "березень березня бер",
           "квітень квітня квіт", "травень травня трав", "червень червня черв",
           "липень липня лип", "серпень серпня серп", "вересень вересня вер",
           "жовтень жовтня жовт", "листопад листопада лист", "грудень грудня груд"],
    "ar": ["يناير", "فبراير", "مارس", "أبريل إبريل", "مايو", "يونيو", "يوليو", "أغسطس",
           "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
}

_MARKS = re.compile("[\u0300-\u036f\u0483-\u0489\u064b-\u065f\u0670\u1ab0-\u1aff"
                    "\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_FOLD = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe"})


def _norm(text: str) -> str:
    """Case-fold, drop diacritics and compatibility forms (fullwidth digits, º); keep Hangul whole."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize("NFC", _MARKS.sub("", text)).translate(_FOLD)


def _merge(tables: dict[str, list[str]]) -> dict[str, int]:
    months: dict[str, int] = {}
    for lang, names in tables.items():
        assert len(names) == 12, lang
        for number, spellings in enumerate(names, 1):
            for name in spellings.split():
                if months.setdefault(_norm(name), number) != number:
                    raise ValueError(f"{lang}: {name!r} names two different months")
    return months


#: Every month spelling (normalised: case-folded, no diacritics) -> month number.
MONTHS: dict[str, int] = _merge(_MONTH_TABLES)


def month_names(language: str) -> list[str]:
    """The month spellings of `language` (ISO 639-1) as its table writes them; [] for none."""
    return [m for langs, names in _MONTH_TABLES.items() if language in langs.split()
            for spellings in names for m in spellings.split()]

_L = r"[^\W\d_]"  # one letter, any script
_SEP = r"[\s,./-]{0,3}"


def word_trie(words: list[str]) -> str:
    """A regex matching any of the words (the longest at a position), factored as a trie
    so that it fails fast. Also used for the HTML extractor's class/id hints."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def alternatives(node: dict) -> str:
        alts = [re.escape(ch) + alternatives(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        group = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        return (f"(?:{group})?" if len(alts) == 1 else f"{group}?") if "" in node else group

    return alternatives(trie)


_MON = rf"(?<!{_L})(?P<mon>{word_trie(list(MONTHS))})(?!{_L})\.?"
# Patterns start with a digit where they can (the regex engine then skips to digits fast):
# _D0 is the first digit of a number, _N0 also not the tail of a dotted number (1.2.3).
_D0 = r"\d(?<!\d\d)"
_N0 = r"\d(?<!\d\d)(?<!\d[.,/-]\d)"
_NUM_END = r"(?!\d)(?![.:/-]\d)"
_DAY = rf"(?P<d>{_D0}\d?)"
_Y4 = rf"(?P<y>{_D0}\d{{3}})(?!\d)"

_TEXT_PATTERNS = [
    # 2025-11-14, 2025/11/14, 2025.11.14, 2025. 11. 14., 2025-11-14T13:15:00Z
    re.compile(rf"(?P<y>{_N0}\d{{3}})(?P<s>[-/.]) ?(?P<m>\d{{1,2}})(?P=s) ?(?P<d>\d{{1,2}}){_NUM_END}"),
    # 14.11.2025, 14/11/2025, 11/14/2025 (day-first unless that is impossible)
    re.compile(rf"(?P<a>{_N0}\d?)(?P<s>[-/.]) ?(?P<b>\d{{1,2}})(?P=s) ?{_Y4}{_NUM_END}"),
    # 2025年11月14日, 2025년 11월 14일
    re.compile(rf"{_Y4}\s*[年년]\s*(?P<m>\d{{1,2}})\s*[月월]\s*(?P<d>\d{{1,2}})(?!\d)"),
    # 14 November 2025, 14. listopadu 2025, 14 de noviembre de 2025, 1er mars 2024, 14 Nov 25
    re.compile(rf"{_DAY}(?:st|nd|rd|th|er|o)?\.?{_SEP}(?:de\s+)?{_MON}{_SEP}(?:del?\s+)?"
               rf"(?P<y>\d{{4}}(?!\d)|'?\d\d(?![\d:]|\.\d|\s*{_L}))"),
    # November 14th, 2025; Nov. 14, 2025 (the lookahead skips words not followed by a number)
    re.compile(rf"(?<!{_L})(?={_L}{{3,14}}+\.?[\s,./-]{{0,3}}+\d){_MON}{_SEP}{_DAY}(?:st|nd|rd|th)?"
               rf"[\s,./-]{{1,3}}{_Y4}"),
    # 2025. november 14. (Hungarian), 2025-Nov-14
    re.compile(rf"{_Y4}(?:\.\s*|-|/){_MON}{_SEP}{_DAY}(?!\d)"),
]

_URL_PATTERNS = [
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=[/?#&._-]|$)"),
    re.compile(r"(?<=[/_.=-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?=[/?#&._-]|$)"),
    re.compile(r"(?<=[/_.=-])(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?=[/?#&._-]|$)"),
    re.compile(r"/(?P<y>\d{4})/(?P<mon>[a-z]{3,9})/(?P<d>\d{1,2})(?=[/?#&._-]|$)"),
]

_HAS_DIGITS = re.compile(r"\d\d")  # every date states a year: two digits in a row at least
_FOUR_DIGITS = re.compile(r"\d{4}")


def _make(year: int, month: int | None, day: int, today: date) -> date | None:
    if month is None or not 1900 <= year <= today.year + 1:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


#: Whether ambiguous numeric dates are month first: a bool, or a function asked only when
#: a date is ambiguous (the page's order costs a scan of the page: see `numeric_order`).
MonthFirst = bool | Callable[[], bool]


def _from_match(m: re.Match, today: date, month_first: MonthFirst = False) -> date | None:
    g = m.groupdict()
    y = g["y"].lstrip("'")
    year = int(y)
    if len(y) == 2:
        year += 2000 if 2000 + year <= today.year + 1 else 1900
    if g.get("mon"):
        return _make(year, MONTHS.get(g["mon"]), int(g["d"]), today)
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        if b > 12 >= a or a <= 12 and b <= 12 and (month_first() if callable(month_first) else month_first):
            day, month = b, a
        else:
            day, month = a, b
        return _make(year, month, day, today)
    return _make(year, int(g["m"]), int(g["d"]), today)


def _scan(text: str, today: date | None, month_first: MonthFirst = False) -> tuple[str, list[tuple[int, int, date]]]:
    """The normalised text and its dates as (start, end, date), leftmost first, not overlapping."""
    if not isinstance(text, str) or not _HAS_DIGITS.search(text, 0, SCAN_LIMIT):
        return "", []
    today = today or date.today()
    t = _norm(text[:SCAN_LIMIT])
    # Without a 4-digit number only "14 Nov 25" (a two-digit year after a month name) can match.
    patterns = _TEXT_PATTERNS if _FOUR_DIGITS.search(t) else _TEXT_PATTERNS[3:4]
    found = [(m.start(), m.end(), d) for rx in patterns for m in rx.finditer(t)
             if (d := _from_match(m, today, month_first))]
    found.sort(key=lambda f: (f[0], -f[1]))
    spans, end = [], 0
    for start, stop, d in found:
        if start >= end:
            spans.append((start, stop, d))
            end = stop
    return t, spans


def parse_date(text: str, *, today: date | None = None, month_first: MonthFirst = False) -> date | None:
    """The (first) date stated in a short piece of text, or None.

    `today` (default: the real today) only bounds plausible years to 1900..today.year+1.
    `month_first` reads an ambiguous numeric date (04/05/2025) as April 5 (a function: when
    it says so, asked only if there is such a date).
    """
    spans = _scan(text, today, month_first)[1]
    return spans[0][2] if spans else None


def find_dates(text: str, *, today: date | None = None, month_first: MonthFirst = False) -> list[date]:
    """All dates stated in the text (its first 300 characters), in order of appearance."""
    return [d for _, _, d in _scan(text, today, month_first)[1]]


# A digit first, then the look behind: much faster than a look behind at every character.
_NUMERIC_DATE = re.compile(r"(\d(?<![\d.,/-]\d)\d?)([-/.])(\d{1,2})\2\d{4}(?![\d.,/-]\d|\d)")
#: Regions whose numeric dates put the month first (language tags such as en-US, es-US).
_MONTH_FIRST_REGIONS = frozenset({"us", "ph", "fm", "mh", "pw"})
ORDER_SCAN = 200_000   # characters of a page looked at for its numeric dates


def numeric_order(text: str, lang: str | None = None) -> bool:
    """Whether a page writes numeric dates month first (11/14/2025).

    The page's own numeric dates that can be read one way only decide: some month-first
    (11/14/2025) and none day-first (14/11/2025). When they do not, a language tag with a
    region that writes month first (``en-US``) does. Otherwise day first, the default.
    """
    month_first = day_first = 0
    if isinstance(text, str):
        for m in _NUMERIC_DATE.finditer(text, 0, ORDER_SCAN):
            a, b = int(m.group(1)), int(m.group(3))
            month_first += b > 12 >= a >= 1
            day_first += a > 12 >= b >= 1
    if month_first or day_first:
        return day_first == 0
    region = re.split(r"[-_]", (lang or "").strip().lower())[1:2]
    return bool(region) and region[0] in _MONTH_FIRST_REGIONS


# Words a dateline may hold besides its date: time zones, "published"/"updated" and the
# little words around them, weekdays. Compared after normalisation, one token at a time.
_FILLER = frozenset(_norm(w) for w in """
    a m p am pm t z h hs hrs uhr utc gmt et pt ct mt est edt cst cdt mst mdt pst pdt akst hst
    bst ist cet cest eet eest wet west msk jst kst hkt sgt aest aedt awst nzdt nzst wib
    on at by the of date time first last published posted updated modified edited
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun le à publié mis jour modifié lundi mardi mercredi jeudi vendredi samedi
    dimanche lun mer jeu ven sam dim am um stand veröffentlicht aktualisiert zuletzt montag
    dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so el las de del
    publicado actualizado atualizado em às lunes martes miércoles jueves viernes sábado
    domingo segunda terça quarta quinta sexta feira il alle ore pubblicato aggiornato lunedì
    martedì mercoledì giovedì venerdì sabato domenica op om gepubliceerd bijgewerkt maandag
    dinsdag woensdag donderdag vrijdag zaterdag zondag kl publicerad uppdaterad publiceret
    opdateret publisert oppdatert måndag tisdag onsdag torsdag fredag lördag söndag mandag
    tirsdag fredag lørdag søndag dnia godz r opublikowano zaktualizowano poniedziałek wtorek
    środa czwartek piątek sobota niedziela julkaistu päivitetty klo yayınlanma güncelleme
    tarihi pazartesi salı çarşamba perşembe cuma cumartesi pazar diterbitkan diperbarui
    pukul senin selasa rabu kamis jumat sabtu minggu г года в опубликовано обновлено
    понедельник вторник среда четверг пятница суббота воскресенье р року о опубліковано
    оновлено понеділок вівторок середа четвер пʼятниця субота неділя
""".split())
_TIME = re.compile(r"\d{1,2}(?:[:.h]\d{2}){1,2}(?:[.,]\d+)?|\d{1,2}\s*(?:h|hs|uhr)\b"
                   r"|\d{1,2}\s*[ap]\.?m\b|[+-]\d{1,2}(?::?\d{2})?\b")
_TOKEN = re.compile(r"[^\W_]+")


def is_dateline(line: str, *, today: date | None = None) -> bool:
    """True when a short line is essentially a date stamp.

    The line must state a date; once the date, times, time zones, weekdays and words such as
    Published/Updated/Publié le/Veröffentlicht am are removed, at most 3 words may remain.
    """
    if not isinstance(line, str) or len(line) > SCAN_LIMIT or not _HAS_DIGITS.search(line):
        return False   # (most lines: answered before the scan)
    t, spans = _scan(line, today)
    if not spans:
        return False
    pieces, pos = [], 0
    for start, end, _ in spans:
        pieces.append(t[pos:start])
        pos = end
    rest = " ".join(pieces) + " " + t[pos:]
    words = [w for w in _TOKEN.findall(_TIME.sub(" ", rest)) if w not in _FILLER]
    return len(words) <= 3


def _stems(stems: str) -> re.Pattern:
    """Matches words starting with one of the |-separated stems (CJK stems: anywhere)."""
    parts = [_norm(s.strip()) for s in stems.split("|")]
    words = "|".join(re.escape(s) for s in parts if s[0] < "\u2e80")
    cjk = "|".join(re.escape(s) for s in parts if s[0] >= "\u2e80")
    return re.compile(rf"(?<!{_L})(?:{words})|{cjk}")


_UPDATED = _stems("updat|modifi|revised|edited|aktualis|geändert|mis à jour|mise à jour|actualiz"
                  "|atualiz|aggiorn|bijgewerkt|gewijzigd|zaktualiz|aktualiz|uppdater|opdater"
                  "|oppdater|päivitet|güncelle|diperbar|diperbahar|dikemas kini|frissít|ενημερ"
                  "|обновл|оновл|更新|修改|수정|업데이트")
_PUBLISHED = _stems("publish|posted|publié|publicad|publicac|publicat|pubblicat|gepubliceerd"
                    "|veröffentlicht|opublikowan|publikovan|publicer|publiser|julkaist|yayın"
                    "|diterbitkan|terbit|dipublikasikan|közzétéve|megjelent|δημοσιευ"
                    "|опубликован|опублікован|发布|發布|發佈|发表|發表|公開|掲載|配信|게시|입력|등록")


def is_updated_line(text: str) -> bool:
    """True for a line saying the article was updated/modified (in any common language)
    that does not also say when it was published ("Published 3 May, updated 4 May" is False)."""
    if not isinstance(text, str):
        return False
    t = _norm(text[:SCAN_LIMIT])
    return bool(_UPDATED.search(t)) and not _PUBLISHED.search(t)


def date_from_url(url: str, *, today: date | None = None) -> date | None:
    """The date in a URL's path: /2025/11/14/, /2025-11-14/, /20251114/, /2025/nov/14/.

    A year and month alone (/2025/11/) give None: no day is invented.
    """
    if not isinstance(url, str) or not _HAS_DIGITS.search(url, 0, 2000):
        return None
    today, u = today or date.today(), url[:2000].lower()
    found = [(m.start(), d) for rx in _URL_PATTERNS for m in rx.finditer(u)
             if (d := _from_match(m, today))]
    return min(found)[1] if found else None
