"""Phrase rules: what a line of page furniture says, in the languages we see most.

Each rule names a drop reason (see `article.REASONS`), a pattern, the longest line
it may judge (furniture phrases live on short lines; a long line that mentions a
newsletter is usually prose), and whether the line *ends the article*: a comments
heading or a "Related articles" heading closes the article, an "Advertisement"
label or a caption only interrupts it.

The same rules judge the lines of a text capture and the text of candidate blocks
of an HTML page, so that both strippers agree.
"""
from __future__ import annotations

import functools
import re
import re._constants as _sre   # the parsed form of a pattern: which literals every match holds
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from re._parser import parse as _sre_parse

import ahocorasick

from search.extract.phrases import exact, extra


@dataclass(frozen=True)
class Rule:
    reason: str
    pattern: re.Pattern
    max_len: int
    ends: bool  # a match closes the article: what follows is furniture too
    exact: frozenset[str] = frozenset()  # whole lines that match, looked up before the patterns (speed)
    # The alternatives, for speed: those that start with ^ are tried at the start only; those
    # with literals one of which every match contains (`_literals`) only when the line
    # holds one of them (`_AUTOMATA` find them all in one pass); the others always.
    anchored: re.Pattern | None = None
    free: re.Pattern | None = None
    branches: tuple[tuple[re.Pattern, bool], ...] = ()   # (pattern, anchored) of each with literals
    literals: tuple[frozenset[str], ...] = ()            # ... and its literals

    def matches(self, folded: str, branches: Iterable[int]) -> bool:
        """Whether the line matches: its alternatives without literals, and those of
        `branches` (numbers in `self.branches`: the ones whose literals the line holds)."""
        if self.anchored and self.anchored.match(folded) or self.free and self.free.search(folded):
            return True
        for b in branches:
            pattern, anchored = self.branches[b]
            if pattern.match(folded) if anchored else pattern.search(folded):
                return True
        return False

    @property
    def always(self) -> bool:
        """Whether the rule is tried on a line that holds none of its literals."""
        return bool(self.anchored or self.free or self.exact)


def _branches(pattern: str) -> list[str]:
    """A pattern's top-level alternatives (split at "|" outside groups and classes)."""
    out, depth, start, k, in_class = [], 0, 0, 0, False
    while k < len(pattern):
        c = pattern[k]
        if c == "\\":
            k += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:k])
            start = k + 1
        k += 1
    out.append(pattern[start:])
    return out


def _literal(text: str) -> bool:
    """Whether a run of literal characters is worth looking for: two characters or more,
    or one that is no letter, digit or space ("©", "×")."""
    return len(text) >= 2 or (len(text) == 1 and not text.isalnum() and not text.isspace())


def _literals(parsed) -> frozenset[str] | None:
    """Strings one of which every match of a parsed pattern contains, or None when no such
    set is known. Read off the pattern's structure: a run of literal characters, a group,
    a repeat at least once, or an alternation whose every branch has its own set. Of the
    candidates the most selective is kept (the longest shortest string)."""
    candidates, run = [], ""
    for op, arg in parsed:
        if op is _sre.LITERAL:
            run += chr(arg)
            continue
        if _literal(run):
            candidates.append(frozenset([run]))
        run = ""
        if op is _sre.SUBPATTERN:
            if not arg[1] & re.IGNORECASE:
                candidates.append(_literals(arg[3]))
        elif op is _sre.BRANCH:
            branches = [_literals(branch) for branch in arg[1]]
            if all(branches):
                candidates.append(frozenset().union(*branches))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            candidates.append(_literals(arg[2]))
    if _literal(run):
        candidates.append(frozenset([run]))
    candidates = [c for c in candidates if c]
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c))) if candidates else None


def _join(branches: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{b})" for b in branches)) if branches else None


def _rule(reason: str, max_len: int, ends: bool, *alternatives: str, exact: frozenset[str] = frozenset()) -> Rule:
    # Lines are lower-cased before matching: patterns are written in lower case and
    # compiled without re.I, which is much faster on Unicode text.
    plain: dict[bool, list[str]] = {True: [], False: []}   # the alternatives without literals
    branches, literals = [], []
    for branch in (b for a in alternatives for b in _branches(a)):
        found = _literals(_sre_parse(branch))
        if found is None:
            plain[branch.startswith("^")].append(branch)
        else:
            branches.append((re.compile(branch), branch.startswith("^")))
            literals.append(found)
    return Rule(reason, re.compile("|".join(f"(?:{a})" for a in alternatives)), max_len, ends, exact,
                _join(plain[True]), _join(plain[False]), tuple(branches), tuple(literals))


