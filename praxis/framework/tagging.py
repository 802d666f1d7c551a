"""Suggest which competencies (and key activities) a reflective journal entry evidences.

Local, dependency-free and fast: BM25 over the framework's own text. Each competency is one
document built from its name (weighted up), summary, overview statements, key activities, hint,
sub-lists and prompts; each key activity is a second, smaller document (its text plus the
sub-list that elaborates it) used to say which activities of a suggested competency fit best.
Words are matched on the light stem of :mod:`praxis.framework.search`, so "brokered" meets
"brokering". Suggestions are only suggestions: nothing is applied without the user.

``TagSuggester`` is the seam: a stronger model can replace ``Bm25Suggester`` as long as it
returns ``Suggestion`` objects. ``suggester_for(framework)`` builds the index once per framework.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .model import Competency, Framework
from .search import STOP_WORDS, WORD, stem

MAX_TEXT_LENGTH = 20_000  # a journal entry is a paragraph; longer text is cut, not refused
MAX_MATCHED_WORDS = 6
MAX_KEY_ACTIVITIES = 3

# Weight of each part of a competency in its document (a weighted term frequency, as in BM25F).
FIELD_WEIGHTS = {
    "name": 3.0,
    "summary": 2.0,
    "overview": 1.0,
    "key_activity": 1.0,
    "hint": 1.0,
    "sublist": 1.0,
    "prompt": 1.0,
}
SUBLIST_IN_ACTIVITY_WEIGHT = 0.5  # the sub-list elaborating a key activity, in that activity's document

# Beyond search.STOP_WORDS. With only fifteen documents IDF cannot tell that "actually" or
# "whether" say nothing about a competency, so general English function words are dropped: the
# Glasgow/van Rijsbergen stop list (as shipped by scikit-learn), less "system", which is a
# term of this framework; plus pronoun contractions, a few everyday words, and the words that
# run through every competency (IDF would shrink them anyway; listing them keeps them out of
# the matched words shown to the user).
GLASGOW_STOP_WORDS = frozenset(
    "a about above across after afterwards again against all almost alone along already also "
    "although always am among amongst amoungst amount an and another any anyhow anyone anything "
    "anyway anywhere are around as at back be became because become becomes becoming been before "
    "beforehand behind being below beside besides between beyond bill both bottom but by call can "
    "cannot cant co con could couldnt cry de describe detail do done down due during each eg eight "
    "either eleven else elsewhere empty enough etc even ever every everyone everything everywhere "
    "except few fifteen fifty fill find fire first five for former formerly forty found four from "
    "front full further get give go had has hasnt have he hence her here hereafter hereby herein "
    "hereupon hers herself him himself his how however hundred i ie if in inc indeed interest into "
    "is it its itself keep last latter latterly least less ltd made many may me meanwhile might "
    "mill mine more moreover most mostly move much must my myself name namely neither never "
    "nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on once "
    "one only onto or other others otherwise our ours ourselves out over own part per perhaps "
    "please put rather re same see seem seemed seeming seems serious several she should show side "
    "since sincere six sixty so some somehow someone something sometime sometimes somewhere still "
    "such take ten than that the their them themselves then thence there thereafter thereby "
    "therefore therein thereupon these they thick thin third this those though three through "
    "throughout thru thus to together too top toward towards twelve twenty two un under until up "
    "upon us very via was we well were what whatever when whence whenever where whereafter whereas "
    "whereby wherein whereupon wherever whether which while whither who whoever whole whom whose "
    "why will with within without would yet you your yours yourself yourselves".split()
)
EXTRA_STOP_WORDS = GLASGOW_STOP_WORDS | frozenset(
    "i'm i've i'd we're we've it's its does did got time week day "
    "implementation implementations implement implementing implemented stakeholder stakeholders "
    "support supports supported supporting isp isps help helped helps helping work worked working".split()
)
_STOP_STEMS = frozenset(stem(w) for w in STOP_WORDS | EXTRA_STOP_WORDS)

# A small, hand-made expansion table: everyday words of practitioners' journals mapped to the
# framework's own vocabulary. Written from domain knowledge BEFORE the suggester was run on the
# labelled entries, and not tuned on them (see bench/tagging.py, which reports results with and
# without it). An expansion counts for EXPANSION_WEIGHT of a word the entry actually uses.
EXPANSION_WEIGHT = 0.5
EXPANSIONS: dict[str, tuple[str, ...]] = {
    # training, coaching, rehearsing
    "workshop": ("training", "facilitation"),
    "course": ("training",),
    "teach": ("training", "learning"),
    "mentor": ("coach",),
    "shadow": ("coach", "model"),
    "rehearse": ("simulate", "prepare"),
    "roleplay": ("simulate", "model"),
    "mock": ("simulate", "prepare"),
    # testing and data
    "pdsa": ("improvement", "cycle", "test"),
    "pilot": ("test",),
    "trial": ("test",),
    "figures": ("data",),
    "numbers": ("data",),
    "statistics": ("data",),
    "stats": ("data",),
    "metrics": ("data",),
    "dashboard": ("data",),
    "audit": ("data", "feedback"),
    "survey": ("data", "needs"),
    "questionnaire": ("data", "needs"),
    # evidence
    "study": ("research", "evidence"),
    "studies": ("research", "evidence"),
    "literature": ("research", "evidence"),
    # connecting people
    "introduce": ("connect",),
    "liaise": ("connect", "bridge"),
    "signpost": ("connect",),
    # communication
    "newsletter": ("communication",),
    "bulletin": ("communication",),
    "email": ("communication",),
    "leaflet": ("communication",),
    "briefing": ("communication",),
    "huddle": ("communication", "feedback"),
    "interpreter": ("language", "communication"),
    # facilitation
    "chair": ("facilitation", "meeting"),
    "brainstorm": ("ideas", "divergent"),
    "agenda": ("meeting",),
    # leadership
    "director": ("leader",),
    "executive": ("leader",),
    "sponsor": ("leader",),
    "handover": ("transition", "continuity"),
    "advocate": ("champion",),
    # power and equity
    "tokenism": ("power", "voice"),
    "tokenistic": ("power", "voice"),
    "hierarchy": ("power",),
    "disparity": ("equity", "subgroup"),
    "inequality": ("equity", "subgroup"),
    "inequity": ("equity", "subgroup"),
    # needs, assets, context
    "strengths": ("assets",),
    "gaps": ("needs",),
    "budget": ("funding",),
    "election": ("political",),
    "politics": ("political",),
    "merger": ("history", "context"),
    "restructure": ("history", "context"),
    # relationships and conflict
    "rapport": ("relationship", "trust"),
    "apologise": ("relationship", "trust"),
    "disagreement": ("conflict",),
    "dispute": ("conflict",),
    "tension": ("conflict",),
    "argument": ("conflict",),
    "friction": ("conflict",),
    # capacity
    "recruitment": ("human", "resources"),
    "hiring": ("human", "resources"),
    "workforce": ("human", "resources"),
    # tailoring
    "online": ("virtual",),
    "remote": ("virtual",),
    "video": ("virtual",),
}


@dataclass(frozen=True)
class Suggestion:
    competency_id: str
    score: float  # relative, for ordering only
    matched_words: tuple[str, ...]  # words of the entry that matched, most informative first
    key_activities: tuple[str, ...]  # up to 3 key activity ids of this competency, best first


@runtime_checkable
class TagSuggester(Protocol):
    def suggest(self, text: str, limit: int = 3) -> list[Suggestion]: ...


def _tokens(text: str) -> Iterable[tuple[str, str, int, int]]:
    """(word, stem, start, end) for each content word of lower-cased text; "co-design" gives
    the compound "co-design" (stem "codesign") and "design"."""
    previous = None
    for match in WORD.finditer(text):
        word = match.group()
        if previous is not None and previous.group() == "co" and text[previous.end() : match.start()] in "-‐":
            yield text[previous.start() : match.end()], stem("co" + word), previous.start(), match.end()
        previous = match
        s = stem(word)
        if s not in _STOP_STEMS and not s.isdigit() and word != "co":
            yield word, s, match.start(), match.end()


def _stems(text: str) -> Iterable[str]:
    return (s for _, s, _, _ in _tokens(text.lower()))


def _expansion_stems() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = {}
    for word, targets in EXPANSIONS.items():
        table.setdefault(stem(word), set()).update(s for t in targets for s in _stems(t))
    return {key: tuple(sorted(value - {key})) for key, value in table.items()}


_EXPANSION_STEMS = _expansion_stems()


@dataclass(frozen=True)
class _Entry:
    """A journal entry, analysed: stem → query weight, and stem → the words that gave it."""

    weights: dict[str, float]
    sources: dict[str, tuple[str, ...]]  # query stem → entry stems it came from (itself, or expanded)
    surface: dict[str, str]  # entry stem → first surface form in the text


def _analyse(text: str, expansions: dict[str, tuple[str, ...]]) -> _Entry:
    lower = text.lower()
    same_offsets = len(lower) == len(text)  # lower-casing kept every character in place
    weights: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    surface: dict[str, str] = {}
    for word, s, start, end in _tokens(lower):
        if s in surface:
            continue
        surface[s] = text[start:end] if same_offsets else word
        weights[s] = 1.0
        sources.setdefault(s, []).insert(0, s)
        for target in expansions.get(s, ()):
            weights[target] = max(weights.get(target, 0.0), EXPANSION_WEIGHT)
            sources.setdefault(target, []).append(s)
    return _Entry(weights, {k: tuple(dict.fromkeys(v)) for k, v in sources.items()}, surface)


class _Bm25Index:
    """BM25 over a few weighted-bag-of-stems documents (weighted term frequency, BM25F-style)."""

    def __init__(self, docs: list[Counter[str]], k1: float, b: float) -> None:
        self.k1, self.b = k1, b
        self.docs = docs
        n = len(docs)
        lengths = [sum(d.values()) for d in docs]
        average = (sum(lengths) / n) if n else 1.0
        self.norms = [k1 * (1 - b + b * length / (average or 1.0)) for length in lengths]
        df = Counter(s for d in docs for s in d)
        self.idf = {s: math.log(1 + (n - m + 0.5) / (m + 0.5)) for s, m in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, d in enumerate(docs):
            for s, tf in d.items():
                self.postings.setdefault(s, []).append((i, tf))

    def term_scores(self, weights: dict[str, float], only: Iterable[int] | None = None) -> dict[int, dict]:
        """doc index → {stem: contribution}, for documents matching at least one stem."""
        allowed = None if only is None else set(only)
        out: dict[int, dict[str, float]] = {}
        for s, qw in weights.items():
            for i, tf in self.postings.get(s, ()):
                if allowed is not None and i not in allowed:
                    continue
                contribution = qw * self.idf[s] * tf * (self.k1 + 1) / (tf + self.norms[i])
                out.setdefault(i, {})[s] = contribution
        return out


def _bag(parts: Iterable[tuple[str, float]]) -> Counter[str]:
    bag: Counter[str] = Counter()
    for text, weight in parts:
        for s in _stems(text):
            bag[s] += weight
    return bag


def _competency_parts(c: Competency) -> list[tuple[str, float]]:
    w = FIELD_WEIGHTS
    parts = [(c.name, w["name"]), (c.summary, w["summary"]), (c.hint, w["hint"])]
    parts += [(text, w["overview"]) for text in c.overview]
    parts += [(a.text, w["key_activity"]) for a in c.all_key_activities()]
    for sublist in c.sublists:
        parts.append((sublist.title, w["sublist"]))
        parts += [(f"{i.name} {i.text}", w["sublist"]) for i in sublist.items]
    parts += [(text, w["prompt"]) for text in c.prompts]
    return parts


class Bm25Suggester:
    """The local suggester: BM25 over the framework's competency and key-activity texts."""

    def __init__(
        self, framework: Framework, *, k1: float = 1.5, b: float = 0.75, expansions: bool = True
    ) -> None:
        self.framework = framework
        self._expansions = _EXPANSION_STEMS if expansions else {}
        self.competencies = framework.competencies
        self._competencies = _Bm25Index([_bag(_competency_parts(c)) for c in self.competencies], k1, b)
        activity_docs: list[Counter[str]] = []
        self._activity_ids: list[str] = []
        self._activities_of: list[list[int]] = []
        for c in self.competencies:
            own = []
            for a in c.all_key_activities():
                sublist = c.sublist_for(a.id)
                parts = [(a.text, 1.0)]
                if sublist is not None:
                    parts += [(f"{i.name} {i.text}", SUBLIST_IN_ACTIVITY_WEIGHT) for i in sublist.items]
                own.append(len(activity_docs))
                activity_docs.append(_bag(parts))
                self._activity_ids.append(a.id)
            self._activities_of.append(own)
        self._activities = _Bm25Index(activity_docs, k1, b)

    def suggest(self, text: str, limit: int = 3) -> list[Suggestion]:
        if not isinstance(text, str) or limit <= 0:
            return []
        entry = _analyse(text[:MAX_TEXT_LENGTH], self._expansions)
        if not entry.weights:
            return []
        scored = self._competencies.term_scores(entry.weights)
        ranked = sorted(scored.items(), key=lambda item: (-sum(item[1].values()), item[0]))
        suggestions = []
        for index, contributions in ranked[:limit]:
            score = sum(contributions.values())
            if score <= 0:
                break
            suggestions.append(
                Suggestion(
                    competency_id=self.competencies[index].id,
                    score=round(score, 6),
                    matched_words=_matched_words(entry, contributions),
                    key_activities=self._best_activities(index, entry),
                )
            )
        return suggestions

    def _best_activities(self, competency_index: int, entry: _Entry) -> tuple[str, ...]:
        own = self._activities_of[competency_index]
        scored = self._activities.term_scores(entry.weights, only=own)
        ranked = sorted(((-sum(c.values()), i) for i, c in scored.items() if sum(c.values()) > 0))
        return tuple(self._activity_ids[i] for _, i in ranked[:MAX_KEY_ACTIVITIES])


def _matched_words(entry: _Entry, contributions: dict[str, float]) -> tuple[str, ...]:
    """The entry's own words behind the matched stems, by how much they added to the score."""
    credit: dict[str, float] = {}
    for s, value in contributions.items():
        for source in entry.sources.get(s, ()):
            credit[source] = credit.get(source, 0.0) + value
    order = list(entry.surface)  # first occurrence in the text breaks ties
    best = sorted(credit, key=lambda s: (-credit[s], order.index(s)))
    return tuple(entry.surface[s] for s in best[:MAX_MATCHED_WORDS])


_cache: dict[int, tuple[weakref.ref, Bm25Suggester]] = {}
_lock = threading.Lock()


def suggester_for(framework: Framework) -> TagSuggester:
    """The suggester for a framework, built once per framework object (and dropped with it)."""
    key = id(framework)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0]() is framework:
            return cached[1]
        suggester = Bm25Suggester(framework)
        _cache[key] = (weakref.ref(framework, lambda _ref, key=key: _cache.pop(key, None)), suggester)
        return suggester
