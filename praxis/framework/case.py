"""1EdTech CASE 1.0 packages: export a framework, and import one back into our format.

What goes into CASE is the competency framework itself: principles, domains, competencies with
their overview statements, key activities (nested), helpful hints, sub-lists and reflective
prompts, observer descriptions (for raters), the principle links, and the self-assessment scale
as a CFRubric (one criterion per competency). The guide's reflective material that CASE has no
place for (definitions, context levels, dilemmas, reflective questions, resources) stays in
Praxis's own format.

Mapping, chosen so that export → import → export gives the identical package:
- identifiers are UUIDv5 of the framework id and item key, so they never change between exports;
- our ids travel in ``humanCodingScheme``; names in ``abbreviatedStatement``; the guide section
  an item cites in ``notes``; the hierarchy only in ``isChildOf`` associations (child → parent)
  ordered by ``sequenceNumber``; principle links as ``isRelatedTo`` (competency → principle);
  a sub-list that details a key activity as ``isPartOf`` (sub-list → key activity);
- the scale: each level is a CFRubricCriterionLevel with ``quality`` = label, ``score`` = value
  and ``feedback`` = PROFICIENT for proficient levels; "not applicable" is the level without
  a score. Level and scale ids are the slugs of their labels and name; "not applicable" is
  always ``not-applicable``.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import defaultdict
from typing import Any

from .limits import MAX_CASE_ASSOCIATIONS, MAX_CASE_ITEMS, MAX_DEPTH
from .loader import FORMAT
from .model import Competency, Framework, KeyActivity

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://praxis.invalid/case")
DEFAULT_BASE_URI = "https://praxis.invalid"
PROFICIENT = "Counts as proficient."

PRINCIPLE = "Principle"
DOMAIN = "Domain"
COMPETENCY = "Competency"
KEY_ACTIVITY = "Key activity"
OVERVIEW = "Overview statement"
HINT = "Helpful hint"
SUBLIST = "Sub-list"
SUBLIST_ITEM = "Sub-list item"
PROMPT = "Reflective prompt"
OBSERVER = "Observer description"

ITEM_TYPES = {
    PRINCIPLE: "A foundational attitude with which practitioners approach their work.",
    DOMAIN: "A group of related competencies.",
    COMPETENCY: "A core competency: the knowledge, skills and attitudes a practitioner brings to the work.",
    KEY_ACTIVITY: "Something a practitioner does that shows the competency in practice.",
    OVERVIEW: "A statement of what a practitioner with the competency is able to do.",
    HINT: "Practical advice on the competency.",
    SUBLIST: "A structured list inside a competency (kinds, functions, goals).",
    SUBLIST_ITEM: "One entry of a structured list.",
    PROMPT: "A question for reflecting on one's own practice of the competency.",
    OBSERVER: "What the competency looks like to someone who works with the practitioner, for feedback.",
}


class CaseImportError(ValueError):
    """The package is not a CASE framework Praxis can read; ``problems`` lists why, one a line."""

    def __init__(self, *problems: str):
        self.problems = list(problems)
        super().__init__("\n".join(problems))


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


# -- export -----------------------------------------------------------------------------------


class _Exporter:
    def __init__(self, framework: Framework, base_uri: str):
        self.f = framework
        self.base = base_uri.rstrip("/")
        self.when = framework.last_changed
        self.items: list[dict] = []
        self.associations: list[dict] = []
        self.doc_link: dict[str, str] = {}
        self.key_activity_nodes: dict[str, dict] = {}

    def uuid(self, key: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.f.id}/{key}"))

    def uri(self, kind: str, identifier: str) -> str:
        return f"{self.base}/case/{kind}/{identifier}"

    def link(self, node: dict) -> dict:
        return {"title": node["title"], "identifier": node["identifier"], "uri": node["uri"]}

    def add_item(self, key: str, item_type: str, statement: str, **fields) -> dict:
        identifier = self.uuid(key)
        item = {
            "identifier": identifier,
            "uri": self.uri("CFItems", identifier),
            "fullStatement": statement,
            "CFItemType": item_type,
            "CFItemTypeURI": self.type_link(item_type),
            "lastChangeDateTime": self.when,
            "CFDocumentURI": self.doc_link,
            **{k: v for k, v in fields.items() if v},
        }
        self.items.append(item)
        title = fields.get("abbreviatedStatement") or statement[:60]
        return {"title": title, "identifier": identifier, "uri": item["uri"]}

    def type_link(self, item_type: str) -> dict:
        identifier = self.uuid(f"item-type/{item_type}")
        return {"title": item_type, "identifier": identifier, "uri": self.uri("CFItemTypes", identifier)}

    def associate(self, kind: str, origin: dict, destination: dict, sequence: int | None = None) -> None:
        key = f"association/{kind}/{origin['identifier']}/{destination['identifier']}"
        identifier = self.uuid(key)
        association = {
            "identifier": identifier,
            "associationType": kind,
            "uri": self.uri("CFAssociations", identifier),
            "originNodeURI": self.link(origin),
            "destinationNodeURI": self.link(destination),
            "lastChangeDateTime": self.when,
            "CFDocumentURI": self.doc_link,
        }
        if sequence is not None:
            association["sequenceNumber"] = sequence
        self.associations.append(association)

    def key_activity(self, activity: KeyActivity, parent: dict, sequence: int) -> dict:
        node = self.add_item(activity.id, KEY_ACTIVITY, activity.text, humanCodingScheme=activity.id)
        self.key_activity_nodes[activity.id] = node
        self.associate("isChildOf", node, parent, sequence)
        for n, child in enumerate(activity.children, 1):
            self.key_activity(child, node, n)
        return node

    def competency(self, c: Competency, parent: dict, sequence: int, principles: dict) -> dict:
        node = self.add_item(
            c.id,
            COMPETENCY,
            c.summary or c.name,
            abbreviatedStatement=c.name,
            humanCodingScheme=c.id,
            notes=c.source,
        )
        self.associate("isChildOf", node, parent, sequence)
        n = 0
        for index, statement in enumerate(c.overview, 1):
            n += 1
            child = self.add_item(f"{c.id}/overview/{index}", OVERVIEW, statement)
            self.associate("isChildOf", child, node, n)
        for activity in c.key_activities:
            n += 1
            self.key_activity(activity, node, n)
        if c.hint:
            n += 1
            hint = self.add_item(f"{c.id}/hint", HINT, c.hint)
            self.associate("isChildOf", hint, node, n)
        for sublist in c.sublists:
            n += 1
            list_node = self.add_item(sublist.id, SUBLIST, sublist.title, humanCodingScheme=sublist.id)
            self.associate("isChildOf", list_node, node, n)
            if sublist.elaborates:
                self.associate("isPartOf", list_node, self.key_activity_nodes[sublist.elaborates])
            for m, entry in enumerate(sublist.items, 1):
                entry_node = self.add_item(
                    entry.id,
                    SUBLIST_ITEM,
                    entry.text,
                    abbreviatedStatement=entry.name,
                    humanCodingScheme=entry.id,
                )
                self.associate("isChildOf", entry_node, list_node, m)
        for index, prompt in enumerate(c.prompts, 1):
            n += 1
            child = self.add_item(f"{c.id}/prompt/{index}", PROMPT, prompt)
            self.associate("isChildOf", child, node, n)
        if c.observer_description:
            n += 1
            observer = self.add_item(
                f"{c.id}/observer", OBSERVER, c.observer_description, notes=c.observer_source
            )
            self.associate("isChildOf", observer, node, n)
        for m, principle_id in enumerate(c.principles, 1):
            self.associate("isRelatedTo", node, principles[principle_id], m)
        return node

    def rubric(self, competencies: dict) -> dict:
        scale = self.f.scale
        rubric_id = self.uuid(f"rubric/{scale.id}")
        criteria = []
        for position, (competency_id, node) in enumerate(competencies.items(), 1):
            criterion_id = self.uuid(f"rubric/{scale.id}/{competency_id}")
            levels = []
            for level_position, level in enumerate(scale.levels, 1):
                level_id = self.uuid(f"rubric/{scale.id}/{competency_id}/{level.id}")
                entry = {
                    "identifier": level_id,
                    "uri": self.uri("CFRubricCriterionLevels", level_id),
                    "quality": level.label,
                    "description": level.description,
                    "score": level.value,
                    "position": level_position,
                    "rubricCriterionId": criterion_id,
                    "lastChangeDateTime": self.when,
                }
                if level.proficient:
                    entry["feedback"] = PROFICIENT
                levels.append(entry)
            na = scale.not_applicable
            na_id = self.uuid(f"rubric/{scale.id}/{competency_id}/{na.id}")
            levels.append(
                {
                    "identifier": na_id,
                    "uri": self.uri("CFRubricCriterionLevels", na_id),
                    "quality": na.label,
                    "description": na.description,
                    "position": len(scale.levels) + 1,
                    "rubricCriterionId": criterion_id,
                    "lastChangeDateTime": self.when,
                }
            )
            criteria.append(
                {
                    "identifier": criterion_id,
                    "uri": self.uri("CFRubricCriteria", criterion_id),
                    "category": COMPETENCY,
                    "description": node["title"],
                    "CFItemURI": self.link(node),
                    "position": position,
                    "rubricId": rubric_id,
                    "lastChangeDateTime": self.when,
                    "CFRubricCriterionLevels": levels,
                }
            )
        rubric = {
            "identifier": rubric_id,
            "uri": self.uri("CFRubrics", rubric_id),
            "title": scale.name,
            "lastChangeDateTime": self.when,
            "CFRubricCriteria": criteria,
        }
        if scale.description:
            rubric["description"] = scale.description
        return rubric

    def package(self) -> dict:
        f = self.f
        doc_id = self.uuid("document")
        document = {
            "identifier": doc_id,
            "uri": f"{self.base}/frameworks/{f.id}",
            "creator": f.source.authors or f.title,
            "title": f.title,
            "lastChangeDateTime": self.when,
            "language": f.language,
            "version": f.version,
            "adoptionStatus": "Implemented",
        }
        for key, value in (
            ("description", f.description),
            ("publisher", f.source.publisher),
            ("officialSourceURL", f.source.url),
            ("notes", f.source.note),
        ):
            if value:
                document[key] = value
        self.doc_link = {"title": f.title, "identifier": doc_id, "uri": document["uri"]}
        doc_node = self.doc_link
        principles = {}
        for n, p in enumerate(f.principles, 1):
            node = self.add_item(
                p.id,
                PRINCIPLE,
                p.description,
                abbreviatedStatement=p.name,
                humanCodingScheme=p.id,
                notes=p.source,
            )
            self.associate("isChildOf", node, doc_node, n)
            principles[p.id] = node
        competencies = {}
        for n, d in enumerate(f.domains, len(f.principles) + 1):
            domain_node = self.add_item(
                d.id,
                DOMAIN,
                d.description or d.name,
                abbreviatedStatement=d.name,
                humanCodingScheme=d.id,
                notes=d.source,
            )
            self.associate("isChildOf", domain_node, doc_node, n)
            for m, c in enumerate(d.competencies, 1):
                competencies[c.id] = self.competency(c, domain_node, m, principles)
        used_types = sorted({item["CFItemType"] for item in self.items}, key=list(ITEM_TYPES).index)
        definitions = {
            "CFItemTypes": [
                {
                    "identifier": self.type_link(t)["identifier"],
                    "uri": self.type_link(t)["uri"],
                    "title": t,
                    "description": ITEM_TYPES[t],
                    "hierarchyCode": str(list(ITEM_TYPES).index(t) + 1),
                    "typeCode": slugify(t),
                    "lastChangeDateTime": self.when,
                }
                for t in used_types
            ]
        }
        return {
            "CFDocument": document,
            "CFItems": self.items,
            "CFAssociations": self.associations,
            "CFDefinitions": definitions,
            "CFRubrics": [self.rubric(competencies)] if competencies else [],
        }


def to_case(framework: Framework, base_uri: str = DEFAULT_BASE_URI) -> dict[str, Any]:
    """The framework as a CASE 1.0 package (a JSON-ready dict)."""
    return _Exporter(framework, base_uri).package()


# -- import -----------------------------------------------------------------------------------


def _require(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise CaseImportError(f"{where}: missing {key!r}")
    return mapping[key]


def case_to_data(package: dict[str, Any]) -> dict[str, Any]:
    """Read a CASE package into Praxis's framework format (plain data, not yet validated).

    Items are recognised by ``CFItemType``; ids come from ``humanCodingScheme`` where present,
    otherwise from a slug of the item's name. Validate the result with ``parse_framework``.
    """
    if not isinstance(package, dict):
        raise CaseImportError("a CASE package must be a JSON object")
    too_big = case_size_problem(package)
    if too_big:
        raise CaseImportError(too_big)
    document = _require(package, "CFDocument", "package")
    doc_uri = _require(document, "uri", "CFDocument")
    items = {}
    for index, item in enumerate(package.get("CFItems") or []):
        identifier = _require(item, "identifier", f"CFItems[{index}]")
        items[identifier] = item

    children: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    related: dict[str, list[tuple[int, str]]] = defaultdict(list)
    part_of: dict[str, str] = {}
    for index, association in enumerate(package.get("CFAssociations") or []):
        where = f"CFAssociations[{index}]"
        kind = _require(association, "associationType", where)
        origin = _require(_require(association, "originNodeURI", where), "identifier", where)
        destination = _require(_require(association, "destinationNodeURI", where), "identifier", where)
        sequence = association.get("sequenceNumber") or 0
        if kind == "isChildOf" and origin in items:
            children[destination].append((sequence, items[origin]))
        elif kind == "isRelatedTo":
            related[origin].append((sequence, destination))
        elif kind == "isPartOf":
            part_of[origin] = destination
    for siblings in children.values():
        siblings.sort(key=lambda pair: pair[0])
    top = document.get("identifier", "")
    tree_problems = _tree_problems(top, items, children)
    if tree_problems:
        raise CaseImportError(*tree_problems)

    used_ids: set[str] = set()

    def item_id(item: dict, prefix: str = "") -> str:
        code = item.get("humanCodingScheme")
        if code:
            return code
        base = prefix + slugify(item.get("abbreviatedStatement") or item["fullStatement"][:40])
        candidate, n = base, 2
        while candidate in used_ids:
            candidate, n = f"{base}-{n}", n + 1
        used_ids.add(candidate)
        return candidate

    def of_type(parent_identifier: str, item_type: str) -> list[dict]:
        return [
            item for _, item in children.get(parent_identifier, []) if item.get("CFItemType") == item_type
        ]

    def name(item: dict) -> str:
        return item.get("abbreviatedStatement") or item["fullStatement"]

    def key_activity(item: dict, prefix: str) -> dict:
        identifier = item_id(item, prefix)
        entry = {"id": identifier, "text": item["fullStatement"]}
        nested = [key_activity(c, identifier + ".") for c in of_type(item["identifier"], KEY_ACTIVITY)]
        if nested:
            entry["children"] = nested
        return entry

    code_of = {
        identifier: item_id(item)
        for identifier, item in items.items()
        if item.get("CFItemType") in (PRINCIPLE, KEY_ACTIVITY) and item.get("humanCodingScheme")
    }

    def competency(item: dict) -> dict:
        identifier = item_id(item)
        entry: dict[str, Any] = {
            "id": identifier,
            "name": name(item),
            "source": item.get("notes") or "CASE package",
        }
        if item.get("abbreviatedStatement") and item["fullStatement"] != item["abbreviatedStatement"]:
            entry["summary"] = item["fullStatement"]
        entry["overview"] = [i["fullStatement"] for i in of_type(item["identifier"], OVERVIEW)]
        entry["key_activities"] = [
            key_activity(i, identifier + ".") for i in of_type(item["identifier"], KEY_ACTIVITY)
        ]
        hints = of_type(item["identifier"], HINT)
        if hints:
            entry["hint"] = hints[0]["fullStatement"]
        observers = of_type(item["identifier"], OBSERVER)
        if observers:
            entry["observer_description"] = {
                "text": observers[0]["fullStatement"],
                "source": observers[0].get("notes") or entry["source"],
            }
        sublists = []
        for s in of_type(item["identifier"], SUBLIST):
            sublist: dict[str, Any] = {"id": item_id(s, identifier + "."), "title": s["fullStatement"]}
            if s["identifier"] in part_of and part_of[s["identifier"]] in code_of:
                sublist["elaborates"] = code_of[part_of[s["identifier"]]]
            sublist["items"] = [
                {
                    k: v
                    for k, v in (
                        ("id", item_id(i, sublist["id"] + ".")),
                        ("name", i.get("abbreviatedStatement", "")),
                        ("text", i["fullStatement"]),
                    )
                    if v
                }
                for i in of_type(s["identifier"], SUBLIST_ITEM)
            ]
            sublists.append(sublist)
        if sublists:
            entry["sublists"] = sublists
        links = [code_of[d] for _, d in sorted(related.get(item["identifier"], [])) if d in code_of]
        if links:
            entry["principles"] = links
        prompts = [i["fullStatement"] for i in of_type(item["identifier"], PROMPT)]
        if prompts:
            entry["prompts"] = prompts
        return entry

    principles = [
        {
            "id": item_id(p),
            "name": name(p),
            "source": p.get("notes") or "CASE package",
            "description": p["fullStatement"],
        }
        for p in of_type(top, PRINCIPLE)
    ]
    domains = [
        {
            "id": item_id(d),
            "name": name(d),
            "source": d.get("notes") or "CASE package",
            **({"description": d["fullStatement"]} if d["fullStatement"] != name(d) else {}),
            "competencies": [competency(c) for c in of_type(d["identifier"], COMPETENCY)],
        }
        for d in of_type(top, DOMAIN)
    ]

    framework_id = (
        slugify(doc_uri.rstrip("/").rsplit("/", 1)[-1])
        if "/" in doc_uri
        else slugify(document.get("title", "framework"))
    )
    data: dict[str, Any] = {
        "format": FORMAT,
        "id": framework_id,
        "version": str(document.get("version") or "1"),
        "last_changed": _require(document, "lastChangeDateTime", "CFDocument"),
        "title": _require(document, "title", "CFDocument"),
        "language": document.get("language") or "en",
        "source": {"title": document["title"]},
        "scale": _scale_from_rubrics(package.get("CFRubrics") or []),
        "principles": principles,
        "domains": domains,
    }
    if document.get("description"):
        data["description"] = document["description"]
    for case_key, our_key in (
        ("creator", "authors"),
        ("publisher", "publisher"),
        ("officialSourceURL", "url"),
        ("notes", "note"),
    ):
        if document.get(case_key):
            data["source"][our_key] = document[case_key]
    if data["source"].get("authors") == document["title"]:
        del data["source"]["authors"]  # the exporter falls back to the title as creator
    return data


def case_size_problem(package: dict) -> str | None:
    """Why the package is too big to read, if it is: checked before anything costly."""
    for key, limit in (("CFItems", MAX_CASE_ITEMS), ("CFAssociations", MAX_CASE_ASSOCIATIONS)):
        entries = package.get(key)
        if isinstance(entries, list) and len(entries) > limit:
            return f"{key}: has {len(entries):,} entries; at most {limit:,} are accepted"
    return None


def _some(ids: list[str], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    return f"{shown} and {len(ids) - limit:,} more" if len(ids) > limit else shown


def _tree_problems(top: str, items: dict[str, dict], children: dict[str, list]) -> list[str]:
    """Items with several parents, too deep, in an isChildOf cycle or not attached to the document.

    Every walk is a loop over a stack, so no package can exhaust Python's recursion limit.
    """
    problems = []
    parents: dict[str, list[str]] = defaultdict(list)
    for parent, siblings in children.items():
        for _, item in siblings:
            parents[item["identifier"]].append(parent)
    several = [identifier for identifier, found in parents.items() if len(set(found)) > 1]
    if several:
        problems.append(
            f"CFAssociations: {len(several):,} items are the child (isChildOf) of more than one "
            f"parent, which Praxis cannot place: {_some(several)}"
        )
        return problems

    depth = {top: 0}
    stack = [top]
    too_deep = None
    while stack:
        parent = stack.pop()
        for _, item in children.get(parent, []):
            identifier = item["identifier"]
            if identifier in depth:
                continue
            depth[identifier] = depth[parent] + 1
            if depth[identifier] > MAX_DEPTH and too_deep is None:
                too_deep = identifier
            stack.append(identifier)
    if too_deep:
        problems.append(f"CFItems: nested more than {MAX_DEPTH} levels deep at {too_deep}")

    parent_of = {identifier: found[0] for identifier, found in parents.items()}
    unattached = [identifier for identifier in items if identifier not in depth]
    in_cycle: set[str] = set()
    settled: set[str] = set()
    for start in unattached:
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node in items and node not in settled and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent_of.get(node)
        if node in on_path:  # walked back onto this path: the part from node on is a cycle
            cycle = path[path.index(node) :]
            in_cycle.update(cycle)
            shown = " → ".join(cycle[:5] + ["…"] if len(cycle) > 5 else cycle + [cycle[0]])
            problems.append(f"CFAssociations: isChildOf links form a cycle of {len(cycle):,} items: {shown}")
        settled.update(path)
    orphans = [identifier for identifier in unattached if identifier not in in_cycle]
    if orphans:
        noun = "item is" if len(orphans) == 1 else "items are"
        problems.append(
            f"CFItems: {len(orphans):,} {noun} not attached to the document by isChildOf: {_some(orphans)}"
        )
    return problems


def _scale_from_rubrics(rubrics: list) -> dict:
    if not rubrics:
        raise CaseImportError(
            "the package has no CFRubrics: Praxis needs a rubric to use as the rating scale"
        )
    rubric = rubrics[0]
    criteria = rubric.get("CFRubricCriteria") or []
    if not criteria or not criteria[0].get("CFRubricCriterionLevels"):
        raise CaseImportError("the first CFRubric has no criterion levels to use as the rating scale")
    levels_raw = sorted(criteria[0]["CFRubricCriterionLevels"], key=lambda level: level.get("position", 0))
    levels, not_applicable = [], None
    for raw in levels_raw:
        label = raw.get("quality") or raw.get("description") or "Level"
        if raw.get("score") is None:
            not_applicable = {
                "id": "not-applicable",
                "label": label,
                "description": raw.get("description", label),
            }
            continue
        level = {
            "id": slugify(label),
            "value": int(raw["score"]),
            "label": label,
            "description": raw.get("description", label),
        }
        if raw.get("feedback") == PROFICIENT:
            level["proficient"] = True
        levels.append(level)
    if not_applicable is None:
        not_applicable = {
            "id": "not-applicable",
            "label": "Not applicable to my role",
            "description": "This is not part of what my role asks of me.",
        }
    title = rubric.get("title") or "Rating scale"
    scale = {"id": slugify(title), "name": title, "levels": levels, "not_applicable": not_applicable}
    if rubric.get("description"):
        scale["description"] = rubric["description"]
    return scale