# Words that make up share bars and site chrome, many languages.
_SOCIAL = (r"facebook|twitter|x|whatsapp|linkedin|e-?mail|print|imprimir|imprimer|drucken|"
           r"copy link|copy url|copied|link copied|telegram|reddit|pinterest|flipboard|messenger|"
           r"threads|bluesky|vk|вконтакте|одноклассники|weibo|wechat|line|viber|mastodon|tumblr|pocket")

RULES: tuple[Rule, ...] = (
    # --- markup and player debris -------------------------------------------------
    _rule("debris", 40, False,
          r"^[\s/<>\\\-=*_#|~.·•…:;,+\[\](){}'\"`]+$",
          r"^</?[a-z][^>]*>?$|^/>$",
          r"^(advertisement|advertising|sponsored( content)?|ad|anzeige|werbung|publicité|publicidad|"
          r"pubblicità|publicidade|реклама|reklama|reklame|mainos|annons|스폰서|广告|広告)$",
          r"^(skip|scroll|continue reading|story continues below|article continues below|"
          r"continue reading below|advertisement\s*-\s*scroll to continue|loading( comments)?…?\.*)$",
          *extra("debris")),
    _rule("media", 60, False,
          r"^\d{1,2}:\d{2}(:\d{2})?(\s*/\s*\d{1,2}:\d{2}(:\d{2})?)?$",
          r"^(close|×|✕|✖|x|play|pause|mute|unmute|replay|fullscreen|exit fullscreen|volume|"
          r"captions|subtitles|settings|live|video|audio|podcast|playlist|up next|now playing|"
          r"schließen|fermer|cerrar|chiudi|fechar|закрыть|sluiten|stäng|zamknij)$",
          r"^(watch|listen)( live| now| again)?:?\s",
          r"^(watch|listen)( live| now)?$",
          r"listen to (this|the) (article|story|episode)",
          r"your browser does not support",
          r"^(media|video|audio) (player|unavailable|loading)",
          r"^this (video|content) (is not available|can ?not be (played|displayed))",
          *extra("media")),
    # --- prompts --------------------------------------------------------------
    _rule("newsletter", 240, True,
          r"\bnewsletters?\b.*\b(sign ?up|subscribe|inbox|free|weekly|daily|receive)\b",
          r"\b(sign ?up|subscribe|register)\b.*\bnewsletters?\b",
          r"^(our |the |free |daily |weekly )?newsletters?$",
          r"^(join|subscribe to|sign up (for|to)) (our|the|my) (.{1,40} )?(newsletter|mailing list|email list)\b",
          r"notifications? (from|for|about)\b",
          r"^(turn on|enable|allow|get|receive) (push |browser |breaking news )?(notifications|alerts)",
          r"notifications can be managed",
          r"delivered (straight |directly )?to your inbox|(in|into|to) your (inbox|mailbox)",
          r"^(enter )?(your )?e-?mail( address)?\*?$",
          r"subscribers agree to",
          r"newsletter (abonnieren|bestellen)|abonnez-vous à (notre|la) (newsletter|lettre)|"
          r"inscrivez-vous à (notre|la) newsletter|suscr[ií]bete (a|al) (nuestro |la )?(newsletter|bolet[ií]n)|"
          r"iscriviti alla newsletter|assine (a|nossa) newsletter|подпишитесь на (нашу )?рассылку|"
          r"zapisz się do newslettera|schrijf je in voor (de|onze) nieuwsbrief",
          *extra("newsletter")),
    _rule("appeal", 120, True,
          r"^(support|back|fund) (the |our |independent |us\b)",
          r"^(a message from|dear readers?\b|your support|not ready to support|remind me later)",
          r"^(once|monthly|annual|annually|yearly|one-time|continue|payment methods)$",
          *extra("appeal-short")),
    _rule("appeal", 1200, True,
          r"\b(donat(e|ion|ing)|make a (contribution|gift)|contribute (today|now|monthly)|"
          r"support (us|our (work|journalism|reporting|newsroom)|independent journalism) (today|now|monthly|from)|"
          r"become a (member|supporter|subscriber|patron)|paywalls?|"
          r"(?:un)?limited (digital )?access|subscribe (now|today)|start your (free )?(trial|subscription))\b",
          r"\b(unterstützen sie (uns|unabhängigen journalismus)|jetzt spenden|soutenez(-nous| notre)|"
          r"faites un don|apoya (nuestro|el) periodismo|hazte (socio|miembro)|sostienici|"
          r"sostieni (il|l')|поддержите (нас|независим)|wesprzyj)\b",
          *extra("appeal")),
    _rule("comments", 160, True,
          r"^(\d+\s+)?(member |reader |user )?comments?(\s*\(\d+\))?:?$",
          r"^(show|view|read|hide|load|see|open) (all |more )?(\d+ )?(comments|replies)",
          r"^(leave|post|add|write) a (comment|reply)",
          r"(log|sign) ?in( here)? to (leave a |post a |add a |join the )?(comment|discussion|conversation)",
          r"to (leave|post) a (comment|reply)",
          r"^join (our|the) (commenting|comment|discussion)",
          r"commenting (forum|guidelines|policy)|community guidelines",
          r"comments? (are|is) (closed|moderated|disabled)",
          r"your email address will not be published",
          r"^(kommentare|kommentar schreiben|commentaires|réagir|comentarios|comentários|commenti|"
          r"reacties|kommentarer|komentarze|комментарии|коментарі|yorumlar)(\s*\(\d+\))?:?$",
          *extra("comments")),
    _rule("engagement", 300, False,
          r"what (do|did) you think\b|let us know (what|in|your)|tell us (what|in the comments)",
          r"share your (thoughts|views|viewpoint|opinion|story|experience)",
          r"^readers?,.*\?",
          r"have your say|we('d| would)? (love|like|want) to hear (from you|your)",
          r"was this (article|story|page) (helpful|useful)|rate this (article|story)",
          r"stay (with us|tuned) for (more|ongoing|further)|follow (us|our coverage) (on|for)",
          r"^(did you (like|enjoy)|do you have a (story|tip|news tip))",
          *extra("engagement")),
    _rule("share", 60, False,
          rf"^(share|share (this|on|article|story|via|to)|sharing|teilen|partager|compartir|condividi|"
          rf"compartilhar|поделиться|udostępnij|delen|dela|jaa)\b.{{0,40}}$",
          rf"^(({_SOCIAL})[\s,|/·•]*)+$",
          r"^(tweet|pin it|pin for later|save|saved|bookmark|gift (this )?article|copy|follow us( on .{1,30})?|"
          r"save (this|the) (story|article|post)|share (this|the) (story|article|post))$",
          *extra("share")),
    _rule("related-links", 120, True,
          r"^(related|related (articles?|stories|content|posts|news|coverage|topics|reading|links)|"
          r"more (from|on|in|about) .{1,40}|more (stories|news|articles)|"
          r"see also|((other|more) )?((posts|articles|stories|reads|videos) )?(you|we think you) (may|might|will|'ll) (also )?(like|enjoy|love|be interested in)|recommended( for you| stories| reading)?|"
          r"most (read|popular|viewed|shared)|trending( now| stories)?|popular (now|stories|articles)|"
          r"latest (news|stories|articles)|top stories|more like this|further reading|editor'?s picks|"
          r"lire aussi|à lire aussi|sur le même sujet|mehr zum thema|lesen sie auch|das könnte sie auch interessieren|"
          r"leer más|lee también|te puede interesar|noticias relacionadas|leggi anche|potrebbe interessarti|"
          r"leia também|veja também|lees ook|читайте также|по теме|також читайте|czytaj też|czytaj także|"
          r"ilginizi çekebilir|関連記事|相关阅读|相關新聞|관련 기사):?$",
          r"^(read more|read also|read next|also read|see more|more)(:|\s*[»›>→]|\.\.\.|…)?$",
          r"^(other |more )?(related )?(articles|posts|stories|topics|reads) (you (may|might) (find interesting|like|enjoy)|"
          r"to read (next|together)|worth reading)|^(other )?related (articles|posts|stories)\W*$|"
          r"^you (may|might) (also )?be interested in\b|^good (articles|reads) to read",
          *extra("related-heading")),
    # "Read more: <another story>" between paragraphs: drop the line, the article goes on.
    _rule("related-links", 200, False,
          r"^(read more|read also|read next|also read|see more|see also|more|read|see|related|watch|listen|"
          r"lire aussi|à lire aussi|lire également|lesen sie auch|mehr zum thema|leer más|lee también|"
          r"leggi anche|leia também|veja também|lees ook|читайте также|также читайте|читайте|по теме|"
          r"також читайте|czytaj też|czytaj także|czytaj więcej)\s*[:»›>→]\s*\S",
          *extra("related-inline")),
    _rule("navigation", 80, False,
          r"^(home|menu|search|log ?in|log ?out|sign ?in|sign ?out|sign up|register|subscribe|my account|account|"
          r"profile|settings|back|next|previous|prev|back to top|skip to (main )?content|main menu|open menu|"
          r"close menu|toggle navigation|navigation|sections|topics|tags|categories|"
          r"accueil|startseite|inicio|anmelden|se connecter|iniciar sesión|accedi|entrar|войти|главная)$",
          r"thank you for (registering|signing up|subscribing)",
          r"please refresh (the|your) (page|browser)|to be (automatically )?logged in",
          r"already (have an account|a subscriber|registered)|forgot (your )?password|create (a free |an )?account",
          r"^(privacy|cookie)( policy| settings| preferences| notice)?$|^terms (of (use|service)|and conditions)$",
          r"all rights reserved|^©|^copyright\b|\bwe use cookies\b|accept (all )?cookies",
          r"^(tags?|topics?|filed under|categor(y|ies)|schlagworte|étiquettes|etiquetas)\s*:",
          *extra("navigation"), exact=exact("navigation")),
    _rule("navigation", 80, False, *extra("navigation-legal")),
    # Forms, legal notes and affiliate disclosures around the article.
    _rule("navigation", 300, False,
          r"\byou agree to (our|the) (terms|privacy|user agreement|use of cookies)",
          r"^this field is (required|for validation)|required fields are marked|protected by recaptcha",
          r"something went wrong while submitting|your submission has been received|^a post shared by",
          r"\b(we|this (site|page|post|article)|our (site|editors))( may)? (earn|receive)s? (a )?(small )?"
          r"(commission|compensation|fee)",
          r"contains? affiliate links|\b(reader|learner|listener)-supported\b|when you (buy|purchase) through (links|our links)",
          r"as an amazon associate|earn from qualifying purchases|(is|are) supported by commissions|"
          r"products are (chosen|selected) independently by our editors",
          *extra("navigation-long")),
    # An author box closes the article; review credits are part of the byline.
    _rule("byline", 80, True,
          r"^(about the (author|authors|writer|reporter)|author bio|meet the author|über (den|die) autor(in)?|"
          r"à propos de l'auteur|sobre (el|la|o|a) autor(a)?|sull'autore|об авторе|про автора|o autorze)$",
          *extra("byline-box")),
    _rule("byline", 120, False,
          r"^(reviewed|fact[- ]checked|medically reviewed|edited|updated|written|reported) by\s+\S",
          r"^\d{1,3}[ -]?(min|mins|minute|minutes)( read| reading time)?$|^(reading time|lesezeit|temps de lecture)\s*:?\s*\d",
          r"^(fact[- ]checked|medically reviewed|expert reviewed|cite this (page|webpage|article))$",
          *extra("byline")),
    _rule("caption", 200, False,
          r"^(photo|image|picture|pic|illustration|graphic|credit|source|foto|bild|imagen|immagine|фото)s?\s*(:|by\b|credit)",
          r"(getty images|afp|reuters|ap photo|associated press|shutterstock|epa|alamy|istock|"
          r"pa (wire|media)|bloomberg|via getty)[\)\]]?\.?$",
          r"\bphoto:\s*\S.{0,60}$",
          r"^©\s", r"^.{0,80}©\s*[^\s©][^©]{1,40}$",
          *extra("caption")),
)

