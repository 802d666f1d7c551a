"""Full-text search over a framework: every name, statement, activity, hint and question.

Small and dependency-free on purpose: the framework is a few hundred short texts, so a linear
scan over a prebuilt index answers in well under a millisecond. Words match on a light stem
(so "brokers" finds "brokering"), every query word must match (AND), and results carry the
matched spans so a page can highlight them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .model import Framework

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_WORDS = 32
STOP_WORDS = frozenset(
    "a an and are as at be by for from how in into is it of on or that the their them they this to "
    "what when which who with".split()
)
_SUFFIXES = (
    "ational",
    "ations",
    "ation",
    "ators",
    "ator",
    "ates",
    "ated",
    "ating",
    "ate",
    "ingly",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ments",
    "ment",
    "ness",
    "ed",
    "es",
    "ly",
    "y",
    "s",
)


def stem(word: str) -> str:
    """A deliberately light English stemmer: strip up to two common suffixes, keep 4+ letters."""
    word = word.lower().replace("’", "'").split("'")[0].replace("practis", "practic")
    for _ in range(2):  # "brokering" → "broker" → "brok", the same as "brokers"
        suffix = next((s for s in _SUFFIXES if word.endswith(s) and len(word) - len(s) >= 4), None)
        if suffix is None:
            break
        word = word[: -len(suffix)]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # "planning" → "plann" → "plan"
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # "practice" and "practic(ing)" meet
    return word


@dataclass(frozen=True)
class Document:
    kind: str  # principle, domain, competency, key-activity, hint, overview, sublist-item, …
    item_id: str  # the item's own id (for anchors)
    owner_id: str  # the page it lives on: competency, principle, domain id, or a section name
    title: str
    text: str


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float
    title_segments: tuple[tuple[str, bool], ...]
    snippet: tuple[tuple[str, bool], ...]  # (text, is_match) pieces, in order


def _documents(f: Framework) -> list[Document]:
    docs = [Document("definition", d.id, "about", d.name, d.text) for d in f.definitions]
    docs += [Document("context", c.id, "about", c.name, c.description) for c in f.context_levels]
    for p in f.principles:
        docs.append(Document("principle", p.id, p.id, p.name, " ".join([p.summary, p.description])))
        docs += [Document("principle", p.id, p.id, p.name, text) for text in p.in_practice]
    for d in f.domains:
        docs.append(Document("domain", d.id, d.id, d.name, d.description))
        for c in d.competencies:
            docs.append(Document("competency", c.id, c.id, c.name, c.summary))
            docs += [Document("overview", c.id, c.id, c.name, text) for text in c.overview]
            docs += [Document("key-activity", a.id, c.id, c.name, a.text) for a in c.all_key_activities()]
            if c.hint:
                docs.append(Document("hint", c.id, c.id, c.name, c.hint))
            for s in c.sublists:
                docs += [
                    Document("sublist-item", i.id, c.id, c.name, f"{i.name}: {i.text}" if i.name else i.text)
                    for i in s.items
                ]
            docs += [Document("prompt", c.id, c.id, c.name, text) for text in c.prompts]
    docs += [Document("dilemma", d.id, "dilemmas", d.title, d.description) for d in f.dilemmas]
    for q in f.reflective_questions:
        text = " ".join([q.text] + [s.text for s in q.sub_questions])
        docs.append(Document("question", q.id, "questions", f"Question {q.number}", text))
    docs += [Document("resource", r.id, "resources", r.title, r.description or r.title) for r in f.resources]
    return docs


@dataclass(frozen=True)
class _Indexed:
    document: Document
    title_stems: frozenset[str]
    text_stems: frozenset[str]


@cache
def _index(f: Framework) -> tuple[_Indexed, ...]:
    def stems(text: str) -> frozenset[str]:
        return frozenset(stem(w) for w in WORD.findall(text.lower()))

    return tuple(_Indexed(d, stems(d.title), stems(d.text)) for d in _documents(f))


def query_terms(query: str) -> list[str]:
    """The stems a query searches for: stop words and repeats dropped, at most MAX_TERMS."""
    words = WORD.findall(query[:MAX_QUERY_LENGTH].lower())
    terms: list[str] = []
    for word in words:
        s = stem(word)
        if word not in STOP_WORDS and s not in terms:
            terms.append(s)
    if not terms:  # a query of stop words only ("the how") still searches for them
        terms = list(dict.fromkeys(stem(w) for w in words))
    return terms[:MAX_TERMS]


def _segments(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in WORD.finditer(text.lower()):
        if stem(match.group()) in terms:
            if match.start() > last:
                pieces.append((text[last : match.start()], False))
            pieces.append((text[match.start() : match.end()], True))
            last = match.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def _snippet(text: str, terms: list[str]) -> tuple[tuple[str, bool], ...]:
    words = text.split()
    if len(words) > SNIPPET_WORDS:
        first = next(
            (i for i, w in enumerate(words) if any(stem(x) in terms for x in WORD.findall(w.lower()))), 0
        )
        start = max(0, first - SNIPPET_WORDS // 3)
        end = start + SNIPPET_WORDS
        text = ("… " if start else "") + " ".join(words[start:end]) + (" …" if end < len(words) else "")
    return tuple(_segments(text, terms))


KIND_WEIGHT = {"competency": 3.0, "principle": 3.0, "domain": 2.5, "key-activity": 2.0}


def search(framework: Framework, query: str, limit: int = 50) -> list[Hit]:
    """Documents containing every query term, best first (title matches and key items weigh more)."""
    terms = query_terms(query)
    if not terms:
        return []
    scored = []
    for position, entry in enumerate(_index(framework)):
        stems = entry.title_stems | entry.text_stems
        if not all(t in stems for t in terms):
            continue
        title_matches = sum(t in entry.title_stems for t in terms)
        score = KIND_WEIGHT.get(entry.document.kind, 1.0) + 2.0 * title_matches
        scored.append((-score, position, entry.document))
    scored.sort()
    seen = set()
    unique = []
    for entry in scored:  # one hit per item: a principle's several texts give one result
        key = (entry[2].kind, entry[2].item_id)
        if key not in seen:
            seen.add(key)
            unique.append(entry)
    return [
        Hit(
            document=doc,
            score=-neg_score,
            title_segments=tuple(_segments(doc.title, terms)),
            snippet=_snippet(doc.text, terms),
        )
        for neg_score, _, doc in unique[:limit]
    ]
