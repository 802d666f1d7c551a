"""Load a framework file (YAML or JSON) into typed objects, or say precisely what is wrong.

Every problem names the file, the path inside it (list entries are named by their id where
they have one) and what is wrong. All problems are collected before raising, so one run of
``praxis framework validate`` shows everything that needs fixing.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .limits import MAX_BYTES, MAX_DEPTH, MAX_VALUES
from .model import (
    Competency,
    ContextLevel,
    Definition,
    Dilemma,
    Domain,
    Framework,
    KeyActivity,
    NotApplicable,
    Principle,
    ReflectiveQuestion,
    Resource,
    ResourceCategory,
    Scale,
    ScaleLevel,
    SourceDocument,
    SubList,
    SubListItem,
    SubQuestion,
)

FORMAT = "praxis-framework/1"
DATA_DIR = Path(__file__).parent / "data"
BUNDLED_FRAMEWORK = DATA_DIR / "isp-competencies.yaml"
SCHEMA_FILE = DATA_DIR / "framework.schema.json"


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


class FrameworkError(Exception):
    """A framework file could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


# -- reading ------------------------------------------------------------------------------


_TOO_DEEP = f"is nested more than {MAX_DEPTH} levels deep"
_TOO_MANY = f"has more than {MAX_VALUES:,} values (mappings, lists and scalars)"


class _Refused(yaml.MarkedYAMLError):
    """YAML that parses but that a framework file may not use (aliases, deep nesting)."""


if yaml.__with_libyaml__:  # libyaml's parser and composer: fast
    _Parser, _Loader = yaml.cyaml.CParser, yaml.CSafeLoader
else:  # pragma: no cover - the pure-Python ones where libyaml is missing
    _Parser, _Loader = yaml.SafeLoader, yaml.SafeLoader  # the loader reads its own events

_NODE_EVENTS = ScalarEvent | SequenceStartEvent | MappingStartEvent
_CLOSING_EVENTS = SequenceEndEvent | MappingEndEvent
_NO_ALIASES = "YAML anchors and aliases are not allowed"


def _refuse_unbounded_yaml(text: str) -> None:
    """Refuse anchors and aliases, and more values or deeper nesting than the limits allow,
    from the parser's events alone, before any node is built.

    Aliases are how a few hundred bytes expand to gigabytes ("billion laughs"); a framework file
    has no need of them. The events come from libyaml at C speed, so a file is refused as soon as
    it crosses a limit, for about a fifth of what composing it that far would cost, and before it
    exhausts the stack or the memory.
    """
    parser = _Parser(text)
    depth = values = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, _CLOSING_EVENTS):
                depth -= 1
            elif isinstance(event, AliasEvent):
                raise _refused(f"uses the alias *{event.anchor}: {_NO_ALIASES}", event)
            elif isinstance(event, _NODE_EVENTS):  # the rest are stream and document events
                if event.anchor is not None:
                    raise _refused(f"defines the anchor &{event.anchor}: {_NO_ALIASES}", event)
                values += 1
                if values > MAX_VALUES:
                    raise _refused(_TOO_MANY, event)
                if not isinstance(event, ScalarEvent):
                    if depth >= MAX_DEPTH:
                        raise _refused(_TOO_DEEP, event)
                    depth += 1
    finally:
        parser.dispose()


def _refused(problem: str, event) -> _Refused:
    return _Refused(problem=problem, problem_mark=event.start_mark)