_QUOTE_MAP = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
              "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "}
_QUOTE_PAIRS = tuple(_QUOTE_MAP.items())


def _unify(text: str) -> str:
    """Quotes and dashes unified (str.replace per mark present: faster than translate)."""
    for mark, plain in _QUOTE_PAIRS:
        if mark in text:
            text = text.replace(mark, plain)
    return text


def normalise(text: str) -> str:
    """A line as compared with others: NFKC, casefolded, quotes/dashes unified, spaces collapsed."""
    text = _unify(unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(text.split()).strip(" .:!?-|")


def classify(line: str, collapsed: bool = False) -> Rule | None:
    """The furniture rule a line matches, or None when no phrase rule speaks to it
    (`collapsed`: the line's white space is already single spaces, none at its ends)."""
    text = line if collapsed else " ".join(line.split())
    if not text or len(text) > _LONGEST:   # a paragraph no rule looks at: not kept in the cache
        return None
    return _classify(text.lower() if text.isascii() else _unify(unicodedata.normalize("NFKC", text)).lower())


#: Longer than any line a rule looks at, with a margin (NFKC composes decomposed accents: shorter).
_LONGEST = 4 * max(rule.max_len for rule in RULES)


def _automaton(min_len: int) -> ahocorasick.Automaton:
    """The literals of the rules that judge lines of `min_len` characters, found in a line
    in one pass (Aho-Corasick, in C): literal -> the (rule, alternative) numbers that hold it."""
    by_literal: dict[str, set[tuple[int, int]]] = {}
    for number, rule in enumerate(RULES):
        if rule.max_len >= min_len:
            for b, literals in enumerate(rule.literals):
                for literal in literals:
                    by_literal.setdefault(literal, set()).add((number, b))
    automaton = ahocorasick.Automaton()
    for literal, numbers in by_literal.items():
        automaton.add_word(literal, tuple(sorted(numbers)))
    automaton.make_automaton()
    return automaton


#: (longest line, automaton of the rules that judge it), shortest first: a paragraph is
#: searched only for the literals of the few rules that look at paragraphs.
_AUTOMATA = [(n, _automaton(n)) for n in sorted({rule.max_len for rule in RULES})]
#: line length -> the automaton for lines of that length
_AUTOMATON_FOR = [next(a for longest, a in _AUTOMATA if size <= longest) for size in range(_AUTOMATA[-1][0] + 1)]
#: The rules tried on every line (alternatives without a literal, or whole lines looked up).
_ALWAYS = frozenset(number for number, rule in enumerate(RULES) if rule.always)
_ALWAYS_ORDER = sorted(_ALWAYS)
_ALWAYS_LONGEST = max(RULES[number].max_len for number in _ALWAYS)
#: ... in order, as (number, longest line, whole lines, anchored pattern, free pattern): `Rule.matches` of a line with no literal
_ALWAYS_PARTS = tuple((number, RULES[number].max_len, RULES[number].exact, RULES[number].anchored, RULES[number].free)
                      for number in _ALWAYS_ORDER)


@functools.lru_cache(maxsize=2048)
def _classify(folded: str) -> Rule | None:
    # Cached: menus, share bars and prompts repeat within a page and across an outlet's pages.
    # Most lines are a story's own, seen once: in 793 WCXB pages 98,000 lines, 78,700 distinct;
    # 2,048 lines miss 81,700 times, 16,384 (4.7 MB in each worker) 79,800 times, about 10 ms
    # more (4 us a miss) for 4 MB less.
    size = len(folded)
    if size >= len(_AUTOMATON_FOR):
        return None   # longer than any rule judges
    found: dict[int, set[int]] = {}   # rule -> its alternatives whose literals the line holds
    for _end, branches in _AUTOMATON_FOR[size].iter(folded):
        for number, b in branches:
            found.setdefault(number, set()).add(b)
    if not found:   # most lines: only the rules tried on every line can match
        if size <= _ALWAYS_LONGEST:
            for number, longest, whole, anchored, free in _ALWAYS_PARTS:
                if size <= longest and (folded in whole or anchored and anchored.match(folded)
                                        or free and free.search(folded)):
                    return RULES[number]
        return None
    for number in sorted(found.keys() | _ALWAYS):   # the first rule that matches wins
        rule = RULES[number]
        if size > rule.max_len:
            continue
        if folded in rule.exact:
            return rule
        if rule.matches(folded, found.get(number, ())):
            return rule
    return None
