"""Turn a framework back into plain data in Praxis's own file format (and so into JSON/YAML).

``parse_framework(framework_to_data(f)) == f`` for every framework: the plain-JSON export and
the CASE importer both rely on it.
"""

from __future__ import annotations

import json

import yaml

from .loader import FORMAT
from .model import Competency, Framework, KeyActivity


def _drop_empty(mapping: dict, keep: tuple[str, ...] = ()) -> dict:
    return {k: v for k, v in mapping.items() if k in keep or v not in ("", (), [], None)}


def _key_activity(activity: KeyActivity) -> dict:
    return _drop_empty(
        {
            "id": activity.id,
            "text": activity.text,
            "children": [_key_activity(c) for c in activity.children],
        }
    )


def _competency(c: Competency) -> dict:
    return _drop_empty(
        {
            "id": c.id,
            "name": c.name,
            "source": c.source,
            "summary": c.summary,
            "observer_description": (
                {"text": c.observer_description, "source": c.observer_source}
                if c.observer_description
                else None
            ),
            "overview": list(c.overview),
            "key_activities": [_key_activity(a) for a in c.key_activities],
            "hint": c.hint,
            "sublists": [
                _drop_empty(
                    {
                        "id": s.id,
                        "title": s.title,
                        "elaborates": s.elaborates,
                        "items": [_drop_empty({"id": i.id, "name": i.name, "text": i.text}) for i in s.items],
                    }
                )
                for s in c.sublists
            ],
            "principles": list(c.principles),
            "prompts": list(c.prompts),
        },
        keep=("overview",),
    )


def framework_to_data(f: Framework) -> dict:
    scale = f.scale
    data = {
        "format": FORMAT,
        "id": f.id,
        "version": f.version,
        "last_changed": f.last_changed,
        "title": f.title,
        "short_title": f.short_title,
        "language": f.language,
        "description": f.description,
        "source": _drop_empty(
            {
                "title": f.source.title,
                "authors": f.source.authors,
                "publisher": f.source.publisher,
                "year": f.source.year,
                "url": f.source.url,
                "note": f.source.note,
            }
        ),
        "scale": _drop_empty(
            {
                "id": scale.id,
                "name": scale.name,
                "description": scale.description,
                "levels": [
                    {
                        "id": level.id,
                        "value": level.value,
                        "label": level.label,
                        "description": level.description,
                        "proficient": level.proficient,
                    }
                    for level in scale.levels
                ],
                "not_applicable": {
                    "id": scale.not_applicable.id,
                    "label": scale.not_applicable.label,
                    "description": scale.not_applicable.description,
                },
            }
        ),
        "role_titles": {"titles": list(f.role_titles), "source": f.role_titles_source}
        if f.role_titles
        else None,
        "definitions": [
            {"id": d.id, "name": d.name, "text": d.text, "source": d.source} for d in f.definitions
        ],
        "principles": [
            _drop_empty(
                {
                    "id": p.id,
                    "name": p.name,
                    "source": p.source,
                    "summary": p.summary,
                    "description": p.description,
                    "in_practice": list(p.in_practice),
                }
            )
            for p in f.principles
        ],
        "context_levels": [
            _drop_empty(
                {
                    "id": c.id,
                    "name": c.name,
                    "description": c.description,
                    "examples": list(c.examples),
                    "source": c.source,
                }
            )
            for c in f.context_levels
        ],
        "domains": [
            _drop_empty(
                {
                    "id": d.id,
                    "name": d.name,
                    "source": d.source,
                    "description": d.description,
                    "competencies": [_competency(c) for c in d.competencies],
                }
            )
            for d in f.domains
        ],
        "dilemmas": [
            _drop_empty(
                {
                    "id": d.id,
                    "title": d.title,
                    "description": d.description,
                    "prompts": list(d.prompts),
                    "source": d.source,
                }
            )
            for d in f.dilemmas
        ],
        "dilemmas_guidance": f.dilemmas_guidance,
        "reflective_questions": [
            _drop_empty(
                {
                    "id": q.id,
                    "number": q.number,
                    "text": q.text,
                    "sub_questions": [{"id": s.id, "text": s.text} for s in q.sub_questions],
                    "source": q.source,
                }
            )
            for q in f.reflective_questions
        ],
        "resource_categories": [{"id": c.id, "name": c.name} for c in f.resource_categories],
        "resources": [
            _drop_empty(
                {
                    "id": r.id,
                    "title": r.title,
                    "url": r.url,
                    "category": r.category,
                    "description": r.description,
                    "source": r.source,
                }
            )
            for r in f.resources
        ],
        "retired_ids": list(f.retired_ids),
    }
    return _drop_empty(data)


def to_json(f: Framework) -> str:
    return json.dumps(framework_to_data(f), indent=2, ensure_ascii=False) + "\n"


def to_yaml(f: Framework) -> str:
    return yaml.safe_dump(
        framework_to_data(f), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