def _read_bounded(path: Path, name: str, max_bytes: int) -> str:
    """The file's text, refusing it before parsing if it is larger than ``max_bytes``."""
    too_big = f"more than the limit of {max_bytes:,} bytes"
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                raise FrameworkError([Problem(name, "", f"is {size:,} bytes, {too_big}")])
            raw = stream.read(max_bytes + 1)  # a file still growing, or not a regular file
        if len(raw) > max_bytes:
            raise FrameworkError([Problem(name, "", f"has {too_big}")])
        return raw.decode("utf-8")
    except FileNotFoundError:
        raise FrameworkError([Problem(name, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError([Problem(name, "", f"cannot be read ({exc})")]) from None


def _entries(node: dict | list):
    return iter(node.items()) if isinstance(node, dict) else enumerate(node)


def _shape_problem(data: Any) -> tuple[list, str] | None:
    """(path, message) for the first value too deep or too many, if any.

    A loop over a stack of iterators: memory grows with the depth only, and no value can
    exhaust Python's recursion limit.
    """
    if not isinstance(data, dict | list):
        return None
    count = 1
    stack = [_entries(data)]
    path: list = []
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            if path:
                path.pop()
            continue
        key, value = entry
        count += 1
        if count > MAX_VALUES:
            return path + [key], _TOO_MANY
        if isinstance(value, dict | list):
            if len(stack) >= MAX_DEPTH:
                return path + [key], _TOO_DEEP
            path.append(key)
            stack.append(_entries(value))
    return None


def _parse_json(text: str, name: str) -> Any:
    # json.loads builds every value at once and nests by recursion, so first an upper bound
    # on the number of values, counted at C speed: commas and opening brackets (those inside
    # strings too, hence the margin).
    if sum(text.count(c) for c in ",[{") > 2 * MAX_VALUES:
        raise FrameworkError([Problem(name, "", _TOO_MANY)])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FrameworkError([Problem(name, f"line {exc.lineno}", f"is not valid JSON: {exc.msg}")]) from None
    except ValueError as exc:  # e.g. an integer too long to convert
        raise FrameworkError([Problem(name, "", f"is not valid JSON: {exc}")]) from None
    except RecursionError:  # far deeper than MAX_DEPTH
        raise FrameworkError([Problem(name, "", _TOO_DEEP)]) from None
    found = _shape_problem(data)
    if found:
        parts, message = found
        shown = _format_path(data, parts[:4]) + ("…" if len(parts) > 4 else "")
        raise FrameworkError([Problem(name, shown if message == _TOO_DEEP else "", message)])
    return data


def _parse_yaml(text: str, name: str) -> Any:
    loader = None
    try:
        _refuse_unbounded_yaml(text)
        loader = _Loader(text)
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc)
        message = what if isinstance(exc, _Refused) else f"is not valid YAML: {what}"
        raise FrameworkError([Problem(name, where, message)]) from None
    except ValueError as exc:  # a value YAML's types cannot hold, e.g. the date 2024-13-45
        raise FrameworkError([Problem(name, "", f"is not valid YAML: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()


def read_data(path: str | Path, max_bytes: int = MAX_BYTES, *, as_json: bool | None = None) -> dict[str, Any]:
    """Parse a YAML or JSON file into plain data (no validation beyond syntax and bounds).

    The file is refused unread if larger than ``max_bytes``; YAML anchors and aliases, and
    nesting deeper than MAX_DEPTH, are refused while parsing. JSON is read when ``as_json``
    says so or, by default, when the file name ends in ``.json``.
    """
    path = Path(path)
    name = str(path)
    text = _read_bounded(path, name, max_bytes)
    if as_json is None:
        as_json = path.suffix.lower() == ".json"
    data = _parse_json(text, name) if as_json else _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise FrameworkError([Problem(name, "", "must contain a mapping at the top level")])
    return data


def load_framework(path: str | Path, max_bytes: int = MAX_BYTES) -> Framework:
    """Read, validate and build a framework from a file."""
    return parse_framework(read_data(path, max_bytes), str(path))


@cache
def bundled_framework() -> Framework:
    """The ISP framework shipped with Praxis, loaded once per process."""
    return load_framework(BUNDLED_FRAMEWORK)


# -- validation -----------------------------------------------------------------------------


def _format_path(data: Any, parts) -> str:
    """`domains[co-creation-and-engagement].competencies[brokering].key_activities`."""
    out = ""
    node = data
    for part in parts:
        if isinstance(part, int):
            label = str(part)
            if isinstance(node, list) and part < len(node):
                element = node[part]
                if isinstance(element, dict) and isinstance(element.get("id"), str):
                    label = element["id"]
                node = element
            out += f"[{label}]"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return f"missing {', '.join(repr(k) for k in missing)}"
    if error.validator == "minItems":
        return (
            "must not be empty"
            if error.validator_value == 1
            else (f"needs at least {error.validator_value} entries")
        )
    if error.validator == "minLength":
        return "must not be blank"
    if error.validator == "additionalProperties":
        return f"has an unknown field ({error.message.split('(')[-1].rstrip(')')})"
    if error.validator == "pattern" and error.path and error.path[-1] in ("id", "category", "elaborates"):
        return (
            f"{error.instance!r} is not a valid id "
            "(lower-case letters, digits and hyphens, parts joined by dots)"
        )
    if error.validator == "const":
        return f"must be {error.validator_value!r}"
    return error.message


def _structure_problems(data: dict, name: str) -> list[Problem]:
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    # dict, not set: one line per problem (a 'required' error comes once per missing key), in order
    return list(dict.fromkeys(Problem(name, _format_path(data, e.path), _schema_message(e)) for e in errors))


def _iter_ids(data: dict):
    """(id, path) for every item in the data, in document order."""

    def walk(node, path):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and path:
                yield node["id"], path
            for key, value in node.items():
                if key != "source":
                    yield from walk(value, path + [key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, path + [index])

    for key, value in data.items():
        if key not in ("id", "source", "retired_ids"):
            yield from walk(value, [key])


def _semantic_problems(data: dict, name: str) -> list[Problem]:
    problems: list[Problem] = []

    def problem(parts, message):
        problems.append(Problem(name, _format_path(data, parts), message))

    seen: dict[str, list] = defaultdict(list)
    for item_id, parts in _iter_ids(data):
        seen[item_id].append(parts)
    for item_id, places in seen.items():
        for parts in places[1:]:
            problem(
                parts + ["id"], f"duplicate id {item_id!r} (first used at {_format_path(data, places[0])})"
            )

    for item_id in data.get("retired_ids", []):
        for parts in seen.get(item_id, []):
            problem(parts + ["id"], f"id {item_id!r} is retired and may not be used again")

    scale = data["scale"]
    levels = scale["levels"]
    values = [level["value"] for level in levels]
    if values != sorted(set(values)):
        problem(["scale", "levels"], "level values must rise strictly from first to last")
    if not any(level.get("proficient") for level in levels):
        problem(
            ["scale", "levels"], "no level is marked proficient: mark at least one with 'proficient: true'"
        )
    flags = [bool(level.get("proficient")) for level in levels]
    if any(flags) and flags != sorted(flags):
        problem(["scale", "levels"], "proficient levels must be the highest ones, with no gap")

    principle_ids = {p["id"] for p in data["principles"]}
    for d_index, domain in enumerate(data["domains"]):
        for c_index, competency in enumerate(domain["competencies"]):
            here = ["domains", d_index, "competencies", c_index]
            for p_index, principle_id in enumerate(competency.get("principles", [])):
                if principle_id not in principle_ids:
                    problem(here + ["principles", p_index], f"unknown principle {principle_id!r}")
            activity_ids = set()
            stack = list(competency["key_activities"])
            while stack:
                activity = stack.pop()
                activity_ids.add(activity["id"])
                stack.extend(activity.get("children", []))
            for s_index, sublist in enumerate(competency.get("sublists", [])):
                target = sublist.get("elaborates")
                if target and target not in activity_ids:
                    problem(
                        here + ["sublists", s_index, "elaborates"],
                        f"{target!r} is not a key activity of {competency['id']!r}",
                    )

    category_ids = {c["id"] for c in data.get("resource_categories", [])}
    for r_index, resource in enumerate(data.get("resources", [])):
        if resource["category"] not in category_ids:
            problem(["resources", r_index, "category"], f"unknown resource category {resource['category']!r}")

    numbers = [q["number"] for q in data.get("reflective_questions", [])]
    if numbers != list(range(1, len(numbers) + 1)):
        problem(["reflective_questions"], "questions must be numbered 1, 2, 3 … in order")
    return problems


def validate_data(data: dict, name: str = "<framework>") -> list[Problem]:
    """Every problem with the data; an empty list means it loads."""
    problems = _structure_problems(data, name)
    if problems:
        return problems  # the semantic checks assume a sound structure
    return _semantic_problems(data, name)


# -- building ---------------------------------------------------------------------------------


def _key_activity(raw: dict) -> KeyActivity:
    return KeyActivity(
        id=raw["id"],
        text=raw["text"].strip(),
        children=tuple(_key_activity(c) for c in raw.get("children", [])),
    )


def _competency(raw: dict, domain_id: str) -> Competency:
    return Competency(
        id=raw["id"],
        name=raw["name"],
        summary=raw.get("summary", "").strip(),
        overview=tuple(s.strip() for s in raw["overview"]),
        key_activities=tuple(_key_activity(a) for a in raw["key_activities"]),
        hint=raw.get("hint", "").strip(),
        sublists=tuple(
            SubList(
                id=s["id"],
                title=s["title"],
                elaborates=s.get("elaborates", ""),
                items=tuple(
                    SubListItem(id=i["id"], name=i.get("name", ""), text=i["text"].strip())
                    for i in s["items"]
                ),
            )
            for s in raw.get("sublists", [])
        ),
        principles=tuple(raw.get("principles", [])),
        prompts=tuple(p.strip() for p in raw.get("prompts", [])),
        source=raw["source"],
        domain_id=domain_id,
        observer_description=raw.get("observer_description", {}).get("text", "").strip(),
        observer_source=raw.get("observer_description", {}).get("source", "").strip(),
    )


def parse_framework(data: dict, name: str = "<framework>") -> Framework:
    """Validate plain data and build the framework; FrameworkError lists every problem."""
    problems = validate_data(data, name)
    if problems:
        raise FrameworkError(problems)
    scale = data["scale"]
    source = data["source"]
    roles = data.get("role_titles", {"titles": [], "source": ""})
    return Framework(
        id=data["id"],
        version=str(data["version"]),
        last_changed=data.get("last_changed", "1970-01-01T00:00:00+00:00"),
        title=data["title"],
        short_title=data.get("short_title", data["title"]),
        language=data["language"],
        description=data.get("description", "").strip(),
        source=SourceDocument(
            title=source["title"],
            authors=source.get("authors", ""),
            publisher=source.get("publisher", ""),
            year=str(source.get("year", "")),
            url=source.get("url", ""),
            note=source.get("note", "").strip(),
        ),
        scale=Scale(
            id=scale["id"],
            name=scale["name"],
            description=scale.get("description", "").strip(),
            levels=tuple(
                ScaleLevel(
                    id=level["id"],
                    value=level["value"],
                    label=level["label"],
                    description=level["description"].strip(),
                    proficient=bool(level.get("proficient", False)),
                )
                for level in scale["levels"]
            ),
            not_applicable=NotApplicable(
                id=scale["not_applicable"]["id"],
                label=scale["not_applicable"]["label"],
                description=scale["not_applicable"]["description"].strip(),
            ),
        ),
        role_titles=tuple(roles["titles"]),
        role_titles_source=roles["source"],
        definitions=tuple(
            Definition(id=d["id"], name=d["name"], text=d["text"].strip(), source=d["source"])
            for d in data.get("definitions", [])
        ),
        principles=tuple(
            Principle(
                id=p["id"],
                name=p["name"],
                summary=p.get("summary", "").strip(),
                description=p["description"].strip(),
                in_practice=tuple(s.strip() for s in p.get("in_practice", [])),
                source=p["source"],
            )
            for p in data["principles"]
        ),
        context_levels=tuple(
            ContextLevel(
                id=c["id"],
                name=c["name"],
                description=c["description"].strip(),
                examples=tuple(s.strip() for s in c.get("examples", [])),
                source=c["source"],
            )
            for c in data.get("context_levels", [])
        ),
        domains=tuple(
            Domain(
                id=d["id"],
                name=d["name"],
                description=d.get("description", "").strip(),
                competencies=tuple(_competency(c, d["id"]) for c in d["competencies"]),
                source=d["source"],
            )
            for d in data["domains"]
        ),
        dilemmas=tuple(
            Dilemma(
                id=d["id"],
                title=d["title"],
                description=d["description"].strip(),
                prompts=tuple(s.strip() for s in d.get("prompts", [])),
                source=d["source"],
            )
            for d in data.get("dilemmas", [])
        ),
        dilemmas_guidance=data.get("dilemmas_guidance", "").strip(),
        reflective_questions=tuple(
            ReflectiveQuestion(
                id=q["id"],
                number=q["number"],
                text=q["text"].strip(),
                sub_questions=tuple(
                    SubQuestion(id=s["id"], text=s["text"].strip()) for s in q.get("sub_questions", [])
                ),
                source=q["source"],
            )
            for q in data.get("reflective_questions", [])
        ),
        resource_categories=tuple(
            ResourceCategory(id=c["id"], name=c["name"]) for c in data.get("resource_categories", [])
        ),
        resources=tuple(
            Resource(
                id=r["id"],
                title=r["title"],
                url=r["url"],
                category=r["category"],
                description=r.get("description", "").strip(),
                source=r["source"],
            )
            for r in data.get("resources", [])
        ),
        retired_ids=tuple(data.get("retired_ids", [])),
    )
