"""One report, analysed once: normalised text, tokens, lexicon matches, places, sentences.

:func:`analyse` runs the normaliser, the tokenizer and the lexicon/gazetteer matcher, then
decides which place and actor names are real mentions:

- the longest name wins across sites and actors («قناة الميادين» is the TV channel, so
  the town «الميادين» inside it is not a place);
- a name that is both a place and an actor («الميادين») is the actor right after a
  reporting word or «قناة», and the place otherwise;
- names that are also ordinary words («العمر» "age", «الجلاء») count only after a
  preposition of place or a head noun; a bare name after a head noun is looked up with
  it («حقلي كونيكو والعمر» -> «حقل العمر»);
- a place after a region word («ريف دير الزور», «شرقي دير الزور») or listed as weak in
  ``places.yaml`` (a governorate capital) is *weak*: used only when nothing more precise
  is said.

>>> a = analyse("قصف مسلحون حقلي كونيكو والعمر بريف دير الزور", published_day())
>>> [(s.site, s.weak) for s in a.sites]
[('conoco', False), ('al_omar', False), ('deir_ez_zor_city', True)]
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .dates import DateRef, find_dates
from .lexicon import Lexicon, default_lexicon
from .matcher import Match, Token, proclitic_forms, strip_article, tokenize
from .normalise import Normalised, normalise
from .sentences import Sentence, clause_starts, join_date_clauses, split_sentences

PLACE_PREPOSITIONS = frozenset({"في", "علي", "الي", "قرب", "داخل", "ضمن", "من", "عند", "حول"})


def published_day() -> date:
    """A fixed reference day for examples."""
    return date(2023, 3, 24)


@dataclass(frozen=True)
class SiteHit:
    """A place named in the text."""

    first: int
    last: int
    start: int
    end: int
    site: str
    weak: bool
    near: bool
    coordinated: bool
    region_only: bool = False
    town: bool = False  # a town of the place table, not a gazetteer site
    described: str | None = None  # a base identified by a description («قاعدة في كركوك»)
    directional: bool = False  # after a region word («جنوب بغداد», «ريف دير الزور»)
    presence: bool = False  # an area read as its one US base («غرب العراق»): US targets only
    civil: bool = False  # named by a civilian airport's name («مطار بغداد الدولي»)

    @property
    def geo_precision(self) -> int:
        """ACLED-style: 1 the site itself, 2 near it (or a town, or a described base), 3 a
        region."""
        if self.region_only:
            return 3
        return 2 if self.near or self.town or self.described else 1


@dataclass(frozen=True)
class ActorHit:
    """An actor named in the text (or implied by a nisba adjective)."""

    first: int
    last: int
    start: int
    end: int
    actor: str
    nisba: bool = False


@dataclass
class Analysis:
    """Everything later steps need to know about one report's text."""

    norm: Normalised
    tokens: list[Token]
    matches: list[Match]
    sentences: list[Sentence]
    dates: list[DateRef]
    sites: list[SiteHit]
    actors: list[ActorHit]
    lexicon: Lexicon
    clause_of: list[int] = field(default_factory=list)
    sentence_of: list[int] = field(default_factory=list)
    at: dict[int, list[Match]] = field(default_factory=dict)
    by_cat: dict[str, list[Match]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    firsts: dict[str, list[int]] = field(default_factory=dict)
    ends: dict[int, list[Match]] = field(default_factory=dict)
    unresolved: list[DateRef] = field(default_factory=list)
    countries: list[Match] = field(default_factory=list)  # outside site and actor names
    _site_firsts: list[int] = field(default_factory=list)
    _actor_firsts: list[int] = field(default_factory=list)
    _date_firsts: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.norm.text

    def cat_at(self, i: int, category: str) -> Match | None:
        """The match of ``category`` starting at token ``i``, if any."""
        for m in self.at.get(i, ()):
            if m.category == category:
                return m
        return None

    def cats_in(self, first: int, last: int, *categories: str) -> list[Match]:
        """Matches of the categories starting inside tokens ``[first, last)``."""
        out: list[Match] = []
        for c in categories:
            found = self.by_cat.get(c)
            if found:
                starts = self.firsts[c]
                out.extend(found[bisect_left(starts, first) : bisect_left(starts, last)])
        if len(categories) > 1:
            out.sort(key=lambda m: m.first)
        return out

    def cat_ending(self, i: int, category: str) -> Match | None:
        """The match of ``category`` whose last token is ``i - 1`` (it ends right before ``i``)."""
        for m in self.ends.get(i, ()):
            if m.category == category:
                return m
        return None

    def sites_in(self, first: int, last: int) -> list[SiteHit]:
        """Place names starting inside tokens ``[first, last)`` (a bisection, not a scan)."""
        f = self._site_firsts
        return self.sites[bisect_left(f, first) : bisect_left(f, last)]

    def actors_in(self, first: int, last: int) -> list[ActorHit]:
        """Actor names starting inside tokens ``[first, last)``."""
        f = self._actor_firsts
        return self.actors[bisect_left(f, first) : bisect_left(f, last)]

    def dates_in(self, first: int, last: int) -> list[DateRef]:
        """Date phrases starting inside tokens ``[first, last)``."""
        f = self._date_firsts
        return self.dates[bisect_left(f, first) : bisect_left(f, last)]

    def word(self, i: int) -> str:
        """Canonical word of token ``i`` ('' outside the text)."""
        if 0 <= i < len(self.words):
            return self.words[i]
        return ""


def clause_first(a: Analysis, i: int, floor: int) -> int:
    """First token of the clause of token ``i`` (not before ``floor``)."""
    c = a.clause_of[i]
    while i > floor and a.clause_of[i - 1] == c:
        i -= 1
    return i


def clause_end(a: Analysis, i: int, ceiling: int) -> int:
    """Token after the clause of token ``i`` (not after ``ceiling``)."""
    c = a.clause_of[i]
    while i < ceiling and a.clause_of[i] == c:
        i += 1
    return i


def _index(
    matches: list[Match],
) -> tuple[dict[int, list[Match]], dict[str, list[Match]], dict[int, list[Match]]]:
    at: dict[int, list[Match]] = defaultdict(list)
    by_cat: dict[str, list[Match]] = defaultdict(list)
    ends: dict[int, list[Match]] = defaultdict(list)
    for m in matches:
        at[m.first].append(m)
        by_cat[m.category].append(m)
        ends[m.last].append(m)
    return dict(at), dict(by_cat), dict(ends)


def _is_reporting_context(a: Analysis, m: Match) -> bool:
    for j in range(max(0, m.first - 3), m.first):
        for x in a.at.get(j, ()):
            if x.category == "trigger" and x.value == "reporting":
                return True
    before = a.word(m.first - 1)
    return before in ("قناه", "شبكه", "موقع", "صحيفه", "وكاله") or m.prefix.endswith("ل")


def _place_context(a: Analysis, m: Match) -> bool:
    if m.prefix.endswith(("ب", "ل")):
        return True
    before = a.word(m.first - 1)
    if before in PLACE_PREPOSITIONS or strip_article(before) in a.lexicon.heads:
        return True
    return any(
        strip_article(a.word(j)) in a.lexicon.heads for j in range(max(0, m.first - 3), m.first)
    )


def _bare(a: Analysis, m: Match) -> str:
    """The canonical words of a match without its proclitics."""
    words = " ".join(a.word(i) for i in range(m.first, m.last))
    return words[len(m.prefix) :] if words.startswith(m.prefix) else words


def _town_context(a: Analysis, m: Match, bare: str) -> bool:
    """A place-table name is a place only after a place word («مدينة», «قضاء», «قرب»…), or
    after a preposition of place when it is not also an ordinary word or a short one."""
    lex = a.lexicon
    before = strip_article(a.word(m.first - 1))
    if not m.prefix and before in TOWN_HEADS:
        return True  # "مدينة الناصرية", "قضاء هيت": even a name that is an ordinary word
    plain = bare.replace(" ", "")
    if bare in lex.common_words or strip_article(bare) in lex.common_words or len(plain) <= 3:
        return False
    if before in lex.place_words or before in lex.heads:
        return True
    if a.cats_in(max(0, m.first - 3), m.first, "place_near", "place_regions"):
        return True
    return m.prefix.endswith(("ب", "ل")) or a.word(m.first - 1) in PLACE_PREPOSITIONS


TOWN_HEADS = frozenset(
    {"مدينه", "بلده", "قريه", "ناحيه", "قضاء", "محافظه", "محافظات", "محافظتي", "مخيم", "حي", "مركز"}
)


BASE_NOUNS = frozenset({"قاعده", "قواعد", "معسكر", "مجمع", "موقع", "مصالح", "قاعدتي", "قاعدتين"})


def _base_context(a: Analysis, m: Match) -> bool:
    """A base description («قاعدة عسكرية … في كركوك», «قاعدة في شمال شرق الأردن») needs a
    base noun in its clause shortly before it, not owned by a party of the other camp
    («قواعد لميليشيات حزب الله في الأنبار» are the militias', not the US base there)."""
    c = a.clause_of[m.first]
    for j in range(max(0, m.first - 8), m.first):
        if a.clause_of[j] == c and strip_article(a.word(j)) in BASE_NOUNS:
            return not any(
                x.category == "actor" and _axis(a, str(x.value))
                for k in range(j + 1, m.first)
                for x in a.at.get(k, ())
            )
    return False


def _axis(a: Analysis, actor: str) -> bool:
    found = a.lexicon.reference.actors.get(actor)
    return found is not None and found.side.value in ("iran_aligned", "syrian_government", "russia")


def _coordinated_places(a: Analysis, cands: list[Match]) -> None:
    """«في محافظات النجف، وكربلاء، وبابل»: a place-table name joined by «و» right after
    a place counts as one too (in place, in text order)."""
    ends = [m.last for m in cands if m.category in ("site", "place", "base_area")]
    chosen = {id(m) for m in cands}
    for m in sorted(a.by_cat.get("place", ()), key=lambda m: m.first):
        if id(m) in chosen or not m.prefix.startswith("و"):
            continue
        if any(m.first - 3 <= e <= m.first for e in ends):
            cands.append(m)
            ends.append(m.last)


def _names(a: Analysis) -> tuple[list[Match], list[Match]]:
    """Non-overlapping site and actor matches, longest first, ambiguity resolved."""
    rank = {"actor": 0, "site": 1, "us_region": 2, "base_area": 3, "place": 4}
    cands = [
        m
        for m in a.matches
        if m.category in rank
        and (m.category != "place" or _town_context(a, m, _bare(a, m)))
        and (m.category != "base_area" or _base_context(a, m))
    ]
    _coordinated_places(a, cands)
    cands.sort(key=lambda m: (-m.size, m.first, rank[m.category]))
    taken: dict[int, Match] = {}  # by id(): the names kept so far
    owner: dict[int, int] = {}  # token -> id() of the kept name covering it
    for m in cands:
        over = {owner[i] for i in range(m.first, m.last) if i in owner}
        if over:
            same = [taken[k] for k in over if (taken[k].first, taken[k].last) == (m.first, m.last)]
            if same and same[0].category != m.category and m.category in ("site", "actor"):
                # a name that is both: decide by context
                keep_actor = _is_reporting_context(a, m)
                if (same[0].category == "actor") != keep_actor:
                    del taken[id(same[0])]
                    taken[id(m)] = m
                    for i in range(m.first, m.last):
                        owner[i] = id(m)
            continue
        taken[id(m)] = m
        for i in range(m.first, m.last):
            owner[i] = id(m)
    sites: list[Match] = []
    actors: list[Match] = []
    for m in sorted(taken.values(), key=lambda m: m.first):
        bare = _bare(a, m)
        if m.category == "actor":
            if bare in a.lexicon.needs_context and not _is_reporting_context(a, m):
                continue
            actors.append(m)
        elif m.category in ("place", "base_area"):
            sites.append(m)
        else:
            if bare in a.lexicon.needs_context and not _place_context(a, m):
                continue
            sites.append(m)
    return sites, actors


def _head_expansions(a: Analysis, covered: set[int]) -> list[tuple[int, str, str]]:
    """Bare names after a head noun: (token, site id, prefix) found as «HEAD NAME»."""
    out = []
    lex = a.lexicon
    head_at = [i for i, w in enumerate(a.words) if strip_article(w) in lex.heads]
    for i in sorted({i for j in head_at for i in range(j + 1, min(j + 5, len(a.tokens)))}):
        if i in covered:
            continue
        tok = a.tokens[i]
        heads = [
            lex.heads[strip_article(a.word(j))]
            for j in head_at[bisect_left(head_at, i - 4) : bisect_left(head_at, i)]
            if a.clause_of[j] == a.clause_of[i]
        ]
        if not heads:
            continue
        for form, prefix in proclitic_forms(tok.text):
            for head in (*heads, "حقل", "قاعده"):
                site = lex.matcher.lookup(f"{head} {form}", "site")
                if isinstance(site, str):
                    out.append((i, site, prefix))
                    break
            else:
                continue
            break
    return out


def _civil(a: Analysis, first: int, last: int) -> bool:
    """Named by a civilian airport's name, and not as the base by it («قاعدة … قرب مطار»)."""
    if any(strip_article(a.word(j)) in BASE_NOUNS for j in range(max(0, first - 4), first)):
        return False
    words = [a.word(i) for i in range(first, last)]
    if words and words[0][:1] in "وبل" and words[0][1:].startswith("مطار"):
        words[0] = words[0][1:]
    return " ".join(words) in a.lexicon.civil_names


def _site_hits(a: Analysis, site_matches: list[Match]) -> list[SiteHit]:
    lex = a.lexicon
    found: list[tuple[int, int, int, int, str, str]] = [
        (m.first, m.last, m.start, m.end, str(m.value), m.category) for m in site_matches
    ]
    covered = {i for m in site_matches for i in range(m.first, m.last)}
    covered |= {i for m in a.by_cat.get("actor", ()) for i in range(m.first, m.last)}
    for i, site, prefix in _head_expansions(a, covered):
        tok = a.tokens[i]
        found.append((i, i + 1, tok.start + len(prefix), tok.end, site, "site"))
    found.sort()
    hits: list[SiteHit] = []
    prev_last = -10
    for first, last, start, end, site, cat in found:
        region = any(
            m.category == "place_regions" and m.last in (first, first - 1)
            for j in range(max(0, first - 2), first)
            for m in a.at.get(j, ())
        )
        near = any(
            m.category == "place_near" and first - 3 <= m.last <= first
            for j in range(max(0, first - 4), first)
            for m in a.at.get(j, ())
        )
        tok = a.tokens[first]
        coordinated = (  # "حقلي كونيكو والعمر"; a list "بابل، والديوانية، وذي قار" too
            bool(hits)
            and tok.text.startswith("و")
            and first - prev_last <= 2
            and (
                a.clause_of[first] == a.clause_of[hits[-1].first]
                or (cat == "place" and a.sentence_of[first] == a.sentence_of[hits[-1].first])
            )
        )
        place = lex.places.get(site) if cat == "place" else None
        town = place is not None and place.kind == "town"
        weak = site in lex.weak_sites or region or cat in ("us_region", "place")
        region_only = cat == "us_region" or (place is not None and not town)
        described = a.norm.quote(start, end) if cat == "base_area" else None
        civil = _civil(a, first, last)
        flags = (weak, near, coordinated, region_only, town, described, region, cat == "us_region")
        hits.append(SiteHit(first, last, start, end, site, *flags, civil))
        prev_last = last
    return hits


def _actor_hits(a: Analysis, actor_matches: list[Match]) -> list[ActorHit]:
    hits = [ActorHit(m.first, m.last, m.start, m.end, str(m.value)) for m in actor_matches]
    for m in a.by_cat.get("nisba", ()):
        hits.append(ActorHit(m.first, m.last, m.start, m.end, str(m.value), nisba=True))
    hits.sort(key=lambda h: h.first)
    return hits


def _attack_object(a: Analysis, i: int) -> bool:
    """Whether token ``i`` (or the one after a count) opens an attack word or weapon."""
    obj = i + (a.cat_at(i, "number") is not None or a.word(i).isdigit())
    found = a.cats_in(obj, obj + 1, "trigger", "weapon")
    return bool(found) and not (found[0].category == "trigger" and found[0].value == "reporting")


def analyse(
    text: str,
    reference_day: date | None,
    lexicon: Lexicon | None = None,
    *,
    year: int | None = None,
    hour: int | None = None,
) -> Analysis:
    """Analyse a raw report text; relative dates resolve against ``reference_day``.

    With no reference day only absolute dates are read (``year`` completes those that give
    none); the relative phrases left open are in ``Analysis.unresolved``. ``hour`` is the
    local hour of publication, when known («مساء اليوم» in a morning report is yesterday's).
    """
    lex = lexicon or default_lexicon()
    norm = normalise(text)
    tokens = tokenize(norm.text)
    matches = lex.find(tokens, norm.text)
    sentences = split_sentences(norm.text, tokens)
    at, by_cat, ends = _index(matches)
    unresolved: list[DateRef] = []
    a = Analysis(
        norm=norm,
        tokens=tokens,
        matches=matches,
        sentences=sentences,
        dates=find_dates(
            tokens,
            matches,
            norm.text,
            reference_day,
            year=year,
            unresolved=unresolved,
            hour=hour,
        ),
        sites=[],
        actors=[],
        lexicon=lex,
        at=at,
        by_cat=by_cat,
        words=[lex.canon(t.text) for t in tokens],
        firsts={c: [m.first for m in ms] for c, ms in by_cat.items()},
        ends=ends,
        unresolved=unresolved,
    )
    a.dates.sort(key=lambda d: d.first)
    a._date_firsts = [d.first for d in a.dates]
    a.clause_of = [0] * len(tokens)
    a.sentence_of = [-1] * len(tokens)
    clause = 0
    for s in sentences:
        starts = set(clause_starts(norm.text, tokens, s))
        for i in range(s.first, s.last):
            if i in starts:
                clause += 1
            a.clause_of[i] = clause
            a.sentence_of[i] = s.index
    spans = [(d.first, d.last) for d in a.dates if d.basis != "clock"]
    join_date_clauses(a.clause_of, a.sentence_of, a.words, spans, lambda i: _attack_object(a, i))
    site_matches, actor_matches = _names(a)
    named = {i for m in (*site_matches, *actor_matches) for i in range(m.first, m.last)}
    a.countries = [
        m for m in by_cat.get("country", ()) if not named.intersection(range(m.first, m.last))
    ]
    a.sites = _site_hits(a, site_matches)
    a.actors = _actor_hits(a, actor_matches)
    a._site_firsts = [h.first for h in a.sites]
    a._actor_firsts = [h.first for h in a.actors]
    return a
